"""The Commissioner's diary: everything a person attends, from every part of Engage, in one list.

Partner meetings and forums they attend (or lead, or whose attendance names their post), forum
visits planned by the adopted rota, activities they lead or attend, and surgeries they hold.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engage.accounts.models import Membership, Post, User
from engage.core.bilingual import bilingual, welsh_active
from engage.core.models import Office
from engage.engagements.models import Activity, Concern, SurgerySession
from engage.engagements.queries.concerns import area_and_descendants
from engage.engagements.queries.surgeries import free_slot_counts
from engage.meetings.models import Occurrence, OccurrenceStatus, RotaAssignment, RotaStatus
from engage.meetings.queries import occurrences_for
from engage.places.models import Area

KINDS = {
    "meeting": _("Partner meeting"),
    "forum": _("Community forum (rota)"),
    "activity": _("Engagement"),
    "surgery": _("Surgery"),
}


@dataclass
class DiaryEntry:
    kind: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    location: str
    url: str
    cancelled: bool = False
    provisional: bool = False
    uid: str = ""
    description: str = ""
    updated_at: dt.datetime | None = None

    @property
    def kind_label(self) -> str:
        return str(KINDS[self.kind])


def diary_for(
    person: User, office: Office, start: dt.datetime, end: dt.datetime
) -> list[DiaryEntry]:
    """Everything in `person`'s diary between `start` and `end`, in time order."""
    entries: list[DiaryEntry] = []
    seen: set[int] = set()
    for o in occurrences_for(office, start=start, end=end, person=person).select_related(
        "series__lead_officer"
    ):
        seen.add(o.pk)
        entries.append(_meeting_entry(o))
    planned = RotaAssignment.objects.filter(
        office=office,
        person=person,
        plan__status=RotaStatus.ADOPTED,
        occurrence__starts_at__gte=start,
        occurrence__starts_at__lt=end,
    ).select_related("occurrence__series", "occurrence__area")
    for assignment in planned:
        o = assignment.occurrence
        if o.pk in seen:
            continue
        seen.add(o.pk)
        entry = _meeting_entry(o)
        entry.description = str(_("Planned by the rota.")) + "\n" + entry.description
        entries.append(entry)
    activities = (
        Activity.objects.for_office(office)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .filter(Q(lead=person) | Q(opcc_attendees=person))
        .distinct()
    )
    for a in activities:
        entries.append(
            DiaryEntry(
                "activity",
                a.title,
                a.starts_at,
                a.ends_at,
                a.location,
                a.get_absolute_url(),
                uid=f"engage-activity-{a.pk}",
                description=a.get_type_display(),
                updated_at=a.updated_at,
            )
        )
    for s in SurgerySession.objects.for_office(office).filter(
        held_by=person, starts_at__gte=start, starts_at__lt=end
    ):
        entries.append(
            DiaryEntry(
                "surgery",
                str(_("Surgery: %(place)s") % {"place": s.location}),
                s.starts_at,
                s.ends_at,
                s.location,
                reverse("engagements:surgery", args=[s.pk]),
                uid=f"engage-surgery-{s.pk}",
                updated_at=s.updated_at,
            )
        )
    return sorted(entries, key=lambda e: (e.starts_at, e.title))


def _meeting_entry(o: Occurrence) -> DiaryEntry:
    series = o.series
    lines = [f"{series.get_category_display()} – {series.frequency_display}"]
    if series.chair:
        lines.append(f"Chair / lead: {series.chair}")
    if series.attending_posts:
        lines.append("OPCC attendance: " + ", ".join(series.get_attending_posts_display()))
    if series.lead_officer_id or series.lead_officer_text:
        lines.append(f"OPCC lead officer: {series.lead_officer or series.lead_officer_text}")
    if series.notes:
        lines.append(series.notes)
    return DiaryEntry(
        "forum" if series.per_forum_area else "meeting",
        o.title,
        o.starts_at,
        o.ends_at,
        o.location,
        o.get_absolute_url(),
        o.status == OccurrenceStatus.CANCELLED,
        o.provisional,
        f"engage-meeting-{o.pk}",
        "\n".join(lines),
        o.updated_at,
    )


def office_diary(office: Office, start: dt.datetime, end: dt.datetime) -> list[DiaryEntry]:
    """Every meeting of the office's schedule between `start` and `end`."""
    meetings = occurrences_for(office, start=start, end=end).select_related("series__lead_officer")
    return [_meeting_entry(o) for o in meetings]


def diary_people(office: Office) -> list[User]:
    """Whose diaries the office keeps: the Commissioner first, then the Deputy."""
    memberships = Membership.objects.filter(
        office=office, is_active=True, post__in=["pcc", "dpcc"]
    ).select_related("user")
    return [m.user for m in sorted(memberships, key=lambda m: (m.post != "pcc", m.user.pk))]


def this_month(today: dt.date | None = None) -> tuple[dt.datetime, dt.datetime]:
    today = today or timezone.localdate()
    first = today.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    tz = timezone.get_current_timezone()
    return dt.datetime.combine(first, dt.time.min, tzinfo=tz), dt.datetime.combine(
        nxt, dt.time.min, tzinfo=tz
    )


# -- the Commissioner's public diary -----------------------------------------------------------

PUBLIC_KINDS = {
    "activity": _("Engagement"),
    "forum": _("Community forum"),
    "surgery": _("Public surgery"),
}


@dataclass
class PublicEntry:
    """One public engagement of the Commissioner or the Deputy, with nothing private in it."""

    kind: str
    uid: str
    title: str
    title_english: bool  # Welsh is active and the title has no Welsh
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    location: str
    area: Area | None
    people: list[str]  # "Helen Carter, Police and Crime Commissioner"
    cancelled: bool = False
    summary: str = ""
    summary_english: bool = False
    attendance: int | None = None
    heard: list[tuple[str, int]] = field(default_factory=list)  # (theme, how many raised it)
    free_slots: int = 0
    updated_at: dt.datetime | None = None
    # Worked out once, when the diary is read: over (it has ended, or started if it has no end),
    # and the start as the page shows it ("4 June 2026, 6pm") and as its <time> element does.
    is_past: bool = False
    when: str = ""
    when_iso: str = ""

    @property
    def kind_label(self) -> str:
        return str(PUBLIC_KINDS[self.kind])

    @property
    def people_text(self) -> str:
        return "; ".join(self.people)

    @property
    def shows_free_slots(self) -> bool:
        """A surgery still to come: how many slots are free to book."""
        return self.kind == "surgery" and not self.is_past and not self.cancelled

    @property
    def shows_heard(self) -> bool:
        """Over and not called off: how many came, the summary and what people raised."""
        return self.is_past and not self.cancelled


_ACTIVITY_FIELDS = [
    "title",
    "title_cy",
    "starts_at",
    "ends_at",
    "location",
    "area",
    "lead",
    "public_summary",
    "public_summary_cy",
    "people_reached",
    "updated_at",
]


def public_diary(
    office: Office, *, start: dt.datetime, end: dt.datetime, area: Area | None = None
) -> list[PublicEntry]:
    """The Commissioner's and the Deputy's public engagements between `start` and `end`, in time
    order: activities staff chose to show, the community forums the adopted rota sends them to,
    and their public surgeries. With `area`, only those in it or in an area inside it.

    Past entries carry what was heard: the summary staff wrote for the public and the themes of
    the concerns raised there, counted (never what anyone said, never who said it). Surgeries
    carry nothing of their cases. A fixed number of queries whatever the number of entries.
    """
    people = {m.user_id: m for m in _public_people(office)}
    if not people:
        return []
    names = _Names(people)
    welsh = welsh_active()
    areas = set(area_and_descendants(area)) if area is not None else None
    entries: list[PublicEntry] = []
    shown = (
        Activity.objects.for_office(office)
        .filter(in_public_diary=True, starts_at__gte=start, starts_at__lt=end)
        .filter(Q(lead_id__in=people) | Q(opcc_attendees__in=people))
        .select_related("area")
        # What the diary shows, no more: the notes and objectives are long, and private.
        .only(*_ACTIVITY_FIELDS)
        .distinct()
    )
    if areas is not None:
        shown = shown.filter(area_id__in=areas)
    activities = list(shown)
    attending = _attending(activities, people)
    for a in activities:
        who = ({a.lead_id} & people.keys()) | attending.get(a.pk, set())
        entries.append(
            PublicEntry(
                kind="activity",
                uid=f"engage-public-activity-{a.pk}",
                title=bilingual(a, "title"),
                title_english=welsh and not a.title_cy,
                starts_at=a.starts_at,
                ends_at=a.ends_at,
                location=a.location,
                area=a.area,
                people=names(who),
                summary=bilingual(a, "public_summary"),
                summary_english=welsh and bool(a.public_summary) and not a.public_summary_cy,
                attendance=a.people_reached,
                updated_at=a.updated_at,
            )
        )
    visits = (
        RotaAssignment.objects.filter(
            office=office,
            person_id__in=people,
            plan__status=RotaStatus.ADOPTED,
            occurrence__starts_at__gte=start,
            occurrence__starts_at__lt=end,
        )
        .select_related("occurrence__area", "occurrence__forum_report")
        .order_by("occurrence__starts_at")
    )
    if areas is not None:
        visits = visits.filter(occurrence__area_id__in=areas)
    forums: dict[int, PublicEntry] = {}
    going: dict[int, set[int]] = {}
    for visit in visits:
        o = visit.occurrence
        if o.pk in forums:
            going[o.pk].add(visit.person_id)
            forums[o.pk].people = names(going[o.pk])
            continue
        going[o.pk] = {visit.person_id}
        report = getattr(o, "forum_report", None)
        forums[o.pk] = PublicEntry(
            kind="forum",
            uid=f"engage-public-forum-{o.pk}",
            title=str(_("%(area)s community forum") % {"area": o.area.name if o.area else ""}),
            title_english=False,
            starts_at=o.starts_at,
            ends_at=o.ends_at,
            location=o.location,
            area=o.area,
            people=names({visit.person_id}),
            cancelled=o.status == OccurrenceStatus.CANCELLED,
            attendance=report.attendance if report else None,
            updated_at=o.updated_at,
        )
    entries.extend(forums.values())
    held = SurgerySession.objects.for_office(office).filter(
        held_by_id__in=people, starts_at__gte=start, starts_at__lt=end
    )
    if areas is not None:
        held = held.filter(area_id__in=areas)
    sessions = list(held.select_related("area"))
    free = free_slot_counts([s.pk for s in sessions])
    for s in sessions:
        entries.append(
            PublicEntry(
                kind="surgery",
                uid=f"engage-public-surgery-{s.pk}",
                title=str(_("Public surgery: %(place)s") % {"place": s.location}),
                title_english=False,
                starts_at=s.starts_at,
                ends_at=s.ends_at,
                location=s.location,
                area=s.area,
                people=names({s.held_by_id}),
                free_slots=free.get(s.pk, 0),
                updated_at=s.updated_at,
            )
        )
    _when(entries)
    _add_heard(entries, activities=[a.pk for a in activities], forums=list(forums))
    return sorted(entries, key=lambda e: (e.starts_at, e.title))


def _public_people(office: Office) -> list[Membership]:
    """The Commissioner and the Deputy: the people whose engagements are public."""
    return list(
        Membership.objects.filter(
            office=office, is_active=True, post__in=[Post.PCC, Post.DPCC]
        ).select_related("user")
    )


def _attending(activities: list[Activity], people: dict[int, Membership]) -> dict[int, set[int]]:
    """Which of `people` attend each activity, by activity: one query of the attendance table.

    Not prefetch_related: it builds a queryset per activity, which was most of this function's
    time on the public diary (see bench/bench_public_pages.py).
    """
    rows = Activity.opcc_attendees.through.objects.filter(
        activity_id__in=[a.pk for a in activities], user_id__in=people
    ).values_list("activity_id", "user_id")
    attending: dict[int, set[int]] = {}
    for activity_id, user_id in rows:
        attending.setdefault(activity_id, set()).add(user_id)
    return attending


class _Names:
    """ "Helen Carter, Police and Crime Commissioner", the Commissioner first: each person's name
    and title worked out once for the whole diary, not once an entry."""

    def __init__(self, people: dict[int, Membership]) -> None:
        titles = {Post.PCC: _("Police and Crime Commissioner"), Post.DPCC: _("Deputy Commissioner")}
        self.order = {i: m.post != Post.PCC for i, m in people.items()}
        self.names = {
            i: f"{m.user.get_full_name() or m.user.email}, {titles[Post(m.post)]}"
            for i, m in people.items()
        }

    def __call__(self, ids: set[int] | set[int | None]) -> list[str]:
        chosen = sorted((i for i in ids if i in self.names), key=lambda i: self.order[i])  # type: ignore[index]
        return [self.names[i] for i in chosen]  # type: ignore[index]


def _when(entries: list[PublicEntry]) -> None:
    """Whether each entry is over, and its start as the page shows it, in one pass."""
    from engage.core.templatetags.engage import ukdate, uktime

    now = timezone.now()
    for entry in entries:
        entry.is_past = (entry.ends_at or entry.starts_at) < now
        # As the template filters had it: ukdate of the time as stored, uktime in London time.
        entry.when = f"{ukdate(entry.starts_at)}, {uktime(entry.starts_at)}"
        entry.when_iso = timezone.localtime(entry.starts_at).isoformat()


def _add_heard(entries: list[PublicEntry], *, activities: list[int], forums: list[int]) -> None:
    """Count the themes of the concerns raised at each past activity and forum (one query)."""
    past = [e for e in entries if e.is_past and e.kind in ("activity", "forum")]
    if not past:
        return
    rows = (
        Concern.objects.filter(
            Q(activity_id__in=activities)
            | Q(occurrence_id__in=forums)
            | Q(forum_report__occurrence_id__in=forums)
        )
        .values("activity_id", "occurrence_id", "forum_report__occurrence_id", "theme__name")
        .annotate(n=Sum("people"))
    )
    heard: dict[str, dict[str, int]] = {}
    for row in rows:
        if row["activity_id"]:
            uid = f"engage-public-activity-{row['activity_id']}"
        else:
            occurrence = row["occurrence_id"] or row["forum_report__occurrence_id"]
            uid = f"engage-public-forum-{occurrence}"
        themes = heard.setdefault(uid, {})
        themes[row["theme__name"]] = themes.get(row["theme__name"], 0) + row["n"]
    for entry in past:
        themes = heard.get(entry.uid, {})
        entry.heard = sorted(themes.items(), key=lambda item: (-item[1], item[0]))

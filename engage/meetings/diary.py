"""The Commissioner's diary: everything a person attends, from every part of Engage, in one list.

Partner meetings and forums they attend (or lead, or whose attendance names their post), forum
visits planned by the adopted rota, activities they lead or attend, and surgeries they hold.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engage.accounts.models import Membership, User
from engage.core.models import Office
from engage.engagements.models import Activity, SurgerySession
from engage.meetings.models import Occurrence, OccurrenceStatus, RotaAssignment, RotaStatus
from engage.meetings.queries import occurrences_for

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

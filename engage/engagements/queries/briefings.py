"""One-page briefings before a meeting, an activity or a surgery: who, what was raised, what is open.

A briefing gathers, for the place and the partners involved: the organisations and their contacts,
recent interactions with them, concerns raised in the area in the past 12 months by theme, the
actions still open, and what happened last time (who attended, the notes, the ambassador's report).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engage.engagements.models import (
    LIVE_STATUSES,
    Activity,
    Concern,
    SurgeryBooking,
    SurgerySession,
)
from engage.engagements.queries.concerns import ThemeGroup, area_and_descendants, concerns_in_area
from engage.meetings.models import (
    Action,
    ActionStatus,
    Attendance,
    AttendanceStatus,
    ForumReport,
    Occurrence,
    OccurrenceStatus,
)
from engage.places.models import Area
from engage.stakeholders.models import Contact, Interaction, Organisation


@dataclass
class Briefing:
    kind: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    location: str
    area: Area | None
    back_url: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    interactions: list[Interaction] = field(default_factory=list)
    concern_groups: list[ThemeGroup] = field(default_factory=list)
    concerns_basis: str = ""
    open_actions: list[Action] = field(default_factory=list)
    last_time: Any = None
    last_attended: list[Attendance] = field(default_factory=list)
    last_report: ForumReport | None = None
    since: dt.date = field(default_factory=lambda: timezone.localdate() - relativedelta(months=12))

    @property
    def concern_count(self) -> int:
        return sum(len(g.concerns) for g in self.concern_groups)


def _organisations(queryset: Any) -> list[Organisation]:
    return list(
        queryset.select_related("relationship_owner").prefetch_related(
            Prefetch("contacts", queryset=Contact.objects.order_by("name"))
        )
    )


def _interactions(organisations: list[Organisation], limit: int = 6) -> list[Interaction]:
    if not organisations:
        return []
    return list(
        Interaction.objects.filter(organisation__in=organisations)
        .select_related("organisation", "contact")
        .prefetch_related("opcc_people")
        .order_by("-date", "-pk")[:limit]
    )


def _area_concerns(area: Area | None, since: dt.date) -> tuple[list[ThemeGroup], str]:
    if area is None:
        return [], ""
    return concerns_in_area(area, since), str(
        _("Raised in %(area)s and the areas within it since %(date)s")
        % {"area": area, "date": since.strftime("%d/%m/%Y")}
    )


def _grouped(concerns: Any) -> list[ThemeGroup]:
    groups: dict[int, ThemeGroup] = {}
    for concern in concerns.select_related("theme", "area").order_by("-raised_on", "-pk"):
        groups.setdefault(concern.theme_id, ThemeGroup(concern.theme)).concerns.append(concern)
    return sorted(groups.values(), key=lambda g: (-len(g.concerns), g.theme.name))


def _open_actions(condition: Q) -> list[Action]:
    return list(
        Action.objects.filter(condition, status=ActionStatus.OPEN)
        .select_related("owner", "occurrence__series", "occurrence__area", "concern")
        .order_by("due_on", "pk")[:20]
    )


def meeting_briefing(occurrence: Occurrence) -> Briefing:
    series = occurrence.series
    since = timezone.localdate() - relativedelta(months=12)
    previous = (
        Occurrence.objects.filter(
            series=series, area=occurrence.area, starts_at__lt=occurrence.starts_at
        )
        .exclude(status=OccurrenceStatus.CANCELLED)
        .order_by("-starts_at")
        .first()
    )
    briefing = Briefing(
        kind="meeting",
        title=occurrence.title,
        starts_at=occurrence.starts_at,
        ends_at=occurrence.ends_at,
        location=occurrence.location,
        area=occurrence.area,
        back_url=occurrence.get_absolute_url(),
        since=since,
        facts=[
            (str(_("Meeting")), f"{series.get_category_display()} – {series.frequency_display}"),
            (str(_("Chair / lead officer")), series.chair or "–"),
            (
                str(_("Expected from the OPCC")),
                ", ".join(series.get_attending_posts_display()) or "–",
            ),
            (
                str(_("OPCC lead officer")),
                str(series.lead_officer or series.lead_officer_text or "–"),
            ),
            (str(_("Notes")), series.notes or "–"),
        ],
        organisations=_organisations(series.stakeholders.all()),
        last_time=previous,
    )
    briefing.interactions = _interactions(briefing.organisations)
    if occurrence.area is not None:
        briefing.concern_groups, briefing.concerns_basis = _area_concerns(occurrence.area, since)
        areas = area_and_descendants(occurrence.area)
        briefing.open_actions = _open_actions(
            Q(occurrence__series=series, occurrence__area=occurrence.area)
            | Q(concern__area_id__in=areas)
        )
    else:
        briefing.concern_groups = _grouped(
            Concern.objects.filter(occurrence__series=series, raised_on__gte=since)
        )
        briefing.concerns_basis = str(
            _("Raised at meetings of this series since %(date)s")
            % {"date": since.strftime("%d/%m/%Y")}
        )
        briefing.open_actions = _open_actions(
            Q(occurrence__series=series) | Q(concern__occurrence__series=series)
        )
    if previous is not None:
        briefing.last_attended = list(
            previous.attendance.filter(status=AttendanceStatus.ATTENDED).select_related("person")
        )
        briefing.last_report = ForumReport.objects.filter(occurrence=previous).first()
    return briefing


def activity_briefing(activity: Activity) -> Briefing:
    since = timezone.localdate() - relativedelta(months=12)
    previous = None
    if activity.area_id:
        previous = (
            Activity.objects.filter(
                office_id=activity.office_id,
                area_id=activity.area_id,
                starts_at__lt=activity.starts_at,
            )
            .order_by("-starts_at")
            .first()
        )
    briefing = Briefing(
        kind="activity",
        title=activity.title,
        starts_at=activity.starts_at,
        ends_at=activity.ends_at,
        location=activity.location,
        area=activity.area,
        back_url=activity.get_absolute_url(),
        since=since,
        facts=[
            (str(_("Type")), f"{activity.get_type_display()} – {activity.get_channel_display()}"),
            (str(_("Lead")), str(activity.lead or "–")),
        ],
        organisations=_organisations(activity.stakeholders.all()),
        last_time=previous,
    )
    briefing.interactions = _interactions(briefing.organisations)
    briefing.concern_groups, briefing.concerns_basis = _area_concerns(activity.area, since)
    if activity.area is not None:
        briefing.open_actions = _open_actions(
            Q(concern__area_id__in=area_and_descendants(activity.area))
        )
    return briefing


def surgery_briefing(session: SurgerySession) -> Briefing:
    since = timezone.localdate() - relativedelta(months=12)
    booked = SurgeryBooking.objects.filter(slot__session=session, status__in=LIVE_STATUSES).count()
    briefing = Briefing(
        kind="surgery",
        title=str(_("Surgery: %(place)s") % {"place": session.location}),
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        location=session.location,
        area=session.area,
        back_url=session.get_absolute_url(),
        since=since,
        facts=[
            (str(_("Held by")), str(session.held_by)),
            (str(_("Slots booked")), f"{booked} / {session.slots.count()}"),
        ],
    )
    if session.area is not None:
        areas = area_and_descendants(session.area)
        briefing.organisations = _organisations(
            Organisation.objects.filter(office_id=session.office_id, area_id__in=areas)
        )[:10]
        briefing.interactions = _interactions(briefing.organisations)
        briefing.concern_groups, briefing.concerns_basis = _area_concerns(session.area, since)
        briefing.open_actions = _open_actions(
            Q(concern__area_id__in=areas) | Q(booking__slot__session__area_id__in=areas)
        )
    return briefing

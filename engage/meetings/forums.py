"""Community forums and their ambassadors: who covers which forum area, and the reports they file.

The community forums are the meetings of a series held in every forum area ("Community Forums
X 30"). Each forum area has at most one Community Safety Ambassador, who attends its meetings and
files a report afterwards: how many residents came, what they raised (each raised concern becomes
a Concern, placed in the forum's area), good practice and requests to the Commissioner.

Writes (atomic, audited through the models' history): assign_ambassador, assign_ambassadors,
file_forum_report, update_forum_report. Reads: forum_areas, ambassadors_of, my_forums,
overdue_reports, forum_reports, report_state.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engage.accounts.models import Membership, Role, User
from engage.core.models import Office
from engage.engagements.models import Concern, ConcernSource, ConcernTheme
from engage.engagements.services.concerns import ensure_default_themes, record_concern
from engage.meetings.models import (
    AmbassadorAssignment,
    ForumReport,
    Occurrence,
    OccurrenceStatus,
)
from engage.meetings.services import record_attendance
from engage.places.models import Area, AreaKind

# A forum report is due within this many days of the meeting; after that it is overdue and shows
# on the officer's list of overdue reports. (Ambassadors are volunteers: a week is the usual ask.)
REPORT_DUE_DAYS = 7
# The most concerns one report records; more can be added on the concerns pages.
MAX_CONCERNS = 5


class ForumReportError(ValueError):
    """A report that cannot be filed: the meeting is in the future, cancelled, or not a forum."""


class ReportState:
    """Where a forum meeting's report stands, as the ambassador and the officer see it."""

    FILED = "filed"
    DUE = "due"
    OVERDUE = "overdue"
    UPCOMING = "upcoming"
    CANCELLED = "cancelled"
    LABELS = {
        FILED: _("Report filed"),
        DUE: _("Report due"),
        OVERDUE: _("Report overdue"),
        UPCOMING: _("Not held yet"),
        CANCELLED: _("Cancelled"),
    }
    COLOURS = {FILED: "green", DUE: "yellow", OVERDUE: "red", UPCOMING: "blue", CANCELLED: "grey"}


def meeting_date(occurrence: Occurrence) -> dt.date:
    """The day the meeting was held, in England and Wales."""
    return timezone.localtime(occurrence.starts_at).date()


def report_due_on(occurrence: Occurrence) -> dt.date:
    return meeting_date(occurrence) + dt.timedelta(days=REPORT_DUE_DAYS)


def has_report(occurrence: Occurrence) -> bool:
    try:
        return occurrence.forum_report is not None
    except ForumReport.DoesNotExist:
        return False


def report_state(occurrence: Occurrence, *, today: dt.date | None = None) -> str:
    today = today or timezone.localdate()
    if has_report(occurrence):
        return ReportState.FILED
    if occurrence.status == OccurrenceStatus.CANCELLED:
        return ReportState.CANCELLED
    if not occurrence.is_past:
        return ReportState.UPCOMING
    return ReportState.OVERDUE if report_due_on(occurrence) < today else ReportState.DUE


@dataclass
class ForumMeeting:
    """A forum meeting with its report's state, for "My forums" and the overdue list."""

    occurrence: Occurrence
    state: str
    ambassador: User | None = None
    today: dt.date = field(default_factory=timezone.localdate)

    @property
    def label(self) -> str:
        return str(ReportState.LABELS[self.state])

    @property
    def colour(self) -> str:
        return ReportState.COLOURS[self.state]

    @property
    def held_on(self) -> dt.date:
        return meeting_date(self.occurrence)

    @property
    def due_on(self) -> dt.date:
        return report_due_on(self.occurrence)

    @property
    def days_overdue(self) -> int:
        return max(0, (self.today - self.due_on).days)


# Reads.


def forum_areas(office: Office) -> QuerySet[Area]:
    """The office's community forum areas, each with its district and assigned ambassador."""
    return (
        Area.objects.for_office(office)
        .forum_areas()
        .select_related("parent", "ambassador_assignment__ambassador")
        .order_by("name")
    )


def ambassadors_of(office: Office) -> QuerySet[User]:
    """Active members of the office whose role is Community Safety Ambassador."""
    return User.objects.filter(
        is_active=True,
        memberships__office=office,
        memberships__is_active=True,
        memberships__role=Role.AMBASSADOR,
    ).order_by("first_name", "last_name", "email")


def forum_meetings(office: Office) -> QuerySet[Occurrence]:
    """Every meeting held in a community forum area, with its area, series and report."""
    return (
        Occurrence.objects.for_office(office)
        .filter(area__kind=AreaKind.FORUM_AREA)
        .select_related("series", "area", "forum_report")
    )


def assigned_areas(office: Office, user: User) -> QuerySet[Area]:
    return forum_areas(office).filter(ambassador_assignment__ambassador=user)


@dataclass
class MyForums:
    areas: list[Area]
    recent: list[ForumMeeting]
    upcoming: list[ForumMeeting]

    @property
    def to_report(self) -> list[ForumMeeting]:
        return [m for m in self.recent if m.state in (ReportState.DUE, ReportState.OVERDUE)]


def my_forums(office: Office, user: User, *, recent_days: int = 180, upcoming: int = 6) -> MyForums:
    """An ambassador's forum areas, their forum meetings of the last six months with the report's
    state (newest first), and their next meetings."""
    now = timezone.now()
    today = timezone.localdate()
    areas = list(assigned_areas(office, user))
    meetings = forum_meetings(office).filter(area__in=areas)
    recent = meetings.filter(
        starts_at__lt=now, starts_at__gte=now - dt.timedelta(days=recent_days)
    ).order_by("-starts_at")
    coming = (
        meetings.filter(starts_at__gte=now)
        .exclude(status=OccurrenceStatus.CANCELLED)
        .order_by("starts_at")[:upcoming]
    )
    return MyForums(
        areas=areas,
        recent=[ForumMeeting(o, report_state(o, today=today), today=today) for o in recent],
        upcoming=[ForumMeeting(o, ReportState.UPCOMING, today=today) for o in coming],
    )


def overdue_reports(office: Office, *, today: dt.date | None = None) -> list[ForumMeeting]:
    """Forum meetings held more than REPORT_DUE_DAYS days ago, not cancelled, with no report yet;
    the longest overdue first, each with the area's ambassador (None when nobody is assigned)."""
    today = today or timezone.localdate()
    # A meeting is overdue when its date plus the allowance is before today: held before `cutoff`.
    cutoff = dt.datetime.combine(
        today - dt.timedelta(days=REPORT_DUE_DAYS),
        dt.time.min,
        tzinfo=timezone.get_current_timezone(),
    )
    meetings = (
        forum_meetings(office)
        .exclude(status=OccurrenceStatus.CANCELLED)
        .filter(starts_at__lt=cutoff, forum_report__isnull=True)
        .select_related("area__ambassador_assignment__ambassador")
        .order_by("starts_at", "pk")
    )
    return [
        ForumMeeting(
            o,
            ReportState.OVERDUE,
            ambassador=_ambassador_of(o.area),
            today=today,
        )
        for o in meetings
    ]


def _ambassador_of(area: Area | None) -> User | None:
    assignment = getattr(area, "ambassador_assignment", None) if area is not None else None
    return assignment.ambassador if assignment is not None else None


def forum_reports(office: Office) -> QuerySet[ForumReport]:
    """Every forum report of the office, newest meeting first, with how many concerns it raised."""
    return (
        ForumReport.objects.for_office(office)
        .select_related("occurrence__series", "occurrence__area", "ambassador")
        .annotate(concern_count=Count("concerns"))
        .order_by("-occurrence__starts_at", "-pk")
    )


def report_with_concerns(report: ForumReport) -> ForumReport:
    """The report with its concerns (and their themes) loaded, for the _report.html partial."""
    return (
        ForumReport.objects.filter(pk=report.pk)
        .select_related("ambassador", "occurrence__area")
        .prefetch_related(
            Prefetch("concerns", queryset=Concern.objects.select_related("theme").order_by("pk"))
        )
        .get()
    )


def report_themes(office: Office, *, by: User | None) -> QuerySet[ConcernTheme]:
    """The themes a report's concerns may take: the office's active ones. An office with none yet
    is first given the default taxonomy, so the ambassador always has themes to choose from."""
    themes = ConcernTheme.objects.for_office(office)
    if not themes.exists():
        ensure_default_themes(office, by=by)
    return themes.filter(is_active=True).order_by("name")


# Writes.


def _is_ambassador(office: Office, user: User) -> bool:
    return Membership.objects.filter(
        office=office, user=user, role=Role.AMBASSADOR, is_active=True
    ).exists()


@transaction.atomic
def assign_ambassador(
    area: Area, ambassador: User | None, *, by: User | None
) -> AmbassadorAssignment | None:
    """Make `ambassador` the forum area's ambassador, or leave the area without one (None).

    Side effects: the AmbassadorAssignment is created, changed or deleted, with its history
    (who made the change). Nothing is written when the area already has that ambassador.
    Raises ValueError for an area that is not a forum area, or a person who is not one of the
    area's office's ambassadors.
    """
    if area.kind != AreaKind.FORUM_AREA:
        raise ValueError("Ambassadors are assigned to community forum areas only.")
    current = AmbassadorAssignment.objects.filter(area=area).first()
    if ambassador is None:
        if current is not None:
            current._history_user = by  # type: ignore[attr-defined]
            current.delete()
        return None
    if not _is_ambassador(area.office, ambassador):
        raise ValueError(f"{ambassador} is not an ambassador of {area.office}.")
    if current is not None and current.ambassador_id == ambassador.pk:
        return current
    assignment = current or AmbassadorAssignment(office=area.office, area=area)
    assignment.ambassador = ambassador
    assignment._history_user = by  # type: ignore[attr-defined]
    assignment.save()
    return assignment


@transaction.atomic
def assign_ambassadors(office: Office, choices: dict[Area, User | None], *, by: User | None) -> int:
    """Save the whole table of forum areas and their ambassadors at once. Returns how many areas
    changed. Side effects: as assign_ambassador, for each area whose ambassador changed."""
    changed = 0
    for area, ambassador in choices.items():
        if area.office_id != office.pk:
            raise ValueError("A forum area of another office.")
        before = _ambassador_of(area)
        if (before.pk if before else None) == (ambassador.pk if ambassador else None):
            continue
        assign_ambassador(area, ambassador, by=by)
        changed += 1
    return changed


@dataclass
class ConcernInput:
    """One concern as the ambassador typed it on the report form."""

    summary: str
    theme: ConcernTheme
    people: int = 1


@transaction.atomic
def file_forum_report(
    occurrence: Occurrence,
    *,
    ambassador: User,
    attendance: int,
    concerns: list[ConcernInput],
    good_practice: str,
    requests: str,
    by: User,
) -> ForumReport:
    """File the report on a forum meeting that has happened.

    Side effects, all or nothing: the ForumReport; one Concern per raised concern (source "forum
    report", placed in the forum's area, dated the day of the meeting, linked to the report and
    the meeting); and, when nobody has recorded the meeting's attendance yet, the ambassador
    recorded as having attended. Raises ForumReportError for a meeting that is not a forum, has
    not happened, is cancelled or already has a report, or for a negative attendance.
    """
    area = occurrence.area
    if area is None or area.kind != AreaKind.FORUM_AREA:
        raise ForumReportError(_("This meeting is not a community forum."))
    if occurrence.status == OccurrenceStatus.CANCELLED:
        raise ForumReportError(_("This meeting was cancelled, so it has no report."))
    if not occurrence.is_past:
        raise ForumReportError(_("You can file the report after the meeting."))
    if ForumReport.objects.filter(occurrence=occurrence).exists():
        raise ForumReportError(_("This meeting already has a report."))
    if attendance < 0:
        raise ForumReportError(_("The number of residents cannot be negative."))
    if len(concerns) > MAX_CONCERNS:
        raise ForumReportError(_("A report records at most 5 concerns."))
    report = ForumReport(
        office=occurrence.office,
        occurrence=occurrence,
        ambassador=ambassador,
        attendance=attendance,
        good_practice=good_practice,
        requests=requests,
    )
    report._history_user = by  # type: ignore[attr-defined]
    report.save()
    for concern in concerns:
        record_concern(
            occurrence.office,
            summary=concern.summary,
            theme=concern.theme,
            source=ConcernSource.FORUM_REPORT,
            raised_on=meeting_date(occurrence),
            by=by,
            area=area,
            people=concern.people,
            forum_report=report,
            occurrence=occurrence,
        )
    # record_attendance replaces the whole record, so only fill in one nobody has made yet.
    if not occurrence.attendance_recorded:
        record_attendance(
            occurrence, attended=[ambassador], apologies=[], notes=occurrence.notes, by=by
        )
    return report


@transaction.atomic
def update_forum_report(
    report: ForumReport, *, attendance: int, good_practice: str, requests: str, by: User
) -> ForumReport:
    """Correct a filed report's attendance, good practice and requests. Its concerns are managed
    on the concerns pages. Side effects: the report's history."""
    if attendance < 0:
        raise ForumReportError(_("The number of residents cannot be negative."))
    report.attendance = attendance
    report.good_practice = good_practice
    report.requests = requests
    report._history_user = by  # type: ignore[attr-defined]
    report.save()
    return report

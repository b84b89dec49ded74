"""Reads of the partner-meeting schedule: the schedule table, calendars, commitments, dashboards."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engage.accounts.models import Membership, User
from engage.core.models import Office
from engage.meetings.models import (
    Action,
    Attendance,
    AttendanceStatus,
    Commitment,
    MeetingSeries,
    Occurrence,
    OccurrenceStatus,
    RotaAssignment,
    RotaStatus,
    ScheduleCategory,
)
from engage.meetings.services import LONDON
from engage.places.models import Area


def series_for(
    office: Office, *, category: str = "", person: User | None = None
) -> QuerySet[MeetingSeries]:
    """The office's active series with their next meeting, for the schedule table."""
    next_meeting = (
        Occurrence.objects.filter(series=OuterRef("pk"), starts_at__gte=timezone.now())
        .exclude(status=OccurrenceStatus.CANCELLED)
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    qs = (
        MeetingSeries.objects.for_office(office)
        .filter(is_active=True)
        .select_related("lead_officer")
        .prefetch_related("commitments")
        .annotate(next_meeting=Subquery(next_meeting))
        .order_by("category", "title")
    )
    if category:
        qs = qs.filter(category=category)
    if person is not None:
        qs = qs.filter(_series_of_person(person, office))
    return qs


def _series_of_person(person: User, office: Office) -> Q:
    """A person's meetings: series they lead, or whose attendance names their post."""
    post = (
        Membership.objects.filter(user=person, office=office).values_list("post", flat=True).first()
    )
    condition = Q(lead_officer=person)
    if post:
        # JSON containment is not portable to SQLite, and the list is a handful of short codes:
        # match the quoted code inside the stored JSON text instead.
        condition |= Q(attending_posts__icontains=f'"{post}"')
    return condition


def grouped_schedule(series: QuerySet[MeetingSeries]) -> list[tuple[str, list[MeetingSeries]]]:
    groups: dict[str, list[MeetingSeries]] = defaultdict(list)
    for s in series:
        groups[s.category].append(s)
    return [
        (str(label), groups[value]) for value, label in ScheduleCategory.choices if groups[value]
    ]


def occurrences_for(
    office: Office,
    *,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    person: User | None = None,
    category: str = "",
    area: Area | None = None,
) -> QuerySet[Occurrence]:
    qs = Occurrence.objects.for_office(office).select_related("series", "area")
    if start is not None:
        qs = qs.filter(starts_at__gte=start)
    if end is not None:
        qs = qs.filter(starts_at__lt=end)
    if category:
        qs = qs.filter(series__category=category)
    if area is not None:
        qs = qs.filter(area=area)
    if person is not None:
        # Where posts attend "in rotation" (PCC / DPCC), a meeting is someone's only when they
        # lead the series, attended it, or the adopted rota sends them (see diary.py).
        series_q = _series_of_person(person, office) & (
            Q(attendance_rotation=False) | Q(lead_officer=person)
        )
        mine = Q(series__in=MeetingSeries.objects.for_office(office).filter(series_q))
        qs = qs.filter(mine | Q(attendance__person=person)).distinct()
    return qs.order_by("starts_at", "pk")


@dataclass
class CalendarDay:
    date: dt.date
    in_month: bool
    is_today: bool
    meetings: list[Occurrence] = field(default_factory=list)


def month_calendar(
    office: Office, year: int, month: int, *, person: User | None = None
) -> list[list[CalendarDay]]:
    """Weeks (Monday first) of the month, each day with its meetings in Europe/London time."""
    cal = calendar.Calendar(firstweekday=0)
    weeks = cal.monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1] + dt.timedelta(days=1)
    start = dt.datetime.combine(first, dt.time.min, tzinfo=LONDON)
    end = dt.datetime.combine(last, dt.time.min, tzinfo=LONDON)
    by_day: dict[dt.date, list[Occurrence]] = defaultdict(list)
    for occurrence in occurrences_for(office, start=start, end=end, person=person):
        by_day[timezone.localtime(occurrence.starts_at, LONDON).date()].append(occurrence)
    today = timezone.localdate()
    return [
        [CalendarDay(day, day.month == month, day == today, by_day.get(day, [])) for day in week]
        for week in weeks
    ]


class CommitmentState:
    KEPT = "kept"
    DUE = "due"
    MISSED = "missed"
    LABELS = {KEPT: _("Kept"), DUE: _("Due"), MISSED: _("Missed")}
    COLOURS = {KEPT: "green", DUE: "yellow", MISSED: "red"}


@dataclass
class CommitmentPeriod:
    start: dt.date
    end: dt.date  # exclusive
    area: Area | None
    kept: int
    state: str
    next_chance: dt.datetime | None = None
    # The first visit the adopted rota plans in this period, when the commitment is still due.
    planned: dt.datetime | None = None

    @property
    def label(self) -> str:
        return str(CommitmentState.LABELS[self.state])

    @property
    def colour(self) -> str:
        return CommitmentState.COLOURS[self.state]

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)


@dataclass
class CommitmentReport:
    commitment: Commitment
    current: list[CommitmentPeriod]
    previous: list[CommitmentPeriod]

    @property
    def planned_count(self) -> int:
        return sum(1 for period in self.current if period.planned is not None)

    @property
    def counts(self) -> dict[str, int]:
        counts = {CommitmentState.KEPT: 0, CommitmentState.DUE: 0, CommitmentState.MISSED: 0}
        for period in self.current:
            counts[period.state] += 1
        return counts

    @property
    def state(self) -> str:
        """The worst state across areas in the current period."""
        counts = self.counts
        for state in (CommitmentState.MISSED, CommitmentState.DUE, CommitmentState.KEPT):
            if counts[state]:
                return state
        return CommitmentState.DUE

    @property
    def label(self) -> str:
        return str(CommitmentState.LABELS[self.state])

    @property
    def colour(self) -> str:
        return CommitmentState.COLOURS[self.state]


def _periods(commitment: Commitment, today: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Every period from the commitment's start up to and including the one holding today."""
    periods = []
    k = 0
    while True:
        start = commitment.starts_on + relativedelta(months=commitment.period_months * k)
        if start > today:
            break
        periods.append(
            (start, commitment.starts_on + relativedelta(months=commitment.period_months * (k + 1)))
        )
        k += 1
    return periods


def commitment_report(commitment: Commitment, *, today: dt.date | None = None) -> CommitmentReport:
    """Kept, due or missed, for the current period and the one before, per forum area if it applies.

    A meeting keeps the commitment when someone holding one of its posts is recorded as having
    attended it. A period that has ended without enough such meetings is missed; the current one
    is due until it is kept.
    """
    today = today or timezone.localdate()
    periods = _periods(commitment, today)[-2:]
    if not periods:
        return CommitmentReport(commitment, [], [])
    first, end = periods[0][0], periods[-1][1]
    window = (
        dt.datetime.combine(first, dt.time.min, tzinfo=LONDON),
        dt.datetime.combine(end, dt.time.min, tzinfo=LONDON),
    )
    attended = (
        Attendance.objects.filter(
            occurrence__series=commitment.series,
            occurrence__starts_at__gte=window[0],
            occurrence__starts_at__lt=window[1],
            status=AttendanceStatus.ATTENDED,
            post__in=commitment.posts,
        )
        .exclude(occurrence__status=OccurrenceStatus.CANCELLED)
        .values_list("occurrence_id", "occurrence__area_id", "occurrence__starts_at")
        .distinct()
    )
    upcoming = (
        Occurrence.objects.filter(
            series=commitment.series, starts_at__gte=timezone.now(), starts_at__lt=window[1]
        )
        .exclude(status=OccurrenceStatus.CANCELLED)
        .values("area_id")
        .annotate(first=Min("starts_at"))
    )
    next_by_area: dict[int | None, dt.datetime] = {row["area_id"]: row["first"] for row in upcoming}
    # The rota feeds the commitments: visits an adopted rota plans by someone holding one of the
    # commitment's posts count as "planned" while the commitment is due.
    planned_rows = (
        RotaAssignment.objects.filter(
            plan__status=RotaStatus.ADOPTED,
            occurrence__series=commitment.series,
            occurrence__starts_at__gte=timezone.now(),
            occurrence__starts_at__lt=window[1],
            person__memberships__office=commitment.office,
            person__memberships__post__in=commitment.posts,
        )
        .exclude(occurrence__status=OccurrenceStatus.CANCELLED)
        .values("occurrence__area_id")
        .annotate(first=Min("occurrence__starts_at"))
    )
    planned_by_area: dict[int | None, dt.datetime] = {
        (row["occurrence__area_id"] if commitment.per_forum_area else None): row["first"]
        for row in planned_rows
    }
    areas: list[Area | None]
    if commitment.per_forum_area:
        areas = list(Area.objects.for_office(commitment.office).forum_areas().order_by("name"))
    else:
        areas = [None]
    held: dict[int | None, list[dt.date]] = defaultdict(list)
    seen = set()
    for occurrence_id, area_id, starts_at in attended:
        if occurrence_id in seen:
            continue
        seen.add(occurrence_id)
        key = area_id if commitment.per_forum_area else None
        held[key].append(timezone.localtime(starts_at, LONDON).date())
    result: dict[str, list[CommitmentPeriod]] = {"current": [], "previous": []}
    for index, (start, stop) in enumerate(periods):
        bucket = "current" if index == len(periods) - 1 else "previous"
        for area in areas:
            key = area.pk if area else None
            kept = sum(1 for day in held[key] if start <= day < stop)
            if kept >= commitment.times:
                state = CommitmentState.KEPT
            elif stop <= today:
                state = CommitmentState.MISSED
            else:
                state = CommitmentState.DUE
            result[bucket].append(
                CommitmentPeriod(
                    start,
                    stop,
                    area,
                    kept,
                    state,
                    next_by_area.get(key) if bucket == "current" else None,
                    planned_by_area.get(key)
                    if bucket == "current" and state == CommitmentState.DUE
                    else None,
                )
            )
    return CommitmentReport(commitment, result["current"], result["previous"])


def commitment_reports(office: Office, *, today: dt.date | None = None) -> list[CommitmentReport]:
    commitments = Commitment.objects.for_office(office).select_related("series", "office")
    return [commitment_report(c, today=today) for c in commitments.filter(series__is_active=True)]


def actions_for(office: Office, *, owner: User | None = None, status: str = "") -> QuerySet[Action]:
    qs = Action.objects.for_office(office).select_related(
        "owner", "occurrence__series", "occurrence__area"
    )
    if owner is not None:
        qs = qs.filter(owner=owner)
    if status == "overdue":
        qs = qs.overdue()
    elif status:
        qs = qs.filter(status=status)
    return qs.order_by("status", "due_on", "pk")


def occurrence_detail(office: Office, pk: int) -> QuerySet[Occurrence]:
    return (
        Occurrence.objects.for_office(office)
        .select_related("series", "area", "series__lead_officer")
        .prefetch_related(
            Prefetch("attendance", queryset=Attendance.objects.select_related("person")),
            Prefetch("actions", queryset=Action.objects.select_related("owner")),
        )
    )


def awaiting_attendance(
    office: Office, *, person: User | None = None, days: int = 14
) -> QuerySet[Occurrence]:
    """Meetings held in the last `days` days whose attendance nobody has recorded yet."""
    now = timezone.now()
    qs = occurrences_for(office, start=now - dt.timedelta(days=days), end=now, person=person)
    return qs.filter(attendance_recorded=False).exclude(status=OccurrenceStatus.CANCELLED)


def dashboard_for(user: User, office: Office) -> dict[str, Any]:
    """What a member of staff sees first: their week, their actions, what needs recording."""
    now = timezone.now()
    week_end = now + dt.timedelta(days=7)
    mine = occurrences_for(office, start=now, end=week_end, person=user).exclude(
        status=OccurrenceStatus.CANCELLED
    )
    office_week = occurrences_for(office, start=now, end=week_end).exclude(
        status=OccurrenceStatus.CANCELLED
    )
    reports = commitment_reports(office)
    return {
        "my_meetings": list(mine[:10]),
        "office_week_count": office_week.count(),
        "my_actions": list(actions_for(office, owner=user, status="open")[:10]),
        "overdue_count": Action.objects.for_office(office).overdue().count(),
        "awaiting": list(awaiting_attendance(office)[:10]),
        "commitments_attention": [r for r in reports if r.state != CommitmentState.KEPT][:10],
        "series_count": MeetingSeries.objects.for_office(office).filter(is_active=True).count(),
    }


def series_stats(series: MeetingSeries) -> dict[str, int]:
    return series.occurrences.aggregate(
        total=Count("pk"),
        cancelled=Count("pk", filter=Q(status=OccurrenceStatus.CANCELLED)),
        recorded=Count("pk", filter=Q(attendance_recorded=True)),
    )

"""Reads about concerns, their themes and the complaint counts by theme. Each is a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from engage.core.models import Office
from engage.engagements.models import (
    ComplaintThemeCount,
    Concern,
    ConcernTheme,
)
from engage.meetings.models import Action, ActionStatus
from engage.places.models import Area


@dataclass(frozen=True)
class ConcernFilters:
    """What the concerns list is narrowed to; every field empty means everything."""

    theme: ConcernTheme | None = None
    area: Area | None = None
    source: str = ""
    status: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    overdue: bool = False


def area_and_descendants(area: Area) -> list[int]:
    """The area and every area inside it (a district's forum areas and their wards): one query a level."""
    ids = [area.pk]
    level = [area.pk]
    while level:
        level = list(
            Area.objects.filter(office_id=area.office_id, parent_id__in=level)
            .exclude(pk__in=ids)
            .values_list("pk", flat=True)
        )
        ids.extend(level)
    return ids


def _overdue_actions() -> QuerySet[Action]:
    return Action.objects.filter(concern=OuterRef("pk")).overdue()


def _filtered(office: Office, filters: ConcernFilters) -> QuerySet[Concern]:
    qs = Concern.objects.for_office(office)
    if filters.theme is not None:
        qs = qs.filter(theme=filters.theme)
    if filters.area is not None:
        qs = qs.filter(area_id__in=area_and_descendants(filters.area))
    if filters.source:
        qs = qs.filter(source=filters.source)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.date_from is not None:
        qs = qs.filter(raised_on__gte=filters.date_from)
    if filters.date_to is not None:
        qs = qs.filter(raised_on__lte=filters.date_to)
    if filters.overdue:
        qs = qs.filter(Exists(_overdue_actions()))
    return qs


def concerns_for(office: Office, filters: ConcernFilters | None = None) -> QuerySet[Concern]:
    """The office's concerns matching `filters`, newest first, with where each came from.

    Each concern carries `open_actions` and `overdue_actions` counts.
    """
    today = timezone.localdate()
    return (
        _filtered(office, filters or ConcernFilters())
        .select_related(
            "theme",
            "area",
            "activity",
            "occurrence__series",
            "occurrence__area",
            "forum_report__occurrence__series",
            "forum_report__occurrence__area",
        )
        .annotate(
            open_actions=Count("actions", filter=Q(actions__status=ActionStatus.OPEN)),
            overdue_actions=Count(
                "actions",
                filter=Q(actions__status=ActionStatus.OPEN, actions__due_on__lt=today),
            ),
        )
        .order_by("-raised_on", "-pk")
    )


@dataclass
class ThemeCount:
    theme_id: int
    name: str
    concerns: int
    people: int


def theme_counts(office: Office, filters: ConcernFilters | None = None) -> list[ThemeCount]:
    """How many concerns (and people raising them) each theme has under `filters`, most first."""
    rows = (
        _filtered(office, filters or ConcernFilters())
        .order_by()
        .values("theme_id", "theme__name")
        .annotate(concerns=Count("pk"), people=Sum("people"))
    )
    counts = [
        ThemeCount(r["theme_id"], r["theme__name"], r["concerns"], r["people"] or 0) for r in rows
    ]
    return sorted(counts, key=lambda c: (-c.concerns, c.name))


def concern_detail(office: Office) -> QuerySet[Concern]:
    """Concerns with everything their page shows, actions and their owners included."""
    return (
        Concern.objects.for_office(office)
        .select_related(
            "theme",
            "area",
            "activity",
            "occurrence__series",
            "occurrence__area",
            "forum_report__occurrence__series",
            "forum_report__occurrence__area",
        )
        .prefetch_related(
            Prefetch(
                "actions", queryset=Action.objects.select_related("owner").order_by("due_on", "pk")
            )
        )
    )


def overdue_concern_actions(office: Office) -> QuerySet[Action]:
    """Open actions on concerns whose due date has passed, oldest due first."""
    return (
        Action.objects.for_office(office)
        .overdue()
        .filter(concern__isnull=False)
        .select_related("owner", "concern__theme", "concern__area")
        .order_by("due_on", "pk")
    )


@dataclass
class ThemeGroup:
    theme: ConcernTheme
    concerns: list[Concern] = field(default_factory=list)

    @property
    def people(self) -> int:
        return sum(c.people for c in self.concerns)


def concerns_in_area(area: Area, since: dt.date | None = None) -> list[ThemeGroup]:
    """Concerns raised in `area` or any area inside it since `since` (default: 12 months ago), by theme.

    Themes with the most concerns come first; within a theme, the newest concern first.
    """
    if since is None:
        since = timezone.localdate() - relativedelta(months=12)
    concerns = (
        Concern.objects.filter(
            office_id=area.office_id, area_id__in=area_and_descendants(area), raised_on__gte=since
        )
        .select_related("theme", "area")
        .order_by("-raised_on", "-pk")
    )
    groups: dict[int, ThemeGroup] = {}
    for concern in concerns:
        groups.setdefault(concern.theme_id, ThemeGroup(concern.theme)).concerns.append(concern)
    return sorted(groups.values(), key=lambda g: (-len(g.concerns), g.theme.name))


def themes_with_counts(office: Office) -> QuerySet[ConcernTheme]:
    """All the office's themes, in use first, with how many concerns, bookings and complaints each has."""
    return (
        ConcernTheme.objects.for_office(office)
        .annotate(
            concern_count=Count("concerns", distinct=True),
            booking_count=Count("bookings", distinct=True),
            complaint_count=Count("complaints", distinct=True),
        )
        .order_by("-is_active", "name")
    )


def active_themes(office: Office) -> QuerySet[ConcernTheme]:
    """The themes offered for new records: retired ones stay on old records only."""
    return ConcernTheme.objects.for_office(office).filter(is_active=True).order_by("name")


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


@dataclass
class ComplaintRow:
    theme: str
    counts: list[int | None]

    @property
    def total(self) -> int:
        return sum(c or 0 for c in self.counts)


@dataclass
class ComplaintTable:
    months: list[dt.date]
    rows: list[ComplaintRow]

    @property
    def totals(self) -> list[int]:
        return [sum(row.counts[i] or 0 for row in self.rows) for i in range(len(self.months))]

    @property
    def total(self) -> int:
        return sum(row.total for row in self.rows)


def complaint_table(
    office: Office, *, last: dt.date | None = None, months: int = 12
) -> ComplaintTable:
    """Complaint counts by theme (rows) and month (columns) for the `months` months up to `last`.

    `last` defaults to the latest month with counts, or this month when there are none.
    """
    counts = ComplaintThemeCount.objects.for_office(office)
    if last is None:
        latest = counts.order_by("-month").values_list("month", flat=True).first()
        last = latest or timezone.localdate()
    end = month_start(last)
    columns = [end - relativedelta(months=n) for n in range(months - 1, -1, -1)]
    index = {month: i for i, month in enumerate(columns)}
    by_theme: dict[str, list[int | None]] = {}
    for name, month, count in counts.filter(month__gte=columns[0], month__lte=end).values_list(
        "theme__name", "month", "count"
    ):
        by_theme.setdefault(name, [None] * months)[index[month]] = count
    rows = [ComplaintRow(name, values) for name, values in sorted(by_theme.items())]
    return ComplaintTable(columns, rows)


def existing_complaint_counts(
    office: Office, keys: Iterable[tuple[int, dt.date]]
) -> dict[tuple[int, dt.date], int]:
    """The counts already stored for these (theme id, month) pairs."""
    wanted = set(keys)
    if not wanted:
        return {}
    months = {month for _theme, month in wanted}
    rows = ComplaintThemeCount.objects.for_office(office).filter(month__in=months)
    return {
        (theme_id, month): count
        for theme_id, month, count in rows.values_list("theme_id", "month", "count")
        if (theme_id, month) in wanted
    }

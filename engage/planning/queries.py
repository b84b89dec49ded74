"""Reads for the plan: a year of it by month, what slipped, plan against actual, and the
activities that could have delivered an item."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from engage.core.models import Office
from engage.engagements.models import Activity
from engage.places.models import Area
from engage.planning.models import PlanItem, PlanStatus, months_between


def financial_year_of(day: dt.date) -> int:
    """The financial year (April to March) a day is in, by the year it starts: 2026 for
    1 April 2026 to 31 March 2027."""
    return day.year if day.month >= 4 else day.year - 1


def month_range(first: dt.date, count: int) -> list[dt.date]:
    return [first + relativedelta(months=n) for n in range(count)]


def items_for(office: Office) -> QuerySet[PlanItem]:
    return PlanItem.objects.for_office(office).select_related("area", "owner", "activity")


def _budget(items: list[PlanItem]) -> Decimal:
    return sum(
        (i.budget for i in items if i.budget is not None and i.status != PlanStatus.DROPPED),
        Decimal(0),
    )


@dataclass
class PlanMonth:
    month: dt.date
    items: list[PlanItem]
    is_past: bool

    @property
    def budget(self) -> Decimal:
        """The budget of the items still in the plan (dropped ones are left out)."""
        return _budget(self.items)


@dataclass
class PlanYear:
    label: str
    first: dt.date
    months: list[PlanMonth]

    @property
    def budget(self) -> Decimal:
        return sum((m.budget for m in self.months), Decimal(0))

    @property
    def count(self) -> int:
        return sum(1 for m in self.months for i in m.items if i.status != PlanStatus.DROPPED)


def plan_year(office: Office, first: dt.date, *, label: str, today: dt.date) -> PlanYear:
    """Twelve months of the plan from `first`, grouped by month, in one query."""
    months = month_range(first, 12)
    by_month: dict[dt.date, list[PlanItem]] = {m: [] for m in months}
    for item in items_for(office).filter(month__gte=months[0], month__lte=months[-1]):
        by_month.setdefault(item.month, []).append(item)
    this_month = today.replace(day=1)
    return PlanYear(label, first, [PlanMonth(m, by_month[m], m < this_month) for m in months])


def financial_year(office: Office, year: int, *, today: dt.date) -> PlanYear:
    label = _("April %(start)s to March %(end)s") % {"start": year, "end": year + 1}
    return plan_year(office, dt.date(year, 4, 1), label=label, today=today)


def next_twelve_months(office: Office, *, today: dt.date) -> PlanYear:
    first = today.replace(day=1)
    last = first + relativedelta(months=11)
    label = _("%(first)s to %(last)s") % {
        "first": date_format(first, "F Y"),
        "last": date_format(last, "F Y"),
    }
    return plan_year(office, first, label=label, today=today)


def slipped_items(office: Office, *, today: dt.date) -> list[PlanItem]:
    """Items whose month has passed with nothing delivered, the latest first."""
    items = items_for(office).filter(
        status=PlanStatus.PLANNED, activity__isnull=True, month__lt=today.replace(day=1)
    )
    return list(items.order_by("-month", "title"))


@dataclass
class MonthActual:
    """One past month: what was planned and what was delivered."""

    month: dt.date
    items: list[PlanItem] = field(default_factory=list)
    activities_logged: int = 0
    today: dt.date = field(default_factory=timezone.localdate)

    @property
    def planned(self) -> list[PlanItem]:
        return [i for i in self.items if i.status != PlanStatus.DROPPED]

    @property
    def delivered(self) -> list[PlanItem]:
        return [
            i for i in self.items if i.activity_id is not None and i.status != PlanStatus.DROPPED
        ]

    @property
    def done_unlinked(self) -> list[PlanItem]:
        return [i for i in self.items if i.status == PlanStatus.DONE and i.activity_id is None]

    @property
    def dropped(self) -> list[PlanItem]:
        return [i for i in self.items if i.status == PlanStatus.DROPPED]

    @property
    def slipped(self) -> list[PlanItem]:
        return [i for i in self.items if i.is_slipped(self.today)]

    @property
    def months_late(self) -> int:
        return months_between(self.month, self.today)

    @property
    def planned_budget(self) -> Decimal:
        return _budget(self.items)

    @property
    def delivered_cost(self) -> Decimal:
        return sum(
            (i.activity.cost for i in self.delivered if i.activity and i.activity.cost is not None),
            Decimal(0),
        )


def plan_against_actual(office: Office, first: dt.date, *, today: dt.date) -> list[MonthActual]:
    """Each month from `first` to last month (latest first): the items planned, those delivered
    (linked to an activity), dropped and slipped, and how many activities were logged. 2 queries."""
    this_month = today.replace(day=1)
    months = [m for m in month_range(first, 12) if m < this_month]
    if not months:
        return []
    actuals = {m: MonthActual(m, today=today) for m in months}
    for item in items_for(office).filter(month__gte=months[0], month__lte=months[-1]):
        actuals[item.month].items.append(item)
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(months[0], dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(months[-1] + relativedelta(months=1), dt.time.min, tzinfo=tz)
    for row in (
        Activity.objects.for_office(office)
        .filter(starts_at__gte=since, starts_at__lt=until)
        .annotate(month=TruncMonth("starts_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        month = (
            timezone.localtime(row["month"]).date()
            if isinstance(row["month"], dt.datetime)
            else row["month"]
        )
        if month in actuals:
            actuals[month].activities_logged = row["n"]
    return sorted(actuals.values(), key=lambda a: a.month, reverse=True)


def _subtree(office: Office, area: Area) -> set[int]:
    parents = dict(Area.objects.for_office(office).values_list("pk", "parent_id"))
    out = set()
    for pk in parents:
        step: int | None = pk
        for _n in range(10):
            if step is None:
                break
            if step == area.pk:
                out.add(pk)
                break
            step = parents.get(step)
    return out


def candidate_activities(item: PlanItem, limit: int = 30) -> list[Activity]:
    """The office's activities near the item's month (a month either side) that could have
    delivered it: those in its area (or inside it) first, then the nearest in time."""
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(item.month - relativedelta(months=1), dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(item.month + relativedelta(months=2), dt.time.min, tzinfo=tz)
    activities = list(
        Activity.objects.for_office(item.office)
        .filter(starts_at__gte=since, starts_at__lt=until)
        .select_related("area")
        .order_by("starts_at")
    )
    inside = _subtree(item.office, item.area) if item.area_id and item.area else set()
    middle = dt.datetime.combine(item.month + dt.timedelta(days=14), dt.time(12), tzinfo=tz)

    def rank(a: Activity) -> tuple[int, int, float]:
        same_type = 0 if a.type == item.activity_type else 1
        in_area = 0 if not inside or a.area_id in inside else 1
        return in_area, same_type, abs((a.starts_at - middle).total_seconds())

    return sorted(activities, key=rank)[:limit]

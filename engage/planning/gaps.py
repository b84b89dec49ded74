"""The gap analysis (seed 001): whom the office reached, where, against the population, and whom
it has not heard from. This module is the one place for these rules.

Reach over a period, from every channel, counted by the area of each record and rolled up to
the areas above it (a ward to its forum area, a forum area to its district, a district to the
force area):

- activities: the number of people (`people_reached`) counts for all residents; an audience's
  count counts for the group it names (an audience ticked with no count is an engagement of the
  group, with no number);
- community forums: the attendance of each ambassador's report, by the meeting's forum area;
- consultations: each submitted response, by its area, and by the age band, ethnic group and
  disability the respondent gave;
- surgeries: each live booking (not cancelled), by the surgery's area;
- alert subscribers: each subscriber who confirmed in the period, in every area they chose
  (once per area shown, however many of its parts they chose).

Figures per group and area: people reached; per 1,000 residents of the group; and an index of
representativeness: the group's share of the people reached whose group is known (consultation
respondents who answered that question, and activities that counted the group), against its
share of the population, times 100. 100 is "reached in proportion"; 50 is half as often. For
all residents, the index compares the area's rate per 1,000 with the whole analysis' (the
force area's). Groups with no population figure (disabled people: the census figures are not
imported; rural communities, businesses, victims) get counts only.

Every figure is read with aggregate SQL (GROUP BY area, category and quarter): the number of
queries does not grow with the number of activities or respondents.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import (
    Case,
    Count,
    DateField,
    IntegerField,
    Max,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, TruncQuarter
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from engage.consultations.models import Response
from engage.core.models import Office
from engage.engagements.models import (
    LIVE_STATUSES,
    Activity,
    ActivityAudience,
    ActivityType,
    Audience,
    Channel,
    SurgeryBooking,
)
from engage.meetings.models import ForumReport
from engage.messaging.models import Subscriber
from engage.places import census
from engage.places.models import Area, AreaKind, Dimension
from engage.places.queries import population_of

# -- the groups -------------------------------------------------------------------------------

AGE_BANDS = ("under_16", "16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+")
ETHNIC_GROUPS = ("asian", "black", "mixed", "other", "white")
DISABLED = ("a_lot", "a_little")
DISABILITY_ANSWERS = ("a_lot", "a_little", "no")
# The "about you" answers counted, by Response column and tally prefix.
RESPONSE_COLUMNS = (
    ("age_band", "age", AGE_BANDS),
    ("ethnic_group", "ethnic", ETHNIC_GROUPS),
    ("disability", "disability", DISABILITY_ANSWERS),
)


@dataclass(frozen=True)
class PopulationRule:
    """How a group's population is read from the census: a dimension, and the share of each
    category that belongs to the group (a five-year age band may be split by years)."""

    dimension: str
    ages: tuple[int, int] | None = None  # first and last year of age, inclusive
    categories: tuple[str, ...] = ()  # ethnic-group categories, counted whole

    def weight(self, category: str) -> float:
        if self.ages is None:
            return 1.0 if category in self.categories else 0.0
        band = next((b for b in census.AGE_BANDS if b.label == category), None)
        if band is None:
            return 0.0
        first, last = self.ages
        overlap = min(band.last_year, last) - max(band.first_year, first) + 1
        return max(0, overlap) / (band.last_year - band.first_year + 1)


OLDEST = 200  # "and over": past the census' last band


@dataclass(frozen=True)
class Group:
    """A group of residents the office wants to hear from."""

    code: str
    label: Any  # the column heading
    noun: Any  # in a sentence: "people aged 16–24"
    reach: tuple[str, ...]  # the tallies that count people of the group
    known: tuple[str, ...] = ()  # the tallies of people whose group (in this sense) is known
    population: PopulationRule | None = None
    audience: str = Audience.GENERAL_PUBLIC  # what a plan item for the group reaches
    kind: str = ""  # "age", "ethnic", "other": how the page groups the columns


AGE_KNOWN = tuple(f"age:{b}" for b in AGE_BANDS)
ETHNIC_KNOWN = tuple(f"ethnic:{e}" for e in ETHNIC_GROUPS)
DISABILITY_KNOWN = tuple(f"disability:{d}" for d in DISABILITY_ANSWERS)


def _age_group(band: str, label: Any, noun: Any, first: int, last: int, audience: str) -> Group:
    return Group(
        code=f"age_{band}",
        label=label,
        noun=noun,
        reach=(f"age:{band}",),
        known=AGE_KNOWN,
        population=PopulationRule(Dimension.AGE_BAND, ages=(first, last)),
        audience=audience,
        kind="age",
    )


def _ethnic_group(code: str, label: Any, noun: Any) -> Group:
    return Group(
        code=f"ethnic_{code}",
        label=label,
        noun=noun,
        reach=(f"ethnic:{code}",),
        known=ETHNIC_KNOWN,
        population=PopulationRule(Dimension.ETHNIC_GROUP, categories=(capfirst(code),)),
        audience=Audience.GENERAL_PUBLIC if code == "white" else Audience.ETHNIC_MINORITIES,
        kind="ethnic",
    )


def _audience_keys(audience: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return (f"audience:{audience}",), (f"audience_known:{audience}",)


YOUNG, OLDER = Audience.YOUNG_PEOPLE, Audience.OLDER_PEOPLE
GROUPS: tuple[Group, ...] = (
    Group(
        code="all",
        label=gettext_lazy("All residents"),
        noun=gettext_lazy("all residents"),
        reach=("all",),
        population=PopulationRule(Dimension.AGE_BAND, ages=(0, OLDEST)),
        kind="age+",  # shown with the age groups, first
    ),
    _age_group("16-24", gettext_lazy("16–24"), gettext_lazy("people aged 16–24"), 16, 24, YOUNG),
    _age_group("25-34", gettext_lazy("25–34"), gettext_lazy("people aged 25–34"), 25, 34, "general_public"),
    _age_group("35-44", gettext_lazy("35–44"), gettext_lazy("people aged 35–44"), 35, 44, "general_public"),
    _age_group("45-54", gettext_lazy("45–54"), gettext_lazy("people aged 45–54"), 45, 54, "general_public"),
    _age_group("55-64", gettext_lazy("55–64"), gettext_lazy("people aged 55–64"), 55, 64, "general_public"),
    _age_group("65-74", gettext_lazy("65–74"), gettext_lazy("people aged 65–74"), 65, 74, OLDER),
    _age_group("75+", gettext_lazy("75 and over"), gettext_lazy("people aged 75 and over"), 75, OLDEST, OLDER),
    Group(
        code="young_people",
        label=gettext_lazy("Young people (under 25)"),
        noun=gettext_lazy("young people (under 25)"),
        reach=("age:under_16", "age:16-24", f"audience:{YOUNG}"),
        known=(*AGE_KNOWN, f"audience_known:{YOUNG}"),
        population=PopulationRule(Dimension.AGE_BAND, ages=(0, 24)),
        audience=YOUNG,
        kind="age",
    ),
    Group(
        code="older_people",
        label=gettext_lazy("Older people (65 and over)"),
        noun=gettext_lazy("older people (65 and over)"),
        reach=("age:65-74", "age:75+", f"audience:{OLDER}"),
        known=(*AGE_KNOWN, f"audience_known:{OLDER}"),
        population=PopulationRule(Dimension.AGE_BAND, ages=(65, OLDEST)),
        audience=OLDER,
        kind="age",
    ),
    _ethnic_group("asian", gettext_lazy("Asian"), gettext_lazy("Asian, Asian British or Asian Welsh people")),
    _ethnic_group("black", gettext_lazy("Black"), gettext_lazy("Black, Black British, Black Welsh, Caribbean or African people")),
    _ethnic_group("mixed", gettext_lazy("Mixed"), gettext_lazy("people of mixed or multiple ethnic groups")),
    _ethnic_group("other", gettext_lazy("Other ethnic group"), gettext_lazy("people of other ethnic groups")),
    _ethnic_group("white", gettext_lazy("White"), gettext_lazy("White people")),
    Group(
        code="ethnic_minorities",
        label=gettext_lazy("Black, Asian and minority ethnic"),
        noun=gettext_lazy("Black, Asian and minority ethnic communities"),
        reach=(*(f"ethnic:{e}" for e in ETHNIC_GROUPS if e != "white"), f"audience:{Audience.ETHNIC_MINORITIES}"),
        known=(*ETHNIC_KNOWN, f"audience_known:{Audience.ETHNIC_MINORITIES}"),
        population=PopulationRule(
            Dimension.ETHNIC_GROUP, categories=tuple(capfirst(e) for e in ETHNIC_GROUPS if e != "white")
        ),
        audience=Audience.ETHNIC_MINORITIES,
        kind="ethnic",
    ),
    Group(
        code="disabled_people",
        label=gettext_lazy("Disabled people"),
        noun=gettext_lazy("disabled people"),
        reach=(*(f"disability:{d}" for d in DISABLED), f"audience:{Audience.DISABLED_PEOPLE}"),
        known=(*DISABILITY_KNOWN, f"audience_known:{Audience.DISABLED_PEOPLE}"),
        audience=Audience.DISABLED_PEOPLE,
        kind="other",
    ),
    Group(
        code="rural",
        label=gettext_lazy("Rural communities"),
        noun=gettext_lazy("rural communities"),
        reach=(f"audience:{Audience.RURAL}",),
        audience=Audience.RURAL,
        kind="other",
    ),
    Group(
        code="businesses",
        label=gettext_lazy("Businesses"),
        noun=gettext_lazy("businesses"),
        reach=(f"audience:{Audience.BUSINESSES}",),
        audience=Audience.BUSINESSES,
        kind="other",
    ),
    Group(
        code="victims",
        label=gettext_lazy("Victims of crime"),
        noun=gettext_lazy("victims of crime"),
        reach=(f"audience:{Audience.VICTIMS}",),
        audience=Audience.VICTIMS,
        kind="other",
    ),
)  # fmt: skip
GROUPS_BY_CODE = {g.code: g for g in GROUPS}
# Activity audiences that name one of the groups above (the rest count for all residents only).
AUDIENCE_GROUPS = {
    Audience.YOUNG_PEOPLE,
    Audience.OLDER_PEOPLE,
    Audience.ETHNIC_MINORITIES,
    Audience.DISABLED_PEOPLE,
    Audience.RURAL,
    Audience.BUSINESSES,
    Audience.VICTIMS,
}


# -- the result -------------------------------------------------------------------------------


@dataclass
class Tally:
    people: int = 0
    # The latest record's time, as the database gave it (converted to a day only at the end).
    last: Any = None

    def add(self, people: int | None, last: Any) -> None:
        self.people += people or 0
        if last is not None and (self.last is None or last > self.last):
            self.last = last


@dataclass
class AreaPopulation:
    """An area's census figures for the analysis: by age band and by ethnic group."""

    ages: list[tuple[str, int]]
    ethnic: list[tuple[str, int]]
    estimated: bool = False
    basis: str = ""

    def of(self, rule: PopulationRule) -> tuple[int, int] | None:
        """(the group's population, the dimension's total), or None without figures."""
        rows = self.ages if rule.dimension == Dimension.AGE_BAND else self.ethnic
        total = sum(v for _c, v in rows)
        if not total:
            return None
        return round(sum(v * rule.weight(c) for c, v in rows)), total


@dataclass
class Gap:
    """A group in an area: who was reached against the population, and the sentence for it."""

    area: Area | None  # None: every area of the office (when it has no force area)
    group: Group
    reached: int
    known: int  # people reached whose group (in this sense) is known: the index's base
    population: int | None
    dimension_total: int | None
    last_reached: dt.date | None
    per_thousand: float | None
    index: int | None
    sentence: str = ""
    estimated: bool = False

    @property
    def group_label(self) -> str:
        return str(self.group.label)

    @property
    def area_name(self) -> str:
        return self.area.name if self.area is not None else _("all areas")

    @property
    def has_population(self) -> bool:
        return self.population is not None and self.population > 0

    @property
    def share(self) -> float | None:
        """The group's share of the area's population, 0 to 1."""
        if not self.population or not self.dimension_total:
            return None
        return self.population / self.dimension_total


@dataclass
class Quarter:
    start: dt.date
    label: str
    partial: bool
    reached: dict[tuple[int, str], int] = field(default_factory=dict)  # (row key, group) → people

    def of(self, area: Area | None, group: Group | str) -> int:
        code = group if isinstance(group, str) else group.code
        return self.reached.get((_key(area), code), 0)


@dataclass
class ChannelRecord:
    """How an activity type and channel reached an audience across the office in the period."""

    activity_type: str
    channel: str
    people: int
    activities: int

    @property
    def mean(self) -> float:
        return self.people / self.activities if self.activities else 0.0


@dataclass
class GapAnalysis:
    office: Office
    start: dt.date
    end: dt.date
    months: int
    root: Area | None
    areas: list[Area | None]  # the root first, then its parts
    groups: list[Group]
    cells: dict[tuple[int, str], Gap]
    by_quarter: list[Quarter]
    channels: dict[str, list[ChannelRecord]]  # audience → best first
    populations: dict[int, AreaPopulation]

    def cell(self, area: Area | None, group: Group | str) -> Gap:
        code = group if isinstance(group, str) else group.code
        return self.cells[(_key(area), code)]

    def rows(self) -> Iterator[tuple[Area | None, list[Gap]]]:
        for area in self.areas:
            yield area, [self.cell(area, g) for g in self.groups]

    @property
    def parts(self) -> list[Area | None]:
        return self.areas[1:]

    def trend(self, area: Area | None = None) -> list[tuple[Group, list[int]]]:
        """Each group's reach in `area` (the root by default) quarter by quarter."""
        area = self.root if area is None else area
        return [(g, [q.of(area, g) for q in self.by_quarter]) for g in self.groups]

    def largest(self, n: int = 10) -> list[Gap]:
        """The largest gaps first: the groups least reached for their share of the population.

        Ranked by index (lowest first; nobody reached is 0), the larger population first among
        equals. A group with no population figure is listed only when nobody of it was engaged
        at all in the period, and ranks as if its index were UNMEASURED_RANK: a gap, but one that
        cannot be measured against the population, so after groups reached less than half as
        often as their share. Only the root's parts are ranked when it has any (they are where a
        plan can go); the root's own row is their total.
        """
        candidates = []
        for area in self.parts or self.areas:
            for group in self.groups:
                gap = self.cell(area, group)
                if gap.has_population:
                    if gap.index is not None and gap.index < 100:
                        candidates.append((0, gap.index, -(gap.population or 0), gap))
                elif gap.population == 0:
                    continue  # nobody of the group lives there: no gap
                elif gap.reached == 0 and gap.last_reached is None:
                    candidates.append((1, UNMEASURED_RANK, 0, gap))
        candidates.sort(key=lambda c: (c[1], c[0], c[2], c[3].area_name, _order(c[3].group)))
        return [c[3] for c in candidates[:n]]


# Where a group with no population figure and no engagement at all ranks among the gaps.
UNMEASURED_RANK = 50


def _order(group: Group) -> int:
    return GROUPS.index(group)


def _key(area: Area | None) -> int:
    return area.pk if area is not None else 0


# -- the analysis -----------------------------------------------------------------------------


def period(end: dt.date, months: int) -> tuple[dt.date, dt.date]:
    """The first and last days of the `months` months to `end`: 12 to 3 December 2026 is 4
    December 2025 to 3 December 2026."""
    return end - relativedelta(months=months) + dt.timedelta(days=1), end


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )


def _day(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value  # type: ignore[no-any-return]


def _quarters(start: dt.date, end: dt.date) -> list[Quarter]:
    first = dt.date(start.year, 3 * ((start.month - 1) // 3) + 1, 1)
    quarters = []
    while first <= end:
        last = first + relativedelta(months=3) - dt.timedelta(days=1)
        label = _("%(first)s to %(last)s") % {
            "first": date_format(first, "M"),
            "last": date_format(last, "M Y"),
        }
        quarters.append(Quarter(first, label, partial=first < start or last > end))
        first += relativedelta(months=3)
    return quarters


class _Rows:
    """Which rows of the analysis a record in an area counts in: the area and those above it."""

    def __init__(self, areas: list[Area], root: Area | None, shown: list[Area | None]) -> None:
        self.parent = {a.pk: a.parent_id for a in areas}
        self.root = root
        self.shown = {_key(a) for a in shown}
        self._cache: dict[int | None, tuple[int, ...]] = {}

    def chain(self, area_id: int) -> list[int]:
        out: list[int] = []
        step: int | None = area_id
        while step is not None and step not in out and len(out) < 10:
            out.append(step)
            step = self.parent.get(step)
        return out

    def of(self, area_id: int | None) -> tuple[int, ...]:
        if area_id not in self._cache:
            if area_id is None:
                # Unplaced records count in the whole office's total only.
                rows: tuple[int, ...] = (_key(self.root),) if self._whole_office() else ()
            else:
                chain = self.chain(area_id)
                rows = tuple(k for k in chain if k in self.shown)
                if self.root is None and rows:
                    rows = (0, *rows)
            self._cache[area_id] = rows
        return self._cache[area_id]

    def _whole_office(self) -> bool:
        return self.root is None or self.root.kind == AreaKind.FORCE_AREA

    def subtree(self, area: Area) -> set[int]:
        return {pk for pk in self.parent if area.pk in self.chain(pk)}


def _in_rows(qs: QuerySet[Any], field_name: str, rows: _Rows) -> QuerySet[Any]:
    """Only records that can count in a row: when the root is one area, those inside it."""
    if rows.root is None or rows._whole_office():
        return qs
    return qs.filter(**{f"{field_name}__in": rows.subtree(rows.root)})


Tallies = dict[tuple[int, dt.date, str], Tally]


def _add(
    tallies: Tallies, rows: _Rows, area_id: int | None, quarter: Any, key: str, people: int | None,
    last: Any,
) -> None:  # fmt: skip
    day = _day(quarter)
    if day is None:
        return
    for row in rows.of(area_id):
        tallies.setdefault((row, day, key), Tally()).add(people, last)


def _tally(office: Office, start: dt.date, end: dt.date, rows: _Rows) -> Tallies:
    """Every channel's reach by row, quarter and tally key, in 6 or 7 aggregate queries."""
    since, until = _bounds(start, end)
    tallies: Tallies = {}
    quarter = DateField()

    activities = _in_rows(
        Activity.objects.filter(office=office, starts_at__gte=since, starts_at__lt=until),
        "area_id",
        rows,
    )
    for row in (
        activities.annotate(quarter=TruncQuarter("starts_at", output_field=quarter))
        .values("area_id", "quarter")
        .annotate(people=Sum(Coalesce("people_reached", 0)), last=Max("starts_at"))
        .order_by()
    ):
        _add(tallies, rows, row["area_id"], row["quarter"], "all", row["people"], row["last"])

    audiences = _in_rows(
        ActivityAudience.objects.filter(
            activity__office=office,
            activity__starts_at__gte=since,
            activity__starts_at__lt=until,
            audience__in=AUDIENCE_GROUPS,
        ),
        "activity__area_id",
        rows,
    )
    counted = Q(count__isnull=False)
    for row in (
        audiences.annotate(quarter=TruncQuarter("activity__starts_at", output_field=quarter))
        .values("activity__area_id", "audience", "quarter")
        .annotate(
            people=Sum("count"),
            # Everyone at an activity that counted the group is someone whose group is known.
            known=Sum(
                Greatest(Coalesce("activity__people_reached", "count"), "count"), filter=counted
            ),
            last=Max("activity__starts_at"),
        )
        .order_by()
    ):
        area_id, q, audience = row["activity__area_id"], row["quarter"], row["audience"]
        _add(tallies, rows, area_id, q, f"audience:{audience}", row["people"], row["last"])
        _add(tallies, rows, area_id, q, f"audience_known:{audience}", row["known"], None)

    reports = _in_rows(
        ForumReport.objects.filter(
            office=office, occurrence__starts_at__gte=since, occurrence__starts_at__lt=until
        ),
        "occurrence__area_id",
        rows,
    )
    for row in (
        reports.annotate(quarter=TruncQuarter("occurrence__starts_at", output_field=quarter))
        .values("occurrence__area_id", "quarter")
        .annotate(people=Sum("attendance"), last=Max("occurrence__starts_at"))
        .order_by()
    ):
        _add(
            tallies, rows, row["occurrence__area_id"], row["quarter"], "all", row["people"],
            row["last"],
        )  # fmt: skip

    responses = _in_rows(
        Response.objects.filter(office=office, submitted_at__gte=since, submitted_at__lt=until),
        "area_id",
        rows,
    ).annotate(quarter=TruncQuarter("submitted_at", output_field=quarter))
    # One pass over the respondents: a count and a latest date per answer, by area and quarter.
    answers = [
        (f"{prefix}:{value}", Q(**{column: value}))
        for column, prefix, values in RESPONSE_COLUMNS
        for value in values
    ]
    aggregates: dict[str, Any] = {"people": Count("pk"), "last": Max("submitted_at")}
    for n, (_tally_key, condition) in enumerate(answers):
        aggregates[f"n{n}"] = Count("pk", filter=condition)
        aggregates[f"last{n}"] = Max("submitted_at", filter=condition)
    for row in responses.values("area_id", "quarter").annotate(**aggregates).order_by():
        area_id, q = row["area_id"], row["quarter"]
        _add(tallies, rows, area_id, q, "all", row["people"], row["last"])
        for n, (key, _condition) in enumerate(answers):
            if row[f"n{n}"]:
                _add(tallies, rows, area_id, q, key, row[f"n{n}"], row[f"last{n}"])

    bookings = _in_rows(
        SurgeryBooking.objects.filter(
            office=office,
            status__in=LIVE_STATUSES,
            slot__starts_at__gte=since,
            slot__starts_at__lt=until,
            slot__session__cancelled_at__isnull=True,
        ),
        "slot__session__area_id",
        rows,
    )
    for row in (
        bookings.annotate(quarter=TruncQuarter("slot__starts_at", output_field=quarter))
        .values("slot__session__area_id", "quarter")
        .annotate(people=Count("pk"), last=Max("slot__starts_at"))
        .order_by()
    ):
        _add(
            tallies, rows, row["slot__session__area_id"], row["quarter"], "all", row["people"],
            row["last"],
        )  # fmt: skip

    _tally_subscribers(office, since, until, rows, tallies)
    return tallies


def _tally_subscribers(
    office: Office, since: dt.datetime, until: dt.datetime, rows: _Rows, tallies: Tallies
) -> None:
    """Subscribers choose several areas: each is counted once in each row it is in, by mapping
    its areas to rows in SQL and counting distinct subscribers (one query per level)."""
    subscribers = Subscriber.objects.filter(
        office=office, confirmed_at__gte=since, confirmed_at__lt=until
    ).annotate(quarter=TruncQuarter("confirmed_at", output_field=DateField()))
    levels: list[list[tuple[int, set[int]]]] = []
    parts = [k for k in rows.shown if k != _key(rows.root)]
    if rows.root is not None:
        root_ids = rows.subtree(rows.root) if not rows._whole_office() else None
        levels.append([(rows.root.pk, root_ids or set())])
    elif rows.shown:
        levels.append([(0, set())])
    levels.append([(k, {pk for pk in rows.parent if k in rows.chain(pk)}) for k in parts])
    for level in levels:
        if not level:
            continue
        if len(level) == 1 and not level[0][1]:  # the whole office: every subscriber
            qs = subscribers.annotate(row=Value(level[0][0], output_field=IntegerField()))
        else:
            row_of = Case(
                *(When(areas__in=list(ids), then=Value(k)) for k, ids in level if ids),
                default=None,
                output_field=IntegerField(),
            )
            qs = subscribers.annotate(row=row_of).filter(row__isnull=False)
        for row in (
            qs.values("row", "quarter")
            .annotate(people=Count("pk", distinct=True), last=Max("confirmed_at"))
            .order_by()
        ):
            day = _day(row["quarter"])
            if day is not None:
                tallies.setdefault((row["row"], day, "all"), Tally()).add(
                    row["people"], row["last"]
                )


def _channels(office: Office, start: dt.date, end: dt.date) -> dict[str, list[ChannelRecord]]:
    """Which activity types and channels reached each audience, most people per activity first."""
    since, until = _bounds(start, end)
    out: dict[str, list[ChannelRecord]] = defaultdict(list)
    for row in (
        ActivityAudience.objects.filter(
            activity__office=office,
            activity__starts_at__gte=since,
            activity__starts_at__lt=until,
            count__isnull=False,
        )
        .values("audience", "activity__type", "activity__channel")
        .annotate(people=Sum("count"), activities=Count("activity_id", distinct=True))
        .order_by()
    ):
        out[row["audience"]].append(
            ChannelRecord(
                row["activity__type"], row["activity__channel"], row["people"], row["activities"]
            )
        )
    for records in out.values():
        records.sort(key=lambda r: (-r.mean, -r.activities, r.activity_type))
    return dict(out)


def _population(area: Area) -> AreaPopulation:
    ages = population_of(area, Dimension.AGE_BAND)
    ethnic = population_of(area, Dimension.ETHNIC_GROUP)
    basis = next((p.basis for p in (ages, ethnic) if p.estimated and p.basis), "")
    return AreaPopulation(
        ages=list(ages.rows),
        ethnic=list(ethnic.rows),
        estimated=ages.estimated or ethnic.estimated,
        basis=basis,
    )


def _sum_populations(parts: Iterable[AreaPopulation]) -> AreaPopulation:
    ages: dict[str, int] = defaultdict(int)
    ethnic: dict[str, int] = defaultdict(int)
    estimated = False
    for part in parts:
        for c, v in part.ages:
            ages[c] += v
        for c, v in part.ethnic:
            ethnic[c] += v
        estimated = estimated or part.estimated
    return AreaPopulation(list(ages.items()), list(ethnic.items()), estimated)


def _shown_areas(
    office: Office, areas: list[Area], area: Area | None
) -> tuple[Area | None, list[Area]]:
    if area is not None:
        root: Area | None = area
    else:
        root = next(
            (a for a in sorted(areas, key=lambda a: a.pk) if a.kind == AreaKind.FORCE_AREA), None
        )
    if root is not None:
        parts = [a for a in areas if a.parent_id == root.pk]
    else:
        parts = [a for a in areas if a.kind == AreaKind.DISTRICT]
    return root, sorted(parts, key=lambda a: a.name)


def gap_analysis(
    office: Office, *, end: dt.date, months: int = 12, area: Area | None = None
) -> GapAnalysis:
    """Reach per area and group over the `months` months to `end` (see the module docstring).

    `area` narrows the analysis to one area and its parts (a district and its forum areas);
    by default it is the force area and its districts. Raises ValueError for another office's
    area. Queries: the areas, 8 aggregates of the channels, one of activity channels, and the
    census figures of each area shown (a few each, through places.queries.population_of).
    """
    if area is not None and area.office_id != office.pk:
        raise ValueError("The area must belong to the office.")
    if months < 1:
        raise ValueError("The period must be at least a month.")
    start, end = period(end, months)
    areas = list(Area.objects.for_office(office).select_related("parent"))
    root, parts = _shown_areas(office, areas, area)
    shown: list[Area | None] = [root, *parts]
    rows = _Rows(areas, root, shown)
    tallies = _tally(office, start, end, rows)

    populations: dict[int, AreaPopulation] = {}
    for part in parts:
        populations[part.pk] = _population(part)
    if root is not None:
        populations[root.pk] = _population(root)
        if not any(v for _c, v in populations[root.pk].ages) and parts:
            populations[root.pk] = _sum_populations(populations[p.pk] for p in parts)
    else:
        populations[0] = _sum_populations(populations[p.pk] for p in parts)

    quarters = _quarters(start, end)
    totals: dict[tuple[int, str], Tally] = defaultdict(Tally)
    for (row, _quarter_start, key), tally in tallies.items():
        totals[(row, key)].add(tally.people, tally.last)
    for q in quarters:
        for area_ in shown:
            for group in GROUPS:
                q.reached[(_key(area_), group.code)] = sum(
                    tallies[(_key(area_), q.start, k)].people
                    for k in group.reach
                    if (_key(area_), q.start, k) in tallies
                )

    cells: dict[tuple[int, str], Gap] = {}
    for area_ in shown:
        pop = populations[_key(area_)]
        for group in GROUPS:
            reached = Tally()
            for k in group.reach:
                t = totals.get((_key(area_), k))
                if t:
                    reached.add(t.people, t.last)
            known = sum(
                totals[(_key(area_), k)].people for k in group.known if (_key(area_), k) in totals
            )
            figures = pop.of(group.population) if group.population else None
            population, total = figures if figures else (None, None)
            per_thousand = 1000 * reached.people / population if population else None
            cells[(_key(area_), group.code)] = Gap(
                area=area_,
                group=group,
                reached=reached.people,
                known=known,
                population=population,
                dimension_total=total,
                last_reached=_day(reached.last),
                per_thousand=per_thousand,
                index=None,
                estimated=pop.estimated,
            )
    root_all = cells[(_key(root), "all")]
    for gap in cells.values():
        gap.index = _index(gap, root_all)
    analysis = GapAnalysis(
        office=office,
        start=start,
        end=end,
        months=months,
        root=root,
        areas=shown,
        groups=list(GROUPS),
        cells=cells,
        by_quarter=quarters,
        channels=_channels(office, start, end),
        populations=populations,
    )
    for gap in cells.values():
        gap.sentence = _sentence(gap, analysis)
    return analysis


def _index(gap: Gap, root_all: Gap) -> int | None:
    if not gap.has_population or gap.population is None:
        return None
    if gap.reached == 0:
        return 0
    if gap.group.code == "all":
        if not root_all.per_thousand or gap.per_thousand is None:
            return None
        return round(100 * gap.per_thousand / root_all.per_thousand)
    share = gap.share
    if not gap.known or not share:
        return None
    return round(100 * (gap.reached / gap.known) / share)


# A group last engaged this many months before the end of the period is "not heard from" for that
# long, whatever its figures over the whole period.
QUIET_MONTHS = 3


def months_since(day: dt.date, end: dt.date) -> int:
    months = (end.year - day.year) * 12 + end.month - day.month
    return months - 1 if end.day < day.day else months


def _sentence(gap: Gap, analysis: GapAnalysis) -> str:
    who = {"group": capfirst(str(gap.group.noun)), "area": gap.area_name}
    if gap.last_reached is None:
        return ngettext(
            "%(group)s in %(area)s: no engagement in the %(months)d month to %(end)s",
            "%(group)s in %(area)s: no engagement in the %(months)d months to %(end)s",
            analysis.months,
        ) % {**who, "months": analysis.months, "end": date_format(analysis.end, "j F Y")}
    since = months_since(gap.last_reached, analysis.end)
    if since >= QUIET_MONTHS:
        return ngettext(
            "%(group)s in %(area)s: no engagement in %(months)d month",
            "%(group)s in %(area)s: no engagement in %(months)d months",
            since,
        ) % {**who, "months": since}
    if gap.reached == 0:
        return _("%(group)s in %(area)s: engaged, but the number reached was not recorded") % who
    if gap.per_thousand is None:
        return ngettext(
            "%(group)s in %(area)s: %(count)s reached (there is no population figure)",
            "%(group)s in %(area)s: %(count)s reached (there is no population figure)",
            gap.reached,
        ) % {**who, "count": f"{gap.reached:,}"}
    if gap.group.code == "all":
        whole = analysis.cell(analysis.root, "all")
        return _(
            "%(group)s in %(area)s: %(rate)s per 1,000 reached, against %(whole)s across "
            "%(root)s (index %(index)s)"
        ) % {
            **who,
            "rate": per_thousand_text(gap.per_thousand),
            "whole": per_thousand_text(whole.per_thousand),
            "root": whole.area_name,
            "index": gap.index,
        }
    return _("%(group)s in %(area)s: %(rate)s per 1,000 reached, index %(index)s") % {
        **who,
        "rate": per_thousand_text(gap.per_thousand),
        "index": gap.index if gap.index is not None else "–",
    }


def per_thousand_text(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


# -- suggestions ------------------------------------------------------------------------------

# When no activity in the period counted a group, the kind of engagement that usually reaches it.
USUAL_WAY: dict[str, tuple[str, str]] = {
    "young_people": (ActivityType.YOUTH_COUNCIL, Channel.IN_PERSON),
    "age_16-24": (ActivityType.SOCIAL_MEDIA, Channel.SOCIAL_MEDIA),
    "age_25-34": (ActivityType.SOCIAL_MEDIA, Channel.SOCIAL_MEDIA),
    "age_35-44": (ActivityType.PUBLIC_MEETING, Channel.ONLINE),
    "age_45-54": (ActivityType.PUBLIC_MEETING, Channel.ONLINE),
    "age_55-64": (ActivityType.PUBLIC_MEETING, Channel.IN_PERSON),
    "age_65-74": (ActivityType.VISIT, Channel.IN_PERSON),
    "age_75+": (ActivityType.VISIT, Channel.IN_PERSON),
    "older_people": (ActivityType.VISIT, Channel.IN_PERSON),
    "disabled_people": (ActivityType.IAG_MEETING, Channel.IN_PERSON),
    "rural": (ActivityType.PUBLIC_MEETING, Channel.IN_PERSON),
    "businesses": (ActivityType.VISIT, Channel.IN_PERSON),
    "victims": (ActivityType.EVENT, Channel.IN_PERSON),
}
DEFAULT_WAY: tuple[str, str] = (ActivityType.PUBLIC_MEETING, Channel.IN_PERSON)
ETHNIC_WAY: tuple[str, str] = (ActivityType.VISIT, Channel.IN_PERSON)
# An activity type and channel is evidence for a group once it has reached it this often.
ENOUGH_ACTIVITIES = 2


@dataclass
class Suggestion:
    """An engagement to plan next for a gap: the area, the group, the way, why, and the figures."""

    gap: Gap
    activity_type: str
    channel: str
    reason: str
    evidence: list[str]

    @property
    def area(self) -> Area | None:
        return self.gap.area

    @property
    def group(self) -> Group:
        return self.gap.group

    @property
    def audiences(self) -> list[str]:
        return [self.group.audience]

    @property
    def title(self) -> str:
        return _("%(type)s for %(group)s in %(area)s") % {
            "type": ActivityType(self.activity_type).label,
            "group": self.group.noun,
            "area": self.gap.area_name,
        }

    @property
    def way(self) -> str:
        return _("%(type)s (%(channel)s)") % {
            "type": ActivityType(self.activity_type).label,
            "channel": str(Channel(self.channel).label).lower(),
        }

    @property
    def suggested_because(self) -> str:
        return "\n".join([self.reason + ".", *self.evidence])


def _evidence(gap: Gap, analysis: GapAnalysis) -> list[str]:
    lines = []
    period_text = _("%(start)s to %(end)s") % {
        "start": date_format(analysis.start, "j F Y"),
        "end": date_format(analysis.end, "j F Y"),
    }
    if gap.has_population:
        lines.append(
            _(
                "Reached %(reached)s of %(population)s (%(rate)s per 1,000) from %(period)s; "
                "index %(index)s, where 100 is in proportion to their share of the population."
            )
            % {
                "reached": f"{gap.reached:,}",
                "population": f"{gap.population:,}",
                "rate": per_thousand_text(gap.per_thousand),
                "period": period_text,
                "index": gap.index if gap.index is not None else "–",
            }
        )
    else:
        lines.append(
            _(
                "Reached %(reached)s from %(period)s. There is no population figure for %(group)s: counts only."
            )
            % {"reached": f"{gap.reached:,}", "period": period_text, "group": gap.group.noun}
        )
    if gap.last_reached:
        lines.append(
            _("Last engaged on %(date)s.") % {"date": date_format(gap.last_reached, "j F Y")}
        )
    if gap.area is not None and gap.group.code != "all":
        everyone = analysis.cell(gap.area, "all")
        if everyone.per_thousand is not None:
            lines.append(
                _("All residents of %(area)s: %(rate)s per 1,000 reached.")
                % {"area": gap.area_name, "rate": per_thousand_text(everyone.per_thousand)}
            )
    return lines


def _way(gap: Gap, analysis: GapAnalysis) -> tuple[str, str, str]:
    """(activity type, channel, why) for reaching the gap's group."""
    records = [
        r
        for r in analysis.channels.get(gap.group.audience, [])
        if r.activities >= ENOUGH_ACTIVITIES
    ]
    if records and gap.group.audience != Audience.GENERAL_PUBLIC:
        best = records[0]
        why = _(
            "Across the office in the period, %(type)s (%(channel)s) reached %(mean)s %(audience)s "
            "on average, over %(count)s activities: the most of any way."
        ) % {
            "type": str(ActivityType(best.activity_type).label).lower(),
            "channel": str(Channel(best.channel).label).lower(),
            "mean": f"{best.mean:,.0f}",
            "audience": str(Audience(gap.group.audience).label).lower(),
            "count": best.activities,
        }
        return best.activity_type, best.channel, why
    if gap.group.kind == "ethnic" and gap.group.code != "ethnic_white":
        activity_type, channel = ETHNIC_WAY
    else:
        activity_type, channel = USUAL_WAY.get(gap.group.code, DEFAULT_WAY)
    why = _(
        "No activity in the period counted this group: %(type)s (%(channel)s) is the usual way to reach them."
    ) % {
        "type": str(ActivityType(activity_type).label).lower(),
        "channel": str(Channel(channel).label).lower(),
    }
    return activity_type, channel, why


def suggestions(analysis: GapAnalysis, n: int = 3) -> list[Suggestion]:
    """What to plan next: for the largest gaps, an area, a group and a way to reach them.

    One suggestion per area and audience; a gap already covered by the plan (an item not dropped,
    from this month on, in that area for that audience) is left out. One query (the plan).
    """
    from engage.planning.models import PlanItem, PlanStatus

    this_month = analysis.end.replace(day=1)
    planned = {
        (row["area_id"], audience)
        for row in PlanItem.objects.for_office(analysis.office)
        .filter(month__gte=this_month)
        .exclude(status=PlanStatus.DROPPED)
        .values("area_id", "audiences")
        for audience in row["audiences"] or []
    }
    out: list[Suggestion] = []
    seen: set[tuple[int, str]] = set()
    for gap in analysis.largest(n=len(analysis.cells)):
        if gap.area is None:
            continue  # a plan goes in a place
        key = (gap.area.pk, gap.group.audience)
        if key in seen or key in planned:
            continue
        seen.add(key)
        activity_type, channel, why = _way(gap, analysis)
        out.append(
            Suggestion(gap, activity_type, channel, gap.sentence, [*_evidence(gap, analysis), why])
        )
        if len(out) >= n:
            break
    return out


def find_suggestion(analysis: GapAnalysis, area_pk: int, group: str) -> Suggestion | None:
    """The current suggestion for this area and group, if it still stands."""
    for suggestion in suggestions(analysis, n=len(analysis.cells)):
        if (
            suggestion.gap.area is not None
            and suggestion.gap.area.pk == area_pk
            and suggestion.group.code == group
        ):
            return suggestion
    return None


__all__ = [
    "GROUPS",
    "Gap",
    "GapAnalysis",
    "Group",
    "Suggestion",
    "find_suggestion",
    "gap_analysis",
    "suggestions",
]

"""Reads for sharing: an office's benchmark figures, the comparison, and the practice library."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection
from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from engage.consultations.models import Response
from engage.core.models import Office
from engage.engagements.models import (
    Activity,
    ActivityAudience,
    ActivityType,
    Audience,
    Channel,
    Concern,
    Feedback,
    SurgerySession,
)
from engage.meetings.services import local_datetime
from engage.messaging.models import Subscriber
from engage.places.models import Area, AreaKind, Dimension
from engage.places.queries import population_of
from engage.sharing import benchmarks
from engage.sharing.benchmarks import Document, Measure, Quarter, measure, suppressed
from engage.sharing.models import AreaType, BenchmarkFile, CaseStudy

# -- our figures --------------------------------------------------------------------------------


def _round(value: Decimal | float, places: str) -> float:
    return float(Decimal(str(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP))


def force_area(office: Office) -> Area | None:
    return Area.objects.for_office(office).filter(kind=AreaKind.FORCE_AREA).first()


def _group_shares(area: Area | None) -> tuple[int | None, dict[str, float]]:
    """The force area's population and the share of it in each group the census counts."""
    if area is None:
        return None, {}
    shares: dict[str, float] = {}
    ages = population_of(area, Dimension.AGE_BAND)
    total = ages.total or None
    if ages:
        young = sum(v for label, v in ages.rows if _band_start(label) < 25)
        older = sum(v for label, v in ages.rows if _band_start(label) >= 65)
        shares[Audience.YOUNG_PEOPLE] = young / ages.total
        shares[Audience.OLDER_PEOPLE] = older / ages.total
    ethnic = population_of(area, Dimension.ETHNIC_GROUP)
    if ethnic:
        total = total or ethnic.total
        white = sum(v for label, v in ethnic.rows if label == "White")
        shares[Audience.ETHNIC_MINORITIES] = 1 - white / ethnic.total
    sexes = population_of(area, Dimension.SEX)
    if sexes:
        total = total or sexes.total
        shares[Audience.WOMEN_AND_GIRLS] = dict(sexes.rows).get("Female", 0) / sexes.total
    return total, shares


def _band_start(label: str) -> int:
    """ "Aged 20 to 24 years" -> 20; "Aged 4 years and under" -> 0."""
    digits = [int(w) for w in label.split() if w.isdigit()]
    return 0 if "under" in label else (digits[0] if digits else 0)


def benchmark_figures(office: Office, quarter: Quarter) -> Document:
    """The office's figures for `quarter` in the benchmark format, small counts suppressed.

    About a dozen queries, whatever the number of activities.
    """
    start = local_datetime(quarter.starts_on, dt.time(0, 0))
    end = local_datetime(quarter.ends_on + dt.timedelta(days=1), dt.time(0, 0))
    area = force_area(office)
    population, shares = _group_shares(area)

    def per_1000(count: int | None) -> float | None:
        if count is None or not population:
            return None
        return _round(Decimal(count) * 1000 / population, "0.1")

    def people(name: str, count: int, category: str = "") -> Measure:
        return measure(
            name, count, category=category, per_1000=per_1000(count), hide=suppressed(count)
        )

    activities = Activity.objects.for_office(office).filter(starts_at__gte=start, starts_at__lt=end)
    totals = activities.aggregate(
        n=Count("pk"),
        reached=Sum("people_reached"),
        cost=Sum("cost"),
        hours=Sum("staff_hours"),
    )
    costed = activities.filter(cost__isnull=False, people_reached__isnull=False).aggregate(
        cost=Sum("cost"), reached=Sum("people_reached")
    )
    by_channel = {
        r["channel"]: r
        for r in activities.values("channel")
        .annotate(n=Count("pk"), reached=Sum("people_reached"))
        .order_by()
    }
    by_type = {
        r["type"]: r
        for r in activities.values("type")
        .annotate(n=Count("pk"), reached=Sum("people_reached"))
        .order_by()
    }
    reached = totals["reached"] or 0
    measures: list[Measure] = [measure("activities_held", totals["n"])]
    measures += [
        measure("activities_by_channel", by_channel[c]["n"], category=c)
        for c in Channel.values
        if c in by_channel
    ]
    measures += [
        measure("activities_by_type", by_type[t]["n"], category=t)
        for t in ActivityType.values
        if t in by_type
    ]
    measures.append(people("people_reached", reached))
    measures += [
        people("people_reached_by_channel", by_channel[c]["reached"] or 0, c)
        for c in Channel.values
        if c in by_channel
    ]
    measures += [
        people("people_reached_by_type", by_type[t]["reached"] or 0, t)
        for t in ActivityType.values
        if t in by_type
    ]
    measures.append(measure("cost", _round(totals["cost"] or 0, "0.01")))
    costed_people = costed["reached"] or 0
    measures.append(
        measure(
            "cost_per_person_reached",
            _round(costed["cost"] / costed_people, "0.01") if costed_people else None,
            hide=suppressed(costed_people),
        )
    )
    measures.append(measure("staff_hours", _round(totals["hours"] or 0, "0.1")))
    responses = (
        Response.objects.for_office(office)
        .filter(submitted_at__gte=start, submitted_at__lt=end)
        .count()
    )
    measures.append(people("consultation_responses", responses))
    subscribers = (
        Subscriber.objects.for_office(office)
        .filter(confirmed_at__lt=end)
        .filter(Q(left_at__isnull=True) | Q(left_at__gte=end))
        .count()
    )
    measures.append(people("alert_subscribers", subscribers))
    concerns = (
        Concern.objects.for_office(office)
        .filter(raised_on__gte=quarter.starts_on, raised_on__lte=quarter.ends_on)
        .count()
    )
    measures.append(people("concerns_raised", concerns))
    surgeries = (
        SurgerySession.objects.for_office(office)
        .filter(starts_at__gte=start, starts_at__lt=end, cancelled_at__isnull=True)
        .count()
    )
    measures.append(measure("surgeries_held", surgeries))
    ratings = Feedback.objects.filter(activity__in=activities).aggregate(
        n=Count("pk"), mean=Avg("rating")
    )
    measures.append(measure("feedback_ratings", ratings["n"], hide=suppressed(ratings["n"])))
    measures.append(
        measure(
            "average_feedback_rating",
            _round(ratings["mean"], "0.01") if ratings["n"] else None,
            hide=suppressed(ratings["n"]),
        )
    )
    groups = {
        r["audience"]: r["n"]
        for r in ActivityAudience.objects.filter(activity__in=activities, count__isnull=False)
        .values("audience")
        .annotate(n=Sum("count"))
        .order_by()
    }
    for audience in Audience.values:
        if audience not in groups:
            continue
        count = groups[audience]
        share = shares.get(audience)
        index = (
            int(_round(Decimal(count) / reached / Decimal(str(share)) * 100, "1"))
            if share and reached
            else None
        )
        measures.append(
            measure(
                "group_reach",
                count,
                category=audience,
                per_1000=None,
                index=index,
                hide=suppressed(count),
            )
        )
    return benchmarks.document(
        office_name=office.name,
        force_area_code=area.ons_code if area is not None else "",
        quarter=quarter,
        population=population,
        measures=measures,
    )


# -- comparison ---------------------------------------------------------------------------------


def benchmark_files(office: Office) -> QuerySet[BenchmarkFile]:
    return BenchmarkFile.objects.for_office(office).select_related("imported_by")


def quarters_with_files(office: Office) -> list[Quarter]:
    rows = benchmark_files(office).values_list("financial_year", "quarter").distinct()
    found = {Quarter.from_labels(y, q) for y, q in rows}
    return sorted((q for q in found if q is not None), reverse=True)


@dataclass(frozen=True)
class Cell:
    value: float | int | None
    suppressed: bool = False
    missing: bool = False  # the file has no such measure (none held, or not recorded)


@dataclass
class ComparisonRow:
    label: str
    unit: str  # "count", "per_1000", "pounds", "hours", "rating", "index"
    cells: list[Cell]
    group: str = ""


@dataclass
class Comparison:
    quarter: Quarter
    columns: list[str]  # office names, ours first
    populations: list[int | None]
    rows: list[ComparisonRow] = field(default_factory=list)

    @property
    def has_others(self) -> bool:
        return len(self.columns) > 1


def _lookup(doc: Document) -> dict[tuple[str, str], Measure]:
    return {(m["measure"], m["category"]): m for m in doc["measures"]}


# (measure, category, which figure, unit, label); categories expand per channel and group.
COMPARED: tuple[tuple[str, str, str, str], ...] = (
    ("activities_held", "value", "count", ""),
    ("people_reached", "value", "count", ""),
    ("people_reached", "per_1000_residents", "per_1000", ""),
    ("cost", "value", "pounds", ""),
    ("cost_per_person_reached", "value", "pounds", ""),
    ("staff_hours", "value", "hours", ""),
    ("consultation_responses", "per_1000_residents", "per_1000", ""),
    ("alert_subscribers", "per_1000_residents", "per_1000", ""),
    ("concerns_raised", "per_1000_residents", "per_1000", ""),
    ("surgeries_held", "value", "count", ""),
    ("average_feedback_rating", "value", "rating", ""),
)


def _cell(found: Measure | None, figure: str) -> Cell:
    if found is None:
        return Cell(None, missing=True)
    return Cell(found[figure], suppressed=bool(found["suppressed"]))


def comparison(office: Office, quarter: Quarter) -> Comparison:
    """Our figures and each imported office's for `quarter`, side by side, measure by measure."""
    ours = benchmark_figures(office, quarter)
    files = list(
        benchmark_files(office)
        .filter(financial_year=quarter.financial_year, quarter=quarter.number)
        .order_by("source_name")
    )
    docs = [ours, *(f.document for f in files)]
    lookups = [_lookup(d) for d in docs]
    titles = benchmarks.measure_titles()
    table = Comparison(
        quarter=quarter,
        columns=[office.short_name, *(f.source_name for f in files)],
        populations=[d["population"] for d in docs],
    )
    per_1000 = _("per 1,000 residents")
    for name, figure, unit, _group in COMPARED:
        label = titles[name] if figure == "value" else f"{titles[name]} {per_1000}"
        table.rows.append(
            ComparisonRow(str(label), unit, [_cell(lk.get((name, "")), figure) for lk in lookups])
        )
    for channel, channel_label in Channel.choices:
        cells = [
            _cell(lk.get(("people_reached_by_channel", channel)), "per_1000_residents")
            for lk in lookups
        ]
        if any(not c.missing for c in cells):
            table.rows.append(ComparisonRow(str(channel_label), "per_1000", cells, group="channel"))
    for audience, audience_label in Audience.choices:
        cells = [_cell(lk.get(("group_reach", audience)), "index") for lk in lookups]
        if any(c.value is not None or c.suppressed for c in cells):
            table.rows.append(ComparisonRow(str(audience_label), "index", cells, group="groups"))
    return table


def category_label(measure_name: str, category: str) -> str:
    """A measure's category as people read it: "Radio or television" for `broadcast`."""
    if not category:
        return ""
    choices = (
        Audience
        if measure_name == "group_reach"
        else Channel
        if measure_name.endswith("_by_channel")
        else ActivityType
    )
    return str(dict(choices.choices).get(category, category))


# -- the practice library -----------------------------------------------------------------------


def case_studies(office: Office) -> QuerySet[CaseStudy]:
    return CaseStudy.objects.for_office(office).select_related("activity")


def search_case_studies(office: Office, text: str) -> QuerySet[CaseStudy]:
    """Case studies whose title, what was done, lessons or tags match `text`.

    On PostgreSQL, full-text search in English (so "volunteers" finds "volunteer"), best first;
    on SQLite, every word must appear somewhere in those fields, newest first.
    """
    qs = case_studies(office)
    words = text.split()
    if not words:
        return qs
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = (
            SearchVector("title", weight="A", config="english")
            + SearchVector("tags", weight="A", config="english")
            + SearchVector("lessons", weight="B", config="english")
            + SearchVector("what_was_done", weight="B", config="english")
            + SearchVector("outcome", weight="C", config="english")
        )
        query = SearchQuery(text, search_type="websearch", config="english")
        return (
            qs.annotate(rank=SearchRank(vector, query))
            .filter(rank__gt=0)
            .order_by("-rank", "-updated_at")
        )
    for word in words:
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(what_was_done__icontains=word)
            | Q(lessons__icontains=word)
            | Q(outcome__icontains=word)
            | Q(tags__icontains=word)
        )
    return qs


def draft_from_activity(activity: Activity) -> dict[str, Any]:
    """A case study's first draft from an activity's record: its figures, who it was for and
    its outcome. Never its notes, partners or who attended (they may name people)."""
    audiences = list(activity.audiences.values_list("audience", flat=True))
    if activity.channel != Channel.IN_PERSON:
        area_type = (
            AreaType.ONLINE if activity.channel in (Channel.ONLINE, Channel.SOCIAL_MEDIA) else ""
        )
    else:
        area_type = AreaType.RURAL if Audience.RURAL in audiences else ""
    kind = str(activity.get_type_display())
    channel = str(activity.get_channel_display())
    if channel.lower() not in kind.lower():
        kind = f"{kind} ({channel.lower()})"
    what = _("%(kind)s on %(date)s: %(title)s.") % {
        "kind": kind,
        "date": date_format(timezone.localdate(activity.starts_at), "j F Y"),
        "title": activity.title,
    }
    tags = [str(activity.get_type_display()).lower(), *activity.objectives]
    return {
        "title": activity.title,
        "what_was_done": what,
        "audiences": audiences,
        "area_type": area_type,
        "cost": activity.cost,
        "people_reached": activity.people_reached,
        "outcome": activity.outcome,
        "lessons": "",
        "tags": ", ".join(t.replace("_", " ") for t in tags),
        "activity": activity.pk,
        "published": False,
    }

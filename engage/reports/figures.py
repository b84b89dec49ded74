"""The office's engagement figures for a period and an area: the one place the dashboard and the
Panel and annual reports get their numbers.

`figures_for(office, period, area=None)` answers, for the dates from `period.start` to
`period.end` (both included, London time) and optionally an area and every area inside it:

- activities held and people reached, by channel, by type, by district and by month; their cost,
  staff hours and cost per person reached; the participants' average feedback rating;
- community forum meetings the ambassadors reported on, and the residents at them (counted apart
  from activities: a forum is logged as a meeting, and its report gives its attendance);
- consultations open and closed, responses received by channel, each consultation's figures;
- concerns raised by theme and how many fed a published decision;
- decisions and "you said, we did" pages published;
- surgeries held and the people seen at them;
- alert subscribers (confirmed, by channel) and alerts sent.

Every figure is one aggregate query (GROUP BY in the database), so the number of queries is the
same whatever the office's size: `QUERIES` of them, plus nothing per row.

Which records an area takes in: activities, forum meetings, concerns, surgeries and responses
placed in it or an area inside it; consultations aimed at it, at an area inside it or one it is part of (a
consultation of the whole force area is open to everyone in it); subscribers who chose it or an
area inside it; alerts sent to it, an area inside it or one it is part of. Decisions and "you
said, we did" pages are the office's whatever the area: they have no place of their own.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.db.models import (
    Avg,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from engage.consultations.models import Consultation, Response, ResponseChannel, Status
from engage.core.models import Office
from engage.decisions.models import Decision, Evidence, EvidenceKind, Outcome
from engage.engagements.models import (
    Activity,
    ActivityType,
    BookingStatus,
    Channel,
    Concern,
    ConcernTheme,
    Feedback,
    SurgeryBooking,
    SurgerySession,
)
from engage.meetings.models import ForumReport
from engage.messaging.models import Alert, AlertStatus, Message, MessageStatus, Subscriber
from engage.messaging.models import Channel as AlertChannel
from engage.places.models import Area, AreaKind

LONDON = ZoneInfo("Europe/London")
# The queries one call of `figures_for` makes, whatever the size of the office (tests hold it).
QUERIES = 19
# People seen at a surgery: they came (and their case may since have been closed).
SEEN = (BookingStatus.ATTENDED, BookingStatus.CLOSED)
# The evidence kinds through which a concern feeds a decision (as decisions.queries reads them).
CONCERN_EVIDENCE = (
    EvidenceKind.CONCERN,
    EvidenceKind.CONCERN_THEME,
    EvidenceKind.ACTIVITY,
    EvidenceKind.FORUM_REPORT,
)


# -- periods ----------------------------------------------------------------------------------


def financial_year_of(day: dt.date) -> int:
    """The year a day's financial year starts in: 1 April 2026 to 31 March 2027 is 2026."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_label(year: int) -> str:
    """2026 → "2026-27", as the reports' web addresses write it."""
    return f"{year}-{(year + 1) % 100:02d}"


@dataclass(frozen=True)
class Period:
    """Dates from `start` to `end`, both included, with a name people read."""

    start: dt.date
    end: dt.date
    label: str

    @property
    def starts_at(self) -> dt.datetime:
        return dt.datetime.combine(self.start, dt.time.min, tzinfo=LONDON)

    @property
    def ends_before(self) -> dt.datetime:
        """Midnight at the end of the last day (London time): the period is before it."""
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=LONDON)

    @property
    def months(self) -> list[dt.date]:
        """The first day of each month the period touches, in order."""
        month, found = self.start.replace(day=1), []
        while month <= self.end:
            found.append(month)
            month += relativedelta(months=1)
        return found

    def has_ended(self, today: dt.date | None = None) -> bool:
        return self.end < (today or timezone.localdate())


def quarter(year: int, number: int) -> Period:
    """Quarter 1 to 4 of the financial year starting in April `year` (Q1 is April to June)."""
    if number not in (1, 2, 3, 4):
        raise ValueError(f"no quarter {number}")
    start = dt.date(year, 4, 1) + relativedelta(months=3 * (number - 1))
    end = start + relativedelta(months=3) - dt.timedelta(days=1)
    label = _("Quarter %(number)s of %(first)s to %(second)s (%(start)s to %(end)s)") % {
        "number": number,
        "first": year,
        "second": year + 1,
        "start": date_format(start, "j F Y"),
        "end": date_format(end, "j F Y"),
    }
    return Period(start, end, str(label))


def quarter_of(day: dt.date) -> tuple[int, int]:
    """(financial year, quarter) of a day: 15 August 2026 is (2026, 2)."""
    year = financial_year_of(day)
    return year, (day.month - 4) % 12 // 3 + 1


def financial_year(year: int) -> Period:
    start, end = dt.date(year, 4, 1), dt.date(year + 1, 3, 31)
    label = _("Financial year %(first)s to %(second)s") % {"first": year, "second": year + 1}
    return Period(start, end, str(label))


def custom(start: dt.date, end: dt.date) -> Period:
    label = _("%(start)s to %(end)s") % {
        "start": date_format(start, "j F Y"),
        "end": date_format(end, "j F Y"),
    }
    return Period(start, end, str(label))


# -- what the figures are -----------------------------------------------------------------------


@dataclass(frozen=True)
class Reach:
    """Activities and the people they reached, for one channel, type, district or month."""

    key: str
    label: str
    activities: int
    people: int


@dataclass(frozen=True)
class Tally:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class ThemeRow:
    theme: str
    concerns: int
    people: int
    fed_decision: int


@dataclass(frozen=True)
class ConsultationRow:
    consultation: Consultation
    responses: int  # received in the period (from the area, when one is chosen)
    decisions: int  # published decisions that took it as evidence
    outcome_published: bool


@dataclass
class Figures:
    """Everything the dashboard and the reports say about a period (see the module's docstring)."""

    office: Office
    period: Period
    area: Area | None
    activities: int = 0
    people_reached: int = 0
    # Activities that recorded how many people they reached (the rest are counted, not summed).
    activities_with_people: int = 0
    by_channel: list[Reach] = field(default_factory=list)
    by_type: list[Reach] = field(default_factory=list)
    by_district: list[Reach] = field(default_factory=list)
    by_month: list[Reach] = field(default_factory=list)
    cost: Decimal = Decimal("0")
    staff_hours: Decimal = Decimal("0")
    # Cost of the activities that recorded both a cost and a number of people, over those people.
    cost_per_person: Decimal | None = None
    ratings: int = 0
    average_rating: Decimal | None = None
    forums_reported: int = 0
    forum_attendance: int = 0
    consultations_open: int = 0
    consultations_closed: int = 0
    consultations: list[ConsultationRow] = field(default_factory=list)
    responses: int = 0
    responses_by_channel: list[Tally] = field(default_factory=list)
    concerns: int = 0
    concern_people: int = 0
    concerns_fed_decision: int = 0
    concerns_by_theme: list[ThemeRow] = field(default_factory=list)
    decisions_published: int = 0
    decisions: list[Decision] = field(default_factory=list)
    outcomes_published: int = 0
    outcomes: list[Outcome] = field(default_factory=list)
    surgeries_held: int = 0
    people_seen: int = 0
    subscribers: int = 0
    new_subscribers: int = 0
    subscribers_by_channel: list[Tally] = field(default_factory=list)
    alerts_sent: int = 0
    messages_sent: int = 0

    @property
    def average_rating_text(self) -> str:
        return "" if self.average_rating is None else f"{self.average_rating}"

    @property
    def cost_per_person_text(self) -> str:
        return "" if self.cost_per_person is None else f"£{self.cost_per_person:,.2f}"


# -- places ---------------------------------------------------------------------------------


@dataclass
class _Places:
    """The office's areas in one query: names, the district each lies in, what an area holds."""

    names: dict[int, str]
    kinds: dict[int, str]
    parents: dict[int, int | None]

    @classmethod
    def of(cls, office: Office) -> _Places:
        rows = list(Area.objects.for_office(office).values_list("pk", "name", "kind", "parent_id"))
        return cls(
            names={pk: name for pk, name, _k, _p in rows},
            kinds={pk: kind for pk, _n, kind, _p in rows},
            parents={pk: parent for pk, _n, _k, parent in rows},
        )

    @cached_property
    def children(self) -> dict[int, list[int]]:
        children: dict[int, list[int]] = defaultdict(list)
        for pk, parent in self.parents.items():
            if parent is not None:
                children[parent].append(pk)
        return children

    def inside(self, area_id: int) -> set[int]:
        """The area and every area inside it."""
        children = self.children
        found, level = {area_id}, [area_id]
        while level:
            level = [c for a in level for c in children[a] if c not in found]
            found.update(level)
        return found

    def ancestors(self, area_id: int) -> set[int]:
        """The area and every area it is part of."""
        found: set[int] = set()
        current: int | None = area_id
        while current is not None and current not in found:
            found.add(current)
            current = self.parents.get(current)
        return found

    def district_of(self, area_id: int | None) -> int | None:
        """The district an area is (or lies in); None for the force area or no area."""
        for pk in self.ancestors(area_id) if area_id is not None else ():
            if self.kinds[pk] == AreaKind.DISTRICT:
                return pk
        return None


# -- the reads ------------------------------------------------------------------------------


def _decimal(value: Any, places: str = "0.01") -> Decimal:
    return Decimal(str(value or 0)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _reach(rows: Iterable[dict[str, Any]], key: str, labels: dict[str, Any]) -> list[Reach]:
    found = {r[key]: r for r in rows}
    return [
        Reach(value, str(label), found[value]["n"], found[value]["people"] or 0)
        for value, label in labels.items()
        if value in found
    ]


def figures_for(office: Office, period: Period, area: Area | None = None) -> Figures:
    """The figures for the period (and area), in `QUERIES` queries whatever the office's size.
    Raises ValueError for another office's area."""
    if area is not None and area.office_id != office.pk:
        raise ValueError("The area must belong to the office.")
    places = _Places.of(office)  # 1
    inside = places.inside(area.pk) if area is not None else None
    around = (places.ancestors(area.pk) | inside) if area is not None and inside else None
    result = Figures(office=office, period=period, area=area)
    start, before = period.starts_at, period.ends_before

    activities = Activity.objects.for_office(office).filter(
        starts_at__gte=start, starts_at__lt=before
    )
    if inside is not None:
        activities = activities.filter(area_id__in=inside)
    _activity_figures(result, activities.order_by(), places)  # 6
    _forum_figures(result, office, period, inside)  # 1
    _consultation_figures(result, office, period, inside, around)  # 2
    _concern_figures(result, office, period, inside, places)  # 3
    _decision_figures(result, office, period)  # 2
    _surgery_figures(result, office, period, inside)  # 1
    _messaging_figures(result, office, period, inside, around)  # 3
    return result


def _activity_figures(result: Figures, activities: QuerySet[Activity], places: _Places) -> None:
    totals = activities.aggregate(
        n=Count("pk"),
        people=Sum("people_reached"),
        with_people=Count("pk", filter=Q(people_reached__isnull=False)),
        total_cost=Sum("cost"),
        hours=Sum("staff_hours"),
        costed_cost=Sum("cost", filter=Q(people_reached__gt=0)),
        costed_people=Sum("people_reached", filter=Q(cost__isnull=False)),
    )
    result.activities = totals["n"]
    result.people_reached = totals["people"] or 0
    result.activities_with_people = totals["with_people"]
    result.cost = _decimal(totals["total_cost"])
    result.staff_hours = _decimal(totals["hours"], "0.1")
    if totals["costed_people"]:
        result.cost_per_person = _decimal(
            Decimal(str(totals["costed_cost"] or 0)) / totals["costed_people"]
        )

    def grouped(*by: str) -> list[dict[str, Any]]:
        return list(activities.values(*by).annotate(n=Count("pk"), people=Sum("people_reached")))

    result.by_channel = _reach(grouped("channel"), "channel", dict(Channel.choices))
    result.by_type = _reach(grouped("type"), "type", dict(ActivityType.choices))

    districts: dict[int | None, list[int]] = defaultdict(lambda: [0, 0])
    for row in grouped("area_id"):
        tally = districts[places.district_of(row["area_id"])]
        tally[0] += row["n"]
        tally[1] += row["people"] or 0
    named = sorted((pk for pk in districts if pk is not None), key=lambda pk: places.names[pk])
    result.by_district = [
        Reach(str(pk), places.names[pk], districts[pk][0], districts[pk][1]) for pk in named
    ]
    if None in districts:
        result.by_district.append(
            Reach("", str(_("Not in one district")), districts[None][0], districts[None][1])
        )

    months = {
        row["month"].date() if isinstance(row["month"], dt.datetime) else row["month"]: row
        for row in activities.annotate(month=TruncMonth("starts_at", tzinfo=LONDON))
        .values("month")
        .annotate(n=Count("pk"), people=Sum("people_reached"))
    }
    result.by_month = [
        Reach(
            month.isoformat()[:7],
            date_format(month, "M Y"),
            months[month]["n"] if month in months else 0,
            (months[month]["people"] or 0) if month in months else 0,
        )
        for month in result.period.months
    ]

    ratings = Feedback.objects.filter(activity__in=activities.values("pk")).aggregate(
        n=Count("pk"), mean=Avg("rating")
    )
    result.ratings = ratings["n"]
    if ratings["mean"] is not None:
        result.average_rating = _decimal(ratings["mean"], "0.1")


def _forum_figures(
    result: Figures, office: Office, period: Period, inside: set[int] | None
) -> None:
    reports = ForumReport.objects.for_office(office).filter(
        occurrence__starts_at__gte=period.starts_at, occurrence__starts_at__lt=period.ends_before
    )
    if inside is not None:
        reports = reports.filter(occurrence__area_id__in=inside)
    totals = reports.aggregate(n=Count("pk"), people=Sum("attendance"))
    result.forums_reported = totals["n"]
    result.forum_attendance = totals["people"] or 0


def _consultation_figures(
    result: Figures,
    office: Office,
    period: Period,
    inside: set[int] | None,
    around: set[int] | None,
) -> None:
    responses = Response.objects.for_office(office).filter(
        submitted_at__gte=period.starts_at, submitted_at__lt=period.ends_before
    )
    if inside is not None:
        responses = responses.filter(area_id__in=inside)
    by_channel = dict(
        responses.order_by()
        .values_list("channel")
        .annotate(n=Count("pk"))
        .values_list("channel", "n")
    )
    result.responses_by_channel = [
        Tally(value, str(label), by_channel[value])
        for value, label in ResponseChannel.choices
        if by_channel.get(value)
    ]
    result.responses = sum(by_channel.values())

    # Open at some time in the period: opened by its end, and not closed before its start.
    consultations = (
        Consultation.objects.for_office(office)
        .exclude(status=Status.DRAFT)
        .filter(Q(opens_on__lte=period.end) | Q(opens_on__isnull=True))
        .filter(Q(closes_on__gte=period.start) | Q(closes_on__isnull=True))
    )
    if around is not None:
        consultations = consultations.filter(Q(area_id__in=around) | Q(area__isnull=True))
    in_period = responses.filter(consultation=OuterRef("pk")).order_by().values("consultation")
    decided = (
        Evidence.objects.filter(consultation=OuterRef("pk"), decision__published_at__isnull=False)
        .order_by()
        .values("consultation")
    )
    rows = list(
        consultations.annotate(
            received=Coalesce(
                Subquery(
                    in_period.annotate(n=Count("pk")).values("n"), output_field=IntegerField()
                ),
                0,
            ),
            decision_count=Coalesce(
                Subquery(
                    decided.annotate(n=Count("decision_id", distinct=True)).values("n"),
                    output_field=IntegerField(),
                ),
                0,
            ),
            outcome_published=Exists(
                Outcome.objects.filter(consultation=OuterRef("pk"), published_at__isnull=False)
            ),
        ).order_by("opens_on", "pk")
    )
    result.consultations = [
        ConsultationRow(c, c.received, c.decision_count, c.outcome_published) for c in rows
    ]
    result.consultations_open = len(rows)
    result.consultations_closed = sum(
        1 for c in rows if c.closes_on is not None and period.start <= c.closes_on <= period.end
    )


def _fed_q(evidence: Sequence[Mapping[str, Any]], places: _Places) -> Q:
    """Concerns that feed one of these evidence rows, as decisions.queries.decisions_fed_by
    reads a concern's decisions: by name, by theme (in an area or anywhere), by the activity or
    forum report it was raised at."""
    q = Q()
    named = [e["concern_id"] for e in evidence if e["kind"] == EvidenceKind.CONCERN]
    if named:
        q |= Q(pk__in=named)
    for e in evidence:
        if e["kind"] == EvidenceKind.CONCERN_THEME:
            if e["area_id"] is None:
                q |= Q(theme_id=e["concern_theme_id"])
            else:
                q |= Q(theme_id=e["concern_theme_id"], area_id__in=places.inside(e["area_id"]))
    activities = [e["activity_id"] for e in evidence if e["kind"] == EvidenceKind.ACTIVITY]
    reports = [e["forum_report_id"] for e in evidence if e["kind"] == EvidenceKind.FORUM_REPORT]
    if activities:
        q |= Q(activity_id__in=activities)
    if reports:
        q |= Q(forum_report_id__in=reports)
    return q


def _concern_figures(
    result: Figures, office: Office, period: Period, inside: set[int] | None, places: _Places
) -> None:
    evidence = list(
        Evidence.objects.for_office(office)
        .filter(kind__in=CONCERN_EVIDENCE, decision__published_at__isnull=False)
        .values(
            "kind", "concern_id", "concern_theme_id", "area_id", "activity_id", "forum_report_id"
        )
        .distinct()
    )
    concerns = Concern.objects.for_office(office).filter(
        raised_on__gte=period.start, raised_on__lte=period.end
    )
    if inside is not None:
        concerns = concerns.filter(area_id__in=inside)
    fed = _fed_q(evidence, places)
    rows = list(
        concerns.order_by()
        .values("theme_id")
        .annotate(
            n=Count("pk"),
            people=Sum("people"),
            # No evidence at all: nothing fed a decision (an empty Q would count everything).
            fed=Count("pk", filter=fed) if fed else Value(0),
        )
    )
    names = dict(ConcernTheme.objects.for_office(office).values_list("pk", "name"))
    result.concerns_by_theme = sorted(
        (ThemeRow(names[r["theme_id"]], r["n"], r["people"] or 0, r["fed"]) for r in rows),
        key=lambda t: (-t.concerns, t.theme),
    )
    result.concerns = sum(t.concerns for t in result.concerns_by_theme)
    result.concern_people = sum(t.people for t in result.concerns_by_theme)
    result.concerns_fed_decision = sum(t.fed_decision for t in result.concerns_by_theme)


def _decision_figures(result: Figures, office: Office, period: Period) -> None:
    window = Q(published_at__gte=period.starts_at, published_at__lt=period.ends_before)
    result.decisions = list(
        Decision.objects.for_office(office).filter(window).order_by("decided_on", "reference")
    )
    result.decisions_published = len(result.decisions)
    result.outcomes = list(
        Outcome.objects.for_office(office).filter(window).order_by("published_at", "pk")
    )
    result.outcomes_published = len(result.outcomes)


def _surgery_figures(
    result: Figures, office: Office, period: Period, inside: set[int] | None
) -> None:
    # Held: not called off, and already begun (a surgery later this quarter is not held yet).
    sessions = SurgerySession.objects.for_office(office).filter(
        cancelled_at__isnull=True,
        starts_at__gte=period.starts_at,
        starts_at__lt=min(period.ends_before, timezone.now()),
    )
    if inside is not None:
        sessions = sessions.filter(area_id__in=inside)
    seen = (
        SurgeryBooking.objects.filter(slot__session=OuterRef("pk"), status__in=SEEN)
        .order_by()
        .values("slot__session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    totals = sessions.annotate(
        seen=Coalesce(Subquery(seen, output_field=IntegerField()), 0)
    ).aggregate(n=Count("pk"), people=Sum("seen"))
    result.surgeries_held = totals["n"]
    result.people_seen = totals["people"] or 0


def _messaging_figures(
    result: Figures,
    office: Office,
    period: Period,
    inside: set[int] | None,
    around: set[int] | None,
) -> None:
    # Confirmed by the end of the period and not gone by then.
    confirmed = Q(confirmed_at__lt=period.ends_before) & (
        Q(left_at__isnull=True) | Q(left_at__gte=period.ends_before)
    )
    subscribers = Subscriber.objects.for_office(office).filter(confirmed)
    if inside is not None:
        subscribers = subscribers.filter(
            Exists(
                Subscriber.areas.through.objects.filter(
                    subscriber_id=OuterRef("pk"), area_id__in=inside
                )
            )
        )
    rows = {
        r["channel"]: r
        for r in subscribers.order_by()
        .values("channel")
        .annotate(n=Count("pk"), new=Count("pk", filter=Q(confirmed_at__gte=period.starts_at)))
    }
    result.subscribers_by_channel = [
        Tally(value, str(label), rows[value]["n"])
        for value, label in AlertChannel.choices
        if value in rows
    ]
    result.subscribers = sum(r["n"] for r in rows.values())
    result.new_subscribers = sum(r["new"] for r in rows.values())

    alerts = Alert.objects.for_office(office).filter(
        status__in=(AlertStatus.SENT, AlertStatus.SENDING),
        sent_at__gte=period.starts_at,
        sent_at__lt=period.ends_before,
    )
    if around is not None:
        alerts = alerts.filter(
            Exists(Alert.areas.through.objects.filter(alert_id=OuterRef("pk"), area_id__in=around))
        )
    result.alerts_sent = alerts.count()
    messages = Message.objects.filter(
        alert__in=alerts.values("pk"), status__in=(MessageStatus.SENT, MessageStatus.DELIVERED)
    )
    if inside is not None:
        # To the subscribers in the area, not everyone a force-wide alert went to.
        messages = messages.filter(subscriber__in=subscribers.values("pk"))
    result.messages_sent = messages.count()

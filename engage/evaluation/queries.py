"""Evaluation: what each activity, channel, activity type and social media campaign achieved,
and the recurring meetings to review. The one place for these rules.

The figures for a period (two dates, inclusive, in UK time) and optionally an area (with every
place inside it):

- people reached: the activities' "number of people", plus on the social media channel the
  reach of the posts imported for the period. A post's reach counts the people who saw that
  post, so someone who saw three posts counts three times: the exports give no reach across
  posts. Posts have no area, so they are left out when an area is chosen.
- cost and staff hours: the activities' own, where recorded.
- cost per person reached: the cost divided by the people reached, over the same rows.
- feedback: the number of ratings and their average (1 to 5), every rating counting once, so a
  channel's average is not an average of averages.
- concerns: those recorded as raised at the activities.
- decisions fed: the decisions whose evidence takes in one of those concerns, by the links of
  `decisions.queries.decisions_fed_by` (the concern itself, its theme anywhere or in its area or
  one the area is part of, or the activity or forum report it was raised at), each decision once.

Every function here runs a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from engage.core.models import Office
from engage.decisions.models import Evidence, EvidenceKind
from engage.engagements.models import (
    Activity,
    ActivityType,
    Channel,
    Concern,
    Feedback,
)
from engage.evaluation.models import Campaign, Platform, SocialPost
from engage.meetings.models import Frequency, Occurrence, OccurrenceStatus
from engage.places.models import Area, AreaKind

PENNY = Decimal("0.01")


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last 12 months, ending today: 4 December 2025 to 3 December 2026."""
    return today - relativedelta(years=1) + dt.timedelta(days=1), today


def _window(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """From the start of `start` to the end of `end`, in UK time."""
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )


def _parents(office: Office) -> dict[int, int | None]:
    return dict(Area.objects.for_office(office).values_list("pk", "parent_id"))


def _inside(parents: dict[int, int | None], area_id: int) -> set[int]:
    """The area and every area inside it."""
    children: dict[int, list[int]] = defaultdict(list)
    for pk, parent in parents.items():
        if parent is not None:
            children[parent].append(pk)
    found, level = {area_id}, [area_id]
    while level:
        level = [c for a in level for c in children[a] if c not in found]
        found.update(level)
    return found


def _ancestors(parents: dict[int, int | None], area_id: int | None) -> set[int]:
    found: set[int] = set()
    while area_id is not None and area_id not in found:
        found.add(area_id)
        area_id = parents.get(area_id)
    return found


def _average(total: int, count: int) -> float | None:
    return total / count if count else None


def _per_pound(cost: Decimal | None, people: int) -> Decimal | None:
    if cost is None or not people:
        return None
    exact = cost / people
    # Social media can cost a small fraction of a penny a person: kept, not rounded to nothing.
    if 0 < exact < PENNY:
        return exact.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    return exact.quantize(PENNY, rounding=ROUND_HALF_UP)


def _rate(engagements: int, impressions: int) -> float | None:
    """Engagements as a share of impressions (as X and Meta report an engagement rate)."""
    return engagements / impressions if impressions else None


# -- activities, channels and types ---------------------------------------------------------


@dataclass(kw_only=True)
class Figures:
    """What a group of activities (and, for social media, posts) achieved in the period."""

    activities: int = 0
    people_reached: int = 0
    cost: Decimal = Decimal("0")
    staff_hours: Decimal = Decimal("0")
    ratings: int = 0
    rating_total: int = 0
    concerns: int = 0
    decision_ids: set[int] = field(default_factory=set)
    posts: int = 0
    post_reach: int = 0
    impressions: int = 0
    engagements: int = 0
    clicks: int = 0

    @property
    def reached(self) -> int:
        return self.people_reached + self.post_reach

    @property
    def cost_per_person(self) -> Decimal | None:
        return _per_pound(self.cost, self.reached)

    @property
    def average_rating(self) -> float | None:
        return _average(self.rating_total, self.ratings)

    @property
    def decisions(self) -> int:
        return len(self.decision_ids)

    @property
    def engagement_rate(self) -> float | None:
        return _rate(self.engagements, self.impressions)

    def add(self, row: ActivityFigures) -> None:
        self.activities += 1
        self.people_reached += row.people_reached or 0
        self.cost += row.cost or 0
        self.staff_hours += row.staff_hours or 0
        self.ratings += row.ratings
        self.rating_total += row.rating_total
        self.concerns += row.concerns
        self.decision_ids |= row.decision_ids


@dataclass(kw_only=True)
class ChannelFigures(Figures):
    channel: str
    label: str


@dataclass(kw_only=True)
class TypeFigures(Figures):
    type: str
    label: str


@dataclass(kw_only=True)
class ActivityFigures:
    """One activity's figures: a row of the table of activities."""

    pk: int
    title: str
    type: str
    type_label: str
    channel: str
    channel_label: str
    starts_at: dt.datetime
    area: str
    people_reached: int | None
    cost: Decimal | None
    staff_hours: Decimal | None
    ratings: int
    rating_total: int
    concerns: int
    decision_ids: set[int] = field(default_factory=set)

    @property
    def cost_per_person(self) -> Decimal | None:
        return _per_pound(self.cost, self.people_reached or 0)

    @property
    def average_rating(self) -> float | None:
        return _average(self.rating_total, self.ratings)

    @property
    def decisions(self) -> int:
        return len(self.decision_ids)

    def get_absolute_url(self) -> str:
        return reverse("engagements:activity", args=[self.pk])


def _per_activity(queryset: Any) -> Any:
    return queryset.filter(activity=OuterRef("pk")).order_by().values("activity")


def _decisions_by_concern(
    office: Office, concerns: list[Any], parents: dict[int, int | None]
) -> dict[int, set[int]]:
    """For each concern, the decisions it fed (the links of decisions_fed_by): one query."""
    if not concerns:
        return {}
    by_concern: dict[int, set[int]] = defaultdict(set)
    by_theme: dict[int, set[int]] = defaultdict(set)
    by_theme_area: dict[tuple[int, int], set[int]] = defaultdict(set)
    by_activity: dict[int, set[int]] = defaultdict(set)
    by_report: dict[int, set[int]] = defaultdict(set)
    evidence = (
        Evidence.objects.for_office(office)
        .filter(
            kind__in=[
                EvidenceKind.CONCERN,
                EvidenceKind.CONCERN_THEME,
                EvidenceKind.ACTIVITY,
                EvidenceKind.FORUM_REPORT,
            ]
        )
        .values_list(
            "decision_id", "kind", "concern_id", "concern_theme_id", "area_id", "activity_id",
            "forum_report_id",
        )
    )  # fmt: skip
    for decision, kind, concern, theme, area, activity, report in evidence:
        if kind == EvidenceKind.CONCERN and concern is not None:
            by_concern[concern].add(decision)
        elif kind == EvidenceKind.CONCERN_THEME and theme is not None:
            if area is None:
                by_theme[theme].add(decision)
            else:
                by_theme_area[(theme, area)].add(decision)
        elif kind == EvidenceKind.ACTIVITY and activity is not None:
            by_activity[activity].add(decision)
        elif kind == EvidenceKind.FORUM_REPORT and report is not None:
            by_report[report].add(decision)
    result: dict[int, set[int]] = {}
    for c in concerns:
        fed = by_concern[c["pk"]] | by_theme[c["theme_id"]]
        for area in _ancestors(parents, c["area_id"]):
            fed = fed | by_theme_area[(c["theme_id"], area)]
        if c["activity_id"] is not None:
            fed = fed | by_activity[c["activity_id"]]
        if c["forum_report_id"] is not None:
            fed = fed | by_report[c["forum_report_id"]]
        result[c["pk"]] = fed
    return result


def _activities(
    office: Office, start: dt.date, end: dt.date, area: Area | None, parents: dict[int, int | None]
) -> Any:
    since, until = _window(start, end)
    activities = Activity.objects.for_office(office).filter(
        starts_at__gte=since, starts_at__lt=until
    )
    if area is not None:
        activities = activities.filter(area_id__in=_inside(parents, area.pk))
    return activities


def _activity_rows(
    office: Office, start: dt.date, end: dt.date, area: Area | None
) -> list[ActivityFigures]:
    """Every activity in the period (and area) with its figures: four queries."""
    parents = _parents(office)
    activities = _activities(office, start, end, area, parents)
    ratings = _per_activity(Feedback.objects.all())
    concerns = _per_activity(Concern.objects.all())
    rows = list(
        activities.annotate(
            n_ratings=Coalesce(
                Subquery(ratings.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
                0,
            ),
            rating_sum=Coalesce(
                Subquery(
                    ratings.annotate(t=Sum("rating")).values("t"), output_field=IntegerField()
                ),
                0,
            ),
            n_concerns=Coalesce(
                Subquery(concerns.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
                0,
            ),
        )
        .order_by("-starts_at", "-pk")
        .values(
            "pk", "title", "type", "channel", "starts_at", "area__name", "people_reached", "cost",
            "staff_hours", "n_ratings", "rating_sum", "n_concerns",
        )
    )  # fmt: skip
    raised = list(
        Concern.objects.filter(activity__in=activities.values("pk")).values(
            "pk", "activity_id", "theme_id", "area_id", "forum_report_id"
        )
    )
    fed = _decisions_by_concern(office, raised, parents)
    decisions_of: dict[int, set[int]] = defaultdict(set)
    for concern in raised:
        decisions_of[concern["activity_id"]] |= fed[concern["pk"]]
    types, channels = dict(ActivityType.choices), dict(Channel.choices)
    return [
        ActivityFigures(
            pk=r["pk"],
            title=r["title"],
            type=r["type"],
            type_label=str(types.get(r["type"], r["type"])),
            channel=r["channel"],
            channel_label=str(channels.get(r["channel"], r["channel"])),
            starts_at=r["starts_at"],
            area=r["area__name"] or "",
            people_reached=r["people_reached"],
            cost=r["cost"],
            staff_hours=r["staff_hours"],
            ratings=r["n_ratings"],
            rating_total=r["rating_sum"],
            concerns=r["n_concerns"],
            decision_ids=decisions_of[r["pk"]],
        )
        for r in rows
    ]


def by_activity(
    office: Office, *, start: dt.date, end: dt.date, area: Area | None = None
) -> list[ActivityFigures]:
    """Every activity that started in the period (in the area), newest first, with its figures."""
    return _activity_rows(office, start, end, area)


def _post_totals(office: Office, start: dt.date, end: dt.date) -> dict[str, int]:
    since, until = _window(start, end)
    totals = (
        SocialPost.objects.for_office(office)
        .filter(published_at__gte=since, published_at__lt=until)
        .aggregate(
            posts=Count("pk"),
            reach=Sum("reach"),
            impressions=Sum("impressions"),
            engagements=Sum("engagements"),
            clicks=Sum("clicks"),
        )
    )
    return {k: v or 0 for k, v in totals.items()}


def _channels(rows: list[ActivityFigures], posts: dict[str, int] | None) -> list[ChannelFigures]:
    groups = {
        value: ChannelFigures(channel=value, label=str(label)) for value, label in Channel.choices
    }
    for row in rows:
        groups[row.channel].add(row)
    if posts is not None:
        social = groups[Channel.SOCIAL_MEDIA]
        social.posts = posts["posts"]
        social.post_reach = posts["reach"]
        social.impressions = posts["impressions"]
        social.engagements = posts["engagements"]
        social.clicks = posts["clicks"]
    return [g for g in groups.values() if g.activities or g.posts]


def _types(rows: list[ActivityFigures]) -> list[TypeFigures]:
    groups = {
        value: TypeFigures(type=value, label=str(label)) for value, label in ActivityType.choices
    }
    for row in rows:
        groups[row.type].add(row)
    return [g for g in groups.values() if g.activities]


def by_channel(
    office: Office, *, start: dt.date, end: dt.date, area: Area | None = None
) -> list[ChannelFigures]:
    """Each channel's figures, in the order of engagements' Channel, for the channels used.

    The social media channel takes in the posts imported for the period (not when an area is
    chosen: posts have no area). Five queries.
    """
    posts = _post_totals(office, start, end) if area is None else None
    return _channels(_activity_rows(office, start, end, area), posts)


def by_type(
    office: Office, *, start: dt.date, end: dt.date, area: Area | None = None
) -> list[TypeFigures]:
    """Each activity type's figures (activities only), in the order of ActivityType."""
    return _types(_activity_rows(office, start, end, area))


@dataclass
class Overview:
    channels: list[ChannelFigures]
    types: list[TypeFigures]
    total: Figures


def overview(office: Office, *, start: dt.date, end: dt.date, area: Area | None = None) -> Overview:
    """The evaluation page: by channel, by type and in all, from one read of the activities."""
    rows = _activity_rows(office, start, end, area)
    channels = _channels(rows, _post_totals(office, start, end) if area is None else None)
    return Overview(channels=channels, types=_types(rows), total=totals(channels))


def totals(rows: Iterable[Figures]) -> Figures:
    """All the groups together (decisions each counted once)."""
    total = Figures()
    for row in rows:
        total.activities += row.activities
        total.people_reached += row.people_reached
        total.cost += row.cost
        total.staff_hours += row.staff_hours
        total.ratings += row.ratings
        total.rating_total += row.rating_total
        total.concerns += row.concerns
        total.decision_ids |= row.decision_ids
        total.posts += row.posts
        total.post_reach += row.post_reach
        total.impressions += row.impressions
        total.engagements += row.engagements
        total.clicks += row.clicks
    return total


# The table of activities sorts by any of these columns.
SORTS: dict[str, Any] = {
    "date": lambda r: r.starts_at,
    "title": lambda r: r.title.casefold(),
    "type": lambda r: r.type_label.casefold(),
    "channel": lambda r: r.channel_label.casefold(),
    "area": lambda r: r.area.casefold(),
    "people": lambda r: r.people_reached,
    "cost": lambda r: r.cost,
    "hours": lambda r: r.staff_hours,
    "cost_per_person": lambda r: r.cost_per_person,
    "rating": lambda r: r.average_rating,
    "ratings": lambda r: r.ratings,
    "concerns": lambda r: r.concerns,
    "decisions": lambda r: r.decisions,
}


def sort_activities(
    rows: list[ActivityFigures], key: str, descending: bool
) -> list[ActivityFigures]:
    """The rows sorted by a column of SORTS; rows without the figure go last either way."""
    get = SORTS.get(key, SORTS["date"])
    known = [r for r in rows if get(r) is not None]
    unknown = [r for r in rows if get(r) is None]
    return sorted(known, key=get, reverse=descending) + unknown


# -- recurring meetings to review -----------------------------------------------------------

# The rule, also in docs/evaluation.md. A recurring meeting is a series (for a series held in
# each forum area, each area's forum on its own). Its attendance at a meeting is the residents
# in the ambassador's forum report, or else the people reached by the activities logged for that
# meeting. We look at its meetings of the last two years that have happened, were not cancelled
# and have an attendance. Attendance is falling when there are at least five such meetings, each
# of the last three is below the average of the (two to six) meetings before them, and the last
# three average at least a quarter below it. Feedback is poor when the ratings given at those
# meetings' activities average under 3 of 5, or none were given. Both together: flagged.
RECENT = 3
EARLIER = 6
MIN_EARLIER = 2
LOOKBACK_YEARS = 2
FALL = 0.75
POOR = 3.0


@dataclass(kw_only=True)
class Flag:
    """A recurring meeting flagged for review, with the figures that flagged it."""

    series_id: int
    name: str
    recent: list[int]
    recent_dates: list[dt.date]
    earlier_average: float
    ratings: int
    average_rating: float | None
    reason: str

    @property
    def fall(self) -> float:
        """How far the last meetings' average is below the earlier one, as a share."""
        recent = sum(self.recent) / len(self.recent)
        return 1 - recent / self.earlier_average if self.earlier_average else 0.0

    def get_absolute_url(self) -> str:
        return reverse("meetings:series", args=[self.series_id])


def _meeting_name(title: str, area_name: str | None, area_kind: str | None) -> str:
    if area_name and area_kind == AreaKind.FORUM_AREA:
        return _("%(area)s forum") % {"area": area_name}
    if area_name:
        return f"{title} – {area_name}"
    return title


def _one(value: float) -> str:
    return number_format(round(value, 1), decimal_pos=1)


def flag_reason(
    recent: list[int], earlier_average: float, ratings: int, average: float | None
) -> str:
    """ "attendance 23, 15, 9 over the last three (earlier average 31.0); average rating 2.4 of 5"."""
    attendance = _(
        "attendance %(figures)s over the last three meetings (earlier average %(average)s)"
    ) % {
        "figures": ", ".join(str(n) for n in recent),
        "average": _one(earlier_average),
    }
    if average is None:
        feedback = _("no feedback collected")
    else:
        feedback = _("average rating %(average)s of 5 from %(count)s ratings") % {
            "average": _one(average),
            "count": ratings,
        }
    return f"{attendance}; {feedback}"


def flagged_series(office: Office, *, today: dt.date) -> list[Flag]:
    """Recurring meetings whose attendance is falling and whose feedback is poor (the rule
    above), the steepest fall first. Two queries."""
    since, until = _window(
        today - relativedelta(years=LOOKBACK_YEARS), today - dt.timedelta(days=1)
    )
    people = (
        Activity.objects.filter(occurrence=OuterRef("pk"), people_reached__isnull=False)
        .order_by()
        .values("occurrence")
        .annotate(t=Sum("people_reached"))
        .values("t")
    )
    meetings = list(
        Occurrence.objects.for_office(office)
        .filter(starts_at__gte=since, starts_at__lt=until, series__is_active=True)
        .exclude(status=OccurrenceStatus.CANCELLED)
        .exclude(series__frequency__in=[Frequency.TO_BE_AGREED, Frequency.NONE])
        .annotate(activity_people=Subquery(people, output_field=IntegerField()))
        .filter(Q(forum_report__isnull=False) | Q(activity_people__isnull=False))
        .order_by("starts_at", "pk")
        .values(
            "pk", "series_id", "series__title", "area_id", "area__name", "area__kind",
            "starts_at", "forum_report__attendance", "activity_people",
        )
    )  # fmt: skip
    ratings = {
        row["activity__occurrence_id"]: (row["n"], row["t"])
        for row in Feedback.objects.filter(activity__occurrence__in=[m["pk"] for m in meetings])
        .order_by()
        .values("activity__occurrence_id")
        .annotate(n=Count("pk"), t=Sum("rating"))
    }
    units: dict[tuple[int, int | None], list[Any]] = defaultdict(list)
    for meeting in meetings:
        units[(meeting["series_id"], meeting["area_id"])].append(meeting)

    flags = []
    for (series_id, _area_id), held in units.items():
        if len(held) < RECENT + MIN_EARLIER:
            continue
        considered = held[-(RECENT + EARLIER) :]
        attendance = [
            m["forum_report__attendance"]
            if m["forum_report__attendance"] is not None
            else m["activity_people"]
            for m in considered
        ]
        recent, earlier = attendance[-RECENT:], attendance[:-RECENT]
        earlier_average = sum(earlier) / len(earlier)
        falling = all(n < earlier_average for n in recent) and (
            sum(recent) / RECENT <= FALL * earlier_average
        )
        if not falling:
            continue
        count = sum(ratings.get(m["pk"], (0, 0))[0] for m in considered)
        total = sum(ratings.get(m["pk"], (0, 0))[1] for m in considered)
        average = _average(total, count)
        if average is not None and average >= POOR:
            continue
        first = considered[-1]
        flags.append(
            Flag(
                series_id=series_id,
                name=_meeting_name(
                    first["series__title"], first["area__name"], first["area__kind"]
                ),
                recent=recent,
                recent_dates=[
                    timezone.localtime(m["starts_at"]).date() for m in considered[-RECENT:]
                ],
                earlier_average=earlier_average,
                ratings=count,
                average_rating=average,
                reason=flag_reason(recent, earlier_average, count, average),
            )
        )
    return sorted(flags, key=lambda f: (-f.fall, f.name))


# -- social media campaigns -----------------------------------------------------------------


@dataclass(kw_only=True)
class PlatformFigures:
    platform: str
    label: str
    posts: int = 0
    reach: int = 0
    impressions: int = 0
    engagements: int = 0
    clicks: int = 0

    @property
    def engagement_rate(self) -> float | None:
        return _rate(self.engagements, self.impressions)


@dataclass(kw_only=True)
class CampaignFigures:
    """A campaign's posts in the period, and beside them the activities linked to it."""

    campaign_id: int | None  # None: the posts in no campaign
    name: str
    hashtags: str = ""
    posts: int = 0
    reach: int = 0
    impressions: int = 0
    engagements: int = 0
    clicks: int = 0
    platforms: list[PlatformFigures] = field(default_factory=list)
    activities: int = 0
    people_reached: int = 0
    cost: Decimal = Decimal("0")
    staff_hours: Decimal = Decimal("0")
    ratings: int = 0
    rating_total: int = 0

    @property
    def engagement_rate(self) -> float | None:
        return _rate(self.engagements, self.impressions)

    @property
    def average_rating(self) -> float | None:
        return _average(self.rating_total, self.ratings)

    @property
    def cost_per_person(self) -> Decimal | None:
        """The linked activities' cost for each person reached by the posts or the activities."""
        if not self.activities:
            return None
        return _per_pound(self.cost, self.reach + self.people_reached)

    def get_absolute_url(self) -> str:
        if self.campaign_id is None:
            return reverse("evaluation:posts") + "?campaign=none"
        return reverse("evaluation:posts") + f"?campaign={self.campaign_id}"


def social_by_campaign(office: Office, *, start: dt.date, end: dt.date) -> list[CampaignFigures]:
    """Each campaign with posts or linked activities in the period, by name, then the posts in
    no campaign. Reach, impressions, engagements, engagement rate (engagements ÷ impressions),
    clicks and posts, in all and per platform; and the linked activities' people reached, cost,
    staff hours and feedback. Three queries."""
    since, until = _window(start, end)
    post_rows = (
        SocialPost.objects.for_office(office)
        .filter(published_at__gte=since, published_at__lt=until)
        .order_by()
        .values("campaign_id", "platform")
        .annotate(
            n=Count("pk"),
            reach=Sum("reach"),
            impressions=Sum("impressions"),
            engagements=Sum("engagements"),
            clicks=Sum("clicks"),
        )
    )
    ratings = _per_activity(Feedback.objects.all())
    activity_rows = (
        Activity.objects.for_office(office)
        .filter(starts_at__gte=since, starts_at__lt=until, campaigns__isnull=False)
        .annotate(
            n_ratings=Coalesce(
                Subquery(ratings.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
                0,
            ),
            rating_sum=Coalesce(
                Subquery(
                    ratings.annotate(t=Sum("rating")).values("t"), output_field=IntegerField()
                ),
                0,
            ),
        )
        .values("campaigns", "people_reached", "cost", "staff_hours", "n_ratings", "rating_sum")
    )
    campaigns = {c.pk: c for c in Campaign.objects.for_office(office)}
    figures: dict[int | None, CampaignFigures] = {}

    def entry(pk: int | None) -> CampaignFigures:
        if pk not in figures:
            campaign = campaigns.get(pk) if pk is not None else None
            figures[pk] = CampaignFigures(
                campaign_id=pk,
                name=campaign.name if campaign else _("Posts in no campaign"),
                hashtags=campaign.hashtags_display if campaign else "",
            )
        return figures[pk]

    labels = dict(Platform.choices)
    for row in post_rows:
        item = entry(row["campaign_id"])
        platform = PlatformFigures(
            platform=row["platform"],
            label=str(labels.get(row["platform"], row["platform"])),
            posts=row["n"],
            reach=row["reach"] or 0,
            impressions=row["impressions"] or 0,
            engagements=row["engagements"] or 0,
            clicks=row["clicks"] or 0,
        )
        item.platforms.append(platform)
        item.posts += platform.posts
        item.reach += platform.reach
        item.impressions += platform.impressions
        item.engagements += platform.engagements
        item.clicks += platform.clicks
    for linked in activity_rows:
        item = entry(linked["campaigns"])
        item.activities += 1
        item.people_reached += linked["people_reached"] or 0
        item.cost += linked["cost"] or 0
        item.staff_hours += linked["staff_hours"] or 0
        item.ratings += linked["n_ratings"]
        item.rating_total += linked["rating_sum"]
    order = list(Platform.values)
    for item in figures.values():
        item.platforms.sort(key=lambda p: order.index(p.platform))
    named = sorted(
        (f for k, f in figures.items() if k is not None), key=lambda f: f.name.casefold()
    )
    return named + ([figures[None]] if None in figures else [])

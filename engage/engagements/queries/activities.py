"""Reads of activities: the filtered list with ratings, one activity's page, its feedback."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection
from django.db.models import (
    Avg,
    Count,
    Exists,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from engage.core.models import Office
from engage.engagements.models import Activity, ActivityAudience, Concern, Feedback


def _per_activity(queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.filter(activity=OuterRef("pk")).order_by().values("activity")


def activities_for(office: Office, filters: Mapping[str, Any] | None = None) -> QuerySet[Activity]:
    """The office's activities, newest first, filtered, each with its feedback and concerns.

    Filters (all optional): `date_from` and `date_to` (dates, inclusive), `type`, `area` (also
    matches areas within it), `audience` (an Audience value), `objective` (an Objective value).
    Annotations: `mean_rating` (float or None), `feedback_count`, `concern_count`.
    Subqueries rather than joins, so the counts are not multiplied by each other.
    """
    filters = filters or {}
    activities = Activity.objects.for_office(office).select_related("area", "lead")
    if filters.get("date_from"):
        activities = activities.filter(starts_at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        activities = activities.filter(starts_at__date__lte=filters["date_to"])
    if filters.get("type"):
        activities = activities.filter(type=filters["type"])
    if filters.get("area"):
        area = filters["area"]
        activities = activities.filter(Q(area=area) | Q(area__parent=area))
    if filters.get("audience"):
        reached = ActivityAudience.objects.filter(
            activity=OuterRef("pk"), audience=filters["audience"]
        )
        activities = activities.filter(Exists(reached))
    if filters.get("objective"):
        activities = activities.filter(_has_objective(filters["objective"]))

    ratings = _per_activity(Feedback.objects.all())
    concerns = _per_activity(Concern.objects.all())
    return activities.annotate(
        mean_rating=Subquery(
            ratings.annotate(mean=Avg("rating")).values("mean"), output_field=FloatField()
        ),
        feedback_count=Coalesce(
            Subquery(ratings.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
            Value(0),
        ),
        concern_count=Coalesce(
            Subquery(concerns.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
            Value(0),
        ),
    ).order_by("-starts_at", "-pk")


def _has_objective(objective: str) -> Q:
    """Objectives are a JSON list. PostgreSQL asks the list; SQLite, which cannot, its text."""
    if connection.features.supports_json_field_contains:
        return Q(objectives__contains=[objective])
    return Q(objectives__icontains=f'"{objective}"')


def activities_for_export(
    office: Office, filters: Mapping[str, Any] | None = None
) -> QuerySet[Activity]:
    """The filtered list with everything the spreadsheet shows, in a fixed number of queries."""
    return activities_for(office, filters).prefetch_related("audiences", "stakeholders")


def activity_with_details(office: Office) -> QuerySet[Activity]:
    """Activities with everything their page shows (audiences, people, partners)."""
    return (
        Activity.objects.for_office(office)
        .select_related("area", "lead", "occurrence")
        .prefetch_related("audiences", "opcc_attendees", "stakeholders")
    )


@dataclass
class FeedbackSummary:
    """What participants thought of an activity."""

    count: int
    mean: float | None
    # How many gave each rating, 5 down to 1.
    by_rating: list[tuple[int, int]]

    @property
    def mean_text(self) -> str:
        """The mean to one decimal place ("4.3"), or "" when nobody has rated it."""
        if self.mean is None:
            return ""
        return str(Decimal(str(self.mean)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def feedback_summary(activity: Activity) -> FeedbackSummary:
    """The count, the mean and the spread of ratings, in one query."""
    rows = dict(
        Feedback.objects.filter(activity=activity)
        .values_list("rating")
        .annotate(n=Count("pk"))
        .order_by()
    )
    count = sum(rows.values())
    mean = sum(r * n for r, n in rows.items()) / count if count else None
    return FeedbackSummary(count, mean, [(r, rows.get(r, 0)) for r in range(5, 0, -1)])


def recent_comments(activity: Activity, limit: int = 20) -> QuerySet[Feedback]:
    """The newest comments (ratings without a comment are counted, not listed)."""
    return (
        Feedback.objects.filter(activity=activity)
        .exclude(comment="")
        .order_by("-created_at", "-pk")[:limit]
    )


def concerns_raised_at(activity: Activity) -> QuerySet[Concern]:
    return Concern.objects.filter(activity=activity).select_related("theme", "area").order_by("pk")


def cost_per_participant(activity: Activity) -> Decimal | None:
    """Cost divided by the people reached, to the penny, when both are known."""
    if activity.cost is None or not activity.people_reached:
        return None
    return (activity.cost / activity.people_reached).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def activity_for_feedback(token: str) -> Activity | None:
    """The activity behind a public feedback link, or None."""
    return Activity.objects.select_related("office").filter(feedback_token=token).first()

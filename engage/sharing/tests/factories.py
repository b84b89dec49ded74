"""Small builders for sharing tests: an office with a force area, people and a quarter's work."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django.utils import timezone

from engage.core.models import Office
from engage.engagements.models import Activity, ActivityAudience, Concern, ConcernTheme, Feedback
from engage.meetings.services import local_datetime
from engage.places.models import Area, AreaKind, Dimension, PopulationFigure
from engage.sharing.benchmarks import Quarter

# April to June 2026: the quarter most tests look at.
QUARTER = Quarter(2026, 1)
IN_QUARTER = dt.date(2026, 5, 14)


def force_area(office: Office, code: str = "E23000017", population: int = 100_000) -> Area:
    """A force area whose population is a fifth under 25 and a fifth 65 or over."""
    area = Area.objects.create(
        office=office, kind=AreaKind.FORCE_AREA, name="Avonshire", ons_code=code
    )
    fifth = population // 5
    bands = {
        "Aged 20 to 24 years": fifth,
        "Aged 40 to 44 years": population - 3 * fifth,
        "Aged 65 to 69 years": fifth,
        "Aged 30 to 34 years": fifth,
    }
    for category, value in bands.items():
        PopulationFigure.objects.create(
            area=area, dimension=Dimension.AGE_BAND, category=category, value=value, source="test"
        )
    return area


def activity(
    office: Office,
    *,
    day: dt.date = IN_QUARTER,
    title: str = "Visit to Brownsover youth club",
    type: str = "visit",
    channel: str = "in_person",
    people: int | None = 40,
    cost: str | None = "120.00",
    hours: str | None = "3.5",
    audiences: dict[str, int | None] | None = None,
    outcome: str = "Speed checks agreed on Hillmorton Road.",
) -> Activity:
    a = Activity.objects.create(
        office=office,
        title=title,
        type=type,
        channel=channel,
        starts_at=local_datetime(day, dt.time(18, 0)),
        people_reached=people,
        cost=Decimal(cost) if cost is not None else None,
        staff_hours=Decimal(hours) if hours is not None else None,
        outcome=outcome,
        notes="Met Mrs Example of 12 Private Road.",
        feedback_token=secrets.token_urlsafe(16)[:22],
    )
    for audience, count in (audiences or {}).items():
        ActivityAudience.objects.create(activity=a, audience=audience, count=count)
    return a


def ratings(a: Activity, *values: int) -> None:
    for value in values:
        Feedback.objects.create(activity=a, rating=value, comment="Lovely, thanks Dave")


def concerns(office: Office, n: int, day: dt.date = IN_QUARTER) -> None:
    theme, _ = ConcernTheme.objects.get_or_create(office=office, name="Road safety")
    for _i in range(n):
        Concern.objects.create(
            office=office,
            summary="Speeding on the B4112",
            theme=theme,
            source="activity",
            raised_on=day,
        )


def now() -> dt.datetime:
    return timezone.now()

"""Plain builders for evaluation tests: each makes exactly what its arguments say."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils import timezone

from engage.engagements.models import Activity, ConcernSource, ConcernTheme, Feedback
from engage.engagements.services.concerns import record_concern
from engage.meetings.models import ForumReport, Occurrence

DEMO_DATA = Path(__file__).resolve().parents[1] / "demo_data"
TODAY = dt.date(2026, 6, 30)


def at(day: dt.date, hour: int = 18) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def make_activity(
    office, *, title: str = "Public meeting", day: dt.date = TODAY, **fields: Any
) -> Activity:
    defaults: dict[str, Any] = {
        "type": "public_meeting",
        "channel": "in_person",
        "starts_at": at(day),
        "feedback_token": f"t{Activity.objects.count()}-{title}"[:32],
    }
    defaults.update(fields)
    for name in ("cost", "staff_hours"):
        if isinstance(defaults.get(name), int | str):
            defaults[name] = Decimal(defaults[name])
    return Activity.objects.create(office=office, title=title, **defaults)


def rate(activity: Activity, *ratings: int) -> None:
    Feedback.objects.bulk_create([Feedback(activity=activity, rating=r) for r in ratings])


def theme(office, name: str = "Anti-social behaviour") -> ConcernTheme:
    return ConcernTheme.objects.get_or_create(office=office, name=name)[0]


def raise_concern(activity: Activity, theme: ConcernTheme, **links: Any):
    return record_concern(
        activity.office,
        summary="Groups gathering by the shops",
        theme=theme,
        source=ConcernSource.ACTIVITY,
        raised_on=timezone.localtime(activity.starts_at).date(),
        by=None,
        area=links.pop("area", activity.area),
        activity=activity,
        **links,
    )


def meeting(
    series, *, day: dt.date, area=None, attendance: int | None = None, ambassador=None
) -> Occurrence:
    """A meeting of the series that day at 18:00, with a forum report if `attendance` is given."""
    occurrence = Occurrence.objects.create(
        office=series.office, series=series, area=area, starts_at=at(day), ends_at=at(day, 20)
    )
    if attendance is not None:
        ForumReport.objects.create(
            office=series.office,
            occurrence=occurrence,
            ambassador=ambassador,
            attendance=attendance,
        )
    return occurrence


def sample(name: str) -> bytes:
    return (DEMO_DATA / name).read_bytes()

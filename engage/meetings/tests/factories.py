"""Plain builders for meeting tests: each makes exactly what its arguments say."""

from __future__ import annotations

import datetime as dt
from typing import Any

from engage.meetings.models import Commitment, Frequency, MeetingSeries, ScheduleCategory
from engage.places.models import Area, AreaKind


def make_series(office, **fields: Any) -> MeetingSeries:
    defaults: dict[str, Any] = {
        "category": ScheduleCategory.CRIMINAL_JUSTICE,
        "title": "Community Safety Partnership",
        "chair": "District council",
        "frequency": Frequency.QUARTERLY,
        "attending_posts": ["pcc", "dpcc", "cex"],
        "first_date": dt.date(2026, 1, 14),
        "start_time": dt.time(10, 0),
        "location": "Riverside House, Warwick",
    }
    defaults.update(fields)
    return MeetingSeries.objects.create(office=office, **defaults)


def make_forum_areas(office, names: list[str]) -> list[Area]:
    return [
        Area.objects.create(office=office, kind=AreaKind.FORUM_AREA, name=name) for name in names
    ]


def make_commitment(series: MeetingSeries, **fields: Any) -> Commitment:
    defaults: dict[str, Any] = {
        "posts": ["pcc"],
        "times": 1,
        "period_months": 12,
        "starts_on": dt.date(2026, 4, 1),
        "description": "Attendance by PCC for one meeting a year",
    }
    defaults.update(fields)
    return Commitment.objects.create(office=series.office, series=series, **defaults)

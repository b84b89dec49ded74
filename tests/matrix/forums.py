"""Community forums: ambassadors for forum areas, their reports, the overdue list."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from engage.accounts.models import Role
from engage.meetings import services as meetings
from engage.meetings.models import ScheduleCategory
from engage.meetings.tests.factories import make_series
from engage.places.models import Area, AreaKind

R = Role
EVERYONE = set(Role.values)
ORGANISERS = {R.ADMIN, R.CHIEF_EXECUTIVE, R.OFFICER}

MATRIX: dict[str, set[str]] = {
    # Checked against the office, an ambassador may not file; against a forum meeting of an area
    # assigned to them, they may (engage/meetings/tests/test_forums_views.py shows both).
    "meetings.file_forum_report": ORGANISERS,
    "meetings.view_forum_reports": EVERYONE,
    "meetings.assign_ambassadors": ORGANISERS,
}

URLS: dict[str, tuple[str, str | None, str]] = {
    "meetings:my_forums": ("meetings.view_forum_reports", None, "get"),
    "meetings:forum_reports": ("meetings.view_forum_reports", None, "get"),
    "meetings:forum_reports_overdue": ("meetings.view_forum_reports", None, "get"),
    "meetings:forum_assignments": ("meetings.assign_ambassadors", None, "get"),
    # The sample forum's area has no ambassador, so the cast's ambassador is refused (403).
    "meetings:forum_report": ("meetings.file_forum_report", "forums:occurrence", "get"),
}


def samples(office, officer, cast):
    area = Area.objects.create(office=office, kind=AreaKind.FORUM_AREA, name="Bulkington")
    series = make_series(
        office,
        title="Community Forums X 30",
        category=ScheduleCategory.PUBLIC_ACCOUNTABILITY,
        per_forum_area=True,
    )
    occurrence = meetings.add_occurrence(
        series, starts_at=timezone.now() - dt.timedelta(days=3), area=area, by=officer
    )
    return {"forums:occurrence": {"pk": occurrence.pk}}

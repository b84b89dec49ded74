"""Briefings for a meeting, an activity and a surgery."""

from __future__ import annotations

import datetime as dt
import secrets

from django.utils import timezone

from engage.accounts.models import Role
from engage.engagements.models import Activity, SurgerySession
from engage.meetings import services as meetings
from engage.meetings.tests.factories import make_series

EVERYONE = set(Role.values)
ATTENDERS = {Role.ADMIN, Role.CHIEF_EXECUTIVE, Role.OFFICER, Role.COMMISSIONER, Role.DEPUTY}

MATRIX: dict[str, set[str]] = {
    "engagements.view_activity": EVERYONE,
    "engagements.view_surgery": ATTENDERS,
}
URLS = {
    "engagements:briefing_meeting": ("meetings.view_schedule", "briefings:meeting", "get"),
    "engagements:briefing_activity": ("engagements.view_activity", "briefings:activity", "get"),
    "engagements:briefing_surgery": ("engagements.view_surgery", "briefings:surgery", "get"),
}


def samples(office, officer, cast):
    series = make_series(office, title="Strategic IAG")
    meeting = meetings.add_occurrence(
        series, starts_at=timezone.now() + dt.timedelta(days=2), by=officer
    )
    activity = Activity.objects.create(
        office=office,
        title="Mosque open day",
        type="event",
        starts_at=timezone.now(),
        feedback_token=secrets.token_urlsafe(16),
    )
    session = SurgerySession.objects.create(
        office=office,
        starts_at=timezone.now() + dt.timedelta(days=3),
        ends_at=timezone.now() + dt.timedelta(days=3, hours=2),
        location="Rugby Library",
        held_by=cast[Role.COMMISSIONER],
    )
    return {
        "briefings:meeting": {"pk": meeting.pk},
        "briefings:activity": {"pk": activity.pk},
        "briefings:surgery": {"pk": session.pk},
    }

"""Activities and their public feedback page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from engage.accounts.models import Role
from engage.engagements.models import ActivityType
from engage.engagements.services.activities import create_activity

R = Role
EVERYONE = set(Role.values)
STAFF = EVERYONE - {R.AMBASSADOR}
ORGANISERS = {R.ADMIN, R.CHIEF_EXECUTIVE, R.OFFICER}
ATTENDERS = ORGANISERS | {R.COMMISSIONER, R.DEPUTY}

MATRIX: dict[str, set[str]] = {
    "engagements.view_activity": EVERYONE,
    "engagements.change_activity": ATTENDERS,
    "engagements.export_activities": STAFF,
}

URLS: dict[str, tuple[str, str | None, str]] = {
    "engagements:activities": ("engagements.view_activity", None, "get"),
    "engagements:activity_create": ("engagements.change_activity", None, "get"),
    "engagements:activities_export": ("engagements.export_activities", None, "get"),
    "engagements:activity": ("engagements.view_activity", "activity:activity", "get"),
    "engagements:activity_edit": ("engagements.change_activity", "activity:activity", "get"),
    "engagements:activity_qr": ("engagements.view_activity", "activity:activity", "get"),
    "engagements:activity_qr_svg": ("engagements.view_activity", "activity:activity", "get"),
}
PUBLIC = {"engagements:feedback", "engagements:feedback_thanks"}


def samples(office, officer, cast):
    activity = create_activity(
        office,
        {
            "title": "Visit to Brownsover youth club",
            "type": ActivityType.VISIT,
            "starts_at": timezone.now() - dt.timedelta(days=3),
            "people_reached": 25,
            "cost": Decimal("45.50"),
        },
        {"young_people": 22},
        by=officer,
    )
    return {"activity:activity": {"pk": activity.pk}}

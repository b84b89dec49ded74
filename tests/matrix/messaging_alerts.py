"""Alerts and appeals: the staff pages, the press and radio versions; the reply page is public
(issue 5, H5)."""

from __future__ import annotations

from engage.accounts.models import Role
from engage.messaging import alerts
from engage.messaging.models import Topic
from engage.places.models import Area, AreaKind

R = Role
ORGANISERS = {R.ADMIN, R.CHIEF_EXECUTIVE, R.OFFICER}
STAFF = ORGANISERS | {R.COMMISSIONER, R.DEPUTY, R.ANALYST}

MATRIX: dict[str, set[str]] = {
    "messaging.view_alert": STAFF,
    "messaging.send_alert": ORGANISERS,
}

URLS: dict[str, tuple[str, str | None, str]] = {
    "messaging:alerts": ("messaging.view_alert", None, "get"),
    "messaging:alert_create": ("messaging.send_alert", None, "get"),
    "messaging:alert_count": ("messaging.view_alert", None, "get"),
    "messaging:alert": ("messaging.view_alert", "alerts:alert", "get"),
    "messaging:alert_edit": ("messaging.send_alert", "alerts:alert", "get"),
    "messaging:alert_send": ("messaging.send_alert", "alerts:alert", "post"),
    "messaging:alert_cancel": ("messaging.send_alert", "alerts:alert", "post"),
    "messaging:alert_press": ("messaging.view_alert", "alerts:alert", "get"),
    "messaging:alert_radio": ("messaging.view_alert", "alerts:alert", "get"),
}

PUBLIC = {"messaging:reply", "messaging:reply_thanks"}


def samples(office, officer, cast):
    ward = Area.objects.create(office=office, kind=AreaKind.WARD, name="Abbey (alerts sample)")
    alert = alerts.create_alert(
        office,
        by=officer,
        areas=[ward],
        topics=Topic.APPEALS,
        kind="appeal",
        title="Do you have CCTV on Abbey Street?",
        body="There have been burglaries on Abbey Street. Please check your footage.",
        sms_text="Burglaries on Abbey Street: do you have CCTV? Please reply.",
    )
    return {"alerts:alert": {"pk": alert.pk}}

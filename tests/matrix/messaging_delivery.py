"""Message delivery: the failed-messages page and its retry; GOV.UK Notify's callbacks are
public (they carry a bearer token instead of a session) (issue 5, H3)."""

from __future__ import annotations

from engage.accounts.models import Role

R = Role
ORGANISERS = {R.ADMIN, R.CHIEF_EXECUTIVE, R.OFFICER}

MATRIX: dict[str, set[str]] = {
    "messaging.send_alert": ORGANISERS,
}

URLS: dict[str, tuple[str, str | None, str]] = {
    "messaging:delivery": ("messaging.send_alert", None, "get"),
    "messaging:delivery_retry": ("messaging.send_alert", None, "post"),
}

PUBLIC = {"messaging:notify_status", "messaging:notify_inbound"}


def samples(office, officer, cast):
    return {}

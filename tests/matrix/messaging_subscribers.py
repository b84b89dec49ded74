"""Alert subscribers: the staff numbers and consent ledger; the public sign-up pages (issue 5, H4)."""

from __future__ import annotations

from engage.accounts.models import Role

R = Role
ORGANISERS = {R.ADMIN, R.CHIEF_EXECUTIVE, R.OFFICER}

MATRIX: dict[str, set[str]] = {
    "messaging.view_subscribers": ORGANISERS,
}

URLS: dict[str, tuple[str, str | None, str]] = {
    "messaging:subscribers": ("messaging.view_subscribers", None, "get"),
}

# Sign up, confirm, manage and unsubscribe: anyone, no account; the links carry signed tokens.
PUBLIC = {
    "messaging:subscribe",
    "messaging:subscribe_sent",
    "messaging:privacy",
    "messaging:confirm",
    "messaging:manage_request",
    "messaging:manage",
    "messaging:unsubscribe",
}


def samples(office, officer, cast):
    return {}

"""The data inventory (issue 8, part 3): the administrators and the Chief Executive, who answer
for the office's personal data, see it and download it."""

from __future__ import annotations

from engage.accounts.models import Role

R = Role
ALLOWED = {R.ADMIN, R.CHIEF_EXECUTIVE}

MATRIX: dict[str, set[str]] = {
    "dataprotection.view_inventory": ALLOWED,
}

VIEW = "dataprotection.view_inventory"
URLS: dict[str, tuple[str, str | None, str]] = {
    "dataprotection:inventory": (VIEW, None, "get"),
    "dataprotection:inventory_export": (VIEW, None, "get"),
}


def samples(office, officer, cast):
    return {}

"""The retention report and the log of runs (issue 8, part 3): the administrators and the Chief
Executive, who answer for the office's personal data."""

from __future__ import annotations

from engage.accounts.models import Role

R = Role
ALLOWED = {R.ADMIN, R.CHIEF_EXECUTIVE}

MATRIX: dict[str, set[str]] = {
    "dataprotection.view_retention": ALLOWED,
}

URLS: dict[str, tuple[str, str | None, str]] = {
    "dataprotection:retention": ("dataprotection.view_retention", None, "get"),
}


def samples(office, officer, cast):
    return {}

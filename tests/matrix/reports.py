"""The dashboard and the Panel and annual reports (issue 7, parts 4 and 5): every member of the
office sees its figures. A quarter or year names no record: another office's user gets their
own office's report, so those URLs are left out of the "not found" walk (samples "quarter",
"year")."""

from __future__ import annotations

from django.utils import timezone

from engage.accounts.models import Role
from engage.reports import figures

EVERYONE = set(Role.values)

MATRIX: dict[str, set[str]] = {
    "reports.view_dashboard": EVERYONE,
    "reports.download_reports": EVERYONE,
}

URLS: dict[str, tuple[str, str | None, str]] = {
    "reports:dashboard": ("reports.view_dashboard", None, "get"),
    "reports:reports": ("reports.download_reports", None, "get"),
    "reports:panel_report": ("reports.download_reports", "quarter", "get"),
    "reports:annual_report": ("reports.download_reports", "year", "get"),
}


def samples(office, officer, cast):
    year, number = figures.quarter_of(timezone.localdate())
    return {"quarter": {"year": year, "quarter": number}, "year": {"year": year}}

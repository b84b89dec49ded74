"""Open data (issue 6): the index, each office's page and its CSV and JSON files are open to
anyone; they show only what the public site already publishes. No staff URL is added."""

from __future__ import annotations

MATRIX: dict[str, set[str]] = {}
URLS: dict[str, tuple[str, str | None, str]] = {}
PUBLIC = {
    "reports:open_data_index",
    "reports:open_data",
    "reports:open_data_csv",
    "reports:open_data_json",
}


def samples(office, officer, cast):
    return {}

"""The public site's own pages (issue 6): open to anyone, no permission."""

from __future__ import annotations

MATRIX: dict[str, set[str]] = {}
URLS: dict[str, tuple[str, str | None, str]] = {}
PUBLIC = {
    "public:home",
    "public:diary",
    "public:diary_ics",
    "public:accessibility",
    "public:privacy",
}


def samples(office, officer, cast):
    return {}

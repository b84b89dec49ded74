"""The installable public site (issue 6): the manifest, the service worker, the offline page.
Open to anyone, no permission."""

from __future__ import annotations

MATRIX: dict[str, set[str]] = {}
URLS: dict[str, tuple[str, str | None, str]] = {}
PUBLIC = {
    "public:manifest",
    "public:service_worker",
    "public:offline",
}


def samples(office, officer, cast):
    return {}

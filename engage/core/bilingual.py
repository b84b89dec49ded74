"""Content written in English and Welsh: a record holds `field` and `field_cy` side by side."""

from __future__ import annotations

from django.utils.translation import get_language


def welsh_active() -> bool:
    return (get_language() or "").startswith("cy")


def bilingual(obj: object, field: str) -> str:
    """The Welsh text of `field` when Welsh is active and it has been written, else the English."""
    if welsh_active():
        welsh = getattr(obj, f"{field}_cy", "")
        if welsh:
            return welsh
    return getattr(obj, field)


def has_welsh(obj: object, field: str) -> bool:
    return bool(getattr(obj, f"{field}_cy", ""))

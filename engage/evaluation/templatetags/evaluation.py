"""Template helpers for the evaluation pages."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def percent(share: float | None) -> str:
    """A share as a percentage to one decimal place: 0.0432 → "4.3%"."""
    if share is None:
        return ""
    return f"{number_format(round(share * 100, 1), decimal_pos=1)}%"

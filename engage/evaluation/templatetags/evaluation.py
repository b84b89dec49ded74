"""Template helpers for the evaluation pages."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def percent(share: float | None) -> str:
    """A share as a percentage to one decimal place: 0.0432 → "4.3%"."""
    if share is None:
        return ""
    return f"{number_format(round(share * 100, 1), decimal_pos=1)}%"


@register.filter
def count(value: int | None) -> str:
    """A number of people or posts with thousands separated: 12,345; "–" when not known."""
    if value is None:
        return "–"
    return number_format(value, force_grouping=True)


@register.filter
def per_person(value: Decimal | None) -> str:
    """A cost per person in pounds and pence; "under 1p" when it rounds to nothing but is not."""
    if value is None:
        return "–"
    if 0 < value < Decimal("0.01"):
        return str(_("under 1p"))
    return f"£{number_format(value, decimal_pos=2, force_grouping=True)}"

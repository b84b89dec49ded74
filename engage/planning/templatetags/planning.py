"""Template helpers for the plan: money, and an item's status as a tag."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from engage.planning.gaps import per_thousand_text

register = template.Library()


@register.filter
def money(value: Decimal | None) -> str:
    """£1,250 or £1,250.50: pence only when there are some."""
    if value is None:
        return ""
    if value == value.to_integral_value():
        return f"£{value:,.0f}"
    return f"£{value:,.2f}"


@register.simple_tag
def status_tag(item: Any, today: dt.date) -> SafeString:
    return mark_safe(  # noqa: S308 - a template of our own, which escapes what it shows
        render_to_string("planning/_status.html", {"item": item, "late": item.months_late(today)})
    )


@register.simple_tag
def late_tag(item: Any, today: dt.date) -> SafeString:
    return status_tag(item, today)


@register.filter
def rate(value: float | None) -> str:
    return per_thousand_text(value)


@register.filter
def thousands(value: int | None) -> str:
    return "" if value is None else f"{value:,}"

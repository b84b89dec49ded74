"""Writes for the plan: add, change, drop and restore an item; link it to the activity that
delivered it; add a suggestion of the gap analysis in one step."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from engage.accounts.models import User
from engage.core.models import Office
from engage.engagements.models import Activity, Audience
from engage.planning.gaps import Suggestion
from engage.planning.models import PlanItem, PlanStatus

FIELDS = (
    "title",
    "activity_type",
    "channel",
    "area",
    "audiences",
    "month",
    "owner",
    "budget",
    "purpose",
    "suggested_because",
)


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(today: dt.date) -> dt.date:
    return first_of_month(today) + relativedelta(months=1)


def _check(office: Office, fields: Mapping[str, Any]) -> None:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValueError(f"Not plan item fields: {sorted(unknown)}")
    area = fields.get("area")
    if area is not None and area.office_id != office.pk:
        raise ValueError("A plan item's area must belong to its office.")
    budget = fields.get("budget")
    if budget is not None and budget < 0:
        raise ValueError("A plan item's budget cannot be negative.")
    bad = set(fields.get("audiences") or []) - set(Audience.values)
    if bad:
        raise ValueError(f"Unknown audiences: {sorted(bad)}")


def _save(item: PlanItem, fields: Mapping[str, Any], by: User | None) -> PlanItem:
    for name, value in fields.items():
        if name == "month":
            value = first_of_month(value)
        elif name == "audiences":
            value = [a for a in Audience.values if a in set(value or [])]
        setattr(item, name, value)
    item._history_user = by  # type: ignore[attr-defined]
    item.save()
    return item


@transaction.atomic
def create_plan_item(
    office: Office, fields: Mapping[str, Any], *, by: User | None, today: dt.date | None = None
) -> PlanItem:
    """Add an item to the plan, for this month or a later one (ValueError for a past month, an
    area of another office or a negative budget). Side effects: the item and its history row."""
    _check(office, fields)
    today = today or timezone.localdate()
    if first_of_month(fields["month"]) < first_of_month(today):
        raise ValueError("A plan item cannot be added to a month that has passed.")
    return _save(PlanItem(office=office), fields, by)


@transaction.atomic
def update_plan_item(item: PlanItem, fields: Mapping[str, Any], *, by: User | None) -> PlanItem:
    """Change an item. Its month may stay in the past (an old item keeps its month); the form
    refuses moving it to another past month. Side effects: a history row."""
    _check(item.office, fields)
    return _save(item, fields, by)


@transaction.atomic
def drop_plan_item(item: PlanItem, *, by: User | None) -> PlanItem:
    """Take an item out of the plan, keeping it on record. Side effects: a history row."""
    item.status = PlanStatus.DROPPED
    return _save(item, {}, by)


@transaction.atomic
def restore_plan_item(item: PlanItem, *, by: User | None) -> PlanItem:
    """Put a dropped item back: planned, or done if an activity delivered it."""
    item.status = PlanStatus.DONE if item.activity_id else PlanStatus.PLANNED
    return _save(item, {}, by)


@transaction.atomic
def link_activity(item: PlanItem, activity: Activity, *, by: User | None) -> PlanItem:
    """Record that `activity` delivered the item: the item is done. ValueError for an activity
    of another office. Side effects: a history row."""
    if activity.office_id != item.office_id:
        raise ValueError("The activity must belong to the plan item's office.")
    item.activity = activity
    item.status = PlanStatus.DONE
    return _save(item, {}, by)


@transaction.atomic
def unlink_activity(item: PlanItem, *, by: User | None) -> PlanItem:
    """Undo a link made in error: the item is planned again. Side effects: a history row."""
    item.activity = None
    if item.status == PlanStatus.DONE:
        item.status = PlanStatus.PLANNED
    return _save(item, {}, by)


@transaction.atomic
def plan_suggestion(
    office: Office, suggestion: Suggestion, *, by: User | None, today: dt.date | None = None
) -> PlanItem:
    """Add a suggestion of the gap analysis to the plan for next month, owned by `by`, with why
    it was suggested (the gap and its figures) in `suggested_because`. Side effects: the item
    and its history row."""
    today = today or timezone.localdate()
    return create_plan_item(
        office,
        {
            "title": suggestion.title[:200],
            "activity_type": suggestion.activity_type,
            "channel": suggestion.channel,
            "area": suggestion.area,
            "audiences": suggestion.audiences,
            "month": next_month(today),
            "owner": by,
            "purpose": suggestion.reason + ".",
            "suggested_because": suggestion.suggested_because,
        },
        by=by,
        today=today,
    )

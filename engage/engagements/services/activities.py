"""Writes for activities: logging one (with who it reached and what people raised) and feedback."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from engage.accounts.models import User
from engage.core.models import Office
from engage.engagements.models import (
    Activity,
    ActivityAudience,
    Audience,
    ConcernSource,
    ConcernTheme,
    Feedback,
)
from engage.engagements.services.concerns import record_concern
from engage.places.models import Area

# Many-to-many fields are set after the activity is saved; every other key is a model field.
M2M_FIELDS = ("opcc_attendees", "stakeholders")


@dataclass(frozen=True)
class RaisedConcern:
    """One thing people raised at an activity. With no area, the activity's area is used."""

    summary: str
    theme: ConcernTheme
    area: Area | None = None


class FeedbackClosed(Exception):
    """The activity no longer takes feedback."""


def new_feedback_token() -> str:
    """22 URL-safe characters: short enough for a poster, far too many to guess."""
    return secrets.token_urlsafe(16)[:22]


def _check_office(office: Office, fields: Mapping[str, Any]) -> None:
    area = fields.get("area")
    if area is not None and area.office_id != office.pk:
        raise ValueError("An activity's area must belong to its office.")
    for organisation in fields.get("stakeholders") or ():
        if organisation.office_id != office.pk:
            raise ValueError("An activity's partners must belong to its office.")


def _save(activity: Activity, fields: Mapping[str, Any], by: User | None) -> None:
    for name, value in fields.items():
        if name not in M2M_FIELDS:
            setattr(activity, name, value)
    activity._history_user = by  # type: ignore[attr-defined]
    activity.save()
    for name in M2M_FIELDS:
        if name in fields:
            getattr(activity, name).set(fields[name] or [])


def _set_audiences(activity: Activity, audiences: Mapping[str, int | None]) -> None:
    """Replace the audiences reached with `audiences` ({Audience value: count or None})."""
    unknown = set(audiences) - set(Audience.values)
    if unknown:
        raise ValueError(f"Unknown audiences: {sorted(unknown)}")
    activity.audiences.exclude(audience__in=list(audiences)).delete()
    existing = {row.audience: row for row in activity.audiences.all()}
    for audience, count in audiences.items():
        row = existing.get(audience)
        if row is None:
            ActivityAudience.objects.create(activity=activity, audience=audience, count=count)
        elif row.count != count:
            row.count = count
            row.save(update_fields=["count"])


def _record_concerns(
    activity: Activity, concerns: Iterable[RaisedConcern], by: User | None
) -> None:
    raised_on = timezone.localtime(activity.starts_at).date()
    for concern in concerns:
        record_concern(
            activity.office,
            summary=concern.summary,
            theme=concern.theme,
            source=ConcernSource.ACTIVITY,
            raised_on=raised_on,
            by=by,
            area=concern.area or activity.area,
            activity=activity,
        )


@transaction.atomic
def create_activity(
    office: Office,
    fields: Mapping[str, Any],
    audiences: Mapping[str, int | None],
    concerns: Sequence[RaisedConcern] = (),
    *,
    by: User | None,
) -> Activity:
    """Log an activity with the audiences it reached and the concerns people raised there.

    `fields` holds Activity fields (title, type, starts_at…, opcc_attendees and stakeholders as
    lists). Side effects: the activity and its history, one row per audience, one Concern (and
    its history) per raised concern, with source "activity", dated the day of the activity.
    """
    _check_office(office, fields)
    activity = Activity(office=office, feedback_token=new_feedback_token())
    _save(activity, fields, by)
    _set_audiences(activity, audiences)
    _record_concerns(activity, concerns, by)
    return activity


@transaction.atomic
def update_activity(
    activity: Activity,
    fields: Mapping[str, Any],
    audiences: Mapping[str, int | None],
    concerns: Sequence[RaisedConcern] = (),
    *,
    by: User | None,
) -> Activity:
    """Change an activity's details and audiences, and record any further concerns raised.

    Concerns already recorded are left alone (they are followed up on their own pages).
    Side effects: a history row for the activity; audiences replaced; new Concerns.
    """
    _check_office(activity.office, fields)
    _save(activity, fields, by)
    _set_audiences(activity, audiences)
    _record_concerns(activity, concerns, by)
    return activity


@transaction.atomic
def record_feedback(activity: Activity, rating: int, comment: str = "") -> Feedback:
    """Store one anonymous rating (1 to 5) with an optional comment.

    Raises FeedbackClosed if the activity no longer takes feedback, ValueError for a rating
    outside 1 to 5. Side effects: one Feedback row; nothing about the person is kept.
    """
    if not activity.feedback_open:
        raise FeedbackClosed(activity.pk)
    if not 1 <= int(rating) <= 5:
        raise ValueError("A rating is from 1 to 5.")
    return Feedback.objects.create(activity=activity, rating=int(rating), comment=comment.strip())

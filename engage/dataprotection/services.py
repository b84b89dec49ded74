"""Writes for subject access requests: recording one and changing its status."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from engage.accounts.models import User
from engage.core.models import Office
from engage.dataprotection.models import RequestStatus, SubjectAccessRequest

# UK GDPR Art. 12(3): a month, extendable by two further months for complex or many requests.
EXTENSION_MONTHS = 2


def due_on(received: dt.date, *, months: int = 1) -> dt.date:
    """The day a request received on `received` must be answered by: the same date `months`
    later, or the last day of that month when it has no such date (the ICO's rule: received on
    31 January, due on 28 February, or the 29th in a leap year)."""
    # relativedelta keeps the day of the month and falls back to the month's last day.
    return received + relativedelta(months=months)


@transaction.atomic
def record_request(office: Office, *, by: User, **fields: Any) -> SubjectAccessRequest:
    """Record a request as received. Side effects: the request (open, due a calendar month after
    receipt, handled by `by` unless another is named) and its history row."""
    received = fields["received_on"]
    fields["handled_by"] = fields.get("handled_by") or by
    request = SubjectAccessRequest(office=office, due_on=due_on(received), **fields)
    request._history_user = by  # type: ignore[attr-defined]
    request.save()
    return request


@transaction.atomic
def update_request(
    request: SubjectAccessRequest, *, by: User, **fields: Any
) -> SubjectAccessRequest:
    """Change a request: its details, its status, its notes.

    Side effects: "open" sets the due date to a month after receipt, "extended" to three months
    after it (Art. 12(3)); "completed" or "refused" keeps the due date and sets the completion date
    (today, unless given); reopening clears it. One history row, by `by`.
    """
    for name, value in fields.items():
        setattr(request, name, value)
    if request.status == RequestStatus.EXTENDED:
        request.due_on = due_on(request.received_on, months=1 + EXTENSION_MONTHS)
    elif request.status == RequestStatus.OPEN:
        request.due_on = due_on(request.received_on)
    # Completed or refused: the due date it had stays, to show whether it was answered in time.
    if request.is_outstanding:
        request.completed_on = None
    elif request.completed_on is None:
        request.completed_on = timezone.localdate()
    request._history_user = by  # type: ignore[attr-defined]
    request.save()
    return request

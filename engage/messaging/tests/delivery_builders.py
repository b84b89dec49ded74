"""Plain builders for the delivery tests: each makes exactly what its arguments say, through the
models (the decision, the subscriber, the alert) or the real service (queue_notice)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from engage.core.models import Office
from engage.decisions.models import Decision, DecisionKind, Outcome
from engage.messaging.models import (
    Alert,
    AlertKind,
    AlertStatus,
    Channel,
    Message,
    MessageKind,
    Subscriber,
    SubscriberStatus,
)
from engage.messaging.notices import Contact, queue_notice


class WorkerKilled(BaseException):
    """The worker process dying (SIGKILL, the machine going down): nothing catches it."""


def published_decision(office: Office, **fields: Any) -> Decision:
    values: dict[str, Any] = {
        "reference": "PCC/2026/014",
        "slug": "pcc-2026-014",
        "title": "The policing precept for 2026/27",
        "title_cy": "Praesept plismona 2026/27",
        "decided_on": dt.date(2026, 2, 6),
        "kind": DecisionKind.PRECEPT,
        "summary": "Band D rises by £14 a year, paying for 40 more neighbourhood officers.",
        "summary_cy": "Mae Band D yn codi £14 y flwyddyn, i dalu am 40 swyddog cymdogaeth arall.",
        "published_at": timezone.now(),
    }
    values.update(fields)
    return Decision.objects.create(office=office, **values)


def published_outcome(office: Office, *decisions: Decision, **fields: Any) -> Outcome:
    values: dict[str, Any] = {
        "slug": "police-visibility",
        "title": "Police visibility",
        "we_asked": "What would make you feel safer where you live?",
        "you_said": "Seeing officers on foot in the evenings.",
        "we_did": "Forty more neighbourhood officers from April.",
        "published_at": timezone.now(),
    }
    values.update(fields)
    outcome = Outcome.objects.create(office=office, **values)
    outcome.decisions.set(decisions)
    return outcome


def email(n: int) -> str:
    return f"person{n}@example.org"


def notices_to(
    decision: Decision, addresses: list[str], *, by: Any = None, language: str = "en-gb"
):
    """Queue a notice of `decision` to each address (email if it has an @, else SMS)."""
    return queue_notice(
        decision=decision,
        contacts=[
            Contact(
                channel=Channel.EMAIL if "@" in a else Channel.SMS,
                address=a,
                language=language,
                source="respondent",
            )
            for a in addresses
        ],
        by=by,
    )


def subscriber(
    office: Office, address: str, *, language: str = "en-gb", **fields: Any
) -> Subscriber:
    return Subscriber.objects.create(
        office=office,
        channel=Channel.EMAIL if "@" in address else Channel.SMS,
        address=address,
        language=language,
        status=fields.pop("status", SubscriberStatus.ACTIVE),
        **fields,
    )


def sent_alert(office: Office, **fields: Any) -> Alert:
    values: dict[str, Any] = {
        "kind": AlertKind.APPEAL,
        "title": "Do you have CCTV on Lawford Road?",
        "body": "We are looking for footage of a burglary on Lawford Road on 3 June.",
        "sms_text": "Avonshire Police: CCTV on Lawford Road? Burglary 3 June.",
        "status": AlertStatus.SENT,
        "sent_at": timezone.now(),
        "accepts_replies": True,
    }
    values.update(fields)
    return Alert.objects.create(office=office, **values)


def message_to(
    sub: Subscriber, *, kind: str = MessageKind.ALERT, alert: Alert | None = None, **fields: Any
) -> Message:
    """A queued message to a subscriber, as fan-out or the subscribe service would make it."""
    n = fields.pop("n", 1)
    key = f"alert:{alert.pk}:{sub.pk}" if alert else f"{kind}:{sub.pk}:{n}"
    return Message.objects.create(
        office=sub.office,
        kind=kind,
        channel=sub.channel,
        address=sub.address,
        language=sub.language,
        key=key,
        subscriber=sub,
        alert=alert,
        due_at=fields.pop("due_at", timezone.now()),
        **fields,
    )

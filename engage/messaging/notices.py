"""Telling people what came of what they said, when a decision or an outcome is published.

`contacts_behind(decision)` (decisions.queries) finds the people who asked to hear back;
`queue_notice` queues one message to each, never twice: the message key names the decision (or
outcome), the channel and the address, and rows are inserted with ON CONFLICT DO NOTHING.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from engage.messaging import delivery
from engage.messaging.models import (
    Channel,
    ConsentPurpose,
    Language,
    Message,
    MessageKind,
    Notice,
    Suppression,
)

if TYPE_CHECKING:
    from engage.decisions.models import Decision, Outcome

SOURCES = ("respondent", "concern", "surgery", "ambassador")


@dataclass(frozen=True)
class Contact:
    """Someone to tell: how to reach them, in which language, and why we have their address
    (source: "respondent", "concern", "surgery" or "ambassador")."""

    channel: str
    address: str
    language: str
    source: str


def _clean(contact: Contact) -> tuple[str, str, str] | None:
    """(channel, address, language) as messages store them, or None for an unusable contact."""
    if contact.channel not in Channel.values:
        return None
    address = (contact.address or "").strip()
    if contact.channel == Channel.EMAIL:
        address = address.lower()
    if not address:
        return None
    language = Language.WELSH if (contact.language or "").startswith("cy") else Language.ENGLISH
    return contact.channel, address, language


def notice_key(what: str, pk: int, channel: str, address: str) -> str:
    return f"notice:{what}:{pk}:{channel}:{address}"


@transaction.atomic
def queue_notice(
    *,
    decision: Decision | None = None,
    outcome: Outcome | None = None,
    contacts: Iterable[Contact],
    by: Any,
) -> Notice:
    """Queue a notice of a published decision or outcome to each contact, in their language.

    Never twice: the same decision (or outcome) is never sent to the same address again, however
    often it is published. Skipped: addresses that asked to hear no more (Suppression
    "hear_back"), and for an outcome, addresses already told of any of its decisions.

    Side effects: a Notice with the number of people it will tell, one Message per new contact,
    delivery kicked on commit. When there is no one new to tell nothing is saved, and the Notice
    returned is unsaved with `recipients` 0.
    """
    if (decision is None) == (outcome is None):
        raise ValueError("A notice is of a decision or of an outcome: give exactly one.")
    subject: Any = decision if decision is not None else outcome
    what = "decision" if decision is not None else "outcome"
    office = subject.office

    skip = set(
        Suppression.objects.for_office(office)
        .filter(purpose=ConsentPurpose.HEAR_BACK)
        .values_list("address", flat=True)
    )
    if outcome is not None:
        skip |= set(
            Message.objects.filter(
                kind=MessageKind.NOTICE, notice__decision__in=outcome.decisions.all()
            ).values_list("address", flat=True)
        )

    wanted: dict[tuple[str, str], str] = {}
    for contact in contacts:
        cleaned = _clean(contact)
        if cleaned is None:
            continue
        channel, address, language = cleaned
        if address not in skip:
            wanted.setdefault((channel, address), language)

    notice = Notice(office=office, decision=decision, outcome=outcome, created_by=by)
    if not wanted:
        return notice
    notice.save()
    now = timezone.now()
    Message.objects.bulk_create(
        [
            Message(
                office=office,
                kind=MessageKind.NOTICE,
                channel=channel,
                address=address,
                language=language,
                key=notice_key(what, subject.pk, channel, address),
                notice=notice,
                due_at=now,
            )
            for (channel, address), language in wanted.items()
        ],
        batch_size=500,
        ignore_conflicts=True,
    )
    notice.recipients = Message.objects.filter(notice=notice).count()
    if not notice.recipients:
        notice.delete()
        return Notice(office=office, decision=decision, outcome=outcome, created_by=by)
    notice.save(update_fields=["recipients", "updated_at"])
    delivery.kick()
    return notice

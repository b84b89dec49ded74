"""Telling a resident about the surgery booking they made on the public site: that it is booked,
that it moved to another time, or that it is cancelled.

One message per booking and event, never two: the key names the booking, the event and the link
key the booking had at that moment (a new one at each change), so a retry of the same change
finds the message already there. It goes by email when they gave an address (with a calendar
file, see rendering), otherwise by text to their mobile; both carry the link to change or cancel.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone

from engage.messaging import delivery
from engage.messaging.addresses import normalise_phone
from engage.messaging.models import BOOKING_EVENTS, Channel, Language, Message, MessageKind

if TYPE_CHECKING:
    from engage.engagements.models import SurgeryBooking


def booking_key(booking: SurgeryBooking, event: str) -> str:
    return f"booking:{booking.pk}:{event}:{booking.link_key}"


def address_of(booking: SurgeryBooking) -> tuple[str, str] | None:
    """(channel, address) to tell them by: their email, else their mobile; None if neither
    (a landline taken by staff on the phone cannot be texted)."""
    if booking.email:
        return Channel.EMAIL, booking.email.strip().lower()
    try:
        return Channel.SMS, normalise_phone(booking.phone)
    except ValidationError:
        return None


def queue_booking_message(booking: SurgeryBooking, event: str) -> Message | None:
    """Queue the message telling the person who booked of `event` ("booked", "changed" or
    "cancelled"), in their language. Never twice for the same event (see the module).

    Side effects: one Message (none if it exists already); delivery kicked on commit. Returns
    the message, or None when there is no address to send it to.
    """
    if event not in BOOKING_EVENTS:
        raise ValueError(event)
    to = address_of(booking)
    if to is None:
        return None
    channel, address = to
    key = booking_key(booking, event)
    Message.objects.bulk_create(
        [
            Message(
                office_id=booking.office_id,
                kind=MessageKind.BOOKING,
                channel=channel,
                address=address,
                language=Language.WELSH
                if (booking.language or "").startswith("cy")
                else Language.ENGLISH,
                key=key,
                due_at=timezone.now(),
            )
        ],
        ignore_conflicts=True,
    )
    delivery.kick()
    return Message.objects.with_key(key).first()

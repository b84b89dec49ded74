"""The demo office's public side of engagements: residents who booked surgery slots online, and
messages sent through the website's contact form in the last month.

Bookings are made by the real service, as a resident would; their confirmations are then marked
as sent at the time, so `make run` sends nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets

from django.utils import timezone

from engage.accounts.models import User
from engage.core.models import Office
from engage.engagements.models import ConcernSource, ConcernTheme
from engage.engagements.queries.surgeries import public_surgeries
from engage.engagements.services import surgeries
from engage.engagements.services.concerns import record_concern
from engage.messaging.addresses import normalise_phone
from engage.messaging.models import Message, MessageKind, MessageStatus
from engage.places.models import Area, AreaKind

ONLINE = [
    ("Priya Shah", "priya.shah@example.org", "", "Cars racing on the estate at night", "en-gb"),
    ("Tom Evans", "", "07700 900412", "Drug dealing near the park", "en-gb"),
    ("Siân Morgan", "sian.morgan@example.org", "", "Police visibility in the village", "cy"),
    ("Mr K. Nowak", "k.nowak@example.org", "07700 900518", "How my report was handled", "en-gb"),
    ("Grace Adeyemi", "", "07700 900633", "Scam calls to my mother", "en-gb"),
    ("Dylan Price", "dylan.price@example.org", "", "Off-road bikes on the canal path", "en-gb"),
]

CONTACTS = [
    (
        "Road safety and speeding",
        "Lorries use our lane as a short cut to the industrial estate and go far too fast past "
        "the primary school at 8.30 in the morning.",
        ("Ruth Hale", "ruth.hale@example.org", ""),
    ),
    (
        "Police visibility",
        "We have not seen a PCSO in the village for months. Older residents say they feel "
        "forgotten. Could the neighbourhood team hold a drop-in at the village hall?",
        None,
    ),
    (
        "Anti-social behaviour",
        "Groups gather in the shopping precinct car park most evenings, with loud music until "
        "late. It has been reported on 101 several times.",
        ("", "", "07700 900744"),
    ),
    (
        "Response times",
        "I waited 40 minutes for 101 to answer last Tuesday. Is anything being done about "
        "how long calls take?",
        None,
    ),
    (
        "Other",
        "Thank you for the community forum in Bedworth last month: it was good to be listened "
        "to. Will there be another one before the summer?",
        ("A. Gill", "a.gill@example.org", ""),
    ),
]


def build_public_engagement(
    office: Office, people: dict[str, User], today: dt.date, rng: random.Random
) -> None:
    """Online bookings on the upcoming surgeries' free slots, one assigned to an officer and one
    cancelled by the resident; and contact-form messages over the last month."""
    booked = []
    residents = iter(ONLINE)
    for surgery in public_surgeries(office):
        free = list(surgery.free)
        rng.shuffle(free)
        for slot in free[:2]:
            resident = next(residents, None)
            if resident is None:
                break
            name, email, phone, topic, language = resident
            booking = surgeries.book_online(
                slot,
                name=name,
                email=email,
                phone=normalise_phone(phone) if phone else "",
                topic=topic,
                wants_outcome=rng.random() < 0.6,
                language=language,
                key=secrets.token_urlsafe(32),
            )
            booked.append(booking)
    if booked:
        surgeries.assign_officer(booked[0], people["officer"], by=people["officer"])
    if len(booked) > 3:
        surgeries.cancel_booking(booked[-1])
    Message.objects.filter(office=office, kind=MessageKind.BOOKING).update(
        status=MessageStatus.SENT, sent_at=timezone.now(), attempts=1
    )

    themes = {t.name: t for t in ConcernTheme.objects.for_office(office)}
    areas = list(
        Area.objects.for_office(office).filter(kind__in=[AreaKind.DISTRICT, AreaKind.FORUM_AREA])
    )
    for n, (theme, message, contact) in enumerate(CONTACTS):
        name, email, phone = contact or ("", "", "")
        record_concern(
            office,
            summary=message,
            theme=themes[theme],
            source=ConcernSource.CONTACT_FORM,
            raised_on=today - dt.timedelta(days=3 + n * 6),
            area=rng.choice(areas) if areas and n % 2 == 0 else None,
            wants_reply=contact is not None,
            contact_name=name,
            contact_email=email,
            contact_phone=normalise_phone(phone) if phone else "",
            by=None,
        )

"""The demo office's community alerts: subscribers across the county, a sent appeal with its
replies, and a draft warning.

Subscribers are made in bulk, as months of sign-ups that were confirmed at the time (with their
consent records); the appeal is written and fanned out by the real services, and its messages
are then marked as delivered nine days ago, as they would have been, so `make run` sends nothing.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from engage.accounts.models import User
from engage.core.models import Office
from engage.messaging import alerts
from engage.messaging.alert_templates import TEMPLATES
from engage.messaging.models import (
    Alert,
    AlertStatus,
    Channel,
    ConsentAction,
    ConsentPurpose,
    ConsentRecord,
    Language,
    Message,
    MessageStatus,
    Subscriber,
    SubscriberStatus,
    Topic,
)
from engage.messaging.replies import record_reply
from engage.messaging.services import CONSENT_VERSION, CONSENT_WORDING
from engage.places.models import Area, AreaKind

SUBSCRIBERS = 640
# Wards of two Nuneaton forum areas, where the appeal goes (names of real wards; no ONS codes in
# the demo, as the forum areas above them are invented).
WARDS = {
    "Nuneaton North": ["Weddington", "St Nicolas"],
    "Nuneaton East": ["Attleborough", "Whitestone"],
}
REPLIES = [
    (
        "Our doorbell camera on Weddington Road caught two men trying car doors at about 2am on "
        "the 9th. Happy to send the clip.",
        "Sue Harper",
        "sue.harper@example.org",
    ),
    (
        "I have a dashcam that was parked facing the alley behind the shops all that week. "
        "Who do I give it to?",
        "",
        "",
    ),
    (
        "Nothing on camera but we heard glass break around midnight on the 11th, near the "
        "corner with Cedar Close.",
        "",
        "",
    ),
]


def build_messaging(
    office: Office, people: dict[str, User], today: dt.date, rng: random.Random
) -> Alert:
    """Subscribers, the sent CCTV appeal with replies, and a draft scam warning. Returns the
    appeal."""
    wards = _wards(office, people["admin"])
    _subscribers(office, wards, today, rng)
    appeal = _appeal(office, people["officer"], wards, today, rng)
    _draft_warning(office, people["officer"])
    return appeal


def _wards(office: Office, by: User) -> list[Area]:
    made = []
    for forum_name, names in WARDS.items():
        parent = Area.objects.get(office=office, kind=AreaKind.FORUM_AREA, name=forum_name)
        for name in names:
            ward = Area(office=office, kind=AreaKind.WARD, name=name, parent=parent)
            ward._history_user = by  # type: ignore[attr-defined]
            ward.save()
            made.append(ward)
    return made


def _subscribers(office: Office, wards: list[Area], today: dt.date, rng: random.Random) -> None:
    districts = list(Area.objects.for_office(office).filter(kind=AreaKind.DISTRICT))
    forum_areas = list(Area.objects.for_office(office).filter(kind=AreaKind.FORUM_AREA))
    nuneaton = [a for a in forum_areas if a.name.startswith("Nuneaton")]
    topics = list(Topic)
    rows: list[Subscriber] = []
    choices: list[list[Area]] = []
    now = timezone.now()
    for n in range(SUBSCRIBERS):
        sms = rng.random() < 0.3
        address = f"+4477009{n:05d}" if sms else f"resident{n:04d}@example.org"
        roll = rng.random()
        status = (
            SubscriberStatus.PENDING
            if roll < 0.04
            else SubscriberStatus.LEFT
            if roll < 0.09
            else SubscriberStatus.ACTIVE
        )
        joined = now - dt.timedelta(days=rng.randint(1 if status == "pending" else 10, 330))
        # Where people sign up for: mostly their forum area, some a whole district, some a ward.
        pick = rng.random()
        if pick < 0.18:
            areas = [rng.choice(wards)]
        elif pick < 0.38:
            areas = [rng.choice(nuneaton)]
        elif pick < 0.8:
            areas = rng.sample(forum_areas, rng.choice([1, 1, 2]))
        else:
            areas = [rng.choice(districts)]
        chosen = [t for t in topics if rng.random() < 0.55] or [Topic.APPEALS]
        rows.append(
            Subscriber(
                office=office,
                channel=Channel.SMS if sms else Channel.EMAIL,
                address=address,
                language=Language.WELSH if rng.random() < 0.06 else Language.ENGLISH,
                topics=sum(chosen),
                status=status,
                confirmed_at=None if status == "pending" else joined + dt.timedelta(minutes=7),
                left_at=now - dt.timedelta(days=rng.randint(1, 9)) if status == "left" else None,
            )
        )
        choices.append(areas)
    Subscriber.objects.bulk_create(rows)
    through = Subscriber.areas.through
    through.objects.bulk_create(
        [
            through(subscriber_id=s.pk, area_id=a.pk)
            for s, areas in zip(rows, choices, strict=True)
            for a in areas
        ]
    )
    ledger = []
    for s, areas in zip(rows, choices, strict=True):
        detail = {
            "areas": [{"id": a.pk, "name": a.name} for a in areas],
            "topics": [str(t.label) for t in Topic if s.topics & t.value],
            "language": s.language,
        }
        common = {
            "office": office,
            "subscriber": s,
            "address": s.address,
            "purpose": ConsentPurpose.ALERTS,
            "wording": CONSENT_WORDING[s.language],
            "version": CONSENT_VERSION,
            "language": s.language,
            "detail": detail,
        }
        ledger.append(ConsentRecord(action=ConsentAction.GIVEN, source="web form", **common))
        if s.status != SubscriberStatus.PENDING:
            ledger.append(
                ConsentRecord(action=ConsentAction.CONFIRMED, source="confirm link", **common)
            )
        if s.status == SubscriberStatus.LEFT:
            ledger.append(
                ConsentRecord(action=ConsentAction.WITHDRAWN, source="unsubscribe page", **common)
            )
    ConsentRecord.objects.bulk_create(ledger)


def _appeal(
    office: Office, officer: User, wards: list[Area], today: dt.date, rng: random.Random
) -> Alert:
    template = TEMPLATES["cctv"]
    first = today - dt.timedelta(days=16)
    last = today - dt.timedelta(days=10)
    span = f"{first:%d/%m/%Y} and {last:%d/%m/%Y}"
    appeal = alerts.create_alert(
        office,
        by=officer,
        areas=wards[:2],
        topics=template.topics,
        template=template.key,
        kind=template.kind,
        title="Do you have CCTV on Weddington Road or St Nicolas Park Drive?",
        body=(
            f"There have been six burglaries on and around Weddington Road and St Nicolas Park "
            f"Drive, Nuneaton, between {span}.\n\n"
            "If you have a doorbell camera, dashcam or CCTV that covers the street, please check "
            "your footage for anyone acting suspiciously between 11pm and 4am.\n\n"
            "Please do not approach anyone or post footage on social media. Reply to this "
            "message to tell us what you have, or call 101 quoting 23/48113/26. In an emergency, "
            "call 999."
        ),
        sms_text=(
            f"Police appeal: burglaries on Weddington Rd & St Nicolas Park Dr {first:%d/%m}–"
            f"{last:%d/%m}. Do you have CCTV, a doorbell camera or dashcam covering the street? "
            "Please check it and reply, or call 101 quoting 23/48113/26."
        ),
        title_cy="Oes gennych chi deledu cylch cyfyng ar Weddington Road neu St Nicolas Park Drive?",
    )
    alerts.send_alert(appeal, by=officer)
    # Nine days on: delivered, apart from a few that bounced.
    sent = timezone.now() - dt.timedelta(days=9)
    messages = list(Message.objects.filter(alert=appeal).order_by("pk"))
    failed = {m.pk for m in messages if rng.random() < 0.03}
    for m in messages:
        m.sent_at = sent
        m.attempts = 1
        if m.pk in failed:
            m.status = MessageStatus.FAILED
            m.error = "Notify: permanent-failure (the provider could not deliver it)"
        else:
            m.status = MessageStatus.DELIVERED
            m.delivered_at = sent + dt.timedelta(seconds=rng.randint(3, 90))
    Message.objects.bulk_update(
        messages, ["status", "sent_at", "delivered_at", "attempts", "error"], batch_size=500
    )
    Alert.objects.filter(pk=appeal.pk).update(status=AlertStatus.SENT, sent_at=sent)
    delivered = [m for m in messages if m.pk not in failed]
    for (text, name, email), message in zip(
        REPLIES, rng.sample(delivered, len(REPLIES)), strict=True
    ):
        record_reply(
            message=message,
            text=text,
            contact_name=name,
            contact_email=email,
            wants_reply=bool(email),
        )
    appeal.refresh_from_db()
    return appeal


def _draft_warning(office: Office, officer: User) -> Alert:
    template = TEMPLATES["scam"]
    rugby = Area.objects.get(office=office, kind=AreaKind.DISTRICT, name__startswith="Rugby")
    return alerts.create_alert(
        office,
        by=officer,
        areas=[rugby],
        topics=template.topics,
        template=template.key,
        kind=template.kind,
        title=template.title,
        body=template.body,
        sms_text=template.sms_text,
    )

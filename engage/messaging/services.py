"""Subscribers and their consent: sign up, confirm, change, leave, and "tell me nothing more".

Trust first (seed 002): no account, the least data that works (one address, areas, topics, a
language), double opt-in, and every change of mind written to the consent ledger with the very
words the person was shown and their version. Nothing here is shared with police systems.

The links these functions send (confirm, manage) are `Message` rows, delivered by
`engage.messaging.delivery` after the transaction commits. Alert services live in alerts.py,
delivery in delivery.py, notices in notices.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone, translation

from engage.consultations.models import Response
from engage.core.models import Office
from engage.engagements.models import Concern, SurgeryBooking
from engage.messaging import delivery
from engage.messaging.addresses import channel_of, normalise, normalise_phone
from engage.messaging.models import (
    ConsentAction,
    ConsentPurpose,
    ConsentRecord,
    Message,
    MessageKind,
    Subscriber,
    SubscriberStatus,
    Suppression,
    topics_of,
)
from engage.places.models import Area

# The words people agree to, exactly as the subscribe and confirm pages show them. Change a word
# in any of these and the version must change too: the ledger keeps both, so we can always say
# what someone agreed to.
CONSENT_VERSION = "2026.1"
CONSENT_WORDING: dict[str, str] = {
    "en-gb": (
        "We will send you community alerts and appeals for information about the areas and "
        "topics you choose, by email or text message, in the language you choose. We send at "
        "most 3 messages a week, and most weeks none. We keep your email address or mobile "
        "number, your areas, topics and language only to send you these messages. They are kept "
        "apart from police systems: the police cannot see who has signed up, and we share them "
        "with no one. Every message has a link to change what you get or to unsubscribe. When "
        "you unsubscribe we stop at once, and keep only a record that you agreed and when you "
        "left."
    ),
    "cy": (
        "Byddwn yn anfon rhybuddion cymunedol ac apeliadau am wybodaeth atoch am yr ardaloedd "
        "a'r pynciau a ddewiswch, drwy e-bost neu neges destun, yn yr iaith a ddewiswch. Rydym "
        "yn anfon 3 neges yr wythnos ar y mwyaf, a dim un y rhan fwyaf o wythnosau. Rydym yn "
        "cadw eich cyfeiriad e-bost neu rif ffôn symudol, eich ardaloedd, pynciau ac iaith dim "
        "ond i anfon y negeseuon hyn atoch. Cânt eu cadw ar wahân i systemau'r heddlu: ni all "
        "yr heddlu weld pwy sydd wedi cofrestru, ac nid ydym yn eu rhannu â neb. Mae dolen ym "
        "mhob neges i newid yr hyn a gewch neu i ddad-danysgrifio. Pan fyddwch yn "
        "dad-danysgrifio rydym yn stopio ar unwaith, ac yn cadw dim ond cofnod eich bod wedi "
        "cytuno a phryd y gwnaethoch adael."
    ),
}
LEAVE_WORDING: dict[str, str] = {
    "en-gb": (
        "Unsubscribe from community alerts. We will send you no more alerts, and keep only a "
        "record that you agreed and when you left."
    ),
    "cy": (
        "Dad-danysgrifio o rybuddion cymunedol. Ni fyddwn yn anfon rhagor o rybuddion atoch, a "
        "byddwn yn cadw dim ond cofnod eich bod wedi cytuno a phryd y gwnaethoch adael."
    ),
}
STOP_HEARING_WORDING: dict[str, str] = {
    "en-gb": (
        "Stop messages telling you what came of what you said. We will not write to this "
        "address about decisions again."
    ),
    "cy": (
        "Stopio negeseuon yn dweud wrthych beth a ddaeth o'r hyn a ddywedoch. Ni fyddwn yn "
        "ysgrifennu at y cyfeiriad hwn am benderfyniadau eto."
    ),
}

# How the ledger says a change came about.
SOURCE_WEB = "web form"
SOURCE_CONFIRM = "confirm link"
SOURCE_MANAGE = "manage page"
SOURCE_UNSUBSCRIBE = "unsubscribe page"
SOURCE_ONE_CLICK = "one-click unsubscribe"

# A pending subscriber who has not confirmed within this time is erased (purge_unconfirmed);
# the confirm link stops working at the same age (tokens.MAX_AGE["confirm"]).
PENDING_DAYS = 7
# Someone typing another person's address into the form again and again must not flood them.
LINKS_PER_DAY = 3


def wording_language() -> str:
    """The language the page is being shown in: the language of the words to record."""
    return "cy" if (translation.get_language() or "").startswith("cy") else "en-gb"


def consent_wording() -> str:
    return CONSENT_WORDING[wording_language()]


def leave_wording() -> str:
    return LEAVE_WORDING[wording_language()]


def stop_hearing_wording() -> str:
    return STOP_HEARING_WORDING[wording_language()]


def _choices(subscriber: Subscriber) -> dict[str, Any]:
    """What the subscriber chose, as the ledger keeps it (names as well as ids: areas change)."""
    return {
        "channel": subscriber.channel,
        "language": subscriber.language,
        "areas": [{"id": a.pk, "name": a.name} for a in subscriber.areas.order_by("name")],
        "topics": [{"id": t.value, "name": str(t.label)} for t in topics_of(subscriber.topics)],
    }


def _record(
    subscriber: Subscriber | None,
    *,
    office: Office,
    address: str,
    purpose: str,
    action: str,
    wording: str,
    version: str,
    source: str,
) -> ConsentRecord:
    with translation.override("en-gb"):  # the ledger's topic names, whatever the page's language
        detail = _choices(subscriber) if subscriber is not None else {}
    return ConsentRecord.objects.create(
        office=office,
        subscriber=subscriber,
        address=address,
        purpose=purpose,
        action=action,
        wording=wording,
        version=version,
        language=wording_language(),
        detail=detail,
        source=source,
    )


def _queue_link(subscriber: Subscriber, kind: str) -> Message | None:
    """Queue a confirm or manage link to the subscriber, unless they had enough of them today."""
    now = timezone.now()
    links = Message.objects.filter(subscriber=subscriber, kind=kind)
    if links.filter(created_at__gte=now - dt.timedelta(days=1)).count() >= LINKS_PER_DAY:
        return None
    prefix = f"{kind}:{subscriber.pk}:"
    n = links.count() + 1
    message = Message.objects.create(
        office=subscriber.office,
        kind=kind,
        channel=subscriber.channel,
        address=subscriber.address,
        language=subscriber.language,
        key=f"{prefix}{n}",
        subscriber=subscriber,
        due_at=now,
    )
    delivery.kick()
    return message


def _locked(office: Office, address: str) -> Subscriber | None:
    return Subscriber.objects.select_for_update().filter(office=office, address=address).first()


@transaction.atomic
def subscribe(
    office: Office,
    *,
    channel: str,
    address: str,
    language: str,
    areas: Iterable[Area],
    topics: int,
    wording: str,
    version: str,
    source: str,
) -> Subscriber:
    """Sign an address up for alerts, pending until the link sent to it is followed.

    Side effects:
    - a new address: a pending Subscriber with these choices; a ConsentRecord "given";
    - a pending or unsubscribed address: its choices replaced, status pending, a ConsentRecord
      "given";
    - in both cases a confirm Message (key `confirm:<subscriber>:<n>`), delivered on commit;
    - an address already subscribed: nothing changes and nothing is recorded; a manage Message
      is sent instead, so whoever owns the address can change their choices. The caller must
      answer the page the same way in every case, so it never tells whether an address is known.
    - at most LINKS_PER_DAY links a day go to one address, however often the form is sent.
    """
    address = normalise(channel, address)
    areas = list(areas)
    subscriber = _locked(office, address)
    if subscriber is None:
        try:
            with transaction.atomic():
                subscriber = Subscriber.objects.create(
                    office=office,
                    channel=channel,
                    address=address,
                    language=language,
                    topics=topics,
                )
        except IntegrityError:  # the same address sent twice at once: the other one won
            subscriber = _locked(office, address)
            assert subscriber is not None
    elif subscriber.status == SubscriberStatus.ACTIVE:
        _queue_link(subscriber, MessageKind.MANAGE)
        return subscriber
    else:
        subscriber.language = language
        subscriber.topics = topics
        subscriber.status = SubscriberStatus.PENDING
        subscriber.confirmed_at = None
        subscriber.save(
            update_fields=["language", "topics", "status", "confirmed_at", "updated_at"]
        )
    subscriber.areas.set(areas)
    _record(
        subscriber,
        office=office,
        address=address,
        purpose=ConsentPurpose.ALERTS,
        action=ConsentAction.GIVEN,
        wording=wording,
        version=version,
        source=source,
    )
    _queue_link(subscriber, MessageKind.CONFIRM)
    return subscriber


@transaction.atomic
def confirm_subscriber(subscriber: Subscriber, *, source: str = SOURCE_CONFIRM) -> bool:
    """Confirm a pending subscription: True if this call confirmed it, False if it was not
    pending (already confirmed, or unsubscribed since).

    Side effects: status active, confirmed_at now; a ConsentRecord "confirmed" with the consent
    wording in the language of the page; any earlier "no more alerts" suppression of the address
    is lifted (they have just asked for alerts again, and proved the address is theirs).
    """
    locked = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if locked.status != SubscriberStatus.PENDING:
        subscriber.refresh_from_db()
        return False
    locked.status = SubscriberStatus.ACTIVE
    locked.confirmed_at = timezone.now()
    locked.left_at = None
    locked.save(update_fields=["status", "confirmed_at", "left_at", "updated_at"])
    Suppression.objects.filter(
        office=locked.office, address=locked.address, purpose=ConsentPurpose.ALERTS
    ).delete()
    _record(
        locked,
        office=locked.office,
        address=locked.address,
        purpose=ConsentPurpose.ALERTS,
        action=ConsentAction.CONFIRMED,
        wording=consent_wording(),
        version=CONSENT_VERSION,
        source=source,
    )
    subscriber.refresh_from_db()
    return True


@transaction.atomic
def change_subscription(
    subscriber: Subscriber,
    *,
    areas: Iterable[Area],
    topics: int,
    language: str,
    wording: str,
    version: str,
    source: str = SOURCE_MANAGE,
) -> bool:
    """Change an active subscriber's areas, topics or language. False if nothing changed.

    Side effects: the subscriber's choices replaced; a ConsentRecord "changed" holding the new
    choices and the words shown (only when something changed).
    """
    locked = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    areas = list(areas)
    before = _choices(locked)
    locked.topics = topics
    locked.language = language
    locked.save(update_fields=["topics", "language", "updated_at"])
    locked.areas.set(areas)
    if _choices(locked) == before:
        return False
    _record(
        locked,
        office=locked.office,
        address=locked.address,
        purpose=ConsentPurpose.ALERTS,
        action=ConsentAction.CHANGED,
        wording=wording,
        version=version,
        source=source,
    )
    subscriber.refresh_from_db()
    return True


@transaction.atomic
def leave(subscriber: Subscriber, *, source: str) -> bool:
    """Unsubscribe from alerts. False if already unsubscribed (nothing is recorded twice).

    Side effects: status left, left_at now; a ConsentRecord "withdrawn" with the leave wording.
    Queued alerts to them are not sent: delivery and fan-out take active subscribers only.
    The subscriber row stays (the address, to be told apart from a new sign-up) until erased.
    """
    locked = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if locked.status == SubscriberStatus.LEFT:
        subscriber.refresh_from_db()
        return False
    locked.status = SubscriberStatus.LEFT
    locked.left_at = timezone.now()
    locked.save(update_fields=["status", "left_at", "updated_at"])
    _record(
        locked,
        office=locked.office,
        address=locked.address,
        purpose=ConsentPurpose.ALERTS,
        action=ConsentAction.WITHDRAWN,
        wording=leave_wording(),
        version=CONSENT_VERSION,
        source=source,
    )
    subscriber.refresh_from_db()
    return True


def _same_phone(typed: str, address: str) -> bool:
    try:
        return normalise_phone(typed) == address
    except Exception:  # a landline or a typo in a record: not this address
        return False


def _stop_hearing_back(office: Office, address: str) -> int:
    """Untick "tell me what came of it" on every record of the office with this address."""
    changed: list[Model] = []
    if channel_of(address) == "email":
        changed += Response.objects.for_office(office).filter(
            wants_outcome=True, email__iexact=address
        )
        changed += Concern.objects.for_office(office).filter(
            wants_reply=True, contact_email__iexact=address
        )
        changed += SurgeryBooking.objects.for_office(office).filter(
            wants_outcome=True, email__iexact=address
        )
    else:
        changed += [
            c
            for c in Concern.objects.for_office(office)
            .filter(wants_reply=True)
            .exclude(contact_phone="")
            if _same_phone(c.contact_phone, address)
        ]
        changed += [
            b
            for b in SurgeryBooking.objects.for_office(office)
            .filter(wants_outcome=True)
            .exclude(phone="")
            if _same_phone(b.phone, address)
        ]
    for record in changed:
        flag = "wants_reply" if isinstance(record, Concern) else "wants_outcome"
        setattr(record, flag, False)
        # save(), not update(): concerns and bookings keep their history
        record.save(update_fields=[flag, "updated_at"])
    return len(changed)


@transaction.atomic
def suppress(office: Office, address: str, purpose: str, *, source: str) -> bool:
    """Send nothing more of a purpose ("alerts" or "hear_back") to an address. False if it was
    suppressed already (nothing is recorded twice).

    Side effects: a Suppression (queue_notice and fan-out skip the address from now on); a
    ConsentRecord "withdrawn" with the words shown; for "hear_back", wants_outcome/wants_reply
    set to False on the office's consultation responses, concerns and surgery bookings with this
    address (through their models, so concerns and bookings keep their history).
    """
    address = normalise(channel_of(address), address)
    _suppression, created = Suppression.objects.get_or_create(
        office=office, address=address, purpose=purpose
    )
    if purpose == ConsentPurpose.HEAR_BACK:
        _stop_hearing_back(office, address)
    if not created:
        return False
    subscriber = Subscriber.objects.filter(office=office, address=address).first()
    _record(
        subscriber,
        office=office,
        address=address,
        purpose=purpose,
        action=ConsentAction.WITHDRAWN,
        wording=stop_hearing_wording() if purpose == ConsentPurpose.HEAR_BACK else leave_wording(),
        version=CONSENT_VERSION,
        source=source,
    )
    return True


@transaction.atomic
def send_manage_link(office: Office, *, address: str) -> None:
    """Someone asked for a link to manage their subscription. The page says the same whatever
    happens here.

    Side effects: a subscribed address gets a manage Message; an address waiting for
    confirmation gets its confirm link again; any other address gets nothing.
    """
    subscriber = _locked(office, normalise(channel_of(address), address))
    if subscriber is None:
        return
    if subscriber.status == SubscriberStatus.ACTIVE:
        _queue_link(subscriber, MessageKind.MANAGE)
    elif subscriber.status == SubscriberStatus.PENDING:
        _queue_link(subscriber, MessageKind.CONFIRM)


@transaction.atomic
def purge_unconfirmed(*, now: dt.datetime | None = None) -> int:
    """Erase subscribers who did not confirm within PENDING_DAYS; returns how many.

    Side effects: those Subscriber rows deleted (with their areas); their consent records stay,
    with the address, and their messages stay, both no longer linked to a subscriber.
    """
    cutoff = (now or timezone.now()) - dt.timedelta(days=PENDING_DAYS)
    # updated_at: a pending row is saved only when someone signs up (again)
    stale = Subscriber.objects.filter(status=SubscriberStatus.PENDING, updated_at__lt=cutoff)
    count = stale.count()
    stale.delete()
    return count

"""Places, subscribers and alerts for the alert tests: plain functions, no surprises.

The places: the Avonshire force area holds two districts, Rugby and Warwick; Rugby holds the
wards Bilton and Hillmorton, Warwick the ward Leamington.
"""

from __future__ import annotations

import time
from typing import Any

from django.urls import reverse
from django.utils import timezone

from engage.core.public_forms import started_token
from engage.messaging import alerts, tokens
from engage.messaging.models import (
    ALL_TOPICS,
    Alert,
    Channel,
    Message,
    Subscriber,
    SubscriberStatus,
    Topic,
)
from engage.places.models import Area, AreaKind


def make_places(office) -> dict[str, Area]:
    force = Area.objects.create(office=office, kind=AreaKind.FORCE_AREA, name="Avonshire")
    rugby = Area.objects.create(office=office, kind=AreaKind.DISTRICT, name="Rugby", parent=force)
    warwick = Area.objects.create(
        office=office, kind=AreaKind.DISTRICT, name="Warwick", parent=force
    )

    def ward(name: str, parent: Area) -> Area:
        return Area.objects.create(office=office, kind=AreaKind.WARD, name=name, parent=parent)

    return {
        "Avonshire": force,
        "Rugby": rugby,
        "Warwick": warwick,
        "Bilton": ward("Bilton", rugby),
        "Hillmorton": ward("Hillmorton", rugby),
        "Leamington": ward("Leamington", warwick),
    }


def subscriber(
    office,
    address: str,
    areas: list[Area],
    *,
    topics: int = ALL_TOPICS,
    status: str = SubscriberStatus.ACTIVE,
    language: str = "en-gb",
) -> Subscriber:
    person = Subscriber.objects.create(
        office=office,
        channel=Channel.SMS if address.startswith("+") else Channel.EMAIL,
        address=address,
        language=language,
        topics=topics,
        status=status,
        confirmed_at=timezone.now() if status == SubscriberStatus.ACTIVE else None,
    )
    person.areas.set(areas)
    return person


def cctv_appeal(office, by, areas: list[Area], **overrides: Any) -> Alert:
    fields: dict[str, Any] = {
        "kind": "appeal",
        "title": "Do you have CCTV on Abbey Street?",
        "body": (
            "There have been 3 burglaries on Abbey Street between 2 and 9 March.\n\n"
            "If you have a doorbell camera or CCTV covering the street, please check your "
            "footage between 22:00 and 04:00. Reply to this message, or call 101 quoting "
            "crime 23/4567/26."
        ),
        "sms_text": "Police appeal: burglaries on Abbey Street 2-9 March. Do you have CCTV? "
        "Please reply.",
        "topics": Topic.APPEALS | Topic.BURGLARY,
    }
    fields.update(overrides)
    topics = fields.pop("topics")
    return alerts.create_alert(office, by=by, areas=areas, topics=topics, **fields)


def alert_messages(alert: Alert) -> set[str]:
    return set(Message.objects.filter(alert=alert).values_list("address", flat=True))


def reply_url(message: Message) -> str:
    return reverse("messaging:reply", args=[tokens.make("reply", m=message.pk)])


def reply_data(message: Message, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "text": "My doorbell camera caught two people at 02:10 on 4 March.",
        "name": "",
        "email": "",
        "phone": "",
        "website": "",
        "started": started_token(f"reply:{message.pk}", at=time.time() - 30),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}

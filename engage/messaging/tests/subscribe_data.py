"""Places, sign-ups and links for the subscriber tests: plain functions, no surprises."""

from __future__ import annotations

import re
import time
from typing import Any

from django.core import mail
from django.urls import reverse

from engage.core.public_forms import started_token
from engage.messaging import services
from engage.messaging.models import ALL_TOPICS, Subscriber
from engage.places.models import Area, AreaKind


def make_areas(office) -> dict[str, Area]:
    rugby = Area.objects.create(office=office, kind=AreaKind.DISTRICT, name="Rugby")
    warwick = Area.objects.create(office=office, kind=AreaKind.DISTRICT, name="Warwick")
    return {
        "Rugby": rugby,
        "Warwick": warwick,
        "Hillmorton": Area.objects.create(
            office=office, kind=AreaKind.FORUM_AREA, name="Hillmorton", parent=rugby
        ),
        "Whitnash": Area.objects.create(
            office=office, kind=AreaKind.FORUM_AREA, name="Whitnash", parent=warwick
        ),
    }


def form_data(office, chosen: list[Area], **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "channel": "email",
        "email": "jo.bloggs@example.org",
        "phone": "",
        "areas": [a.pk for a in chosen],
        "topics": ["1", "2", "4"],
        "language": "en-gb",
        "website": "",
        "started": started_token(f"subscribe:{office.pk}", at=time.time() - 30),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def subscribe_url(office) -> str:
    return reverse("messaging:subscribe", args=[office.slug])


def sign_up(office, address="jo.bloggs@example.org", *, channel="email", areas=(), **kw):
    return services.subscribe(
        office,
        channel=channel,
        address=address,
        language=kw.get("language", "en-gb"),
        areas=list(areas),
        topics=kw.get("topics", ALL_TOPICS),
        wording=services.CONSENT_WORDING["en-gb"],
        version=services.CONSENT_VERSION,
        source=services.SOURCE_WEB,
    )


def active(office, address="jo.bloggs@example.org", **kw) -> Subscriber:
    subscriber = sign_up(office, address, **kw)
    services.confirm_subscriber(subscriber)
    return subscriber


LINK = re.compile(r"https?://\S+")


def links_in(body: str) -> list[str]:
    return LINK.findall(body)


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def emails_to(address: str) -> list[Any]:
    return [m for m in mail.outbox if address in m.to]

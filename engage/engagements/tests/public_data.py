"""Surgeries, form data and links for the public booking and contact tests: plain functions."""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from engage.core.public_forms import started_token
from engage.engagements.models import SurgerySession, SurgerySlot
from engage.engagements.services import surgeries

LONDON = ZoneInfo("Europe/London")


def a_weekday_ahead(days: int = 30) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def make_session(office, held_by, *, day: dt.date | None = None, **fields: Any) -> SurgerySession:
    day = day or a_weekday_ahead()
    values: dict[str, Any] = {
        "starts_at": dt.datetime(day.year, day.month, day.day, 10, tzinfo=LONDON),
        "ends_at": dt.datetime(day.year, day.month, day.day, 11, tzinfo=LONDON),
        "location": "Leamington Library, Avenue Road",
        "slot_minutes": 15,
        "by": held_by,
    }
    values.update(fields)
    return surgeries.create_session(office, held_by=held_by, **values)


def slot_of(session: SurgerySession, index: int = 0) -> SurgerySlot:
    return session.slots.order_by("starts_at")[index]


def book_url(session: SurgerySession) -> str:
    return reverse("engagements:public_book", args=[session.office.slug, session.pk])


def check_url(session: SurgerySession) -> str:
    return reverse("engagements:public_book_check", args=[session.office.slug, session.pk])


def booking_form(session: SurgerySession, chosen: SurgerySlot, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "slot": chosen.pk,
        "name": "Jo Bloggs",
        "email": "Jo.Bloggs@Example.org",
        "phone": "",
        "topic": "Speeding on Warwick Road",
        "wants_outcome": "on",
        "website": "",
        "started": started_token(f"book:{session.pk}", at=time.time() - 30),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def book_online(client, session, slot, capture, **overrides: Any):
    """Fill in the form, then confirm on "check your answers": the response to the confirm."""
    response = client.post(book_url(session), booking_form(session, slot, **overrides))
    assert response.status_code == 302, response.content.decode()
    with capture(execute=True):
        return client.post(check_url(session), {"website": ""})


LINK = re.compile(r"https?://\S+")


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def booking_link(body: str) -> str:
    """The change-or-cancel link in a message, as a path."""
    [url] = [u for u in LINK.findall(body) if "/surgeries/booking/" in u]
    return path_of(url)


def contact_form(office, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "theme": "other",
        "message": "Lorries speed past the school every morning.",
        "area": "",
        "contact_name": "",
        "contact_email": "",
        "contact_phone": "",
        "website": "",
        "started": started_token(f"contact:{office.pk}", at=time.time() - 30),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}

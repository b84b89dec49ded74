"""Surgeries, staff side: sessions, bookings, confidential case notes, anonymised themes."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from engage.accounts.models import Role
from engage.engagements.services import surgeries

R = Role
STAFF: set[str] = set(Role.values) - {R.AMBASSADOR}
ATTENDERS: set[str] = {R.ADMIN, R.CHIEF_EXECUTIVE, R.OFFICER, R.COMMISSIONER, R.DEPUTY}

MATRIX: dict[str, set[str]] = {
    "engagements.view_surgery": ATTENDERS,
    "engagements.change_surgery": ATTENDERS,
    # Against the office (no case assigned): the three named roles only, never an administrator.
    "engagements.read_case_notes": {str(R.COMMISSIONER), str(R.DEPUTY), str(R.CHIEF_EXECUTIVE)},
    "engagements.view_surgery_themes": STAFF,
}

URLS: dict[str, tuple[str, str | None, str]] = {
    "engagements:surgeries": ("engagements.view_surgery", None, "get"),
    "engagements:surgery_create": ("engagements.change_surgery", None, "get"),
    "engagements:surgery_themes": ("engagements.view_surgery_themes", None, "get"),
    "engagements:surgery": ("engagements.view_surgery", "surgeries:session", "get"),
    "engagements:surgery_cancel": ("engagements.change_surgery", "surgeries:session", "get"),
    "engagements:booking_create": ("engagements.change_surgery", "surgeries:session", "get"),
    "engagements:booking": ("engagements.view_surgery", "surgeries:booking", "get"),
    "engagements:booking_status": ("engagements.change_surgery", "surgeries:booking", "post"),
    "engagements:booking_assign": ("engagements.change_surgery", "surgeries:booking", "post"),
    # The sample case has no assigned officer, so only the three named roles may write notes.
    "engagements:booking_note_add": ("engagements.read_case_notes", "surgeries:booking", "post"),
    "engagements:booking_action_add": ("engagements.change_surgery", "surgeries:booking", "post"),
}


def samples(office, officer, cast):
    day = timezone.localdate() + dt.timedelta(days=14)
    session = surgeries.create_session(
        office,
        starts_at=timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0))),
        ends_at=timezone.make_aware(dt.datetime.combine(day, dt.time(11, 0))),
        location="Leamington Library",
        held_by=cast[Role.COMMISSIONER],
        slot_minutes=15,
        by=officer,
    )
    booking = surgeries.book_slot(
        session.slots.order_by("starts_at")[0],
        name="Jo Bloggs",
        phone="01926 555123",
        topic="Speeding on Warwick Road",
        by=officer,
    )
    return {"surgeries:session": {"pk": session.pk}, "surgeries:booking": {"pk": booking.pk}}

"""Writes for surgeries: sessions and their slots, bookings, case follow-up and confidential notes.

Each function is one whole state change, atomic, with its history row stamped with who made it.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engage.accounts.models import Membership, Post, User
from engage.core.models import Office
from engage.engagements.models import (
    BookingStatus,
    CaseNote,
    CaseNoteRead,
    ConcernSource,
    ConcernTheme,
    SurgeryBooking,
    SurgerySession,
    SurgerySlot,
)
from engage.engagements.services.concerns import record_concern
from engage.places.models import Area

MIN_SLOT_MINUTES = 5
MAX_SLOT_MINUTES = 120
MAX_SESSION = dt.timedelta(hours=8)
HOLDING_POSTS = (Post.PCC, Post.DPCC)


class SurgeryError(ValueError):
    """A surgery that cannot be: the message says what to change, `field` which input."""

    def __init__(self, message: Any, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class SlotTakenError(Exception):
    """Somebody else booked the slot first (the database refused a second booking)."""

    def __init__(self, slot: SurgerySlot) -> None:
        super().__init__(f"Slot {slot.pk} is already booked.")
        self.slot = slot


def _stamp(obj: Any, by: User | None, reason: str = "") -> None:
    obj._history_user = by
    if reason:
        obj._change_reason = reason


def slot_times(
    starts_at: dt.datetime, ends_at: dt.datetime, slot_minutes: int
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Whole slots from the start; a last stretch shorter than a slot is left free.

    Slots are real minutes apart, so a session that spans a change of the clocks still gets
    slots of the length asked for; shown in London time they read as the clock says.
    """
    step = dt.timedelta(minutes=slot_minutes)
    times = []
    # Arithmetic on times in one zone is wall-clock arithmetic in Python: work in UTC instead.
    start, ends_at = starts_at.astimezone(dt.UTC), ends_at.astimezone(dt.UTC)
    while start + step <= ends_at:
        times.append((start, start + step))
        start += step
    return times


def holds_surgeries(user: User, office: Office) -> bool:
    """Surgeries are held by the Commissioner or the Deputy: their post in the office says so."""
    return Membership.objects.filter(
        user=user, office=office, is_active=True, post__in=HOLDING_POSTS
    ).exists()


def check_times(starts_at: dt.datetime, ends_at: dt.datetime, slot_minutes: int) -> None:
    """Raise SurgeryError with what to fix when the times cannot make a surgery."""
    if ends_at <= starts_at:
        raise SurgeryError(_("The end time must be after the start time"), "end_time")
    if ends_at.astimezone(dt.UTC) - starts_at.astimezone(dt.UTC) > MAX_SESSION:
        raise SurgeryError(_("A surgery can last 8 hours at most"), "end_time")
    if not MIN_SLOT_MINUTES <= slot_minutes <= MAX_SLOT_MINUTES:
        raise SurgeryError(_("Slots must be between 5 and 120 minutes long"), "slot_minutes")
    if not slot_times(starts_at, ends_at, slot_minutes):
        raise SurgeryError(
            _("The surgery is shorter than one slot: make the slots shorter"), "slot_minutes"
        )


def check_session(
    office: Office,
    *,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    held_by: User,
    slot_minutes: int,
) -> None:
    """Raise SurgeryError with what to fix when a session cannot be held as described."""
    check_times(starts_at, ends_at, slot_minutes)
    if not holds_surgeries(held_by, office):
        raise SurgeryError(_("Surgeries are held by the Commissioner or the Deputy"), "held_by")


@transaction.atomic
def create_session(
    office: Office,
    *,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    location: str,
    held_by: User,
    slot_minutes: int,
    area: Area | None = None,
    notes: str = "",
    by: User | None,
) -> SurgerySession:
    """A surgery session and all its slots.

    Side effects: one SurgerySession (with history) and one SurgerySlot per whole slot.
    Raises SurgeryError for an impossible session (see check_session).
    """
    check_session(
        office, starts_at=starts_at, ends_at=ends_at, held_by=held_by, slot_minutes=slot_minutes
    )
    if area is not None and area.office_id != office.pk:
        raise SurgeryError(_("Choose an area of this office"), "area")
    session = SurgerySession(
        office=office,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        area=area,
        held_by=held_by,
        slot_minutes=slot_minutes,
        notes=notes,
    )
    _stamp(session, by)
    session.save()
    SurgerySlot.objects.bulk_create(
        SurgerySlot(office=office, session=session, starts_at=start, ends_at=end)
        for start, end in slot_times(starts_at, ends_at, slot_minutes)
    )
    return session


@transaction.atomic
def cancel_session(session: SurgerySession, *, by: User | None, reason: str = "") -> int:
    """Call a surgery off: its bookings are cancelled and its free slots withdrawn.

    Side effects: each live booking becomes "cancelled" (with history); unbooked slots are
    deleted so nothing more can be booked; the session's history notes the cancellation.
    Returns the number of bookings cancelled (the people to let know).
    """
    bookings = list(
        SurgeryBooking.objects.filter(slot__session=session, status=BookingStatus.BOOKED)
    )
    for booking in bookings:
        booking.status = BookingStatus.CANCELLED
        _stamp(booking, by, str(_("The surgery was cancelled")))
        booking.save()
    SurgerySlot.objects.filter(session=session, booking__isnull=True).delete()
    _stamp(session, by, str(_("Cancelled: %(reason)s") % {"reason": reason or "–"}))
    session.save()
    return len(bookings)


def book_slot(
    slot: SurgerySlot,
    *,
    name: str,
    email: str = "",
    phone: str = "",
    topic: str,
    by: User | None,
    wants_outcome: bool = False,
    language: str = "en-gb",
) -> SurgeryBooking:
    """Book a slot for a resident: by staff taking a phone call, or (by=None) by the public.
    `wants_outcome` is their agreement to hear what came of it, in `language`.

    Side effects: one SurgeryBooking (with history) carrying a random cancellation key.
    Raises SlotTakenError when the slot is already booked, even by a request a moment earlier:
    the database's one-booking-per-slot constraint decides, not a check before saving.
    """
    if not (email or phone):
        raise SurgeryError(_("Give an email address or a phone number"), "email")
    booking = SurgeryBooking(
        office_id=slot.office_id,
        slot=slot,
        name=name,
        email=email,
        phone=phone,
        topic=topic,
        wants_outcome=wants_outcome,
        language=language,
        cancel_token=secrets.token_urlsafe(32),
    )
    _stamp(booking, by)
    try:
        # The savepoint keeps a caller's outer transaction usable after the refusal.
        with transaction.atomic():
            booking.save()
    except IntegrityError as error:
        raise SlotTakenError(slot) from error
    return booking


@transaction.atomic
def set_booking_status(
    booking: SurgeryBooking,
    status: str,
    *,
    theme: ConcernTheme | None = None,
    by: User | None,
) -> SurgeryBooking:
    """Record what became of a booking (attended, did not come, cancelled, closed).

    `theme`, when given, is set too (None leaves the theme as it is). Side effects: history row;
    the first time a themed case is attended or closed, one anonymous Concern (source
    "surgery", the session's area, no name or topic) so that it counts in the concerns list.
    """
    if theme is not None:
        if theme.office_id != booking.office_id:
            raise SurgeryError(_("Choose a theme of this office"), "theme")
        booking.theme = theme
    booking.status = status
    _stamp(booking, by)
    booking.save()
    if (
        status in (BookingStatus.ATTENDED, BookingStatus.CLOSED)
        and booking.theme is not None
        and not booking.concerns.exists()
    ):
        session = booking.slot.session
        record_concern(
            booking.office,
            summary=str(_("Raised at a surgery (details are confidential)")),
            theme=booking.theme,
            source=ConcernSource.SURGERY,
            raised_on=timezone.localdate(booking.slot.starts_at),
            area=session.area,
            by=by,
            booking=booking,
        )
    return booking


@transaction.atomic
def assign_officer(
    booking: SurgeryBooking, officer: User | None, *, by: User | None
) -> SurgeryBooking:
    """Give the case to an officer (or to nobody). The assigned officer may read the case notes.

    Side effects: history row.
    """
    booking.assigned_officer = officer
    _stamp(booking, by)
    booking.save()
    return booking


@transaction.atomic
def add_case_note(booking: SurgeryBooking, text: str, *, by: User) -> CaseNote:
    """Add a confidential note to a case.

    Checks engagements.read_case_notes itself (raising PermissionDenied), so that no caller can
    write notes for someone who may not read them. Side effects: one CaseNote (no history model:
    its text must never appear in an audit trail).
    """
    if not by.has_perm("engagements.read_case_notes", booking):
        raise PermissionDenied
    return CaseNote.objects.create(
        office_id=booking.office_id, booking=booking, author=by, text=text
    )


def log_case_note_read(booking: SurgeryBooking, *, by: User) -> CaseNoteRead:
    """Record that `by` was shown the case notes, now. Append-only."""
    return CaseNoteRead.objects.create(office_id=booking.office_id, booking=booking, reader=by)

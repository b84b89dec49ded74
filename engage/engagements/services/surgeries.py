"""Writes for surgeries: sessions and their slots, bookings, case follow-up and confidential notes.

Each function is one whole state change, atomic, with its history row stamped with who made it.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engage.accounts.models import Membership, Post, User
from engage.core.models import Office
from engage.core.public_cache import content_changed
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
from engage.messaging.bookings import queue_booking_message
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
    # bulk_create sends no signal: the public diary shows the new slots as free to book.
    content_changed("diary")
    return session


@dataclass(frozen=True)
class SessionCancelled:
    """What calling a surgery off did: bookings cancelled, and how many of those people Engage
    told itself (those who booked online); staff let the others know."""

    cancelled: int
    told: int


@transaction.atomic
def cancel_session(
    session: SurgerySession, *, by: User | None, reason: str = ""
) -> SessionCancelled:
    """Call a surgery off: its bookings are cancelled and its free slots withdrawn.

    Side effects: the session is marked cancelled (its history notes why); each live booking
    becomes "cancelled" (with history); slots nobody ever booked are deleted; everyone who booked
    online is sent the cancellation (email with a calendar file that removes it, or a text),
    delivery kicked on commit.
    """
    bookings = list(
        SurgeryBooking.objects.filter(slot__session=session, status=BookingStatus.BOOKED)
    )
    told = 0
    for booking in bookings:
        booking.status = BookingStatus.CANCELLED
        _stamp(booking, by, str(_("The surgery was cancelled")))
        booking.save()
        if booking.booked_online and queue_booking_message(booking, "cancelled") is not None:
            told += 1
    SurgerySlot.objects.filter(session=session, bookings__isnull=True).delete()
    session.cancelled_at = timezone.now()
    _stamp(session, by, str(_("Cancelled: %(reason)s") % {"reason": reason or "–"}))
    session.save()
    return SessionCancelled(cancelled=len(bookings), told=told)


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
    online: bool = False,
    key: str = "",
) -> SurgeryBooking:
    """Book a slot for a resident: by staff taking a phone call, or (see book_online) by the
    resident on the public site. `wants_outcome` is their agreement to hear what came of it, in
    `language`; `key`, the booking's link key (random unless given).

    Side effects: one SurgeryBooking (with history).
    Raises SlotTakenError when the slot is already held by a live booking, even one made by a
    request a moment earlier: the database's one-live-booking-per-slot constraint decides, not
    a check before saving.
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
        booked_online=online,
        cancel_token=key or secrets.token_urlsafe(32),
    )
    _stamp(booking, by)
    try:
        # The savepoint keeps a caller's outer transaction usable after the refusal.
        with transaction.atomic():
            booking.save()
    except IntegrityError as error:
        raise SlotTakenError(slot) from error
    return booking


def check_bookable(slot: SurgerySlot) -> None:
    """Raise SurgeryError (field "slot") when a slot cannot be booked from the public site: its
    surgery was called off, or it has started. Whether someone holds it, the database decides."""
    if slot.session.cancelled_at is not None:
        raise SurgeryError(
            _("This surgery has been cancelled: choose a time at another surgery"), "slot"
        )
    if slot.starts_at <= timezone.now():
        raise SurgeryError(_("That time has passed: choose a later one"), "slot")


@transaction.atomic
def book_online(
    slot: SurgerySlot,
    *,
    name: str,
    email: str,
    phone: str,
    topic: str,
    wants_outcome: bool,
    language: str,
    key: str,
) -> SurgeryBooking:
    """A resident books a slot on the public site (no user: `by` is None).

    `key` is made when they fill in the form and becomes the booking's link key, so pressing
    "Confirm" twice gives the booking already made rather than "just taken". `email` and
    `phone` are as `engage.messaging.addresses` writes them.

    Side effects: one SurgeryBooking marked booked online (with history); its confirmation
    queued: an email with a calendar file if they gave an address, else a text to their mobile,
    each with the link to change or cancel; delivery kicked on commit. Staff see the booking on
    the surgery's page, as new until an officer is assigned.
    Raises SurgeryError (see check_bookable) and SlotTakenError.
    """
    check_bookable(slot)
    try:
        booking = book_slot(
            slot,
            name=name,
            email=email,
            phone=phone,
            topic=topic,
            wants_outcome=wants_outcome,
            language=language,
            online=True,
            key=key,
            by=None,
        )
    except SlotTakenError:
        made = SurgeryBooking.objects.filter(cancel_token=key, slot=slot).first() if key else None
        if made is None:
            raise
        return made
    queue_booking_message(booking, "booked")
    return booking


@transaction.atomic
def change_booking(
    booking: SurgeryBooking, slot: SurgerySlot, *, by: User | None = None
) -> SurgeryBooking:
    """Move a booking to another free slot, of this surgery or another upcoming one.

    Side effects: the booking's slot and link key change, with history (the old link stops
    working); the change is sent with the new link (email with a calendar file that moves the
    event, or a text); delivery kicked on commit.
    Raises SurgeryError when the booking can no longer be changed or the slot cannot be booked
    (another office's, the one they have, started, or of a cancelled surgery), SlotTakenError
    when someone holds it.
    """
    if slot.office_id != booking.office_id:
        raise SurgeryError(_("Choose one of the times listed"), "slot")
    if booking.status != BookingStatus.BOOKED or booking.slot.starts_at <= timezone.now():
        raise SurgeryError(_("This booking can no longer be changed"), "slot")
    if slot.pk == booking.slot_id:
        raise SurgeryError(_("That is the time you have already: choose another"), "slot")
    check_bookable(slot)
    was = booking.slot, booking.cancel_token
    booking.slot = slot
    booking.cancel_token = secrets.token_urlsafe(32)
    _stamp(booking, by, str(_("Moved to another slot")))
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as error:
        booking.slot, booking.cancel_token = was
        raise SlotTakenError(slot) from error
    queue_booking_message(booking, "changed")
    return booking


@transaction.atomic
def cancel_booking(booking: SurgeryBooking, *, by: User | None = None) -> bool:
    """The resident calls their booking off; the slot can be booked again.

    Side effects: the booking becomes "cancelled" (history: "Cancelled by the resident"); the
    cancellation is sent (email with a calendar file that removes the event, or a text);
    delivery kicked on commit. Returns False, doing nothing, when it was not a live booking.
    """
    # Locked and read again: two presses of the button at once cancel (and tell) once.
    locked = SurgeryBooking.objects.select_for_update().get(pk=booking.pk)
    if locked.status != BookingStatus.BOOKED:
        return False
    locked.status = booking.status = BookingStatus.CANCELLED
    _stamp(locked, by, str(_("Cancelled by the resident")))
    locked.save()
    queue_booking_message(locked, "cancelled")
    return True


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
    Raises SurgeryError for a theme of another office, or for a cancelled booking brought back
    while someone else holds its slot.
    """
    if theme is not None:
        if theme.office_id != booking.office_id:
            raise SurgeryError(_("Choose a theme of this office"), "theme")
        booking.theme = theme
    booking.status = status
    _stamp(booking, by)
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as error:
        # A cancelled booking set back to booked (or attended) while someone else holds its slot.
        raise SurgeryError(
            _("Someone else has booked this slot since this booking was cancelled"), "status"
        ) from error
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

"""Reads for surgeries: sessions with their take-up, a session's slots, case notes, and the
anonymised counts by theme, month and area used for reporting."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from engage.accounts.models import Role, User
from engage.core.models import Office
from engage.engagements.models import (
    BookingStatus,
    CaseNote,
    CaseNoteRead,
    SurgeryBooking,
    SurgerySession,
    SurgerySlot,
)

# Counts below this are hidden in the anonymised report: one or two people can be recognised.
SMALLEST_SHOWN = 3
LIVE = ~Q(slots__booking__status=BookingStatus.CANCELLED) & Q(slots__booking__isnull=False)


def sessions_for(office: Office, *, past: bool = False) -> QuerySet[SurgerySession]:
    """Upcoming sessions soonest first (or past ones, latest first), with slot and booking counts."""
    now = timezone.now()
    sessions = (
        SurgerySession.objects.for_office(office)
        .select_related("held_by", "area")
        .annotate(
            slot_count=Count("slots", distinct=True),
            booked_count=Count("slots", filter=LIVE, distinct=True),
            cancelled_count=Count(
                "slots",
                filter=Q(slots__booking__status=BookingStatus.CANCELLED),
                distinct=True,
            ),
        )
    )
    if past:
        return sessions.filter(ends_at__lt=now).order_by("-starts_at")
    return sessions.filter(ends_at__gte=now).order_by("starts_at")


def is_cancelled(session: SurgerySession) -> bool:
    """A cancelled session has no slot left that is free or booked (see cancel_session)."""
    slot_count = getattr(session, "slot_count", None)
    if slot_count is not None:
        return bool(slot_count == session.cancelled_count)  # type: ignore[attr-defined]
    return (
        not SurgerySlot.objects.filter(session=session)
        .exclude(booking__status=BookingStatus.CANCELLED)
        .exists()
    )


def session_slots(session: SurgerySession) -> list[SurgerySlot]:
    """Every slot of a session with its booking (if any) and the booking's officer and theme."""
    return list(
        session.slots.select_related(
            "booking", "booking__assigned_officer", "booking__theme"
        ).order_by("starts_at")
    )


def free_slots(session: SurgerySession) -> QuerySet[SurgerySlot]:
    """Slots nobody has booked that have not started yet."""
    return session.slots.filter(booking__isnull=True, starts_at__gt=timezone.now()).order_by(
        "starts_at"
    )


def free_slot_counts(session_ids: list[int]) -> dict[int, int]:
    """How many slots of each session are free to book now (one query): {session id: n}."""
    rows = (
        SurgerySlot.objects.filter(
            session_id__in=session_ids, booking__isnull=True, starts_at__gt=timezone.now()
        )
        .values("session_id")
        .annotate(n=Count("pk"))
    )
    return {row["session_id"]: row["n"] for row in rows}


def booking_detail(office: Office) -> QuerySet[SurgeryBooking]:
    return SurgeryBooking.objects.for_office(office).select_related(
        "slot__session__held_by", "slot__session__area", "theme", "assigned_officer"
    )


def case_notes(booking: SurgeryBooking) -> list[CaseNote]:
    """The notes, oldest first. Only for people allowed engagements.read_case_notes on the case."""
    return list(booking.notes.select_related("author").order_by("created_at", "pk"))


def case_note_reads(booking: SurgeryBooking) -> list[CaseNoteRead]:
    """Who was shown the notes and when, newest first."""
    return list(booking.reads.select_related("reader").order_by("-created_at", "-pk"))


def officers_of(office: Office) -> QuerySet[User]:
    """People who can be given a case: officers of the office (they then read its notes)."""
    return User.objects.filter(
        memberships__office=office,
        memberships__is_active=True,
        memberships__role=Role.OFFICER,
        is_active=True,
    ).order_by("first_name", "last_name")


@dataclass
class Cell:
    label: str
    count: int
    hidden: bool = False


@dataclass
class ThemeReport:
    """Counts of bookings for a period, with small numbers hidden. No names, no topics."""

    start: dt.date
    end: dt.date
    total: int
    total_hidden: bool
    by_theme: list[Cell] = field(default_factory=list)
    by_month: list[Cell] = field(default_factory=list)
    by_area: list[Cell] = field(default_factory=list)


def suppress(cells: list[Cell]) -> list[Cell]:
    """Hide counts of 1 or 2. When only one cell would be hidden, also hide the next smallest,
    so that the hidden count cannot be worked out from the total."""
    for cell in cells:
        cell.hidden = 0 < cell.count < SMALLEST_SHOWN
    hidden = [c for c in cells if c.hidden]
    shown = sorted((c for c in cells if not c.hidden and c.count > 0), key=lambda c: c.count)
    if len(hidden) == 1 and shown:
        shown[0].hidden = True
    return cells


def theme_report(office: Office, start: dt.date, end: dt.date) -> ThemeReport:
    """Bookings (not cancelled) with a slot from `start` to `end` inclusive, counted three ways."""
    bookings = (
        SurgeryBooking.objects.for_office(office)
        .filter(slot__starts_at__date__gte=start, slot__starts_at__date__lte=end)
        .exclude(status=BookingStatus.CANCELLED)
    )
    total = bookings.count()
    by_theme = [
        Cell(str(row["theme__name"] or _("Not themed yet")), row["n"])
        for row in bookings.values("theme__name").annotate(n=Count("pk")).order_by("theme__name")
    ]
    by_month = [
        Cell(date_format(row["month"], "F Y"), row["n"])
        for row in bookings.annotate(month=TruncMonth("slot__starts_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    ]
    by_area = [
        Cell(str(row["slot__session__area__name"] or _("No area given")), row["n"])
        for row in bookings.values("slot__session__area__name")
        .annotate(n=Count("pk"))
        .order_by("slot__session__area__name")
    ]
    return ThemeReport(
        start=start,
        end=end,
        total=total,
        total_hidden=0 < total < SMALLEST_SHOWN,
        by_theme=suppress(by_theme),
        by_month=suppress(by_month),
        by_area=suppress(by_area),
    )

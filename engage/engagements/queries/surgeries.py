"""Reads for surgeries: sessions with their take-up, a session's slots, case notes, and the
anonymised counts by theme, month and area used for reporting."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from icalendar import Calendar, Event

from engage.accounts.models import Membership, Post, Role, User
from engage.core.models import Office
from engage.engagements.models import (
    LIVE_STATUSES,
    BookingStatus,
    CaseNote,
    CaseNoteRead,
    SurgeryBooking,
    SurgerySession,
    SurgerySlot,
)
from engage.meetings.services import LONDON
from engage.messaging import tokens

# Counts below this are hidden in the anonymised report: one or two people can be recognised.
SMALLEST_SHOWN = 3
# The posts of the people who hold surgeries, as the public reads them.
HOLDER_TITLES = {Post.PCC: _("Police and Crime Commissioner"), Post.DPCC: _("Deputy Commissioner")}


def _live_booking() -> Exists:
    """A live (not cancelled) booking of the slot in the outer query."""
    return Exists(SurgeryBooking.objects.filter(slot=OuterRef("pk"), status__in=LIVE_STATUSES))


def sessions_for(office: Office, *, past: bool = False) -> QuerySet[SurgerySession]:
    """Upcoming sessions soonest first (or past ones, latest first), with slot and booking counts
    and `new_online`: bookings made on the public site that nobody has been assigned to yet."""
    now = timezone.now()
    sessions = (
        SurgerySession.objects.for_office(office)
        .select_related("held_by", "area")
        .annotate(
            slot_count=Count("slots", distinct=True),
            booked_count=Count(
                "slots__bookings",
                filter=Q(slots__bookings__status__in=LIVE_STATUSES),
                distinct=True,
            ),
            new_online=Count(
                "slots__bookings",
                filter=Q(
                    slots__bookings__booked_online=True,
                    slots__bookings__status=BookingStatus.BOOKED,
                    slots__bookings__assigned_officer__isnull=True,
                ),
                distinct=True,
            ),
        )
    )
    if past:
        return sessions.filter(ends_at__lt=now).order_by("-starts_at")
    return sessions.filter(ends_at__gte=now).order_by("starts_at")


def is_cancelled(session: SurgerySession) -> bool:
    return session.cancelled_at is not None


@dataclass
class SlotRow:
    """A slot on the surgery's page: its live booking (or None: free) and any cancelled ones."""

    slot: SurgerySlot
    live: SurgeryBooking | None
    cancelled: list[SurgeryBooking]


def session_slots(session: SurgerySession) -> list[SlotRow]:
    """Every slot of a session with its bookings and their officers and themes (two queries)."""
    bookings = SurgeryBooking.objects.select_related("assigned_officer", "theme").order_by(
        "created_at", "pk"
    )
    rows = []
    for slot in session.slots.prefetch_related(Prefetch("bookings", queryset=bookings)).order_by(
        "starts_at"
    ):
        held = list(slot.bookings.all())
        live = next((b for b in held if b.status != BookingStatus.CANCELLED), None)
        rows.append(SlotRow(slot, live, [b for b in held if b.status == BookingStatus.CANCELLED]))
    return rows


def _bookable(slots: QuerySet[SurgerySlot]) -> QuerySet[SurgerySlot]:
    """The slots among `slots` that can be booked now: not started, of a surgery that has not
    been called off, and with no live booking (a cancelled booking leaves its slot free)."""
    return slots.filter(starts_at__gt=timezone.now(), session__cancelled_at__isnull=True).filter(
        ~_live_booking()
    )


def free_slots(session: SurgerySession) -> QuerySet[SurgerySlot]:
    """Slots of a session nobody holds that have not started yet (none once it is cancelled)."""
    return _bookable(session.slots.all()).order_by("starts_at")


def free_slot_counts(session_ids: list[int]) -> dict[int, int]:
    """How many slots of each session are free to book now (one query): {session id: n}."""
    rows = (
        _bookable(SurgerySlot.objects.filter(session_id__in=session_ids))
        .values("session_id")
        .annotate(n=Count("pk"))
    )
    return {row["session_id"]: row["n"] for row in rows}


def bookable_slots(office: Office) -> QuerySet[SurgerySlot]:
    """Every free slot of the office's upcoming surgeries, soonest first, with its surgery."""
    return (
        _bookable(SurgerySlot.objects.for_office(office))
        .select_related("session__area", "session__held_by")
        .order_by("starts_at", "pk")
    )


def holder_names(office: Office) -> dict[int, str]:
    """{user id: "Helen Carter, Police and Crime Commissioner"} for those who hold surgeries."""
    members = Membership.objects.filter(
        office=office, is_active=True, post__in=list(HOLDER_TITLES)
    ).select_related("user")
    return {
        m.user_id: f"{m.user.get_full_name() or m.user.email}, {HOLDER_TITLES[Post(m.post)]}"
        for m in members
    }


@dataclass
class PublicSurgery:
    """An upcoming surgery as the public sees it: when, where, who, and the slots still free."""

    session: SurgerySession
    holder: str
    free: list[SurgerySlot]


def public_surgeries(office: Office, *, limit: int = 50) -> list[PublicSurgery]:
    """The office's upcoming surgeries that have not been called off, soonest first, each with
    its free slots. Nothing about who booked. Three queries."""
    sessions = list(
        SurgerySession.objects.for_office(office)
        .filter(ends_at__gt=timezone.now(), cancelled_at__isnull=True)
        .select_related("area")
        .order_by("starts_at", "pk")[:limit]
    )
    free: dict[int, list[SurgerySlot]] = {s.pk: [] for s in sessions}
    for slot in free_slots_of(sessions):
        free[slot.session_id].append(slot)
    names = holder_names(office)
    return [PublicSurgery(s, names.get(s.held_by_id, ""), free[s.pk]) for s in sessions]


def free_slots_of(sessions: list[SurgerySession]) -> QuerySet[SurgerySlot]:
    return _bookable(SurgerySlot.objects.filter(session__in=sessions)).order_by("starts_at")


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


# -- the resident's link to change or cancel, and their calendar file ---------------------------


def booking_link_token(booking: SurgeryBooking) -> str:
    """The signed token of the booking's change-or-cancel link (it carries the link key, so a
    link from before a change stops working)."""
    return tokens.make("booking", b=booking.pk, k=booking.link_key)


class LinkState(StrEnum):
    OK = "ok"
    BAD = "bad"  # not one of ours, or altered
    EXPIRED = "expired"  # one of ours, too old
    REPLACED = "replaced"  # the booking moved since: a newer message has the link
    CANCELLED = "cancelled"
    OVER = "over"  # the slot has started, or staff have recorded what happened


@dataclass
class BookingLink:
    state: LinkState
    booking: SurgeryBooking | None = None


def booking_for_link(office: Office, token: str) -> BookingLink:
    """The booking a change-or-cancel link is for, and whether it can still be used."""
    try:
        data = tokens.read("booking", token)
    except tokens.BadToken as error:
        expired = isinstance(error.__cause__, signing.SignatureExpired)
        return BookingLink(LinkState.EXPIRED if expired else LinkState.BAD)
    pk = data.get("b")
    booking = (
        SurgeryBooking.objects.for_office(office)
        .select_related("slot__session__area", "slot__session__held_by")
        .filter(pk=pk if isinstance(pk, int) else 0)
        .first()
    )
    if booking is None:
        return BookingLink(LinkState.BAD)
    if booking.status == BookingStatus.CANCELLED:
        return BookingLink(LinkState.CANCELLED, booking)
    if not constant_time_compare(str(data.get("k", "")), booking.link_key):
        return BookingLink(LinkState.REPLACED, booking)
    if booking.status != BookingStatus.BOOKED or booking.slot.starts_at <= timezone.now():
        return BookingLink(LinkState.OVER, booking)
    return BookingLink(LinkState.OK, booking)


def booking_calendar(
    booking: SurgeryBooking, *, holder: str, url: str, cancelled: bool = False
) -> bytes:
    """The booking as an iCalendar file (RFC 5546): PUBLISH, or CANCEL for the message that it is
    cancelled, with one UID and a rising SEQUENCE, so a calendar app moves or removes the event
    it already has. Times in Europe/London with its VTIMEZONE."""
    slot, session = booking.slot, booking.slot.session
    cal = Calendar()
    cal.add("prodid", "-//Engage//Surgery booking//EN")
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    event.add("uid", f"engage-surgery-booking-{booking.pk}@{host}")
    # Seconds since it was booked: larger at every change, as SEQUENCE must be.
    event.add("sequence", max(0, int((booking.updated_at - booking.created_at).total_seconds())))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(slot.starts_at, LONDON))
    event.add("dtend", timezone.localtime(slot.ends_at, LONDON))
    event.add("summary", _("Surgery with %(holder)s") % {"holder": holder})
    event.add("location", session.location)
    event.add(
        "description",
        _("Your private meeting of %(minutes)s minutes. To change or cancel it: %(url)s")
        % {"minutes": session.slot_minutes, "url": url},
    )
    event.add("url", url)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()

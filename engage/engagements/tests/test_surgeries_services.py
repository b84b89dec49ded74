"""Surgery sessions, slots, bookings and cases: the services and the anonymised counts."""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, connection

from engage.engagements.models import (
    BookingStatus,
    CaseNote,
    Concern,
    ConcernSource,
    ConcernTheme,
    SurgeryBooking,
    SurgerySession,
    SurgerySlot,
)
from engage.engagements.queries import surgeries as queries
from engage.engagements.services import surgeries
from engage.places.models import Area, AreaKind

LONDON = ZoneInfo("Europe/London")
UTC = dt.UTC
NEXT_MONTH = dt.date.today() + dt.timedelta(days=30)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


def make_session(office, held_by, *, day: dt.date = NEXT_MONTH, **fields: Any) -> SurgerySession:
    values: dict[str, Any] = {
        "starts_at": at(day, 10),
        "ends_at": at(day, 12),
        "location": "Leamington Library, Avenue Road",
        "slot_minutes": 15,
        "by": held_by,
    }
    values.update(fields)
    return surgeries.create_session(office, held_by=held_by, **values)


def make_booking(session: SurgerySession, by, index: int = 0, **fields: Any) -> SurgeryBooking:
    values: dict[str, Any] = {
        "name": "Jo Bloggs",
        "phone": "01926 555123",
        "topic": "Speeding on Warwick Road",
    }
    values.update(fields)
    slot = session.slots.order_by("starts_at")[index]
    return surgeries.book_slot(slot, by=by, **values)


def local_times(session: SurgerySession) -> list[str]:
    return [f"{s.starts_at.astimezone(LONDON):%H:%M}" for s in session.slots.order_by("starts_at")]


# Slots


def test_ten_to_twelve_at_15_minutes_gives_eight_slots(office, commissioner):
    session = make_session(office, commissioner)
    assert local_times(session) == [
        "10:00", "10:15", "10:30", "10:45", "11:00", "11:15", "11:30", "11:45",
    ]  # fmt: skip
    last = session.slots.order_by("starts_at").last()
    assert last is not None and last.ends_at == at(NEXT_MONTH, 12)


def test_slots_are_london_time_either_side_of_the_clocks_going_forward(office, deputy):
    # The clocks went forward at 01:00 on Sunday 29 March 2026.
    before = make_session(office, deputy, day=dt.date(2026, 3, 28))
    after = make_session(office, deputy, day=dt.date(2026, 3, 29))
    first_before = before.slots.order_by("starts_at")[0].starts_at.astimezone(UTC)
    first_after = after.slots.order_by("starts_at")[0].starts_at.astimezone(UTC)
    assert (first_before.hour, first_after.hour) == (10, 9)
    assert local_times(before) == local_times(after)


def test_a_session_across_the_clock_change_has_slots_of_real_minutes(office, deputy):
    # 00:30 GMT to 03:00 BST is 90 minutes: six 15-minute slots, the clock jumping at 01:00.
    day = dt.date(2026, 3, 29)
    session = make_session(office, deputy, day=day, starts_at=at(day, 0, 30), ends_at=at(day, 3))
    assert local_times(session) == ["00:30", "00:45", "02:00", "02:15", "02:30", "02:45"]


def test_a_last_stretch_shorter_than_a_slot_is_left_free(office, commissioner):
    session = make_session(office, commissioner, ends_at=at(NEXT_MONTH, 11, 50))
    assert session.slots.count() == 7


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"ends_at": at(NEXT_MONTH, 9)}, "end_time", "The end time must be after the start time"),
        ({"ends_at": at(NEXT_MONTH, 10)}, "end_time", "The end time must be after the start time"),
        ({"slot_minutes": 4}, "slot_minutes", "Slots must be between 5 and 120 minutes long"),
        ({"slot_minutes": 121}, "slot_minutes", "Slots must be between 5 and 120 minutes long"),
        ({"ends_at": at(NEXT_MONTH, 18, 1)}, "end_time", "A surgery can last 8 hours at most"),
        (
            {"ends_at": at(NEXT_MONTH, 10, 20), "slot_minutes": 30},
            "slot_minutes",
            "The surgery is shorter than one slot: make the slots shorter",
        ),
    ],
)
def test_an_impossible_session_is_refused(office, commissioner, fields, field, message):
    with pytest.raises(surgeries.SurgeryError) as refused:
        make_session(office, commissioner, **fields)
    assert (refused.value.field, str(refused.value)) == (field, message)
    assert SurgerySession.objects.count() == SurgerySlot.objects.count() == 0


@pytest.mark.parametrize("role", ["officer", "chief_executive", "admin"])
def test_only_the_pcc_or_dpcc_holds_a_surgery(office, cast, role):
    with pytest.raises(surgeries.SurgeryError) as refused:
        make_session(office, cast[role])
    assert str(refused.value) == "Surgeries are held by the Commissioner or the Deputy"


def test_the_pcc_of_another_office_cannot_hold_this_offices_surgery(office, other_office):
    from conftest import make_member

    other_pcc = make_member(other_office, "commissioner", "pcc@severnvale.test", "Sol", "Shaw")
    with pytest.raises(surgeries.SurgeryError):
        make_session(office, other_pcc)


# Bookings


def test_a_second_booking_of_a_slot_is_refused(office, commissioner, officer):
    session = make_session(office, commissioner)
    first = make_booking(session, officer)
    with pytest.raises(surgeries.SlotTakenError):
        make_booking(session, officer, name="Sam Other", email="sam@example.com")
    assert list(SurgeryBooking.objects.values_list("pk", flat=True)) == [first.pk]
    # The refusal left the surrounding transaction usable.
    assert SurgeryBooking.objects.get().name == "Jo Bloggs"


def test_the_public_can_book_without_a_staff_user(office, commissioner):
    booking = make_booking(make_session(office, commissioner), None, email="jo@example.com")
    assert booking.status == BookingStatus.BOOKED
    assert booking.history.get().history_user is None
    assert len(booking.cancel_token) >= 40


def test_a_booking_needs_an_email_or_a_phone(office, commissioner, officer):
    with pytest.raises(surgeries.SurgeryError):
        make_booking(make_session(office, commissioner), officer, phone="", email="")


@pytest.mark.django_db(transaction=True)
def test_two_people_booking_one_slot_at_once_get_one_booking(office, commissioner, officer):
    session = make_session(office, commissioner)
    slot = session.slots.order_by("starts_at")[0]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def book(name: str) -> None:
        barrier.wait()
        try:
            # SQLite's shared in-memory test database may say "table is locked" instead of
            # waiting; a person would press the button again, and so does this thread.
            for _attempt in range(100):
                try:
                    surgeries.book_slot(
                        slot, name=name, phone="01926 555123", topic="Noise", by=None
                    )
                    outcomes.append("booked")
                    return
                except surgeries.SlotTakenError:
                    outcomes.append("taken")
                    return
                except OperationalError:
                    time.sleep(0.02)
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(n,)) for n in ("Ann", "Bob")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["booked", "taken"]
    assert SurgeryBooking.objects.filter(slot=slot).count() == 1


def test_cancelling_a_session_cancels_its_bookings_and_withdraws_free_slots(
    office, commissioner, officer
):
    session = make_session(office, commissioner)
    first, second = make_booking(session, officer, 0), make_booking(session, officer, 3)
    surgeries.set_booking_status(second, BookingStatus.CANCELLED, by=officer)
    assert not queries.is_cancelled(session)

    done = surgeries.cancel_session(session, reason="Library closed", by=officer)

    assert done == surgeries.SessionCancelled(cancelled=1, told=0)
    first.refresh_from_db()
    assert first.status == BookingStatus.CANCELLED
    assert queries.free_slots(session).count() == 0
    assert queries.is_cancelled(session)
    assert session.history.first().history_change_reason == "Cancelled: Library closed"


# Cases


def test_attending_a_themed_case_counts_it_as_an_anonymous_concern(office, commissioner, officer):
    area = Area.objects.create(office=office, kind=AreaKind.FORUM_AREA, name="Southam")
    theme = ConcernTheme.objects.create(office=office, name="Road safety and speeding")
    booking = make_booking(make_session(office, commissioner, area=area), officer)

    surgeries.set_booking_status(booking, BookingStatus.ATTENDED, theme=theme, by=officer)
    surgeries.set_booking_status(booking, BookingStatus.CLOSED, by=officer)

    concern = Concern.objects.get()
    assert (concern.theme, concern.area, concern.source) == (theme, area, ConcernSource.SURGERY)
    assert concern.booking == booking
    assert "Jo Bloggs" not in concern.summary and "Warwick Road" not in concern.summary


def test_a_theme_of_another_office_is_refused(office, other_office, commissioner, officer):
    theme = ConcernTheme.objects.create(office=other_office, name="Drugs")
    booking = make_booking(make_session(office, commissioner), officer)
    with pytest.raises(surgeries.SurgeryError):
        surgeries.set_booking_status(booking, BookingStatus.ATTENDED, theme=theme, by=officer)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("commissioner", True),
        ("deputy", True),
        ("chief_executive", True),
        ("officer", False),
        ("analyst", False),
        ("ambassador", False),
        ("admin", False),
    ],
)
def test_case_notes_are_written_only_by_those_who_may_read_them(
    office, cast, commissioner, role, allowed
):
    booking = make_booking(make_session(office, commissioner), commissioner)
    if allowed:
        surgeries.add_case_note(booking, "Neighbour dispute, see log 123.", by=cast[role])
        assert CaseNote.objects.get().author == cast[role]
    else:
        with pytest.raises(PermissionDenied):
            surgeries.add_case_note(booking, "Neighbour dispute, see log 123.", by=cast[role])
        assert CaseNote.objects.count() == 0


def test_the_assigned_officer_may_write_case_notes(office, commissioner, officer):
    booking = make_booking(make_session(office, commissioner), commissioner)
    surgeries.assign_officer(booking, officer, by=commissioner)
    note = surgeries.add_case_note(booking, "Called back, agreed to visit.", by=officer)
    assert note.author == officer


def test_an_officer_taken_off_a_case_can_no_longer_write_notes(office, commissioner, officer):
    booking = make_booking(make_session(office, commissioner), commissioner)
    surgeries.assign_officer(booking, officer, by=commissioner)
    surgeries.assign_officer(booking, None, by=commissioner)
    officer.__dict__.pop("_engage_roles", None)
    with pytest.raises(PermissionDenied):
        surgeries.add_case_note(booking, "Still here?", by=officer)


# Anonymised themes


def _book_many(office, session, by, themes: list[ConcernTheme | None]) -> None:
    for index, theme in enumerate(themes):
        booking = make_booking(session, by, index, name=f"Resident {index}")
        if theme is not None:
            surgeries.set_booking_status(booking, BookingStatus.BOOKED, theme=theme, by=by)


def test_theme_counts_hide_numbers_below_three(office, commissioner, officer):
    asb, drugs, speed = (
        ConcernTheme.objects.create(office=office, name=n)
        for n in ("Anti-social behaviour", "Drugs", "Road safety and speeding")
    )
    day = dt.date(2026, 5, 12)
    session = make_session(office, commissioner, day=day, ends_at=at(day, 14))
    _book_many(office, session, officer, [asb] * 5 + [drugs] * 2 + [speed] * 4)

    report = queries.theme_report(office, dt.date(2026, 1, 1), dt.date(2026, 12, 31))

    assert report.total == 11 and not report.total_hidden
    cells = {c.label: (c.count, c.hidden) for c in report.by_theme}
    # Drugs (2) is hidden; so is the next smallest, or 11 - 5 - 4 would give it away.
    assert cells == {
        "Anti-social behaviour": (5, False),
        "Drugs": (2, True),
        "Road safety and speeding": (4, True),
    }
    assert [(c.label, c.count, c.hidden) for c in report.by_month] == [("May 2026", 11, False)]
    assert [(c.label, c.hidden) for c in report.by_area] == [("No area given", False)]


def test_theme_counts_leave_out_cancelled_bookings_and_other_periods(office, commissioner, officer):
    may = make_session(office, commissioner, day=dt.date(2026, 5, 12))
    june = make_session(office, commissioner, day=dt.date(2026, 6, 9))
    _book_many(office, may, officer, [None] * 4)
    _book_many(office, june, officer, [None] * 3)
    surgeries.set_booking_status(
        may.slots.order_by("starts_at")[0].bookings.get(), BookingStatus.CANCELLED, by=officer
    )

    report = queries.theme_report(office, dt.date(2026, 5, 1), dt.date(2026, 5, 31))

    assert report.total == 3
    assert [(c.label, c.count, c.hidden) for c in report.by_theme] == [("Not themed yet", 3, False)]


def test_a_total_below_three_is_hidden(office, commissioner, officer):
    _book_many(
        office, make_session(office, commissioner, day=dt.date(2026, 5, 12)), officer, [None] * 2
    )
    report = queries.theme_report(office, dt.date(2026, 5, 1), dt.date(2026, 5, 31))
    assert (report.total, report.total_hidden) == (2, True)

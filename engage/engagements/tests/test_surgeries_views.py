"""Surgery pages as staff use them, and the confidentiality of case notes for every role."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from engage.engagements.models import (
    BookingStatus,
    CaseNote,
    CaseNoteRead,
    ConcernTheme,
    SurgeryBooking,
    SurgerySession,
)
from engage.engagements.services import surgeries
from engage.engagements.tests.test_surgeries_services import (
    NEXT_MONTH,
    at,
    make_booking,
    make_session,
)
from engage.meetings import services as meetings
from engage.meetings.models import Action

NOTE = "Neighbour dispute since May; police log 4411 of 3 June."


def _form(**changes):
    data = {
        "date": NEXT_MONTH.strftime("%d/%m/%Y"),
        "start_time": "10:00",
        "end_time": "12:00",
        "slot_minutes": "15",
        "location": "Leamington Library, Avenue Road",
        "area": "",
        "notes": "",
    }
    data.update(changes)
    return data


def test_officer_adds_a_surgery_and_gets_eight_slots(client, office, officer, commissioner):
    client.force_login(officer)
    response = client.post(
        reverse("engagements:surgery_create"), _form(held_by=commissioner.pk), follow=True
    )
    page = response.content.decode()
    assert "Surgery added with 8 slots." in page
    assert page.count("Free</strong>") == 8
    assert "Pat Pemberton" in page
    session = SurgerySession.objects.get()
    assert session.starts_at == at(NEXT_MONTH, 10)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"end_time": "09:00"}, "The end time must be after the start time"),
        ({"slot_minutes": "3"}, "Slots must be between 5 and 120 minutes long"),
        ({"slot_minutes": "fifteen"}, "Enter the slot length as a number of minutes, like 15"),
        ({"end_time": "19:00"}, "A surgery can last 8 hours at most"),
        ({"date": "31/02/2026"}, "Enter a real date, like 27 3 2026 or 27/03/2026"),
        ({"location": ""}, "Enter where the surgery is held"),
    ],
)
def test_a_surgery_form_with_a_mistake_says_what_to_fix_and_keeps_the_input(
    client, office, officer, commissioner, changes, message
):
    client.force_login(officer)
    data = _form(held_by=commissioner.pk, **changes)
    response = client.post(reverse("engagements:surgery_create"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'value="Leamington Library, Avenue Road"' in page or changes.get("location") == ""
    assert SurgerySession.objects.count() == 0


def test_every_mistake_is_reported_at_once(client, office, officer):
    client.force_login(officer)
    response = client.post(reverse("engagements:surgery_create"), _form(end_time="09:00"))
    page = response.content.decode()
    assert "Choose who holds the surgery" in page
    assert "The end time must be after the start time" in page


def test_an_officer_cannot_be_chosen_to_hold_a_surgery(client, office, officer, commissioner):
    client.force_login(officer)
    response = client.post(reverse("engagements:surgery_create"), _form(held_by=officer.pk))
    assert "Surgeries are held by the Commissioner or the Deputy" in response.content.decode()
    assert SurgerySession.objects.count() == 0


def test_the_list_shows_upcoming_and_past_surgeries(client, office, officer, deputy):
    make_session(office, deputy, location="Southam Library")
    make_session(office, deputy, day=dt.date(2025, 4, 8), location="Rugby Town Hall")
    client.force_login(officer)
    upcoming = client.get(reverse("engagements:surgeries")).content.decode()
    past = client.get(reverse("engagements:surgeries") + "?when=past").content.decode()
    assert "Southam Library" in upcoming and "Rugby Town Hall" not in upcoming
    assert "Rugby Town Hall" in past and "Southam Library" not in past
    assert "0 of 8 slots" in upcoming and "Dee Dhillon" in upcoming


def test_staff_book_a_slot_for_a_caller(client, office, officer, commissioner):
    session = make_session(office, commissioner)
    slot = session.slots.order_by("starts_at")[2]
    client.force_login(officer)
    response = client.post(
        reverse("engagements:booking_create", args=[session.pk]),
        {"slot": slot.pk, "name": "Jo Bloggs", "phone": "01926 555123", "topic": "Speeding"},
        follow=True,
    )
    assert "Booked." in response.content.decode()
    booking = SurgeryBooking.objects.get()
    assert (booking.slot, booking.email, booking.status) == (slot, "", BookingStatus.BOOKED)
    detail = client.get(session.get_absolute_url()).content.decode()
    assert "Jo Bloggs" in detail and "Speeding" in detail and detail.count("Free</strong>") == 7


def test_a_booking_without_email_or_phone_is_refused(client, office, officer, commissioner):
    session = make_session(office, commissioner)
    client.force_login(officer)
    response = client.post(
        reverse("engagements:booking_create", args=[session.pk]),
        {"slot": session.slots.first().pk, "name": "Jo Bloggs", "topic": "Speeding"},
    )
    page = response.content.decode()
    assert "Give an email address or a phone number, or both" in page
    assert 'value="Jo Bloggs"' in page
    assert SurgeryBooking.objects.count() == 0


def test_a_slot_taken_meanwhile_is_refused_with_a_clear_message(
    client, office, officer, commissioner
):
    session = make_session(office, commissioner)
    slot = session.slots.order_by("starts_at")[0]
    client.force_login(officer)
    client.get(reverse("engagements:booking_create", args=[session.pk]))
    make_booking(session, None, name="First Caller")  # someone else, a moment earlier
    response = client.post(
        reverse("engagements:booking_create", args=[session.pk]),
        {"slot": slot.pk, "name": "Jo Bloggs", "email": "jo@example.com", "topic": "Noise"},
    )
    assert "That slot has just been taken, choose another" in response.content.decode()
    assert SurgeryBooking.objects.get().name == "First Caller"


def test_cancelling_a_surgery_cancels_its_bookings(client, office, officer, commissioner):
    session = make_session(office, commissioner)
    booking = make_booking(session, officer)
    client.force_login(officer)
    response = client.post(
        reverse("engagements:surgery_cancel", args=[session.pk]),
        {"reason": "Library closed"},
        follow=True,
    )
    page = response.content.decode()
    assert "Surgery cancelled. Let the 1 person booked know." in page
    assert "Cancelled</strong>" in page
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert "Book a slot for someone" not in page


# The case page


@pytest.fixture
def case(office, commissioner, officer):
    """A booking assigned to nobody, with one note by the Commissioner."""
    booking = make_booking(make_session(office, commissioner), officer)
    surgeries.add_case_note(booking, NOTE, by=commissioner)
    return booking


ALLOWED_READERS = ["commissioner", "deputy", "chief_executive"]
NOT_READERS = ["officer", "admin"]  # may see the case page, not its notes
CONFIDENTIAL = (
    "Case notes are confidential to the Commissioner, the Deputy, the Chief Executive and "
    "the assigned officer."
)


@pytest.mark.parametrize("role", ALLOWED_READERS)
def test_the_named_roles_read_the_notes_and_each_read_is_logged(client, cast, case, role):
    client.force_login(cast[role])
    page = client.get(case.get_absolute_url()).content.decode()
    assert NOTE in page
    assert CONFIDENTIAL not in page
    assert f"Read by {cast[role]} on" in page
    client.get(case.get_absolute_url())
    assert list(CaseNoteRead.objects.values_list("reader", flat=True)) == [cast[role].pk] * 2


@pytest.mark.parametrize("role", NOT_READERS)
def test_others_see_the_case_but_nothing_of_its_notes(client, cast, case, commissioner, role):
    # A reader has been here before: their read must not show either.
    client.force_login(commissioner)
    client.get(case.get_absolute_url())
    client.force_login(cast[role])
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Speeding on Warwick Road" in page  # the case itself is visible
    assert CONFIDENTIAL in page
    assert NOTE not in page and "4411" not in page
    assert "Read by" not in page and "No case notes yet" not in page
    assert "Add the note" not in page
    assert CaseNoteRead.objects.filter(reader=cast[role]).count() == 0


@pytest.mark.parametrize("role", ["analyst", "ambassador"])
def test_roles_without_surgeries_cannot_open_the_case(client, cast, case, role):
    client.force_login(cast[role])
    response = client.get(case.get_absolute_url())
    assert response.status_code == 403
    assert NOTE not in response.content.decode()
    assert CaseNoteRead.objects.count() == 0


def test_the_assigned_officer_reads_and_writes_the_notes(client, case, officer, commissioner):
    surgeries.assign_officer(case, officer, by=commissioner)
    client.force_login(officer)
    page = client.get(case.get_absolute_url()).content.decode()
    assert NOTE in page
    response = client.post(
        reverse("engagements:booking_note_add", args=[case.pk]),
        {"text": "Visited; the council will move the bins."},
        follow=True,
    )
    page = response.content.decode()
    assert "Case note added." in page and "the council will move the bins" in page
    assert CaseNoteRead.objects.filter(reader=officer).count() == 2


@pytest.mark.parametrize(
    ("role", "allowed"),
    [(r, True) for r in ALLOWED_READERS]
    + [(r, False) for r in ("officer", "analyst", "ambassador", "admin")],
)
def test_posting_a_note_is_allowed_only_to_readers(client, cast, case, role, allowed):
    client.force_login(cast[role])
    response = client.post(
        reverse("engagements:booking_note_add", args=[case.pk]), {"text": "A second note."}
    )
    assert response.status_code == (302 if allowed else 403)
    assert CaseNote.objects.filter(text="A second note.").count() == (1 if allowed else 0)


def test_another_offices_officer_finds_no_case(client, case, other_officer):
    client.force_login(other_officer)
    assert client.get(case.get_absolute_url()).status_code == 404
    response = client.post(
        reverse("engagements:booking_note_add", args=[case.pk]), {"text": "Hello"}
    )
    assert response.status_code == 404
    assert client.get(case.slot.session.get_absolute_url()).status_code == 404
    assert CaseNote.objects.count() == 1 and CaseNoteRead.objects.count() == 0


def test_an_empty_note_is_refused(client, case, deputy):
    client.force_login(deputy)
    response = client.post(reverse("engagements:booking_note_add", args=[case.pk]), {"text": ""})
    assert response.status_code == 400
    assert "Write the note" in response.content.decode()


def test_officer_assigns_a_case_and_themes_it(client, office, case, officer, commissioner):
    theme = ConcernTheme.objects.create(office=office, name="Road safety and speeding")
    client.force_login(officer)
    client.post(
        reverse("engagements:booking_assign", args=[case.pk]), {"assigned_officer": officer.pk}
    )
    response = client.post(
        reverse("engagements:booking_status", args=[case.pk]),
        {"status": BookingStatus.ATTENDED, "theme": theme.pk},
        follow=True,
    )
    page = response.content.decode()
    assert "Status saved: Attended." in page
    assert NOTE in page  # now assigned, the officer reads the notes
    case.refresh_from_db()
    assert (case.assigned_officer, case.theme, case.status) == (
        officer,
        theme,
        BookingStatus.ATTENDED,
    )


def test_the_commissioner_cannot_be_assigned_as_officer(client, case, officer, commissioner):
    client.force_login(officer)
    response = client.post(
        reverse("engagements:booking_assign", args=[case.pk]),
        {"assigned_officer": commissioner.pk},
    )
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.assigned_officer is None


def test_follow_up_actions_and_closing_with_open_actions_warns(client, case, officer):
    client.force_login(officer)
    client.post(
        reverse("engagements:booking_action_add", args=[case.pk]),
        {"description": "Ask the council about bins", "owner": officer.pk, "due_on": "1/7/2030"},
    )
    action = Action.objects.get()
    assert (action.booking, action.owner, action.due_on) == (case, officer, dt.date(2030, 7, 1))

    warned = client.post(
        reverse("engagements:booking_status", args=[case.pk]), {"status": BookingStatus.CLOSED}
    ).content.decode()
    assert "This case has 1 open action. Close it anyway?" in warned
    case.refresh_from_db()
    assert case.status == BookingStatus.BOOKED

    client.post(
        reverse("engagements:booking_status", args=[case.pk]),
        {"status": BookingStatus.CLOSED, "close_anyway": "on"},
    )
    case.refresh_from_db()
    assert case.status == BookingStatus.CLOSED


def test_closing_with_every_action_done_does_not_warn(client, case, officer):
    action = meetings.add_action(
        case, description="Reply by letter", owner=officer, owner_name="", due_on=None, by=officer
    )
    meetings.update_action(action, {"status": "done"}, by=officer)
    client.force_login(officer)
    response = client.post(
        reverse("engagements:booking_status", args=[case.pk]),
        {"status": BookingStatus.CLOSED},
        follow=True,
    )
    assert "Status saved: Closed." in response.content.decode()


def test_the_history_on_the_case_page_holds_no_note(client, case, admin_user, commissioner):
    surgeries.assign_officer(case, None, by=commissioner)
    client.force_login(admin_user)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "History" in page
    assert NOTE not in page


# Anonymised themes


def test_themes_page_shows_counts_without_names_and_hides_small_ones(
    client, office, commissioner, officer, analyst
):
    asb, drugs = (
        ConcernTheme.objects.create(office=office, name=n)
        for n in ("Anti-social behaviour", "Drugs")
    )
    day = dt.date(2026, 5, 12)
    session = make_session(office, commissioner, day=day)
    for index, theme in enumerate([asb, asb, asb, asb, drugs, drugs]):
        booking = make_booking(
            session, officer, index, name=f"Resident {index}", topic=f"Topic {index}"
        )
        surgeries.set_booking_status(booking, BookingStatus.ATTENDED, theme=theme, by=officer)
    client.force_login(analyst)
    page = client.get(
        reverse("engagements:surgery_themes") + "?start=2026-05-01&end=2026-05-31"
    ).content.decode()
    assert "6 bookings" in page
    assert "fewer than 3" in page
    assert "May 2026" in page
    assert "Resident" not in page and "Topic" not in page


def test_themes_page_refuses_an_end_before_the_start(client, office, analyst):
    client.force_login(analyst)
    page = client.get(
        reverse("engagements:surgery_themes") + "?start=2026-05-01&end=2026-04-01"
    ).content.decode()
    assert "The end must be on or after 1 May 2026" in page

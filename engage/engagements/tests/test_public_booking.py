"""A resident books a surgery slot on the public site, gets the confirmation, and changes or
cancels it by the link in it; the slot is never held twice, even by people booking at once."""

from __future__ import annotations

import datetime as dt
import json
import secrets
import threading
import time

import pytest
from django.core import mail
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from engage.engagements.models import BookingStatus, SurgeryBooking, SurgerySlot
from engage.engagements.queries import surgeries as queries
from engage.engagements.services import surgeries
from engage.engagements.tests.public_data import (
    LONDON,
    book_online,
    book_url,
    booking_form,
    booking_link,
    check_url,
    make_session,
    slot_of,
)
from engage.messaging import delivery
from engage.messaging.models import Message, MessageKind, MessageStatus

pytestmark = pytest.mark.django_db

SITE = "https://engage.example.org"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.MESSAGING_RATE = 0


@pytest.fixture
def session(office, commissioner):
    return make_session(office, commissioner)


def _calendar(sent) -> Calendar:
    [(filename, content, mimetype)] = sent.attachments
    assert (filename, mimetype) == ("booking.ics", "text/calendar")
    return Calendar.from_ical(content)


def _event(calendar: Calendar):
    [event] = calendar.walk("VEVENT")
    return event


# -- booking, JavaScript or not ------------------------------------------------------------------


def test_the_list_shows_upcoming_surgeries_with_their_free_times(
    client, office, commissioner, deputy, session
):
    other = make_session(office, deputy, location="Rugby Library")
    surgeries.book_slot(
        slot_of(session, 1), name="Ann", phone="01926 555123", topic="Noise", by=None
    )
    surgeries.cancel_session(other, by=commissioner)
    page = client.get(reverse("engagements:public_surgeries", args=[office.slug])).content.decode()
    assert "Leamington Library, Avenue Road" in page
    assert "Pat Pemberton, Police and Crime Commissioner" in page
    assert "3 free times" in page
    assert f"?slot={slot_of(session, 0).pk}" in page
    assert f"?slot={slot_of(session, 1).pk}" not in page  # booked
    assert "Rugby Library" not in page  # called off
    assert "Ann" not in page and "Noise" not in page


def test_a_resident_books_a_slot_and_is_emailed_a_calendar_file_and_a_link(
    client, office, session, django_capture_on_commit_callbacks
):
    slot = slot_of(session, 2)
    form = client.get(book_url(session) + f"?slot={slot.pk}").content.decode()
    assert f'value="{slot.pk}" checked' in form
    assert "10:30am to 10:45am" in form

    response = client.post(book_url(session), booking_form(session, slot))
    assert response["Location"] == reverse(
        "engagements:public_book_check", args=[office.slug, session.pk]
    )
    check = client.get(check_url(session)).content.decode()
    assert "Check your booking" in check
    assert "jo.bloggs@example.org" in check and "Speeding on Warwick Road" in check
    assert SurgeryBooking.objects.count() == 0  # nothing is booked until they confirm

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(check_url(session), {"website": ""})
    assert response["Location"] == reverse("engagements:public_booked", args=[office.slug])
    booked = client.get(response["Location"]).content.decode()
    assert "Your time is booked" in booked
    assert "We have sent a confirmation to j•••@example.org" in booked

    booking = SurgeryBooking.objects.get()
    assert (booking.slot, booking.name, booking.email, booking.booked_online) == (
        slot,
        "Jo Bloggs",
        "jo.bloggs@example.org",
        True,
    )
    assert (booking.wants_outcome, booking.language, booking.phone) == (True, "en-gb", "")
    assert booking.history.get().history_user is None

    [sent] = mail.outbox
    assert sent.to == ["jo.bloggs@example.org"]
    start = timezone.localtime(slot.starts_at)
    assert sent.subject == f"Your surgery booking: {start:%A} {start.day} {start:%B %Y} at 10:30am"
    assert "You are booked to meet Pat Pemberton, Police and Crime Commissioner." in sent.body
    assert "Leamington Library, Avenue Road" in sent.body
    assert "List-Unsubscribe" not in sent.message()
    event = _event(_calendar(sent))
    dtstart = event.decoded("dtstart")
    assert str(dtstart.tzinfo) == "Europe/London"
    assert dtstart == dt.datetime(start.year, start.month, start.day, 10, 30, tzinfo=LONDON)
    assert event["dtstart"].params["TZID"] == "Europe/London"
    assert event.decoded("dtend") - dtstart == dt.timedelta(minutes=15)
    link = booking_link(sent.body)
    assert f"{SITE}{link}" in str(event["description"])
    page = client.get(link).content.decode()
    assert "Your surgery booking" in page and "Change the time" in page
    message = Message.objects.get()
    assert (message.kind, message.status) == (MessageKind.BOOKING, MessageStatus.SENT)


def test_a_resident_with_only_a_mobile_is_sent_a_text_with_the_link(
    client, office, session, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    book_online(
        client,
        session,
        slot_of(session),
        django_capture_on_commit_callbacks,
        email="",
        phone="07700 900123",
    )
    booking = SurgeryBooking.objects.get()
    assert (booking.email, booking.phone) == ("", "+447700900123")
    assert mail.outbox == []
    [written] = (tmp_path / "sms").iterdir()
    text = json.loads(written.read_text())
    assert text["to"] == "+447700900123"
    assert "you are booked to meet Pat Pemberton, Police and Crime Commissioner" in text["body"]
    assert "Stop:" not in text["body"]  # a booking is not a subscription
    assert client.get(booking_link(text["body"])).status_code == 200


def test_the_booking_is_made_in_the_language_of_the_page(
    client, office, session, django_capture_on_commit_callbacks
):
    client.cookies["django_language"] = "cy"
    book_online(client, session, slot_of(session), django_capture_on_commit_callbacks)
    assert SurgeryBooking.objects.get().language == "cy"
    assert Message.objects.get().language == "cy"


# -- what the form refuses, keeping everything typed ---------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"email": "jo.bloggs"},
            "Enter an email address in the correct format, like name@example.com",
        ),
        (
            {"email": "", "phone": "01926 555123"},
            "Enter a mobile number, not a landline: mobile numbers start with 07, like 07700 900123",
        ),
        ({"email": "", "phone": "0770"}, "Enter a UK mobile number, like 07700 900123"),
        (
            {"email": "", "phone": ""},
            "Enter an email address or a UK mobile number, so that we can send you your booking",
        ),
        ({"name": ""}, "Enter your name"),
        ({"topic": ""}, "Say in a few words what you would like to talk about"),
        ({"slot": None}, "Choose a time for your meeting"),
    ],
)
def test_the_form_says_what_to_type_and_keeps_what_was_typed(client, session, overrides, message):
    data = booking_form(session, slot_of(session), **overrides)
    page = client.post(book_url(session), data).content.decode()
    assert "There is a problem" in page
    assert page.count(message) == 2  # the summary and the field
    for name in ("name", "email", "phone", "topic"):
        if data.get(name):
            assert f'value="{data[name]}"' in page or f">{data[name]}<" in page, name
    assert SurgeryBooking.objects.count() == 0


def test_a_slot_taken_meanwhile_is_refused_on_confirming_and_nothing_typed_is_lost(
    client, session, django_capture_on_commit_callbacks
):
    slot = slot_of(session)
    client.post(book_url(session), booking_form(session, slot, name="Jo Bloggs"))
    surgeries.book_slot(slot, name="Ann", phone="01926 555123", topic="Noise", by=None)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(check_url(session), {"website": ""}).content.decode()
    assert page.count("That slot has just been taken, choose another") == 2
    assert 'value="Jo Bloggs"' in page and 'value="jo.bloggs@example.org"' in page
    assert "Speeding on Warwick Road" in page
    assert f'value="{slot.pk}"' not in page  # no longer offered
    assert f'value="{slot_of(session, 1).pk}"' in page
    assert SurgeryBooking.objects.filter(name="Jo Bloggs").count() == 0
    assert mail.outbox == []


def test_confirming_twice_books_once(client, session, django_capture_on_commit_callbacks):
    slot = slot_of(session)
    client.post(book_url(session), booking_form(session, slot))
    draft = dict(client.session["engagements:booking-draft"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(check_url(session), {"website": ""})
    # The second press arrives with the same draft (say, from another tab).
    stored = client.session
    stored["engagements:booking-draft"] = draft
    stored.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(check_url(session), {"website": ""})
    assert response.status_code == 302
    assert SurgeryBooking.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_slot_that_has_started_is_refused(client, office, commissioner):
    now = timezone.localtime()
    session = make_session(
        office,
        commissioner,
        starts_at=now - dt.timedelta(minutes=20),
        ends_at=now + dt.timedelta(minutes=40),
    )
    started = slot_of(session, 0)
    page = client.post(book_url(session), booking_form(session, started)).content.decode()
    assert page.count("That time has passed: choose a later one") == 2
    with pytest.raises(surgeries.SurgeryError):
        surgeries.book_online(
            started,
            name="Jo",
            email="jo@example.org",
            phone="",
            topic="Noise",
            wants_outcome=False,
            language="en-gb",
            key=secrets.token_urlsafe(32),
        )
    assert SurgeryBooking.objects.count() == 0


def test_a_cancelled_surgery_cannot_be_booked(client, session, commissioner):
    slot = slot_of(session)
    surgeries.cancel_session(session, by=commissioner)
    response = client.get(book_url(session))
    assert response.status_code == 410
    assert "This surgery has been cancelled" in response.content.decode()
    assert client.post(book_url(session), booking_form(session, slot)).status_code == 410
    assert SurgeryBooking.objects.count() == 0


def test_the_honeypot_books_nothing(client, session, django_capture_on_commit_callbacks):
    data = booking_form(session, slot_of(session), website="https://spam.example")
    response = client.post(book_url(session), data)
    assert response.status_code == 302
    assert "Thank you" in client.get(response["Location"]).content.decode()
    assert "engagements:booking-draft" not in client.session
    assert SurgeryBooking.objects.count() == 0


def test_a_form_sent_too_fast_is_refused(client, session):
    data = booking_form(session, slot_of(session), started="")
    page = client.post(book_url(session), data).content.decode()
    assert "This page was open too long or came from somewhere else" in page


def test_too_many_attempts_from_one_address_are_refused(client, session):
    data = booking_form(session, slot_of(session), name="")
    codes = [client.post(book_url(session), data).status_code for _ in range(21)]
    assert codes[-1] == 429
    assert "too many attempts" in client.post(book_url(session), data).content.decode()


# -- changing and cancelling by the link ---------------------------------------------------------


@pytest.fixture
def booked(client, session, django_capture_on_commit_callbacks):
    book_online(client, session, slot_of(session), django_capture_on_commit_callbacks)
    [sent] = mail.outbox
    mail.outbox.clear()
    return SurgeryBooking.objects.get(), booking_link(sent.body)


def test_changing_the_time_by_the_link(
    client, office, deputy, session, booked, django_capture_on_commit_callbacks
):
    booking, link = booked
    later = make_session(office, deputy, day=timezone.localdate() + dt.timedelta(days=40))
    new_slot = slot_of(later, 3)
    page = client.get(link + "change/").content.decode()
    assert "Change the time of your booking" in page
    assert f'value="{new_slot.pk}"' in page
    assert f'value="{booking.slot_id}"' not in page
    booking.refresh_from_db()
    assert booking.slot == slot_of(booking.slot.session)  # the page changed nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link + "change/", {"slot": new_slot.pk, "website": ""})
    booking.refresh_from_db()
    assert booking.slot == new_slot
    assert client.get(response["Location"]).status_code == 200
    [sent] = mail.outbox
    assert "Your surgery booking has moved to" in sent.subject
    assert "You are now booked to meet Dee Dhillon, Deputy Commissioner." in sent.body
    event = _event(_calendar(sent))
    assert event.decoded("dtstart") == timezone.localtime(new_slot.starts_at, LONDON)
    assert event["uid"].startswith(f"engage-surgery-booking-{booking.pk}@")
    new_link = booking_link(sent.body)
    assert new_link != link
    assert client.get(new_link).status_code == 200
    # The old link has done its work: refused, clearly, and nothing changes.
    old = client.get(link)
    assert old.status_code == 410
    assert "This link has been replaced" in old.content.decode()
    client.post(link + "change/", {"slot": slot_of(later, 0).pk, "website": ""})
    booking.refresh_from_db()
    assert booking.slot == new_slot
    # The slot left behind can be booked again.
    assert slot_of(session) in queries.free_slots(session)


def test_cancelling_by_the_link_frees_the_slot_and_a_replay_changes_nothing(
    client, office, booked, django_capture_on_commit_callbacks
):
    booking, link = booked
    slot = booking.slot
    page = client.get(link + "cancel/").content.decode()
    assert "Cancel your booking" in page and "Yes, cancel my booking" in page
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED  # the page changed nothing

    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(link + "cancel/", {"website": ""}).content.decode()
    assert "Your booking is cancelled" in page
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert booking.history.first().history_change_reason == "Cancelled by the resident"
    [sent] = mail.outbox
    assert sent.subject == "Your surgery booking is cancelled"
    calendar = _calendar(sent)
    assert calendar["method"] == "CANCEL"
    assert _event(calendar)["status"] == "CANCELLED"

    with django_capture_on_commit_callbacks(execute=True):
        replay = client.post(link + "cancel/", {"website": ""})
    assert "This booking is cancelled" in replay.content.decode()
    assert len(mail.outbox) == 1
    assert Message.objects.filter(kind=MessageKind.BOOKING).count() == 2  # booked, cancelled

    # The slot is free again, for anyone.
    session = slot.session
    assert slot in queries.free_slots(session)
    client.cookies.clear()
    book_online(client, session, slot, django_capture_on_commit_callbacks, name="Sam Lee")
    assert SurgeryBooking.objects.get(status=BookingStatus.BOOKED).name == "Sam Lee"
    assert SurgeryBooking.objects.filter(slot=slot).count() == 2


def test_a_tampered_link_is_refused_and_changes_nothing(client, booked):
    booking, link = booked
    tampered = link.replace("/booking/", "/booking/x")
    for path in (tampered, tampered + "cancel/"):
        response = (
            client.post(path, {"website": ""}) if path.endswith("cancel/") else client.get(path)
        )
        assert response.status_code == 400
        assert "This link is not right" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED


def test_a_link_for_another_office_is_refused(client, booked, other_office):
    _booking, link = booked
    path = link.replace("/avonshire/", f"/{other_office.slug}/")
    assert client.get(path).status_code == 400


def test_a_booking_whose_time_has_passed_cannot_be_changed(client, booked):
    booking, link = booked
    past = timezone.now() - dt.timedelta(hours=1)
    SurgerySlot.objects.filter(pk=booking.slot_id).update(
        starts_at=past, ends_at=past + dt.timedelta(minutes=15)
    )
    page = client.get(link + "cancel/")
    assert page.status_code == 410
    assert "This booking can no longer be changed here" in page.content.decode()


def test_the_link_offers_the_booking_as_a_calendar_file(client, booked):
    booking, link = booked
    response = client.get(link + "calendar.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    event = _event(Calendar.from_ical(response.content))
    assert event.decoded("dtstart") == timezone.localtime(booking.slot.starts_at, LONDON)


def test_calling_a_surgery_off_tells_those_who_booked_online(
    client, office, session, commissioner, officer, booked, django_capture_on_commit_callbacks
):
    surgeries.book_slot(
        slot_of(session, 2), name="Ann", phone="01926 555123", topic="Noise", by=officer
    )
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("engagements:surgery_cancel", args=[session.pk]),
            {"reason": "Flood"},
            follow=True,
        )
    page = response.content.decode()
    assert (
        "Surgery cancelled. Engage has told the 1 person who booked online. "
        "Let the other 1 person know." in page
    )
    [sent] = mail.outbox
    assert "the surgery has been called off" in sent.body


# -- staff see online bookings -------------------------------------------------------------------


def test_staff_see_a_new_online_booking_on_the_surgery_page_until_it_is_assigned(
    client, officer, session, booked
):
    booking, _link = booked
    client.force_login(officer)
    page = client.get(session.get_absolute_url()).content.decode()
    assert "Booked online" in page
    assert "1 booking made online has no officer assigned yet" in page
    listing = client.get(reverse("engagements:surgeries")).content.decode()
    assert "1 new online, no officer yet" in listing
    surgeries.assign_officer(booking, officer, by=officer)
    page = client.get(session.get_absolute_url()).content.decode()
    assert "no officer assigned yet" not in page
    assert "Online by the resident" in client.get(booking.get_absolute_url()).content.decode()


def test_the_surgery_page_lists_a_cancelled_booking_beside_the_one_that_replaced_it(
    client, officer, session, booked
):
    booking, _link = booked
    surgeries.cancel_booking(booking)
    surgeries.book_slot(
        booking.slot, name="Sam Lee", phone="01926 555123", topic="Noise", by=officer
    )
    client.force_login(officer)
    page = client.get(session.get_absolute_url()).content.decode()
    assert "Jo Bloggs" in page and "Sam Lee" in page
    assert "4 slots of 15 minutes, 3 free" in page


def test_staff_cannot_bring_back_a_cancelled_booking_whose_slot_was_taken(
    client, officer, session, booked
):
    booking, _link = booked
    surgeries.cancel_booking(booking)
    surgeries.book_slot(
        booking.slot, name="Sam Lee", phone="01926 555123", topic="Noise", by=officer
    )
    client.force_login(officer)
    response = client.post(
        reverse("engagements:booking_status", args=[booking.pk]), {"status": "booked"}
    )
    assert response.status_code == 400
    assert "Someone else has booked this slot since this booking was cancelled" in (
        response.content.decode()
    )
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


# -- people booking one slot at the same moment --------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_several_people_booking_one_slot_at_once_exactly_one_wins(office, commissioner, settings):
    # Messages stay queued: this is about the booking, and SQLite's shared test database would
    # make the threads wait on each other's deliveries too.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    session = make_session(office, commissioner)
    slot_pk = slot_of(session).pk
    people = 6
    barrier = threading.Barrier(people)
    outcomes: list[str] = []

    def book(n: int) -> None:
        slot = SurgerySlot.objects.select_related("session").get(pk=slot_pk)
        barrier.wait()
        try:
            # SQLite's shared in-memory test database may say "table is locked" rather than
            # wait; a person would press the button again, and so does this thread.
            for _attempt in range(200):
                try:
                    surgeries.book_online(
                        slot,
                        name=f"Person {n}",
                        email=f"person{n}@example.org",
                        phone="",
                        topic="Noise",
                        wants_outcome=False,
                        language="en-gb",
                        key=secrets.token_urlsafe(32),
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

    threads = [threading.Thread(target=book, args=(n,)) for n in range(people)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["booked"] + ["taken"] * (people - 1)
    [booking] = SurgeryBooking.objects.filter(slot_id=slot_pk)
    [message] = Message.objects.filter(kind=MessageKind.BOOKING)
    assert message.address == booking.email
    assert delivery.status_counts(office)["queued"] == 1

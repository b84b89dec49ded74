"""The staff pages: finding a person, their data as files, erasing it, and the request list."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from engage.dataprotection import services
from engage.dataprotection.models import Erasure, RequestStatus, SubjectAccessRequest
from engage.dataprotection.tests.test_subject_access import EMAIL, NAME, PHONE, _place
from engage.engagements.models import Concern
from engage.messaging.models import Subscriber

pytestmark = pytest.mark.django_db

FIND = reverse("dataprotection:find")
PERSON = reverse("dataprotection:person")


def _search(client, **who):
    return client.post(FIND, {"email": "", "phone": "", "name": "", **who})


def test_a_search_shows_each_kind_of_record_and_keeps_the_address_out_of_the_url(
    client, admin_user, office
):
    _place(office)
    client.force_login(admin_user)
    response = _search(client, phone="07700 900123")
    assert response.status_code == 302
    assert response["Location"] == PERSON
    page = client.get(PERSON).content.decode()
    assert "3 records found." in page
    assert "Subscribers" in page and "Concerns" in page and "Contacts" in page


def test_a_search_with_nothing_to_look_for_says_what_to_enter(client, admin_user):
    client.force_login(admin_user)
    page = _search(client).content.decode()
    assert "Enter an email address, a phone number or a name" in page


def test_another_offices_guardian_finds_nothing(client, office, other_office, other_officer):
    from conftest import make_member

    _place(office)
    other_admin = make_member(other_office, "admin", "admin@severnvale.test", "Sam", "Other")
    client.force_login(other_admin)
    _search(client, email=EMAIL)
    assert "Nothing the office holds names this person." in client.get(PERSON).content.decode()


def test_the_json_download_holds_the_persons_records(client, chief_executive, office):
    _place(office)
    client.force_login(chief_executive)
    _search(client, email=EMAIL)
    response = client.get(reverse("dataprotection:person_json"))
    assert response["Content-Disposition"].startswith('attachment; filename="subject-access-')
    data = json.loads(response.content)
    assert {r["model"] for r in data["records"]} >= {
        "consultations.Response",
        "messaging.Subscriber",
    }


def test_the_pdf_download_is_a_pdf(client, chief_executive, office):
    _place(office)
    client.force_login(chief_executive)
    _search(client, name=NAME)
    response = client.get(reverse("dataprotection:person_pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_erasing_needs_the_box_ticked_then_erases_and_forgets_the_search(
    client, admin_user, office
):
    _place(office)
    client.force_login(admin_user)
    _search(client, email=EMAIL, phone=PHONE, name=NAME)
    erase = reverse("dataprotection:erase")
    assert "Confirm that you have checked the records" in client.post(erase).content.decode()
    assert Subscriber.objects.count() == 2

    response = client.post(erase, {"confirm": "on"}, follow=True)

    assert "records were erased." in response.content.decode()
    assert Subscriber.objects.count() == 0
    assert Concern.objects.get().contact_email == ""
    assert Erasure.objects.get().erased_by == admin_user
    assert client.get(PERSON)["Location"] == FIND


def test_recording_a_request_on_31_january_makes_it_due_on_28_february(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("dataprotection:request_create"),
        {
            "kind": "access",
            "requester_name": "Jo Bloggs",
            "email": "jo@example.org",
            "phone": "",
            "postal_address": "",
            "received_on": "31/01/2027",
            "handled_by": "",
            "notes": "",
        },
        follow=True,
    )
    sar = SubjectAccessRequest.objects.get()
    assert sar.due_on == dt.date(2027, 2, 28)
    assert sar.handled_by == admin_user
    assert "due on 28 February 2027" in response.content.decode()


def test_the_list_shows_overdue_requests_first_then_those_due_soon(client, admin_user, office):
    today = timezone.localdate()

    def received(days_ago, name):
        return services.record_request(
            office,
            by=admin_user,
            requester_name=name,
            received_on=today - dt.timedelta(days=days_ago),
        )

    received(3, "Later Person")
    received(27, "Soon Person")
    received(45, "Overdue Person")
    done = received(60, "Done Person")
    services.update_request(done, by=admin_user, status=RequestStatus.COMPLETED)
    client.force_login(admin_user)
    page = client.get(reverse("dataprotection:requests")).content.decode()
    positions = [
        page.index(n) for n in ("Overdue Person", "Soon Person", "Later Person", "Done Person")
    ]
    assert positions == sorted(positions)
    assert "Overdue (1)" in page


def test_searching_from_a_request_uses_its_details(client, admin_user, office):
    _place(office)
    sar = services.record_request(
        office, by=admin_user, requester_name=NAME, email=EMAIL, received_on=timezone.localdate()
    )
    client.force_login(admin_user)
    client.post(reverse("dataprotection:request_search", args=[sar.pk]))
    page = client.get(PERSON).content.decode()
    assert f"Request {sar}" in page
    assert "Comments" in page and "Responses" in page

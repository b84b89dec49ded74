"""Hearing back: staff record a person's contact details with a concern or a surgery booking only
with their agreement, and the concern's page shows the decisions it fed."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from engage.decisions import services
from engage.decisions.models import EvidenceKind
from engage.decisions.tests.decision_builders import concern, make_decision, themes_of
from engage.engagements.models import Concern, SurgeryBooking
from engage.engagements.services import surgeries

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    page = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.fixture
def themes(office, officer):
    return themes_of(office, officer)


def concern_form(themes, **extra):
    return {
        "summary": "Cars racing on the bypass at night",
        "source": "correspondence",
        "theme": themes["Road safety and speeding"].pk,
        "area": "",
        "raised_on": "2/3/2026",
        "people": "1",
        "contact_name": "",
        "contact_email": "",
        "contact_phone": "",
        "language": "en-gb",
        **extra,
    }


def test_a_concern_keeps_contact_details_with_consent(officer_client, themes):
    response = officer_client.post(
        reverse("engagements:concern_create"),
        concern_form(
            themes,
            wants_reply="on",
            contact_name="Gwen Morgan",
            contact_email="Gwen.Morgan@Example.org",
            contact_phone="07700 900321",
            language="cy",
        ),
    )
    assert response.status_code == 302
    raised = Concern.objects.get()
    assert (
        raised.wants_reply,
        raised.contact_name,
        raised.contact_email,
        raised.contact_phone,
        raised.language,
    ) == (True, "Gwen Morgan", "gwen.morgan@example.org", "+447700900321", "cy")
    page = text_of(officer_client.get(response["Location"]))
    assert "They agreed to be told, in Welsh, when a decision it fed is published." in page
    assert "Gwen Morgan, gwen.morgan@example.org, +447700900321" in page


def test_consent_needs_an_email_or_a_mobile(officer_client, themes):
    response = officer_client.post(
        reverse("engagements:concern_create"),
        concern_form(themes, wants_reply="on", contact_name="Gwen"),
    )
    assert response.status_code == 400
    assert "To tell them what came of it, give their email address or mobile number" in text_of(
        response
    )
    assert not Concern.objects.exists()


def test_contact_details_without_consent_are_refused(officer_client, themes):
    response = officer_client.post(
        reverse("engagements:concern_create"),
        concern_form(themes, contact_email="gwen@example.org"),
    )
    assert response.status_code == 400
    assert (
        "Tick this if they agreed to hear what came of it, or leave out their contact details: "
        "we keep them only with their agreement"
    ) in text_of(response)
    assert not Concern.objects.exists()


def test_a_malformed_email_or_phone_says_what_to_type(officer_client, themes):
    response = officer_client.post(
        reverse("engagements:concern_create"),
        concern_form(themes, wants_reply="on", contact_email="gwen@", contact_phone="01926 123456"),
    )
    page = text_of(response)
    assert "Enter their email address in the correct format, like name@example.com" in page
    assert "Enter a mobile number, not a landline: mobile numbers start with 07" in page
    response = officer_client.post(
        reverse("engagements:concern_create"),
        concern_form(themes, wants_reply="on", contact_phone="call me"),
    )
    assert "Enter a UK mobile number, like 07700 900123" in text_of(response)
    assert not Concern.objects.exists()


def test_a_concern_without_consent_shows_no_contact(officer_client, themes):
    response = officer_client.post(reverse("engagements:concern_create"), concern_form(themes))
    page = text_of(officer_client.get(response["Location"]))
    assert "Hearing what came of it No: no contact details are kept." in page
    assert Concern.objects.get().contact_email == ""


def test_the_concern_page_shows_the_decisions_it_fed(officer_client, office, officer, themes):
    raised = concern(office, officer, themes["Police visibility"])
    page = text_of(officer_client.get(raised.get_absolute_url()))
    assert "Decisions this fed None yet" in page
    decision = make_decision(office, officer, title="More PCSOs on foot")
    services.add_evidence(
        decision, kind=EvidenceKind.CONCERN_THEME, target=themes["Police visibility"], by=officer
    )
    response = officer_client.get(raised.get_absolute_url())
    assert "Decisions this fed PCC/2026/014: More PCSOs on foot 6 February 2026 Not published" in (
        text_of(response)
    )
    assert f'href="{decision.get_absolute_url()}"' in response.content.decode()


def test_an_ambassador_sees_the_consent_but_not_the_details_or_decisions(
    client, ambassador, office, officer, themes
):
    raised = concern(
        office,
        officer,
        themes["Drugs"],
        wants_reply=True,
        contact_name="Gwen Morgan",
        contact_email="gwen@example.org",
    )
    client.force_login(ambassador)
    page = text_of(client.get(raised.get_absolute_url()))
    assert "They agreed to be told, in English" in page
    assert "gwen@example.org" not in page and "Decisions this fed" not in page


# -- surgery bookings -------------------------------------------------------------------------


@pytest.fixture
def session(office, officer, commissioner):
    day = timezone.localdate() + dt.timedelta(days=10)
    return surgeries.create_session(
        office,
        starts_at=timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0))),
        ends_at=timezone.make_aware(dt.datetime.combine(day, dt.time(10, 30))),
        location="Rugby Library",
        held_by=commissioner,
        slot_minutes=15,
        by=officer,
    )


def booking_form(session, **extra):
    return {
        "slot": session.slots.order_by("starts_at")[0].pk,
        "name": "Jo Bloggs",
        "email": "",
        "phone": "",
        "topic": "Speeding on Warwick Road",
        "language": "en-gb",
        **extra,
    }


def test_a_booking_records_consent_and_language(officer_client, session):
    response = officer_client.post(
        reverse("engagements:booking_create", args=[session.pk]),
        booking_form(session, phone="07700 900654", wants_outcome="on", language="cy"),
    )
    assert response.status_code == 302
    booking = SurgeryBooking.objects.get()
    assert (booking.wants_outcome, booking.language) == (True, "cy")
    page = text_of(officer_client.get(response["Location"]))
    assert "They agreed to be told, in Welsh, when a decision their case fed is published." in page


def test_a_booking_with_consent_and_only_a_landline_is_refused(officer_client, session):
    response = officer_client.post(
        reverse("engagements:booking_create", args=[session.pk]),
        booking_form(session, phone="01926 555123", wants_outcome="on"),
    )
    assert response.status_code == 400
    assert (
        "To tell them what came of it by text message, give a UK mobile number, like "
        "07700 900123, or give their email address"
    ) in text_of(response)
    # Without consent a landline is fine: it is only for arranging the surgery.
    response = officer_client.post(
        reverse("engagements:booking_create", args=[session.pk]),
        booking_form(session, phone="01926 555123"),
    )
    assert response.status_code == 302
    assert SurgeryBooking.objects.get().wants_outcome is False

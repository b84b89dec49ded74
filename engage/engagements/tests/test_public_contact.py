"""Contacting the Commissioner from the public site: 999 and 101 first, then a message that lands
in the staff concerns inbox, with contact details only when the person wants to hear back."""

from __future__ import annotations

import pytest
from django.urls import reverse

from engage.engagements.models import Concern, ConcernSource, ConcernTheme
from engage.engagements.services.concerns import ensure_default_themes
from engage.engagements.tests.public_data import contact_form
from engage.places.models import Area, AreaKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def themes(office):
    ensure_default_themes(office)
    return {t.name: t for t in ConcernTheme.objects.for_office(office)}


@pytest.fixture
def rugby(office):
    return Area.objects.create(office=office, kind=AreaKind.DISTRICT, name="Rugby")


def _url(office):
    return reverse("engagements:public_contact", args=[office.slug])


def test_the_page_sends_crimes_to_999_and_101_and_complaints_to_professional_standards(
    client, office, themes, rugby
):
    page = client.get(_url(office)).content.decode()
    assert page.index("999") < page.index("<form")
    assert "call <strong>101</strong> or report it online to Avonshire Police" in page
    assert "Avonshire Police's professional standards department" in page
    assert "Road safety and speeding" in page and "Something else" in page
    assert page.count('name="theme"') == len(themes)  # "Other" is "Something else"
    assert "All of Rugby" in page
    assert "You can enter up to 2,000 characters" in page


def test_a_message_becomes_a_concern_in_the_staff_inbox(client, office, officer, themes, rugby):
    theme = themes["Road safety and speeding"]
    data = contact_form(office, theme=theme.pk, area=rugby.pk)
    response = client.post(_url(office), data)
    assert response.status_code == 302
    thanks = client.get(response["Location"]).content.decode()
    assert "Your message has been sent" in thanks
    assert "Lorries speed past the school" not in thanks  # never repeated back
    assert "we will not contact you" in thanks

    concern = Concern.objects.get()
    assert (concern.source, concern.theme, concern.area) == (
        ConcernSource.CONTACT_FORM,
        theme,
        rugby,
    )
    assert concern.summary == "Lorries speed past the school every morning."
    assert (concern.wants_reply, concern.contact_email, concern.language) == (False, "", "en-gb")
    assert concern.history.get().history_user is None

    client.force_login(officer)
    inbox = client.get(reverse("engagements:concerns")).content.decode()
    assert "Website contact form" in inbox
    assert "Lorries speed past the school" in inbox


def test_something_else_is_recorded_under_other(client, office, themes):
    client.post(_url(office), contact_form(office, theme="other"))
    assert Concern.objects.get().theme == themes["Other"]


def test_contact_details_are_kept_when_they_want_to_hear_back(client, office, themes):
    data = contact_form(
        office,
        wants_reply="on",
        contact_name="Jo Bloggs",
        contact_email="Jo@Example.org",
        contact_phone="07700 900123",
    )
    client.cookies["django_language"] = "cy"
    response = client.post(_url(office), data)
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert (concern.wants_reply, concern.contact_name, concern.contact_email) == (
        True,
        "Jo Bloggs",
        "jo@example.org",
    )
    assert (concern.contact_phone, concern.language) == ("+447700900123", "cy")


def test_details_without_wanting_to_hear_back_are_refused_and_not_kept(client, office, themes):
    data = contact_form(office, contact_email="jo@example.org")
    page = client.post(_url(office), data).content.decode()
    message = "we keep them only if you want to hear back"
    assert page.count(message) == 2
    assert 'value="jo@example.org"' in page
    assert "Lorries speed past the school every morning." in page
    assert Concern.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"message": ""}, "Write your message"),
        ({"message": "x" * 2001}, "Your message must be 2,000 characters or fewer: it has 2001"),
        ({"theme": None}, "Choose what it is about"),
        (
            {"wants_reply": "on"},
            "To hear back, enter your email address or a UK mobile number",
        ),
        (
            {"wants_reply": "on", "contact_phone": "01926 555123"},
            "Enter a mobile number, not a landline",
        ),
        (
            {"wants_reply": "on", "contact_email": "jo.bloggs"},
            "Enter an email address in the correct format, like name@example.com",
        ),
    ],
)
def test_the_form_says_what_to_fix_and_keeps_what_was_typed(
    client, office, themes, overrides, message
):
    data = contact_form(office, **overrides)
    page = client.post(_url(office), data).content.decode()
    assert "There is a problem" in page
    assert page.count(message) == 2
    if data.get("message") and len(data["message"]) < 100:
        assert data["message"] in page
    assert Concern.objects.count() == 0


def test_the_honeypot_stores_nothing(client, office, themes):
    response = client.post(_url(office), contact_form(office, website="https://spam.example"))
    assert response.status_code == 302
    assert "Your message has been sent" in client.get(response["Location"]).content.decode()
    assert Concern.objects.count() == 0


def test_a_message_sent_too_fast_is_refused(client, office, themes):
    page = client.post(_url(office), contact_form(office, started="")).content.decode()
    assert "This page was open too long or came from somewhere else" in page
    assert Concern.objects.count() == 0


def test_too_many_messages_from_one_address_are_refused(client, office, themes):
    data = contact_form(office, message="")
    codes = [client.post(_url(office), data).status_code for _ in range(21)]
    assert codes[-1] == 429
    assert Concern.objects.count() == 0


def test_a_theme_of_another_office_is_refused(client, office, other_office, themes):
    ensure_default_themes(other_office)
    foreign = ConcernTheme.objects.for_office(other_office).first()
    page = client.post(_url(office), contact_form(office, theme=foreign.pk)).content.decode()
    assert "Choose what it is about from the list" in page
    assert Concern.objects.count() == 0

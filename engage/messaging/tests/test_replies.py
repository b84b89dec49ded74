"""Replying to an alert from the link in it: no account, a concern in the inbox linked to the
alert, contact details only with consent, and clear pages for links that do not work."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from engage.core.public_forms import started_token
from engage.engagements.models import Concern, ConcernSource
from engage.messaging import alerts, tokens
from engage.messaging.models import Message
from engage.messaging.tests.alert_data import (
    cctv_appeal,
    make_places,
    reply_data,
    reply_url,
    subscriber,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(office):
    return make_places(office)


@pytest.fixture
def sent(office, officer, places):
    subscriber(office, "one@example.org", [places["Bilton"]])
    subscriber(office, "two@example.org", [places["Bilton"], places["Hillmorton"]])
    return alerts.send_alert(cctv_appeal(office, officer, [places["Bilton"]]), by=officer)


@pytest.fixture
def message(sent):
    return Message.objects.get(alert=sent, address="one@example.org")


def _page(response) -> str:
    return " ".join(response.content.decode().split())


def test_the_reply_page_shows_the_appeal_and_where_to_call(client, message):
    page = _page(client.get(reply_url(message)))

    assert "Do you have CCTV on Abbey Street?" in page
    assert "There have been 3 burglaries on Abbey Street" in page
    assert "What do you want to tell us?" in page
    assert "call 999" in page and "call 101" in page
    assert "Office of the Police and Crime Commissioner for Avonshire" in page
    assert 'name="website"' in page  # the honeypot


def test_a_reply_becomes_a_concern_linked_to_the_alert(client, message, places):
    response = client.post(reply_url(message), reply_data(message))

    assert response.status_code == 302
    assert response["Location"] == reverse("messaging:reply_thanks") + "?office=avonshire"
    concern = Concern.objects.get()
    assert (concern.summary, concern.source, concern.alert, concern.office) == (
        "My doorbell camera caught two people at 02:10 on 4 March.",
        ConcernSource.ALERT_REPLY,
        message.alert,
        message.office,
    )
    assert concern.area == places["Bilton"]  # the one area they chose
    assert (concern.contact_name, concern.contact_email, concern.contact_phone) == ("", "", "")
    assert concern.wants_reply is False
    thanks = _page(client.get(response["Location"]))
    assert "Thank you for your reply" in thanks


def test_someone_with_two_areas_is_not_placed_in_either(client, sent):
    two = Message.objects.get(alert=sent, address="two@example.org")

    client.post(reply_url(two), reply_data(two))

    assert Concern.objects.get().area is None


def test_contact_details_are_kept_with_consent(client, message):
    client.post(
        reply_url(message),
        reply_data(
            message,
            name="Sam Jones",
            email="Sam.Jones@Example.org",
            phone="07700 900456",
            consent="on",
        ),
    )

    concern = Concern.objects.get()
    assert (concern.contact_name, concern.contact_email, concern.contact_phone) == (
        "Sam Jones",
        "sam.jones@example.org",
        "+447700900456",
    )
    assert concern.wants_reply is True


def test_contact_details_without_consent_are_refused_not_dropped(client, message):
    response = client.post(
        reply_url(message), reply_data(message, name="Sam Jones", email="sam@example.org")
    )

    assert response.status_code == 400
    page = _page(response)
    assert (
        "Tick the box to agree to be contacted, or remove your name, email address and phone "
        "number" in page
    )
    assert 'value="sam@example.org"' in page
    assert Concern.objects.count() == 0


def test_consent_without_a_way_to_contact_asks_for_one(client, message):
    response = client.post(reply_url(message), reply_data(message, consent="on"))

    assert (
        "Enter an email address or phone number so we can contact you, or untick the box"
        in _page(response)
    )
    assert Concern.objects.count() == 0


def test_an_empty_or_too_long_reply_says_what_to_fix(client, message):
    empty = client.post(reply_url(message), reply_data(message, text="   "))
    long = client.post(reply_url(message), reply_data(message, text="x" * 2001))
    bad_email = client.post(reply_url(message), reply_data(message, email="sam@", consent="on"))

    assert "Enter what you want to tell us" in _page(empty)
    assert "Make it 2,000 characters or fewer" in _page(long)
    assert "Enter an email address in the correct format, like name@example.com" in _page(bad_email)
    assert Concern.objects.count() == 0


def test_a_tampered_link_gets_a_clear_page(client, message):
    token = tokens.make("reply", m=message.pk)

    response = client.get(reverse("messaging:reply", args=[token[:-3] + "abc"]))

    assert response.status_code == 404
    assert "This reply link does not work" in _page(response)
    assert client.post(reverse("messaging:reply", args=["nonsense"]), {}).status_code == 404
    assert Concern.objects.count() == 0


def test_a_link_made_for_another_purpose_does_not_work(client, message):
    unsubscribe = tokens.make("unsubscribe", o=message.office_id, a=message.address, p="alerts")

    response = client.get(reverse("messaging:reply", args=[unsubscribe]))

    assert "This reply link does not work" in _page(response)


def test_an_alert_not_inviting_replies_says_so(client, message):
    alert = message.alert
    alert.accepts_replies = False
    alert.save()

    page = _page(client.get(reply_url(message)))
    response = client.post(reply_url(message), reply_data(message))

    assert "This alert is not asking for replies" in page
    assert "This alert is not asking for replies" in _page(response)
    assert Concern.objects.count() == 0


def test_a_filled_in_honeypot_is_thanked_and_nothing_is_kept(client, message):
    response = client.post(reply_url(message), reply_data(message, website="http://spam"))

    assert response.status_code == 302
    assert Concern.objects.count() == 0


def test_a_form_sent_at_once_is_refused(client, message):
    data = reply_data(message, started=started_token(f"reply:{message.pk}", at=time.time()))

    response = client.post(reply_url(message), data)

    assert "That was quicker than we expected" in _page(response)
    assert Concern.objects.count() == 0


def test_too_many_replies_from_one_address_are_slowed_down(client, message):
    for _ in range(20):
        client.post(reply_url(message), reply_data(message))

    response = client.post(reply_url(message), reply_data(message))

    assert response.status_code == 429
    assert Concern.objects.count() == 20


def test_replies_show_on_the_alert_page_and_in_the_concerns_inbox(
    client, message, officer, other_officer
):
    client.post(reply_url(message), reply_data(message))
    client.force_login(officer)

    alert_page = _page(client.get(message.alert.get_absolute_url()))
    inbox = _page(client.get(reverse("engagements:concerns") + "?source=alert_reply"))

    assert "1 reply so far." in alert_page
    assert "My doorbell camera caught two people" in alert_page
    assert "/concerns/?source=alert_reply" in alert_page
    assert "My doorbell camera caught two people" in inbox
    client.force_login(other_officer)
    other_inbox = _page(client.get(reverse("engagements:concerns") + "?source=alert_reply"))
    assert "My doorbell camera" not in other_inbox

"""The consent ledger is append-only, and every change of mind adds exactly one row, with the very
words the person was shown and their version."""

import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from engage.core.public_forms import started_token
from engage.messaging import services, tokens
from engage.messaging.models import (
    ConsentAction,
    ConsentPurpose,
    ConsentRecord,
    Suppression,
    Topic,
)
from engage.messaging.tests.subscribe_data import active, form_data, make_areas, subscribe_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas(office):
    return make_areas(office)


def _ledger():
    return list(ConsentRecord.objects.values_list("action", "purpose", "version", "wording"))


def test_a_consent_record_cannot_be_changed(office, areas):
    subscriber = active(office, areas=[areas["Rugby"]])
    record = ConsentRecord.objects.filter(subscriber=subscriber).first()
    record.wording = "Something they never saw"
    with pytest.raises(ValidationError):
        record.save()
    with pytest.raises(ValidationError):
        ConsentRecord.objects.filter(pk=record.pk).update(wording="Something they never saw")
    with pytest.raises(ValidationError):
        ConsentRecord.objects.for_office(office).update(version="0")
    record.refresh_from_db()
    assert record.wording == services.CONSENT_WORDING["en-gb"]


def test_a_consent_record_cannot_be_deleted(office, areas):
    subscriber = active(office, areas=[areas["Rugby"]])
    record = ConsentRecord.objects.filter(subscriber=subscriber).first()
    with pytest.raises(ValidationError):
        record.delete()
    with pytest.raises(ValidationError):
        ConsentRecord.objects.all().delete()
    assert ConsentRecord.objects.count() == 2


def test_the_ledger_outlives_the_subscriber(office, areas):
    subscriber = active(office, areas=[areas["Rugby"]])
    subscriber.delete()
    assert list(ConsentRecord.objects.values_list("address", "subscriber")) == [
        ("jo.bloggs@example.org", None),
        ("jo.bloggs@example.org", None),
    ]


def test_each_step_adds_one_row_with_the_words_shown(
    client, office, areas, django_capture_on_commit_callbacks
):
    # Sign up on the web: "given", with the words on the form and their version
    with django_capture_on_commit_callbacks(execute=True):
        client.post(subscribe_url(office), form_data(office, [areas["Rugby"]]))
    given = ConsentRecord.objects.get()
    assert (given.action, given.purpose, given.source) == ("given", "alerts", "web form")
    assert given.wording == services.CONSENT_WORDING["en-gb"]
    assert given.version == services.CONSENT_VERSION
    assert given.language == "en-gb"
    assert given.address == "jo.bloggs@example.org"
    assert given.detail == {
        "channel": "email",
        "language": "en-gb",
        "areas": [{"id": areas["Rugby"].pk, "name": "Rugby"}],
        "topics": [
            {"id": 1, "name": "Appeals for information"},
            {"id": 2, "name": "Burglary and theft"},
            {"id": 4, "name": "Anti-social behaviour"},
        ],
    }
    subscriber = given.subscriber

    # Confirm, from a page in Welsh: "confirmed", with the Welsh words it showed
    confirm = reverse(
        "messaging:confirm", args=[office.slug, tokens.make("confirm", s=subscriber.pk)]
    )
    client.post(confirm, HTTP_ACCEPT_LANGUAGE="cy")
    assert ConsentRecord.objects.count() == 2
    confirmed = ConsentRecord.objects.last()
    assert (confirmed.action, confirmed.language) == ("confirmed", "cy")
    assert confirmed.wording == services.CONSENT_WORDING["cy"]

    # Change: "changed", with the new choices
    manage = reverse("messaging:manage", args=[office.slug, tokens.make("manage", s=subscriber.pk)])
    client.post(
        manage,
        {
            "areas": [areas["Hillmorton"].pk, areas["Whitnash"].pk],
            "topics": [str(Topic.ROAD_SAFETY.value)],
            "language": "en-gb",
            "started": started_token(f"manage:{subscriber.pk}", at=time.time() - 30),
        },
    )
    assert ConsentRecord.objects.count() == 3
    changed = ConsentRecord.objects.last()
    assert changed.action == ConsentAction.CHANGED
    assert [a["name"] for a in changed.detail["areas"]] == ["Hillmorton", "Whitnash"]
    assert changed.detail["topics"] == [{"id": 8, "name": "Road safety"}]
    assert changed.wording == services.CONSENT_WORDING["en-gb"]

    # Saving the same choices again records nothing
    client.post(
        manage,
        {
            "areas": [areas["Hillmorton"].pk, areas["Whitnash"].pk],
            "topics": [str(Topic.ROAD_SAFETY.value)],
            "language": "en-gb",
            "started": started_token(f"manage:{subscriber.pk}", at=time.time() - 30),
        },
    )
    assert ConsentRecord.objects.count() == 3

    # Leave: "withdrawn", with the words by the button; leaving twice records once
    client.post(manage, {"leave": "1"})
    client.post(manage, {"leave": "1"})
    assert ConsentRecord.objects.count() == 4
    withdrawn = ConsentRecord.objects.last()
    assert (withdrawn.action, withdrawn.source) == ("withdrawn", "manage page")
    assert withdrawn.wording == services.LEAVE_WORDING["en-gb"]
    assert withdrawn.version == services.CONSENT_VERSION
    assert [r.subscriber_id for r in ConsentRecord.objects.all()] == [subscriber.pk] * 4


def test_the_manage_page_shows_the_words_recorded_for_leaving(client, office, areas):
    subscriber = active(office, areas=[areas["Rugby"]])
    manage = reverse("messaging:manage", args=[office.slug, tokens.make("manage", s=subscriber.pk)])
    page = client.get(manage).content.decode()
    assert services.LEAVE_WORDING["en-gb"] in page


def test_stopping_notices_adds_one_withdrawn_row_for_hearing_back(office):
    with translation.override("cy"):
        assert services.suppress(
            office, "Jo@Example.org", "hear_back", source="one-click unsubscribe"
        )
        assert not services.suppress(
            office, "jo@example.org", "hear_back", source="one-click unsubscribe"
        )
    record = ConsentRecord.objects.get()
    assert (record.action, record.purpose, record.address) == (
        ConsentAction.WITHDRAWN,
        ConsentPurpose.HEAR_BACK,
        "jo@example.org",
    )
    assert record.wording == services.STOP_HEARING_WORDING["cy"]
    assert record.language == "cy"
    assert record.subscriber is None
    assert Suppression.objects.get().address == "jo@example.org"


def test_every_wording_exists_in_english_and_welsh():
    for wording in (
        services.CONSENT_WORDING,
        services.LEAVE_WORDING,
        services.STOP_HEARING_WORDING,
    ):
        assert set(wording) == {"en-gb", "cy"}
        assert all(text.strip() for text in wording.values())
    english = services.CONSENT_WORDING["en-gb"]
    for promise in ("at most 3 messages a week", "apart from police systems", "unsubscribe"):
        assert promise in english

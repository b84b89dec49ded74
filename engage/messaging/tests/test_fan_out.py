"""Fan-out: exactly the right people get one queued message each, however often it runs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from engage.messaging import alerts
from engage.messaging.models import (
    AlertStatus,
    ConsentPurpose,
    Message,
    MessageKind,
    MessageStatus,
    SubscriberStatus,
    Suppression,
    Topic,
)
from engage.messaging.tests.alert_data import (
    alert_messages,
    cctv_appeal,
    make_places,
    subscriber,
)
from engage.places.models import Area, AreaKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(office):
    return make_places(office)


@pytest.fixture
def people(office, other_office, places):
    """One subscriber per case, named by what makes them in or out of a Bilton appeal."""
    p = places
    other_area = Area.objects.create(office=other_office, kind=AreaKind.WARD, name="Bilton")
    made = {
        "bilton": subscriber(office, "bilton@example.org", [p["Bilton"]]),
        "rugby": subscriber(office, "rugby@example.org", [p["Rugby"]]),
        "force": subscriber(office, "+447700900001", [p["Avonshire"]]),
        "two areas": subscriber(office, "both@example.org", [p["Bilton"], p["Hillmorton"]]),
        "welsh": subscriber(office, "cymraeg@example.org", [p["Bilton"]], language="cy"),
        "hillmorton": subscriber(office, "hillmorton@example.org", [p["Hillmorton"]]),
        "warwick": subscriber(office, "warwick@example.org", [p["Warwick"]]),
        "leamington": subscriber(office, "leamington@example.org", [p["Leamington"]]),
        "pending": subscriber(
            office, "pending@example.org", [p["Bilton"]], status=SubscriberStatus.PENDING
        ),
        "left": subscriber(office, "left@example.org", [p["Bilton"]], status=SubscriberStatus.LEFT),
        "roads only": subscriber(
            office, "roads@example.org", [p["Bilton"]], topics=Topic.ROAD_SAFETY
        ),
        "suppressed": subscriber(office, "stop@example.org", [p["Bilton"]]),
        "no notices": subscriber(office, "nonotices@example.org", [p["Bilton"]]),
        "other office": subscriber(other_office, "elsewhere@example.org", [other_area]),
    }
    Suppression.objects.create(
        office=office, address="stop@example.org", purpose=ConsentPurpose.ALERTS
    )
    # Asking to hear nothing more about decisions does not stop alerts.
    Suppression.objects.create(
        office=office, address="nonotices@example.org", purpose=ConsentPurpose.HEAR_BACK
    )
    # Another office suppressing the same address changes nothing here.
    Suppression.objects.create(
        office=other_office, address="bilton@example.org", purpose=ConsentPurpose.ALERTS
    )
    return made


def _addresses(people, *names):
    return {people[n].address for n in names}


BILTON_REACHES = ("bilton", "rugby", "force", "two areas", "welsh", "no notices")


def test_a_ward_appeal_reaches_the_ward_and_the_areas_containing_it(
    office, officer, places, people
):
    alert = cctv_appeal(office, officer, [places["Bilton"]])

    created = alerts.fan_out(alert)

    assert alert_messages(alert) == _addresses(people, *BILTON_REACHES)
    assert created == len(BILTON_REACHES)


def test_a_district_alert_reaches_the_wards_inside_it_but_not_next_door(
    office, officer, places, people
):
    alert = cctv_appeal(office, officer, [places["Rugby"]])

    alerts.fan_out(alert)

    assert alert_messages(alert) == _addresses(people, *BILTON_REACHES, "hillmorton")


def test_a_whole_force_alert_reaches_every_active_subscriber_with_the_topic(
    office, officer, places, people
):
    alert = cctv_appeal(office, officer, [places["Avonshire"]])

    alerts.fan_out(alert)

    assert alert_messages(alert) == _addresses(
        people, *BILTON_REACHES, "hillmorton", "warwick", "leamington"
    )


def test_pending_left_suppressed_other_topics_and_other_offices_never_get_it(
    office, officer, places, people
):
    alert = cctv_appeal(office, officer, [places["Avonshire"]])

    alerts.fan_out(alert)

    never = _addresses(people, "pending", "left", "roads only", "suppressed", "other office")
    assert alert_messages(alert) & never == set()


def test_each_message_is_queued_with_its_key_channel_language_and_time(
    office, officer, places, people
):
    alert = cctv_appeal(office, officer, [places["Bilton"]])

    alerts.fan_out(alert)

    welsh = Message.objects.get(alert=alert, address="cymraeg@example.org")
    assert (welsh.key, welsh.kind, welsh.channel, welsh.language, welsh.status) == (
        f"alert:{alert.pk}:{people['welsh'].pk}",
        MessageKind.ALERT,
        "email",
        "cy",
        MessageStatus.QUEUED,
    )
    assert (welsh.subscriber, welsh.office, welsh.attempts) == (people["welsh"], office, 0)
    assert abs(welsh.due_at - timezone.now()) < dt.timedelta(minutes=1)
    text = Message.objects.get(alert=alert, address="+447700900001")
    assert text.channel == "sms"


def test_running_the_fan_out_twice_creates_nothing_more(office, officer, places, people):
    alert = cctv_appeal(office, officer, [places["Bilton"]])
    alerts.fan_out(alert)

    again = alerts.fan_out(alert)

    assert again == 0
    assert Message.objects.filter(alert=alert).count() == len(BILTON_REACHES)


def test_a_repeat_after_someone_subscribes_adds_only_them(office, officer, places, people):
    alert = cctv_appeal(office, officer, [places["Bilton"]])
    alerts.fan_out(alert)
    subscriber(office, "newcomer@example.org", [places["Bilton"]])

    assert alerts.fan_out(alert) == 1
    assert "newcomer@example.org" in alert_messages(alert)


def test_the_recipient_count_equals_what_the_fan_out_creates(office, officer, places, people):
    for chosen in (["Bilton"], ["Rugby"], ["Hillmorton", "Leamington"], ["Avonshire"]):
        areas = [places[name] for name in chosen]
        alert = cctv_appeal(office, officer, areas)
        count = alerts.recipient_count(office, areas, alert.topics)

        created = alerts.fan_out(alert)

        assert count["total"] == created, chosen
        by_channel = Message.objects.filter(alert=alert, channel="sms").count()
        assert count["sms"] == by_channel, chosen
        assert count["email"] == created - by_channel, chosen


def test_the_count_by_channel_for_a_ward(office, places, people):
    count = alerts.recipient_count(office, [places["Bilton"]], Topic.APPEALS)

    assert count == {"total": 6, "email": 5, "sms": 1}


def test_topics_match_on_any_bit_in_common(office, places, people):
    roads = alerts.recipient_count(office, [places["Bilton"]], Topic.ROAD_SAFETY)
    scams_or_roads = alerts.recipient_count(
        office, [places["Bilton"]], Topic.SCAMS | Topic.ROAD_SAFETY
    )

    assert roads["total"] == len(BILTON_REACHES) + 1  # the roads-only subscriber too
    assert scams_or_roads["total"] == roads["total"]


def test_an_area_with_no_subscribers_is_refused_with_a_message_saying_what_to_do(
    office, officer, places
):
    empty = Area.objects.create(
        office=office, kind=AreaKind.WARD, name="Newbold", parent=places["Rugby"]
    )
    subscriber(office, "someone@example.org", [places["Warwick"]])
    alert = cctv_appeal(office, officer, [empty])

    with pytest.raises(ValidationError) as refused:
        alerts.send_alert(alert, by=officer)

    assert refused.value.messages == [
        "No one subscribes to alerts about these topics in these areas: choose more areas or topics"
    ]
    alert.refresh_from_db()
    assert alert.status == AlertStatus.DRAFT
    assert Message.objects.count() == 0


def test_the_matching_areas_are_the_area_its_ancestors_and_descendants(office, places):
    p = places
    ids = alerts.matching_area_ids(office, [p["Rugby"].pk])

    assert set(ids) == {p[n].pk for n in ("Avonshire", "Rugby", "Bilton", "Hillmorton")}


def test_an_area_of_another_office_matches_nothing(office, other_office, places):
    theirs = Area.objects.create(office=other_office, kind=AreaKind.WARD, name="Elsewhere")

    assert alerts.matching_area_ids(office, [theirs.pk]) == []
    assert alerts.recipient_count(office, [theirs], Topic.APPEALS)["total"] == 0

"""Staff see how many subscribers by area, topic, channel and status; one address's ledger; and
addresses only part-hidden in lists."""

import pytest
from django.urls import reverse

from engage.messaging import services
from engage.messaging.models import Channel, Topic
from engage.messaging.tests.subscribe_data import active, make_areas, sign_up

pytestmark = pytest.mark.django_db
URL = reverse("messaging:subscribers")


@pytest.fixture
def people(office, other_office):
    areas = make_areas(office)
    jo = active(
        office, "jo.bloggs@example.org", areas=[areas["Rugby"]], topics=Topic.SCAMS | Topic.APPEALS
    )
    active(
        office,
        "+447700900123",
        channel=Channel.SMS,
        areas=[areas["Hillmorton"]],
        topics=Topic.SCAMS,
    )
    sign_up(office, "pending@example.org", areas=[areas["Rugby"]])
    left = active(office, "left@example.org", areas=[areas["Whitnash"]])
    services.leave(left, source=services.SOURCE_MANAGE)
    make_areas(other_office)
    active(other_office, "elsewhere@example.org", areas=[])
    return {"areas": areas, "jo": jo}


def _rows(page, caption):
    """The (label, number) rows of the table with this caption."""
    import re

    table = page.split(caption, 1)[1].split("</table>", 1)[0]
    cells = re.findall(r"<t[hd][^>]*>([^<]*)(?:<span[^>]*>[^<]*</span>)?</t[hd]>", table)
    return [c.strip() for c in cells]


def test_counts_by_status_channel_topic_and_area(client, officer, people):
    client.force_login(officer)
    page = client.get(URL).content.decode()
    assert "2 people get community alerts." in page
    assert _rows(page, "By status") == [
        "Waiting for confirmation",
        "1",
        "Subscribed",
        "2",
        "Unsubscribed",
        "1",
    ]
    assert _rows(page, "Subscribed, by channel") == ["Email", "1", "Text message (SMS)", "1"]
    topics = _rows(page, "Subscribed, by topic")
    assert topics[topics.index("Fraud and scams") + 1] == "2"
    assert topics[topics.index("Appeals for information") + 1] == "1"
    assert topics[topics.index("Road safety") + 1] == "0"
    areas = _rows(page, "By area")
    assert areas[areas.index("Rugby") + 1 : areas.index("Rugby") + 3] == ["1", "1"]
    assert areas[areas.index("Hillmorton") + 1] == "1"
    assert areas[areas.index("Whitnash") + 1] == "0"
    assert "elsewhere" not in page


def test_lists_show_addresses_part_hidden(client, officer, people):
    client.force_login(officer)
    page = client.get(URL).content.decode()
    assert "j•••@example.org" in page and "+44•••••••123" in page
    assert "jo.bloggs@example.org" not in page and "+447700900123" not in page


def test_searching_an_exact_address_shows_its_consent_ledger(client, officer, people):
    client.force_login(officer)
    page = client.get(URL, {"address": "Jo.Bloggs@Example.org"}).content.decode()
    assert '<h2 class="govuk-heading-m">jo.bloggs@example.org</h2>' in page
    assert "Gave consent (not yet confirmed)" in page
    assert "Confirmed by the link sent to them" in page
    assert f"Version {services.CONSENT_VERSION} (en-gb)" in page
    assert "web form" in page and "confirm link" in page
    assert services.CONSENT_WORDING["en-gb"].split(".")[0] in page


def test_searching_by_mobile_number_in_any_spelling(client, officer, people):
    client.force_login(officer)
    page = client.get(URL, {"address": "07700 900123"}).content.decode()
    assert '<h2 class="govuk-heading-m">+447700900123</h2>' in page
    assert "Confirmed by the link sent to them" in page


def test_searching_part_of_an_address_finds_nothing_and_says_what_to_type(client, officer, people):
    client.force_login(officer)
    page = client.get(URL, {"address": "jo.bloggs"}).content.decode()
    assert "Enter an email address in the correct format, like name@example.com" in page
    page = client.get(URL, {"address": "nobody@example.org"}).content.decode()
    assert "We hold nothing about this address." in page


def test_another_offices_address_is_not_found(client, officer, people):
    client.force_login(officer)
    page = client.get(URL, {"address": "elsewhere@example.org"}).content.decode()
    assert "We hold nothing about this address." in page


def test_an_erased_sign_up_still_shows_its_ledger(client, officer, people):
    from engage.messaging.models import Subscriber

    Subscriber.objects.filter(address="pending@example.org").delete()
    client.force_login(officer)
    page = client.get(URL, {"address": "pending@example.org"}).content.decode()
    assert "Gave consent (not yet confirmed)" in page

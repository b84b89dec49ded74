"""Signing up for community alerts: the form, double opt-in, confirming, and asking for a link."""

import datetime as dt
import time

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from engage.core.public_forms import started_token
from engage.messaging import alerts, services, tokens
from engage.messaging.models import (
    ConsentAction,
    ConsentRecord,
    Message,
    MessageKind,
    Subscriber,
    SubscriberStatus,
    Topic,
)
from engage.messaging.tests.subscribe_data import (
    active,
    emails_to,
    form_data,
    links_in,
    make_areas,
    sign_up,
    subscribe_url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas(office):
    return make_areas(office)


def _post(client, office, data, capture):
    with capture(execute=True):
        return client.post(subscribe_url(office), data)


def test_the_form_offers_the_offices_districts_and_forum_areas_and_every_topic(
    client, office, areas, other_office
):
    make_areas(other_office)
    page = client.get(subscribe_url(office)).content.decode()
    assert "All of Rugby" in page and "All of Warwick" in page
    assert "Hillmorton" in page and "Whitnash" in page
    assert page.count('name="areas"') == 4  # none of the other office's
    assert page.count('name="topics"') == len(Topic)
    assert page.count('name="topics" type="checkbox" value="') == len(Topic)
    assert page.count("checked") == len(Topic) + 1  # every topic, and English
    assert services.CONSENT_WORDING["en-gb"] in page
    assert f"Version {services.CONSENT_VERSION} of these words." in page
    assert reverse("messaging:privacy", args=[office.slug]) in page
    assert (
        "This is not a way to report a crime. In an emergency call 999. Otherwise call 101." in page
    )


def test_the_form_in_welsh_shows_the_welsh_words_to_agree_to(client, office, areas):
    page = client.get(subscribe_url(office), HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert escape(services.CONSENT_WORDING["cy"]) in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"channel": None}, "channel", "Choose email or text message"),
        (
            {"email": "jo.bloggs"},
            "email",
            "Enter an email address in the correct format, like name@example.com",
        ),
        ({"email": ""}, "email", "Enter your email address"),
        (
            {"channel": "sms", "phone": "01632 960"},
            "phone",
            "Enter a UK mobile number, like 07700 900123",
        ),
        (
            {"channel": "sms", "phone": "020 7946 0000"},
            "phone",
            "Enter a mobile number, not a landline: mobile numbers start with 07, like 07700 900123",
        ),
        ({"areas": None}, "areas", "Choose at least one area"),
        ({"topics": None}, "topics", "Choose at least one topic"),
    ],
)
def test_a_mistake_says_what_to_fix_and_keeps_what_was_typed(
    client, office, areas, overrides, field, message, django_capture_on_commit_callbacks
):
    data = form_data(office, [areas["Hillmorton"]], **overrides)
    response = _post(client, office, data, django_capture_on_commit_callbacks)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert page.count(message) == 2  # in the summary and by the field
    assert f'href="#id_{field}"' in page
    if data.get("email"):
        assert f'value="{data["email"]}"' in page
    if data.get("phone"):
        assert f'value="{data["phone"]}"' in page
    if "areas" in data:
        assert f'value="{areas["Hillmorton"].pk}" checked' in page
    assert Subscriber.objects.count() == 0 and Message.objects.count() == 0
    assert mail.outbox == []


def test_only_the_chosen_way_to_reach_you_is_needed(
    client, office, areas, django_capture_on_commit_callbacks
):
    data = form_data(
        office, [areas["Rugby"]], channel="sms", email="not an email", phone="07700 900123"
    )
    response = _post(client, office, data, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    subscriber = Subscriber.objects.get()
    assert (subscriber.channel, subscriber.address) == ("sms", "+447700900123")


def test_signing_up_sends_one_confirm_email_and_nothing_starts_until_it_is_followed(
    client, office, areas, django_capture_on_commit_callbacks
):
    data = form_data(office, [areas["Hillmorton"], areas["Warwick"]], email="Jo.Bloggs@Example.org")
    response = _post(client, office, data, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert (
        response["Location"]
        == reverse("messaging:subscribe_sent", args=[office.slug]) + "?to=email"
    )
    page = client.get(response["Location"]).content.decode()
    assert "Check your email" in page

    subscriber = Subscriber.objects.get()
    assert subscriber.address == "jo.bloggs@example.org"
    assert subscriber.status == SubscriberStatus.PENDING
    assert set(subscriber.areas.all()) == {areas["Hillmorton"], areas["Warwick"]}
    assert subscriber.topics == Topic.APPEALS | Topic.BURGLARY | Topic.ASB
    assert [(m.kind, m.key) for m in Message.objects.all()] == [
        (MessageKind.CONFIRM, f"confirm:{subscriber.pk}:1")
    ]
    [email] = mail.outbox
    assert email.to == ["jo.bloggs@example.org"]
    assert email.subject == "Confirm your community alerts from Avonshire OPCC"
    confirm = [u for u in links_in(email.body) if "/confirm/" in u]
    assert len(confirm) == 1
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_pending_subscriber_gets_no_alert(
    office, areas, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pending = sign_up(office, "pending@example.org", areas=[areas["Rugby"]])
        confirmed = active(office, "confirmed@example.org", areas=[areas["Rugby"]])
    alert = alerts.create_alert(
        office,
        by=officer,
        areas=[areas["Hillmorton"]],
        topics=Topic.APPEALS,
        kind="appeal",
        title="CCTV on Lower Hillmorton Road",
        body="Did your camera see anything on Tuesday night?",
        sms_text="Did your camera see anything on Lower Hillmorton Road on Tuesday night?",
    )
    assert alerts.fan_out(alert) == 1
    assert list(Message.objects.filter(alert=alert).values_list("address", flat=True)) == [
        "confirmed@example.org"
    ]
    assert list(pending.messages.values_list("kind", flat=True)) == [MessageKind.CONFIRM]
    assert confirmed.messages.filter(kind=MessageKind.ALERT).count() == 1


def test_signing_up_an_address_already_subscribed_sends_a_manage_link_and_looks_the_same(
    client, office, areas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        subscriber = active(office, "jo.bloggs@example.org", areas=[areas["Rugby"]])
    ledger = ConsentRecord.objects.count()
    mail.outbox.clear()
    known = _post(
        client, office, form_data(office, [areas["Warwick"]]), django_capture_on_commit_callbacks
    )
    unknown = _post(
        client,
        office,
        form_data(office, [areas["Warwick"]], email="someone.else@example.org"),
        django_capture_on_commit_callbacks,
    )
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert client.get(known["Location"]).content == client.get(unknown["Location"]).content
    assert Subscriber.objects.filter(address="jo.bloggs@example.org").count() == 1
    subscriber.refresh_from_db()
    assert list(subscriber.areas.all()) == [areas["Rugby"]]  # unchanged until they follow the link
    assert ConsentRecord.objects.filter(subscriber=subscriber).count() == 2  # given, confirmed
    assert ConsentRecord.objects.count() == ledger + 1  # someone.else's "given"
    [manage] = emails_to("jo.bloggs@example.org")
    assert manage.subject == "Change your community alerts from Avonshire OPCC"
    assert any("/manage/" in u for u in links_in(manage.body))
    assert emails_to("someone.else@example.org")[0].subject.startswith("Confirm")


def test_signing_up_again_and_again_sends_at_most_three_links_a_day(
    office, areas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            sign_up(office, "target@example.org", areas=[areas["Rugby"]])
    assert len(emails_to("target@example.org")) == services.LINKS_PER_DAY
    assert Subscriber.objects.count() == 1


def _confirm_path(office, subscriber):
    return reverse("messaging:confirm", args=[office.slug, tokens.make("confirm", s=subscriber.pk)])


def test_following_the_confirm_link_shows_a_button_and_only_the_button_confirms(
    client, office, areas
):
    subscriber = sign_up(office, areas=[areas["Whitnash"]])
    path = _confirm_path(office, subscriber)
    page = client.get(path).content.decode()
    assert "Confirm that you want community alerts" in page
    assert "j•••@example.org" in page and "Whitnash" in page
    assert services.CONSENT_WORDING["en-gb"] in page
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.PENDING  # a link scanner confirms nothing

    page = client.post(path).content.decode()
    assert "You are signed up" in page
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.ACTIVE and subscriber.confirmed_at
    confirmed = ConsentRecord.objects.filter(action=ConsentAction.CONFIRMED)
    assert confirmed.count() == 1

    again = client.post(path).content.decode()
    assert "You have already confirmed" in again
    assert client.get(path).content.decode().count("You have already confirmed") >= 1
    assert confirmed.count() == 1


def test_an_expired_confirm_link_offers_to_sign_up_again(client, office, areas, monkeypatch):
    subscriber = sign_up(office, areas=[areas["Rugby"]])
    eight_days_ago = time.time() - 8 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: eight_days_ago)
    token = tokens.make("confirm", s=subscriber.pk)
    monkeypatch.undo()
    path = reverse("messaging:confirm", args=[office.slug, token])
    for response in (client.get(path), client.post(path)):
        page = response.content.decode()
        assert response.status_code == 410
        assert "This link has expired" in page
        assert reverse("messaging:subscribe", args=[office.slug]) in page
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.PENDING


def test_a_confirm_link_for_a_purged_sign_up_offers_to_sign_up_again(client, office, areas):
    subscriber = sign_up(office, areas=[areas["Rugby"]])
    path = _confirm_path(office, subscriber)
    Subscriber.objects.filter(pk=subscriber.pk).delete()
    response = client.get(path)
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()


def test_a_tampered_confirm_link_is_refused_and_says_what_to_do(client, office, areas):
    subscriber = sign_up(office, areas=[areas["Rugby"]])
    token = tokens.make("confirm", s=subscriber.pk)
    for bad in (token[:-3] + "abc", tokens.make("manage", s=subscriber.pk), "nonsense"):
        response = client.post(reverse("messaging:confirm", args=[office.slug, bad]))
        assert response.status_code == 400
        page = response.content.decode()
        assert "This link is not right" in page
        assert reverse("messaging:manage_request", args=[office.slug]) in page
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.PENDING


def test_another_offices_confirm_link_is_not_found_here(client, office, other_office, areas):
    subscriber = sign_up(office, areas=[areas["Rugby"]])
    path = reverse(
        "messaging:confirm", args=[other_office.slug, tokens.make("confirm", s=subscriber.pk)]
    )
    assert client.post(path).status_code == 410
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.PENDING


def test_the_honeypot_stores_nothing_and_looks_like_success(
    client, office, areas, django_capture_on_commit_callbacks
):
    response = _post(
        client,
        office,
        form_data(office, [areas["Rugby"]], website="http://spam.example"),
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    assert Subscriber.objects.count() == 0 and mail.outbox == []


def test_a_form_sent_too_fast_asks_to_send_it_again(client, office, areas):
    data = form_data(office, [areas["Rugby"]], started=started_token(f"subscribe:{office.pk}"))
    page = client.post(subscribe_url(office), data).content.decode()
    assert "That was quicker than we expected. Check your answers and send them again." in page
    assert 'value="jo.bloggs@example.org"' in page
    assert Subscriber.objects.count() == 0


def test_too_many_sign_ups_from_one_address_are_refused_politely(client, office, areas):
    for n in range(20):
        client.post(
            subscribe_url(office), form_data(office, [areas["Rugby"]], email=f"p{n}@example.org")
        )
    response = client.post(subscribe_url(office), form_data(office, [areas["Rugby"]]))
    assert response.status_code == 429
    assert "Sorry, there have been too many attempts" in response.content.decode()


# -- asking for a link ---------------------------------------------------------------------------


def _ask(client, office, address, capture):
    data = {
        "address": address,
        "started": started_token(f"manage:{office.pk}", at=time.time() - 30),
    }
    with capture(execute=True):
        return client.post(reverse("messaging:manage_request", args=[office.slug]), data)


def test_asking_for_a_link_never_says_whether_an_address_is_subscribed(
    client, office, areas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        active(office, "jo.bloggs@example.org", areas=[areas["Rugby"]])
    mail.outbox.clear()
    known = _ask(client, office, "Jo.Bloggs@example.org", django_capture_on_commit_callbacks)
    unknown = _ask(client, office, "nobody@example.org", django_capture_on_commit_callbacks)
    assert known["Location"] == unknown["Location"]
    assert client.get(known["Location"]).content == client.get(unknown["Location"]).content
    assert (
        "If that address is signed up for alerts" in client.get(known["Location"]).content.decode()
    )
    assert [m.to for m in mail.outbox] == [["jo.bloggs@example.org"]]
    assert "/manage/" in mail.outbox[0].body


def test_asking_for_a_link_with_a_malformed_address_says_what_to_type(
    client, office, django_capture_on_commit_callbacks
):
    page = _ask(client, office, "07700 9001", django_capture_on_commit_callbacks).content.decode()
    assert "Enter a UK mobile number, like 07700 900123" in page
    assert 'value="07700 9001"' in page


def test_a_pending_subscriber_asking_for_a_link_gets_the_confirm_link_again(
    client, office, areas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(office, "+447700900123", channel="sms", areas=[areas["Rugby"]])
    _ask(client, office, "07700 900123", django_capture_on_commit_callbacks)
    assert list(Message.objects.values_list("kind", flat=True)) == ["confirm", "confirm"]


# -- managing ------------------------------------------------------------------------------------


def _manage_path(office, subscriber):
    return reverse("messaging:manage", args=[office.slug, tokens.make("manage", s=subscriber.pk)])


def test_the_manage_link_changes_areas_topics_and_language(client, office, areas):
    subscriber = active(office, areas=[areas["Rugby"]])
    path = _manage_path(office, subscriber)
    page = client.get(path).content.decode()
    assert "Your community alerts" in page and "j•••@example.org" in page
    assert f'value="{areas["Rugby"].pk}" checked' in page
    data = {
        "areas": [areas["Whitnash"].pk],
        "topics": [str(Topic.SCAMS.value)],
        "language": "cy",
        "started": started_token(f"manage:{subscriber.pk}", at=time.time() - 30),
    }
    response = client.post(path, data, follow=True)
    assert "Your choices have been saved." in response.content.decode()
    subscriber.refresh_from_db()
    assert list(subscriber.areas.all()) == [areas["Whitnash"]]
    assert (subscriber.topics, subscriber.language) == (Topic.SCAMS, "cy")
    change = ConsentRecord.objects.get(action=ConsentAction.CHANGED)
    assert change.detail["areas"] == [{"id": areas["Whitnash"].pk, "name": "Whitnash"}]
    assert change.detail["topics"] == [{"id": 16, "name": "Fraud and scams"}]
    assert change.detail["language"] == "cy"


def test_the_manage_page_says_what_to_fix(client, office, areas):
    subscriber = active(office, areas=[areas["Rugby"]])
    data = {
        "topics": ["1"],
        "language": "en-gb",
        "started": started_token(f"manage:{subscriber.pk}", at=time.time() - 30),
    }
    page = client.post(_manage_path(office, subscriber), data).content.decode()
    assert page.count("Choose at least one area") == 2
    assert ConsentRecord.objects.filter(action=ConsentAction.CHANGED).count() == 0


def test_leaving_from_the_manage_page(client, office, areas):
    subscriber = active(office, areas=[areas["Rugby"]])
    path = _manage_path(office, subscriber)
    page = client.post(path, {"leave": "1"}).content.decode()
    assert "You have unsubscribed" in page
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.LEFT and subscriber.left_at
    assert "You have already unsubscribed" in client.get(path).content.decode()
    assert ConsentRecord.objects.filter(action=ConsentAction.WITHDRAWN).count() == 1


def test_an_expired_manage_link_offers_a_new_one(client, office, areas, monkeypatch):
    subscriber = active(office, areas=[areas["Rugby"]])
    thirty_one_days_ago = time.time() - 31 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: thirty_one_days_ago)
    token = tokens.make("manage", s=subscriber.pk)
    monkeypatch.undo()
    response = client.get(reverse("messaging:manage", args=[office.slug, token]))
    assert response.status_code == 410
    assert reverse("messaging:manage_request", args=[office.slug]) in response.content.decode()


def test_signing_up_again_after_leaving_starts_a_new_confirmation(
    office, areas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        subscriber = active(office, areas=[areas["Rugby"]])
    services.leave(subscriber, source=services.SOURCE_MANAGE)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = sign_up(office, areas=[areas["Warwick"]])
    assert again.pk == subscriber.pk
    assert again.status == SubscriberStatus.PENDING
    assert [m.subject for m in mail.outbox] == ["Confirm your community alerts from Avonshire OPCC"]


def test_purge_leaves_a_fresh_sign_up_alone(office, areas):
    sign_up(office, areas=[areas["Rugby"]])
    assert services.purge_unconfirmed(now=timezone.now() + dt.timedelta(days=6)) == 0


def test_the_error_summary_lists_mistakes_in_the_order_of_the_page(client, office, areas):
    data = form_data(office, [], channel="sms", phone="020 7946 0000", topics=None)
    page = client.post(subscribe_url(office), data).content.decode()
    summary = page.split("govuk-error-summary__list", 1)[1].split("</ul>", 1)[0]
    assert [href for href in ("#id_phone", "#id_areas", "#id_topics") if href in summary] == [
        "#id_phone",
        "#id_areas",
        "#id_topics",
    ]
    assert summary.index("#id_phone") < summary.index("#id_areas") < summary.index("#id_topics")


def test_the_confirm_page_says_a_whole_district_is_all_of_it(client, office, areas):
    subscriber = sign_up(office, areas=[areas["Rugby"], areas["Whitnash"]])
    page = client.get(_confirm_path(office, subscriber)).content.decode()
    assert "All of Rugby, Whitnash" in page


def test_the_confirm_text_message_carries_the_confirm_link_and_a_way_to_stop(office, areas):
    from engage.messaging import rendering

    subscriber = sign_up(office, "+447700900123", channel="sms", areas=[areas["Rugby"]])
    rendered = rendering.render(subscriber.messages.get())
    assert rendered.to == "+447700900123"
    [confirm] = [u for u in links_in(rendered.body) if "/confirm/" in u]
    assert rendered.unsubscribe_url in rendered.body
    assert "Did not ask? Ignore this text." in rendered.body
    assert tokens.read("confirm", confirm.rstrip("/").rsplit("/", 1)[1]) == {"s": subscriber.pk}

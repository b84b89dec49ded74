"""Unsubscribing from the link in every kind of message: one click (RFC 8058) or a page with one
button; replayed links say so, tampered links say how to leave another way."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from engage.consultations.models import Response
from engage.consultations.tests.responding_data import precept_consultation
from engage.decisions.models import Decision, DecisionKind
from engage.engagements.models import Concern, ConcernSource
from engage.engagements.services.concerns import ensure_default_themes
from engage.engagements.services.surgeries import book_slot, create_session
from engage.messaging import alerts, rendering, services, tokens
from engage.messaging.models import (
    Channel,
    ConsentAction,
    ConsentPurpose,
    ConsentRecord,
    Message,
    MessageKind,
    MessageStatus,
    Subscriber,
    SubscriberStatus,
    Suppression,
    Topic,
)
from engage.messaging.notices import Contact, queue_notice
from engage.messaging.tests.subscribe_data import active, make_areas, path_of, sign_up

pytestmark = pytest.mark.django_db
ONE_CLICK = "List-Unsubscribe=One-Click"


@pytest.fixture
def areas(office):
    return make_areas(office)


@pytest.fixture
def mail_client():
    """A mail client posting the one-click unsubscribe: no cookie, no CSRF token."""
    return Client(enforce_csrf_checks=True)


def _one_click(mail_client, url):
    return mail_client.post(
        path_of(url), ONE_CLICK, content_type="application/x-www-form-urlencoded"
    )


def _decision(office):
    return Decision.objects.create(
        office=office,
        reference="PCC/2026/014",
        slug="pcc-2026-014",
        title="The policing precept for 2026/27",
        decided_on=dt.date(2026, 2, 6),
        kind=DecisionKind.PRECEPT,
        summary="Band D rises by £14 a year, paying for 40 more neighbourhood officers.",
        published_at=timezone.now(),
    )


def _alert_message(office, officer, area):
    alert = alerts.create_alert(
        office,
        by=officer,
        areas=[area],
        topics=Topic.SCAMS,
        kind="alert",
        title="Courier fraud in Rugby",
        body="Nobody from the bank will collect your card.",
        sms_text="Nobody from the bank will collect your card.",
    )
    alerts.fan_out(alert)
    return Message.objects.get(alert=alert)


def _messages_of_every_kind(office, officer, areas):
    subscriber = active(office, "jo.bloggs@example.org", areas=[areas["Rugby"]])
    services.send_manage_link(office, address="jo.bloggs@example.org")
    notice = queue_notice(
        decision=_decision(office),
        contacts=[Contact("email", "jo.bloggs@example.org", "en-gb", "respondent")],
        by=officer,
    )
    return subscriber, {
        "confirm": subscriber.messages.get(kind=MessageKind.CONFIRM),
        "manage": subscriber.messages.get(kind=MessageKind.MANAGE),
        "alert": _alert_message(office, officer, areas["Rugby"]),
        "notice": notice.messages.get(),
    }


@pytest.mark.parametrize("kind", ["confirm", "manage", "alert"])
def test_one_click_in_an_alerts_message_unsubscribes(kind, office, officer, areas, mail_client):
    subscriber, messages = _messages_of_every_kind(office, officer, areas)
    rendered = rendering.render(messages[kind])
    assert rendered.headers["List-Unsubscribe-Post"] == ONE_CLICK
    url = rendered.headers["List-Unsubscribe"].strip("<>")
    assert url in rendered.body

    response = _one_click(mail_client, url)
    assert response.status_code == 200
    assert "You have unsubscribed" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.LEFT
    withdrawn = ConsentRecord.objects.get(action=ConsentAction.WITHDRAWN)
    assert (withdrawn.purpose, withdrawn.source) == ("alerts", "one-click unsubscribe")
    # Notices about decisions are another consent: still on
    assert not Suppression.objects.filter(purpose=ConsentPurpose.HEAR_BACK).exists()


def test_the_unsubscribe_link_in_a_text_message_works_too(office, officer, areas, client):
    subscriber = active(office, "+447700900123", channel=Channel.SMS, areas=[areas["Rugby"]])
    rendered = rendering.render(_alert_message(office, officer, areas["Rugby"]))
    [url] = [word for word in rendered.body.split() if "/u/" in word]
    page = client.get(path_of(url)).content.decode()
    assert "Unsubscribe from community alerts" in page
    assert "+44•••••••123" in page
    assert services.LEAVE_WORDING["en-gb"] in page
    page = client.post(path_of(url)).content.decode()
    assert "We will send no more community alerts to +44•••••••123" in page
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.LEFT


def test_following_the_link_changes_nothing_until_the_button(office, officer, areas, client):
    subscriber, messages = _messages_of_every_kind(office, officer, areas)
    url = rendering.unsubscribe_url(messages["alert"])
    page = client.get(path_of(url)).content.decode()
    assert '<button class="govuk-button govuk-button--warning"' in page
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.ACTIVE
    assert ConsentRecord.objects.filter(action=ConsentAction.WITHDRAWN).count() == 0


def test_a_replayed_link_says_you_have_already_unsubscribed(
    office, officer, areas, client, mail_client
):
    _subscriber, messages = _messages_of_every_kind(office, officer, areas)
    url = rendering.unsubscribe_url(messages["alert"])
    _one_click(mail_client, url)
    for response in (
        _one_click(mail_client, url),
        client.get(path_of(url)),
        client.post(path_of(url)),
    ):
        assert response.status_code == 200
        assert "You have already unsubscribed" in response.content.decode()
    assert ConsentRecord.objects.filter(action=ConsentAction.WITHDRAWN).count() == 1


def test_an_alert_queued_before_unsubscribing_is_not_sent(
    office, officer, areas, mail_client, django_capture_on_commit_callbacks
):
    from django.core import mail

    _subscriber, messages = _messages_of_every_kind(office, officer, areas)
    _one_click(mail_client, rendering.unsubscribe_url(messages["alert"]))
    mail.outbox.clear()
    from engage.messaging import delivery

    delivery.run()
    assert [m.subject for m in mail.outbox if "Courier" in m.subject] == []
    messages["alert"].refresh_from_db()
    assert messages["alert"].status == MessageStatus.FAILED
    assert messages["alert"].error == delivery.NOT_SENT_LEFT


def test_unsubscribing_an_erased_address_still_stops_alerts(office, areas, mail_client):
    subscriber = sign_up(office, "jo.bloggs@example.org", areas=[areas["Rugby"]])
    message = subscriber.messages.get()
    url = rendering.unsubscribe_url(message)
    Subscriber.objects.filter(pk=subscriber.pk).delete()
    assert _one_click(mail_client, url).status_code == 200
    assert Suppression.objects.get().purpose == ConsentPurpose.ALERTS
    assert ConsentRecord.objects.last().action == ConsentAction.WITHDRAWN


def test_one_click_in_a_notice_stops_hearing_back_everywhere(
    office, officer, commissioner, areas, mail_client
):
    themes = {t.name: t for t in ensure_default_themes(office, by=officer)}
    theme = next(iter(themes.values()))
    concern = Concern.objects.create(
        office=office,
        summary="Speeding on Lawford Road",
        theme=theme,
        source=ConcernSource.CORRESPONDENCE,
        raised_on=dt.date(2026, 3, 2),
        contact_email="Jo.Bloggs@example.org",
        wants_reply=True,
    )
    by_phone = Concern.objects.create(
        office=office,
        summary="Parking on the verge",
        theme=theme,
        source=ConcernSource.CORRESPONDENCE,
        raised_on=dt.date(2026, 3, 3),
        contact_phone="07700 900123",
        wants_reply=True,
    )
    consultation = precept_consultation(office)
    response = Response.objects.create(
        office=office,
        consultation=consultation,
        email="jo.bloggs@example.org",
        wants_outcome=True,
        submitted_at=timezone.now(),
    )
    someone_else = Response.objects.create(
        office=office,
        consultation=consultation,
        email="someone.else@example.org",
        wants_outcome=True,
        submitted_at=timezone.now(),
    )
    start = timezone.localtime(timezone.now() + dt.timedelta(days=10)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    session = create_session(
        office,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        location="Rugby Library",
        held_by=commissioner,
        slot_minutes=15,
        by=officer,
    )
    booking = book_slot(
        session.slots.first(),
        name="Jo Bloggs",
        email="jo.bloggs@example.org",
        topic="Speeding",
        by=None,
        wants_outcome=True,
    )
    subscriber = active(office, "jo.bloggs@example.org", areas=[areas["Rugby"]])
    notice = queue_notice(
        decision=_decision(office),
        contacts=[Contact("email", "jo.bloggs@example.org", "en-gb", "respondent")],
        by=officer,
    )
    rendered = rendering.render(notice.messages.get())
    url = rendered.headers["List-Unsubscribe"].strip("<>")

    page = _one_click(mail_client, url).content.decode()
    assert "We will send no more messages about decisions to j•••@example.org" in page
    assert Suppression.objects.get().purpose == ConsentPurpose.HEAR_BACK
    for record in (concern, response, booking, someone_else, by_phone):
        record.refresh_from_db()
    assert (concern.wants_reply, response.wants_outcome, booking.wants_outcome) == (False,) * 3
    assert someone_else.wants_outcome is True and by_phone.wants_reply is True
    assert concern.history.first().wants_reply is False  # changed through the model, with history
    # Alerts are another consent: still subscribed
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.ACTIVE
    record = ConsentRecord.objects.last()
    assert (record.action, record.purpose) == (ConsentAction.WITHDRAWN, ConsentPurpose.HEAR_BACK)

    # and the next notice skips the address
    again = queue_notice(
        decision=_decision_2(office),
        contacts=[Contact("email", "jo.bloggs@example.org", "en-gb", "respondent")],
        by=officer,
    )
    assert again.recipients == 0


def _decision_2(office):
    return Decision.objects.create(
        office=office,
        reference="PCC/2026/015",
        slug="pcc-2026-015",
        title="Funding for victims' services",
        decided_on=dt.date(2026, 3, 6),
        kind=DecisionKind.PRECEPT,
        summary="£200,000 for victims' services.",
        published_at=timezone.now(),
    )


def test_stopping_notices_by_phone_unticks_concerns_with_that_number(office, officer):
    theme = ensure_default_themes(office, by=officer)[0]
    concern = Concern.objects.create(
        office=office,
        summary="Parking on the verge",
        theme=theme,
        source=ConcernSource.CORRESPONDENCE,
        raised_on=dt.date(2026, 3, 3),
        contact_phone="07700 900123",
        wants_reply=True,
    )
    landline = Concern.objects.create(
        office=office,
        summary="Noise",
        theme=theme,
        source=ConcernSource.CORRESPONDENCE,
        raised_on=dt.date(2026, 3, 3),
        contact_phone="01926 555123",
        wants_reply=True,
    )
    assert services.suppress(office, "+447700900123", "hear_back", source="one-click unsubscribe")
    concern.refresh_from_db()
    landline.refresh_from_db()
    assert (concern.wants_reply, landline.wants_reply) == (False, True)


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        "x" * 300,
        # a real token for another purpose
        tokens.make("manage", s=1),
    ],
)
def test_a_tampered_link_says_it_is_not_right_and_how_to_leave_another_way(
    token, office, areas, client, mail_client
):
    active(office, "jo.bloggs@example.org", areas=[areas["Rugby"]])
    for response in (
        client.get(reverse("messaging:unsubscribe", args=[token])),
        _one_click(
            mail_client, "http://testserver" + reverse("messaging:unsubscribe", args=[token])
        ),
    ):
        assert response.status_code == 400
        page = response.content.decode()
        assert "This link is not right" in page
        assert "reply STOP" in page
        assert reverse("messaging:manage_request", args=[office.slug]) in page
    assert Subscriber.objects.get().status == SubscriberStatus.ACTIVE
    assert not Suppression.objects.exists()


def test_an_altered_address_in_a_token_is_refused(office, areas, mail_client):
    subscriber = active(office, "jo.bloggs@example.org", areas=[areas["Rugby"]])
    token = tokens.make(
        "unsubscribe", o=office.pk, a=subscriber.address, p="alerts", s=subscriber.pk
    )
    signature = token.rpartition(":")[2]
    forged = tokens.make("unsubscribe", o=office.pk, a="victim@example.org", p="alerts", s=None)
    spliced = forged.rpartition(":")[0] + ":" + signature
    response = _one_click(
        mail_client, "http://testserver" + reverse("messaging:unsubscribe", args=[spliced])
    )
    assert response.status_code == 400
    assert not Suppression.objects.exists()
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.ACTIVE


def test_too_many_unsubscribe_posts_are_refused_politely(office, areas, mail_client):
    subscriber = active(office, "jo.bloggs@example.org", areas=[areas["Rugby"]])
    url = rendering.unsubscribe_url(subscriber.messages.first())
    for _ in range(20):
        _one_click(mail_client, url)
    assert _one_click(mail_client, url).status_code == 429

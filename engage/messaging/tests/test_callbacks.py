"""What comes back: GOV.UK Notify's delivery receipts and received texts (STOP, or a reply to an
alert), and emailed replies piped to `manage.py receive_email`."""

from __future__ import annotations

import io
import json
import sys
from email.message import EmailMessage

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from engage.engagements.models import Concern, ConcernSource
from engage.messaging import delivery
from engage.messaging.models import (
    ConsentPurpose,
    Message,
    MessageKind,
    MessageStatus,
    SubscriberStatus,
    Suppression,
)
from engage.messaging.rendering import message_id
from engage.messaging.tests.delivery_builders import (
    message_to,
    notices_to,
    published_decision,
    sent_alert,
    subscriber,
)

TOKEN = "notify-callback-token-0123456789"
AUTH = {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}
PHONE = "+447700900123"


@pytest.fixture(autouse=True)
def _settings(settings, tmp_path):
    settings.NOTIFY_CALLBACK_TOKEN = TOKEN
    settings.MEDIA_ROOT = tmp_path
    settings.MESSAGING_RATE = 0
    settings.SITE_URL = "https://engage.example.org"
    settings.MESSAGING_REPLY_TO = "replies@alerts.example.org"


def post(client, name, payload, **headers):
    body = payload if isinstance(payload, str | bytes) else json.dumps(payload)
    return client.post(reverse(name), body, content_type="application/json", **headers)


def sent_message(office, address="jo@example.org") -> Message:
    notice = notices_to(published_decision(office), [address])
    delivery.run()
    [message] = notice.messages.all()
    assert message.status == MessageStatus.SENT
    return message


# Delivery receipts


def test_a_receipt_marks_the_message_delivered(client, office):
    message = sent_message(office)
    Message.objects.filter(pk=message.pk).update(provider_ref="f3a1e2d4-notify-id")
    response = post(
        client,
        "messaging:notify_status",
        {
            "id": "f3a1e2d4-notify-id",
            "reference": message.key,
            "to": "jo@example.org",
            "status": "delivered",
            "completed_at": "2026-06-04T10:15:30.000000Z",
            "notification_type": "email",
        },
        **AUTH,
    )
    assert response.status_code == 200
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED
    assert message.delivered_at.isoformat() == "2026-06-04T10:15:30+00:00"


def test_a_receipt_for_an_alert_message_is_matched_by_its_reference(client, office):
    alert = sent_alert(office)
    first = message_to(subscriber(office, "jo@example.org"), alert=alert)
    second = message_to(subscriber(office, "sam@example.org"), alert=alert)
    Message.objects.filter(pk__in=[first.pk, second.pk]).update(status=MessageStatus.SENDING)
    assert second.key == f"alert:{alert.pk}:{second.subscriber_id}"
    post(
        client,
        "messaging:notify_status",
        {"id": "n-2", "reference": second.key, "status": "delivered"},
        **AUTH,
    )
    statuses = dict(Message.objects.values_list("pk", "status"))
    assert statuses == {first.pk: MessageStatus.SENDING, second.pk: MessageStatus.DELIVERED}


def test_a_receipt_before_our_sent_is_saved_is_matched_by_reference(client, office):
    notice = notices_to(published_decision(office), ["jo@example.org"])
    [message] = notice.messages.all()
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.SENDING)
    post(
        client,
        "messaging:notify_status",
        {"id": "n-1", "reference": message.key, "status": "delivered"},
        **AUTH,
    )
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        ("permanent-failure", "the address does not exist"),
        ("temporary-failure", "the inbox was full or the phone was off"),
        ("technical-failure", "a technical failure at the provider"),
    ],
)
def test_a_failure_receipt_lists_the_message_with_why(client, office, status, reason):
    message = sent_message(office)
    post(
        client,
        "messaging:notify_status",
        {"id": "x", "reference": message.key, "status": status},
        **AUTH,
    )
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert reason in message.error
    assert list(delivery.dead_letters(office)) == [message]


def test_a_receipt_on_the_way_changes_nothing_and_delivered_stays_delivered(client, office):
    message = sent_message(office)
    post(client, "messaging:notify_status", {"reference": message.key, "status": "sending"}, **AUTH)
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.DELIVERED)
    post(
        client,
        "messaging:notify_status",
        {"reference": message.key, "status": "technical-failure"},
        **AUTH,
    )
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED


def test_a_receipt_for_a_message_we_do_not_know_is_acknowledged(client, db):
    response = post(
        client, "messaging:notify_status", {"id": "nope", "status": "delivered"}, **AUTH
    )
    assert response.status_code == 200
    assert response.json() == {"result": "unchanged"}


@pytest.mark.parametrize("name", ["messaging:notify_status", "messaging:notify_inbound"])
@pytest.mark.parametrize(
    "headers",
    [{}, {"HTTP_AUTHORIZATION": "Bearer wrong"}, {"HTTP_AUTHORIZATION": TOKEN}],
    ids=["none", "wrong", "not-bearer"],
)
def test_a_callback_without_the_token_is_refused(client, db, name, headers):
    response = post(client, name, {"status": "delivered"}, **headers)
    assert response.status_code == 403


@pytest.mark.parametrize("name", ["messaging:notify_status", "messaging:notify_inbound"])
def test_no_token_set_up_refuses_every_callback(client, db, settings, name):
    settings.NOTIFY_CALLBACK_TOKEN = ""
    response = post(client, name, {}, HTTP_AUTHORIZATION="Bearer ")
    assert response.status_code == 403


@pytest.mark.parametrize("name", ["messaging:notify_status", "messaging:notify_inbound"])
@pytest.mark.parametrize("body", ["{not json", "[1, 2]", "", b"\xff\xfe"])
def test_a_callback_that_is_not_a_json_object_is_a_bad_request(client, db, name, body):
    response = post(client, name, body, **AUTH)
    assert response.status_code == 400


@pytest.mark.parametrize("name", ["messaging:notify_status", "messaging:notify_inbound"])
def test_callbacks_take_only_posts(client, db, name):
    assert client.get(reverse(name), **AUTH).status_code == 405


@pytest.mark.parametrize(
    "payload",
    [
        {"id": 5, "reference": None, "status": ["delivered"], "completed_at": "2026-13-45T99:00"},
        {"source_number": 447700900123, "message": None},
        {"source_number": "not a number", "message": "hello"},
    ],
)
def test_odd_values_never_cause_a_server_error(client, db, payload):
    for name in ("messaging:notify_status", "messaging:notify_inbound"):
        response = post(client, name, payload, **AUTH)
        assert response.status_code == 200, (name, response.content)


# Received texts


def test_stop_by_text_unsubscribes_and_suppresses(
    client, office, django_capture_on_commit_callbacks
):
    sub = subscriber(office, PHONE)
    message_to(sub, alert=sent_alert(office))
    delivery.run()
    response = post(
        client,
        "messaging:notify_inbound",
        {
            "id": "b0a1",
            "source_number": "447700900123",
            "destination_number": "07700900001",
            "message": " Stop ",
            "date_received": "2026-06-04T10:15:30.000000Z",
        },
        **AUTH,
    )
    assert response.json() == {"result": "stopped"}
    sub.refresh_from_db()
    assert sub.status == SubscriberStatus.LEFT
    assert Suppression.objects.filter(
        office=office, address=PHONE, purpose=ConsentPurpose.ALERTS
    ).exists()
    assert Concern.objects.count() == 0
    # An alert queued before the STOP is not sent.
    later = message_to(sub, alert=sent_alert(office, title="Road closure"), n=2)
    delivery.run()
    later.refresh_from_db()
    assert later.error == delivery.NOT_SENT_LEFT


def test_stop_by_text_also_stops_notices_from_an_office_that_sent_one(client, office):
    sent_message(office, PHONE)
    post(client, "messaging:notify_inbound", {"source_number": PHONE, "message": "STOP"}, **AUTH)
    assert Suppression.objects.filter(
        office=office, address=PHONE, purpose=ConsentPurpose.HEAR_BACK
    ).exists()


def test_a_text_reply_to_an_alert_becomes_a_concern_linked_to_it(client, office):
    sub = subscriber(office, PHONE, language="cy")
    older = sent_alert(office, title="Older appeal")
    latest = sent_alert(office)
    message_to(sub, alert=older)
    message_to(sub, alert=latest)
    delivery.run()
    response = post(
        client,
        "messaging:notify_inbound",
        {"source_number": "447700900123", "message": "My doorbell camera saw a van at 2am"},
        **AUTH,
    )
    assert response.json() == {"result": "reply"}
    [concern] = Concern.objects.all()
    assert (concern.summary, concern.source, concern.alert) == (
        "My doorbell camera saw a van at 2am",
        ConcernSource.ALERT_REPLY,
        latest,
    )
    assert concern.theme.name == "Other"
    assert (concern.contact_phone, concern.contact_email, concern.wants_reply) == ("", "", False)
    assert concern.language == "cy"
    assert concern.raised_on == timezone.localdate()


def test_a_text_from_a_number_we_never_alerted_is_ignored(client, office):
    response = post(
        client,
        "messaging:notify_inbound",
        {"source_number": "447700900999", "message": "Who is this?"},
        **AUTH,
    )
    assert response.json() == {"result": "ignored"}
    assert Concern.objects.count() == 0


# Emailed replies


def alert_email(office) -> tuple[Message, object]:
    message = message_to(subscriber(office, "jo@example.org"), alert=sent_alert(office))
    delivery.run()
    [sent] = mail.outbox
    message.refresh_from_db()
    return message, sent


def reply_email(**headers: str) -> bytes:
    reply = EmailMessage()
    reply["From"] = "Jo <jo@example.org>"
    reply["Subject"] = "Re: Appeal: Do you have CCTV on Lawford Road?"
    for name, value in headers.items():
        reply[name.replace("_", "-")] = value
    reply.set_content(
        "Yes, my camera covers the road. I can send the footage.\n\n"
        "On 4 June 2026, Avonshire OPCC wrote:\n> We are looking for footage\n"
    )
    return bytes(reply)


def receive(monkeypatch, raw: bytes) -> tuple[int, str]:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("receive_email", stdout=out, stderr=err)
    except SystemExit as exit_:
        return int(exit_.code or 0), err.getvalue()
    return 0, out.getvalue()


def test_an_emailed_reply_to_the_reply_address_becomes_a_concern(office, monkeypatch):
    message, sent = alert_email(office)
    status, _out = receive(monkeypatch, reply_email(To=sent.reply_to[0]))
    assert status == 0
    [concern] = Concern.objects.all()
    assert concern.summary == "Yes, my camera covers the road. I can send the footage."
    assert (concern.alert, concern.source) == (message.alert, ConcernSource.ALERT_REPLY)
    assert concern.contact_email == ""


def test_an_emailed_reply_is_found_by_in_reply_to(office, monkeypatch):
    message, _sent = alert_email(office)
    status, _out = receive(
        monkeypatch, reply_email(To="someone@alerts.example.org", In_Reply_To=message_id(message))
    )
    assert status == 0
    assert Concern.objects.get().alert == message.alert


@pytest.mark.parametrize(
    "to",
    ["replies@alerts.example.org", "replies+1-00000000000000000000@alerts.example.org"],
    ids=["no-token", "forged-token"],
)
def test_an_email_answering_nothing_of_ours_bounces(office, monkeypatch, to):
    alert_email(office)
    status, err = receive(monkeypatch, reply_email(To=to))
    assert status == 67
    assert "answers no alert of ours" in err
    assert Concern.objects.count() == 0


def test_only_alerts_take_replies(office, monkeypatch):
    message = sent_message(office)
    status, _err = receive(
        monkeypatch, reply_email(To="x@alerts.example.org", In_Reply_To=message_id(message))
    )
    assert (status, message.kind) == (67, MessageKind.NOTICE)

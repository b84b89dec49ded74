"""The delivery page: counts by status, the failed messages with why, filtered by kind, and
retrying the ticked ones or all of them."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from engage.messaging import delivery
from engage.messaging.models import Message, MessageKind, MessageStatus
from engage.messaging.tests.delivery_builders import (
    message_to,
    notices_to,
    published_decision,
    sent_alert,
    subscriber,
)

PAGE = reverse("messaging:delivery")
RETRY = reverse("messaging:delivery_retry")


@pytest.fixture(autouse=True)
def _files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MESSAGING_RATE = 0


def failed(message: Message, error: str = "GOV.UK Notify answered 500 Internal server error"):
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.FAILED, attempts=6, error=error
    )
    return message


@pytest.fixture
def dead(office):
    """A failed notice by email, a failed alert by text, and one message sent."""
    notice = notices_to(published_decision(office), ["jo@example.org", "sam@example.org"])
    jo, sam = notice.messages.order_by("address")
    failed(jo, "GOV.UK Notify answered 400 Not a valid email address or phone number")
    alert = sent_alert(office)
    text = failed(message_to(subscriber(office, "+447700900123"), alert=alert))
    Message.objects.filter(pk=sam.pk).update(status=MessageStatus.SENT)
    return {"notice": jo, "alert": text, "sent": sam}


def test_the_page_counts_by_status_and_lists_failures_with_why(officer_client, dead):
    page = officer_client.get(PAGE).content.decode()
    assert "2 failed messages" in page
    assert "j•••@example.org" in page and "jo@example.org" not in page
    assert "+44•••••••123" in page and "+447700900123" not in page
    assert "Not a valid email address or phone number" in page
    assert "The policing precept for 2026/27" in page  # the decision the notice was about
    assert "Do you have CCTV on Lawford Road?" in page  # the alert
    counts = delivery.status_counts(dead["notice"].office)
    assert counts == {"queued": 0, "sending": 0, "sent": 1, "delivered": 0, "failed": 2}


def test_the_page_filters_by_kind(officer_client, dead):
    page = officer_client.get(PAGE, {"kind": MessageKind.ALERT}).content.decode()
    assert "1 failed message" in page
    assert "+44•••••••123" in page
    assert "j•••@example.org" not in page


def test_nothing_failed_says_so(officer_client, office):
    page = officer_client.get(PAGE).content.decode()
    assert "No failed messages." in page


def test_retry_the_ticked_message_sends_it_again_from_attempt_one(
    officer_client, dead, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(
            RETRY, {"action": "selected", "messages": [dead["notice"].pk]}, follow=True
        )
    assert "1 message will be sent again." in response.content.decode()
    dead["notice"].refresh_from_db()
    dead["alert"].refresh_from_db()
    assert (dead["notice"].status, dead["notice"].attempts) == (MessageStatus.SENT, 1)
    assert dead["alert"].status == MessageStatus.FAILED
    assert [m.to for m in mail.outbox] == [["jo@example.org"]]


def test_retry_all_of_a_kind_leaves_the_other_kinds(
    officer_client, dead, django_capture_on_commit_callbacks, tmp_path
):
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(RETRY, {"action": "all", "kind": MessageKind.ALERT})
    assert response["Location"] == f"{PAGE}?kind=alert"
    dead["alert"].refresh_from_db()
    dead["notice"].refresh_from_db()
    assert dead["alert"].status == MessageStatus.SENT
    assert dead["notice"].status == MessageStatus.FAILED
    assert len(list((tmp_path / "sms").iterdir())) == 1


def test_retry_with_nothing_ticked_says_what_to_do(officer_client, dead):
    response = officer_client.post(RETRY, {"action": "selected"}, follow=True)
    assert "Tick the messages to retry" in response.content.decode()
    assert Message.objects.filter(status=MessageStatus.FAILED).count() == 2


def test_another_offices_failures_are_neither_listed_nor_retried(
    client, other_officer, dead, django_capture_on_commit_callbacks
):
    client.force_login(other_officer)
    page = client.get(PAGE).content.decode()
    assert "No failed messages." in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(RETRY, {"action": "selected", "messages": [dead["notice"].pk]})
        client.post(RETRY, {"action": "all"})
    assert Message.objects.filter(status=MessageStatus.FAILED).count() == 2
    assert mail.outbox == []

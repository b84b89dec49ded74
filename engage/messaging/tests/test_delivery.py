"""Delivery: what people receive, retries and backoff, giving up, the rate limit, messages that
must not go after all, and the next run. The provider edge is Django's locmem outbox, the SMS
file, or the fake Notify server; time is a FakeClock, so nothing here waits or reads the wall
clock."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.core import mail
from django.urls import reverse

from engage.messaging import delivery, tokens
from engage.messaging.models import (
    ConsentPurpose,
    Message,
    MessageKind,
    MessageStatus,
    SubscriberStatus,
    Suppression,
)
from engage.messaging.providers import Providers
from engage.messaging.tests.delivery_builders import (
    email,
    message_to,
    notices_to,
    published_decision,
    sent_alert,
    subscriber,
)
from engage.messaging.tests.notify_fake import FakeClock, NotifyFake, use_notify

SITE = "https://engage.example.org"


@pytest.fixture(autouse=True)
def _site(settings, tmp_path):
    settings.SITE_URL = SITE
    settings.MEDIA_ROOT = tmp_path
    settings.MESSAGING_RATE = 0


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def notify(settings, clock):
    fake = NotifyFake(clock=clock.now).start()
    use_notify(settings, fake)
    yield fake
    fake.stop()


def only_message(notice) -> Message:
    [message] = notice.messages.all()
    return message


def test_a_notice_is_emailed_once_with_what_happened_and_how_to_stop(
    office, django_capture_on_commit_callbacks
):
    decision = published_decision(office)
    with django_capture_on_commit_callbacks(execute=True):
        notice = notices_to(decision, ["Jo@Example.org"])
    [sent] = mail.outbox
    assert sent.to == ["jo@example.org"]
    assert sent.subject == "What came of what you told us: The policing precept for 2026/27"
    assert "The policing precept for 2026/27 (PCC/2026/014)" in sent.body
    assert "Band D rises by £14 a year" in sent.body  # plain text: not "&pound;" or "&amp;"
    public = f"{SITE}/you-said-we-did/avonshire/decisions/pcc-2026-014/"
    assert public in sent.body
    headers = sent.message()
    unsubscribe = headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe in sent.body
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = unsubscribe.removeprefix(f"{SITE}/u/").rstrip("/")
    assert tokens.read("unsubscribe", token) == {
        "o": office.pk,
        "a": "jo@example.org",
        "p": ConsentPurpose.HEAR_BACK,
        "s": None,
    }
    message = only_message(notice)
    assert message.status == MessageStatus.SENT
    assert message.attempts == 1
    assert message.provider_ref == headers["Message-ID"].strip("<>")


def test_a_notice_in_welsh_is_written_in_welsh(office, django_capture_on_commit_callbacks):
    decision = published_decision(office)
    with django_capture_on_commit_callbacks(execute=True):
        notices_to(decision, [email(1)], language="cy")
    [sent] = mail.outbox
    assert "Praesept plismona 2026/27" in sent.subject
    assert "Mae Band D yn codi £14" in sent.body


def test_a_notice_by_text_ends_with_a_link_to_stop(office, tmp_path, settings):
    decision = published_decision(office)
    notice = notices_to(decision, ["+447700900123"])
    summary = delivery.run()
    assert summary.sent == 1
    [written] = (tmp_path / "sms").iterdir()
    text = written.read_text()
    assert "you asked to hear what came of what you told us" in text
    assert f"{SITE}/you-said-we-did/avonshire/decisions/pcc-2026-014/" in text
    assert f"Stop: {SITE}/u/" in text
    assert only_message(notice).status == MessageStatus.SENT


def test_texts_say_reply_stop_where_notify_receives_texts(office, settings, notify, clock):
    settings.NOTIFY_INBOUND_SMS = True
    notices_to(published_decision(office), ["+447700900123"])
    delivery.run(clock=clock)
    [sent] = notify.accepted
    assert sent.personalisation["body"].endswith("Reply STOP to stop these texts.")


@pytest.mark.parametrize("kind", [MessageKind.CONFIRM, MessageKind.MANAGE, MessageKind.ALERT])
def test_every_email_kind_carries_one_click_unsubscribe(office, kind):
    sub = subscriber(
        office,
        email(1),
        status=SubscriberStatus.PENDING if kind == MessageKind.CONFIRM else SubscriberStatus.ACTIVE,
    )
    alert = sent_alert(office) if kind == MessageKind.ALERT else None
    message = message_to(sub, kind=kind, alert=alert)
    assert delivery.run().sent == 1
    [sent] = mail.outbox
    headers = sent.message()
    unsubscribe = headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith(f"{SITE}/u/")
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in sent.body
    data = tokens.read("unsubscribe", unsubscribe.removeprefix(f"{SITE}/u/").rstrip("/"))
    assert data == {"o": office.pk, "a": email(1), "p": ConsentPurpose.ALERTS, "s": sub.pk}
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT


@pytest.mark.parametrize("kind", [MessageKind.CONFIRM, MessageKind.MANAGE, MessageKind.ALERT])
def test_every_text_kind_ends_with_a_link_to_stop(office, tmp_path, kind):
    sub = subscriber(office, "+447700900123")
    alert = sent_alert(office) if kind == MessageKind.ALERT else None
    message_to(sub, kind=kind, alert=alert)
    assert delivery.run().sent == 1
    [written] = (tmp_path / "sms").iterdir()
    assert f"Stop: {SITE}/u/" in written.read_text()


def test_an_alert_inviting_replies_has_a_reply_address_when_set_up(office, settings):
    settings.MESSAGING_REPLY_TO = "replies@alerts.example.org"
    message = message_to(subscriber(office, email(1)), alert=sent_alert(office))
    delivery.run()
    [sent] = mail.outbox
    [reply_to] = sent.reply_to
    assert reply_to.startswith(f"replies+{message.pk}-")
    assert reply_to.endswith("@alerts.example.org")
    assert len(reply_to.split("@")[0]) <= 64
    assert f"{SITE}/reply/" in sent.body


def test_no_reply_address_for_an_alert_not_inviting_replies(office, settings):
    settings.MESSAGING_REPLY_TO = "replies@alerts.example.org"
    message_to(subscriber(office, email(1)), alert=sent_alert(office, accepts_replies=False))
    delivery.run()
    assert mail.outbox[0].reply_to == []


def test_busy_then_down_then_sent_backs_off_and_sends_once(office, notify, clock):
    notify.fail_next(429)
    notify.fail_next(500)
    message = only_message(notices_to(published_decision(office), [email(1)]))

    delivery.run(clock=clock)
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.QUEUED, 1)
    assert "429" in message.error
    assert 15 <= (message.due_at - clock.now()).total_seconds() <= 30

    delivery.run(clock=clock)  # not due yet: nothing is tried
    message.refresh_from_db()
    assert message.attempts == 1

    clock.at = message.due_at
    delivery.run(clock=clock)
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.QUEUED, 2)
    assert "500" in message.error
    assert 30 <= (message.due_at - clock.now()).total_seconds() <= 60

    clock.at = message.due_at
    delivery.run(clock=clock)
    message.refresh_from_db()
    assert (message.status, message.attempts, message.error) == (MessageStatus.SENT, 3, "")
    assert [n.reference for n in notify.accepted] == [message.key]
    assert message.provider_ref == notify.accepted[0].id
    # Before each retry Notify was asked whether the earlier try had got there after all.
    assert [(m, p) for m, p, _s in notify.requests] == [
        ("POST", "/v2/notifications/email"),
        ("GET", "/v2/notifications"),
        ("POST", "/v2/notifications/email"),
        ("GET", "/v2/notifications"),
        ("POST", "/v2/notifications/email"),
    ]


def test_a_retry_that_had_got_there_is_not_sent_again(office, notify, clock, monkeypatch):
    """Notify took the message but its answer was lost (a 500 after accepting it)."""
    message = only_message(notices_to(published_decision(office), [email(1)]))
    delivery.run(clock=clock)
    assert len(notify.accepted) == 1
    # As if that answer had been lost: the row says "try again".
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.QUEUED, error="GOV.UK Notify answered 500", provider_ref=""
    )
    delivery.run(clock=clock)
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert len(notify.accepted) == 1


def test_an_address_notify_refuses_fails_at_once_with_the_reason(office, notify, clock):
    notify.refuse.add(email(1))
    message = only_message(notices_to(published_decision(office), [email(1)]))
    summary = delivery.run(clock=clock)
    message.refresh_from_db()
    assert (summary.failed, message.status, message.attempts) == (1, MessageStatus.FAILED, 1)
    assert message.error == "GOV.UK Notify answered 400 Not a valid email address or phone number"
    assert list(delivery.dead_letters(office)) == [message]


def test_after_the_last_attempt_the_message_is_a_dead_letter_staff_can_retry(
    office, officer, client, notify, clock, settings, django_capture_on_commit_callbacks
):
    settings.MESSAGING_MAX_ATTEMPTS = 3
    notify.fail_next(500, times=3)
    message = only_message(notices_to(published_decision(office), [email(1)]))
    for _attempt in range(3):
        delivery.run(clock=clock)
        message.refresh_from_db()
        clock.at = max(clock.at, message.due_at)
    assert (message.status, message.attempts) == (MessageStatus.FAILED, 3)
    assert message.error.startswith(
        "Gave up after 3 attempts. Last error: GOV.UK Notify answered 500"
    )
    assert notify.accepted == []

    client.force_login(officer)
    page = client.get(reverse("messaging:delivery")).content.decode()
    assert "p•••@example.org" in page
    assert "Gave up after 3 attempts" in page
    assert email(1) not in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("messaging:delivery_retry"), {"action": "all", "kind": ""})
    assert response.status_code == 302
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.SENT, 1)
    assert [n.reference for n in notify.accepted] == [message.key]


def test_the_rate_limit_holds_in_every_second(office, notify, clock, settings):
    settings.MESSAGING_RATE = 5
    numbers = [f"+4477009001{n:02d}" for n in range(23)]
    notices_to(published_decision(office), numbers)
    summary = delivery.run(clock=clock)
    assert summary.sent == 23
    per_second = Counter(int(n.at.timestamp()) for n in notify.accepted)
    assert max(per_second.values()) == 5
    assert sorted(per_second.values()) == [3, 5, 5, 5, 5]
    assert sorted(n.to for n in notify.accepted) == numbers


def test_a_rate_below_one_a_second_sends_one_in_each_longer_window(office, notify, clock, settings):
    settings.MESSAGING_RATE = 0.5
    notices_to(published_decision(office), [email(n) for n in range(3)])
    delivery.run(clock=clock)
    per_two_seconds = Counter(int(n.at.timestamp() // 2) for n in notify.accepted)
    assert list(per_two_seconds.values()) == [1, 1, 1]


def test_two_workers_with_the_same_batch_send_each_message_once(office):
    notices_to(published_decision(office), [email(n) for n in range(5)])
    clock = delivery.SYSTEM_CLOCK
    batches = [delivery.due_batch(clock, 100), delivery.due_batch(clock, 100)]
    summaries = [delivery.Summary(), delivery.Summary()]
    # Both workers read the same batch; B works through it after A has sent it.
    for batch, summary in zip(batches, summaries, strict=True):
        with Providers() as providers:
            for message in batch:
                delivery.deliver_one(message, providers, {}, clock, summary, set())
    assert [s.sent for s in summaries] == [5, 0]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(email(n) for n in range(5))


def test_an_alert_to_someone_who_left_is_not_sent_and_not_a_dead_letter(office, officer, client):
    alert = sent_alert(office)
    gone = message_to(subscriber(office, email(1), status=SubscriberStatus.LEFT), alert=alert)
    stays = message_to(subscriber(office, email(2)), alert=alert)
    summary = delivery.run()
    assert (summary.sent, summary.not_sent) == (1, 1)
    assert [m.to for m in mail.outbox] == [[email(2)]]
    gone.refresh_from_db()
    stays.refresh_from_db()
    assert (gone.status, gone.error) == (MessageStatus.FAILED, delivery.NOT_SENT_LEFT)
    assert stays.status == MessageStatus.SENT
    assert list(delivery.dead_letters(office)) == []
    client.force_login(officer)
    page = client.get(reverse("messaging:delivery")).content.decode()
    assert "1 message was not sent on purpose" in page


def test_a_notice_to_an_address_that_said_stop_after_it_was_queued_is_not_sent(office):
    notice = notices_to(published_decision(office), [email(1)])
    Suppression.objects.create(office=office, address=email(1), purpose=ConsentPurpose.HEAR_BACK)
    delivery.run()
    assert mail.outbox == []
    assert only_message(notice).error == delivery.NOT_SENT_SUPPRESSED


def test_a_message_that_cannot_be_written_fails_with_the_reason(office):
    message = message_to(subscriber(office, email(1)), kind="bogus")
    delivery.run()
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.error.startswith("Could not write the message: TemplateDoesNotExist")


def test_work_due_later_is_left_for_a_run_at_that_time(
    office, clock, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    from django_tasks_db.models import DBTaskResult

    later = clock.now() + dt.timedelta(hours=2)
    message = message_to(subscriber(office, email(1)), kind=MessageKind.MANAGE, due_at=later)
    with django_capture_on_commit_callbacks(execute=True):
        summary = delivery.run(clock=clock)
    assert summary.sent == 0
    message.refresh_from_db()
    assert message.status == MessageStatus.QUEUED
    [scheduled] = DBTaskResult.objects.all()
    assert scheduled.task_path == "engage.messaging.tasks.deliver"
    assert scheduled.run_after == later
    # A second run before then does not schedule a second follow-up.
    with django_capture_on_commit_callbacks(execute=True):
        delivery.run(clock=clock)
    assert DBTaskResult.objects.count() == 1


def test_a_provider_not_set_up_is_retried_later_not_looped_on(office, settings, clock):
    settings.MESSAGING_EMAIL_BACKEND = "notify"
    settings.NOTIFY_API_KEY = ""
    message = only_message(notices_to(published_decision(office), [email(1)]))
    summary = delivery.run(clock=clock)
    message.refresh_from_db()
    assert (summary.retrying, message.status, message.attempts) == (1, MessageStatus.QUEUED, 1)
    assert message.error.startswith("Not set up to send this: GOV.UK Notify needs NOTIFY_API_KEY")

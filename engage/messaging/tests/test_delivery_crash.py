"""A worker killed in the middle of sending 10,000 messages, then resumed: every address gets
exactly one message and none is lost.

The kill is a BaseException raised at the provider's edge just after the provider accepted
message k (for Notify, in the HTTP transport once the 201 has arrived; for SMTP, in the email
backend once it has taken the message), so nothing in Engage can catch it, as with SIGKILL.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone
from requests.adapters import HTTPAdapter

from engage.messaging import delivery
from engage.messaging.models import AlertStatus, Message, MessageStatus
from engage.messaging.tests.delivery_builders import (
    WorkerKilled,
    email,
    notices_to,
    published_decision,
    sent_alert,
    subscriber,
)
from engage.messaging.tests.notify_fake import NotifyFake, use_notify
from engage.places.models import Area, AreaKind

HOW_MANY = 10_000
KILLED_AT = 4_321


@pytest.fixture(autouse=True)
def _fast(settings, tmp_path):
    settings.MESSAGING_RATE = 0
    settings.MEDIA_ROOT = tmp_path
    settings.SITE_URL = "https://engage.example.org"


def queue_everyone(office) -> list[str]:
    addresses = [email(n) for n in range(HOW_MANY)]
    notice = notices_to(published_decision(office), addresses)
    assert notice.recipients == HOW_MANY
    return addresses


def resume(capture) -> None:
    """What the cron job does after the crash (no worker is running, so no lease to wait for)."""
    with capture(execute=True):
        call_command("resume_delivery", stale_after=0, stdout=io.StringIO())


def test_notify_killed_mid_send_resumes_with_no_duplicate_and_nothing_lost(
    office, settings, monkeypatch, django_capture_on_commit_callbacks
):
    fake = NotifyFake().start()
    use_notify(settings, fake)
    real_send = HTTPAdapter.send
    accepted = 0

    def send_then_die(self, request, **kwargs):
        nonlocal accepted
        response = real_send(self, request, **kwargs)
        if request.method == "POST" and response.status_code == 201:
            accepted += 1
            if accepted == KILLED_AT:
                raise WorkerKilled
        return response

    try:
        addresses = queue_everyone(office)
        monkeypatch.setattr(HTTPAdapter, "send", send_then_die)
        with pytest.raises(WorkerKilled):
            delivery.run()
        assert len(fake.accepted) == KILLED_AT
        in_doubt = Message.objects.get(status=MessageStatus.SENDING)
        assert fake.accepted[-1].reference == in_doubt.key

        resume(django_capture_on_commit_callbacks)

        sent_to = Counter(n.to for n in fake.accepted)
        assert len(fake.accepted) == HOW_MANY
        assert set(sent_to) == set(addresses)
        assert set(sent_to.values()) == {1}
        assert Counter(Message.objects.values_list("status", flat=True)) == {
            MessageStatus.SENT: HOW_MANY
        }
        in_doubt.refresh_from_db()
        assert in_doubt.status == MessageStatus.SENT  # Notify said it had it: not sent again
    finally:
        fake.stop()


class DiesAfterTaking(BaseEmailBackend):
    """An SMTP server that takes each message, as locmem does, and a worker that dies just
    after the server took message KILLED_AT."""

    taken = 0
    armed = True

    def send_messages(self, messages):
        mail.outbox.extend(messages)
        DiesAfterTaking.taken += len(messages)
        if DiesAfterTaking.armed and DiesAfterTaking.taken == KILLED_AT:
            DiesAfterTaking.armed = False
            raise WorkerKilled
        return len(messages)


def test_smtp_killed_mid_send_lists_the_one_in_doubt_and_sends_the_rest_once(
    office, officer, client, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.DiesAfterTaking"
    DiesAfterTaking.taken, DiesAfterTaking.armed = 0, True
    addresses = queue_everyone(office)
    with pytest.raises(WorkerKilled):
        delivery.run()
    assert len(mail.outbox) == KILLED_AT
    in_doubt = Message.objects.get(status=MessageStatus.SENDING)

    resume(django_capture_on_commit_callbacks)

    sent_to = Counter(m.to[0] for m in mail.outbox)
    assert set(sent_to) == set(addresses)
    assert set(sent_to.values()) == {1}
    in_doubt.refresh_from_db()
    # SMTP cannot say whether it got there: it is not resent, but listed for a person.
    assert in_doubt.status == MessageStatus.FAILED
    assert in_doubt.error == delivery.MAY_HAVE_BEEN_SENT
    assert Counter(Message.objects.values_list("status", flat=True)) == {
        MessageStatus.SENT: HOW_MANY - 1,
        MessageStatus.FAILED: 1,
    }
    assert list(delivery.dead_letters(office)) == [in_doubt]
    client.force_login(officer)
    page = client.get("/alerts/delivery/").content.decode()
    assert "May have been sent before the worker stopped: check before retrying" in page


def test_resume_leaves_a_message_another_worker_is_sending(office, settings):
    """Within the lease the message may still be on its way: cron must not touch it."""
    notices_to(published_decision(office), [email(1)])
    Message.objects.update(status=MessageStatus.SENDING, claimed_at=delivery.SYSTEM_CLOCK.now())
    call_command("resume_delivery", stdout=io.StringIO())
    assert Message.objects.get().status == MessageStatus.SENDING
    assert mail.outbox == []


def test_resume_starts_a_scheduled_alert_whose_task_was_lost(
    office, django_capture_on_commit_callbacks
):
    ward = Area.objects.create(office=office, kind=AreaKind.WARD, name="Bilton North")
    subscriber(office, "jo@example.org").areas.add(ward)
    alert = sent_alert(
        office,
        status=AlertStatus.SCHEDULED,
        sent_at=None,
        send_at=timezone.now() - dt.timedelta(minutes=1),
    )
    alert.areas.add(ward)
    resume(django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["jo@example.org"]]
    assert Message.objects.get().status == MessageStatus.SENT

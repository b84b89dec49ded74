"""The providers at the edge: what each sends, and how each failure is classed (try again later,
or never). SMTP is a small real SMTP server on 127.0.0.1; Notify is the fake Notify server."""

from __future__ import annotations

import io
import json
import socketserver
import threading

import pytest
from django.core import mail

from engage.messaging.providers import (
    ConsoleSMS,
    DjangoEmail,
    FileSMS,
    Notify,
    PermanentFailure,
    TemporaryFailure,
)
from engage.messaging.rendering import Rendered
from engage.messaging.tests.notify_fake import EMAIL_TEMPLATE, NotifyFake, use_notify

EMAIL = Rendered(
    channel="email",
    to="jo@example.org",
    reference="notice:decision:7:email:jo@example.org",
    subject="What came of what you told us",
    body="Here is what happened.\n",
    unsubscribe_url="https://engage.example.org/u/abc/",
    message_id="<0123abcd@engage.example.org>",
    reply_to="replies+12-0123456789abcdef0123@alerts.example.org",
    headers={
        "List-Unsubscribe": "<https://engage.example.org/u/abc/>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
)
SMS = Rendered(
    channel="sms",
    to="+447700900123",
    reference="alert:3:sub:9",
    subject="",
    body="Avonshire Police: CCTV on Lawford Road?\nStop: https://engage.example.org/u/abc/",
)


@pytest.fixture
def notify(settings):
    fake = NotifyFake().start()
    use_notify(settings, fake)
    yield fake
    fake.stop()


# Django email


def test_django_email_carries_unsubscribe_headers_message_id_and_reply_to(settings):
    settings.DEFAULT_FROM_EMAIL = "engage@avonshire.example.org"
    ref = DjangoEmail().send(EMAIL)
    [sent] = mail.outbox
    assert sent.to == ["jo@example.org"]
    assert sent.subject == "What came of what you told us"
    assert sent.reply_to == ["replies+12-0123456789abcdef0123@alerts.example.org"]
    message = sent.message()
    assert message["List-Unsubscribe"] == "<https://engage.example.org/u/abc/>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Message-ID"] == "<0123abcd@engage.example.org>"
    assert ref == "0123abcd@engage.example.org"


def test_django_email_cannot_tell_whether_it_sent():
    assert DjangoEmail().already_sent("anything") is None


class SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP: refuses RCPT for addresses in `server.answers` with their answer."""

    def reply(self, line: str) -> None:
        self.wfile.write((line + "\r\n").encode())

    def handle(self) -> None:
        self.reply("220 fake.smtp ESMTP")
        data = False
        while line := self.rfile.readline():
            text = line.decode().rstrip("\r\n")
            if data:
                if text == ".":
                    data = False
                    self.reply(self.server.after_data)  # type: ignore[attr-defined]
                continue
            verb = text.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 fake.smtp")
            elif verb == "RCPT":
                address = text.split("<", 1)[1].split(">", 1)[0]
                self.reply(self.server.answers.get(address, "250 OK"))  # type: ignore[attr-defined]
            elif verb == "DATA":
                data = True
                self.reply("354 End data with <CR><LF>.<CR><LF>")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("250 OK")


@pytest.fixture
def smtp(settings):
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SMTPHandler)
    server.daemon_threads = True
    server.answers = {}  # type: ignore[attr-defined]
    server.after_data = "250 Queued"  # type: ignore[attr-defined]
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.server_address[:2]
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield server
    server.shutdown()
    server.server_close()


def test_smtp_sends_through_a_real_connection(smtp):
    assert DjangoEmail().send(EMAIL) == "0123abcd@engage.example.org"


def test_smtp_refusing_the_address_is_permanent(smtp):
    smtp.answers["jo@example.org"] = "550 5.1.1 No such user"
    with pytest.raises(PermanentFailure, match="refused the address"):
        DjangoEmail().send(EMAIL)


def test_smtp_busy_is_temporary(smtp):
    smtp.answers["jo@example.org"] = "451 4.7.1 Greylisted, try again later"
    with pytest.raises(TemporaryFailure):
        DjangoEmail().send(EMAIL)


def test_smtp_rejecting_the_data_for_now_is_temporary(smtp):
    smtp.after_data = "452 4.3.1 Insufficient system storage"
    with pytest.raises(TemporaryFailure, match="452"):
        DjangoEmail().send(EMAIL)


def test_smtp_server_down_is_temporary(smtp, settings):
    settings.EMAIL_PORT = 1  # nothing listens there
    with pytest.raises(TemporaryFailure, match="Could not reach the mail server"):
        DjangoEmail().send(EMAIL)


# GOV.UK Notify


def test_notify_email_sends_the_generic_template_with_reference_and_unsubscribe(notify):
    ref = Notify("email").send(EMAIL)
    [sent] = notify.accepted
    assert (sent.type, sent.to, sent.reference) == (
        "email",
        "jo@example.org",
        "notice:decision:7:email:jo@example.org",
    )
    assert sent.template_id == EMAIL_TEMPLATE
    assert sent.personalisation == {
        "subject": "What came of what you told us",
        "body": "Here is what happened.\n",
    }
    assert sent.one_click_unsubscribe_url == "https://engage.example.org/u/abc/"
    assert ref == sent.id


def test_notify_sms_sends_the_body(notify):
    Notify("sms").send(SMS)
    [sent] = notify.accepted
    assert (sent.type, sent.to) == ("sms", "+447700900123")
    assert sent.personalisation["body"].endswith("Stop: https://engage.example.org/u/abc/")


@pytest.mark.parametrize("status", [429, 500, 503])
def test_notify_busy_or_down_is_temporary(notify, status):
    notify.fail_next(status)
    with pytest.raises(TemporaryFailure, match=str(status)):
        Notify("email").send(EMAIL)
    assert notify.accepted == []


def test_notify_refusing_the_address_is_permanent_with_its_reason(notify):
    notify.refuse.add("jo@example.org")
    with pytest.raises(PermanentFailure, match="400 Not a valid email address"):
        Notify("email").send(EMAIL)


def test_notify_unreachable_is_temporary(notify, settings):
    notify.stop()
    with pytest.raises(TemporaryFailure):
        Notify("email").send(EMAIL)


def test_notify_with_a_wrong_key_is_refused(notify, settings):
    settings.NOTIFY_API_KEY = settings.NOTIFY_API_KEY[:-4] + "ffff"
    with pytest.raises(PermanentFailure, match="403"):
        Notify("email").send(EMAIL)


def test_notify_can_tell_whether_a_reference_was_sent(notify):
    provider = Notify("email")
    assert provider.already_sent(EMAIL.reference) is False
    provider.send(EMAIL)
    assert provider.already_sent(EMAIL.reference) is True
    assert provider.already_sent("notice:decision:7:email:someone-else@example.org") is False


def test_notify_without_a_key_fails_loudly(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.NOTIFY_API_KEY = ""
    with pytest.raises(ImproperlyConfigured):
        Notify("sms")


# Texts for the demo


def test_file_sms_writes_one_file_per_message_and_can_tell(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    provider = FileSMS()
    assert provider.already_sent(SMS.reference) is False
    provider.send(SMS)
    [written] = (tmp_path / "sms").iterdir()
    record = json.loads(written.read_text())
    assert (record["to"], record["reference"]) == ("+447700900123", "alert:3:sub:9")
    assert record["body"] == SMS.body
    assert provider.already_sent(SMS.reference) is True


def test_console_sms_prints_the_text():
    out = io.StringIO()
    ConsoleSMS(out).send(SMS)
    assert "SMS to +447700900123" in out.getvalue()
    assert "CCTV on Lawford Road?" in out.getvalue()

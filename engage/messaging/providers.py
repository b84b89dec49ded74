"""The edge where messages leave Engage: Django email (SMTP), GOV.UK Notify, and a file or the
console for texts in the demo.

A provider has a `name` (its rate-limit bucket: Notify's email and SMS share one), and
- `send(rendered) -> provider_ref`, raising `TemporaryFailure` when trying again later may work
  (Notify's 429 and 5xx, a connection that failed, an SMTP 4xx) or `PermanentFailure` when it
  never will (a 400 for an address Notify refuses, an SMTP 5xx for the recipient);
- `already_sent(reference) -> True | False | None`: whether a message with that reference (the
  message's key) reached the provider. None means the provider cannot tell (SMTP, the console):
  a message in doubt is then listed for a person, never resent blindly.

`provider_for(channel)` builds the provider MESSAGING_EMAIL_BACKEND or MESSAGING_SMS_BACKEND
names; delivery keeps a fresh set (`Providers`) per run, as Notify's client is not thread-safe.
"""

from __future__ import annotations

import contextlib
import json
import re
import smtplib
import sys
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils import timezone

from engage.messaging.models import Channel
from engage.messaging.rendering import Rendered

# How long to wait for a provider before calling it a temporary failure. Well inside the lease
# after which a message left "sending" is reconciled (delivery.LEASE).
TIMEOUT = 30


class TemporaryFailure(Exception):
    """Not sent this time; trying again later may work."""


class PermanentFailure(Exception):
    """Not sent, and trying again will not help (the reason says why)."""


class Provider(Protocol):
    name: str

    def send(self, rendered: Rendered) -> str: ...

    def already_sent(self, reference: str) -> bool | None: ...

    def close(self) -> None: ...


class DjangoEmail:
    """Email through Django's EMAIL_BACKEND: SMTP in production, console or file for the demo,
    locmem in tests. One connection is kept open for a whole run of the delivery loop."""

    name = "email"

    def __init__(self) -> None:
        self.connection: Any = None

    def _connection(self) -> Any:
        if self.connection is None:
            self.connection = get_connection(
                timeout=getattr(settings, "EMAIL_TIMEOUT", None) or TIMEOUT
            )
        return self.connection

    def send(self, rendered: Rendered) -> str:
        headers = {**rendered.headers, "Message-ID": rendered.message_id}
        email = EmailMultiAlternatives(
            subject=rendered.subject,
            body=rendered.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[rendered.to],
            reply_to=[rendered.reply_to] if rendered.reply_to else None,
            headers=headers,
            connection=self._connection(),
        )
        if rendered.html:
            email.attach_alternative(rendered.html, "text/html")
        for filename, content, mimetype in rendered.attachments:
            email.attach(filename, content, mimetype)
        try:
            email.send()
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _text in error.recipients.values()]
            if all(400 <= code < 500 for code in codes):
                self.close()
                raise TemporaryFailure(
                    f"The mail server refused for now: {error.recipients}"
                ) from error
            raise PermanentFailure(
                f"The mail server refused the address: {error.recipients}"
            ) from error
        except smtplib.SMTPResponseException as error:
            self.close()
            text = f"The mail server answered {error.smtp_code}: {_decode(error.smtp_error)}"
            if 500 <= error.smtp_code < 600:
                raise PermanentFailure(text) from error
            raise TemporaryFailure(text) from error
        except (smtplib.SMTPException, OSError) as error:
            # Cannot connect, connection dropped, timed out: try again with a fresh connection.
            self.close()
            raise TemporaryFailure(f"Could not reach the mail server: {error}") from error
        return rendered.message_id.strip("<>")

    def already_sent(self, reference: str) -> bool | None:
        return None  # SMTP keeps no record we can ask

    def close(self) -> None:
        if self.connection is not None:
            # A connection that is already broken is closed enough.
            with contextlib.suppress(Exception):
                self.connection.close()
            self.connection = None


def _decode(value: bytes | str) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


class Notify:
    """GOV.UK Notify, email or SMS, through notifications-python-client.

    One generic template per channel: the email template's subject is ((subject)) and its body
    ((body)); the SMS template is ((body)). The message's key is Notify's `reference`, which is how
    `already_sent` asks Notify whether a message got there."""

    name = "notify"

    def __init__(self, channel: str) -> None:
        from notifications_python_client.notifications import NotificationsAPIClient

        template = (
            settings.NOTIFY_EMAIL_TEMPLATE_ID
            if channel == Channel.EMAIL
            else settings.NOTIFY_SMS_TEMPLATE_ID
        )
        if not settings.NOTIFY_API_KEY or not template:
            raise ImproperlyConfigured(
                "GOV.UK Notify needs NOTIFY_API_KEY and a template id for each channel it sends."
            )
        self.channel = channel
        self.template = template
        self.client = NotificationsAPIClient(
            settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL, timeout=TIMEOUT
        )

    def send(self, rendered: Rendered) -> str:
        from notifications_python_client.errors import APIError

        try:
            if self.channel == Channel.EMAIL:
                response = self.client.send_email_notification(
                    email_address=rendered.to,
                    template_id=self.template,
                    personalisation={"subject": rendered.subject, "body": rendered.body},
                    reference=rendered.reference,
                    one_click_unsubscribe_url=rendered.unsubscribe_url or None,
                )
            else:
                response = self.client.send_sms_notification(
                    phone_number=rendered.to,
                    template_id=self.template,
                    personalisation={"body": rendered.body},
                    reference=rendered.reference,
                )
        except APIError as error:
            raise _notify_failure(error) from error
        return str((response or {}).get("id", ""))

    def already_sent(self, reference: str) -> bool | None:
        from notifications_python_client.errors import APIError

        try:
            found = self.client.get_all_notifications(reference=reference)
        except APIError as error:
            raise TemporaryFailure(
                f"Could not ask GOV.UK Notify: {_notify_message(error)}"
            ) from error
        return bool((found or {}).get("notifications"))

    def close(self) -> None:
        self.client.request_session.close()


def _notify_message(error: Any) -> str:
    message = error.message
    if isinstance(message, list):  # Notify's errors: [{"error": "...", "message": "..."}]
        message = "; ".join(str(e.get("message", e)) for e in message if isinstance(e, dict))
    return f"{error.status_code} {message}"


def _notify_failure(error: Any) -> Exception:
    """Notify's answer as ours: 429 and 5xx (and no answer at all) may work later; other 4xx not."""
    status = error.status_code
    text = f"GOV.UK Notify answered {_notify_message(error)}"
    # Below 400: Notify said yes but the answer could not be read. Retrying asks Notify first.
    if status == 429 or status >= 500 or status < 400:
        return TemporaryFailure(text)
    return PermanentFailure(text)


SAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]+")


class FileSMS:
    """Texts written as files under MEDIA_ROOT/sms/ (the demo): one JSON file per message, named
    after its key, so `already_sent` can tell by looking for it."""

    name = "sms-file"

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = Path(directory or Path(settings.MEDIA_ROOT) / "sms")

    def _path(self, reference: str) -> Path:
        return self.directory / f"{SAFE_NAME.sub('_', reference)}.json"

    def send(self, rendered: Rendered) -> str:
        path = self._path(rendered.reference)
        record = {
            "to": rendered.to,
            "body": rendered.body,
            "reference": rendered.reference,
            "at": timezone.now().isoformat(),
        }
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            # Written whole then renamed, so a file that exists is a text that was "sent".
            partial = path.with_suffix(".part")
            partial.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
            partial.replace(path)
        except OSError as error:
            raise TemporaryFailure(f"Could not write the text to {path}: {error}") from error
        return path.name

    def already_sent(self, reference: str) -> bool | None:
        return self._path(reference).exists()

    def close(self) -> None:
        pass


class ConsoleSMS:
    """Texts printed on standard output (the demo, like Django's console email backend)."""

    name = "sms-console"

    def __init__(self, stream: Any = None) -> None:
        self.stream = stream or sys.stdout

    def send(self, rendered: Rendered) -> str:
        self.stream.write(
            f"SMS to {rendered.to} [{rendered.reference}]\n{rendered.body}\n{'-' * 40}\n"
        )
        self.stream.flush()
        return rendered.reference

    def already_sent(self, reference: str) -> bool | None:
        return None

    def close(self) -> None:
        pass


def provider_for(channel: str) -> Provider:
    if channel == Channel.EMAIL:
        if settings.MESSAGING_EMAIL_BACKEND == "notify":
            return Notify(Channel.EMAIL)
        return DjangoEmail()
    backend = settings.MESSAGING_SMS_BACKEND
    if backend == "notify":
        return Notify(Channel.SMS)
    if backend == "console":
        return ConsoleSMS()
    return FileSMS()


class Providers:
    """One provider per channel, made when first needed and closed at the end of a run."""

    def __init__(self) -> None:
        self._made: dict[str, Provider] = {}

    def __getitem__(self, channel: str) -> Provider:
        if channel not in self._made:
            self._made[channel] = provider_for(channel)
        return self._made[channel]

    def close(self) -> None:
        for provider in self._made.values():
            provider.close()
        self._made.clear()

    def __enter__(self) -> Providers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

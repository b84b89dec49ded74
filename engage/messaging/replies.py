"""Replies to alerts, however they arrive (the web reply page, an email, a text): each becomes a
concern in the office's inbox, linked to the alert it answers. And "STOP" by text.

`record_reply` is the one way in (H5's web reply view calls it too); `receive_text` handles a text
Notify received, `reply_from_email` an email the mail server piped to `manage.py receive_email`.
"""

from __future__ import annotations

import datetime as dt
import re
from email import message_from_bytes
from email import policy as email_policy
from email.message import EmailMessage
from email.utils import getaddresses

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from engage.core.models import Office
from engage.engagements.models import Concern, ConcernSource, ConcernTheme
from engage.engagements.services.concerns import ensure_default_themes, record_concern
from engage.messaging import tokens
from engage.messaging.addresses import normalise_phone
from engage.messaging.models import (
    Channel,
    ConsentPurpose,
    Language,
    Message,
    MessageKind,
    MessageStatus,
    Subscriber,
)
from engage.messaging.rendering import message_pk_from_reply_address

# The theme a reply gets until staff choose a better one.
REPLY_THEME = "Other"
MAX_SUMMARY = 2000


def reply_theme(office: Office) -> ConcernTheme:
    """The office's "Other" theme, or else its first theme in use (made if it has none)."""
    themes = ConcernTheme.objects.for_office(office).filter(is_active=True)
    theme = themes.filter(name=REPLY_THEME).first() or themes.order_by("name").first()
    if theme is None:
        ensure_default_themes(office)
        theme = ConcernTheme.objects.for_office(office).get(name=REPLY_THEME)
    return theme


@transaction.atomic
def record_reply(
    *,
    message: Message,
    text: str,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    wants_reply: bool = False,
    language: str = Language.ENGLISH,
) -> Concern:
    """Record a reply to the alert `message` carried, as a concern from an alert reply.

    The theme is the office's "Other" (staff re-theme it in the inbox); the area is the
    subscriber's when they chose exactly one. Contact details are kept only as given (the web
    form asks for consent; an email or a text gives none).

    Side effects: one Concern (with its history row), linked to the alert.
    """
    area = None
    if message.subscriber is not None:
        areas = list(message.subscriber.areas.all()[:2])
        if len(areas) == 1:
            area = areas[0]
    return record_concern(
        message.office,
        summary=(text or "").strip()[:MAX_SUMMARY],
        theme=reply_theme(message.office),
        source=ConcernSource.ALERT_REPLY,
        raised_on=timezone.localdate(),
        by=None,
        area=area,
        alert=message.alert,
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip(),
        contact_phone=contact_phone.strip(),
        wants_reply=wants_reply,
        language=Language.WELSH if (language or "").startswith("cy") else Language.ENGLISH,
    )


# Texts received by GOV.UK Notify (views/delivery.py notify_inbound).

# What people text to stop texts: the usual words, and Welsh "stopio" and "diwedd".
STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "END", "QUIT", "CANCEL", "STOPIO", "DIWEDD"}
SOURCE_SMS_STOP = "reply STOP by text"


def e164(number: str) -> str:
    """Notify's "447700900123" (or "07700 900123") as our "+447700900123"."""
    raw = (number or "").strip()
    try:
        return normalise_phone(raw if raw.startswith(("+", "0")) else f"+{raw}")
    except ValidationError:
        return "+" + re.sub(r"\D", "", raw)


def is_stop(text: str) -> bool:
    return re.sub(r"[^A-Za-z]", "", text or "").upper() in STOP_WORDS


@transaction.atomic
def receive_text(*, sender: str, text: str) -> str:
    """A text someone sent to our number: "stopped", "reply" (a concern) or "ignored".

    STOP (and its like): every office that texted this number stops: the subscriber leaves,
    the number is suppressed for alerts, and for notices too where the office sent it one.
    Anything else answers the latest alert texted to the number and becomes a reply concern,
    without the number (they did not ask to be contacted); from a number we never sent an alert
    it is ignored.
    """
    from engage.messaging import services  # subscribers' services import delivery, as we do

    address = e164(sender)
    if is_stop(text):
        sent = Message.objects.filter(channel=Channel.SMS, address=address)
        offices = set(sent.values_list("office_id", flat=True)) | set(
            Subscriber.objects.filter(address=address).values_list("office_id", flat=True)
        )
        for office in Office.objects.filter(pk__in=offices):
            for subscriber in Subscriber.objects.for_office(office).filter(address=address):
                services.leave(subscriber, source=SOURCE_SMS_STOP)
            services.suppress(office, address, ConsentPurpose.ALERTS, source=SOURCE_SMS_STOP)
            if sent.filter(office=office, kind=MessageKind.NOTICE).exists():
                services.suppress(office, address, ConsentPurpose.HEAR_BACK, source=SOURCE_SMS_STOP)
        return "stopped"
    message = latest_alert_to(address, Channel.SMS)
    if message is None or not (text or "").strip():
        return "ignored"
    record_reply(message=message, text=text, language=message.language)
    return "reply"


def latest_alert_to(address: str, channel: str) -> Message | None:
    return (
        Message.objects.filter(
            kind=MessageKind.ALERT,
            channel=channel,
            address=address,
            alert__isnull=False,
            status__in=[MessageStatus.SENT, MessageStatus.DELIVERED],
        )
        .select_related("office", "alert", "subscriber")
        .order_by("-sent_at", "-pk")
        .first()
    )


# Emails received by the mail server and piped to `manage.py receive_email`.

# A reply's quoted original starts at a line like "On 4 June 2026, Avonshire OPCC wrote:" or
# Outlook's "-----Original Message-----" / "From: …".
QUOTE_START = re.compile(
    r"^(On .{0,200}wrote:|Ar .{0,200}ysgrifennodd:|-{2,} ?Original Message ?-{2,}|From: .+)$",
    re.IGNORECASE | re.MULTILINE,
)
# The age a reply address stops working, like the web reply link's.
REPLY_MAX_AGE = dt.timedelta(seconds=tokens.MAX_AGE["reply"] or 0)


def message_for_email(mail: EmailMessage) -> Message | None:
    """The alert message an email answers: by the reply address it was sent to, else by the
    Message-ID it is in reply to. None if it answers nothing of ours (or too old a message)."""
    candidates: list[Message] = []
    addresses = []
    for header in ("Delivered-To", "X-Original-To", "To", "Cc", "Envelope-To"):
        addresses += [address for _name, address in getaddresses(mail.get_all(header) or [])]
    for address in addresses:
        pk = message_pk_from_reply_address(address)
        if pk is not None:
            candidates += Message.objects.filter(pk=pk, kind=MessageKind.ALERT)
            break
    if not candidates:
        referenced = " ".join(str(mail.get(h) or "") for h in ("In-Reply-To", "References"))
        ids = [ref.strip("<>") for ref in re.findall(r"<[^<>\s]+>", referenced)]
        if ids:
            candidates += Message.objects.filter(
                provider_ref__in=ids, kind=MessageKind.ALERT, channel=Channel.EMAIL
            ).order_by("-pk")[:1]
    if not candidates:
        return None
    message = (
        Message.objects.select_related("office", "alert", "subscriber")
        .filter(pk=candidates[0].pk, alert__isnull=False)
        .first()
    )
    if message is None:
        return None
    sent = message.sent_at or message.created_at
    if timezone.now() - sent > REPLY_MAX_AGE:
        return None
    return message


def email_text(mail: EmailMessage) -> str:
    """The words of a reply: its plain text (or its HTML without tags), without the quoted
    original and without the signature's "-- " and what follows."""
    part = mail.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    text = part.get_content() if hasattr(part, "get_content") else str(part.get_payload())
    if part.get_content_type() == "text/html":
        text = strip_tags(text)
    text = str(text).replace("\r\n", "\n")
    quote = QUOTE_START.search(text)
    if quote:
        text = text[: quote.start()]
    text = text.split("\n-- \n")[0]
    lines = [line for line in text.split("\n") if not line.startswith(">")]
    return "\n".join(lines).strip()


def reply_from_email(raw: bytes) -> Concern | None:
    """Record an emailed reply to an alert (the whole RFC 822 message). None if it answers no
    alert of ours or says nothing."""
    mail = message_from_bytes(raw, policy=email_policy.default)
    if not isinstance(mail, EmailMessage):
        return None
    message = message_for_email(mail)
    text = email_text(mail)
    if message is None or not text:
        return None
    return record_reply(message=message, text=text, language=message.language)

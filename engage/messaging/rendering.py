"""Writing a message at the moment it is sent, in the language of the person it goes to.

A `Message` row holds no text: `render(message)` writes its subject and body from the templates
`messaging/messages/<kind>_subject.txt`, `<kind>_email.txt` (and optionally `<kind>_email.html`)
and `<kind>_sms.txt`, inside `translation.override(message.language)`. The templates get:

    message, office, subscriber, alert, notice, decision, outcome, site_url,
    unsubscribe_url, manage_url, reply_url, confirm_url, public_url

(each absolute; those that do not apply are "" or None), and for a surgery booking's message
also booking, event ("booked", "changed" or "cancelled"), holder ("Helen Carter, Police and Crime
Commissioner"), booking_url (the link to change or cancel) and surgeries_url. Plain-text
templates are rendered without HTML escaping ("Fish & chips" stays as typed); the optional HTML
part is escaped as usual.

What rendering adds so no template can forget it:
- every email carries `List-Unsubscribe: <unsubscribe_url>` and
  `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058), and a Message-ID derived from the
  message's key (the same on a retry, so mail clients fold a duplicate away);
- an alert that invites replies has a Reply-To of `replies+<token>@…` when MESSAGING_REPLY_TO is
  set (the mail server pipes replies to `manage.py receive_email`);
- every SMS ends with a short unsubscribe link, or "Reply STOP" where Notify's inbound texts are
  set up (NOTIFY_INBOUND_SMS). Templates need not add either; if an SMS template already shows
  the link (or STOP), nothing is added.

A surgery booking's message is the one exception: it answers something the person just did and
subscribes them to nothing, so it has no unsubscribe link or header; its email carries the
booking as a calendar file (booking.ics: added, moved or removed in their calendar). GOV.UK
Notify's emails take no attachments: there the link's page offers the same file.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from engage.engagements.models import SurgeryBooking
from engage.engagements.queries import surgeries as surgery_queries
from engage.messaging import tokens
from engage.messaging.models import BOOKING_KEY, Channel, ConsentPurpose, Message, MessageKind

TEMPLATE = "messaging/messages/{kind}_{part}"
# Notify and most SMS gateways join up to 918 characters (6 parts); anything longer is cut.
SMS_MAX = 918
REPLY_SALT = "engage.messaging.reply-address"


@dataclass(frozen=True)
class Rendered:
    """A message ready for a provider: who to, what it says, and the headers it must carry."""

    channel: str
    to: str
    # The message's key: Notify's `reference`, so a provider can be asked "did this go?".
    reference: str
    subject: str
    body: str
    html: str = ""
    unsubscribe_url: str = ""
    message_id: str = ""
    reply_to: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    # (filename, content, MIME type): a booking's calendar file.
    attachments: tuple[tuple[str, bytes, str], ...] = ()


class RenderError(Exception):
    """The message cannot be written (a template or the record it describes is missing)."""


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def purpose_of(message: Message) -> str:
    """What an unsubscribe from this message stops: alerts, or notices about decisions."""
    return ConsentPurpose.HEAR_BACK if message.kind == MessageKind.NOTICE else ConsentPurpose.ALERTS


def unsubscribe_url(message: Message) -> str:
    """The one-click unsubscribe link for a message (H4's messaging:unsubscribe reads it)."""
    token = tokens.make(
        "unsubscribe",
        o=message.office_id,
        a=message.address,
        p=purpose_of(message),
        s=message.subscriber_id,
    )
    return absolute(reverse("messaging:unsubscribe", args=[token]))


def manage_url(message: Message) -> str:
    if not message.subscriber_id:
        return ""
    token = tokens.make("manage", s=message.subscriber_id)
    return absolute(reverse("messaging:manage", args=[message.office.slug, token]))


def confirm_url(message: Message) -> str:
    if message.kind != MessageKind.CONFIRM or not message.subscriber_id:
        return ""
    token = tokens.make("confirm", s=message.subscriber_id)
    return absolute(reverse("messaging:confirm", args=[message.office.slug, token]))


def reply_url(message: Message) -> str:
    if message.kind != MessageKind.ALERT or message.alert is None:
        return ""
    if not message.alert.accepts_replies:
        return ""
    return absolute(reverse("messaging:reply", args=[tokens.make("reply", m=message.pk)]))


def message_id(message: Message) -> str:
    """A Message-ID made from the key: the same however many times the message is tried."""
    digest = hashlib.sha256(message.key.encode()).hexdigest()[:32]
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<{digest}@{domain}>"


def _reply_signature(message_pk: int) -> str:
    # Hex, not base64: some mail servers change the case of the part before the @.
    return salted_hmac(REPLY_SALT, str(message_pk)).hexdigest()[:20]


def reply_address(message: Message) -> str:
    """replies+<id>-<signature>@domain, for an alert inviting replies; "" when not set up.

    Shorter than a `tokens` token because an address's part before the @ holds 64 characters.
    """
    if not settings.MESSAGING_REPLY_TO or not reply_url(message):
        return ""
    local, _at, domain = settings.MESSAGING_REPLY_TO.rpartition("@")
    return f"{local}+{message.pk}-{_reply_signature(message.pk)}@{domain}"


REPLY_ADDRESS = re.compile(r"\+(\d+)-([0-9a-f]{20})@", re.IGNORECASE)


def message_pk_from_reply_address(address: str) -> int | None:
    """The message a reply address was made for, or None if it is not one of ours."""
    match = REPLY_ADDRESS.search(address or "")
    if not match:
        return None
    pk = int(match.group(1))
    if not constant_time_compare(match.group(2).lower(), _reply_signature(pk)):
        return None
    return pk


def context_for(message: Message) -> dict[str, Any]:
    notice = message.notice
    decision = notice.decision if notice else None
    outcome = notice.outcome if notice else None
    public = decision or outcome
    booking = message.kind == MessageKind.BOOKING
    context = {
        "message": message,
        "office": message.office,
        "subscriber": message.subscriber,
        "alert": message.alert,
        "notice": notice,
        "decision": decision,
        "outcome": outcome,
        "site_url": settings.SITE_URL.rstrip("/"),
        "unsubscribe_url": "" if booking else unsubscribe_url(message),
        "manage_url": manage_url(message),
        "reply_url": reply_url(message),
        "confirm_url": confirm_url(message),
        "public_url": absolute(public.get_public_url()) if public is not None else "",
    }
    if booking:
        context.update(booking_context(message))
    return context


def booking_context(message: Message) -> dict[str, Any]:
    """The booking a booking message is about (read from its key) and its links."""
    match = BOOKING_KEY.fullmatch(message.key)
    if match is None:
        raise RenderError(f"Not a booking message's key: {message.key}")
    booking = (
        SurgeryBooking.objects.select_related("slot__session__held_by")
        .filter(pk=int(match[1]), office_id=message.office_id)
        .first()
    )
    if booking is None:
        raise RenderError(f"The booking of message {message.pk} no longer exists.")
    session = booking.slot.session
    slug = message.office.slug
    holder = surgery_queries.holder_names(message.office).get(session.held_by_id) or str(
        session.held_by
    )
    link = reverse(
        "engagements:public_booking", args=[slug, surgery_queries.booking_link_token(booking)]
    )
    return {
        "booking": booking,
        "event": match[2],
        "holder": holder,
        "booking_url": absolute(link),
        "surgeries_url": absolute(reverse("engagements:public_surgeries", args=[slug])),
        # GOV.UK Notify's emails take no attachments (see the module).
        "calendar_attached": message.channel == Channel.EMAIL
        and settings.MESSAGING_EMAIL_BACKEND != "notify",
    }


def _text(name: str, context: dict[str, Any]) -> str:
    # The backend template's underlying Template, rendered with escaping off: this is plain text.
    template = get_template(name).template  # type: ignore[attr-defined]
    return str(template.render(Context(context, autoescape=False)))


def sms_footer(context: dict[str, Any]) -> str:
    if settings.NOTIFY_INBOUND_SMS and settings.MESSAGING_SMS_BACKEND == "notify":
        return _("Reply STOP to stop these texts.")
    return _("Stop: %(url)s") % {"url": context["unsubscribe_url"]}


def render(message: Message) -> Rendered:
    """Write `message` in its language. Raises RenderError if it cannot be written."""
    try:
        with translation.override(message.language or settings.LANGUAGE_CODE):
            context = context_for(message)
            kind = message.kind
            if message.channel == Channel.SMS:
                body = _text(TEMPLATE.format(kind=kind, part="sms.txt"), context).strip()
                needs_footer = kind != MessageKind.BOOKING
                if needs_footer and context["unsubscribe_url"] not in body and "STOP" not in body:
                    body = f"{body}\n{sms_footer(context)}"
                return Rendered(
                    channel=Channel.SMS,
                    to=message.address,
                    reference=message.key,
                    subject="",
                    body=body[:SMS_MAX],
                    unsubscribe_url=context["unsubscribe_url"],
                )
            subject = " ".join(
                _text(TEMPLATE.format(kind=kind, part="subject.txt"), context).split()
            )
            body = _text(TEMPLATE.format(kind=kind, part="email.txt"), context).strip() + "\n"
            try:
                html = get_template(TEMPLATE.format(kind=kind, part="email.html")).render(context)
            except TemplateDoesNotExist:
                html = ""
            attachments: tuple[tuple[str, bytes, str], ...] = ()
            if kind == MessageKind.BOOKING and context["calendar_attached"]:
                calendar = surgery_queries.booking_calendar(
                    context["booking"],
                    holder=context["holder"],
                    url=context["booking_url"],
                    cancelled=context["event"] == "cancelled",
                )
                attachments = (("booking.ics", calendar, "text/calendar"),)
    except RenderError:
        raise
    except Exception as error:  # a missing template, a deleted decision: say which
        raise RenderError(
            f"Could not write the message: {type(error).__name__}: {error}"
        ) from error
    unsubscribe = context["unsubscribe_url"]
    if not unsubscribe:  # a booking's message (see the module)
        return Rendered(
            channel=Channel.EMAIL,
            to=message.address,
            reference=message.key,
            subject=subject,
            body=body,
            html=html,
            message_id=message_id(message),
            attachments=attachments,
        )
    return Rendered(
        channel=Channel.EMAIL,
        to=message.address,
        reference=message.key,
        subject=subject,
        body=body,
        html=html,
        unsubscribe_url=unsubscribe,
        message_id=message_id(message),
        reply_to=reply_address(message),
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )

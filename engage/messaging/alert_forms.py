"""Forms for alerts: writing one, sending or scheduling it, checking who it reaches, and the
public form to reply to one. Each error says what to type or choose."""

from __future__ import annotations

import datetime as dt
from typing import Any

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engage.core.bilingual import bilingual
from engage.core.forms import date_field, time_field
from engage.core.models import Office
from engage.core.public_forms import PublicForm
from engage.messaging.addresses import normalise_email
from engage.messaging.alerts import SMS_LIMIT, TEXT_FIELDS
from engage.messaging.models import AlertKind, Topic, topics_mask, topics_of
from engage.places.models import Area, AreaKind

KIND_CHOICES = [
    (AlertKind.APPEAL.value, _("Appeal for information")),
    (AlertKind.ALERT.value, _("Alert or warning")),
    (AlertKind.NEWS.value, _("News, a consultation or a meeting")),
]
# How far ahead an alert can be scheduled: further than this is a typo in the year.
MAX_AHEAD = dt.timedelta(days=366)
REPLY_MAX = 2000


def area_choices(office: Office) -> list[tuple[str, str]]:
    """Every area of the office, each under the one containing it: "Rugby › Bilton"."""
    areas = list(Area.objects.for_office(office).only("pk", "name", "name_cy", "parent_id", "kind"))
    children: dict[int | None, list[Area]] = {}
    for area in areas:
        children.setdefault(area.parent_id, []).append(area)
    known = {a.pk for a in areas}
    roots = [a for a in areas if a.parent_id is None or a.parent_id not in known]
    choices: list[tuple[str, str]] = []

    def walk(area: Area, path: list[str]) -> None:
        name = bilingual(area, "name")
        if area.kind == AreaKind.FORCE_AREA:
            label = str(_("%(name)s (the whole force area)") % {"name": name})
            here: list[str] = []
        else:
            label = " › ".join([*path, name])
            here = [*path, name]
        choices.append((str(area.pk), label))
        for child in sorted(children.get(area.pk, []), key=lambda a: a.name):
            walk(child, here)

    order = {AreaKind.COUNTRY: 0, AreaKind.FORCE_AREA: 1, AreaKind.DISTRICT: 2}
    for root in sorted(roots, key=lambda a: (order.get(AreaKind(a.kind), 3), a.name)):
        walk(root, [])
    return choices


class AreasAndTopicsMixin(forms.Form):
    """Who an alert is for: areas and topics, as staff choose them and as the count reads them."""

    areas = forms.MultipleChoiceField(
        label=_("Areas"),
        help_text=_(
            "It goes to people who chose one of these areas, a larger area containing one, or "
            "an area inside one."
        ),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one area"),
            "invalid_choice": _("Choose areas from the list"),
        },
    )
    topics = forms.TypedMultipleChoiceField(
        label=_("Topics"),
        help_text=_("It goes to people who chose at least one of these topics."),
        choices=Topic.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one topic"),
            "invalid_choice": _("Choose topics from the list"),
        },
    )

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.office = office
        areas = self.fields["areas"]
        assert isinstance(areas, forms.MultipleChoiceField)
        areas.choices = area_choices(office)

    def clean_areas(self) -> list[Area]:
        ids = [int(pk) for pk in self.cleaned_data["areas"]]
        return list(Area.objects.for_office(self.office).filter(pk__in=ids))

    def clean_topics(self) -> int:
        return topics_mask(self.cleaned_data["topics"])


class AlertForm(AreasAndTopicsMixin):
    kind = forms.ChoiceField(
        label=_("What kind of message is it?"),
        choices=KIND_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether this is an appeal, an alert or news")},
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=120,
        help_text=_(
            "The email's subject. Say what it is about, like “Do you have CCTV on Abbey Street?”"
        ),
        error_messages={
            "required": _("Enter a title"),
            "max_length": _("Make the title 120 characters or fewer"),
        },
    )
    title_cy = forms.CharField(
        label=_("Title in Welsh"),
        max_length=120,
        required=False,
        error_messages={"max_length": _("Make the Welsh title 120 characters or fewer")},
    )
    body = forms.CharField(
        label=_("Message"),
        max_length=3000,
        widget=forms.Textarea,
        help_text=_("Plain words, short paragraphs. Leave a blank line between paragraphs."),
        error_messages={
            "required": _("Enter the message"),
            "max_length": _("Make the message 3,000 characters or fewer"),
        },
    )
    body_cy = forms.CharField(
        label=_("Message in Welsh"),
        max_length=3000,
        widget=forms.Textarea,
        required=False,
        error_messages={"max_length": _("Make the Welsh message 3,000 characters or fewer")},
    )
    sms_text = forms.CharField(
        label=_("Text message"),
        max_length=SMS_LIMIT,
        widget=forms.Textarea,
        help_text=_(
            "People who chose text messages get only this, with a link to reply and one to stop. "
            "Up to 306 characters (two texts)."
        ),
        error_messages={
            "required": _("Enter the text message: people who chose texts get only this"),
            "max_length": _("Make the text message 306 characters or fewer (two texts)"),
        },
    )
    sms_text_cy = forms.CharField(
        label=_("Text message in Welsh"),
        max_length=SMS_LIMIT,
        widget=forms.Textarea,
        required=False,
        error_messages={
            "max_length": _("Make the Welsh text message 306 characters or fewer (two texts)"),
        },
    )
    accepts_replies = forms.BooleanField(
        label=_("Invite replies"),
        required=False,
        help_text=_(
            "Each message has a link to reply. Replies arrive in the concerns inbox, linked to "
            "this alert."
        ),
    )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "areas": data["areas"],
            "topics": data["topics"],
            "accepts_replies": data["accepts_replies"],
            **{name: data[name].strip() for name in TEXT_FIELDS},
        }


def initial_for_alert(alert: Any) -> dict[str, Any]:
    return {
        **{name: getattr(alert, name) for name in TEXT_FIELDS},
        "areas": [str(pk) for pk in alert.areas.values_list("pk", flat=True)],
        "topics": [str(t.value) for t in topics_of(alert.topics)],
        "accepts_replies": alert.accepts_replies,
    }


class CountForm(AreasAndTopicsMixin):
    """Areas and topics only: how many would an alert to them reach?"""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["areas"].required = False
        self.fields["topics"].required = False


class SendForm(forms.Form):
    when = forms.ChoiceField(
        label=_("When should it be sent?"),
        choices=[("now", _("Now")), ("later", _("At a date and time"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether to send it now or at a date and time")},
    )
    send_on = date_field(_("Date"), required=False)
    send_time = time_field(_("Time"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("when") != "later":
            data["send_at"] = None
            return data
        day, time = data.get("send_on"), data.get("send_time")
        if day is None and "send_on" not in self.errors:
            self.add_error("send_on", _("Enter the date to send it, like 27 3 2026"))
        if time is None and "send_time" not in self.errors:
            self.add_error("send_time", _("Enter the time to send it, like 18:30"))
        if day is None or time is None:
            return data
        send_at = timezone.make_aware(dt.datetime.combine(day, time))
        now = timezone.now()
        if send_at <= now:
            self.add_error("send_on", _("Choose a date and time in the future, or send it now"))
        elif send_at - now > MAX_AHEAD:
            self.add_error("send_on", _("Choose a date within the next year"))
        data["send_at"] = send_at
        return data


# -- the public reply --------------------------------------------------------------------------


def normalise_any_uk_phone(text: str) -> str:
    """A UK phone number (mobile or landline) in E.164, or ValidationError saying what to type."""
    invalid = ValidationError(
        _("Enter a UK phone number, like 07700 900123 or 01632 960001"), code="invalid"
    )
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        raise invalid from None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    # Ofcom's drama ranges (07700 900xxx, 01632 960xxx) are the examples we show: accept them.
    drama = e164.startswith(("+447700900", "+441632960"))
    if number.country_code != 44 or not (drama or phonenumbers.is_valid_number(number)):
        raise invalid
    return e164


class ReplyForm(PublicForm):
    text = forms.CharField(
        label=_("What do you want to tell us?"),
        max_length=REPLY_MAX,
        widget=forms.Textarea,
        help_text=_(
            "You do not need to give your name. Please do not include other people's personal "
            "details."
        ),
        error_messages={
            "required": _("Enter what you want to tell us"),
            "max_length": _("Make it 2,000 characters or fewer"),
        },
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        required=False,
        error_messages={"max_length": _("Make your name 120 characters or fewer")},
    )
    email = forms.CharField(
        label=_("Your email address"),
        max_length=254,
        required=False,
        error_messages={"max_length": _("Make your email address 254 characters or fewer")},
    )
    phone = forms.CharField(
        label=_("Your phone number"),
        max_length=40,
        required=False,
        error_messages={"max_length": _("Enter a UK phone number, like 07700 900123")},
    )
    consent = forms.BooleanField(
        label=_("I agree to be contacted about this"),
        required=False,
        help_text=_(
            "Only about what you tell us here. We will not add you to any list or share your "
            "details with anyone else."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update(autocomplete="email", inputmode="email")
        self.fields["email"].widget.input_type = "email"
        self.fields["phone"].widget.attrs.update(autocomplete="tel")
        self.fields["phone"].widget.input_type = "tel"
        self.fields["name"].widget.attrs.update(autocomplete="name")

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError(_("Enter what you want to tell us"))
        return text

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        return normalise_email(email) if email else ""

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        return normalise_any_uk_phone(phone) if phone else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        has_contact = bool(data.get("email") or data.get("phone"))
        given = has_contact or bool((data.get("name") or "").strip())
        contact_errors = self.has_error("email") or self.has_error("phone")
        if data.get("consent") and not has_contact and not contact_errors:
            self.add_error(
                "email",
                _(
                    "Enter an email address or phone number so we can contact you, or untick "
                    "the box"
                ),
            )
        if given and not data.get("consent"):
            # Contact details are kept only with consent: nothing is dropped without saying so.
            self.add_error(
                "consent",
                _(
                    "Tick the box to agree to be contacted, or remove your name, email address "
                    "and phone number"
                ),
            )
        return data

"""What residents type on the public site: booking a surgery slot, moving or cancelling it, and
contacting the Commissioner. Each error says what to type or choose; nothing typed is lost.

Addresses go through `engage.messaging.addresses`, so an email is kept in lower case and a mobile
as +447700900123, as everywhere else.
"""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from engage.core.models import Office
from engage.core.public_forms import PublicForm
from engage.engagements.models import (
    LIVE_STATUSES,
    ConcernTheme,
    SurgeryBooking,
    SurgerySession,
    SurgerySlot,
)
from engage.engagements.queries.concerns import active_themes
from engage.engagements.queries.surgeries import bookable_slots
from engage.engagements.services.concerns import OTHER_THEME, fallback_theme
from engage.engagements.services.surgeries import SurgeryError, check_bookable
from engage.messaging.addresses import normalise_email, normalise_phone
from engage.places.models import Area, AreaKind

TAKEN = _("That slot has just been taken, choose another")
MESSAGE_MAX = 2000
# "Something else" on the contact form: the office's "Other" theme.
SOMETHING_ELSE = "other"


class TelInput(forms.TextInput):
    input_type = "tel"


def _email_input() -> forms.EmailInput:
    return forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"})


def _tel_input() -> TelInput:
    return TelInput(attrs={"autocomplete": "tel", "inputmode": "tel"})


class InPageOrder:
    """Errors in the order of the page (clean() adds some after the others), so that the error
    summary reads top to bottom."""

    fields: dict[str, forms.Field]

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        errors = self.errors  # type: ignore[attr-defined]
        if errors:
            order = {name: n for n, name in enumerate([NON_FIELD_ERRORS, *self.fields])}
            self._errors = ErrorDict(
                sorted(errors.items(), key=lambda item: order.get(item[0], len(order))),
                renderer=self.renderer,  # type: ignore[attr-defined]
            )


def _email(text: str) -> str:
    text = (text or "").strip()
    return normalise_email(text) if text else ""


def _mobile(text: str) -> str:
    text = (text or "").strip()
    return normalise_phone(text) if text else ""


class PublicBookingForm(InPageOrder, PublicForm):
    """Book a slot at one surgery: the least that works."""

    slot = forms.ModelChoiceField(
        label=_("Choose a time"),
        queryset=SurgerySlot.objects.none(),
        error_messages={"required": _("Choose a time for your meeting"), "invalid_choice": TAKEN},
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={
            "required": _("Enter your name"),
            "max_length": _("Enter a name of 120 characters or fewer"),
        },
    )
    email = forms.CharField(
        label=_("Email address"),
        required=False,
        max_length=254,
        widget=_email_input(),
        error_messages={"max_length": _("Enter an email address of 254 characters or fewer")},
    )
    phone = forms.CharField(
        label=_("UK mobile number"),
        help_text=_("Like 07700 900123. We send a text if you give no email address."),
        required=False,
        max_length=40,
        widget=_tel_input(),
        error_messages={"max_length": _("Enter a UK mobile number, like 07700 900123")},
    )
    topic = forms.CharField(
        label=_("What would you like to talk about?"),
        help_text=_(
            "A few words, like “speeding on my road”. Do not give details or anything personal "
            "here: you can tell the Commissioner in person."
        ),
        max_length=300,
        error_messages={
            "required": _("Say in a few words what you would like to talk about"),
            "max_length": _(
                "Keep it to 300 characters or fewer: you can give the details in person"
            ),
        },
    )
    wants_outcome = forms.BooleanField(
        label=_("Yes, tell me what came of it"),
        required=False,
        help_text=_(
            "We will let you know, by email or text message, when a decision that your meeting "
            "informed is published."
        ),
    )

    def __init__(self, *args: Any, session: SurgerySession, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session = session
        # Any slot of this surgery is accepted here, so that one just taken or just started
        # is refused with the reason (clean_slot) rather than as "not a choice".
        self.fields["slot"].queryset = session.slots.select_related("session")  # type: ignore[attr-defined]

    def clean_slot(self) -> SurgerySlot:
        slot: SurgerySlot = self.cleaned_data["slot"]
        try:
            check_bookable(slot)
        except SurgeryError as error:
            raise ValidationError(str(error)) from None
        if SurgeryBooking.objects.filter(slot=slot, status__in=LIVE_STATUSES).exists():
            raise ValidationError(TAKEN)
        return slot

    def clean_email(self) -> str:
        return _email(self.cleaned_data["email"])

    def clean_phone(self) -> str:
        return _mobile(self.cleaned_data["phone"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        either = ("email" in self.errors or "phone" in self.errors) or (
            data.get("email") or data.get("phone")
        )
        if not either:
            self.add_error(
                "email",
                _(
                    "Enter an email address or a UK mobile number, so that we can send you "
                    "your booking"
                ),
            )
        return data

    def draft(self) -> dict[str, Any]:
        """What to keep in the visitor's session until they confirm, with the booking's key."""
        data = self.cleaned_data
        return {
            "session": self.session.pk,
            "slot": data["slot"].pk,
            "name": data["name"],
            "email": data["email"],
            "phone": data["phone"],
            "topic": data["topic"],
            "wants_outcome": data["wants_outcome"],
            "started": self.data.get("started", ""),
            "key": secrets.token_urlsafe(32),
        }

    @staticmethod
    def data_from(draft: dict[str, Any]) -> dict[str, Any]:
        """A draft as the form's data again, to show it for changing."""
        data = {k: draft.get(k, "") for k in ("slot", "name", "email", "phone", "topic")}
        data["started"] = draft.get("started", "")
        if draft.get("wants_outcome"):
            data["wants_outcome"] = "on"
        return data


class ChangeBookingForm(forms.Form):
    """Move a booking to another free slot of any upcoming surgery."""

    slot = forms.ModelChoiceField(
        label=_("Choose a new time"),
        queryset=SurgerySlot.objects.none(),
        error_messages={"required": _("Choose a new time"), "invalid_choice": TAKEN},
    )

    def __init__(self, *args: Any, booking: SurgeryBooking, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.booking = booking
        self.fields["slot"].queryset = SurgerySlot.objects.filter(  # type: ignore[attr-defined]
            office_id=booking.office_id
        ).select_related("session")

    def clean_slot(self) -> SurgerySlot:
        slot: SurgerySlot = self.cleaned_data["slot"]
        if slot.pk == self.booking.slot_id:
            raise ValidationError(_("That is the time you have already: choose another"))
        try:
            check_bookable(slot)
        except SurgeryError as error:
            raise ValidationError(str(error)) from None
        if SurgeryBooking.objects.filter(slot=slot, status__in=LIVE_STATUSES).exists():
            raise ValidationError(TAKEN)
        return slot

    def choices_by_surgery(self) -> list[tuple[SurgerySession, list[SurgerySlot]]]:
        """The free slots of every upcoming surgery, grouped by surgery, soonest first."""
        groups: dict[int, tuple[SurgerySession, list[SurgerySlot]]] = {}
        for slot in bookable_slots(self.booking.office):
            if slot.pk == self.booking.slot_id:
                continue
            groups.setdefault(slot.session_id, (slot.session, []))[1].append(slot)
        return list(groups.values())


class AreaField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        if obj.kind == AreaKind.DISTRICT:
            return str(_("All of %(district)s") % {"district": obj.name})
        return f"{obj.name} ({obj.parent.name})" if obj.parent_id else str(obj.name)


def contact_areas(office: Office) -> Any:
    """Districts first, then the forum areas, by name."""
    return (
        Area.objects.for_office(office)
        .filter(kind__in=[AreaKind.DISTRICT, AreaKind.FORUM_AREA])
        .select_related("parent")
        .order_by("kind", "name")
    )


class ContactForm(InPageOrder, PublicForm):
    """Write to the Commissioner: what about, the message, where, and (only if they want to hear
    back) who they are and how to reach them."""

    theme = forms.ChoiceField(
        label=_("What is it about?"),
        widget=forms.RadioSelect,
        choices=[],
        error_messages={
            "required": _("Choose what it is about"),
            "invalid_choice": _("Choose what it is about from the list"),
        },
    )
    message = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea,
        max_length=MESSAGE_MAX,
        help_text=_(
            "Say what is happening and where. Leave out other people's names and anything "
            "that would identify them."
        ),
        error_messages={
            "required": _("Write your message"),
            "max_length": _(
                "Your message must be 2,000 characters or fewer: it has %(show_value)s"
            ),
        },
    )
    area = AreaField(
        label=_("Which area is it about?"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("Not one area, or not sure"),
        error_messages={"invalid_choice": _("Choose an area from the list")},
    )
    wants_reply = forms.BooleanField(
        label=_("Yes, I would like to hear back"),
        required=False,
        help_text=_(
            "We will reply, or tell you what came of it, by email or text message. Leave this "
            "empty to write without giving your details."
        ),
    )
    contact_name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"max_length": _("Enter a name of 120 characters or fewer")},
    )
    contact_email = forms.CharField(
        label=_("Email address"),
        max_length=254,
        required=False,
        widget=_email_input(),
        error_messages={"max_length": _("Enter an email address of 254 characters or fewer")},
    )
    contact_phone = forms.CharField(
        label=_("UK mobile number"),
        help_text=_("Like 07700 900123."),
        max_length=40,
        required=False,
        widget=_tel_input(),
        error_messages={"max_length": _("Enter a UK mobile number, like 07700 900123")},
    )

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.office = office
        themes = [t for t in active_themes(office) if t.name != OTHER_THEME]
        self.themes = {str(t.pk): t for t in themes}
        self.fields["theme"].choices = [  # type: ignore[attr-defined]
            *((str(t.pk), t.name) for t in themes),
            (SOMETHING_ELSE, _("Something else")),
        ]
        self.fields["area"].queryset = contact_areas(office)  # type: ignore[attr-defined]

    def clean_theme(self) -> ConcernTheme:
        chosen = self.cleaned_data["theme"]
        if chosen == SOMETHING_ELSE:
            return fallback_theme(self.office)
        return self.themes[chosen]

    def clean_message(self) -> str:
        return str(self.cleaned_data["message"]).strip()

    def clean_contact_email(self) -> str:
        return _email(self.cleaned_data["contact_email"])

    def clean_contact_phone(self) -> str:
        return _mobile(self.cleaned_data["contact_phone"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        address_error = "contact_email" in self.errors or "contact_phone" in self.errors
        details = data.get("contact_name") or data.get("contact_email") or data.get("contact_phone")
        if data.get("wants_reply"):
            if not (data.get("contact_email") or data.get("contact_phone") or address_error):
                self.add_error(
                    "contact_email",
                    _("To hear back, enter your email address or a UK mobile number"),
                )
        elif details or address_error:
            self.add_error(
                "wants_reply",
                _(
                    "Tick “Yes, I would like to hear back” if you want a reply, or leave out "
                    "your details: we keep them only if you want to hear back"
                ),
            )
        return data

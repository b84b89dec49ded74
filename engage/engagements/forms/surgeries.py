"""Input for surgeries: every check on what staff type about sessions, bookings and cases."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from engage.accounts.models import User
from engage.accounts.queries import staff_of
from engage.core.forms import date_field, time_field
from engage.core.models import Office
from engage.engagements.forms.concerns import REPLY_LANGUAGES
from engage.engagements.models import BookingStatus, ConcernTheme, SurgerySession, SurgerySlot
from engage.engagements.queries.surgeries import free_slots, officers_of
from engage.engagements.services.surgeries import HOLDING_POSTS, SurgeryError, check_times
from engage.meetings.services import local_datetime
from engage.messaging.addresses import normalise_phone
from engage.places.models import Area

if TYPE_CHECKING:
    pass


class SessionForm(forms.Form):
    date = date_field(_("Date"))
    start_time = time_field(_("Start time"))
    end_time = time_field(_("End time"))
    location = forms.CharField(
        label=_("Place"),
        max_length=300,
        help_text=_("For example, Leamington Library, Avenue Road."),
        error_messages={"required": _("Enter where the surgery is held")},
    )
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.none(), required=False, empty_label=_("No area")
    )
    held_by = forms.ModelChoiceField(
        label=_("Held by"),
        queryset=User.objects.none(),
        empty_label=_("Choose the Commissioner or the Deputy"),
        error_messages={
            "required": _("Choose who holds the surgery"),
            "invalid_choice": _("Surgeries are held by the Commissioner or the Deputy"),
        },
    )
    slot_minutes = forms.IntegerField(
        label=_("Length of each slot, in minutes"),
        initial=15,
        error_messages={
            "required": _("Enter the length of each slot"),
            "invalid": _("Enter the slot length as a number of minutes, like 15"),
        },
    )
    notes = forms.CharField(
        label=_("Notes for staff"), widget=forms.Textarea, required=False, max_length=2000
    )

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.office = office
        self.fields["area"].queryset = Area.objects.filter(office=office).order_by("name")  # type: ignore[attr-defined]
        self.fields["held_by"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            memberships__office=office,
            memberships__is_active=True,
            memberships__post__in=HOLDING_POSTS,
        ).order_by("first_name", "last_name")
        self.fields["slot_minutes"].widget.attrs["inputmode"] = "numeric"

    def datetimes(self) -> tuple[dt.datetime, dt.datetime]:
        day = self.cleaned_data["date"]
        return (
            local_datetime(day, self.cleaned_data["start_time"]),
            local_datetime(day, self.cleaned_data["end_time"]),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The choice of who holds it is checked by the field (Commissioner or Deputy only).
        if any(data.get(name) is None for name in ("date", "start_time", "end_time")):
            return data
        starts, ends = self.datetimes()
        try:
            check_times(starts, ends, data.get("slot_minutes") or 15)
        except SurgeryError as error:
            if data.get("slot_minutes") is not None or error.field != "slot_minutes":
                self.add_error(error.field or None, str(error))
        return data


class SlotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        start = timezone.localtime(obj.starts_at)
        return f"{start:%H:%M}–{timezone.localtime(obj.ends_at):%H:%M}"


class BookingForm(forms.Form):
    """A booking taken by staff (on the phone, say): the least personal data that works."""

    slot = SlotChoiceField(
        label=_("Slot"),
        queryset=SurgerySlot.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose a slot"),
            "invalid_choice": _("That slot has just been taken, choose another"),
        },
    )
    name = forms.CharField(
        label=_("Name"), max_length=120, error_messages={"required": _("Enter the person’s name")}
    )
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        help_text=_("Give an email address or a phone number, or both."),
        error_messages={"invalid": _("Enter an email address like name@example.com")},
    )
    phone = forms.CharField(label=_("Phone number"), max_length=40, required=False)
    topic = forms.CharField(
        label=_("What it is about"),
        max_length=300,
        help_text=_("A few words, not the details: those go in the confidential case notes."),
        error_messages={"required": _("Say in a few words what it is about")},
    )
    wants_outcome = forms.BooleanField(
        label=_("They agreed to hear what came of it"),
        required=False,
        help_text=_(
            "Tick only if they said yes. They will be told, by email or text message, when a "
            "decision their case fed is published."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language to tell them in"),
        widget=forms.RadioSelect,
        choices=REPLY_LANGUAGES,
        initial="en-gb",
        required=False,
    )

    def __init__(self, *args: Any, session: SurgerySession, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = free_slots(session)  # type: ignore[attr-defined]
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        self.fields["phone"].widget.attrs["inputmode"] = "tel"

    def clean_phone(self) -> str:
        phone = str(self.cleaned_data["phone"]).strip()
        if phone and sum(ch.isdigit() for ch in phone) < 6:
            raise forms.ValidationError(_("Enter a phone number, like 01926 123456"))
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["language"] = data.get("language") or "en-gb"
        if not data.get("email") and not data.get("phone") and "email" not in self.errors:
            self.add_error("email", _("Give an email address or a phone number, or both"))
        elif data.get("wants_outcome") and not data.get("email") and data.get("phone"):
            # They are told by text message, which reaches a mobile only.
            try:
                normalise_phone(data["phone"])
            except forms.ValidationError:
                self.add_error(
                    "phone",
                    _(
                        "To tell them what came of it by text message, give a UK mobile number, "
                        "like 07700 900123, or give their email address"
                    ),
                )
        return data


class CaseStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=BookingStatus.choices)
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=ConcernTheme.objects.none(),
        required=False,
        empty_label=_("Not themed yet"),
        help_text=_("Used only in anonymised counts."),
    )
    close_anyway = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = ConcernTheme.objects.for_office(office).filter(  # type: ignore[attr-defined]
            is_active=True
        )


class OfficerForm(forms.Form):
    assigned_officer = forms.ModelChoiceField(
        label=_("Assigned officer"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody yet"),
        help_text=_("The assigned officer can read and add to the case notes."),
    )

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assigned_officer"].queryset = officers_of(office)  # type: ignore[attr-defined]


class CaseNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Add a case note"),
        widget=forms.Textarea,
        max_length=20000,
        error_messages={"required": _("Write the note")},
    )


class CaseActionForm(forms.Form):
    description = forms.CharField(
        label=_("Follow-up action"),
        widget=forms.Textarea,
        max_length=2000,
        help_text=_("Everyone who works on surgeries sees actions: keep the details in the notes."),
        error_messages={"required": _("Describe the action")},
    )
    owner = forms.ModelChoiceField(
        label=_("Owner in the OPCC"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody in the OPCC"),
    )
    owner_name = forms.CharField(
        label=_("Or an owner outside the OPCC"), max_length=200, required=False
    )
    due_on = date_field(_("Due date"), required=False)

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_of(office)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("owner") and not (data.get("owner_name") or "").strip():
            self.add_error("owner", _("Choose an owner in the OPCC, or name one outside it"))
        return data


class CancelSessionForm(forms.Form):
    reason = forms.CharField(label=_("Why is it cancelled?"), max_length=200, required=False)


class PeriodForm(forms.Form):
    """The period of the anonymised report: the last 12 months unless chosen."""

    start = date_field(_("From"), required=False)
    end = date_field(_("To"), required=False)

    def period(self) -> tuple[dt.date, dt.date]:
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        end = data.get("end") or today
        start = data.get("start") or (end - relativedelta(years=1) + dt.timedelta(days=1))
        return start, end

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error(
                "end",
                _("The end must be on or after %(start)s") % {"start": date_format(start, "j F Y")},
            )
        return data

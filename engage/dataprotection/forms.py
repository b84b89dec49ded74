"""Finding a person, recording their requests, and confirming an erasure."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from engage.accounts.models import User
from engage.accounts.queries import staff_of
from engage.core.forms import date_field
from engage.core.models import Office
from engage.dataprotection.models import RequestStatus, SubjectAccessRequest
from engage.dataprotection.subject_access import Person, phone_spellings


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.email


class FindPersonForm(forms.Form):
    """Who to look for: any of their email address, phone number and name."""

    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        error_messages={
            "invalid": _("Enter an email address in the correct format, like name@example.com")
        },
    )
    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=40,
        help_text=_("Any spelling: 07700 900123 and +44 7700 900123 find the same number."),
    )
    name = forms.CharField(
        label=_("Full name"),
        required=False,
        max_length=200,
        help_text=_("As they gave it: the name must match in full (in any case)."),
    )

    def clean_phone(self) -> str:
        phone = (self.cleaned_data.get("phone") or "").strip()
        if phone and not phone_spellings(phone):
            raise forms.ValidationError(_("Enter a phone number, like 07700 900123"))
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not any(data.get(k) for k in ("email", "phone", "name")):
            raise forms.ValidationError(_("Enter an email address, a phone number or a name"))
        return data

    @property
    def person(self) -> Person:
        return Person.of(**{k: self.cleaned_data.get(k) or "" for k in ("email", "phone", "name")})


class RequestForm(forms.ModelForm):
    """A subject access or erasure request as received."""

    received_on = date_field(_("Received on"))
    handled_by = StaffChoiceField(
        label=_("Handled by"), queryset=User.objects.none(), required=False, empty_label=_("Me")
    )

    class Meta:
        model = SubjectAccessRequest
        fields = [
            "kind",
            "requester_name",
            "email",
            "phone",
            "postal_address",
            "received_on",
            "handled_by",
            "notes",
        ]
        widgets = {"kind": forms.RadioSelect, "postal_address": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"requester_name": {"required": _("Enter their name")}}

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handled_by"].queryset = staff_of(office)  # type: ignore[attr-defined]
        self.fields["received_on"].help_text = _(
            "The day it reached the office, by any route: the month to answer runs from it."
        )

    def clean_phone(self) -> str:
        phone = (self.cleaned_data.get("phone") or "").strip()
        if phone and not phone_spellings(phone):
            raise forms.ValidationError(_("Enter a phone number, like 07700 900123"))
        return phone


class RequestStatusForm(forms.Form):
    """Where a request has got to."""

    status = forms.ChoiceField(
        label=_("Status"), choices=RequestStatus.choices, widget=forms.RadioSelect
    )
    completed_on = date_field(_("Completed on"), required=False)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 5}), required=False, max_length=5000
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].help_text = _(
            "Extended: the request is complex or one of many; the due date moves to three months after receipt. Tell them why within the first month."
        )
        self.fields["completed_on"].help_text = _("Leave empty for today.")


class EraseForm(forms.Form):
    """The confirmation before erasing."""

    confirm = forms.BooleanField(
        label=_(
            "I have checked these records are this person's, and the office has no reason to keep them"
        ),
        error_messages={"required": _("Confirm that you have checked the records")},
    )

"""Input for concerns, their themes and the complaint counts import: every check lives here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from engage.core.models import Office
from engage.engagements.models import ConcernSource, ConcernStatus, ConcernTheme
from engage.engagements.queries.concerns import ConcernFilters, active_themes
from engage.engagements.services.complaints import (
    MAX_BYTES,
    ComplaintFileError,
    decode_complaints,
)
from engage.meetings.forms import date_field
from engage.messaging.addresses import normalise_email, normalise_phone
from engage.places.models import Area, AreaKind

# Sources a person records by hand; the others arrive with their activity, report or surgery.
HAND_SOURCES = [ConcernSource.CORRESPONDENCE, ConcernSource.OTHER]
# The languages a reply can be sent in.
REPLY_LANGUAGES = [("en-gb", _("English")), ("cy", _("Welsh (Cymraeg)"))]


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        if obj.kind == AreaKind.FORUM_AREA:
            return f"{obj.name} ({_('forum area')})"
        if obj.kind == AreaKind.WARD:
            return f"{obj.name} ({_('ward')})"
        return str(obj.name)


def _area_queryset(office: Office) -> Any:
    return Area.objects.for_office(office).filter(
        kind__in=[AreaKind.DISTRICT, AreaKind.FORUM_AREA, AreaKind.WARD]
    )


class ConcernFilterForm(forms.Form):
    """The concerns list's filter panel. Every field is optional; a bad value is ignored."""

    theme = forms.ModelChoiceField(
        label=_("Theme"),
        required=False,
        queryset=ConcernTheme.objects.none(),
        empty_label=_("All themes"),
    )
    area = AreaChoiceField(
        label=_("Area"),
        required=False,
        queryset=Area.objects.none(),
        empty_label=_("All areas"),
        help_text=_("A district includes its forum areas."),
    )
    source = forms.ChoiceField(
        label=_("Source"), required=False, choices=[("", _("All sources")), *ConcernSource.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *ConcernStatus.choices]
    )
    date_from = date_field(_("Raised from"), required=False)
    date_to = date_field(_("Raised up to"), required=False)
    overdue = forms.BooleanField(label=_("Only concerns with overdue actions"), required=False)

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = ConcernTheme.objects.for_office(office)  # type: ignore[attr-defined]
        self.fields["area"].queryset = _area_queryset(office).order_by("kind", "name")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must be the same as or after the start"))
        return data

    def filters(self) -> ConcernFilters:
        """The filters to apply: the valid fields only, so one bad date does not empty the list."""
        if not self.is_bound:
            return ConcernFilters()
        self.is_valid()
        data = self.cleaned_data
        return ConcernFilters(
            theme=data.get("theme"),
            area=data.get("area"),
            source=data.get("source") or "",
            status=data.get("status") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            overdue=bool(data.get("overdue")),
        )


class ConcernForm(forms.Form):
    """A concern recorded by hand: a letter, an email, a phone call."""

    summary = forms.CharField(
        label=_("What was raised"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("In a sentence or two. Leave out names and contact details."),
        error_messages={"required": _("Enter what was raised")},
    )
    source = forms.ChoiceField(
        label=_("How it was raised"),
        widget=forms.RadioSelect,
        choices=[(s.value, s.label) for s in HAND_SOURCES],
        initial=ConcernSource.CORRESPONDENCE,
        error_messages={"required": _("Choose how it was raised")},
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=ConcernTheme.objects.none(),
        empty_label=_("Choose a theme"),
        error_messages={"required": _("Choose a theme")},
    )
    area = AreaChoiceField(
        label=_("Area"),
        required=False,
        queryset=Area.objects.none(),
        empty_label=_("Not known or force-wide"),
    )
    raised_on = date_field(_("Date raised"))
    people = forms.IntegerField(
        label=_("How many people raised it"),
        min_value=1,
        max_value=100000,
        initial=1,
        error_messages={
            "required": _("Enter how many people raised it"),
            "invalid": _("Enter how many people raised it as a whole number, like 3"),
            "min_value": _("Enter 1 or more people"),
            "max_value": _("Enter 100,000 people or fewer"),
        },
    )

    # Hearing back: contact details are kept only when the person agreed to be told.
    wants_reply = forms.BooleanField(
        label=_("They agreed to hear what came of it"),
        required=False,
        help_text=_(
            "Tick only if they said yes. They will be told, by email or text message, when a "
            "decision their concern fed is published. Without their agreement, keep no contact "
            "details."
        ),
    )
    contact_name = forms.CharField(
        label=_("Their name"),
        max_length=120,
        required=False,
        error_messages={"max_length": _("Enter a name of 120 characters or fewer")},
    )
    contact_email = forms.CharField(label=_("Their email address"), max_length=254, required=False)
    contact_phone = forms.CharField(
        label=_("Their mobile number"),
        max_length=40,
        required=False,
        help_text=_("For a text message, when they have no email address."),
    )
    language = forms.ChoiceField(
        label=_("Language to tell them in"),
        widget=forms.RadioSelect,
        choices=REPLY_LANGUAGES,
        initial="en-gb",
        required=False,
    )

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = active_themes(office)  # type: ignore[attr-defined]
        self.fields["area"].queryset = _area_queryset(office).order_by("kind", "name")  # type: ignore[attr-defined]
        self.fields["contact_email"].widget.attrs.update(autocomplete="off", inputmode="email")
        self.fields["contact_phone"].widget.attrs.update(autocomplete="off", inputmode="tel")

    def clean_contact_email(self) -> str:
        text = str(self.cleaned_data.get("contact_email") or "").strip()
        if not text:
            return ""
        try:
            return normalise_email(text)
        except ValidationError:
            raise ValidationError(
                _("Enter their email address in the correct format, like name@example.com")
            ) from None

    def clean_contact_phone(self) -> str:
        text = str(self.cleaned_data.get("contact_phone") or "").strip()
        return normalise_phone(text) if text else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["language"] = data.get("language") or "en-gb"
        details = [data.get(name) for name in ("contact_name", "contact_email", "contact_phone")]
        has_errors = "contact_email" in self.errors or "contact_phone" in self.errors
        if data.get("wants_reply"):
            if not data.get("contact_email") and not data.get("contact_phone") and not has_errors:
                self.add_error(
                    "contact_email",
                    _("To tell them what came of it, give their email address or mobile number"),
                )
        elif any(details) or has_errors:
            self.add_error(
                "wants_reply",
                _(
                    "Tick this if they agreed to hear what came of it, or leave out their "
                    "contact details: we keep them only with their agreement"
                ),
            )
        return data


class ConcernStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=ConcernStatus.choices,
        error_messages={"invalid_choice": _("Choose open, action agreed or closed")},
    )


def _clean_theme_name(form: forms.Form, office: Office, exclude: ConcernTheme | None) -> str:
    name = " ".join(str(form.cleaned_data.get("name", "")).split())
    taken = ConcernTheme.objects.for_office(office).filter(name__iexact=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise forms.ValidationError(
            _("There is already a theme called “%(name)s”. Choose another name, or merge them.")
            % {"name": name}
        )
    return name


class ThemeForm(forms.Form):
    name = forms.CharField(
        label=_("Theme name"),
        max_length=100,
        error_messages={"required": _("Enter the theme's name")},
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=300,
        required=False,
        help_text=_("What belongs under this theme, like “Speeding, parking, off-road bikes”."),
    )

    def __init__(
        self, *args: Any, office: Office, theme: ConcernTheme | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.office = office
        self.theme = theme

    def clean_name(self) -> str:
        return _clean_theme_name(self, self.office, self.theme)


class ThemeMergeForm(forms.Form):
    into = forms.ModelChoiceField(
        label=_("Merge it into"),
        queryset=ConcernTheme.objects.none(),
        empty_label=_("Choose a theme"),
        error_messages={"required": _("Choose the theme to merge it into")},
    )

    def __init__(self, *args: Any, theme: ConcernTheme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = (  # type: ignore[attr-defined]
            ConcernTheme.objects.filter(office_id=theme.office_id)
            .exclude(pk=theme.pk)
            .order_by("-is_active", "name")
        )


class ComplaintUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Complaint counts file (CSV)"),
        help_text=_("A CSV file saved as “CSV UTF-8”, at most 1 MB."),
        error_messages={
            "required": _("Choose the CSV file of complaint counts"),
            "empty": _("The file is empty."),
        },
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is bigger than 1 MB. Check it holds counts by month and theme only.")
            )
        data = upload.read()
        if not data.strip():
            raise forms.ValidationError(_("The file is empty."))
        try:
            decode_complaints(data)
        except ComplaintFileError as error:
            raise forms.ValidationError(str(error)) from error
        self.cleaned_data["data"] = data
        return upload

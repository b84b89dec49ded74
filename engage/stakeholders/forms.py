"""Input for partners: the list's filters, organisations, contacts, interactions, imports."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engage.accounts.models import User
from engage.accounts.queries import staff_of
from engage.core.models import Office
from engage.places.models import Area
from engage.stakeholders.models import Category, Contact, Interaction, InteractionKind, Organisation
from engage.stakeholders.queries import FOLLOW_UP_DUE, FOLLOW_UP_OPEN, FOLLOW_UP_OVERDUE
from engage.stakeholders.spreadsheets import MAX_BYTES

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%d %m %Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.email


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.email


def _areas(office: Office) -> Any:
    return Area.objects.for_office(office).order_by("name")


def _choose_from(form: forms.BaseForm, name: str, queryset: Any, empty_label: Any = None) -> None:
    """Limit a model choice field to the office's records (and set its blank option's text)."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset
    if empty_label is not None:
        field.empty_label = empty_label


class OrganisationFilterForm(forms.Form):
    """The list's search box and filter panel. Every field is optional."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        help_text=_("Names of organisations or contacts, or words in the notes"),
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All categories")), *Category.choices],
    )
    area = forms.ModelChoiceField(
        label=_("Area"), required=False, queryset=Area.objects.none(), empty_label=_("All areas")
    )
    relationship_owner = PersonChoiceField(
        label=_("Relationship owner"),
        required=False,
        queryset=User.objects.none(),
        empty_label=_("Anyone"),
    )
    follow_up = forms.ChoiceField(
        label=_("Follow-ups"),
        required=False,
        choices=[
            ("", _("Any")),
            (FOLLOW_UP_OPEN, _("Has open follow-ups")),
            (FOLLOW_UP_DUE, _("Follow-up due this week or overdue")),
            (FOLLOW_UP_OVERDUE, _("Follow-up overdue")),
        ],
    )

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose_from(self, "area", _areas(office))
        _choose_from(self, "relationship_owner", staff_of(office))


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        help_text=_("For example, https://www.example.org.uk"),
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "category",
            "area",
            "relationship_owner",
            "email",
            "phone",
            "website",
            "address",
            "notes",
        ]
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "address": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "relationship_owner": _("The person in the office who looks after this partner."),
        }
        field_classes = {"relationship_owner": PersonChoiceField}
        error_messages = {
            "name": {"required": _("Enter the organisation's name.")},
            "category": {"required": _("Choose a category.")},
        }

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.office = office
        _choose_from(self, "area", _areas(office), _("No particular area"))
        _choose_from(self, "relationship_owner", staff_of(office), _("No one yet"))
        category = self.fields["category"]
        assert isinstance(category, forms.ChoiceField)
        category.choices = [("", _("Choose a category")), *Category.choices]

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        others = Organisation.objects.for_office(self.office).filter(name__iexact=name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(
                _("There is already an organisation called “%(name)s”. Use a different name."),
                params={"name": name},
            )
        return name

    def clean_website(self) -> str:
        return self.cleaned_data["website"] or ""


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "role", "email", "phone"]
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        }
        help_texts = {"role": _("For example, Community Safety Manager")}
        error_messages = {"name": {"required": _("Enter the contact's name.")}}

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        others = Contact.objects.filter(organisation=self.organisation, name__iexact=name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(
                _("%(organisation)s already has a contact called “%(name)s”."),
                params={"organisation": self.organisation.name, "name": name},
            )
        return name


class InteractionForm(forms.ModelForm):
    date = forms.DateField(
        label=_("Date"),
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y"),
        help_text=_("For example, 27/3/2026"),
        error_messages={
            "required": _("Enter the date."),
            "invalid": _("Enter the date as day/month/year, like 27/3/2026"),
        },
    )
    kind = forms.ChoiceField(
        label=_("What kind of contact"),
        choices=InteractionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what kind of contact it was.")},
    )
    opcc_people = PeopleChoiceField(
        label=_("Who from the OPCC"),
        required=False,
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    follow_up_due = forms.DateField(
        label=_("Follow-up due"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y"),
        help_text=_("For example, 27/3/2026"),
        error_messages={"invalid": _("Enter the date as day/month/year, like 27/3/2026")},
    )

    class Meta:
        model = Interaction
        fields = ["date", "kind", "contact", "opcc_people", "summary", "follow_up", "follow_up_due"]
        labels = {"contact": _("Contact at the organisation"), "summary": _("What happened")}
        help_texts = {"follow_up": _("What the office needs to do next, if anything")}
        error_messages = {"summary": {"required": _("Say what happened.")}}

    def __init__(
        self, *args: Any, office: Office, organisation: Organisation, **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {}).setdefault("date", timezone.localdate())
        super().__init__(*args, **kwargs)
        contacts = Contact.objects.filter(organisation=organisation)
        _choose_from(self, "contact", contacts, _("No one in particular"))
        _choose_from(self, "opcc_people", staff_of(office))

    def clean_date(self) -> Any:
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("The date must be today or in the past."))
        return date

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        due = cleaned.get("follow_up_due")
        if due and not cleaned.get("follow_up", "").strip():
            self.add_error("follow_up", _("Say what needs to be done by the due date."))
        date = cleaned.get("date")
        if due and date and due < date:
            self.add_error("follow_up_due", _("The follow-up cannot be due before the date."))
        return cleaned


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Upload a file"),
        help_text=_("A .csv (saved as CSV UTF-8) or .xlsx file, up to 2 MB"),
        error_messages={"required": _("Choose a file to upload.")},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 2 MB. Split it into smaller files.")
            )
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(
                _("Upload a .csv or .xlsx file. Old Excel (.xls) files must be saved as .xlsx.")
            )
        return upload

"""Forms anyone may fill in to sign up for alerts, change them, or ask for a link to do so.

Each error says what to type or choose; a form sent back with an error keeps everything typed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from engage.core.bilingual import bilingual
from engage.core.models import Office
from engage.core.public_forms import PublicForm
from engage.messaging.addresses import channel_of, normalise, normalise_email, normalise_phone
from engage.messaging.models import ALL_TOPICS, Channel, Language, Topic, topics_mask, topics_of
from engage.places.models import Area, AreaKind

CHANNEL_CHOICES = [
    (Channel.EMAIL.value, _("Email")),
    (Channel.SMS.value, _("Text message to a mobile phone")),
]


def alert_areas(office: Office) -> QuerySet[Area]:
    """The areas people can choose: each district as a whole, then each community forum area."""
    return (
        Area.objects.for_office(office)
        .filter(kind__in=[AreaKind.DISTRICT, AreaKind.FORUM_AREA])
        .annotate(
            district_first=Case(
                When(kind=AreaKind.DISTRICT, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("district_first", "name")
    )


def area_label(area: Area) -> str:
    """A district means all of it: "All of Rugby"; a forum area is its name."""
    name = bilingual(area, "name")
    if area.kind == AreaKind.DISTRICT:
        return str(_("All of %(district)s") % {"district": name})
    return name


class AreaChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Area) -> str:  # type: ignore[override]
        return area_label(obj)


class ChoicesForm(PublicForm):
    """What to hear about and in which language: shared by sign-up and manage."""

    areas = AreaChoiceField(
        label=_("Which areas do you want to hear about?"),
        help_text=_("Choose a whole district, or the community forum areas you live or work in."),
        queryset=Area.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one area"),
            "invalid_choice": _("Choose areas from the list"),
            "invalid_pk_value": _("Choose areas from the list"),
        },
    )
    topics = forms.TypedMultipleChoiceField(
        label=_("What do you want to hear about?"),
        help_text=_("Choose all that interest you."),
        choices=Topic.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one topic"),
            "invalid_choice": _("Choose topics from the list"),
        },
    )
    language = forms.ChoiceField(
        label=_("Which language should we write to you in?"),
        choices=Language.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose English or Cymraeg")},
    )

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.office = office
        self.fields["areas"].queryset = alert_areas(office)  # type: ignore[attr-defined]

    def full_clean(self) -> None:
        super().full_clean()
        # Errors in the order of the page (clean() adds the address's error after the others),
        # so the error summary reads top to bottom.
        errors = self.errors  # set by full_clean() just now
        if errors:
            order = {name: n for n, name in enumerate([NON_FIELD_ERRORS, *self.fields])}
            self._errors = ErrorDict(
                sorted(errors.items(), key=lambda item: order.get(item[0], len(order))),
                renderer=self.renderer,
            )

    @property
    def topics_value(self) -> int:
        return topics_mask(self.cleaned_data["topics"])


class SubscribeForm(ChoicesForm):
    """Sign up: how to reach you, then what to hear about."""

    field_order = ["channel", "email", "phone", "areas", "topics", "language"]

    channel = forms.ChoiceField(
        label=_("How should we send you alerts?"),
        choices=CHANNEL_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose email or text message")},
    )
    # Both boxes are on the page (without JavaScript both show); only the chosen one is required.
    email = forms.CharField(
        label=_("Email address"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"max_length": _("Enter an email address of 254 characters or fewer")},
    )
    phone = forms.CharField(
        label=_("Mobile phone number"),
        help_text=_("A UK mobile number, like 07700 900123."),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        error_messages={"max_length": _("Enter a UK mobile number, like 07700 900123")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topics"].initial = [t.value for t in topics_of(ALL_TOPICS)]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        channel = data.get("channel")
        if channel == Channel.EMAIL:
            try:
                data["address"] = normalise_email(data.get("email", ""))
            except ValidationError as error:
                self.add_error("email", error)
        elif channel == Channel.SMS:
            try:
                data["address"] = normalise_phone(data.get("phone", ""))
            except ValidationError as error:
                self.add_error("phone", error)
        return data


class ManageForm(ChoicesForm):
    """Change what you hear about, or your language."""


class ManageRequestForm(PublicForm):
    """Ask for a link to manage a subscription: one box for an email address or a mobile."""

    address = forms.CharField(
        label=_("Your email address or mobile number"),
        help_text=_("The one you signed up with."),
        max_length=254,
        error_messages={
            "required": _(
                "Enter the email address or mobile number you signed up with, like "
                "name@example.com or 07700 900123"
            ),
            "max_length": _("Enter an email address of 254 characters or fewer"),
        },
        widget=forms.TextInput(attrs={"autocomplete": "email"}),
    )

    def clean_address(self) -> str:
        typed = self.cleaned_data["address"]
        return normalise(channel_of(typed), typed)


class SubscriberSearchForm(forms.Form):
    """Staff: find one subscriber by their exact email address or mobile number."""

    address = forms.CharField(
        label=_("Find a subscriber by email address or mobile number"),
        help_text=_("The whole address or number: we do not search for parts of one."),
        max_length=254,
        error_messages={
            "required": _("Enter an email address or a mobile number to find"),
            "max_length": _("Enter an email address of 254 characters or fewer"),
        },
    )

    def clean_address(self) -> str:
        typed = self.cleaned_data["address"]
        return normalise(channel_of(typed), typed)

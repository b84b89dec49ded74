"""Input for activities: quick entry, the list's filters, and the public feedback form."""

from __future__ import annotations

import time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engage.accounts.queries import staff_of
from engage.core.forms import date_field, time_field
from engage.core.models import Office
from engage.engagements.models import (
    Activity,
    ActivityType,
    Audience,
    ConcernTheme,
    Objective,
)
from engage.engagements.services.activities import RaisedConcern
from engage.meetings.services import local_datetime
from engage.places.models import Area, AreaKind
from engage.stakeholders.models import Organisation

if TYPE_CHECKING:
    pass

MAX_CONCERNS = 5
# The kinds of place an activity is put in: wards are too fine, the country too coarse.
ACTIVITY_AREA_KINDS = (AreaKind.FORCE_AREA, AreaKind.DISTRICT, AreaKind.FORUM_AREA)


class MoneyField(forms.DecimalField):
    """Pounds and pence; takes "£1,250.50" as people type it."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.replace("£", "").replace(",", "").strip()
        return super().to_python(value)  # type: ignore[return-value]


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        if obj.kind == AreaKind.FORUM_AREA:
            return str(_("%(name)s (forum area)") % {"name": obj.name})
        return str(obj.name)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.email


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.email


def activity_areas(office: Office) -> Any:
    """Districts first, then forum areas, each by name."""
    return (
        Area.objects.for_office(office)
        .filter(kind__in=ACTIVITY_AREA_KINDS)
        .order_by("kind", "name")
    )


AREA_ERRORS = {"invalid_choice": _("Choose an area from the list")}


class ActivityForm(forms.ModelForm):
    """Everything about an activity on one page. Audience counts come as `audience_<value>`."""

    date = date_field(_("Date"))
    time = time_field(_("Start time"))
    objectives = forms.MultipleChoiceField(
        label=_("What was it for?"),
        choices=Objective.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose objectives from the list")},
    )
    audiences = forms.MultipleChoiceField(
        label=_("Who did it reach?"),
        choices=Audience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose audiences from the list")},
    )
    people_reached = forms.IntegerField(
        label=_("Number of people"),
        required=False,
        min_value=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text=_("Everyone who took part, if you know."),
        error_messages={
            "invalid": _("Enter the number of people as a whole number, like 25"),
            "min_value": _("The number of people cannot be less than 0"),
        },
    )
    staff_hours = forms.DecimalField(
        label=_("Staff time (hours)"),
        required=False,
        min_value=Decimal("0"),
        max_digits=7,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("All OPCC staff together, including travel. For example, 2.5"),
        error_messages={
            "invalid": _("Enter staff time in hours, like 2.5"),
            "min_value": _("Staff time cannot be less than 0 hours"),
            "max_decimal_places": _("Enter staff time to at most 2 decimal places"),
            "max_digits": _("Enter staff time of fewer than 100,000 hours"),
            "max_whole_digits": _("Enter staff time of fewer than 100,000 hours"),
        },
    )
    cost = MoneyField(
        label=_("Cost (£)"),
        required=False,
        min_value=Decimal("0"),
        max_digits=10,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("Room hire, travel, materials. For example, 45.50"),
        error_messages={
            "invalid": _("Enter the cost in pounds, like 45.50"),
            "min_value": _("The cost cannot be negative: enter £0 or more"),
            "max_decimal_places": _("Enter the cost in pounds and pence, like 45.50"),
            "max_digits": _("Enter a cost of less than £100,000,000"),
            "max_whole_digits": _("Enter a cost of less than £100,000,000"),
        },
    )

    class Meta:
        model = Activity
        fields = [
            "title",
            "type",
            "channel",
            "area",
            "location",
            "people_reached",
            "staff_hours",
            "cost",
            "lead",
            "opcc_attendees",
            "stakeholders",
            "outcome",
            "notes",
            "feedback_open",
            "in_public_diary",
            "title_cy",
            "public_summary",
            "public_summary_cy",
        ]
        widgets = {
            "opcc_attendees": forms.CheckboxSelectMultiple,
            "stakeholders": forms.CheckboxSelectMultiple,
            "outcome": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "public_summary": forms.Textarea(attrs={"rows": 3}),
            "public_summary_cy": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "title": _("Title"),
            "type": _("Type of activity"),
            "channel": _("How"),
            "area": _("Area"),
            "location": _("Place"),
            "lead": _("Lead"),
            "opcc_attendees": _("Who from the OPCC attended"),
            "stakeholders": _("Partners"),
            "outcome": _("Outcome"),
            "notes": _("Notes"),
            "feedback_open": _("Take feedback from participants"),
            "in_public_diary": _("Show it in the Commissioner's public diary"),
            "title_cy": _("Title in Welsh (optional)"),
            "public_summary": _("What was heard, for the public"),
            "public_summary_cy": _("What was heard, in Welsh (optional)"),
        }
        help_texts = {
            "in_public_diary": _(
                "Only when the Commissioner or the Deputy goes. The public sees the title, date, "
                "place and area, what was heard and the themes raised; never notes, costs or names."
            ),
            "public_summary": _(
                "A few sentences after it has happened. Name nobody who was there."
            ),
            "title": _("For example, Visit to Brownsover youth club"),
            "location": _("The venue, or where it was online"),
        }
        field_classes = {
            "area": AreaChoiceField,
            "lead": PersonChoiceField,
            "opcc_attendees": PeopleChoiceField,
        }
        error_messages = {
            "title": {"required": _("Enter a title, like Visit to Brownsover youth club")},
            "type": {
                "required": _("Choose the type of activity"),
                "invalid_choice": _("Choose a type of activity from the list"),
            },
            "channel": {
                "required": _("Choose how it took place"),
                "invalid_choice": _("Choose how it took place from the list"),
            },
            "area": AREA_ERRORS,
            "lead": {"invalid_choice": _("Choose the lead from the list")},
            "opcc_attendees": {"invalid_choice": _("Choose people from the list")},
            "stakeholders": {"invalid_choice": _("Choose partners from the list")},
        }

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        instance = kwargs.get("instance")
        if instance is not None and instance.pk:
            local = timezone.localtime(instance.starts_at)
            kwargs.setdefault("initial", {})
            kwargs["initial"].update(
                {
                    "date": local.date(),
                    "time": local.time().replace(second=0, microsecond=0),
                    "objectives": list(instance.objectives),
                    "audiences": [a.audience for a in instance.audiences.all()],
                    **{f"audience_{a.audience}": a.count for a in instance.audiences.all()},
                }
            )
        super().__init__(*args, **kwargs)
        self.office = office
        if instance is None or not instance.pk:
            del self.fields["feedback_open"]
        fields = self.fields
        fields["area"].queryset = activity_areas(office)  # type: ignore[attr-defined]
        fields["area"].empty_label = _("No particular area")  # type: ignore[attr-defined]
        fields["lead"].queryset = staff_of(office)  # type: ignore[attr-defined]
        fields["lead"].empty_label = _("Nobody in particular")  # type: ignore[attr-defined]
        fields["opcc_attendees"].queryset = staff_of(office)  # type: ignore[attr-defined]
        fields["stakeholders"].queryset = Organisation.objects.for_office(office).order_by("name")  # type: ignore[attr-defined]
        fields["type"].choices = [("", _("Choose a type")), *ActivityType.choices]  # type: ignore[attr-defined]
        for value, label in Audience.choices:
            fields[f"audience_{value}"] = forms.IntegerField(
                label=_("How many %(audience)s") % {"audience": label},
                required=False,
                min_value=0,
                widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                error_messages={
                    "invalid": _("Enter how many %(audience)s as a whole number, like 12")
                    % {"audience": label},
                    "min_value": _("How many %(audience)s cannot be less than 0")
                    % {"audience": label},
                },
            )

    def audience_rows(self) -> list[dict[str, Any]]:
        """Each audience with whether it is ticked and its count field, for the template."""
        ticked = {str(v) for v in (self["audiences"].value() or [])}
        return [
            {
                "value": value,
                "label": label,
                "checked": value in ticked,
                "count": self[f"audience_{value}"],
                "index": i,
            }
            for i, (value, label) in enumerate(Audience.choices)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # A count says the audience was reached, ticked or not.
        ticked = set(data.get("audiences") or [])
        for value in Audience.values:
            if data.get(f"audience_{value}"):
                ticked.add(value)
        data["audiences"] = [v for v in Audience.values if v in ticked]
        return data

    def activity_fields(self) -> dict[str, Any]:
        """The cleaned input as the services take it."""
        data = self.cleaned_data
        fields = {name: data[name] for name in self._meta.fields or () if name in data}
        fields["starts_at"] = local_datetime(data["date"], data["time"])
        fields["objectives"] = [v for v in Objective.values if v in set(data["objectives"])]
        fields["opcc_attendees"] = list(data["opcc_attendees"])
        fields["stakeholders"] = list(data["stakeholders"])
        return fields

    def audience_counts(self) -> dict[str, int | None]:
        return {
            value: self.cleaned_data.get(f"audience_{value}")
            for value in self.cleaned_data["audiences"]
        }


class ConcernRowForm(forms.Form):
    """One thing people raised. A row with nothing in it is skipped."""

    summary = forms.CharField(
        label=_("What was raised"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("Keep what was raised to 2,000 characters or fewer")},
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=ConcernTheme.objects.none(),
        required=False,
        empty_label=_("Choose a theme"),
        error_messages={"invalid_choice": _("Choose a theme from the list")},
    )
    area = AreaChoiceField(
        label=_("Area"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("Same as the activity"),
        error_messages=AREA_ERRORS,
    )

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        themes = ConcernTheme.objects.for_office(office).filter(is_active=True).order_by("name")
        self.fields["theme"].queryset = themes  # type: ignore[attr-defined]
        self.fields["area"].queryset = activity_areas(office)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["summary"] = (data.get("summary") or "").strip()
        if data["summary"] and not data.get("theme") and "theme" not in self.errors:
            self.add_error("theme", _("Choose a theme for what was raised"))
        if not data["summary"] and (data.get("theme") or data.get("area")):
            self.add_error("summary", _("Say what was raised, or clear its theme and area"))
        return data

    def raised(self) -> RaisedConcern | None:
        data = self.cleaned_data
        if not data.get("summary"):
            return None
        return RaisedConcern(data["summary"], data["theme"], data.get("area"))


class BaseConcernFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def raised(self) -> list[RaisedConcern]:
        rows = [form.raised() for form in self.forms]
        return [row for row in rows if row is not None]


ConcernFormSet = forms.formset_factory(
    ConcernRowForm,
    formset=BaseConcernFormSet,
    extra=MAX_CONCERNS,
    max_num=MAX_CONCERNS,
    absolute_max=MAX_CONCERNS,
    validate_max=True,
)


class ActivityFilterForm(forms.Form):
    """The list's filter panel. Every field is optional."""

    date_from = date_field(_("From"), required=False)
    date_to = date_field(_("To"), required=False)
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *ActivityType.choices]
    )
    area = AreaChoiceField(
        label=_("Area"),
        required=False,
        queryset=Area.objects.none(),
        empty_label=_("All areas"),
        error_messages=AREA_ERRORS,
    )
    audience = forms.ChoiceField(
        label=_("Audience"),
        required=False,
        choices=[("", _("All audiences")), *Audience.choices],
    )
    objective = forms.ChoiceField(
        label=_("Objective"),
        required=False,
        choices=[("", _("All objectives")), *Objective.choices],
    )

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = activity_areas(office)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The “to” date must be on or after the “from” date"))
        return data

    def filters(self) -> dict[str, Any]:
        """The valid filters; an invalid one is shown on the panel and left out."""
        return {k: v for k, v in self.cleaned_data.items() if v and k not in self.errors}


# -- public feedback --------------------------------------------------------------------------

RATINGS = [
    ("1", _("1 – Very poor")),
    ("2", _("2 – Poor")),
    ("3", _("3 – Neither good nor poor")),
    ("4", _("4 – Good")),
    ("5", _("5 – Very good")),
]
# A person reads the question and chooses; a script posts at once.
MIN_SECONDS = 3
# A page left open all day still works; a token harvested last week does not.
MAX_SECONDS = 60 * 60 * 24
STARTED_SALT = "engage.engagements.feedback.started"


def started_token(activity: Activity, at: float | None = None) -> str:
    """A signed note of when the feedback page was shown, for the time-to-submit check."""
    return signing.dumps(
        {"a": activity.feedback_token, "t": time.time() if at is None else at}, salt=STARTED_SALT
    )


class FeedbackForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("How was it?"),
        choices=RATINGS,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a rating from 1 (very poor) to 5 (very good)"),
            "invalid_choice": _("Choose a rating from 1 (very poor) to 5 (very good)"),
        },
    )
    comment = forms.CharField(
        label=_("Anything you want to tell us?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Do not include your name or anyone else's. Up to 2,000 characters."),
        error_messages={"max_length": _("Keep your comment to 2,000 characters or fewer")},
    )
    # The honeypot: hidden from people, filled in by bots that fill in everything.
    website = forms.CharField(required=False)
    started = forms.CharField(required=False)

    def __init__(self, *args: Any, activity: Activity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.activity = activity

    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            started = signing.loads(data.get("started", ""), salt=STARTED_SALT, max_age=MAX_SECONDS)
            at = float(started["t"])
            if started["a"] != self.activity.feedback_token:
                raise ValueError
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            self.add_error(
                None,
                _("This page was open too long or came from somewhere else. Send it again."),
            )
            return data
        if time.time() - at < MIN_SECONDS:
            self.add_error(
                None, _("That was quicker than we expected. Check your answer and send it again.")
            )
        return data

    def rating_value(self) -> int:
        return int(self.cleaned_data["rating"])

"""Input for the plan and the gap analysis, with messages that say what to fix."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from engage.accounts.queries import staff_of
from engage.core.forms import date_field
from engage.core.models import Office
from engage.engagements.models import Activity, ActivityType, Audience
from engage.places.models import Area, AreaKind
from engage.planning.models import PlanItem

# How far ahead an item can be planned.
MONTHS_AHEAD = 24
PLAN_AREA_KINDS = (AreaKind.FORCE_AREA, AreaKind.DISTRICT, AreaKind.FORUM_AREA)
MONTH_VALUE = re.compile(r"^(\d{4})-(\d{1,2})$")


def month_value(day: dt.date) -> str:
    return f"{day.year}-{day.month:02d}"


def month_label(day: dt.date) -> str:
    return date_format(day, "F Y")


class MonthField(forms.ChoiceField):
    """A month picked from a list ("2026-10"), cleaned to its first day. Any well-formed month is
    accepted here; the form says what is wrong with one outside the list."""

    def to_python(self, value: Any) -> dt.date | None:  # type: ignore[override]
        if isinstance(value, dt.date):
            return value.replace(day=1)
        text = str(value or "").strip()
        if not text:
            return None
        match = MONTH_VALUE.match(text)
        if match is None or not 1 <= int(match[2]) <= 12:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return dt.date(int(match[1]), int(match[2]), 1)

    def validate(self, value: Any) -> None:
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")

    def prepare_value(self, value: Any) -> Any:
        return month_value(value) if isinstance(value, dt.date) else value


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


def plan_areas(office: Office) -> Any:
    return Area.objects.for_office(office).filter(kind__in=PLAN_AREA_KINDS).order_by("kind", "name")


AREA_ERRORS = {"invalid_choice": _("Choose an area of this office from the list")}


class PlanItemForm(forms.ModelForm):
    # The page's order, which the error summary follows.
    field_order = [
        "title",
        "month",
        "activity_type",
        "channel",
        "area",
        "audiences",
        "owner",
        "budget",
        "purpose",
    ]
    month = MonthField(
        label=_("Month"),
        error_messages={
            "required": _("Choose the month it is planned for"),
            "invalid_choice": _("Choose a month from the list"),
        },
    )
    audiences = forms.MultipleChoiceField(
        label=_("Who is it for?"),
        choices=Audience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose audiences from the list")},
    )
    budget = MoneyField(
        label=_("Budget (£)"),
        required=False,
        min_value=Decimal("0"),
        max_digits=10,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("Room hire, travel, materials, advertising. For example, 250 or 1,250.50"),
        error_messages={
            "invalid": _("Enter the budget in pounds, like 250 or 1,250.50"),
            "min_value": _("The budget cannot be negative: enter £0 or more"),
            "max_decimal_places": _("Enter the budget in pounds and pence, like 1,250.50"),
            "max_digits": _("Enter a budget of less than £100,000,000"),
            "max_whole_digits": _("Enter a budget of less than £100,000,000"),
        },
    )

    class Meta:
        model = PlanItem
        fields = [
            "title",
            "activity_type",
            "channel",
            "area",
            "audiences",
            "month",
            "owner",
            "budget",
            "purpose",
        ]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "title": _("Title"),
            "activity_type": _("Type of activity"),
            "channel": _("How"),
            "area": _("Area"),
            "owner": _("Owner"),
            "purpose": _("What is it for?"),
        }
        help_texts = {
            "title": _("For example, Youth council visit in Nuneaton"),
            "owner": _("Who makes sure it happens"),
        }
        field_classes = {"area": AreaChoiceField, "owner": PersonChoiceField}
        error_messages = {
            "title": {
                "required": _("Enter a title, like Youth council visit in Nuneaton"),
                "max_length": _("Keep the title to 200 characters or fewer"),
            },
            "activity_type": {
                "required": _("Choose the type of activity"),
                "invalid_choice": _("Choose a type of activity from the list"),
            },
            "channel": {
                "required": _("Choose how it will take place"),
                "invalid_choice": _("Choose how it will take place from the list"),
            },
            "area": AREA_ERRORS,
            "owner": {"invalid_choice": _("Choose the owner from the people of this office")},
            "purpose": {"max_length": _("Keep the purpose to 2,000 characters or fewer")},
        }

    def __init__(
        self, *args: Any, office: Office, today: dt.date | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.office = office
        self.today = today or timezone.localdate()
        self.this_month = self.today.replace(day=1)
        self.last_month = self.this_month + relativedelta(months=MONTHS_AHEAD - 1)
        months = [self.this_month + relativedelta(months=n) for n in range(MONTHS_AHEAD)]
        old = self.instance.month if self.instance.pk else None
        if old is not None and old < self.this_month:
            months.insert(0, old)  # an old item keeps its month
        fields = self.fields
        month_choices = [
            ("", _("Choose a month")),
            *((month_value(m), month_label(m)) for m in months),
        ]
        fields["month"].choices = month_choices  # type: ignore[attr-defined]
        fields["area"].queryset = plan_areas(office)  # type: ignore[attr-defined]
        fields["area"].empty_label = _("No particular area")  # type: ignore[attr-defined]
        fields["owner"].queryset = staff_of(office)  # type: ignore[attr-defined]
        fields["owner"].empty_label = _("Nobody yet")  # type: ignore[attr-defined]
        fields["activity_type"].choices = [("", _("Choose a type")), *ActivityType.choices]  # type: ignore[attr-defined]

    def clean_month(self) -> dt.date | None:
        month: dt.date | None = self.cleaned_data.get("month")
        if month is None:
            return None
        old = self.instance.month if self.instance.pk else None
        if month < self.this_month and month != old:
            raise ValidationError(
                _("%(month)s has already passed: plan for %(this)s or a later month"),
                params={"month": month_label(month), "this": month_label(self.this_month)},
            )
        if month > self.last_month:
            raise ValidationError(
                _("Plan at most two years ahead: choose %(last)s or an earlier month"),
                params={"last": month_label(self.last_month)},
            )
        return month

    def plan_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data[name] for name in self._meta.fields or () if name in data}


class LinkForm(forms.Form):
    """Which activity delivered a plan item, from those offered."""

    activity = forms.ModelChoiceField(
        label=_("Which activity delivered it?"),
        queryset=Activity.objects.none(),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the activity that delivered it"),
            "invalid_choice": _("Choose an activity from the list"),
        },
    )

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = Activity.objects.for_office(office)  # type: ignore[attr-defined]


class PlanYearForm(forms.Form):
    """Which year of the plan to show: a financial year, or (by default) the next 12 months."""

    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)


PERIODS = [
    ("3", _("3 months")),
    ("6", _("6 months")),
    ("12", _("12 months")),
    ("24", _("24 months")),
]


class GapFilterForm(forms.Form):
    """The gap analysis' period and area. Every field is optional."""

    months = forms.TypedChoiceField(
        label=_("Period"),
        choices=PERIODS,
        coerce=int,
        required=False,
        error_messages={"invalid_choice": _("Choose a period from the list")},
    )
    end = date_field(
        _("To"),
        required=False,
        help_text=_("The last day of the period. Leave it empty for today."),
    )
    area = AreaChoiceField(
        label=_("Area"),
        required=False,
        queryset=Area.objects.none(),
        empty_label=_("The whole force area"),
        error_messages=AREA_ERRORS,
    )

    def __init__(
        self, *args: Any, office: Office, today: dt.date | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["area"].queryset = (  # type: ignore[attr-defined]
            Area.objects.for_office(office)
            .filter(kind__in=(AreaKind.DISTRICT, AreaKind.FORUM_AREA))
            .order_by("kind", "name")
        )

    def clean_end(self) -> dt.date | None:
        end: dt.date | None = self.cleaned_data.get("end")
        if end is not None and end > self.today:
            raise ValidationError(
                _(
                    "The period cannot end in the future: enter today (%(today)s) or an earlier date"
                ),
                params={"today": date_format(self.today, "j F Y")},
            )
        return end

    def choices(self) -> dict[str, Any]:
        """The valid filters with their defaults: the 12 months to today, the whole force area."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        ok = lambda name: name not in self.errors and data.get(name)  # noqa: E731
        return {
            "months": ok("months") or 12,
            "end": ok("end") or self.today,
            "area": ok("area") or None,
        }

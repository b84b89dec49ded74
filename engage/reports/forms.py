"""The dashboard's filter: which period (a named one or dates typed in) and which area."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dateutil.relativedelta import relativedelta
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engage.core.forms import date_field
from engage.core.models import Office
from engage.places.models import Area, AreaKind
from engage.reports import figures
from engage.reports.figures import Period

THIS_QUARTER = "this_quarter"
LAST_QUARTER = "last_quarter"
YEAR_TO_DATE = "year_to_date"
LAST_12_MONTHS = "last_12_months"
CUSTOM = "custom"
PERIODS = [
    (THIS_QUARTER, _("This quarter")),
    (LAST_QUARTER, _("Last quarter")),
    (YEAR_TO_DATE, _("Financial year to date")),
    (LAST_12_MONTHS, _("Last 12 months")),
    (CUSTOM, _("Dates of your choice")),
]
# Districts, then forum areas (each with the areas inside it); the force area is "all areas".
FILTER_KINDS = (AreaKind.DISTRICT, AreaKind.FORUM_AREA)


def named_period(choice: str, today: dt.date) -> Period:
    """The period a choice of the filter names, on `today`."""
    year, number = figures.quarter_of(today)
    if choice == LAST_QUARTER:
        return figures.quarter(
            *(figures.quarter_of(figures.quarter(year, number).start - dt.timedelta(days=1)))
        )
    if choice == YEAR_TO_DATE:
        start = figures.financial_year(year).start
        label = _("Financial year %(first)s to %(second)s, to date") % {
            "first": year,
            "second": year + 1,
        }
        return Period(start, today, str(label))
    if choice == LAST_12_MONTHS:
        start = today - relativedelta(years=1) + dt.timedelta(days=1)
        period = figures.custom(start, today)
        return Period(
            start, today, str(_("The last 12 months (%(dates)s)") % {"dates": period.label})
        )
    return figures.quarter(year, number)


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        if obj.kind == AreaKind.FORUM_AREA:
            return str(_("%(name)s (forum area)") % {"name": obj.name})
        return str(obj.name)


def filter_areas(office: Office) -> QuerySet[Area]:
    return Area.objects.for_office(office).filter(kind__in=FILTER_KINDS).order_by("kind", "name")


class DashboardFilterForm(forms.Form):
    """Every field is optional: with nothing chosen the dashboard shows this quarter, all areas."""

    period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=PERIODS,
        error_messages={"invalid_choice": _("Choose a period from the list")},
    )
    start = date_field(_("From"), required=False)
    end = date_field(_("To"), required=False)
    area = AreaChoiceField(
        label=_("Area"),
        required=False,
        queryset=Area.objects.none(),
        empty_label=_("All areas"),
        error_messages={"invalid_choice": _("Choose an area from the list")},
    )

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = filter_areas(office)  # type: ignore[attr-defined]
        self.fields["period"].help_text = _("Or type dates in From and To")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        typed = self.data.get("start") or self.data.get("end")
        # Dates typed in mean dates of your choice, whatever the period says.
        if data.get("period") == CUSTOM or (typed and not data.get("period")):
            data["period"] = CUSTOM
            if not start and "start" not in self.errors:
                self.add_error("start", _("Enter the date the period starts, like 1 4 2026"))
            if not end and "end" not in self.errors:
                self.add_error("end", _("Enter the date the period ends, like 30 6 2026"))
        if start and end and end < start:
            self.add_error("end", _("The “to” date must be on or after the “from” date"))
        return data

    def chosen(self, today: dt.date | None = None) -> tuple[Period, Area | None] | None:
        """The period and area chosen, or None while the form has errors."""
        today = today or timezone.localdate()
        if not self.is_valid():
            return None
        data = self.cleaned_data
        if data.get("period") == CUSTOM:
            return figures.custom(data["start"], data["end"]), data.get("area")
        return named_period(data.get("period") or THIS_QUARTER, today), data.get("area")

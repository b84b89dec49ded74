"""Input for the forum rota: a new rota's cycle and limit, and pinning a visit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from engage.accounts.models import User
from engage.core.models import Office
from engage.meetings import rota_services
from engage.meetings.forms import date_field

LONGEST_CYCLE_YEARS = 5


class RotaPlanForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=120,
        help_text=gettext_lazy("For example, 'Forums 2026 to 2028'."),
        error_messages={"required": gettext_lazy("Enter a name for the rota")},
    )
    starts_on = date_field(gettext_lazy("Cycle starts"))
    ends_on = date_field(
        gettext_lazy("Cycle ends"),
        help_text=gettext_lazy(
            "The commitment is that the Commissioner or the Deputy attends each forum in a two-year cycle."
        ),
    )
    max_per_month = forms.IntegerField(
        label=gettext_lazy("Most forums one person attends in a month"),
        min_value=1,
        max_value=10,
        initial=2,
        error_messages={
            "required": gettext_lazy("Enter how many forums one person may attend in a month"),
            "invalid": gettext_lazy("Enter a whole number, like 2"),
            "min_value": gettext_lazy("Enter a number from 1 to 10"),
            "max_value": gettext_lazy("Enter a number from 1 to 10"),
        },
    )

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.office = office
        if not self.is_bound:
            start, end = rota_services.default_cycle()
            self.initial.setdefault("starts_on", start)
            self.initial.setdefault("ends_on", end)
            self.initial.setdefault(
                "name",
                _("Forums %(start)s to %(end)s") % {"start": start.year, "end": end.year},
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_on: dt.date | None = data.get("starts_on")
        ends_on: dt.date | None = data.get("ends_on")
        if starts_on is None or ends_on is None:
            return data
        if ends_on <= starts_on:
            self.add_error("ends_on", _("The cycle must end after it starts"))
            return data
        if ends_on > starts_on + relativedelta(years=LONGEST_CYCLE_YEARS):
            self.add_error(
                "ends_on",
                _("A cycle can be at most %(years)s years long") % {"years": LONGEST_CYCLE_YEARS},
            )
            return data
        if not rota_services.rota_people(self.office):
            raise forms.ValidationError(
                _(
                    "Nobody in the office holds the post of PCC or DPCC. Give the Commissioner "
                    "and the Deputy their posts in the office's team first."
                )
            )
        if not rota_services.forum_series(self.office).exists():
            raise forms.ValidationError(
                _(
                    "The schedule has no community forum series (a series held in each forum "
                    "area). Add one, or import the meetings schedule, first."
                )
            )
        if not rota_services.expected_forum_meetings(self.office, starts_on, ends_on):
            self.add_error(
                "ends_on",
                _(
                    "No community forum meets between %(start)s and %(end)s. Choose a longer "
                    "cycle, or check the forums' dates in the schedule."
                )
                % {"start": date_format(starts_on, "j F Y"), "end": date_format(ends_on, "j F Y")},
            )
        return data


class PinForm(forms.Form):
    """Pin a visit as it is, unpin it, or give it to the other person and pin it."""

    person = forms.ModelChoiceField(queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = rota_services.rota_people(office)
        self.fields["person"].queryset = User.objects.filter(pk__in=[p.pk for p in people])  # type: ignore[attr-defined]
        self.fields["person"].error_messages["invalid_choice"] = _(
            "Choose the Commissioner or the Deputy"
        )

"""Form fields every app shares: UK dates and 24-hour times with messages that say what to fix."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The browser's date picker sends ISO dates; people typing without it write the day first.
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d %m %Y"]
TIME_FORMATS = ["%H:%M", "%H.%M", "%H%M", "%H:%M:%S"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


def date_field(label: StrOrPromise, required: bool = True, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        error_messages={
            "required": _("Enter the %(label)s") % {"label": str(label).lower()},
            "invalid": _("Enter a real date, like 27 3 2026 or 27/03/2026"),
        },
        **kwargs,
    )


def time_field(label: StrOrPromise, required: bool = True) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=required,
        widget=TimeInput(),
        input_formats=TIME_FORMATS,
        error_messages={
            "required": _("Enter the %(label)s, like 18:30") % {"label": str(label).lower()},
            "invalid": _("Enter a time on the 24-hour clock, like 18:30"),
        },
    )

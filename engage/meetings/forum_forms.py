"""Input for community forums: the ambassadors table and the ambassador's report after a forum."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from engage.accounts.models import User
from engage.engagements.models import ConcernTheme
from engage.meetings.forums import MAX_CONCERNS, ConcernInput
from engage.meetings.models import Occurrence, OccurrenceStatus
from engage.places.models import Area


class AmbassadorsForm(forms.Form):
    """One select per forum area: which of the office's ambassadors covers it, if anyone."""

    def __init__(self, *args: Any, areas: list[Area], ambassadors: QuerySet[User], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.areas = areas
        choices = [("", _("Nobody assigned"))] + [(str(u.pk), str(u)) for u in ambassadors]
        self._people = {str(u.pk): u for u in ambassadors}
        for area in areas:
            assignment = getattr(area, "ambassador_assignment", None)
            self.fields[self.field_name(area)] = forms.ChoiceField(
                label=_("Ambassador for %(area)s") % {"area": area.name},
                choices=choices,
                required=False,
                initial=str(assignment.ambassador_id) if assignment else "",
                error_messages={
                    "invalid_choice": _(
                        "Choose the ambassador for %(area)s from the list of ambassadors"
                    )
                    % {"area": area.name}
                },
            )

    @staticmethod
    def field_name(area: Area) -> str:
        return f"area_{area.pk}"

    def rows(self) -> list[tuple[Area, forms.BoundField]]:
        return [(area, self[self.field_name(area)]) for area in self.areas]

    def choices(self) -> dict[Area, User | None]:
        """The ambassador chosen for every area (None for nobody), once the form is valid."""
        return {
            area: self._people.get(self.cleaned_data[self.field_name(area)]) for area in self.areas
        }


class ForumReportForm(forms.Form):
    """The report after a forum meeting. New reports also take up to five concerns."""

    attendance = forms.IntegerField(
        label=_("How many residents attended?"),
        help_text=_("Count members of the public, not police, councillors or OPCC staff."),
        min_value=0,
        max_value=10000,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Enter how many residents attended, or 0 if nobody came"),
            "invalid": _("Enter how many residents attended as a whole number, like 24"),
            "min_value": _("The number of residents cannot be negative: enter 0 or more"),
            "max_value": _("Enter how many residents attended: 10,000 at most"),
        },
    )
    good_practice = forms.CharField(
        label=_("Good practice"),
        help_text=_("Anything that worked well and that other forums could copy."),
        required=False,
        max_length=5000,
        widget=forms.Textarea,
        error_messages={"max_length": _("Good practice must be 5,000 characters or fewer")},
    )
    requests = forms.CharField(
        label=_("Requests to the Commissioner"),
        help_text=_("What the forum asked the Commissioner to do or to find out."),
        required=False,
        max_length=5000,
        widget=forms.Textarea,
        error_messages={
            "max_length": _("Requests to the Commissioner must be 5,000 characters or fewer")
        },
    )

    def __init__(
        self,
        *args: Any,
        occurrence: Occurrence,
        themes: QuerySet[ConcernTheme] | None = None,
        with_concerns: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.occurrence = occurrence
        self.concern_count = MAX_CONCERNS if with_concerns else 0
        self._themes = {str(t.pk): t for t in (themes if themes is not None else [])}
        theme_choices = [("", _("Choose a theme"))] + [
            (pk, t.name) for pk, t in self._themes.items()
        ]
        for n in range(1, self.concern_count + 1):
            self.fields[f"concern_{n}_summary"] = forms.CharField(
                label=_("What was raised"),
                required=False,
                max_length=2000,
                error_messages={
                    "max_length": _("Concern %(n)s must be 2,000 characters or fewer") % {"n": n}
                },
            )
            self.fields[f"concern_{n}_theme"] = forms.ChoiceField(
                label=_("Theme"),
                choices=theme_choices,
                required=False,
                error_messages={
                    "invalid_choice": _("Choose a theme for concern %(n)s from the list") % {"n": n}
                },
            )
            self.fields[f"concern_{n}_people"] = forms.IntegerField(
                label=_("How many people raised it"),
                required=False,
                min_value=1,
                max_value=10000,
                widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                error_messages={
                    "invalid": _(
                        "Enter how many people raised concern %(n)s as a whole number, like 3"
                    )
                    % {"n": n},
                    "min_value": _(
                        "Enter how many people raised concern %(n)s: 1 or more, or leave it empty"
                    )
                    % {"n": n},
                    "max_value": _("Enter how many people raised concern %(n)s: 10,000 at most")
                    % {"n": n},
                },
            )

    def concern_rows(
        self,
    ) -> list[tuple[int, forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (
                n,
                self[f"concern_{n}_summary"],
                self[f"concern_{n}_theme"],
                self[f"concern_{n}_people"],
            )
            for n in range(1, self.concern_count + 1)
        ]

    def extra_concerns_used(self) -> bool:
        """Whether concerns 2 to 5 (folded away on a phone) hold anything, so must be shown."""
        if not self.is_bound:
            return False
        names = [
            f"concern_{n}_{part}"
            for n in range(2, self.concern_count + 1)
            for part in ("summary", "theme", "people")
        ]
        return any(self.data.get(self.add_prefix(name)) for name in names)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.occurrence.status == OccurrenceStatus.CANCELLED:
            raise forms.ValidationError(_("This meeting was cancelled, so it has no report."))
        if not self.occurrence.is_past:
            raise forms.ValidationError(_("You can file the report after the meeting."))
        for n in range(1, self.concern_count + 1):
            summary = (cleaned.get(f"concern_{n}_summary") or "").strip()
            theme = cleaned.get(f"concern_{n}_theme")
            people = cleaned.get(f"concern_{n}_people")
            if summary and not theme and f"concern_{n}_theme" not in self.errors:
                self.add_error(
                    f"concern_{n}_theme", _("Choose a theme for concern %(n)s") % {"n": n}
                )
            if not summary and (theme or people):
                self.add_error(
                    f"concern_{n}_summary",
                    _("Say what was raised in concern %(n)s, or clear its theme and number")
                    % {"n": n},
                )
        return cleaned

    def concerns(self) -> list[ConcernInput]:
        """The filled-in concern rows, in order, once the form is valid."""
        rows = []
        for n in range(1, self.concern_count + 1):
            summary = self.cleaned_data.get(f"concern_{n}_summary", "").strip()
            if summary:
                rows.append(
                    ConcernInput(
                        summary=summary,
                        theme=self._themes[self.cleaned_data[f"concern_{n}_theme"]],
                        people=self.cleaned_data.get(f"concern_{n}_people") or 1,
                    )
                )
        return rows

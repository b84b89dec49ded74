"""Forms of the results pages: the cross-tab choice, and working on free-text themes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from engage.consultations.models import Question, Theme
from engage.consultations.results import CROSSTAB_DIMENSIONS

NOT_CODED = "none"


class CrosstabForm(forms.Form):
    by = forms.ChoiceField(
        label=_("Break the results down by"),
        choices=[("", _("No breakdown")), *CROSSTAB_DIMENSIONS.items()],
        required=False,
    )


class ThemeRenameForm(forms.Form):
    label = forms.CharField(
        label=_("Name of the theme"),
        max_length=120,
        error_messages={
            "required": _("Enter a name for the theme"),
            "max_length": _("The name must be 120 characters or fewer"),
        },
    )


def _themes(question: Question) -> QuerySet[Theme]:
    return question.themes.all()


class ThemeChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class ThemeMergeForm(forms.Form):
    themes = ThemeChoice(
        label=_("Themes to merge"),
        queryset=Theme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select the themes to merge")},
    )
    into = forms.ModelChoiceField(
        label=_("Keep the name of"),
        queryset=Theme.objects.none(),
        empty_label=_("Choose a theme"),
        error_messages={"required": _("Select the theme whose name the merged theme keeps")},
    )

    def __init__(self, *args: Any, question: Question, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        themes = _themes(question)
        self.fields["themes"].queryset = themes  # type: ignore[attr-defined]
        self.fields["into"].queryset = themes  # type: ignore[attr-defined]
        self.fields["into"].label_from_instance = lambda t: t.label  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = list(data.get("themes") or [])
        into = data.get("into")
        if "themes" in data and len(chosen) < 2:
            self.add_error("themes", _("Select at least two themes to merge"))
        elif into is not None and chosen and into not in chosen:
            self.add_error("into", _("Choose one of the themes you selected to merge"))
        return data

    def others(self) -> list[Theme]:
        into = self.cleaned_data["into"]
        return [t for t in self.cleaned_data["themes"] if t.pk != into.pk]


class ThemeSplitForm(forms.Form):
    parts = forms.TypedChoiceField(
        label=_("Split into"),
        choices=[(n, str(n)) for n in (2, 3, 4)],
        coerce=int,
        initial=2,
    )


class AnswerFilterForm(forms.Form):
    theme = forms.ChoiceField(label=_("Show answers"), required=False)

    def __init__(self, *args: Any, question: Question, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [  # type: ignore[attr-defined]
            ("", _("All answers")),
            (NOT_CODED, _("Not in any theme")),
            *[(str(t.pk), t.label) for t in _themes(question)],
        ]


class AnswerCodeForm(forms.Form):
    themes = ThemeChoice(
        label=_("Themes of this answer"),
        queryset=Theme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, question: Question, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = _themes(question)  # type: ignore[attr-defined]

"""Input for the survey builder: consultations, sections, questions with their options, statements.

The rules on what makes a sensible question are in services (`question_errors`); these forms
turn what an officer typed into values and put each rule's message on the field it is about.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from engage.accounts.queries import staff_of
from engage.consultations import services
from engage.consultations.models import (
    CHOICE_KINDS,
    Consultation,
    Question,
    QuestionKind,
    Section,
    Status,
)
from engage.core.forms import date_field
from engage.core.models import Office
from engage.places.models import Area

WELSH_HINT = gettext_lazy("Without it, people reading in Welsh see the English.")
STATEMENT_MAX = 400


def _welsh(form: forms.BaseForm) -> None:
    """Welsh fields are optional and say what happens without them."""
    for name, field in form.fields.items():
        if name.endswith("_cy"):
            field.required = False
            field.help_text = WELSH_HINT


class ConsultationForm(forms.ModelForm):  # type: ignore[type-arg]
    opens_on = date_field(gettext_lazy("Opens"), required=False)
    closes_on = date_field(gettext_lazy("Closes"), required=False)

    class Meta:
        model = Consultation
        fields = [
            "title",
            "title_cy",
            "description",
            "description_cy",
            "slug",
            "strategic_area",
            "area",
            "opens_on",
            "closes_on",
            "owner",
            "privacy_notice",
            "privacy_notice_cy",
            "ask_demographics",
        ]
        error_messages = {
            "title": {"required": gettext_lazy("Enter the title")},
            "description": {"required": gettext_lazy("Enter a description")},
            "strategic_area": {"required": gettext_lazy("Choose the strategic area")},
            "slug": {
                "invalid": gettext_lazy(
                    "Use only lower-case letters, numbers and hyphens in the web address, "
                    "like precept-2027"
                )
            },
        }

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.office = office
        _welsh(self)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _(
            "The last part of the public web address, like precept-2027. Leave it blank to make "
            "one from the title."
        )
        self.fields["closes_on"].help_text = _("Answers are taken until 23:59 that day.")
        self.fields["opens_on"].help_text = _("Leave it blank to open on the day you open it.")
        self.fields["area"].queryset = Area.objects.filter(office=office).order_by("kind", "name")  # type: ignore[attr-defined]
        self.fields["area"].empty_label = _("The whole force area")  # type: ignore[attr-defined]
        self.fields["owner"].queryset = staff_of(office)  # type: ignore[attr-defined]
        self.fields["owner"].empty_label = _("Nobody yet")  # type: ignore[attr-defined]
        area_field: Any = self.fields["strategic_area"]
        area_field.choices = [("", _("Choose an area")), *area_field.choices[1:]]
        self.fields["description"].widget = forms.Textarea()
        self.fields["privacy_notice"].help_text = _(
            "How the answers are used and kept. Shown before people start."
        )

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data.get("slug") or ""
        if slug and services.slug_taken(self.office, slug, self.instance):
            raise forms.ValidationError(_("Another consultation already uses this web address."))
        return slug

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, message in services.date_problems(
            data.get("opens_on"), data.get("closes_on")
        ).items():
            self.add_error(name, message)
        return data

    def _post_clean(self) -> None:
        # The web address may be blank here (made from the title by the service): skip the
        # model's own validation, which would call a blank slug missing.
        pass

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ConsultationFilter(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("Any status")), *Status.choices],
    )


class SectionForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Section
        fields = ["title", "title_cy", "intro", "intro_cy"]
        error_messages = {"title": {"required": gettext_lazy("Enter the section’s title")}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _welsh(self)
        self.fields["intro"].help_text = _("A few words shown above the section’s questions.")

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class KindForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What type of question is it?"),
        choices=QuestionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose the type of question")},
    )


KIND_HINTS: dict[str, Any] = {
    QuestionKind.SINGLE: gettext_lazy("People choose one answer."),
    QuestionKind.MULTIPLE: gettext_lazy("People tick every answer that applies."),
    QuestionKind.SCALE: gettext_lazy("A point on a scale, like 1 (strongly disagree) to 5."),
    QuestionKind.RANKING: gettext_lazy("People put the options in order."),
    QuestionKind.NUMBER: gettext_lazy("A number, with limits if you want them."),
    QuestionKind.TEXT: gettext_lazy("People write in their own words."),
    QuestionKind.PRECEPT: gettext_lazy(
        "How much more a Band D household would pay a year: each option has an amount."
    ),
    QuestionKind.STATEMENTS: gettext_lazy(
        "People agree, disagree or pass on short statements and may add their own (as Pol.is)."
    ),
}


def parse_options(text: str, kind: str) -> tuple[list[services.OptionLine], list[str]]:
    """One option a line, "label | Welsh label | amount": the options, or errors by line."""
    lines: list[services.OptionLine] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    precept = kind == QuestionKind.PRECEPT
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        parts = [p.strip() for p in raw.split("|")]
        amount: Decimal | None = None
        if precept and len(parts) >= 2 and parts[-1]:
            amount_text = parts[-1].replace("£", "").replace(",", "").strip()
            try:
                amount = Decimal(amount_text)
                if not amount.is_finite():
                    raise InvalidOperation
            except InvalidOperation:
                errors.append(
                    _("Line %(n)s: “%(amount)s” is not an amount of money; write it like 12.50")
                    % {"n": number, "amount": parts[-1]}
                )
                continue
            if abs(amount) >= 1_000_000:
                errors.append(_("Line %(n)s: the amount is too large.") % {"n": number})
                continue
            parts = parts[:-1]
        elif precept and len(parts) >= 2:
            parts = parts[:-1]
        if precept and amount is None:
            errors.append(
                _(
                    "Line %(n)s has no amount: end it with “|” and the increase a year in "
                    "pounds, like: £10 more a year | | 10"
                )
                % {"n": number}
            )
            continue
        if len(parts) > 2:
            errors.append(
                _(
                    "Line %(n)s has too many “|”: write the label, then its Welsh label"
                    "%(amount)s, separated by “|”"
                )
                % {"n": number, "amount": _(", then the amount") if precept else ""}
            )
            continue
        label = parts[0]
        label_cy = parts[1] if len(parts) > 1 else ""
        if not label:
            errors.append(_("Line %(n)s has no label in English.") % {"n": number})
            continue
        if len(label) > 300 or len(label_cy) > 300:
            errors.append(
                _("Line %(n)s is too long: keep each label to 300 characters.") % {"n": number}
            )
            continue
        if label in seen:
            errors.append(
                _("Line %(n)s repeats line %(first)s: give each option once.")
                % {"n": number, "first": seen[label]}
            )
            continue
        seen[label] = number
        lines.append(services.OptionLine(label, label_cy, amount))
    return lines, errors


def _money(amount: Decimal) -> str:
    """10 for 10.00, 12.50 for 12.50."""
    return str(int(amount)) if amount == amount.to_integral_value() else f"{amount:.2f}"


def options_text(question: Question) -> str:
    rows = []
    for option in question.options.all():
        parts = [option.label, option.label_cy]
        if question.kind == QuestionKind.PRECEPT:
            parts.append("" if option.amount is None else _money(option.amount))
        while len(parts) > 1 and not parts[-1]:
            parts.pop()
        rows.append(" | ".join(parts).replace(" |  | ", " | | "))
    return "\n".join(rows)


class QuestionForm(forms.ModelForm):  # type: ignore[type-arg]
    """A question of one kind: only the settings that kind uses, and its options if it has any."""

    options = forms.CharField(
        label=gettext_lazy("Options"),
        widget=forms.Textarea,
        required=False,
    )

    class Meta:
        model = Question
        fields = [
            "text",
            "text_cy",
            "help_text",
            "help_text_cy",
            "required",
            "scale_min",
            "scale_max",
            "scale_min_label",
            "scale_min_label_cy",
            "scale_max_label",
            "scale_max_label_cy",
            "number_min",
            "number_max",
            "max_choices",
            "band_d_current",
            "allow_new_statements",
            "max_length",
        ]
        error_messages = {
            "text": {"required": gettext_lazy("Enter the question")},
            "scale_min": {"invalid": gettext_lazy("Enter the lowest point as a whole number")},
            "scale_max": {"invalid": gettext_lazy("Enter the highest point as a whole number")},
            "number_min": {"invalid": gettext_lazy("Enter the smallest allowed as a number")},
            "number_max": {"invalid": gettext_lazy("Enter the largest allowed as a number")},
            "max_choices": {
                "invalid": gettext_lazy("Enter how many may be chosen as a whole number")
            },
            "band_d_current": {
                "invalid": gettext_lazy("Enter this year’s Band D amount, like 287.25")
            },
            "max_length": {
                "invalid": gettext_lazy("Enter the most characters as a whole number"),
                "required": gettext_lazy("Enter the most characters allowed"),
            },
        }

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        wanted = set(services.question_fields(kind))
        if kind in CHOICE_KINDS:
            wanted.add("options")
            if not self.is_bound and self.instance.pk:
                self.initial["options"] = options_text(self.instance)
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]
        _welsh(self)
        self.fields["text"].widget = forms.Textarea(attrs={"rows": 2})
        self.fields["text_cy"].widget = forms.Textarea(attrs={"rows": 2})
        self.fields["help_text"].help_text = _("Shown under the question, to help people answer.")
        if "options" in self.fields:
            self.fields["options"].required = True
            self.fields["options"].error_messages["required"] = _(
                "Give the options people choose from, one a line"
            )
            self.fields["options"].help_text = (
                _(
                    "One option a line: the label, then “|” and its Welsh label, then “|” and "
                    "the increase a year for a Band D household in pounds. For example: "
                    "£10 more a year (83p a month) | £10 yn fwy y flwyddyn | 10"
                )
                if kind == QuestionKind.PRECEPT
                else _(
                    "One option a line, with its Welsh label after “|” if you have it. For "
                    "example: Neighbourhood policing | Plismona yn y gymdogaeth"
                )
            )
        if "max_choices" in self.fields:
            self.fields["max_choices"].help_text = _("Leave it blank for no limit.")
        if "scale_min" in self.fields:
            self.fields["scale_min"].help_text = _("Usually 1, or 0 for a 0 to 10 scale.")
            self.fields["scale_max"].help_text = _("At most 11 points in all.")
            if not self.instance.pk and not self.is_bound:
                self.initial.update({"scale_min": 1, "scale_max": 5})
        for name in ("scale_min", "scale_max", "max_choices", "max_length"):
            if name in self.fields:
                self.fields[name].widget.attrs["inputmode"] = "numeric"
        for name in ("number_min", "number_max", "band_d_current"):
            if name in self.fields:
                self.fields[name].widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.option_lines: list[services.OptionLine] | None = None
        if self.kind in CHOICE_KINDS:
            lines, errors = parse_options(data.get("options") or "", self.kind)
            for message in errors:
                self.add_error("options", message)
            if errors:
                return data
            self.option_lines = lines
        if any(name in self.errors for name in self.fields):
            return data
        candidate = Question(kind=self.kind)
        for name in services.question_fields(self.kind):
            setattr(candidate, name, data.get(name))
        for name, message in services.question_errors(candidate, self.option_lines or []).items():
            self.add_error(name if name in self.fields else None, message)
        return data

    def _post_clean(self) -> None:
        # The instance is changed by the service, not the form.
        pass

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in services.question_fields(self.kind)}


class StatementsForm(forms.Form):
    statements = forms.CharField(
        label=gettext_lazy("Add statements"),
        widget=forms.Textarea,
        help_text=gettext_lazy(
            "One statement a line, each up to 400 characters. They are shown to people at once."
        ),
        error_messages={"required": gettext_lazy("Write at least one statement")},
    )

    def clean_statements(self) -> list[str]:
        texts = []
        errors = []
        for number, raw in enumerate(self.cleaned_data["statements"].splitlines(), 1):
            text = raw.strip()
            if not text:
                continue
            if len(text) > STATEMENT_MAX:
                errors.append(
                    _("Line %(n)s is %(len)s characters long: keep it to %(max)s.")
                    % {"n": number, "len": len(text), "max": STATEMENT_MAX}
                )
            texts.append(text)
        if errors:
            raise forms.ValidationError(errors)
        if not texts:
            raise forms.ValidationError(_("Write at least one statement"))
        return texts


class ModerateForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approved", gettext_lazy("Show")), ("rejected", gettext_lazy("Do not show"))]
    )


class StatusForm(forms.Form):
    to = forms.ChoiceField(choices=Status.choices)


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])

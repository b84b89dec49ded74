"""The form for answering questions: one builder for the public pages, the preview and staff entry.

`AnswerForm` has one field per question (a ranking has a position per option, a statement vote a
field per statement) and turns what was posted into the stored shape of models.py's docstring,
checking every answer with `answers.check_answer`. Because the public pages and the paper entry
use the same form, the same person's answers are stored the same way whichever way they came.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from engage.consultations.answers import check_answer
from engage.consultations.models import (
    AgeBand,
    Consultation,
    Disability,
    EthnicGroup,
    Question,
    QuestionKind,
    ResponseChannel,
    Section,
    Sex,
    Statement,
    StatementStatus,
)
from engage.places.models import Area, AreaKind

# A statement a participant adds is as long as a statement may be.
NEW_STATEMENT_MAX = 400
VOTE_CHOICES = [
    ("1", gettext_lazy("Agree")),
    ("-1", gettext_lazy("Disagree")),
    ("0", gettext_lazy("Pass or unsure")),
]
ORDINALS = {
    1: gettext_lazy("1st"),
    2: gettext_lazy("2nd"),
    3: gettext_lazy("3rd"),
    4: gettext_lazy("4th"),
    5: gettext_lazy("5th"),
    6: gettext_lazy("6th"),
    7: gettext_lazy("7th"),
    8: gettext_lazy("8th"),
    9: gettext_lazy("9th"),
    10: gettext_lazy("10th"),
}


def ordinal(n: int) -> str:
    return str(ORDINALS[n]) if n in ORDINALS else _("%(n)sth") % {"n": n}


def pounds(amount: Decimal) -> str:
    """£15 or £1.25: pence only when there are some."""
    return f"£{amount:,.0f}" if amount == amount.to_integral_value() else f"£{amount:,.2f}"


def sections_with_questions(consultation: Consultation) -> list[Section]:
    """The sections in order with their questions, options and approved statements, in 3 queries."""
    statements = Statement.objects.filter(status=StatementStatus.APPROVED).order_by("pk")
    questions = Question.objects.order_by("position", "pk").prefetch_related(
        "options", Prefetch("statements", queryset=statements, to_attr="approved_statements")
    )
    return list(
        consultation.sections.order_by("position", "pk").prefetch_related(
            Prefetch("questions", queryset=questions)
        )
    )


def scale_label(question: Question, point: int) -> str:
    from engage.consultations.models import bilingual

    end = ""
    if point == question.scale_min:
        end = bilingual(question, "scale_min_label")
    elif point == question.scale_max:
        end = bilingual(question, "scale_max_label")
    return f"{point} – {end}" if end else str(point)


def precept_hint(amount: Decimal | None) -> str:
    if amount is None:
        return ""
    if amount == 0:
        return ""
    return _("%(year)s more a year (about %(month)s a month) for a Band D home") % {
        "year": pounds(amount),
        "month": pounds((amount / 12).quantize(Decimal("0.01"))),
    }


@dataclass
class Choice:
    """One radio, checkbox or select option as the template shows it."""

    value: str
    label: str
    hint: str = ""
    id: str = ""
    checked: bool = False


@dataclass
class Block:
    """One question as the template draws it: its fields' names, choices and errors."""

    question: Question
    name: str
    id: str
    errors: list[str]
    value: Any = None
    choices: list[Choice] = field(default_factory=list)
    # Ranking: one select per option; statements: one radio group per statement.
    rows: list[dict[str, Any]] = field(default_factory=list)
    new_statement: dict[str, Any] | None = None
    limit: int = 0
    # Staff entry starts typing at the first question.
    autofocus: bool = False


def _name(question: Question) -> str:
    return f"q{question.pk}"


def _choice_list(
    name: str, items: Iterable[tuple[str, str, str]], selected: set[str]
) -> list[Choice]:
    return [
        Choice(value, label, hint, f"id_{name}" + (f"-{i}" if i > 1 else ""), value in selected)
        for i, (value, label, hint) in enumerate(items, start=1)
    ]


class AnswerForm(forms.Form):
    """Answers to a list of questions (a section, or every question for staff entry).

    `answers` (what is stored already) fills the fields on a GET; a POST shows what was posted,
    so a validation error never loses an answer. After `is_valid()`, `cleaned_answers` holds
    {question key: stored value or None} and `new_statements` {question key: text}.
    """

    def __init__(
        self,
        data: Any = None,
        *,
        questions: Sequence[Question],
        answers: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(data)
        self.questions = list(questions)
        self.stored = answers or {}
        self.cleaned_answers: dict[str, Any] = {}
        self.new_statements: dict[str, str] = {}
        for q in self.questions:
            self._add_fields(q)

    # -- fields ------------------------------------------------------------------------------

    def _add_fields(self, q: Question) -> None:
        name = _name(q)
        stored = self.stored.get(q.key)
        kind = q.kind
        if kind in (QuestionKind.SINGLE, QuestionKind.PRECEPT, QuestionKind.SCALE):
            self.fields[name] = forms.CharField(required=False)
            self.initial[name] = "" if stored is None else str(stored)
        elif kind == QuestionKind.MULTIPLE:
            self.fields[name] = forms.MultipleChoiceField(
                required=False,
                choices=[(str(o.pk), o.label) for o in q.options.all()],
                widget=forms.CheckboxSelectMultiple,
            )
            self.initial[name] = [str(v) for v in stored or []]
        elif kind == QuestionKind.RANKING:
            ranked = {int(v): i for i, v in enumerate(stored or [], start=1)}
            for o in q.options.all():
                self.fields[f"{name}-o{o.pk}"] = forms.CharField(required=False)
                self.initial[f"{name}-o{o.pk}"] = str(ranked.get(o.pk, ""))
        elif kind in (QuestionKind.NUMBER, QuestionKind.TEXT):
            # No Django length limit: check_answer says how long the answer is and what is allowed.
            self.fields[name] = forms.CharField(required=False, strip=False)
            self.initial[name] = "" if stored is None else str(stored)
        elif kind == QuestionKind.STATEMENTS:
            votes = stored or {}
            for s in getattr(q, "approved_statements", []):
                self.fields[f"{name}-s{s.pk}"] = forms.CharField(required=False)
                vote = votes.get(str(s.pk))
                self.initial[f"{name}-s{s.pk}"] = "" if vote is None else str(vote)
            if q.allow_new_statements:
                self.fields[f"{name}-new"] = forms.CharField(required=False)

    def _raw(self, name: str) -> Any:
        """What the person sees in a field: the posted value on a POST, else the stored one."""
        if self.is_bound:
            if isinstance(self.fields.get(name), forms.MultipleChoiceField):
                return (
                    self.data.getlist(name)
                    if hasattr(self.data, "getlist")
                    else self.data.get(name, [])
                )
            return self.data.get(name, "")
        return self.initial.get(name, "")

    # -- cleaning ----------------------------------------------------------------------------

    def _shape(self, q: Question) -> Any:
        """What was posted for `q`, in the stored shape (before check_answer)."""
        name = _name(q)
        kind = q.kind
        if kind in (QuestionKind.SINGLE, QuestionKind.PRECEPT, QuestionKind.SCALE):
            return self._raw(name).strip()
        if kind == QuestionKind.MULTIPLE:
            return [v for v in self._raw(name) if v]
        if kind == QuestionKind.RANKING:
            positions: dict[int, int] = {}
            for o in q.options.all():
                value = str(self._raw(f"{name}-o{o.pk}")).strip()
                if not value:
                    continue
                if not value.isdigit():
                    raise ValidationError(_("Choose a position from the list."))
                positions[o.pk] = int(value)
            if len(set(positions.values())) != len(positions):
                raise ValidationError(_("Give each position to only one answer."))
            return [pk for pk, _pos in sorted(positions.items(), key=lambda item: item[1])]
        if kind == QuestionKind.NUMBER:
            return self._raw(name).strip()
        if kind == QuestionKind.TEXT:
            return self._raw(name)
        if kind == QuestionKind.STATEMENTS:
            votes = {}
            for s in getattr(q, "approved_statements", []):
                value = str(self._raw(f"{name}-s{s.pk}")).strip()
                if value:
                    votes[str(s.pk)] = value
            return votes
        return None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for q in self.questions:
            try:
                value = check_answer(q, self._shape(q))
            except ValidationError as error:
                self.add_error(self.error_field(q), error)
                continue
            self.cleaned_answers[q.key] = value
            if q.kind == QuestionKind.STATEMENTS and q.allow_new_statements:
                text = " ".join(str(self._raw(f"{_name(q)}-new")).split())
                if len(text) > NEW_STATEMENT_MAX:
                    self.add_error(
                        f"{_name(q)}-new",
                        _("Your statement is %(n)s characters long; keep it to %(max)s or fewer.")
                        % {"n": f"{len(text):,}", "max": NEW_STATEMENT_MAX},
                    )
                elif text:
                    self.new_statements[q.key] = text
        return data

    def error_field(self, q: Question) -> str:
        """The field an error about `q` belongs to (the first of a ranking or statement vote)."""
        name = _name(q)
        if q.kind == QuestionKind.RANKING:
            first = next(iter(q.options.all()), None)
            return f"{name}-o{first.pk}" if first else name
        if q.kind == QuestionKind.STATEMENTS:
            first = next(iter(getattr(q, "approved_statements", [])), None)
            if first is not None:
                return f"{name}-s{first.pk}"
            return f"{name}-new" if q.allow_new_statements else name
        return name

    def error_items(self) -> list[dict[str, str]]:
        """The error summary: each message linking to its question's first control."""
        if not self.is_bound:
            return []
        items = [{"href": "", "text": str(e)} for e in self.non_field_errors()]
        for name, errors in self.errors.items():
            if name != "__all__":
                items += [{"href": f"#id_{name}", "text": str(e)} for e in errors]
        return items

    # -- drawing -----------------------------------------------------------------------------

    def blocks(self) -> list[Block]:
        return [self._block(q) for q in self.questions]

    def _messages_for(self, name: str) -> list[str]:
        return [str(e) for e in self.errors.get(name, [])] if self.is_bound else []

    def _block(self, q: Question) -> Block:
        name = _name(q)
        error_name = self.error_field(q)
        block = Block(q, name, f"id_{error_name}", self._messages_for(error_name))
        kind = q.kind
        if kind in (QuestionKind.SINGLE, QuestionKind.PRECEPT):
            items = [
                (
                    str(o.pk),
                    o.local_label,
                    precept_hint(o.amount) if kind == QuestionKind.PRECEPT else "",
                )
                for o in q.options.all()
            ]
            block.choices = _choice_list(name, items, {str(self._raw(name))})
        elif kind == QuestionKind.SCALE and q.scale_min is not None and q.scale_max is not None:
            items = [(str(p), scale_label(q, p), "") for p in range(q.scale_min, q.scale_max + 1)]
            block.choices = _choice_list(name, items, {str(self._raw(name))})
        elif kind == QuestionKind.MULTIPLE:
            items = [(str(o.pk), o.local_label, "") for o in q.options.all()]
            block.choices = _choice_list(name, items, {str(v) for v in self._raw(name)})
        elif kind == QuestionKind.RANKING:
            options = list(q.options.all())
            places = q.max_choices or len(options)
            for o in options:
                row_name = f"{name}-o{o.pk}"
                chosen = str(self._raw(row_name))
                block.rows.append(
                    {
                        "name": row_name,
                        "id": f"id_{row_name}",
                        "label": o.local_label,
                        "choices": [Choice("", _("Not ranked"), checked=not chosen)]
                        + [
                            Choice(str(p), ordinal(p), checked=chosen == str(p))
                            for p in range(1, places + 1)
                        ],
                    }
                )
        elif kind in (QuestionKind.NUMBER, QuestionKind.TEXT):
            block.value = self._raw(name)
            block.limit = q.max_length
        elif kind == QuestionKind.STATEMENTS:
            for s in getattr(q, "approved_statements", []):
                row_name = f"{name}-s{s.pk}"
                chosen = str(self._raw(row_name))
                block.rows.append(
                    {
                        "name": row_name,
                        "id": f"id_{row_name}",
                        "label": s.local_text,
                        "errors": self._messages_for(row_name) if row_name != error_name else [],
                        "choices": _choice_list(
                            row_name, [(v, str(label), "") for v, label in VOTE_CHOICES], {chosen}
                        ),
                    }
                )
            if q.allow_new_statements:
                new_name = f"{name}-new"
                block.new_statement = {
                    "name": new_name,
                    "id": f"id_{new_name}",
                    "value": self._raw(new_name) if self.is_bound else "",
                    "errors": self._messages_for(new_name) if new_name != error_name else [],
                    "limit": NEW_STATEMENT_MAX,
                }
        return block


# -- about you --------------------------------------------------------------------------------

POSTCODE_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
DEMOGRAPHIC_FIELDS = ("age_band", "sex", "ethnic_group", "disability", "area", "postcode_district")


def respondent_areas(office: Any) -> list[Area]:
    """The areas a respondent may say they live in: the office's districts and forum areas."""
    return list(
        Area.objects.for_office(office)
        .filter(kind__in=[AreaKind.DISTRICT, AreaKind.FORUM_AREA])
        .order_by("kind", "name")
    )


class AboutYouForm(forms.Form):
    """The standard 'about you' block (ONS 2021 categories): every question optional."""

    age_band = forms.ChoiceField(
        label=gettext_lazy("How old are you?"),
        choices=AgeBand.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    sex = forms.ChoiceField(
        label=gettext_lazy("What is your sex?"),
        choices=Sex.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    ethnic_group = forms.ChoiceField(
        label=gettext_lazy("What is your ethnic group?"),
        choices=EthnicGroup.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    disability = forms.ChoiceField(
        label=gettext_lazy(
            "Are your day-to-day activities limited because of a health problem or disability "
            "which has lasted, or is expected to last, at least 12 months?"
        ),
        choices=Disability.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    area = forms.ChoiceField(
        label=gettext_lazy("Which area do you live in?"), required=False, widget=forms.Select
    )
    postcode_district = forms.CharField(
        label=gettext_lazy("The first half of your postcode"),
        help_text=gettext_lazy("For example, CV11. We do not ask for your full postcode."),
        required=False,
        max_length=10,
        error_messages={
            "max_length": gettext_lazy("Enter only the first half of your postcode, like CV11")
        },
    )

    def __init__(self, *args: Any, areas: Sequence[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.areas = {str(a.pk): a for a in areas}
        kinds = dict(AreaKind.choices)
        area = self.fields["area"]
        assert isinstance(area, forms.ChoiceField)
        area.choices = [("", _("Prefer not to say"))] + [
            (str(a.pk), f"{a.name} ({str(kinds[a.kind]).lower()})") for a in areas
        ]

    def clean_postcode_district(self) -> str:
        value = "".join(self.cleaned_data["postcode_district"].split()).upper()
        if value and not POSTCODE_DISTRICT.match(value):
            raise ValidationError(_("Enter the first half of your postcode, like CV11"))
        return value

    def about(self) -> dict[str, Any]:
        """The demographic fields to store ('' and None for unanswered)."""
        data = self.cleaned_data
        return {
            "age_band": data["age_band"],
            "sex": data["sex"],
            "ethnic_group": data["ethnic_group"],
            "disability": data["disability"],
            "area": self.areas.get(data["area"]),
            "postcode_district": data["postcode_district"],
        }

    @classmethod
    def initial_from(cls, response: Any) -> dict[str, Any]:
        initial = {f: getattr(response, f) for f in DEMOGRAPHIC_FIELDS if f != "area"}
        initial["area"] = str(response.area_id or "")
        return initial


# -- staff entry ------------------------------------------------------------------------------

ENTRY_CHANNELS = [
    (ResponseChannel.PAPER.value, ResponseChannel.PAPER.label),
    (ResponseChannel.PHONE.value, ResponseChannel.PHONE.label),
    (ResponseChannel.EMAIL.value, ResponseChannel.EMAIL.label),
]


class EntryForm(forms.Form):
    """How a typed-in response came, and the paper form's own number."""

    channel = forms.ChoiceField(
        label=gettext_lazy("How did this response come?"),
        choices=ENTRY_CHANNELS,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose how the response came")},
    )
    source_id = forms.CharField(
        label=gettext_lazy("Reference number on the form"),
        help_text=gettext_lazy(
            "Write the same number on the paper form, so it can be found again."
        ),
        required=False,
        max_length=60,
    )
    wants_outcome = forms.BooleanField(
        label=gettext_lazy("They want to hear what happened as a result"), required=False
    )
    email = forms.EmailField(
        label=gettext_lazy("Their email address"),
        required=False,
        error_messages={"invalid": gettext_lazy("Enter an email address, like name@example.com")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("wants_outcome"):
            data["email"] = ""
        return data


class ConsentForm(forms.Form):
    """The check-your-answers page's consent to hear the outcome, with an optional email."""

    wants_outcome = forms.BooleanField(
        label=gettext_lazy("Tell me what happened as a result"),
        help_text=gettext_lazy(
            "We will email you once, when we publish what we did. We use your email for nothing else."
        ),
        required=False,
    )
    email = forms.EmailField(
        label=gettext_lazy("Email address"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": gettext_lazy("Enter an email address, like name@example.com")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("wants_outcome"):
            # Only stored when they ask to hear back.
            data["email"] = ""
        elif not data.get("email") and "email" not in self.errors:
            self.add_error(
                "email",
                _("Enter your email address, or untick 'Tell me what happened as a result'"),
            )
        return data


# -- reading answers back ---------------------------------------------------------------------


def readable_answer(question: Question, value: Any) -> list[str]:
    """A stored answer as lines a person reads: labels, not ids."""
    if value is None:
        return []
    labels = {o.pk: o.local_label for o in question.options.all()}
    kind = question.kind
    if kind in (QuestionKind.SINGLE, QuestionKind.PRECEPT):
        option = next((o for o in question.options.all() if o.pk == value), None)
        if option is None:
            return [str(value)]
        hint = precept_hint(option.amount) if kind == QuestionKind.PRECEPT else ""
        return [f"{option.local_label}: {hint}" if hint else option.local_label]
    if kind == QuestionKind.MULTIPLE:
        return [labels.get(v, str(v)) for v in value]
    if kind == QuestionKind.RANKING:
        return [f"{ordinal(i)}: {labels.get(v, str(v))}" for i, v in enumerate(value, start=1)]
    if kind == QuestionKind.SCALE:
        return [scale_label(question, value)]
    if kind == QuestionKind.STATEMENTS:
        texts = {str(s.pk): s.local_text for s in question.statements.all()}
        votes = dict(VOTE_CHOICES)
        return [f"{votes.get(str(v), v)}: {texts.get(k, k)}" for k, v in value.items()]
    return [str(value)]


def readable_about(response: Any) -> list[tuple[str, str]]:
    """The 'about you' answers as (question, answer) pairs; unanswered shows as not given."""
    form = AboutYouForm(areas=[])
    rows = []
    for name in DEMOGRAPHIC_FIELDS:
        label = str(form.fields[name].label)
        if name == "area":
            value = response.area.name if response.area_id else ""
        else:
            value = getattr(response, name)
            display = getattr(response, f"get_{name}_display", None)
            value = str(display()) if display and value else value
        rows.append((label, value or _("Not given")))
    return rows

"""Writes for the survey builder: consultations, sections, questions, options, statements, status.

Each function is one whole change, atomic. The consultation keeps its history (simple-history);
changes to its sections and questions are written into that history as a reason ("Question added:
…") so the overview page shows who built what. Rules on what makes a sensible survey live here
(`question_errors`, `definition_problems`) and are shared by the forms and by `move_to`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from engage.accounts.models import User
from engage.consultations.answers import TEXT_HARD_LIMIT
from engage.consultations.models import (
    CHOICE_KINDS,
    Consultation,
    Option,
    Question,
    QuestionKind,
    Response,
    Section,
    Statement,
    StatementStatus,
    Status,
)
from engage.core.models import Office

SCALE_MOST_POINTS = 11
MIN_OPTIONS = 2

# The lifecycle: where a consultation may go from each status.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.DRAFT: (Status.OPEN,),
    Status.OPEN: (Status.CLOSED,),
    Status.CLOSED: (Status.OPEN, Status.ANALYSED),
    # Back to closed: paper forms that arrive after the analysis are typed in, then analysed.
    Status.ANALYSED: (Status.PUBLISHED, Status.CLOSED),
    Status.PUBLISHED: (Status.ANALYSED,),
}

CONSULTATION_FIELDS = {
    "title",
    "title_cy",
    "slug",
    "description",
    "description_cy",
    "strategic_area",
    "area",
    "opens_on",
    "closes_on",
    "privacy_notice",
    "privacy_notice_cy",
    "owner",
    "ask_demographics",
}
SECTION_FIELDS = {"title", "title_cy", "intro", "intro_cy"}
# What each kind of question uses besides its wording (text, help text, required).
COMMON_QUESTION_FIELDS = ("text", "text_cy", "help_text", "help_text_cy", "required")
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    QuestionKind.SINGLE: (),
    QuestionKind.MULTIPLE: ("max_choices",),
    QuestionKind.RANKING: ("max_choices",),
    QuestionKind.PRECEPT: ("band_d_current",),
    QuestionKind.SCALE: (
        "scale_min",
        "scale_max",
        "scale_min_label",
        "scale_min_label_cy",
        "scale_max_label",
        "scale_max_label_cy",
    ),
    QuestionKind.NUMBER: ("number_min", "number_max"),
    QuestionKind.TEXT: ("max_length",),
    QuestionKind.STATEMENTS: ("allow_new_statements",),
}


def question_fields(kind: str) -> tuple[str, ...]:
    return COMMON_QUESTION_FIELDS + KIND_FIELDS[kind]


@dataclass(frozen=True)
class OptionLine:
    """An option as the builder gives it: one line of "label | Welsh label | amount"."""

    label: str
    label_cy: str = ""
    amount: Decimal | None = None


def _stamp(obj: Any, by: User | None, reason: str = "") -> None:
    obj._history_user = by
    if reason:
        obj._change_reason = reason


def _note(consultation: Consultation, by: User | None, reason: str) -> None:
    """A row in the consultation's history for a change to its sections or questions."""
    _stamp(consultation, by, reason)
    consultation.save(update_fields=["updated_at"])


# -- consultations ----------------------------------------------------------------------------


def slug_taken(office: Office, slug: str, exclude: Consultation | None = None) -> bool:
    others = Consultation.objects.filter(office=office, slug=slug)
    if exclude is not None and exclude.pk:
        others = others.exclude(pk=exclude.pk)
    return others.exists()


def unique_slug(office: Office, title: str, exclude: Consultation | None = None) -> str:
    """A web address made from the title, numbered when another consultation already has it."""
    base = slugify(title)[:70].strip("-") or "consultation"
    slug, n = base, 2
    while slug_taken(office, slug, exclude):
        slug, n = f"{base}-{n}", n + 1
    return slug


def date_problems(opens_on: dt.date | None, closes_on: dt.date | None) -> dict[str, str]:
    """Dates that make no sense together, by field."""
    if opens_on and closes_on and closes_on <= opens_on:
        return {"closes_on": _("The close date must be after the open date.")}
    return {}


def _apply(obj: Any, fields: dict[str, Any], allowed: set[str] | tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(obj, name, value)


@transaction.atomic
def create_consultation(office: Office, *, by: User | None, **fields: Any) -> Consultation:
    """A new draft consultation. A blank web address is made from the title."""
    consultation = Consultation(office=office, status=Status.DRAFT)
    _apply(consultation, fields, CONSULTATION_FIELDS)
    if not consultation.slug:
        consultation.slug = unique_slug(office, consultation.title)
    elif slug_taken(office, consultation.slug):
        raise ValidationError({"slug": _("Another consultation already uses this web address.")})
    problems = date_problems(consultation.opens_on, consultation.closes_on)
    if problems:
        raise ValidationError(problems)
    _stamp(consultation, by)
    consultation.save()
    return consultation


def update_consultation(consultation: Consultation, *, by: User | None, **fields: Any) -> None:
    """Save the consultation's details (not its status: that is `move_to`).

    When refused, the consultation is as it was, in the database and in memory.
    """
    try:
        _update_consultation(consultation, by=by, **fields)
    except ValidationError:
        consultation.refresh_from_db()
        raise


@transaction.atomic
def _update_consultation(consultation: Consultation, *, by: User | None, **fields: Any) -> None:
    _apply(consultation, fields, CONSULTATION_FIELDS)
    if not consultation.slug:
        consultation.slug = unique_slug(consultation.office, consultation.title, consultation)
    elif slug_taken(consultation.office, consultation.slug, consultation):
        raise ValidationError({"slug": _("Another consultation already uses this web address.")})
    problems = date_problems(consultation.opens_on, consultation.closes_on)
    if problems:
        raise ValidationError(problems)
    _stamp(consultation, by)
    consultation.save()


# -- what makes a sensible survey ---------------------------------------------------------------


def question_errors(question: Question, options: Sequence[OptionLine] | None) -> dict[str, str]:
    """What is wrong with one question's definition, by field ("options" for its options).

    `options` are the options it will have (None: those it has now).
    """
    if options is None:
        options = [OptionLine(o.label, o.label_cy, o.amount) for o in question.options.all()]
    errors: dict[str, str] = {}
    kind = question.kind
    if kind in CHOICE_KINDS:
        if len(options) < MIN_OPTIONS:
            if kind == QuestionKind.RANKING:
                message = _("A ranking needs at least 2 options to put in order.")
            else:
                message = _("Give at least 2 options to choose from.")
            errors["options"] = message
        elif kind == QuestionKind.PRECEPT:
            missing = [str(i) for i, o in enumerate(options, 1) if o.amount is None]
            if missing:
                errors["options"] = _(
                    "Give each precept option its yearly amount for a Band D household "
                    "(missing on line %(lines)s), like: £10 more a year | | 10"
                ) % {"lines": ", ".join(missing)}
    if kind in (QuestionKind.MULTIPLE, QuestionKind.RANKING) and question.max_choices is not None:
        if question.max_choices < 1:
            errors["max_choices"] = _("Allow at least 1, or leave it blank for no limit.")
        elif question.max_choices > len(options):
            errors["max_choices"] = _(
                "There are only %(n)s options: allow no more than %(n)s, "
                "or leave it blank for no limit."
            ) % {"n": len(options)}
    if kind == QuestionKind.SCALE:
        low, high = question.scale_min, question.scale_max
        if low is None or high is None:
            errors["scale_min" if low is None else "scale_max"] = _(
                "Give the lowest and the highest point of the scale, like 1 and 5."
            )
        elif low > high:
            errors["scale_min"] = _(
                "The scale goes from %(low)s down to %(high)s: put the lowest point first "
                "(%(high)s to %(low)s) and label the ends to say which is which."
            ) % {"low": low, "high": high}
        elif low == high:
            errors["scale_max"] = _("A scale needs at least 2 points.")
        elif high - low + 1 > SCALE_MOST_POINTS:
            errors["scale_max"] = _(
                "A scale can have at most %(most)s points, like 0 to 10; this one has %(n)s."
            ) % {"most": SCALE_MOST_POINTS, "n": high - low + 1}
    if kind == QuestionKind.NUMBER:
        low_n, high_n = question.number_min, question.number_max
        if low_n is not None and high_n is not None and low_n > high_n:
            errors["number_max"] = _(
                "The largest allowed number (%(high)s) is smaller than the smallest (%(low)s)."
            ) % {"low": low_n, "high": high_n}
    if kind == QuestionKind.TEXT and not 1 <= (question.max_length or 0) <= TEXT_HARD_LIMIT:
        errors["max_length"] = _("Allow from 1 to %(most)s characters.") % {
            "most": f"{TEXT_HARD_LIMIT:,}"
        }
    return errors


def definition_problems(consultation: Consultation) -> list[str]:
    """Everything that stops the consultation opening, in the words of what to fix."""
    problems: list[str] = []
    today = timezone.localdate()
    if consultation.closes_on is None:
        problems.append(_("Set the close date."))
    else:
        problems += date_problems(consultation.opens_on, consultation.closes_on).values()
        if consultation.closes_on < today:
            problems.append(_("The close date has passed: set a later close date."))
    sections = list(
        consultation.sections.prefetch_related("questions__options", "questions__statements")
    )
    if not any(s.questions.all() for s in sections):
        problems.append(_("Add at least one question."))
    number = 0
    for section in sections:
        questions = list(section.questions.all())
        if not questions:
            problems.append(
                _("The section “%(section)s” has no questions: add one or delete the section.")
                % {"section": section.title}
            )
        for question in questions:
            number += 1
            for message in question_errors(question, None).values():
                problems.append(
                    _("Question %(n)s (%(text)s): %(message)s")
                    % {"n": number, "text": question.text, "message": message}
                )
            if question.kind == QuestionKind.STATEMENTS and not question.allow_new_statements:
                approved = [
                    s for s in question.statements.all() if s.status == StatementStatus.APPROVED
                ]
                if not approved:
                    problems.append(
                        _(
                            "Question %(n)s (%(text)s): add at least 1 statement to vote on, "
                            "or let people add their own."
                        )
                        % {"n": number, "text": question.text}
                    )
    return problems


# -- lifecycle --------------------------------------------------------------------------------

MOVE_REASONS: dict[tuple[str, str], Any] = {
    (Status.DRAFT, Status.OPEN): _lazy("Opened"),
    (Status.OPEN, Status.CLOSED): _lazy("Closed"),
    (Status.CLOSED, Status.OPEN): _lazy("Reopened"),
    (Status.CLOSED, Status.ANALYSED): _lazy("Analysed"),
    (Status.ANALYSED, Status.PUBLISHED): _lazy("Results published"),
    (Status.PUBLISHED, Status.ANALYSED): _lazy("Results unpublished"),
    (Status.ANALYSED, Status.CLOSED): _lazy("Back to closed for late responses"),
}


def next_statuses(consultation: Consultation) -> tuple[str, ...]:
    return TRANSITIONS.get(consultation.status, ())


@transaction.atomic
def move_to(consultation: Consultation, status: str, *, by: User | None) -> None:
    """Move the consultation along its lifecycle, or raise ValidationError saying why not.

    Opening (and reopening) needs a definition without problems; an open consultation with no
    open date gets today's. Writes a history row with the move as its reason.
    """
    current = consultation.status
    if status not in TRANSITIONS.get(current, ()):
        allowed = ", ".join(str(Status(s).label).lower() for s in TRANSITIONS.get(current, ()))
        raise ValidationError(
            _(
                "A consultation that is %(current)s cannot become %(target)s; it can become: %(allowed)s."
            )
            % {
                "current": str(Status(current).label).lower(),
                "target": str(Status(status).label).lower() if status in Status.values else status,
                "allowed": allowed or "–",
            }
        )
    if status == Status.OPEN:
        problems = definition_problems(consultation)
        if problems:
            raise ValidationError(problems)
        if consultation.opens_on is None:
            consultation.opens_on = timezone.localdate()
    consultation.status = status
    _stamp(consultation, by, str(MOVE_REASONS[(current, status)]))
    consultation.save()


# -- sections ---------------------------------------------------------------------------------


def _answers(consultation: Consultation) -> Iterator[dict[str, Any]]:
    """Every response's answers, drafts included (a draft's answers must stay valid too)."""
    rows = Response.objects.filter(consultation=consultation).values_list("answers", flat=True)
    for answers in rows.iterator(chunk_size=2000):
        if isinstance(answers, dict):
            yield answers


def answered_questions(consultation: Consultation) -> set[int]:
    """Ids of the questions somebody has answered."""
    found: set[int] = set()
    for answers in _answers(consultation):
        found.update(int(k) for k in answers if k.isdigit())
    return found


def answered_options(question: Question) -> set[int]:
    """Ids of the question's options somebody has chosen or ranked."""
    found: set[int] = set()
    for answers in _answers(question.consultation):
        value = answers.get(question.key)
        if isinstance(value, list):
            found.update(v for v in value if isinstance(v, int))
        elif isinstance(value, int):
            found.add(value)
    return found


@transaction.atomic
def add_section(consultation: Consultation, *, by: User | None, **fields: Any) -> Section:
    """A new section at the end of the survey."""
    section = Section(consultation=consultation)
    _apply(section, fields, SECTION_FIELDS)
    last = consultation.sections.aggregate(m=Max("position"))["m"]
    section.position = 0 if last is None else last + 1
    section.save()
    _note(consultation, by, _("Section added: %(t)s") % {"t": section.title})
    return section


@transaction.atomic
def update_section(section: Section, *, by: User | None, **fields: Any) -> None:
    _apply(section, fields, SECTION_FIELDS)
    section.save()
    _note(section.consultation, by, _("Section changed: %(t)s") % {"t": section.title})


@transaction.atomic
def delete_section(section: Section, *, by: User | None) -> None:
    """Delete a section and its questions, unless somebody has answered one of them."""
    consultation = section.consultation
    answered = answered_questions(consultation)
    kept = [q for q in section.questions.all() if q.pk in answered]
    if kept:
        raise ValidationError(
            _(
                "People have answered questions in this section (%(questions)s): "
                "their answers would be lost. Change the wording instead."
            )
            % {"questions": "; ".join(q.text for q in kept)}
        )
    title = section.title
    section.delete()
    _renumber(consultation.sections.all())
    _note(consultation, by, _("Section deleted: %(t)s") % {"t": title})


def _renumber(rows: Iterable[Any]) -> None:
    for position, row in enumerate(rows):
        if row.position != position:
            row.position = position
            row.save(update_fields=["position"])


# -- questions and options --------------------------------------------------------------------


def _check_question(question: Question, options: Sequence[OptionLine] | None) -> None:
    errors = question_errors(question, options)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_question(
    section: Section,
    *,
    kind: str,
    by: User | None,
    options: Sequence[OptionLine] = (),
    **fields: Any,
) -> Question:
    """A new question at the end of the section, with its options (for the choice kinds)."""
    if kind not in KIND_FIELDS:
        raise ValidationError(_("Choose a type of question."))
    question = Question(consultation=section.consultation, section=section, kind=kind)
    _apply(question, fields, question_fields(kind))
    option_lines = list(options) if kind in CHOICE_KINDS else []
    _check_question(question, option_lines)
    last = section.questions.aggregate(m=Max("position"))["m"]
    question.position = 0 if last is None else last + 1
    question.save()
    Option.objects.bulk_create(
        Option(
            question=question,
            label=line.label,
            label_cy=line.label_cy,
            amount=line.amount if kind == QuestionKind.PRECEPT else None,
            position=position,
        )
        for position, line in enumerate(option_lines)
    )
    _note(section.consultation, by, _("Question added: %(t)s") % {"t": question.text})
    return question


def _match_options(
    existing: list[Option], lines: Sequence[OptionLine]
) -> list[tuple[Option | None, OptionLine]]:
    """Pair each new line with the option it continues, so answers keep pointing at the same option.

    A line with an option's exact label is that option (it may have moved); the other lines take
    the remaining options in order (a wording fix keeps its place); what is left over is new.
    """
    by_label = {o.label: o for o in existing}
    used: set[int] = set()
    pairs: list[tuple[Option | None, OptionLine]] = []
    for line in lines:
        match = by_label.get(line.label)
        if match is not None and match.pk not in used:
            used.add(match.pk)
            pairs.append((match, line))
        else:
            pairs.append((None, line))
    spare = iter(o for o in existing if o.pk not in used)
    result = []
    for option, line in pairs:
        if option is None:
            option = next(spare, None)
            if option is not None:
                used.add(option.pk)
        result.append((option, line))
    return result


def update_question(
    question: Question,
    *,
    by: User | None,
    options: Sequence[OptionLine] | None = None,
    **fields: Any,
) -> None:
    """Save a question's wording and settings and, for the choice kinds, its options.

    Options nobody uses any more are deleted; an option somebody chose is never deleted (the
    change is refused), and a scale people have answered keeps its points. When refused, the
    question is as it was, in the database and in memory.
    """
    try:
        _update_question(question, by=by, options=options, **fields)
    except ValidationError:
        question.refresh_from_db()
        raise


@transaction.atomic
def _update_question(
    question: Question,
    *,
    by: User | None,
    options: Sequence[OptionLine] | None,
    **fields: Any,
) -> None:
    old_scale = (question.scale_min, question.scale_max)
    _apply(question, fields, question_fields(question.kind))
    if question.kind not in CHOICE_KINDS:
        options = None
    _check_question(question, options)
    rescaled = (question.scale_min, question.scale_max) != old_scale
    if rescaled and question.pk in answered_questions(question.consultation):
        raise ValidationError(
            {
                "scale_min": _(
                    "People have already answered on this scale: you can change its wording "
                    "but not its points."
                )
            }
        )
    question.save()
    if options is not None:
        existing = list(question.options.all())
        pairs = _match_options(existing, options)
        kept = {o.pk for o, _line in pairs if o is not None}
        dropped = [o for o in existing if o.pk not in kept]
        chosen = answered_options(question) if dropped else set()
        refused = [o.label for o in dropped if o.pk in chosen]
        if refused:
            raise ValidationError(
                {
                    "options": _(
                        "People have chosen %(options)s: an option with answers cannot be "
                        "removed. You can change its wording."
                    )
                    % {"options": ", ".join(f"“{label}”" for label in refused)}
                }
            )
        for option in dropped:
            option.delete()
        for position, (matched, line) in enumerate(pairs):
            option = matched or Option(question=question)
            option.label, option.label_cy, option.position = line.label, line.label_cy, position
            option.amount = line.amount if question.kind == QuestionKind.PRECEPT else None
            option.save()
    _note(question.consultation, by, _("Question changed: %(t)s") % {"t": question.text})


@transaction.atomic
def delete_question(question: Question, *, by: User | None) -> None:
    """Delete a question nobody has answered."""
    consultation = question.consultation
    if question.pk in answered_questions(consultation):
        raise ValidationError(
            _(
                "People have answered this question: deleting it would lose their answers. "
                "You can change its wording instead."
            )
        )
    section, text = question.section, question.text
    question.delete()
    _renumber(section.questions.all())
    _note(consultation, by, _("Question deleted: %(t)s") % {"t": text})


@transaction.atomic
def move_question(question: Question, direction: str, *, by: User | None) -> None:
    """One place up or down; past the top or bottom of its section, into the next section."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Move a question up or down."))
    consultation = question.consultation
    sections = list(consultation.sections.all())
    siblings = list(question.section.questions.all())
    index = siblings.index(question)
    step = -1 if direction == "up" else 1
    if 0 <= index + step < len(siblings):
        siblings[index], siblings[index + step] = siblings[index + step], siblings[index]
        _renumber(siblings)
    else:
        at = [s.pk for s in sections].index(question.section_id) + step
        if not 0 <= at < len(sections):
            return  # already first or last in the survey
        target = sections[at]
        siblings.remove(question)
        _renumber(siblings)
        others = list(target.questions.all())
        question.section = target
        question.save(update_fields=["section"])
        _renumber([*others, question] if step < 0 else [question, *others])
    _note(
        consultation,
        by,
        (_("Question moved up: %(t)s") if direction == "up" else _("Question moved down: %(t)s"))
        % {"t": question.text},
    )


# -- statements -------------------------------------------------------------------------------


@transaction.atomic
def add_statements(question: Question, texts: Sequence[str], *, by: User | None) -> list[Statement]:
    """Statements written by staff: shown to participants at once (staff moderate themselves)."""
    if question.kind != QuestionKind.STATEMENTS:
        raise ValidationError(_("Only a statement-voting question has statements."))
    now = timezone.now()
    made = Statement.objects.bulk_create(
        Statement(
            question=question,
            text=text,
            status=StatementStatus.APPROVED,
            moderated_by=by,
            moderated_at=now,
        )
        for text in texts
    )
    _note(
        question.consultation,
        by,
        ngettext("%(n)s statement added to: %(t)s", "%(n)s statements added to: %(t)s", len(made))
        % {"n": len(made), "t": question.text},
    )
    return made


@transaction.atomic
def moderate_statement(statement: Statement, decision: str, *, by: User | None) -> None:
    """Show a statement to participants (approved) or keep it from them (rejected)."""
    if decision not in (StatementStatus.APPROVED, StatementStatus.REJECTED):
        raise ValidationError(_("Choose to show the statement or not."))
    statement.status = decision
    statement.moderated_by = by
    statement.moderated_at = timezone.now()
    statement.save(update_fields=["status", "moderated_by", "moderated_at"])

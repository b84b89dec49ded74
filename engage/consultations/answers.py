"""What an answer to each kind of question may be: one rule for every channel.

The public pages, the staff's paper and phone entry, and the CSV import all store answers through
`check_answer`, so an answer typed from a paper form is stored exactly as the same answer given
online (the format is in models.py's docstring).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from engage.consultations.models import Question, QuestionKind

# A free-text answer longer than this is refused whatever the question allows (about 10 pages).
TEXT_HARD_LIMIT = 20_000
VOTES = {1, -1, 0}


def _option_ids(question: Question) -> set[int]:
    cached = getattr(question, "_option_ids", None)
    if cached is None:
        cached = {o.pk for o in question.options.all()}
        question._option_ids = cached  # type: ignore[attr-defined]
    return cached


def _statement_ids(question: Question) -> set[str]:
    cached = getattr(question, "_statement_ids", None)
    if cached is None:
        cached = {str(pk) for pk in question.statements.values_list("pk", flat=True)}
        question._statement_ids = cached  # type: ignore[attr-defined]
    return cached


def _as_int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    raise ValueError


def check_answer(question: Question, value: Any) -> Any:
    """The answer as stored, or ValidationError saying what to fix. None means "not answered".

    `value` is already in the stored shape (pks, ints, strings); forms and imports turn what a
    person typed or chose into that shape first.
    """
    if value in (None, "", [], {}):
        if question.required:
            raise ValidationError(_("Answer this question: %(q)s") % {"q": question.text})
        return None
    kind = question.kind
    try:
        if kind in (QuestionKind.SINGLE, QuestionKind.PRECEPT):
            choice = _as_int(value)
            if choice not in _option_ids(question):
                raise ValidationError(_("Choose one of the answers given."))
            return choice
        if kind in (QuestionKind.MULTIPLE, QuestionKind.RANKING):
            if not isinstance(value, list | tuple):
                raise ValueError
            chosen = [_as_int(v) for v in value]
            if len(set(chosen)) != len(chosen):
                raise ValidationError(_("Choose each answer only once."))
            if not set(chosen) <= _option_ids(question):
                raise ValidationError(_("Choose from the answers given."))
            if question.max_choices and len(chosen) > question.max_choices:
                raise ValidationError(_("Choose no more than %(n)s.") % {"n": question.max_choices})
            return chosen
        if kind == QuestionKind.SCALE:
            point = _as_int(value)
            low, high = question.scale_min, question.scale_max
            if low is None or high is None or not low <= point <= high:
                raise ValidationError(
                    _("Choose a point from %(low)s to %(high)s.") % {"low": low, "high": high}
                )
            return point
        if kind == QuestionKind.NUMBER:
            try:
                number = Decimal(str(value).strip().replace(",", ""))
            except InvalidOperation:
                raise ValidationError(_("Enter a number, like 25 or 2.5.")) from None
            if not number.is_finite():
                raise ValidationError(_("Enter a number, like 25 or 2.5."))
            if question.number_min is not None and number < question.number_min:
                raise ValidationError(
                    _("Enter a number of %(min)s or more.") % {"min": question.number_min}
                )
            if question.number_max is not None and number > question.number_max:
                raise ValidationError(
                    _("Enter a number of %(max)s or less.") % {"max": question.number_max}
                )
            return int(number) if number == number.to_integral_value() else float(number)
        if kind == QuestionKind.TEXT:
            text = str(value).replace("\x00", "").strip()
            limit = min(question.max_length or TEXT_HARD_LIMIT, TEXT_HARD_LIMIT)
            if len(text) > limit:
                raise ValidationError(
                    _("Your answer is %(n)s characters long; it must be %(limit)s or fewer.")
                    % {"n": f"{len(text):,}", "limit": f"{limit:,}"}
                )
            return text or None
        if kind == QuestionKind.STATEMENTS:
            if not isinstance(value, dict):
                raise ValueError
            votes = {str(_as_int(k)): _as_int(v) for k, v in value.items()}
            if not set(votes.values()) <= VOTES:
                raise ValidationError(_("Vote agree, disagree or pass on each statement."))
            if not set(votes) <= _statement_ids(question):
                raise ValidationError(_("A vote is for a statement that does not exist."))
            return votes
    except ValueError:
        raise ValidationError(_("This answer is not in the right form.")) from None
    raise ValidationError(_("This kind of question is not known."))

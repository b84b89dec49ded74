"""Responding: a person's answers from a draft to a counted response, online or typed in by staff.

Online, `start_response` makes a draft with a private token; `save_answers` and `save_about_you`
keep each page as it is answered; `submit_response` counts it. Staff type a paper or phone
response in with `enter_response`, which stores it in one go, counted the same way. Every answer
goes through `answers.check_answer`, so the channel makes no difference to what is stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from engage.accounts.models import User
from engage.consultations.answers import check_answer
from engage.consultations.models import (
    Consultation,
    Question,
    Response,
    ResponseChannel,
    Section,
    Statement,
    StatementStatus,
    Status,
)

# A person reads and answers at least one question; a script submits at once.
MIN_SECONDS = 3
DEMOGRAPHICS = ("age_band", "sex", "ethnic_group", "disability", "area", "postcode_district")


class ConsultationClosed(Exception):
    """The consultation no longer (or not yet) takes answers; nothing was stored."""

    def __init__(self, consultation: Consultation) -> None:
        super().__init__(consultation.pk)
        self.consultation = consultation

    @property
    def closed_on(self) -> dt.date | None:
        c = self.consultation
        if c.closes_on and timezone.localdate() > c.closes_on:
            return c.closes_on
        return None


class AlreadySubmitted(Exception):
    """The response was sent: its private link can no longer change it."""


def _check_open(consultation: Consultation) -> None:
    if not consultation.is_accepting_responses():
        raise ConsultationClosed(consultation)


def _check_draft(response: Response) -> None:
    if response.submitted_at is not None:
        raise AlreadySubmitted
    _check_open(response.consultation)


def start_response(consultation: Consultation, *, language: str) -> Response:
    """A new online draft with its private token. Raises ConsultationClosed."""
    _check_open(consultation)
    return Response.objects.create(
        office_id=consultation.office_id,
        consultation=consultation,
        channel=ResponseChannel.ONLINE,
        language=language[:10],
    )


def response_for_token(office_slug: str, slug: str, token: str) -> Response | None:
    """The online response behind a private link (a draft, or a sent one to say so), or None.

    One query, with its consultation and office, and never a draft consultation's.
    """
    return (
        Response.objects.filter(
            token=token,
            channel=ResponseChannel.ONLINE,
            consultation__slug=slug,
            consultation__office__slug=office_slug,
        )
        .exclude(consultation__status=Status.DRAFT)
        .select_related("consultation", "consultation__office")
        .first()
    )


def checked_answers(questions: Iterable[Question], answers: dict[str, Any]) -> dict[str, Any]:
    """`answers` for these questions, each through check_answer; None for unanswered."""
    return {q.key: check_answer(q, answers.get(q.key)) for q in questions}


def _add_statements(
    response: Response, questions: Sequence[Question], texts: dict[str, str]
) -> list[Statement]:
    """Statements a participant wrote: waiting for staff to approve them before others see them."""
    by_key = {q.key: q for q in questions}
    return [
        Statement.objects.create(
            question=by_key[key], text=text, status=StatementStatus.PENDING, author=response
        )
        for key, text in texts.items()
        if key in by_key and by_key[key].allow_new_statements and text
    ]


def _merge(stored: dict[str, Any], checked: dict[str, Any]) -> dict[str, Any]:
    merged = dict(stored)
    for key, value in checked.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


def save_answers(
    response: Response,
    questions: Sequence[Question],
    answers: dict[str, Any],
    *,
    new_statements: dict[str, str] | None = None,
) -> Response:
    """Keep one page's answers on a draft (an unanswered question loses any earlier answer).

    Side effects: any statement the person added is stored PENDING, authored by this response.
    Raises ConsultationClosed (nothing stored), AlreadySubmitted, ValidationError.
    """
    checked = checked_answers(questions, answers)
    with transaction.atomic():
        locked = (
            Response.objects.select_for_update().select_related("consultation").get(pk=response.pk)
        )
        _check_draft(locked)
        locked.answers = _merge(locked.answers, checked)
        locked.save(update_fields=["answers", "updated_at"])
        _add_statements(locked, questions, new_statements or {})
    response.answers = locked.answers
    return response


def save_about_you(response: Response, about: dict[str, Any]) -> Response:
    """Keep the 'about you' answers, apart from the answers to the questions."""
    with transaction.atomic():
        locked = (
            Response.objects.select_for_update().select_related("consultation").get(pk=response.pk)
        )
        _check_draft(locked)
        for name in DEMOGRAPHICS:
            setattr(locked, name, about.get(name) or ("" if name != "area" else None))
        locked.save(update_fields=[*DEMOGRAPHICS, "updated_at"])
    for name in DEMOGRAPHICS:
        setattr(response, name, getattr(locked, name))
    return response


def missing_required(sections: Sequence[Section], answers: dict[str, Any]) -> list[Question]:
    return [q for s in sections for q in s.questions.all() if q.required and q.key not in answers]


def submit_response(
    response: Response,
    *,
    wants_outcome: bool,
    email: str,
    now: dt.datetime | None = None,
) -> Response:
    """Count a draft: it is submitted and its private link can no longer change it.

    The email is stored only when the person asks to hear the outcome. Raises ConsultationClosed,
    AlreadySubmitted, or ValidationError (a required question unanswered, or sent too quickly).
    """
    now = now or timezone.now()
    # One query: this is the busiest POST of a consultation (see bench/bench_response_post.py).
    required = Question.objects.filter(consultation_id=response.consultation_id, required=True)
    missing = [
        q
        for q in required.order_by("section__position", "position", "pk")
        if q.key not in response.answers
    ]
    if missing:
        raise ValidationError(
            [_("Answer this question: %(q)s") % {"q": q.local_text} for q in missing]
        )
    if (now - response.created_at).total_seconds() < MIN_SECONDS:
        raise ValidationError(
            _("That was quicker than we expected. Check your answers and send them again.")
        )
    _check_open(response.consultation)
    with transaction.atomic():
        updated = Response.objects.filter(pk=response.pk, submitted_at__isnull=True).update(
            submitted_at=now,
            wants_outcome=wants_outcome,
            email=email if wants_outcome else "",
            updated_at=now,
        )
        if not updated:
            raise AlreadySubmitted
    response.submitted_at = now
    response.wants_outcome = wants_outcome
    response.email = email if wants_outcome else ""
    return response


def first_unanswered_step(response: Response, sections: Sequence[Section]) -> int | str:
    """Where a private link takes a person back to: a section's step, "about" or "check".

    The first section with a required question unanswered; else the section after the last one
    with any answer; then 'about you' if nothing there is answered yet; then check your answers.
    """
    answered = set(response.answers)
    last = 0
    for step, section in enumerate(sections, start=1):
        keys = [q.key for q in section.questions.all()]
        if any(q.required and q.key not in answered for q in section.questions.all()):
            return step
        if any(k in answered for k in keys):
            last = step
    if last < len(sections):
        return last + 1
    if response.consultation.ask_demographics and not any(
        getattr(response, f) for f in DEMOGRAPHICS
    ):
        return "about"
    return "check"


def enter_response(
    consultation: Consultation,
    questions: Sequence[Question],
    answers: dict[str, Any],
    about: dict[str, Any],
    *,
    channel: str,
    source_id: str = "",
    wants_outcome: bool = False,
    email: str = "",
    new_statements: dict[str, str] | None = None,
    by: User,
) -> Response:
    """Store a paper, phone or emailed response typed in by staff, counted like an online one.

    Refused (ValidationError) while the consultation is a draft; allowed when open or closed,
    since paper forms arrive late. Side effects: statements written on the form are stored PENDING.
    """
    if consultation.status not in (Status.OPEN, Status.CLOSED):
        raise ValidationError(
            _("Responses can be entered only while the consultation is open or closed.")
        )
    checked = checked_answers(questions, answers)
    with transaction.atomic():
        response = Response.objects.create(
            office_id=consultation.office_id,
            consultation=consultation,
            channel=channel,
            answers=_merge({}, checked),
            source_id=source_id,
            submitted_at=timezone.now(),
            entered_by=by,
            wants_outcome=wants_outcome,
            email=email if wants_outcome else "",
            **{name: about.get(name) or ("" if name != "area" else None) for name in DEMOGRAPHICS},
        )
        _add_statements(response, questions, new_statements or {})
    return response

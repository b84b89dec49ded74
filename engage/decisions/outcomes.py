"""Writes for "you said, we did": draft a page from a consultation's analysis or from the concerns
on a theme, edit it and its points, publish it (which tells the people behind it), unpublish it.

A draft is a starting point for an officer to edit: every figure in it comes from the analysis or
from counting concerns, and small groups (fewer than SMALL_CELL people) are left out, as on every
published page. The outcome keeps its history; changes to its points are written into that
history as a reason ("Point added: …").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _

from engage.accounts.models import User
from engage.consultations import runs
from engage.consultations.models import Consultation, Question, QuestionKind, Run, Theme
from engage.consultations.results import (
    DIMENSION_WORDS,
    SMALL_CELL,
    Figure,
    QuestionResult,
    Results,
    join_words,
    number,
    present,
)
from engage.core.bilingual import bilingual
from engage.core.models import Office
from engage.decisions.models import Decision, Outcome, OutcomePoint
from engage.decisions.outcome_queries import theme_voices
from engage.engagements.models import ConcernTheme
from engage.messaging.models import Notice
from engage.places.models import Area

OUTCOME_FIELDS = (
    "title",
    "title_cy",
    "slug",
    "we_asked",
    "we_asked_cy",
    "you_said",
    "you_said_cy",
    "we_did",
    "we_did_cy",
)
POINT_FIELDS = ("said", "said_cy", "how_many", "decision", "response", "response_cy")
# The questions whose most common answer makes a headline, and how many themes of each
# free-text question a draft names.
HEADLINE_KINDS = (QuestionKind.SINGLE, QuestionKind.PRECEPT, QuestionKind.SCALE)
TOP_THEMES = 5
SAID_MAX = 500


# -- small helpers ------------------------------------------------------------------------------


def _stamp(outcome: Outcome, by: User | None, reason: str = "") -> None:
    outcome._history_user = by  # type: ignore[attr-defined]
    if reason:
        outcome._change_reason = reason  # type: ignore[attr-defined]


def _note(outcome: Outcome, by: User | None, reason: str) -> None:
    """A row in the outcome's history for a change to its points."""
    _stamp(outcome, by, reason)
    outcome.save(update_fields=["updated_at"])


def _apply(obj: Any, fields: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(obj, name, value)


def slug_taken(office: Office, slug: str, exclude: Outcome | None = None) -> bool:
    others = Outcome.objects.filter(office=office, slug=slug)
    if exclude is not None and exclude.pk:
        others = others.exclude(pk=exclude.pk)
    return others.exists()


def unique_slug(office: Office, text: str, exclude: Outcome | None = None) -> str:
    """A web address made from `text`, numbered when another page already has it."""
    base = slugify(text)[:70].strip("-") or "you-said-we-did"
    slug, n = base, 2
    while slug_taken(office, slug, exclude):
        slug, n = f"{base}-{n}", n + 1
    return slug


def _in(language: str, make: Callable[[], Any]) -> Any:
    with translation.override(language):
        return make()


def ukdate(day: Any) -> str:
    return date_format(day, "j F Y")


def _said(text: str) -> str:
    return Truncator(text).chars(SAID_MAX)


def how_many(n: int, base: int, pct: float | None, weighted_pct: float | None = None) -> str:
    """'412 of 1,630 (25%)'; with weighting, '839 of 1,950 (43%; 39% weighted)'."""
    figures = {"n": number(n), "base": number(base), "pct": number(pct)}
    if weighted_pct is None:
        return _("%(n)s of %(base)s (%(pct)s%%)") % figures
    return _("%(n)s of %(base)s (%(pct)s%%; %(wpct)s%% weighted)") % {
        **figures,
        "wpct": number(weighted_pct),
    }


# -- drafting from a consultation ---------------------------------------------------------------


@dataclass
class PointDraft:
    said: str
    how_many: str
    said_cy: str = ""
    theme: Theme | None = None


def _headline(question: QuestionResult) -> Figure | None:
    """The most common answer that may be published, by weighted share where there is one."""
    shown = [f for f in question.figures if not f.suppressed and f.n]
    if question.suppressed or not shown:
        return None
    return max(shown, key=lambda f: f.weighted_pct if f.weighted_pct is not None else f.pct or 0)


def _share(figure: Figure) -> str:
    value = figure.weighted_pct if figure.weighted_pct is not None else figure.pct
    return f"{number(value)}%"


def _we_asked(consultation: Consultation, results: Results) -> str:
    """The consultation's description, when it ran, and its questions, in the active language."""
    parts = [consultation.local_description.strip()]
    if consultation.opens_on and consultation.closes_on:
        parts.append(
            _("The consultation ran from %(start)s to %(end)s.")
            % {"start": ukdate(consultation.opens_on), "end": ukdate(consultation.closes_on)}
        )
    questions = [q.local_text for q in consultation.questions.all()]
    if questions:
        parts.append(_("We asked:") + "\n" + "\n".join(f"- {q}" for q in questions))
    return "\n\n".join(p for p in parts if p)


def _weighting_line(consultation: Consultation, run: Run) -> str:
    weighting = (run.result or {}).get("weighting") or {}
    dims = [str(DIMENSION_WORDS.get(d, d)) for d in weighting.get("dimensions", [])]
    place = consultation.area.name if consultation.area else _("the area")
    if dims:
        return _(
            "The percentages are weighted to match the population of %(place)s by %(dimensions)s."
        ) % {"place": place, "dimensions": join_words(dims)}
    return _("The percentages are weighted to match the population of %(place)s.") % {
        "place": place
    }


def _you_said(consultation: Consultation, run: Run, results: Results) -> str:
    """What people said, from the analysis, in the active language: the number of responses,
    each headline question's answers, and the themes people wrote about most."""
    parts = []
    summary = bilingual(consultation, "results_summary").strip()
    if summary:
        parts.append(summary)
    responses = int(results.base.get("responses") or 0)
    line = _("%(n)s people responded.") % {"n": number(responses)}
    if results.weighted:
        line += " " + _weighting_line(consultation, run)
    parts.append(line)
    for question in results.questions:
        if question.kind in HEADLINE_KINDS and _headline(question) is not None:
            shown = [f for f in question.figures if not f.suppressed]
            answers = "; ".join(f"{f.label}: {_share(f)}" for f in shown)
            text = f"{question.text}\n{answers}. " + _("%(n)s people answered.") % {
                "n": number(question.n)
            }
            if question.kind == QuestionKind.SCALE and question.mean:
                mean = question.mean.get("weighted_mean") or question.mean.get("mean")
                if mean is not None:
                    text += " " + _("The average answer was %(mean)s.") % {"mean": number(mean, 1)}
            parts.append(text)
        elif question.kind == QuestionKind.TEXT and question.themes and not question.suppressed:
            top = _top_themes(question)
            if top:
                lines = [
                    f"- {t['label']}: {how_many(t['n'], question.n, t.get('pct'))}" for t in top
                ]
                parts.append(
                    _("What people wrote about most, in answer to “%(question)s”:")
                    % {"question": question.text}
                    + "\n"
                    + "\n".join(lines)
                )
    return "\n\n".join(parts)


def _top_themes(question: QuestionResult) -> list[dict[str, Any]]:
    themes = [t for t in question.themes if (t.get("n") or 0) >= SMALL_CELL]
    return sorted(themes, key=lambda t: -(t.get("n") or 0))[:TOP_THEMES]


def _headline_said(question: QuestionResult, answer: Figure, scale: Question | None) -> str:
    """'The most common answer to “…” was “£14 more a year”.' (a scale's point as its number)"""
    if scale is not None and scale.scale_min is not None and scale.scale_max is not None:
        low = f"{scale.scale_min}"
        high = f"{scale.scale_max}"
        if bilingual(scale, "scale_min_label"):
            low += f" ({bilingual(scale, 'scale_min_label')})"
        if bilingual(scale, "scale_max_label"):
            high += f" ({bilingual(scale, 'scale_max_label')})"
        return _said(
            _(
                "The most common answer to “%(question)s” was %(answer)s, on a scale from "
                "%(low)s to %(high)s."
            )
            % {
                "question": question.text,
                "answer": answer.extra.get("key"),
                "low": low,
                "high": high,
            }
        )
    return _said(
        _("The most common answer to “%(question)s” was “%(answer)s”.")
        % {"question": question.text, "answer": answer.label}
    )


def _points(
    consultation: Consultation, results: Results, results_cy: Results | None
) -> list[PointDraft]:
    """One point per free-text theme named in the draft, and one per headline question."""
    questions = {q.pk: q for q in consultation.questions.all()}
    welsh = {q.id: q for q in results_cy.questions} if results_cy else {}
    themes: list[PointDraft] = []
    headlines: list[PointDraft] = []
    known = {
        t.pk: t
        for t in Theme.objects.filter(
            question_id__in=[q.id for q in results.questions if q.kind == QuestionKind.TEXT]
        )
    }
    for question in results.questions:
        if question.kind == QuestionKind.TEXT and not question.suppressed:
            for theme in _top_themes(question):
                found = known.get(theme.get("id"))  # type: ignore[arg-type]
                themes.append(
                    PointDraft(
                        said=_said(found.label if found else theme["label"]),
                        how_many=how_many(theme["n"], question.n, theme.get("pct")),
                        theme=found,
                    )
                )
        elif question.kind in HEADLINE_KINDS:
            top = _headline(question)
            if top is None:
                continue
            scale = questions.get(question.id) if question.kind == QuestionKind.SCALE else None
            draft = PointDraft(
                said=_headline_said(question, top, scale),
                how_many=how_many(top.n or 0, question.n, top.pct, top.weighted_pct),
            )
            cy = welsh.get(question.id)
            if cy is not None and cy.text != question.text:
                key = top.extra.get("key")
                cy_top = next(f for f in cy.figures if f.extra.get("key") == key)
                with translation.override("cy"):
                    draft.said_cy = _headline_said(cy, cy_top, scale)
            headlines.append(draft)
    return themes + headlines


def _writes_welsh(consultation: Consultation) -> bool:
    """A consultation written in Welsh too (its description or its summary of results)."""
    return bool(consultation.description_cy or consultation.results_summary_cy)


@transaction.atomic
def draft_outcome_for_consultation(consultation: Consultation, *, by: User | None) -> Outcome:
    """The consultation's "you said, we did" page: the one it has, or a new draft.

    A new draft is written from the latest analysis: what we asked (the description and the
    questions), what you said (the number of responses, the headline results of the single
    choice, precept and scale questions, weighted where the analysis is, and the top themes of
    the free-text answers with their counts), in Welsh too where the consultation has Welsh; and
    a point for each top theme and each headline result, for the officer to answer. Nothing with
    fewer than SMALL_CELL people in it is written. Refused when there is no analysis.
    """
    existing = Outcome.objects.filter(consultation=consultation).first()
    if existing is not None:
        return existing
    run = runs.latest_analysis(consultation)
    if run is None:
        raise ValidationError(
            _("Analyse “%(title)s” first: the draft is written from the analysis.")
            % {"title": consultation.title}
        )
    office = consultation.office
    results = _in("en-gb", lambda: present(consultation, run, published=True, with_charts=False))
    welsh = _writes_welsh(consultation)
    results_cy = (
        _in("cy", lambda: present(consultation, run, published=True, with_charts=False))
        if welsh
        else None
    )
    outcome = Outcome(
        office=office,
        consultation=consultation,
        slug=unique_slug(office, consultation.slug),
        title=_in(
            "en-gb",
            lambda: _("%(title)s: you said, we did") % {"title": consultation.title},
        ),
        we_asked=_in("en-gb", lambda: _we_asked(consultation, results)),
        you_said=_in("en-gb", lambda: _you_said(consultation, run, results)),
    )
    if consultation.title_cy:
        outcome.title_cy = _in(
            "cy", lambda: _("%(title)s: you said, we did") % {"title": consultation.title_cy}
        )
    if results_cy is not None:
        if consultation.description_cy:
            outcome.we_asked_cy = _in("cy", lambda: _we_asked(consultation, results_cy))
        outcome.you_said_cy = _in("cy", lambda: _you_said(consultation, run, results_cy))
    _stamp(outcome, by, _("Drafted from the analysis"))
    outcome.save()
    drafts = _in("en-gb", lambda: _points(consultation, results, results_cy))
    OutcomePoint.objects.bulk_create(
        OutcomePoint(
            outcome=outcome,
            said=d.said,
            said_cy=d.said_cy,
            how_many=d.how_many,
            consultation_theme=d.theme,
            position=i,
        )
        for i, d in enumerate(drafts)
    )
    return outcome


# -- drafting from a theme across channels ------------------------------------------------------


@transaction.atomic
def draft_outcome_for_theme(
    office: Office, concern_theme: ConcernTheme, area: Area | None = None, *, by: User | None
) -> Outcome:
    """A "you said, we did" page for the concerns on a theme (in an area and the areas inside
    it), across channels: an unpublished draft for the same theme and area if there is one,
    else a new draft.

    The draft counts the concerns raised in the past year by where they were raised (forum
    reports, surgeries, activities, alert replies, correspondence…) and has one point for the
    theme. Consultation themes are not mixed in. Only English: themes have no Welsh names.
    """
    if concern_theme.office_id != office.pk or (area is not None and area.office_id != office.pk):
        raise ValidationError(_("Choose a theme and an area of your own office."))
    existing = Outcome.objects.filter(
        office=office,
        concern_theme=concern_theme,
        area=area,
        consultation__isnull=True,
        published_at__isnull=True,
    ).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    voices = theme_voices(concern_theme, area, until=today)
    names = {"theme": concern_theme.name, "area": area.name if area else ""}
    with translation.override("en-gb"):
        subject = _("%(theme)s in %(area)s") % names if area else concern_theme.name
        title = _("%(subject)s: you said, we did") % {"subject": subject}
        we_asked = _(
            "We listen to what people raise with us: at community forums, surgeries and events, "
            "in replies to our alerts, and in letters, emails and calls. This page is about "
            "what people raised about %(subject)s between %(start)s and %(end)s."
        ) % {"subject": subject, "start": ukdate(voices.since), "end": ukdate(voices.until)}
        if voices.concerns:
            lines = [
                f"- {s.label}: "
                + (
                    _("%(concerns)s concerns from %(people)s people")
                    % {"concerns": number(s.concerns), "people": number(s.people)}
                )
                for s in voices.by_source
            ]
            you_said = (
                _("People raised %(concerns)s concerns about %(subject)s, from %(people)s people.")
                % {
                    "concerns": number(voices.concerns),
                    "subject": subject,
                    "people": number(voices.people),
                }
                + "\n\n"
                + _("Where they were raised:")
                + "\n"
                + "\n".join(lines)
            )
        else:
            you_said = _("Nobody raised a concern about %(subject)s in the past year.") % {
                "subject": subject
            }
        point_count = _("%(concerns)s concerns from %(people)s people") % {
            "concerns": number(voices.concerns),
            "people": number(voices.people),
        }
    outcome = Outcome(
        office=office,
        concern_theme=concern_theme,
        area=area,
        slug=unique_slug(office, subject),
        title=title,
        we_asked=we_asked,
        you_said=you_said,
    )
    _stamp(outcome, by, _("Drafted from the concerns on the theme"))
    outcome.save()
    if voices.concerns:
        OutcomePoint.objects.create(
            outcome=outcome,
            said=_said(subject),
            how_many=point_count,
            concern_theme=concern_theme,
            position=0,
        )
    return outcome


# -- editing ------------------------------------------------------------------------------------


def _check_decisions(outcome: Outcome, decisions: list[Decision]) -> None:
    if any(d.office_id != outcome.office_id for d in decisions):
        raise ValidationError({"decisions": _("Choose decisions of your own office.")})


@transaction.atomic
def update_outcome(
    outcome: Outcome,
    *,
    by: User | None,
    decisions: list[Decision] | None = None,
    **fields: Any,
) -> None:
    """Save what the page says (and, given `decisions`, which decisions it links to).

    A published page may be corrected, but not emptied of what people said or what was done.
    """
    _apply(outcome, fields, OUTCOME_FIELDS)
    if not outcome.slug:
        outcome.slug = unique_slug(outcome.office, outcome.title, outcome)
    elif slug_taken(outcome.office, outcome.slug, outcome):
        raise ValidationError({"slug": _("Another page already uses this web address.")})
    if outcome.is_published:
        problems = {
            name: message
            for name, message in (
                ("you_said", _("Say what people said: the page is published.")),
                ("we_did", _("Say what was done: the page is published.")),
            )
            if not (getattr(outcome, name) or "").strip()
        }
        if problems:
            raise ValidationError(problems)
    if decisions is not None:
        _check_decisions(outcome, decisions)
    _stamp(outcome, by)
    outcome.save()
    if decisions is not None:
        outcome.decisions.set(decisions)


def _check_point(point: OutcomePoint) -> None:
    if point.decision is not None and point.decision.office_id != point.outcome.office_id:
        raise ValidationError({"decision": _("Choose a decision of your own office.")})
    if point.outcome.is_published and point.decision is None and not point.response.strip():
        raise ValidationError(
            {
                "response": _(
                    "Choose the decision that acted on this, or say why nothing was done: "
                    "the page is published."
                )
            }
        )


def _link_decision(point: OutcomePoint) -> None:
    """A decision named by a point is one of the outcome's decisions too."""
    if point.decision is not None:
        point.outcome.decisions.add(point.decision)


@transaction.atomic
def add_point(outcome: Outcome, *, by: User | None, **fields: Any) -> OutcomePoint:
    """A new point at the end of the page. Its decision, if any, is linked to the page."""
    point = OutcomePoint(outcome=outcome)
    _apply(point, fields, POINT_FIELDS)
    _check_point(point)
    last = outcome.points.aggregate(m=Max("position"))["m"]
    point.position = 0 if last is None else last + 1
    point.save()
    _link_decision(point)
    _note(outcome, by, _("Point added: %(said)s") % {"said": point.said})
    return point


@transaction.atomic
def update_point(point: OutcomePoint, *, by: User | None, **fields: Any) -> None:
    """Save a point. Its decision, if any, is linked to the page."""
    _apply(point, fields, POINT_FIELDS)
    _check_point(point)
    point.save()
    _link_decision(point)
    _note(point.outcome, by, _("Point changed: %(said)s") % {"said": point.said})


@transaction.atomic
def delete_point(point: OutcomePoint, *, by: User | None) -> None:
    outcome = point.outcome
    said = point.said
    point.delete()
    _renumber(outcome)
    _note(outcome, by, _("Point deleted: %(said)s") % {"said": said})


def _renumber(outcome: Outcome, order: list[OutcomePoint] | None = None) -> None:
    rows = order if order is not None else list(outcome.points.order_by("position", "pk"))
    for position, row in enumerate(rows):
        if row.position != position:
            row.position = position
            row.save(update_fields=["position"])


@transaction.atomic
def move_point(point: OutcomePoint, direction: str, *, by: User | None) -> None:
    """One place up or down the page; the first stays first and the last stays last."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Move a point up or down."))
    outcome = point.outcome
    rows = list(outcome.points.order_by("position", "pk"))
    index = next(i for i, row in enumerate(rows) if row.pk == point.pk)
    other = index + (-1 if direction == "up" else 1)
    if not 0 <= other < len(rows):
        return
    rows[index], rows[other] = rows[other], rows[index]
    _renumber(outcome, rows)
    reason = _("Point moved up: %(said)s") if direction == "up" else _("Point moved down: %(said)s")
    _note(outcome, by, reason % {"said": point.said})


# -- publishing ---------------------------------------------------------------------------------


def publish_problems(outcome: Outcome) -> list[str]:
    """What stops the page being published, each saying what to fix."""
    problems = []
    if not outcome.you_said.strip():
        problems.append(_("Say what people said (“You said”) before publishing."))
    if not outcome.we_did.strip():
        problems.append(_("Say what was done (“We did”) before publishing."))
    points = list(outcome.points.select_related("decision").order_by("position", "pk"))
    for number_, point in enumerate(points, start=1):
        if point.decision is None and not point.response.strip():
            problems.append(
                _(
                    "Point %(n)s (“%(said)s”) has no answer: choose the decision that acted on "
                    "it, or say why nothing was done."
                )
                % {"n": number_, "said": Truncator(point.said).words(8)}
            )
    named = {p.decision.pk: p.decision for p in points if p.decision is not None}
    named.update({d.pk: d for d in outcome.decisions.all()})
    for decision in sorted(named.values(), key=lambda d: d.reference):
        if not decision.is_published:
            problems.append(
                _("Publish the decision %(reference)s first: the page links to it.")
                % {"reference": decision.reference}
            )
    return problems


@transaction.atomic
def publish_outcome(outcome: Outcome, *, by: User | None) -> Notice:
    """Publish the page on the public site and tell the people behind it.

    Refused (ValidationError, one message per problem) when "you said" or "we did" is empty,
    when a point has neither a decision nor a reason why not, or when a decision it links to is
    not published. Side effects: sets `published_at`; queues a notice (one message per contact who
    asked to hear back, never twice; see messaging.notices.queue_notice), sent once the
    transaction commits. Returns the notice (`recipients`: how many people will be told).
    """
    # The people behind an outcome and the notices are parts of their own (decisions.queries,
    # messaging.notices), which import this app's models.
    from engage.decisions.queries import contacts_behind_outcome
    from engage.messaging.notices import queue_notice

    if outcome.is_published:
        raise ValidationError(_("This page is already published."))
    problems = publish_problems(outcome)
    if problems:
        raise ValidationError(problems)
    outcome.published_at = timezone.now()
    _stamp(outcome, by, _("Published"))
    outcome.save()
    return queue_notice(outcome=outcome, contacts=contacts_behind_outcome(outcome), by=by)


@transaction.atomic
def unpublish_outcome(outcome: Outcome, *, by: User | None) -> None:
    """Take the page off the public site. Nobody is told; publishing again tells only people
    not told before."""
    if not outcome.is_published:
        raise ValidationError(_("This page is not published."))
    outcome.published_at = None
    _stamp(outcome, by, _("Unpublished"))
    outcome.save()

"""Public pages: the office's "you said, we did" pages and decisions, one outcome, one decision.

No sign-in, English or Welsh, no JavaScript needed. Only published things are shown (anything
else is "not found"), and nothing about a person: what people raised appears as counts.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from engage.consultations.models import Status
from engage.core.bilingual import bilingual, has_welsh, welsh_active
from engage.core.models import Office
from engage.core.public_cache import public_page
from engage.decisions.models import Decision
from engage.decisions.outcome_queries import (
    decisions_of,
    public_evidence,
    published_decisions,
    published_outcome,
    published_outcomes,
)


def _office(slug: str) -> Office:
    return get_object_or_404(Office, slug=slug)


@public_page()
def public_outcomes(request: HttpRequest, office: str) -> HttpResponse:
    found = _office(office)
    return render(
        request,
        "decisions/public/list.html",
        {
            "office": found,
            "outcomes": published_outcomes(found),
            "decisions": published_decisions(found),
            "welsh": welsh_active(),
        },
    )


@public_page()
def public_outcome(request: HttpRequest, office: str, slug: str) -> HttpResponse:
    found = _office(office)
    outcome = published_outcome(found, slug)
    if outcome is None:
        raise Http404
    welsh = welsh_active()

    def english_only(obj: object, name: str) -> bool:
        return welsh and bool(getattr(obj, name)) and not has_welsh(obj, name)

    sections = [
        {
            "heading": heading,
            "text": bilingual(outcome, name),
            "untranslated": english_only(outcome, name),
        }
        for heading, name in (
            (_("We asked"), "we_asked"),
            (_("You said"), "you_said"),
            (_("We did"), "we_did"),
        )
    ]
    rows = []
    for point in outcome.points.all():
        decision = point.decision if point.decision and point.decision.is_published else None
        rows.append(
            {
                "point": point,
                "decision": decision,
                "said_english": english_only(point, "said"),
                "response_english": english_only(point, "response"),
                "decision_english": decision is not None and english_only(decision, "title"),
            }
        )
    consultation = outcome.consultation
    return render(
        request,
        "decisions/public/outcome.html",
        {
            "office": found,
            "outcome": outcome,
            "sections": sections,
            "rows": rows,
            "rows_untranslated": any(
                r["said_english"] or r["response_english"] or r["decision_english"] for r in rows
            ),
            "decisions": decisions_of(outcome),
            "results_published": consultation is not None
            and consultation.status == Status.PUBLISHED,
            "welsh": welsh,
        },
    )


@public_page()
def public_decision(request: HttpRequest, office: str, slug: str) -> HttpResponse:
    found = _office(office)
    decision = get_object_or_404(Decision.objects.for_office(found).published(), slug=slug)  # type: ignore[attr-defined]
    return render(
        request,
        "decisions/public/decision.html",
        {
            "office": found,
            "decision": decision,
            "evidence": public_evidence(decision),
            "outcomes": decision.outcomes.filter(published_at__isnull=False).order_by(
                "-published_at"
            ),
            "welsh": welsh_active(),
        },
    )

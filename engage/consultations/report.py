"""The PDF report of a consultation's analysis, made with WeasyPrint.

The report is a tagged PDF (PDF/UA-1: headings, tables, alternative text for every chart, the
document's language) and reproducible: the same analysis gives byte-identical files, because the
dates in it are the analysis's own and its identifier is derived from what it reports.
A published report suppresses small cells, as the public results page does.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.translation import get_language

from engage.consultations import results
from engage.consultations.models import Consultation, Run, bilingual

CACHE_SECONDS = 24 * 3600


def filename(consultation: Consultation, *, published: bool = False) -> str:
    return f"{consultation.slug}-results{'-published' if published else ''}.pdf"


def render_pdf(consultation: Consultation, run: Run, *, published: bool = False) -> bytes:
    """The report as PDF bytes (cached for a day per analysis, language and version)."""
    language = get_language() or "en-gb"
    stamp = consultation.updated_at.isoformat() if consultation.updated_at else ""
    key = (
        "consultations-report:"
        + hashlib.sha256(
            f"{run.pk}:{run.finished_at}:{published}:{language}:{stamp}".encode()
        ).hexdigest()
    )
    pdf = cache.get(key)
    if pdf is None:
        pdf = _render(consultation, run, published=published, language=language)
        cache.set(key, pdf, CACHE_SECONDS)
    return pdf


def _render(consultation: Consultation, run: Run, *, published: bool, language: str) -> bytes:
    # Imported here: WeasyPrint loads Pango and fonts, which only the report needs.
    from weasyprint import HTML

    shown = results.present(consultation, run, published=published)
    created = run.result.get("computed_at") or (
        run.finished_at.isoformat() if run.finished_at else ""
    )
    html = render_to_string(
        "consultations/results/report.html",
        {
            "r": shown,
            "consultation": consultation,
            "office": consultation.office,
            "published": published,
            "not_published": not published,
            "summary": bilingual(consultation, "results_summary"),
            "created": created,
            "language": language.split("-")[0],
        },
    )
    identifier = hashlib.sha256(
        f"{consultation.office_id}:{consultation.pk}:{run.pk}:{created}:{published}:{language}".encode()
    ).hexdigest()[:32]
    return HTML(string=html, base_url=None).write_pdf(
        pdf_variant="pdf/ua-1", pdf_identifier=identifier.encode()
    )

"""Consultation results: the results page, themes, answers, exports, the PDF (issue 4, part 6)."""

from __future__ import annotations

from engage.consultations.models import QuestionKind
from engage.consultations.tests.result_fixture import (
    build_consultation,
    finished_analysis,
    themes_for,
)

MATRIX: dict[str, set[str]] = {}

URLS: dict[str, tuple[str, str | None, str]] = {
    "consultations:results": ("consultations.view_consultation", "results:consultation", "get"),
    "consultations:analyse": ("consultations.analyse", "results:consultation", "post"),
    "consultations:themes": ("consultations.analyse", "results:question", "get"),
    "consultations:theme_merge": ("consultations.analyse", "results:question", "post"),
    "consultations:theme_edit": ("consultations.analyse", "results:theme", "get"),
    "consultations:theme_split": ("consultations.analyse", "results:theme", "post"),
    "consultations:answers": ("consultations.analyse", "results:question", "get"),
    "consultations:answer_code": ("consultations.analyse", "results:answer", "post"),
    "consultations:export_responses": (
        "consultations.export_responses",
        "results:export",
        "get",
    ),
    "consultations:export_results": ("consultations.view_consultation", "results:export", "get"),
    "consultations:report_pdf": ("consultations.view_consultation", "results:consultation", "get"),
}

PUBLIC = {"consultations:public_results", "consultations:public_report_pdf"}


def samples(office, officer, cast):
    consultation = build_consultation(office, slug="results-sample", with_areas=False)
    themes = themes_for(consultation)
    finished_analysis(consultation)
    question = consultation.questions.get(kind=QuestionKind.TEXT)
    response = themes[0].codes.first().response
    return {
        "results:consultation": {"pk": consultation.pk},
        "results:question": {"pk": consultation.pk, "question": question.pk},
        "results:theme": {"pk": consultation.pk, "theme": themes[0].pk},
        "results:answer": {
            "pk": consultation.pk,
            "question": question.pk,
            "response": response.pk,
        },
        "results:export": {"pk": consultation.pk, "fmt": "csv"},
    }

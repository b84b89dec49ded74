"""Consultations: importing responses and Pol.is conversations, and the progress page of runs."""

from __future__ import annotations

from engage.consultations.models import (
    Consultation,
    Question,
    QuestionKind,
    Run,
    RunKind,
    Section,
    Status,
    StrategicArea,
)

MATRIX: dict[str, set[str]] = {}

URLS: dict[str, tuple[str, str | None, str]] = {
    "consultations:import": ("consultations.import_responses", "imports:consultation", "get"),
    "consultations:import_preview": (
        "consultations.import_responses",
        "imports:consultation",
        "get",
    ),
    "consultations:polis_import": ("consultations.import_responses", "imports:question", "get"),
    "consultations:polis_import_preview": (
        "consultations.import_responses",
        "imports:question",
        "get",
    ),
    "consultations:run": ("consultations.view_consultation", "imports:run", "get"),
}


def samples(office, officer, cast):
    consultation = Consultation.objects.create(
        office=office,
        title="Brexit consensus",
        slug="imports-sample",
        description="A Pol.is conversation.",
        strategic_area=StrategicArea.OTHER,
        status=Status.CLOSED,
    )
    section = Section.objects.create(consultation=consultation, title="Statements")
    question = Question.objects.create(
        consultation=consultation,
        section=section,
        kind=QuestionKind.STATEMENTS,
        text="Can there be consensus on Brexit?",
    )
    run = Run.objects.create(
        office=office, consultation=consultation, kind=RunKind.IMPORT, started_by=officer
    )
    return {
        "imports:consultation": {"pk": consultation.pk},
        "imports:question": {"pk": consultation.pk, "question": question.pk},
        "imports:run": {"run": run.pk},
    }

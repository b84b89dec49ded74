"""Consultations, builder: the list, the overview, sections, questions, statements, the lifecycle.

This module lists every consultations.* permission (the other consultation parts list none).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from engage.accounts.models import Role
from engage.consultations import services
from engage.consultations.models import QuestionKind, Statement, StrategicArea

R = Role
STAFF: set[str] = set(Role.values) - {R.AMBASSADOR}
ORGANISERS: set[str] = {R.ADMIN, R.CHIEF_EXECUTIVE, R.OFFICER}
DATA_MANAGERS: set[str] = {R.ADMIN, R.ANALYST, R.OFFICER}

MATRIX: dict[str, set[str]] = {
    "consultations.view_consultation": STAFF,
    "consultations.change_consultation": ORGANISERS,
    "consultations.enter_responses": STAFF,
    "consultations.import_responses": DATA_MANAGERS,
    "consultations.export_responses": DATA_MANAGERS,
    "consultations.analyse": DATA_MANAGERS,
}

VIEW = "consultations.view_consultation"
CHANGE = "consultations.change_consultation"
C = "builder:consultation"
URLS: dict[str, tuple[str, str | None, str]] = {
    "consultations:list": (VIEW, None, "get"),
    "consultations:create": (CHANGE, None, "get"),
    "consultations:detail": (VIEW, C, "get"),
    "consultations:edit": (CHANGE, C, "get"),
    "consultations:status": (CHANGE, C, "post"),
    "consultations:section_add": (CHANGE, C, "get"),
    "consultations:section_edit": (CHANGE, "builder:section", "get"),
    "consultations:section_delete": (CHANGE, "builder:section", "get"),
    "consultations:question_add": (CHANGE, "builder:section", "get"),
    "consultations:question_edit": (CHANGE, "builder:question", "get"),
    "consultations:question_delete": (CHANGE, "builder:question", "get"),
    "consultations:question_move": (CHANGE, "builder:question", "post"),
    "consultations:statements": (VIEW, "builder:statements", "get"),
    "consultations:statement_moderate": (CHANGE, "builder:statement", "post"),
}


def samples(office, officer, cast):
    today = timezone.localdate()
    consultation = services.create_consultation(
        office,
        by=officer,
        title="Policing precept 2027/28",
        slug="builder-sample",
        description="How much should a Band D household pay towards policing next year?",
        strategic_area=StrategicArea.PRECEPT,
        opens_on=today,
        closes_on=today + dt.timedelta(days=28),
    )
    section = services.add_section(consultation, by=officer, title="The precept")
    question = services.add_question(
        section,
        kind=QuestionKind.PRECEPT,
        by=officer,
        text="How much more would you pay a year for policing?",
        options=[
            services.OptionLine("No increase", "", Decimal(0)),
            services.OptionLine("£10 more a year", "", Decimal(10)),
        ],
    )
    voting = services.add_question(
        section, kind=QuestionKind.STATEMENTS, by=officer, text="What should change?"
    )
    statement = Statement.objects.create(question=voting, text="Fix the street lights")
    return {
        C: {"pk": consultation.pk},
        "builder:section": {"pk": consultation.pk, "section": section.pk},
        "builder:question": {"pk": consultation.pk, "question": question.pk},
        "builder:statements": {"pk": consultation.pk, "question": voting.pk},
        "builder:statement": {"pk": consultation.pk, "statement": statement.pk},
    }

"""A winter precept consultation with one question of every kind, built straight from the models."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from engage.consultations.models import (
    Consultation,
    Option,
    Question,
    QuestionKind,
    Section,
    Statement,
    StatementStatus,
    Status,
    StrategicArea,
)
from engage.places.models import Area, AreaKind


def precept_consultation(office: Any, *, status: str = Status.OPEN, **fields: Any) -> Consultation:
    today = timezone.localdate()
    fields.setdefault("slug", "precept-2027")
    c = Consultation.objects.create(
        office=office,
        title="Policing precept 2027/28",
        title_cy="Praesept plismona 2027/28",
        description="How much should a Band D household pay for policing next year?",
        description_cy="Faint ddylai aelwyd Band D ei dalu am blismona y flwyddyn nesaf?",
        strategic_area=StrategicArea.PRECEPT,
        opens_on=today - dt.timedelta(days=7),
        closes_on=today + dt.timedelta(days=21),
        status=status,
        privacy_notice="We keep your answers for two years and publish only totals.",
        **fields,
    )
    money = Section.objects.create(consultation=c, title="The precept", position=1)
    q = Question.objects.create(
        consultation=c,
        section=money,
        kind=QuestionKind.PRECEPT,
        text="How much more would you pay for policing next year?",
        text_cy="Faint yn fwy fyddech chi'n ei dalu am blismona y flwyddyn nesaf?",
        required=True,
        band_d_current=Decimal("285.87"),
        position=1,
    )
    for i, (label, amount) in enumerate(
        [("No increase", "0"), ("£10 a year", "10"), ("£14 a year", "14")], start=1
    ):
        Option.objects.create(question=q, label=label, amount=Decimal(amount), position=i)
    q = Question.objects.create(
        consultation=c,
        section=money,
        kind=QuestionKind.NUMBER,
        text="How many times have you contacted the police this year?",
        number_min=Decimal("0"),
        number_max=Decimal("365"),
        position=2,
    )
    views = Section.objects.create(consultation=c, title="Your priorities", position=2)
    q = Question.objects.create(
        consultation=c,
        section=views,
        kind=QuestionKind.SINGLE,
        text="How safe do you feel in your area after dark?",
        position=1,
    )
    for i, label in enumerate(["Very safe", "Fairly safe", "Not very safe", "Not at all safe"], 1):
        Option.objects.create(question=q, label=label, position=i)
    q = Question.objects.create(
        consultation=c,
        section=views,
        kind=QuestionKind.MULTIPLE,
        text="Which crimes worry you most?",
        max_choices=3,
        position=2,
    )
    for i, label in enumerate(
        ["Burglary", "Anti-social behaviour", "Speeding", "Drug dealing", "Fraud"], 1
    ):
        Option.objects.create(question=q, label=label, position=i)
    q = Question.objects.create(
        consultation=c,
        section=views,
        kind=QuestionKind.RANKING,
        text="Rank these priorities for the Police and Crime Plan",
        position=3,
    )
    for i, label in enumerate(["Neighbourhood policing", "Victims' services", "Roads policing"], 1):
        Option.objects.create(question=q, label=label, position=i)
    Question.objects.create(
        consultation=c,
        section=views,
        kind=QuestionKind.SCALE,
        text="How good a job are the police doing in your area?",
        scale_min=1,
        scale_max=5,
        scale_min_label="Very poor",
        scale_max_label="Excellent",
        position=4,
    )
    Question.objects.create(
        consultation=c,
        section=views,
        kind=QuestionKind.TEXT,
        text="Is there anything else you want the Commissioner to know?",
        max_length=5000,
        position=5,
    )
    talk = Section.objects.create(consultation=c, title="What others said", position=3)
    q = Question.objects.create(
        consultation=c,
        section=talk,
        kind=QuestionKind.STATEMENTS,
        text="Do you agree with what others have said?",
        position=1,
    )
    for text in [
        "PCSOs should walk the town centre every evening.",
        "Speed cameras belong outside every school.",
        "The police should publish response times for every district.",
    ]:
        Statement.objects.create(question=q, text=text, status=StatementStatus.APPROVED)
    Statement.objects.create(question=q, text="Waiting one", status=StatementStatus.PENDING)
    rugby, _ = Area.objects.get_or_create(office=office, kind=AreaKind.DISTRICT, name="Rugby")
    Area.objects.get_or_create(office=office, kind=AreaKind.DISTRICT, name="Nuneaton and Bedworth")
    Area.objects.get_or_create(
        office=office, kind=AreaKind.FORUM_AREA, name="Brownsover", defaults={"parent": rugby}
    )
    return c


def questions(c: Consultation) -> dict[str, Question]:
    """The consultation's questions by kind."""
    return {q.kind: q for q in c.questions.all()}


def posted_answers(c: Consultation) -> dict[str, Any]:
    """One person's answers, as the form fields post them (both the public pages and staff entry)."""
    q = questions(c)
    opts = {k: list(v.options.all()) for k, v in q.items()}
    statements = list(q["statements"].statements.filter(status=StatementStatus.APPROVED))
    return {
        f"q{q['precept'].pk}": str(opts["precept"][1].pk),
        f"q{q['number'].pk}": "3",
        f"q{q['single'].pk}": str(opts["single"][1].pk),
        f"q{q['multiple'].pk}": [str(opts["multiple"][0].pk), str(opts["multiple"][2].pk)],
        f"q{q['ranking'].pk}-o{opts['ranking'][0].pk}": "2",
        f"q{q['ranking'].pk}-o{opts['ranking'][1].pk}": "1",
        f"q{q['ranking'].pk}-o{opts['ranking'][2].pk}": "",
        f"q{q['scale'].pk}": "4",
        f"q{q['text'].pk}": "More patrols on Abbey Street on Friday nights, please.",
        f"q{q['statements'].pk}-s{statements[0].pk}": "1",
        f"q{q['statements'].pk}-s{statements[1].pk}": "-1",
        f"q{q['statements'].pk}-s{statements[2].pk}": "0",
        f"q{q['statements'].pk}-new": "Bring back the police station front desk in Bedworth.",
    }


ABOUT = {
    "age_band": "65-74",
    "sex": "female",
    "ethnic_group": "white",
    "disability": "a_little",
    "postcode_district": "cv11",
}

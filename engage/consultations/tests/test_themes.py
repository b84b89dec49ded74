"""Themes of free-text answers: found the same way every time, and analysts' work survives."""

from __future__ import annotations

import random

import pytest
from django.core.exceptions import ValidationError

from engage.consultations.models import (
    Consultation,
    Question,
    QuestionKind,
    Response,
    Section,
    StrategicArea,
    Theme,
    ThemeCode,
)
from engage.consultations.themes import (
    code_answer,
    merge_themes,
    recompute_themes,
    rename_theme,
    shorten,
    split_theme,
    theme_summary,
)

TOPICS = {
    "patrols": [
        "I never see police officers on foot patrol in my street any more.",
        "More visible patrols in the town centre at night would make me feel safer.",
        "Bring back the local bobby walking the beat, patrols deter crime.",
        "We need more officers on patrol, visible policing in the villages.",
    ],
    "speeding": [
        "Speeding cars on our road are dangerous, we need speed cameras.",
        "Drivers speeding through the village at 50 mph, please enforce the speed limit.",
        "Speed enforcement on the main road, cars race past the school.",
        "Speeding traffic and dangerous driving near the primary school.",
    ],
    "drugs": [
        "Drug dealing in the park is obvious and nobody acts on it.",
        "County lines drug dealers are recruiting children near the estate.",
        "Open drug dealing outside the shops, the smell of cannabis everywhere.",
        "Tackle drug dealing and the antisocial behaviour that comes with it.",
    ],
    "reporting": [
        "The 101 number takes an hour to answer, reporting a crime is impossible.",
        "Nobody answers 101 calls and online reporting gives no reply.",
        "Waiting on the phone to report a burglary for forty minutes on 101.",
        "Make reporting easier, the 101 call wait is far too long.",
    ],
}


def answers(n: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    topics = list(TOPICS)
    out = []
    for i in range(n):
        text = rng.choice(TOPICS[topics[i % len(topics)]])
        out.append(text if i % 3 else f"{text} Thank you.")
    return out


@pytest.fixture
def question(office):
    consultation = Consultation.objects.create(
        office=office,
        title="Police and Crime Plan 2027",
        slug="plan-2027",
        description="What should the police focus on?",
        strategic_area=StrategicArea.PRIORITIES,
    )
    section = Section.objects.create(consultation=consultation, title="Your views")
    question = Question.objects.create(
        consultation=consultation,
        section=section,
        kind=QuestionKind.TEXT,
        text="What one thing should the police do better where you live?",
    )
    Response.objects.bulk_create(
        Response(
            office=office,
            consultation=consultation,
            submitted_at="2026-11-01T10:00:00Z",
            answers={question.key: text},
        )
        for text in answers(120)
    )
    return question


def themes_of(question):
    return [(t["label"], t["n"]) for t in theme_summary(question)]


def test_themes_are_found_with_labels_keywords_and_quotes(question):
    themes = recompute_themes(question)
    assert 3 <= len(themes) <= 8
    summary = theme_summary(question)
    assert sum(t["n"] for t in summary) == 120
    assert sum(t["pct"] for t in summary) == pytest.approx(100)
    labels = " ".join(t["label"].lower() for t in summary)
    for word in ("speed", "drug", "101"):
        assert word in labels or any(word in " ".join(t["keywords"]) for t in summary)
    for theme in summary:
        assert theme["label"][0] == theme["label"][0].upper()
        assert 1 <= len(theme["keywords"]) <= 8
        assert 1 <= len(theme["quotes"]) <= 3
        assert all(len(q) <= 300 for q in theme["quotes"])
    speeding = next(t for t in summary if "speed" in " ".join(t["keywords"][:3]))
    assert all("speed" in q.lower() for q in speeding["quotes"])


def test_same_answers_same_themes(question):
    first = themes_of(question) if recompute_themes(question) else None
    first_codes = sorted(ThemeCode.objects.values_list("theme__label", "response_id"))
    recompute_themes(question)
    assert themes_of(question) == first
    assert sorted(ThemeCode.objects.values_list("theme__label", "response_id")) == first_codes


def test_kept_themes_and_manual_codes_survive_recompute(question, analyst):
    recompute_themes(question)
    theme = Theme.objects.filter(question=question).first()
    rename_theme(theme, "Officers on the beat", by=analyst)
    kept_members = set(theme.codes.values_list("response_id", flat=True))
    other = Theme.objects.filter(question=question, kept=False).first()
    response = Response.objects.exclude(pk__in=kept_members).first()
    code_answer(response, question, [other], by=analyst)

    recompute_themes(question)

    kept = Theme.objects.get(pk=theme.pk)
    assert kept.label == "Officers on the beat"
    assert set(kept.codes.values_list("response_id", flat=True)) == kept_members
    assert ThemeCode.objects.get(response=response).theme_id == other.pk
    # every answer is in exactly one theme, and no answer coded by hand was clustered again
    assert ThemeCode.objects.filter(theme__question=question).count() == 120
    assert ThemeCode.objects.filter(response=response).count() == 1


def test_rename_refuses_an_empty_name(question, analyst):
    theme = recompute_themes(question)[0]
    with pytest.raises(ValidationError, match="Enter a name"):
        rename_theme(theme, "   ", by=analyst)


def test_merge_moves_answers_once_and_deletes_the_others(question, analyst):
    themes = recompute_themes(question)
    into, other = themes[0], themes[1]
    total = into.codes.count() + other.codes.count()
    shared = other.codes.first().response
    ThemeCode.objects.create(theme=into, response=shared)  # an answer in both

    merge_themes(into, [other], by=analyst)

    into.refresh_from_db()
    assert into.kept
    assert not Theme.objects.filter(pk=other.pk).exists()
    assert into.codes.count() == total
    assert into.codes.filter(manual=True).count() == total
    assert len(into.keywords) <= 8


def test_merge_refuses_themes_of_another_question(question, analyst):
    themes = recompute_themes(question)
    second = Question.objects.create(
        consultation=question.consultation,
        section=question.section,
        kind=QuestionKind.TEXT,
        text="Anything else?",
    )
    stranger = Theme.objects.create(question=second, label="Other")
    with pytest.raises(ValidationError, match="same question"):
        merge_themes(themes[0], [stranger], by=analyst)


def test_split_makes_kept_themes_of_the_answers(question, analyst):
    recompute_themes(question)
    merged = Theme.objects.filter(question=question).order_by("position")
    into, other = merged[0], merged[1]
    merge_themes(into, [other], by=analyst)
    members = set(into.codes.values_list("response_id", flat=True))

    parts = split_theme(into, by=analyst, parts=2)

    assert len(parts) == 2
    assert all(p.kept for p in parts)
    assert not Theme.objects.filter(pk=into.pk).exists()
    after = set(ThemeCode.objects.filter(theme__in=parts).values_list("response_id", flat=True))
    assert after == members
    assert {p.label for p in parts} != {into.label}


def test_split_refuses_too_few_answers(question, analyst):
    theme = Theme.objects.create(question=question, label="Tiny", kept=True)
    ThemeCode.objects.create(theme=theme, response=Response.objects.first(), manual=True)
    with pytest.raises(ValidationError, match="too few or too alike"):
        split_theme(theme, by=analyst)


def test_code_answer_replaces_its_codes(question, analyst):
    themes = recompute_themes(question)
    response = Response.objects.first()
    code_answer(response, question, [themes[1], themes[2]], by=analyst)
    codes = ThemeCode.objects.filter(response=response)
    assert sorted(c.theme_id for c in codes) == sorted([themes[1].pk, themes[2].pk])
    assert all(c.manual and c.coded_by == analyst for c in codes)


def test_too_few_answers_make_no_themes(office, question):
    Response.objects.all().delete()
    Response.objects.create(
        office=office,
        consultation=question.consultation,
        submitted_at="2026-11-01T10:00:00Z",
        answers={question.key: "More patrols please"},
    )
    assert recompute_themes(question) == []


def test_shorten_cuts_long_quotes_at_a_word():
    text = "word " * 100
    assert shorten(text).endswith("…")
    assert len(shorten(text)) <= 300


def _asked(office, slug: str, texts: list[str]) -> Question:
    consultation = Consultation.objects.create(
        office=office, title=slug, slug=slug, strategic_area=StrategicArea.PRIORITIES
    )
    section = Section.objects.create(consultation=consultation, title="Your views")
    asked = Question.objects.create(
        consultation=consultation, section=section, kind=QuestionKind.TEXT, text="Safer?"
    )
    Response.objects.bulk_create(
        Response(
            office=office,
            consultation=consultation,
            submitted_at="2026-11-01T10:00:00Z",
            answers={asked.key: text},
        )
        for text in texts
    )
    return asked


def test_the_same_answers_in_another_order_give_the_same_themes(office):
    # The paper forms typed in on Monday rather than Friday must not change what was heard.
    texts = [f"{t} in Rugby" for t in answers(160, seed=7)]
    texts += [f"{t} near Bedworth" for t in answers(80, seed=8)]
    found = []
    for n, seed in enumerate([None, 1, 2]):
        shuffled = list(texts)
        if seed is not None:
            random.Random(seed).shuffle(shuffled)
        asked = _asked(office, f"order-{n}", shuffled)
        recompute_themes(asked)
        found.append([(t.keywords, t.codes.count()) for t in Theme.objects.filter(question=asked)])
    assert found[1:] == [found[0]] * 2

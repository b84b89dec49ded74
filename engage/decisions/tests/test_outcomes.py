"""'You said, we did': drafting from a consultation's analysis and from the concerns on a theme,
editing points, and publishing (refused until every point is answered; then people are told)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils import timezone

from engage.consultations.analysis import analyse
from engage.consultations.models import QuestionKind, Status, Theme
from engage.consultations.results import number
from engage.consultations.tests.result_fixture import (
    build_consultation,
    finished_analysis,
    themes_for,
)
from engage.consultations.tests.test_analysis import build
from engage.decisions import outcomes
from engage.decisions.models import Decision, DecisionKind, Outcome
from engage.engagements.models import Concern, ConcernSource, ConcernTheme
from engage.messaging.models import Message, MessageKind, Notice
from engage.places.models import Area, AreaKind
from engage.places.tests.conftest import populated, warwickshire  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(office):
    consultation = build_consultation(office)
    themes_for(consultation)
    finished_analysis(consultation)
    return consultation


def _decision(office, reference="PCC/2026/014", published=True, **fields):
    return Decision.objects.create(
        office=office,
        reference=reference,
        slug=reference.lower().replace("/", "-"),
        title=fields.pop("title", "Policing precept 2027/28"),
        decided_on=dt.date(2026, 2, 24),
        kind=DecisionKind.PRECEPT,
        summary="The Band D precept rises by £14 a year.",
        published_at=timezone.now() if published else None,
        **fields,
    )


# -- drafting from a consultation -----------------------------------------------------------


def test_draft_from_a_consultation_says_what_was_asked_and_what_people_said(consultation, officer):
    outcome = outcomes.draft_outcome_for_consultation(consultation, by=officer)

    assert outcome.title == "Police and crime precept 2027/28: you said, we did"
    assert outcome.slug == "precept-2027"
    assert outcome.we_asked.startswith("How much should you pay towards policing next year?")
    assert "The consultation ran from 5 January 2026 to 1 February 2026." in outcome.we_asked
    assert "- How safe do you feel in your area after dark?" in outcome.we_asked
    said = outcome.you_said
    assert said.startswith("Most people who answered would pay £14 more a year for policing.")
    assert (
        "2,013 people responded. The percentages are weighted to match the population of "
        "Warwickshire by age, sex, ethnic group and district." in said
    )
    # Weighted shares of the precept question, with the people who answered it.
    assert (
        "No increase: 29%; £10 more a year: 32%; £14 more a year: 39%. 1,950 people answered."
        in said
    )
    assert "The average answer was 3.3." in said
    assert "- Police visibility: 301 of 812 (37%)" in said
    # Seven people wrote about speeding: too few to publish.
    assert "Speeding" not in said
    assert outcome.we_did == ""
    assert outcome.published_at is None


def test_draft_from_a_consultation_has_a_point_per_theme_and_headline(consultation, officer):
    outcome = outcomes.draft_outcome_for_consultation(consultation, by=officer)

    points = list(outcome.points.all())
    assert [(p.said, p.how_many) for p in points] == [
        ("Police visibility", "301 of 812 (37%)"),
        (
            "The most common answer to “How much more would you pay a year for policing "
            "(Band D)?” was “£14 more a year”.",
            "839 of 1,950 (43%; 39% weighted)",
        ),
        (
            "The most common answer to “How safe do you feel in your area after dark?” was 4, "
            "on a scale from 1 (Very unsafe) to 5 (Very safe).",
            "716 of 1,990 (36%; 35% weighted)",
        ),
    ]
    assert points[0].consultation_theme == Theme.objects.get(label="Police visibility")
    assert [p.position for p in points] == [0, 1, 2]
    assert all(p.decision is None and p.response == "" for p in points)


def test_draft_copies_the_welsh_the_consultation_has(consultation, officer):
    outcome = outcomes.draft_outcome_for_consultation(consultation, by=officer)

    assert outcome.title_cy.startswith("Praesept yr heddlu a throseddu 2027/28")
    assert outcome.you_said_cy.startswith(
        "Byddai'r rhan fwyaf yn talu £14 yn fwy y flwyddyn am blismona."
    )
    # No Welsh description: people reading in Welsh see the English "we asked", marked so.
    assert outcome.we_asked_cy == ""


def test_a_consultation_has_one_outcome(consultation, officer):
    first = outcomes.draft_outcome_for_consultation(consultation, by=officer)
    again = outcomes.draft_outcome_for_consultation(consultation, by=officer)
    assert again.pk == first.pk
    assert Outcome.objects.count() == 1
    assert first.points.count() == 3


def test_draft_without_an_analysis_is_refused(office, officer):
    consultation = build_consultation(office, status=Status.CLOSED)
    with pytest.raises(ValidationError) as refused:
        outcomes.draft_outcome_for_consultation(consultation, by=officer)
    assert refused.value.messages == [
        "Analyse “Police and crime precept 2027/28” first: the draft is written from the analysis."
    ]


def test_draft_from_a_real_analysis(office, officer, populated):  # noqa: F811
    consultation = build(office, area=populated)
    consultation.status = Status.ANALYSED
    consultation.save()
    # The analysis as the worker stores it (through JSON): 240 responses, weighted to the census.
    result = json.loads(json.dumps(analyse(consultation)))
    finished_analysis(consultation, result)

    outcome = outcomes.draft_outcome_for_consultation(consultation, by=officer)

    said = outcome.you_said
    assert (
        "240 people responded. The percentages are weighted to match the population of "
        "Warwickshire by age, sex, ethnic group and district." in said
    )
    precept = next(q for q in result["questions"] if q["kind"] == QuestionKind.PRECEPT)
    shares = "; ".join(
        f"{row['label']}: {number(row['weighted_pct'])}%" for row in precept["results"]
    )
    assert f"{precept['text']}\n{shares}. {precept['n']} people answered." in said
    top = max(precept["results"], key=lambda row: row["weighted_pct"])
    point = outcome.points.get(said__contains=precept["text"])
    assert point.said == (f"The most common answer to “{precept['text']}” was “{top['label']}”.")
    assert point.how_many == (
        f"{top['n']} of {precept['n']} ({number(top['pct'])}%; "
        f"{number(top['weighted_pct'])}% weighted)"
    )
    text = next(q for q in result["questions"] if q["kind"] == QuestionKind.TEXT)
    named = sorted((t for t in text["themes"] if t["n"] >= 10), key=lambda t: -t["n"])[:5]
    assert named
    assert [
        (p.consultation_theme_id, p.how_many)
        for p in outcome.points.filter(consultation_theme__isnull=False)
    ] == [(t["id"], f"{t['n']} of {text['n']} ({number(t['pct'])}%)") for t in named]


# -- drafting from a theme ------------------------------------------------------------------


@pytest.fixture
def places(office):
    county = Area.objects.create(office=office, kind=AreaKind.FORCE_AREA, name="Avonshire")
    rugby = Area.objects.create(office=office, kind=AreaKind.DISTRICT, name="Rugby", parent=county)
    hillmorton = Area.objects.create(
        office=office, kind=AreaKind.WARD, name="Hillmorton", parent=rugby
    )
    warwick = Area.objects.create(
        office=office, kind=AreaKind.DISTRICT, name="Warwick", parent=county
    )
    return {"rugby": rugby, "hillmorton": hillmorton, "warwick": warwick}


def _concern(theme, area, source, days_ago=10, people=1):
    return Concern.objects.create(
        office=theme.office,
        summary="Nobody patrols the estate after dark.",
        theme=theme,
        area=area,
        source=source,
        raised_on=timezone.localdate() - dt.timedelta(days=days_ago),
        people=people,
    )


def test_draft_from_a_theme_counts_concerns_by_channel_in_the_area(office, officer, places):
    theme = ConcernTheme.objects.create(office=office, name="Police visibility")
    other = ConcernTheme.objects.create(office=office, name="Road safety")
    _concern(theme, places["rugby"], ConcernSource.FORUM_REPORT, people=12)
    _concern(theme, places["hillmorton"], ConcernSource.FORUM_REPORT, people=3)
    _concern(theme, places["hillmorton"], ConcernSource.SURGERY)
    _concern(theme, places["rugby"], ConcernSource.ALERT_REPLY)
    _concern(theme, places["rugby"], ConcernSource.CORRESPONDENCE, people=2)
    # Not counted: another district, another theme, more than a year ago.
    _concern(theme, places["warwick"], ConcernSource.SURGERY)
    _concern(other, places["rugby"], ConcernSource.SURGERY)
    _concern(theme, places["rugby"], ConcernSource.SURGERY, days_ago=400)

    outcome = outcomes.draft_outcome_for_theme(office, theme, places["rugby"], by=officer)

    assert outcome.title == "Police visibility in Rugby: you said, we did"
    assert outcome.slug == "police-visibility-in-rugby"
    assert outcome.consultation is None
    assert (outcome.concern_theme, outcome.area) == (theme, places["rugby"])
    year_ago = timezone.localdate() - relativedelta(years=1)
    assert f"between {year_ago:%-d %B %Y} and" in outcome.we_asked
    assert outcome.you_said == (
        "People raised 5 concerns about Police visibility in Rugby, from 19 people.\n\n"
        "Where they were raised:\n"
        "- Ambassador's forum report: 2 concerns from 15 people\n"
        "- Letter, email or call: 1 concerns from 2 people\n"
        "- Reply to an alert: 1 concerns from 1 people\n"
        "- Surgery: 1 concerns from 1 people"
    )
    [point] = outcome.points.all()
    assert (point.said, point.how_many, point.concern_theme) == (
        "Police visibility in Rugby",
        "5 concerns from 19 people",
        theme,
    )


def test_draft_from_a_theme_across_the_whole_force_area(office, officer, places):
    theme = ConcernTheme.objects.create(office=office, name="Police visibility")
    _concern(theme, places["rugby"], ConcernSource.SURGERY)
    _concern(theme, places["warwick"], ConcernSource.SURGERY)
    _concern(theme, None, ConcernSource.CORRESPONDENCE)

    outcome = outcomes.draft_outcome_for_theme(office, theme, by=officer)

    assert outcome.title == "Police visibility: you said, we did"
    assert outcome.you_said.startswith(
        "People raised 3 concerns about Police visibility, from 3 people."
    )
    # The same theme again: the draft already written, not a second one.
    assert outcomes.draft_outcome_for_theme(office, theme, by=officer).pk == outcome.pk


def test_draft_from_another_offices_theme_is_refused(office, other_office, officer):
    theirs = ConcernTheme.objects.create(office=other_office, name="Police visibility")
    with pytest.raises(ValidationError):
        outcomes.draft_outcome_for_theme(office, theirs, by=officer)


# -- points -------------------------------------------------------------------------------


def test_points_are_added_moved_and_deleted(consultation, officer):
    outcome = outcomes.draft_outcome_for_consultation(consultation, by=officer)
    decision = _decision(consultation.office)
    added = outcomes.add_point(
        outcome,
        said="More PCSOs on foot in town centres",
        said_cy="",
        how_many="",
        decision=decision,
        response="",
        response_cy="",
        by=officer,
    )
    assert added.position == 3
    # A decision named by a point is linked to the page.
    assert list(outcome.decisions.all()) == [decision]

    outcomes.move_point(added, "up", by=officer)
    assert list(outcome.points.values_list("said", flat=True))[2:] == [
        "More PCSOs on foot in town centres",
        "The most common answer to “How safe do you feel in your area after dark?” was 4, on "
        "a scale from 1 (Very unsafe) to 5 (Very safe).",
    ]
    first = outcome.points.first()
    outcomes.move_point(first, "up", by=officer)  # already first: stays
    assert outcome.points.first() == first

    outcomes.delete_point(first, by=officer)
    assert list(outcome.points.values_list("position", flat=True)) == [0, 1, 2]
    reasons = list(outcome.history.values_list("history_change_reason", flat=True))
    assert "Point deleted: Police visibility" in reasons
    assert "Point added: More PCSOs on foot in town centres" in reasons


def test_a_point_of_a_published_page_must_stay_answered(consultation, officer):
    outcome = _publishable(consultation, officer)
    outcomes.publish_outcome(outcome, by=officer)
    point = outcome.points.first()
    with pytest.raises(ValidationError) as refused:
        outcomes.update_point(point, decision=None, response="", by=officer)
    assert refused.value.message_dict == {
        "response": [
            "Choose the decision that acted on this, or say why nothing was done: the page "
            "is published."
        ]
    }


# -- publishing ---------------------------------------------------------------------------


def _publishable(consultation, officer):
    outcome = outcomes.draft_outcome_for_consultation(consultation, by=officer)
    decision = _decision(consultation.office)
    outcomes.update_outcome(
        outcome, we_did="The Commissioner set the precept at £14 more a year.", by=officer
    )
    for point in outcome.points.all():
        outcomes.update_point(point, decision=decision, response="We listened.", by=officer)
    return outcome


def test_publish_is_refused_until_each_point_is_answered(consultation, officer):
    outcome = outcomes.draft_outcome_for_consultation(consultation, by=officer)

    with pytest.raises(ValidationError) as refused:
        outcomes.publish_outcome(outcome, by=officer)

    assert refused.value.messages == [
        "Say what was done (“We did”) before publishing.",
        "Point 1 (“Police visibility”) has no answer: choose the decision that acted on it, or "
        "say why nothing was done.",
        "Point 2 (“The most common answer to “How much more…”) has no answer: choose the "
        "decision that acted on it, or say why nothing was done.",
        "Point 3 (“The most common answer to “How safe do…”) has no answer: choose the "
        "decision that acted on it, or say why nothing was done.",
    ]
    outcome.refresh_from_db()
    assert outcome.published_at is None
    assert not Notice.objects.exists()


def test_publish_is_refused_while_a_linked_decision_is_unpublished(consultation, officer):
    outcome = _publishable(consultation, officer)
    draft = _decision(consultation.office, reference="PCC/2026/015", published=False)
    outcomes.update_outcome(outcome, decisions=[draft], by=officer)
    point = outcome.points.first()
    outcomes.update_point(point, decision=None, response="Patrols are the Chief's.", by=officer)

    with pytest.raises(ValidationError) as refused:
        outcomes.publish_outcome(outcome, by=officer)
    assert refused.value.messages == [
        "Publish the decision PCC/2026/015 first: the page links to it."
    ]


def test_publish_tells_the_respondents_who_asked_to_hear_back(consultation, officer):
    outcome = _publishable(consultation, officer)

    notice = outcomes.publish_outcome(outcome, by=officer)

    outcome.refresh_from_db()
    assert outcome.published_at is not None
    # Of the 24 respondents, 8 asked to hear the outcome and left an email address.
    assert notice.recipients == 8
    assert Message.objects.filter(kind=MessageKind.NOTICE, notice=notice).count() == 8
    with pytest.raises(ValidationError):
        outcomes.publish_outcome(outcome, by=officer)

    outcomes.unpublish_outcome(outcome, by=officer)
    outcome.refresh_from_db()
    assert outcome.published_at is None
    # Published again: nobody is told twice.
    outcomes.publish_outcome(outcome, by=officer)
    assert Message.objects.filter(kind=MessageKind.NOTICE).count() == 8


def test_a_published_page_cannot_lose_what_was_done(consultation, officer):
    outcome = _publishable(consultation, officer)
    outcomes.publish_outcome(outcome, by=officer)
    with pytest.raises(ValidationError) as refused:
        outcomes.update_outcome(outcome, we_did="  ", by=officer)
    assert refused.value.message_dict == {"we_did": ["Say what was done: the page is published."]}

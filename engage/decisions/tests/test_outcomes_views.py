"""The staff pages of "you said, we did": drafting, editing in English and Welsh, points,
publishing with the reasons it is refused, and another office's pages not found."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from engage.consultations.tests.result_fixture import (
    build_consultation,
    finished_analysis,
    themes_for,
)
from engage.decisions import outcomes
from engage.decisions.models import Decision, DecisionKind, Outcome
from engage.engagements.models import ConcernTheme
from engage.messaging.models import Message

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    """The page as a person reads it: tags gone, white space collapsed."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture
def consultation(office):
    consultation = build_consultation(office)
    themes_for(consultation)
    finished_analysis(consultation)
    return consultation


@pytest.fixture
def outcome(consultation, officer):
    return outcomes.draft_outcome_for_consultation(consultation, by=officer)


@pytest.fixture
def decision(office):
    return Decision.objects.create(
        office=office,
        reference="PCC/2026/014",
        slug="pcc-2026-014",
        title="Policing precept 2027/28",
        decided_on=dt.date(2026, 2, 24),
        kind=DecisionKind.PRECEPT,
        summary="The Band D precept rises by £14 a year.",
        published_at=timezone.now(),
    )


def test_officer_drafts_a_page_from_a_consultation(officer_client, consultation):
    page = officer_client.get(
        reverse("decisions:outcome_create"), {"consultation": consultation.pk}
    )
    assert page.status_code == 200
    # The consultation in the address is chosen already.
    assert f'value="{consultation.pk}" checked' in page.content.decode()

    response = officer_client.post(
        reverse("decisions:outcome_create"),
        {"start": "consultation", "consultation": consultation.pk},
    )

    outcome = Outcome.objects.get(consultation=consultation)
    assert response.status_code == 302
    assert response["Location"] == outcome.get_absolute_url()
    detail = _text(officer_client.get(outcome.get_absolute_url()).content.decode())
    assert "Draft written. Check what it says, then answer each point." in detail
    assert "Police visibility (no Welsh) 301 of 812 (37%) Not answered" in detail
    assert "Before it can be published" in detail
    assert "Say what was done (“We did”) before publishing." in detail


def test_drafting_needs_a_choice(officer_client, consultation):
    response = officer_client.post(reverse("decisions:outcome_create"), {"start": "consultation"})
    assert response.status_code == 400
    assert "Choose the consultation" in _text(response.content.decode())


def test_officer_drafts_a_page_from_a_theme(officer_client, office):
    theme = ConcernTheme.objects.create(office=office, name="Anti-social behaviour")
    response = officer_client.post(
        reverse("decisions:outcome_create"), {"start": "theme", "concern_theme": theme.pk}
    )
    outcome = Outcome.objects.get(concern_theme=theme)
    assert response["Location"] == outcome.get_absolute_url()
    assert outcome.you_said == (
        "Nobody raised a concern about Anti-social behaviour in the past year."
    )


def test_a_consultation_with_a_page_is_not_offered_again(officer_client, outcome):
    page = _text(officer_client.get(reverse("decisions:outcome_create")).content.decode())
    assert "No analysed consultation is waiting for a page." in page


def test_edit_shows_english_and_welsh_side_by_side_and_saves(officer_client, outcome, decision):
    url = reverse("decisions:outcome_edit", args=[outcome.pk])
    html = officer_client.get(url).content.decode()
    assert html.index('name="we_did"') < html.index('name="we_did_cy"')
    assert "Praesept yr heddlu a throseddu 2027/28" in html

    response = officer_client.post(
        url,
        {
            "title": outcome.title,
            "title_cy": outcome.title_cy,
            "slug": "precept-2027-outcome",
            "we_asked": outcome.we_asked,
            "we_asked_cy": "",
            "you_said": outcome.you_said,
            "you_said_cy": outcome.you_said_cy,
            "we_did": "The Commissioner set the precept at £14 more a year.",
            "we_did_cy": "Gosododd y Comisiynydd y praesept.",
            "decisions": [decision.pk],
        },
    )

    assert response.status_code == 302
    outcome.refresh_from_db()
    assert outcome.slug == "precept-2027-outcome"
    assert outcome.we_did_cy == "Gosododd y Comisiynydd y praesept."
    assert list(outcome.decisions.all()) == [decision]


def test_edit_refuses_an_empty_title(officer_client, outcome):
    response = officer_client.post(
        reverse("decisions:outcome_edit", args=[outcome.pk]),
        {"title": "", "we_asked": "x", "you_said": "y"},
    )
    assert response.status_code == 400
    assert "Enter the title" in _text(response.content.decode())


def test_points_are_answered_moved_and_deleted_from_the_page(officer_client, outcome, decision):
    first, second, _third = outcome.points.all()
    url = reverse("decisions:point_edit", args=[outcome.pk, first.pk])
    response = officer_client.post(
        url,
        {
            "said": first.said,
            "how_many": first.how_many,
            "decision": decision.pk,
            "response": "",
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.decision == decision

    officer_client.post(
        reverse("decisions:point_move", args=[outcome.pk, second.pk]), {"direction": "up"}
    )
    assert outcome.points.first() == second

    confirm = officer_client.get(reverse("decisions:point_delete", args=[outcome.pk, second.pk]))
    assert "Delete this point?" in confirm.content.decode()
    officer_client.post(reverse("decisions:point_delete", args=[outcome.pk, second.pk]))
    assert outcome.points.count() == 2

    added = officer_client.post(
        reverse("decisions:point_add", args=[outcome.pk]),
        {"said": "Keep the 101 line open at night", "how_many": "", "response": "We asked."},
    )
    assert added.status_code == 302
    assert outcome.points.last().said == "Keep the 101 line open at night"


def test_publish_refused_says_what_to_fix(client, commissioner, outcome):
    client.force_login(commissioner)
    response = client.post(reverse("decisions:outcome_publish", args=[outcome.pk]))
    assert response.status_code == 400
    page = _text(response.content.decode())
    assert "There is a problem" in page
    assert "Say what was done (“We did”) before publishing." in page
    assert "Point 1 (“Police visibility”) has no answer" in page
    outcome.refresh_from_db()
    assert not outcome.is_published


def test_commissioner_publishes_and_people_are_told(
    client, commissioner, officer, outcome, decision
):
    outcomes.update_outcome(outcome, we_did="We set the precept.", by=officer)
    for point in outcome.points.all():
        outcomes.update_point(point, decision=decision, by=officer)
    client.force_login(commissioner)

    response = client.post(reverse("decisions:outcome_publish", args=[outcome.pk]), follow=True)

    assert "Published. 8 people who asked to hear back will be told." in _text(
        response.content.decode()
    )
    assert Message.objects.count() == 8
    outcome.refresh_from_db()
    assert outcome.is_published

    response = client.post(reverse("decisions:outcome_unpublish", args=[outcome.pk]), follow=True)
    assert "Unpublished: the page is no longer on the public site." in response.content.decode()


def test_list_shows_drafts_and_what_is_unanswered(client, analyst, outcome):
    client.force_login(analyst)
    page = _text(client.get(reverse("decisions:outcomes")).content.decode())
    assert (
        "Police and crime precept 2027/28: you said, we did Consultation: Police and crime "
        "precept 2027/28 Draft 3 3" in page
    )
    # Analysts read; they do not draft.
    assert "Draft a page" not in page


def test_another_offices_page_is_not_found(client, other_officer, outcome):
    client.force_login(other_officer)
    point = outcome.points.first()
    for url in (
        reverse("decisions:outcome", args=[outcome.pk]),
        reverse("decisions:outcome_edit", args=[outcome.pk]),
        reverse("decisions:point_edit", args=[outcome.pk, point.pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("decisions:outcome_publish", args=[outcome.pk])).status_code == 404
    assert outcome.title not in client.get(reverse("decisions:outcomes")).content.decode()

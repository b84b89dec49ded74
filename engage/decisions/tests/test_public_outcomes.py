"""The public pages of "you said, we did" and of decisions: only what is published, the three
sections and the table of points, English and Welsh, counts but nobody's words or details."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from engage.consultations.models import Status
from engage.consultations.tests.result_fixture import (
    build_consultation,
    finished_analysis,
    themes_for,
)
from engage.decisions import outcomes
from engage.decisions.models import Decision, DecisionKind, Evidence, EvidenceKind
from engage.engagements.models import Concern, ConcernSource, ConcernTheme

pytestmark = pytest.mark.django_db

UNTRANSLATED = "This has not been translated into Welsh yet."


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def _decision(office, reference, *, published=True, **fields):
    return Decision.objects.create(
        office=office,
        reference=reference,
        slug=reference.lower().replace("/", "-"),
        title=fields.pop("title", "Policing precept 2027/28"),
        title_cy=fields.pop("title_cy", ""),
        decided_on=fields.pop("decided_on", dt.date(2026, 2, 24)),
        kind=fields.pop("kind", DecisionKind.PRECEPT),
        summary=fields.pop("summary", "The Band D precept rises by £14 a year."),
        published_at=timezone.now() if published else None,
        **fields,
    )


@pytest.fixture
def consultation(office):
    consultation = build_consultation(office, status=Status.PUBLISHED)
    themes_for(consultation)
    finished_analysis(consultation)
    return consultation


@pytest.fixture
def decision(office):
    return _decision(office, "PCC/2026/014", title_cy="Praesept plismona 2027/28")


@pytest.fixture
def published(consultation, decision, officer):
    """The precept page, published: one point acted on, the others answered with why not."""
    outcome = outcomes.draft_outcome_for_consultation(consultation, by=officer)
    outcomes.update_outcome(
        outcome,
        we_did="The Commissioner set the precept at £14 more a year for a Band D home.",
        we_did_cy="Gosododd y Comisiynydd y praesept ar £14 yn fwy y flwyddyn.",
        by=officer,
    )
    first, *others = outcome.points.all()
    outcomes.update_point(
        first, decision=decision, response="Twelve more PCSOs on foot.", by=officer
    )
    for point in others:
        outcomes.update_point(
            point, response="This was one of the things we weighed up.", by=officer
        )
    outcomes.publish_outcome(outcome, by=officer)
    return outcome


def _get(client, name, *args, welsh=False):
    extra = {"HTTP_ACCEPT_LANGUAGE": "cy"} if welsh else {}
    return client.get(reverse(name, args=args), **extra)


def test_outcome_page_has_the_three_sections_and_the_table(client, office, published):
    response = _get(client, "decisions:public_outcome", office.slug, published.slug)

    assert response.status_code == 200
    html = response.content.decode()
    headings = re.findall(r'<h2 class="govuk-heading-m"[^>]*>([^<]+)</h2>', html)
    assert headings[:4] == ["We asked", "You said", "We did", "What you said and what we did"]
    page = _text(html)
    assert "How much should you pay towards policing next year?" in page
    assert "2,013 people responded." in page
    assert "The Commissioner set the precept at £14 more a year for a Band D home." in page
    assert "You said How many What we did or why not" in page
    assert (
        "Police visibility 301 of 812 (37%) Policing precept 2027/28 (PCC/2026/014) "
        "Twelve more PCSOs on foot." in page
    )
    assert "839 of 1,950 (43%; 39% weighted) This was one of the things we weighed up." in page
    assert f'href="/you-said-we-did/{office.slug}/decisions/pcc-2026-014/"' in html
    assert f'href="/have-your-say/{office.slug}/precept-2027/results/"' in html
    # Works without JavaScript: nothing on the page needs a script.
    assert "<noscript" not in html


def test_the_results_link_waits_for_the_results_to_be_published(
    client, office, consultation, published
):
    consultation.status = Status.ANALYSED
    consultation.save()
    html = _get(client, "decisions:public_outcome", office.slug, published.slug).content.decode()
    assert "/results/" not in html
    assert "Read the full results" not in html


def test_nobody_is_named_or_quoted(client, office, published):
    page = _get(client, "decisions:public_outcome", office.slug, published.slug).content.decode()
    assert "@example.org" not in page
    assert "We never see a police officer in our village any more." not in page
    assert "Olivia" not in page  # the officer who wrote it


def test_unpublished_pages_are_not_found(client, office, published, officer):
    outcomes.unpublish_outcome(published, by=officer)
    assert _get(client, "decisions:public_outcome", office.slug, published.slug).status_code == 404
    listing = _text(_get(client, "decisions:public_outcomes", office.slug).content.decode())
    assert published.title not in listing
    assert "Nothing has been published yet." in listing


def test_another_offices_address_finds_nothing(client, office, other_office, published, decision):
    assert (
        _get(client, "decisions:public_outcome", other_office.slug, published.slug).status_code
        == 404
    )
    assert (
        _get(client, "decisions:public_decision", other_office.slug, decision.slug).status_code
        == 404
    )
    listing = _get(client, "decisions:public_outcomes", other_office.slug).content.decode()
    assert published.title not in listing
    assert decision.title not in listing
    assert _get(client, "decisions:public_outcomes", "nowhere").status_code == 404


def test_list_shows_published_pages_and_decisions_newest_first(client, office, published):
    _decision(
        office,
        "PCC/2026/020",
        title="Funding for victims' services",
        kind="commissioning",
        decided_on=dt.date(2026, 3, 10),
    )
    _decision(office, "PCC/2026/021", title="A draft nobody has seen", published=False)

    page = _text(_get(client, "decisions:public_outcomes", office.slug).content.decode())

    assert "Police and crime precept 2027/28: you said, we did" in page
    assert page.index("Funding for victims' services") < page.index("Policing precept 2027/28")
    assert "PCC/2026/020 · Commissioning or funding award · Decided 10 March 2026" in page
    assert "A draft nobody has seen" not in page


def test_outcome_page_in_welsh(client, office, published):
    html = _get(
        client, "decisions:public_outcome", office.slug, published.slug, welsh=True
    ).content.decode()
    page = _text(html)
    with translation.override("cy"):
        untranslated = gettext(UNTRANSLATED)

    assert '<html lang="cy"' in html
    assert "Praesept yr heddlu a throseddu 2027/28" in page
    assert "Byddai'r rhan fwyaf yn talu £14 yn fwy y flwyddyn am blismona." in page
    assert "Gosododd y Comisiynydd y praesept ar £14 yn fwy y flwyddyn." in page
    # "We asked" has no Welsh: the English, marked as English and said so.
    assert f"{untranslated} How much should you pay towards policing next year?" in page
    assert '<div class="govuk-body" lang="en"><p class="govuk-body">How much should you pay' in html
    # The decision has a Welsh title.
    assert "Praesept plismona 2027/28 (PCC/2026/014)" in page


def test_nothing_untranslated_is_marked_in_english(client, office, published):
    page = _get(client, "decisions:public_outcome", office.slug, published.slug).content.decode()
    assert UNTRANSLATED not in page
    assert 'lang="en"' not in page.split("<main")[1]


def test_decision_page_shows_the_decision_and_what_informed_it(
    client, office, consultation, decision
):
    visibility = ConcernTheme.objects.create(office=office, name="Police visibility")
    for i in range(3):
        Concern.objects.create(
            office=office,
            summary=f"Mrs Jones at 4 Elm Road never sees an officer ({i}).",
            theme=visibility,
            source=ConcernSource.FORUM_REPORT,
            raised_on=dt.date(2025, 11, 1 + i),
            contact_name="Jane Jones",
            contact_email="jane@example.org",
            wants_reply=True,
        )
    one = Concern.objects.first()
    draft = build_consultation(office, status=Status.ANALYSED, slug="draft-survey")
    for kind, target in (
        (EvidenceKind.CONSULTATION, {"consultation": consultation}),
        (EvidenceKind.CONSULTATION, {"consultation": draft}),
        (EvidenceKind.CONCERN_THEME, {"concern_theme": visibility}),
        (EvidenceKind.CONCERN, {"concern": one}),
    ):
        Evidence.objects.create(office=office, decision=decision, kind=kind, **target)

    html = _get(client, "decisions:public_decision", office.slug, decision.slug).content.decode()
    page = _text(html)

    assert "Decision PCC/2026/014 Policing precept 2027/28" in page
    assert "Reference PCC/2026/014" in page
    assert "Date of the decision 24 February 2026" in page
    assert "Kind of decision Precept" in page
    assert "The Band D precept rises by £14 a year." in page
    assert "Read the results of “Police and crime precept 2027/28”" in page
    assert f'href="/have-your-say/{office.slug}/precept-2027/results/"' in html
    # A consultation whose results are not published is not mentioned.
    assert "draft-survey" not in html
    assert "Concerns about Police visibility, in the year before the decision 3" in page
    assert "Concerns about Police visibility raised with us 1" in page
    # Counts only: never what anyone said, nor who they are.
    assert "Elm Road" not in page and "Jane" not in page and "jane@" not in page


def test_decision_page_in_welsh_marks_the_english_summary(client, office, decision):
    html = _get(
        client, "decisions:public_decision", office.slug, decision.slug, welsh=True
    ).content.decode()
    with translation.override("cy"):
        untranslated = gettext(UNTRANSLATED)
    page = _text(html)
    assert "Praesept plismona 2027/28" in page
    assert f"{untranslated} The Band D precept rises by £14 a year." in page


def test_unpublished_decision_is_not_found(client, office):
    draft = _decision(office, "PCC/2026/099", published=False)
    assert _get(client, "decisions:public_decision", office.slug, draft.slug).status_code == 404

"""The staff results page and the public results page, from a stored analysis result."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from engage.consultations.models import Run, RunKind, Status
from engage.consultations.results import SMALL_CELL, Figure, suppress
from engage.consultations.tests.result_fixture import (
    build_consultation,
    finished_analysis,
    result_for,
)

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    """The page as a person reads it: tags gone, white space collapsed."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture
def consultation(office):
    return build_consultation(office)


@pytest.fixture
def analysed(consultation):
    finished_analysis(consultation)
    return consultation


def test_results_page_states_the_base_and_the_weighting(client, analyst, analysed):
    client.force_login(analyst)
    page = _text(client.get(reverse("consultations:results", args=[analysed.pk])).content.decode())
    assert (
        "2,013 responses; 1,874 with the about-you answers, weighted to the Census 2021 "
        "population of Warwickshire by age, sex, ethnic group and district; effective sample "
        "size 1,102; design effect 1.70; margin of error ±3.0 points" in page
    )
    assert "From the analysis of 20 February 2026 at 10:15" in page


def test_each_question_shows_people_percent_and_weighted_percent_side_by_side(
    client, analyst, analysed
):
    client.force_login(analyst)
    html = client.get(reverse("consultations:results", args=[analysed.pk])).content.decode()
    page = _text(html)
    assert "Base: 1,950 people answered (weighted base 1,940.2)." in page
    # The £14 row: 839 people, 43.0%, weighted 38.8%, ±2.9 points.
    assert "£14 more a year 839 43.0% 38.8% ±2.9" in page
    assert "Average (mean): 8.45; weighted 8.00." in page
    # A chart beside each table, with its title for screen readers and no inline style (CSP).
    assert f'aria-labelledby="chart-q{analysed.questions.first().pk}-title' in html
    assert "style=" not in html.split("<main")[1]


def test_small_cells_are_shown_and_marked_for_staff(client, analyst, analysed):
    client.force_login(analyst)
    page = _text(client.get(reverse("consultations:results", args=[analysed.pk])).content.decode())
    assert "Road safety 8 * (fewer than 10 people) 0.4%" in page
    assert "* Fewer than 10 people: not shown in anything published." in page


def test_crosstab_by_age_without_javascript(client, analyst, analysed):
    client.force_login(analyst)
    url = reverse("consultations:results", args=[analysed.pk])
    page = _text(client.get(url, {"by": "age_band"}).content.decode())
    assert "Answers to question 1 by age" in page
    assert "45 to 54 402 * " not in page
    assert "16 to 24 7 * (fewer than 10 people) (180.5)" in page


def test_an_unknown_breakdown_is_ignored(client, analyst, analysed):
    client.force_login(analyst)
    url = reverse("consultations:results", args=[analysed.pk])
    response = client.get(url, {"by": "shoe_size"})
    assert response.status_code == 200
    assert "by shoe" not in response.content.decode()


def test_themes_and_opinion_groups_on_the_results_page(client, analyst, analysed):
    client.force_login(analyst)
    page = _text(client.get(reverse("consultations:results", args=[analysed.pk])).content.decode())
    assert "Police visibility police, see, village, officer 301 37.1%" in page
    assert "We never see a police officer in our village any more." in page
    assert "Group A 371" in page
    assert "What most people agree on, whatever their group" in page
    assert "“I would report anti-social behaviour online if it were easier”: 81.0% agree" in page


def test_no_analysis_yet_explains_and_offers_the_button(client, analyst, consultation):
    client.force_login(analyst)
    page = _text(
        client.get(reverse("consultations:results", args=[consultation.pk])).content.decode()
    )
    assert "This consultation has not been analysed yet." in page
    assert "It has 24 responses so far." in page
    assert "Run the analysis" in page


def test_commissioner_sees_results_but_cannot_run_the_analysis(client, commissioner, analysed):
    client.force_login(commissioner)
    page = client.get(reverse("consultations:results", args=[analysed.pk])).content.decode()
    assert "Run the analysis again" not in page
    assert "Every response (CSV)" not in page
    response = client.post(reverse("consultations:analyse", args=[analysed.pk]))
    assert response.status_code == 403


def test_run_the_analysis_again_starts_a_run_and_shows_its_progress(
    client, analyst, analysed, django_capture_on_commit_callbacks
):
    client.force_login(analyst)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("consultations:analyse", args=[analysed.pk]))
    run = Run.objects.filter(consultation=analysed, kind=RunKind.ANALYSIS).latest("created_at")
    assert run.started_by == analyst
    assert response["Location"] == reverse("consultations:run", kwargs={"run": run.pk})
    page = _text(client.get(reverse("consultations:results", args=[analysed.pk])).content.decode())
    assert "has not finished yet" in page


# The public page


def test_public_results_say_when_not_yet_published(client, analysed):
    url = reverse("consultations:public_results", args=[analysed.office.slug, analysed.slug])
    page = _text(client.get(url).content.decode())
    assert "The results are not published yet" in page
    assert "This consultation closed on 1 February 2026." in page
    assert "839" not in page


def test_public_results_of_a_draft_are_not_found(client, office):
    draft = build_consultation(office, status=Status.DRAFT)
    url = reverse("consultations:public_results", args=[office.slug, draft.slug])
    assert client.get(url).status_code == 404


def test_published_results_suppress_small_cells(client, analysed):
    analysed.status = Status.PUBLISHED
    analysed.save()
    url = reverse("consultations:public_results", args=[analysed.office.slug, analysed.slug])
    html = client.get(url).content.decode()
    page = _text(html)
    assert "Most people who answered would pay £14 more a year for policing." in page
    assert "£14 more a year 839 43.0% 38.8% ±2.9" in page
    # 8 people chose road safety: not shown, nor their percentage.
    assert "Road safety fewer than 10" in page
    assert "0.4%" not in page
    # Seven 16 to 24 year olds, six Black respondents: hidden; the theme of 7 answers too.
    assert (
        "Black, Black British, Black Welsh, Caribbean or African Under-represented fewer than 10"
        in page
    )
    assert "Speeding on the A46" not in page
    assert "1 more theme, of fewer than 10 answers, is not shown." in page
    # Nothing a respondent wrote is published, even as a theme's quote; staff markers never appear.
    assert "We never see a police officer in our village any more." not in page
    assert "(fewer than 10 people)" not in page
    assert "PDF" in page


def test_published_results_are_kept_until_the_analysis_or_the_wording_changes(
    client, analysed, settings, django_assert_max_num_queries
):
    """The figures are rendered once and kept: a renamed option, a new analysis and a new summary
    each show on the next request, with the page cache off and no waiting."""
    settings.PUBLIC_PAGE_CACHE = False
    analysed.status = Status.PUBLISHED
    analysed.save()
    result = result_for(analysed)
    url = reverse("consultations:public_results", args=[analysed.office.slug, analysed.slug])
    first = client.get(url).content.decode()
    with django_assert_max_num_queries(2):  # the office and the consultation; the rest is kept
        assert client.get(url).content.decode() == first

    option = analysed.questions.first().options.get(label="£14 more a year")
    option.label = "£14 more a year (27p a week)"
    option.save()
    assert "£14 more a year (27p a week) 839 43.0%" in _text(client.get(url).content.decode())

    (row,) = [r for q in result["questions"] for r in q.get("results") or [] if r["n"] == 839]
    row["n"] = 901
    finished_analysis(analysed, result)
    assert "£14 more a year (27p a week) 901" in _text(client.get(url).content.decode())

    analysed.results_summary = "Most people would pay more, but fewer than last year."
    analysed.save()
    assert "fewer than last year" in _text(client.get(url).content.decode())


def test_published_results_in_welsh(client, analysed):
    analysed.status = Status.PUBLISHED
    analysed.save()
    url = reverse("consultations:public_results", args=[analysed.office.slug, analysed.slug])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert "Byddai&#x27;r rhan fwyaf yn talu £14 yn fwy y flwyddyn am blismona." in page
    assert "Praesept yr heddlu a throseddu 2027/28" in page


# Suppression rules


def test_a_lone_small_cell_takes_the_next_smallest_with_it():
    figures = [Figure("Yes", 120), Figure("No", 40), Figure("Not sure", 4)]
    suppress(figures, published=True, total=164)
    assert [f.suppressed for f in figures] == [False, True, True]
    assert [f.small for f in figures] == [False, False, True]


def test_staff_figures_are_marked_not_hidden():
    figures = [Figure("Yes", 120), Figure("No", SMALL_CELL - 1)]
    suppress(figures, published=False, total=129)
    assert [f.suppressed for f in figures] == [False, False]
    assert [f.small for f in figures] == [False, True]

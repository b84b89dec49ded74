"""Consultation results in the browser: the staff results page with a breakdown, the themes and
answers pages, and the public results page with JavaScript off.

Each page is checked with axe-core at 1280 px and on a 360 px wide phone; the screenshots go to
test-results/ to be looked at.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from engage.consultations.models import QuestionKind, Status
from engage.consultations.tests.result_fixture import (
    build_consultation,
    finished_analysis,
    themes_for,
)
from tests.browser.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("SCREENSHOTS", Path(__file__).resolve().parents[2] / "test-results"))


def _check(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"consultation-results-{name}.png"), full_page=True)
    assert serious_violations(page) == []


def _sign_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_analyst_reads_the_results_and_works_on_themes(live_server, page, office, analyst):
    consultation = build_consultation(office)
    themes_for(consultation)
    finished_analysis(consultation)
    question = consultation.questions.get(kind=QuestionKind.TEXT)

    _sign_in(page, live_server, analyst)
    page.goto(f"{live_server.url}/consultations/{consultation.pk}/results/")
    expect(page.get_by_role("heading", name="Results", exact=True)).to_be_visible()
    expect(page.get_by_text("effective sample size 1,102; design effect 1.70")).to_be_visible()
    _check(page, "01-results")

    page.get_by_label("Break the results down by").first.select_option(label="Age")
    page.get_by_role("button", name="Show the breakdown of question 1").click()
    expect(page.get_by_role("heading", name="By age")).to_be_visible()
    _check(page, "02-by-age")

    page.set_viewport_size({"width": 360, "height": 800})
    _check(page, "03-by-age-360")

    page.goto(f"{live_server.url}/consultations/{consultation.pk}/questions/{question.pk}/themes/")
    expect(page.get_by_role("heading", name="Themes of the answers")).to_be_visible()
    _check(page, "04-themes-360")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Rename Speeding").click()
    page.get_by_label("Name of the theme").fill("Speeding on rural roads")
    page.get_by_role("button", name="Save the name").click()
    expect(page.get_by_text("“Speeding” is now called “Speeding on rural roads”.")).to_be_visible()
    _check(page, "05-themes")

    page.get_by_role("link", name="Read the answers in no theme").click()
    expect(page.get_by_text("5 answers")).to_be_visible()
    _check(page, "06-answers")
    page.get_by_label("Speeding on rural roads").first.check()
    page.get_by_role("button", name="Save the themes").first.click()
    expect(page.get_by_text("is now in “Speeding on rural roads”")).to_be_visible()


def test_public_results_without_javascript(live_server, browser, office):
    consultation = build_consultation(office, status=Status.PUBLISHED)
    themes_for(consultation)
    finished_analysis(consultation)
    url = f"{live_server.url}/have-your-say/{office.slug}/{consultation.slug}/results/"
    for width, javascript in ((1280, True), (360, False)):
        context = browser.new_context(
            viewport={"width": width, "height": 900},
            locale="en-GB",
            java_script_enabled=javascript,
        )
        page = context.new_page()
        page.goto(url)
        expect(page.get_by_role("heading", name="What people told us")).to_be_visible()
        expect(page.get_by_text("Most people who answered would pay £14 more")).to_be_visible()
        expect(page.get_by_role("cell", name="fewer than 10").first).to_be_visible()
        if javascript:
            _check(page, f"07-public-{width}")
        else:
            page.screenshot(
                path=str(SHOTS / f"consultation-results-08-public-{width}-no-js.png"),
                full_page=True,
            )
        context.close()

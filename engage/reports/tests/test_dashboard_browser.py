"""The dashboard in Chromium: on a desktop and at 320 px, with JavaScript on and off; the officer
chooses dates and an area with the form, no axe-core violation, nothing but a table wider than the
screen, and screenshots to look at."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from engage.reports.tests.figures_data import build_small_office
from tests.browser.axe import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("SCREENSHOTS", Path(__file__).resolve().parents[3] / "test-results"))

WIDE_ELEMENTS = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
  .filter(el => !el.parentElement.closest('.engage-table-wrapper'))
  .slice(0, 5).map(el => el.tagName + '.' + el.className)"""


def _check(page, name, javascript):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"dashboard-{name}.png"), full_page=True)
    if javascript:
        assert violations(page) == []
    assert page.evaluate(WIDE_ELEMENTS) == []


def test_dashboard_with_dates_and_an_area(live_server, browser, office, officer, commissioner):
    build_small_office(office, officer=officer, commissioner=commissioner)
    for width, javascript in ((1280, True), (320, True), (320, False)):
        context = browser.new_context(
            viewport={"width": width, "height": 900}, locale="en-GB", java_script_enabled=javascript
        )
        page = context.new_page()
        suffix = f"{width}{'' if javascript else '-no-js'}"
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Email address").fill(officer.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()

        page.goto(f"{live_server.url}/dashboard/")
        expect(page.get_by_role("heading", name="Dashboard", exact=True)).to_be_visible()
        page.get_by_label("Period (optional)").select_option(label="Dates of your choice")
        page.get_by_label("From (optional)").fill("2025-04-01")
        page.get_by_label("To (optional)").fill("2025-06-30")
        page.get_by_role("button", name="Show the figures").click()
        expect(page.get_by_role("heading", name="1 April 2025 to 30 June 2025")).to_be_visible()
        expect(
            page.get_by_role("table", name="People reached by month: the chart's figures")
        ).to_contain_text("1,200")
        expect(page.get_by_role("img", name="Chart: people reached by district")).to_be_visible()
        _check(page, f"01-quarter-{suffix}", javascript)

        page.get_by_label("Area (optional)").select_option(label="Rugby")
        page.get_by_role("button", name="Show the figures").click()
        expect(page.get_by_text("Rugby and the areas inside it")).to_be_visible()
        _check(page, f"02-rugby-{suffix}", javascript)

        page.get_by_label("To (optional)").fill("2025-03-01")
        page.get_by_role("button", name="Show the figures").click()
        expect(
            page.get_by_role("link", name="The “to” date must be on or after the “from” date")
        ).to_be_visible()
        _check(page, f"03-error-{suffix}", javascript)
        context.close()

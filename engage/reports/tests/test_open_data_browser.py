"""The open data pages in Chromium: on a desktop and at 320 px, in English and Welsh, with
JavaScript on and off; no axe-core violation of any impact, and screenshots to look at."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from engage.reports.tests.office_data import build_office_data
from tests.browser.axe import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("SCREENSHOTS", Path(__file__).resolve().parents[3] / "test-results"))

WIDE_ELEMENTS = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
  .filter(el => !el.parentElement.closest('.engage-table-wrapper'))
  .slice(0, 5).map(el => el.tagName + '.' + el.className)"""


def _check(page, name, javascript):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"open-data-{name}.png"), full_page=True)
    if javascript:
        assert violations(page) == []
    # Reflow: nothing but a table (in its scrolling region) is wider than the screen.
    assert page.evaluate(WIDE_ELEMENTS) == []


def test_open_data_pages(live_server, browser, office, other_office, officer, commissioner):
    build_office_data(office, officer=officer, commissioner=commissioner)
    for width, javascript in ((1280, True), (320, True), (320, False)):
        context = browser.new_context(
            viewport={"width": width, "height": 900}, locale="en-GB", java_script_enabled=javascript
        )
        page = context.new_page()
        suffix = f"{width}{'' if javascript else '-no-js'}"

        page.goto(f"{live_server.url}/open-data/")
        expect(page.get_by_role("heading", name="Open data", exact=True)).to_be_visible()
        _check(page, f"01-index-{suffix}", javascript)

        page.get_by_role("link", name=f"Open data of the {office.name}").click()
        expect(page.get_by_role("heading", name="Licence")).to_be_visible()
        expect(page.get_by_text("Contains public sector information licensed")).to_be_visible()
        expect(page.get_by_role("heading", name="Columns: Decisions")).to_be_visible()
        expect(page.get_by_text("At present it has 1 row.")).to_have_count(2)
        # The first rows open without JavaScript too (a details element).
        page.get_by_text("The first row of “Decisions”").click()
        expect(page.get_by_role("table", name="As in decisions.csv")).to_contain_text(
            "PCC/2026/014"
        )
        _check(page, f"02-office-{suffix}", javascript)

        with page.expect_download() as download:
            page.get_by_role("link", name="Download “Decisions” as CSV").click()
        assert download.value.suggested_filename == f"{office.slug}-decisions.csv"

        page.get_by_role("link", name="Cymraeg").click()
        expect(page.locator("html")).to_have_attribute("lang", "cy")
        _check(page, f"03-office-cy-{suffix}", javascript)
        context.close()

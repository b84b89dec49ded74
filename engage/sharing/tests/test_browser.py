"""The sharing pages in Chromium: an officer compares the quarter with two neighbours, imports a
file, searches the library and writes up an activity. Screenshots in test-results/, axe on each."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD
from engage.sharing.benchmarks import Quarter
from engage.sharing.demo import DATA, build_sharing
from engage.sharing.tests.factories import activity, concerns, force_area, ratings
from tests.browser.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("SCREENSHOTS", Path(__file__).resolve().parents[3] / "test-results"))
WIDE_ELEMENTS = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
  .filter(el => !el.parentElement.closest('.engage-table-wrapper'))
  .slice(0, 5).map(el => el.tagName + '.' + el.className)"""


def _check(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"sharing-{name}.png"), full_page=True)
    assert page.evaluate(WIDE_ELEMENTS) == [], name
    assert serious_violations(page) == [], name


def test_an_officer_compares_imports_and_writes_up(live_server, browser, office, officer, tmp_path):
    today = timezone.localdate()
    quarter = Quarter.last_complete(today)
    day = quarter.starts_on + dt.timedelta(days=20)
    force_area(office, population=596_773)
    roadshow = activity(
        office,
        title="Rural crime roadshow at the cattle market",
        day=day,
        people=140,
        audiences={"rural": 90, "older_people": 35},
    )
    ratings(roadshow, *[4, 5] * 8)
    activity(
        office,
        title="Friday engagement: youth club visit",
        day=day,
        people=25,
        audiences={"young_people": 22},
    )
    activity(
        office,
        title="Know your neighbourhood team",
        type="social_media",
        channel="social_media",
        day=day,
        people=4200,
    )
    concerns(office, 14, day=day)
    build_sharing(office, {"officer": officer}, today, random.Random(1))

    page = browser.new_context(viewport={"width": 1024, "height": 800}, locale="en-GB").new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(officer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(f"{live_server.url}/sharing/")
    expect(page.get_by_role("heading", name="Sharing between offices")).to_be_visible()
    _check(page, "01-index")

    page.get_by_role("link", name="Benchmarks", exact=True).first.click()
    expect(page.locator("#comparison")).to_contain_text("West Mercia OPCC (demo)")
    expect(page.locator("#comparison")).to_contain_text("Leicestershire OPCC (demo)")
    _check(page, "02-benchmarks")

    page.get_by_role("link", name="Export our figures").click()
    _check(page, "03-export")

    # A neighbour's file from a newer Engage: refused, and saying why.
    newer = json.loads((DATA / "west-mercia-demo-benchmark.json").read_text())
    newer["schema_version"] = "2.0"
    path = tmp_path / "west-mercia-v2.json"
    path.write_text(json.dumps(newer))
    page.goto(f"{live_server.url}/sharing/benchmarks/import/")
    page.get_by_label("Benchmark file (JSON or CSV)").set_input_files(str(path))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "This file is in benchmark format 2.0; Engage reads 1.0."
    )
    _check(page, "04-import-refused")

    page.get_by_label("Benchmark file (JSON or CSV)").set_input_files(
        str(DATA / "leicestershire-demo-benchmark.csv")
    )
    page.get_by_role("button", name="Check the file").click()
    expect(
        page.get_by_role("heading", name="Check the figures before importing them")
    ).to_be_visible()
    _check(page, "05-import-preview")

    page.goto(f"{live_server.url}/sharing/library/")
    _check(page, "06-library")
    page.get_by_label("Search the library").fill("trust")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#result-count")).to_contain_text("match")
    _check(page, "07-library-search")

    page.get_by_role("link", name="Listening sessions in places of worship during Ramadan").click()
    expect(page.get_by_text("Written by Leicestershire OPCC (demo)")).to_be_visible()
    _check(page, "08-case-study")

    page.goto(f"{live_server.url}/sharing/library/")
    page.get_by_label("Write up an activity").select_option(
        label=f"{day:%d/%m/%Y} – Know your neighbourhood team"
    )
    page.get_by_role("button", name="Write it up").click()
    expect(page.get_by_label("Title", exact=True)).to_have_value("Know your neighbourhood team")
    _check(page, "09-write-up")
    page.get_by_label("Lessons learned").fill("Short films of the team did better than posters.")
    page.get_by_role("button", name="Save the case study").click()
    expect(page.get_by_text("Case study “Know your neighbourhood team” saved.")).to_be_visible()
    _check(page, "10-saved")

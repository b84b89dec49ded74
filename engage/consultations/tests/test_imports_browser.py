"""In Chromium: an analyst imports a survey tool's export, checks the preview, and watches the run.
Screenshots in test-results/, axe on each page, at 1280 and 360 px."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from engage.consultations.models import Response, Run, RunKind, RunStatus
from engage.consultations.tests.test_imports import GOOD, _csv
from engage.consultations.tests.test_imports import survey as survey  # the fixture
from tests.browser.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("SCREENSHOTS", Path(__file__).resolve().parents[3] / "test-results"))


def _check(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"consultation-imports-{name}.png"), full_page=True)
    assert serious_violations(page) == [], name


@pytest.mark.parametrize("width", [1280, 360])
def test_analyst_imports_a_file_and_sees_it_done(
    live_server, browser, survey, analyst, officer, tmp_path, width
):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(analyst.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    bad = tmp_path / "bad.csv"
    bad.write_bytes(_csv(*GOOD, "R-104,Quite safe,,,,,,,,,,"))
    page.goto(f"{live_server.url}/consultations/{survey.pk}/import/")
    _check(page, f"{width}-01-upload")
    page.get_by_label("File of responses").set_input_files(str(bad))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("Row 5, column")).to_be_visible()
    _check(page, f"{width}-02-problems")

    good = tmp_path / "responses.csv"
    good.write_bytes(_csv(*GOOD))
    page.get_by_role("link", name="Upload the corrected file").click()
    page.get_by_label("File of responses").set_input_files(str(good))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("3 responses will be added")).to_be_visible()
    _check(page, f"{width}-03-preview")
    page.get_by_role("button", name="Import 3 responses").click()
    expect(page.get_by_role("heading", name="Done")).to_be_visible()
    _check(page, f"{width}-04-done")
    assert Response.objects.filter(consultation=survey).count() == 3

    running = Run.objects.create(
        office=survey.office,
        consultation=survey,
        kind=RunKind.ANALYSIS,
        status=RunStatus.RUNNING,
        progress=45,
        stage="weighting",
        started_by=officer,
    )
    page.goto(f"{live_server.url}/consultations/runs/{running.pk}/")
    expect(page.get_by_text("45% — weighting")).to_be_visible()
    _check(page, f"{width}-05-running")
    # htmx polls the status: the page says so once the worker is done, without a reload.
    Run.objects.filter(pk=running.pk).update(
        status=RunStatus.DONE, progress=100, result={"base": {"responses": 3}}
    )
    expect(page.get_by_text("The analysis has finished.")).to_be_visible(timeout=6000)
    _check(page, f"{width}-06-finished-by-polling")
    context.close()

"""The Chief Executive reads the retention page in Chromium: what is due and last night's run.
Screenshot in test-results/, axe on the page."""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD
from engage.dataprotection.models import Trigger
from engage.dataprotection.retention import apply_retention
from engage.dataprotection.tests.test_retention import concern
from tests.browser.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("SCREENSHOTS", Path(__file__).resolve().parents[3] / "test-results"))


def test_the_chief_executive_reads_what_is_due(live_server, browser, office, chief_executive):
    today = timezone.localdate()
    concern(office, raised_on=today - dt.timedelta(days=400))
    apply_retention(office, dry_run=False, trigger=Trigger.COMMAND)
    concern(office, raised_on=today - dt.timedelta(days=7 * 366), email="kim@example.org")
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB").new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(chief_executive.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/data-protection/retention/")
    expect(page.get_by_role("heading", name="Retention", exact=True)).to_be_visible()
    expect(
        page.get_by_role("cell", name="The concern itself: six years after it was raised.")
    ).to_be_visible()
    page.get_by_text("What it did").click()
    expect(page.get_by_text("1 erased")).to_be_visible()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "dataprotection-retention.png"), full_page=True)
    assert serious_violations(page) == []

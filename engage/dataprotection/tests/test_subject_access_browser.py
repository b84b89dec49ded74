"""The Chief Executive finds a resident and reads the request list in Chromium. Screenshots in
test-results/, axe on each page."""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD
from engage.dataprotection import services
from engage.dataprotection.tests.test_subject_access import EMAIL, NAME, _place
from tests.browser.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("SCREENSHOTS", Path(__file__).resolve().parents[3] / "test-results"))


def test_the_chief_executive_finds_a_resident_and_sees_the_requests_due(
    live_server, browser, office, chief_executive
):
    _place(office)
    today = timezone.localdate()
    for days_ago, name in ((40, "Morgan Price"), (26, NAME), (5, "Alex Kaur")):
        services.record_request(
            office,
            by=chief_executive,
            requester_name=name,
            email=EMAIL if name == NAME else "",
            received_on=today - dt.timedelta(days=days_ago),
        )
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB").new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(chief_executive.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(f"{live_server.url}/data-protection/requests/")
    expect(page.get_by_role("heading", name="Overdue (1)")).to_be_visible()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "dataprotection-requests.png"), full_page=True)
    assert serious_violations(page) == []

    page.get_by_role("row").filter(has_text=NAME).get_by_role("link").click()
    page.get_by_role("button", name="Find what the office holds about them").click()
    expect(page.get_by_role("heading", name="What the office holds about a person")).to_be_visible()
    expect(page.locator("#found-count")).to_contain_text("records found")
    page.screenshot(path=str(SHOTS / "dataprotection-person.png"), full_page=True)
    assert serious_violations(page) == []

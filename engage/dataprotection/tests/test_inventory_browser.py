"""The administrator reads the data inventory in Chromium. Screenshot in test-results/, axe on
the page."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from tests.browser.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("SCREENSHOTS", Path(__file__).resolve().parents[3] / "test-results"))


def test_the_administrator_reads_the_data_inventory(live_server, browser, office, admin_user):
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB").new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(admin_user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/data-protection/")
    expect(page.get_by_role("heading", name="Data inventory", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Responses", exact=True)).to_be_visible()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "dataprotection-inventory.png"), full_page=False)
    response = page.locator("#consultationsresponse + dl")
    response.screenshot(path=str(SHOTS / "dataprotection-inventory-response.png"))
    assert serious_violations(page) == []

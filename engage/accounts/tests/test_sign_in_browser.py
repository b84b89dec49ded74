"""An officer signs in for the first time in Chromium: password, then sets up an authenticator
app, keeps the recovery codes, and signs in with a code the next time. Screenshots in
test-results/, axe on every page."""

import os
import time
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from conftest import PASSWORD
from tests.browser.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("SCREENSHOTS", Path(__file__).resolve().parents[3] / "test-results"))


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_first_sign_in_sets_up_two_factor_then_asks_for_a_code(
    live_server, browser, office, officer, settings
):
    settings.ENGAGE_REQUIRE_TWO_FACTOR = True
    SHOTS.mkdir(exist_ok=True)
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB").new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    assert serious_violations(page) == []
    page.get_by_label("Email address").fill(officer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Set up your authenticator app")).to_be_visible()
    page.screenshot(path=str(SHOTS / "accounts-set-up-app.png"), full_page=True)
    assert serious_violations(page) == []
    secret = page.locator(".engage-secret").inner_text().strip()
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the code from your authenticator app"
    )
    # A mistake keeps the same key: the app already set up still fits.
    assert page.locator(".engage-secret").inner_text().strip() == secret
    page.get_by_label("Code").fill(_code(secret))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()

    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.locator(".engage-recovery-codes li")).to_have_count(10)
    assert serious_violations(page) == []
    page.screenshot(path=str(SHOTS / "accounts-recovery-codes.png"), full_page=True)
    page.get_by_role("link", name="Done").click()

    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    expect(page.get_by_text("On: a code from your authenticator app")).to_be_visible()
    expect(page.locator("table")).to_contain_text("Signed in")
    assert serious_violations(page) == []
    page.screenshot(path=str(SHOTS / "accounts-account.png"), full_page=True)

    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(officer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(
        page.get_by_role("heading", name="Enter the code from your authenticator app")
    ).to_be_visible()
    assert serious_violations(page) == []
    page.screenshot(path=str(SHOTS / "accounts-enter-code.png"), full_page=True)
    # Each code works once: wait for the next one.
    time.sleep(31 - time.time() % 30)
    page.get_by_label("Code").fill(_code(secret))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Hello, Olivia")).to_be_visible()

"""Alerts in Chromium: a resident replies to an appeal from the link in it, with JavaScript on
(1280 px) and off (a 360 px phone), a mistake put right; an officer writes an appeal from the
CCTV template and watches the count change as areas are ticked. axe-core on every page;
screenshots in /tmp/shots5 (or $SCREENSHOTS)."""

import os
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import PASSWORD
from engage.engagements.models import Concern
from engage.messaging import alerts
from engage.messaging.models import Message
from engage.messaging.tests.alert_data import cctv_appeal, make_places, reply_url, subscriber
from tests.browser.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("SCREENSHOTS", "/tmp/shots5"))  # noqa: S108 - screenshots only
WIDE_ELEMENTS = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
  .filter(el => !el.parentElement.closest('.engage-table-wrapper'))
  .slice(0, 5).map(el => el.tagName + '.' + el.className)"""
# The reply form refuses a post sent faster than a person could (core.public_forms.MIN_SECONDS).
HUMAN_PAUSE_MS = 3100


def _check(page, name, checker=None):
    """Screenshot, nothing wider than the screen, axe clean (with scripts off, `checker` loads
    the same HTML at the same address with the site's scripts blocked, so axe can run)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"alerts-{name}.png"), full_page=True)
    if checker is not None:
        html = page.content()
        checker.route(page.url, lambda route: route.fulfill(body=html, content_type="text/html"))
        checker.goto(page.url)
        checker.unroute(page.url)
        page = checker
    assert page.evaluate(WIDE_ELEMENTS) == [], name
    assert serious_violations(page) == [], name


@pytest.mark.parametrize(
    ("javascript", "viewport"),
    [(True, {"width": 1280, "height": 900}), (False, {"width": 360, "height": 780})],
    ids=["js", "nojs"],
)
def test_a_resident_replies_to_an_appeal(
    live_server, browser, office, officer, javascript, viewport
):
    places = make_places(office)
    subscriber(office, "resident@example.org", [places["Bilton"]])
    alert = alerts.send_alert(cctv_appeal(office, officer, [places["Bilton"]]), by=officer)
    message = Message.objects.get(alert=alert)
    tag = "js" if javascript else "nojs"
    context = browser.new_context(viewport=viewport, locale="en-GB", java_script_enabled=javascript)
    page = context.new_page()
    checker = None
    if not javascript:
        checker = browser.new_context(viewport=viewport, locale="en-GB").new_page()
        checker.route("**/*.js", lambda route: route.abort())

    page.goto(live_server.url + reply_url(message))
    expect(page.get_by_role("heading", name="Do you have CCTV on Abbey Street?")).to_be_visible()
    expect(page.locator("main .govuk-warning-text")).to_contain_text(
        "If a crime is happening now or someone is in danger, call 999."
    )
    _check(page, f"reply-{tag}-01-form", checker)

    # A mistake: an email address but no consent to be contacted.
    page.get_by_label("What do you want to tell us?").fill(
        "My doorbell camera recorded two people at 02:10 on 4 March."
    )
    page.get_by_label("Your email address (optional)").fill("sam@example.org")
    page.wait_for_timeout(HUMAN_PAUSE_MS)
    page.get_by_role("button", name="Send your reply").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_label("Your email address (optional)")).to_have_value("sam@example.org")
    _check(page, f"reply-{tag}-02-error", checker)

    page.get_by_label("I agree to be contacted about this").check()
    page.wait_for_timeout(HUMAN_PAUSE_MS)
    page.get_by_role("button", name="Send your reply").click()
    expect(page.get_by_role("heading", name="Thank you for your reply")).to_be_visible()
    _check(page, f"reply-{tag}-03-thanks", checker)

    concern = Concern.objects.get()
    assert (concern.alert, concern.contact_email, concern.wants_reply) == (
        alert,
        "sam@example.org",
        True,
    )
    context.close()


def test_a_link_that_does_not_work_says_so(live_server, page):
    page.goto(live_server.url + reverse("messaging:reply", args=["not-a-real-link"]))

    expect(page.get_by_role("heading", name="This reply link does not work")).to_be_visible()
    _check(page, "reply-invalid")


def test_an_officer_writes_an_appeal_and_watches_the_count(live_server, page, office, officer):
    places = make_places(office)
    subscriber(office, "one@example.org", [places["Bilton"]])
    subscriber(office, "+447700900123", [places["Rugby"]])
    subscriber(office, "three@example.org", [places["Leamington"]])
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(officer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(live_server.url + reverse("messaging:alert_create") + "?template=cctv")
    expect(page.get_by_label("Title", exact=True)).to_have_value(
        "Do you have CCTV on [street name]?"
    )
    count = page.locator("#recipient-count")
    expect(count).to_contain_text("Choose at least one area and one topic")
    _check(page, "staff-01-template")

    page.get_by_label("Rugby › Bilton").check()
    expect(count).to_contain_text("It will reach 2 people: 1 by email, 1 by text message.")
    page.get_by_label("Warwick › Leamington").check()
    expect(count).to_contain_text("It will reach 3 people")
    page.get_by_label("Text message", exact=True).fill("x" * 310)
    expect(page.get_by_text("You have 4 characters too many")).to_be_visible()
    page.get_by_label("Text message", exact=True).fill("Police appeal: do you have CCTV?")
    page.get_by_label("Title", exact=True).fill("Do you have CCTV on Abbey Street?")
    page.get_by_role("button", name="Save as a draft").click()

    expect(page.get_by_role("heading", name="Do you have CCTV on Abbey Street?")).to_be_visible()
    expect(page.get_by_text("Before it can be sent:")).to_be_visible()  # [number] and others
    _check(page, "staff-02-draft")

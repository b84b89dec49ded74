"""A resident books a surgery slot and contacts the Commissioner in Chromium, with JavaScript on
and off, at desktop and phone widths; every page axe-clean (no violations of any impact),
including each form's error state; and a booking made with the keyboard alone (Tab, Enter,
Space). Screenshots in test-results/ (or $SCREENSHOTS)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from engage.engagements.models import BookingStatus, Concern, ConcernSource, SurgeryBooking
from engage.engagements.services.concerns import ensure_default_themes
from engage.engagements.tests.public_data import make_session, slot_of
from engage.places.models import Area, AreaKind
from tests.browser.axe import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("SCREENSHOTS", Path(__file__).resolve().parents[2] / "test-results"))
WIDE_ELEMENTS = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
  .filter(el => !el.parentElement.closest('.engage-table-wrapper'))
  .slice(0, 5).map(el => el.tagName + '.' + el.className)"""
# The forms refuse a post sent faster than a person could (core.public_forms.MIN_SECONDS).
HUMAN_PAUSE_MS = 3100
VARIANTS = pytest.mark.parametrize(
    ("javascript", "viewport"),
    [(True, {"width": 1280, "height": 900}), (False, {"width": 320, "height": 740})],
    ids=["js-desktop", "nojs-320"],
)


@pytest.fixture(autouse=True)
def _messages_inline(settings):
    settings.MESSAGING_RATE = 0


def _pages(browser, javascript, viewport):
    context = browser.new_context(viewport=viewport, locale="en-GB", java_script_enabled=javascript)
    page = context.new_page()
    checker = None
    if not javascript:
        # axe runs as a script: the same HTML at the same address, with the site's own scripts
        # blocked, so what is checked is the page without JavaScript.
        checker = browser.new_context(viewport=viewport, locale="en-GB").new_page()
        checker.route("**/*.js", lambda route: route.abort())
    return page, checker


def _check(page, name, checker=None):
    """Screenshot, nothing wider than the screen, and no axe violation of any impact."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"public-surgeries-{name}.png"), full_page=True)
    if checker is not None:
        html = page.content()
        checker.route(page.url, lambda route: route.fulfill(body=html, content_type="text/html"))
        checker.goto(page.url)
        checker.unroute(page.url)
        page = checker
    assert page.evaluate(WIDE_ELEMENTS) == [], name
    assert violations(page) == [], name


@VARIANTS
def test_a_resident_books_changes_and_cancels_a_surgery_slot(
    live_server, browser, office, commissioner, deputy, javascript, viewport
):
    tag = "js" if javascript else "nojs"
    session = make_session(office, commissioner)
    make_session(office, deputy, location="Rugby Library, Little Elborow Street")
    page, checker = _pages(browser, javascript, viewport)

    page.goto(f"{live_server.url}/{office.slug}/surgeries/")
    expect(page.get_by_role("heading", name="Meet the Commissioner at a surgery")).to_be_visible()
    _check(page, f"{tag}-01-list", checker)
    page.get_by_role("link", name=re.compile(r"^10:30am on .*Leamington Library")).click()
    expect(page.get_by_role("heading", name="Book a time at a surgery")).to_be_visible()
    expect(page.get_by_label("10:30am to 10:45am")).to_be_checked()
    _check(page, f"{tag}-02-form", checker)

    # Mistakes: no name, a landline and no topic
    page.get_by_label("UK mobile number").fill("01926 555123")
    page.wait_for_timeout(HUMAN_PAUSE_MS)
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter your name")
    expect(summary).to_contain_text("Enter a mobile number, not a landline")
    expect(summary).to_contain_text("Say in a few words what you would like to talk about")
    expect(page.get_by_label("UK mobile number")).to_have_value("01926 555123")
    expect(page).to_have_title(re.compile("^Error: "))
    if javascript:
        expect(summary).to_be_focused()
    _check(page, f"{tag}-03-form-errors", checker)

    page.get_by_label("Your name").fill("Jo Bloggs")
    page.get_by_label("Email address").fill("jo.bloggs@example.org")
    page.get_by_label("UK mobile number").fill("")
    page.get_by_label("What would you like to talk about?").fill("Speeding on Warwick Road")
    page.get_by_label("Yes, tell me what came of it").check()
    page.wait_for_timeout(HUMAN_PAUSE_MS)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check your booking")).to_be_visible()
    _check(page, f"{tag}-04-check", checker)
    page.get_by_role("button", name="Confirm the booking").click()
    expect(page.get_by_role("heading", name="Your time is booked")).to_be_visible()
    expect(page.get_by_text("We have sent a confirmation to j•••@example.org")).to_be_visible()
    _check(page, f"{tag}-05-booked", checker)
    booking = SurgeryBooking.objects.get()
    assert booking.slot == slot_of(session, 2)
    assert len(mail.outbox) == 1

    page.get_by_role("link", name="Change the time or cancel").click()
    expect(page.get_by_role("heading", name="Your surgery booking")).to_be_visible()
    _check(page, f"{tag}-06-your-booking", checker)
    page.get_by_role("link", name="Change the time").click()
    page.get_by_role("button", name="Change to this time").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose a new time")
    _check(page, f"{tag}-07-change-errors", checker)
    page.locator("fieldset", has_text="Rugby Library").get_by_label("10am to 10:15am").check()
    page.get_by_role("button", name="Change to this time").click()
    expect(page.get_by_text("Your booking has been changed.")).to_be_visible()
    expect(page.get_by_text("Rugby Library, Little Elborow Street")).to_be_visible()

    page.get_by_role("link", name="Cancel the booking").click()
    _check(page, f"{tag}-08-cancel", checker)
    page.get_by_role("button", name="Yes, cancel my booking").click()
    expect(page.get_by_role("heading", name="Your booking is cancelled")).to_be_visible()
    _check(page, f"{tag}-09-cancelled", checker)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert len(mail.outbox) == 3  # booked, changed, cancelled


@VARIANTS
def test_a_resident_contacts_the_commissioner(live_server, browser, office, javascript, viewport):
    tag = "js" if javascript else "nojs"
    ensure_default_themes(office)
    Area.objects.create(office=office, kind=AreaKind.DISTRICT, name="Rugby")
    page, checker = _pages(browser, javascript, viewport)

    page.goto(f"{live_server.url}/{office.slug}/contact/")
    expect(page.get_by_role("heading", name="Contact the Commissioner")).to_be_visible()
    _check(page, f"{tag}-10-contact", checker)
    page.get_by_label("Yes, I would like to hear back").check()
    page.get_by_label("Email address").fill("jo.bloggs")
    page.wait_for_timeout(HUMAN_PAUSE_MS)
    page.get_by_role("button", name="Send your message").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose what it is about")
    expect(summary).to_contain_text("Write your message")
    expect(summary).to_contain_text("Enter an email address in the correct format")
    expect(page.get_by_label("Email address")).to_have_value("jo.bloggs")
    _check(page, f"{tag}-11-contact-errors", checker)

    page.get_by_label("Road safety and speeding").check()
    page.get_by_label("Your message").fill("Lorries speed past the school every morning.")
    page.get_by_label("Which area is it about? (optional)").select_option(label="All of Rugby")
    page.get_by_label("Email address").fill("jo.bloggs@example.org")
    page.wait_for_timeout(HUMAN_PAUSE_MS)
    page.get_by_role("button", name="Send your message").click()
    expect(page.get_by_role("heading", name="Your message has been sent")).to_be_visible()
    expect(page.get_by_text("Lorries speed past")).to_have_count(0)
    _check(page, f"{tag}-12-contact-thanks", checker)
    concern = Concern.objects.get()
    assert (concern.source, concern.theme.name, concern.area.name) == (
        ConcernSource.CONTACT_FORM,
        "Road safety and speeding",
        "Rugby",
    )
    assert (concern.wants_reply, concern.contact_email) == (True, "jo.bloggs@example.org")


def _tab_to(page, selector: str, text: str = "", most: int = 80) -> None:
    """Press Tab until the focused element matches `selector` (and contains `text`)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        found = page.evaluate(
            "([selector, text]) => { const el = document.activeElement;"
            " return !!el && el.matches(selector) && el.textContent.includes(text); }",
            [selector, text],
        )
        if found:
            return
    raise AssertionError(f"Tab never reached {selector} {text!r}")


def test_a_resident_books_with_the_keyboard_alone(live_server, browser, office, commissioner):
    session = make_session(office, commissioner)
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{live_server.url}/{office.slug}/surgeries/")

    _tab_to(page, "a.govuk-button", "10:15am")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Book a time at a surgery")).to_be_visible()
    expect(page.get_by_label("10:15am to 10:30am")).to_be_checked()
    _tab_to(page, "#id_name")
    page.keyboard.type("Jo Bloggs")
    _tab_to(page, "#id_email")
    page.keyboard.type("jo.bloggs@example.org")
    _tab_to(page, "#id_topic")
    page.keyboard.type("Speeding on Warwick Road")
    _tab_to(page, "#id_wants_outcome")
    page.keyboard.press("Space")
    expect(page.get_by_label("Yes, tell me what came of it")).to_be_checked()
    page.wait_for_timeout(HUMAN_PAUSE_MS)
    _tab_to(page, "button", "Continue")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Check your booking")).to_be_visible()
    _tab_to(page, "button", "Confirm the booking")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your time is booked")).to_be_visible()

    booking = SurgeryBooking.objects.get()
    assert (booking.slot, booking.name, booking.wants_outcome) == (
        slot_of(session, 1),
        "Jo Bloggs",
        True,
    )

"""A resident signs up for community alerts in Chromium, confirms, changes their choices and
leaves; every public page axe-clean (including the form with errors), with JavaScript on and off;
a keyboard-only sign-up. Screenshots in test-results/ (or $SCREENSHOTS)."""

import os
import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from conftest import PASSWORD
from engage.messaging import rendering, tokens
from engage.messaging.models import Subscriber, SubscriberStatus
from engage.messaging.tests.subscribe_data import active, make_areas
from tests.browser.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("SCREENSHOTS", Path(__file__).resolve().parents[3] / "test-results"))
WIDE_ELEMENTS = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
  .filter(el => !el.parentElement.closest('.engage-table-wrapper'))
  .slice(0, 5).map(el => el.tagName + '.' + el.className)"""
# The forms refuse a post sent faster than a person could (core.public_forms.MIN_SECONDS).
HUMAN_PAUSE_MS = 3100


def _check(page, name, checker=None):
    """Screenshot, nothing wider than the screen, axe clean (with scripts off, `checker` loads
    the same HTML at the same address with the site's scripts blocked, so axe can run)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"subscribe-{name}.png"), full_page=True)
    if checker is not None:
        html = page.content()
        checker.route(page.url, lambda route: route.fulfill(body=html, content_type="text/html"))
        checker.goto(page.url)
        checker.unroute(page.url)
        page = checker
    assert page.evaluate(WIDE_ELEMENTS) == [], name
    assert serious_violations(page) == [], name


def _link(body, part):
    [url] = [u for u in re.findall(r"https?://\S+", body) if part in u]
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


@pytest.mark.parametrize(
    ("javascript", "viewport"),
    [(True, {"width": 1280, "height": 900}), (False, {"width": 360, "height": 780})],
    ids=["js", "nojs"],
)
def test_a_resident_signs_up_confirms_changes_and_leaves(
    live_server, browser, office, javascript, viewport
):
    make_areas(office)
    tag = "js" if javascript else "nojs"
    context = browser.new_context(viewport=viewport, locale="en-GB", java_script_enabled=javascript)
    page = context.new_page()
    checker = None
    if not javascript:
        checker = browser.new_context(viewport=viewport, locale="en-GB").new_page()
        checker.route("**/*.js", lambda route: route.abort())
    site = live_server.url

    page.goto(f"{site}/stay-informed/{office.slug}/")
    expect(page.get_by_role("heading", name="Get community alerts")).to_be_visible()
    email_box = page.get_by_label("Email address")
    phone_box = page.get_by_label("Mobile phone number")
    if javascript:  # revealed only when its radio is chosen
        expect(email_box).to_be_hidden()
        expect(phone_box).to_be_hidden()
    else:  # both shown; only the chosen one is needed
        expect(email_box).to_be_visible()
        expect(phone_box).to_be_visible()
    _check(page, f"{tag}-01-form", checker)

    # Mistakes: a landline, no area
    page.get_by_label("Text message to a mobile phone").check()
    expect(phone_box).to_be_visible()
    phone_box.fill("020 7946 0000")
    page.get_by_label("Burglary and theft").uncheck()
    page.wait_for_timeout(HUMAN_PAUSE_MS)
    page.get_by_role("button", name="Agree and sign up").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a mobile number, not a landline")
    expect(summary).to_contain_text("Choose at least one area")
    expect(phone_box).to_have_value("020 7946 0000")
    expect(page.get_by_label("Burglary and theft")).not_to_be_checked()
    expect(page).to_have_title(re.compile("^Error: "))
    _check(page, f"{tag}-02-errors", checker)

    # Put right
    phone_box.fill("07700 900123")
    page.get_by_label("All of Rugby").check()
    page.get_by_label("Whitnash").check()
    page.get_by_label("Cymraeg").check()
    page.wait_for_timeout(HUMAN_PAUSE_MS)
    page.get_by_role("button", name="Agree and sign up").click()
    expect(page.get_by_role("heading", name="Check your phone")).to_be_visible()
    _check(page, f"{tag}-03-check", checker)

    subscriber = Subscriber.objects.get()
    assert subscriber.status == SubscriberStatus.PENDING
    confirm = subscriber.messages.get()
    confirm_path = _link(rendering.render(confirm).body, "/confirm/")

    page.goto(site + confirm_path)
    expect(
        page.get_by_role("heading", name="Confirm that you want community alerts")
    ).to_be_visible()
    _check(page, f"{tag}-04-confirm", checker)
    page.get_by_role("button", name="Confirm and start my alerts").click()
    expect(page.get_by_role("heading", name="You are signed up")).to_be_visible()
    _check(page, f"{tag}-05-confirmed", checker)
    page.goto(site + confirm_path)
    expect(page.get_by_role("heading", name="You have already confirmed")).to_be_visible()
    _check(page, f"{tag}-06-already-confirmed", checker)

    # Manage: ask for a link, then change topics
    page.goto(f"{site}/stay-informed/{office.slug}/manage/")
    expect(page.get_by_role("heading", name="Change your alerts or unsubscribe")).to_be_visible()
    page.get_by_label("Your email address or mobile number").fill("0770")
    page.wait_for_timeout(HUMAN_PAUSE_MS)
    page.get_by_role("button", name="Send me a link").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a UK mobile number")
    _check(page, f"{tag}-07-manage-request-error", checker)
    page.get_by_label("Your email address or mobile number").fill("07700 900123")
    page.wait_for_timeout(HUMAN_PAUSE_MS)
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", name="Check your phone")).to_be_visible()

    manage_path = "/stay-informed/{}/manage/{}/".format(
        office.slug, tokens.make("manage", s=subscriber.pk)
    )
    page.goto(site + manage_path)
    expect(page.get_by_role("heading", name="Your community alerts")).to_be_visible()
    _check(page, f"{tag}-08-manage", checker)
    page.get_by_label("Road safety").uncheck()
    page.wait_for_timeout(HUMAN_PAUSE_MS)
    page.get_by_role("button", name="Save my choices").click()
    expect(page.get_by_text("Your choices have been saved.")).to_be_visible()
    _check(page, f"{tag}-09-saved", checker)

    # Unsubscribe from the link in a message: a page with one button
    alert_link = site + "/u/" + rendering.unsubscribe_url(confirm).split("/u/", 1)[1]
    page.goto(alert_link)
    expect(page.get_by_role("heading", name="Unsubscribe from community alerts")).to_be_visible()
    _check(page, f"{tag}-10-unsubscribe", checker)
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", name="You have unsubscribed")).to_be_visible()
    _check(page, f"{tag}-11-unsubscribed", checker)
    page.goto(alert_link)
    expect(page.get_by_role("heading", name="You have already unsubscribed")).to_be_visible()
    _check(page, f"{tag}-12-already-unsubscribed", checker)
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.LEFT

    # A tampered link, an expired one, the privacy notice
    page.goto(f"{site}/u/{tokens.make('unsubscribe', o=office.pk, a='x', p='alerts')[:-4]}abcd/")
    expect(page.get_by_role("heading", name="This link is not right")).to_be_visible()
    _check(page, f"{tag}-13-bad-link", checker)
    page.goto(f"{site}/stay-informed/{office.slug}/confirm/{tokens.make('confirm', s=999999)}/")
    expect(page.get_by_role("heading", name="This link has expired")).to_be_visible()
    _check(page, f"{tag}-14-expired", checker)
    page.goto(f"{site}/stay-informed/{office.slug}/privacy/")
    expect(
        page.get_by_role("heading", name="How we use your details for community alerts")
    ).to_be_visible()
    _check(page, f"{tag}-15-privacy", checker)
    context.close()


def _tab_to(page, selector, limit=80):
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_signing_up_with_the_keyboard_only(live_server, page, office):
    areas = make_areas(office)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/stay-informed/{office.slug}/")

    _tab_to(page, "#id_channel")  # the Email radio
    page.keyboard.press("Space")
    expect(page.get_by_label("Email address")).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.type("sam.keys@example.org")
    _tab_to(page, f'input[name="areas"][value="{areas["Hillmorton"].pk}"]')
    page.keyboard.press("Space")
    page.wait_for_timeout(HUMAN_PAUSE_MS)
    _tab_to(page, "button.govuk-button")
    expect(page.locator("button.govuk-button")).to_have_text("Agree and sign up")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()

    subscriber = Subscriber.objects.get()
    assert subscriber.address == "sam.keys@example.org"
    assert list(subscriber.areas.all()) == [areas["Hillmorton"]]
    assert [m.to for m in mail.outbox] == [["sam.keys@example.org"]]
    confirm_path = _link(mail.outbox[0].body, "/confirm/")
    page.goto(live_server.url + confirm_path)
    _tab_to(page, "button.govuk-button")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="You are signed up")).to_be_visible()
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.ACTIVE


def test_the_staff_subscribers_page_is_axe_clean(live_server, page, office, officer):
    areas = make_areas(office)
    active(office, "jo.bloggs@example.org", areas=[areas["Rugby"]])
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(officer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/alerts/subscribers/?address=jo.bloggs%40example.org")
    expect(page.get_by_role("heading", name="jo.bloggs@example.org")).to_be_visible()
    _check(page, "staff-subscribers")

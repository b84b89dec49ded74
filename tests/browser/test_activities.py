"""On a 360 px phone: the officer logs Friday's youth-club visit in under a minute, then someone
who was there rates it from the QR code's page. Screenshots in test-results/, axe on each page."""

import os
import time
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD
from engage.engagements.models import Activity, Concern, Feedback
from engage.places.models import Area, AreaKind
from tests.browser.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("SCREENSHOTS", Path(__file__).resolve().parents[2] / "test-results"))
PHONE = {"viewport": {"width": 360, "height": 780}, "locale": "en-GB"}
WIDE_ELEMENTS = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
  .filter(el => !el.parentElement.closest('.engage-table-wrapper'))
  .slice(0, 5).map(el => el.tagName + '.' + el.className)"""


def _check(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"activities-{name}.png"), full_page=True)
    assert page.evaluate(WIDE_ELEMENTS) == [], name
    assert serious_violations(page) == [], name


def test_officer_logs_a_youth_club_visit_on_a_phone_and_a_participant_rates_it(
    live_server, browser, office, officer
):
    rugby = Area.objects.create(office=office, kind=AreaKind.DISTRICT, name="Rugby")
    Area.objects.create(office=office, kind=AreaKind.FORUM_AREA, name="Brownsover", parent=rugby)
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(officer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Hello, Olivia")).to_be_visible()

    started = time.monotonic()
    page.goto(f"{live_server.url}/activities/")
    page.get_by_role("link", name="Log an activity").click()
    expect(page.get_by_role("heading", name="Log an activity")).to_be_visible()
    _check(page, "01-form-empty")
    page.get_by_label("Title", exact=True).fill("Visit to Brownsover youth club")
    page.get_by_label("Type of activity").select_option(label="Visit")
    page.get_by_label("Start time").fill("18:30")
    page.get_by_label("Area (optional)").first.select_option(label="Brownsover (forum area)")
    page.get_by_label("Young people (under 25)", exact=True).check()
    page.get_by_label("How many (optional) – Young people (under 25)").fill("22")
    page.get_by_label("Number of people").fill("25")
    page.get_by_label("Divert young people").check()
    page.get_by_label("Staff time (hours)").fill("3")
    page.get_by_label("What was raised").first.fill("Off-road bikes on the estate at night")
    page.get_by_label("Theme").first.select_option(label="Anti-social behaviour")
    _check(page, "02-form-filled")
    page.get_by_role("button", name="Save the activity").click()

    expect(page.get_by_text("Visit to Brownsover youth club logged.")).to_be_visible()
    assert time.monotonic() - started < 60
    _check(page, "03-detail")
    activity = Activity.objects.get()
    assert timezone.localtime(activity.starts_at).date() == timezone.localdate()
    assert [(a.audience, a.count) for a in activity.audiences.all()] == [("young_people", 22)]
    assert Concern.objects.get().activity == activity

    # Someone at the club scans the QR code: no sign-in, on their own phone.
    public = browser.new_context(**PHONE).new_page()
    public.goto(f"{live_server.url}/feedback/{activity.feedback_token}/")
    expect(public.get_by_role("heading", name="Tell us what you thought")).to_be_visible()
    expect(public.get_by_role("main").get_by_text("call 999")).to_be_visible()
    _check(public, "04-feedback")
    public.get_by_label("4 – Good").check()
    public.get_by_label("Anything you want to tell us?").fill("Good to be asked.")
    public.wait_for_timeout(3100)  # a person takes a few seconds; a script does not
    public.get_by_role("button", name="Send feedback").click()
    expect(public.get_by_role("heading", name="Thank you")).to_be_visible()
    _check(public, "05-thanks")
    assert Feedback.objects.get().rating == 4

    page.reload()
    expect(page.get_by_text("4.0 out of 5, from 1 rating")).to_be_visible()
    page.get_by_role("link", name="Print the feedback poster with its QR code").click()
    expect(page.get_by_text("Tell us what you thought")).to_be_visible()
    _check(page, "06-poster")
    page.emulate_media(media="print")
    expect(page.locator(".govuk-header")).to_be_hidden()
    expect(page.get_by_role("img", name="QR code that opens the feedback page")).to_be_visible()
    page.screenshot(path=str(SHOTS / "activities-07-poster-printed.png"), full_page=True)
    page.emulate_media(media="screen")

    page.goto(f"{live_server.url}/activities/?type=visit")
    expect(page.get_by_text("1 activity match")).to_be_visible()
    _check(page, "08-list")

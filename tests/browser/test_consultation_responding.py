"""A resident answers the precept consultation in Chromium, with JavaScript on (at 1280 px) and
off (on a 360 px phone): every kind of question, a mistake put right, check your answers, sent.
axe-core on every page, including the error; screenshots in test-results/."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from engage.consultations.models import Response, StatementStatus
from engage.consultations.tests.responding_data import precept_consultation
from tests.browser.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("SCREENSHOTS", Path(__file__).resolve().parents[2] / "test-results"))
WIDE_ELEMENTS = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
  .filter(el => !el.parentElement.closest('.engage-table-wrapper'))
  .slice(0, 5).map(el => el.tagName + '.' + el.className)"""


def _check(page, name, checker=None):
    """Screenshot, nothing wider than the screen, axe clean.

    With JavaScript off the page cannot run axe; `checker` (a page of a context with scripts on)
    then loads the very same HTML at the same address, with the site's scripts blocked.
    """
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"consultation-responding-{name}.png"), full_page=True)
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
def test_a_resident_has_their_say_on_the_precept(
    live_server, browser, office, javascript, viewport
):
    precept_consultation(office)
    tag = "js" if javascript else "nojs"
    context = browser.new_context(viewport=viewport, locale="en-GB", java_script_enabled=javascript)
    page = context.new_page()
    checker = None
    if not javascript:
        checker = browser.new_context(viewport=viewport, locale="en-GB").new_page()
        checker.route("**/*.js", lambda route: route.abort())
    page.goto(f"{live_server.url}/have-your-say/{office.slug}/")
    _check(page, checker=checker, name=f"{tag}-01-list")
    page.get_by_role("link", name="Policing precept 2027/28").click()
    expect(page.get_by_role("heading", name="Policing precept 2027/28")).to_be_visible()
    _check(page, checker=checker, name=f"{tag}-02-start")
    page.get_by_role("button", name="Start now").click()

    expect(page.get_by_role("heading", name="The precept")).to_be_visible()
    _check(page, checker=checker, name=f"{tag}-03-precept")
    page.get_by_label("£10 a year").check()
    page.get_by_label("How many times have you contacted the police this year? (optional)").fill(
        "2"
    )
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Your priorities")).to_be_visible()
    page.get_by_label("Fairly safe").check()
    page.get_by_label("Burglary").check()
    page.get_by_label("Speeding").check()
    page.get_by_label("Neighbourhood policing").select_option(label="1st")
    page.get_by_label("Victims' services").select_option(label="1st")  # a mistake
    page.get_by_label("4", exact=True).check()
    comment = "More patrols on Abbey Street on Friday nights, please."
    page.get_by_label("Is there anything else you want the Commissioner to know? (optional)").fill(
        comment
    )
    _check(page, checker=checker, name=f"{tag}-04-priorities")
    page.get_by_role("button", name="Continue").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Give each position to only one answer.")
    if javascript:
        expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary
    expect(
        page.get_by_label("Is there anything else you want the Commissioner to know? (optional)")
    ).to_have_value(comment)
    expect(page.get_by_label("Burglary")).to_be_checked()
    _check(page, checker=checker, name=f"{tag}-05-error")
    summary.get_by_role("link").click()
    page.get_by_label("Victims' services").select_option(label="2nd")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="What others said")).to_be_visible()
    for fieldset, vote in [
        ("PCSOs should walk the town centre every evening.", "Agree"),
        ("Speed cameras belong outside every school.", "Disagree"),
    ]:
        page.get_by_role("group", name=fieldset).get_by_label(vote, exact=True).check()
    page.get_by_label("Add your own statement (optional)").fill(
        "Bring back the front desk at Bedworth police station."
    )
    _check(page, checker=checker, name=f"{tag}-06-statements")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="About you")).to_be_visible()
    page.get_by_role("group", name="How old are you?").get_by_label("35 to 44").check()
    page.get_by_role("group", name="What is your sex?").get_by_label("Male", exact=True).check()
    page.get_by_label("Which area do you live in? (optional)").select_option(
        label="Brownsover (community forum area)"
    )
    page.get_by_label("The first half of your postcode (optional)").fill("CV21")
    _check(page, checker=checker, name=f"{tag}-07-about")
    page.get_by_role("button", name="Continue").click()

    expect(
        page.get_by_role("heading", name="Check your answers before sending them")
    ).to_be_visible()
    expect(page.get_by_text("1st: Neighbourhood policing")).to_be_visible()
    page.get_by_label("Tell me what happened as a result").check()
    page.get_by_label("Email address", exact=True).fill("sam.resident@example.org")
    _check(page, checker=checker, name=f"{tag}-08-check")
    page.get_by_role("button", name="Send my answers").click()

    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    _check(page, checker=checker, name=f"{tag}-09-thanks")
    response = Response.objects.get()
    assert response.submitted_at is not None
    assert response.email == "sam.resident@example.org"
    assert (response.age_band, response.sex, response.postcode_district) == (
        "35-44",
        "male",
        "CV21",
    )
    assert len(response.answers) == 8  # every question, one of each kind
    assert response.statements_written.get().status == StatementStatus.PENDING
    context.close()


def _tab_to(page, selector, limit=120):
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_a_resident_responds_with_the_keyboard_only(live_server, page, office):
    """Tab, Space, arrow keys, typing and Enter: no mouse from the list to the thank-you page."""
    precept_consultation(office)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/have-your-say/{office.slug}/")
    _tab_to(page, 'a[href$="/precept-2027/"]')
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Policing precept 2027/28")).to_be_visible()
    _tab_to(page, ".govuk-button")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="The precept")).to_be_visible()
    _tab_to(page, 'input[type="radio"]')  # the first option of the precept question
    page.keyboard.press("ArrowDown")  # moves to, and chooses, "£10 a year"
    expect(page.get_by_label("£10 a year")).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.type("2")
    _tab_to(page, "button.govuk-button")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Your priorities")).to_be_visible()
    _tab_to(page, 'input[type="radio"]')
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Fairly safe")).to_be_checked()
    _tab_to(page, 'input[type="checkbox"]')
    page.keyboard.press("Space")
    expect(page.get_by_label("Burglary")).to_be_checked()
    _tab_to(page, "textarea")
    page.keyboard.type("Typed with the keyboard alone.")
    _tab_to(page, "button.govuk-button")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="What others said")).to_be_visible()
    _tab_to(page, "button.govuk-button")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="About you")).to_be_visible()
    _tab_to(page, "button.govuk-button")
    page.keyboard.press("Enter")
    expect(
        page.get_by_role("heading", name="Check your answers before sending them")
    ).to_be_visible()
    page.wait_for_timeout(3100)  # a person takes longer than a script to get here
    _tab_to(page, "button.govuk-button")
    expect(page.locator("button.govuk-button:focus")).to_have_text("Send my answers")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    response = Response.objects.get()
    assert response.submitted_at is not None
    assert "Typed with the keyboard alone." in str(response.answers)

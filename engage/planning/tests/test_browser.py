"""The plan and the gaps pages in Chromium, wide and on a phone: a suggestion added to the plan
in one step, then linked to the activity that delivered it. Screenshots in test-results/, axe on
each page."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD
from engage.planning.models import PlanItem
from engage.planning.tests.factories import activity, plan_item, small_office
from tests.browser.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("SCREENSHOTS", Path(__file__).resolve().parents[3] / "test-results"))
WIDE_ELEMENTS = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
  .filter(el => !el.parentElement.closest('.engage-table-wrapper'))
  .slice(0, 5).map(el => el.tagName + '.' + el.className)"""


def _check(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"planning-{name}.png"), full_page=True)
    assert page.evaluate(WIDE_ELEMENTS) == [], name
    assert serious_violations(page) == [], name


def test_an_officer_plans_from_the_gaps_and_links_what_delivered_it(
    live_server, browser, office, officer
):
    today = timezone.localdate()
    places = small_office(office, officer)
    this_month = today.replace(day=1)
    plan_item(
        office,
        this_month - relativedelta(months=2),
        title="Rural crime meeting",
        area=places["south"],
    )
    plan_item(office, this_month, title="Precept roadshow", area=places["north"], budget=1200)
    done = plan_item(office, this_month - relativedelta(months=1), title="Lunch club visit")
    done.activity = activity(
        office, this_month - relativedelta(days=20), places["north"], 25, title="Lunch club"
    )
    done.status = "done"
    done.save()
    delivered = activity(
        office, today, places["south"], 40, title="Public meeting at Southvale library"
    )

    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(officer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(f"{live_server.url}/planning/gaps/")
    expect(page.get_by_role("heading", name="Gaps: whom we have not heard from")).to_be_visible()
    _check(page, "01-gaps")
    first = page.locator(".govuk-summary-card").first
    title = first.locator(".govuk-summary-card__title").inner_text()
    first.get_by_role("button", name="Add to the plan").click()
    expect(page.get_by_text(f"{title} added to the plan for")).to_be_visible()
    _check(page, "02-gaps-added")
    item = PlanItem.objects.get(title=title)
    assert item.suggested_because

    page.goto(f"{live_server.url}/planning/")
    expect(page.get_by_text("1 item has slipped")).to_be_visible()
    expect(page.get_by_text("2 months late").first).to_be_visible()
    _check(page, "03-plan")
    page.get_by_role("link", name=title).first.click()
    _check(page, "04-item")
    page.get_by_role("link", name="Link the activity that delivered it").click()
    _check(page, "05-link")
    page.get_by_label("Public meeting at Southvale library").check()
    page.get_by_role("button", name="Link it").click()
    expect(
        page.get_by_text(f"{title} was delivered by Public meeting at Southvale library.")
    ).to_be_visible()
    item.refresh_from_db()
    assert item.activity == delivered

    page.goto(f"{live_server.url}/planning/add/")
    page.get_by_label("Title").fill("Late idea")
    page.get_by_label("Budget (£) (optional)").fill("-5")
    page.get_by_role("button", name="Add it to the plan").click()
    expect(
        page.get_by_text("The budget cannot be negative: enter £0 or more").first
    ).to_be_visible()
    _check(page, "06-form-errors")

    page.goto(f"{live_server.url}/planning/actual/")
    expect(page.get_by_role("heading", name="Slippage")).to_be_visible()
    _check(page, "07-actual")

    phone = browser.new_context(viewport={"width": 360, "height": 780}, locale="en-GB")
    mobile = phone.new_page()
    mobile.goto(f"{live_server.url}/accounts/login/")
    mobile.get_by_label("Email address").fill(officer.email)
    mobile.get_by_label("Password").fill(PASSWORD)
    mobile.get_by_role("button", name="Sign in").click()
    mobile.goto(f"{live_server.url}/planning/gaps/?area={places['north'].pk}&months=24")
    _check(mobile, "08-gaps-phone")
    mobile.goto(f"{live_server.url}/planning/")
    _check(mobile, "09-plan-phone")
    assert dt.date.today()  # the pages rendered on both

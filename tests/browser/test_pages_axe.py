"""Every staff page of the foundation, opened in Chromium as an officer, with no serious or
critical accessibility violation, on a desktop and on a 360 px wide phone screen."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD
from engage.meetings import services as meetings
from engage.meetings.tests.factories import make_commitment, make_series
from engage.places.models import Area, AreaKind
from engage.stakeholders import services as stakeholders
from tests.browser.axe import serious_violations

WIDE_ELEMENTS = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
  .filter(el => !el.parentElement.closest('.engage-table-wrapper'))
  .slice(0, 5).map(el => el.tagName + '.' + el.className)"""

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pages(office, officer, commissioner):
    district = Area.objects.create(
        office=office, kind=AreaKind.DISTRICT, name="Rugby", ons_code="E07000220"
    )
    area = Area.objects.create(
        office=office, kind=AreaKind.FORUM_AREA, name="Hillmorton", parent=district
    )
    org = stakeholders.create_organisation(
        office, by=officer, name="Rugby Borough Council", category="councils", area=district
    )
    stakeholders.add_contact(org, by=officer, name="Leanne Booth", role="CSP Coordinator")
    series = make_series(office, title="Community Safety Partnerships")
    make_commitment(series, starts_on=timezone.localdate() - dt.timedelta(days=30))
    meeting = meetings.add_occurrence(
        series, starts_at=timezone.now() - dt.timedelta(days=3), by=officer
    )
    meetings.record_attendance(
        meeting, attended=[commissioner], apologies=[], notes="Notes", by=officer
    )
    action = meetings.add_action(
        meeting, description="Share data", owner=officer, owner_name="", due_on=None, by=officer
    )
    return [
        reverse("core:home"),
        reverse("meetings:schedule"),
        reverse("meetings:calendar"),
        reverse("meetings:list"),
        reverse("meetings:actions"),
        reverse("meetings:feeds"),
        reverse("meetings:import"),
        reverse("meetings:series_create"),
        reverse("meetings:series", args=[series.pk]),
        reverse("meetings:occurrence", args=[meeting.pk]),
        reverse("meetings:attendance", args=[meeting.pk]),
        reverse("meetings:move", args=[meeting.pk]),
        reverse("meetings:action_edit", args=[action.pk]),
        reverse("places:list"),
        reverse("places:detail", args=[district.pk]),
        reverse("places:detail", args=[area.pk]),
        reverse("places:import"),
        reverse("stakeholders:list"),
        reverse("stakeholders:detail", args=[org.pk]),
        reverse("stakeholders:create"),
        reverse("stakeholders:log_interaction", args=[org.pk]),
        reverse("stakeholders:import"),
    ]


@pytest.mark.parametrize("width", [1280, 360])
def test_staff_pages_have_no_serious_accessibility_violations(
    live_server, page, officer, pages, width
):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server.url}{reverse('accounts:login')}")
    page.get_by_label("Email address").fill(officer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")
    found = {}
    for path in pages:
        page.goto(f"{live_server.url}{path}")
        assert page.title() and "Page not found" not in page.title(), path
        problems = serious_violations(page)
        if problems:
            found[path] = problems
        # Nothing may be wider than the screen except inside scrollable table wrappers.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if width == 360 and overflow > 0:
            culprits = page.evaluate(WIDE_ELEMENTS)
            found.setdefault(path, []).append(
                f"page is {overflow}px wider than a 360px screen: {culprits}"
            )
    assert found == {}


def test_error_state_of_a_form_is_accessible_and_focuses_the_summary(
    live_server, page, officer, pages
):
    page.goto(f"{live_server.url}{reverse('accounts:login')}")
    page.get_by_label("Email address").fill(officer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}{reverse('meetings:series_create')}")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the name of the meeting")
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    assert serious_violations(page) == []

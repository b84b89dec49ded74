"""An ambassador files their forum report on a phone, 360 px wide, the evening after the forum."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import PASSWORD
from engage.engagements.models import Concern, ConcernSource
from engage.meetings import forums
from engage.meetings.models import ForumReport
from engage.meetings.tests.factories import make_forum_areas
from engage.meetings.tests.test_forums import forum_meeting, forum_series
from tests.browser.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "test-results"


def _check(page, name, width=360):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    assert serious_violations(page) == []
    # Nothing wider than the phone: no sideways scrolling of the whole page.
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_ambassador_files_a_forum_report_on_a_phone(live_server, page, office, officer, ambassador):
    southam, _kenilworth = make_forum_areas(office, ["Southam", "Kenilworth"])
    forums.assign_ambassador(southam, ambassador, by=officer)
    series = forum_series(office)
    meeting = forum_meeting(series, southam, days_ago=1)
    forum_meeting(series, southam, days_ago=-90)
    page.set_viewport_size({"width": 360, "height": 800})

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(ambassador.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Hello, Amir")).to_be_visible()

    page.goto(live_server.url + reverse("meetings:my_forums"))
    expect(page.get_by_role("heading", name="My forums")).to_be_visible()
    expect(page.get_by_text("Due by")).to_be_visible()
    _check(page, "forums-01-my-forums")

    page.get_by_role("link", name=re.compile("^File the report")).first.click()
    expect(page.get_by_role("heading", name="Report on the forum")).to_be_visible()
    _check(page, "forums-02-report-form")

    page.get_by_label("How many residents attended?").fill("-3")
    concern = page.get_by_role("group", name="Concern 1")
    concern.get_by_label("What was raised").fill("Speeding on the Banbury Road by the school")
    page.get_by_label("Requests to the Commissioner").fill("A speed camera van on Banbury Road")
    page.get_by_role("button", name="File the report").click()
    expect(page.get_by_role("alert")).to_contain_text("cannot be negative")
    expect(page.get_by_role("alert")).to_contain_text("Choose a theme for concern 1")
    _check(page, "forums-03-report-errors")

    page.get_by_label("How many residents attended?").fill("27")
    concern.get_by_label("Theme").select_option(label="Road safety and speeding")
    concern.get_by_label("How many people raised it").fill("6")
    expect(page.get_by_label("Requests to the Commissioner")).to_have_value(
        "A speed camera van on Banbury Road"
    )
    page.get_by_role("button", name="File the report").click()

    expect(page.get_by_text("Report filed. Thank you.")).to_be_visible()
    expect(page.get_by_text("You have no reports to file. Thank you.")).to_be_visible()
    _check(page, "forums-04-report-filed")

    report = ForumReport.objects.get()
    assert (report.occurrence, report.attendance) == (meeting, 27)
    concern_row = Concern.objects.get()
    assert (concern_row.theme.name, concern_row.people, concern_row.area) == (
        "Road safety and speeding",
        6,
        southam,
    )
    assert concern_row.source == ConcernSource.FORUM_REPORT


@pytest.mark.parametrize("width", [1280, 360])
def test_officer_assigns_ambassadors_and_sees_overdue_reports(
    live_server, page, office, officer, ambassador, width
):
    southam, kenilworth = make_forum_areas(office, ["Southam", "Kenilworth"])
    series = forum_series(office)
    reported = forum_meeting(series, southam, days_ago=12)
    forums.file_forum_report(
        reported,
        ambassador=ambassador,
        attendance=18,
        concerns=[],
        good_practice="Residents ran the meeting themselves.",
        requests="",
        by=ambassador,
    )
    forum_meeting(series, kenilworth, days_ago=10)
    page.set_viewport_size({"width": width, "height": 800})

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(officer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Hello, Olivia")).to_be_visible()

    page.goto(live_server.url + reverse("meetings:forum_assignments"))
    page.get_by_label("Ambassador for Kenilworth").select_option(label="Amir Aziz")
    page.get_by_role("button", name="Save the ambassadors").click()
    expect(page.get_by_text("Ambassadors saved: 1 forum areas changed.")).to_be_visible()
    _check(page, f"forums-05-ambassadors-{width}", width)

    page.get_by_role("link", name="Overdue reports").click()
    row = page.get_by_role("row", name=re.compile("Kenilworth"))
    expect(row).to_contain_text("Amir Aziz")
    expect(row).to_contain_text("3")
    _check(page, f"forums-06-overdue-{width}", width)

    page.get_by_role("link", name="Forum reports").click()
    expect(page.get_by_role("row", name=re.compile("Southam"))).to_contain_text("18")
    _check(page, f"forums-07-reports-{width}", width)

    page.goto(live_server.url + reverse("meetings:forum_report", args=[reported.pk]))
    expect(page.get_by_role("heading", name="Change the forum report")).to_be_visible()
    _check(page, f"forums-08-report-change-{width}", width)

"""Sign in, open the schedule and record who attended last week's Community Safety Partnership."""

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD
from engage.meetings import services
from engage.meetings.models import AttendanceStatus
from engage.meetings.tests.factories import make_commitment, make_series
from tests.browser.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "test-results"


def _check(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    assert serious_violations(page) == []


def test_officer_records_attendance_at_last_weeks_csp(
    live_server, page, office, officer, commissioner, deputy
):
    series = make_series(
        office, title="Community Safety Partnerships", attending_posts=["pcc", "dpcc", "cex"]
    )
    make_commitment(
        series,
        posts=["pcc"],
        starts_on=timezone.localdate() - dt.timedelta(days=60),
        description="PCC to attend one meeting a year",
    )
    day = timezone.localdate() - dt.timedelta(days=7)
    start = dt.datetime.combine(day, dt.time(10), tzinfo=ZoneInfo("Europe/London"))
    meeting = services.add_occurrence(
        series, starts_at=start, location="Town Hall, Rugby", by=officer
    )

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(officer.email)
    page.get_by_label("Password").fill(PASSWORD)
    _check(page, "01-sign-in")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Hello, Olivia")).to_be_visible()
    _check(page, "02-home")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Schedule").click()
    expect(page.get_by_role("heading", name="Partner-meeting schedule")).to_be_visible()
    _check(page, "03-schedule")

    page.get_by_role("link", name="Community Safety Partnerships").click()
    page.get_by_role("table").first.get_by_role(
        "link", name="Community Safety Partnerships"
    ).click()
    _check(page, "04-meeting")
    page.get_by_role("link", name="Record attendance and notes").click()
    page.get_by_label("Pat Pemberton").first.check()
    page.get_by_role("group", name="Who sent apologies").get_by_label("Dee Dhillon").check()
    page.get_by_label("Notes or minutes").fill("Agreed joint action on town-centre ASB.")
    _check(page, "05-attendance-form")
    page.get_by_role("button", name="Save attendance").click()

    expect(page.get_by_text("Attendance recorded.")).to_be_visible()
    expect(page.get_by_text("Pat Pemberton (PCC)")).to_be_visible()
    page.get_by_text("Add an action").click()
    page.get_by_label("Action", exact=True).fill("Share the hotspot map with the CSP")
    page.get_by_label("Owner in the OPCC").select_option(label="Olivia Okafor")
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_role("link", name="Share the hotspot map with the CSP")).to_be_visible()
    _check(page, "06-meeting-recorded")

    assert meeting.attendance.get(person=commissioner).status == AttendanceStatus.ATTENDED
    assert meeting.attendance.get(person=deputy).status == AttendanceStatus.APOLOGIES
    assert meeting.actions.get().owner == officer

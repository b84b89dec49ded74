"""Each evaluation page in headless Chromium: it renders, passes axe, and is kept as a screenshot."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD
from engage.evaluation.demo import build_evaluation
from engage.evaluation.tests.factories import make_activity, meeting, rate
from engage.meetings.models import AmbassadorAssignment
from engage.meetings.tests.factories import make_series
from engage.places.models import Area, AreaKind
from tests.browser.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[3] / "test-results"


def _office_with_a_year(office, officer, ambassador):
    today = timezone.localdate()
    series = make_series(office, title="Community Forums X 30", per_forum_area=True)
    rugby = Area.objects.create(office=office, kind=AreaKind.DISTRICT, name="Rugby")
    for name in ("Bilton and Overslade", "Rugby Town Centre"):
        area = Area.objects.create(office=office, kind=AreaKind.FORUM_AREA, name=name, parent=rugby)
        AmbassadorAssignment.objects.create(office=office, area=area, ambassador=ambassador)
        for n in range(4):
            meeting(
                series,
                day=today - dt.timedelta(days=10 + 91 * n),
                area=area,
                attendance=20,
                ambassador=ambassador,
            )
    for n, (title, kind, channel, people, cost) in enumerate(
        [
            ("Rural crime roadshow at the cattle market", "event", "in_person", 60, 150),
            ("Radio phone-in on the precept", "media_interview", "broadcast", 2000, 0),
            ("Visit to the mosque after Friday prayers", "visit", "in_person", 45, 0),
            ("Youth council: online safety", "youth_council", "in_person", 25, 30),
        ]
    ):
        activity = make_activity(office, title=title, type=kind, channel=channel, people_reached=people, cost=cost,
                                 staff_hours=3, area=rugby, day=today - dt.timedelta(days=20 + 40 * n))  # fmt: skip
        rate(activity, 4, 5, 3)
    build_evaluation(office, {"officer": officer}, today, random.Random(5))


def _shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"evaluation-{name}.png"), full_page=True)
    assert serious_violations(page) == []


def test_the_evaluation_pages(live_server, page, office, officer, ambassador):
    _office_with_a_year(office, officer, ambassador)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(officer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(live_server.url + reverse("evaluation:index"))
    expect(page.get_by_role("heading", name="Evaluation", exact=True)).to_be_visible()
    expect(page.locator("#by-channel")).to_contain_text("Social media")
    _shot(page, "01-index")

    page.goto(live_server.url + reverse("evaluation:activities"))
    page.get_by_role("link", name="Cost per person").click()
    expect(page.locator("#activity-figures th[aria-sort=descending]")).to_contain_text(
        "Cost per person"
    )
    _shot(page, "02-activities")

    page.goto(live_server.url + reverse("evaluation:flags"))
    expect(page.locator("#flags")).to_contain_text(
        "Bilton and Overslade forum: attendance 23, 15, 9"
    )
    _shot(page, "03-flags")

    page.goto(live_server.url + reverse("evaluation:social"))
    expect(page.locator("#campaign-figures")).to_contain_text("Rural crime week")
    _shot(page, "04-social")

    page.goto(live_server.url + reverse("evaluation:social_import"))
    _shot(page, "05-import")
    sample = Path(__file__).resolve().parents[1] / "demo_data" / "x-tweet-activity.csv"
    page.get_by_label("Export file").set_input_files(str(sample))
    page.get_by_role("button", name="Upload and check").click()
    expect(page.locator("#import-counts")).to_contain_text("3 new posts")
    _shot(page, "06-import-preview")
    page.get_by_role("button", name="Import these posts").click()
    expect(page.get_by_text("Posts imported: 3 added")).to_be_visible()

"""Concerns in the browser: the list, a concern with its actions, themes and complaint counts.

Each page is checked with axe-core at 1280 px and on a 360 px wide phone.
"""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD
from engage.engagements.models import ComplaintThemeCount, ConcernSource, ConcernTheme
from engage.engagements.services.concerns import ensure_default_themes, record_concern
from engage.places.models import Area, AreaKind
from tests.browser.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("SCREENSHOTS", Path(__file__).resolve().parents[2] / "test-results"))


def _check(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"concerns-{name}.png"), full_page=True)
    assert serious_violations(page) == []


def _sign_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_officer_follows_up_a_concern_on_a_phone_and_desk(live_server, page, office, officer):
    ensure_default_themes(office, by=officer)
    themes = {t.name: t for t in ConcernTheme.objects.for_office(office)}
    rugby = Area.objects.create(office=office, kind=AreaKind.DISTRICT, name="Rugby")
    bilton = Area.objects.create(
        office=office, kind=AreaKind.FORUM_AREA, name="Bilton", parent=rugby
    )
    today = timezone.localdate()
    for n, (theme, summary) in enumerate(
        [
            ("Drugs", "Dealing behind the youth club after 9pm"),
            ("Anti-social behaviour", "Groups gathering at the recreation ground"),
            ("Road safety and speeding", "Speeding on Lawford Road at school times"),
        ]
    ):
        record_concern(
            office,
            summary=summary,
            theme=themes[theme],
            source=ConcernSource.CORRESPONDENCE,
            raised_on=today - dt.timedelta(days=n * 7),
            by=officer,
            area=bilton,
            people=n + 1,
        )
    for month, count in [(1, 14), (2, 11), (3, 9)]:
        ComplaintThemeCount.objects.create(
            office=office,
            theme=themes["Response times"],
            month=dt.date(2026, month, 1),
            count=count,
        )

    _sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/concerns/")
    expect(page.get_by_role("heading", name="Concerns people raised")).to_be_visible()
    _check(page, "01-list")
    page.get_by_label("Area").select_option(label="Rugby")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text("3 concerns match")).to_be_visible()

    page.set_viewport_size({"width": 360, "height": 800})
    _check(page, "02-list-360")
    page.get_by_role("link", name="Speeding on Lawford Road at school times").click()
    page.get_by_text("Add an action").click()
    page.get_by_label("Action", exact=True).fill("Ask for a speed watch on Lawford Road")
    page.get_by_label("Or an owner outside the OPCC").fill("Rugby Safer Neighbourhood Team")
    page.get_by_label("Due date").fill((today + dt.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_text("Action added.")).to_be_visible()
    expect(page.get_by_text("Rugby Safer Neighbourhood Team")).to_be_visible()
    _check(page, "03-detail-360")

    page.set_viewport_size({"width": 1280, "height": 900})
    _check(page, "04-detail")
    page.goto(f"{live_server.url}/concerns/new/")
    _check(page, "05-record")
    page.goto(f"{live_server.url}/concerns/themes/")
    _check(page, "06-themes")
    page.goto(f"{live_server.url}/concerns/complaints/")
    _check(page, "07-complaints")
    page.set_viewport_size({"width": 360, "height": 800})
    _check(page, "08-complaints-360")
    page.goto(f"{live_server.url}/concerns/overdue/")
    _check(page, "09-overdue-360")

"""The officer plans a two-year forum rota, pins a visit and adopts it; also at 360 px."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import PASSWORD
from engage.meetings.models import RotaPlan, RotaStatus
from tests.browser.axe import serious_violations
from tests.matrix.rota import make_forums

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "test-results"


def _check(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    assert serious_violations(page) == []


def test_officer_plans_pins_and_adopts_a_rota(
    live_server, page, office, officer, commissioner, deputy
):
    make_forums(
        office,
        {
            "Stratford-on-Avon": ["Bidford", "Kineton", "Southam"],
            "Warwick": ["Kenilworth", "Leamington"],
            "Rugby": ["Rugby Town"],
        },
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(officer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(live_server.url + reverse("meetings:rotas"))
    _check(page, "rota-01-list")
    page.get_by_role("link", name="Plan a new rota").click()
    page.get_by_label("Name").fill("Forums 2026 to 2028")
    page.get_by_label("Cycle starts").fill("2026-04-01")
    page.get_by_label("Cycle ends").fill("2026-03-01")
    page.get_by_role("button", name="Plan the rota").click()
    expect(page.get_by_role("link", name="The cycle must end after it starts")).to_be_visible()
    _check(page, "rota-02-form-error")
    page.get_by_label("Cycle ends").fill("2028-03-31")
    page.get_by_role("button", name="Plan the rota").click()

    expect(page.get_by_text("Rota solved in")).to_be_visible()
    expect(page.get_by_role("heading", name="Forums 2026 to 2028")).to_be_visible()
    _check(page, "rota-03-plan")
    page.get_by_role("button", name="Give to Dee Dhillon and pin").first.click()
    expect(page.get_by_text("Pinned: Dee Dhillon at")).to_be_visible()
    page.get_by_role("button", name="Solve again").click()
    expect(page.get_by_text("Rota solved in")).to_be_visible()
    page.get_by_role("button", name="Adopt this rota").click()
    expect(page.get_by_text("Rota adopted:")).to_be_visible()
    _check(page, "rota-04-adopted")
    plan = RotaPlan.objects.get()
    assert plan.status == RotaStatus.ADOPTED
    assert plan.assignments.filter(pinned=True, person=deputy).count() == 1

    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    _check(page, "rota-05-plan-360")

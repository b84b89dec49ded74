"""An officer adds a precept question to a consultation and opens it; axe on every page."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD
from engage.consultations import services
from engage.consultations.models import Question, Status, StrategicArea

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "test-results"


def _check(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"consultation-builder-{name}.png"), full_page=True)
    from tests.browser.axe import serious_violations

    assert serious_violations(page) == []


def test_officer_builds_a_precept_question_and_opens_the_consultation(
    live_server, page, office, officer
):
    today = timezone.localdate()
    consultation = services.create_consultation(
        office,
        by=officer,
        title="Policing precept 2027/28",
        title_cy="Praesept plismona 2027/28",
        description="How much should a Band D household pay towards policing next year?",
        strategic_area=StrategicArea.PRECEPT,
        closes_on=today + dt.timedelta(days=28),
    )
    services.add_section(consultation, by=officer, title="The precept")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(officer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(f"{live_server.url}{consultation.get_absolute_url()}")
    expect(page.get_by_text("Add at least one question.")).to_be_visible()
    _check(page, "draft")
    page.get_by_role("link", name="Add a question to The precept").click()
    page.get_by_label("Precept choice").check()
    _check(page, "kind")
    page.get_by_role("button", name="Continue").click()

    page.get_by_label("Question", exact=True).fill(
        "How much more would you pay a year for policing?"
    )
    page.get_by_label("Question in Welsh (optional)").fill(
        "Faint yn fwy fyddech chi’n ei dalu bob blwyddyn am blismona?"
    )
    page.get_by_label("An answer is required").check()
    page.get_by_label("Band D policing precept this year (£) (optional)").fill("287.25")
    page.get_by_label("Options").fill(
        "No increase | Dim cynnydd | 0\n£10 more a year (83p a month) | | ten\n£14 more"
    )
    page.get_by_role("button", name="Add the question").click()
    expect(page.get_by_role("link", name="Line 2: “ten” is not an amount of money")).to_be_visible()
    _check(page, "question-errors")
    page.get_by_label("Options").fill(
        "No increase | Dim cynnydd | 0\n"
        "£10 more a year (83p a month) | £10 yn fwy y flwyddyn | 10\n"
        "£14 more a year (£1.17 a month) | | 14"
    )
    page.get_by_role("button", name="Add the question").click()
    expect(page.get_by_text("Question added.")).to_be_visible()
    expect(page.get_by_text("£14 more a year (£1.17 a month) – £14.00")).to_be_visible()

    page.get_by_role("button", name="Open for responses").click()
    expect(page.get_by_text("The consultation is now open.")).to_be_visible()
    _check(page, "open")
    consultation.refresh_from_db()
    assert consultation.status == Status.OPEN
    question = Question.objects.get()
    assert [o.amount for o in question.options.all()] == [Decimal(0), Decimal(10), Decimal(14)]

"""Decisions in the browser: a decision with its evidence and the voices behind it, publishing it,
and the unanswered list. Each page is checked with axe-core at 1280 px and on a 360 px phone."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from engage.consultations.models import AgeBand, EthnicGroup, ResponseChannel, Sex
from engage.decisions import services
from engage.decisions.models import EvidenceKind
from engage.decisions.tests.decision_builders import (
    activity,
    concern,
    forum_report,
    make_consultation,
    make_decision,
    places_of,
    respond,
    themes_of,
)
from engage.engagements.models import ConcernSource
from tests.browser.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("SCREENSHOTS", Path(__file__).resolve().parents[3] / "test-results"))


def _check(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"decisions-{name}.png"), full_page=True)
    assert serious_violations(page) == []


def _sign_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_officer_links_evidence_publishes_and_reads_the_unanswered_list(
    live_server, page, office, officer, ambassador, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path  # the demo's SMS backend writes texts there
    themes, places = themes_of(office, officer), places_of(office)
    consultation, question = make_consultation(office, title="Precept 2026/27", slug="precept")
    people = [
        (ResponseChannel.ONLINE, places["Bilton"], AgeBand.A25_34, Sex.FEMALE, EthnicGroup.ASIAN),
        (ResponseChannel.ONLINE, places["Bilton"], AgeBand.A65_74, Sex.MALE, EthnicGroup.WHITE),
        (ResponseChannel.PAPER, places["Southam"], AgeBand.A45_54, Sex.FEMALE, EthnicGroup.WHITE),
    ]
    for n, (channel, area, age, sex, ethnic) in enumerate(people):
        respond(
            consultation,
            question,
            channel=channel,
            area=area,
            age_band=age,
            sex=sex,
            ethnic_group=ethnic,
            wants_outcome=True,
            email=f"resident{n}@example.org",
        )
    visibility = themes["Police visibility"]
    concern(office, officer, visibility, area=places["Bilton"], people=4, days_ago=20)
    concern(office, officer, themes["Burglary"], summary="Sheds broken into", days_ago=120)
    concern(office, officer, themes["Drugs"], summary="Dealing by the park", days_ago=70)
    meeting = activity(office, title="Rugby town hall meeting", people=60, area=places["Rugby"])
    concern(
        office,
        officer,
        visibility,
        area=places["Rugby"],
        source=ConcernSource.ACTIVITY,
        activity=meeting,
        wants_reply=True,
        contact_phone="07700 900123",
    )
    report = forum_report(
        office, officer, ambassador=ambassador, area=places["Southam"], attendance=25
    )
    decision = make_decision(office, officer, decided_on=dt.date(2026, 2, 6))
    services.add_evidence(
        decision,
        kind=EvidenceKind.CONSULTATION,
        target=consultation,
        note="Most respondents supported a rise of up to £15 a year.",
        by=officer,
    )
    services.add_evidence(decision, kind=EvidenceKind.ACTIVITY, target=meeting, by=officer)
    services.add_evidence(decision, kind=EvidenceKind.FORUM_REPORT, target=report, by=officer)

    _sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}{decision.get_absolute_url()}")
    expect(page.get_by_role("heading", name="The policing precept for 2026/27")).to_be_visible()
    expect(page.get_by_text("When you publish it, 5 people who asked to hear back")).to_be_visible()

    page.get_by_role("link", name="Add evidence").click()
    page.get_by_label("Concerns on a theme").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Theme of the concerns").select_option(label="Police visibility")
    page.get_by_label("Area").select_option(label="Rugby (local authority district)")
    page.get_by_label("How it informed the decision").fill("Raised at forums across Rugby.")
    page.get_by_role("button", name="Link it to the decision").click()
    expect(page.get_by_text("Evidence linked to the decision.")).to_be_visible()

    page.get_by_role("button", name="Publish and tell people").click()
    expect(
        page.get_by_text("Decision published. Notices queued for 5 people who asked to hear back.")
    ).to_be_visible()
    _check(page, "01-detail")
    page.set_viewport_size({"width": 360, "height": 800})
    _check(page, "02-detail-360")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/decisions/unanswered/")
    expect(page.get_by_role("heading", name="Unanswered concerns and themes")).to_be_visible()
    expect(page.get_by_role("link", name="Sheds broken into")).to_be_visible()
    _check(page, "03-unanswered")
    page.get_by_label("Older than how many weeks?").fill("12")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("link", name="Dealing by the park")).to_have_count(0)
    page.goto(f"{live_server.url}/decisions/")
    _check(page, "04-list")

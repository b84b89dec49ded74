"""The public "you said, we did" pages in the browser, in English and Welsh, with JavaScript off:
each checked with axe-core (no serious or critical violations) and screenshotted to be looked at.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from engage.consultations.models import Status
from engage.consultations.tests.result_fixture import (
    build_consultation,
    finished_analysis,
    themes_for,
)
from engage.decisions import outcomes
from engage.decisions.models import Decision, DecisionKind, Evidence, EvidenceKind
from engage.engagements.models import Concern, ConcernSource, ConcernTheme
from tests.browser.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("SCREENSHOTS", Path(__file__).resolve().parents[3] / "test-results"))


def _check(page, name, javascript=True):
    """A screenshot, and axe (which runs as a script, so only where scripts may run)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"you-said-we-did-{name}.png"), full_page=True)
    if javascript:
        assert serious_violations(page) == []


@pytest.fixture
def published(office, officer):
    consultation = build_consultation(office, status=Status.PUBLISHED)
    themes_for(consultation)
    finished_analysis(consultation)
    decision = Decision.objects.create(
        office=office,
        reference="PCC/2026/014",
        slug="pcc-2026-014",
        title="Policing precept 2027/28",
        title_cy="Praesept plismona 2027/28",
        decided_on=dt.date(2026, 2, 24),
        kind=DecisionKind.PRECEPT,
        summary="The Band D policing precept rises by £14 a year, to £297.59.",
        published_at=timezone.now(),
    )
    visibility = ConcernTheme.objects.create(office=office, name="Police visibility")
    Concern.objects.create(
        office=office,
        summary="Nobody patrols the estate.",
        theme=visibility,
        source=ConcernSource.FORUM_REPORT,
        raised_on=dt.date(2025, 12, 1),
        people=14,
    )
    Evidence.objects.create(
        office=office, decision=decision, kind=EvidenceKind.CONSULTATION, consultation=consultation
    )
    Evidence.objects.create(
        office=office,
        decision=decision,
        kind=EvidenceKind.CONCERN_THEME,
        concern_theme=visibility,
    )
    outcome = outcomes.draft_outcome_for_consultation(consultation, by=officer)
    outcomes.update_outcome(
        outcome,
        we_did="The Commissioner set the precept at £14 more a year, and will put twelve more "
        "PCSOs on foot in town centres.",
        we_did_cy="Gosododd y Comisiynydd y praesept ar £14 yn fwy y flwyddyn.",
        by=officer,
    )
    for point in outcome.points.all():
        outcomes.update_point(
            point,
            decision=decision,
            response="Twelve more PCSOs on foot in town centres." if point.position == 0 else "",
            by=officer,
        )
    outcomes.publish_outcome(outcome, by=officer)
    return outcome


def test_public_pages_in_english_and_welsh(live_server, browser, office, published):
    base = f"{live_server.url}/you-said-we-did/{office.slug}/"
    for width, javascript in ((1280, True), (360, True), (360, False)):
        context = browser.new_context(
            viewport={"width": width, "height": 900}, locale="en-GB", java_script_enabled=javascript
        )
        page = context.new_page()
        suffix = f"{width}{'' if javascript else '-no-js'}"

        page.goto(base)
        expect(page.get_by_role("heading", name="You said, we did", exact=True)).to_be_visible()
        _check(page, f"01-list-{suffix}", javascript)

        page.get_by_role("link", name="Police and crime precept 2027/28: you said, we did").click()
        for heading in ("We asked", "You said", "We did"):
            expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        expect(page.get_by_role("columnheader", name="What we did or why not")).to_be_visible()
        _check(page, f"02-outcome-{suffix}", javascript)

        page.get_by_role("link", name="Policing precept 2027/28").first.click()
        expect(page.get_by_role("heading", name="What informed it")).to_be_visible()
        expect(page.get_by_text("in the year before the decision")).to_be_visible()
        _check(page, f"03-decision-{suffix}", javascript)

        # The language switch, then the same pages in Welsh.
        page.get_by_role("link", name="Cymraeg").click()
        expect(page.locator("html")).to_have_attribute("lang", "cy")
        expect(page.get_by_role("heading", name="Praesept plismona 2027/28")).to_be_visible()
        _check(page, f"04-decision-cy-{suffix}", javascript)
        page.goto(base + published.slug + "/")
        expect(page.get_by_text("Praesept yr heddlu a throseddu 2027/28").first).to_be_visible()
        _check(page, f"05-outcome-cy-{suffix}", javascript)
        page.goto(base)
        _check(page, f"06-list-cy-{suffix}", javascript)
        context.close()

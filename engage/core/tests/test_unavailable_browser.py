"""The 503 page as a person sees it in Chromium while the database is down."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from engage.core.tests import test_unavailable
from tests.browser.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("SCREENSHOTS", Path(__file__).resolve().parents[3] / "test-results"))


def test_the_unavailable_page_says_what_happened_and_what_to_do(live_server, page, settings):
    settings.ROOT_URLCONF = test_unavailable.__name__
    settings.DEBUG = False
    reply = page.goto(f"{live_server.url}/gone/")
    assert reply is not None and reply.status == 503
    expect(page.get_by_role("heading", level=1)).to_have_text("Sorry, the service is unavailable")
    expect(page.get_by_text("send it again")).to_be_visible()
    # GOV.UK Frontend's styles arrived: its typeface (arial off GOV.UK), not the default serif.
    font = page.eval_on_selector("h1", "h => getComputedStyle(h).fontFamily")
    assert font.startswith(("arial", '"GDS Transport"')), font
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "unavailable-503.png"), full_page=True)
    assert serious_violations(page) == []

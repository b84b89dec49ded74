"""The Commissioner adds a surgery, books a caller in and writes a case note; axe on every page."""

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD
from engage.engagements.models import CaseNoteRead, SurgeryBooking

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "test-results"


def _check(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"surgeries-{name}.png"), full_page=True)
    from tests.browser.axe import serious_violations

    assert serious_violations(page) == []


@pytest.mark.parametrize("width", [1280, 360])
def test_commissioner_runs_a_surgery_and_keeps_a_confidential_note(
    live_server, page, office, commissioner, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(commissioner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(f"{live_server.url}/surgeries/")
    _check(page, f"list-{width}")
    page.get_by_role("link", name="Add a surgery").click()
    day = timezone.localdate() + dt.timedelta(days=10)
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("End time").fill("12:00")
    page.get_by_label("Place").fill("Leamington Library, Avenue Road")
    page.get_by_label("Held by").select_option(label="Pat Pemberton")
    _check(page, f"new-{width}")
    page.get_by_role("button", name="Add the surgery").click()
    expect(page.get_by_text("Surgery added with 8 slots.")).to_be_visible()
    _check(page, f"detail-{width}")

    page.get_by_role("link", name="Book a slot for someone").click()
    page.get_by_label("10:30–10:45").check()
    page.get_by_label("Name").fill("Jo Bloggs")
    page.get_by_label("Phone number").fill("01926 555123")
    page.get_by_label("What it is about").fill("Speeding on Warwick Road")
    _check(page, f"book-{width}")
    page.get_by_role("button", name="Book the slot").click()
    expect(page.get_by_role("heading", name="Jo Bloggs")).to_be_visible()

    page.get_by_label("Add a case note").fill("Cars at 50 in a 30 by the school every morning.")
    page.get_by_role("button", name="Add the note").click()
    expect(page.get_by_text("Cars at 50 in a 30 by the school every morning.")).to_be_visible()
    expect(page.get_by_text("Read by Pat Pemberton on").first).to_be_visible()
    _check(page, f"case-{width}")
    booking = SurgeryBooking.objects.get()
    assert CaseNoteRead.objects.filter(booking=booking, reader=commissioner).count() == 2

    page.goto(f"{live_server.url}/surgeries/themes/")
    _check(page, f"themes-{width}")

"""The delivery page in Chromium: an officer sees the failed messages, ticks one and retries it;
axe-clean at 1280 px and on a 360 px phone. Screenshots in test-results/ (or $SCREENSHOTS)."""

import os
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from conftest import PASSWORD
from engage.messaging.models import Message, MessageStatus
from engage.messaging.tests.delivery_builders import (
    message_to,
    notices_to,
    published_decision,
    sent_alert,
    subscriber,
)
from tests.browser.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("SCREENSHOTS", Path(__file__).resolve().parents[3] / "test-results"))


@pytest.mark.parametrize(
    "viewport",
    [{"width": 1280, "height": 900}, {"width": 360, "height": 780}],
    ids=["desk", "phone"],
)
def test_an_officer_retries_a_failed_notice(
    live_server, browser, office, officer, settings, tmp_path, viewport
):
    settings.MEDIA_ROOT = tmp_path
    settings.MESSAGING_RATE = 0
    notice = notices_to(published_decision(office), ["jo@example.org"])
    text = message_to(subscriber(office, "+447700900123"), alert=sent_alert(office))
    Message.objects.filter(pk__in=[notice.messages.get().pk]).update(
        status=MessageStatus.FAILED,
        attempts=6,
        error="Gave up after 6 attempts. Last error: GOV.UK Notify answered 500 Internal server error",
    )
    Message.objects.filter(pk=text.pk).update(
        status=MessageStatus.FAILED,
        attempts=1,
        error="May have been sent before the worker stopped: check before retrying",
    )
    mail.outbox.clear()  # the notice went at once when queued: here it is as if it had failed
    page = browser.new_context(viewport=viewport, locale="en-GB").new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(officer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(f"{live_server.url}/alerts/delivery/")
    expect(page.get_by_role("heading", name="Message delivery")).to_be_visible()
    expect(page.get_by_text("2 failed messages")).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    name = "desk" if viewport["width"] > 600 else "phone"
    page.screenshot(path=str(SHOTS / f"delivery-{name}.png"), full_page=True)
    assert serious_violations(page) == []

    page.get_by_label("Retry the message to j•••@example.org").check()
    page.get_by_role("button", name="Retry the ticked messages").click()
    expect(page.get_by_text("1 message will be sent again.")).to_be_visible()
    expect(page.get_by_text("1 failed message", exact=True)).to_be_visible()
    assert serious_violations(page) == []
    assert [m.to for m in mail.outbox] == [["jo@example.org"]]

"""News and a document open for comment in Chromium, with JavaScript on (desktop) and off (a
320 px phone): the news list, an item in English and Welsh, the documents, the document with its
comment form, the form's error state, the thank-you page, the closed page and a late comment
refused; then an officer approves the comment. Every page is checked with axe-core (no violation
of any impact) and nothing may be wider than the screen. Screenshots in test-results/ (or
$SCREENSHOTS)."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD
from engage.publishing.models import Comment, CommentStatus
from engage.publishing.tests.builders import comment, districts, document, news, past_deadline
from tests.browser.axe import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("SCREENSHOTS", Path(__file__).resolve().parents[3] / "test-results"))
WIDE_ELEMENTS = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
  .filter(el => !el.parentElement.closest('.engage-table-wrapper'))
  .slice(0, 5).map(el => el.tagName + '.' + el.className)"""
# The comment form refuses a post sent faster than a person could (core.public_forms).
HUMAN_PAUSE_MS = 3100


def _check(page, name, checker=None):
    """Screenshot, nothing wider than the screen, axe clean. With scripts off, `checker` loads
    the same HTML at the same address with the site's scripts blocked, so that axe can run."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"publishing-{name}.png"), full_page=True)
    if checker is not None:
        html = page.content()
        checker.route(page.url, lambda route: route.fulfill(body=html, content_type="text/html"))
        checker.goto(page.url)
        checker.unroute(page.url)
        page = checker
    assert page.evaluate(WIDE_ELEMENTS) == [], name
    assert violations(page) == [], name


@pytest.fixture
def published(office, officer):
    places = districts(office)
    now = timezone.now()
    news(
        office,
        officer,
        title="Have your say on our draft community engagement strategy",
        title_cy="Dweud eich dweud ar ein strategaeth ymgysylltu ddrafft",
        summary="The draft strategy is open for comment for four weeks.",
        summary_cy="Mae'r strategaeth ddrafft ar agor am sylwadau am bedair wythnos.",
        body="Read the draft and comment on it.\n\n- No account needed\n- Comments are checked",
        body_cy="Darllenwch y drafft a rhowch sylwadau.",
        at=now - dt.timedelta(days=1),
    )
    news(office, officer, title="Rural crime team stays", at=now - dt.timedelta(days=5))
    strategy = document(
        office,
        officer,
        title="Draft community engagement strategy 2027–2030",
        title_cy="Strategaeth ymgysylltu â'r gymuned ddrafft 2027–2030",
    )
    comment(
        strategy,
        "Please keep printed leaflets in libraries.\nNot everyone is online.",
        name="Mary H.",
        area=places["Rugby"],
        status=CommentStatus.APPROVED,
        by=officer,
    )
    comment(strategy, "Waiting to be checked: never shown")
    return strategy


@pytest.mark.parametrize(
    ("javascript", "viewport"),
    [(True, {"width": 1280, "height": 900}), (False, {"width": 320, "height": 700})],
    ids=["js", "nojs"],
)
def test_a_resident_reads_the_news_and_comments_on_the_strategy(
    live_server, browser, office, officer, published, javascript, viewport
):
    tag = "js" if javascript else "nojs"
    context = browser.new_context(viewport=viewport, locale="en-GB", java_script_enabled=javascript)
    page = context.new_page()
    checker = None
    if not javascript:
        checker = browser.new_context(viewport=viewport, locale="en-GB").new_page()
        checker.route("**/*.js", lambda route: route.abort())
    site = live_server.url

    page.goto(f"{site}/{office.slug}/news/")
    expect(page.get_by_role("heading", name="News", exact=True)).to_be_visible()
    _check(page, f"{tag}-01-news", checker)

    page.get_by_role(
        "link", name="Have your say on our draft community engagement strategy"
    ).click()
    expect(page.get_by_text("No account needed")).to_be_visible()
    _check(page, f"{tag}-02-news-item", checker)

    page.get_by_role("link", name="Cymraeg").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Dweud eich dweud ar ein strategaeth ymgysylltu ddrafft"
    )
    _check(page, f"{tag}-03-news-item-cy", checker)
    page.goto(f"{site}/{office.slug}/news/")
    expect(page.get_by_role("link", name="Rural crime team stays")).to_have_attribute("lang", "en")
    _check(page, f"{tag}-04-news-cy", checker)
    page.get_by_role("link", name="English").click()

    page.goto(f"{site}/{office.slug}/documents/")
    _check(page, f"{tag}-05-documents", checker)
    page.get_by_role("link", name="Draft community engagement strategy 2027–2030").click()
    expect(page.get_by_text("Open for comment until")).to_be_visible()
    expect(page.get_by_text("Please keep printed leaflets in libraries.")).to_be_visible()
    expect(page.get_by_text("Waiting to be checked: never shown")).to_have_count(0)
    _check(page, f"{tag}-06-document", checker)

    # A mistake: nothing typed. The error summary is what the page opens on (without JavaScript
    # too: the page is not sent back scrolled to the form), and takes the focus with JavaScript.
    page.get_by_label("Name to show with your comment").fill("Jordan")
    page.wait_for_timeout(HUMAN_PAUSE_MS)
    page.get_by_role("button", name="Send your comment").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter your comment")
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.get_by_label("Name to show with your comment")).to_have_value("Jordan")
    expect(summary).to_be_in_viewport()
    if javascript:
        expect(summary).to_be_focused()
    _check(page, f"{tag}-07-document-errors", checker)

    # Put right, and sent.
    summary.get_by_role("link", name="Enter your comment").click()
    if javascript:
        expect(page.get_by_label("Your comment", exact=True)).to_be_focused()
    page.get_by_label("Your comment", exact=True).fill("Come to colleges and sports clubs too.")
    page.get_by_label("Where do you live?").select_option(label="Warwick")
    page.wait_for_timeout(HUMAN_PAUSE_MS)
    page.get_by_role("button", name="Send your comment").click()
    expect(page.get_by_role("heading", name="Comment sent")).to_be_visible()
    expect(
        page.get_by_text("Thank you: your comment will appear once it has been checked")
    ).to_be_visible()
    _check(page, f"{tag}-08-thanks", checker)
    sent = Comment.objects.get(text="Come to colleges and sports clubs too.")
    assert (sent.name, sent.area.name, sent.status) == ("Jordan", "Warwick", CommentStatus.PENDING)

    # Not shown until checked.
    page.get_by_role("link", name=re.compile("^Back to")).click()
    expect(page.get_by_text("Come to colleges and sports clubs too.")).to_have_count(0)

    # The deadline passes while the page is open: the comment is refused, and given back.
    page.get_by_label("Your comment", exact=True).fill("A late thought about forums.")
    past_deadline(published)
    page.wait_for_timeout(HUMAN_PAUSE_MS)
    page.get_by_role("button", name="Send your comment").click()
    expect(
        page.get_by_role("heading", name="Sorry, comments on this document have closed")
    ).to_be_visible()
    expect(page.get_by_text("A late thought about forums.")).to_be_visible()
    _check(page, f"{tag}-09-refused", checker)
    page.get_by_role("link", name="Read the document and the comments").click()
    expect(page.get_by_text("The deadline for comments has passed")).to_be_visible()
    expect(page.get_by_role("button", name="Send your comment")).to_have_count(0)
    _check(page, f"{tag}-10-closed", checker)
    context.close()


def test_an_officer_approves_a_comment_from_the_queue(
    live_server, page, office, officer, published
):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(officer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="News and documents").click()
    _check(page, "staff-01-news")
    page.get_by_role("link", name="Comments (1 waiting)").click()
    expect(page.get_by_text("Waiting to be checked: never shown")).to_be_visible()
    _check(page, "staff-02-queue")
    page.get_by_role("button", name="Approve comment 1").click()
    expect(page.get_by_text("Comment approved")).to_be_visible()
    expect(page.get_by_text("No comments are waiting to be checked.")).to_be_visible()
    page.goto(f"{live_server.url}/{office.slug}/documents/{published.slug}/")
    expect(page.get_by_text("Waiting to be checked: never shown")).to_be_visible()

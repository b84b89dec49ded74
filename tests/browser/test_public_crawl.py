"""A crawl of every public page of the demo office in headless Chromium, as the issue asks: with
JavaScript on and off (its scripts not loaded), on a 320 px phone and a desktop, failing on any axe-core violation of any
impact and on any page wider than a 320 px screen. Then every public form is sent empty, and its
error state must be as clean, with focus on the error summary when JavaScript runs.

Pages are found by following links from the office's home and /open-data/, as a visitor would.
Addresses of the same kind (one news item, another news item) are sampled: the first few of
each kind, so the crawl sees every template and its variations without visiting every slot.
"""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import timezone

from engage.core import public_forms
from engage.core.demo import load_demo
from engage.public.tests.test_headers import STAFF, Page
from tests.browser.axe import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PER_KIND = 2  # addresses of the same view visited, e.g. two consultations' results
WIDTHS = {"phone": 320, "desktop": 1280}
WIDE_ELEMENTS = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .filter(el => !el.closest('.engage-table-wrapper'))
  .slice(0, 5).map(el => el.tagName + '.' + el.className)"""
FOCUS_IN_ERROR_SUMMARY = "() => !!document.activeElement.closest('.govuk-error-summary')"
# The visible form of the page's main content; not the language switch or the search in the menu.
MAIN_FORM = "main form[method=post]:not([action*='/language/'])"
SUBMIT = "button:not([type=button]):not([name=website]), input[type=submit]"
STEPS = 4  # a form that moves on when sent empty (begin, a section with nothing required…)
EVERY_PART = {
    "public:home", "public:diary", "public:accessibility", "public:privacy",
    "consultations:public_list", "consultations:public_start", "consultations:public_results",
    "decisions:public_outcomes", "decisions:public_outcome", "decisions:public_decision",
    "engagements:public_surgeries", "engagements:public_book", "engagements:public_contact",
    "messaging:subscribe", "messaging:manage_request", "messaging:privacy",
    "publishing:news", "publishing:news_item", "publishing:documents", "publishing:document",
    "reports:open_data_index", "reports:open_data",
}  # fmt: skip


def _kind(path: str) -> str:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return path
    return match.view_name


def _public_pages(start: list[str]) -> tuple[list[str], list[str]]:
    """(pages to visit, pages holding a form that posts), sampled PER_KIND per view."""
    client = Client()
    seen: set[str] = set()
    per_kind: dict[str, int] = defaultdict(int)
    pages: list[str] = []
    forms: list[str] = []
    queue = list(start)
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        kind = _kind(url)
        if per_kind[kind] >= PER_KIND:
            continue
        response = client.get(url)
        if response.status_code in (301, 302):
            queue.append(response["Location"])
            continue
        assert response.status_code == 200, (url, response.status_code)
        if not response["Content-Type"].startswith("text/html"):
            continue
        per_kind[kind] += 1
        pages.append(url)
        page = Page()
        page.feed(response.content.decode())
        if page.post_forms:  # the language switch is left out when the forms are sent
            forms.append(url)
        for href in page.links:
            link = urldefrag(href)[0]
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not link.startswith("/"):
                continue
            if link.startswith(STAFF) or link.startswith("/static/"):
                continue
            if link.rsplit(".", 1)[-1] in ("ics", "csv", "json", "pdf", "webmanifest", "js"):
                continue  # files, not pages: their own tests read them
            queue.append(link)
    return pages, forms


@pytest.fixture
def demo_site(db):
    demo = load_demo(today=timezone.localdate())
    pages, forms = _public_pages([f"/{demo.office.slug}/", "/open-data/"])
    return demo, pages, forms


def test_every_public_page_of_the_demo_is_accessible_with_and_without_javascript(
    live_server, browser, demo_site, monkeypatch
):
    _demo, pages, forms = demo_site
    # The crawl reached every part of the public site, not just the home page.
    assert {_kind(url) for url in pages} >= EVERY_PART
    assert len(forms) >= 5, forms

    # Empty forms are sent at once and again and again: the time-to-submit guard and the rate
    # limits have their own tests, and would otherwise answer before the form's own checks.
    monkeypatch.setattr(public_forms, "MIN_SECONDS", 0)
    problems: list[str] = []
    error_states = 0
    for javascript in (True, False):
        for width_name, width in WIDTHS.items():
            context = browser.new_context(viewport={"width": width, "height": 900})
            if not javascript:
                # The page as a browser without JavaScript shows it: no script is fetched, so
                # nothing runs (a context with JavaScript disabled could not run axe either).
                context.route("**/*.js", lambda route: route.abort())
            page = context.new_page()
            where = f"JavaScript {'on' if javascript else 'off'}, {width_name}"
            for url in pages:
                page.goto(live_server.url + url)
                problems += [f"{url} ({where}): {v}" for v in violations(page)]
                if width == 320:
                    wide = page.evaluate(WIDE_ELEMENTS)
                    if wide:
                        problems.append(f"{url} ({where}): wider than 320 px: {wide}")
            for url in forms:
                page.goto(live_server.url + url)
                for _step in range(STEPS):
                    send = page.locator(f"{MAIN_FORM} {SUBMIT}").first
                    if not send.count():
                        break
                    cache.clear()
                    send.click()
                    page.wait_for_load_state()
                    sent = f"{url} sent empty, then at {urlsplit(page.url).path} ({where})"
                    problems += [f"{sent}: {v}" for v in violations(page)]
                    if page.locator(".govuk-error-summary").count():
                        error_states += 1
                        if javascript and not page.evaluate(FOCUS_IN_ERROR_SUMMARY):
                            problems.append(f"{sent}: focus is not on the error summary")
                        break
                    # Nothing was required there: the form moved on to its next page.
            context.close()
    assert problems == [], "\n".join(problems)
    assert error_states >= 4 * 5, error_states

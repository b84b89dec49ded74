"""The installable public site in Chromium: the service worker keeps the diary for reading without
a signal, and never keeps a page about one person."""

from __future__ import annotations

import datetime as dt
import secrets

import pytest
from django.urls import reverse
from django.utils import timezone

from engage.consultations.tests.responding_data import precept_consultation
from engage.engagements.models import Activity
from engage.messaging import tokens
from engage.messaging.tests.alert_data import subscriber
from engage.places.models import Area, AreaKind
from tests.browser.axe import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, office, commissioner):
    rugby = Area.objects.create(office=office, kind=AreaKind.DISTRICT, name="Rugby")
    Activity.objects.create(
        office=office,
        title="Visit to Brownsover youth club",
        type="visit",
        starts_at=timezone.now() + dt.timedelta(days=6),
        lead=commissioner,
        area=rugby,
        location="Brownsover Community Centre",
        in_public_diary=True,
        feedback_token=secrets.token_urlsafe(16),
    )
    person = subscriber(office, "jo.bloggs@example.org", [rugby])
    consultation = precept_consultation(office)
    # Service workers need a secure context: http://127.0.0.1 is one.
    base = live_server.url.replace("localhost", "127.0.0.1")
    return {
        "base": base,
        "diary": base + reverse("public:diary", args=[office.slug]),
        "home": base + reverse("public:home", args=[office.slug]),
        "manage": base
        + reverse("messaging:manage", args=[office.slug, tokens.make("manage", s=person.pk)]),
        # A form (its CSRF token is this visitor's): sent "private, no-store".
        "form": base + consultation.get_public_url(),
    }


@pytest.fixture
def app(browser):
    context = browser.new_context(service_workers="allow")
    yield context
    context.close()


def _worker_in_charge(page) -> None:
    # Functions, not expressions: Playwright would eval() an expression, which the CSP forbids.
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller")


def _kept(page) -> list[str]:
    return page.evaluate(
        """async () => {
            const urls = [];
            for (const name of await caches.keys()) {
                const cache = await caches.open(name);
                for (const r of await cache.keys()) urls.push(new URL(r.url).pathname);
            }
            return urls;
        }"""
    )


def _go_offline(app, page) -> None:
    """Cut the signal, and wait until the worker feels it too: Chromium applies it to the
    worker's own fetches a moment later, which on a busy machine is after the next page load."""
    app.set_offline(True)
    page.wait_for_function(
        """() => fetch('/no-such-page-' + Math.random()).then(
            r => r.text().then(t => t.includes('You are offline')), () => true)"""
    )


def _wait_until_kept(page, path: str) -> None:
    """The worker keeps a page after answering with it: wait for that, however busy the machine."""
    page.wait_for_function(
        """path => caches.keys().then(async names => {
            for (const n of names) if (await (await caches.open(n)).match(path)) return true;
            return false;
        })""",
        arg=path,
    )


def test_the_diary_opens_offline_after_it_was_read_once(site, app, office):
    page = app.new_page()
    page.goto(site["diary"])
    _worker_in_charge(page)
    # The first visit came before the worker was in charge: it fetches and keeps the page itself.
    _wait_until_kept(page, reverse("public:diary", args=[office.slug]))
    _go_offline(app, page)
    page.goto(site["diary"])
    assert page.get_by_role("heading", level=1).inner_text() == "The Commissioner's diary"
    assert "Visit to Brownsover youth club" in page.content()
    # Styled as online: the stylesheets were kept too.
    assert page.evaluate(
        "getComputedStyle(document.querySelector('.govuk-header')).display"
    ) not in ("", "inline")


def test_a_page_never_read_shows_the_offline_page(site, app):
    page = app.new_page()
    page.goto(site["diary"])
    _worker_in_charge(page)
    page.wait_for_function(
        "() => caches.keys().then(async names => { for (const n of names) "
        "if (await (await caches.open(n)).match('/offline/')) return true; return false; })"
    )
    _go_offline(app, page)
    page.goto(site["base"] + reverse("public:accessibility", args=["avonshire"]))
    assert page.get_by_role("heading", level=1).inner_text() == "You are offline"
    assert violations(page) == []


def test_a_page_about_one_person_is_never_kept(site, app):
    page = app.new_page()
    page.goto(site["home"])
    _worker_in_charge(page)
    # Online, through the worker: the subscriber's own page (their address, their areas)…
    page.goto(site["manage"])
    assert "Rugby" in page.content()
    # …and a page with a form, which the worker looks after but must not keep.
    page.goto(site["form"])
    assert page.locator("input[name=csrfmiddlewaretoken]").count() == 1
    page.goto(site["diary"])
    assert "Visit to Brownsover youth club" in page.content()
    _wait_until_kept(page, reverse("public:diary", args=["avonshire"]))
    kept = _kept(page)
    assert not [path for path in kept if "/stay-informed/" in path or "/have-your-say/" in path]
    # Neither is there once the signal goes.
    _go_offline(app, page)
    for personal in (site["manage"], site["form"]):
        page.goto(personal)
        assert page.get_by_role("heading", level=1).inner_text() == "You are offline"
        assert "jo.bloggs" not in page.content()
        assert page.locator("input[name=csrfmiddlewaretoken]").count() == 0

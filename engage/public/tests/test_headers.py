"""Every public page of a small office, walked by following its links: a strict CSP, no inline
script or style, and "public" caching only for pages that are the same for everyone."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from engage.consultations.models import Status
from engage.consultations.tests.responding_data import precept_consultation
from engage.consultations.tests.result_fixture import build_consultation, finished_analysis
from engage.core.public_cache import public_page
from engage.decisions import outcomes
from engage.decisions.models import Decision, DecisionKind, Evidence, EvidenceKind
from engage.engagements.models import Activity
from engage.messaging import tokens
from engage.messaging.tests.alert_data import subscriber
from engage.places.models import Area, AreaKind

pytestmark = pytest.mark.django_db

# Staff sections and one-person pages (the service worker's list too, static/js/sw.js): the walk
# checks the public pages that link to them, not these.
STAFF = (
    "/accounts/", "/django-admin/", "/activities/", "/alerts/", "/briefings/", "/concerns/",
    "/consultations/", "/decisions/", "/documents/", "/meetings/", "/messaging/", "/news/",
    "/places/", "/stakeholders/", "/surgeries/", "/language/", "/media/",
)  # fmt: skip
MAX_PAGES = 250


class Page(HTMLParser):
    """What the checks need from a page: its links, inline script and style, and its forms."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.problems: list[str] = []
        self.post_forms = 0
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if "style" in named:
            self.problems.append(f"<{tag} style=…>")
        self.problems += [f"<{tag} {name}=…>" for name in named if name.startswith("on")]
        if tag == "style":
            self.problems.append("<style>")
        if tag == "script" and not named.get("src"):
            self.problems.append("<script> without src")
        if tag == "form" and (named.get("method") or "get").lower() == "post":
            self.post_forms += 1
        if tag in ("a", "link") and named.get("href"):
            self.links.append(named["href"] or "")
        if tag == "form" and named.get("action") and (named.get("method") or "get") == "get":
            self.links.append(named["action"] or "")


def _csp_problems(header: str) -> list[str]:
    directives = {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}
    problems = []
    for name in ("script-src", "style-src"):
        sources = directives.get(name, directives.get("default-src"))
        if sources is None:
            problems.append(f"no {name}")
            continue
        problems += [
            f"{name} {s}" for s in sources if s in ("'unsafe-inline'", "'unsafe-eval'", "*")
        ]
    if directives.get("object-src") != ["'none'"]:
        problems.append("object-src is not 'none'")
    if directives.get("frame-ancestors") != ["'none'"]:
        problems.append("frame-ancestors is not 'none'")
    return problems


def _problems(url: str, response) -> tuple[list[str], Page | None]:
    problems = [f"CSP: {p}" for p in _csp_problems(response.get("Content-Security-Policy", ""))]
    cache_control = response.get("Cache-Control", "")
    public = "public" in cache_control
    if public and response.cookies:
        problems.append(f"public, but sets cookies {sorted(response.cookies)}")
    if not public and "no-store" not in cache_control:
        problems.append(f"neither public nor no-store: {cache_control!r}")
    page = None
    if response["Content-Type"].startswith("text/html"):
        page = Page()
        page.feed(response.content.decode())
        problems += page.problems
        personal = page.post_forms or b"csrfmiddlewaretoken" in response.content
        if public and personal:
            problems.append("public, but has a form that posts (a CSRF token)")
        if personal and not ("private" in cache_control and "no-store" in cache_control):
            problems.append(f"a form, but {cache_control!r}")
    return [f"{url}: {p}" for p in problems], page


def _walk(client, start: list[str]) -> tuple[dict[str, object], list[str]]:
    """Every page reachable from `start` by links, other than staff pages: {url: response}."""
    seen: dict[str, object] = {}
    problems: list[str] = []
    queue = list(start)
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response
        if response.status_code in (301, 302):
            queue.append(response["Location"])
            continue
        assert response.status_code == 200, (url, response.status_code)
        found, page = _problems(url, response)
        problems += found
        for href in page.links if page else []:
            link = urldefrag(href)[0]
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not link.startswith("/"):
                continue  # another site, mailto:, tel:
            if link.startswith(STAFF) or link.startswith("/static/") or link.endswith(".pdf"):
                continue  # PDFs: slow to make, and no HTML to read
            if link not in seen:
                queue.append(link)
    return seen, problems


def _at(days: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


@pytest.fixture
def small_office(office, officer, commissioner):
    """A diary with an engagement to come and one held, an open consultation, one with
    published results, a decision and its "you said, we did"."""
    rugby = Area.objects.create(office=office, kind=AreaKind.DISTRICT, name="Rugby")
    for title, days in (("Visit to Brownsover youth club", 6), ("Bilton community forum", -20)):
        Activity.objects.create(
            office=office,
            title=title,
            type="visit",
            starts_at=_at(days),
            lead=commissioner,
            area=rugby,
            location="Brownsover Community Centre",
            in_public_diary=True,
            feedback_token=secrets.token_urlsafe(16),
        )
    precept_consultation(office, slug="plan-2027")
    published = build_consultation(office, status=Status.PUBLISHED)
    finished_analysis(published)
    decision = Decision.objects.create(
        office=office,
        reference="PCC/2026/014",
        slug="pcc-2026-014",
        title="Policing precept 2027/28",
        decided_on=dt.date(2026, 2, 24),
        kind=DecisionKind.PRECEPT,
        summary="The Band D policing precept rises by £14 a year.",
        published_at=timezone.now(),
    )
    Evidence.objects.create(
        office=office, decision=decision, kind=EvidenceKind.CONSULTATION, consultation=published
    )
    outcome = outcomes.draft_outcome_for_consultation(published, by=officer)
    outcomes.update_outcome(outcome, we_did="Twelve more PCSOs on foot.", by=officer)
    for point in outcome.points.all():
        outcomes.update_point(point, decision=decision, response="", by=officer)
    outcomes.publish_outcome(outcome, by=officer)
    return {"published": published, "rugby": rugby}


def test_every_public_page_has_a_strict_csp_no_inline_code_and_honest_cache_headers(
    client, office, small_office
):
    start = [
        reverse("public:home", args=[office.slug]),
        small_office["published"].get_public_url() + "results/",
        reverse("public:offline"),
    ]
    seen, problems = _walk(client, start)
    assert problems == []
    visited = set(seen)
    # The walk reached every section of the small office, not just the home page.
    for url in (
        reverse("public:diary", args=[office.slug]),
        reverse("public:accessibility", args=[office.slug]),
        reverse("public:privacy", args=[office.slug]),
        reverse("consultations:public_list", args=[office.slug]),
        reverse("consultations:public_start", args=[office.slug, "plan-2027"]),
        reverse("decisions:public_outcomes", args=[office.slug]),
        reverse("decisions:public_decision", args=[office.slug, "pcc-2026-014"]),
        reverse("messaging:subscribe", args=[office.slug]),
    ):
        assert url in visited, url
    public = [u for u, r in seen.items() if "public" in r.get("Cache-Control", "")]  # type: ignore[attr-defined]
    assert reverse("public:diary", args=[office.slug]) in public
    assert reverse("consultations:public_list", args=[office.slug]) in public
    assert reverse("decisions:public_outcomes", args=[office.slug]) in public


def test_a_cached_copy_has_the_same_headers_and_sets_no_cookie(client, office, small_office):
    url = reverse("public:diary", args=[office.slug])
    client.get(reverse("messaging:subscribe", args=[office.slug]))  # now holds a CSRF cookie
    first = client.get(url)
    again = client.get(url)
    assert (first["X-Engage-Cache"], again["X-Engage-Cache"]) == ("miss", "hit")
    assert _problems(url, again)[0] == []
    assert again["Cache-Control"] == first["Cache-Control"] == "public, max-age=60"
    assert not again.cookies


def test_pages_about_one_person_or_with_a_form_are_private_and_never_stored(
    client, office, small_office
):
    person = subscriber(office, "jo.bloggs@example.org", [small_office["rugby"]])
    manage = reverse("messaging:manage", args=[office.slug, tokens.make("manage", s=person.pk)])
    for url in (
        manage,
        reverse("messaging:subscribe", args=[office.slug]),
        reverse("consultations:public_start", args=[office.slug, "plan-2027"]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url
        assert "X-Engage-Cache" not in response
        assert _problems(url, response)[0] == []


def test_a_view_marked_public_that_shows_a_form_is_answered_fresh_and_kept_private(rf, db):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    @public_page()
    def careless(request):
        return HttpResponse(f'<form method="post"><input value="{get_token(request)}"></form>')

    request = rf.get("/somewhere/")
    request.user = AnonymousUser()
    request.session = {}
    response = careless(request)
    assert response["Cache-Control"] == "private, no-store"
    assert "X-Engage-Cache" not in response


def test_any_response_that_says_nothing_is_private_and_a_public_one_with_a_cookie_too(
    client, office, officer
):
    client.force_login(officer)
    assert client.get(reverse("core:home"))["Cache-Control"] == "private, no-store"
    client.logout()
    # The language switch sets a cookie: whatever a view said, that is never public.
    response = client.get(reverse("core:language", args=["cy"]) + "?next=/")
    assert response.cookies and response["Cache-Control"] == "private, no-store"


def test_the_manifest_names_the_office_and_its_icons(client, office):
    response = client.get(reverse("public:manifest", args=[office.slug]))
    assert response["Content-Type"].startswith("application/manifest+json")
    assert "public" in response["Cache-Control"]
    manifest = json.loads(response.content)
    assert manifest["name"] == office.name
    assert manifest["short_name"] == office.short_name
    assert manifest["start_url"] == reverse("public:home", args=[office.slug])
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == office.colour == manifest["background_color"]
    sizes = {(i["sizes"], i.get("purpose", "any")) for i in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix(settings.STATIC_URL)), icon["src"]
    home = client.get(reverse("public:home", args=[office.slug])).content.decode()
    assert f'<link rel="manifest" href="/{office.slug}/manifest.webmanifest">' in home
    assert 'src="/static/js/offline.js"' in home


def test_the_service_worker_is_served_from_the_root_for_the_whole_site(client, db):
    response = client.get(reverse("public:service_worker"))
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "public, max-age=300"
    assert b'const OFFLINE_URL = "/offline/"' in response.content


def test_the_offline_page_says_what_still_works(client, db):
    page = client.get(reverse("public:offline")).content.decode()
    assert "You are offline" in page
    assert "diary and the pages you have read here recently still open without a signal" in page

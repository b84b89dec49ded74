"""Hostile input (issue 8): every public form and every public GET parameter, against the corpus
in tests/hostile/corpus.py (XSS and template injection, SQL injection, path traversal, oversized
input, malformed unicode).

For every request: no server error and no traceback; nothing reflected unescaped. After a post
that was accepted, the pages that show what was stored (the staff pages, signed in as an officer,
and the public page where it is published) show it escaped.

The forms' own guards are passed as a person passes them: a started token made a while ago (or
read from the page, for the consultation pages), and the rate-limit counters cleared between
requests.
"""

from __future__ import annotations

import datetime as dt
import inspect
import itertools
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote_plus

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.html import escape

from engage.consultations.models import Response
from engage.consultations.tests.responding_data import (
    ABOUT,
    posted_answers,
    precept_consultation,
    questions,
)
from engage.engagements.forms.activities import started_token as feedback_started
from engage.engagements.models import ActivityType, Concern, SurgeryBooking
from engage.engagements.queries import surgeries as surgery_queries
from engage.engagements.services import surgeries
from engage.engagements.services.activities import create_activity
from engage.engagements.services.concerns import ensure_default_themes
from engage.engagements.tests.public_data import (
    a_weekday_ahead,
    booking_form,
    contact_form,
    make_session,
    slot_of,
)
from engage.meetings import services as meetings
from engage.messaging import alerts, tokens
from engage.messaging.models import Message, Subscriber
from engage.messaging.tests.alert_data import cctv_appeal, make_places, reply_data, subscriber
from engage.messaging.tests.subscribe_data import form_data as subscribe_form
from engage.messaging.tests.subscribe_data import sign_up
from engage.publishing import services as publishing
from engage.publishing.models import Comment
from engage.publishing.tests.builders import comment_form, document, news
from tests.hostile.corpus import JAVASCRIPT_URL, NEVER_IN_A_PAGE, PAYLOADS, Payload
from tests.matrix import PUBLIC

pytestmark = pytest.mark.django_db

PLACEHOLDER = "hostile-placeholder"


# -- sending and checking ---------------------------------------------------------------------


def _page_text(response) -> str | None:
    if response.streaming:
        b"".join(response.streaming_content)
        return None
    return response.content.decode("utf-8", errors="replace")


def check(response, payload: Payload, where: str) -> str:
    """No server error, no traceback, nothing evaluated, nothing reflected raw. The page."""
    assert response.status_code < 500, (where, str(payload), response.status_code)
    body = _page_text(response) or ""
    for marker in NEVER_IN_A_PAGE:
        assert marker not in body, (where, str(payload), marker)
    if response.get("Content-Type", "").startswith("text/html"):
        if payload.raw:
            assert payload.raw not in body, (where, str(payload), "reflected unescaped")
        assert not JAVASCRIPT_URL.search(body), (where, str(payload), "javascript: URL")
    return body


def _request(client: Client, method: str, path: str, where: str, payload: Payload, **kw):
    cache.clear()  # rate-limit counters and cached public pages
    try:
        return getattr(client, method)(path, **kw)
    except Exception as error:  # a 500 in the test client is an exception: say where
        raise AssertionError(f"{where} with {payload} raised {error!r}") from error


def _parts(data: dict[str, Any], skip: set[str]) -> list[str]:
    parts = []
    for name, values in data.items():
        if name in skip or values is None:
            continue
        for value in values if isinstance(values, list | tuple) else [values]:
            parts.append(f"{quote_plus(name)}={quote_plus(str(value))}")
    return parts


def body_with(data: dict[str, Any], fields: list[str], payload: Payload) -> str:
    """The form's data as posted, with the payload in each of `fields` (already on the wire)."""
    parts = _parts(data, set(fields))
    for name in fields:
        parts += [f"{quote_plus(name)}={payload.wire}"] * payload.repeat
    return "&".join(parts)


def post(client: Client, url: str, data: dict[str, Any], fields: list[str], payload: Payload):
    """Post the payload in `fields`, check the answer and the page it redirects to."""
    where = f"POST {url} {fields}"
    response = _request(
        client,
        "post",
        url,
        where,
        payload,
        data=body_with(data, fields, payload),
        content_type="application/x-www-form-urlencoded",
    )
    check(response, payload, where)
    location = response.get("Location", "")
    if response.status_code in (301, 302, 303) and location.startswith("/"):
        check(_request(client, "get", location, where, payload), payload, f"{where} → {location}")
    return response


def get(client: Client, path: str, payload: Payload, where: str) -> str:
    return check(_request(client, "get", path, where, payload), payload, where)


def shown_escaped(staff: Client, urls: list[str], payload: Payload) -> bool:
    """Stored text, on the pages that show it: escaped, and (for markup) actually there."""
    pages = []
    for url in urls:
        response = _request(staff, "get", url, f"GET {url}", payload)
        assert response.status_code == 200, (url, response.status_code)
        pages.append(check(response, payload, f"stored, then GET {url}"))
    if payload.kind == "xss" and payload.raw:
        assert any(escape(payload.raw) in page for page in pages), (str(payload), urls)
    return True


# -- the site: one of everything the public can reach -----------------------------------------


@dataclass
class Site:
    office: Any
    officer: Any
    commissioner: Any
    places: dict[str, Any]
    client: Client
    staff: Client
    records: dict[str, Any] = field(default_factory=dict)
    counter: itertools.count = field(default_factory=itertools.count)


@pytest.fixture
def site(office, officer, commissioner) -> Site:
    places = make_places(office)
    ensure_default_themes(office)
    staff = Client()
    staff.force_login(officer)
    built = Site(office, officer, commissioner, places, Client(), staff)
    r = built.records

    r["consultation"] = precept_consultation(office)
    r["news"] = news(office, officer)
    r["document"] = document(office, officer)
    r["session"] = make_session(office, commissioner)
    r["booking"] = surgeries.book_slot(
        slot_of(r["session"], 1), name="Ann", phone="07700 900456", topic="Noise", by=None
    )
    r["activity"] = create_activity(
        office,
        {
            "title": "Visit to Brownsover youth club",
            "type": ActivityType.VISIT,
            "starts_at": timezone.now() - dt.timedelta(days=1),
            "people_reached": 25,
        },
        {"young_people": 22},
        by=officer,
    )
    r["feed"] = meetings.create_feed(office, person=officer, label="", by=officer)
    r["pending"] = sign_up(office, "pending@example.org", areas=[places["Rugby"]])
    r["active"] = sign_up(office, "active@example.org", areas=[places["Rugby"]])
    from engage.messaging import services as messaging

    messaging.confirm_subscriber(r["active"])
    subscriber(office, "one@example.org", [places["Bilton"]])
    r["alert"] = alerts.send_alert(cctv_appeal(office, officer, [places["Bilton"]]), by=officer)
    r["message"] = Message.objects.get(alert=r["alert"], address="one@example.org")
    return built


def draft_response(site: Site) -> Response:
    """A resident's draft, begun from the start page as a person begins it."""
    c = site.records["consultation"]
    start = site.client.get(c.get_public_url())
    begun = site.client.post(
        reverse("consultations:public_begin", args=[c.office.slug, c.slug]),
        {"started": _started(start)},
    )
    assert begun.status_code == 302
    draft = Response.objects.latest("pk")
    # A person takes longer than a few seconds over the survey; a script does not.
    Response.objects.filter(pk=draft.pk).update(created_at=timezone.now() - dt.timedelta(minutes=5))
    return draft


def _started(response) -> str:
    return re.search(r'name="started" value="([^"]+)"', response.content.decode()).group(1)


def _kwargs(name: str, pattern: URLPattern, site: Site) -> dict[str, Any]:
    """Real values for a public URL's arguments, so each page is reached, not a 404."""
    r = site.records
    c = r["consultation"]
    tokens_by_name = {
        "engagements:feedback": r["activity"].feedback_token,
        "meetings:feed": r["feed"].token,
        "messaging:confirm": tokens.make("confirm", s=r["pending"].pk),
        "messaging:manage": tokens.make("manage", s=r["active"].pk),
        "messaging:unsubscribe": tokens.make(
            "unsubscribe", o=site.office.pk, a="active@example.org", p="alerts", s=r["active"].pk
        ),
        "messaging:reply": tokens.make("reply", m=r["message"].pk),
    }
    slugs = {
        "publishing:news_item": r["news"].slug,
        "publishing:document": r["document"].slug,
        "publishing:comment_thanks": r["document"].slug,
        "publishing:document_file": r["document"].slug,
    }
    values: dict[str, Any] = {}
    # Path converters, or the named groups of a regular expression (allauth's links in emails).
    arguments = pattern.pattern.converters or pattern.pattern.regex.groupindex
    for arg in arguments:
        if arg == "office" or (arg == "slug" and name.startswith("core:")):
            values[arg] = site.office.slug
        elif arg == "slug":
            values[arg] = slugs.get(name, c.slug)
        elif arg == "token":
            if name.startswith("engagements:public_booking"):
                values[arg] = surgery_queries.booking_link_token(r["booking"])
            elif name.startswith("consultations:"):
                values[arg] = r.setdefault("draft", draft_response(site)).token
            else:
                values[arg] = tokens_by_name[name]
        elif arg == "pk":
            values[arg] = r["session"].pk
        elif arg == "step":
            values[arg] = 1
        elif arg == "dataset":
            values[arg] = "diary"
        elif arg == "code":
            values[arg] = "cy"
        elif arg in ("key", "uidb36"):
            # A password-reset or email-confirmation link that was never sent.
            values[arg] = "3x" if arg == "uidb36" else "not-a-real-key"
        else:
            raise AssertionError(f"{name}: no sample for <{arg}>")
    return values


def public_patterns() -> dict[str, URLPattern]:
    """Every public URL of the site, found by walking the URL patterns."""
    found: dict[str, URLPattern] = {}

    def walk(resolver: URLResolver, namespace: str) -> None:
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                walk(p, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern) and f"{namespace}{p.name}" in PUBLIC:
                found[f"{namespace}{p.name}"] = p

    walk(get_resolver(), "")
    return found


PATTERNS = public_patterns()
GET_PARAM = re.compile(r"""request\.GET\.get\(\s*["'](\w+)["']""")


def get_parameters(pattern: URLPattern) -> list[str]:
    """The query parameters a public view's module reads (from its source), and `next`."""
    module = sys.modules[pattern.callback.__module__]
    return [*sorted(set(GET_PARAM.findall(inspect.getsource(module))) - {"next"}), "next"]


def test_the_walk_finds_the_public_pages_and_their_parameters():
    assert set(PATTERNS) == PUBLIC
    every = {p for pattern in PATTERNS.values() for p in get_parameters(pattern)}
    assert {"area", "page", "slot", "return", "reply", "to", "for", "office", "next"} <= every


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_hostile_get_parameters_and_links(name, site):
    pattern = PATTERNS[name]
    kwargs = _kwargs(name, pattern, site)
    url = reverse(name, kwargs=kwargs)
    assert site.client.get(url).status_code < 500
    parameters = get_parameters(pattern)
    for payload in PAYLOADS:
        # Every parameter at once; an oversized value in one (a 1 MB value in each would only
        # measure the test client).
        chosen = parameters[:1] if payload.kind == "oversized" else parameters
        query = "&".join([f"{p}={payload.wire}" for p in chosen] * payload.repeat)
        get(site.client, f"{url}?{query}", payload, f"GET {name}?…")
        for arg in ("token", "code"):
            if arg in kwargs and payload.kind != "oversized":
                path = reverse(name, kwargs={**kwargs, arg: PLACEHOLDER})
                get(
                    site.client, path.replace(PLACEHOLDER, payload.wire), payload, f"{name} <{arg}>"
                )


# -- the forms --------------------------------------------------------------------------------


def _started_at(token_maker: Callable[..., str], *args: Any) -> str:
    return token_maker(*args, at=time.time() - 30)


def _contact(site: Site, payload: Payload) -> bool:
    url = reverse("engagements:public_contact", args=[site.office.slug])
    every = ["theme", "message", "area", "contact_name", "contact_email", "contact_phone"]
    post(site.client, url, contact_form(site.office), [*every, "wants_reply", "started"], payload)

    before = Concern.objects.count()
    data = contact_form(site.office, wants_reply="on", contact_email="jo@example.org")
    post(site.client, url, data, ["message", "contact_name"], payload)
    if Concern.objects.count() > before:
        concern = Concern.objects.latest("pk")
        urls = [reverse("engagements:concerns"), reverse("engagements:concern", args=[concern.pk])]
        return shown_escaped(site.staff, urls, payload)
    return False


def _book(site: Site, payload: Payload) -> bool:
    n = next(site.counter)
    session = make_session(site.office, site.commissioner, day=a_weekday_ahead(40 + n))
    url = reverse("engagements:public_book", args=[site.office.slug, session.pk])
    every = ["slot", "name", "email", "phone", "topic", "wants_outcome", "started"]
    post(site.client, url, booking_form(session, slot_of(session)), every, payload)

    data = booking_form(session, slot_of(session), email=f"jo{n}@example.org")
    answer = post(site.client, url, data, ["name", "topic"], payload)
    if answer.status_code != 302:
        return False
    check_url = reverse("engagements:public_book_check", args=[site.office.slug, session.pk])
    post(site.client, check_url, {"website": ""}, [], payload)
    booking = SurgeryBooking.objects.filter(slot__session=session).first()
    assert booking is not None, str(payload)
    shown_escaped(
        site.staff,
        [
            reverse("engagements:surgery", args=[session.pk]),
            reverse("engagements:booking", args=[booking.pk]),
        ],
        payload,
    )
    link = surgery_queries.booking_link_token(booking)
    get(
        site.client,
        reverse("engagements:public_booking", args=[site.office.slug, link]),
        payload,
        "booking",
    )
    return True


def _booking_change(site: Site, payload: Payload) -> bool:
    link = surgery_queries.booking_link_token(site.records["booking"])
    url = reverse("engagements:public_booking_change", args=[site.office.slug, link])
    post(site.client, url, {}, ["slot", "started"], payload)
    return False


def _booking_cancel(site: Site, payload: Payload) -> bool:
    link = surgery_queries.booking_link_token(site.records["booking"])
    url = reverse("engagements:public_booking_cancel", args=[site.office.slug, link])
    post(site.client, url, {"website": "x"}, ["confirm", "started"], payload)  # honeypot: kept
    return False


def _feedback(site: Site, payload: Payload) -> bool:
    activity = site.records["activity"]
    url = reverse("engagements:feedback", args=[activity.feedback_token])
    data = {"rating": "4", "comment": "", "started": _started_at(feedback_started, activity)}
    post(site.client, url, data, ["rating", "comment", "started"], payload)
    before = activity.feedback.count()
    post(site.client, url, data, ["comment"], payload)
    if activity.feedback.count() > before:
        return shown_escaped(
            site.staff, [reverse("engagements:activity", args=[activity.pk])], payload
        )
    return False


def _comment(site: Site, payload: Payload) -> bool:
    doc = site.records["document"]
    url = doc.get_public_url()
    post(site.client, url, comment_form(doc), ["text", "name", "area", "started"], payload)
    before = Comment.objects.count()
    post(site.client, url, comment_form(doc), ["text", "name"], payload)
    if Comment.objects.count() > before:
        made = Comment.objects.latest("pk")
        shown_escaped(site.staff, [reverse("publishing:comments")], payload)
        publishing.approve_comment(made, by=site.officer)
        return shown_escaped(site.client, [url], payload)
    return False


def _subscribe(site: Site, payload: Payload) -> bool:
    url = reverse("messaging:subscribe", args=[site.office.slug])
    every = ["channel", "email", "phone", "areas", "topics", "language", "started"]
    post(site.client, url, subscribe_form(site.office, [site.places["Rugby"]]), every, payload)
    post(site.client, url, subscribe_form(site.office, [site.places["Rugby"]]), ["email"], payload)
    return False


def _manage_request(site: Site, payload: Payload) -> bool:
    url = reverse("messaging:manage_request", args=[site.office.slug])
    post(site.client, url, {}, ["address", "started"], payload)
    return False


def _manage(site: Site, payload: Payload) -> bool:
    token = tokens.make("manage", s=site.records["active"].pk)
    url = reverse("messaging:manage", args=[site.office.slug, token])
    post(site.client, url, {}, ["areas", "topics", "language", "started"], payload)
    return False


def _confirm(site: Site, payload: Payload) -> bool:
    token = tokens.make("confirm", s=site.records["pending"].pk)
    url = reverse("messaging:confirm", args=[site.office.slug, token])
    post(site.client, url, {"website": "x"}, ["started"], payload)
    assert Subscriber.objects.get(pk=site.records["pending"].pk).confirmed_at is None
    return False


def _reply(site: Site, payload: Payload) -> bool:
    message = site.records["message"]
    url = reverse("messaging:reply", args=[tokens.make("reply", m=message.pk)])
    every = ["text", "name", "email", "phone", "started"]
    post(site.client, url, reply_data(message), every, payload)
    before = Concern.objects.count()
    data = reply_data(message, email="jo@example.org", consent="on")
    post(site.client, url, data, ["text", "name"], payload)
    if Concern.objects.count() > before:
        concern = Concern.objects.latest("pk")
        urls = [
            reverse("engagements:concern", args=[concern.pk]),
            site.records["alert"].get_absolute_url(),
        ]
        return shown_escaped(site.staff, urls, payload)
    return False


def _login(site: Site, payload: Payload) -> bool:
    post(site.client, reverse("accounts:login"), {}, ["username", "password", "next"], payload)
    return False


def _notify(site: Site, payload: Payload) -> bool:
    every = ["id", "reference", "status", "to", "source_number", "content"]
    for name in ("messaging:notify_status", "messaging:notify_inbound"):
        post(site.client, reverse(name), {}, every, payload)
    return False


def _consultation_page(site: Site, url: str, data: dict[str, Any], fields: list[str], payload):
    shown = site.client.get(url)
    return post(site.client, url, {"started": _started(shown), **data}, fields, payload)


def _consultation(site: Site, payload: Payload) -> bool:
    c = site.records["consultation"]
    office = site.office.slug
    post(
        site.client,
        reverse("consultations:public_begin", args=[office, c.slug]),
        {},
        ["started"],
        payload,
    )

    draft = draft_response(site)
    args = [office, c.slug, draft.token]
    answers = posted_answers(c)
    sections = list(c.sections.order_by("position"))
    for step, section in enumerate(sections, start=1):
        keys = {f"q{q.pk}" for q in section.questions.all()}
        mine = {k: v for k, v in answers.items() if k.split("-")[0] in keys}
        url = reverse("consultations:public_section", args=[*args, step])
        _consultation_page(site, url, mine, [*mine, "started"], payload)  # every field
    about = reverse("consultations:public_about", args=args)
    about_fields = [*ABOUT, "area", "started"]
    _consultation_page(site, about, {}, about_fields, payload)
    check_url = reverse("consultations:public_check", args=args)
    _consultation_page(site, check_url, {}, ["wants_outcome", "email", "started"], payload)

    # And what is stored: the free text and a new statement, through to "send".
    draft = draft_response(site)
    args = [office, c.slug, draft.token]
    q = questions(c)
    free = [f"q{q['text'].pk}", f"q{q['statements'].pk}-new"]
    for step, section in enumerate(sections, start=1):
        keys = {f"q{x.pk}" for x in section.questions.all()}
        mine = {k: v for k, v in answers.items() if k.split("-")[0] in keys}
        url = reverse("consultations:public_section", args=[*args, step])
        _consultation_page(site, url, mine, [f for f in free if f.split("-")[0] in keys], payload)
    rugby = str(site.places["Rugby"].pk)
    about = reverse("consultations:public_about", args=args)
    _consultation_page(site, about, dict(ABOUT, area=rugby), [], payload)
    check_url = reverse("consultations:public_check", args=args)
    _consultation_page(site, check_url, {"email": "jo@example.org"}, [], payload)
    draft.refresh_from_db()
    if draft.submitted_at is not None:
        return shown_escaped(
            site.staff,
            [
                reverse("consultations:answers", args=[c.pk, q["text"].pk]),
                reverse("consultations:statements", args=[c.pk, q["statements"].pk]),
            ],
            payload,
        )
    return False


FORMS: dict[str, Callable[[Site, Payload], bool]] = {
    "engagements:public_contact": _contact,
    "engagements:public_book": _book,
    "engagements:public_booking_change": _booking_change,
    "engagements:public_booking_cancel": _booking_cancel,
    "engagements:feedback": _feedback,
    "publishing:document (comment)": _comment,
    "messaging:subscribe": _subscribe,
    "messaging:manage_request": _manage_request,
    "messaging:manage": _manage,
    "messaging:confirm": _confirm,
    "messaging:reply": _reply,
    "accounts:login": _login,
    "messaging:notify_*": _notify,
    "consultations:public_* (every page)": _consultation,
}


# The forms whose free text is kept and shown again.
STORING = {
    "engagements:public_contact",
    "engagements:public_book",
    "engagements:feedback",
    "publishing:document (comment)",
    "messaging:reply",
    "consultations:public_* (every page)",
}


@pytest.mark.parametrize("form", sorted(FORMS))
def test_hostile_posts_to_every_public_form(form, site):
    stored = {payload for payload in PAYLOADS if FORMS[form](site, payload)}
    if form in STORING:
        # Markup and SQL are text like any other: kept as typed, and shown escaped.
        assert {p for p in PAYLOADS if p.kind in ("xss", "sqli")} <= stored


def test_a_nul_in_a_link_is_not_found_rather_than_a_database_error(site):
    """Found by this test on PostgreSQL, which refuses a NUL in a query: each was a 500."""
    c = site.records["consultation"]
    draft = draft_response(site)
    nul = f"{draft.token}%00"
    for path in (
        reverse("consultations:public_resume", args=[site.office.slug, c.slug, PLACEHOLDER]),
        reverse("consultations:public_section", args=[site.office.slug, c.slug, PLACEHOLDER, 1]),
        reverse("engagements:feedback", args=[PLACEHOLDER]),
        reverse("meetings:feed", args=[PLACEHOLDER]),
    ):
        assert site.client.get(path.replace(PLACEHOLDER, nul)).status_code == 404, path
    thanks = site.client.get(reverse("messaging:reply_thanks") + "?office=avon%00shire")
    assert thanks.status_code == 200

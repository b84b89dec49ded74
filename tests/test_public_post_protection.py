"""Abuse protection (issue 8): every URL that takes a POST from anyone who has not signed in.

The public URLs are the matrix's PUBLIC ones, found by walking the URL patterns (a staff URL sends
an anonymous visitor to sign in: tests/test_permission_matrix.py). A public URL that takes a POST
must be wrapped in engage.core.public_forms.public_post, and for each one:

- a per-address limit and an overall limit (every address together) answer with the friendly
  "too many attempts" page, a 429, and store nothing;
- a filled-in honeypot is answered as if all went well, and nothing is stored (the same post
  without it is stored, so the check can fail);
- a post sent faster than a person could is refused, where a form is shown first;
- a body too big to read, or with too many fields, gets a page (413), not a bad request.
"""

from __future__ import annotations

import inspect
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from engage.consultations.models import Response
from engage.consultations.tests.responding_data import ABOUT, posted_answers
from engage.core.public_forms import LIMITS, started_token
from engage.engagements.forms.activities import started_token as feedback_started
from engage.engagements.queries import surgeries as surgery_queries
from engage.engagements.services import surgeries
from engage.engagements.tests.public_data import (
    a_weekday_ahead,
    booking_form,
    contact_form,
    make_session,
    slot_of,
)
from engage.messaging import services as messaging
from engage.messaging import tokens
from engage.messaging.tests.alert_data import reply_data
from engage.messaging.tests.subscribe_data import form_data as subscribe_form
from engage.messaging.tests.subscribe_data import sign_up
from engage.publishing.tests.builders import comment_form
from tests.test_hostile_input import PATTERNS, Site, _kwargs, _started, draft_response, site

pytestmark = pytest.mark.django_db
__all__ = ["site"]  # the fixture, shared with the hostile-input test

TOO_MANY = "Sorry, there have been too many attempts"
TOO_BIG = ("That was too much to send", "Your answer is too long to send")
TOO_FAST = "quicker than we expected"


@dataclass
class Post:
    """One POST as a person would send it: to `url`, from `client` (whose session it may need)."""

    url: str
    data: dict[str, Any]
    client: Client = field(default_factory=Client)
    # Whether it was acted on; by default, whether anything in the database changed.
    acted: Callable[[Any], bool] | None = None


def _ago(fast: bool) -> float:
    return time.time() - (0 if fast else 30)


# -- how a person posts to each (fast=True: the moment the page was shown) ---------------------


def _consultation_page(site: Site, draft: Response, step: Any, data: dict[str, Any]) -> Post:
    c = site.records["consultation"]
    args = [site.office.slug, c.slug, draft.token]
    if step == "about":
        url = reverse("consultations:public_about", args=args)
    elif step == "check":
        url = reverse("consultations:public_check", args=args)
    else:
        url = reverse("consultations:public_section", args=[*args, step])
    return Post(url, {"started": _started(site.client.get(url)), **data})


def _section_data(site: Site, step: int) -> dict[str, Any]:
    c = site.records["consultation"]
    section = list(c.sections.order_by("position"))[step - 1]
    keys = {f"q{q.pk}" for q in section.questions.all()}
    return {k: v for k, v in posted_answers(c).items() if k.split("-")[0] in keys}


def begin(site: Site, fast: bool) -> Post:
    c = site.records["consultation"]
    start = site.client.get(c.get_public_url())
    url = reverse("consultations:public_begin", args=[site.office.slug, c.slug])
    return Post(url, {"started": _started(start)})


def section(site: Site, fast: bool) -> Post:
    return _consultation_page(site, draft_response(site), 1, _section_data(site, 1))


def about(site: Site, fast: bool) -> Post:
    rugby = str(site.places["Rugby"].pk)
    return _consultation_page(site, draft_response(site), "about", dict(ABOUT, area=rugby))


def check(site: Site, fast: bool) -> Post:
    """Send the response: every page answered; the whole response's time is what counts."""
    draft = draft_response(site)
    c = site.records["consultation"]
    for step in range(1, c.sections.count() + 1):
        page = _consultation_page(site, draft, step, _section_data(site, step))
        assert site.client.post(page.url, page.data).status_code == 302
    if fast:
        Response.objects.filter(pk=draft.pk).update(created_at=timezone.now())
    return _consultation_page(site, draft, "check", {"email": ""})


def _new_session(site: Site):
    return make_session(
        site.office, site.commissioner, day=a_weekday_ahead(40 + next(site.counter))
    )


def book(site: Site, fast: bool) -> Post:
    session = _new_session(site)
    data = booking_form(
        session, slot_of(session), started=started_token(f"book:{session.pk}", at=_ago(fast))
    )
    to_check = reverse("engagements:public_book_check", args=[site.office.slug, session.pk])
    return Post(
        reverse("engagements:public_book", args=[site.office.slug, session.pk]),
        data,
        acted=lambda response: response.get("Location") == to_check,
    )


def book_check(site: Site, fast: bool) -> Post:
    session = _new_session(site)
    client = Client()
    form = reverse("engagements:public_book", args=[site.office.slug, session.pk])
    assert client.post(form, booking_form(session, slot_of(session))).status_code == 302
    url = reverse("engagements:public_book_check", args=[site.office.slug, session.pk])
    return Post(url, {"website": ""}, client)


def _booking(site: Site):
    session = _new_session(site)
    return surgeries.book_slot(
        slot_of(session, 1), name="Ann", phone="07700 900456", topic="Noise", by=None
    )


def booking_change(site: Site, fast: bool) -> Post:
    booking = _booking(site)
    link = surgery_queries.booking_link_token(booking)
    url = reverse("engagements:public_booking_change", args=[site.office.slug, link])
    return Post(url, {"slot": slot_of(booking.slot.session, 2).pk})


def booking_cancel(site: Site, fast: bool) -> Post:
    link = surgery_queries.booking_link_token(_booking(site))
    return Post(reverse("engagements:public_booking_cancel", args=[site.office.slug, link]), {})


def contact(site: Site, fast: bool) -> Post:
    started = started_token(f"contact:{site.office.pk}", at=_ago(fast))
    url = reverse("engagements:public_contact", args=[site.office.slug])
    return Post(url, contact_form(site.office, started=started))


def feedback(site: Site, fast: bool) -> Post:
    activity = site.records["activity"]
    data = {"rating": "4", "comment": "", "started": feedback_started(activity, at=_ago(fast))}
    return Post(reverse("engagements:feedback", args=[activity.feedback_token]), data)


def subscribe(site: Site, fast: bool) -> Post:
    data = subscribe_form(
        site.office,
        [site.places["Rugby"]],
        email=f"new{next(site.counter)}@example.org",
        started=started_token(f"subscribe:{site.office.pk}", at=_ago(fast)),
    )
    return Post(reverse("messaging:subscribe", args=[site.office.slug]), data)


def confirm(site: Site, fast: bool) -> Post:
    pending = sign_up(site.office, f"pending{next(site.counter)}@example.org")
    token = tokens.make("confirm", s=pending.pk)
    return Post(reverse("messaging:confirm", args=[site.office.slug, token]), {})


def manage_request(site: Site, fast: bool) -> Post:
    data = {
        "address": "active@example.org",
        "started": started_token(f"manage:{site.office.pk}", at=_ago(fast)),
    }
    return Post(reverse("messaging:manage_request", args=[site.office.slug]), data)


def _active(site: Site):
    """A confirmed subscriber of their own, so that each post has something to change."""
    address = f"active{next(site.counter)}@example.org"
    active = sign_up(site.office, address, areas=[site.places["Rugby"]])
    messaging.confirm_subscriber(active)
    return active


def manage(site: Site, fast: bool) -> Post:
    active = _active(site)
    token = tokens.make("manage", s=active.pk)
    data = {
        "areas": [site.places["Rugby"].pk],
        "topics": ["1"],
        "language": "cy",
        "started": started_token(f"manage:{active.pk}", at=_ago(fast)),
    }
    return Post(reverse("messaging:manage", args=[site.office.slug, token]), data)


def unsubscribe(site: Site, fast: bool) -> Post:
    active = _active(site)
    token = tokens.make("unsubscribe", o=site.office.pk, a=active.address, p="alerts", s=active.pk)
    return Post(reverse("messaging:unsubscribe", args=[token]), {})


def reply(site: Site, fast: bool) -> Post:
    message = site.records["message"]
    started = started_token(f"reply:{message.pk}", at=_ago(fast))
    url = reverse("messaging:reply", args=[tokens.make("reply", m=message.pk)])
    return Post(url, reply_data(message, started=started))


def comment(site: Site, fast: bool) -> Post:
    doc = site.records["document"]
    started = started_token(f"comment:{doc.pk}", at=_ago(fast))
    return Post(doc.get_public_url(), comment_form(doc, started=started))


SCENARIOS: dict[str, Callable[[Site, bool], Post]] = {
    "consultations:public_begin": begin,
    "consultations:public_section": section,
    "consultations:public_about": about,
    "consultations:public_check": check,
    "engagements:public_book": book,
    "engagements:public_book_check": book_check,
    "engagements:public_booking_change": booking_change,
    "engagements:public_booking_cancel": booking_cancel,
    "engagements:public_contact": contact,
    "engagements:feedback": feedback,
    "messaging:subscribe": subscribe,
    "messaging:confirm": confirm,
    "messaging:manage_request": manage_request,
    "messaging:manage": manage,
    "messaging:unsubscribe": unsubscribe,
    "messaging:reply": reply,
    "publishing:document": comment,
}

# Public POSTs that are not the public's forms, and what guards them instead.
EXEMPT = {
    "accounts:login": "staff sign-in: allauth's own rate limits (see ALLAUTH)",
    "accounts:logout": "ends the visitor's own session, nothing else",
    "messaging:notify_status": "GOV.UK Notify's callback: refused without its bearer token",
    "messaging:notify_inbound": "GOV.UK Notify's callback: refused without its bearer token",
}

# django-allauth's pages (signing in, two-factor codes, password resets) are not the public's
# forms: allauth limits them itself (ACCOUNT_RATE_LIMITS in the settings: failed sign-ins per
# address and per account, resets per address and per account), and a code or a new password is
# worth no honeypot or timer (password managers fill them in at once).
ALLAUTH = "allauth."


def _from_allauth(view: Any) -> bool:
    cls = getattr(view, "view_class", None)
    module = cls.__module__ if cls is not None else getattr(view, "__module__", "")
    return module.startswith(ALLAUTH)


# Where the time to fill in is not checked on this post, and why.
NOT_TIMED = {
    "consultations:public_begin": "a button; the time is checked on sending the whole response",
    "consultations:public_section": "the time is checked on sending the whole response",
    "consultations:public_about": "the time is checked on sending the whole response",
    "engagements:public_book_check": "checked on the booking form, the step before",
    "engagements:public_booking_change": "the link in the booking's confirmation is the key",
    "engagements:public_booking_cancel": "the link in the booking's confirmation is the key",
    "messaging:confirm": "the link in the confirmation message is the key",
    "messaging:unsubscribe": "the link in a message is the key; mail clients post at once",
}
TIMED = set(SCENARIOS) - set(NOT_TIMED)


# -- sending and looking ----------------------------------------------------------------------


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table but the sessions: what a post stored or changed."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models(include_auto_created=True)
        if model is not Session
    }


def send(post: Post, address: str = "192.0.2.10", **extra: Any):
    response = post.client.post(post.url, post.data, REMOTE_ADDR=address, **extra)
    assert response.status_code < 500, (post.url, response.status_code)
    return response


def send_and_see(post: Post, address: str = "192.0.2.10") -> tuple[Any, bool]:
    before = snapshot()
    response = send(post, address)
    acted = post.acted(response) if post.acted else snapshot() != before
    return response, acted


def group_of(name: str) -> str:
    return PATTERNS[name].callback.public_post_group


def friendly_429(response) -> bool:
    body = response.content.decode()
    return response.status_code == 429 and TOO_MANY in body and "govuk-heading-l" in body


# -- every public POST is guarded -------------------------------------------------------------


def _handles_post(view: Any) -> bool:
    cls = getattr(view, "view_class", None)
    if cls is not None:
        return hasattr(cls, "post")
    source = inspect.getsource(inspect.unwrap(view))
    return bool(re.search(r"request\.method|request\.POST|require_POST", source))


def test_allauths_pages_are_limited_per_address(settings):
    limits = settings.ACCOUNT_RATE_LIMITS
    for action in ("login_failed", "reset_password", "reset_password_from_key"):
        assert "/ip" in limits[action], action


def test_every_public_url_that_takes_a_post_is_guarded(site):
    takes_post = set()
    for name, pattern in PATTERNS.items():
        view = pattern.callback
        if getattr(view, "public_post_group", None):
            takes_post.add(name)
            continue
        if _from_allauth(view):
            continue  # sign-in's own pages: see ALLAUTH
        url = reverse(name, kwargs=_kwargs(name, pattern, site))
        if Client().post(url).status_code != 405 and _handles_post(view):
            takes_post.add(name)
    unguarded = {
        n
        for n in takes_post - set(EXEMPT)
        if not hasattr(PATTERNS[n].callback, "public_post_group")
    }
    assert unguarded == set(), "wrap these in engage.core.public_forms.public_post"
    assert takes_post - set(EXEMPT) == set(SCENARIOS)
    assert set(NOT_TIMED) <= set(SCENARIOS)


# -- rate limits ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_one_address_is_limited_with_a_friendly_page(name, site, monkeypatch):
    make = SCENARIOS[name]
    first, second, third = make(site, False), make(site, False), make(site, False)
    cache.clear()
    monkeypatch.setattr(LIMITS[group_of(name)], "per_address", "1/h")
    send(first, "192.0.2.1")
    response, acted = send_and_see(second, "192.0.2.1")
    assert friendly_429(response), (name, response.status_code)
    assert not acted, name
    # Another address is not held back by the first one's limit.
    _response, acted = send_and_see(third, "192.0.2.2")
    assert acted, name


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_everyone_together_is_limited_with_a_friendly_page(name, site, monkeypatch):
    make = SCENARIOS[name]
    first, second = make(site, False), make(site, False)
    cache.clear()
    monkeypatch.setattr(LIMITS[group_of(name)], "overall", "1/h")
    send(first, "192.0.2.1")
    response, acted = send_and_see(second, "192.0.2.99")
    assert friendly_429(response), (name, response.status_code)
    assert not acted, name


# -- honeypot and time to fill in -------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_a_filled_in_honeypot_stores_nothing(name, site):
    post = SCENARIOS[name](site, False)
    response, acted = send_and_see(Post(post.url, {**post.data, "website": "x"}, post.client))
    assert not acted, name
    assert response.status_code in (200, 302), name  # as if it worked: the bot learns nothing
    # The same post without the honeypot is acted on, so the check above can fail.
    _response, acted = send_and_see(SCENARIOS[name](site, False))
    assert acted, name


@pytest.mark.parametrize("name", sorted(TIMED))
def test_a_post_faster_than_a_person_is_refused(name, site):
    response, acted = send_and_see(SCENARIOS[name](site, True))
    assert not acted, name
    assert TOO_FAST in response.content.decode(), name


# -- size -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_a_body_too_big_to_read_gets_a_page_not_a_bad_request(name, site):
    post = SCENARIOS[name](site, False)
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10_000):
        response, acted = send_and_see(
            Post(post.url, {**post.data, "pad": "x" * 20_000}, post.client)
        )
    assert response.status_code == 413, (name, response.status_code)
    assert any(text in response.content.decode() for text in TOO_BIG), name
    assert not acted, name
    with override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=50):
        many = {**post.data, **{f"f{i}": "x" for i in range(100)}}
        response, acted = send_and_see(Post(post.url, many, post.client))
    assert response.status_code == 413, (name, response.status_code)
    assert not acted, name

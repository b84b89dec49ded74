"""Caching the public site's pages: the same page for everyone, kept for a short while.

`@public_page()` goes on a public GET view whose page holds nothing personal and no form (a form
carries a CSRF token, which is per visitor). The page is kept in the cache for `seconds`, one copy
per language and address, and sent with `Cache-Control: public, max-age=…` so that browsers
and proxies may keep it too. It is never kept when the visitor is signed in, when the page
carries a one-off message ("Your booking is cancelled"), when it sets a cookie, or when it is not
a 200: those are answered fresh and marked `private, no-store` or left as they are.

Language comes from a cookie (the language switch), so the page says `Vary: Cookie,
Accept-Language`: a shared proxy keeps a copy per visitor or none, while this cache, which
knows the language, keeps one per language.

A view that turns out to hold something per visitor is answered fresh and never kept, whatever
its decorator says: one that asked for a CSRF token (it shows a form) or changed the session.

`CacheHeadersMiddleware` is the other half: every response that says nothing about caching is
sent `private, no-store` (forms, personal pages, staff pages), and a response marked public that
sets a cookie is turned private. So "public" always means the same page for everyone, which is
what the service worker (static/js/sw.js) relies on to keep a page for offline reading.

`PUBLIC_PAGE_CACHE = False` in the settings renders every page afresh (the headers stay the
same); the public pages benchmark uses it to time the pages themselves.

Content kept until it changes (`kept`): the body of a page whose data changes seldom (the
diary's entries, a consultation's published results) is rendered once and kept under a *topic*
("diary", "results") whose version moves on whenever a model it is made from is saved or deleted
(`watch`, connected in the apps' `ready()`), so the next request renders it afresh. Unlike the
page cache it may sit under pages that vary per visitor, and it is never stale within a shared
cache (Redis): only writes that send no signal (a `bulk_create`, a queryset `update`) must call
`content_changed` themselves, and a copy lasts at most `seconds` (and with a per-process cache, a
write in another process shows after that). `PUBLIC_CONTENT_CACHE = False` renders it every time.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

PREFIX = "engage:public-page:"
DEFAULT_SECONDS = 60


def _key(request: HttpRequest) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"{PREFIX}{get_language()}:{request.get_host()}:{path}"


def _has_messages(request: HttpRequest) -> bool:
    # len() looks without marking them read (iterating would): the page that shows them does.
    return len(get_messages(request)) > 0


def _per_visitor(request: HttpRequest) -> bool:
    """Whether rendering the page made it one visitor's: a form's CSRF token, a session change."""
    session = getattr(request, "session", None)
    return bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE")) or bool(
        session is not None and session.modified
    )


def public_page(
    seconds: int = DEFAULT_SECONDS,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def cached(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            shared = (
                request.method in ("GET", "HEAD")
                and not request.user.is_authenticated
                and not _has_messages(request)
            )
            key = _key(request)
            use_cache = getattr(settings, "PUBLIC_PAGE_CACHE", True)
            if shared and use_cache:
                hit = cache.get(key)
                if hit is not None:
                    content, content_type = hit
                    response = HttpResponse(content, content_type=content_type)
                    response["X-Engage-Cache"] = "hit"
                    return _mark_public(response, seconds)
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if (
                not shared
                or response.status_code != 200
                or response.cookies
                or _per_visitor(request)
            ):
                patch_cache_control(response, private=True, no_store=True)
                return response
            if use_cache:
                cache.set(key, (response.content, response["Content-Type"]), seconds)
            response["X-Engage-Cache"] = "miss" if use_cache else "off"
            return _mark_public(response, seconds)

        return cached

    return decorate


def _mark_public(response: HttpResponse, seconds: int) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=seconds)
    patch_vary_headers(response, ("Cookie", "Accept-Language"))
    return response


PRIVATE = "private, no-store"


class CacheHeadersMiddleware:
    """`private, no-store` unless a view said otherwise; never "public" with a cookie.

    Listed before the session, CSRF and messages middleware, so that it sees the cookies they
    set on the way out.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        said = response.get("Cache-Control", "")
        if not said or (response.cookies and "public" in said):
            response["Cache-Control"] = PRIVATE
        return response


# -- content kept until it changes -------------------------------------------------------------

VERSION_PREFIX = "engage:content-version:"
KEPT_PREFIX = "engage:kept:"


def content_version(topic: str) -> int:
    """The topic's version: it moves on with every change to what the topic is made from.

    It starts from the clock, not from 1, so that a version the cache dropped never comes back
    as a number an old copy was kept under.
    """
    key = VERSION_PREFIX + topic
    version = cache.get(key)
    if version is None:
        cache.add(key, time.time_ns(), None)
        version = cache.get(key, 0)
    return int(version)


def content_changed(topic: str) -> None:
    """What `topic` is made from has changed: copies kept of it are no longer used."""
    key = VERSION_PREFIX + topic
    try:
        cache.incr(key)
    except ValueError:  # not in the cache (never read, or dropped): a new version from the clock
        cache.set(key, time.time_ns(), None)


def watch(topic: str, *watched: type[models.Model]) -> None:
    """Move `topic` on whenever one of `watched` is saved or deleted (or, for a many-to-many
    table, changed)."""

    def changed(sender: type[models.Model], **kwargs: Any) -> None:
        # Now, for this transaction's own later reads; and again once it commits, as a request
        # that rendered in between saw the data from before it.
        content_changed(topic)
        transaction.on_commit(lambda: content_changed(topic))

    for model in watched:
        uid = f"engage-kept-{topic}-{model._meta.label}"
        if model._meta.auto_created:
            m2m_changed.connect(changed, sender=model, weak=False, dispatch_uid=uid)
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid)
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid)


@dataclass
class Kept:
    """A rendered piece of a page, how long it may be kept, and whether it may be kept at all
    (an error page, say "no such area", is not)."""

    html: SafeString
    seconds: int = DEFAULT_SECONDS
    keep: bool = True


def kept(topic: str, parts: tuple[Any, ...], build: Callable[[], Kept]) -> Kept:
    """`build()`'s piece of page, or the copy kept of it since `topic` last changed.

    `parts` name the piece within the topic (the office, the area asked for); the language is
    added here, as the piece is rendered in it.
    """
    if not getattr(settings, "PUBLIC_CONTENT_CACHE", True):
        return build()
    name = hashlib.sha256(repr(parts).encode()).hexdigest()
    key = f"{KEPT_PREFIX}{topic}:{content_version(topic)}:{get_language()}:{name}"
    hit = cache.get(key)
    if hit is not None:
        return Kept(mark_safe(hit), seconds=0)  # noqa: S308 - rendered by our templates
    made = build()
    if made.keep and made.seconds > 0:
        cache.set(key, str(made.html), made.seconds)
    return made

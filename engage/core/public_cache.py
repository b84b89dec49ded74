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
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
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

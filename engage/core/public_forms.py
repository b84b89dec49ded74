"""What every public form shares: a honeypot, a minimum time to submit, and rate limits.

Forms people fill in without signing in (subscribe to alerts, reply to an appeal…) extend
`PublicForm`, and their templates include "includes/public_guard.html" inside the <form>. Their
views are wrapped in `public_post(...)`, which rate-limits POSTs per address and overall and
answers a POST too big to read with a page rather than a 400.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django import forms
from django.core import signing
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django_ratelimit.decorators import ratelimit

# A person reads the page and types; a script posts at once.
MIN_SECONDS = 3
# A page left open all day still works; a token harvested last week does not.
MAX_SECONDS = 60 * 60 * 24
SALT = "engage.core.public_forms.started"


def started_token(key: str, at: float | None = None) -> str:
    """A signed note of when the form was shown, and for what (`key`)."""
    return signing.dumps({"k": key, "t": time.time() if at is None else at}, salt=SALT)


class PublicForm(forms.Form):
    """A form anyone may post: refuses posts made too fast, too late, or for another page.

    Pass `guard_key` (what the page is for, e.g. "subscribe:avonshire"); render `started_token(
    guard_key)` into the page as `started`. Check `is_spam()` before `is_valid()`: a filled-in
    honeypot is answered as if all went well, and nothing is stored.
    """

    website = forms.CharField(required=False)  # the honeypot: hidden from people
    started = forms.CharField(required=False)

    def __init__(self, *args: Any, guard_key: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.guard_key = guard_key

    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            started = signing.loads(data.get("started", ""), salt=SALT, max_age=MAX_SECONDS)
            at = float(started["t"])
            if started["k"] != self.guard_key:
                raise ValueError
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            self.add_error(
                None, _("This page was open too long or came from somewhere else. Send it again.")
            )
            return data
        if time.time() - at < MIN_SECONDS:
            self.add_error(
                None,
                _("That was quicker than we expected. Check your answers and send them again."),
            )
        return data


@dataclass
class Limits:
    """How many POSTs a guarded view takes: from one address, and from everyone together."""

    per_address: str
    overall: str


# Every guarded view's limits, by group: read on each request (so a test may tighten them), and
# the list tests/test_public_post_protection.py holds up against every public URL.
LIMITS: dict[str, Limits] = {}


def _all(group: str, request: HttpRequest) -> str:
    return "all"


def public_post(
    group: str,
    *,
    per_address: str = "20/m",
    overall: str = "3000/h",
    overall_key: Callable[[str, HttpRequest], str] = _all,
    csrf: bool = True,
    too_big: Callable[[HttpRequest, dict[str, Any]], HttpResponse] | None = None,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Rate limits on every POST (per address, and for everyone together), and a page (not a
    400) for a POST too big to read. A view sees `request.limited` and should answer with
    `too_many(request)`.

    `overall_key` counts "everyone together" per thing rather than for the whole site (e.g. per
    consultation); `csrf=False` is for a POST that comes from a mail client (RFC 8058's one-click
    unsubscribe); `too_big(request, kwargs)` answers with the view's own page.

    Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE when the CSRF check first reads it;
    so the size is looked at before the CSRF check, which then runs as usual.
    """
    LIMITS[group] = Limits(per_address, overall)

    def address_rate(_group: str, _request: HttpRequest) -> str:
        return LIMITS[group].per_address

    def overall_rate(_group: str, _request: HttpRequest) -> str:
        return LIMITS[group].overall

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        limited = ratelimit(
            group=f"{group}.address", key="ip", rate=address_rate, method="POST", block=False
        )(
            ratelimit(
                group=f"{group}.all",
                key=overall_key,
                rate=overall_rate,
                method="POST",
                block=False,
            )(csrf_protect(view) if csrf else view)
        )

        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST":
                try:
                    request.POST  # noqa: B018 - reading it is the check
                except (RequestDataTooBig, TooManyFieldsSent):
                    if too_big is not None:
                        return too_big(request, kwargs)
                    return render(request, "public/too_big.html", status=413)
            return limited(request, *args, **kwargs)

        guarded.public_post_group = group  # type: ignore[attr-defined]
        return csrf_exempt(guarded)

    return decorate


def too_many(request: HttpRequest, context: dict[str, Any] | None = None) -> HttpResponse:
    return render(request, "public/too_many.html", context or {}, status=429)

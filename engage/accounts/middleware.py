"""Session rules for staff: an idle session ends, and two-factor sign-in is set up first."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from engage.accounts.models import SignInOutcome
from engage.accounts.services import (
    LAST_SEEN,
    has_authenticator_app,
    record_sign_in,
    two_factor_required,
)

TWO_FACTOR_OK = "engage.two_factor_ok"


class IdleTimeoutMiddleware:
    """Sign a person out after SESSION_IDLE_TIMEOUT seconds without a request.

    The time of the last request is written to the session at most once a minute, so a busy
    page costs no extra database write."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            last = request.session.get(LAST_SEEN)
            if last is not None and now - last > settings.SESSION_IDLE_TIMEOUT:
                user = request.user
                request._engage_timed_out = True  # type: ignore[attr-defined]
                logout(request)
                record_sign_in(SignInOutcome.TIMED_OUT, user=user, request=request)  # type: ignore[arg-type]
                minutes = settings.SESSION_IDLE_TIMEOUT // 60
                messages.info(
                    request,
                    _("You were signed out after %(n)d minutes without activity. Sign in again.")
                    % {"n": minutes},
                )
                if request.method == "GET":
                    return redirect(
                        f"{reverse('accounts:login')}?{urlencode({'next': request.get_full_path()})}"
                    )
                return redirect("accounts:login")
            if last is None or now - last > 60:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


# Pages a person must reach before their authenticator app is set up: signing in and out, the
# two-factor pages themselves, and what every page loads (the office's colours among them).
EXEMPT_PREFIXES = ("/accounts/", "/static/", "/media/", "/language/", "/.well-known/", "/office/")


class RequireTwoFactorMiddleware:
    """Send anyone whose role sees personal data to add an authenticator app, until they have.

    Once the app is found it is remembered in the session; removing the app forgets it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.ENGAGE_REQUIRE_TWO_FACTOR
            and request.user.is_authenticated
            and not request.session.get(TWO_FACTOR_OK)
            and not request.path.startswith(EXEMPT_PREFIXES)
        ):
            if has_authenticator_app(request.user):
                request.session[TWO_FACTOR_OK] = True
            elif two_factor_required(request.user):
                return redirect(
                    f"{reverse('mfa_activate_totp')}?{urlencode({'next': request.get_full_path()})}"
                )
        return self.get_response(request)


def forget_two_factor(sender: object, request: HttpRequest, **kwargs: object) -> None:
    """allauth's authenticator_removed signal: check again on the next request."""
    request.session.pop(TWO_FACTOR_OK, None)

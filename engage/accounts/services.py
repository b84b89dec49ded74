"""Writes about accounts: the sign-in history, and who must use two-factor sign-in."""

from __future__ import annotations

import time
from typing import Any

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest

from engage.accounts.models import Membership, Role, SignInEvent, SignInOutcome, User

# Every role that can see personal data of the public: all of them. Even the volunteer
# ambassadors read concerns, whose summaries are the public's own words, and meeting notes.
TWO_FACTOR_ROLES = frozenset(Role.values)


def two_factor_required(user: Any) -> bool:
    """True for an account that must sign in with an authenticator app as well as a password."""
    if not settings.ENGAGE_REQUIRE_TWO_FACTOR or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(
        user_id=user.pk, is_active=True, role__in=TWO_FACTOR_ROLES
    ).exists()


def has_authenticator_app(user: Any) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def _client(request: HttpRequest | None) -> dict[str, Any]:
    if request is None:
        return {}
    address = request.META.get(settings.RATELIMIT_IP_META_KEY, "") or ""
    # X-Forwarded-For may hold a list: the client is the first.
    address = address.split(",")[0].strip() or None
    return {"address": address, "browser": request.META.get("HTTP_USER_AGENT", "")[:300]}


def record_sign_in(
    outcome: str, *, user: User | None = None, email: str = "", request: HttpRequest | None = None
) -> SignInEvent:
    """Add a line to the account's sign-in history (a failed attempt names the address typed,
    and its account when there is one)."""
    if user is None and email:
        user = User.objects.filter(email__iexact=email.strip()).first()
    return SignInEvent.objects.create(
        user=user, email=(email or "")[:254], outcome=outcome, **_client(request)
    )


# The session key holding the time of the person's last request (engage.accounts.middleware).
LAST_SEEN = "engage.last_seen"


def on_logged_in(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    record_sign_in(SignInOutcome.SIGNED_IN, user=user, request=request)
    # The idle clock starts now, so the first request after signing in writes nothing more.
    session = getattr(request, "session", None)
    if session is not None:
        session[LAST_SEEN] = time.time()


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    email = credentials.get("email") or credentials.get("username") or ""
    record_sign_in(SignInOutcome.FAILED, email=str(email), request=request)


def on_logged_out(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None and not getattr(request, "_engage_timed_out", False):
        record_sign_in(SignInOutcome.SIGNED_OUT, user=user, request=request)

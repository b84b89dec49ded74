"""Signed tokens for the links in messages: confirm, manage, unsubscribe, reply, booking.

A token is the payload signed with the secret key (django.core.signing), so it cannot be forged
or altered; nothing is stored. Each purpose has its own salt, so a token made for one purpose is
refused by another. `read` raises BadToken for a tampered, expired or wrong-purpose token.
"""

from __future__ import annotations

from typing import Any

from django.core import signing

SALT = "engage.messaging.{}"
# How long each kind of link works. Unsubscribe links work for ever: RFC 8058 and common decency.
MAX_AGE = {
    "confirm": 60 * 60 * 24 * 7,
    "manage": 60 * 60 * 24 * 30,
    "unsubscribe": None,
    "reply": 60 * 60 * 24 * 90,
    # A surgery booking's change-or-cancel link: surgeries are booked up to a few months ahead.
    "booking": 60 * 60 * 24 * 366,
}


class BadToken(Exception):
    """The link is not one we made, has been altered, or is too old."""


def make(purpose: str, **data: Any) -> str:
    if purpose not in MAX_AGE:
        raise ValueError(purpose)
    return signing.dumps(data, salt=SALT.format(purpose), compress=True)


def read(purpose: str, token: str) -> dict[str, Any]:
    try:
        data = signing.loads(token, salt=SALT.format(purpose), max_age=MAX_AGE[purpose])
    except (signing.BadSignature, ValueError) as error:  # SignatureExpired is a BadSignature
        raise BadToken(str(error)) from error
    if not isinstance(data, dict):
        raise BadToken("not a mapping")
    return data

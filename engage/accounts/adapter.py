"""How django-allauth behaves in Engage: no sign-up, and authenticator secrets kept encrypted."""

from __future__ import annotations

import base64
import hashlib
import time
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

MESSAGES: dict[str, Any] = {
    "account/messages/logged_in.txt": "",
    "account/messages/logged_out.txt": _("You have signed out."),
    "account/messages/password_changed.txt": _("Your password has been changed."),
    "mfa/messages/totp_activated.txt": _(
        "Two-factor sign-in is on. Keep your recovery codes somewhere safe."
    ),
    "mfa/messages/totp_deactivated.txt": _("Your authenticator app has been removed."),
    "mfa/messages/recovery_codes_generated.txt": _(
        "New recovery codes are ready. The old ones no longer work."
    ),
}


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": _(
            "Enter the email address and password of your Engage account. "
            "The password is case-sensitive."
        ),
        "account_inactive": _(
            "This account has been switched off. Ask your office's administrator."
        ),
        "too_many_login_attempts": _(
            "This account is locked for 15 minutes after 5 failed sign-ins. Wait, then try "
            "again, or ask your office's administrator to reset your password."
        ),
        "incorrect_code": _("Enter the 6-digit code your authenticator app shows now."),
        "enter_current_password": _("Enter your current password."),
        "incorrect_password": _("Your current password is not right. Check it and try again."),
    }

    def add_message(
        self,
        request: HttpRequest,
        level: int,
        message_template: str | None = None,
        message_context: dict[str, Any] | None = None,
        extra_tags: str = "",
        message: str | None = None,
    ) -> None:
        # allauth's own notices are in English only: Engage says the ones worth saying itself,
        # in the person's language, and leaves out "Successfully signed in".
        if message_template in MESSAGES:
            text = MESSAGES[message_template]
            if text:
                messages.add_message(request, level, str(text), extra_tags=extra_tags)
            return
        super().add_message(request, level, message_template, message_context, extra_tags, message)

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        # Changing how one signs in needs a recent proof of identity: a sign-in in the last five
        # minutes counts, so someone made to set up an app just after signing in is not asked
        # for their password twice.
        from allauth.account import app_settings
        from allauth.account.internal.flows.login import get_authentication_records

        request = getattr(self, "request", None)
        if request is not None and getattr(request.user, "is_authenticated", False):
            window = app_settings.REAUTHENTICATION_TIMEOUT
            records = get_authentication_records(request, request.user)
            if any(time.time() - r.get("at", 0) < window for r in records):
                return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Staff accounts are made by an office's administrator, never by the person themselves.
        return False


def _fernet() -> Fernet:
    key = hashlib.sha256(f"engage.mfa:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": _("Enter the 6-digit code your authenticator app shows now."),
        "cannot_delete_authenticator": _(
            "Your role needs two-factor sign-in, so your authenticator app cannot be removed. To "
            "move to a new phone, ask your office's administrator to reset it."
        ),
    }

    def encrypt(self, text: str) -> str:
        # The authenticator's secret is stored encrypted with a key from SECRET_KEY, so a copy of
        # the database alone does not give anyone the codes.
        return _fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        return _fernet().decrypt(encrypted_text.encode()).decode()

    def can_delete_authenticator(self, authenticator: Any) -> bool:
        # Someone who must use two-factor sign-in may replace their authenticator app (by adding
        # a new one after removing it) only while two-factor is optional for them.
        from engage.accounts.services import two_factor_required

        return not two_factor_required(authenticator.user)

"""Signing in (django-allauth's pages, under /accounts/) and each person's own account page.

None of these is guarded by a permission: the sign-in pages are open to anyone, and the rest
serve only the signed-in person's own account (engage/accounts/tests/test_sign_in.py checks that
they send an anonymous visitor to sign in)."""

from __future__ import annotations

MATRIX: dict[str, set[str]] = {}
URLS: dict[str, tuple[str, str | None, str]] = {}
PUBLIC = {
    "accounts:account",
    "account_change_password",
    "account_confirm_email",
    "account_confirm_login_code",
    "account_confirm_reauthentication_code",
    "account_email",
    "account_email_verification_sent",
    "account_inactive",
    "account_login",
    "account_logout",
    "account_reauthenticate",
    "account_request_reauthentication_code",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "account_set_password",
    "account_signup",
    "mfa_activate_totp",
    "mfa_authenticate",
    "mfa_deactivate_totp",
    "mfa_download_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_index",
    "mfa_reauthenticate",
    "mfa_view_recovery_codes",
}


def samples(office, officer, cast):
    return {}

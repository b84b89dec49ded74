"""Signing in: email and password, then an authenticator app for roles that see personal data;
lockout, idle timeout, password rules, and the history each person can see."""

from __future__ import annotations

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.urls import reverse

from conftest import PASSWORD
from engage.accounts.middleware import LAST_SEEN
from engage.accounts.models import SignInEvent, SignInOutcome

LOGIN = "/accounts/login/"


def code_now(secret: str, step: int = 0) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + step))


def sign_in(client, user, password=PASSWORD, **extra):
    return client.post(
        LOGIN, {"login": user.email, "password": password}, REMOTE_ADDR="203.0.113.9", **extra
    )


@pytest.fixture
def two_factor(settings):
    settings.ENGAGE_REQUIRE_TWO_FACTOR = True


@pytest.fixture
def officer_app(officer):
    secret = generate_totp_secret()
    TOTP.activate(officer, secret)
    codes = RecoveryCodes.activate(officer)
    return secret, codes.get_unused_codes()


def test_sign_in_by_email_is_written_in_the_history_the_person_sees(client, officer, office):
    response = sign_in(client, officer, HTTP_USER_AGENT="Firefox/140.0")
    assert response.status_code == 302
    page = client.get(reverse("accounts:account")).content.decode()
    assert "Sign-in history" in page
    assert "Signed in" in page and "203.0.113.9" in page and "Firefox/140.0" in page


def test_a_wrong_password_is_refused_kept_and_shown_to_the_owner(client, officer, other_officer):
    response = sign_in(client, officer, password="not-my-password-at-all")
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter the email address and password of your Engage account" in page
    assert f'value="{officer.email}"' in page
    failed = SignInEvent.objects.get(outcome=SignInOutcome.FAILED)
    assert failed.user == officer and failed.address == "203.0.113.9"
    # The owner sees it; somebody else does not.
    client.force_login(other_officer)
    assert "Wrong email address or password" not in client.get("/accounts/").content.decode()
    client.force_login(officer)
    assert "Wrong email address or password" in client.get("/accounts/").content.decode()


def test_five_failures_lock_the_account_even_against_the_right_password(client, officer):
    for _ in range(5):
        sign_in(client, officer, password="guessing-the-password")
    response = sign_in(client, officer)
    assert response.status_code == 200
    assert "This account is locked for 15 minutes after 5 failed sign-ins" in (
        response.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_nobody_signs_up(client, db):
    response = client.get("/accounts/signup/")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    response = client.post(
        "/accounts/signup/",
        {
            "email": "x@example.org",
            "password1": "a-long-enough-pass",
            "password2": "a-long-enough-pass",
        },
    )
    from engage.accounts.models import User

    assert not User.objects.filter(email="x@example.org").exists()


def test_a_role_that_sees_personal_data_must_set_up_an_app_first(client, officer, two_factor):
    sign_in(client, officer)
    response = client.get(reverse("meetings:schedule"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    page = client.get(response["Location"]).content.decode()
    assert "Set up your authenticator app" in page
    # The page shows the key; the app's code for it turns two-factor sign-in on.
    secret = client.session["mfa.totp.secret"]
    assert secret in page
    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert "Enter the 6-digit code your authenticator app shows now" in response.content.decode()
    response = client.post(reverse("mfa_activate_totp"), {"code": code_now(secret)}, follow=True)
    page = response.content.decode()
    assert "Your recovery codes" in page and "10 codes are left" in page
    assert client.get(reverse("meetings:schedule")).status_code == 200
    # The secret is stored encrypted.
    stored = Authenticator.objects.get(user=officer, type=Authenticator.Type.TOTP).data["secret"]
    assert secret not in stored


@pytest.mark.parametrize("role", ["commissioner", "ambassador", "analyst", "admin"])
def test_every_role_is_asked_for_an_app(client, cast, two_factor, role):
    sign_in(client, cast[role])
    response = client.get(reverse("core:home"))
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_a_superuser_without_an_office_is_asked_for_an_app(client, db, two_factor):
    from engage.accounts.models import User

    root = User.objects.create_superuser("root@avonshire.test", PASSWORD)
    sign_in(client, root)
    response = client.get("/django-admin/")
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_without_the_requirement_nobody_is_stopped(client, cast, settings):
    settings.ENGAGE_REQUIRE_TWO_FACTOR = False
    sign_in(client, cast["ambassador"])
    assert client.get(reverse("core:home")).status_code == 200


def test_with_an_app_the_password_alone_does_not_sign_in(client, officer, officer_app, two_factor):
    secret, _recovery = officer_app
    response = sign_in(client, officer)
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("meetings:schedule")).status_code == 302
    page = client.post(reverse("mfa_authenticate"), {"code": "123456"}).content.decode()
    assert "There is a problem" in page
    response = client.post(reverse("mfa_authenticate"), {"code": code_now(secret)})
    assert response.status_code == 302
    assert client.get(reverse("meetings:schedule")).status_code == 200


def test_a_recovery_code_works_once(client, officer, officer_app, two_factor):
    _secret, recovery = officer_app
    sign_in(client, officer)
    client.post(reverse("mfa_authenticate"), {"code": recovery[0]})
    assert client.get(reverse("meetings:schedule")).status_code == 200
    client.post(reverse("accounts:logout"))
    sign_in(client, officer)
    page = client.post(reverse("mfa_authenticate"), {"code": recovery[0]}).content.decode()
    assert "There is a problem" in page
    assert "_auth_user_id" not in client.session


def test_someone_who_must_use_an_app_cannot_remove_it(client, officer, officer_app, two_factor):
    secret, _ = officer_app
    sign_in(client, officer)
    client.post(reverse("mfa_authenticate"), {"code": code_now(secret)})
    client.post(reverse("mfa_deactivate_totp"))
    assert Authenticator.objects.filter(user=officer, type=Authenticator.Type.TOTP).exists()


def test_an_idle_session_ends_and_says_why(client, officer, settings):
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    client.force_login(officer)
    assert client.get(reverse("meetings:schedule")).status_code == 200
    session = client.session
    session[LAST_SEEN] = time.time() - 31 * 60
    session.save()
    response = client.get(reverse("meetings:schedule"), follow=True)
    page = response.content.decode()
    assert "Sign in to Engage" in page
    assert "You were signed out after 30 minutes without activity" in page
    assert "_auth_user_id" not in client.session
    assert SignInEvent.objects.filter(user=officer, outcome=SignInOutcome.TIMED_OUT).exists()


def test_an_active_session_goes_on(client, officer):
    client.force_login(officer)
    session = client.session
    session[LAST_SEEN] = time.time() - 29 * 60
    session.save()
    assert client.get(reverse("meetings:schedule")).status_code == 200


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("short-but-ok-1", "at least 15 characters"),
        ("1q2w3e4r5t6y7u8i", "too common"),
    ],
)
def test_a_new_password_must_be_long_and_uncommon(client, officer, new, message):
    client.force_login(officer)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )
    assert message in response.content.decode()
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


def test_a_long_password_is_accepted(client, officer):
    client.force_login(officer)
    new = "kettle-harbour-violin-seven"
    client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )
    officer.refresh_from_db()
    assert officer.check_password(new)
    assert officer.password.startswith("argon2") or officer.password.startswith("md5")


def test_passwords_are_hashed_with_argon2_in_production():
    from django.conf import settings as django_settings
    from django.test import override_settings

    from engage import settings as engage_settings

    assert engage_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=engage_settings.PASSWORD_HASHERS):
        from django.contrib.auth.hashers import make_password

        assert make_password("kettle-harbour-violin-seven").startswith("argon2")
    assert django_settings.SESSION_IDLE_TIMEOUT == 30 * 60


@pytest.mark.parametrize(
    "url", ["/accounts/", "/accounts/password/change/", "/accounts/2fa/totp/activate/"]
)
def test_account_pages_send_a_visitor_to_sign_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_the_page_for_several_email_addresses_is_not_offered(client, officer):
    client.force_login(officer)
    response = client.get("/accounts/email/")
    assert response["Location"] == reverse("accounts:account")


def test_a_forgotten_password_is_reset_by_an_emailed_link(client, officer, mailoutbox):
    page = client.post("/accounts/password/reset/", {"email": ""}).content.decode()
    assert "Enter the email address of your Engage account" in page
    response = client.post("/accounts/password/reset/", {"email": officer.email}, follow=True)
    assert "Check your email" in response.content.decode()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.subject == "Choose a new Engage password"
    link = next(w for w in message.body.split() if "/accounts/password/reset/key/" in w)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    assert "Choose a new password" in response.content.decode()
    new = "lantern-orchard-pebble-nine"
    response = client.post(
        response.redirect_chain[-1][0] if response.redirect_chain else "/" + path,
        {"password1": new, "password2": new},
        follow=True,
    )
    assert "Your password has been changed" in response.content.decode()
    officer.refresh_from_db()
    assert officer.check_password(new)


def test_a_reset_for_an_address_without_an_account_sends_nothing(client, db, mailoutbox):
    response = client.post(
        "/accounts/password/reset/", {"email": "nobody@example.org"}, follow=True
    )
    assert "Check your email" in response.content.decode()
    assert mailoutbox == []

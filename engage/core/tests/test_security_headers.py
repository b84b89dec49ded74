"""Headers every response carries, and how to report a vulnerability (issue 8, hardening)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_every_response_switches_off_the_browser_features_engage_never_uses(client, office):
    for path in (f"/{office.slug}/", "/accounts/login/", "/no-such-page/"):
        policy = client.get(path)["Permissions-Policy"]
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert f"{feature}=()" in policy, (path, feature)


def test_security_txt_says_where_to_report_and_until_when(client, settings):
    settings.SECURITY_CONTACT = ["mailto:security@opcc.example.org", "https://example.org/report"]
    settings.SECURITY_POLICY_URL = "https://example.org/security-policy"
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = dict(line.split(": ", 1) for line in response.content.decode().splitlines())
    lines = response.content.decode().splitlines()
    assert "Contact: mailto:security@opcc.example.org" in lines
    assert "Contact: https://example.org/report" in lines
    assert fields["Policy"] == "https://example.org/security-policy"
    assert fields["Canonical"] == "http://testserver/.well-known/security.txt"
    # RFC 9116: an expiry date in the future, less than a year ahead.
    expires = dt.datetime.fromisoformat(fields["Expires"].replace("Z", "+00:00"))
    assert timezone.now() < expires < timezone.now() + dt.timedelta(days=365)

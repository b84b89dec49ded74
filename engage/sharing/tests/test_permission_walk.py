"""Every sharing URL, for an anonymous visitor, each role, and a user of another office (as the
project-wide walk in tests/test_permission_matrix.py does, from matrix.py)."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, get_resolver, reverse

from engage.accounts.models import Role
from engage.sharing.tests.matrix import MATRIX, PUBLIC, URLS, samples

pytestmark = pytest.mark.django_db


def _request(client, name, built):
    _perm, sample, method = URLS[name]
    return getattr(client, method)(reverse(name, kwargs=built[sample] if sample else {}))


def test_every_sharing_url_is_listed():
    (resolver,) = [
        p for p in get_resolver().url_patterns if getattr(p, "namespace", "") == "sharing"
    ]
    names = {f"sharing:{p.name}" for p in resolver.url_patterns if isinstance(p, URLPattern)}
    assert names == set(URLS) | PUBLIC


@pytest.mark.parametrize("perm", sorted(MATRIX))
def test_role_matrix(perm, cast, office, other_officer):
    assert {role for role, user in cast.items() if user.has_perm(perm, office)} == MATRIX[perm]
    assert not other_officer.has_perm(perm, office)


def test_anonymous_is_sent_to_sign_in(client, office, officer, cast):
    built = samples(office, officer, cast)
    for name in URLS:
        response = _request(client, name, built)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("accounts:login")), name


@pytest.mark.parametrize("role", Role.values)
def test_each_role_gets_exactly_what_its_permissions_allow(role, client, office, officer, cast):
    built = samples(office, officer, cast)
    client.force_login(cast[role])
    for name, (perm, _sample, _method) in URLS.items():
        response = _request(client, name, built)
        if role in MATRIX[perm]:
            assert response.status_code not in (403, 404) and response.status_code < 500, (
                name,
                response.status_code,
            )
        else:
            assert response.status_code == 403, (name, response.status_code)


def test_another_offices_user_finds_none_of_its_records(
    client, office, officer, cast, other_officer
):
    built = samples(office, officer, cast)
    client.force_login(other_officer)
    for name, (_perm, sample, _method) in URLS.items():
        if sample is None:
            continue
        assert _request(client, name, built).status_code == 404, name

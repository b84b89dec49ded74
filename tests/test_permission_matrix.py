"""Every staff URL, for an anonymous visitor, each role, and a user of another office.

The matrix of roles against permissions is typed out in tests/matrix/ (one module per part of
Engage); the URL walk checks that each view enforces its permission, and that a record of one
office is "not found" for another office. A new URL that is not listed there fails the test.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from engage.accounts.models import Role
from tests.matrix import MATRIX, PUBLIC, SAMPLE_BUILDERS, URLS


def _url_names() -> set[str]:
    names: set[str] = set()

    def walk(resolver: URLResolver, namespace: str) -> None:
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                if p.namespace in ("admin",):
                    continue
                walk(p, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern) and p.name:
                names.add(f"{namespace}{p.name}")

    walk(get_resolver(), "")
    return names


def test_every_url_is_in_the_matrix_or_public():
    assert _url_names() - set(URLS) - PUBLIC == set()


@pytest.mark.parametrize("perm", sorted(MATRIX))
def test_role_matrix(perm, cast, office, other_officer):
    allowed = {role for role, user in cast.items() if user.has_perm(perm, office)}
    assert allowed == MATRIX[perm]
    assert not other_officer.has_perm(perm, office)


@pytest.fixture
def samples(office, officer, cast):
    built = {}
    for build in SAMPLE_BUILDERS:
        built.update(build(office, officer, cast))
    return built


def _request(client, name, samples):
    _perm, sample, method = URLS[name]
    kwargs = samples[sample] if sample else {}
    return getattr(client, method)(reverse(name, kwargs=kwargs))


def test_anonymous_is_sent_to_sign_in_everywhere(client, samples, office):
    for name in URLS:
        response = _request(client, name, samples)
        assert response.status_code == 302, name
        if name == "core:home":
            # The staff home's address is also the front door: a visitor sees the public site.
            assert response["Location"] == reverse("public:home", args=[office.slug]), name
        else:
            assert response["Location"].startswith(reverse("accounts:login")), name


@pytest.mark.parametrize("role", Role.values)
def test_each_role_gets_exactly_what_its_permissions_allow(role, client, cast, samples):
    user = cast[role]
    client.force_login(user)
    for name, (perm, _sample, _method) in URLS.items():
        response = _request(client, name, samples)
        if perm == "owner-only":
            expected_ok = user == samples["_feed_owner"]
        else:
            expected_ok = role in MATRIX[perm]
        if expected_ok:
            assert response.status_code not in (403, 404) and response.status_code < 500, (
                name,
                response.status_code,
            )
        else:
            assert response.status_code in (403, 404), (name, response.status_code)
            if perm != "owner-only":
                assert response.status_code == 403, name
                assert "You do not have permission to do that" in response.content.decode(), name


def test_another_offices_user_finds_none_of_its_records(client, other_officer, samples):
    client.force_login(other_officer)
    for name, (_perm, sample, _method) in URLS.items():
        if sample in (None, "export", "month", "quarter", "year"):
            continue
        response = _request(client, name, samples)
        assert response.status_code == 404, (name, response.status_code)
        assert "Page not found" in response.content.decode()


def test_another_offices_user_sees_none_of_its_data_in_lists(client, other_officer, samples):
    client.force_login(other_officer)
    for name in (
        "meetings:schedule",
        "meetings:list",
        "meetings:actions",
        "places:list",
        "stakeholders:list",
        "core:home",
    ):
        page = client.get(reverse(name)).content.decode()
        assert "Community Safety Partnerships" not in page, name
        assert "Rugby Borough Council" not in page and "Southam" not in page, name
    export = client.get(reverse("stakeholders:export", kwargs={"fmt": "csv"})).content.decode()
    assert "Rugby Borough Council" not in export

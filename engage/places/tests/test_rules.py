"""Who may see places and import population figures: every role, and another office."""

from __future__ import annotations

import pytest

from engage.accounts.models import Role

EXPECTED = {
    Role.OFFICER: (True, True),
    Role.ANALYST: (True, True),
    Role.ADMIN: (True, True),
    Role.COMMISSIONER: (True, False),
    Role.DEPUTY: (True, False),
    Role.CHIEF_EXECUTIVE: (True, False),
    Role.AMBASSADOR: (True, False),
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_places_permissions_by_role(cast, office, role):
    user = cast[role]
    assert (
        user.has_perm("places.view_area", office),
        user.has_perm("places.import_population", office),
    ) == EXPECTED[role]


def test_places_permissions_other_office_none(other_officer, office):
    assert not other_officer.has_perm("places.view_area", office)
    assert not other_officer.has_perm("places.import_population", office)

"""Who may read and change the plan, role by role."""

from __future__ import annotations

import pytest

from engage.accounts.models import Role

pytestmark = pytest.mark.django_db

CHANGE = {Role.ADMIN, Role.CHIEF_EXECUTIVE, Role.OFFICER, Role.COMMISSIONER, Role.DEPUTY}


def test_every_member_reads_the_plan_and_those_who_log_activities_change_it(
    cast, office, other_officer
):
    for role, user in cast.items():
        assert user.has_perm("planning.view_plan", office), role
        assert user.has_perm("planning.change_plan", office) == (role in CHANGE), role
    assert not other_officer.has_perm("planning.view_plan", office)
    assert not other_officer.has_perm("planning.change_plan", office)

"""Who may do what with sharing: a matrix of roles × permissions."""

import pytest

from engage.accounts.models import Role

pytestmark = pytest.mark.django_db

MANAGE = (
    "sharing.export_benchmarks",
    "sharing.import_benchmarks",
    "sharing.change_case_study",
    "sharing.import_case_studies",
    "sharing.export_case_studies",
)
MANAGERS = {Role.OFFICER, Role.COMMISSIONER, Role.DEPUTY, Role.CHIEF_EXECUTIVE, Role.ADMIN}


@pytest.mark.parametrize("role", list(Role))
def test_everyone_in_the_office_reads_and_activity_staff_manage(cast, office, role):
    user = cast[role]
    assert user.has_perm("sharing.view", office)
    for perm in MANAGE:
        assert user.has_perm(perm, office) == (role in MANAGERS), perm


def test_nobody_from_another_office_has_any(other_officer, office):
    for perm in ("sharing.view", *MANAGE):
        assert not other_officer.has_perm(perm, office)

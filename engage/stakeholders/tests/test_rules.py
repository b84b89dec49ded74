import pytest

from engage.accounts.models import Role

PERMS = {
    "stakeholders.view_organisation": {
        Role.COMMISSIONER,
        Role.DEPUTY,
        Role.CHIEF_EXECUTIVE,
        Role.OFFICER,
        Role.ANALYST,
        Role.ADMIN,
    },
    "stakeholders.change_organisation": {Role.CHIEF_EXECUTIVE, Role.OFFICER, Role.ADMIN},
    "stakeholders.log_interaction": {
        Role.COMMISSIONER,
        Role.DEPUTY,
        Role.CHIEF_EXECUTIVE,
        Role.OFFICER,
        Role.ADMIN,
    },
    "stakeholders.import_organisations": {Role.CHIEF_EXECUTIVE, Role.OFFICER, Role.ADMIN},
    "stakeholders.export_organisations": {
        Role.COMMISSIONER,
        Role.DEPUTY,
        Role.CHIEF_EXECUTIVE,
        Role.OFFICER,
        Role.ANALYST,
        Role.ADMIN,
    },
}


@pytest.mark.parametrize("perm", sorted(PERMS))
@pytest.mark.parametrize("role", list(Role))
def test_permission_matrix_role_in_own_office(perm, role, cast, office):
    assert cast[role].has_perm(perm, office) == (role in PERMS[perm])


@pytest.mark.parametrize("perm", sorted(PERMS))
def test_permission_officer_of_other_office_has_none(perm, other_officer, office):
    assert other_officer.has_perm(perm, office) is False

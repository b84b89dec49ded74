"""Role predicates shared by every app's rules.py.

Permissions are always checked against an object: a record (its office is used) or the Office
itself for lists and creation. So a person's role is looked up in the office the thing belongs to.
"""

from __future__ import annotations

from typing import Any

import rules

from engage.accounts.models import Membership, Role
from engage.core.models import Office


def office_of(obj: Any) -> Office | None:
    if isinstance(obj, Office):
        return obj
    return getattr(obj, "office", None)


def role_in_office(user: Any, obj: Any) -> str | None:
    office = office_of(obj)
    if office is None or not getattr(user, "is_authenticated", False):
        return None
    cache = user.__dict__.setdefault("_engage_roles", {})
    if office.pk not in cache:
        membership = (
            Membership.objects.filter(user_id=user.pk, office_id=office.pk, is_active=True)
            .only("role")
            .first()
        )
        cache[office.pk] = membership.role if membership else None
    return cache[office.pk]


def has_role(*roles: str) -> rules.Predicate:
    """A predicate true when the user holds one of `roles` in the object's office."""
    allowed = frozenset(roles)

    @rules.predicate(name="has_role(" + ",".join(sorted(allowed)) + ")")
    def predicate(user: Any, obj: Any = None) -> bool:
        return role_in_office(user, obj) in allowed

    return predicate


ALL_ROLES = tuple(Role.values)
is_member = has_role(*ALL_ROLES)
# Staff who see everything in the office, including personal data of contacts.
is_staff_member = has_role(*(r for r in ALL_ROLES if r != Role.AMBASSADOR))
# Staff who organise the office's work: edit schedules, partners and places.
is_organiser = has_role(Role.ADMIN, Role.CHIEF_EXECUTIVE, Role.OFFICER)
# Staff who attend meetings and record what happened there.
is_attender = has_role(
    Role.ADMIN, Role.CHIEF_EXECUTIVE, Role.OFFICER, Role.COMMISSIONER, Role.DEPUTY
)
is_data_manager = has_role(Role.ADMIN, Role.ANALYST, Role.OFFICER)
is_admin = has_role(Role.ADMIN)

rules.add_perm("core.view_office", is_member)
rules.add_perm("core.view_history", is_staff_member)
rules.add_perm("accounts.view_people", is_staff_member)

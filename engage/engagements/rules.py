"""Who may do what with activities, concerns and surgeries."""

from typing import Any

import rules

from engage.accounts.models import Role
from engage.accounts.rules import (
    has_role,
    is_attender,
    is_data_manager,
    is_member,
    is_organiser,
    is_staff_member,
)


@rules.predicate
def is_assigned_officer(user: Any, booking: Any = None) -> bool:
    return booking is not None and getattr(booking, "assigned_officer_id", None) == user.pk


# Case notes are for the Commissioner, the Deputy, the Chief Executive and the officer assigned
# to the case: nobody else, administrators included.
can_read_case_notes = has_role(Role.COMMISSIONER, Role.DEPUTY, Role.CHIEF_EXECUTIVE) | (
    is_assigned_officer & has_role(Role.OFFICER)
)

rules.add_perm("engagements.view_activity", is_member)
rules.add_perm("engagements.change_activity", is_attender)
rules.add_perm("engagements.export_activities", is_staff_member)
rules.add_perm("engagements.view_concern", is_member)
rules.add_perm("engagements.change_concern", is_attender)
rules.add_perm("engagements.manage_themes", is_organiser)
rules.add_perm("engagements.import_complaints", is_data_manager)
rules.add_perm("engagements.view_surgery", is_attender)
rules.add_perm("engagements.change_surgery", is_attender)
rules.add_perm("engagements.read_case_notes", can_read_case_notes)
rules.add_perm("engagements.view_surgery_themes", is_staff_member)

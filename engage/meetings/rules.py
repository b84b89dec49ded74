"""Who may do what with the partner-meeting schedule."""

from typing import Any

import rules

from engage.accounts.models import Role
from engage.accounts.rules import has_role, is_attender, is_member, is_organiser, is_staff_member

rules.add_perm("meetings.view_schedule", is_member)
rules.add_perm("meetings.change_schedule", is_organiser)
rules.add_perm("meetings.import_schedule", is_organiser)
rules.add_perm("meetings.record_attendance", is_attender)
rules.add_perm("meetings.manage_actions", is_attender)
rules.add_perm("meetings.view_history", is_staff_member)
# Everyone may have a private feed of their own meetings; the whole office's is for organisers.
rules.add_perm("meetings.use_own_feed", is_member)
rules.add_perm("meetings.manage_office_feeds", is_organiser)

# Forums and the rota.


@rules.predicate
def is_forums_ambassador(user: Any, occurrence: Any = None) -> bool:
    """The ambassador assigned to the forum area of this meeting."""
    area = getattr(occurrence, "area", None)
    assignment = getattr(area, "ambassador_assignment", None) if area is not None else None
    return assignment is not None and assignment.ambassador_id == user.pk


rules.add_perm(
    "meetings.file_forum_report",
    (has_role(Role.AMBASSADOR) & is_forums_ambassador) | is_organiser,
)
rules.add_perm("meetings.view_forum_reports", is_member)
rules.add_perm("meetings.assign_ambassadors", is_organiser)
rules.add_perm("meetings.view_rota", is_staff_member)
rules.add_perm("meetings.manage_rota", is_organiser)
rules.add_perm("meetings.view_diary", is_staff_member)

"""Who may do what with the partner-meeting schedule."""

import rules

from engage.accounts.rules import is_attender, is_member, is_organiser, is_staff_member

rules.add_perm("meetings.view_schedule", is_member)
rules.add_perm("meetings.change_schedule", is_organiser)
rules.add_perm("meetings.import_schedule", is_organiser)
rules.add_perm("meetings.record_attendance", is_attender)
rules.add_perm("meetings.manage_actions", is_attender)
rules.add_perm("meetings.view_history", is_staff_member)
# Everyone may have a private feed of their own meetings; the whole office's is for organisers.
rules.add_perm("meetings.use_own_feed", is_member)
rules.add_perm("meetings.manage_office_feeds", is_organiser)

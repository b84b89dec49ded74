"""Who may do what with decisions, their evidence and "you said, we did"."""

import rules

from engage.accounts.models import Role
from engage.accounts.rules import has_role, is_organiser, is_staff_member

# See decisions, their evidence, the voices behind them and the unanswered list.
rules.add_perm("decisions.view_decision", is_staff_member)
# Record and edit decisions, link evidence, write "you said, we did".
rules.add_perm("decisions.change_decision", is_organiser)
# Publish (which tells everyone who asked to hear back) or unpublish.
rules.add_perm(
    "decisions.publish_decision",
    is_organiser | has_role(Role.COMMISSIONER, Role.DEPUTY),
)

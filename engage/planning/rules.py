"""Who may see and change the plan and the gap analysis."""

import rules

from engage.accounts.rules import is_attender, is_member

# Everyone in the office may read the plan and the gaps; those who log activities (engagements'
# change_activity) plan them.
rules.add_perm("planning.view_plan", is_member)
rules.add_perm("planning.change_plan", is_attender)

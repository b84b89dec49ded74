"""Who may see the evaluation and import social media figures."""

import rules

from engage.accounts.rules import is_attender, is_member

# Everyone in the office sees what its engagement achieved, as they see its activities.
rules.add_perm("evaluation.view_evaluation", is_member)
# Importing posts and managing campaigns: the staff who manage activities
# (engagements.change_activity).
rules.add_perm("evaluation.import_social", is_attender)
rules.add_perm("evaluation.change_campaign", is_attender)

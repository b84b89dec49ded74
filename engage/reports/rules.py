"""Who may see the office's figures: every member of the office (they are counts, never anyone's
words or details)."""

import rules

from engage.accounts.rules import is_member

rules.add_perm("reports.view_dashboard", is_member)
rules.add_perm("reports.download_reports", is_member)

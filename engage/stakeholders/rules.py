"""Who may see and change the office's partners.

Ambassadors are volunteers: they do not see partners' contact details, so viewing needs a staff
role. Checked against a record or, for lists and creation, the office itself.
"""

from __future__ import annotations

import rules

from engage.accounts.rules import is_attender, is_organiser, is_staff_member

rules.add_perm("stakeholders.view_organisation", is_staff_member)
rules.add_perm("stakeholders.change_organisation", is_organiser)
rules.add_perm("stakeholders.log_interaction", is_attender)
rules.add_perm("stakeholders.import_organisations", is_organiser)
rules.add_perm("stakeholders.export_organisations", is_staff_member)

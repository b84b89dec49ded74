"""Who may see the data inventory: the staff who answer for the office's personal data."""

import rules

from engage.accounts.models import Role
from engage.accounts.rules import has_role

# The administrators and the Chief Executive; a Data Protection Officer is given the admin role
# until Engage has a notion of its own for the post.
is_data_guardian = has_role(Role.ADMIN, Role.CHIEF_EXECUTIVE)

rules.add_perm("dataprotection.view_inventory", is_data_guardian)
# The retention report (what is due now) and the log of retention runs.
rules.add_perm("dataprotection.view_retention", is_data_guardian)

# Subject access and erasure: finding a person across every app, answering their requests,
# exporting what is held about them and erasing it.
rules.add_perm("dataprotection.find_person", is_data_guardian)
rules.add_perm("dataprotection.manage_requests", is_data_guardian)
rules.add_perm("dataprotection.erase_person", is_data_guardian)

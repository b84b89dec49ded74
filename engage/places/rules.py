"""Who may see places and import their populations."""

import rules

from engage.accounts.rules import is_admin, is_data_manager, is_member

rules.add_perm("places.view_area", is_member)
# Importing census files and building the force area: the office's data people.
rules.add_perm("places.import_population", is_data_manager | is_admin)

"""Who may do what with consultations, their responses and their analysis."""

import rules

from engage.accounts.rules import (
    is_data_manager,
    is_organiser,
    is_staff_member,
)

# See the consultations, their questions and their results.
rules.add_perm("consultations.view_consultation", is_staff_member)
# Build a consultation, move it through its lifecycle, moderate statements.
rules.add_perm("consultations.change_consultation", is_organiser)
# Type in paper and phone responses.
rules.add_perm("consultations.enter_responses", is_staff_member)
# Import responses from files; export responses, with contact details where permitted.
rules.add_perm("consultations.import_responses", is_data_manager)
rules.add_perm("consultations.export_responses", is_data_manager)
# Run the analysis and work on its themes.
rules.add_perm("consultations.analyse", is_data_manager)

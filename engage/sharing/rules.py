"""Who may do what with benchmarks and the practice library.

Everyone in the office may read them; the staff who record activities (the same people who may
change an activity) export the office's figures, import other offices' files and write case
studies.
"""

import rules

from engage.accounts.rules import is_attender, is_member

rules.add_perm("sharing.view", is_member)
rules.add_perm("sharing.export_benchmarks", is_attender)
rules.add_perm("sharing.import_benchmarks", is_attender)
rules.add_perm("sharing.change_case_study", is_attender)
rules.add_perm("sharing.import_case_studies", is_attender)
rules.add_perm("sharing.export_case_studies", is_attender)

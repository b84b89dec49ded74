"""Who may do what with news, documents open for comment, and the comments people send.

An "item" is a news item or a document.
"""

import rules

from engage.accounts.models import Role
from engage.accounts.rules import has_role, is_organiser, is_staff_member

# See news and documents (drafts too), their history, and every comment with its status.
rules.add_perm("publishing.view_item", is_staff_member)
# Write and edit news and documents, attach a document's PDF, preview them.
rules.add_perm("publishing.change_item", is_organiser)
# Publish and unpublish; open a document for comment and close it early.
rules.add_perm("publishing.publish_item", is_organiser | has_role(Role.COMMISSIONER, Role.DEPUTY))
# Approve or reject comments: showing a comment publishes it, so the same people.
rules.add_perm(
    "publishing.moderate_comment", is_organiser | has_role(Role.COMMISSIONER, Role.DEPUTY)
)

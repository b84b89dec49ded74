"""Who may do what with alerts, subscribers and message delivery."""

import rules

from engage.accounts.rules import is_organiser, is_staff_member

# See alerts, their delivery reports and replies, and subscriber numbers (never addresses).
rules.add_perm("messaging.view_alert", is_staff_member)
# Write, schedule, send or cancel an alert; see and retry failed messages.
rules.add_perm("messaging.send_alert", is_organiser)
# See subscribers' addresses and consent records (personal data).
rules.add_perm("messaging.view_subscribers", is_organiser)

"""Record an emailed reply to an alert: one RFC 822 message on standard input.

For the mail server that receives MESSAGING_REPLY_TO's domain, e.g. Postfix in /etc/aliases:

    replies: "|/srv/engage/.venv/bin/python /srv/engage/manage.py receive_email"

(with recipient_delimiter = + so replies+<token>@… reaches it). The reply is matched to the
alert message by the token in the address it was sent to, or by its In-Reply-To header, and
becomes a concern from an alert reply. Exit status, as mail servers read it: 0 recorded; 67
(no such user: the sender gets a bounce) when it answers no alert of ours or is empty; 75
(try again later) when the database cannot be reached.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from engage.messaging.replies import reply_from_email

EX_NOUSER = 67
EX_TEMPFAIL = 75


class Command(BaseCommand):
    help = "Read one email on standard input and record it as a reply to the alert it answers."

    def handle(self, *args: Any, **options: Any) -> None:
        raw = sys.stdin.buffer.read()
        try:
            concern = reply_from_email(raw)
        except DatabaseError as error:
            self.stderr.write(f"Could not record the reply now: {error}")
            sys.exit(EX_TEMPFAIL)
        if concern is None:
            self.stderr.write("This email answers no alert of ours, or it is empty.")
            sys.exit(EX_NOUSER)
        self.stdout.write(
            f"Recorded as concern {concern.pk} (a reply to alert {concern.alert_id})."
        )

"""Settle messages a stopped worker left "sending", then ask the worker to send what is due.

Run it from cron every few minutes (and after restarting a worker that was killed):

    */5 * * * *  cd /srv/engage && .venv/bin/python manage.py resume_delivery

A message is "in doubt" when a worker claimed it and stopped before saying whether it was sent.
After the lease (5 minutes, or --stale-after) GOV.UK Notify (or the SMS file) is asked whether it
has it: yes → sent, no → queued again. SMTP cannot be asked, so such a message is failed with
"May have been sent before the worker stopped: check before retrying" and listed on the delivery
page. Nothing is resent blindly. Safe while workers run: only leases that ran out are touched.
It also starts any scheduled alert whose time has come but whose task was lost.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand

from engage.messaging import delivery
from engage.messaging.alerts import send_due_alerts
from engage.messaging.providers import Providers


class Command(BaseCommand):
    help = "Reconcile messages left 'sending' by a stopped worker, then kick delivery (for cron)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--stale-after",
            type=int,
            default=int(delivery.LEASE.total_seconds()),
            help="Seconds after which a message still 'sending' is in doubt (default 300). "
            "Use 0 only when no worker is running.",
        )
        parser.add_argument(
            "--run",
            action="store_true",
            help="Send what is due in this process instead of asking the worker.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with Providers() as providers:
            settled = delivery.reconcile(
                providers, lease=dt.timedelta(seconds=options["stale_after"])
            )
        self.stdout.write(f"Settled {settled} message(s) left sending by a stopped worker.")
        started = send_due_alerts()
        if started:
            self.stdout.write(f"Started {started} scheduled alert(s) whose time had come.")
        if options["run"]:
            summary = delivery.run()
            self.stdout.write(
                f"Sent {summary.sent}, retrying {summary.retrying}, failed {summary.failed}, "
                f"not sent {summary.not_sent}."
            )
        else:
            delivery.kick()
            self.stdout.write("Asked the worker to send what is due.")

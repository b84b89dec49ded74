"""Erase sign-ups never confirmed within 7 days (run daily from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from engage.messaging.services import PENDING_DAYS, purge_unconfirmed


class Command(BaseCommand):
    help = (
        f"Delete alert subscribers who did not confirm within {PENDING_DAYS} days. Their consent "
        "records stay, with the address."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = purge_unconfirmed()
        noun = "subscriber" if count == 1 else "subscribers"
        self.stdout.write(
            f"Deleted {count} unconfirmed {noun} (pending for more than {PENDING_DAYS} days)."
        )

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from engage.core.demo import DEMO_TOTP_SECRET, load_demo


class Command(BaseCommand):
    help = (
        "Build the demo office (a Warwickshire-like OPCC) if it is not there, and print its logins."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing but print the logins if the demo exists.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        result = load_demo()
        if result.created:
            self.stdout.write(
                f"Built the demo office in {time.monotonic() - started:.1f}s: {result.office}"
            )
        else:
            self.stdout.write(f"The demo office is already loaded: {result.office}")
        self.stdout.write("")
        self.stdout.write(
            "  Demo logins (password for all: "
            + (result.logins[0][2] if result.logins else "-")
            + ")"
        )
        for role, email, _password in result.logins:
            self.stdout.write(f"    {role:<32} {email}")
        self.stdout.write("")
        self.stdout.write(
            "  Every account also gives an authenticator app's code: add the demo key\n"
            f"    {DEMO_TOTP_SECRET}\n"
            "  to an app, or run `.venv/bin/python manage.py demo_code` for the code now."
        )
        self.stdout.write("")

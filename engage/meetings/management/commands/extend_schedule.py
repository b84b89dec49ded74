from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from engage.core.models import Office
from engage.meetings.services import generate_schedule


class Command(BaseCommand):
    help = (
        "Keep every office's schedule filled in for the next 12 months (run daily from cron or "
        "the task worker). Safe to run at any time: it never duplicates or moves a meeting."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--months", type=int, default=12)

    def handle(self, *args: Any, **options: Any) -> None:
        for office in Office.objects.order_by("name"):
            created = generate_schedule(office, months=options["months"])
            self.stdout.write(f"{office.short_name}: {created} meetings added")

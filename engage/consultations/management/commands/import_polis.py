"""manage.py import_polis DIR: a statement-voting consultation from a Pol.is export folder."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from engage.consultations.polis import PolisRefused, create_from_polis
from engage.core.models import Office


class Command(BaseCommand):
    help = (
        "Create a closed statement-voting consultation from a Pol.is export folder (comments.csv "
        "with votes.csv or participants-votes.csv) and print its id as the last line."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="the folder of the Pol.is export")
        parser.add_argument("--office", help="the office's slug (default: the only office)")
        parser.add_argument("--title", default="", help="the title (default: summary.csv's topic)")

    def handle(self, *args: Any, **options: Any) -> None:
        office = self._office(options["office"])
        started = time.perf_counter()
        try:
            consultation = create_from_polis(
                office, options["directory"], by=None, title=options["title"]
            )
        except PolisRefused as error:
            raise CommandError(
                "Nothing was imported:\n" + "\n".join(f"- {p}" for p in error.problems)
            ) from error
        responses = consultation.responses.count()
        statements = sum(q.statements.count() for q in consultation.questions.all())
        self.stderr.write(
            f"{consultation.title!r}: {statements} statements, {responses} participants "
            f"({time.perf_counter() - started:.1f} s) in {office.short_name or office.name}"
        )
        self.stdout.write(str(consultation.pk))

    def _office(self, slug: str | None) -> Office:
        if slug:
            office = Office.objects.filter(slug=slug).first()
            if office is None:
                known = ", ".join(Office.objects.values_list("slug", flat=True)) or "none"
                raise CommandError(f"No office has the slug {slug!r}. Offices: {known}.")
            return office
        office = Office.objects.order_by("pk").first()
        if office is None:
            raise CommandError("There is no office yet. Create one first (or load the demo).")
        return office

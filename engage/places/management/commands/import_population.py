"""Import census population files into an office's areas."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from engage.places.management.commands.import_places import office_by_slug, read
from engage.places.queries import preview_population
from engage.places.services import import_population


class Command(BaseCommand):
    help = (
        "Import ONS census files (TS007A age bands, ethnic group per local authority, "
        "England and Wales sex by age). Nothing is saved if any file has a bad row."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--office", required=True, help="the office's slug")
        parser.add_argument("files", nargs="+", metavar="FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        office = office_by_slug(options["office"])
        files = [(Path(name).name, read(name)) for name in options["files"]]
        # Check every file first, so that one bad file stops them all.
        failed = 0
        for name, data in files:
            preview = preview_population(office, data, filename=name)
            if not preview.ok:
                failed += 1
                self.stderr.write(f"{name}:")
                for message in preview.error_messages:
                    self.stderr.write(f"  {message}")
        if failed:
            raise CommandError(f"Nothing was imported: {failed} of {len(files)} files have errors.")
        with transaction.atomic():
            for name, data in files:
                result = import_population(office, data, by=None, filename=name)
                self.stdout.write(self.style.SUCCESS(result.summary()))

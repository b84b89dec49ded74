from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from engage.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` (name its .json manifest or its database "
        "file) into an empty database and MEDIA_ROOT, then check every table's rows against the "
        "manifest. See docs/backup.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", type=Path, help="The backup's manifest or database file.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that has tables, and write over files in MEDIA_ROOT.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            result = restore(
                options["backup"],
                connection=connections[options["database"]],
                media_root=Path(settings.MEDIA_ROOT),
                force=options["force"],
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = result.manifest
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']} in {time.monotonic() - started:.1f}s: "
            f"{sum(result.tables.values())} rows in {len(result.tables)} tables, "
            f"{result.media_files} media files."
        )
        if result.pending_migrations:
            self.stdout.write(
                f"  {len(result.pending_migrations)} migrations are newer than the backup: "
                "run `manage.py migrate`."
            )
        if result.differences:
            raise CommandError(
                "The restored database does not match the backup's manifest:\n  "
                + "\n  ".join(result.differences)
            )
        self.stdout.write("  Every table has the rows the manifest counted.")

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from engage.core.backup import BackupError, backup, human_size


class Command(BaseCommand):
    help = (
        "Back up the database and MEDIA_ROOT into DIRECTORY: engage-<UTC time>.sqlite3 or "
        ".pgdump, .media.tar.gz and a .json manifest. Safe while the site runs. See docs/backup.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="Where to write the backup.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            result = backup(
                options["directory"],
                connection=connections[options["database"]],
                media_root=Path(settings.MEDIA_ROOT),
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = result.manifest
        self.stdout.write(f"Backed up in {time.monotonic() - started:.1f}s:")
        self.stdout.write(
            f"  {result.database_path}  {human_size(manifest['database']['bytes'])}  "
            f"sha256 {manifest['database']['sha256']}"
        )
        self.stdout.write(
            f"  {result.media_path}  {human_size(manifest['media']['bytes'])}  "
            f"({manifest['media']['files']} files)"
        )
        self.stdout.write(f"  {result.manifest_path}  (the manifest)")
        tables = manifest["tables"]
        self.stdout.write(f"  {sum(tables.values())} rows in {len(tables)} tables:")
        width = max((len(t) for t in tables), default=0)
        for table, count in tables.items():
            self.stdout.write(f"    {table:<{width}}  {count:>9}")

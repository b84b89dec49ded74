"""manage.py import_schedule FILE --office SLUG [--dry-run]: load a partner-meeting schedule CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from engage.accounts.models import User
from engage.core.models import Office
from engage.meetings.schedule_import import ERROR, NOTE, WARNING, import_schedule, parse_schedule


class Command(BaseCommand):
    help = (
        "Import a partner-meeting schedule from a CSV with the header "
        "'Category,Meetings,Chair / Lead Officer,Frequency,OPCC Attendance,OPCC Lead Officer,"
        "Notes'. Nothing is saved if any row has an error. Run it again with the same file and "
        "nothing changes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV file (UTF-8).")
        parser.add_argument("--office", required=True, help="The office's slug, e.g. warwickshire.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Read and check the file; save nothing."
        )
        parser.add_argument(
            "--by", default="", help="Email of the person to record in the history (optional)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        office = Office.objects.filter(slug=options["office"]).first()
        if office is None:
            slugs = ", ".join(Office.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"No office has the slug '{options['office']}'. Offices: {slugs}.")
        by = None
        if options["by"]:
            by = User.objects.filter(email__iexact=options["by"]).first()
            if by is None:
                raise CommandError(f"No user has the email address '{options['by']}'.")
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error

        parsed = parse_schedule(data, office=office)
        verbosity = options["verbosity"]
        for message in parsed.messages:
            if message.level == ERROR:
                self.stderr.write(self.style.ERROR(f"Error: {message.text}"))
            elif message.level == WARNING:
                self.stdout.write(self.style.WARNING(f"Warning: {message.text}"))
            elif message.level == NOTE and verbosity >= 2:
                self.stdout.write(f"Note: {message.text}")
        if not parsed.is_valid:
            raise CommandError(
                f"Nothing was imported: {len(parsed.errors)} error(s). Fix the rows above and run "
                "the command again.",
                returncode=1,
            )
        if options["dry_run"]:
            self.stdout.write(
                f"Dry run: {len(parsed.rows)} meeting series read with "
                f"{len(parsed.warnings)} warning(s). Nothing was saved."
            )
            return
        result = import_schedule(office, parsed, by=by)
        self.stdout.write(
            self.style.SUCCESS(
                f"{office.short_name}: {result.created} meeting series created, "
                f"{result.updated} updated, {result.unchanged} unchanged; "
                f"{result.meetings} meetings generated for the next 12 months."
            )
        )

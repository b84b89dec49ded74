"""Enforce the retention schedule (run daily from cron; see docs/data-protection.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from engage.core.models import Office
from engage.dataprotection.models import RunStatus, Trigger
from engage.dataprotection.retention import apply_retention, entries


class Command(BaseCommand):
    help = (
        "Delete, erase or flag for review the records whose time under the data inventory's "
        "retention rules is up, office by office, and print what was done. Every run is logged "
        "for the Data Protection Officer (/data-protection/retention/)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what is due; change nothing."
        )
        parser.add_argument("--office", help="Only this office (its slug).")
        parser.add_argument(
            "--via-worker",
            action="store_true",
            help="Instead of running now, queue the daily run for the task worker (db_worker), "
            "which then queues itself each day.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["via_worker"]:
            from engage.dataprotection.tasks import schedule

            schedule()
            self.stdout.write("Queued the retention run for the task worker.")
            return
        offices = Office.objects.order_by("slug")
        if options["office"]:
            offices = offices.filter(slug=options["office"])
            if not offices.exists():
                raise CommandError(f"No office {options['office']!r}.")
        failed = []
        for office in offices:
            run = apply_retention(office, dry_run=options["dry_run"], trigger=Trigger.COMMAND)
            self._report(office, run)
            if run.status == RunStatus.FAILED:
                failed.append(office.slug)
        if failed:
            raise CommandError(
                f"Retention failed for {', '.join(failed)}: nothing was changed there."
            )

    def _report(self, office: Office, run: Any) -> None:
        heading = "Dry run: nothing changed" if run.dry_run else "Done"
        self.stdout.write(f"{office.name} ({office.slug}). {heading}.")
        if run.status == RunStatus.FAILED:
            self.stdout.write(f"  FAILED: {run.error}")
            return
        found = entries(run)
        if not found:
            self.stdout.write("  Nothing is due.")
        for entry in found:
            what = "audit trail" if entry.index is None else f"rule {entry.index + 1}"
            verb = {
                "delete": "would be deleted" if run.dry_run else "deleted",
                "erase": "would be erased" if run.dry_run else "erased",
                "review": "due for review",
            }[entry.rule.action]
            oldest = f", oldest {entry.oldest_date:%d/%m/%Y}" if entry.oldest_date else ""
            line = f"  {entry.record.label} ({what}): {entry.count} {verb}{oldest}"
            if entry.with_them:
                line += "; with them " + ", ".join(f"{n} {m}" for m, n in entry.with_them.items())
            if entry.blocked:
                line += f"; {entry.blocked} kept because other records depend on them"
            self.stdout.write(line + f". {entry.rule.summary}")

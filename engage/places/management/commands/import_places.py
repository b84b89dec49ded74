"""Build a police force area and its districts from the ONS district → force area lookup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from engage.core.models import Office
from engage.places.services import DEFAULT_LOOKUP, build_force_area


def office_by_slug(slug: str) -> Office:
    try:
        return Office.objects.get(slug=slug)
    except Office.DoesNotExist:
        known = ", ".join(Office.objects.values_list("slug", flat=True)) or "none yet"
        raise CommandError(f"There is no office '{slug}'. Offices: {known}.") from None


def read(path: str | Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise CommandError(f"Cannot read {path}: {exc.strerror}.") from None


class Command(BaseCommand):
    help = "Create or update a police force area and its districts from the ONS lookup."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--office", required=True, help="the office's slug")
        parser.add_argument("--pfa", required=True, help="police force area code, e.g. E23000017")
        parser.add_argument(
            "--lookup", default=str(DEFAULT_LOOKUP), help="the LAD → PFA lookup CSV"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        office = office_by_slug(options["office"])
        result = build_force_area(office, read(options["lookup"]), options["pfa"], by=None)
        if not result.ok:
            for message in result.error_messages:
                self.stderr.write(message)
            raise CommandError(result.summary())
        self.stdout.write(self.style.SUCCESS(result.summary()))
        for district in result.districts:
            self.stdout.write(f"  {district.ons_code} {district.name}")

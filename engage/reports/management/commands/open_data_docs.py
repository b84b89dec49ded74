"""Write the open data columns into docs/open-data.md, from the datasets' own definitions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from engage.reports.open_data import DOCS_BEGIN, DOCS_END, columns_markdown

DOCS = Path(settings.BASE_DIR) / "docs" / "open-data.md"


def with_columns(text: str) -> str:
    """The page with the part between the markers made afresh."""
    before, begin, rest = text.partition(DOCS_BEGIN)
    _old, end, after = rest.partition(DOCS_END)
    if not begin or not end:
        raise CommandError(f"{DOCS} has lost its markers: {DOCS_BEGIN} … {DOCS_END}")
    return f"{before}{DOCS_BEGIN}\n\n{columns_markdown()}\n{DOCS_END}{after}"


class Command(BaseCommand):
    help = "Rewrite the column tables in docs/open-data.md from engage/reports/open_data.py."

    def handle(self, *args: Any, **options: Any) -> None:
        DOCS.write_text(with_columns(DOCS.read_text()))
        self.stdout.write(f"Wrote {DOCS}")

"""Complaint counts by theme and month: reading the CSV, and saving what it says.

Engage takes complaints about policing only as aggregated counts (`Month,Theme,Count`), never as
personal records: a file with a column that looks personal is refused whole, before any row is read.
Every problem is reported with its row number, and nothing is saved while any row has one.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from engage.accounts.models import User
from engage.core.models import Office
from engage.engagements.models import ComplaintThemeCount, ConcernTheme

MAX_BYTES = 1024 * 1024
HEADER = ["Month", "Theme", "Count"]
# Words that mark a column as personal data about a complainant. Matched as whole words.
PERSONAL_WORDS = [
    "name",
    "names",
    "surname",
    "forename",
    "email",
    "e-mail",
    "address",
    "phone",
    "telephone",
    "mobile",
    "postcode",
    "post code",
    "birth",
    "dob",
    "age",
    "complainant",
    "complainants",
    "person",
    "gender",
    "sex",
    "ethnicity",
    "reference",
    "ref",
    "officer",
]
MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}


class ComplaintFileError(ValueError):
    """The file as a whole cannot be read (encoding, header, personal columns)."""


@dataclass
class ComplaintRow:
    row: int
    month: dt.date | None = None
    theme: ConcernTheme | None = None
    count: int | None = None
    errors: list[str] = field(default_factory=list)


@dataclass
class ParsedComplaints:
    rows: list[ComplaintRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        return self.file_errors + [e for row in self.rows for e in row.errors]

    @property
    def is_valid(self) -> bool:
        return bool(self.rows) and not self.errors


def decode_complaints(data: bytes) -> list[list[str]]:
    """The file's rows as lists of cells. Raises ComplaintFileError for a file that is not text."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise ComplaintFileError(
                _("The file is not a CSV file. Save it as “CSV UTF-8” and upload it again.")
            ) from error
    if "\x00" in text:
        raise ComplaintFileError(
            _("The file is not a CSV file. Save it as “CSV UTF-8” and upload it again.")
        )
    return list(csv.reader(io.StringIO(text)))


def personal_columns(header: list[str]) -> list[str]:
    """The header cells that look like personal data about someone who complained."""
    found = []
    for cell in header:
        words = re.sub(r"[^a-z0-9-]+", " ", cell.lower()).split()
        text = " ".join(words)
        if text not in ("theme name", "theme") and any(
            re.search(rf"\b{re.escape(word)}\b", text) for word in PERSONAL_WORDS
        ):
            found.append(cell.strip())
    return found


def parse_month(text: str) -> dt.date | None:
    """2026-03, 03/2026, 3/2026, March 2026 or Mar 2026 (and 2026-03-01) as the month's first day."""
    text = text.strip()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-01)?", text)
    if match:
        year, month = int(match[1]), int(match[2])
    elif match := re.fullmatch(r"(\d{1,2})[/.-](\d{4})", text):
        month, year = int(match[1]), int(match[2])
    elif match := re.fullmatch(r"([A-Za-z]+)\.?\s+(\d{4})", text):
        number = MONTH_NAMES.get(match[1].lower())
        if number is None:
            return None
        month, year = number, int(match[2])
    else:
        return None
    if not 1 <= month <= 12 or not 1900 <= year <= 2100:
        return None
    return dt.date(year, month, 1)


def _theme_error(row: int, name: str, themes: dict[str, ConcernTheme]) -> str:
    names = [t.name for t in themes.values()]
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6) or difflib.get_close_matches(
        name.lower(), [n.lower() for n in names], n=1, cutoff=0.6
    )
    if close:
        suggestion = themes[close[0].lower()].name
        return _(
            "Row %(row)d: there is no theme “%(name)s”. Did you mean “%(suggestion)s”? "
            "If it is a new theme, add it in Themes first."
        ) % {"row": row, "name": name, "suggestion": suggestion}
    return _(
        "Row %(row)d: there is no theme “%(name)s”. Use one of the office's themes, "
        "or add it in Themes first."
    ) % {"row": row, "name": name}


def parse_complaints(data: bytes, *, office: Office) -> ParsedComplaints:
    """Read a `Month,Theme,Count` file against the office's themes. Saves nothing."""
    parsed = ParsedComplaints()
    try:
        lines = decode_complaints(data)
    except ComplaintFileError as error:
        parsed.file_errors.append(str(error))
        return parsed
    if not any(cell.strip() for line in lines for cell in line):
        parsed.file_errors.append(_("The file is empty."))
        return parsed
    header = [cell.strip() for cell in lines[0]]
    personal = personal_columns(header)
    if personal:
        parsed.file_errors.append(
            _(
                "The file has columns that look like personal details (%(columns)s). Engage only "
                "takes counts of complaints by theme and month, never records of people: remove "
                "those columns, keep only Month, Theme and Count, and upload it again."
            )
            % {"columns": ", ".join(personal)}
        )
        return parsed
    lowered = [cell.lower() for cell in header if cell]
    if sorted(lowered) != sorted(h.lower() for h in HEADER):
        parsed.file_errors.append(
            _("Row 1: the first row must be exactly %(header)s, but it is %(found)s.")
            % {"header": ",".join(HEADER), "found": ",".join(header) or _("empty")}
        )
        return parsed
    column = {name.lower(): header.index(name) for name in header if name}
    themes = {t.name.lower(): t for t in ConcernTheme.objects.for_office(office)}
    seen: dict[tuple[int, dt.date], int] = {}

    for number, line in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in line):
            continue
        cells = {name: (line[i].strip() if i < len(line) else "") for name, i in column.items()}
        row = ComplaintRow(row=number)
        parsed.rows.append(row)
        if not cells["month"]:
            row.errors.append(_("Row %(row)d: the month is missing.") % {"row": number})
        else:
            row.month = parse_month(cells["month"])
            if row.month is None:
                row.errors.append(
                    _(
                        "Row %(row)d: “%(month)s” is not a month. Write it like 2026-03, "
                        "03/2026 or March 2026."
                    )
                    % {"row": number, "month": cells["month"]}
                )
        if not cells["theme"]:
            row.errors.append(_("Row %(row)d: the theme is missing.") % {"row": number})
        else:
            row.theme = themes.get(cells["theme"].lower())
            if row.theme is None:
                row.errors.append(_theme_error(number, cells["theme"], themes))
        text = cells["count"].replace(",", "")
        if re.fullmatch(r"\d+", text):
            row.count = int(text)
        else:
            row.errors.append(
                _(
                    "Row %(row)d: the count “%(count)s” must be a whole number of complaints, "
                    "0 or more."
                )
                % {"row": number, "count": cells["count"]}
            )
        if row.theme is not None and row.month is not None:
            key = (row.theme.pk, row.month)
            if key in seen:
                row.errors.append(
                    _(
                        "Row %(row)d: %(theme)s in %(month)s is already on row %(first)d. "
                        "Give each theme one row a month."
                    )
                    % {
                        "row": number,
                        "theme": row.theme.name,
                        "month": row.month.strftime("%B %Y"),
                        "first": seen[key],
                    }
                )
            else:
                seen[key] = number
    if not parsed.rows:
        parsed.file_errors.append(_("The file has a header but no counts under it."))
    return parsed


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


@transaction.atomic
def import_complaint_counts(
    office: Office, parsed: ParsedComplaints, *, source: str, by: User | None
) -> ImportResult:
    """Save each row's count for its theme and month; importing the same file again changes nothing.

    Side effects: ComplaintThemeCount rows created or updated. Raises ValueError for a file with errors.
    """
    if not parsed.is_valid:
        raise ValueError("Refusing to import a complaints file with errors.")
    months = {row.month for row in parsed.rows if row.month is not None}
    existing = {
        (c.theme_id, c.month): c
        for c in ComplaintThemeCount.objects.for_office(office).filter(month__in=months)
    }
    created = updated = unchanged = 0
    for row in parsed.rows:
        assert row.theme is not None and row.month is not None and row.count is not None
        found = existing.get((row.theme.pk, row.month))
        if found is None:
            ComplaintThemeCount.objects.create(
                office=office, theme=row.theme, month=row.month, count=row.count, source=source
            )
            created += 1
        elif found.count == row.count:
            unchanged += 1
        else:
            found.count = row.count
            found.source = source
            found.save()
            updated += 1
    return ImportResult(created, updated, unchanged)

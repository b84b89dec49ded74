"""Reading an uploaded CSV or Excel file into rows of text, for every import in Engage.

Each import (partners, consultation responses…) checks the rows itself; this only turns the file
into `list[list[str]]`, header first, or refuses it with advice a person can follow.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from typing import Any

from django.utils.translation import gettext as _


class UnreadableFile(Exception):
    """The upload cannot be read as a table; the message says what to do."""


def _encoding_message() -> str:
    return _(
        "The file is not saved as UTF-8 text, so its letters cannot be read reliably. "
        "In Excel choose File, Save as, then “CSV UTF-8 (Comma delimited)”, "
        "or upload the .xlsx workbook instead."
    )


def _read_csv(content: bytes, max_rows: int) -> list[list[str]]:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile(_encoding_message())
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(_encoding_message()) from error
    if "\x00" in text:
        raise UnreadableFile(_encoding_message())
    first_line = text.split("\n", 1)[0]
    # Excel in some locales separates with semicolons; pick whichever the header uses most.
    delimiter = max([",", ";", "\t"], key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append(row)
            if len(rows) > max_rows + 1:
                break
    except csv.Error as error:
        raise UnreadableFile(
            _(
                "Row %(row)s could not be read: %(error)s. A cell may be far too long or a "
                "quote may be missing its pair."
            )
            % {"row": len(rows) + 1, "error": error}
        ) from error
    return rows


def cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a person typed: 12 not 12.0, dates in UK order."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M:%S")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _read_xlsx(content: bytes, max_rows: int) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise UnreadableFile(
            _(
                "The file could not be read as an Excel workbook. Save it again from your "
                "spreadsheet as .xlsx or as “CSV UTF-8”, then upload it."
            )
        ) from error
    try:
        rows = []
        for values in workbook.worksheets[0].iter_rows(values_only=True):
            rows.append([cell_text(v) for v in values])
            if len(rows) > max_rows + 1:
                break
        return rows
    finally:
        workbook.close()


def read_table(
    content: bytes, filename: str, *, max_rows: int, empty_message: str = ""
) -> list[list[str]]:
    """The file's rows as lists of text, header first, trailing blank rows dropped.

    Raises UnreadableFile with advice: empty, not UTF-8, an old .xls, a broken workbook, a row
    the csv module cannot read, or more than `max_rows` rows below the header.
    """
    empty = empty_message or _("The file is empty.")
    if not content.strip():
        raise UnreadableFile(empty)
    lower = filename.lower()
    if lower.endswith(".xlsx") or content.startswith(b"PK\x03\x04"):
        rows = _read_xlsx(content, max_rows)
    elif lower.endswith(".xls") or content.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableFile(
            _("Old Excel files (.xls) cannot be read. Save it as .xlsx or as “CSV UTF-8”.")
        )
    else:
        rows = _read_csv(content, max_rows)
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    if not rows:
        raise UnreadableFile(empty)
    if len(rows) > max_rows + 1:
        raise UnreadableFile(
            _("The file has more than %(n)s rows. Split it into smaller files.")
            % {"n": f"{max_rows:,}"}
        )
    return rows

"""Read the ONS census files Engage knows: bytes in, parsed rows and row-numbered errors out.

Pure functions, no database: the services decide what to do with what is read here. A row number
is the file's line number, the header being row 1, so that it matches what a spreadsheet shows.

Encodings: UTF-8 with or without a byte-order mark. A file that is not UTF-8 but decodes cleanly
as Windows-1252 (what Excel writes for "CSV (Comma delimited)") is read as such, with a notice
asking the user to check the names; UTF-16 and bytes that are neither are refused.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext as _

ONS_CODE = re.compile(r"^[EWSNK]\d{8}$")
# "1234" or "1,234,567": commas only as thousands separators.
WHOLE_NUMBER = re.compile(r"^(\d+|\d{1,3}(,\d{3})+)$")
COUNTRY_CODE = "K04000001"

AGE_TOTAL = "Age: Total"


@dataclass(frozen=True)
class AgeBand:
    """One of TS007A's 18 five-year bands: its column heading and the single years it spans."""

    label: str
    first_year: int
    last_year: int  # 90 stands for "90 and over" in the single-year file

    @property
    def column(self) -> str:
        return f"Age: {self.label}"


AGE_BANDS: tuple[AgeBand, ...] = (
    AgeBand("Aged 4 years and under", 0, 4),
    *(AgeBand(f"Aged {lo} to {lo + 4} years", lo, lo + 4) for lo in range(5, 85, 5)),
    AgeBand("Aged 85 years and over", 85, 90),
)

ETHNIC_GROUPS = ("Asian", "Black", "Mixed", "Other", "White")
SEXES = ("Female", "Male")


class Format(StrEnum):
    """The files Engage can read, named after the data sets in shared/data."""

    AGE_BANDS = "census2021-ts007a"
    ETHNIC_GROUPS = "census2021-ethnicity-lad"
    SEX_AGE = "census2021-ew-sex-age"
    LAD_PFA_LOOKUP = "lad-pfa-lookup"


FORMAT_DESCRIPTIONS = {
    Format.AGE_BANDS: "Census 2021 TS007A age by five-year bands per local authority "
    "(columns: date, geography, geography code, Age: Total and 18 'Age: Aged …' bands)",
    Format.ETHNIC_GROUPS: "Census 2021 ethnic group per local authority in 5 groups "
    "(columns: LAD, LAD_code, Asian, Black, Mixed, Other, White)",
    Format.SEX_AGE: "Census 2021 England and Wales by sex and single year of age "
    "(columns: England and Wales Code, …, Sex (2 categories), Age (91 categories) Code, "
    "Observation)",
    Format.LAD_PFA_LOOKUP: "ONS local authority to police force area lookup "
    "(columns: LAD16CD, LAD16NM, PFA16CD, PFA16NM)",
}

SOURCES = {
    Format.AGE_BANDS: "ONS Census 2021 TS007A, age by five-year bands",
    Format.ETHNIC_GROUPS: (
        "ONS Census 2021 TS021 ethnic group, collapsed to 5 groups by Black Thrive: mixed "
        "White and Black counted in Black; Gypsy, Irish Traveller and Roma in Other"
    ),
    Format.SEX_AGE: "ONS Census 2021, England and Wales by sex and single year of age",
}


@dataclass(frozen=True)
class RowError:
    """A problem with one row (or with the whole file when `row` is None)."""

    row: int | None
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        return _("Row %(row)d: %(message)s") % {"row": self.row, "message": self.message}


@dataclass(frozen=True)
class Figure:
    """A count read from a file: `value` usual residents of `area_code` in `category`."""

    row: int
    area_code: str
    area_name: str
    dimension: str  # a places.models.Dimension value
    category: str
    value: int


@dataclass(frozen=True)
class LookupRow:
    """One district of the LAD → police force area lookup."""

    row: int
    district_code: str
    district_name: str
    force_area_code: str
    force_area_name: str


@dataclass
class ParsedFile:
    format: Format | None = None
    encoding: str = "utf-8"
    figures: list[Figure] = field(default_factory=list)
    lookup: list[LookupRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    rows_read: int = 0

    @property
    def source(self) -> str:
        return SOURCES.get(self.format, "") if self.format else ""


def sex_age_category(sex: str, age: int) -> str:
    """The category a sex-by-single-year figure is stored under: "Female 0" … "Male 90"."""
    return f"{sex} {age}"


def split_sex_age(category: str) -> tuple[str, int]:
    sex, age = category.rsplit(" ", 1)
    return sex, int(age)


def band_of(age: int) -> AgeBand:
    for band in AGE_BANDS:
        if band.first_year <= age <= band.last_year:
            return band
    raise ValueError(age)


def known_formats_message() -> str:
    lines = "; ".join(str(d) for d in FORMAT_DESCRIPTIONS.values())
    return _("Engage reads these files: %(formats)s.") % {"formats": lines}


# -- decoding -------------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str | None, str, RowError | None]:
    """Return (text, encoding, error). Strips a UTF-8 byte-order mark."""
    save_as = _(
        "Open it in a spreadsheet and save it as 'CSV UTF-8 (Comma delimited)', then try again."
    )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        return (
            None,
            "utf-16",
            RowError(
                None,
                _("This file is saved as UTF-16 ('Unicode Text'), which Engage cannot read. ")
                + save_as,
            ),
        )
    try:
        return data.decode("utf-8-sig"), "utf-8", None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252", None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return (
            None,
            "unknown",
            RowError(
                None,
                _("Row %(row)d holds characters that are not UTF-8 text. ") % {"row": line}
                + save_as,
            ),
        )


# -- format detection -------------------------------------------------------------------------

LOOKUP_COLUMNS = {
    "district_code": re.compile(r"^LAD\d\dCD$"),
    "district_name": re.compile(r"^LAD\d\dNM$"),
    "force_area_code": re.compile(r"^PFA\d\dCD$"),
    "force_area_name": re.compile(r"^PFA\d\dNM$"),
}

REQUIRED_COLUMNS: dict[Format, tuple[str, ...]] = {
    Format.AGE_BANDS: ("geography", "geography code", AGE_TOTAL, *(b.column for b in AGE_BANDS)),
    Format.ETHNIC_GROUPS: ("LAD", "LAD_code", *ETHNIC_GROUPS),
    Format.SEX_AGE: (
        "England and Wales Code",
        "England and Wales",
        "Sex (2 categories)",
        "Age (91 categories) Code",
        "Observation",
    ),
}


def detect_format(header: list[str]) -> Format | None:
    columns = set(header)
    if AGE_TOTAL in columns or any(c.startswith("Age: Aged") for c in columns):
        return Format.AGE_BANDS
    if "LAD_code" in columns:
        return Format.ETHNIC_GROUPS
    if "Sex (2 categories)" in columns or "Age (91 categories) Code" in columns:
        return Format.SEX_AGE
    if any(LOOKUP_COLUMNS["district_code"].match(c) for c in columns) and any(
        LOOKUP_COLUMNS["force_area_code"].match(c) for c in columns
    ):
        return Format.LAD_PFA_LOOKUP
    return None


def _missing_columns(fmt: Format, header: list[str]) -> list[str]:
    if fmt is Format.LAD_PFA_LOOKUP:
        return [
            pattern.pattern.strip("^$").replace(r"\d\d", "16")
            for pattern in LOOKUP_COLUMNS.values()
            if not any(pattern.match(c) for c in header)
        ]
    return [c for c in REQUIRED_COLUMNS[fmt] if c not in header]


# -- cells ------------------------------------------------------------------------------------


class CellError(ValueError):
    pass


def parse_count(text: str, column: str) -> int:
    value = text.strip()
    if value == "":
        raise CellError(_("'%(column)s' is empty; enter a whole number.") % {"column": column})
    if value.startswith("-") and WHOLE_NUMBER.match(value[1:]):
        raise CellError(
            _("'%(column)s' is %(value)s; a count of people cannot be negative.")
            % {"column": column, "value": value}
        )
    if not WHOLE_NUMBER.match(value):
        raise CellError(
            _("'%(column)s' is '%(value)s', which is not a whole number of people.")
            % {"column": column, "value": value}
        )
    return int(value.replace(",", ""))


def parse_code(text: str, column: str) -> str:
    code = text.strip()
    if not ONS_CODE.match(code):
        raise CellError(
            _(
                "'%(column)s' is '%(value)s', which is not an ONS code: a code is E, W, S, N "
                "or K followed by 8 digits, like E07000222."
            )
            % {"column": column, "value": code}
        )
    return code


# -- parsing ----------------------------------------------------------------------------------


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    for cells in reader:
        yield reader.line_num, cells


def parse(data: bytes) -> ParsedFile:
    """Read a census or lookup file. Never raises on bad input: problems are in `.errors`."""
    result = ParsedFile()
    text, result.encoding, error = decode(data)
    if error is not None or text is None:
        result.errors.append(error or RowError(None, ""))
        return result
    if result.encoding == "cp1252":
        result.notices.append(
            _(
                "This file is not UTF-8, so it was read as Windows-1252 (what Excel saves as "
                "'CSV (Comma delimited)'). Check that the names below look right."
            )
        )
    rows = _rows(text)
    try:
        _line, header = next(rows)
    except (StopIteration, csv.Error):
        result.errors.append(RowError(None, _("The file is empty.")))
        return result
    header = [h.strip().lstrip("\ufeff") for h in header]
    result.format = detect_format(header)
    if result.format is None:
        shown = ", ".join(h for h in header[:6] if h) or _("(blank)")
        result.errors.append(
            RowError(
                None,
                _("This is not a file Engage can import: its header is '%(header)s'. ")
                % {"header": shown}
                + known_formats_message(),
            )
        )
        return result
    missing = _missing_columns(result.format, header)
    if missing:
        result.errors.append(
            RowError(
                1,
                _(
                    "This looks like %(format)s but has no column %(columns)s. Use the file as "
                    "downloaded, with its header unchanged."
                )
                % {
                    "format": result.format.value,
                    "columns": ", ".join(f"'{c}'" for c in missing),
                },
            )
        )
        return result
    parse_row = {
        Format.AGE_BANDS: _age_band_row,
        Format.ETHNIC_GROUPS: _ethnic_group_row,
        Format.SEX_AGE: _sex_age_row,
        Format.LAD_PFA_LOOKUP: _lookup_row,
    }[result.format]
    index = {name: i for i, name in enumerate(header)}
    if result.format is Format.LAD_PFA_LOOKUP:
        for key, pattern in LOOKUP_COLUMNS.items():
            index[key] = next(i for i, c in enumerate(header) if pattern.match(c))
    try:
        for number, cells in rows:
            if not any(c.strip() for c in cells):
                continue
            result.rows_read += 1
            if len(cells) != len(header):
                result.errors.append(
                    RowError(
                        number,
                        _(
                            "it has %(cells)d cells but the header has %(columns)d; the columns "
                            "may be shifted. Check for a missing or extra comma."
                        )
                        % {"cells": len(cells), "columns": len(header)},
                    )
                )
                continue
            try:
                parse_row(result, number, cells, index)
            except CellError as exc:
                result.errors.append(RowError(number, str(exc)))
    except csv.Error as exc:
        result.errors.append(RowError(None, _("The file is not valid CSV: %s") % exc))
    _check_duplicates(result)
    return result


def _age_band_row(result: ParsedFile, row: int, cells: list[str], index: dict[str, int]) -> None:
    code = parse_code(cells[index["geography code"]], "geography code")
    name = cells[index["geography"]].strip()
    total = parse_count(cells[index[AGE_TOTAL]], AGE_TOTAL)
    values = [parse_count(cells[index[b.column]], b.column) for b in AGE_BANDS]
    if sum(values) != total:
        raise CellError(
            _(
                "the age bands for %(name)s (%(code)s) add up to %(sum)s but 'Age: Total' is "
                "%(total)s; the columns may be shifted. Check this row against the header."
            )
            % {"name": name, "code": code, "sum": f"{sum(values):,}", "total": f"{total:,}"}
        )
    result.figures += [
        Figure(row, code, name, "age_band", band.label, value)
        for band, value in zip(AGE_BANDS, values, strict=True)
    ]


def _ethnic_group_row(
    result: ParsedFile, row: int, cells: list[str], index: dict[str, int]
) -> None:
    code = parse_code(cells[index["LAD_code"]], "LAD_code")
    name = cells[index["LAD"]].strip()
    values = [parse_count(cells[index[group]], group) for group in ETHNIC_GROUPS]
    result.figures += [
        Figure(row, code, name, "ethnic_group", group, value)
        for group, value in zip(ETHNIC_GROUPS, values, strict=True)
    ]


def _sex_age_row(result: ParsedFile, row: int, cells: list[str], index: dict[str, int]) -> None:
    code = parse_code(cells[index["England and Wales Code"]], "England and Wales Code")
    name = cells[index["England and Wales"]].strip()
    sex = cells[index["Sex (2 categories)"]].strip().capitalize()
    if sex not in SEXES:
        raise CellError(
            _("'Sex (2 categories)' is '%(value)s'; expected Female or Male.") % {"value": sex}
        )
    age_text = cells[index["Age (91 categories) Code"]].strip()
    if not age_text.isdigit() or int(age_text) > 90:
        raise CellError(
            _("'Age (91 categories) Code' is '%(value)s'; expected a whole number from 0 to 90.")
            % {"value": age_text}
        )
    value = parse_count(cells[index["Observation"]], "Observation")
    result.figures.append(
        Figure(row, code, name, "sex_age", sex_age_category(sex, int(age_text)), value)
    )


def _lookup_row(result: ParsedFile, row: int, cells: list[str], index: dict[str, int]) -> None:
    district = parse_code(cells[index["district_code"]], "LAD16CD")
    force_area = parse_code(cells[index["force_area_code"]], "PFA16CD")
    district_name = cells[index["district_name"]].strip()
    force_area_name = cells[index["force_area_name"]].strip()
    if not district_name or not force_area_name:
        raise CellError(_("a district or force area name is empty."))
    result.lookup.append(LookupRow(row, district, district_name, force_area, force_area_name))


def _check_duplicates(result: ParsedFile) -> None:
    """An area's category given twice would silently overwrite the first: refuse it."""
    seen: dict[tuple[str, str], int] = {}
    reported: set[int] = set()
    for figure in result.figures:
        key = (figure.area_code, figure.category)
        if key not in seen:
            seen[key] = figure.row
        elif figure.row not in reported:
            reported.add(figure.row)
            result.errors.append(
                RowError(
                    figure.row,
                    _("it repeats %(category)s for %(code)s, already given in row %(first)d.")
                    % {"category": figure.category, "code": figure.area_code, "first": seen[key]},
                )
            )
    seen_districts: dict[str, int] = {}
    for line in result.lookup:
        first = seen_districts.setdefault(line.district_code, line.row)
        if first != line.row:
            result.errors.append(
                RowError(
                    line.row,
                    _("it repeats district %(code)s, already given in row %(first)d.")
                    % {"code": line.district_code, "first": first},
                )
            )
    result.errors.sort(key=lambda e: e.row or 0)

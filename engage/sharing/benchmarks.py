"""The benchmark format: anonymised quarterly figures one office shares with others.

The format is the JSON Schema in `schema/benchmark-1.0.schema.json` (served at
/sharing/schema/benchmark-1.0.json, documented in docs/benchmark-format.md, which
`manage.py benchmark_docs` writes from the schema). The same figures travel as JSON (one
document) or CSV (one row per measure, the document's other fields repeated on each row).

This module turns figures into files and files back into checked figures; it reads and writes
nothing in the database. `queries.benchmark_figures` works out an office's figures,
`services.import_benchmark_file` keeps another office's.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator, ValidationError

from engage.core.exports import FORMULA_STARTS, spreadsheet_safe
from engage.core.spreadsheets import UnreadableFile, read_table

FORMAT = "engage-benchmark"
VERSION = "1.0"
SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / f"benchmark-{VERSION}.schema.json"
# Counts of people from 1 to SUPPRESS_BELOW - 1 are not given (see docs/benchmark-format.md).
SUPPRESS_BELOW = 10
MAX_BYTES = 1_000_000

CSV_HEADER = (
    "format",
    "schema_version",
    "office_name",
    "force_area_code",
    "financial_year",
    "quarter",
    "starts_on",
    "ends_on",
    "population",
    "measure",
    "category",
    "value",
    "per_1000_residents",
    "index",
    "suppressed",
)
MEASURE_FIELDS = ("measure", "category", "value", "per_1000_residents", "index", "suppressed")

Document = dict[str, Any]
Measure = dict[str, Any]


@cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text())  # type: ignore[no-any-return]


def measure_titles() -> dict[str, str]:
    """Each measure's name and title, in the schema's order."""
    entries = schema()["$defs"]["measure"]["allOf"]
    return {
        e["if"]["properties"]["measure"]["const"]: e["title"]
        for e in entries
        if "measure" in e["if"]["properties"]
    }


# -- quarters -----------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Quarter:
    """A quarter of a financial year: `Quarter(2026, 1)` is April to June 2026 (in 2026-27)."""

    year: int  # the year the financial year starts in
    number: int  # 1 to 4

    KEY = re.compile(r"^(\d{4})-(\d{2})-Q([1-4])$")

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        if day.month >= 4:
            return cls(day.year, (day.month - 4) // 3 + 1)
        return cls(day.year - 1, 4)

    @classmethod
    def last_complete(cls, today: dt.date) -> Quarter:
        return cls.of(today).previous()

    @classmethod
    def from_key(cls, key: str) -> Quarter | None:
        """`2026-27-Q1` as a quarter, or None if it is not one."""
        match = cls.KEY.match(key or "")
        if not match:
            return None
        year = int(match[1])
        if int(match[2]) != (year + 1) % 100:
            return None
        return cls(year, int(match[3]))

    @classmethod
    def from_labels(cls, financial_year: str, number: int) -> Quarter | None:
        return cls.from_key(f"{financial_year}-Q{number}")

    def previous(self) -> Quarter:
        return Quarter(self.year, self.number - 1) if self.number > 1 else Quarter(self.year - 1, 4)

    @property
    def financial_year(self) -> str:
        return f"{self.year}-{(self.year + 1) % 100:02d}"

    @property
    def key(self) -> str:
        return f"{self.financial_year}-Q{self.number}"

    @property
    def starts_on(self) -> dt.date:
        month = 3 * self.number + 1
        return dt.date(self.year + (month > 12), (month - 1) % 12 + 1, 1)

    @property
    def ends_on(self) -> dt.date:
        following = (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )
        return following.starts_on - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        return _("%(year)s quarter %(n)s") % {"year": self.financial_year, "n": self.number}

    def __str__(self) -> str:
        return self.key


def recent_quarters(today: dt.date, count: int = 8) -> list[Quarter]:
    """The last `count` complete quarters, latest first."""
    quarters = [Quarter.last_complete(today)]
    while len(quarters) < count:
        quarters.append(quarters[-1].previous())
    return quarters


# -- figures ------------------------------------------------------------------------------------


def suppressed(count: int | None) -> bool:
    """Whether a count of people is too small to give: 1 to 9 (0 tells nothing about anyone)."""
    return count is not None and 0 < count < SUPPRESS_BELOW


def measure(
    name: str,
    value: float | int | None,
    *,
    category: str = "",
    per_1000: float | None = None,
    index: float | None = None,
    hide: bool = False,
) -> Measure:
    """One measure as the format has it; `hide` blanks its figures and marks it suppressed."""
    if hide:
        return {
            "measure": name,
            "category": category,
            "value": None,
            "per_1000_residents": None,
            "index": None,
            "suppressed": True,
        }
    return {
        "measure": name,
        "category": category,
        "value": value,
        "per_1000_residents": per_1000,
        "index": index,
        "suppressed": False,
    }


def document(
    *,
    office_name: str,
    force_area_code: str,
    quarter: Quarter,
    population: int | None,
    measures: list[Measure],
) -> Document:
    return {
        "format": FORMAT,
        "schema_version": VERSION,
        "office": {"name": office_name, "force_area_code": force_area_code},
        "quarter": {
            "financial_year": quarter.financial_year,
            "quarter": quarter.number,
            "starts_on": quarter.starts_on.isoformat(),
            "ends_on": quarter.ends_on.isoformat(),
        },
        "population": population,
        "measures": measures,
    }


def filename(doc: Document, extension: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", doc["office"]["name"].lower()).strip("-")[:60]
    q = doc["quarter"]
    return f"benchmark-{slug}-{q['financial_year']}-q{q['quarter']}.{extension}"


# -- writing ------------------------------------------------------------------------------------


def to_json(doc: Document) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return spreadsheet_safe(value)


def to_csv(doc: Document) -> str:
    """One row per measure, each with the office, quarter and population repeated."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    q = doc["quarter"]
    common = [
        doc["format"],
        doc["schema_version"],
        doc["office"]["name"],
        doc["office"]["force_area_code"],
        q["financial_year"],
        q["quarter"],
        q["starts_on"],
        q["ends_on"],
        doc["population"],
    ]
    for m in doc["measures"]:
        writer.writerow([_cell(v) for v in [*common, *(m[f] for f in MEASURE_FIELDS)]])
    return out.getvalue()


# -- reading ------------------------------------------------------------------------------------


@dataclass
class ParsedBenchmark:
    """A file read and checked: its document when valid, otherwise what to fix."""

    document: Document | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return self.document is not None and not self.errors

    @property
    def quarter(self) -> Quarter | None:
        if self.document is None:
            return None
        q = self.document["quarter"]
        return Quarter.from_labels(q["financial_year"], q["quarter"])


def version_message(found: Any) -> str:
    return _("This file is in benchmark format %(found)s; Engage reads %(version)s.") % {
        "found": found,
        "version": VERSION,
    }


def error_path(error: ValidationError, skip: int = 0) -> str:
    """Where in the document the error is, as people read it: measures[3].value."""
    text = ""
    for part in list(error.absolute_path)[skip:]:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def describe_error(error: ValidationError, where: str, field: str | None = None) -> str:
    """One schema error as a sentence that names the field (`field`, or its path in the
    document) and says what it must be; `where` goes before it (a CSV row)."""
    kind = error.validator
    if kind == "required":
        missing = [n for n in error.validator_value if n not in (error.instance or {})]
        at = error_path(error) if field is None else field
        name = ".".join(filter(None, [at, missing[0] if missing else ""]))
        return _("%(where)sThe field “%(name)s” is missing.") % {"where": where, "name": name}
    name = (error_path(error) if field is None else field) or _("the file")
    if kind == "additionalProperties":
        known = set((error.schema or {}).get("properties", {}))  # type: ignore[union-attr]
        extra = sorted(set(error.instance or {}) - known)
        return _(
            "%(where)s“%(name)s” has a field the format does not have: %(extra)s. Benchmark "
            "files hold counts only, no other details."
        ) % {"where": where, "name": name, "extra": ", ".join(f"“{e}”" for e in extra)}
    if kind in ("enum", "const"):
        allowed = error.validator_value if kind == "enum" else [error.validator_value]
        shown = ", ".join(f"“{a}”" for a in allowed[:14])  # type: ignore[index]
        return _("%(where)s“%(name)s” is “%(value)s”; it must be one of: %(allowed)s.") % {
            "where": where,
            "name": name,
            "value": error.instance,
            "allowed": shown,
        }
    if kind == "type":
        return _("%(where)s“%(name)s” must be %(type)s, not “%(value)s”.") % {
            "where": where,
            "name": name,
            "type": _type_words(error.validator_value),
            "value": error.instance,
        }
    if kind == "pattern" and name.endswith("force_area_code"):
        return _(
            "%(where)s“%(name)s” is “%(value)s”; it must be a police force area's ONS code, "
            "like E23000017 (or W15000004 in Wales)."
        ) % {"where": where, "name": name, "value": error.instance}
    if kind == "pattern" and name.endswith("financial_year"):
        return _("%(where)s“%(name)s” is “%(value)s”; write the financial year like 2026-27.") % {
            "where": where,
            "name": name,
            "value": error.instance,
        }
    if kind == "format":
        return _("%(where)s“%(name)s” is “%(value)s”; write a date like 2026-04-01.") % {
            "where": where,
            "name": name,
            "value": error.instance,
        }
    if kind in ("minimum", "maximum"):
        return _(
            "%(where)s“%(name)s” is %(value)s, which is out of range (%(rule)s %(limit)s)."
        ) % {
            "where": where,
            "name": name,
            "value": error.instance,
            "rule": _("at least") if kind == "minimum" else _("at most"),
            "limit": error.validator_value,
        }
    if kind == "minItems":
        return _("%(where)s“%(name)s” is empty: the file has no figures.") % {
            "where": where,
            "name": name,
        }
    return f"{where}“{name}”: {error.message}"


def _type_words(types: Any) -> str:
    words = {
        "integer": _("a whole number"),
        "number": _("a number"),
        "null": _("empty"),
        "string": _("text"),
        "boolean": _("true or false"),
        "object": _("a group of fields"),
        "array": _("a list"),
    }
    names = types if isinstance(types, list) else [types]
    return _(" or ").join(str(words.get(n, n)) for n in names)


# The measures that count people: each must be suppressed from 1 to 9 (docs/benchmark-format.md).
PEOPLE_COUNTS = frozenset(
    {
        "people_reached",
        "people_reached_by_channel",
        "people_reached_by_type",
        "consultation_responses",
        "alert_subscribers",
        "concerns_raised",
        "feedback_ratings",
        "group_reach",
    }
)


def _semantic_problems(doc: Document, where: Any = None) -> list[str]:
    """What the schema cannot say: the dates are the quarter's, no measure appears twice, and
    no count of people from 1 to 9 is given (a file that gives one is not kept)."""
    problems = []
    q = doc["quarter"]
    quarter = Quarter.from_labels(q["financial_year"], q["quarter"])
    if quarter is None:
        problems.append(
            _(
                "“quarter.financial_year” is “%(value)s”: the second year must follow the first, like 2026-27."
            )
            % {"value": q["financial_year"]}
        )
    elif (q["starts_on"], q["ends_on"]) != (
        quarter.starts_on.isoformat(),
        quarter.ends_on.isoformat(),
    ):
        problems.append(
            _(
                "“quarter.starts_on” and “quarter.ends_on” must be %(start)s and %(end)s, the "
                "first and last days of %(quarter)s."
            )
            % {"start": quarter.starts_on, "end": quarter.ends_on, "quarter": quarter.label}
        )
    seen: set[tuple[str, str]] = set()
    for i, m in enumerate(doc["measures"]):
        prefix, _name = where(["measures", i]) if where else ("", None)
        at = prefix or f"measures[{i}]: "
        key = (m["measure"], m["category"])
        label = f"“{m['measure']}”" + (f" ({m['category']})" if m["category"] else "")
        if key in seen:
            problems.append(
                _("%(at)s%(measure)s is in the file twice.") % {"at": at, "measure": label}
            )
        seen.add(key)
        if m["measure"] in PEOPLE_COUNTS and not m["suppressed"] and suppressed(m["value"]):
            problems.append(
                _(
                    "%(at)s%(measure)s is %(value)s, a count of people under "
                    "10 that should have been suppressed. Ask the office for a file made with "
                    "small counts suppressed."
                )
                % {"at": at, "measure": label, "value": m["value"]}
            )
    return problems


def check(doc: Any, *, where: Any = None) -> ParsedBenchmark:
    """Validate a document against the schema. `where(path)` may give, for an error's place in
    the document, what goes before the message and the name of the field (a CSV row and
    column)."""
    if not isinstance(doc, dict):
        return ParsedBenchmark(errors=[_("The file is not a benchmark file: it holds no fields.")])
    version = doc.get("schema_version")
    if version is not None and version != VERSION:
        return ParsedBenchmark(errors=[version_message(version)])
    if doc.get("format") == "engage-case-studies":
        return ParsedBenchmark(
            errors=[
                _("This is a file of case studies, not figures: import it in the practice library.")
            ]
        )
    validator = Draft202012Validator(schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)
    # One message per field: where two rules fail (a number, and a whole number for this
    # measure), the more particular one, from deeper in the schema.
    by_field: dict[tuple[str, ...], ValidationError] = {}
    for error in validator.iter_errors(doc):
        key = tuple(str(p) for p in error.absolute_path)
        kept = by_field.get(key)
        if kept is None or len(error.relative_schema_path) > len(kept.relative_schema_path):
            by_field[key] = error
    messages = []
    for key in sorted(by_field):
        error = by_field[key]
        prefix, name = where(list(error.absolute_path)) if where else ("", None)
        text = describe_error(error, prefix, name)
        if text not in messages:
            messages.append(text)
    if messages:
        return ParsedBenchmark(errors=messages[:20])
    problems = _semantic_problems(doc, where)
    return ParsedBenchmark(document=None if problems else doc, errors=problems)


def read_json(data: bytes) -> ParsedBenchmark:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return ParsedBenchmark(
            errors=[
                _("The file is not valid JSON (%(error)s). Export it again and upload it.")
                % {"error": error}
            ]
        )
    return check(doc)


def _csv_value(text: str) -> Any:
    text = text.strip()
    if text == "":
        return None
    if text in ("true", "false"):
        return text == "true"
    try:
        return float(text) if re.search(r"[.eE]", text) else int(text)
    except ValueError:
        return text  # the schema names it, with what it should be


def _csv_text(text: str) -> str:
    # Undo the ' that made a cell safe from spreadsheet formulas.
    if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def read_csv(data: bytes) -> ParsedBenchmark:
    """The CSV form: checked as the document it makes, with errors naming the row."""
    try:
        rows = read_table(data, "benchmark.csv", max_rows=5000)
    except UnreadableFile as error:
        return ParsedBenchmark(errors=[str(error)])
    header = [h.strip().lower() for h in rows[0]]
    body = rows[1:]
    if "schema_version" in header:
        versions = {
            r[header.index("schema_version")].strip()
            for r in body
            if len(r) > header.index("schema_version")
        }
        other = sorted(v for v in versions if v and v != VERSION)
        if other:
            return ParsedBenchmark(errors=[version_message(other[0])])
    missing = [c for c in CSV_HEADER if c not in header]
    if missing:
        return ParsedBenchmark(
            errors=[
                _("The file has no column “%(name)s”. Its first row must be: %(header)s")
                % {"name": name, "header": ",".join(CSV_HEADER)}
                for name in missing
            ]
        )
    if not body:
        return ParsedBenchmark(errors=[_("The file has a header but no figures.")])
    col = {name: header.index(name) for name in CSV_HEADER}

    def get(row: list[str], name: str) -> str:
        i = col[name]
        return _csv_text(row[i]) if i < len(row) else ""

    first = body[0]
    problems = []
    for n, row in enumerate(body[1:], start=3):
        for name in CSV_HEADER[:9]:
            if get(row, name) != get(first, name):
                problems.append(
                    _(
                        "Row %(row)s: “%(name)s” is “%(value)s”, but row 2 has “%(first)s”. A file holds one office's figures for one quarter."
                    )
                    % {"row": n, "name": name, "value": get(row, name), "first": get(first, name)}
                )
    if problems:
        return ParsedBenchmark(errors=problems[:20])
    doc: Document = {
        "format": get(first, "format"),
        "schema_version": get(first, "schema_version"),
        "office": {
            "name": get(first, "office_name"),
            "force_area_code": get(first, "force_area_code"),
        },
        "quarter": {
            "financial_year": get(first, "financial_year"),
            "quarter": _csv_value(get(first, "quarter")),
            "starts_on": get(first, "starts_on"),
            "ends_on": get(first, "ends_on"),
        },
        "population": _csv_value(get(first, "population")),
        "measures": [
            {
                "measure": get(row, "measure"),
                "category": get(row, "category"),
                "value": _csv_value(get(row, "value")),
                "per_1000_residents": _csv_value(get(row, "per_1000_residents")),
                "index": _csv_value(get(row, "index")),
                "suppressed": _csv_value(get(row, "suppressed")),
            }
            for row in body
        ],
    }
    csv_names = {
        "office": {"name": "office_name", "force_area_code": "force_area_code"},
    }

    def where(path: list[Any]) -> tuple[str, str | None]:
        """A CSV error names the row and column rather than the place in the document."""
        if path[:1] == ["measures"] and len(path) > 1:
            row = _("Row %(row)s: ") % {"row": int(path[1]) + 2}
            return row, str(path[2]) if len(path) > 2 else ""
        if path:
            return "", csv_names.get(str(path[0]), {}).get(str(path[-1]), str(path[-1]))
        return "", None

    return check(doc, where=where)


def read_file(data: bytes, name: str) -> ParsedBenchmark:
    """A JSON or CSV benchmark file, told apart by its name or, failing that, its first byte."""
    if len(data) > MAX_BYTES:
        return ParsedBenchmark(
            errors=[_("The file is bigger than 1 MB; a benchmark file is far smaller.")]
        )
    if not data.strip():
        return ParsedBenchmark(errors=[_("The file is empty.")])
    lower = name.lower()
    if lower.endswith(".json") or (
        not lower.endswith(".csv") and data.lstrip()[:1] in (b"{", b"[")
    ):
        return read_json(data)
    return read_csv(data)

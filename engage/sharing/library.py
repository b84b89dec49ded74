"""The practice library's exchange format: case studies as one JSON file, in a versioned schema.

The schema is `schema/case-studies-1.0.schema.json` (served at
/sharing/schema/case-studies-1.0.json and described in docs/benchmark-format.md). Like
`benchmarks`, this module only turns records into files and files into checked entries;
`services.import_case_studies` saves them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator, ValidationError

from engage.core.models import Office
from engage.sharing.benchmarks import describe_error, error_path
from engage.sharing.models import CaseStudy

FORMAT = "engage-case-studies"
VERSION = "1.0"
SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / f"case-studies-{VERSION}.schema.json"
MAX_BYTES = 2_000_000


@cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text())  # type: ignore[no-any-return]


def entry(case: CaseStudy) -> dict[str, Any]:
    """One case study as the format has it."""
    activity = case.activity
    return {
        "id": str(case.uid),
        "title": case.title,
        "what_was_done": case.what_was_done,
        "audiences": list(case.audiences),
        "area_type": case.area_type,
        "cost": float(case.cost) if case.cost is not None else None,
        "people_reached": case.people_reached,
        "outcome": case.outcome,
        "lessons": case.lessons,
        "tags": case.tag_list,
        "office": case.author_office,
        "activity": (
            {
                "type": activity.type,
                "channel": activity.channel,
                "held_on": timezone.localdate(activity.starts_at).isoformat(),
            }
            if activity is not None
            else None
        ),
    }


def export_document(
    office: Office, cases: Iterable[CaseStudy], *, today: dt.date
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "schema_version": VERSION,
        "exported_by": office.name,
        "exported_on": today.isoformat(),
        "case_studies": [entry(c) for c in cases],
    }


def to_json(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


@dataclass
class ParsedLibrary:
    document: dict[str, Any] | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return self.document is not None and not self.errors

    @property
    def entries(self) -> list[dict[str, Any]]:
        return self.document["case_studies"] if self.document else []


def version_message(found: Any) -> str:
    return _("This file is in case study format %(found)s; Engage reads %(version)s.") % {
        "found": found,
        "version": VERSION,
    }


def _where(problem: ValidationError) -> tuple[str, str | None]:
    """An error in a case study names it by number, and the field within it."""
    path = list(problem.absolute_path)
    if path[:1] == ["case_studies"] and len(path) > 1:
        return _("Case study %(n)s: ") % {"n": int(path[1]) + 1}, error_path(problem, skip=2)
    return "", None


def read_file(data: bytes) -> ParsedLibrary:
    """A case study export, checked against its schema; errors say which case study and field."""
    if len(data) > MAX_BYTES:
        return ParsedLibrary(
            errors=[_("The file is bigger than 2 MB. Export fewer case studies at a time.")]
        )
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return ParsedLibrary(
            errors=[
                _(
                    "The file is not valid JSON (%(error)s). Export it again from the library and upload it."
                )
                % {"error": error}
            ]
        )
    if not isinstance(doc, dict):
        return ParsedLibrary(errors=[_("The file is not a case study export: it holds no fields.")])
    version = doc.get("schema_version")
    if version is not None and version != VERSION:
        return ParsedLibrary(errors=[version_message(version)])
    if doc.get("format") == "engage-benchmark":
        return ParsedLibrary(
            errors=[_("This is a benchmark file, not case studies: import it in Benchmarks.")]
        )
    validator = Draft202012Validator(schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)
    messages: list[str] = []
    for problem in sorted(
        validator.iter_errors(doc), key=lambda e: [str(p) for p in e.absolute_path]
    ):
        text = describe_error(problem, *_where(problem))
        if text not in messages:
            messages.append(text)
    if messages:
        return ParsedLibrary(errors=messages[:20])
    ids = [e["id"] for e in doc["case_studies"]]
    if len(set(ids)) != len(ids):
        return ParsedLibrary(errors=[_("Two case studies in the file have the same “id”.")])
    return ParsedLibrary(document=doc)


def fields_of(item: dict[str, Any]) -> dict[str, Any]:
    """A checked entry as CaseStudy fields (the activity stays behind in its own installation)."""
    return {
        "title": item["title"],
        "what_was_done": item["what_was_done"],
        "audiences": list(item["audiences"]),
        "area_type": item["area_type"],
        "cost": Decimal(str(item["cost"])).quantize(Decimal("0.01"))
        if item["cost"] is not None
        else None,
        "people_reached": item["people_reached"],
        "outcome": item["outcome"],
        "lessons": item["lessons"],
        "tags": ", ".join(item["tags"]),
        "author_office": item["office"],
    }

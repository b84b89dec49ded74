"""Writes for sharing: keeping another office's benchmark file, and the practice library."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from engage.accounts.models import User
from engage.core.models import Office
from engage.engagements.models import Activity
from engage.sharing import library
from engage.sharing.benchmarks import ParsedBenchmark
from engage.sharing.library import ParsedLibrary
from engage.sharing.models import BenchmarkFile, CaseStudy


class NotValid(ValueError):
    """A file that was not checked, or failed its checks, cannot be imported."""


@transaction.atomic
def import_benchmark_file(
    office: Office, parsed: ParsedBenchmark, *, filename: str, by: User | None
) -> tuple[BenchmarkFile, bool]:
    """Keep another office's figures for a quarter; returns the file and whether it is new.

    The same office's file for the same quarter replaces the one kept before (one row, so the
    comparison never shows two versions). Audited with `by`.
    """
    if not parsed.is_valid or parsed.document is None:
        raise NotValid("Only a checked benchmark file can be imported.")
    doc = parsed.document
    q = doc["quarter"]
    kept = BenchmarkFile.objects.filter(
        office=office,
        source_code=doc["office"]["force_area_code"],
        financial_year=q["financial_year"],
        quarter=q["quarter"],
    ).first()
    created = kept is None
    if kept is None:
        kept = BenchmarkFile(
            office=office,
            source_code=doc["office"]["force_area_code"],
            financial_year=q["financial_year"],
            quarter=q["quarter"],
        )
    kept.source_name = doc["office"]["name"]
    kept.starts_on = q["starts_on"]
    kept.ends_on = q["ends_on"]
    kept.population = doc["population"]
    kept.schema_version = doc["schema_version"]
    kept.document = doc
    kept.filename = filename[:255]
    kept.imported_by = by
    kept._history_user = by  # type: ignore[attr-defined]
    kept.save()
    kept.refresh_from_db()  # dates as dates, not the document's text
    return kept, created


@transaction.atomic
def remove_benchmark_file(benchmark: BenchmarkFile, *, by: User | None) -> None:
    """Delete an imported file (the audit trail keeps who removed it)."""
    benchmark._history_user = by  # type: ignore[attr-defined]
    benchmark.delete()


# Fields a case study form or an import may set.
CASE_FIELDS = (
    "title",
    "what_was_done",
    "audiences",
    "area_type",
    "cost",
    "people_reached",
    "outcome",
    "lessons",
    "tags",
    "published",
    "activity",
)


def _set(case: CaseStudy, fields: Mapping[str, Any]) -> None:
    unknown = set(fields) - set(CASE_FIELDS) - {"author_office"}
    if unknown:
        raise ValueError(f"Not case study fields: {sorted(unknown)}")
    activity = fields.get("activity")
    if isinstance(activity, Activity) and activity.office_id != case.office_id:
        raise ValueError("A case study's activity must belong to its office.")
    for name, value in fields.items():
        setattr(case, name, value)


@transaction.atomic
def write_case_study(office: Office, fields: Mapping[str, Any], *, by: User | None) -> CaseStudy:
    """A new case study by this office (its author is the office, by its short name). Audited
    with `by`."""
    case = CaseStudy(office=office, author_office=office.short_name, created_by=by)
    _set(case, fields)
    case._history_user = by  # type: ignore[attr-defined]
    case.save()
    return case


@transaction.atomic
def edit_case_study(case: CaseStudy, fields: Mapping[str, Any], *, by: User | None) -> CaseStudy:
    """Change a case study's fields. Audited with `by`."""
    _set(case, fields)
    case._history_user = by  # type: ignore[attr-defined]
    case.save()
    return case


@dataclass(frozen=True)
class LibraryImport:
    added: int
    updated: int


@transaction.atomic
def import_case_studies(
    office: Office, parsed: ParsedLibrary, *, filename: str, by: User | None
) -> LibraryImport:
    """Add every case study in a checked export file, or none.

    A case study already imported (the same `id`) is updated in place; each says which office
    wrote it and the file it came from. Imported ones are published in the library, as their
    authors published them. Audited with `by`.
    """
    if not parsed.is_valid:
        raise NotValid("Only a checked case study file can be imported.")
    added = updated = 0
    for item in parsed.entries:
        case = CaseStudy.objects.filter(office=office, uid=item["id"]).first()
        if case is None:
            case = CaseStudy(office=office, uid=item["id"], created_by=by)
            added += 1
        else:
            updated += 1
        for name, value in library.fields_of(item).items():
            setattr(case, name, value)
        case.published = True
        case.imported_from = filename[:255] or "import"
        case._history_user = by  # type: ignore[attr-defined]
        case.save()
    return LibraryImport(added, updated)

"""Reads of the inventory: each kind of record with what the office holds of it now."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.db.models import Count

from engage.core.exports import spreadsheet_safe
from engage.core.models import Office
from engage.dataprotection.inventory import RECORDS, FieldClass, Record
from engage.dataprotection.models import OUTSTANDING, RetentionRun, SubjectAccessRequest
from engage.dataprotection.retention import Due, entries


@dataclass(frozen=True)
class Held:
    """A kind of record and how many of it one office holds."""

    record: Record
    count: int

    @property
    def groups(self) -> list[tuple[FieldClass, list[str]]]:
        """The fields by class, most protected first, as "verbose name (field)"."""
        opts = self.record.model._meta
        shown = []
        for cls, names in self.record.by_class().items():
            if names:
                shown.append(
                    (cls, [f"{getattr(opts.get_field(n), 'verbose_name', n)} ({n})" for n in names])
                )
        return shown


def held(office: Office) -> list[Held]:
    """Every kind of record, those holding personal data first, with the office's count."""
    found = []
    for record in RECORDS:
        rows = record.model._default_manager.filter(**{record.office_path: office.pk})
        # Reaching the office through a many-valued relation (a user's memberships) can repeat
        # a row; count each once.
        count = rows.aggregate(n=Count("pk", distinct=True))["n"]
        found.append(Held(record, count))
    return sorted(found, key=lambda h: (not h.record.holds_personal_data, h.record.label))


# Fields that need an Art. 9 (or Art. 10) condition as well as a lawful basis.
ELEVATED = (FieldClass.SPECIAL, FieldClass.SENSITIVE)

CSV_HEADER = [
    "record",
    "model",
    "field",
    "class",
    "purpose",
    "lawful basis",
    "basis detail",
    "special category condition",
    "retention",
    "records held",
]


def inventory_csv(office: Office) -> str:
    """The inventory as CSV, one row per field, cells safe from spreadsheet formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for h in held(office):
        record, purpose = h.record, h.record.purpose
        retention = " ".join(str(rule.summary) for rule in record.retention)
        for name, cls in record.fields().items():
            condition = purpose.special_condition if cls in ELEVATED else ""
            row = [
                record.title,
                record.label,
                name,
                cls.label,
                purpose.title,
                purpose.basis.label,
                purpose.basis_detail,
                condition,
                retention,
                h.count,
            ]
            writer.writerow([spreadsheet_safe(cell) for cell in row])
    return buffer.getvalue()


@dataclass(frozen=True)
class LoggedRun:
    """A past retention run with its counts read back against the inventory."""

    run: RetentionRun
    entries: list[Due]


def retention_runs(office: Office, *, limit: int = 50) -> list[LoggedRun]:
    """The office's latest retention runs, newest first."""
    runs = RetentionRun.objects.for_office(office).order_by("-started_at", "-pk")[:limit]
    return [LoggedRun(run, entries(run)) for run in runs]


# -- subject access requests -------------------------------------------------------------------

# A request due within this many days is shown as due soon.
DUE_SOON_DAYS = 7


def requests_by_urgency(office: Office, today: dt.date) -> dict[str, list[Any]]:
    """The office's requests: overdue first, then due soon, then the others outstanding (each by
    due date), then those answered (most recent first)."""
    rows = SubjectAccessRequest.objects.for_office(office).select_related("handled_by")
    outstanding = list(rows.outstanding().order_by("due_on", "pk"))
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    return {
        "overdue": [r for r in outstanding if r.due_on < today],
        "due_soon": [r for r in outstanding if today <= r.due_on <= soon],
        "later": [r for r in outstanding if r.due_on > soon],
        "answered": list(rows.exclude(status__in=OUTSTANDING).order_by("-completed_on", "-pk")),
    }

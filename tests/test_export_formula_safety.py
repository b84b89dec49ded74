"""Every CSV and XLSX export is safe from formula injection (issue 8).

A cell that starts with =, +, -, @, a tab or a carriage return is run as a formula by spreadsheet
programs: "=HYPERLINK(...)" typed into a public form would become a link in the officer's
spreadsheet. Every text field of every record the permission matrix builds is given such a
start; then every staff URL (and each open data file) is fetched, and each answer that is a
spreadsheet is read cell by cell. A new export is found by the walk, without listing it here.
"""

from __future__ import annotations

import csv
import io
import itertools

import openpyxl
import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import timezone

from engage.core.exports import FORMULA_STARTS
from engage.places.models import Area, AreaKind
from engage.reports.open_data import DATASETS
from engage.sharing.forms import ExportForm
from tests.matrix import SAMPLE_BUILDERS, URLS

pytestmark = pytest.mark.django_db

# Each planted text starts with one of these, in turn, then "SUM(9)" to find it again.
PLANTED = "SUM(9)"
# Fields whose text is not free text (by the words of their names): codes, addresses, keys.
NOT_FREE_TEXT = {
    *("slug", "token", "key", "code", "email", "phone", "postcode", "url", "file", "path"),
    *("language", "uid", "password", "ref", "hash", "digest", "status", "kind", "type"),
    *("colour", "format", "address", "number", "mime", "locale", "icon", "sms", "salt"),
    *("secret", "provider", "source", "channel", "purpose", "version", "timezone", "unit"),
}
XLSX = "spreadsheetml"


def plant_formulas() -> int:
    """Give every free-text field of every row a formula start; how many fields were changed."""
    starts = itertools.cycle(FORMULA_STARTS)
    changed = 0
    for model in apps.get_models():
        if model._meta.app_label in ("auth", "contenttypes", "sessions", "admin"):
            continue
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and not f.choices
            and not f.unique
            and not f.primary_key
            and not NOT_FREE_TEXT & set(f.name.split("_"))
        ]
        if not fields:
            continue
        for row in model._base_manager.all():
            values = {}
            for f in fields:
                text = getattr(row, f.attname) or ""
                start = next(starts)
                planted = f"{start}{PLANTED} {text}"
                values[f.attname] = planted[: f.max_length] if f.max_length else planted
            model._base_manager.filter(pk=row.pk).update(**values)
            changed += len(values)
    return changed


def cells(response) -> list[str]:
    """Every cell of a CSV or XLSX answer, as the spreadsheet would see it."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if XLSX in response["Content-Type"]:
        book = openpyxl.load_workbook(io.BytesIO(body))
        found = []
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        found.append(f"(formula) {cell.value}")
                    elif isinstance(cell.value, str):
                        found.append(cell.value)
        return found
    text = body.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def is_spreadsheet(response) -> bool:
    kind = response.get("Content-Type", "")
    return response.status_code == 200 and ("text/csv" in kind or XLSX in kind)


def unsafe(found: list[str]) -> list[str]:
    return [c for c in found if c.startswith("(formula)") or c.startswith(FORMULA_STARTS)]


@pytest.fixture
def exports(client, office, officer, cast):
    """Every spreadsheet the staff URLs and the open data files answer with, by where from."""
    # The force area, which the benchmark export needs; its name is planted like any other.
    Area.objects.create(
        office=office, kind=AreaKind.FORCE_AREA, name="Warwickshire", ons_code="E23000017"
    )
    samples = {}
    for build in SAMPLE_BUILDERS:
        samples.update(build(office, officer, cast))
    assert plant_formulas() > 100
    client.force_login(cast["admin"])
    answers = {}
    for name, (_perm, sample, method) in URLS.items():
        if method != "get":
            continue
        kwargs = samples[sample] if sample else {}
        variants = [kwargs]
        if kwargs.get("fmt") == "csv":
            variants.append({**kwargs, "fmt": "xlsx"})
        for each in variants:
            response = client.get(reverse(name, kwargs=each))
            if is_spreadsheet(response):
                answers[f"{name} {each.get('fmt', '')}".strip()] = response
    quarter = ExportForm(today=timezone.localdate()).fields["quarter"].initial
    response = client.get(
        reverse("sharing:benchmark_export"), {"format": "csv", "quarter": quarter}
    )
    if is_spreadsheet(response):
        answers["sharing:benchmark_export csv"] = response
    client.logout()
    for dataset in DATASETS:
        response = client.get(reverse("reports:open_data_csv", args=[office.slug, dataset]))
        if is_spreadsheet(response):
            answers[f"reports:open_data_csv {dataset}"] = response
    return answers


# The exports this walk must find (a lower bound: others it finds are checked as well).
KNOWN = {
    "engagements:activities_export",
    "stakeholders:export csv",
    "stakeholders:export xlsx",
    "consultations:export_responses csv",
    "consultations:export_responses xlsx",
    "consultations:export_results csv",
    "consultations:export_results xlsx",
    "dataprotection:inventory_export",
    "sharing:benchmark_export csv",
}


def test_no_cell_of_any_export_can_run_as_a_formula(exports):
    assert set(exports) >= KNOWN, KNOWN - set(exports)
    assert any(name.startswith("reports:open_data_csv") for name in exports)
    problems = {}
    carried = set()
    for name, response in exports.items():
        found = cells(response)
        if bad := unsafe(found):
            problems[name] = bad[:3]
        if any(PLANTED in cell for cell in found):
            carried.add(name)
    assert problems == {}
    # The planted text reached the exports that show people's text, so the check can fail.
    assert {
        "engagements:activities_export",
        "stakeholders:export csv",
        "stakeholders:export xlsx",
        "consultations:export_responses csv",
        "consultations:export_results xlsx",
        "reports:open_data_csv diary",
    } <= carried, carried

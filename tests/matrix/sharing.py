"""Sharing between offices (issue 7, part 6): benchmark files and the practice library. The
formats' schemas are public."""

from __future__ import annotations

from engage.accounts.models import Role
from engage.sharing import benchmarks, services
from engage.sharing.benchmarks import Quarter

R = Role
EVERYONE = set(Role.values)
ACTIVITY_STAFF = {R.ADMIN, R.CHIEF_EXECUTIVE, R.OFFICER, R.COMMISSIONER, R.DEPUTY}

MATRIX: dict[str, set[str]] = {
    "sharing.view": EVERYONE,
    "sharing.export_benchmarks": ACTIVITY_STAFF,
    "sharing.import_benchmarks": ACTIVITY_STAFF,
    "sharing.change_case_study": ACTIVITY_STAFF,
    "sharing.import_case_studies": ACTIVITY_STAFF,
    "sharing.export_case_studies": ACTIVITY_STAFF,
}

VIEW = "sharing.view"
CASE = "sharing:case_study"
BENCHMARK = "sharing:benchmark_file"
URLS: dict[str, tuple[str, str | None, str]] = {
    "sharing:index": (VIEW, None, "get"),
    "sharing:benchmarks": (VIEW, None, "get"),
    "sharing:benchmark_export": ("sharing.export_benchmarks", None, "get"),
    "sharing:benchmark_import": ("sharing.import_benchmarks", None, "get"),
    "sharing:benchmark_import_preview": ("sharing.import_benchmarks", None, "get"),
    "sharing:benchmark_remove": ("sharing.import_benchmarks", BENCHMARK, "post"),
    "sharing:library": (VIEW, None, "get"),
    "sharing:case_study_new": ("sharing.change_case_study", None, "get"),
    "sharing:library_export": ("sharing.export_case_studies", None, "get"),
    "sharing:library_import": ("sharing.import_case_studies", None, "get"),
    "sharing:library_import_preview": ("sharing.import_case_studies", None, "get"),
    "sharing:case_study": (VIEW, CASE, "get"),
    "sharing:case_study_edit": ("sharing.change_case_study", CASE, "get"),
    "sharing:case_study_export": ("sharing.export_case_studies", CASE, "get"),
}

# The formats' schemas are for anyone, and any other system, to validate against.
PUBLIC = {"sharing:benchmark_schema", "sharing:case_study_schema"}


def samples(office, officer, cast):
    case = services.write_case_study(
        office,
        {
            "title": "Rural crime roadshow",
            "what_was_done": "A stand on market day.",
            "published": True,
        },
        by=officer,
    )
    doc = benchmarks.document(
        office_name="West Mercia OPCC (demo)",
        force_area_code="E23000016",
        quarter=Quarter(2026, 1),
        population=1_316_400,
        measures=[benchmarks.measure("activities_held", 19)],
    )
    kept, _created = services.import_benchmark_file(
        office, benchmarks.check(doc), filename="west-mercia.json", by=officer
    )
    return {CASE: {"pk": case.pk}, BENCHMARK: {"pk": kept.pk}}

"""Building the force area and importing the real census files."""

from __future__ import annotations

import pytest

from engage.core.audit import audit_trail
from engage.places import services
from engage.places.models import Area, AreaKind, PopulationFigure

from .conftest import (
    AGE_BANDS,
    ETHNIC_GROUPS,
    FORCES,
    LOOKUP,
    SEX_AGE,
    WARWICK,
    WARWICKSHIRE,
    file_row,
)

WARWICKSHIRE_DISTRICTS = [
    ("E07000218", "North Warwickshire"),
    ("E07000219", "Nuneaton and Bedworth"),
    ("E07000220", "Rugby"),
    ("E07000221", "Stratford-on-Avon"),
    ("E07000222", "Warwick"),
]


def _import(office, path, by=None, data=None):
    return services.import_population(
        office, data if data is not None else path.read_bytes(), by=by, filename=path.name
    )


def test_build_force_area_makes_warwickshire_and_its_five_districts(office, officer):
    result = services.build_force_area(office, LOOKUP.read_bytes(), WARWICKSHIRE, by=officer)
    assert result.ok
    assert result.force_area.name == "Warwickshire"
    assert result.force_area.kind == AreaKind.FORCE_AREA
    districts = Area.objects.for_office(office).districts().order_by("ons_code")
    assert [(d.ons_code, d.name) for d in districts] == WARWICKSHIRE_DISTRICTS
    assert {d.parent for d in districts} == {result.force_area}
    assert result.created == 6


def test_build_force_area_records_who_in_history(office, officer, warwickshire):
    entry = audit_trail(warwickshire)[0]
    assert entry.who == "Olivia Okafor"
    assert entry.reason == services.LOOKUP_REASON


def test_build_force_area_twice_changes_nothing(office, officer, warwickshire):
    result = services.build_force_area(office, LOOKUP.read_bytes(), WARWICKSHIRE, by=officer)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 6)
    assert Area.objects.for_office(office).count() == 6


def test_build_force_area_unknown_code_named(office, officer):
    result = services.build_force_area(office, LOOKUP.read_bytes(), "E23999999", by=officer)
    assert not result.ok
    assert result.error_messages[0].startswith(
        "There is no police force area E23999999 in the lookup. It lists 43 force areas"
    )
    assert not Area.objects.for_office(office).exists()


def test_build_force_area_bad_code_refused(office, officer):
    result = services.build_force_area(office, LOOKUP.read_bytes(), "Warwickshire", by=officer)
    assert "'Warwickshire' is not an ONS code" in result.error_messages[0]


def test_build_force_area_from_population_file_refused(office, officer):
    result = services.build_force_area(office, AGE_BANDS.read_bytes(), WARWICKSHIRE, by=officer)
    assert result.error_messages == [
        "This is a population file (census2021-ts007a), not the lookup from districts to "
        "police force areas."
    ]


def test_import_age_bands_warwick_total_equals_file(office, warwickshire):
    result = _import(office, AGE_BANDS)
    assert result.ok
    warwick = Area.objects.get(office=office, ons_code=WARWICK)
    figures = warwick.population.filter(dimension="age_band")
    assert figures.count() == 18
    assert sum(f.value for f in figures) == int(file_row(AGE_BANDS, WARWICK)[3]) == 148456
    assert figures.get(category="Aged 85 years and over").value == int(
        file_row(AGE_BANDS, WARWICK)[-1]
    )


def test_import_age_bands_skips_and_counts_other_areas(office, warwickshire):
    result = _import(office, AGE_BANDS)
    assert result.skipped_rows == 331 - 5
    assert result.skipped_message == "326 rows for areas outside this office were skipped."
    assert result.created == 5 * 18


def test_import_ethnic_groups_sum_and_caveat(office, warwickshire):
    result = _import(office, ETHNIC_GROUPS)
    assert result.ok
    warwick = Area.objects.get(office=office, ons_code=WARWICK)
    figures = {f.category: f for f in warwick.population.filter(dimension="ethnic_group")}
    row = file_row(ETHNIC_GROUPS, WARWICK)
    assert {c: f.value for c, f in figures.items()} == dict(
        zip(["Asian", "Black", "Mixed", "Other", "White"], map(int, row[2:]), strict=True)
    )
    assert sum(f.value for f in figures.values()) == 148454
    assert "mixed White and Black counted in Black" in figures["Black"].source


def test_import_sex_age_creates_country_area_51_percent_female(office, officer):
    result = _import(office, SEX_AGE, by=officer)
    assert result.ok
    country = Area.objects.get(office=office, kind=AreaKind.COUNTRY)
    assert (country.name, country.ons_code) == ("England and Wales", "K04000001")
    figures = country.population.filter(dimension="sex_age")
    female = sum(f.value for f in figures if f.category.startswith("Female"))
    total = sum(f.value for f in figures)
    assert (female, total) == (30420202, 59597539)
    assert round(female / total * 100, 1) == 51.0
    assert figures.first().imported_by == officer


def test_import_same_file_twice_changes_nothing(office, warwickshire):
    _import(office, AGE_BANDS)
    _import(office, SEX_AGE)
    before = list(PopulationFigure.objects.order_by("pk").values_list("pk", "value"))
    again = _import(office, AGE_BANDS)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 90)
    _import(office, SEX_AGE)
    assert list(PopulationFigure.objects.order_by("pk").values_list("pk", "value")) == before
    assert Area.objects.for_office(office).filter(kind=AreaKind.COUNTRY).count() == 1


def test_import_corrected_file_updates_figures(office, warwickshire):
    _import(office, ETHNIC_GROUPS)
    lines = ETHNIC_GROUPS.read_text().splitlines()
    lines = [line.replace(",14403,", ",14500,") for line in lines]
    result = _import(office, ETHNIC_GROUPS, data="\n".join(lines).encode())
    assert (result.created, result.updated, result.unchanged) == (0, 1, 24)
    assert PopulationFigure.objects.get(area__ons_code=WARWICK, category="Asian").value == 14500


def test_import_with_one_bad_row_saves_nothing(office, warwickshire):
    lines = AGE_BANDS.read_text().splitlines()
    index = next(i for i, line in enumerate(lines) if WARWICK in line)
    lines[index] = lines[index].replace(",148456,", ",148457,")
    result = _import(office, AGE_BANDS, data="\n".join(lines).encode())
    assert not result.ok
    assert result.error_messages[0].startswith(f"Row {index + 1}: the age bands for Warwick")
    assert not PopulationFigure.objects.exists()


def test_import_bad_row_outside_office_still_refused(office, warwickshire):
    lines = AGE_BANDS.read_text().splitlines()
    lines[1] = lines[1].replace("E06000001", "Hartlepool")
    result = _import(office, AGE_BANDS, data="\n".join(lines).encode())
    assert result.error_messages[0].startswith("Row 2: 'geography code' is 'Hartlepool'")
    assert not PopulationFigure.objects.exists()


def test_import_forces_file_refused(office, warwickshire):
    result = services.import_population(office, FORCES.read_bytes(), by=None, filename="forces.csv")
    assert not result.ok
    assert "not a file Engage can import" in result.error_messages[0]


def test_import_lookup_as_population_refused(office, warwickshire):
    result = _import(office, LOOKUP)
    assert (
        "It has no population figures: use it to build a force area" in (result.error_messages[0])
    )


def test_import_into_office_without_areas_explains(office):
    result = _import(office, AGE_BANDS)
    assert result.error_messages == [
        "None of the 331 areas in this file is one of this office's areas. Build the force "
        "area (with its districts) from the lookup first."
    ]


def test_import_leaves_other_office_untouched(office, other_office, warwickshire):
    services.build_force_area(other_office, LOOKUP.read_bytes(), "E23000016", by=None)
    _import(office, AGE_BANDS)
    assert not PopulationFigure.objects.filter(area__office=other_office).exists()


@pytest.mark.parametrize("path", [AGE_BANDS, ETHNIC_GROUPS, SEX_AGE])
def test_import_each_real_file_without_errors(office, warwickshire, path):
    result = _import(office, path)
    assert result.ok, result.error_messages
    assert result.created > 0

"""Places fixtures: the real ONS files and an office with Warwickshire built from the lookup."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from engage.places import services

ONS = Path(settings.BASE_DIR) / "data" / "ons"
AGE_BANDS = ONS / "census2021-ts007a-ltla.csv"
ETHNIC_GROUPS = ONS / "census_2021_pop_ests_collapsed.csv"
SEX_AGE = ONS / "pop_by_sex_age.csv"
LOOKUP = ONS / "LAD16_CSP16_PFA16_EW_lookup.csv"
FORCES = Path("/work/shared/data/police-uk-forces/forces.csv")
WARWICKSHIRE = "E23000017"
WARWICK = "E07000222"


def file_row(path: Path, code: str) -> list[str]:
    """The cells of the file's row for `code`, read with the csv module."""
    import csv

    with path.open(encoding="utf-8-sig", newline="") as f:
        return next(row for row in csv.reader(f) if code in row)


@pytest.fixture
def warwickshire(office, officer):
    """The office with the Warwickshire force area and its five districts."""
    result = services.build_force_area(office, LOOKUP.read_bytes(), WARWICKSHIRE, by=officer)
    assert result.ok, result.error_messages
    return result.force_area


@pytest.fixture
def populated(office, officer, warwickshire):
    """Warwickshire with all three census files imported."""
    for path in (AGE_BANDS, ETHNIC_GROUPS, SEX_AGE):
        result = services.import_population(
            office, path.read_bytes(), by=officer, filename=path.name
        )
        assert result.ok, result.error_messages
    return warwickshire

"""Places and partners for the stakeholder tests, built from the real ONS lookup in data/ons."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.conf import settings

from engage.places.models import Area, AreaKind

LOOKUP = Path(settings.BASE_DIR) / "data" / "ons" / "LAD16_CSP16_PFA16_EW_lookup.csv"


def districts_of_force(office, force_name: str) -> dict[str, Area]:
    """The force area's districts as the ONS lookup lists them, keyed by name."""
    with LOOKUP.open(encoding="utf-8-sig", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["PFA16NM"] == force_name]
    return {
        r["LAD16NM"]: Area.objects.create(
            office=office, kind=AreaKind.DISTRICT, name=r["LAD16NM"], ons_code=r["LAD16CD"]
        )
        for r in rows
    }


@pytest.fixture
def districts(office) -> dict[str, Area]:
    """Warwickshire's five districts: North Warwickshire to Warwick, E07000218 to E07000222."""
    return districts_of_force(office, "Warwickshire")


@pytest.fixture
def kenilworth(districts) -> Area:
    """A community forum area inside Warwick district, with no ONS code of its own."""
    warwick = districts["Warwick"]
    return Area.objects.create(
        office=warwick.office, kind=AreaKind.FORUM_AREA, name="Kenilworth", parent=warwick
    )

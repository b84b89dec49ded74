"""The import_places and import_population management commands."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from engage.places.models import Area, PopulationFigure

from .conftest import AGE_BANDS, ETHNIC_GROUPS, FORCES, SEX_AGE


def test_import_places_builds_warwickshire(office, capsys):
    call_command("import_places", "--office", office.slug, "--pfa", "E23000017")
    out = capsys.readouterr().out
    assert "Warwickshire (E23000017) with 5 districts: 6 areas added" in out
    assert "E07000222 Warwick" in out
    assert Area.objects.for_office(office).count() == 6


def test_import_places_unknown_code_fails(office, capsys):
    with pytest.raises(CommandError):
        call_command("import_places", "--office", office.slug, "--pfa", "E23999999")
    assert "There is no police force area E23999999" in capsys.readouterr().err


def test_import_places_unknown_office_fails(office):
    with pytest.raises(CommandError, match="There is no office 'nowhere'"):
        call_command("import_places", "--office", "nowhere", "--pfa", "E23000017")


def test_import_population_all_three_files(office, warwickshire, capsys):
    call_command(
        "import_population",
        "--office",
        office.slug,
        str(AGE_BANDS),
        str(ETHNIC_GROUPS),
        str(SEX_AGE),
    )
    out = capsys.readouterr().out
    assert "90 new figures" in out and "25 new figures" in out and "182 new figures" in out
    assert PopulationFigure.objects.count() == 90 + 25 + 182


def test_import_population_bad_file_stops_all(office, warwickshire, capsys, tmp_path):
    bad = tmp_path / "ages.csv"
    lines = AGE_BANDS.read_text().splitlines()
    lines[6] = lines[6].replace("2021,", "2021,,", 1)
    bad.write_text("\n".join(lines))
    with pytest.raises(CommandError, match="Nothing was imported: 2 of 3 files have errors"):
        call_command(
            "import_population", "--office", office.slug, str(ETHNIC_GROUPS), str(bad), str(FORCES)
        )
    err = capsys.readouterr().err
    assert "Row 7: it has 23 cells but the header has 22" in err
    assert "forces.csv:" in err
    assert not PopulationFigure.objects.exists()

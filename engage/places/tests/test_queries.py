"""The area tree and the figures shown for each area, own or derived."""

from __future__ import annotations

from decimal import Decimal

import pytest

from engage.places.models import Area, AreaKind, Dimension
from engage.places.queries import area_tree, children_of, population_of

from .conftest import WARWICK

FORUM_SHARES = {"Kenilworth": "0.16000", "Leamington North": "0.21000", "Warwick Town": "0.23457"}


@pytest.fixture
def forums(office, populated):
    warwick = Area.objects.get(office=office, ons_code=WARWICK)
    return [
        Area.objects.create(
            office=office,
            kind=AreaKind.FORUM_AREA,
            name=name,
            parent=warwick,
            population_share=Decimal(share),
        )
        for name, share in FORUM_SHARES.items()
    ]


def _rows(office):
    return [
        (n.depth, n.area.name, n.total, n.estimated) for r in area_tree(office) for n in r.walk()
    ]


def test_area_tree_force_area_then_districts_then_forums(office, forums):
    rows = _rows(office)
    assert rows[:3] == [
        (0, "Warwickshire", 596773, False),
        (1, "North Warwickshire", 65035, False),
        (1, "Nuneaton and Bedworth", 134193, False),
    ]
    assert rows[5:9] == [
        (1, "Warwick", 148456, False),
        (2, "Kenilworth", round(148456 * 0.16), True),
        (2, "Leamington North", round(148456 * 0.21), True),
        (2, "Warwick Town", round(148456 * 0.23457), True),
    ]
    assert rows[-1] == (0, "England and Wales", 59597539, False)


def test_area_tree_uses_two_queries(office, forums, django_assert_num_queries):
    with django_assert_num_queries(2):
        _rows(office)


def test_area_tree_other_office_sees_nothing(other_office, forums):
    assert area_tree(other_office) == []


def test_children_of_district_lists_its_forums(office, forums):
    warwick = Area.objects.get(office=office, ons_code=WARWICK)
    assert [n.area.name for n in children_of(warwick)] == list(FORUM_SHARES)


def test_population_of_district_is_its_own_figures(office, populated):
    warwick = Area.objects.get(office=office, ons_code=WARWICK)
    ages = population_of(warwick, Dimension.AGE_BAND)
    assert (ages.total, ages.estimated, len(ages.rows)) == (148456, False, 18)
    assert ages.rows[0][0] == "Aged 4 years and under"
    assert ages.sources == ["ONS Census 2021 TS007A, age by five-year bands"]


@pytest.mark.parametrize("dimension", [Dimension.AGE_BAND, Dimension.ETHNIC_GROUP, Dimension.SEX])
def test_population_of_forum_sums_to_share_of_district(office, forums, dimension):
    warwick = Area.objects.get(office=office, ons_code=WARWICK)
    district = population_of(warwick, dimension)
    for forum in forums:
        derived = population_of(forum, dimension)
        assert derived.estimated
        expected = (district.total * forum.population_share).quantize(Decimal(1))
        assert derived.total == int(expected)
        assert [c for c, _v in derived.rows] == [c for c, _v in district.rows]
        assert "of Warwick's figures" in derived.basis or "Its age bands" in derived.basis


def test_population_of_forum_age_band_close_to_share(office, forums):
    warwick = Area.objects.get(office=office, ons_code=WARWICK)
    kenilworth = population_of(forums[0], Dimension.AGE_BAND)
    for (category, value), (_c, whole) in zip(
        kenilworth.rows, population_of(warwick, Dimension.AGE_BAND).rows, strict=True
    ):
        assert abs(value - whole * 0.16) < 1, category
    assert kenilworth.basis == "Estimated as 16% of Warwick's figures."


def test_population_of_district_sex_estimated_from_national_shares(office, populated):
    warwick = Area.objects.get(office=office, ons_code=WARWICK)
    sex = population_of(warwick, Dimension.SEX)
    assert sex.estimated
    assert sex.total == 148456
    assert [c for c, _v in sex.rows] == ["Female", "Male"]
    assert 0.49 < sex.rows[0][1] / sex.total < 0.53
    assert sex.basis == (
        "Estimated from Warwick's age bands and the share of women and men in each age band "
        "in England and Wales."
    )


def test_population_of_district_sex_absent_without_national_figures(office, warwickshire):
    from engage.places import services

    from .conftest import AGE_BANDS

    services.import_population(office, AGE_BANDS.read_bytes(), by=None, filename="a.csv")
    warwick = Area.objects.get(office=office, ons_code=WARWICK)
    assert not population_of(warwick, Dimension.SEX)


def test_population_of_country_sex_is_51_percent_female(office, populated):
    country = Area.objects.get(office=office, kind=AreaKind.COUNTRY)
    sex = population_of(country, Dimension.SEX)
    assert sex.rows == [("Female", 30420202), ("Male", 29177337)]
    assert not sex.estimated
    assert sex.table[0][2] == "51.0%"


def test_population_of_force_area_adds_up_districts(office, populated):
    ages = population_of(populated, Dimension.AGE_BAND)
    assert ages.total == 65035 + 134193 + 114364 + 134725 + 148456
    assert ages.derived and not ages.estimated
    assert ages.basis.startswith("Added up from its 5 parts")


def test_population_of_area_with_nothing_is_empty(office, warwickshire):
    warwick = Area.objects.get(office=office, ons_code=WARWICK)
    assert not population_of(warwick, Dimension.ETHNIC_GROUP)
    assert population_of(warwick, Dimension.ETHNIC_GROUP).total == 0

"""The demo's sharing: the neighbours' files import through the real checks, the library fills."""

import datetime as dt
import random

import pytest

from engage.sharing import benchmarks, queries
from engage.sharing.benchmarks import Quarter
from engage.sharing.demo import BENCHMARK_FILES, DATA, LIBRARY_FILE, build_sharing
from engage.sharing.models import BenchmarkFile, CaseStudy
from engage.sharing.tests.factories import activity, force_area

pytestmark = pytest.mark.django_db


def test_the_demo_files_are_valid():
    for name in BENCHMARK_FILES:
        assert benchmarks.read_file((DATA / name).read_bytes(), name).errors == []
    from engage.sharing import library

    assert library.read_file((DATA / LIBRARY_FILE).read_bytes()).errors == []


def test_build_sharing_imports_two_neighbours_for_the_last_quarter_and_four_case_studies(
    office, officer
):
    force_area(office)
    today = dt.date(2027, 2, 10)
    activity(office, title="Rural crime roadshow at the cattle market", day=dt.date(2026, 11, 6))
    activity(office, title="Friday engagement: youth club visit", day=dt.date(2026, 12, 4))

    build_sharing(office, {"officer": officer}, today, random.Random(1))

    files = BenchmarkFile.objects.filter(office=office)
    assert sorted(files.values_list("source_name", "financial_year", "quarter")) == [
        ("Leicestershire OPCC (demo)", "2026-27", 3),
        ("West Mercia OPCC (demo)", "2026-27", 3),
    ]
    cases = CaseStudy.objects.filter(office=office)
    assert cases.count() == 5
    assert cases.filter(activity__isnull=False, published=True).count() == 2
    assert set(cases.exclude(imported_from="").values_list("author_office", flat=True)) == {
        "Leicestershire OPCC (demo)"
    }
    table = queries.comparison(office, Quarter(2026, 3))
    assert table.columns == [
        "Avonshire OPCC",
        "Leicestershire OPCC (demo)",
        "West Mercia OPCC (demo)",
    ]

"""The sharing pages: export and import benchmark files, the comparison, and the library."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from engage.sharing import benchmarks, library, queries, services
from engage.sharing.models import BenchmarkFile, CaseStudy
from engage.sharing.tests.factories import QUARTER, activity, concerns, force_area

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def _upload(client, url, content: bytes, name: str):
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


@pytest.fixture
def neighbour_file(other_office):
    """Severnvale's figures for the quarter, as its own Engage would export them."""
    force_area(other_office, code="E23000016", population=200_000)
    activity(other_office, people=3000, cost="600.00", channel="social_media", type="social_media")
    return queries.benchmark_figures(other_office, QUARTER)


@pytest.fixture
def ours(office):
    force_area(office)
    activity(office, people=40)
    activity(office, people=60, type="forum")
    concerns(office, 12)


def test_export_downloads_our_figures_as_json_and_csv(officer_client, office, ours):
    url = reverse("sharing:benchmark_export")
    response = officer_client.get(url, {"quarter": QUARTER.key, "format": "json"})
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (
        'attachment; filename="benchmark-office-of-the-police-and-crime-commissioner-for-avonshire-2026-27-q1.json"'
    )
    doc = json.loads(response.content)
    assert doc == queries.benchmark_figures(office, QUARTER)

    response = officer_client.get(url, {"quarter": QUARTER.key, "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    people = next(r for r in rows if r["measure"] == "people_reached")
    assert (people["value"], people["per_1000_residents"]) == ("100", "1.0")


def test_export_needs_the_force_area(officer_client, office):
    response = officer_client.get(
        reverse("sharing:benchmark_export"), {"quarter": QUARTER.key, "format": "json"}
    )
    assert response["Content-Type"].startswith("text/html")
    assert "Set up the force area in Places first" in _text(response)


def test_importing_a_json_file_shows_it_then_keeps_it(
    officer_client, office, officer, neighbour_file
):
    response = _upload(
        officer_client,
        reverse("sharing:benchmark_import"),
        benchmarks.to_json(neighbour_file).encode(),
        "severnvale.json",
    )
    assert response.status_code == 302
    preview = officer_client.get(response["Location"])
    text = _text(preview)
    assert "Office of the Police and Crime Commissioner for Severnvale E23000016" in text
    assert "2026-27 quarter 1: 1 April 2026 to 30 June 2026" in text
    assert BenchmarkFile.objects.count() == 0

    digest = re.search(r'name="digest" value="([0-9a-f]+)"', preview.content.decode())[1]
    response = officer_client.post(reverse("sharing:benchmark_import_preview"), {"digest": digest})

    kept = BenchmarkFile.objects.get(office=office)
    assert (kept.source_name, kept.source_code, kept.financial_year, kept.quarter) == (
        "Office of the Police and Crime Commissioner for Severnvale",
        "E23000016",
        "2026-27",
        1,
    )
    assert kept.document == neighbour_file
    assert kept.imported_by == officer
    assert response["Location"] == "/sharing/benchmarks/?quarter=2026-27-Q1"


def test_importing_the_csv_form_keeps_the_same_figures(officer_client, office, neighbour_file):
    _upload(
        officer_client,
        reverse("sharing:benchmark_import"),
        benchmarks.to_csv(neighbour_file).encode(),
        "severnvale.csv",
    )
    preview = officer_client.get(reverse("sharing:benchmark_import_preview"))
    digest = re.search(r'name="digest" value="([0-9a-f]+)"', preview.content.decode())[1]
    officer_client.post(reverse("sharing:benchmark_import_preview"), {"digest": digest})
    assert BenchmarkFile.objects.get(office=office).document == neighbour_file


def test_a_file_in_another_version_is_refused_and_nothing_stored(officer_client, neighbour_file):
    newer = copy.deepcopy(neighbour_file)
    newer["schema_version"] = "2.0"
    response = _upload(
        officer_client, reverse("sharing:benchmark_import"), json.dumps(newer).encode(), "v2.json"
    )
    assert response.status_code == 400
    assert "This file is in benchmark format 2.0; Engage reads 1.0." in _text(response)
    assert BenchmarkFile.objects.count() == 0
    # Nor is it waiting to be confirmed.
    assert officer_client.get(reverse("sharing:benchmark_import_preview")).status_code == 302


def test_a_file_missing_a_field_is_refused_naming_it(officer_client, neighbour_file):
    broken = copy.deepcopy(neighbour_file)
    del broken["quarter"]["starts_on"]
    response = _upload(
        officer_client,
        reverse("sharing:benchmark_import"),
        json.dumps(broken).encode(),
        "broken.json",
    )
    assert response.status_code == 400
    assert "The field “quarter.starts_on” is missing." in _text(response)
    assert BenchmarkFile.objects.count() == 0


def test_the_comparison_shows_both_offices_figures(officer_client, office, ours, neighbour_file):
    services.import_benchmark_file(
        office, benchmarks.check(neighbour_file), filename="s.json", by=None
    )

    response = officer_client.get(reverse("sharing:benchmarks"), {"quarter": QUARTER.key})

    html = response.content.decode()
    table = _text(response).split("Files imported from other offices")[0]
    assert "Avonshire OPCC (us)" in table
    assert "Office of the Police and Crime Commissioner for Severnvale" in table
    # People reached per 1,000 residents: ours 100 of 100,000, theirs 3,000 of 200,000.
    assert "People reached per 1,000 residents 1.0 15.0" in table
    assert "Population 100,000 200,000" in table
    assert (
        "Concerns raised per 1,000 residents 0.1 none" in table
        or "Concerns raised per 1,000 residents 0.1 0.0" in table
    )
    assert 'id="comparison"' in html


def test_the_comparison_without_others_says_so(officer_client, ours):
    response = officer_client.get(reverse("sharing:benchmarks"))
    assert "No other office's figures for this quarter have been imported yet" in _text(response)


def test_the_schema_is_served_to_anyone(client):
    response = client.get(reverse("sharing:benchmark_schema"))
    assert response["Content-Type"] == "application/schema+json"
    assert json.loads(response.content) == benchmarks.schema()
    assert (
        json.loads(client.get("/sharing/schema/case-studies-1.0.json").content) == library.schema()
    )


def test_another_offices_user_gets_404(client, office, other_officer, neighbour_file):
    case = services.write_case_study(office, {"title": "Ours", "what_was_done": "Things."}, by=None)
    kept, _new = services.import_benchmark_file(
        office, benchmarks.check(neighbour_file), filename="s.json", by=None
    )
    client.force_login(other_officer)
    assert client.get(reverse("sharing:case_study", args=[case.pk])).status_code == 404
    assert client.get(reverse("sharing:case_study_edit", args=[case.pk])).status_code == 404
    assert client.get(reverse("sharing:case_study_export", args=[case.pk])).status_code == 404
    assert client.post(reverse("sharing:benchmark_remove", args=[kept.pk])).status_code == 404
    assert BenchmarkFile.objects.filter(pk=kept.pk).exists()


def test_an_ambassador_reads_but_does_not_import(client, ambassador, office):
    client.force_login(ambassador)
    assert client.get(reverse("sharing:index")).status_code == 200
    assert client.get(reverse("sharing:library")).status_code == 200
    assert client.get(reverse("sharing:benchmarks")).status_code == 200
    assert client.get(reverse("sharing:benchmark_import")).status_code == 403
    assert client.get(reverse("sharing:case_study_new")).status_code == 403


def test_writing_up_an_activity_starts_from_its_figures(officer_client, office, officer):
    visit = activity(office, audiences={"young_people": 22})
    form = officer_client.get(reverse("sharing:case_study_new"), {"activity": visit.pk})
    html = form.content.decode()
    assert 'value="Visit to Brownsover youth club"' in html
    assert 'name="people_reached" value="40"' in html or 'value="40"' in html

    response = officer_client.post(
        reverse("sharing:case_study_new"),
        {
            "activity": visit.pk,
            "title": "Youth club visits",
            "what_was_done": "We visited the youth club.",
            "audiences": ["young_people"],
            "area_type": "urban",
            "people_reached": "40",
            "cost": "£120.00",
            "outcome": "Speed checks agreed.",
            "lessons": "Let the youth workers lead.",
            "tags": "youth, listening, youth",
            "published": "on",
        },
    )
    case = CaseStudy.objects.get(office=office)
    assert response["Location"] == case.get_absolute_url()
    assert (case.activity, case.author_office, case.created_by, case.tags) == (
        visit,
        office.short_name,
        officer,
        "youth, listening",
    )


def test_the_case_study_form_says_what_to_fix(officer_client):
    response = officer_client.post(reverse("sharing:case_study_new"), {"title": "", "cost": "lots"})
    assert response.status_code == 400
    text = _text(response)
    assert "Enter a title" in text
    assert "Say what was done" in text
    assert "Enter the cost in pounds, like 45.50" in text


def test_the_library_search_finds_a_word_in_the_lessons(officer_client, office):
    services.write_case_study(
        office,
        {"title": "Roadshow", "what_was_done": "A stand.", "lessons": "Bring the arson officer."},
        by=None,
    )
    services.write_case_study(
        office, {"title": "Coffee morning", "what_was_done": "Scams advice."}, by=None
    )
    text = _text(officer_client.get(reverse("sharing:library"), {"q": "arson"}))
    assert "1 case study matches “arson”" in text
    assert "Roadshow" in text
    assert "Coffee morning" not in text


def test_library_export_then_import_in_another_office(client, officer, office, other_officer):
    services.write_case_study(
        office, {"title": "Roadshow", "what_was_done": "A stand.", "published": True}, by=officer
    )
    services.write_case_study(
        office, {"title": "Unfinished", "what_was_done": "Draft."}, by=officer
    )
    client.force_login(officer)
    exported = client.get(reverse("sharing:library_export"))
    assert [c["title"] for c in json.loads(exported.content)["case_studies"]] == ["Roadshow"]

    client.force_login(other_officer)
    assert (
        _upload(
            client, reverse("sharing:library_import"), exported.content, "avonshire.json"
        ).status_code
        == 302
    )
    preview = client.get(reverse("sharing:library_import_preview"))
    assert "Roadshow" in _text(preview)
    digest = re.search(r'name="digest" value="([0-9a-f]+)"', preview.content.decode())[1]
    client.post(reverse("sharing:library_import_preview"), {"digest": digest})

    imported = CaseStudy.objects.get(office__slug="severnvale")
    assert (imported.title, imported.author_office, imported.imported_from) == (
        "Roadshow",
        office.short_name,
        "avonshire.json",
    )
    detail = _text(client.get(imported.get_absolute_url()))
    assert f"Written by {office.short_name}; imported from avonshire.json." in detail


def test_a_library_file_in_another_version_is_refused(officer_client, office):
    doc = {"format": "engage-case-studies", "schema_version": "2.0", "case_studies": []}
    response = _upload(
        officer_client, reverse("sharing:library_import"), json.dumps(doc).encode(), "v2.json"
    )
    assert response.status_code == 400
    assert "This file is in case study format 2.0; Engage reads 1.0." in _text(response)
    assert CaseStudy.objects.count() == 0

"""The practice library: writing up an activity, searching, and export → import between offices."""

from __future__ import annotations

import copy
import datetime as dt
import json
from decimal import Decimal

import pytest

from engage.sharing import library, queries, services
from engage.sharing.models import CaseStudy
from engage.sharing.tests.factories import activity

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 3)


@pytest.fixture
def roadshow(office, officer):
    return services.write_case_study(
        office,
        {
            "title": "Rural crime roadshow at the cattle market",
            "what_was_done": "A stand with the rural crime team on market day.",
            "audiences": ["rural", "businesses"],
            "area_type": "rural",
            "cost": Decimal("310.00"),
            "people_reached": 140,
            "outcome": "Thirty farmers marked their tools.",
            "lessons": "Bring the fire service's arson officer: half the questions were about barn fires.",
            "tags": "rural, farmers",
            "published": True,
        },
        by=officer,
    )


def test_a_draft_from_an_activity_takes_its_figures_but_not_its_notes(office):
    visit = activity(office, audiences={"young_people": 22, "rural": None})
    draft = queries.draft_from_activity(visit)
    assert draft["title"] == "Visit to Brownsover youth club"
    assert draft["people_reached"] == 40
    assert draft["cost"] == Decimal("120.00")
    assert draft["audiences"] == ["rural", "young_people"]
    assert draft["area_type"] == "rural"
    assert draft["outcome"] == "Speed checks agreed on Hillmorton Road."
    assert "Private Road" not in json.dumps(draft, default=str)


def test_search_finds_a_case_study_by_a_word_in_its_lessons(office, roadshow):
    services.write_case_study(
        office, {"title": "Coffee morning", "what_was_done": "Scams advice."}, by=None
    )
    assert list(queries.search_case_studies(office, "arson")) == [roadshow]
    assert list(queries.search_case_studies(office, "farmers")) == [roadshow]  # a tag
    assert list(queries.search_case_studies(office, "submarine")) == []
    assert queries.search_case_studies(office, "").count() == 2


def test_search_stays_in_the_office(office, other_office, roadshow):
    assert list(queries.search_case_studies(other_office, "arson")) == []


def test_case_studies_export_and_import_unchanged_saying_whose(
    office, other_office, roadshow, other_officer
):
    doc = library.export_document(office, [roadshow], today=TODAY)
    parsed = library.read_file(library.to_json(doc).encode())
    assert parsed.errors == []

    result = services.import_case_studies(
        other_office, parsed, filename="avonshire.json", by=other_officer
    )

    assert (result.added, result.updated) == (1, 0)
    copy_ = CaseStudy.objects.get(office=other_office)
    assert copy_.author_office == office.short_name
    assert copy_.imported_from == "avonshire.json"
    assert copy_.uid == roadshow.uid
    assert library.entry(copy_) == library.entry(roadshow)


def test_importing_again_updates_rather_than_copies(office, other_office, roadshow):
    doc = library.export_document(office, [roadshow], today=TODAY)
    services.import_case_studies(
        other_office, library.read_file(library.to_json(doc).encode()), filename="a.json", by=None
    )
    doc["case_studies"][0]["lessons"] = "Book the trailer early."
    result = services.import_case_studies(
        other_office, library.read_file(library.to_json(doc).encode()), filename="b.json", by=None
    )
    assert (result.added, result.updated) == (0, 1)
    assert CaseStudy.objects.get(office=other_office).lessons == "Book the trailer early."


def test_another_version_of_the_case_study_format_is_refused(office, roadshow):
    doc = library.export_document(office, [roadshow], today=TODAY)
    doc["schema_version"] = "2.0"
    assert library.read_file(json.dumps(doc).encode()).errors == [
        "This file is in case study format 2.0; Engage reads 1.0."
    ]


def test_a_case_study_missing_a_field_is_refused_naming_it(office, roadshow):
    doc = library.export_document(office, [roadshow], today=TODAY)
    bad = copy.deepcopy(doc)
    del bad["case_studies"][0]["lessons"]
    bad["case_studies"][0]["audiences"] = ["pirates"]
    assert library.read_file(json.dumps(bad).encode()).errors == [
        "Case study 1: The field “lessons” is missing.",
        "Case study 1: “audiences[0]” is “pirates”; it must be one of: "
        "“general_public”, “young_people”, “older_people”, “ethnic_minorities”, “faith_groups”, "
        "“disabled_people”, “lgbt”, “women_and_girls”, “victims”, “rural”, “businesses”, "
        "“students”, “gypsy_roma_traveller”, “partners”.",
    ]


def test_an_activity_travels_only_as_its_type_channel_and_date(office, officer):
    visit = activity(office)
    case = services.write_case_study(
        office, {**queries.draft_from_activity(visit), "activity": visit}, by=officer
    )
    assert library.entry(case)["activity"] == {
        "type": "visit",
        "channel": "in_person",
        "held_on": "2026-05-14",
    }

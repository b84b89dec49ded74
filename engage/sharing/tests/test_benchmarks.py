"""The benchmark format: an office's figures for a quarter, suppression, and reading files back."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json

import pytest
from jsonschema import Draft202012Validator

from engage.engagements.models import ActivityType, Audience, Channel
from engage.sharing import benchmarks, queries
from engage.sharing.benchmarks import Quarter
from engage.sharing.tests.factories import QUARTER, activity, concerns, force_area, ratings

pytestmark = pytest.mark.django_db


@pytest.fixture
def quarter_of_work(office):
    force_area(office)
    visit = activity(office, audiences={"young_people": 10, "older_people": 4})
    activity(
        office,
        title="Summer road safety campaign",
        type="social_media",
        channel="social_media",
        people=1000,
        cost="80.00",
        hours="2",
        audiences={"young_people": 500},
    )
    activity(office, day=dt.date(2026, 3, 31), people=900)  # the quarter before
    ratings(visit, *[5] * 6, *[4] * 6)
    concerns(office, 3)
    return visit


def _by_key(doc):
    return {(m["measure"], m["category"]): m for m in doc["measures"]}


def test_quarters_run_april_to_march():
    assert Quarter.of(dt.date(2027, 2, 1)) == Quarter(2026, 4)
    assert Quarter(2026, 4).starts_on == dt.date(2027, 1, 1)
    assert Quarter(2026, 4).ends_on == dt.date(2027, 3, 31)
    assert Quarter(2026, 1).ends_on == dt.date(2026, 6, 30)
    assert Quarter.last_complete(dt.date(2026, 12, 3)) == Quarter(2026, 2)
    assert Quarter.from_key("2026-27-Q3") == Quarter(2026, 3)
    assert Quarter.from_key("2026-28-Q3") is None


def test_figures_count_the_quarters_activities_per_1000_residents(office, quarter_of_work):
    doc = queries.benchmark_figures(office, QUARTER)
    m = _by_key(doc)

    assert doc["office"] == {"name": office.name, "force_area_code": "E23000017"}
    assert doc["quarter"] == {
        "financial_year": "2026-27",
        "quarter": 1,
        "starts_on": "2026-04-01",
        "ends_on": "2026-06-30",
    }
    assert doc["population"] == 100_000
    assert m[("activities_held", "")]["value"] == 2
    assert m[("people_reached", "")]["value"] == 1040
    assert m[("people_reached", "")]["per_1000_residents"] == 10.4
    assert m[("people_reached_by_channel", "in_person")]["value"] == 40
    assert m[("activities_by_type", "social_media")]["value"] == 1
    assert m[("cost", "")]["value"] == 200.0
    assert m[("cost_per_person_reached", "")]["value"] == 0.19
    assert m[("staff_hours", "")]["value"] == 5.5
    assert m[("average_feedback_rating", "")]["value"] == 4.5
    # 510 of 1,040 people reached were under 25, a fifth of the population: 2.45 times their share.
    assert m[("group_reach", "young_people")]["index"] == 245
    assert m[("consultation_responses", "")]["value"] == 0
    assert Draft202012Validator(benchmarks.schema()).is_valid(doc)


def test_small_counts_are_suppressed_in_the_export(office, quarter_of_work):
    doc = queries.benchmark_figures(office, QUARTER)
    m = _by_key(doc)

    assert m[("concerns_raised", "")] == {
        "measure": "concerns_raised",
        "category": "",
        "value": None,
        "per_1000_residents": None,
        "index": None,
        "suppressed": True,
    }
    assert m[("group_reach", "older_people")]["suppressed"] is True
    assert m[("group_reach", "older_people")]["value"] is None
    # Counts of events and nothing at all are given.
    assert m[("activities_by_channel", "in_person")]["value"] == 1
    assert m[("consultation_responses", "")]["suppressed"] is False
    rows = list(csv.DictReader(io.StringIO(benchmarks.to_csv(doc))))
    concern_row = next(r for r in rows if r["measure"] == "concerns_raised")
    assert (concern_row["value"], concern_row["suppressed"]) == ("", "true")


def test_few_ratings_suppress_the_average(office):
    force_area(office)
    ratings(activity(office), 5, 5, 1)
    m = _by_key(queries.benchmark_figures(office, QUARTER))
    assert m[("average_feedback_rating", "")]["suppressed"] is True
    assert m[("average_feedback_rating", "")]["value"] is None


def test_json_export_reads_back_unchanged(office, quarter_of_work):
    doc = queries.benchmark_figures(office, QUARTER)
    parsed = benchmarks.read_file(benchmarks.to_json(doc).encode(), "ours.json")
    assert parsed.errors == []
    assert parsed.document == doc


def test_csv_export_reads_back_unchanged(office, quarter_of_work):
    doc = queries.benchmark_figures(office, QUARTER)
    text = benchmarks.to_csv(doc)
    assert text.splitlines()[0] == ",".join(benchmarks.CSV_HEADER)
    assert len(text.splitlines()) == len(doc["measures"]) + 1

    parsed = benchmarks.read_file(text.encode(), "ours.csv")
    assert parsed.errors == []
    assert parsed.document == doc


def test_a_file_in_another_version_is_refused_with_its_message(office, quarter_of_work):
    doc = queries.benchmark_figures(office, QUARTER)
    doc["schema_version"] = "2.0"
    doc["measures"][0]["new_field_of_v2"] = 1

    parsed = benchmarks.read_file(json.dumps(doc).encode(), "theirs.json")
    assert parsed.errors == ["This file is in benchmark format 2.0; Engage reads 1.0."]
    text = benchmarks.to_csv(doc).replace(",1.0,", ",2.0,")
    assert benchmarks.read_file(text.encode(), "theirs.csv").errors == [
        "This file is in benchmark format 2.0; Engage reads 1.0."
    ]


def test_a_missing_field_is_named(office, quarter_of_work):
    doc = queries.benchmark_figures(office, QUARTER)
    no_population = copy.deepcopy(doc)
    del no_population["population"]
    no_code = copy.deepcopy(doc)
    del no_code["office"]["force_area_code"]
    no_value = copy.deepcopy(doc)
    del no_value["measures"][2]["value"]

    assert benchmarks.check(no_population).errors == ["The field “population” is missing."]
    assert benchmarks.check(no_code).errors == ["The field “office.force_area_code” is missing."]
    assert benchmarks.check(no_value).errors == ["The field “measures[2].value” is missing."]


def test_bad_values_are_named_by_field_or_csv_row(office, quarter_of_work):
    doc = queries.benchmark_figures(office, QUARTER)
    bad = copy.deepcopy(doc)
    bad["office"]["force_area_code"] = "E07000222"
    bad["measures"][1]["measure"] = "people_met"
    errors = benchmarks.check(bad).errors
    assert errors[0].startswith("“measures[1].measure” is “people_met”; it must be one of:")
    assert errors[1].startswith("“office.force_area_code” is “E07000222”; it must be a police")

    rows = benchmarks.to_csv(doc).splitlines()
    cells = rows[3].split(",")
    cells[benchmarks.CSV_HEADER.index("value")] = "lots"
    rows[3] = ",".join(cells)
    parsed = benchmarks.read_file("\r\n".join(rows).encode(), "theirs.csv")
    assert len(parsed.errors) == 1
    assert parsed.errors == ["Row 4: “value” must be a whole number or empty, not “lots”."]
    assert parsed.document is None


def test_names_and_free_text_are_refused(office, quarter_of_work):
    doc = queries.benchmark_figures(office, QUARTER)
    doc["measures"][0]["comment"] = "Dave from the youth club was great"
    assert benchmarks.check(doc).errors == [
        "“measures[0]” has a field the format does not have: “comment”. Benchmark files hold "
        "counts only, no other details."
    ]


def test_dates_must_be_the_quarters(office, quarter_of_work):
    doc = queries.benchmark_figures(office, QUARTER)
    doc["quarter"]["ends_on"] = "2026-07-31"
    assert benchmarks.check(doc).errors == [
        "“quarter.starts_on” and “quarter.ends_on” must be 2026-04-01 and 2026-06-30, the "
        "first and last days of 2026-27 quarter 1."
    ]


def test_the_schema_is_valid_and_lists_every_category_engage_records():
    schema = benchmarks.schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$defs"]["channel"]["enum"] == Channel.values
    assert schema["$defs"]["activityType"]["enum"] == ActivityType.values
    assert schema["$defs"]["audience"]["enum"] == Audience.values
    assert (
        list(benchmarks.measure_titles())
        == schema["$defs"]["measure"]["properties"]["measure"]["enum"]
    )


def test_a_case_study_file_is_sent_to_the_library(office):
    doc = {"format": "engage-case-studies", "schema_version": "1.0", "case_studies": []}
    assert benchmarks.check(doc).errors == [
        "This is a file of case studies, not figures: import it in the practice library."
    ]


def test_a_file_giving_a_small_count_of_people_is_refused(office, quarter_of_work):
    doc = queries.benchmark_figures(office, QUARTER)
    i = next(i for i, m in enumerate(doc["measures"]) if m["measure"] == "concerns_raised")
    doc["measures"][i].update({"value": 3, "suppressed": False})
    assert benchmarks.check(doc).errors == [
        f"measures[{i}]: “concerns_raised” is 3, a count of people under 10 that should have "
        "been suppressed. Ask the office for a file made with small counts suppressed."
    ]
    csv_errors = benchmarks.read_file(benchmarks.to_csv(doc).encode(), "theirs.csv").errors
    assert csv_errors[0].startswith(f"Row {i + 2}: “concerns_raised”")

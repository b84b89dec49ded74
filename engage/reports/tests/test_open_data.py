"""Open data: each dataset of a small office as CSV and JSON, what never appears in one, the
page describing them, and the files' headers and web addresses."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from engage.consultations import results, runs
from engage.decisions.models import Decision, DecisionKind
from engage.reports import open_data
from engage.reports.management.commands.open_data_docs import with_columns
from engage.reports.tests.office_data import FORMULA, PRIVATE, build_office_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(office, officer, commissioner, deputy):
    return build_office_data(office, officer=officer, commissioner=commissioner)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def _csv(client, office, dataset) -> list[dict[str, str]]:
    response = client.get(reverse("reports:open_data_csv", args=[office.slug, dataset]))
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"), newline="")))


def _json(client, office, dataset) -> dict:
    response = client.get(reverse("reports:open_data_json", args=[office.slug, dataset]))
    assert response.status_code == 200
    return json.loads(response.content)


def _as_cell(value) -> str:
    """How a JSON value reads in the CSV, written out plainly for the test."""
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, list):
        text = "; ".join(value)
    elif isinstance(value, dict):
        text = "; ".join(f"{k}: {v}" for k, v in value.items())
    elif isinstance(value, int | float):
        return str(value)
    else:
        text = value
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# -- each dataset -------------------------------------------------------------------------------


def test_the_diary_has_the_public_engagements_and_what_was_heard(client, office, data):
    rows = _json(client, office, "diary")["rows"]
    assert [(r["kind"], r["title"]) for r in rows] == [
        ("activity", "Public meeting on speeding"),
        ("activity", "Visit to Brownsover youth club"),
    ]
    past, coming = rows
    assert past["uid"] == f"engage-public-activity-{data.past_activity.pk}"
    assert past["starts_at"] == timezone.localtime(data.past_activity.starts_at).isoformat()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT18:00:00\+0[01]:00", past["starts_at"])
    assert past["area"] == "Rugby" and past["area_ons_code"] == "E07000220"
    assert past["who"] == ["Pat Pemberton, Police and Crime Commissioner"]
    assert past["cancelled"] is False
    assert past["attendance"] == 41
    assert past["themes_raised"] == {"Road safety and speeding": 3}
    assert past["summary"] == "Residents asked for speed checks on Hillmorton Road."
    assert past["summary_cy"] == "Gofynnodd trigolion am wiriadau cyflymder ar Heol Hillmorton."
    assert past["title_cy"] == ""
    # Coming up: no account of it yet; its Welsh title, and its area without an ONS code.
    assert coming["title_cy"] == "Ymweliad â chlwb ieuenctid Brownsover"
    assert coming["area"] == "Brownsover" and coming["area_ons_code"] == ""
    assert (coming["attendance"], coming["themes_raised"], coming["summary"]) == (None, {}, "")


def test_the_diary_holds_nothing_else(client, office, data):
    document = _json(client, office, "diary")
    assert set(document["rows"][0]) == {c["name"] for c in document["columns"]}
    assert [c["name"] for c in document["columns"]] == [
        "uid", "kind", "title", "title_cy", "starts_at", "ends_at", "place", "area",
        "area_ons_code", "who", "cancelled", "attendance", "themes_raised", "summary",
        "summary_cy",
    ]  # fmt: skip
    raw = client.get(reverse("reports:open_data_csv", args=[office.slug, "diary"])).content
    for private in [*PRIVATE, "120"]:
        assert private.encode() not in raw, private


def test_results_are_suppressed_exactly_as_on_the_public_results_page(client, office, data):
    rows = _json(client, office, "consultation-results")["rows"]
    by_answer = {(r["question_number"], r["row_type"], r["answer"]): r for r in rows}
    precept = by_answer[(1, "answer", "£14 more a year")]
    assert (precept["people"], precept["percent"], precept["weighted_percent"]) == (839, 43.0, 38.8)
    assert (precept["margin_of_error"], precept["base"], precept["weighted_base"]) == (
        2.9,
        1950,
        1940.2,
    )
    assert precept["suppressed"] is False
    # Road safety: 8 people chose it. Its row is there, with no numbers.
    road = by_answer[(3, "answer", "Road safety")]
    assert road["suppressed"] is True
    assert (road["people"], road["percent"], road["weighted_percent"]) == (None, None, None)
    # A theme of 7 answers is not named; a theme of 301 is.
    assert by_answer[(4, "theme", "Police visibility")]["people"] == 301
    assert not [r for r in rows if r["answer"] == "Speeding"]
    hidden = by_answer[(4, "theme", "1 more theme, of fewer than 10 answers")]
    assert hidden["suppressed"] is True and hidden["people"] is None
    # The public page hides the same figures, and shows the same ones.
    page = _text(
        client.get(
            reverse("consultations:public_results", args=[office.slug, data.consultation.slug])
        ).content.decode()
    )
    assert "Road safety fewer than 10" in page
    assert "£14 more a year 839 43.0% 38.8% ±2.9" in page
    assert "1 more theme, of fewer than 10 answers, is not shown." in page


def test_every_suppressed_figure_of_the_public_page_is_withheld_and_no_other(client, office, data):
    shown = results.present(
        data.consultation, runs.latest_analysis(data.consultation), published=True
    )
    withheld = {(q.number, f.label) for q in shown.questions for f in q.figures if f.suppressed}
    assert withheld == {(3, "Road safety")}
    csv_rows = _csv(client, office, "consultation-results")
    answers = [r for r in csv_rows if r["row_type"] == "answer"]
    assert {
        (int(r["question_number"]), r["answer"]) for r in answers if r["suppressed"] == "true"
    } == (withheld)
    for r in answers:
        if r["suppressed"] == "true":
            assert r["people"] == r["percent"] == r["weighted_percent"] == ""
        else:
            assert r["people"] and r["percent"]


def test_a_question_fewer_than_10_answered_is_one_suppressed_row(client, office, data):
    run = runs.latest_analysis(data.consultation)
    run.result["questions"][1]["n"] = 7
    run.save()
    rows = [
        r
        for r in _json(client, office, "consultation-results")["rows"]
        if r["question_number"] == 2
    ]
    assert rows == [
        {
            "consultation": "precept-2027",
            "question_number": 2,
            "question": "How safe do you feel in your area after dark?",
            "question_type": "scale",
            "row_type": "question",
            "answer": "",
            "people": None,
            "percent": None,
            "weighted_percent": None,
            "margin_of_error": None,
            "base": None,
            "weighted_base": None,
            "suppressed": True,
        }
    ]


def test_statement_votes_are_given_for_each_statement(client, office, data):
    rows = _json(client, office, "consultation-results")["rows"]
    votes = [r for r in rows if r["row_type"] in ("agree", "disagree", "pass")]
    assert [(r["row_type"], r["percent"], r["base"]) for r in votes[:3]] == [
        ("agree", 70.0, 600),
        ("disagree", 20.0, 600),
        ("pass", 10.0, 600),
    ]
    assert votes[0]["answer"] == "Police should be seen more in town centres"


def test_the_consultations_list_has_only_published_results(client, office, data):
    rows = _json(client, office, "consultations")["rows"]
    assert rows == [
        {
            "consultation": "precept-2027",
            "title": "Police and crime precept 2027/28",
            "title_cy": "Praesept yr heddlu a throseddu 2027/28",
            "strategic_area": "precept",
            "area": "Warwickshire",
            "opens_on": "2026-01-05",
            "closes_on": "2026-02-01",
            "responses": 2013,
            "weighted": True,
            "margin_of_error": 3.0,
            "results_url": "http://testserver/have-your-say/avonshire/precept-2027/results/",
        }
    ]
    results_rows = _csv(client, office, "consultation-results")
    assert {r["consultation"] for r in results_rows} == {"precept-2027"}


def test_decisions_are_the_published_ones_with_their_public_evidence(client, office, data):
    rows = _json(client, office, "decisions")["rows"]
    assert rows == [
        {
            "reference": "PCC/2026/014",
            "title": "Policing precept 2027/28",
            "title_cy": "Praesept plismona 2027/28",
            "decided_on": "2026-02-24",
            "kind": "precept",
            "summary": "The Band D policing precept rises by £14 a year, to £297.59.",
            "summary_cy": "",
            "url": "http://testserver/you-said-we-did/avonshire/decisions/pcc-2026-014/",
            "consultations": ["Police and crime precept 2027/28"],
            "evidence": {"Concerns about Police visibility, in the year before the decision": 1},
        }
    ]
    raw = client.get(reverse("reports:open_data_csv", args=[office.slug, "decisions"])).content
    assert b"Nobody patrols the estate." not in raw


def test_you_said_we_did_has_each_point_of_the_published_pages(client, office, data):
    rows = _json(client, office, "you-said-we-did")["rows"]
    assert {r["page"] for r in rows} == {data.outcome.slug}
    assert [r["point"] for r in rows] == list(range(1, data.outcome.points.count() + 1))
    first = rows[0]
    assert first["said"] == FORMULA
    assert (first["decision"], first["response"]) == ("PCC/2026/014", "Twelve more PCSOs on foot.")
    assert first["decision_url"].endswith("/you-said-we-did/avonshire/decisions/pcc-2026-014/")
    assert first["url"] == f"http://testserver/you-said-we-did/avonshire/{data.outcome.slug}/"
    assert rows[1]["decision"] == "" and rows[1]["response"] == "One of the things we weighed up."
    assert rows[1]["how_many"]


def test_a_point_whose_decision_is_unpublished_names_no_decision(client, office, data):
    Decision.objects.filter(pk=data.decision.pk).update(published_at=None)
    rows = _json(client, office, "you-said-we-did")["rows"]
    assert rows[0]["decision"] == "" and rows[0]["decision_url"] == ""
    assert _json(client, office, "decisions")["rows"] == []


@pytest.mark.parametrize("dataset", sorted(open_data.DATASETS))
def test_nothing_unpublished_or_private_is_in_any_file_or_the_page(client, office, data, dataset):
    files = [
        reverse(name, args=[office.slug, dataset])
        for name in ("reports:open_data_csv", "reports:open_data_json")
    ]
    for url in [*files, reverse("reports:open_data", args=[office.slug])]:
        raw = client.get(url).content.decode()
        for private in [
            *PRIVATE,
            "An unpublished survey",
            "unpublished-survey",
            "PCC/2026/019",
            data.draft_outcome.title,
        ]:
            assert private not in raw, (url, private)


# -- the files ----------------------------------------------------------------------------------


@pytest.mark.parametrize("dataset", sorted(open_data.DATASETS))
def test_csv_and_json_agree_row_for_row(client, office, data, dataset):
    document = _json(client, office, dataset)
    names = [c["name"] for c in document["columns"]]
    response = client.get(reverse("reports:open_data_csv", args=[office.slug, dataset]))
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8"), newline="")))
    assert table[0] == names
    assert len(table) - 1 == len(document["rows"]) > 0
    for line, row in zip(table[1:], document["rows"], strict=True):
        assert line == [_as_cell(row[name]) for name in names]


def test_a_cell_starting_with_a_formula_is_made_safe(client, office, data):
    rows = _csv(client, office, "you-said-we-did")
    assert rows[0]["said"] == "'" + FORMULA
    assert not [cell for row in rows for cell in row.values() if cell.startswith("=")]


def test_the_json_says_what_it_is_and_its_licence(client, office, data):
    document = _json(client, office, "decisions")
    assert document["dataset"] == "decisions"
    assert document["office"] == {
        "name": office.name,
        "slug": "avonshire",
        "url": "http://testserver/avonshire/",
    }
    assert document["licence"] == {
        "name": "Open Government Licence v3.0",
        "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        "attribution": "Contains public sector information licensed under the Open Government "
        f"Licence v3.0. {office.name}.",
    }
    assert document["documentation"] == "http://testserver/open-data/avonshire/"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[01]:00", document["generated_at"])
    assert document["columns"][0] == {
        "name": "reference",
        "type": "text",
        "meaning": "The office's reference for the decision.",
        "example": "PCC/2026/014",
    }
    kind = next(c for c in document["columns"] if c["name"] == "kind")
    assert kind["meaning"].startswith("The kind of decision. One of: precept (Precept); plan (")
    assert all(value in kind["meaning"] for value in DecisionKind.values)


def test_the_files_are_named_and_cached_as_public_pages(client, office, data):
    url = reverse("reports:open_data_csv", args=[office.slug, "diary"])
    assert url == "/open-data/avonshire/diary.csv"
    first, second = client.get(url), client.get(url)
    for response in (first, second):
        assert response["Content-Type"] == "text/csv; charset=utf-8; header=present"
        assert response["Content-Disposition"] == 'attachment; filename="avonshire-diary.csv"'
        assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=600"}
        assert response["Access-Control-Allow-Origin"] == "*"
    assert (first["X-Engage-Cache"], second["X-Engage-Cache"]) == ("miss", "hit")
    assert first.content == second.content
    assert not first.content.startswith(b"\xef\xbb\xbf")  # UTF-8 without a byte-order mark
    json_url = reverse("reports:open_data_json", args=[office.slug, "you-said-we-did"])
    assert json_url == "/open-data/avonshire/you-said-we-did.json"
    for response in (client.get(json_url), client.get(json_url)):
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert (
            response["Content-Disposition"] == 'inline; filename="avonshire-you-said-we-did.json"'
        )


def test_the_files_are_the_same_in_welsh(client, office, data):
    english = _json(client, office, "diary")
    client.cookies["django_language"] = "cy"
    welsh = _json(client, office, "diary")
    assert welsh["rows"] == english["rows"]
    assert welsh["columns"] == english["columns"]


def test_another_offices_data_never_appears(client, office, other_office, data):
    Decision.objects.create(
        office=other_office,
        reference="SV/2026/001",
        slug="sv-2026-001",
        title="Severnvale road safety fund",
        decided_on=dt.date(2026, 3, 1),
        kind=DecisionKind.COMMISSIONING,
        summary="Severnvale money.",
        published_at=timezone.now(),
    )
    for dataset in open_data.DATASETS:
        raw = client.get(reverse("reports:open_data_json", args=[office.slug, dataset])).content
        assert b"Severnvale" not in raw and b"SV/2026/001" not in raw, dataset
        theirs = json.dumps(_json(client, other_office, dataset)["rows"])
        assert "Avonshire" not in theirs and "PCC/2026/014" not in theirs, dataset
    assert [r["reference"] for r in _json(client, other_office, "decisions")["rows"]] == [
        "SV/2026/001"
    ]


@pytest.mark.parametrize(
    "path",
    [
        "/open-data/nowhere/",
        "/open-data/nowhere/diary.csv",
        "/open-data/nowhere/diary.json",
        "/open-data/avonshire/budgets.csv",
        "/open-data/avonshire/budgets.json",
        "/open-data/avonshire/diary.xml",
    ],
)
def test_an_unknown_office_or_dataset_is_not_found(client, office, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Content-Disposition" not in response


# -- the pages ----------------------------------------------------------------------------------


def test_the_index_links_to_each_offices_open_data(client, office, other_office):
    html = client.get(reverse("reports:open_data_index")).content.decode()
    assert f'href="/open-data/{office.slug}/"' in html
    assert f'href="/open-data/{other_office.slug}/"' in html
    assert f"Open data of the {office.name}" in _text(html)


def test_the_page_describes_each_dataset_from_its_definition(client, office):
    response = client.get(reverse("reports:open_data", args=[office.slug]))
    # It counts the rows, so it is kept no longer than the files.
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=600"}
    html = response.content.decode()
    page = _text(html)
    for dataset in open_data.DATASETS.values():
        assert f'href="/open-data/{office.slug}/{dataset.slug}.csv"' in html
        assert f'href="/open-data/{office.slug}/{dataset.slug}.json"' in html
        assert str(dataset.description) in page
        for c in dataset.columns:
            described = f"{c.name} {c.meaning} Type: {c.type_label} Example: {c.example}"
            assert described in page, c.name
    assert "Open Government Licence v3.0" in page
    assert (
        "Contains public sector information licensed under the Open Government Licence v3.0. "
        f"{office.name}." in page
    )
    # An office that has published nothing: each dataset says so, and shows no rows.
    assert page.count("There is nothing in it yet: its files have only the column names.") == 5
    assert "The first" not in page


def test_the_page_shows_how_many_rows_each_file_has_and_the_first_rows(client, office, data):
    html = client.get(reverse("reports:open_data", args=[office.slug])).content.decode()
    page = _text(html)
    diary, consultations, results_, decisions, points = (
        len(_json(client, office, d.slug)["rows"]) for d in open_data.DATASETS.values()
    )
    assert (diary, consultations, decisions) == (2, 1, 1)
    assert (
        "The Commissioner's diary The public engagements of the Police and Crime Commissioner"
    ) in page
    assert "At present it has 2 rows. Download “The Commissioner's diary” as CSV" in page
    assert "At present it has 1 row. Download “Consultations” as CSV" in page
    assert f"At present it has {results_} rows. Download “Consultation results”" in page
    assert f"At present it has {points} rows. Download “You said, we did”" in page
    # The first rows as the CSV has them, long texts cut short.
    assert "The first 2 rows of “The Commissioner's diary”" in page
    assert "The first row of “Decisions”" in page
    assert "The first 3 rows of “Consultation results”" in page
    assert (
        "PCC/2026/014 Policing precept 2027/28 Praesept plismona 2027/28 2026-02-24 precept "
        "The Band D policing precept rises by £1… "
    ) in page
    # What an officer pasted from a spreadsheet is shown as the file has it, never as a link.
    assert '\'=HYPERLINK("http://evil.example/steal"…' in page
    assert "evil.example" not in re.sub(r">[^<]*<", "><", html)


def test_the_public_footer_links_to_the_open_data(client, office):
    html = client.get(reverse("public:home", args=[office.slug])).content.decode()
    assert f'href="/open-data/{office.slug}/"' in html


def test_the_docs_list_the_same_columns_as_the_definitions():
    docs = (Path(settings.BASE_DIR) / "docs" / "open-data.md").read_text()
    assert with_columns(docs) == docs, "run: manage.py open_data_docs"
    for dataset in open_data.DATASETS.values():
        for c in dataset.columns:
            assert f"| `{c.name}` | {c.type} |" in docs

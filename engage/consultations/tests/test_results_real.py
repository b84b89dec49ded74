"""The results pages, exports and report from a real analysis of 240 responses (analyse())."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape

import pytest
from django.urls import reverse

from engage.consultations import report
from engage.consultations.analysis import analyse
from engage.consultations.models import QuestionKind, Status
from engage.consultations.results import number
from engage.consultations.tests.result_fixture import finished_analysis
from engage.consultations.tests.test_analysis import build
from engage.places.tests.conftest import populated, warwickshire  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture
def analysed(office, populated):  # noqa: F811
    consultation = build(office, area=populated)
    # Stored as Run.result is: through JSON, so its keys are strings.
    result = json.loads(json.dumps(analyse(consultation)))
    finished_analysis(consultation, result)
    return consultation, result


def _question(result, kind):
    return next(q for q in result["questions"] if q["kind"] == kind)


def test_results_page_from_a_real_analysis(client, analyst, analysed):
    consultation, result = analysed
    client.force_login(analyst)
    url = reverse("consultations:results", args=[consultation.pk])
    page = _text(client.get(url, {"by": "area"}).content.decode())
    base = result["base"]
    assert (
        f"240 responses; 234 with the about-you answers, weighted to the Census 2021 population "
        f"of Warwickshire by age, sex, ethnic group and district; effective sample size "
        f"{number(base['effective_n'])}; design effect {number(base['design_effect'], 2)}; "
        f"margin of error ±{number(base['margin_of_error'], 1)} points" in page
    )
    single = _question(result, "single")
    assert f"Base: 240 people answered (weighted base {number(single['weighted_n'], 1)})." in page
    for row in single["results"]:
        # People, % and weighted % side by side; fewer than 10 people marked for staff.
        marker = " * (fewer than 10 people)" if row["n"] < 10 else ""
        pcts = f"{number(row['pct'], 1)}% {number(row['weighted_pct'], 1)}%"
        assert f"{row['label']} {row['n']}{marker} {pcts}" in page
    north = single["crosstabs"]["area"][0]
    assert f"North Warwickshire {north['n']} ({number(north['weighted_n'], 1)})" in page
    assert "16 to 24 Under-represented" in page
    theme = _question(result, "text")["themes"][0]
    assert f"{theme['label']} {', '.join(theme['keywords'])} {theme['n']}" in page
    assert "Group A 120" in page and "Group B 120" in page
    number_q = _question(result, "number")
    assert f"Average (mean): {number(number_q['mean']['mean'], 2)}" in page


def test_public_page_and_published_pdf_from_a_real_analysis(client, analysed, tmp_path):
    consultation, result = analysed
    consultation.status = Status.PUBLISHED
    consultation.save()
    url = reverse(
        "consultations:public_results", args=[consultation.office.slug, consultation.slug]
    )
    page = _text(client.get(url).content.decode())
    small = [
        r for r in result["representativeness"] if r["respondents"] < 10 and r["respondents"] > 0
    ]
    assert small, "the skewed sample has groups of fewer than 10"
    for row in small:
        assert re.search(rf"{re.escape(row['label'])}( Under-represented)? fewer than 10", page)
    # Themes are published by name and count, never with what a respondent wrote.
    theme = _question(result, "text")["themes"][0]
    assert theme["quotes"] and theme["label"] in page
    assert not any(quote in page for quote in theme["quotes"])
    assert "In their words" not in page
    pdf = report.render_pdf(consultation, consultation.runs.get(), published=True)
    assert pdf.startswith(b"%PDF")


def test_results_csv_from_a_real_analysis(client, analyst, analysed):
    consultation, result = analysed
    client.force_login(analyst)
    url = reverse("consultations:export_results", args=[consultation.pk, "csv"])
    rows = list(csv.DictReader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    precept = _question(result, "precept")
    overall = [r for r in rows if r["Question"] == precept["text"] and r["Breakdown"] == ""]
    assert [(r["Answer"], int(r["People"])) for r in overall] == [
        (row["label"], row["n"]) for row in precept["results"]
    ]
    assert {r["Breakdown"] for r in rows} >= {"", "District", "Age", "Sex", "Ethnic group"}
    assert consultation.questions.filter(kind=QuestionKind.STATEMENTS).exists()


def test_run_the_analysis_from_the_page(
    client,
    analyst,
    office,
    populated,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    consultation = build(office, area=populated)
    client.force_login(analyst)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("consultations:analyse", args=[consultation.pk]))
    run = consultation.runs.get()
    assert response["Location"] == reverse("consultations:run", kwargs={"run": run.pk})
    run.refresh_from_db()
    assert run.status == "done", run.error
    page = _text(
        client.get(reverse("consultations:results", args=[consultation.pk])).content.decode()
    )
    assert "240 responses; 234 with the about-you answers" in page


def test_who_responded_charts_draw_shares_as_percentages(client, analyst, analysed):
    consultation, result = analysed
    client.force_login(analyst)
    html = client.get(reverse("consultations:results", args=[consultation.pk])).content.decode()
    chart = html[html.index("chart-who-age_band-title") :]
    chart = chart[: chart.index("</svg>")]
    largest = max(
        (r for r in result["representativeness"] if r["dimension"] == "age_band"),
        key=lambda r: r["respondent_share"],
    )
    # A group that is, say, 0.31 of respondents is drawn as a bar labelled 31%, not 0%.
    assert f">{round(largest['respondent_share'] * 100)}%<" in chart

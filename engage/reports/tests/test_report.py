"""The Panel and annual reports: what they say (the dashboard's figures), that they are tagged
PDFs with a title, language and alternative text, and that the same data gives the same bytes."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse

from engage.reports import figures, report
from engage.reports.tests.figures_data import build_small_office

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils"),
]

Q1 = figures.quarter(2025, 1)


@pytest.fixture
def small(office, officer, commissioner):
    return build_small_office(office, officer=officer, commissioner=commissioner)


def _run(*command: str) -> str:
    out = subprocess.run(command, capture_output=True, check=True)  # noqa: S603 - our own files
    return out.stdout.decode()


def _pdftotext(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return re.sub(r"\s+", " ", _run("pdftotext", "-layout", str(path), "-"))


def _pdfinfo(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    return _run("pdfinfo", str(path))


def _objects(pdf: bytes) -> bytes:
    """The PDF's objects, its compressed object streams inflated, to look for tags in."""
    out = pdf
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            out += zlib.decompress(match.group(1))
        except zlib.error:
            continue  # an image or font stream
    return out


def test_panel_report_holds_the_dashboards_figures(client, officer, small, tmp_path):
    client.force_login(officer)
    response = client.get(reverse("reports:panel_report", args=[2025, 1]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="avonshire-panel-report-2025-26-q1.pdf"'
    )
    text = _pdftotext(response.content, tmp_path)
    assert "Engagement report to the Police and Crime Panel" in text
    assert "Quarter 1 of 2025 to 2026 (1 April 2025 to 30 June 2025)" in text
    # The summary: the same figures the dashboard shows for these dates.
    for line in [
        "Activities held 5",
        "People reached 1,200",
        "Cost £280.00",
        "Staff time (hours) 8.0",
        "Cost per person reached £1.79",
        "Average feedback rating (1 to 5) 4.0 from 3 ratings",
        "Consultations open 2",
        "Consultations closed 1",
        "Consultation responses received 3",
        "Concerns raised 4",
        "Concerns that fed a published decision 3",
        "Decisions published 1",
        "Surgeries held 2",
        "People seen at surgeries 3",
        "Alert subscribers at the end of the period 2",
        "Alerts sent 1",
    ]:
        assert line in text, line
    # Reach by channel and district, each chart with its table.
    assert "Radio or television 1 1,000" in text
    assert "Rugby 3 100" in text
    assert "Jun 2025 2 1,000" in text
    # Consultations and what came of them, concerns, surgeries, alerts.
    assert "Precept 2026 1 March 2025 – 30 April" in text
    assert "2 1 Published" in text and "1 0 Not yet" in text
    assert "Decision PCC/2025/001: Decision PCC/2025/001 (9 May 2025)" in text
    assert "“You said, we did”: Precept 2026" in text
    assert "Anti-social behaviour 2 4 1" in text
    assert "2 surgeries were held, and 3 people were seen." in text
    assert "1 alert was sent (2 messages)." in text
    assert "Email 1" in text and "Text message (SMS) 1" in text


def test_annual_report(client, officer, small, tmp_path):
    client.force_login(officer)
    response = client.get(reverse("reports:annual_report", args=[2025]))
    assert response["Content-Disposition"] == (
        'attachment; filename="avonshire-annual-report-2025-26.pdf"'
    )
    assert reverse("reports:annual_report", args=[2025]) == "/reports/annual/2025-26.pdf"
    text = _pdftotext(response.content, tmp_path)
    assert "Annual engagement report" in text
    assert "Financial year 2025 to 2026" in text
    # April 2025 to March 2026: the quarter's five, and July's.
    assert "Activities held 6" in text
    assert "People reached 1,700" in text


def test_report_is_a_tagged_pdf_with_title_language_and_dates(small, tmp_path):
    pdf = report.render_pdf(small.office, Q1, report.PANEL)
    info = _pdfinfo(pdf, tmp_path)
    assert "Tagged:          yes" in info
    assert (
        "Title:           Engagement report to the Police and Crime Panel: "
        "Quarter 1 of 2025 to 2026 (1 April 2025 to 30 June 2025)"
    ) in info
    assert "CreationDate:    Mon Jun 30" in info
    objects = _objects(pdf)
    assert b"/Lang (en)" in objects
    for title in (b"by month", b"by channel", b"by district"):
        assert b"/Alt (Chart: people reached " + title + b")" in objects
    # Headings in order, tables with header cells.
    assert b"/H1" in objects and b"/H2" in objects
    assert b"/TH" in objects


def test_the_same_data_gives_the_same_bytes(small):
    first = report.render_pdf(small.office, Q1, report.PANEL)
    cache.clear()  # the charts are drawn again
    assert report.render_pdf(small.office, Q1, report.PANEL) == first


def test_the_report_looks_right(small, tmp_path):
    """Rendered to PNG (pdftoppm) to look at; the first page must not be blank."""
    path = tmp_path / "report.pdf"
    path.write_bytes(report.render_pdf(small.office, Q1, report.PANEL))
    _run("pdftoppm", "-png", "-r", "60", str(path), str(tmp_path / "page"))
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) >= 2
    assert pages[0].stat().st_size > 10_000


def test_the_reports_page_lists_quarters_and_years(client, officer, small):
    client.force_login(officer)
    html = client.get(reverse("reports:reports")).content.decode()
    assert 'href="/reports/panel/2025-26/q1.pdf"' in html
    assert 'href="/reports/annual/2025-26.pdf"' in html
    # From the year of the first activity (March 2025 is in 2024-25) to this one.
    assert 'href="/reports/annual/2024-25.pdf"' in html
    assert 'href="/reports/panel/2024-25/q4.pdf"' in html
    assert "Panel report for quarter 1: 1 April 2025 to 30 June 2025 (PDF)" in html
    assert "Annual engagement report 2025 to 2026 (PDF)" in html


def test_available_years_and_quarters(small):
    years = report.available(small.office, today=dt.date(2025, 8, 15))
    assert [y.slug for y in years] == ["2025-26", "2024-25"]
    assert [q.number for q in years[0].quarters] == [1, 2]
    assert [q.ended for q in years[0].quarters] == [True, False]
    assert years[0].ended is False and years[1].ended is True


def test_no_report_of_a_quarter_not_begun_or_a_year_that_is_not_one(client, officer, small):
    client.force_login(officer)
    this_year = figures.financial_year_of(dt.date.today())
    assert client.get(reverse("reports:annual_report", args=[this_year + 2])).status_code == 404
    assert client.get("/reports/annual/2025-27.pdf").status_code == 404
    assert client.get("/reports/panel/2025-26/q5.pdf").status_code == 404


def test_another_office_gets_its_own_report(client, other_officer, small, tmp_path):
    client.force_login(other_officer)
    response = client.get(reverse("reports:panel_report", args=[2025, 1]))
    text = _pdftotext(response.content, tmp_path)
    assert "Severnvale" in text
    assert "Activities held 0" in text
    assert "Precept 2026" not in text


def test_the_reports_need_a_member(client, small):
    assert client.get(reverse("reports:panel_report", args=[2025, 1])).status_code == 302


def test_report_holds_who_we_have_not_heard_from_and_what_worked(small, tmp_path):
    from engage.evaluation.queries import by_channel
    from engage.planning.gaps import gap_analysis

    sentences = [g.sentence for g in gap_analysis(small.office, end=Q1.end, months=3).largest(5)]
    channels = {r.channel: r for r in by_channel(small.office, start=Q1.start, end=Q1.end)}
    assert sentences
    text = _pdftotext(report.render_pdf(small.office, Q1, report.PANEL), tmp_path)
    assert "Who we have not heard from" in text
    for sentence in sentences:
        assert re.sub(r"\s+", " ", sentence) in text
    assert "What worked" in text
    in_person = channels["in_person"]
    assert (in_person.activities, in_person.reached) == (2, 40)
    assert "In person 2 40" in text
    assert "Radio or television 1 1,000" in text


def test_a_report_in_welsh_says_so(small):
    from django.utils import translation

    with translation.override("cy"):
        pdf = report.render_pdf(small.office, Q1, report.PANEL)
    assert b"/Lang (cy)" in _objects(pdf)


def test_the_report_reads_a_fixed_number_of_queries(small):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from engage.reports.tests.test_figures import figures_data_more

    with CaptureQueriesContext(connection) as first:
        report.context(small.office, Q1, report.PANEL)
    for i in range(20):
        figures_data_more(small, i)
    with CaptureQueriesContext(connection) as second:
        report.context(small.office, Q1, report.PANEL)
    assert len(first) == len(second)

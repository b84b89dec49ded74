"""The PDF report: what it says, that it is tagged, and that it is reproducible."""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib

import pytest
from django.core.cache import cache
from django.urls import reverse

from engage.consultations import report
from engage.consultations.models import Status
from engage.consultations.tests.result_fixture import build_consultation, finished_analysis

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils"),
]


def _pdftotext(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    command = [shutil.which("pdftotext") or "pdftotext", "-layout", str(path), "-"]
    out = subprocess.run(command, capture_output=True, check=True)  # noqa: S603 - our own file
    return re.sub(r"\s+", " ", out.stdout.decode())


def _objects(pdf: bytes) -> bytes:
    """The PDF's objects, its compressed object streams inflated, to look for tags in."""
    out = pdf
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            out += zlib.decompress(match.group(1))
        except zlib.error:
            continue  # an image or font stream
    return out


def _pdfinfo(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(  # noqa: S603 - our own temporary file
        ["pdfinfo", str(path)],  # noqa: S607 - poppler-utils on the PATH
        capture_output=True,
        check=True,
    )
    return out.stdout.decode()


@pytest.fixture
def analysed(office):
    consultation = build_consultation(office)
    finished_analysis(consultation)
    return consultation


def test_report_has_the_headings_base_and_figures(client, commissioner, analysed, tmp_path):
    client.force_login(commissioner)
    response = client.get(reverse("consultations:report_pdf", args=[analysed.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="precept-2027-results.pdf"'
    text = _pdftotext(response.content, tmp_path)
    assert "Police and crime precept 2027/28" in text
    assert "Who the figures describe" in text
    assert "effective sample size 1,102; design effect 1.70; margin of error ±3.0 points" in text
    assert "Who responded" in text
    assert "How much more would you pay a year for policing (Band D)?" in text
    assert "£14 more a year 839 43.0% 38.8% ±2.9" in text
    assert "Police visibility" in text
    assert "Group A" in text
    # Staff report: small numbers shown, and marked.
    assert "Road safety 8* 0.4% 0.5% ±0.4" in text


def test_report_is_a_tagged_pdf_with_its_language_and_dates(analysed, tmp_path):
    pdf = report.render_pdf(analysed, analysed.runs.get())
    info = _pdfinfo(pdf, tmp_path)
    assert "Tagged:          yes" in info
    assert "Title:           Results: Police and crime precept 2027/28" in info
    assert "CreationDate:    Fri Feb 20 10:15:00 2026" in info
    objects = _objects(pdf)
    assert b"/Lang (en)" in objects
    # Each chart is a figure with alternative text.
    assert b"/Alt (Chart: How much more would you pay a year for policing \\(Band D\\)?)" in objects
    assert b"/Alt (Chart: who responded, by ethnic group)" in objects


def test_the_same_result_gives_the_same_bytes(analysed):
    run = analysed.runs.get()
    first = report.render_pdf(analysed, run)
    cache.clear()
    assert report.render_pdf(analysed, run) == first


def test_published_report_suppresses_small_cells(analysed, tmp_path):
    analysed.status = Status.PUBLISHED
    analysed.save()
    pdf = report.render_pdf(analysed, analysed.runs.get(), published=True)
    text = _pdftotext(pdf, tmp_path)
    assert "Published results" in text
    assert "Most people who answered would pay £14 more a year for policing." in text
    assert "Road safety fewer than 10" in text
    assert "0.4%" not in text
    assert "Speeding on the A46" not in text


def test_public_pdf_only_once_published(client, analysed, tmp_path):
    url = reverse("consultations:public_report_pdf", args=[analysed.office.slug, analysed.slug])
    assert client.get(url).status_code == 404
    analysed.status = Status.PUBLISHED
    analysed.save()
    response = client.get(url)
    assert response.status_code == 200
    assert "Road safety fewer than 10" in _pdftotext(response.content, tmp_path)


def test_report_before_any_analysis_says_so(client, analyst, office):
    consultation = build_consultation(office)
    client.force_login(analyst)
    response = client.get(reverse("consultations:report_pdf", args=[consultation.pk]))
    assert response.status_code == 404
    assert "There are no results to download yet" in response.content.decode()

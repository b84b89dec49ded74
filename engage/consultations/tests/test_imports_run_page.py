"""The progress page of long work: what it says while waiting, running, done and failed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from engage.consultations.models import Consultation, Run, RunKind, RunStatus, Status


@pytest.fixture
def consultation(office):
    return Consultation.objects.create(
        office=office,
        title="Precept 2027",
        slug="precept-2027",
        description="How much should policing cost?",
        strategic_area="precept",
        status=Status.CLOSED,
    )


def _run(consultation, officer, **fields):
    return Run.objects.create(
        office=consultation.office,
        consultation=consultation,
        kind=fields.pop("kind", RunKind.ANALYSIS),
        started_by=officer,
        **fields,
    )


def test_a_queued_run_says_it_is_waiting_and_refreshes(officer_client, consultation, officer):
    run = _run(consultation, officer)

    page = officer_client.get(reverse("consultations:run", args=[run.pk]))

    assert "Waiting to start" in page.text
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page.text
    assert 'hx-trigger="every 2s"' in page.text


def test_a_running_run_shows_how_far_it_has_got(officer_client, consultation, officer):
    run = _run(consultation, officer, status=RunStatus.RUNNING, progress=45, stage="weighting")

    page = officer_client.get(reverse("consultations:run", args=[run.pk]))

    assert "45% — weighting" in page.text
    assert 'role="progressbar"' in page.text
    assert 'aria-valuenow="45"' in page.text
    assert '<rect x="0" y="0" width="45%"' in page.text
    assert 'http-equiv="refresh"' in page.text


def test_htmx_polls_only_the_status(officer_client, consultation, officer):
    run = _run(consultation, officer, status=RunStatus.RUNNING, progress=10, stage="reading")

    fragment = officer_client.get(
        reverse("consultations:run", args=[run.pk]), headers={"HX-Request": "true"}
    )

    assert fragment.text.startswith('<div id="run-status"')
    assert "<html" not in fragment.text
    assert "10% — reading" in fragment.text


def test_a_finished_analysis_says_done_and_links_to_the_results(
    officer_client, consultation, officer
):
    run = _run(
        consultation,
        officer,
        status=RunStatus.DONE,
        progress=100,
        result={"version": 1, "base": {"responses": 2040}},
    )

    page = officer_client.get(reverse("consultations:run", args=[run.pk]))

    assert "Done" in page.text
    assert "The analysis has finished." in page.text
    assert "Based on 2040 responses." in page.text
    assert reverse("consultations:results", args=[consultation.pk]) in page.text
    assert "http-equiv" not in page.text
    assert "hx-trigger" not in page.text


def test_a_failed_import_shows_its_message(officer_client, consultation, officer):
    run = _run(
        consultation,
        officer,
        kind=RunKind.IMPORT,
        status=RunStatus.FAILED,
        error="Nothing was imported.\nRow 7: bad.",
    )

    page = officer_client.get(reverse("consultations:run", args=[run.pk]))

    assert "Failed" in page.text
    assert "The import failed: nothing was saved" in page.text
    assert "Nothing was imported.<br>Row 7: bad." in page.text
    assert reverse("consultations:import", args=[consultation.pk]) in page.text


def test_the_run_page_is_for_staff_of_the_office(
    client, consultation, officer, ambassador, other_officer
):
    run = _run(consultation, officer)
    url = reverse("consultations:run", args=[run.pk])
    client.force_login(ambassador)
    assert client.get(url).status_code == 403
    client.force_login(other_officer)
    assert client.get(url).status_code == 404

"""The retention page: what is due now and the log of runs, for the data guardians only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from engage.dataprotection.models import RetentionRun
from engage.dataprotection.retention import apply_retention
from engage.dataprotection.tests.test_retention import concern

pytestmark = pytest.mark.django_db

PAGE = reverse("dataprotection:retention")


def test_the_page_shows_what_is_due_and_the_runs_so_far(client, admin_user, office, other_office):
    old = concern(office, raised_on=timezone.localdate() - dt.timedelta(days=7 * 366))
    concern(other_office, raised_on=timezone.localdate() - dt.timedelta(days=7 * 366))
    apply_retention(office, dry_run=True)
    client.force_login(admin_user)
    page = client.get(PAGE).content.decode()
    due = page[page.index('id="due"') : page.index('id="runs"')]
    assert "The concern itself: six years after it was raised." in due
    assert old.raised_on.strftime("%-d %B %Y") in due
    assert "Delete" in due and ">1</td>" in due
    runs = page[page.index('id="runs"') :]
    assert "Dry run" in runs and "Finished" in runs
    assert "1 would be deleted" in runs
    # The other office's run is not listed here.
    assert RetentionRun.objects.count() == 1


def test_a_failed_run_shows_its_error(client, chief_executive, office):
    RetentionRun.objects.create(
        office=office,
        started_at=timezone.now(),
        trigger="command",
        status="failed",
        error="OperationalError: database is locked",
    )
    client.force_login(chief_executive)
    page = client.get(PAGE).content.decode()
    assert "Nothing is due" in page
    assert "It failed and changed nothing: OperationalError: database is locked" in page


def test_an_officer_may_not_see_it(client, officer):
    client.force_login(officer)
    assert client.get(PAGE).status_code == 403

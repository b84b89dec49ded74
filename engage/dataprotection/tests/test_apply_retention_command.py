"""manage.py apply_retention: the dry run changes nothing; the real run does what it said."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from engage.dataprotection.models import RetentionRun, Trigger
from engage.dataprotection.tests.test_retention import ago, concern, subscriber
from engage.engagements.models import Concern
from engage.messaging.models import Subscriber, SubscriberStatus

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def run(*args: str) -> str:
    out = StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def snapshot():
    return (
        sorted(Concern.objects.values_list("pk", "contact_email")),
        sorted(Subscriber.objects.values_list("pk", flat=True)),
    )


@pytest.fixture
def due_records(office):
    concern(office, raised_on=TODAY - dt.timedelta(days=250), replied_at=ago(days=200))
    concern(office, raised_on=TODAY - dt.timedelta(days=7 * 366))
    subscriber(office, status=SubscriberStatus.PENDING, created_days_ago=30)


def test_the_dry_run_reports_and_changes_nothing(office, due_records):
    before = snapshot()
    out = run("--dry-run")
    assert snapshot() == before
    assert f"({office.slug}). Dry run: nothing changed." in out
    assert "engagements.Concern (rule 1): 1 would be erased" in out
    assert "engagements.Concern (rule 3): 1 would be deleted, oldest" in out
    assert "messaging.Subscriber (rule 1): 1 would be deleted" in out
    logged = RetentionRun.objects.get()
    assert logged.dry_run and logged.trigger == Trigger.COMMAND and logged.total == 3


def test_the_real_run_changes_exactly_what_the_dry_run_said(office, due_records):
    dry = run("--dry-run")
    real = run()
    said = [line.replace("would be ", "") for line in dry.splitlines()[1:]]
    assert real.splitlines()[1:] == said
    assert Concern.objects.count() == 1
    assert Concern.objects.get().contact_email == ""
    assert Subscriber.objects.count() == 0
    assert "Nothing is due." in run()


def test_one_office_only(office, other_office, due_records):
    concern(other_office, raised_on=TODAY - dt.timedelta(days=7 * 366))
    out = run("--office", other_office.slug)
    assert office.slug not in out
    assert Concern.objects.filter(office=other_office).count() == 0
    assert Concern.objects.filter(office=office).count() == 2
    with pytest.raises(CommandError, match="No office"):
        run("--office", "nowhere")


def test_the_worker_runs_it_for_every_office(office, other_office, due_records, settings):
    from engage.dataprotection.tasks import apply_retention_daily

    done = apply_retention_daily.call()
    assert done == {office.slug: 3, other_office.slug: 0}
    assert set(RetentionRun.objects.values_list("trigger", flat=True)) == {Trigger.WORKER}

"""End to end on the demo office: the dry run, then the real run, against the full demo data."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from engage.consultations.models import Response, Run, RunKind
from engage.core.demo import load_demo
from engage.dataprotection.models import RetentionRun, Trigger
from engage.dataprotection.retention import apply_retention, due
from engage.decisions.models import Outcome

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo(today=timezone.localdate())
        transaction.set_rollback(True)


def _results(consultation) -> tuple:
    """What the consultation's published results are computed from."""
    responses = Response.objects.filter(consultation=consultation)
    answers = Counter(
        json.dumps(a, sort_keys=True) for a in responses.values_list("answers", flat=True)
    )
    about = Counter(responses.values_list("age_band", "sex", "ethnic_group", "disability", "area"))
    analysis = Run.objects.filter(consultation=consultation, kind=RunKind.ANALYSIS).values_list(
        "result", flat=True
    )
    return responses.count(), answers, about, list(analysis)


def test_the_demo_shows_last_nights_run_and_what_is_due_now(demo):
    office = demo.office
    last_night = RetentionRun.objects.for_office(office).get()
    assert last_night.trigger == Trigger.DEMO and not last_night.dry_run
    assert [(e["record"], e["action"], e["count"]) for e in last_night.counts] == [
        ("stakeholders.Contact", "review", 2),
        ("engagements.Concern", "erase", 2),
    ]
    assert {(d.record.label, d.rule.action, d.count) for d in due(office)} == {
        ("stakeholders.Contact", "review", 2),
        ("engagements.Concern", "erase", 3),
        ("messaging.Subscriber", "delete", 2),
    }


def test_the_real_run_on_the_demo_does_what_the_dry_run_said_and_keeps_the_results(demo):
    office = demo.office
    # The precept's outcome was published 4 months ago: its respondents' email addresses and
    # return links are due to go (3 months after).
    outcome = Outcome.objects.filter(office=office, consultation__isnull=False).first()
    Outcome.objects.filter(pk=outcome.pk).update(
        published_at=timezone.now() - relativedelta(months=4)
    )
    precept = outcome.consultation
    responses = Response.objects.filter(consultation=precept)
    assert responses.exclude(email="").exists()
    before = _results(precept)

    dry = apply_retention(office, dry_run=True)
    said = [(e["record"], e["rule"], e["count"]) for e in dry.counts]
    assert ("consultations.Response", 0, responses.count()) in said
    real = apply_retention(office, dry_run=False)
    assert [(e["record"], e["rule"], e["count"]) for e in real.counts] == said

    assert _results(precept) == before
    assert not responses.exclude(email="").exists()
    assert not responses.filter(wants_outcome=True).exists()
    # Only the reviews are left, and a second run changes nothing.
    again = apply_retention(office, dry_run=False)
    assert [(e["record"], e["action"]) for e in again.counts] == [
        ("stakeholders.Contact", "review")
    ]

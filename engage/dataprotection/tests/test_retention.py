"""The retention schedule: each action, the audit trail, idempotence, office scoping, the log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from engage.consultations.models import Consultation, Response
from engage.dataprotection import retention
from engage.dataprotection.models import RetentionRun, RunStatus
from engage.engagements.models import Concern, ConcernSource, ConcernTheme
from engage.messaging.models import Subscriber, SubscriberStatus, Suppression
from engage.stakeholders.models import Category, Organisation

pytestmark = pytest.mark.django_db

NOW = timezone.now()
TODAY = timezone.localdate()


def ago(**kwargs) -> dt.datetime:
    return NOW - dt.timedelta(**kwargs)


def concern(office, *, raised_on, replied_at=None, email="sam@example.org") -> Concern:
    theme, _ = ConcernTheme.objects.get_or_create(office=office, name="Speeding")
    return Concern.objects.create(
        office=office,
        summary="Cars race down Clifton Road at night",
        theme=theme,
        source=ConcernSource.SURGERY,
        raised_on=raised_on,
        replied_at=replied_at,
        contact_name="Sam Patel",
        contact_email=email,
        contact_phone="07700900123",
    )


def subscriber(office, *, status, created_days_ago, address="a@example.org") -> Subscriber:
    sub = Subscriber.objects.create(office=office, channel="email", address=address, status=status)
    Subscriber.objects.filter(pk=sub.pk).update(created_at=ago(days=created_days_ago))
    return sub


def by_rule(found):
    return {(d.record.label, d.index): d.count for d in found}


def test_erase_blanks_the_contact_details_keeps_the_concern_and_its_audit_trail_copies(office):
    old = concern(office, raised_on=TODAY - dt.timedelta(days=250), replied_at=ago(days=200))
    recent = concern(office, raised_on=TODAY - dt.timedelta(days=20), replied_at=ago(days=10))
    assert old.history.count() == 1

    found = retention.due(office)
    assert by_rule(found) == {("engagements.Concern", 0): 1}
    assert found[0].oldest_date == timezone.localtime(old.replied_at).date()

    run = retention.apply_retention(office, dry_run=False)
    assert run.status == RunStatus.FINISHED and run.total == 1
    old.refresh_from_db()
    assert (old.contact_name, old.contact_email, old.contact_phone) == ("", "", "")
    assert old.summary == "Cars race down Clifton Road at night"
    copy = old.history.get()
    assert (copy.contact_name, copy.contact_email, copy.contact_phone) == ("", "", "")
    recent.refresh_from_db()
    assert recent.contact_email == "sam@example.org"


def test_two_rules_erasing_the_same_fields_count_a_record_once(office):
    # Raised 13 months ago and replied to 7 months ago: both erasing rules apply.
    concern(office, raised_on=TODAY - dt.timedelta(days=400), replied_at=ago(days=215))
    assert by_rule(retention.due(office)) == {("engagements.Concern", 0): 1}
    run = retention.apply_retention(office, dry_run=False)
    assert [(e["record"], e["rule"], e["count"]) for e in run.counts] == [
        ("engagements.Concern", 0, 1)
    ]


def test_delete_takes_the_record_and_every_copy_of_it_in_the_audit_trail(office):
    old = concern(office, raised_on=TODAY - dt.timedelta(days=7 * 366))
    history = Concern.history.model
    assert history.objects.filter(id=old.pk).exists()

    run = retention.apply_retention(office, dry_run=False)
    assert not Concern.objects.filter(pk=old.pk).exists()
    # Not even the copy that simple-history makes when a record is deleted.
    assert not history.objects.filter(id=old.pk).exists()
    deleted = [e for e in run.counts if e["action"] == "delete"]
    assert deleted[0]["record"] == "engagements.Concern" and deleted[0]["count"] == 1


def test_when_limits_a_delete_to_the_records_it_names(office):
    unconfirmed = subscriber(office, status=SubscriberStatus.PENDING, created_days_ago=8)
    fresh = subscriber(
        office, status=SubscriberStatus.PENDING, created_days_ago=2, address="b@x.org"
    )
    confirmed = subscriber(
        office, status=SubscriberStatus.ACTIVE, created_days_ago=400, address="c@x.org"
    )
    retention.apply_retention(office, dry_run=False)
    assert set(Subscriber.objects.values_list("pk", flat=True)) == {fresh.pk, confirmed.pk}
    assert unconfirmed.pk not in Subscriber.objects.values_list("pk", flat=True)


def test_review_only_reports(office):
    entry = Suppression.objects.create(office=office, address="gone@example.org", purpose="alerts")
    Suppression.objects.filter(pk=entry.pk).update(created_at=ago(days=7 * 366))
    run = retention.apply_retention(office, dry_run=False)
    assert [(e["record"], e["action"], e["count"]) for e in run.counts] == [
        ("messaging.Suppression", "review", 1)
    ]
    assert Suppression.objects.filter(pk=entry.pk).exists()


def test_the_audit_trail_keeps_each_change_six_years(office):
    org = Organisation.objects.create(
        office=office, name="Rugby Food Bank", category=Category.PUBLIC_ACCOUNTABILITY
    )
    org.name = "Rugby Foodbank"
    org.save()
    first, second = org.history.order_by("history_date")
    org.history.filter(pk=first.pk).update(history_date=ago(days=6 * 366))

    found = retention.due(office)
    assert [(d.record.label, d.is_history, d.count) for d in found] == [
        ("stakeholders.Organisation", True, 1)
    ]
    retention.apply_retention(office, dry_run=False)
    assert list(org.history.values_list("pk", flat=True)) == [second.pk]
    assert Organisation.objects.filter(pk=org.pk).exists()


def test_a_return_link_is_erased_to_a_value_nobody_can_guess(office):
    consultation = Consultation.objects.create(
        office=office,
        title="Policing precept",
        slug="precept",
        closes_on=TODAY - dt.timedelta(days=800),
    )
    responses = [
        Response.objects.create(
            office=office, consultation=consultation, answers={"q1": "yes"}, email=f"{n}@x.org"
        )
        for n in range(2)
    ]
    old_tokens = {r.token for r in responses}
    run = retention.apply_retention(office, dry_run=False)
    assert run.status == RunStatus.FINISHED, run.error
    for r in responses:
        r.refresh_from_db()
        assert r.email == "" and r.answers == {"q1": "yes"}
        assert r.token.startswith("erased-") and r.token not in old_tokens
        assert len(r.token) > len("erased-") + 16
    assert responses[0].token != responses[1].token


def test_a_second_run_does_nothing(office):
    concern(office, raised_on=TODAY - dt.timedelta(days=250), replied_at=ago(days=200))
    concern(office, raised_on=TODAY - dt.timedelta(days=7 * 366))
    subscriber(office, status=SubscriberStatus.PENDING, created_days_ago=30)
    first = retention.apply_retention(office, dry_run=False)
    assert first.total == 3
    assert retention.due(office) == []
    second = retention.apply_retention(office, dry_run=False)
    assert second.status == RunStatus.FINISHED and second.counts == []


def test_a_run_touches_only_its_office(office, other_office):
    concern(office, raised_on=TODAY - dt.timedelta(days=7 * 366))
    theirs = concern(other_office, raised_on=TODAY - dt.timedelta(days=7 * 366))
    assert retention.due(other_office)[0].count == 1
    retention.apply_retention(office, dry_run=False)
    assert Concern.objects.filter(pk=theirs.pk).exists()
    assert not Concern.objects.filter(office=office).exists()
    assert RetentionRun.objects.filter(office=other_office).count() == 0


def test_a_real_run_does_what_the_dry_run_said(office):
    concern(office, raised_on=TODAY - dt.timedelta(days=400), replied_at=ago(days=215))
    concern(office, raised_on=TODAY - dt.timedelta(days=7 * 366))
    subscriber(office, status=SubscriberStatus.PENDING, created_days_ago=30)
    dry = retention.apply_retention(office, dry_run=True)
    assert Concern.objects.count() == 2 and Subscriber.objects.count() == 1
    real = retention.apply_retention(office, dry_run=False)
    assert [(e["record"], e["rule"], e["count"]) for e in real.counts] == [
        (e["record"], e["rule"], e["count"]) for e in dry.counts
    ]
    assert Concern.objects.count() == 1 and Subscriber.objects.count() == 0


def test_a_failed_run_changes_nothing_and_says_why(office, monkeypatch):
    kept = concern(office, raised_on=TODAY - dt.timedelta(days=7 * 366))
    concern(office, raised_on=TODAY - dt.timedelta(days=250), replied_at=ago(days=200))

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(retention, "_erase", broken)
    run = retention.apply_retention(office, dry_run=False)
    assert run.status == RunStatus.FAILED and run.error == "RuntimeError: disk full"
    assert Concern.objects.filter(pk=kept.pk).exists()
    assert RetentionRun.objects.get(pk=run.pk).finished_at is not None


def test_the_consent_ledger_goes_after_six_years_but_never_while_the_person_is_subscribed(office):
    from engage.messaging.models import ConsentRecord

    active = subscriber(office, status=SubscriberStatus.ACTIVE, created_days_ago=7 * 366)
    kept, gone = (
        ConsentRecord.objects.create(
            office=office,
            subscriber=who,
            address="a@example.org",
            purpose="alerts",
            action="confirmed",
            wording="Send me alerts",
            version="1",
            source="web form",
        )
        for who in (active, None)
    )
    ConsentRecord._base_manager.update(created_at=ago(days=7 * 366))
    run = retention.apply_retention(office, dry_run=False)
    assert run.status == RunStatus.FINISHED, run.error
    assert list(ConsentRecord._base_manager.values_list("pk", flat=True)) == [kept.pk]
    assert gone.pk != kept.pk

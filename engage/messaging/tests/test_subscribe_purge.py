"""Sign-ups never confirmed are erased after 7 days; their consent records stay."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from engage.messaging import alerts
from engage.messaging.models import ConsentRecord, Message, Subscriber, Topic
from engage.messaging.tests.subscribe_data import active, make_areas, sign_up

pytestmark = pytest.mark.django_db


def _age(subscriber, days):
    Subscriber.objects.filter(pk=subscriber.pk).update(
        updated_at=timezone.now() - dt.timedelta(days=days),
        created_at=timezone.now() - dt.timedelta(days=days),
    )


def test_purge_deletes_sign_ups_pending_for_more_than_7_days_and_says_how_many(office, officer):
    areas = make_areas(office)
    old = sign_up(office, "old@example.org", areas=[areas["Rugby"]])
    older = sign_up(office, "+447700900123", channel="sms", areas=[areas["Rugby"]])
    recent = sign_up(office, "recent@example.org", areas=[areas["Rugby"]])
    confirmed = active(office, "confirmed@example.org", areas=[areas["Rugby"]])
    _age(old, 8)
    _age(older, 30)
    _age(recent, 6)
    _age(confirmed, 60)

    out = StringIO()
    call_command("purge_unconfirmed", stdout=out)
    assert out.getvalue() == "Deleted 2 unconfirmed subscribers (pending for more than 7 days).\n"
    assert set(Subscriber.objects.values_list("address", flat=True)) == {
        "recent@example.org",
        "confirmed@example.org",
    }
    # The ledger keeps what they agreed to, with the address, no longer linked to anyone
    kept = ConsentRecord.objects.filter(address__in=["old@example.org", "+447700900123"])
    assert sorted(kept.values_list("address", "action", "subscriber")) == [
        ("+447700900123", "given", None),
        ("old@example.org", "given", None),
    ]
    # The confirm messages stay in the delivery report, no longer linked either
    assert Message.objects.filter(address="old@example.org", subscriber=None).count() == 1

    alert = alerts.create_alert(
        office,
        by=officer,
        areas=[areas["Rugby"]],
        topics=Topic.APPEALS,
        kind="appeal",
        title="Have you seen this van?",
        body="A white van seen near three burglaries.",
        sms_text="A white van seen near three burglaries.",
    )
    alerts.fan_out(alert)
    assert list(alert.messages.values_list("address", flat=True)) == ["confirmed@example.org"]

    again = StringIO()
    call_command("purge_unconfirmed", stdout=again)
    assert again.getvalue() == "Deleted 0 unconfirmed subscribers (pending for more than 7 days).\n"


def test_signing_up_again_restarts_the_seven_days(office):
    areas = make_areas(office)
    subscriber = sign_up(office, "slow@example.org", areas=[areas["Rugby"]])
    _age(subscriber, 8)
    sign_up(office, "slow@example.org", areas=[areas["Rugby"]])
    out = StringIO()
    call_command("purge_unconfirmed", stdout=out)
    assert out.getvalue().startswith("Deleted 0 ")
    assert Subscriber.objects.count() == 1

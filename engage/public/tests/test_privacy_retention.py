"""The privacy notice's retention periods are the inventory's, so they cannot disagree."""

from __future__ import annotations

import dataclasses

import pytest
from django.urls import reverse

from engage.dataprotection import inventory
from engage.dataprotection.inventory import Action, records
from engage.public import privacy

# The records that hold what the public give us, by the notice's purpose.
PUBLIC_RECORDS = {
    "consultations": ["consultations.Response"],
    "alerts": ["messaging.Subscriber", "messaging.ConsentRecord"],
    "surgeries": ["engagements.SurgeryBooking"],
    "contact": ["engagements.Concern"],
    "comments": ["publishing.Comment"],
    "feedback": ["engagements.Feedback"],
}


def test_every_rule_that_deletes_or_erases_the_publics_data_is_quoted_by_the_notice():
    for purpose, labels in PUBLIC_RECORDS.items():
        quoted = set(privacy.QUOTED[purpose].values())
        for label in labels:
            for rule in records()[label].kept:
                if rule.action in (Action.DELETE, Action.ERASE):
                    assert rule.key in quoted, (purpose, label, str(rule.summary))


@pytest.mark.django_db
def test_the_notice_states_each_period_of_the_inventory(office):
    for p in privacy.purposes(office):
        for name, key in privacy.QUOTED[p.key].items():
            assert inventory.rule(key).period in p.kept, (p.key, name)


@pytest.mark.django_db
def test_the_three_periods_that_used_to_disagree(client, office):
    notice = client.get(reverse("public:privacy", args=[office.slug])).content.decode()
    assert "6 years after your case is closed" in notice
    assert "Two years after your case is closed" not in notice
    assert "Your email address is erased 3 months after we publish the outcome" in notice
    assert "Your contact details are erased 6 months after we reply" in notice


@pytest.mark.django_db
def test_changing_a_rule_changes_the_notice(office, monkeypatch):
    closed = inventory.rule("surgeries.closed")
    changed = {**inventory._keyed(), "surgeries.closed": dataclasses.replace(closed, months=84)}
    monkeypatch.setattr(inventory, "_keyed", lambda: changed)
    surgeries = next(p for p in privacy.purposes(office) if p.key == "surgeries")
    assert surgeries.kept.startswith("7 years after your case is closed")

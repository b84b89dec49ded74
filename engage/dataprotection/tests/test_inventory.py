"""The inventory in the code: every field is classified once, and every rule can be run."""

from __future__ import annotations

import pytest
from django.core.exceptions import FieldDoesNotExist

from engage.dataprotection.inventory import (
    HISTORY,
    PURPOSES,
    RECORDS,
    Action,
    Basis,
    FieldClass,
    classification,
    records,
    stale,
    unclassified,
)


def test_every_field_of_every_model_is_classified():
    # A new field fails here until it is added to RECORDS in dataprotection/inventory.py.
    assert unclassified() == []


def test_every_classified_field_still_exists():
    assert stale() == []


def test_each_field_is_declared_once():
    for record in RECORDS:
        declared = [
            *record.personal.split(),
            *record.special.split(),
            *record.sensitive.split(),
            *record.not_personal.split(),
        ]
        assert len(declared) == len(set(declared)), record.label
    assert len(records()) == len(RECORDS)


def test_the_equality_answers_are_special_category_and_case_notes_sensitive():
    fields = classification()
    for name in ("age_band", "sex", "ethnic_group", "disability"):
        assert fields[f"consultations.Response.{name}"] == FieldClass.SPECIAL
    assert fields["engagements.CaseNote.text"] == FieldClass.SENSITIVE
    assert fields["consultations.Response.email"] == FieldClass.PERSONAL
    assert fields["consultations.Question.text"] == FieldClass.NOT_PERSONAL
    # An audit copy is classified as its record, and records who made the change.
    assert fields["engagements.HistoricalSurgeryBooking.topic"] == FieldClass.SENSITIVE
    assert fields["engagements.HistoricalSurgeryBooking.history_user"] == FieldClass.PERSONAL
    # The table behind a many-to-many field follows the field.
    assert fields["stakeholders.Interaction_opcc_people.user"] == FieldClass.PERSONAL


def test_the_lawful_bases():
    assert PURPOSES["consultations"].basis == Basis.PUBLIC_TASK
    assert "section 96" in str(PURPOSES["consultations"].basis_detail)
    assert "Schedule 1, paragraph 8" in str(PURPOSES["consultations"].special_condition)
    assert PURPOSES["alerts"].basis == Basis.CONSENT
    # Every purpose that holds special category or sensitive data names its condition.
    for record in RECORDS:
        if record.special or record.sensitive:
            assert record.purpose.special_condition, record.label


def test_every_record_with_personal_data_says_how_long_it_is_kept():
    for record in RECORDS:
        if record.holds_personal_data:
            assert record.retention, record.label
        else:
            assert record.retention == (), record.label


def test_every_retention_rule_can_be_run_against_its_model():
    # What the retention command will do: filter on the start date and the conditions, then
    # delete the rows or blank the fields, which must all be personal.
    for record in RECORDS:
        model = record.model
        for rule in record.retention:
            if rule.action == Action.KEEP:
                continue
            assert rule.months or rule.days, record.label
            lookups = {f"{rule.start}__isnull": False, **rule.when}
            str(model._default_manager.filter(**lookups).query)
            for name in rule.fields:
                assert record.fields()[name] != FieldClass.NOT_PERSONAL, (record.label, name)
                try:
                    model._meta.get_field(name)
                except FieldDoesNotExist:  # pragma: no cover - stale() says which
                    raise AssertionError((record.label, name)) from None
    assert HISTORY.months == 72


def test_the_retention_defaults():
    def periods(label):
        return [(r.action, r.start, r.period, r.fields) for r in records()[label].retention]

    response = periods("consultations.Response")
    assert response[0] == (
        Action.ERASE,
        "consultation__outcome__published_at",
        "3 months",
        ("email", "token", "wants_outcome"),
    )
    assert response[2] == (
        Action.ERASE,
        "consultation__closes_on",
        "2 years",
        ("age_band", "sex", "ethnic_group", "disability"),
    )
    assert response[3][:3] == (Action.DELETE, "consultation__closes_on", "3 years")
    assert periods("engagements.CaseNote")[0][2] == "6 years"
    assert [p[2] for p in periods("messaging.Subscriber")] == ["7 days", "1 month"]
    assert periods("messaging.ConsentRecord")[0][2] == "6 years"


@pytest.mark.django_db
def test_the_public_privacy_notice_gives_the_inventorys_lawful_basis(office):
    from engage.public.privacy import purposes

    for section in purposes(office):
        assert section.basis == PURPOSES[section.key].notice_basis, section.key
        assert str(section.basis).startswith(str(PURPOSES[section.key].basis.label).split(" (")[0])

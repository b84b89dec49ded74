"""Erasure end to end on the demo office: the demo's resident is found in several apps, erased,
and then found nowhere, with the consultation's results unchanged and no trace in the history."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import transaction
from django.utils import timezone

from engage.accounts.models import User
from engage.consultations.models import Consultation, Response
from engage.core.demo import load_demo
from engage.dataprotection.demo import DEMO_PHONE, demo_person
from engage.dataprotection.erasure import ERASED, erase_person, ledger_hash
from engage.dataprotection.models import Erasure, RequestStatus, SubjectAccessRequest
from engage.dataprotection.subject_access import Person, find_person
from engage.engagements.models import Concern, SurgeryBooking
from engage.messaging.models import ConsentRecord, Subscriber
from engage.publishing.models import Comment

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    # Built once for the module, in a transaction rolled back afterwards (as core's demo tests).
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo(today=timezone.localdate())
        transaction.set_rollback(True)


def _results(consultation):
    """What a published result is made of: how many responded, and each answer's count."""
    counts: dict[tuple[str, str], int] = {}
    rows = Response.objects.filter(consultation=consultation).submitted()
    for answers, sex in rows.values_list("answers", "sex"):
        counts[("sex", sex)] = counts.get(("sex", sex), 0) + 1
        for key, value in answers.items():
            counts[(key, str(value) if not isinstance(value, str) else "text")] = (
                counts.get((key, str(value) if not isinstance(value, str) else "text"), 0) + 1
            )
    return rows.count(), counts


def test_the_demo_has_an_open_and_a_completed_request(demo):
    requests = SubjectAccessRequest.objects.for_office(demo.office)
    assert sorted(requests.values_list("status", flat=True)) == [
        RequestStatus.COMPLETED,
        RequestStatus.OPEN,
    ]


def test_erasing_the_demo_resident_leaves_no_trace_and_the_results_stand(demo):
    office = demo.office
    name, email = demo_person(office)
    person = Person.of(email=email, phone=DEMO_PHONE, name=name)
    before = {f.record.label for f in find_person(office, person)}
    assert {
        "consultations.Response",
        "messaging.Subscriber",
        "messaging.ConsentRecord",
        "engagements.Concern",
        "engagements.SurgeryBooking",
        "publishing.Comment",
    } <= before
    precept = Consultation.objects.get(
        pk=Response.objects.filter(email=email).first().consultation_id
    )
    results = _results(precept)
    concerns = Concern.objects.for_office(office).count()
    sar = SubjectAccessRequest.objects.get(office=office, status=RequestStatus.OPEN)
    admin = User.objects.get(email="admin@demo.engage.test")

    erasure = erase_person(office, person, by=admin, request=sar)

    assert find_person(office, person) == []
    assert _results(precept) == results
    assert Concern.objects.for_office(office).count() == concerns
    assert erasure == Erasure.objects.get(request=sar)
    assert erasure.counts["messaging.Subscriber"] == {"deleted": 2}
    assert email not in str(erasure.counts) and name not in str(erasure.counts)
    # The ledger keeps its entries, with the address as a hash only.
    hashed = ConsentRecord.objects.filter(address=ledger_hash(office, email))
    assert hashed.count() >= 2
    assert not Subscriber.objects.filter(address=email).exists()
    # The audit trail holds no trace of them, in any app's history.
    # (The request itself is kept, with how to reach them, as the record of how it was answered.)
    histories = [
        m
        for m in apps.get_models()
        if m.__name__.startswith("Historical") and m is not SubjectAccessRequest.history.model
    ]
    for model in histories:
        for row in model._default_manager.values():
            assert email not in str(row).lower(), model.__name__
    for model in (Concern, SurgeryBooking, Comment):
        for row in model.history.filter(office=office).values():
            assert name not in str(row), model
    booking = SurgeryBooking.history.filter(office=office, name=ERASED).first()
    assert booking is not None and booking.email == ""

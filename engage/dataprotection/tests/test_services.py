"""Subject access requests: when each is due, and what changing its status does."""

from __future__ import annotations

import datetime as dt

import pytest

from engage.dataprotection import services
from engage.dataprotection.models import RequestStatus

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (dt.date(2027, 1, 31), dt.date(2027, 2, 28)),
        (dt.date(2028, 1, 31), dt.date(2028, 2, 29)),  # a leap year
        (dt.date(2026, 3, 31), dt.date(2026, 4, 30)),
        (dt.date(2026, 1, 15), dt.date(2026, 2, 15)),
        (dt.date(2026, 12, 3), dt.date(2027, 1, 3)),
    ],
)
def test_a_request_is_due_on_the_same_date_next_month_or_that_months_last_day(received, due):
    assert services.due_on(received) == due


def test_recording_a_request_sets_its_due_date_and_who_handles_it(office, admin_user):
    sar = services.record_request(
        office, by=admin_user, requester_name="Jo Bloggs", received_on=dt.date(2027, 1, 31)
    )
    assert (sar.status, sar.due_on, sar.handled_by) == (
        RequestStatus.OPEN,
        dt.date(2027, 2, 28),
        admin_user,
    )
    assert sar.history.get().history_user == admin_user


def test_extending_moves_the_due_date_to_three_months_after_receipt(office, admin_user):
    sar = services.record_request(
        office, by=admin_user, requester_name="Jo Bloggs", received_on=dt.date(2026, 11, 30)
    )
    services.update_request(sar, by=admin_user, status=RequestStatus.EXTENDED)
    assert sar.due_on == dt.date(2027, 2, 28)


def test_completing_dates_it_and_reopening_clears_the_date(office, admin_user, chief_executive):
    sar = services.record_request(
        office, by=admin_user, requester_name="Jo Bloggs", received_on=dt.date(2026, 11, 2)
    )
    services.update_request(
        sar, by=chief_executive, status=RequestStatus.COMPLETED, completed_on=dt.date(2026, 11, 20)
    )
    assert sar.completed_on == dt.date(2026, 11, 20)
    services.update_request(sar, by=admin_user, status=RequestStatus.OPEN, completed_on=None)
    assert sar.completed_on is None
    assert [h.history_user for h in sar.history.order_by("history_date")] == [
        admin_user,
        chief_executive,
        admin_user,
    ]


def test_completing_an_extended_request_keeps_its_extended_due_date(office, admin_user):
    sar = services.record_request(
        office, by=admin_user, requester_name="Jo Bloggs", received_on=dt.date(2026, 11, 30)
    )
    services.update_request(sar, by=admin_user, status=RequestStatus.EXTENDED)
    services.update_request(sar, by=admin_user, status=RequestStatus.COMPLETED)
    assert sar.due_on == dt.date(2027, 2, 28)

"""The demo plan: about 25 items ahead, some from the gap suggestions, a couple slipped, several
delivered by activities already logged."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from engage.planning.demo import build_planning
from engage.planning.models import PlanItem, PlanStatus
from engage.planning.tests.factories import activity, places

pytestmark = pytest.mark.django_db


def test_build_planning_makes_a_year_ahead_with_slipped_delivered_and_suggested_items(
    office, officer
):
    today = timezone.localdate()
    p = places(office)
    for back in range(1, 6):
        activity(
            office,
            (today.replace(day=1) - relativedelta(months=back)) + dt.timedelta(days=9),
            p["north"],
            30,
        )
    build_planning(office, {"officer": officer}, today, random.Random(1))
    items = PlanItem.objects.for_office(office)
    this_month = today.replace(day=1)
    ahead = items.filter(month__gte=this_month)
    assert 20 <= ahead.count() <= 30
    assert ahead.exclude(suggested_because="").count() == 3
    assert sum(i.is_slipped(today) for i in items) == 2
    assert items.filter(activity__isnull=False, status=PlanStatus.DONE).count() == 5
    assert items.filter(status=PlanStatus.DROPPED).count() == 1
    assert all(i.history.exists() for i in items)

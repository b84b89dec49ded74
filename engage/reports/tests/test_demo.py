"""The reports' part of the demo: engagement by channels other than in person."""

import datetime as dt
import random

import pytest

from engage.engagements.models import Activity
from engage.places.models import Area, AreaKind
from engage.reports import figures
from engage.reports.demo import OTHER_CHANNELS, build_reports

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_channel(office, officer, commissioner, deputy):
    Area.objects.create(office=office, kind=AreaKind.DISTRICT, name="Rugby")
    today = dt.date(2026, 12, 3)
    people = {"officer": officer, "commissioner": commissioner, "deputy": deputy}
    build_reports(office, people, today, random.Random(2026))
    assert Activity.objects.for_office(office).count() == len(OTHER_CHANNELS)
    year = figures.custom(today - dt.timedelta(days=364), today)
    f = figures.figures_for(office, year)
    assert [r.key for r in f.by_channel] == [
        "online", "phone", "broadcast", "print", "social_media"
    ]  # fmt: skip
    assert [r.label for r in f.by_district] == ["Rugby"]

"""The demo's evaluation, built on a small office with two of the demo's forum areas."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from engage.evaluation import queries
from engage.evaluation.demo import build_evaluation
from engage.evaluation.models import Campaign, SocialPost
from engage.evaluation.tests.factories import meeting
from engage.meetings.models import AmbassadorAssignment
from engage.meetings.tests.factories import make_series
from engage.places.models import Area, AreaKind


def test_build_evaluation(office, officer, ambassador):
    today = timezone.localdate()
    series = make_series(office, title="Community Forums X 30", per_forum_area=True)
    for name in ("Bilton and Overslade", "Rugby Town Centre"):
        area = Area.objects.create(office=office, kind=AreaKind.FORUM_AREA, name=name)
        AmbassadorAssignment.objects.create(office=office, area=area, ambassador=ambassador)
        for n in range(4):
            meeting(series, day=today - dt.timedelta(days=10 + 91 * n), area=area, attendance=20 if n else None,
                    ambassador=ambassador)  # fmt: skip

    build_evaluation(office, {"officer": officer}, today, random.Random(3))

    assert SocialPost.objects.filter(office=office).count() == 153
    assert set(SocialPost.objects.filter(office=office).values_list("platform", flat=True)) == {
        "facebook",
        "x",
        "instagram",
    }
    assert Campaign.objects.filter(office=office).count() == 5
    campaigns = queries.social_by_campaign(office, start=today - dt.timedelta(days=364), end=today)
    rural = next(c for c in campaigns if c.name == "Rural crime week")
    assert rural.posts > 0 and rural.activities == 1
    flags = queries.flagged_series(office, today=today)
    assert [f.name for f in flags] == ["Bilton and Overslade forum"]
    assert flags[0].recent == [23, 15, 9]
    assert "average rating 2.4 of 5 from 14 ratings" in flags[0].reason

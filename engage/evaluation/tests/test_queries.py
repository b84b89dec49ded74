"""Evaluation figures against values worked out by hand on a small office."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from engage.decisions.models import EvidenceKind
from engage.decisions.queries import decisions_fed_by
from engage.decisions.services import add_evidence, create_decision
from engage.engagements.models import Concern
from engage.evaluation import queries
from engage.evaluation.models import Campaign, Platform, SocialPost
from engage.evaluation.tests.factories import (
    TODAY,
    at,
    make_activity,
    meeting,
    raise_concern,
    rate,
    theme,
)
from engage.meetings.models import Frequency, OccurrenceStatus
from engage.meetings.tests.factories import make_series
from engage.places.models import Area, AreaKind

START, END = queries.default_period(TODAY)


@pytest.fixture
def places(office):
    rugby = Area.objects.create(office=office, kind=AreaKind.DISTRICT, name="Rugby")
    warwick = Area.objects.create(office=office, kind=AreaKind.DISTRICT, name="Warwick")
    bilton = Area.objects.create(
        office=office, kind=AreaKind.FORUM_AREA, name="Bilton", parent=rugby
    )
    return {"rugby": rugby, "warwick": warwick, "bilton": bilton}


def decide(office, officer, reference, kind, target, area=None):
    decision = create_decision(
        office,
        by=officer,
        reference=reference,
        title=reference,
        decided_on=TODAY,
        kind="policy",
        summary=".",
    )
    add_evidence(decision, kind=kind, target=target, area=area, by=officer)
    return decision


@pytest.fixture
def small_office(office, officer, places):
    """Three activities in the period, one before it; four decisions fed by their concerns."""
    asb, roads = theme(office, "Anti-social behaviour"), theme(office, "Road safety")
    meeting_ = make_activity(
        office,
        title="Bilton public meeting",
        area=places["bilton"],
        people_reached=40,
        cost=200,
        staff_hours=6,
    )
    rate(meeting_, 5, 4, 3)
    asb_concern = raise_concern(meeting_, asb)
    roads_concern = raise_concern(meeting_, roads)
    drop_in = make_activity(
        office, title="Warwick drop-in", type="visit", area=places["warwick"], people_reached=10,
        staff_hours="2.5", day=TODAY - dt.timedelta(days=30),
    )  # fmt: skip
    rate(drop_in, 2)
    raise_concern(drop_in, asb)
    radio = make_activity(
        office, title="Radio phone-in", type="media_interview", channel="broadcast", people_reached=1000,
        cost=0, staff_hours=2, day=START,
    )  # fmt: skip
    before = make_activity(
        office,
        title="Last year's meeting",
        people_reached=99,
        cost=999,
        day=START - dt.timedelta(days=1),
    )
    rate(before, 1)
    raise_concern(before, asb)
    decisions = {
        "concern": decide(office, officer, "D1", EvidenceKind.CONCERN, asb_concern),
        # Road safety in Rugby takes in Bilton, which is in Rugby.
        "theme in area": decide(
            office, officer, "D2", EvidenceKind.CONCERN_THEME, roads, places["rugby"]
        ),
        "activity": decide(office, officer, "D3", EvidenceKind.ACTIVITY, drop_in),
        # Anti-social behaviour in Warwick: the drop-in's concern, not Bilton's.
        "theme elsewhere": decide(
            office, officer, "D4", EvidenceKind.CONCERN_THEME, asb, places["warwick"]
        ),
    }
    return {
        "meeting": meeting_,
        "drop_in": drop_in,
        "radio": radio,
        "decisions": decisions,
        "roads": roads_concern,
    }


def test_default_period_is_the_last_twelve_months():
    assert queries.default_period(dt.date(2026, 12, 3)) == (
        dt.date(2025, 12, 4),
        dt.date(2026, 12, 3),
    )


def test_by_activity_figures_worked_out_by_hand(office, small_office):
    rows = {r.title: r for r in queries.by_activity(office, start=START, end=END)}

    assert sorted(rows) == ["Bilton public meeting", "Radio phone-in", "Warwick drop-in"]
    meeting_ = rows["Bilton public meeting"]
    assert (meeting_.people_reached, meeting_.cost, meeting_.staff_hours) == (
        40,
        Decimal("200.00"),
        Decimal("6.00"),
    )
    assert meeting_.cost_per_person == Decimal("5.00")
    assert (meeting_.ratings, meeting_.average_rating) == (3, 4.0)
    assert (meeting_.concerns, meeting_.decisions) == (2, 2)
    drop_in = rows["Warwick drop-in"]
    assert drop_in.cost_per_person is None  # no cost recorded
    assert (drop_in.ratings, drop_in.average_rating, drop_in.concerns, drop_in.decisions) == (
        1,
        2.0,
        1,
        2,
    )
    radio = rows["Radio phone-in"]
    assert (radio.cost_per_person, radio.ratings, radio.average_rating, radio.decisions) == (
        Decimal("0.00"),
        0,
        None,
        0,
    )


def test_decisions_fed_are_those_decisions_fed_by_finds(office, small_office):
    rows = {r.pk: r for r in queries.by_activity(office, start=START, end=END)}

    for activity in (small_office["meeting"], small_office["drop_in"]):
        expected = set()
        for concern in Concern.objects.filter(activity=activity):
            expected |= set(decisions_fed_by(concern).values_list("pk", flat=True))
        assert rows[activity.pk].decision_ids == expected
    d = small_office["decisions"]
    assert rows[small_office["meeting"].pk].decision_ids == {d["concern"].pk, d["theme in area"].pk}


def test_by_channel_adds_the_posts_to_social_media(office, small_office):
    for n, (reach, impressions, engagements, clicks, day) in enumerate(
        [
            (500, 1000, 50, 10, TODAY),
            (300, 600, 30, 5, START),
            (9999, 9999, 9999, 9999, START - dt.timedelta(days=1)),
        ]
    ):
        SocialPost.objects.create(
            office=office, platform=Platform.FACEBOOK, post_id=str(n), published_at=at(day, 12), reach=reach,
            impressions=impressions, engagements=engagements, clicks=clicks,
        )  # fmt: skip

    channels = {c.channel: c for c in queries.by_channel(office, start=START, end=END)}

    assert list(channels) == ["in_person", "broadcast", "social_media"]
    in_person = channels["in_person"]
    assert (in_person.activities, in_person.reached, in_person.cost, in_person.staff_hours) == (
        2, 50, Decimal("200.00"), Decimal("8.50")
    )  # fmt: skip
    assert in_person.cost_per_person == Decimal("4.00")
    assert (in_person.ratings, in_person.average_rating) == (4, 3.5)  # (5+4+3+2)/4, not (4+2)/2
    assert (in_person.concerns, in_person.decisions) == (3, 4)
    social = channels["social_media"]
    assert (social.activities, social.posts, social.reached, social.impressions, social.engagements) == (
        0, 2, 800, 1600, 80
    )  # fmt: skip
    assert social.engagement_rate == 0.05
    total = queries.totals(channels.values())
    assert (total.activities, total.reached, total.decisions) == (3, 1850, 4)


def test_an_area_takes_the_places_within_it_and_leaves_out_the_posts(office, small_office, places):
    SocialPost.objects.create(
        office=office, platform=Platform.X, post_id="1", published_at=at(TODAY), reach=5
    )

    channels = queries.by_channel(office, start=START, end=END, area=places["rugby"])

    assert [(c.channel, c.activities, c.posts, c.reached) for c in channels] == [
        ("in_person", 1, 0, 40)
    ]


def test_by_type(office, small_office):
    types = {
        t.type: (t.activities, t.reached) for t in queries.by_type(office, start=START, end=END)
    }

    assert types == {"public_meeting": (1, 40), "visit": (1, 10), "media_interview": (1, 1000)}


def test_sorting_puts_rows_without_the_figure_last(office, small_office):
    rows = queries.by_activity(office, start=START, end=END)

    by_cost = queries.sort_activities(rows, "cost_per_person", descending=True)
    assert [r.title for r in by_cost] == [
        "Bilton public meeting",
        "Radio phone-in",
        "Warwick drop-in",
    ]
    by_title = queries.sort_activities(rows, "title", descending=False)
    assert [r.title for r in by_title] == [
        "Bilton public meeting",
        "Radio phone-in",
        "Warwick drop-in",
    ]


def test_fixed_number_of_queries(office, small_office, django_assert_num_queries):
    with django_assert_num_queries(4):
        queries.by_activity(office, start=START, end=END)
    with django_assert_num_queries(5):
        queries.by_channel(office, start=START, end=END)
    with django_assert_num_queries(5):
        queries.overview(office, start=START, end=END)
    for n in range(10):
        a = make_activity(office, title=f"More {n}", people_reached=n)
        rate(a, 3, 4)
        raise_concern(a, theme(office))
    with django_assert_num_queries(4):
        queries.by_activity(office, start=START, end=END)
    with django_assert_num_queries(3):
        queries.social_by_campaign(office, start=START, end=END)


# -- flags ------------------------------------------------------------------------------------


@pytest.fixture
def forums(office, ambassador):
    series = make_series(office, title="Community Forums X 30", per_forum_area=True)
    areas = {
        name: Area.objects.create(office=office, kind=AreaKind.FORUM_AREA, name=name)
        for name in ("Bilton", "Hillmorton", "Brownsover")
    }
    return series, areas


def quarterly(series, area, attendance, ambassador, officer=None, ratings=()):
    """Meetings every 91 days up to yesterday, with the given attendance; the last ones rated."""
    held = []
    for n, people in enumerate(reversed(attendance)):
        day = TODAY - dt.timedelta(days=1 + 91 * n)
        held.insert(
            0, meeting(series, day=day, area=area, attendance=people, ambassador=ambassador)
        )
    for occurrence, given in zip(held[-len(ratings) :] if ratings else [], ratings, strict=True):
        activity = make_activity(series.office, title="Forum feedback", type="forum", occurrence=occurrence,
                                 starts_at=occurrence.starts_at)  # fmt: skip
        rate(activity, *given)
    return held


def test_falling_attendance_and_poor_feedback_is_flagged(office, forums, ambassador):
    series, areas = forums
    quarterly(
        series,
        areas["Bilton"],
        [34, 31, 29, 23, 15, 9],
        ambassador,
        ratings=[(2, 3, 2), (3, 2), (2, 2, 3)],
    )

    flags = queries.flagged_series(office, today=TODAY)

    assert [(f.name, f.recent, round(f.earlier_average, 1), f.ratings) for f in flags] == [
        ("Bilton forum", [23, 15, 9], 31.3, 8)
    ]
    assert flags[0].reason == (
        "attendance 23, 15, 9 over the last three meetings (earlier average 31.3); "
        "average rating 2.4 of 5 from 8 ratings"
    )
    assert flags[0].get_absolute_url() == f"/meetings/series/{series.pk}/"


def test_good_feedback_or_steady_attendance_is_not_flagged(office, forums, ambassador):
    series, areas = forums
    # Falling, but people rate it well.
    quarterly(
        series,
        areas["Hillmorton"],
        [34, 31, 29, 23, 15, 9],
        ambassador,
        ratings=[(4, 5), (4,), (5, 3)],
    )
    # Steady, with no feedback at all.
    quarterly(series, areas["Brownsover"], [20, 22, 19, 21, 18, 20], ambassador)
    # Falling, but only four meetings: too few to compare.
    quarterly(series, areas["Bilton"], [40, 20, 15, 9], ambassador)

    assert queries.flagged_series(office, today=TODAY) == []


def test_a_cancelled_meeting_is_left_out_and_activities_give_attendance(office, officer):
    series = make_series(office, title="Rugby public meeting", frequency=Frequency.MONTHLY)
    for n, people in enumerate([50, 48, 52, 20, 15, 12]):
        occurrence = meeting(series, day=TODAY - dt.timedelta(days=30 * (6 - n)))
        make_activity(office, title="Public meeting", occurrence=occurrence, people_reached=people,
                      starts_at=occurrence.starts_at)  # fmt: skip
    cancelled = meeting(series, day=TODAY - dt.timedelta(days=10))
    cancelled.status = OccurrenceStatus.CANCELLED
    cancelled.save()
    make_activity(
        office,
        title="Public meeting",
        occurrence=cancelled,
        people_reached=60,
        starts_at=cancelled.starts_at,
    )

    flags = queries.flagged_series(office, today=TODAY)

    assert [(f.name, f.recent, f.average_rating) for f in flags] == [
        ("Rugby public meeting", [20, 15, 12], None)
    ]
    assert flags[0].reason.endswith("; no feedback collected")


def test_flags_take_two_queries(office, forums, ambassador, django_assert_num_queries):
    series, areas = forums
    for area in areas.values():
        quarterly(series, area, [34, 31, 29, 23, 15, 9], ambassador, ratings=[(2,), (2,), (2,)])
    with django_assert_num_queries(2):
        assert len(queries.flagged_series(office, today=TODAY)) == 3


# -- campaigns --------------------------------------------------------------------------------


def test_social_by_campaign_beside_its_activities(office, small_office):
    rural = Campaign.objects.create(
        office=office, name="Rural crime week", hashtags=["ruralcrimeweek"]
    )
    rural.activities.add(small_office["meeting"])
    Campaign.objects.create(office=office, name="Quiet campaign")
    for n, (platform, campaign, reach, impressions, engagements, clicks) in enumerate(
        [
            (Platform.FACEBOOK, rural, 1000, 2000, 100, 20),
            (Platform.X, rural, None, 1000, 20, 5),
            (Platform.INSTAGRAM, None, 400, 500, 25, None),
        ]
    ):
        SocialPost.objects.create(
            office=office, platform=platform, post_id=str(n), published_at=at(TODAY), campaign=campaign,
            reach=reach, impressions=impressions, engagements=engagements, clicks=clicks,
        )  # fmt: skip

    figures = queries.social_by_campaign(office, start=START, end=END)

    assert [f.name for f in figures] == ["Rural crime week", "Posts in no campaign"]
    week = figures[0]
    assert (week.posts, week.reach, week.impressions, week.engagements, week.clicks) == (
        2,
        1000,
        3000,
        120,
        25,
    )
    assert week.engagement_rate == 0.04
    assert [(p.label, p.posts, p.engagement_rate) for p in week.platforms] == [
        ("Facebook", 1, 0.05),
        ("X (Twitter)", 1, 0.02),
    ]
    assert (week.activities, week.people_reached, week.cost, week.ratings, week.average_rating) == (
        1, 40, Decimal("200.00"), 3, 4.0
    )  # fmt: skip
    assert week.cost_per_person == Decimal("0.19")  # £200 / (1,000 reach + 40 people)
    none = figures[1]
    assert (none.campaign_id, none.posts, none.clicks, none.cost_per_person) == (None, 1, 0, None)

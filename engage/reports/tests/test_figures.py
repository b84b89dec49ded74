"""The figures, against the values worked out by hand in figures_data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engage.reports import figures
from engage.reports.figures import Reach, Tally, ThemeRow
from engage.reports.tests.figures_data import build_small_office

pytestmark = pytest.mark.django_db

Q1 = figures.quarter(2025, 1)


@pytest.fixture
def small(office, officer, commissioner):
    return build_small_office(office, officer=officer, commissioner=commissioner)


def test_financial_quarters_and_years():
    assert (Q1.start, Q1.end) == (dt.date(2025, 4, 1), dt.date(2025, 6, 30))
    assert Q1.label == "Quarter 1 of 2025 to 2026 (1 April 2025 to 30 June 2025)"
    assert figures.quarter(2025, 4).start == dt.date(2026, 1, 1)
    assert figures.quarter(2025, 4).end == dt.date(2026, 3, 31)
    assert figures.quarter_of(dt.date(2026, 8, 15)) == (2026, 2)
    assert figures.quarter_of(dt.date(2027, 3, 31)) == (2026, 4)
    assert figures.financial_year(2025).end == dt.date(2026, 3, 31)
    assert figures.financial_year_label(2099) == "2099-00"


def test_activity_figures_for_the_quarter(small):
    f = figures.figures_for(small.office, Q1)
    assert (f.activities, f.people_reached, f.activities_with_people) == (5, 1200, 4)
    assert f.cost == Decimal("280.00")
    assert f.staff_hours == Decimal("8.0")
    assert f.cost_per_person == Decimal("1.79")
    assert f.cost_per_person_text == "£1.79"
    assert (f.ratings, f.average_rating) == (3, Decimal("4.0"))
    assert (f.forums_reported, f.forum_attendance) == (2, 40)
    assert f.by_channel == [
        Reach("in_person", "In person", 2, 40),
        Reach("online", "Online meeting", 1, 60),
        Reach("broadcast", "Radio or television", 1, 1000),
        Reach("social_media", "Social media", 1, 100),
    ]
    assert [(r.label, r.activities, r.people) for r in f.by_type] == [
        ("Visit", 1, 40),
        ("Public meeting", 1, 60),
        ("Event", 1, 0),
        ("Media interview", 1, 1000),
        ("Social media campaign", 1, 100),
    ]
    assert [(r.label, r.activities, r.people) for r in f.by_district] == [
        ("Nuneaton and Bedworth", 1, 100),
        ("Rugby", 3, 100),
        ("Not in one district", 1, 1000),
    ]
    assert f.by_month == [
        Reach("2025-04", "Apr 2025", 1, 40),
        Reach("2025-05", "May 2025", 2, 160),
        Reach("2025-06", "Jun 2025", 2, 1000),
    ]


def test_the_rest_of_the_figures_for_the_quarter(small):
    f = figures.figures_for(small.office, Q1)
    assert (f.consultations_open, f.consultations_closed) == (2, 1)
    assert f.responses == 3
    assert f.responses_by_channel == [
        Tally("online", "Online", 1),
        Tally("paper", "Paper form", 1),
        Tally("phone", "Phone", 1),
    ]
    assert [
        (c.consultation.slug, c.responses, c.decisions, c.outcome_published)
        for c in f.consultations
    ] == [
        ("precept-2026", 2, 1, True),
        ("rural-crime", 1, 0, False),
    ]
    assert (f.concerns, f.concern_people, f.concerns_fed_decision) == (4, 7, 3)
    assert f.concerns_by_theme == [
        ThemeRow("Anti-social behaviour", 2, 4, 1),
        ThemeRow("Drugs", 1, 1, 1),
        ThemeRow("Road safety", 1, 2, 1),
    ]
    assert [d.reference for d in f.decisions] == ["PCC/2025/001"]
    assert (f.decisions_published, f.outcomes_published) == (1, 1)
    assert (f.surgeries_held, f.people_seen) == (2, 3)
    assert (f.subscribers, f.new_subscribers) == (2, 1)
    assert f.subscribers_by_channel == [
        Tally("email", "Email", 1),
        Tally("sms", "Text message (SMS)", 1),
    ]
    assert (f.alerts_sent, f.messages_sent) == (1, 2)


def test_an_area_takes_in_the_areas_inside_it(small):
    f = figures.figures_for(small.office, Q1, small.rugby)
    assert (f.activities, f.people_reached, f.cost) == (3, 100, Decimal("230.00"))
    assert f.cost_per_person == Decimal("5.00")
    assert (f.ratings, f.average_rating) == (2, Decimal("4.5"))
    assert (f.forums_reported, f.forum_attendance) == (1, 25)
    assert [(r.label, r.activities, r.people) for r in f.by_district] == [("Rugby", 3, 100)]
    # The force-wide consultation is open to Rugby; Nuneaton's is not.
    assert [c.consultation.slug for c in f.consultations] == ["precept-2026"]
    assert f.responses == 1
    assert (f.concerns, f.concerns_fed_decision) == (2, 2)
    assert (f.decisions_published, f.outcomes_published) == (1, 1)
    assert (f.surgeries_held, f.people_seen) == (1, 2)
    assert (f.subscribers, f.new_subscribers) == (1, 0)
    assert (f.alerts_sent, f.messages_sent) == (1, 1)


def test_a_ward_deep_inside_a_district(small):
    f = figures.figures_for(small.office, Q1, small.newbold)
    assert (f.activities, f.people_reached, f.cost) == (1, 0, Decimal("30.00"))
    assert f.cost_per_person is None
    assert f.average_rating is None
    assert [(c.theme, c.concerns) for c in f.concerns_by_theme] == [("Road safety", 1)]


def test_an_hour_either_side_of_midnight_in_summer(small):
    july = figures.custom(dt.date(2025, 7, 1), dt.date(2025, 7, 31))
    f = figures.figures_for(small.office, july)
    assert (f.activities, f.people_reached) == (1, 500)
    march = figures.custom(dt.date(2025, 3, 31), dt.date(2025, 3, 31))
    assert figures.figures_for(small.office, march).people_reached == 700


def test_another_office_has_none_of_these(small, other_office):
    f = figures.figures_for(other_office, Q1)
    assert (f.activities, f.responses, f.concerns, f.subscribers, f.alerts_sent) == (0, 0, 0, 0, 0)
    assert f.by_month == [
        Reach("2025-04", "Apr 2025", 0, 0),
        Reach("2025-05", "May 2025", 0, 0),
        Reach("2025-06", "Jun 2025", 0, 0),
    ]


def test_another_offices_area_is_refused(small, other_office):
    with pytest.raises(ValueError):
        figures.figures_for(other_office, Q1, small.rugby)


def test_a_fixed_number_of_queries_whatever_the_size(small, office, officer, commissioner):
    with CaptureQueriesContext(connection) as small_run:
        figures.figures_for(small.office, Q1, small.rugby)
    # Ten times the activities, concerns and responses: the same queries.
    for i in range(30):
        figures_data_more(small, i)
    with CaptureQueriesContext(connection) as larger_run:
        f = figures.figures_for(small.office, Q1, small.rugby)
    assert f.activities == 33
    assert len(small_run) == len(larger_run) == figures.QUERIES


def figures_data_more(small, i: int) -> None:
    from engage.reports.tests.figures_data import _activity, at

    activity = _activity(small.office, at("2025-05-01"), small.brownsover, people_reached=i)
    activity.feedback.create(rating=1 + i % 5)

"""Activities: logging one with its audiences and concerns, feedback, and the list's reads."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from engage.engagements.models import (
    Activity,
    ActivityType,
    Audience,
    Concern,
    ConcernSource,
    ConcernTheme,
    Feedback,
    Objective,
)
from engage.engagements.queries.activities import (
    activities_for,
    activities_for_export,
    cost_per_participant,
    feedback_summary,
    recent_comments,
)
from engage.engagements.services.activities import (
    FeedbackClosed,
    RaisedConcern,
    create_activity,
    record_feedback,
    update_activity,
)
from engage.engagements.services.concerns import ensure_default_themes
from engage.places.models import Area, AreaKind
from engage.stakeholders.models import Organisation

LONDON = ZoneInfo("Europe/London")


def at(day: dt.date, hour: int = 18, minute: int = 30) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)


def make_activity(office, by=None, audiences=None, concerns=(), **fields: Any) -> Activity:
    """An activity as the quick-entry page would log it; fields override the defaults."""
    values: dict[str, Any] = {
        "title": "Visit to Brownsover youth club",
        "type": ActivityType.VISIT,
        "starts_at": at(dt.date(2026, 3, 6)),
        "location": "Brownsover Community Centre",
        "objectives": [Objective.DIVERT_YOUNG_PEOPLE, Objective.GATHER_INFORMATION],
        "people_reached": 25,
        "staff_hours": Decimal("3.5"),
        "cost": Decimal("45.50"),
    }
    values.update(fields)
    return create_activity(office, values, audiences or {}, list(concerns), by=by)


def theme(office, name: str = "Anti-social behaviour") -> ConcernTheme:
    ensure_default_themes(office)
    return ConcernTheme.objects.get(office=office, name=name)


@pytest.fixture
def rugby(office) -> Area:
    return Area.objects.create(office=office, kind=AreaKind.DISTRICT, name="Rugby")


@pytest.fixture
def brownsover(office, rugby) -> Area:
    return Area.objects.create(
        office=office, kind=AreaKind.FORUM_AREA, name="Brownsover", parent=rugby
    )


# -- services ---------------------------------------------------------------------------------


def test_create_activity_records_audiences_concerns_and_a_feedback_token(
    office, officer, brownsover
):
    partner = Organisation.objects.create(
        office=office, name="Rugby Borough Council", category="councils"
    )
    activity = make_activity(
        office,
        by=officer,
        area=brownsover,
        lead=officer,
        opcc_attendees=[officer],
        stakeholders=[partner],
        audiences={Audience.YOUNG_PEOPLE: 22, Audience.FAITH_GROUPS: None},
        concerns=[
            RaisedConcern("Off-road bikes on the estate at night", theme(office)),
            RaisedConcern(
                "Speeding on Hillmorton Road",
                theme(office, "Road safety and speeding"),
                area=None,
            ),
        ],
    )

    assert {(a.audience, a.count) for a in activity.audiences.all()} == {
        ("young_people", 22),
        ("faith_groups", None),
    }
    assert list(activity.opcc_attendees.all()) == [officer]
    assert list(activity.stakeholders.all()) == [partner]
    assert len(activity.feedback_token) == 22
    concerns = list(Concern.objects.filter(activity=activity).order_by("pk"))
    assert [c.summary for c in concerns] == [
        "Off-road bikes on the estate at night",
        "Speeding on Hillmorton Road",
    ]
    assert {c.source for c in concerns} == {ConcernSource.ACTIVITY}
    assert {c.raised_on for c in concerns} == {dt.date(2026, 3, 6)}
    # A concern with no area of its own is placed where the activity was.
    assert {c.area for c in concerns} == {brownsover}
    assert activity.history.first().history_user == officer


def test_create_activity_gives_every_activity_its_own_token(office):
    tokens = {make_activity(office, title=f"Event {i}").feedback_token for i in range(20)}
    assert len(tokens) == 20


def test_create_activity_refuses_another_offices_area(office, other_office):
    elsewhere = Area.objects.create(office=other_office, kind=AreaKind.DISTRICT, name="Stroud")
    with pytest.raises(ValueError):
        make_activity(office, area=elsewhere)
    assert not Activity.objects.exists()


def test_update_activity_replaces_audiences_and_adds_concerns(office, officer):
    activity = make_activity(
        office,
        audiences={Audience.YOUNG_PEOPLE: 22, Audience.FAITH_GROUPS: None},
        concerns=[RaisedConcern("Drug dealing near the park", theme(office, "Drugs"))],
    )
    update_activity(
        activity,
        {"title": "Visit to Brownsover youth club (evening)", "people_reached": 30},
        {Audience.YOUNG_PEOPLE: 28, Audience.DISABLED_PEOPLE: 2},
        [RaisedConcern("No PCSO seen for months", theme(office, "Police visibility"))],
        by=officer,
    )
    activity.refresh_from_db()
    assert activity.title == "Visit to Brownsover youth club (evening)"
    assert activity.people_reached == 30
    assert {(a.audience, a.count) for a in activity.audiences.all()} == {
        ("young_people", 28),
        ("disabled_people", 2),
    }
    assert activity.concerns.count() == 2


def test_record_feedback_stores_an_anonymous_rating(office):
    activity = make_activity(office)
    record_feedback(activity, 4, "  Good to meet the PCC.  ")
    feedback = Feedback.objects.get()
    assert (feedback.rating, feedback.comment) == (4, "Good to meet the PCC.")


def test_record_feedback_refuses_a_rating_of_7(office):
    activity = make_activity(office)
    with pytest.raises(ValueError):
        record_feedback(activity, 7)
    assert not Feedback.objects.exists()


def test_record_feedback_refuses_when_feedback_has_closed(office):
    activity = make_activity(office, feedback_open=False)
    with pytest.raises(FeedbackClosed):
        record_feedback(activity, 5)


# -- queries ----------------------------------------------------------------------------------


def test_activities_for_annotates_mean_rating_and_counts_without_multiplying(office):
    activity = make_activity(
        office,
        concerns=[
            RaisedConcern("Off-road bikes", theme(office)),
            RaisedConcern("Drug dealing", theme(office, "Drugs")),
            RaisedConcern("Speeding", theme(office, "Road safety and speeding")),
        ],
    )
    for rating in (5, 4, 4):
        record_feedback(activity, rating)
    quiet = make_activity(office, title="Radio interview", type=ActivityType.MEDIA_INTERVIEW)

    rows = {a.title: a for a in activities_for(office)}
    assert rows[activity.title].feedback_count == 3
    assert rows[activity.title].concern_count == 3
    assert rows[activity.title].mean_rating == pytest.approx(13 / 3)
    assert rows[quiet.title].feedback_count == 0
    assert rows[quiet.title].mean_rating is None


def test_activities_for_filters_by_date_type_area_audience_and_objective(office, rugby, brownsover):
    club = make_activity(
        office,
        area=brownsover,
        audiences={Audience.YOUNG_PEOPLE: 20},
        starts_at=at(dt.date(2026, 3, 6)),
    )
    meeting = make_activity(
        office,
        title="Public meeting in Rugby",
        type=ActivityType.PUBLIC_MEETING,
        area=rugby,
        objectives=[Objective.SCRUTINY],
        audiences={Audience.OLDER_PEOPLE: 40},
        starts_at=at(dt.date(2026, 5, 12)),
    )
    make_activity(office, title="Podcast", type=ActivityType.MEDIA_INTERVIEW, objectives=[])

    def titles(**filters: Any) -> set[str]:
        return {a.title for a in activities_for(office, filters)}

    assert titles(date_from=dt.date(2026, 4, 1)) == {meeting.title}
    assert titles(date_to=dt.date(2026, 3, 6)) == {club.title, "Podcast"}
    assert titles(type=ActivityType.PUBLIC_MEETING) == {meeting.title}
    # A district also finds what happened in its forum areas.
    assert titles(area=rugby) == {club.title, meeting.title}
    assert titles(area=brownsover) == {club.title}
    assert titles(audience=Audience.YOUNG_PEOPLE) == {club.title}
    assert titles(objective=Objective.SCRUTINY) == {meeting.title}
    assert titles(objective=Objective.DIVERT_YOUNG_PEOPLE) == {club.title}


def test_activities_for_shows_only_the_offices_own(office, other_office):
    make_activity(office)
    make_activity(other_office, title="Severnvale surgery")
    assert [a.title for a in activities_for(other_office)] == ["Severnvale surgery"]


def test_activities_for_export_has_no_n_plus_one(office, django_assert_max_num_queries):
    partner = Organisation.objects.create(office=office, name="Brownsover Youth", category="vcs")
    for i in range(12):
        activity = make_activity(
            office,
            title=f"Visit {i}",
            stakeholders=[partner],
            audiences={Audience.YOUNG_PEOPLE: i, Audience.FAITH_GROUPS: None},
        )
        record_feedback(activity, 3)
    with django_assert_max_num_queries(3):
        rows = [
            (
                a.title,
                a.mean_rating,
                a.concern_count,
                [r.count for r in a.audiences.all()],
                [o.name for o in a.stakeholders.all()],
                a.area,
                a.lead,
            )
            for a in activities_for_export(office)
        ]
    assert len(rows) == 12


def test_feedback_summary_gives_mean_and_spread(office):
    activity = make_activity(office)
    for rating in (5, 5, 4, 2):
        record_feedback(activity, rating, "Useful" if rating == 5 else "")
    summary = feedback_summary(activity)
    assert summary.count == 4
    assert summary.mean_text == "4.0"
    assert summary.by_rating == [(5, 2), (4, 1), (3, 0), (2, 1), (1, 0)]
    assert [f.comment for f in recent_comments(activity)] == ["Useful", "Useful"]


def test_cost_per_participant_needs_both_cost_and_people(office):
    assert cost_per_participant(make_activity(office, cost=Decimal("100"), people_reached=30)) == (
        Decimal("3.33")
    )
    assert cost_per_participant(make_activity(office, cost=None)) is None
    assert cost_per_participant(make_activity(office, people_reached=0)) is None

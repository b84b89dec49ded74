"""Plain builders for planning tests: a small office whose reach is worked out by hand in
test_gaps.py, and plan items."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from engage.consultations.models import Consultation, Response
from engage.engagements.models import (
    Activity,
    ActivityAudience,
    BookingStatus,
    SurgeryBooking,
    SurgerySession,
    SurgerySlot,
)
from engage.meetings.models import (
    ForumReport,
    Frequency,
    MeetingSeries,
    Occurrence,
    ScheduleCategory,
)
from engage.messaging.models import Subscriber, SubscriberStatus
from engage.places.models import Area, AreaKind, Dimension, PopulationFigure
from engage.planning.models import PlanItem

# The analysis' period in the tests: the 12 months to 30 June 2026, 1 July 2025 to 30 June 2026.
END = dt.date(2026, 6, 30)


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def figures(area: Area, dimension: str, rows: dict[str, int]) -> None:
    for category, value in rows.items():
        PopulationFigure.objects.create(
            area=area, dimension=dimension, category=category, value=value, source="Test census"
        )


def places(office: Any) -> dict[str, Area]:
    """Avonshire (force area) = Northtown + Southvale, 10,000 residents each; Northtown East is
    a forum area holding half of Northtown."""
    force = Area.objects.create(office=office, kind=AreaKind.FORCE_AREA, name="Avonshire")
    north = Area.objects.create(
        office=office, kind=AreaKind.DISTRICT, name="Northtown", parent=force, ons_code="E07000001"
    )
    south = Area.objects.create(
        office=office, kind=AreaKind.DISTRICT, name="Southvale", parent=force, ons_code="E07000002"
    )
    east = Area.objects.create(
        office=office,
        kind=AreaKind.FORUM_AREA,
        name="Northtown East",
        parent=north,
        population_share=Decimal("0.5"),
    )
    figures(
        north,
        Dimension.AGE_BAND,
        {
            "Aged 15 to 19 years": 1000,
            "Aged 20 to 24 years": 1000,
            "Aged 40 to 44 years": 6000,
            "Aged 70 to 74 years": 2000,
        },
    )
    figures(north, Dimension.ETHNIC_GROUP, {"White": 9000, "Asian": 1000})
    figures(
        south,
        Dimension.AGE_BAND,
        {"Aged 20 to 24 years": 2000, "Aged 40 to 44 years": 4000, "Aged 70 to 74 years": 4000},
    )
    figures(south, Dimension.ETHNIC_GROUP, {"White": 10000, "Asian": 0})
    return {"force": force, "north": north, "south": south, "east": east}


def activity(
    office: Any, day: dt.date, area: Area | None, people: int | None, **fields: Any
) -> Activity:
    n = Activity.objects.filter(office=office).count()
    return Activity.objects.create(
        office=office,
        title=fields.pop("title", f"Activity {n + 1}"),
        type=fields.pop("type", "visit"),
        starts_at=at(day),
        area=area,
        people_reached=people,
        feedback_token=f"{office.slug}-activity-{n + 1}",
        **fields,
    )


def audience(a: Activity, code: str, count: int | None) -> None:
    ActivityAudience.objects.create(activity=a, audience=code, count=count)


def forum_report(
    office: Any, ambassador: Any, area: Area, day: dt.date, attendance: int
) -> ForumReport:
    series = MeetingSeries.objects.filter(office=office).first() or MeetingSeries.objects.create(
        office=office,
        category=ScheduleCategory.PUBLIC_ACCOUNTABILITY,
        title="Community forums",
        frequency=Frequency.QUARTERLY,
        first_date=dt.date(2025, 1, 1),
        start_time=dt.time(18, 0),
        per_forum_area=True,
    )
    occurrence = Occurrence.objects.create(
        office=office, series=series, area=area, starts_at=at(day, 18), ends_at=at(day, 20)
    )
    return ForumReport.objects.create(
        office=office, occurrence=occurrence, ambassador=ambassador, attendance=attendance
    )


def consultation(office: Any) -> Consultation:
    return Consultation.objects.create(
        office=office,
        title="Priorities",
        slug=f"priorities-{Consultation.objects.count() + 1}",
        opens_on=dt.date(2026, 1, 1),
        closes_on=dt.date(2026, 6, 1),
    )


def response(
    c: Consultation, area: Area | None, day: dt.date | None, **demographics: str
) -> Response:
    return Response.objects.create(
        office=c.office,
        consultation=c,
        area=area,
        submitted_at=at(day) if day else None,
        **demographics,
    )


def booking(office: Any, holder: Any, area: Area, day: dt.date, statuses: list[str]) -> None:
    session = SurgerySession.objects.create(
        office=office,
        starts_at=at(day, 10),
        ends_at=at(day, 12),
        location="Library",
        area=area,
        held_by=holder,
    )
    for n, status in enumerate(statuses):
        slot = SurgerySlot.objects.create(
            office=office,
            session=session,
            starts_at=at(day, 10) + dt.timedelta(minutes=15 * n),
            ends_at=at(day, 10) + dt.timedelta(minutes=15 * (n + 1)),
        )
        SurgeryBooking.objects.create(
            office=office,
            slot=slot,
            name="A resident",
            topic="Parking",
            status=status,
            cancel_token=f"tok-{session.pk}-{n}",
        )


def subscriber(office: Any, areas: list[Area], confirmed: dt.date | None) -> Subscriber:
    s = Subscriber.objects.create(
        office=office,
        channel="email",
        address=f"person{Subscriber.objects.count() + 1}@example.org",
        status=SubscriberStatus.ACTIVE if confirmed else SubscriberStatus.PENDING,
        confirmed_at=at(confirmed) if confirmed else None,
    )
    s.areas.set(areas)
    return s


def small_office(office: Any, officer: Any) -> dict[str, Any]:
    """The records test_gaps.py works out by hand (see its comments)."""
    p = places(office)
    north, south, east = p["north"], p["south"], p["east"]
    a1 = activity(office, dt.date(2026, 5, 10), north, 100, title="Youth club visit")
    audience(a1, "young_people", 40)
    audience(a1, "rural", None)  # ticked, not counted
    activity(office, dt.date(2025, 9, 15), south, 50)
    activity(office, dt.date(2025, 6, 15), north, 999)  # before the period
    activity(office, dt.date(2026, 1, 10), None, 30)  # no area: the force area only
    forum_report(office, officer, east, dt.date(2026, 3, 5), 20)
    c = consultation(office)
    for _n in range(2):
        response(c, north, dt.date(2026, 2, 10), age_band="16-24", ethnic_group="asian")
        response(c, north, dt.date(2026, 2, 10), age_band="16-24", ethnic_group="white")
    response(
        c, north, dt.date(2026, 2, 11), age_band="35-44", ethnic_group="white", disability="a_lot"
    )
    for _n in range(5):
        response(
            c, north, dt.date(2026, 2, 11), age_band="35-44", ethnic_group="white", disability="no"
        )
    response(c, north, None, age_band="16-24")  # a draft: not counted
    for _n in range(2):
        response(c, south, dt.date(2026, 5, 1), age_band="prefer_not")
    booking(
        office, officer, south, dt.date(2026, 4, 1), [BookingStatus.BOOKED, BookingStatus.CANCELLED]
    )
    subscriber(office, [north, east], dt.date(2026, 1, 1))  # two areas, one person
    subscriber(office, [south], dt.date(2026, 2, 1))
    subscriber(office, [south], None)  # never confirmed
    return p


def plan_item(office: Any, month: dt.date, **fields: Any) -> PlanItem:
    defaults: dict[str, Any] = {
        "title": "Youth council visit",
        "activity_type": "youth_council",
        "channel": "in_person",
        "audiences": ["young_people"],
    }
    defaults.update(fields)
    return PlanItem.objects.create(office=office, month=month, **defaults)

"""The forum rota's URLs and permissions, and a small forum office for the rota's tests."""

from __future__ import annotations

import datetime as dt

from engage.accounts.models import Role
from engage.meetings import rota_services
from engage.meetings.models import Frequency, MeetingSeries, ScheduleCategory
from engage.meetings.tests.factories import make_commitment, make_series
from engage.places.models import Area, AreaKind

R = Role
STAFF = set(Role.values) - {R.AMBASSADOR}
ORGANISERS = {R.ADMIN, R.CHIEF_EXECUTIVE, R.OFFICER}

MATRIX: dict[str, set[str]] = {
    "meetings.view_rota": STAFF,
    "meetings.manage_rota": ORGANISERS,
}

URLS: dict[str, tuple[str, str | None, str]] = {
    "meetings:rotas": ("meetings.view_rota", None, "get"),
    "meetings:rota_create": ("meetings.manage_rota", None, "get"),
    "meetings:rota": ("meetings.view_rota", "rota:plan", "get"),
    "meetings:rota_solve": ("meetings.manage_rota", "rota:plan", "post"),
    "meetings:rota_adopt": ("meetings.manage_rota", "rota:plan", "post"),
    "meetings:rota_pin": ("meetings.manage_rota", "rota:visit", "post"),
}

CYCLE = (dt.date(2026, 4, 1), dt.date(2027, 3, 31))
FORUMS = {"Stratford-on-Avon": ["Bidford", "Kineton"], "Warwick": ["Kenilworth"]}


def make_forums(office, forums: dict[str, list[str]] | None = None) -> MeetingSeries:
    """Forum areas in their districts, the quarterly forum series held in each, and its
    "PCC / DPCC to attend in 2 yearly cycle" commitment."""
    for district_name, names in (forums or FORUMS).items():
        district = Area.objects.create(office=office, kind=AreaKind.DISTRICT, name=district_name)
        for name in names:
            Area.objects.create(office=office, kind=AreaKind.FORUM_AREA, name=name, parent=district)
    series = make_series(
        office,
        title="Community Forums",
        category=ScheduleCategory.STAKEHOLDER_GROUPS,
        frequency=Frequency.QUARTERLY,
        per_forum_area=True,
        attending_posts=["pcc", "dpcc"],
        attendance_rotation=True,
        first_date=dt.date(2026, 4, 14),
        start_time=dt.time(19, 0),
    )
    make_commitment(
        series,
        posts=["pcc", "dpcc"],
        period_months=24,
        per_forum_area=True,
        starts_on=dt.date(2026, 4, 1),
        description="PCC / DPCC to attend in 2 yearly cycle",
    )
    return series


def samples(office, officer, cast):
    make_forums(office)
    outcome = rota_services.create_plan(
        office,
        name="Forums 2026 to 2027",
        starts_on=CYCLE[0],
        ends_on=CYCLE[1],
        max_per_month=2,
        by=officer,
    )
    # Pinned, so that solving again (an earlier URL in the walk) keeps it.
    visit = rota_services.pin_assignment(outcome.plan.assignments.first(), by=officer)
    return {
        "rota:plan": {"pk": outcome.plan.pk},
        "rota:visit": {"pk": outcome.plan.pk, "assignment_pk": visit.pk},
    }

"""The rota against the database: diaries read from the schedule, activities and surgeries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from engage.engagements.models import Activity, ActivityType, SurgerySession
from engage.meetings import rota, rota_services
from engage.meetings import services as meetings
from engage.meetings.models import Occurrence, RotaPlan, RotaStatus
from engage.meetings.services import local_datetime
from engage.meetings.tests.factories import make_series
from tests.matrix.rota import CYCLE, make_forums


@pytest.fixture
def forums(office, commissioner, deputy):
    return make_forums(office)


def _plan(office, officer, **fields):
    values = {
        "name": "Forums 2026 to 2027",
        "starts_on": CYCLE[0],
        "ends_on": CYCLE[1],
        "max_per_month": 2,
    }
    values.update(fields)
    return rota_services.create_plan(office, by=officer, **values)


def _days_of(series, area_name):
    return [
        timezone.localtime(o.starts_at).date()
        for o in Occurrence.objects.filter(series=series, area__name=area_name)
    ]


def test_create_plan_generates_the_cycles_forum_meetings_and_visits_every_forum(
    forums, office, officer, commissioner, deputy
):
    outcome = _plan(office, officer)
    # Three forum areas, four quarters.
    assert Occurrence.objects.filter(series=forums).count() == 12
    assert outcome.result.status == rota.OPTIMAL
    plan = outcome.plan
    visited = {a.occurrence.area.name for a in plan.assignments.select_related("occurrence__area")}
    assert visited == {"Bidford", "Kineton", "Kenilworth"}
    assert {a.person for a in plan.assignments.all()} == {commissioner, deputy}
    assert plan.solver_status == "OPTIMAL"
    assert plan.explanation.startswith("Every forum is visited at least once: 3 visits")
    assert "Solved in" in plan.explanation


def test_busy_days_come_from_meetings_activities_and_surgeries(
    forums, office, officer, commissioner, deputy
):
    day = dt.date(2026, 6, 2)
    panel = make_series(office, title="Police and Crime Panel", attending_posts=["pcc"])
    meetings.add_occurrence(panel, starts_at=local_datetime(day, dt.time(10)), by=officer)
    cancelled = meetings.add_occurrence(
        panel, starts_at=local_datetime(dt.date(2026, 6, 3), dt.time(10)), by=officer
    )
    meetings.cancel_occurrence(cancelled, by=officer)
    activity = Activity.objects.create(
        office=office,
        title="Youth club visit",
        type=ActivityType.VISIT,
        starts_at=local_datetime(dt.date(2026, 6, 4), dt.time(18)),
        feedback_token="youth-club",
    )
    activity.opcc_attendees.add(commissioner)
    SurgerySession.objects.create(
        office=office,
        starts_at=local_datetime(dt.date(2026, 6, 5), dt.time(14)),
        ends_at=local_datetime(dt.date(2026, 6, 5), dt.time(16)),
        location="Rugby library",
        held_by=commissioner,
    )
    SurgerySession.objects.create(
        office=office,
        starts_at=local_datetime(dt.date(2026, 6, 9), dt.time(14)),
        ends_at=local_datetime(dt.date(2026, 6, 9), dt.time(16)),
        location="Nuneaton library",
        held_by=deputy,
    )
    assert rota_services.busy_days(office, commissioner, *CYCLE) == {
        day,
        dt.date(2026, 6, 4),
        dt.date(2026, 6, 5),
    }
    assert rota_services.busy_days(office, deputy, *CYCLE) == {dt.date(2026, 6, 9)}


def test_rota_keeps_off_the_commissioners_busy_days(forums, office, officer, commissioner, deputy):
    rota_services.ensure_forum_meetings(office, *CYCLE, by=officer)
    panel = make_series(office, title="Police and Crime Panel", attending_posts=["pcc"])
    for day in _days_of(forums, "Bidford"):
        meetings.add_occurrence(panel, starts_at=local_datetime(day, dt.time(10)), by=officer)
    plan = _plan(office, officer).plan
    bidford = [a for a in plan.assignments.all() if a.occurrence.area.name == "Bidford"]
    assert bidford and {a.person for a in bidford} == {deputy}


def test_rota_explains_a_forum_both_diaries_rule_out(forums, office, officer):
    rota_services.ensure_forum_meetings(office, *CYCLE, by=officer)
    board = make_series(office, title="Strategic Policing Board", attending_posts=["pcc", "dpcc"])
    for day in _days_of(forums, "Kineton"):
        meetings.add_occurrence(board, starts_at=local_datetime(day, dt.time(9)), by=officer)
    outcome = _plan(office, officer)
    assert outcome.result.status == rota.INFEASIBLE
    assert outcome.plan.solver_status == "INFEASIBLE"
    reason = (
        "Kineton: its 4 meetings all fall on days when both Pat Pemberton (PCC) and "
        "Dee Dhillon (DPCC) are busy."
    )
    assert reason in outcome.plan.explanation.splitlines()
    assert outcome.plan.explanation.startswith("2 of 3 forums can be visited")
    page = rota_services.plan_page(outcome.plan)
    assert [(row.area.name, row.reason) for row in page.uncovered] == [("Kineton", reason)]


def test_solving_again_keeps_pins_and_replaces_the_rest(forums, office, officer, deputy):
    plan = _plan(office, officer).plan
    first = plan.assignments.select_related("occurrence").first()
    rota_services.pin_assignment(first, by=officer, person=deputy)
    others = set(plan.assignments.exclude(pk=first.pk).values_list("pk", flat=True))
    rota_services.solve_plan(plan, by=officer)
    first.refresh_from_db()
    assert first.pinned and first.person == deputy
    assert not others & set(plan.assignments.values_list("pk", flat=True))
    assert plan.assignments.count() == 3


def test_pin_toggles_and_refuses_someone_not_on_the_rota(forums, office, officer):
    plan = _plan(office, officer).plan
    visit = plan.assignments.first()
    assert rota_services.pin_assignment(visit, by=officer).pinned
    assert not rota_services.pin_assignment(visit, by=officer).pinned
    with pytest.raises(ValueError):
        rota_services.pin_assignment(visit, by=officer, person=officer)


def test_adopting_a_rota_puts_the_one_adopted_before_back_to_draft(forums, office, officer):
    first = _plan(office, officer).plan
    second = _plan(office, officer, name="Second go").plan
    rota_services.adopt_plan(first, by=officer)
    rota_services.adopt_plan(second, by=officer)
    first.refresh_from_db()
    assert first.status == RotaStatus.DRAFT
    assert second.status == RotaStatus.ADOPTED
    assert RotaPlan.objects.filter(office=office, status=RotaStatus.ADOPTED).count() == 1


def test_planned_forum_visits_are_the_adopted_rotas(
    forums, office, officer, commissioner, deputy, other_office
):
    draft = _plan(office, officer).plan
    assert rota_services.planned_forum_visits(office) == []
    rota_services.adopt_plan(draft, by=officer)
    visits = rota_services.planned_forum_visits(office)
    assert len(visits) == 3
    assert [v.occurrence.starts_at for v in visits] == sorted(
        v.occurrence.starts_at for v in visits
    )
    mine = rota_services.planned_forum_visits(office, person=deputy)
    assert mine and all(v.person == deputy for v in mine)
    first = visits[0].occurrence.starts_at
    later = rota_services.planned_forum_visits(office, start=first + dt.timedelta(minutes=1))
    assert len(later) == 2
    meetings.cancel_occurrence(visits[0].occurrence, by=officer)
    assert len(rota_services.planned_forum_visits(office)) == 2
    assert rota_services.planned_forum_visits(other_office) == []


def test_plan_page_checks_the_two_year_commitment_per_forum(forums, office, officer):
    plan = _plan(office, officer).plan
    page = rota_services.plan_page(plan)
    assert [row.area.name for row in page.rows] == ["Bidford", "Kenilworth", "Kineton"]
    for row in page.rows:
        assert [(c.start, c.end, c.kept, c.outside_cycle) for c in row.checks] == [
            (dt.date(2026, 4, 1), dt.date(2028, 3, 31), True, True)
        ]
    assert sum(page.totals) == 3
    assert dict(page.districts) == {
        "Stratford-on-Avon": [n for n in _district_counts(plan, "Stratford-on-Avon", page)],
        "Warwick": [n for n in _district_counts(plan, "Warwick", page)],
    }
    assert len(page.quarters) == 4


def _district_counts(plan, district, page):
    return [
        plan.assignments.filter(person=p, occurrence__area__parent__name=district).count()
        for p in page.people
    ]


def test_expected_forum_meetings_counts_before_generating(forums, office):
    assert rota_services.expected_forum_meetings(office, *CYCLE) == 12
    assert (
        rota_services.expected_forum_meetings(office, dt.date(2026, 5, 1), dt.date(2026, 5, 31))
        == 0
    )
    assert not Occurrence.objects.exists()

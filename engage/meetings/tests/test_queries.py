import datetime as dt
from zoneinfo import ZoneInfo

from engage.meetings import queries, services
from engage.meetings.queries import CommitmentState
from engage.meetings.tests.factories import make_commitment, make_forum_areas, make_series

LONDON = ZoneInfo("Europe/London")


def _meeting(series, day, by, area=None):
    start = dt.datetime.combine(day, dt.time(10), tzinfo=LONDON)
    return services.add_occurrence(series, starts_at=start, area=area, by=by)


def test_commitment_kept_when_the_pcc_attended_this_year(office, officer, commissioner):
    series = make_series(office, title="Strategic IAG")
    commitment = make_commitment(series)
    meeting = _meeting(series, dt.date(2026, 6, 10), officer)
    services.record_attendance(meeting, attended=[commissioner], apologies=[], notes="", by=officer)
    report = queries.commitment_report(commitment, today=dt.date(2026, 11, 23))
    assert report.state == CommitmentState.KEPT
    assert [p.kept for p in report.current] == [1]


def test_commitment_due_when_only_other_staff_attended(office, officer, deputy):
    series = make_series(office, title="Strategic IAG")
    commitment = make_commitment(series)
    meeting = _meeting(series, dt.date(2026, 6, 10), officer)
    services.record_attendance(
        meeting, attended=[officer, deputy], apologies=[], notes="", by=officer
    )
    report = queries.commitment_report(commitment, today=dt.date(2026, 11, 23))
    assert report.state == CommitmentState.DUE


def test_commitment_missed_last_year_and_due_this_year(office, officer):
    series = make_series(office, title="Strategic IAG")
    commitment = make_commitment(series, starts_on=dt.date(2025, 4, 1))
    report = queries.commitment_report(commitment, today=dt.date(2026, 11, 23))
    assert [p.state for p in report.previous] == [CommitmentState.MISSED]
    assert [p.state for p in report.current] == [CommitmentState.DUE]
    assert report.state == CommitmentState.DUE


def test_apologies_and_cancelled_meetings_do_not_keep_a_commitment(office, officer, commissioner):
    series = make_series(office, title="Strategic IAG")
    commitment = make_commitment(series)
    sent_apologies = _meeting(series, dt.date(2026, 5, 1), officer)
    services.record_attendance(
        sent_apologies, attended=[], apologies=[commissioner], notes="", by=officer
    )
    cancelled = _meeting(series, dt.date(2026, 7, 1), officer)
    services.record_attendance(
        cancelled, attended=[commissioner], apologies=[], notes="", by=officer
    )
    services.cancel_occurrence(cancelled, by=officer)
    report = queries.commitment_report(commitment, today=dt.date(2026, 11, 23))
    assert report.state == CommitmentState.DUE


def test_two_year_forum_cycle_is_counted_per_forum_area(office, officer, commissioner, deputy):
    rugby, southam, _alcester = make_forum_areas(office, ["Rugby Town", "Southam", "Alcester"])
    series = make_series(office, title="Community Forums", per_forum_area=True)
    commitment = make_commitment(
        series,
        posts=["pcc", "dpcc"],
        period_months=24,
        per_forum_area=True,
        starts_on=dt.date(2024, 4, 1),
    )
    # Previous cycle (April 2024 to March 2026): only Rugby Town had a visit.
    old = _meeting(series, dt.date(2025, 2, 3), officer, area=rugby)
    services.record_attendance(old, attended=[deputy], apologies=[], notes="", by=officer)
    # Current cycle: the Commissioner went to Southam.
    new = _meeting(series, dt.date(2026, 9, 8), officer, area=southam)
    services.record_attendance(new, attended=[commissioner], apologies=[], notes="", by=officer)
    report = queries.commitment_report(commitment, today=dt.date(2026, 11, 23))
    previous = {p.area.name: p.state for p in report.previous}
    current = {p.area.name: p.state for p in report.current}
    assert previous == {"Alcester": "missed", "Rugby Town": "kept", "Southam": "missed"}
    assert current == {"Alcester": "due", "Rugby Town": "due", "Southam": "kept"}
    assert report.counts == {"kept": 1, "due": 2, "missed": 0}


def test_person_sees_series_of_their_post_and_those_they_lead(
    office, officer, commissioner, analyst
):
    pcc_series = make_series(
        office, title="Police and Crime Panel", attending_posts=["pcc", "dpcc"]
    )
    led = make_series(
        office, title="Business Crime Network", attending_posts=[], lead_officer=analyst
    )
    make_series(office, title="Audit Joint Committee", attending_posts=["treasurer"])
    assert list(queries.series_for(office, person=commissioner)) == [pcc_series]
    assert list(queries.series_for(office, person=analyst)) == [led]


def test_month_calendar_puts_meetings_on_their_london_day(office, officer):
    series = make_series(office)
    late = dt.datetime(2026, 6, 30, 23, 30, tzinfo=LONDON)  # 22:30 UTC, still 30 June in London
    services.add_occurrence(
        series, starts_at=late, ends_at=late + dt.timedelta(minutes=20), by=officer
    )
    weeks = queries.month_calendar(office, 2026, 6)
    days = {day.date: day for week in weeks for day in week}
    assert [m.starts_at for m in days[dt.date(2026, 6, 30)].meetings] == [late]
    assert weeks[0][0].date.weekday() == 0


def test_adopted_rota_visits_show_as_planned_while_a_commitment_is_due(
    office, officer, commissioner, deputy
):
    from django.utils import timezone

    from engage.meetings.models import RotaAssignment, RotaPlan, RotaStatus

    southam, _alcester = make_forum_areas(office, ["Southam", "Alcester"])
    series = make_series(office, title="Community Forums", per_forum_area=True)
    today = timezone.localdate()
    commitment = make_commitment(
        series,
        posts=["pcc", "dpcc"],
        period_months=24,
        per_forum_area=True,
        starts_on=today - dt.timedelta(days=100),
    )
    visit = _meeting(series, today + dt.timedelta(days=40), officer, area=southam)
    plan = RotaPlan.objects.create(
        office=office,
        name="Rota",
        starts_on=today,
        ends_on=today + dt.timedelta(days=700),
        status=RotaStatus.ADOPTED,
    )
    RotaAssignment.objects.create(office=office, plan=plan, occurrence=visit, person=deputy)
    report = queries.commitment_report(commitment, today=today)
    planned = {p.area.name: p.planned for p in report.current}
    assert planned == {"Alcester": None, "Southam": visit.starts_at}
    assert report.planned_count == 1

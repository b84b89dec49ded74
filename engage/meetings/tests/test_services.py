import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from engage.meetings import services
from engage.meetings.models import (
    ActionStatus,
    Attendance,
    AttendanceStatus,
    Frequency,
    Occurrence,
    OccurrenceStatus,
)
from engage.meetings.tests.factories import make_forum_areas, make_series

LONDON = ZoneInfo("Europe/London")
UTC = dt.UTC


def test_generate_monthly_keeps_local_time_across_clock_changes(office):
    series = make_series(office, frequency=Frequency.MONTHLY, first_date=dt.date(2026, 1, 14))
    created = services.generate_occurrences(
        series, start=dt.date(2026, 1, 1), end=dt.date(2027, 1, 1)
    )
    occurrences = list(series.occurrences.order_by("starts_at"))
    assert created == 12
    assert {timezone.localtime(o.starts_at, LONDON).time() for o in occurrences} == {dt.time(10, 0)}
    # 10:00 in London is 10:00 UTC in winter (GMT) and 09:00 UTC in summer (BST).
    by_month = {o.scheduled_for.month: o.starts_at.astimezone(UTC).hour for o in occurrences}
    assert by_month[1] == 10 and by_month[3] == 10
    assert by_month[4] == 9 and by_month[10] == 9
    assert by_month[11] == 10


def test_generate_on_the_day_the_clocks_go_forward(office):
    # 29 March 2026 is the last Sunday of March; the meeting moves to Monday 30 March.
    series = make_series(office, frequency=Frequency.ANNUAL, first_date=dt.date(2026, 3, 29))
    services.generate_occurrences(series, start=dt.date(2026, 1, 1), end=dt.date(2027, 1, 1))
    only = series.occurrences.get()
    assert timezone.localtime(only.starts_at, LONDON) == dt.datetime(
        2026, 3, 30, 10, 0, tzinfo=LONDON
    )
    assert only.ends_at - only.starts_at == dt.timedelta(hours=2)


def test_generate_quarterly_gives_four_dates_on_weekdays(office):
    series = make_series(office, frequency=Frequency.QUARTERLY, first_date=dt.date(2026, 1, 31))
    services.generate_occurrences(series, start=dt.date(2026, 1, 1), end=dt.date(2027, 1, 1))
    dates = [o.scheduled_for for o in series.occurrences.order_by("starts_at")]
    assert dates == [
        dt.date(2026, 1, 31),
        dt.date(2026, 4, 30),
        dt.date(2026, 7, 31),
        dt.date(2026, 10, 31),
    ]
    assert all(timezone.localtime(o.starts_at).weekday() < 5 for o in series.occurrences.all())


def test_generate_twice_creates_nothing_new(office):
    series = make_series(office, frequency=Frequency.BIMONTHLY)
    first = services.generate_occurrences(
        series, start=dt.date(2026, 1, 1), end=dt.date(2027, 1, 1)
    )
    again = services.generate_occurrences(
        series, start=dt.date(2026, 1, 1), end=dt.date(2027, 1, 1)
    )
    assert (first, again) == (6, 0)


def test_generate_does_not_recreate_a_moved_or_cancelled_meeting(office, officer):
    series = make_series(office, frequency=Frequency.QUARTERLY)
    services.generate_occurrences(series, start=dt.date(2026, 1, 1), end=dt.date(2027, 1, 1))
    first, second = series.occurrences.order_by("starts_at")[:2]
    new_start = dt.datetime(2026, 2, 20, 14, 0, tzinfo=LONDON)
    services.move_occurrence(
        first,
        starts_at=new_start,
        ends_at=new_start + dt.timedelta(hours=1),
        location="Online",
        by=officer,
    )
    services.cancel_occurrence(second, by=officer, reason="Chair unwell")
    assert (
        services.generate_occurrences(series, start=dt.date(2026, 1, 1), end=dt.date(2027, 1, 1))
        == 0
    )
    first.refresh_from_db()
    assert timezone.localtime(first.starts_at, LONDON) == new_start
    assert series.occurrences.filter(status=OccurrenceStatus.CANCELLED).count() == 1
    assert first.history.first().history_user == officer


def test_as_required_about_six_a_year_gives_six_provisional_meetings(office):
    series = make_series(office, frequency=Frequency.AS_REQUIRED, per_year=6)
    created = services.generate_occurrences(
        series, start=dt.date(2026, 1, 1), end=dt.date(2027, 1, 1)
    )
    assert created == 6
    assert all(o.provisional for o in series.occurrences.all())


@pytest.mark.parametrize("frequency", [Frequency.TO_BE_AGREED, Frequency.NONE])
def test_no_dates_for_series_without_a_regular_frequency(office, frequency):
    series = make_series(office, frequency=frequency)
    assert (
        services.generate_occurrences(series, start=dt.date(2026, 1, 1), end=dt.date(2027, 1, 1))
        == 0
    )


def test_forum_series_meets_in_every_forum_area_on_different_days(office):
    areas = make_forum_areas(office, ["Atherstone", "Coleshill", "Kenilworth"])
    series = make_series(
        office, title="Community Forums", per_forum_area=True, start_time=dt.time(18, 30)
    )
    created = services.generate_occurrences(
        series, start=dt.date(2026, 1, 1), end=dt.date(2027, 1, 1)
    )
    assert created == 3 * 4
    assert {o.area for o in series.occurrences.all()} == set(areas)
    first_round = series.occurrences.filter(scheduled_for__lt=dt.date(2026, 3, 1))
    assert len({o.starts_at.date() for o in first_round}) == 3


def test_record_attendance_stores_posts_and_replaces_earlier_record(
    office, officer, commissioner, deputy
):
    series = make_series(office)
    services.generate_occurrences(series, start=dt.date(2026, 1, 1), end=dt.date(2026, 4, 1))
    meeting = series.occurrences.get()
    services.record_attendance(
        meeting,
        attended=[commissioner, officer],
        apologies=[deputy],
        notes="Draft plan",
        by=officer,
    )
    assert dict(
        Attendance.objects.filter(occurrence=meeting).values_list("person__email", "post")
    ) == {
        "pat.pcc@avonshire.test": "pcc",
        "olivia.officer@avonshire.test": "policy_officer",
        "dee.dpcc@avonshire.test": "dpcc",
    }
    services.record_attendance(
        meeting, attended=[deputy], apologies=[], notes="Corrected", by=officer
    )
    rows = Attendance.objects.filter(occurrence=meeting)
    assert [(r.person, r.status) for r in rows] == [(deputy, AttendanceStatus.ATTENDED)]
    meeting.refresh_from_db()
    assert meeting.attendance_recorded and meeting.notes == "Corrected"


def test_action_done_stamps_completion_date_and_reopening_clears_it(office, officer):
    series = make_series(office)
    meeting = services.add_occurrence(series, starts_at=timezone.now(), by=officer)
    action = services.add_action(
        meeting,
        description="Share the ASB data",
        owner=officer,
        owner_name="",
        due_on=None,
        by=officer,
    )
    services.update_action(action, {"status": ActionStatus.DONE}, by=officer)
    assert action.completed_on == timezone.localdate()
    services.update_action(action, {"status": ActionStatus.OPEN}, by=officer)
    assert action.completed_on is None


def test_changing_frequency_redates_untouched_future_meetings_only(office, officer):
    today = timezone.localdate()
    series = make_series(
        office, frequency=Frequency.QUARTERLY, first_date=today + dt.timedelta(days=10)
    )
    services.generate_occurrences(series, start=today, end=today + dt.timedelta(days=365))
    kept = series.occurrences.order_by("starts_at").first()
    services.record_attendance(kept, attended=[officer], apologies=[], notes="Planning", by=officer)
    services.update_series(series, {"frequency": Frequency.MONTHLY}, by=officer)
    assert Occurrence.objects.filter(pk=kept.pk).exists()
    assert series.occurrences.count() == 12


def test_extend_schedule_fills_the_year_ahead_once(office, capsys):
    from django.core.management import call_command

    make_series(office, frequency=Frequency.MONTHLY, first_date=timezone.localdate())
    call_command("extend_schedule")
    call_command("extend_schedule")
    out = capsys.readouterr().out.splitlines()
    assert out == ["Avonshire OPCC: 12 meetings added", "Avonshire OPCC: 0 meetings added"]

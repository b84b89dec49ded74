"""Forum services and reads: assigning ambassadors, filing reports, overdue reports."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from conftest import make_member
from engage.accounts.models import Role
from engage.engagements.models import Concern, ConcernSource, ConcernTheme
from engage.engagements.services.concerns import ensure_default_themes
from engage.meetings import forums, services
from engage.meetings.models import (
    AmbassadorAssignment,
    AttendanceStatus,
    ForumReport,
    MeetingSeries,
    Occurrence,
    ScheduleCategory,
)
from engage.meetings.tests.factories import make_forum_areas, make_series
from engage.places.models import Area, AreaKind

pytestmark = pytest.mark.django_db


def forum_series(office) -> MeetingSeries:
    return make_series(
        office,
        title="Community Forums X 30",
        category=ScheduleCategory.PUBLIC_ACCOUNTABILITY,
        chair="Community forum chair",
        per_forum_area=True,
        attending_posts=["pcc", "dpcc", "ambassador"],
        location="",
    )


def forum_meeting(series: MeetingSeries, area: Area, *, days_ago: int, by=None) -> Occurrence:
    """A forum meeting at 18:30, `days_ago` days before today (negative: in the future)."""
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    starts = services.local_datetime(day, dt.time(18, 30))
    return services.add_occurrence(
        series, starts_at=starts, area=area, location="Village hall", by=by
    )


def theme(office, name: str) -> ConcernTheme:
    ensure_default_themes(office)
    return ConcernTheme.objects.get(office=office, name=name)


@pytest.fixture
def areas(office):
    return make_forum_areas(office, ["Southam", "Kenilworth", "Bedworth"])


@pytest.fixture
def series(office):
    return forum_series(office)


# Assigning ambassadors.


def test_assign_ambassador_creates_the_assignment_with_who_made_it(areas, ambassador, officer):
    assignment = forums.assign_ambassador(areas[0], ambassador, by=officer)

    assert assignment is not None
    assert AmbassadorAssignment.objects.get(area=areas[0]).ambassador == ambassador
    assert assignment.history.get().history_user == officer


def test_assign_ambassador_none_leaves_the_area_without_one(areas, ambassador, officer):
    forums.assign_ambassador(areas[0], ambassador, by=officer)

    forums.assign_ambassador(areas[0], None, by=officer)

    assert not AmbassadorAssignment.objects.filter(area=areas[0]).exists()
    deleted = AmbassadorAssignment.history.filter(area_id=areas[0].pk, history_type="-").get()
    assert deleted.history_user == officer


def test_assign_ambassador_refuses_someone_who_is_not_an_ambassador(areas, officer):
    with pytest.raises(ValueError):
        forums.assign_ambassador(areas[0], officer, by=officer)
    assert not AmbassadorAssignment.objects.exists()


def test_assign_ambassador_refuses_a_district(office, ambassador, officer):
    district = Area.objects.create(
        office=office, kind=AreaKind.DISTRICT, name="Stratford-on-Avon", ons_code="E07000221"
    )
    with pytest.raises(ValueError):
        forums.assign_ambassador(district, ambassador, by=officer)


def test_assign_ambassadors_saves_the_table_and_counts_only_changes(
    office, areas, ambassador, officer
):
    second = make_member(office, Role.AMBASSADOR, "bea.csa@avonshire.test", "Bea", "Bennett")
    forums.assign_ambassador(areas[0], ambassador, by=officer)

    changed = forums.assign_ambassadors(
        office,
        {
            area: choice
            for area, choice in zip(forums.forum_areas(office), [second, None, None], strict=True)
        },
        by=officer,
    )

    # Bedworth (alphabetically first) gets Bea; Kenilworth stays empty; Southam loses Amir.
    assert changed == 2
    assert {a.area.name: a.ambassador for a in AmbassadorAssignment.objects.all()} == {
        "Bedworth": second
    }


def test_ambassadors_of_lists_only_the_offices_active_ambassadors(
    office, cast, other_office, ambassador
):
    make_member(other_office, Role.AMBASSADOR, "far.csa@severnvale.test", "Farah", "Field")

    assert list(forums.ambassadors_of(office)) == [ambassador]


# Filing a report.


def test_file_forum_report_creates_the_report_and_its_concerns(
    office, areas, series, ambassador, officer
):
    forums.assign_ambassador(areas[0], ambassador, by=officer)
    meeting = forum_meeting(series, areas[0], days_ago=2)

    report = forums.file_forum_report(
        meeting,
        ambassador=ambassador,
        attendance=23,
        concerns=[
            forums.ConcernInput(
                "Speeding on the Banbury Road past the primary school",
                theme(office, "Road safety and speeding"),
                people=6,
            ),
            forums.ConcernInput(
                "Teenagers gathering at the recreation ground",
                theme(office, "Anti-social behaviour"),
            ),
        ],
        good_practice="Joint walkabout with the PCSOs before the meeting.",
        requests="Ask the Commissioner for a speed camera van on Banbury Road.",
        by=ambassador,
    )

    assert ForumReport.objects.get() == report
    assert (report.attendance, report.ambassador) == (23, ambassador)
    concerns = list(Concern.objects.order_by("pk"))
    assert [(c.summary, c.theme.name, c.people) for c in concerns] == [
        ("Speeding on the Banbury Road past the primary school", "Road safety and speeding", 6),
        ("Teenagers gathering at the recreation ground", "Anti-social behaviour", 1),
    ]
    for concern in concerns:
        assert concern.area == areas[0]
        assert concern.source == ConcernSource.FORUM_REPORT
        assert concern.raised_on == timezone.localdate() - dt.timedelta(days=2)
        assert (concern.forum_report, concern.occurrence) == (report, meeting)


def test_file_forum_report_records_the_ambassador_as_attending(areas, series, ambassador):
    meeting = forum_meeting(series, areas[0], days_ago=1)

    forums.file_forum_report(
        meeting,
        ambassador=ambassador,
        attendance=12,
        concerns=[],
        good_practice="",
        requests="",
        by=ambassador,
    )

    meeting.refresh_from_db()
    assert meeting.attendance_recorded
    assert [(a.person, a.status) for a in meeting.attendance.all()] == [
        (ambassador, AttendanceStatus.ATTENDED)
    ]


def test_file_forum_report_keeps_attendance_someone_already_recorded(
    areas, series, ambassador, commissioner, officer
):
    meeting = forum_meeting(series, areas[0], days_ago=1)
    services.record_attendance(
        meeting,
        attended=[commissioner],
        apologies=[],
        notes="PCC spoke on rural crime.",
        by=officer,
    )

    forums.file_forum_report(
        meeting,
        ambassador=ambassador,
        attendance=40,
        concerns=[],
        good_practice="",
        requests="",
        by=ambassador,
    )

    meeting.refresh_from_db()
    assert [a.person for a in meeting.attendance.all()] == [commissioner]
    assert meeting.notes == "PCC spoke on rural crime."


@pytest.mark.parametrize(
    ("days_ago", "cancel", "message"),
    [
        (-3, False, "You can file the report after the meeting."),
        (2, True, "This meeting was cancelled, so it has no report."),
    ],
)
def test_file_forum_report_refuses_future_and_cancelled_meetings(
    areas, series, ambassador, officer, days_ago, cancel, message
):
    meeting = forum_meeting(series, areas[0], days_ago=days_ago)
    if cancel:
        services.cancel_occurrence(meeting, by=officer)

    with pytest.raises(forums.ForumReportError, match=message):
        forums.file_forum_report(
            meeting,
            ambassador=ambassador,
            attendance=5,
            concerns=[],
            good_practice="",
            requests="",
            by=ambassador,
        )
    assert not ForumReport.objects.exists()


def test_file_forum_report_refuses_a_second_report(areas, series, ambassador):
    meeting = forum_meeting(series, areas[0], days_ago=2)
    kwargs = {"concerns": [], "good_practice": "", "requests": "", "by": ambassador}
    forums.file_forum_report(meeting, ambassador=ambassador, attendance=5, **kwargs)

    with pytest.raises(forums.ForumReportError):
        forums.file_forum_report(meeting, ambassador=ambassador, attendance=9, **kwargs)
    assert ForumReport.objects.get().attendance == 5


def test_update_forum_report_changes_the_fields_not_the_concerns(office, areas, series, ambassador):
    meeting = forum_meeting(series, areas[0], days_ago=2)
    report = forums.file_forum_report(
        meeting,
        ambassador=ambassador,
        attendance=5,
        concerns=[forums.ConcernInput("Drug dealing by the Co-op", theme(office, "Drugs"))],
        good_practice="",
        requests="",
        by=ambassador,
    )

    forums.update_forum_report(
        report, attendance=15, good_practice="Good turnout", requests="", by=ambassador
    )

    report.refresh_from_db()
    assert (report.attendance, report.good_practice) == (15, "Good turnout")
    assert Concern.objects.count() == 1


# Reads.


def test_overdue_reports_lists_a_forum_held_10_days_ago_without_a_report(
    areas, series, ambassador, officer
):
    forums.assign_ambassador(areas[0], ambassador, by=officer)
    meeting = forum_meeting(series, areas[0], days_ago=10)

    [overdue] = forums.overdue_reports(series.office)

    assert overdue.occurrence == meeting
    assert overdue.ambassador == ambassador
    assert overdue.days_overdue == 10 - forums.REPORT_DUE_DAYS


def test_overdue_reports_leaves_out_reported_cancelled_and_recent_forums(
    areas, series, ambassador, officer
):
    reported = forum_meeting(series, areas[0], days_ago=10)
    forums.file_forum_report(
        reported,
        ambassador=ambassador,
        attendance=8,
        concerns=[],
        good_practice="",
        requests="",
        by=ambassador,
    )
    cancelled = forum_meeting(series, areas[1], days_ago=10)
    services.cancel_occurrence(cancelled, by=officer)
    forum_meeting(series, areas[2], days_ago=forums.REPORT_DUE_DAYS)  # due today, not late
    unassigned = forum_meeting(series, areas[2], days_ago=30)

    overdue = forums.overdue_reports(series.office)

    assert [(m.occurrence, m.ambassador, m.days_overdue) for m in overdue] == [
        (unassigned, None, 30 - forums.REPORT_DUE_DAYS)
    ]


def test_overdue_reports_leaves_out_partner_meetings_and_other_offices(
    office, other_office, officer
):
    csp = make_series(office, title="Community Safety Partnership")
    services.add_occurrence(csp, starts_at=timezone.now() - dt.timedelta(days=20), by=officer)
    [elsewhere] = make_forum_areas(other_office, ["Ledbury"])
    forum_meeting(forum_series(other_office), elsewhere, days_ago=20)

    assert forums.overdue_reports(office) == []


def test_my_forums_shows_each_meetings_report_state(office, areas, series, ambassador, officer):
    forums.assign_ambassador(areas[0], ambassador, by=officer)
    forums.assign_ambassador(areas[1], ambassador, by=officer)
    filed = forum_meeting(series, areas[0], days_ago=40)
    forums.file_forum_report(
        filed,
        ambassador=ambassador,
        attendance=8,
        concerns=[],
        good_practice="",
        requests="",
        by=ambassador,
    )
    late = forum_meeting(series, areas[1], days_ago=9)
    due = forum_meeting(series, areas[0], days_ago=1)
    forum_meeting(series, areas[2], days_ago=1)  # not their area
    coming = forum_meeting(series, areas[1], days_ago=-20)

    mine = forums.my_forums(office, ambassador)

    assert [a.name for a in mine.areas] == ["Kenilworth", "Southam"]
    assert [(m.occurrence, m.state) for m in mine.recent] == [
        (due, forums.ReportState.DUE),
        (late, forums.ReportState.OVERDUE),
        (filed, forums.ReportState.FILED),
    ]
    assert [m.occurrence for m in mine.to_report] == [due, late]
    assert [m.occurrence for m in mine.upcoming] == [coming]


def test_forum_reports_counts_each_reports_concerns(office, areas, series, ambassador):
    meeting = forum_meeting(series, areas[0], days_ago=3)
    forums.file_forum_report(
        meeting,
        ambassador=ambassador,
        attendance=30,
        concerns=[
            forums.ConcernInput("Burglaries on Oak Road", theme(office, "Burglary")),
            forums.ConcernInput("Cars broken into overnight", theme(office, "Vehicle crime")),
        ],
        good_practice="",
        requests="",
        by=ambassador,
    )

    [report] = forums.forum_reports(office)

    assert (report.occurrence, report.concern_count) == (meeting, 2)


def test_report_themes_gives_an_office_without_themes_the_defaults(office, officer):
    themes = forums.report_themes(office, by=officer)

    assert "Anti-social behaviour" in [t.name for t in themes]

"""Forum pages: the ambassadors table, My forums, the report form, overdue reports and the list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.urls import reverse

from conftest import make_member
from engage.accounts.models import Role
from engage.engagements.models import Concern, ConcernSource, ConcernTheme
from engage.meetings import forums, services
from engage.meetings.models import AmbassadorAssignment, AttendanceStatus, ForumReport
from engage.meetings.tests.factories import make_forum_areas, make_series
from engage.meetings.tests.test_forums import forum_meeting, forum_series

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas(office):
    return make_forum_areas(office, ["Southam", "Kenilworth", "Bedworth"])


@pytest.fixture
def series(office):
    return forum_series(office)


@pytest.fixture
def assigned(areas, ambassador, officer):
    """Amir is the ambassador for Southam."""
    forums.assign_ambassador(areas[0], ambassador, by=officer)
    return areas[0]


@pytest.fixture
def ambassador_client(client, ambassador):
    client.force_login(ambassador)
    return client


def report_url(meeting) -> str:
    return reverse("meetings:forum_report", args=[meeting.pk])


def themes(office) -> dict[str, int]:
    forums.report_themes(office, by=None)
    return dict(ConcernTheme.objects.for_office(office).values_list("name", "pk"))


def report_data(office, **changes) -> dict[str, str]:
    ids = themes(office)
    data = {
        "attendance": "27",
        "concern_1_summary": "Speeding on the Banbury Road past the primary school",
        "concern_1_theme": str(ids["Road safety and speeding"]),
        "concern_1_people": "6",
        "good_practice": "Joint walkabout with the PCSOs before the meeting.",
        "requests": "Could the Commissioner fund a speed camera van?",
    }
    data.update(changes)
    return data


# The ambassadors table.


def test_assignments_page_offers_only_ambassadors_for_each_forum_area(
    officer_client, areas, ambassador, cast
):
    page = officer_client.get(reverse("meetings:forum_assignments")).content.decode()

    assert "Ambassadors for forum areas" in page
    for name in ("Southam", "Kenilworth", "Bedworth"):
        assert f"Ambassador for {name}" in page
    assert "Amir Aziz" in page
    assert "Olivia Okafor" not in page.split("<table")[1].split("</table>")[0]


def test_assignments_page_saves_all_areas_at_once(
    officer_client, office, areas, ambassador, officer
):
    second = make_member(office, Role.AMBASSADOR, "bea.csa@avonshire.test", "Bea", "Bennett")
    southam, kenilworth, bedworth = areas

    response = officer_client.post(
        reverse("meetings:forum_assignments"),
        {
            f"area_{southam.pk}": str(ambassador.pk),
            f"area_{kenilworth.pk}": str(second.pk),
            f"area_{bedworth.pk}": "",
        },
        follow=True,
    )

    assert "Ambassadors saved: 2 forum areas changed." in response.content.decode()
    assert {a.area: a.ambassador for a in AmbassadorAssignment.objects.all()} == {
        southam: ambassador,
        kenilworth: second,
    }
    page = response.content.decode()
    assert "Bea Bennett is the ambassador for Kenilworth (by Olivia Okafor)" in page


def test_assignments_page_refuses_someone_who_is_not_an_ambassador(
    officer_client, areas, officer, ambassador
):
    response = officer_client.post(
        reverse("meetings:forum_assignments"),
        {f"area_{areas[0].pk}": str(officer.pk), f"area_{areas[1].pk}": str(ambassador.pk)},
    )

    page = response.content.decode()
    assert "Choose the ambassador for Southam from the list of ambassadors" in page
    assert not AmbassadorAssignment.objects.exists()
    # What was chosen in the other rows is kept.
    assert f'<option value="{ambassador.pk}" selected>' in page


def test_assignments_page_is_refused_to_an_ambassador(ambassador_client, areas):
    assert ambassador_client.get(reverse("meetings:forum_assignments")).status_code == 403


# My forums.


def test_my_forums_lists_reports_to_file_and_the_next_forums(
    ambassador_client, assigned, series, areas
):
    forum_meeting(series, assigned, days_ago=10)
    forum_meeting(series, assigned, days_ago=-14)
    forum_meeting(series, areas[1], days_ago=2)  # Kenilworth: someone else's

    page = ambassador_client.get(reverse("meetings:my_forums")).content.decode()

    assert "You are the ambassador for:" in page and "Southam" in page
    assert "Report overdue" in page and "3 days late" in page
    assert "File the report" in page
    assert "Kenilworth" not in page
    assert "Next forums" in page and "Village hall" in page


def test_my_forums_tells_someone_without_areas(client, officer):
    client.force_login(officer)

    page = client.get(reverse("meetings:my_forums")).content.decode()

    assert "You are not the ambassador for any community forum area yet." in page


# Filing a report.


def test_ambassador_files_a_report_that_creates_its_concerns(
    ambassador_client, office, assigned, series, ambassador
):
    meeting = forum_meeting(series, assigned, days_ago=2)
    ids = themes(office)

    response = ambassador_client.post(
        report_url(meeting),
        report_data(
            office,
            concern_2_summary="Teenagers gathering at the recreation ground after dark",
            concern_2_theme=str(ids["Anti-social behaviour"]),
        ),
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("meetings:my_forums")
    assert "Report filed. Thank you." in response.content.decode()
    report = ForumReport.objects.get()
    assert (report.occurrence, report.ambassador, report.attendance) == (meeting, ambassador, 27)
    assert report.requests == "Could the Commissioner fund a speed camera van?"
    assert [
        (c.summary, c.theme.name, c.people, c.area, c.source)
        for c in Concern.objects.order_by("pk")
    ] == [
        (
            "Speeding on the Banbury Road past the primary school",
            "Road safety and speeding",
            6,
            assigned,
            ConcernSource.FORUM_REPORT,
        ),
        (
            "Teenagers gathering at the recreation ground after dark",
            "Anti-social behaviour",
            1,
            assigned,
            ConcernSource.FORUM_REPORT,
        ),
    ]
    assert meeting.attendance.get().person == ambassador


def test_report_form_shows_themes_to_choose(ambassador_client, assigned, series):
    meeting = forum_meeting(series, assigned, days_ago=2)

    page = ambassador_client.get(report_url(meeting)).content.decode()

    assert "How many residents attended?" in page
    assert "Concern 5" in page and "Concern 6" not in page
    assert ">Road safety and speeding</option>" in page


def test_report_is_refused_to_an_ambassador_of_another_area(
    client, office, areas, series, assigned
):
    other = make_member(office, Role.AMBASSADOR, "bea.csa@avonshire.test", "Bea", "Bennett")
    forums.assign_ambassador(areas[1], other, by=None)
    client.force_login(other)
    meeting = forum_meeting(series, assigned, days_ago=2)

    assert client.get(report_url(meeting)).status_code == 403
    assert client.post(report_url(meeting), report_data(office)).status_code == 403
    assert not ForumReport.objects.exists()


def test_report_on_a_future_forum_is_refused(ambassador_client, office, assigned, series):
    meeting = forum_meeting(series, assigned, days_ago=-7)

    page = ambassador_client.get(report_url(meeting)).content.decode()
    assert "You can file the report after the meeting." in page
    assert "File the report</button>" not in page

    response = ambassador_client.post(report_url(meeting), report_data(office))
    assert "You can file the report after the meeting." in response.content.decode()
    assert not ForumReport.objects.exists()


def test_report_on_a_cancelled_forum_is_refused(
    ambassador_client, office, assigned, series, officer
):
    meeting = forum_meeting(series, assigned, days_ago=3)
    services.cancel_occurrence(meeting, by=officer)

    response = ambassador_client.post(report_url(meeting), report_data(office))

    assert "This meeting was cancelled, so it has no report." in response.content.decode()
    assert not ForumReport.objects.exists()


def test_negative_attendance_is_refused_keeping_what_was_typed(
    ambassador_client, office, assigned, series
):
    meeting = forum_meeting(series, assigned, days_ago=2)

    response = ambassador_client.post(report_url(meeting), report_data(office, attendance="-4"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "The number of residents cannot be negative: enter 0 or more" in page
    assert 'value="-4"' in page
    assert 'value="Speeding on the Banbury Road past the primary school"' in page
    assert "Joint walkabout with the PCSOs before the meeting.</textarea>" in page
    assert f'<option value="{themes(office)["Road safety and speeding"]}" selected>' in page
    assert not ForumReport.objects.exists() and not Concern.objects.exists()


def test_concern_without_a_theme_is_refused(ambassador_client, office, assigned, series):
    meeting = forum_meeting(series, assigned, days_ago=2)

    response = ambassador_client.post(
        report_url(meeting),
        report_data(office, concern_2_summary="Fly-tipping in the lay-by on the A423"),
    )

    page = response.content.decode()
    assert "Choose a theme for concern 2" in page
    assert 'href="#id_concern_2_theme"' in page
    assert 'value="Fly-tipping in the lay-by on the A423"' in page
    assert not ForumReport.objects.exists() and not Concern.objects.exists()


def test_organiser_files_a_report_on_behalf_of_the_ambassador(
    officer_client, office, assigned, series, ambassador
):
    meeting = forum_meeting(series, assigned, days_ago=5)

    response = officer_client.post(report_url(meeting), report_data(office))

    assert response["Location"] == reverse("meetings:forum_reports")
    report = ForumReport.objects.get()
    assert report.ambassador == ambassador
    assert report.history.get().history_user.email == "olivia.officer@avonshire.test"
    assert meeting.attendance.get().status == AttendanceStatus.ATTENDED
    assert meeting.attendance.get().person == ambassador


def test_changing_a_filed_report_updates_it_without_adding_concerns(
    ambassador_client, office, assigned, series
):
    meeting = forum_meeting(series, assigned, days_ago=2)
    ambassador_client.post(report_url(meeting), report_data(office))

    page = ambassador_client.get(report_url(meeting)).content.decode()
    assert "Change the forum report" in page
    assert 'value="27"' in page
    assert "Speeding on the Banbury Road past the primary school" in page
    assert "Concern 1" not in page

    ambassador_client.post(
        report_url(meeting), {"attendance": "31", "good_practice": "", "requests": "None"}
    )
    report = ForumReport.objects.get()
    assert (report.attendance, report.requests) == (31, "None")
    assert Concern.objects.count() == 1


def test_report_page_for_a_partner_meeting_is_not_found(officer_client, office, officer):
    csp = make_series(office, title="Community Safety Partnership")
    meeting = services.add_occurrence(
        csp, starts_at=services.local_datetime(dt.date(2026, 1, 5), dt.time(10)), by=officer
    )

    assert officer_client.get(report_url(meeting)).status_code == 404


def test_report_page_of_another_office_is_not_found(client, other_officer, assigned, series):
    meeting = forum_meeting(series, assigned, days_ago=2)
    client.force_login(other_officer)

    assert client.get(report_url(meeting)).status_code == 404


# The officer's lists.


def test_overdue_page_lists_late_reports_with_their_ambassador(
    officer_client, office, assigned, series, areas, ambassador
):
    forum_meeting(series, assigned, days_ago=10)
    reported = forum_meeting(series, areas[1], days_ago=12)
    forums.file_forum_report(
        reported,
        ambassador=ambassador,
        attendance=8,
        concerns=[],
        good_practice="",
        requests="",
        by=ambassador,
    )

    page = officer_client.get(reverse("meetings:forum_reports_overdue")).content.decode()

    assert "1 report overdue." in page
    row = page.split("<tbody")[1]
    assert "Southam" in row and "Amir Aziz" in row and "Kenilworth" not in row
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">3</td>' in row


def test_report_list_shows_each_report(officer_client, office, assigned, series, ambassador):
    meeting = forum_meeting(series, assigned, days_ago=3)
    forums.file_forum_report(
        meeting,
        ambassador=ambassador,
        attendance=42,
        concerns=[],
        good_practice="",
        requests="",
        by=ambassador,
    )

    page = officer_client.get(reverse("meetings:forum_reports")).content.decode()

    row = page.split("<tbody")[1]
    assert "Southam" in row and "Amir Aziz" in row and ">42</td>" in row


def test_lists_leave_out_another_offices_forums(client, other_officer, assigned, series):
    forum_meeting(series, assigned, days_ago=10)
    client.force_login(other_officer)

    for name in ("meetings:forum_reports_overdue", "meetings:forum_reports", "meetings:my_forums"):
        assert "Southam" not in client.get(reverse(name)).content.decode(), name


# The partial the meeting page includes.

OCCURRENCE_SNIPPET = (
    "{% with report=occurrence.forum_report %}{% if report %}"
    '{% include "meetings/forums/_report.html" %}{% endif %}{% endwith %}'
)


def test_report_partial_shows_the_whole_report(office, assigned, series, ambassador):
    meeting = forum_meeting(series, assigned, days_ago=2)
    ids = themes(office)
    forums.file_forum_report(
        meeting,
        ambassador=ambassador,
        attendance=27,
        concerns=[
            forums.ConcernInput(
                "Speeding on the Banbury Road",
                ConcernTheme.objects.get(pk=ids["Road safety and speeding"]),
                people=6,
            )
        ],
        good_practice="Joint walkabout with the PCSOs.",
        requests="A speed camera van.",
        by=ambassador,
    )

    html = Template(OCCURRENCE_SNIPPET).render(Context({"occurrence": meeting}))

    assert 'id="forum-report"' in html
    assert "Amir Aziz" in html and '<dd class="govuk-summary-list__value">27</dd>' in html
    assert "Speeding on the Banbury Road" in html and "Road safety and speeding, 6 people" in html
    assert "Joint walkabout with the PCSOs." in html and "A speed camera van." in html


def test_report_partial_shows_nothing_for_a_meeting_without_a_report(assigned, series):
    meeting = forum_meeting(series, assigned, days_ago=2)

    assert Template(OCCURRENCE_SNIPPET).render(Context({"occurrence": meeting})).strip() == ""

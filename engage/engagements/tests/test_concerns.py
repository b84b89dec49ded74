"""The concerns list, a concern's page with its actions, recording by hand, and the overdue view."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from engage.engagements.models import (
    Activity,
    ActivityType,
    Concern,
    ConcernSource,
    ConcernStatus,
    ConcernTheme,
    SurgeryBooking,
    SurgerySession,
    SurgerySlot,
)
from engage.engagements.queries.concerns import (
    ConcernFilters,
    concerns_for,
    concerns_in_area,
    theme_counts,
)
from engage.engagements.services.concerns import ensure_default_themes, record_concern
from engage.meetings import services as meetings
from engage.meetings.models import Action, ActionStatus, ForumReport
from engage.meetings.tests.factories import make_series
from engage.places.models import Area, AreaKind

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def themes(office, officer):
    ensure_default_themes(office, by=officer)
    return {t.name: t for t in ConcernTheme.objects.for_office(office)}


@pytest.fixture
def places(office):
    rugby = Area.objects.create(
        office=office, kind=AreaKind.DISTRICT, name="Rugby", ons_code="E07000220"
    )
    stratford = Area.objects.create(
        office=office, kind=AreaKind.DISTRICT, name="Stratford-on-Avon", ons_code="E07000221"
    )
    return {
        "Rugby": rugby,
        "Stratford-on-Avon": stratford,
        "Bilton": Area.objects.create(
            office=office, kind=AreaKind.FORUM_AREA, name="Bilton", parent=rugby
        ),
        "Hillmorton": Area.objects.create(
            office=office, kind=AreaKind.FORUM_AREA, name="Hillmorton", parent=rugby
        ),
        "Southam": Area.objects.create(
            office=office, kind=AreaKind.FORUM_AREA, name="Southam", parent=stratford
        ),
    }


def _concern(office, officer, theme, *, summary, area=None, days_ago=10, **extra):
    extra.setdefault("source", ConcernSource.CORRESPONDENCE)
    return record_concern(
        office,
        summary=summary,
        theme=theme,
        raised_on=TODAY - dt.timedelta(days=days_ago),
        by=officer,
        area=area,
        **extra,
    )


@pytest.fixture
def raised(office, officer, themes, places):
    """Concerns from four sources across Rugby and Stratford-on-Avon."""
    activity = Activity.objects.create(
        office=office,
        title="Youth club visit, Bilton",
        type=ActivityType.VISIT,
        starts_at=timezone.now() - dt.timedelta(days=5),
        area=places["Bilton"],
        feedback_token="bilton-youth-club-0001",
    )
    series = make_series(office, title="Bilton Community Forum", per_forum_area=True)
    occurrence = meetings.add_occurrence(
        series,
        starts_at=timezone.now() - dt.timedelta(days=20),
        by=officer,
        area=places["Hillmorton"],
    )
    report = ForumReport.objects.create(
        office=office, occurrence=occurrence, ambassador=officer, attendance=23
    )
    session = SurgerySession.objects.create(
        office=office,
        starts_at=timezone.now() - dt.timedelta(days=3),
        ends_at=timezone.now() - dt.timedelta(days=3) + dt.timedelta(hours=2),
        location="Southam library",
        held_by=officer,
    )
    slot = SurgerySlot.objects.create(
        office=office,
        session=session,
        starts_at=session.starts_at,
        ends_at=session.starts_at + dt.timedelta(minutes=15),
    )
    booking = SurgeryBooking.objects.create(
        office=office,
        slot=slot,
        name="Margaret Ellison",
        email="margaret@example.org",
        topic="Parking near school",
        cancel_token="tok-southam-1",
    )
    return {
        "youth": _concern(
            office,
            officer,
            themes["Drugs"],
            summary="Dealing behind the youth club after 9pm",
            area=places["Bilton"],
            days_ago=5,
            source=ConcernSource.ACTIVITY,
            activity=activity,
            people=4,
        ),
        "forum": _concern(
            office,
            officer,
            themes["Anti-social behaviour"],
            summary="Groups gathering at Hillmorton locks",
            area=places["Hillmorton"],
            days_ago=20,
            source=ConcernSource.FORUM_REPORT,
            forum_report=report,
            occurrence=occurrence,
        ),
        "surgery": _concern(
            office,
            officer,
            themes["Road safety and speeding"],
            summary="Parking on the pavement by the primary school",
            area=places["Southam"],
            days_ago=3,
            source=ConcernSource.SURGERY,
            booking=booking,
        ),
        "letter": _concern(
            office,
            officer,
            themes["Road safety and speeding"],
            summary="Speeding on Lawford Road",
            area=places["Rugby"],
            days_ago=400,
        ),
        "activity": activity,
        "report": report,
    }


# Queries


def test_concerns_for_district_finds_its_forum_areas(office, raised, places):
    found = set(concerns_for(office, ConcernFilters(area=places["Rugby"])))
    assert found == {raised["youth"], raised["forum"], raised["letter"]}


def test_concerns_for_forum_area_finds_only_that_area(office, raised, places):
    assert list(concerns_for(office, ConcernFilters(area=places["Bilton"]))) == [raised["youth"]]


def test_concerns_for_filters_by_source_status_and_dates(office, raised, officer):
    assert list(concerns_for(office, ConcernFilters(source=ConcernSource.SURGERY))) == [
        raised["surgery"]
    ]
    window = ConcernFilters(
        date_from=TODAY - dt.timedelta(days=21), date_to=TODAY - dt.timedelta(days=4)
    )
    assert list(concerns_for(office, window)) == [raised["youth"], raised["forum"]]
    meetings.add_action(
        raised["letter"],
        description="Ask for a speed check",
        owner=officer,
        owner_name="",
        due_on=None,
        by=officer,
    )
    actioned = concerns_for(office, ConcernFilters(status=ConcernStatus.ACTIONED))
    assert list(actioned) == [raised["letter"]]


def test_concerns_for_overdue_finds_only_concerns_with_overdue_open_actions(
    office, raised, officer
):
    for concern, due, status in [
        (raised["youth"], TODAY - dt.timedelta(days=2), ActionStatus.OPEN),
        (raised["forum"], TODAY + dt.timedelta(days=5), ActionStatus.OPEN),
        (raised["letter"], TODAY - dt.timedelta(days=30), ActionStatus.DONE),
    ]:
        action = meetings.add_action(
            concern, description="Follow up", owner=officer, owner_name="", due_on=due, by=officer
        )
        if status != ActionStatus.OPEN:
            meetings.update_action(action, {"status": status}, by=officer)
    found = list(concerns_for(office, ConcernFilters(overdue=True)))
    assert found == [raised["youth"]]
    assert found[0].overdue_actions == 1 and found[0].open_actions == 1


def test_theme_counts_follow_the_filter(office, raised, places):
    everywhere = {c.name: c.concerns for c in theme_counts(office)}
    assert everywhere == {"Road safety and speeding": 2, "Drugs": 1, "Anti-social behaviour": 1}
    rugby = {
        c.name: (c.concerns, c.people)
        for c in theme_counts(office, ConcernFilters(area=places["Rugby"]))
    }
    assert rugby == {
        "Drugs": (1, 4),
        "Anti-social behaviour": (1, 1),
        "Road safety and speeding": (1, 1),
    }


def test_concerns_in_area_groups_last_twelve_months_by_theme(raised, places):
    groups = concerns_in_area(places["Rugby"])
    assert [(g.theme.name, [c.summary for c in g.concerns]) for g in groups] == [
        ("Anti-social behaviour", ["Groups gathering at Hillmorton locks"]),
        ("Drugs", ["Dealing behind the youth club after 9pm"]),
    ]
    assert groups[1].people == 4


def test_concerns_list_queries_do_not_grow_with_rows(
    officer_client, office, officer, raised, themes
):
    url = reverse("engagements:concerns")
    with CaptureQueriesContext(connection) as few:
        officer_client.get(url)
    for n in range(20):
        _concern(office, officer, themes["Burglary"], summary=f"Shed break-in {n}")
    with CaptureQueriesContext(connection) as many:
        officer_client.get(url)
    assert len(many) == len(few)


# The list page


def test_concern_list_shows_every_source_with_links(officer_client, raised):
    page = officer_client.get(reverse("engagements:concerns")).content.decode()
    assert "Dealing behind the youth club" in page
    assert raised["activity"].get_absolute_url() in page
    assert raised["report"].get_absolute_url().replace("#", "") in page.replace("#", "")
    assert "Parking on the pavement" in page
    assert "4 concerns" in page


def test_concern_list_shows_no_personal_details_of_a_surgery(officer_client, raised):
    page = officer_client.get(reverse("engagements:concerns")).content.decode()
    assert "Margaret" not in page and "margaret@example.org" not in page
    assert reverse("engagements:booking", args=[raised["surgery"].booking_id]) not in page


def test_concern_list_filters_by_theme_and_shows_its_counts(officer_client, raised, themes):
    response = officer_client.get(
        reverse("engagements:concerns"), {"theme": themes["Road safety and speeding"].pk}
    )
    page = response.content.decode()
    assert "Speeding on Lawford Road" in page and "Parking on the pavement" in page
    assert "Dealing behind the youth club" not in page
    assert "2 concerns match" in page
    assert "Concerns by theme, for this filter" in page


def test_concern_list_ignores_a_bad_date_and_says_so(officer_client, raised):
    response = officer_client.get(reverse("engagements:concerns"), {"date_from": "31/02/2026"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a real date" in page
    assert "Dealing behind the youth club" in page


def test_concern_list_of_another_office_is_empty(client, other_officer, raised):
    client.force_login(other_officer)
    page = client.get(reverse("engagements:concerns")).content.decode()
    assert "Dealing behind the youth club" not in page
    assert "0 concerns" in page


# A concern's page


def test_concern_detail_shows_where_it_came_from_and_its_actions(officer_client, raised, officer):
    concern = raised["youth"]
    meetings.add_action(
        concern,
        description="Ask the Safer Neighbourhood Team to patrol after 9pm",
        owner=None,
        owner_name="Rugby Safer Neighbourhood Team",
        due_on=TODAY - dt.timedelta(days=1),
        by=officer,
    )
    page = officer_client.get(concern.get_absolute_url()).content.decode()
    assert "Dealing behind the youth club after 9pm" in page
    assert "Youth club visit, Bilton" in page
    assert "Ask the Safer Neighbourhood Team to patrol after 9pm" in page
    assert "Rugby Safer Neighbourhood Team" in page
    assert "Overdue" in page
    assert "Action agreed" in page


def test_add_action_turns_open_concern_to_action_agreed(officer_client, raised, officer):
    concern = raised["letter"]
    response = officer_client.post(
        reverse("engagements:concern_action_add", args=[concern.pk]),
        {
            "description": "Request speed watch on Lawford Road",
            "owner": officer.pk,
            "owner_name": "",
            "due_on": "30/06/2026",
        },
    )
    action = Action.objects.get(concern=concern)
    assert response.status_code == 302
    assert response["Location"] == f"{concern.get_absolute_url()}#action-{action.pk}"
    assert action.due_on == dt.date(2026, 6, 30) and action.owner == officer
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.ACTIONED


def test_add_action_without_owner_is_refused_and_keeps_what_was_typed(officer_client, raised):
    concern = raised["letter"]
    response = officer_client.post(
        reverse("engagements:concern_action_add", args=[concern.pk]),
        {"description": "Write to the council", "owner": "", "owner_name": "", "due_on": ""},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose an owner in the OPCC, or name one outside it" in page
    assert "Write to the council" in page
    assert not Action.objects.filter(concern=concern).exists()


def test_status_change_is_saved_and_in_the_history(officer_client, raised):
    concern = raised["forum"]
    response = officer_client.post(
        reverse("engagements:concern_status", args=[concern.pk]), {"status": "closed"}
    )
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.CLOSED
    page = officer_client.get(concern.get_absolute_url()).content.decode()
    assert "History" in page and "Olivia Okafor" in page


def test_status_change_to_nonsense_is_refused(officer_client, raised):
    concern = raised["forum"]
    response = officer_client.post(
        reverse("engagements:concern_status", args=[concern.pk]), {"status": "solved"}
    )
    assert response.status_code == 400
    assert "Choose open, action agreed or closed" in response.content.decode()


def test_ambassador_sees_a_concern_but_cannot_change_it(client, ambassador, raised):
    client.force_login(ambassador)
    concern = raised["forum"]
    page = client.get(concern.get_absolute_url()).content.decode()
    assert "Groups gathering at Hillmorton locks" in page
    assert "Add an action" not in page
    response = client.post(
        reverse("engagements:concern_status", args=[concern.pk]), {"status": "closed"}
    )
    assert response.status_code == 403


def test_another_offices_concern_is_not_found(client, other_officer, raised):
    client.force_login(other_officer)
    concern = raised["youth"]
    assert client.get(concern.get_absolute_url()).status_code == 404
    response = client.post(
        reverse("engagements:concern_status", args=[concern.pk]), {"status": "closed"}
    )
    assert response.status_code == 404
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.OPEN


# Recording by hand


def test_record_concern_by_hand(officer_client, office, themes, places):
    page = officer_client.get(reverse("engagements:concern_create")).content.decode()
    assert "call 999 in an emergency or 101" in page
    response = officer_client.post(
        reverse("engagements:concern_create"),
        {
            "summary": "Letter about cars racing on the A426 at night",
            "source": ConcernSource.CORRESPONDENCE,
            "theme": themes["Road safety and speeding"].pk,
            "area": places["Rugby"].pk,
            "raised_on": "12/03/2026",
            "people": "2",
        },
    )
    concern = Concern.objects.get(summary__startswith="Letter about cars")
    assert response.status_code == 302 and response["Location"] == concern.get_absolute_url()
    assert (concern.raised_on, concern.people, concern.area, concern.office) == (
        dt.date(2026, 3, 12),
        2,
        places["Rugby"],
        office,
    )


def test_record_concern_refuses_bad_input_and_keeps_it(officer_client, themes):
    response = officer_client.post(
        reverse("engagements:concern_create"),
        {
            "summary": "Noise from the car park every night",
            "source": ConcernSource.CORRESPONDENCE,
            "theme": "",
            "raised_on": "30/02/2026",
            "people": "0",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose a theme" in page
    assert "Enter a real date" in page
    assert "Enter 1 or more people" in page
    assert "Noise from the car park every night" in page
    assert not Concern.objects.exists()


def test_record_concern_does_not_offer_retired_themes(officer_client, themes):
    from engage.engagements.services.themes import retire_theme

    retire_theme(themes["Hate crime"], by=None)
    page = officer_client.get(reverse("engagements:concern_create")).content.decode()
    assert "Hate crime" not in page
    assert "Burglary" in page


def test_record_concern_gives_a_new_office_the_default_themes(officer_client, office):
    page = officer_client.get(reverse("engagements:concern_create")).content.decode()
    assert "Anti-social behaviour" in page and "Rural crime" in page


# Overdue


def test_overdue_view_lists_only_overdue_actions_on_concerns(
    office, officer_client, raised, officer
):
    meetings.add_action(
        raised["youth"],
        description="Patrol behind the youth club",
        owner=officer,
        owner_name="",
        due_on=TODAY - dt.timedelta(days=3),
        by=officer,
    )
    meetings.add_action(
        raised["forum"],
        description="Write to the Canal and River Trust",
        owner=officer,
        owner_name="",
        due_on=TODAY + dt.timedelta(days=3),
        by=officer,
    )
    series = make_series(office, title="Rugby Community Safety Partnership")
    occurrence = meetings.add_occurrence(series, starts_at=timezone.now(), by=officer)
    meetings.add_action(
        occurrence,
        description="Circulate the minutes",
        owner=officer,
        owner_name="",
        due_on=TODAY - dt.timedelta(days=3),
        by=officer,
    )
    page = officer_client.get(reverse("engagements:concerns_overdue")).content.decode()
    assert "Patrol behind the youth club" in page
    assert "Write to the Canal and River Trust" not in page
    assert "Circulate the minutes" not in page
    assert reverse("meetings:actions") + "?status=overdue" in page

import datetime as dt
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from engage.meetings import services
from engage.meetings.models import Action, AttendanceStatus, OccurrenceStatus
from engage.meetings.tests.factories import make_series

LONDON = ZoneInfo("Europe/London")


def _last_week(office, by):
    series = make_series(
        office, title="Community Safety Partnership", attending_posts=["pcc", "dpcc", "cex"]
    )
    day = timezone.localdate() - dt.timedelta(days=6)
    start = dt.datetime.combine(day, dt.time(10), tzinfo=LONDON)
    return services.add_occurrence(series, starts_at=start, location="Town Hall, Rugby", by=by)


def test_record_attendance_of_last_weeks_csp(client, office, officer, commissioner, deputy):
    meeting = _last_week(office, officer)
    client.force_login(officer)
    page = client.get(reverse("meetings:attendance", args=[meeting.pk])).content.decode()
    assert "Pat Pemberton" in page and "Dee Dhillon" in page
    response = client.post(
        reverse("meetings:attendance", args=[meeting.pk]),
        {
            "attended": [commissioner.pk, officer.pk],
            "apologies": [deputy.pk],
            "notes": "Agreed a joint ASB plan.",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Attendance recorded." in page
    assert "Pat Pemberton (PCC)" in page
    assert "Agreed a joint ASB plan." in page
    assert meeting.attendance.get(person=deputy).status == AttendanceStatus.APOLOGIES


def test_attendance_refuses_someone_both_present_and_absent_and_keeps_the_notes(
    client, office, officer, deputy
):
    meeting = _last_week(office, officer)
    client.force_login(officer)
    response = client.post(
        reverse("meetings:attendance", args=[meeting.pk]),
        {
            "attended": [deputy.pk],
            "apologies": [deputy.pk],
            "notes": "Long minutes typed on a phone",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Dee Dhillon cannot both attend and send apologies" in page
    assert "Long minutes typed on a phone" in page
    assert not meeting.attendance.exists()


def test_add_action_with_owner_and_due_date(client, office, officer):
    meeting = _last_week(office, officer)
    client.force_login(officer)
    due = timezone.localdate() + dt.timedelta(days=30)
    response = client.post(
        reverse("meetings:action_add", args=[meeting.pk]),
        {
            "description": "Share hotspot map with the CSP",
            "owner": officer.pk,
            "due_on": due.strftime("%d/%m/%Y"),
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Share hotspot map with the CSP" in page
    assert "Olivia Okafor" in page
    action = Action.objects.get()
    assert (action.owner, action.due_on, action.occurrence) == (officer, due, meeting)


def test_add_action_without_owner_is_refused_and_text_kept(client, office, officer):
    meeting = _last_week(office, officer)
    client.force_login(officer)
    response = client.post(
        reverse("meetings:action_add", args=[meeting.pk]),
        {"description": "Write to the council about street lights", "due_on": "31/02/2026"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose an owner in the OPCC, or name one outside it" in page
    assert "Enter a real date" in page
    assert "Write to the council about street lights" in page
    assert not Action.objects.exists()


def test_move_then_cancel_a_meeting(client, office, officer):
    meeting = _last_week(office, officer)
    client.force_login(officer)
    next_month = timezone.localdate() + dt.timedelta(days=30)
    client.post(
        reverse("meetings:move", args=[meeting.pk]),
        {
            "date": next_month.isoformat(),
            "start_time": "18:30",
            "end_time": "20:00",
            "location": "Online",
            "reason": "Room unavailable",
        },
    )
    meeting.refresh_from_db()
    assert timezone.localtime(meeting.starts_at).time() == dt.time(18, 30)
    assert meeting.history.first().history_change_reason == "Room unavailable"
    client.post(reverse("meetings:cancel", args=[meeting.pk]), {"reason": "Chair unwell"})
    meeting.refresh_from_db()
    assert meeting.status == OccurrenceStatus.CANCELLED
    page = client.get(reverse("meetings:occurrence", args=[meeting.pk])).content.decode()
    assert "Cancelled" in page and "Room unavailable" in page and "Olivia Okafor" in page


def test_move_refuses_end_before_start(client, office, officer):
    meeting = _last_week(office, officer)
    client.force_login(officer)
    response = client.post(
        reverse("meetings:move", args=[meeting.pk]),
        {"date": "2026-12-01", "start_time": "18:30", "end_time": "17:00", "location": "Library"},
    )
    page = response.content.decode()
    assert "The end time must be after the start time" in page
    assert 'value="Library"' in page


def test_another_offices_meeting_is_not_found(client, office, officer, other_officer):
    meeting = _last_week(office, officer)
    client.force_login(other_officer)
    for name in ("occurrence", "attendance", "move", "cancel"):
        assert client.get(reverse(f"meetings:{name}", args=[meeting.pk])).status_code == 404


def test_ambassador_can_read_but_not_record(client, office, officer, ambassador):
    meeting = _last_week(office, officer)
    client.force_login(ambassador)
    page = client.get(reverse("meetings:occurrence", args=[meeting.pk])).content.decode()
    assert "Community Safety Partnership" in page
    assert "Record attendance" not in page
    assert client.get(reverse("meetings:attendance", args=[meeting.pk])).status_code == 403


def test_surgery_case_actions_are_hidden_from_those_who_cannot_see_cases(
    client, office, officer, commissioner, ambassador
):
    from engage.engagements.services.surgeries import book_slot, create_session

    start = timezone.now() + dt.timedelta(days=3)
    session = create_session(
        office,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        location="Rugby Library",
        held_by=commissioner,
        slot_minutes=15,
        by=officer,
    )
    booking = book_slot(
        session.slots.first(), name="A Resident", phone="07700 900123", topic="Noise", by=officer
    )
    services.add_action(
        booking,
        description="Write to the housing association",
        owner=officer,
        owner_name="",
        due_on=None,
        by=officer,
    )
    meeting = _last_week(office, officer)
    services.add_action(
        meeting,
        description="Share hotspot map",
        owner=officer,
        owner_name="",
        due_on=None,
        by=officer,
    )
    client.force_login(ambassador)
    page = client.get(reverse("meetings:actions")).content.decode()
    assert "Share hotspot map" in page and "Write to the housing association" not in page
    client.force_login(officer)
    page = client.get(reverse("meetings:actions")).content.decode()
    assert "Share hotspot map" in page and "Write to the housing association" in page

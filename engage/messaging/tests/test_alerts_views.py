"""The alert pages as staff use them: write from a template, check who it reaches, send or
schedule, cancel, read the delivery report, and download the press and radio versions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from engage.messaging import alerts
from engage.messaging.models import Alert, AlertStatus, Message, MessageStatus, Topic
from engage.messaging.tests.alert_data import cctv_appeal, make_places, subscriber
from engage.places.models import Area, AreaKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(office):
    return make_places(office)


@pytest.fixture
def people(office, places):
    return [
        subscriber(office, "one@example.org", [places["Bilton"]]),
        subscriber(office, "two@example.org", [places["Rugby"]]),
        subscriber(office, "+447700900123", [places["Bilton"]]),
        subscriber(office, "warwick@example.org", [places["Warwick"]]),
    ]


@pytest.fixture
def staff(client, officer):
    client.force_login(officer)
    return client


def _district_with_no_subscribers(places) -> Area:
    force = places["Avonshire"]
    return Area.objects.create(
        office=force.office, kind=AreaKind.DISTRICT, name="Stratford", parent=force
    )


def _page(response) -> str:
    return " ".join(response.content.decode().split())


def _form(places, **overrides):
    data = {
        "kind": "appeal",
        "title": "Do you have CCTV on Abbey Street?",
        "title_cy": "",
        "body": "There have been 3 burglaries on Abbey Street. Please check your footage.",
        "body_cy": "",
        "sms_text": "Burglaries on Abbey Street: do you have CCTV? Please reply.",
        "sms_text_cy": "",
        "areas": [str(places["Bilton"].pk)],
        "topics": [str(Topic.APPEALS.value), str(Topic.BURGLARY.value)],
        "accepts_replies": "on",
    }
    data.update(overrides)
    return data


def test_starting_from_the_cctv_template_fills_in_the_appeal(staff, places):
    page = _page(staff.get(reverse("messaging:alert_create") + "?template=cctv"))

    assert "Do you have CCTV on [street name]?" in page
    assert 'value="appeal" checked' in page
    assert f'value="{Topic.APPEALS.value}" checked' in page
    assert 'data-module="govuk-character-count" data-maxlength="306"' in page
    assert "Rugby › Bilton" in page


def test_saving_an_alert_makes_a_draft(staff, office, places, people):
    response = staff.post(reverse("messaging:alert_create"), _form(places, template="cctv"))

    alert = Alert.objects.get()
    assert response["Location"] == alert.get_absolute_url()
    assert (alert.status, alert.template, alert.topics, alert.accepts_replies) == (
        AlertStatus.DRAFT,
        "cctv",
        Topic.APPEALS | Topic.BURGLARY,
        True,
    )
    page = _page(staff.get(alert.get_absolute_url()))
    assert "Saved as a draft." in page
    assert "It will reach 3 people: 2 by email, 1 by text message." in page
    assert "Send to 3 people" in page


def test_mistakes_are_shown_with_what_to_fix_and_nothing_is_lost(staff, places):
    response = staff.post(
        reverse("messaging:alert_create"),
        _form(places, areas=[], topics=[], sms_text="x" * 307, title="Keep this title"),
    )

    assert response.status_code == 400
    page = _page(response)
    assert "Choose at least one area" in page
    assert "Choose at least one topic" in page
    assert "Make the text message 306 characters or fewer (two texts)" in page
    assert 'value="Keep this title"' in page
    assert Alert.objects.count() == 0


def test_check_how_many_without_javascript_keeps_the_form_and_saves_nothing(staff, places, people):
    response = staff.post(
        reverse("messaging:alert_create"), _form(places, check="1", title="Half written")
    )

    page = _page(response)
    assert "It will reach 3 people: 2 by email, 1 by text message." in page
    assert 'value="Half written"' in page
    assert "govuk-error-summary" not in page
    assert Alert.objects.count() == 0


def test_the_count_updates_as_areas_change_through_htmx(staff, places, people):
    url = reverse("messaging:alert_count")
    topics = f"topics={Topic.APPEALS.value}"

    bilton = staff.get(f"{url}?areas={places['Bilton'].pk}&{topics}", HTTP_HX_REQUEST="true")
    force = staff.get(f"{url}?areas={places['Avonshire'].pk}&{topics}", HTTP_HX_REQUEST="true")
    nothing = staff.get(url, HTTP_HX_REQUEST="true")

    assert "It will reach 3 people" in _page(bilton)
    assert "<html" not in bilton.content.decode()
    assert "It will reach 4 people: 3 by email, 1 by text message." in _page(force)
    assert "Choose at least one area and one topic" in _page(nothing)


def test_the_count_page_works_on_its_own_without_javascript(staff, places, people):
    url = reverse("messaging:alert_count")
    nobody = _district_with_no_subscribers(places)

    page = _page(staff.get(f"{url}?areas={nobody.pk}&topics={Topic.APPEALS.value}"))

    assert "How many would an alert reach?" in page
    assert (
        "No one subscribes to alerts about these topics in these areas: choose more areas or topics"
        in page
    )


def test_sending_now_shows_the_delivery_report(
    staff, office, officer, places, people, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.MESSAGING_RATE = 0
    alert = cctv_appeal(office, officer, [places["Bilton"]])

    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(reverse("messaging:alert_send", args=[alert.pk]), {"when": "now"})

    page = _page(staff.get(response["Location"]))
    assert "Sending to 3 people." in page
    assert "Delivery" in page
    assert '<th scope="row" class="govuk-table__header">Sent</th>' in page
    assert Message.objects.filter(alert=alert, status=MessageStatus.SENT).count() == 3
    assert 'govuk-tag--green">Sent<' in page  # every message settled: the alert is sent


def test_failed_messages_link_to_the_delivery_page(staff, office, officer, places, people):
    alert = alerts.send_alert(cctv_appeal(office, officer, [places["Bilton"]]), by=officer)
    Message.objects.filter(alert=alert).update(status=MessageStatus.FAILED)

    page = _page(staff.get(alert.get_absolute_url()))

    assert "See the 3 failed messages and retry them" in page
    assert reverse("messaging:delivery") in page


def test_sending_to_no_one_is_refused_with_the_message(staff, office, officer, places, people):
    alert = cctv_appeal(office, officer, [_district_with_no_subscribers(places)])

    page = _page(staff.get(alert.get_absolute_url()))
    response = staff.post(reverse("messaging:alert_send", args=[alert.pk]), {"when": "now"})

    message = (
        "No one subscribes to alerts about these topics in these areas: choose more areas or topics"
    )
    assert message in page
    assert response.status_code == 400
    assert message in _page(response)
    assert Message.objects.count() == 0


def test_scheduling_in_uk_time_then_cancelling(staff, office, officer, places, people):
    alert = cctv_appeal(office, officer, [places["Bilton"]])
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    response = staff.post(
        reverse("messaging:alert_send", args=[alert.pk]),
        {"when": "later", "send_on": tomorrow.strftime("%d/%m/%Y"), "send_time": "18:30"},
    )

    alert.refresh_from_db()
    assert alert.status == AlertStatus.SCHEDULED
    local = timezone.localtime(alert.send_at)
    assert (local.date(), local.hour, local.minute) == (tomorrow, 18, 30)
    page = _page(staff.get(response["Location"]))
    assert "Scheduled for 18:30 on" in page
    assert "Cancel the alert" in page

    staff.post(reverse("messaging:alert_cancel", args=[alert.pk]))

    alert.refresh_from_db()
    assert alert.status == AlertStatus.CANCELLED
    assert Message.objects.count() == 0


def test_a_time_in_the_past_is_refused(staff, office, officer, places, people):
    alert = cctv_appeal(office, officer, [places["Bilton"]])
    yesterday = timezone.localdate() - dt.timedelta(days=1)

    response = staff.post(
        reverse("messaging:alert_send", args=[alert.pk]),
        {"when": "later", "send_on": yesterday.isoformat(), "send_time": "09:00"},
    )

    assert response.status_code == 400
    assert "Choose a date and time in the future, or send it now" in _page(response)
    alert.refresh_from_db()
    assert alert.status == AlertStatus.DRAFT


def test_a_sent_alert_cannot_be_edited(staff, office, officer, places, people):
    alert = alerts.send_alert(cctv_appeal(office, officer, [places["Bilton"]]), by=officer)

    response = staff.get(reverse("messaging:alert_edit", args=[alert.pk]), follow=True)

    assert "Only a draft can be changed" in _page(response)


def test_editing_a_draft_shows_its_count_and_saves(staff, office, officer, places, people):
    alert = cctv_appeal(office, officer, [places["Bilton"]])
    url = reverse("messaging:alert_edit", args=[alert.pk])

    assert "It will reach 3 people" in _page(staff.get(url))
    staff.post(url, _form(places, areas=[str(places["Warwick"].pk)], title="Warwick appeal"))

    alert.refresh_from_db()
    assert (alert.title, list(alert.areas.all())) == ("Warwick appeal", [places["Warwick"]])


def test_the_list_shows_status_sent_date_recipients_and_replies(
    staff, office, officer, places, people
):
    sent = alerts.send_alert(cctv_appeal(office, officer, [places["Bilton"]]), by=officer)
    cctv_appeal(office, officer, [places["Warwick"]], title="A draft about Warwick")

    page = _page(staff.get(reverse("messaging:alerts")))

    assert "A draft about Warwick" in page
    assert "Do you have CCTV on Abbey Street?" in page
    row = page.split("Do you have CCTV on Abbey Street?", 1)[1].split("</tr>", 1)[0]
    assert "Sending" in row
    assert timezone.localtime(sent.sent_at).strftime("%-d %B %Y") in row
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">3</td>' in row


def test_press_release_and_radio_script_download_as_text_and_show_on_the_page(
    staff, office, officer, places
):
    alert = cctv_appeal(office, officer, [places["Bilton"]])

    press_file = staff.get(reverse("messaging:alert_press", args=[alert.pk]))
    radio_file = staff.get(reverse("messaging:alert_radio", args=[alert.pk]))
    page = staff.get(alert.get_absolute_url()).content.decode()

    assert press_file["Content-Type"] == "text/plain; charset=utf-8"
    assert press_file["Content-Disposition"] == (
        f'attachment; filename="alert-{alert.pk}-press-release.txt"'
    )
    text = press_file.content.decode()
    assert text.startswith("PRESS RELEASE\n")
    assert "ENDS" in text
    assert radio_file["Content-Type"] == "text/plain; charset=utf-8"
    assert "call one-oh-one" in " ".join(radio_file.content.decode().split())
    assert "<pre" in page
    assert "DO YOU HAVE CCTV ON ABBEY STREET?" in page
    assert "about 30 seconds read aloud" in page


def test_another_offices_alert_is_not_found(client, other_officer, office, officer, places):
    alert = cctv_appeal(office, officer, [places["Bilton"]])
    client.force_login(other_officer)

    for name in ("messaging:alert", "messaging:alert_edit", "messaging:alert_press"):
        assert client.get(reverse(name, args=[alert.pk])).status_code == 404, name
    response = client.post(reverse("messaging:alert_send", args=[alert.pk]), {"when": "now"})
    assert response.status_code == 404
    assert "Do you have CCTV" not in client.get(reverse("messaging:alerts")).content.decode()


def test_another_offices_subscribers_are_not_counted(client, other_officer, places, people):
    client.force_login(other_officer)

    response = client.get(
        reverse("messaging:alert_count")
        + f"?areas={places['Bilton'].pk}&topics={Topic.APPEALS.value}"
    )

    assert "It will reach" not in _page(response)


def test_the_commissioner_sees_alerts_but_cannot_send(
    client, commissioner, office, officer, places
):
    alert = cctv_appeal(office, officer, [places["Bilton"]])
    client.force_login(commissioner)

    page = _page(client.get(alert.get_absolute_url()))
    response = client.post(reverse("messaging:alert_send", args=[alert.pk]), {"when": "now"})

    assert "Do you have CCTV on Abbey Street?" in page
    assert "Send to" not in page
    assert response.status_code == 403
    assert Alert.objects.get().status == AlertStatus.DRAFT

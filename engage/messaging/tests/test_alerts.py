"""Alerts: writing one, the checks before sending, sending now or later, cancelling, what the
messages say, and the press release and radio script."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from engage.messaging import alerts, press, rendering, tokens
from engage.messaging.alert_templates import TEMPLATES
from engage.messaging.models import (
    Alert,
    AlertStatus,
    Message,
    MessageStatus,
    SubscriberStatus,
    Topic,
)
from engage.messaging.tests.alert_data import cctv_appeal, make_places, subscriber
from engage.places.models import Area, AreaKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(office):
    return make_places(office)


@pytest.fixture
def bilton_people(office, places):
    return [
        subscriber(office, "one@example.org", [places["Bilton"]]),
        subscriber(office, "two@example.org", [places["Rugby"]]),
        subscriber(office, "+447700900123", [places["Bilton"]]),
    ]


# -- writing -----------------------------------------------------------------------------------


def test_an_alert_needs_an_area_and_a_topic(office, officer):
    with pytest.raises(ValidationError) as refused:
        alerts.create_alert(
            office, by=officer, areas=[], topics=0, kind="alert", title="Scam", body="Beware."
        )

    assert refused.value.message_dict == {
        "areas": ["Choose at least one area"],
        "topics": ["Choose at least one topic"],
    }


def test_an_alert_cannot_go_to_another_offices_areas(office, other_office, officer):
    theirs = Area.objects.create(office=other_office, kind=AreaKind.WARD, name="Elsewhere")

    with pytest.raises(ValidationError) as refused:
        cctv_appeal(office, officer, [theirs])

    assert refused.value.message_dict == {"areas": ["Choose areas of your own office"]}


def test_a_text_message_over_306_characters_is_refused_with_its_length(office, officer, places):
    with pytest.raises(ValidationError) as refused:
        cctv_appeal(office, officer, [places["Bilton"]], sms_text="x" * 307)

    assert refused.value.message_dict == {
        "sms_text": ["The text message is 307 characters: make it 306 characters or fewer"]
    }


def test_every_template_fits_a_text_message_and_has_words_to_replace():
    for template in TEMPLATES.values():
        assert len(template.sms_text) <= alerts.SMS_LIMIT, template.key
        assert alerts.PLACEHOLDER.search(template.title), template.key
        assert template.topics, template.key
    assert set(TEMPLATES) >= {"cctv", "burglary", "scam", "road", "consultation", "meeting"}


def test_only_a_draft_can_be_changed(office, officer, places, bilton_people):
    alert = cctv_appeal(office, officer, [places["Bilton"]])
    alerts.update_alert(
        alert,
        by=officer,
        areas=[places["Hillmorton"]],
        topics=Topic.APPEALS,
        accepts_replies=False,
        title="Do you have CCTV on Lower Hillmorton Road?",
    )
    alert.refresh_from_db()
    assert (alert.title, list(alert.areas.all()), alert.accepts_replies) == (
        "Do you have CCTV on Lower Hillmorton Road?",
        [places["Hillmorton"]],
        False,
    )
    alerts.update_alert(
        alert, by=officer, areas=[places["Bilton"]], topics=Topic.APPEALS, accepts_replies=True
    )
    alerts.send_alert(alert, by=officer)

    with pytest.raises(ValidationError) as refused:
        alerts.update_alert(
            alert, by=officer, areas=[places["Bilton"]], topics=Topic.APPEALS, accepts_replies=True
        )

    assert refused.value.messages == [
        "Only a draft can be changed: this alert has been sent or scheduled."
    ]


# -- sending -----------------------------------------------------------------------------------


def test_sending_now_queues_one_message_per_recipient_and_delivers_them(
    office, officer, places, bilton_people, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MESSAGING_EMAIL_BACKEND = "django"
    settings.MESSAGING_SMS_BACKEND = "file"
    settings.MEDIA_ROOT = tmp_path
    settings.MESSAGING_RATE = 0
    alert = cctv_appeal(office, officer, [places["Bilton"]])

    with django_capture_on_commit_callbacks(execute=True):
        alerts.send_alert(alert, by=officer)

    alert.refresh_from_db()
    assert alert.sent_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == ["one@example.org", "two@example.org"]
    assert {m.subject for m in mail.outbox} == {"Appeal: Do you have CCTV on Abbey Street?"}
    texts = [json.loads(p.read_text()) for p in (tmp_path / "sms").glob("*.json")]
    assert [t["to"] for t in texts] == ["+447700900123"]
    assert texts[0]["body"].startswith(alert.sms_text)
    statuses = Message.objects.filter(alert=alert).values_list("status", flat=True)
    assert sorted(statuses) == [MessageStatus.SENT] * 3
    assert alerts.settle_alert(alert).status == AlertStatus.SENT


def test_words_in_square_brackets_stop_an_alert_being_sent(office, officer, places, bilton_people):
    start = TEMPLATES["cctv"]
    alert = alerts.create_alert(
        office,
        by=officer,
        areas=[places["Bilton"]],
        topics=start.topics,
        kind=start.kind,
        title=start.title,
        body=start.body,
        sms_text=start.sms_text,
        template="cctv",
    )

    with pytest.raises(ValidationError) as refused:
        alerts.send_alert(alert, by=officer)

    assert refused.value.messages[0].startswith(
        "Replace the words in square brackets before sending: [street name], [number]"
    )
    assert Message.objects.count() == 0


def test_an_alert_without_a_text_message_is_not_sent(office, officer, places, bilton_people):
    alert = cctv_appeal(office, officer, [places["Bilton"]], sms_text="")

    with pytest.raises(ValidationError) as refused:
        alerts.send_alert(alert, by=officer)

    assert refused.value.messages == [
        "Write the text message: people who chose text messages receive only that."
    ]


def test_a_scheduled_alert_waits_then_goes_to_who_subscribes_at_its_time(
    office, officer, places, bilton_people
):
    alert = cctv_appeal(office, officer, [places["Bilton"]])
    later = timezone.now() + dt.timedelta(hours=2)

    alerts.send_alert(alert, by=officer, send_at=later)

    alert.refresh_from_db()
    assert (alert.status, alert.send_at, Message.objects.count()) == (
        AlertStatus.SCHEDULED,
        later,
        0,
    )
    assert alerts.send_scheduled_alert.call(alert.pk) == "not yet"
    assert Message.objects.count() == 0

    # Before its time, one person leaves and another joins.
    bilton_people[0].status = SubscriberStatus.LEFT
    bilton_people[0].save()
    subscriber(office, "three@example.org", [places["Bilton"]])
    Alert.objects.filter(pk=alert.pk).update(send_at=timezone.now() - dt.timedelta(minutes=1))

    assert alerts.send_due_alerts() == 1

    alert.refresh_from_db()
    assert alert.status in (AlertStatus.SENDING, AlertStatus.SENT)
    assert set(Message.objects.filter(alert=alert).values_list("address", flat=True)) == {
        "two@example.org",
        "+447700900123",
        "three@example.org",
    }
    # Run again (a retried task): nothing more.
    assert alerts.send_scheduled_alert.call(alert.pk) == "not scheduled"
    assert Message.objects.filter(alert=alert).count() == 3


def test_cancelling_a_scheduled_alert_means_it_never_goes(office, officer, places, bilton_people):
    alert = cctv_appeal(office, officer, [places["Bilton"]])
    alerts.send_alert(alert, by=officer, send_at=timezone.now() + dt.timedelta(hours=2))

    alerts.cancel_alert(alert, by=officer)
    Alert.objects.filter(pk=alert.pk).update(send_at=timezone.now() - dt.timedelta(minutes=1))
    alerts.send_due_alerts()

    alert.refresh_from_db()
    assert alert.status == AlertStatus.CANCELLED
    assert Message.objects.count() == 0


def test_cancelling_while_sending_removes_only_what_has_not_gone(
    office, officer, places, bilton_people
):
    alert = cctv_appeal(office, officer, [places["Bilton"]])
    alerts.send_alert(alert, by=officer)  # no on-commit here: delivery has not run
    gone = Message.objects.filter(alert=alert).order_by("pk").first()
    Message.objects.filter(pk=gone.pk).update(status=MessageStatus.SENT, sent_at=timezone.now())

    removed = alerts.cancel_alert(alert, by=officer)

    assert removed == 2
    assert list(Message.objects.filter(alert=alert).values_list("pk", "status")) == [
        (gone.pk, MessageStatus.SENT)
    ]
    alert.refresh_from_db()
    assert alert.status == AlertStatus.CANCELLED


def test_a_draft_cannot_be_cancelled(office, officer, places):
    alert = cctv_appeal(office, officer, [places["Bilton"]])

    with pytest.raises(ValidationError) as refused:
        alerts.cancel_alert(alert, by=officer)

    assert refused.value.messages == [
        "Only a scheduled alert, or one still sending, can be cancelled."
    ]


def test_an_alert_is_sent_once_every_message_is_settled(office, officer, places, bilton_people):
    alert = alerts.send_alert(cctv_appeal(office, officer, [places["Bilton"]]), by=officer)
    messages = Message.objects.filter(alert=alert)

    messages.exclude(pk=messages.first().pk).update(status=MessageStatus.DELIVERED)
    assert alerts.settle_alert(alert).status == AlertStatus.SENDING

    messages.filter(status=MessageStatus.QUEUED).update(status=MessageStatus.FAILED)
    assert alerts.settle_alert(alert).status == AlertStatus.SENT
    assert alerts.delivery_counts(alert) == {
        "queued": 0,
        "sending": 0,
        "sent": 0,
        "delivered": 2,
        "failed": 1,
        "total": 3,
    }


# -- what the messages say ---------------------------------------------------------------------


def test_the_email_has_the_appeal_a_reply_link_and_the_unsubscribe_link(
    office, officer, places, bilton_people
):
    alert = cctv_appeal(office, officer, [places["Bilton"]])
    alerts.send_alert(alert, by=officer)
    message = Message.objects.get(alert=alert, address="one@example.org")

    written = rendering.render(message)

    assert written.subject == "Appeal: Do you have CCTV on Abbey Street?"
    assert "There have been 3 burglaries on Abbey Street between 2 and 9 March." in written.body
    reply_link = rendering.reply_url(message)
    assert reply_link in written.body
    assert tokens.read("reply", reply_link.rstrip("/").rsplit("/", 1)[1]) == {"m": message.pk}
    assert written.unsubscribe_url in written.body
    assert rendering.manage_url(message) in written.body
    assert "In an emergency call 999" in written.body
    assert written.headers["List-Unsubscribe"] == f"<{written.unsubscribe_url}>"


def test_the_text_message_is_short_with_reply_and_stop_links(
    office, officer, places, bilton_people
):
    alert = cctv_appeal(office, officer, [places["Bilton"]])
    alerts.send_alert(alert, by=officer)
    message = Message.objects.get(alert=alert, address="+447700900123")

    written = rendering.render(message)

    lines = written.body.splitlines()
    assert lines[0] == alert.sms_text
    assert lines[1] == f"Reply: {rendering.reply_url(message)}"
    assert written.unsubscribe_url in lines[2]
    assert len(lines) == 3


def test_no_reply_link_when_the_alert_does_not_invite_replies(
    office, officer, places, bilton_people
):
    alert = cctv_appeal(office, officer, [places["Bilton"]])
    alert.accepts_replies = False
    alert.save()
    alerts.send_alert(alert, by=officer)

    sms = rendering.render(Message.objects.get(alert=alert, address="+447700900123"))
    email = rendering.render(Message.objects.get(alert=alert, address="one@example.org"))

    assert "/reply/" not in sms.body
    assert "/reply/" not in email.body


def test_welsh_subscribers_get_the_welsh_text_when_written(office, officer, places):
    subscriber(office, "cymraeg@example.org", [places["Bilton"]], language="cy")
    subscriber(office, "+447700900999", [places["Bilton"]], language="cy")
    alert = cctv_appeal(
        office,
        officer,
        [places["Bilton"]],
        title_cy="Oes gennych chi deledu cylch cyfyng ar Stryd yr Abaty?",
        body_cy="Bu tri byrgleriaeth ar Stryd yr Abaty.",
        sms_text_cy="Apêl yr heddlu: oes gennych chi deledu cylch cyfyng?",
    )
    alerts.send_alert(alert, by=officer)

    email = rendering.render(Message.objects.get(alert=alert, channel="email"))
    sms = rendering.render(Message.objects.get(alert=alert, channel="sms"))

    assert "Bu tri byrgleriaeth ar Stryd yr Abaty." in email.body
    assert sms.body.startswith("Apêl yr heddlu: oes gennych chi deledu cylch cyfyng?")


# -- press and radio ---------------------------------------------------------------------------


def test_the_press_release_has_headline_dateline_body_ends_and_notes(office, officer, places):
    office.email = "press@avonshire-pcc.example"
    office.save()
    alert = cctv_appeal(office, officer, [places["Bilton"], places["Hillmorton"]])
    alert.sent_at = dt.datetime(2026, 3, 10, 9, 30, tzinfo=dt.UTC)

    text = press.press_release(alert)

    lines = text.splitlines()
    assert lines[:3] == ["PRESS RELEASE", office.name, ""]
    assert "For immediate release: 10 March 2026" in lines
    assert "DO YOU HAVE CCTV ON ABBEY STREET?" in lines
    assert "Bilton and Hillmorton, 10 March 2026 – There have been 3 burglaries" in text
    assert "ENDS" in lines
    notes = text.split("Notes to editors", 1)[1]
    assert office.name in " ".join(notes.split())
    assert "press@avonshire-pcc.example" in notes
    assert "/stay-informed/avonshire/" in notes
    assert text.index("ENDS") < text.index("Notes to editors")
    assert max(len(line) for line in lines if "://" not in line) <= press.WIDTH


def test_an_appeal_without_a_phone_number_gets_the_101_and_999_line(office, officer, places):
    alert = cctv_appeal(
        office, officer, [places["Bilton"]], body="Have you seen a red van on Abbey Street?"
    )

    text = " ".join(press.press_release(alert).split())

    assert (
        "Anyone with information is asked to call Avonshire Police on 101, or 999 in an emergency."
        in text
    )


def test_the_radio_script_is_about_thirty_seconds_and_reads_aloud(
    office, officer, places, settings
):
    settings.SITE_URL = "https://engage.avonshire-pcc.org.uk"
    alert = cctv_appeal(office, officer, [places["Bilton"]])

    script = press.radio_script(alert)

    words = press.word_count(script)
    assert 40 <= words <= 85, script
    flat = " ".join(script.split())
    assert flat.startswith(
        "Avonshire Police and your Police and Crime Commissioner are appealing for information."
    )
    assert "Do you have CCTV on Abbey Street?" in flat
    assert (
        "There have been three burglaries on Abbey Street between the second and the ninth of "
        "March." in flat
    )
    assert flat.endswith(
        "To get alerts like this by email or text, go to engage dot avonshire dash p c c dot "
        "o r g dot u k."
    )
    assert "call one-oh-one. In an emergency, always call nine-nine-nine." in flat
    assert not any(ch.isdigit() for ch in flat), flat


def test_spoken_numbers_times_dates_phones_and_web_addresses():
    assert press.spoken("Call 101 or 999.") == "Call one-oh-one or nine-nine-nine."
    assert press.spoken("3 burglaries") == "three burglaries"
    assert press.spoken("on 4 June") == "on the fourth of June"
    assert (
        press.spoken("from 21st to 23rd May") == "from the twenty-first to the twenty-third of May"
    )
    assert press.spoken("at 18:30") == "at half past six in the evening"
    assert press.spoken("at 09:05") == "at nine oh five in the morning"
    assert press.spoken("at 12:00") == "at midday"
    assert press.spoken("£250") == "two hundred and fifty pounds"
    assert press.spoken("1,250 homes") == "one thousand two hundred and fifty homes"
    assert press.spoken("in 2026") == "in twenty twenty-six"
    assert press.spoken("call 0300 123 2040") == (
        "call oh three oh oh, one two three, two oh four oh"
    )
    assert press.spoken("see www.avonshire-pcc.org.uk/alerts") == (
        "see avonshire dash p c c dot o r g dot u k slash alerts"
    )

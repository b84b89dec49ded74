"""queue_notice: one message to each person who asked to hear back, in their language and
channel, never twice, never to an address that said stop. (Who those people are is
decisions.queries.contacts_behind, tested with the decisions.)"""

from __future__ import annotations

import pytest
from django.core import mail

from engage.messaging.models import (
    ConsentPurpose,
    Message,
    MessageKind,
    MessageStatus,
    Notice,
    Suppression,
)
from engage.messaging.notices import Contact, queue_notice
from engage.messaging.tests.delivery_builders import (
    notices_to,
    published_decision,
    published_outcome,
)


@pytest.fixture(autouse=True)
def _files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MESSAGING_RATE = 0


def test_each_contact_gets_one_message_in_their_language_and_channel(office, officer):
    decision = published_decision(office)
    notice = queue_notice(
        decision=decision,
        contacts=[
            Contact("email", "jo@example.org", "en-gb", "respondent"),
            Contact("sms", "+447700900123", "cy", "concern"),
            Contact("email", "amir.csa@avonshire.test", "en-gb", "ambassador"),
        ],
        by=officer,
    )
    assert (notice.recipients, notice.created_by, notice.decision) == (3, officer, decision)
    assert sorted(
        notice.messages.values_list("kind", "channel", "address", "language", "key", "status")
    ) == [
        (
            MessageKind.NOTICE,
            "email",
            "amir.csa@avonshire.test",
            "en-gb",
            f"notice:decision:{decision.pk}:email:amir.csa@avonshire.test",
            MessageStatus.QUEUED,
        ),
        (
            MessageKind.NOTICE,
            "email",
            "jo@example.org",
            "en-gb",
            f"notice:decision:{decision.pk}:email:jo@example.org",
            MessageStatus.QUEUED,
        ),
        (
            MessageKind.NOTICE,
            "sms",
            "+447700900123",
            "cy",
            f"notice:decision:{decision.pk}:sms:+447700900123",
            MessageStatus.QUEUED,
        ),
    ]


def test_someone_behind_two_pieces_of_evidence_is_told_once(office):
    notice = queue_notice(
        decision=published_decision(office),
        contacts=[
            Contact("email", "Jo@Example.org", "cy", "respondent"),
            Contact("email", "jo@example.org ", "en-gb", "concern"),
        ],
        by=None,
    )
    [message] = notice.messages.all()
    assert (message.address, message.language) == ("jo@example.org", "cy")


def test_publishing_again_tells_nobody_twice(office, django_capture_on_commit_callbacks):
    decision = published_decision(office)
    with django_capture_on_commit_callbacks(execute=True):
        first = notices_to(decision, ["jo@example.org", "sam@example.org"])
    with django_capture_on_commit_callbacks(execute=True):
        again = notices_to(decision, ["jo@example.org", "sam@example.org"])
    assert first.recipients == 2
    assert (again.pk, again.recipients) == (None, 0)
    assert Notice.objects.count() == 1
    assert Message.objects.count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["jo@example.org", "sam@example.org"]


def test_publishing_again_tells_only_people_linked_since(office):
    decision = published_decision(office)
    notices_to(decision, ["jo@example.org"])
    later = notices_to(decision, ["jo@example.org", "new@example.org"])
    assert later.recipients == 1
    assert list(later.messages.values_list("address", flat=True)) == ["new@example.org"]


def test_an_address_that_asked_to_hear_no_more_is_skipped(office, other_office):
    Suppression.objects.create(
        office=office, address="jo@example.org", purpose=ConsentPurpose.HEAR_BACK
    )
    # Stopping alerts, or stopping another office's notices, is not stopping these.
    Suppression.objects.create(
        office=office, address="sam@example.org", purpose=ConsentPurpose.ALERTS
    )
    Suppression.objects.create(
        office=other_office, address="kim@example.org", purpose=ConsentPurpose.HEAR_BACK
    )
    notice = notices_to(
        published_decision(office), ["jo@example.org", "sam@example.org", "kim@example.org"]
    )
    assert sorted(notice.messages.values_list("address", flat=True)) == [
        "kim@example.org",
        "sam@example.org",
    ]


def test_an_outcome_skips_people_already_told_of_its_decisions(office):
    decision = published_decision(office)
    notices_to(decision, ["jo@example.org"])
    outcome = published_outcome(office, decision)
    notice = queue_notice(
        outcome=outcome,
        contacts=[
            Contact("email", "jo@example.org", "en-gb", "respondent"),
            Contact("email", "sam@example.org", "en-gb", "respondent"),
        ],
        by=None,
    )
    [message] = notice.messages.all()
    assert (message.address, message.key) == (
        "sam@example.org",
        f"notice:outcome:{outcome.pk}:email:sam@example.org",
    )


def test_an_outcome_notice_says_what_we_asked_said_and_did(
    office, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://engage.example.org"
    outcome = published_outcome(office)
    with django_capture_on_commit_callbacks(execute=True):
        queue_notice(
            outcome=outcome,
            contacts=[Contact("email", "jo@example.org", "en-gb", "surgery")],
            by=None,
        )
    [sent] = mail.outbox
    assert sent.subject == "What came of what you told us: Police visibility"
    for text in (
        "What would make you feel safer where you live?",
        "Seeing officers on foot in the evenings.",
        "Forty more neighbourhood officers from April.",
        "https://engage.example.org/you-said-we-did/avonshire/police-visibility/",
    ):
        assert text in sent.body


def test_nobody_to_tell_saves_nothing(office):
    notice = queue_notice(decision=published_decision(office), contacts=[], by=None)
    assert (notice.pk, notice.recipients) == (None, 0)
    assert Notice.objects.count() == 0


def test_a_notice_is_of_a_decision_or_an_outcome(office):
    decision = published_decision(office)
    with pytest.raises(ValueError):
        queue_notice(contacts=[], by=None)
    with pytest.raises(ValueError):
        queue_notice(decision=decision, outcome=published_outcome(office), contacts=[], by=None)

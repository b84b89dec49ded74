"""Traceability: who is behind a decision, who is told, which decisions a concern fed, and what
nobody has answered."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engage.consultations.models import (
    AgeBand,
    Disability,
    EthnicGroup,
    ResponseChannel,
    Sex,
    Theme,
)
from engage.decisions import queries, services
from engage.decisions.models import EvidenceKind, Outcome
from engage.decisions.tests.decision_builders import (
    activity,
    booking,
    code,
    concern,
    forum_report,
    make_consultation,
    make_decision,
    places_of,
    respond,
    themes_of,
)
from engage.engagements.models import ComplaintThemeCount, ConcernSource, ConcernStatus
from engage.engagements.services.concerns import set_concern_status
from engage.meetings import services as meetings
from engage.messaging.models import Message, MessageKind, Suppression
from engage.messaging.notices import Contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def themes(office, officer):
    return themes_of(office, officer)


@pytest.fixture
def places(office):
    return places_of(office)


@pytest.fixture
def precept(office):
    return make_consultation(office, title="Precept 2026/27", slug="precept-2027")


@pytest.fixture
def decision(office, officer):
    return make_decision(office, officer)


def link(decision, officer, kind, target, area=None):
    return services.add_evidence(decision, kind=kind, target=target, area=area, by=officer)


def as_tuples(contacts):
    return {(c.channel, c.address, c.language, c.source) for c in contacts}


# -- who is told --------------------------------------------------------------------------------


@pytest.fixture
def evidenced(office, officer, commissioner, ambassador, decision, precept, themes, places):
    """A decision with evidence of every kind that has people behind it, and people around it
    who must not be told."""
    consultation, question = precept
    other, other_question = make_consultation(office, title="Road safety", slug="roads")
    visibility = themes["Police visibility"]
    # Respondents of the consultation in the evidence.
    respond(consultation, question, wants_outcome=True, email="Rhian@Example.org", language="cy")
    respond(consultation, question, wants_outcome=False, email="no-thanks@example.org")
    respond(consultation, question, wants_outcome=True, email="")
    respond(consultation, question, wants_outcome=True, email="draft@example.org", submitted=False)
    # A respondent of another consultation, not in the evidence.
    respond(other, other_question, wants_outcome=True, email="roads@example.org")
    link(decision, officer, EvidenceKind.CONSULTATION, consultation)

    # Concerns on the theme in Rugby (Bilton's ward is inside it), not in Southam.
    concern(
        office,
        officer,
        visibility,
        area=places["Bilton North"],
        wants_reply=True,
        contact_email="bilton@example.org",
    )
    concern(
        office,
        officer,
        visibility,
        area=places["Southam"],
        wants_reply=True,
        contact_email="southam@example.org",
    )
    concern(office, officer, visibility, area=places["Rugby"], wants_reply=False)
    link(decision, officer, EvidenceKind.CONCERN_THEME, visibility, area=places["Rugby"])
    # A concern named on its own, with a mobile number only.
    drugs = concern(
        office,
        officer,
        themes["Drugs"],
        summary="Dealing outside the station",
        wants_reply=True,
        contact_phone="+447700900123",
        language="cy",
    )
    link(decision, officer, EvidenceKind.CONCERN, drugs)
    # The same person answered the consultation and raised a concern: told once.
    concern(
        office,
        officer,
        visibility,
        area=places["Bilton"],
        wants_reply=True,
        contact_email="rhian@example.org",
    )
    # Surgery visitors: one on the theme in Bilton who agreed, one who did not, one elsewhere.
    booking(
        office,
        officer,
        held_by=commissioner,
        area=places["Bilton"],
        theme=visibility,
        email="visitor@example.org",
        wants_outcome=True,
    )
    booking(
        office,
        officer,
        held_by=commissioner,
        area=places["Bilton"],
        theme=visibility,
        email="quiet@example.org",
    )
    booking(
        office,
        officer,
        held_by=commissioner,
        area=places["Southam"],
        theme=visibility,
        email="far@example.org",
        wants_outcome=True,
    )
    # A surgery case that fed the named concern, by text message.
    case = booking(
        office,
        officer,
        held_by=commissioner,
        phone="07700 900456",
        wants_outcome=True,
        language="cy",
    )
    drugs.booking = case
    drugs.save()
    # An ambassador's forum report.
    report = forum_report(
        office, officer, ambassador=ambassador, area=places["Southam"], attendance=31
    )
    link(decision, officer, EvidenceKind.FORUM_REPORT, report)
    return decision


EXPECTED = {
    ("email", "rhian@example.org", "cy", "respondent"),
    ("email", "bilton@example.org", "en-gb", "concern"),
    ("sms", "+447700900123", "cy", "concern"),
    ("email", "visitor@example.org", "en-gb", "surgery"),
    ("sms", "+447700900456", "cy", "surgery"),
    ("email", "amir.csa@avonshire.test", "en-gb", "ambassador"),
}


def test_contacts_behind_are_exactly_the_consenting_people_linked_to_the_evidence(evidenced):
    contacts = queries.contacts_behind(evidenced)
    assert as_tuples(contacts) == EXPECTED
    assert len(contacts) == len(EXPECTED)


def test_contacts_behind_take_a_fixed_number_of_queries(evidenced):
    with CaptureQueriesContext(connection) as queries_run:
        queries.contacts_behind(evidenced)
    assert len(queries_run) <= 7


def test_publishing_queues_one_notice_to_each_consenting_person(
    evidenced, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        notice = services.publish_decision(evidenced, by=officer)
    messages = Message.objects.filter(kind=MessageKind.NOTICE, notice__decision=evidenced)
    assert notice.recipients == len(EXPECTED)
    assert {(m.channel, m.address, m.language) for m in messages} == {
        (channel, address, language) for channel, address, language, _source in EXPECTED
    }


def test_publishing_again_tells_nobody_twice(
    evidenced, officer, office, places, themes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        services.publish_decision(evidenced, by=officer)
        services.unpublish_decision(evidenced, by=officer)
        concern(
            office,
            officer,
            themes["Police visibility"],
            area=places["Rugby"],
            wants_reply=True,
            contact_email="late@example.org",
        )
        again = services.publish_decision(evidenced, by=officer)
    assert again.recipients == 1
    addresses = list(
        Message.objects.filter(notice__decision=evidenced).values_list("address", flat=True)
    )
    assert sorted(addresses) == sorted([a for _c, a, _l, _s in EXPECTED] + ["late@example.org"])


def test_a_suppressed_address_is_not_told(
    evidenced, officer, office, django_capture_on_commit_callbacks
):
    Suppression.objects.create(office=office, address="bilton@example.org", purpose="hear_back")
    with django_capture_on_commit_callbacks(execute=False):
        notice = services.publish_decision(evidenced, by=officer)
    assert notice.recipients == len(EXPECTED) - 1
    assert not Message.objects.filter(address="bilton@example.org").exists()


def test_contacts_behind_a_question_are_those_who_answered_it(office, officer, decision, precept):
    consultation, question = precept
    respond(consultation, question, wants_outcome=True, email="answered@example.org")
    respond(consultation, None, wants_outcome=True, email="skipped@example.org")
    link(decision, officer, EvidenceKind.QUESTION, question)
    assert as_tuples(queries.contacts_behind(decision)) == {
        ("email", "answered@example.org", "en-gb", "respondent")
    }


def test_contacts_behind_a_consultation_theme_are_those_coded_to_it(
    office, officer, decision, precept
):
    consultation, question = precept
    theme = Theme.objects.create(question=question, label="More officers on foot")
    other_theme = Theme.objects.create(question=question, label="Street lighting")
    coded = respond(consultation, question, wants_outcome=True, email="coded@example.org")
    elsewhere = respond(consultation, question, wants_outcome=True, email="lights@example.org")
    code(theme, coded)
    code(other_theme, elsewhere)
    link(decision, officer, EvidenceKind.CONSULTATION_THEME, theme)
    assert as_tuples(queries.contacts_behind(decision)) == {
        ("email", "coded@example.org", "en-gb", "respondent")
    }


def test_contacts_behind_an_activity_are_the_consenting_people_who_raised_concerns_there(
    office, officer, decision, themes, places
):
    meeting = activity(office, title="Bilton public meeting", people=40, area=places["Bilton"])
    concern(
        office,
        officer,
        themes["Drugs"],
        source=ConcernSource.ACTIVITY,
        activity=meeting,
        wants_reply=True,
        contact_email="meeting@example.org",
    )
    concern(office, officer, themes["Drugs"], wants_reply=True, contact_email="not@example.org")
    link(decision, officer, EvidenceKind.ACTIVITY, meeting)
    assert as_tuples(queries.contacts_behind(decision)) == {
        ("email", "meeting@example.org", "en-gb", "concern")
    }


def test_contacts_behind_an_outcome_for_a_consultation(office, precept):
    consultation, question = precept
    respond(consultation, question, wants_outcome=True, email="yes@example.org")
    respond(consultation, question, wants_outcome=False, email="no@example.org")
    outcome = Outcome.objects.create(
        office=office,
        slug="precept",
        consultation=consultation,
        title="Precept",
        we_asked="?",
        you_said="!",
    )
    assert as_tuples(queries.contacts_behind_outcome(outcome)) == {
        ("email", "yes@example.org", "en-gb", "respondent")
    }


def test_contacts_behind_an_outcome_for_a_theme_in_an_area(
    office, officer, commissioner, ambassador, themes, places
):
    visibility = themes["Police visibility"]
    report = forum_report(
        office, officer, ambassador=ambassador, area=places["Bilton"], attendance=9
    )
    concern(
        office,
        officer,
        visibility,
        area=places["Bilton"],
        source=ConcernSource.FORUM_REPORT,
        forum_report=report,
        wants_reply=True,
        contact_email="forum@example.org",
    )
    concern(
        office,
        officer,
        visibility,
        area=places["Southam"],
        wants_reply=True,
        contact_email="s@example.org",
    )
    booking(
        office,
        officer,
        held_by=commissioner,
        area=places["Bilton North"],
        theme=visibility,
        phone="07700 900789",
        wants_outcome=True,
    )
    outcome = Outcome.objects.create(
        office=office,
        slug="visibility-rugby",
        concern_theme=visibility,
        area=places["Rugby"],
        title="Police visibility in Rugby",
        we_asked="?",
        you_said="!",
    )
    assert as_tuples(queries.contacts_behind_outcome(outcome)) == {
        ("email", "forum@example.org", "en-gb", "concern"),
        ("sms", "+447700900789", "en-gb", "surgery"),
        ("email", "amir.csa@avonshire.test", "en-gb", "ambassador"),
    }


def test_a_landline_cannot_be_texted_so_it_is_not_a_contact(
    office, officer, commissioner, decision, themes
):
    visibility = themes["Police visibility"]
    booking(
        office,
        officer,
        held_by=commissioner,
        theme=visibility,
        phone="01926 555123",
        wants_outcome=True,
    )
    link(decision, officer, EvidenceKind.CONCERN_THEME, visibility)
    assert queries.contacts_behind(decision) == []


def test_contacts_are_the_shared_contact_type(evidenced):
    assert all(isinstance(c, Contact) for c in queries.contacts_behind(evidenced))


# -- voices behind a decision --------------------------------------------------------------------


@pytest.fixture
def voiced(office, officer, ambassador, decision, precept, themes, places):
    consultation, question = precept
    respond(
        consultation,
        question,
        area=places["Bilton"],
        age_band=AgeBand.A25_34,
        sex=Sex.FEMALE,
        ethnic_group=EthnicGroup.ASIAN,
        disability=Disability.NO,
    )
    respond(
        consultation,
        question,
        area=places["Bilton"],
        age_band=AgeBand.A65_74,
        sex=Sex.MALE,
        ethnic_group=EthnicGroup.WHITE,
    )
    respond(
        consultation,
        question,
        channel=ResponseChannel.PAPER,
        area=places["Southam"],
        age_band=AgeBand.A65_74,
        sex=Sex.FEMALE,
        ethnic_group=EthnicGroup.WHITE,
        disability=Disability.LIMITED_A_LOT,
    )
    respond(consultation, question, submitted=False)  # a draft is nobody's voice yet
    link(decision, officer, EvidenceKind.CONSULTATION, consultation)
    # Also its only question: each response still counts once.
    link(decision, officer, EvidenceKind.QUESTION, question)

    visibility = themes["Police visibility"]
    concern(office, officer, visibility, area=places["Bilton"], people=3)
    concern(office, officer, visibility, area=places["Rugby"], source=ConcernSource.OTHER)
    concern(office, officer, visibility, area=places["Southam"], people=7)  # outside Rugby
    link(decision, officer, EvidenceKind.CONCERN_THEME, visibility, area=places["Rugby"])

    meeting = activity(office, title="Rugby town hall meeting", people=60, area=places["Rugby"])
    link(decision, officer, EvidenceKind.ACTIVITY, meeting)
    concern(
        office,
        officer,
        themes["Drugs"],
        area=places["Rugby"],
        source=ConcernSource.ACTIVITY,
        activity=meeting,
        people=2,
    )
    report = forum_report(
        office, officer, ambassador=ambassador, area=places["Southam"], attendance=25
    )
    link(decision, officer, EvidenceKind.FORUM_REPORT, report)

    for month, count in (
        (dt.date(2025, 2, 1), 100),
        (dt.date(2025, 3, 1), 11),
        (dt.date(2026, 1, 1), 9),
    ):
        ComplaintThemeCount.objects.create(
            office=office, theme=visibility, month=month, count=count
        )
    link(decision, officer, EvidenceKind.COMPLAINT_THEME, visibility)
    return decision


def test_voices_behind_count_each_channel(voiced):
    voices = queries.voices_behind(voiced)
    assert [(r.group, r.label, r.records, r.people) for r in voices.channels] == [
        ("responses", "Online", 2, 2),
        ("responses", "Paper form", 1, 1),
        ("concerns", "Activity", 1, 2),
        ("concerns", "Letter, email or call", 1, 3),
        ("concerns", "Other", 1, 1),
        ("activities", "People at activities", 1, 60),
        ("forums", "Residents at community forums", 1, 25),
        # March 2025 to February 2026: February 2025's 100 are too old.
        ("complaints", "Complaints about policing", 20, 20),
    ]
    assert voices.people == 3 + 6 + 60 + 25
    assert voices.complaints_from == dt.date(2025, 3, 1)


def test_voices_behind_count_each_area(voiced):
    rows = [
        (r.area, r.responses, r.concerns, r.people, r.reached)
        for r in queries.voices_behind(voiced).areas
    ]
    assert rows == [
        ("Bilton", 2, 1, 3, 0),
        ("Rugby", 0, 2, 3, 60),
        ("Southam", 1, 0, 0, 25),
    ]


def test_voices_behind_count_respondents_by_group(voiced):
    groups = {g.title: g.rows for g in queries.voices_behind(voiced).groups}
    assert groups == {
        "Age": [("25 to 34", 1), ("65 to 74", 2)],
        "Sex": [("Female", 2), ("Male", 1)],
        "Ethnic group": [("Asian, Asian British or Asian Welsh", 1), ("White", 2)],
        "Disability": [("Yes, limited a lot", 1), ("No", 1), ("Not given", 1)],
    }


def test_voices_behind_take_the_same_queries_however_much_evidence(
    office, officer, voiced, themes, places
):
    with CaptureQueriesContext(connection) as few:
        queries.voices_behind(voiced)
    for name in ("Drugs", "Burglary", "Anti-social behaviour", "Scams and fraud"):
        for area in (places["Bilton"], places["Southam"], None):
            link(voiced, officer, EvidenceKind.CONCERN_THEME, themes[name], area=area)
            concern(office, officer, themes[name], area=area)
        link(
            voiced,
            officer,
            EvidenceKind.ACTIVITY,
            activity(office, title=name, people=5, area=places["Southam"]),
        )
    with CaptureQueriesContext(connection) as many:
        queries.voices_behind(voiced)
    assert len(many) == len(few) <= 8


def test_a_decision_with_no_evidence_has_no_voices(decision):
    voices = queries.voices_behind(decision)
    assert not voices
    assert voices.people == 0


# -- decisions a concern fed --------------------------------------------------------------------


def test_decisions_fed_by_a_concern_follow_every_route(office, officer, ambassador, themes, places):
    visibility = themes["Police visibility"]
    meeting = activity(office, title="Bilton meeting", people=20, area=places["Bilton"])
    report = forum_report(
        office, officer, ambassador=ambassador, area=places["Bilton"], attendance=12
    )
    raised = concern(
        office,
        officer,
        visibility,
        area=places["Bilton North"],
        activity=meeting,
        forum_report=report,
    )
    named = make_decision(office, officer, reference="PCC/2026/001")
    link(named, officer, EvidenceKind.CONCERN, raised)
    anywhere = make_decision(office, officer, reference="PCC/2026/002")
    link(anywhere, officer, EvidenceKind.CONCERN_THEME, visibility)
    in_rugby = make_decision(office, officer, reference="PCC/2026/003")
    link(in_rugby, officer, EvidenceKind.CONCERN_THEME, visibility, area=places["Rugby"])
    at_meeting = make_decision(office, officer, reference="PCC/2026/004")
    link(at_meeting, officer, EvidenceKind.ACTIVITY, meeting)
    at_forum = make_decision(office, officer, reference="PCC/2026/005")
    link(at_forum, officer, EvidenceKind.FORUM_REPORT, report)
    # Not fed: the theme in Southam, another theme, complaints on the theme.
    elsewhere = make_decision(office, officer, reference="PCC/2026/006")
    link(elsewhere, officer, EvidenceKind.CONCERN_THEME, visibility, area=places["Southam"])
    link(elsewhere, officer, EvidenceKind.CONCERN_THEME, themes["Drugs"])
    link(elsewhere, officer, EvidenceKind.COMPLAINT_THEME, visibility)

    fed = {d.reference for d in queries.decisions_fed_by(raised)}
    assert fed == {"PCC/2026/001", "PCC/2026/002", "PCC/2026/003", "PCC/2026/004", "PCC/2026/005"}


def test_a_concern_with_no_area_feeds_only_decisions_on_its_theme_everywhere(
    office, officer, themes, places
):
    visibility = themes["Police visibility"]
    raised = concern(office, officer, visibility)
    anywhere = make_decision(office, officer, reference="PCC/2026/002")
    link(anywhere, officer, EvidenceKind.CONCERN_THEME, visibility)
    in_rugby = make_decision(office, officer, reference="PCC/2026/003")
    link(in_rugby, officer, EvidenceKind.CONCERN_THEME, visibility, area=places["Rugby"])
    assert list(queries.decisions_fed_by(raised)) == [anywhere]


# -- unanswered -------------------------------------------------------------------------------


def test_unanswered_lists_old_open_concerns_with_no_decision_or_reply(
    office, officer, decision, themes, places
):
    visibility, drugs, burglary = themes["Police visibility"], themes["Drugs"], themes["Burglary"]
    oldest = concern(office, officer, burglary, summary="Sheds broken into", days_ago=200, people=4)
    old = concern(office, officer, drugs, summary="Dealing by the park", days_ago=70)
    concern(office, officer, drugs, summary="Too recent", days_ago=20)
    actioned = concern(office, officer, drugs, summary="Has an action", days_ago=90)
    meetings.add_action(
        actioned, description="Ask the SNT", owner=officer, owner_name="", due_on=None, by=officer
    )
    closed = concern(office, officer, drugs, summary="Closed", days_ago=90)
    set_concern_status(closed, ConcernStatus.CLOSED, by=officer)
    replied = concern(office, officer, drugs, summary="Replied to", days_ago=90)
    replied.replied_at = replied.created_at
    replied.save()
    named = concern(office, officer, drugs, summary="Named in a decision", days_ago=90)
    link(decision, officer, EvidenceKind.CONCERN, named)
    concern(
        office,
        officer,
        visibility,
        summary="On a theme in a decision",
        area=places["Bilton"],
        days_ago=90,
    )
    link(decision, officer, EvidenceKind.CONCERN_THEME, visibility, area=places["Rugby"])
    in_southam = concern(
        office,
        officer,
        visibility,
        summary="Theme, other area",
        area=places["Southam"],
        days_ago=60,
    )

    found = queries.unanswered(office, 8)
    assert [c.summary for c in found.concerns] == [oldest.summary, old.summary, in_southam.summary]
    # Police visibility has a decision (in Rugby): only Burglary and Drugs are untaken themes.
    assert [(t.theme.name, t.concerns, t.people) for t in found.themes] == [
        ("Burglary", 1, 4),
        ("Drugs", 1, 1),
    ]
    assert found.themes[0].oldest == oldest.raised_on


def test_unanswered_weeks_moves_the_cut_off(office, officer, themes):
    concern(office, officer, themes["Drugs"], days_ago=30)
    assert queries.unanswered(office, 8).concerns.count() == 0
    assert queries.unanswered(office, 4).concerns.count() == 1


def test_unanswered_takes_a_fixed_number_of_queries(office, officer, decision, themes, places):
    for name in ("Drugs", "Burglary", "Police visibility"):
        link(decision, officer, EvidenceKind.CONCERN_THEME, themes[name], area=places["Rugby"])
        concern(office, officer, themes[name], days_ago=100)
    with CaptureQueriesContext(connection) as run:
        found = queries.unanswered(office, 8)
        [c.theme.name for c in found.concerns]
    assert len(run) <= 5


def test_the_providers_get_one_message_for_each_consenting_person(
    evidenced, officer, settings, tmp_path, mailoutbox, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path  # the file SMS backend writes each text there
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_decision(evidenced, by=officer)
    emails = sorted(address for message in mailoutbox for address in message.to)
    texts = sorted(json.loads(p.read_text())["to"] for p in (tmp_path / "sms").glob("*.json"))
    assert emails == sorted(a for channel, a, _l, _s in EXPECTED if channel == "email")
    assert texts == sorted(a for channel, a, _l, _s in EXPECTED if channel == "sms")

"""Recording a decision, linking its evidence, publishing and unpublishing it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from engage.core.audit import audit_trail
from engage.decisions import services
from engage.decisions.models import Evidence, EvidenceKind
from engage.decisions.tests.decision_builders import (
    concern,
    make_consultation,
    make_decision,
    places_of,
    respond,
    themes_of,
)
from engage.messaging.models import Message

pytestmark = pytest.mark.django_db


def test_create_decision_makes_its_web_address_from_the_reference(office, officer):
    decision = make_decision(office, officer, reference="  PCC/2026/014 ")
    assert decision.reference == "PCC/2026/014"
    assert decision.slug == "pcc-2026-014"
    assert decision.created_by == officer
    assert not decision.is_published


def test_a_reference_is_unique_in_the_office_whatever_its_case(office, officer):
    make_decision(office, officer, reference="PCC/2026/014", title="The precept")
    with pytest.raises(ValidationError) as refused:
        make_decision(office, officer, reference="pcc/2026/014", title="Another")
    assert refused.value.message_dict == {
        "reference": [
            "Another decision already has the reference PCC/2026/014 (“The precept”). "
            "Give each decision its own reference."
        ]
    }


def test_another_office_may_use_the_same_reference(office, other_office, officer, other_officer):
    make_decision(office, officer)
    assert make_decision(other_office, other_officer).slug == "pcc-2026-014"


def test_two_references_with_the_same_web_address_get_numbered_addresses(office, officer):
    make_decision(office, officer, reference="PCC/2026/014")
    assert make_decision(office, officer, reference="PCC-2026-014").slug == "pcc-2026-014-2"


def test_update_refused_leaves_the_decision_as_it_was(office, officer):
    make_decision(office, officer, reference="PCC/2026/001")
    decision = make_decision(office, officer, reference="PCC/2026/002", title="Second")
    with pytest.raises(ValidationError):
        services.update_decision(decision, by=officer, reference="PCC/2026/001", title="Changed")
    assert (decision.reference, decision.title) == ("PCC/2026/002", "Second")


def test_a_new_reference_moves_the_web_address_only_while_unpublished(
    office, officer, django_capture_on_commit_callbacks
):
    decision = make_decision(office, officer, reference="PCC/2026/014")
    services.update_decision(decision, by=officer, reference="PCC/2026/015")
    assert decision.slug == "pcc-2026-015"
    with django_capture_on_commit_callbacks(execute=False):
        services.publish_decision(decision, by=officer)
    decision.refresh_from_db()
    services.update_decision(decision, by=officer, reference="PCC/2026/016")
    assert decision.slug == "pcc-2026-015"


@pytest.fixture
def decision(office, officer):
    return make_decision(office, officer)


def test_add_evidence_refuses_nothing_chosen(decision, officer):
    with pytest.raises(ValidationError) as refused:
        services.add_evidence(decision, kind=EvidenceKind.CONSULTATION, target=None, by=officer)
    assert refused.value.message_dict == {"consultation": ["Choose what the evidence is."]}


def test_add_evidence_refuses_the_same_evidence_twice(office, decision, officer):
    consultation, _question = make_consultation(office, title="Precept", slug="precept")
    services.add_evidence(decision, kind=EvidenceKind.CONSULTATION, target=consultation, by=officer)
    with pytest.raises(ValidationError) as refused:
        services.add_evidence(
            decision, kind=EvidenceKind.CONSULTATION, target=consultation, by=officer
        )
    assert refused.value.message_dict == {
        "consultation": ["This evidence is already linked to the decision. Choose something else."]
    }


def test_a_theme_in_two_areas_is_two_pieces_of_evidence(office, decision, officer):
    themes, places = themes_of(office, officer), places_of(office)
    visibility = themes["Police visibility"]
    for area in (None, places["Rugby"], places["Southam"]):
        services.add_evidence(
            decision, kind=EvidenceKind.CONCERN_THEME, target=visibility, area=area, by=officer
        )
    with pytest.raises(ValidationError):
        services.add_evidence(
            decision,
            kind=EvidenceKind.CONCERN_THEME,
            target=visibility,
            area=places["Rugby"],
            by=officer,
        )
    assert decision.evidence.count() == 3


def test_add_evidence_refuses_a_thing_of_another_office(
    office, other_office, decision, officer, other_officer
):
    other_theme = themes_of(other_office, other_officer)["Drugs"]
    theirs = concern(other_office, other_officer, other_theme)
    with pytest.raises(ValidationError) as refused:
        services.add_evidence(decision, kind=EvidenceKind.CONCERN, target=theirs, by=officer)
    assert refused.value.message_dict == {"concern": ["Choose something recorded by this office."]}
    _consultation, question = make_consultation(other_office, title="Theirs", slug="theirs")
    with pytest.raises(ValidationError):
        services.add_evidence(decision, kind=EvidenceKind.QUESTION, target=question, by=officer)
    assert not Evidence.objects.exists()


def test_evidence_added_and_removed_is_in_the_decisions_history(office, decision, officer):
    consultation, _question = make_consultation(office, title="Precept 2026/27", slug="precept")
    evidence = services.add_evidence(
        decision,
        kind=EvidenceKind.CONSULTATION,
        target=consultation,
        note="  Most supported   £14 a year. ",
        by=officer,
    )
    assert evidence.note == "Most supported £14 a year."
    services.remove_evidence(evidence, by=officer)
    reasons = [entry.reason for entry in audit_trail(decision)]
    assert reasons[:2] == [
        "Evidence removed: Consultation results: Precept 2026/27",
        "Evidence added: Consultation results: Precept 2026/27",
    ]
    assert audit_trail(decision)[0].who == "Olivia Okafor"


def test_publish_sets_the_date_and_refuses_a_second_time(
    office, decision, officer, django_capture_on_commit_callbacks
):
    consultation, question = make_consultation(office, title="Precept", slug="precept")
    respond(consultation, question, wants_outcome=True, email="a@example.org")
    respond(consultation, question, wants_outcome=True, email="b@example.org")
    services.add_evidence(decision, kind=EvidenceKind.CONSULTATION, target=consultation, by=officer)
    with django_capture_on_commit_callbacks(execute=False):
        notice = services.publish_decision(decision, by=officer)
    decision.refresh_from_db()
    assert decision.is_published
    assert notice.recipients == 2
    assert notice.created_by == officer
    with pytest.raises(ValidationError) as refused:
        services.publish_decision(decision, by=officer)
    assert refused.value.messages == ["This decision is already published."]
    assert Message.objects.count() == 2


def test_unpublish_clears_the_date_and_keeps_the_notices(
    office, decision, officer, django_capture_on_commit_callbacks
):
    consultation, question = make_consultation(office, title="Precept", slug="precept")
    respond(consultation, question, wants_outcome=True, email="a@example.org")
    services.add_evidence(decision, kind=EvidenceKind.CONSULTATION, target=consultation, by=officer)
    with django_capture_on_commit_callbacks(execute=False):
        services.publish_decision(decision, by=officer)
    decision.refresh_from_db()
    services.unpublish_decision(decision, by=officer)
    decision.refresh_from_db()
    assert decision.published_at is None
    assert Message.objects.count() == 1
    with pytest.raises(ValidationError):
        services.unpublish_decision(decision, by=officer)


def test_publishing_with_nobody_to_tell_queues_nothing(
    decision, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        notice = services.publish_decision(decision, by=officer)
    assert notice.recipients == 0
    assert not Message.objects.exists()

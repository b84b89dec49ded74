"""The decisions pages as staff use them: the list, the form, evidence, publishing, unanswered."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from engage.decisions import services
from engage.decisions.models import Decision, DecisionKind, EvidenceKind
from engage.decisions.tests.decision_builders import (
    activity,
    concern,
    forum_report,
    make_consultation,
    make_decision,
    places_of,
    respond,
    themes_of,
)
from engage.messaging.models import Message, MessageStatus, Notice

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    """The page as a reader sees it: tags gone, spaces collapsed."""
    page = response.content.decode()
    page = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


FORM = {
    "reference": "PCC/2026/014",
    "title": "The policing precept for 2026/27",
    "title_cy": "Praesept plismona 2026/27",
    "decided_on": "6/2/2026",
    "kind": DecisionKind.PRECEPT,
    "summary": "Band D rises by £14 a year.",
    "summary_cy": "",
}


# -- recording ----------------------------------------------------------------------------------


def test_recording_a_decision_takes_a_uk_date_and_shows_it(officer_client, office):
    response = officer_client.post(reverse("decisions:create"), FORM)
    decision = Decision.objects.get(office=office)
    assert response.status_code == 302
    assert response["Location"] == reverse("decisions:detail", args=[decision.pk])
    assert decision.decided_on == dt.date(2026, 2, 6)
    assert decision.slug == "pcc-2026-014"
    page = text_of(officer_client.get(response["Location"]))
    assert "Decision recorded. Now link the evidence that informed it." in page
    assert "PCC/2026/014 · Precept" in page
    assert "6 February 2026" in page
    assert "Not published" in page


def test_a_reference_already_used_is_refused_with_a_clear_message(officer_client, office, officer):
    make_decision(office, officer, reference="PCC/2026/014", title="Earlier precept")
    response = officer_client.post(reverse("decisions:create"), FORM)
    assert response.status_code == 400
    assert (
        "Another decision already has the reference PCC/2026/014 (“Earlier precept”). "
        "Give each decision its own reference."
    ) in text_of(response)
    assert Decision.objects.count() == 1


def test_the_form_says_what_to_fix(officer_client):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = officer_client.post(
        reverse("decisions:create"),
        {**FORM, "reference": " / ", "title": "", "decided_on": tomorrow.strftime("%d/%m/%Y")},
    )
    page = text_of(response)
    assert response.status_code == 400
    assert "Enter a reference with letters or numbers, like PCC/2026/014" in page
    assert "Enter the decision's title" in page
    assert "Enter the date the decision was taken: it cannot be after today" in page
    response = officer_client.post(reverse("decisions:create"), {**FORM, "decided_on": "31/2/2026"})
    assert "Enter a real date, like 27 3 2026 or 27/03/2026" in text_of(response)


def test_editing_a_decision_keeps_its_own_reference(officer_client, office, officer):
    decision = make_decision(office, officer)
    url = reverse("decisions:edit", args=[decision.pk])
    assert 'value="PCC/2026/014"' in officer_client.get(url).content.decode()
    response = officer_client.post(url, {**FORM, "title": "Precept, corrected"})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.title == "Precept, corrected"
    page = text_of(officer_client.get(decision.get_absolute_url()))
    assert "Title: The policing precept for 2026/27 → Precept, corrected" in page


def test_the_list_filters_by_kind_publication_and_year(
    officer_client, office, officer, django_capture_on_commit_callbacks
):
    precept = make_decision(office, officer, reference="PCC/2026/014")
    make_decision(
        office,
        officer,
        reference="PCC/2025/090",
        title="Funding for victims' services",
        kind=DecisionKind.COMMISSIONING,
        decided_on=dt.date(2025, 11, 3),
    )
    with django_capture_on_commit_callbacks(execute=False):
        services.publish_decision(precept, by=officer)
    url = reverse("decisions:list")
    page = text_of(officer_client.get(url))
    assert "2 decisions" in page
    assert "PCC/2026/014" in page and "PCC/2025/090" in page
    page = text_of(officer_client.get(url, {"kind": "commissioning"}))
    assert "1 decision match" in page and "PCC/2025/090" in page and "PCC/2026/014" not in page
    page = text_of(officer_client.get(url, {"published": "yes"}))
    assert "PCC/2026/014" in page and "PCC/2025/090" not in page
    page = text_of(officer_client.get(url, {"year": "2025"}))
    assert "PCC/2025/090" in page and "PCC/2026/014" not in page
    page = text_of(officer_client.get(url, {"year": "1066"}))  # not offered: ignored
    assert "2 decisions" in page


# -- evidence ---------------------------------------------------------------------------------


@pytest.fixture
def decision(office, officer):
    return make_decision(office, officer)


def test_adding_evidence_is_two_steps(officer_client, office, officer, decision):
    themes, places = themes_of(office, officer), places_of(office)
    url = reverse("decisions:evidence_add", args=[decision.pk])
    first = text_of(officer_client.get(url))
    assert "What kind of evidence is it?" in first
    assert "Ambassador's forum report" in first
    second = officer_client.get(url, {"kind": "concern_theme"})
    assert "Add evidence: Concerns on a theme" in text_of(second)
    assert "Police visibility" in text_of(second) and "Bilton (community forum area)" in text_of(
        second
    )
    response = officer_client.post(
        url,
        {
            "kind": "concern_theme",
            "concern_theme": themes["Police visibility"].pk,
            "area": places["Rugby"].pk,
            "note": "Raised at twelve forums",
        },
    )
    assert response.status_code == 302
    page = text_of(officer_client.get(decision.get_absolute_url()))
    assert "Evidence linked to the decision." in page
    assert "Concerns on a theme Police visibility Raised in Rugby and the places inside it" in page
    assert "Raised at twelve forums" in page


def test_adding_evidence_without_a_kind_asks_for_one(officer_client, decision):
    url = reverse("decisions:evidence_add", args=[decision.pk])
    response = officer_client.get(url, {"kind": "gossip"})
    assert response.status_code == 400
    assert "Choose what kind of evidence it is from the list" in text_of(response)


def test_adding_nothing_or_the_same_evidence_twice_is_refused(officer_client, office, decision):
    consultation, _question = make_consultation(office, title="Precept 2026/27", slug="precept")
    url = reverse("decisions:evidence_add", args=[decision.pk])
    response = officer_client.post(url, {"kind": "consultation", "consultation": ""})
    assert response.status_code == 400
    assert "Choose the consultation" in text_of(response)
    officer_client.post(url, {"kind": "consultation", "consultation": consultation.pk})
    response = officer_client.post(url, {"kind": "consultation", "consultation": consultation.pk})
    assert response.status_code == 400
    assert "This evidence is already linked to the decision. Choose something else." in text_of(
        response
    )
    assert decision.evidence.count() == 1


def test_evidence_of_another_office_is_not_offered_and_refused(
    officer_client, office, other_office, other_officer, decision
):
    theirs = concern(
        other_office, other_officer, themes_of(other_office, other_officer)["Drugs"], summary="X"
    )
    url = reverse("decisions:evidence_add", args=[decision.pk])
    offered = officer_client.get(url, {"kind": "concern"}).content.decode()
    assert f'value="{theirs.pk}"' not in offered
    response = officer_client.post(url, {"kind": "concern", "concern": theirs.pk})
    assert response.status_code == 400
    assert "Choose the concern from the list: it offers this office's records only" in text_of(
        response
    )
    assert not decision.evidence.exists()


def test_a_kind_with_nothing_recorded_says_so(officer_client, decision):
    url = reverse("decisions:evidence_add", args=[decision.pk])
    page = text_of(officer_client.get(url, {"kind": "forum_report"}))
    assert "There is nothing to choose yet for “Ambassador's forum report”" in page


def test_removing_evidence(officer_client, office, officer, decision):
    consultation, _question = make_consultation(office, title="Precept 2026/27", slug="precept")
    evidence = services.add_evidence(
        decision, kind=EvidenceKind.CONSULTATION, target=consultation, by=officer
    )
    response = officer_client.post(
        reverse("decisions:evidence_remove", args=[decision.pk, evidence.pk])
    )
    assert response.status_code == 302
    assert not decision.evidence.exists()
    page = text_of(officer_client.get(decision.get_absolute_url()))
    assert "Evidence removed from the decision." in page
    assert "Evidence removed: Consultation results: Precept 2026/27" in page


# -- publishing -------------------------------------------------------------------------------


@pytest.fixture
def with_people(office, officer, decision):
    consultation, question = make_consultation(office, title="Precept 2026/27", slug="precept")
    for n in range(3):
        respond(consultation, question, wants_outcome=True, email=f"person{n}@example.org")
    respond(consultation, question, wants_outcome=False, email="no@example.org")
    services.add_evidence(decision, kind=EvidenceKind.CONSULTATION, target=consultation, by=officer)
    return decision


def test_the_page_says_how_many_will_be_told_then_how_many_were(
    client, commissioner, with_people, django_capture_on_commit_callbacks
):
    client.force_login(commissioner)
    page = text_of(client.get(with_people.get_absolute_url()))
    assert (
        "When you publish it, 3 people who asked to hear back will be told, by email or text "
        "message, in their language." in page
    )
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("decisions:publish", args=[with_people.pk]))
    assert response.status_code == 302
    page = text_of(client.get(response["Location"]))
    assert "Decision published. Notices queued for 3 people who asked to hear back." in page
    assert "Notices queued for 3 people who asked to hear back" in page
    assert "when Pat Pemberton published it" in page
    assert Message.objects.filter(notice__decision=with_people).count() == 3


def test_the_notices_show_their_messages_by_status(officer_client, with_people, officer):
    notice = Notice.objects.create(
        office=with_people.office, decision=with_people, recipients=3, created_by=officer
    )
    for n, status in enumerate(
        [MessageStatus.DELIVERED, MessageStatus.DELIVERED, MessageStatus.FAILED]
    ):
        Message.objects.create(
            office=with_people.office,
            kind="notice",
            channel="email",
            address=f"person{n}@example.org",
            language="en-gb",
            key=f"notice:decision:{with_people.pk}:email:person{n}@example.org",
            notice=notice,
            status=status,
            due_at=timezone.now(),
        )
    page = text_of(officer_client.get(with_people.get_absolute_url()))
    assert "Queued Sending Sent Delivered Failed 0 0 0 2 1" in page


def test_publishing_with_nobody_to_tell_says_so(
    officer_client, decision, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        response = officer_client.post(reverse("decisions:publish", args=[decision.pk]))
    page = text_of(officer_client.get(response["Location"]))
    assert (
        "Decision published. Nobody linked to its evidence asked to hear back, so no notices "
        "were queued." in page
    )


def test_publishing_twice_and_unpublishing(
    officer_client, with_people, django_capture_on_commit_callbacks
):
    url = reverse("decisions:publish", args=[with_people.pk])
    with django_capture_on_commit_callbacks(execute=False):
        officer_client.post(url)
        response = officer_client.post(url)
    assert "This decision is already published." in text_of(
        officer_client.get(response["Location"])
    )
    response = officer_client.post(reverse("decisions:unpublish", args=[with_people.pk]))
    page = text_of(officer_client.get(response["Location"]))
    assert (
        "Decision unpublished: it is no longer on the public pages. Notices sent stay sent." in page
    )
    with_people.refresh_from_db()
    assert not with_people.is_published


def test_an_analyst_may_see_but_not_publish(client, analyst, with_people):
    client.force_login(analyst)
    page = text_of(client.get(with_people.get_absolute_url()))
    assert "The voices behind it" in page and "Publish and tell people" not in page
    assert client.post(reverse("decisions:publish", args=[with_people.pk])).status_code == 403


# -- the voices on the page -------------------------------------------------------------------


def test_the_detail_page_shows_the_voices_behind_it(officer_client, with_people):
    page = text_of(officer_client.get(with_people.get_absolute_url()))
    assert "4 people's views, counted by how they reached us." in page
    assert "Consultation responses: Online 4 4" in page
    assert "Age Group Respondents Not given 4" in page


# -- another office ---------------------------------------------------------------------------


def test_another_office_finds_none_of_it(client, other_officer, with_people):
    client.force_login(other_officer)
    evidence = with_people.evidence.get()
    for name, args, method in (
        ("decisions:detail", [with_people.pk], "get"),
        ("decisions:edit", [with_people.pk], "get"),
        ("decisions:evidence_add", [with_people.pk], "get"),
        ("decisions:evidence_remove", [with_people.pk, evidence.pk], "post"),
        ("decisions:publish", [with_people.pk], "post"),
        ("decisions:unpublish", [with_people.pk], "post"),
    ):
        response = getattr(client, method)(reverse(name, args=args))
        assert response.status_code == 404, name
    page = text_of(client.get(reverse("decisions:list")))
    assert "PCC/2026/014" not in page and "0 decisions" in page
    assert not with_people.notices.exists()


# -- unanswered -------------------------------------------------------------------------------


def test_the_unanswered_page_lists_old_concerns_oldest_first(officer_client, office, officer):
    themes = themes_of(office, officer)
    concern(office, officer, themes["Burglary"], summary="Sheds broken into", days_ago=100)
    concern(office, officer, themes["Drugs"], summary="Dealing by the park", days_ago=60)
    concern(office, officer, themes["Drugs"], summary="Needles in the play area", days_ago=30)
    url = reverse("decisions:unanswered")
    page = text_of(officer_client.get(url))
    assert 'value="8"' in officer_client.get(url).content.decode()
    assert "2 concerns raised on or before" in page
    assert page.index("Sheds broken into") < page.index("Dealing by the park")
    assert "Needles in the play area" not in page
    assert "Burglary" in page and "Drugs" in page
    page = text_of(officer_client.get(url, {"weeks": "4"}))
    assert "3 concerns raised on or before" in page and "Needles in the play area" in page
    page = text_of(officer_client.get(url, {"weeks": "soon"}))
    assert "Enter the number of weeks as a whole number, like 8" in page
    assert "2 concerns raised on or before" in page  # the default, 8 weeks


def test_the_detail_page_takes_the_same_queries_however_much_evidence(
    officer_client, office, officer, ambassador, decision
):
    themes, places = themes_of(office, officer), places_of(office)

    def add_one_of_each(n):
        consultation, question = make_consultation(office, title=f"Survey {n}", slug=f"s{n}")
        respond(consultation, question, wants_outcome=True, email=f"r{n}@example.org")
        theme = list(themes.values())[n]
        for kind, target in (
            (EvidenceKind.CONSULTATION, consultation),
            (EvidenceKind.QUESTION, question),
            (EvidenceKind.CONCERN, concern(office, officer, theme, area=places["Bilton"])),
            (EvidenceKind.ACTIVITY, activity(office, title=f"Meeting {n}", people=9)),
            (
                EvidenceKind.FORUM_REPORT,
                forum_report(
                    office, officer, ambassador=ambassador, area=places["Southam"], attendance=5
                ),
            ),
        ):
            services.add_evidence(decision, kind=kind, target=target, by=officer)
        services.add_evidence(
            decision,
            kind=EvidenceKind.CONCERN_THEME,
            target=theme,
            area=places["Rugby"],
            by=officer,
        )

    add_one_of_each(0)
    url = decision.get_absolute_url()
    with CaptureQueriesContext(connection) as few:
        assert officer_client.get(url).status_code == 200
    add_one_of_each(1)
    add_one_of_each(2)
    with CaptureQueriesContext(connection) as many:
        assert officer_client.get(url).status_code == 200
    assert len(many) == len(few)

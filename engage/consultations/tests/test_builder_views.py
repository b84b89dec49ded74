"""The builder's pages as an officer uses them: this winter's precept consultation, start to open."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from engage.consultations import services
from engage.consultations.models import (
    Consultation,
    Question,
    QuestionKind,
    ResponseChannel,
    Statement,
    StatementStatus,
    Status,
)
from engage.consultations.tests.test_builder_services import (
    answer,
    make_consultation,
    make_precept_survey,
)

TODAY = timezone.localdate()


def _details(**changes):
    data = {
        "title": "Policing precept 2027/28",
        "title_cy": "Praesept plismona 2027/28",
        "description": "How much should a Band D household pay towards policing next year?",
        "description_cy": "",
        "slug": "",
        "strategic_area": "precept",
        "area": "",
        "opens_on": "",
        "closes_on": (TODAY + dt.timedelta(days=28)).strftime("%d/%m/%Y"),
        "owner": "",
        "privacy_notice": "We keep answers for two years.",
        "privacy_notice_cy": "",
        "ask_demographics": "on",
    }
    data.update(changes)
    return data


def _add(client, consultation, section, kind, **data):
    url = reverse("consultations:question_add", args=[consultation.pk, section.pk])
    return client.post(url, {"kind": kind, "text_cy": "", "help_text": "", **data}, follow=True)


def test_an_officer_builds_the_precept_consultation_and_opens_it(client, office, officer):
    client.force_login(officer)
    response = client.post(reverse("consultations:create"), _details(), follow=True)
    page = response.content.decode()
    assert "Consultation created. Now add its sections and questions." in page
    consultation = Consultation.objects.get()
    assert (consultation.slug, consultation.status) == ("policing-precept-202728", Status.DRAFT)
    assert "Add at least one question." in page
    assert "Open for responses" in page

    client.post(
        reverse("consultations:section_add", args=[consultation.pk]),
        {"title": "The precept", "title_cy": "Y praesept", "intro": "", "intro_cy": ""},
    )
    section = consultation.sections.get()

    # Choose the kind first, then fill in the form for that kind.
    kinds = client.get(reverse("consultations:question_add", args=[consultation.pk, section.pk]))
    assert "What type of question is it?" in kinds.content.decode()
    form = client.get(
        reverse("consultations:question_add", args=[consultation.pk, section.pk]),
        {"kind": "precept"},
    ).content.decode()
    assert "Band D policing precept this year" in form

    page = _add(
        client,
        consultation,
        section,
        "precept",
        text="How much more would you pay a year for policing?",
        required="on",
        band_d_current="287.25",
        options="No increase | Dim cynnydd | 0\n"
        "£10 more a year (83p a month) | £10 yn fwy y flwyddyn | £10\n"
        "£14 more a year (£1.17 a month) | | 14",
    ).content.decode()
    assert "Question added." in page
    assert "£10 more a year (83p a month) – £10.00" in page
    _add(
        client,
        consultation,
        section,
        "scale",
        text="How confident are you in Avonshire Police?",
        scale_min="1",
        scale_max="5",
        scale_min_label="Not at all confident",
        scale_max_label="Very confident",
    )
    _add(
        client,
        consultation,
        section,
        "ranking",
        text="Put these priorities in order",
        options="Neighbourhood policing\nRoad safety\nTackling violence against women and girls",
        max_choices="",
    )
    _add(
        client,
        consultation,
        section,
        "text",
        text="Is there anything else you want to tell the Commissioner?",
        max_length="5000",
    )
    response = _add(
        client,
        consultation,
        section,
        "statements",
        text="What should the Commissioner focus on?",
    )
    statements_question = Question.objects.get(kind=QuestionKind.STATEMENTS)
    assert response.redirect_chain[-1][0] == reverse(
        "consultations:statements", args=[consultation.pk, statements_question.pk]
    )
    assert "Now add the statements to vote on." in response.content.decode()
    page = client.post(
        reverse("consultations:statements", args=[consultation.pk, statements_question.pk]),
        {"statements": "More officers on the beat in Nuneaton\n\nFaster answers on 101\n"},
        follow=True,
    ).content.decode()
    assert "2 statements added and shown to people." in page

    assert [(q.kind, q.text) for q in Question.objects.filter(consultation=consultation)] == [
        ("precept", "How much more would you pay a year for policing?"),
        ("scale", "How confident are you in Avonshire Police?"),
        ("ranking", "Put these priorities in order"),
        ("text", "Is there anything else you want to tell the Commissioner?"),
        ("statements", "What should the Commissioner focus on?"),
    ]
    precept = Question.objects.get(kind=QuestionKind.PRECEPT)
    assert [(o.label, o.label_cy, o.amount) for o in precept.options.all()] == [
        ("No increase", "Dim cynnydd", Decimal("0.00")),
        ("£10 more a year (83p a month)", "£10 yn fwy y flwyddyn", Decimal("10.00")),
        ("£14 more a year (£1.17 a month)", "", Decimal("14.00")),
    ]
    assert precept.band_d_current == Decimal("287.25")

    page = client.post(
        reverse("consultations:status", args=[consultation.pk]), {"to": "open"}, follow=True
    ).content.decode()
    assert "The consultation is now open." in page
    consultation.refresh_from_db()
    assert (consultation.status, consultation.opens_on) == (Status.OPEN, TODAY)
    assert "Close to responses" in page
    assert "Opened" in page  # the history


def test_a_draft_with_a_broken_question_cannot_open_and_the_page_says_why(client, office, officer):
    consultation = make_consultation(office, officer)
    section = services.add_section(consultation, by=officer, title="Priorities")
    client.force_login(officer)
    response = client.post(reverse("consultations:status", args=[consultation.pk]), {"to": "open"})
    assert response.status_code == 400
    assert "Add at least one question." in response.content.decode()
    assert "There is a problem" in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.status == Status.DRAFT

    services.add_question(
        section,
        kind=QuestionKind.STATEMENTS,
        by=officer,
        text="What should change?",
        allow_new_statements=False,
    )
    response = client.post(reverse("consultations:status", args=[consultation.pk]), {"to": "open"})
    assert (
        "Question 1 (What should change?): add at least 1 statement to vote on, or let people "
        "add their own." in response.content.decode()
    )


def test_a_scale_from_5_to_1_is_refused_and_what_was_typed_is_kept(client, office, officer):
    consultation = make_consultation(office, officer)
    section = services.add_section(consultation, by=officer, title="Confidence")
    client.force_login(officer)
    response = _add(
        client,
        consultation,
        section,
        "scale",
        text="How safe do you feel after dark?",
        scale_min="5",
        scale_max="1",
        scale_min_label="Very safe",
        scale_max_label="Very unsafe",
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "put the lowest point first (1 to 5)" in page
    assert "How safe do you feel after dark?" in page
    assert 'value="Very unsafe"' in page
    assert Question.objects.count() == 0


def test_bad_option_lines_are_refused_with_their_line_numbers(client, office, officer):
    consultation = make_consultation(office, officer)
    section = services.add_section(consultation, by=officer, title="The precept")
    client.force_login(officer)
    response = _add(
        client,
        consultation,
        section,
        "precept",
        text="How much more would you pay?",
        band_d_current="287.25",
        options="No increase | | 0\n£10 more | | ten pounds\n£14 more\nNo increase | | 0",
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Line 2: “ten pounds” is not an amount of money; write it like 12.50" in page
    assert "Line 3 has no amount" in page
    assert "Line 4 repeats line 1: give each option once." in page
    assert "£10 more | | ten pounds" in page
    assert Question.objects.count() == 0

    response = _add(
        client,
        consultation,
        section,
        "ranking",
        text="Put these in order",
        options="Road safety",
        max_choices="",
    )
    assert "A ranking needs at least 2 options to put in order." in response.content.decode()


def test_an_option_people_chose_cannot_be_removed_from_an_open_consultation(
    client, office, officer
):
    consultation, question = make_precept_survey(office, officer)
    services.move_to(consultation, Status.OPEN, by=officer)
    ten = question.options.get(amount=10)
    answer(consultation, {question.pk: ten.pk}, channel=ResponseChannel.PAPER)
    client.force_login(officer)
    url = reverse("consultations:question_edit", args=[consultation.pk, question.pk])
    form = client.get(url).content.decode()
    assert "£10 more a year (83p a month) | | 10\n" in form
    response = client.post(
        url,
        {
            "text": question.text,
            "band_d_current": "287.25",
            "options": "No increase | Dim cynnydd | 0\n£14 more a year (£1.17 a month) | | 14",
        },
    )
    assert response.status_code == 400
    assert "an option with answers cannot be removed" in response.content.decode()
    assert question.options.count() == 3

    delete = client.post(
        reverse("consultations:question_delete", args=[consultation.pk, question.pk])
    )
    assert "People have answered this question" in delete.content.decode()
    assert Question.objects.filter(pk=question.pk).exists()


def test_statements_waiting_for_moderation_come_first_and_can_be_shown(client, office, officer):
    consultation = make_consultation(office, officer)
    section = services.add_section(consultation, by=officer, title="Your say")
    question = services.add_question(
        section, kind=QuestionKind.STATEMENTS, by=officer, text="What should change?"
    )
    services.add_statements(question, ["Police should answer 101 faster"], by=officer)
    waiting = Statement.objects.create(question=question, text="Fix the street lights in Bedworth")
    client.force_login(officer)
    page = client.get(
        reverse("consultations:statements", args=[consultation.pk, question.pk])
    ).content.decode()
    assert page.index("Fix the street lights in Bedworth") < page.index(
        "Police should answer 101 faster"
    )
    assert "1 waiting for moderation" in page
    client.post(
        reverse("consultations:statement_moderate", args=[consultation.pk, waiting.pk]),
        {"decision": "approved"},
    )
    waiting.refresh_from_db()
    assert (waiting.status, waiting.moderated_by) == (StatementStatus.APPROVED, officer)


def test_an_analyst_sees_the_consultation_but_cannot_change_it(client, office, officer, analyst):
    consultation, question = make_precept_survey(office, officer)
    client.force_login(analyst)
    page = client.get(reverse("consultations:detail", args=[consultation.pk])).content.decode()
    assert "How much more would you pay a year for policing?" in page
    assert "Open for responses" not in page
    assert "Edit the details" not in page
    for name, args in [
        ("consultations:edit", [consultation.pk]),
        ("consultations:question_edit", [consultation.pk, question.pk]),
        ("consultations:section_add", [consultation.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 403
    response = client.post(reverse("consultations:status", args=[consultation.pk]), {"to": "open"})
    assert response.status_code == 403
    consultation.refresh_from_db()
    assert consultation.status == Status.DRAFT


def test_another_offices_consultation_is_not_found(client, office, officer, other_officer):
    consultation, question = make_precept_survey(office, officer)
    client.force_login(other_officer)
    assert client.get(reverse("consultations:detail", args=[consultation.pk])).status_code == 404
    assert (
        client.get(
            reverse("consultations:question_edit", args=[consultation.pk, question.pk])
        ).status_code
        == 404
    )
    page = client.get(reverse("consultations:list")).content.decode()
    assert "Policing precept" not in page


def test_the_list_filters_by_status_and_counts_responses(client, office, officer):
    consultation, question = make_precept_survey(office, officer)
    services.move_to(consultation, Status.OPEN, by=officer)
    make_consultation(office, officer, title="Victims’ services survey", strategic_area="victims")
    for _ in range(3):
        answer(consultation, {question.pk: question.options.first().pk})
    client.force_login(officer)
    page = client.get(reverse("consultations:list")).content.decode()
    assert "Policing precept 2027/28" in page and "Victims’ services survey" in page
    page = client.get(reverse("consultations:list"), {"status": "open"}).content.decode()
    assert "Policing precept 2027/28" in page
    assert "Victims’ services survey" not in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">3</td>' in page


def test_the_consultation_form_keeps_input_and_says_what_to_fix(client, office, officer):
    make_consultation(office, officer, slug="precept-2027")
    client.force_login(officer)
    response = client.post(
        reverse("consultations:create"),
        _details(
            slug="precept-2027",
            opens_on="01/12/2026",
            closes_on="01/11/2026",
            title_cy="Praesept",
        ),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Another consultation already uses this web address." in page
    assert "The close date must be after the open date." in page
    assert 'value="Praesept"' in page
    assert Consultation.objects.count() == 1

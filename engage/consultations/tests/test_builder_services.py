"""The survey builder's rules: what a sensible question is, and how a consultation moves on."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from engage.consultations import services
from engage.consultations.models import (
    Consultation,
    Option,
    Question,
    QuestionKind,
    Response,
    ResponseChannel,
    Statement,
    StatementStatus,
    Status,
    StrategicArea,
)
from engage.consultations.services import OptionLine

TODAY = timezone.localdate()
PRECEPT_OPTIONS = [
    OptionLine("No increase", "Dim cynnydd", Decimal("0")),
    OptionLine("£10 more a year (83p a month)", "", Decimal("10")),
    OptionLine("£14 more a year (£1.17 a month)", "", Decimal("14")),
]
PRIORITIES = [
    OptionLine("Neighbourhood policing", "Plismona yn y gymdogaeth"),
    OptionLine("Tackling violence against women and girls"),
    OptionLine("Road safety"),
]


def make_consultation(office, officer, **changes) -> Consultation:
    fields = {
        "title": "Policing precept 2027/28",
        "description": "How much should a Band D household pay towards policing next year?",
        "strategic_area": StrategicArea.PRECEPT,
        "opens_on": TODAY,
        "closes_on": TODAY + dt.timedelta(days=28),
    }
    fields.update(changes)
    return services.create_consultation(office, by=officer, **fields)


def make_precept_survey(office, officer) -> tuple[Consultation, Question]:
    consultation = make_consultation(office, officer)
    section = services.add_section(consultation, by=officer, title="The precept")
    question = services.add_question(
        section,
        kind=QuestionKind.PRECEPT,
        by=officer,
        text="How much more would you pay a year for policing?",
        required=True,
        band_d_current=Decimal("287.25"),
        options=PRECEPT_OPTIONS,
    )
    return consultation, question


def answer(consultation, answers, channel=ResponseChannel.ONLINE) -> Response:
    return Response.objects.create(
        office=consultation.office,
        consultation=consultation,
        channel=channel,
        answers={str(k): v for k, v in answers.items()},
        submitted_at=timezone.now(),
    )


def test_the_web_address_is_made_from_the_title_and_numbered_when_taken(office, officer):
    first = make_consultation(office, officer)
    second = make_consultation(office, officer)
    assert (first.slug, second.slug) == ("policing-precept-202728", "policing-precept-202728-2")


def test_a_web_address_given_twice_in_one_office_is_refused(office, other_office, officer):
    make_consultation(office, officer, slug="precept-2027")
    with pytest.raises(ValidationError) as caught:
        make_consultation(office, officer, slug="precept-2027")
    assert caught.value.message_dict == {
        "slug": ["Another consultation already uses this web address."]
    }
    assert make_consultation(other_office, officer, slug="precept-2027").slug == "precept-2027"


def test_a_close_date_before_the_open_date_is_refused(office, officer):
    with pytest.raises(ValidationError) as caught:
        make_consultation(office, officer, closes_on=TODAY - dt.timedelta(days=1))
    assert caught.value.message_dict == {
        "closes_on": ["The close date must be after the open date."]
    }


def _errors(kind, options=(), **fields):
    question = Question(kind=kind, text="A question", **fields)
    return services.question_errors(question, list(options))


@pytest.mark.parametrize(
    ("kind", "options", "fields", "expected"),
    [
        (
            QuestionKind.RANKING,
            [OptionLine("Road safety")],
            {},
            {"options": "A ranking needs at least 2 options to put in order."},
        ),
        (
            QuestionKind.SINGLE,
            [OptionLine("Yes")],
            {},
            {"options": "Give at least 2 options to choose from."},
        ),
        (QuestionKind.MULTIPLE, [], {}, {"options": "Give at least 2 options to choose from."}),
        (
            QuestionKind.PRECEPT,
            [OptionLine("No increase", "", Decimal(0)), OptionLine("A bit more")],
            {},
            {
                "options": "Give each precept option its yearly amount for a Band D household "
                "(missing on line 2), like: £10 more a year | | 10"
            },
        ),
        (
            QuestionKind.SCALE,
            [],
            {"scale_min": 5, "scale_max": 1},
            {
                "scale_min": "The scale goes from 5 down to 1: put the lowest point first "
                "(1 to 5) and label the ends to say which is which."
            },
        ),
        (
            QuestionKind.SCALE,
            [],
            {"scale_min": 3, "scale_max": 3},
            {"scale_max": "A scale needs at least 2 points."},
        ),
        (
            QuestionKind.SCALE,
            [],
            {"scale_min": 0, "scale_max": 11},
            {"scale_max": "A scale can have at most 11 points, like 0 to 10; this one has 12."},
        ),
        (
            QuestionKind.SCALE,
            [],
            {"scale_min": 1},
            {"scale_max": "Give the lowest and the highest point of the scale, like 1 and 5."},
        ),
        (
            QuestionKind.NUMBER,
            [],
            {"number_min": Decimal(100), "number_max": Decimal(10)},
            {"number_max": "The largest allowed number (10) is smaller than the smallest (100)."},
        ),
        (
            QuestionKind.MULTIPLE,
            PRIORITIES,
            {"max_choices": 4},
            {
                "max_choices": "There are only 3 options: allow no more than 3, "
                "or leave it blank for no limit."
            },
        ),
        (
            QuestionKind.RANKING,
            PRIORITIES,
            {"max_choices": 0},
            {"max_choices": "Allow at least 1, or leave it blank for no limit."},
        ),
        (
            QuestionKind.TEXT,
            [],
            {"max_length": 50_000},
            {"max_length": "Allow from 1 to 20,000 characters."},
        ),
    ],
)
def test_a_definition_that_makes_no_sense_is_refused_with_what_to_fix(
    kind, options, fields, expected
):
    assert _errors(kind, options, **fields) == expected


@pytest.mark.parametrize(
    ("kind", "options", "fields"),
    [
        (QuestionKind.RANKING, PRIORITIES, {"max_choices": 2}),
        (QuestionKind.SINGLE, PRIORITIES[:2], {}),
        (QuestionKind.PRECEPT, PRECEPT_OPTIONS, {}),
        (QuestionKind.SCALE, [], {"scale_min": 1, "scale_max": 5}),
        (QuestionKind.SCALE, [], {"scale_min": 0, "scale_max": 10}),
        (QuestionKind.NUMBER, [], {"number_min": Decimal(0), "number_max": Decimal(0)}),
        (QuestionKind.TEXT, [], {"max_length": 5000}),
        (QuestionKind.STATEMENTS, [], {}),
    ],
)
def test_a_sensible_definition_has_no_errors(kind, options, fields):
    assert _errors(kind, options, **fields) == {}


def test_adding_a_ranking_with_one_option_is_refused_and_nothing_is_saved(office, officer):
    consultation = make_consultation(office, officer)
    section = services.add_section(consultation, by=officer, title="Priorities")
    with pytest.raises(ValidationError) as caught:
        services.add_question(
            section,
            kind=QuestionKind.RANKING,
            by=officer,
            text="Put these in order",
            options=[OptionLine("Road safety")],
        )
    assert caught.value.message_dict == {
        "options": ["A ranking needs at least 2 options to put in order."]
    }
    assert Question.objects.count() == 0


def test_a_draft_cannot_open_until_its_definition_works(office, officer):
    consultation = make_consultation(office, officer, closes_on=None)
    section = services.add_section(consultation, by=officer, title="Your views")
    assert services.definition_problems(consultation) == [
        "Set the close date.",
        "Add at least one question.",
        "The section “Your views” has no questions: add one or delete the section.",
    ]
    with pytest.raises(ValidationError) as caught:
        services.move_to(consultation, Status.OPEN, by=officer)
    assert "Add at least one question." in caught.value.messages
    consultation.refresh_from_db()
    assert consultation.status == Status.DRAFT

    question = services.add_question(
        section,
        kind=QuestionKind.STATEMENTS,
        by=officer,
        text="What should the Commissioner focus on?",
        allow_new_statements=False,
    )
    services.update_consultation(consultation, by=officer, closes_on=TODAY + dt.timedelta(days=7))
    assert services.definition_problems(consultation) == [
        "Question 1 (What should the Commissioner focus on?): add at least 1 statement to vote "
        "on, or let people add their own."
    ]
    services.add_statements(question, ["Police should be seen more in town centres"], by=officer)
    services.move_to(consultation, Status.OPEN, by=officer)
    consultation.refresh_from_db()
    assert consultation.status == Status.OPEN


def test_a_close_date_in_the_past_stops_opening(office, officer):
    consultation, _question = make_precept_survey(office, officer)
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_on=TODAY - dt.timedelta(days=30), closes_on=TODAY - dt.timedelta(days=2)
    )
    consultation.refresh_from_db()
    assert services.definition_problems(consultation) == [
        "The close date has passed: set a later close date."
    ]


def test_a_definition_broken_in_the_database_is_named_by_its_question_number(office, officer):
    consultation, question = make_precept_survey(office, officer)
    Option.objects.filter(question=question).exclude(pk=question.options.first().pk).delete()
    assert services.definition_problems(consultation) == [
        "Question 1 (How much more would you pay a year for policing?): "
        "Give at least 2 options to choose from."
    ]


def test_the_lifecycle_goes_draft_open_closed_analysed_published_and_back(office, officer):
    consultation, _question = make_precept_survey(office, officer)
    consultation = Consultation.objects.get(pk=consultation.pk)
    for status in (Status.OPEN, Status.CLOSED, Status.OPEN, Status.CLOSED, Status.ANALYSED):
        services.move_to(consultation, status, by=officer)
    services.move_to(consultation, Status.PUBLISHED, by=officer)
    services.move_to(consultation, Status.ANALYSED, by=officer)
    services.move_to(consultation, Status.CLOSED, by=officer)  # a late paper form arrived
    services.move_to(consultation, Status.ANALYSED, by=officer)
    consultation.refresh_from_db()
    assert consultation.status == Status.ANALYSED
    reasons = list(
        consultation.history.exclude(history_change_reason__startswith="Q")
        .exclude(history_change_reason__startswith="S")
        .exclude(history_change_reason=None)
        .order_by("history_date")
        .values_list("history_change_reason", flat=True)
    )
    assert reasons == [
        "Opened",
        "Closed",
        "Reopened",
        "Closed",
        "Analysed",
        "Results published",
        "Results unpublished",
        "Back to closed for late responses",
        "Analysed",
    ]


@pytest.mark.parametrize(
    ("start", "target", "message"),
    [
        (
            Status.DRAFT,
            Status.PUBLISHED,
            "A consultation that is draft cannot become published; it can become: open.",
        ),
        (
            Status.DRAFT,
            Status.CLOSED,
            "A consultation that is draft cannot become closed; it can become: open.",
        ),
        (
            Status.OPEN,
            Status.ANALYSED,
            "A consultation that is open cannot become analysed; it can become: closed.",
        ),
        (
            Status.PUBLISHED,
            Status.OPEN,
            "A consultation that is published cannot become open; it can become: analysed.",
        ),
        (
            Status.ANALYSED,
            Status.DRAFT,
            "A consultation that is analysed cannot become draft; it can become: published, closed.",
        ),
    ],
)
def test_a_move_out_of_order_is_refused(office, officer, start, target, message):
    consultation, _question = make_precept_survey(office, officer)
    Consultation.objects.filter(pk=consultation.pk).update(status=start)
    consultation.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        services.move_to(consultation, target, by=officer)
    assert caught.value.messages == [message]
    consultation.refresh_from_db()
    assert consultation.status == start


def test_opening_without_an_open_date_opens_today(office, officer):
    consultation, _question = make_precept_survey(office, officer)
    services.update_consultation(consultation, by=officer, opens_on=None)
    services.move_to(consultation, Status.OPEN, by=officer)
    consultation.refresh_from_db()
    assert consultation.opens_on == TODAY


def test_an_answered_question_or_option_cannot_be_deleted_but_its_wording_can_change(
    office, officer
):
    consultation, question = make_precept_survey(office, officer)
    services.move_to(consultation, Status.OPEN, by=officer)
    no_increase, ten, fourteen = question.options.all()
    answer(consultation, {question.pk: ten.pk})

    with pytest.raises(ValidationError) as caught:
        services.delete_question(question, by=officer)
    assert caught.value.messages == [
        "People have answered this question: deleting it would lose their answers. "
        "You can change its wording instead."
    ]
    with pytest.raises(ValidationError) as caught:
        services.update_question(
            question, by=officer, options=[PRECEPT_OPTIONS[0], PRECEPT_OPTIONS[2]]
        )
    assert caught.value.message_dict == {
        "options": [
            "People have chosen “£10 more a year (83p a month)”: an option with answers cannot "
            "be removed. You can change its wording."
        ]
    }
    with pytest.raises(ValidationError):
        services.delete_section(question.section, by=officer)

    # A wording fix in place, an unanswered option dropped, the answered one moved first.
    services.update_question(
        question,
        by=officer,
        text="How much more would you be willing to pay a year for policing?",
        options=[
            OptionLine("£10 more a year (83p a month)", "£10 yn fwy y flwyddyn", Decimal("10")),
            OptionLine("No increase at all", "Dim cynnydd", Decimal("0")),
        ],
    )
    question.refresh_from_db()
    options = list(question.options.all())
    assert [(o.pk, o.label, o.label_cy, o.amount) for o in options] == [
        (ten.pk, "£10 more a year (83p a month)", "£10 yn fwy y flwyddyn", Decimal("10.00")),
        (no_increase.pk, "No increase at all", "Dim cynnydd", Decimal("0.00")),
    ]
    assert not Option.objects.filter(pk=fourteen.pk).exists()
    assert question.text == "How much more would you be willing to pay a year for policing?"


def test_an_answered_scale_keeps_its_points(office, officer):
    consultation = make_consultation(office, officer)
    section = services.add_section(consultation, by=officer, title="Confidence")
    scale = services.add_question(
        section,
        kind=QuestionKind.SCALE,
        by=officer,
        text="How confident are you in your local police?",
        scale_min=1,
        scale_max=5,
        scale_min_label="Not at all confident",
        scale_max_label="Very confident",
    )
    answer(consultation, {scale.pk: 4}, channel=ResponseChannel.PAPER)
    with pytest.raises(ValidationError) as caught:
        services.update_question(scale, by=officer, scale_min=0, scale_max=10)
    assert caught.value.message_dict == {
        "scale_min": [
            "People have already answered on this scale: you can change its wording but not its "
            "points."
        ]
    }
    services.update_question(scale, by=officer, scale_max_label="Completely confident")
    scale.refresh_from_db()
    assert (scale.scale_min, scale.scale_max, scale.scale_max_label) == (
        1,
        5,
        "Completely confident",
    )


def test_questions_move_within_and_across_sections(office, officer):
    consultation = make_consultation(office, officer)
    first = services.add_section(consultation, by=officer, title="Priorities")
    second = services.add_section(consultation, by=officer, title="About the precept")
    a, b = (
        services.add_question(first, kind=QuestionKind.TEXT, by=officer, text=t, max_length=500)
        for t in ("What worries you most?", "What is going well?")
    )
    c = services.add_question(
        second, kind=QuestionKind.TEXT, by=officer, text="Anything else?", max_length=500
    )

    def order():
        return [
            (q.section.title, q.text)
            for q in Question.objects.filter(consultation=consultation).select_related("section")
        ]

    services.move_question(b, "up", by=officer)
    assert order() == [
        ("Priorities", "What is going well?"),
        ("Priorities", "What worries you most?"),
        ("About the precept", "Anything else?"),
    ]
    services.move_question(c, "up", by=officer)
    assert [q.text for q in first.questions.all()] == [
        "What is going well?",
        "What worries you most?",
        "Anything else?",
    ]
    assert list(second.questions.all()) == []
    services.move_question(a, "down", by=officer)
    services.move_question(a, "down", by=officer)
    assert [q.text for q in second.questions.all()] == ["What worries you most?"]


def test_staff_statements_are_shown_at_once_and_participants_wait_for_moderation(office, officer):
    consultation = make_consultation(office, officer)
    section = services.add_section(consultation, by=officer, title="Your say")
    question = services.add_question(
        section, kind=QuestionKind.STATEMENTS, by=officer, text="What should change?"
    )
    (staff,) = services.add_statements(
        question, ["More officers should walk the beat in Rugby"], by=officer
    )
    participant = Statement.objects.create(question=question, text="Fix the street lights")
    assert (staff.status, staff.moderated_by) == (StatementStatus.APPROVED, officer)
    assert participant.status == StatementStatus.PENDING

    services.moderate_statement(participant, StatementStatus.REJECTED, by=officer)
    participant.refresh_from_db()
    assert participant.status == StatementStatus.REJECTED
    assert participant.moderated_by == officer
    assert participant.moderated_at is not None
    with pytest.raises(ValidationError):
        services.moderate_statement(participant, "maybe", by=officer)

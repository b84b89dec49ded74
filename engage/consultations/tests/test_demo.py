"""The demo office's consultations: what a newcomer notices when they open them."""

import random
import re
import time
from collections import Counter

import pytest
from django.db import transaction
from django.utils import timezone

from engage.consultations.answers import check_answer
from engage.consultations.demo import build_consultations
from engage.consultations.models import (
    QuestionKind,
    Response,
    ResponseChannel,
    StatementStatus,
    Status,
    StrategicArea,
)
from engage.core import demo as core_demo
from engage.core.models import Office
from engage.places.models import Area, AreaKind, Dimension
from engage.places.queries import population_of

pytestmark = pytest.mark.django_db

THEMES = {
    "police visibility and patrols": r"patrol|pcso|bobby|visible|presence",
    "speeding and road safety": r"speed|traffic|boy racers|driving",
    "anti-social behaviour and youths": r"anti-social|youths|young people|kids",
    "drug dealing": r"drug|dealing|cannabis|county lines",
    "street lighting and CCTV": r"light|cctv|camera",
    "101 and 999": r"101|999|turning up|coming out|informed",
    "cost of living and council tax": r"council tax|afford|cost of living",
    "rural theft and fly-tipping": r"farm|fly.tipping|rural|quad bikes",
}


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    # The demo office's staff and places (not its year of meetings, which take 20 s), built once
    # for the module in a transaction rolled back afterwards.
    with django_db_blocker.unblock(), transaction.atomic():
        office = Office.objects.create(
            name="Warwickshire OPCC (demo)", short_name="Warwickshire", slug="warwickshire-demo"
        )
        people = core_demo._staff(office)
        core_demo._places(office, people["admin"])
        started = time.perf_counter()
        consultations = build_consultations(
            office, staff=people, today=timezone.localdate(), rng=random.Random(2026)
        )
        seconds = time.perf_counter() - started
        yield office, people, consultations, seconds
        transaction.set_rollback(True)


@pytest.fixture
def precept(built):
    return built[2][0]


def submitted(consultation):
    return list(Response.objects.filter(consultation=consultation).submitted())


def share(responses, field, values):
    known = [r for r in responses if getattr(r, field) not in ("", "prefer_not")]
    return sum(getattr(r, field) in values for r in known) / len(known)


def test_three_consultations_at_three_stages(built):
    _office, people, consultations, _seconds = built
    precept, plan, victims = consultations
    today = timezone.localdate()
    assert [c.slug for c in consultations] == [
        "precept-2027-28",
        "police-and-crime-plan-2027",
        "victims-services-2027",
    ]
    assert precept.strategic_area == StrategicArea.PRECEPT and precept.status == Status.CLOSED
    assert precept.area.kind == AreaKind.FORCE_AREA
    assert precept.owner == people["officer"]
    assert precept.title_cy and precept.description_cy and precept.privacy_notice_cy
    assert (precept.closes_on - precept.opens_on).days == 27 and precept.closes_on < today
    assert plan.status == Status.OPEN and plan.is_accepting_responses(today)
    assert plan.strategic_area == StrategicArea.PRIORITIES
    assert 100 <= len(submitted(plan)) <= 140
    assert victims.status == Status.DRAFT and victims.questions.count() == 2


def test_precept_has_the_questions_people_expect(precept):
    questions = list(precept.questions.all())
    kinds = [q.kind for q in questions]
    assert kinds == [
        QuestionKind.PRECEPT,
        QuestionKind.SCALE,
        QuestionKind.RANKING,
        QuestionKind.SINGLE,
        QuestionKind.MULTIPLE,
        QuestionKind.TEXT,
        QuestionKind.TEXT,
        QuestionKind.STATEMENTS,
    ]
    amounts = [o.amount for o in questions[0].options.all()]
    assert amounts == [0, 10, 14, 20] and 250 < questions[0].band_d_current < 350
    assert [o.label for o in questions[2].options.all()][-1] == "Cyber crime and fraud"
    assert precept.sections.count() == 3 and precept.ask_demographics


def test_about_2000_responses_by_every_channel(precept, built):
    people = built[1]
    responses = submitted(precept)
    assert 1900 <= len(responses) <= 2100
    channels = Counter(r.channel for r in responses)
    assert 0.78 < channels[ResponseChannel.ONLINE] / len(responses) < 0.88
    assert 0.09 < channels[ResponseChannel.PAPER] / len(responses) < 0.17
    assert 0.02 < channels[ResponseChannel.PHONE] / len(responses) < 0.07
    paper = sorted(
        (r for r in responses if r.channel == ResponseChannel.PAPER), key=lambda r: r.source_id
    )
    assert paper[0].source_id == "P-0001"
    assert {r.entered_by for r in paper} <= {people["officer"], people["research"]}
    assert all(r.entered_by for r in paper)
    assert all(precept.opens_on <= timezone.localdate(r.submitted_at) for r in responses)
    assert all(timezone.localdate(r.submitted_at) <= precept.closes_on for r in responses)
    welsh = sum(r.language == "cy" for r in responses) / len(responses)
    assert 0.01 < welsh < 0.06
    emails = [r.email for r in responses if r.email]
    assert emails and all(re.search(r"@example\.(org|com)$", e) for e in emails)
    assert all(r.wants_outcome for r in responses if r.email)


def test_more_came_in_the_first_week_and_the_last_days(precept):
    days = Counter(
        (timezone.localdate(r.submitted_at) - precept.opens_on).days
        for r in submitted(precept)
        if r.channel == ResponseChannel.ONLINE
    )
    middle = sum(days[d] for d in range(10, 20)) / 10
    assert days[0] > 2.5 * middle and days[27] > 1.5 * middle


def test_respondents_are_older_whiter_and_more_often_women_than_the_population(precept):
    responses = submitted(precept)
    force = precept.area
    ages = dict(population_of(force, Dimension.AGE_BAND).rows)
    adults = sum(v for k, v in ages.items() if not re.search(r"\b([0-9]|1[0-4]) years", k))
    over_65 = sum(v for k, v in ages.items() if re.search(r"Aged (6[5-9]|[7-9]\d)", k))
    under_25 = sum(v for k, v in ages.items() if re.search(r"Aged (15|20) to", k))
    assert share(responses, "age_band", {"65-74", "75+"}) > over_65 / adults + 0.1
    assert share(responses, "age_band", {"16-24"}) < under_25 / adults / 2
    assert share(responses, "sex", {"female"}) > 0.53
    ethnic = dict(population_of(force, Dimension.ETHNIC_GROUP).rows)
    assert share(responses, "ethnic_group", {"white"}) > ethnic["White"] / sum(ethnic.values())
    for field in ("age_band", "sex", "ethnic_group", "disability"):
        unknown = sum(getattr(r, field) in ("", "prefer_not") for r in responses)
        assert 0.06 < unknown / len(responses) < 0.16, field
    kinds = Counter(r.area.kind if r.area else None for r in responses)
    assert kinds[AreaKind.FORUM_AREA] > kinds[AreaKind.DISTRICT] > kinds[None] > 100
    assert set(
        Area.objects.filter(consultation_responses__consultation=precept).values_list(
            "office", flat=True
        )
    ) == {precept.office_id}


def test_answers_follow_who_people_are(precept):
    questions = {q.kind: q for q in precept.questions.all()}
    precept_q = questions[QuestionKind.PRECEPT]
    amount = {o.pk: o.amount for o in precept_q.options.all()}
    responses = submitted(precept)

    def mean_amount(bands):
        chosen = [amount[r.answers[precept_q.key]] for r in responses if r.age_band in bands]
        return sum(chosen) / len(chosen)

    assert mean_amount({"65-74", "75+"}) > mean_amount({"16-24", "25-34"}) + 2
    ranking = questions[QuestionKind.RANKING]
    labels = {o.pk: o.label for o in ranking.options.all()}

    rankings = [(r.age_band, r.answers.get(ranking.key)) for r in responses]
    young = [a for band, a in rankings if a and band in {"16-24", "25-34"}]
    old = [a for band, a in rankings if a and band in {"65-74", "75+"}]

    def position(answers, label):
        pk = next(k for k, v in labels.items() if v == label)
        return sum(a.index(pk) if pk in a else len(labels) for a in answers) / len(answers)

    assert position(young, "Cyber crime and fraud") < position(old, "Cyber crime and fraud")
    assert position(old, "Neighbourhood policing") < position(young, "Neighbourhood policing")
    safety = questions[QuestionKind.SCALE]
    women = [
        r.answers[safety.key] for r in responses if r.sex == "female" and safety.key in r.answers
    ]
    men = [r.answers[safety.key] for r in responses if r.sex == "male" and safety.key in r.answers]
    assert sum(women) / len(women) < sum(men) / len(men)
    # Optional questions are sometimes skipped.
    skipped = sum(safety.key not in r.answers for r in responses)
    assert 0 < skipped < len(responses) / 10


def test_free_text_covers_the_themes(precept):
    safer, anything = precept.questions.filter(kind=QuestionKind.TEXT)
    responses = submitted(precept)
    texts = [r.answers[safer.key] for r in responses if safer.key in r.answers]
    assert 0.6 <= len(texts) / len(responses) <= 0.7
    others = [r.answers[anything.key] for r in responses if anything.key in r.answers]
    assert 0.25 <= len(others) / len(responses) <= 0.35
    for theme, pattern in THEMES.items():
        matching = [t for t in texts if re.search(pattern, t, re.IGNORECASE)]
        assert len(matching) > 30, theme
    assert len(set(texts)) > 0.7 * len(texts), "the answers should vary in their wording"
    assert any("council tax" in t.lower() for t in others)


def test_statement_voting_has_groups_and_moderation(precept, built):
    voting = precept.questions.get(kind=QuestionKind.STATEMENTS)
    statements = list(voting.statements.all())
    status = Counter(s.status for s in statements)
    assert 18 <= status[StatementStatus.APPROVED] <= 22
    assert status[StatementStatus.PENDING] == 3 and status[StatementStatus.REJECTED] == 2
    pending = [s for s in statements if s.status == StatementStatus.PENDING]
    assert all(s.author and s.author.consultation_id == precept.pk for s in pending)
    assert any(s.author for s in statements if s.status == StatementStatus.APPROVED)
    assert all(s.moderated_by for s in statements if s.status == StatementStatus.REJECTED)
    responses = submitted(precept)
    voters = [r for r in responses if voting.key in r.answers]
    assert 0.25 < len(voters) / len(responses) < 0.35
    approved = {str(s.pk) for s in statements if s.status == StatementStatus.APPROVED}
    assert all(set(r.answers[voting.key]) <= approved for r in voters)
    counts = [len(r.answers[voting.key]) / len(approved) for r in voters]
    assert 0.55 < sum(counts) / len(counts) < 0.85
    # Two camps: those who back a rise disagree with those who want no rise.
    rise = next(str(s.pk) for s in statements if s.text.startswith("I would pay more"))
    savings = next(str(s.pk) for s in statements if s.text.startswith("The police should make"))
    both = [r.answers[voting.key] for r in voters if {rise, savings} <= set(r.answers[voting.key])]
    opposite = sum(v[rise] * v[savings] == -1 for v in both)
    assert opposite > 0.5 * len(both)


def test_every_stored_answer_passes_the_answer_rules(built):
    for consultation in built[2]:
        questions = {q.key: q for q in consultation.questions.prefetch_related("options")}
        for response in Response.objects.filter(consultation=consultation):
            for key, value in response.answers.items():
                assert check_answer(questions[key], value) == value, (key, value)


def fingerprint(consultation):
    """What people said, with database ids replaced by question and option positions."""
    questions = list(consultation.questions.prefetch_related("options", "statements"))
    names = {q.key: n for n, q in enumerate(questions)}
    kinds = {q.key: q.kind for q in questions}
    options = {o.pk: n for q in questions for n, o in enumerate(q.options.all())}
    statements = {str(s.pk): n for q in questions for n, s in enumerate(q.statements.all())}

    def plain(key, value):
        if kinds[key] in (QuestionKind.SINGLE, QuestionKind.PRECEPT):
            return options[value]
        if kinds[key] in (QuestionKind.MULTIPLE, QuestionKind.RANKING):
            return [options[v] for v in value]
        if kinds[key] == QuestionKind.STATEMENTS:
            return {statements[k]: v for k, v in value.items()}
        return value

    return [
        (
            r.channel,
            r.age_band,
            r.sex,
            r.area.name if r.area else "",
            r.submitted_at,
            r.source_id,
            r.email,
            {names[k]: plain(k, v) for k, v in r.answers.items()},
        )
        for r in Response.objects.filter(consultation=consultation).select_related("area")
    ]


def test_the_same_seed_gives_the_same_demo(built):
    office, people, consultations, _seconds = built
    before = fingerprint(consultations[0])
    with transaction.atomic():
        for consultation in consultations:
            consultation.delete()
        again = build_consultations(
            office, staff=people, today=timezone.localdate(), rng=random.Random(2026)
        )
        assert fingerprint(again[0]) == before
        transaction.set_rollback(True)

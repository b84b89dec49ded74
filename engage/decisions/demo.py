"""The demo office's decisions and "you said, we did".

The precept consultation's results are published first. The Commissioner set the precept
(PCC/2026/014) on the evidence of that consultation, the concerns about police visibility raised
at forums, and two ambassadors' reports; the decision is published and everyone behind it who
asked to hear back has been told. The consultation's "you said, we did" page is published too.
A funding award for rural crime is recorded but not yet published, and a page on speeding, drawn
from concerns across channels, is a draft.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import Count
from django.utils import timezone

from engage.accounts.models import User
from engage.consultations import services as consultations
from engage.consultations.models import Consultation, Status
from engage.core.models import Office
from engage.decisions import outcomes, services
from engage.decisions.models import Decision, DecisionKind, EvidenceKind, Outcome
from engage.engagements.models import Concern, ConcernTheme
from engage.meetings.models import ForumReport
from engage.messaging.models import Message, MessageKind, MessageStatus


def build_decisions(
    office: Office,
    people: dict[str, User],
    today: dt.date,
    rng: random.Random,
    precept: Consultation,
) -> Decision:
    """Record the demo's decisions and pages; returns the precept decision."""
    officer = people["officer"]
    commissioner = people["commissioner"]
    visibility = ConcernTheme.objects.get(office=office, name="Police visibility")
    # The office publishes the precept results before the decision that draws on them.
    precept.refresh_from_db()  # the analysis has moved it on
    consultations.move_to(precept, Status.PUBLISHED, by=people["research"])
    decision = services.create_decision(
        office,
        by=officer,
        reference="PCC/2026/014",
        title="Policing precept 2027/28",
        title_cy="Praesept plismona 2027/28",
        decided_on=today - dt.timedelta(days=12),
        kind=DecisionKind.PRECEPT,
        summary=(
            "The Commissioner has set the policing part of council tax for 2027/28 at £14 a year "
            "more for a Band D home (about £1.17 a month). The increase pays for 24 more "
            "neighbourhood officers and PCSOs on foot patrol in the town centres where people "
            "told us they rarely see the police, and keeps the rural crime team at its full "
            "strength."
        ),
        summary_cy=(
            "Mae'r Comisiynydd wedi pennu'r rhan blismona o'r dreth gyngor ar gyfer 2027/28 ar "
            "£14 y flwyddyn yn fwy i gartref Band D (tua £1.17 y mis). Mae'r cynnydd yn talu am "
            "24 yn rhagor o swyddogion cymdogaeth a SCCH ar batrôl ar droed."
        ),
    )
    services.add_evidence(
        decision,
        kind=EvidenceKind.CONSULTATION,
        target=precept,
        note="Most respondents supported an increase of up to £14 for a Band D home.",
        by=officer,
    )
    services.add_evidence(
        decision,
        kind=EvidenceKind.CONCERN_THEME,
        target=visibility,
        note="Raised at forums across the county this year: people rarely see officers on foot.",
        by=officer,
    )
    reports = (
        ForumReport.objects.filter(office=office)
        .annotate(n=Count("concerns"))
        .filter(n__gt=0)
        .order_by("-n", "-pk")[:2]
    )
    for report in reports:
        services.add_evidence(
            decision,
            kind=EvidenceKind.FORUM_REPORT,
            target=report,
            note="The ambassador's report asked for more visible patrols.",
            by=officer,
        )
    _hear_back(office, visibility, rng)
    services.publish_decision(decision, by=commissioner)
    _delivered(decision, rng)

    page = outcomes.draft_outcome_for_consultation(precept, by=officer)
    outcomes.update_outcome(
        page,
        by=officer,
        decisions=[decision],
        we_did=(
            "The Commissioner set the precept at £14 a year more for a Band D home, the amount "
            "most of you supported, and will put the money into visible neighbourhood policing "
            "(decision PCC/2026/014)."
        ),
        we_did_cy=(
            "Pennodd y Comisiynydd y praesept ar £14 y flwyddyn yn fwy i gartref Band D, y swm a "
            "gefnogwyd gan y rhan fwyaf ohonoch (penderfyniad PCC/2026/014)."
        ),
    )
    for point in page.points.order_by("position", "pk"):
        acted_on, response = _answer(point.said)
        outcomes.update_point(
            point, by=officer, decision=decision if acted_on else None, response=response
        )
    outcomes.publish_outcome(page, by=officer)
    _delivered_outcome(page)

    rural = ConcernTheme.objects.get(office=office, name="Rural crime")
    funding = services.create_decision(
        office,
        by=officer,
        reference="PCC/2026/019",
        title="Rural crime partnership fund 2027",
        decided_on=today - dt.timedelta(days=3),
        kind=DecisionKind.COMMISSIONING,
        summary=(
            "£60,000 from the Commissioner's community safety fund for farm watch schemes, "
            "tracking devices for machinery and a rural crime officer for North Warwickshire."
        ),
    )
    services.add_evidence(
        funding,
        kind=EvidenceKind.CONCERN_THEME,
        target=rural,
        note="Theft of machinery raised at forums and surgeries in the north of the county.",
        by=officer,
    )
    speeding = ConcernTheme.objects.get(office=office, name="Road safety and speeding")
    outcomes.draft_outcome_for_theme(office, speeding, by=officer)
    return decision


# What the office said about each thing people told it, by the words the point starts with: whether
# the precept decision acted on it, and what to add (or, if it did not, why not).
ANSWERS = [
    ("More police on foot patrol", True, ""),
    ("Worth paying more for visible policing", True, ""),
    ("CCTV and a police presence", True,
     "The extra officers will patrol the town centres on Friday and Saturday nights. CCTV is run "
     "by the district councils: we have passed on where you asked for cameras."),
    ("Value for money", True,
     "The increase is less than the most allowed, and the Commissioner will publish in April "
     "what it paid for."),
    ("Tell us how the money is spent", True,
     "The Commissioner will publish in April what this year's increase paid for, and report it "
     "to the Police and Crime Panel."),
    ("Council tax is too high", True,
     "The Commissioner chose £14 rather than the £20 a year that was also asked about: about "
     "£1.17 a month for a Band D home, less for most homes."),
    ("People on fixed incomes", True,
     "Most pensioners live in homes below Band D and will pay less than £14 a year more; council "
     "tax support is unchanged."),
    ("Spend less on management", False,
     "The office's own costs are 1% of the policing budget and are not rising this year; the "
     "Panel reviews them each February."),
    ("Speeding", False,
     "Not paid for by the precept. The Commissioner is drafting a “you said, we did” on road "
     "safety with what people raised at forums, and funds Community Speedwatch."),
    ("Drug dealing", False,
     "We have passed the places you named to the Chief Constable, whose teams act on drug "
     "dealing; the Commissioner will ask what was done at the Panel in March."),
    ("Groups of youths", False,
     "Youth diversion is funded from the Commissioner's community safety fund, not the precept; "
     "the fund's next round opens in January."),
    ("Anti-social behaviour", False,
     "We have passed this to the community safety partnerships, which lead on anti-social "
     "behaviour with the councils."),
    ("Better street lighting", False,
     "Street lighting is the county council's: we have sent them the places you named."),
    ("The cost of living", True,
     "Most homes are below Band D and will pay less than £14 a year more; council tax support "
     "is unchanged."),
    ("Close down dealers", False,
     "We have passed the places you named to the Chief Constable, whose teams close dealers' "
     "flats and county lines; the Commissioner will ask what was done at the Panel in March."),
    ("Happy to pay a bit more", True, ""),
    ("Spend the extra on policing", True,
     "All of the increase goes to policing: 40 more neighbourhood officers. None of it goes to "
     "the Commissioner's office."),
    ("Publish what the increase", True,
     "The Commissioner will publish in April what this year's increase paid for, and report it "
     "to the Police and Crime Panel."),
    ("Answering calls", False,
     "Answering 101 and 999 is the Chief Constable's: the Commissioner holds him to account for "
     "it and publishes the answer times every quarter."),
    # The headline results
    ("The most common answer to “How safe", True,
     "Feeling safe after dark is the first measure in the Police and Crime Plan: the extra "
     "patrols are aimed at it, and we will ask again next winter."),
    ("The most common answer to “Have you contacted", False,
     "Most people had not needed the police this year. What those who had told us about 101 "
     "goes into the Commissioner's quarterly review of answer times."),
    ("The most common answer to “How much more", True,
     "Most people supported an increase; the Commissioner chose £14, which the largest group "
     "of those who wanted one supported."),
]  # fmt: skip
NOT_ACTED_ON = (
    "We have passed this to the Chief Constable, who will report on it to the Police and Crime "
    "Panel in March; it is not something the precept pays for."
)


def _answer(said: str) -> tuple[bool, str]:
    """Whether the precept decision acted on a point, and what the office said about it."""
    for start, acted_on, response in ANSWERS:
        if said.startswith(start):
            return acted_on, response
    return False, NOT_ACTED_ON


def _hear_back(office: Office, theme: ConcernTheme, rng: random.Random) -> None:
    """Some people who raised visibility at forums and surgeries left an address to hear back."""
    concerns = list(Concern.objects.filter(office=office, theme=theme).order_by("pk"))
    for n, concern in enumerate(rng.sample(concerns, min(6, len(concerns)))):
        by_text = n % 3 == 2
        Concern.objects.filter(pk=concern.pk).update(
            contact_name=f"Resident {n + 1}",
            contact_email="" if by_text else f"visibility{n + 1}@example.org",
            contact_phone=f"+4477009{99000 + n}" if by_text else "",
            wants_reply=True,
        )


def _delivered(decision: Decision, rng: random.Random) -> None:
    """The notices went out the day the decision was published."""
    when = timezone.now() - dt.timedelta(days=11)
    Decision.objects.filter(pk=decision.pk).update(published_at=when)
    messages = Message.objects.filter(kind=MessageKind.NOTICE, notice__decision=decision)
    messages.update(
        status=MessageStatus.DELIVERED, attempts=1, sent_at=when, delivered_at=when, due_at=when
    )


def _delivered_outcome(page: Outcome) -> None:
    when = timezone.now() - dt.timedelta(days=10)
    Outcome.objects.filter(pk=page.pk).update(published_at=when)
    Message.objects.filter(kind=MessageKind.NOTICE, notice__outcome=page).update(
        status=MessageStatus.DELIVERED, attempts=1, sent_at=when, delivered_at=when, due_at=when
    )

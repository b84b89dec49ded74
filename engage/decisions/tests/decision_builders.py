"""Plain builders for the decisions tests: each makes exactly what its arguments say."""

from __future__ import annotations

import datetime as dt
import itertools
import secrets
from typing import Any

from django.utils import timezone

from engage.accounts.models import User
from engage.consultations.models import (
    Consultation,
    Question,
    QuestionKind,
    Response,
    ResponseChannel,
    Section,
    Status,
    StrategicArea,
    Theme,
    ThemeCode,
)
from engage.core.models import Office
from engage.decisions import services
from engage.decisions.models import Decision, DecisionKind
from engage.engagements.models import (
    Activity,
    ActivityType,
    Concern,
    ConcernSource,
    ConcernTheme,
    SurgeryBooking,
)
from engage.engagements.services import surgeries
from engage.engagements.services.concerns import ensure_default_themes, record_concern
from engage.meetings import services as meetings
from engage.meetings.models import ForumReport
from engage.meetings.tests.factories import make_series
from engage.places.models import Area, AreaKind

TODAY = timezone.localdate()
_DAYS = itertools.count()


def themes_of(office: Office, by: User) -> dict[str, ConcernTheme]:
    ensure_default_themes(office, by=by)
    return {t.name: t for t in ConcernTheme.objects.for_office(office)}


def places_of(office: Office) -> dict[str, Area]:
    """Rugby (Bilton forum area, and its ward Bilton North) and Stratford-on-Avon (Southam)."""
    rugby = Area.objects.create(office=office, kind=AreaKind.DISTRICT, name="Rugby")
    stratford = Area.objects.create(office=office, kind=AreaKind.DISTRICT, name="Stratford-on-Avon")
    bilton = Area.objects.create(
        office=office, kind=AreaKind.FORUM_AREA, name="Bilton", parent=rugby
    )
    return {
        "Rugby": rugby,
        "Stratford-on-Avon": stratford,
        "Bilton": bilton,
        "Bilton North": Area.objects.create(
            office=office, kind=AreaKind.WARD, name="Bilton North", parent=bilton
        ),
        "Southam": Area.objects.create(
            office=office, kind=AreaKind.FORUM_AREA, name="Southam", parent=stratford
        ),
    }


def make_decision(office: Office, by: User, **fields: Any) -> Decision:
    values: dict[str, Any] = {
        "reference": "PCC/2026/014",
        "title": "The policing precept for 2026/27",
        "decided_on": dt.date(2026, 2, 6),
        "kind": DecisionKind.PRECEPT,
        "summary": "Band D rises by £14 a year, paying for 40 more neighbourhood officers.",
    }
    values.update(fields)
    return services.create_decision(office, by=by, **values)


def make_consultation(office: Office, *, title: str, slug: str) -> tuple[Consultation, Question]:
    """A closed consultation with one free-text question."""
    consultation = Consultation.objects.create(
        office=office,
        title=title,
        slug=slug,
        description="What should we do?",
        strategic_area=StrategicArea.PRECEPT,
        status=Status.CLOSED,
    )
    section = Section.objects.create(consultation=consultation, title="Your views", position=0)
    question = Question.objects.create(
        consultation=consultation,
        section=section,
        kind=QuestionKind.TEXT,
        text="What would make you feel safer?",
        position=0,
    )
    return consultation, question


def respond(
    consultation: Consultation,
    question: Question | None = None,
    *,
    said: str = "More officers on foot",
    submitted: bool = True,
    **fields: Any,
) -> Response:
    answers = {question.key: said} if question is not None else {}
    fields.setdefault("channel", ResponseChannel.ONLINE)
    return Response.objects.create(
        office_id=consultation.office_id,
        consultation=consultation,
        answers=answers,
        submitted_at=timezone.now() if submitted else None,
        **fields,
    )


def code(theme: Theme, *responses: Response) -> None:
    for response in responses:
        ThemeCode.objects.create(theme=theme, response=response)


def concern(
    office: Office,
    by: User,
    theme: ConcernTheme,
    *,
    summary: str = "Never see a PCSO on the high street",
    days_ago: int = 10,
    **extra: Any,
) -> Concern:
    extra.setdefault("source", ConcernSource.CORRESPONDENCE)
    return record_concern(
        office,
        summary=summary,
        theme=theme,
        raised_on=TODAY - dt.timedelta(days=days_ago),
        by=by,
        **extra,
    )


def activity(office: Office, *, title: str, people: int, area: Area | None = None) -> Activity:
    return Activity.objects.create(
        office=office,
        title=title,
        type=ActivityType.PUBLIC_MEETING,
        starts_at=timezone.now() - dt.timedelta(days=30),
        area=area,
        people_reached=people,
        feedback_token=secrets.token_urlsafe(12),
    )


def forum_report(
    office: Office, by: User, *, ambassador: User, area: Area, attendance: int
) -> ForumReport:
    series = make_series(office, title=f"{area.name} Community Forum", per_forum_area=True)
    occurrence = meetings.add_occurrence(
        series, starts_at=timezone.now() - dt.timedelta(days=20), by=by, area=area
    )
    return ForumReport.objects.create(
        office=office, occurrence=occurrence, ambassador=ambassador, attendance=attendance
    )


def booking(
    office: Office,
    by: User,
    *,
    held_by: User,
    area: Area | None = None,
    theme: ConcernTheme | None = None,
    **fields: Any,
) -> SurgeryBooking:
    # A session of its own each, on a day of its own, so that they never overlap.
    day = TODAY + dt.timedelta(days=7 + next(_DAYS))
    session = surgeries.create_session(
        office,
        starts_at=timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0))),
        ends_at=timezone.make_aware(dt.datetime.combine(day, dt.time(10, 15))),
        location="Rugby Library",
        held_by=held_by,
        slot_minutes=15,
        area=area,
        by=by,
    )
    fields.setdefault("name", "Jo Bloggs")
    fields.setdefault("topic", "Speeding on Warwick Road")
    made = surgeries.book_slot(session.slots.get(), by=by, **fields)
    if theme is not None:
        made.theme = theme
        made.save()
    return made

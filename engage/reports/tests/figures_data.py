"""A small office whose figures for April to June 2025 (quarter 1 of 2025-26) are worked out by
hand below, with records just outside the quarter (an hour either side of midnight, London time)
and records that must never count (a draft consultation, an unpublished decision, a cancelled
surgery, a subscriber who left, a draft alert).

Quarter 1, all areas                       Quarter 1, Rugby and the areas inside it
  activities 5, people 1,200 (4 counted)     activities 3, people 100
  cost £280.00, staff hours 8.0              cost £230.00
  cost per person £250 / 140 = £1.79         cost per person £200 / 40 = £5.00
  ratings 3, average 4.0                     ratings 2, average 4.5
  forums reported 2, residents 40            forums reported 1, residents 25
  consultations open 2, closed 1             consultations open 1 (the force-wide one)
  responses 3: online 1, paper 1, phone 1    responses 1 (online)
  concerns 4 (7 people), 3 fed a decision    concerns 2, both fed a decision
  decisions 1, "you said, we did" 1          (the same: the office's)
  surgeries 2, people seen 3                 surgeries 1, people seen 2
  subscribers 2 (email 1, SMS 1), 1 new      subscribers 1 (email), 0 new
  alerts 1, messages 2                       alerts 1, messages 1
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from engage.accounts.models import User
from engage.consultations.models import Consultation, Response, ResponseChannel, Status
from engage.core.models import Office
from engage.decisions.models import Decision, DecisionKind, Evidence, EvidenceKind, Outcome
from engage.engagements.models import (
    Activity,
    BookingStatus,
    Concern,
    ConcernSource,
    ConcernTheme,
    Feedback,
    SurgeryBooking,
    SurgerySession,
    SurgerySlot,
)
from engage.meetings.models import ForumReport, Occurrence
from engage.meetings.tests.factories import make_series
from engage.messaging.models import (
    Alert,
    AlertKind,
    AlertStatus,
    Message,
    MessageKind,
    MessageStatus,
    Subscriber,
    SubscriberStatus,
)
from engage.places.models import Area, AreaKind

LONDON = ZoneInfo("Europe/London")


def at(day: str, time: str = "10:00") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=LONDON)


@dataclass
class SmallOffice:
    office: Office
    force: Area
    rugby: Area
    nuneaton: Area
    brownsover: Area
    newbold: Area


def _activity(office: Office, when: dt.datetime, area: Area, **fields: object) -> Activity:
    return Activity.objects.create(
        office=office,
        title=fields.pop("title", f"Activity on {when:%d %B %Y}"),
        type=fields.pop("type", "visit"),
        channel=fields.pop("channel", "in_person"),
        starts_at=when,
        area=area,
        feedback_token=secrets.token_urlsafe(16),
        **fields,  # type: ignore[arg-type]
    )


def build_small_office(office: Office, *, officer: User, commissioner: User) -> SmallOffice:
    force = Area.objects.create(office=office, kind=AreaKind.FORCE_AREA, name="Avonshire")
    rugby = Area.objects.create(office=office, kind=AreaKind.DISTRICT, name="Rugby", parent=force)
    nuneaton = Area.objects.create(
        office=office, kind=AreaKind.DISTRICT, name="Nuneaton and Bedworth", parent=force
    )
    brownsover = Area.objects.create(
        office=office, kind=AreaKind.FORUM_AREA, name="Brownsover", parent=rugby
    )
    newbold = Area.objects.create(
        office=office, kind=AreaKind.WARD, name="Newbold", parent=brownsover
    )

    # -- activities ------------------------------------------------------------------------
    a1 = _activity(
        office, at("2025-04-10"), brownsover, people_reached=40, cost=Decimal("200"),
        staff_hours=Decimal("3"), title="Brownsover youth club visit",
    )  # fmt: skip
    _activity(
        office, at("2025-05-15", "19:00"), rugby, channel="online", type="public_meeting",
        people_reached=60, staff_hours=Decimal("2"),
    )  # fmt: skip
    a3 = _activity(
        office, at("2025-05-20"), nuneaton, channel="social_media", type="social_media",
        people_reached=100, cost=Decimal("50"), staff_hours=Decimal("1.5"),
    )  # fmt: skip
    # Half past eleven at night on 30 June (British Summer Time): June, in the quarter.
    _activity(
        office, at("2025-06-30", "23:30"), newbold, type="event", cost=Decimal("30"),
        staff_hours=Decimal("1"),
    )  # fmt: skip
    _activity(
        office, at("2025-06-01"), force, channel="broadcast", type="media_interview",
        people_reached=1000, staff_hours=Decimal("0.5"),
    )  # fmt: skip
    # Half past midnight on 1 July and half past eleven on 31 March: outside the quarter.
    a5 = _activity(office, at("2025-07-01", "00:30"), nuneaton, people_reached=500)
    _activity(office, at("2025-03-31", "23:30"), rugby, people_reached=700, cost=Decimal("9"))
    Feedback.objects.bulk_create(
        [
            Feedback(activity=a1, rating=5),
            Feedback(activity=a1, rating=4),
            Feedback(activity=a3, rating=3),
            Feedback(activity=a5, rating=1),
        ]
    )

    # -- community forums: the ambassadors' reports -------------------------------------------
    series = make_series(office, title="Community forum", per_forum_area=True)
    for day, area, attendance in (
        ("2025-05-12", brownsover, 25),
        ("2025-06-09", nuneaton, 15),
        ("2025-07-14", brownsover, 30),  # after the quarter
    ):
        occurrence = Occurrence.objects.create(
            office=office, series=series, area=area, starts_at=at(day, "19:00"),
            ends_at=at(day, "21:00"),
        )  # fmt: skip
        ForumReport.objects.create(
            office=office, occurrence=occurrence, ambassador=officer, attendance=attendance
        )

    # -- consultations ---------------------------------------------------------------------
    def consultation(slug: str, status: str, opens: str, closes: str, area: Area) -> Consultation:
        return Consultation.objects.create(
            office=office, title=slug.replace("-", " ").capitalize(), slug=slug,
            description="About it", strategic_area="other", status=status,
            opens_on=dt.date.fromisoformat(opens), closes_on=dt.date.fromisoformat(closes),
            area=area,
        )  # fmt: skip

    precept = consultation("precept-2026", Status.CLOSED, "2025-03-01", "2025-04-30", force)
    rural = consultation("rural-crime", Status.OPEN, "2025-06-01", "2025-08-31", nuneaton)
    consultation("draft-survey", Status.DRAFT, "2025-04-01", "2025-06-30", force)
    consultation("old-survey", Status.PUBLISHED, "2024-09-01", "2024-10-31", force)

    def respond(c: Consultation, channel: str, when: dt.datetime | None, area: Area) -> None:
        Response.objects.create(
            office=office, consultation=c, channel=channel, submitted_at=when, area=area
        )

    respond(precept, ResponseChannel.ONLINE, at("2025-04-02"), rugby)
    respond(precept, ResponseChannel.PAPER, at("2025-04-20"), nuneaton)
    respond(precept, ResponseChannel.ONLINE, at("2025-03-15"), rugby)  # before the quarter
    respond(precept, ResponseChannel.ONLINE, None, rugby)  # a draft, never sent
    respond(rural, ResponseChannel.PHONE, at("2025-06-10"), nuneaton)

    # -- concerns and decisions ----------------------------------------------------------------
    asb, road, drugs = (
        ConcernTheme.objects.create(office=office, name=name)
        for name in ("Anti-social behaviour", "Road safety", "Drugs")
    )

    def concern(theme: ConcernTheme, area: Area | None, day: str, people: int, **kw: object):  # type: ignore[no-untyped-def]
        return Concern.objects.create(
            office=office, summary="Raised", theme=theme, area=area, people=people,
            source=ConcernSource.ACTIVITY, raised_on=dt.date.fromisoformat(day), **kw,  # type: ignore[arg-type]
        )  # fmt: skip

    concern(asb, brownsover, "2025-04-11", 3, activity=a1)  # fed: its activity is evidence
    k2 = concern(asb, nuneaton, "2025-05-01", 1)  # only an unpublished decision names it
    concern(road, newbold, "2025-06-05", 2)  # fed: road safety in Rugby is evidence
    k4 = concern(drugs, None, "2025-06-10", 1)  # fed: named by a decision published later
    concern(asb, rugby, "2025-07-02", 5)  # after the quarter

    def decision(reference: str, decided: str, published: dt.datetime | None) -> Decision:
        return Decision.objects.create(
            office=office, reference=reference, slug=reference.lower().replace("/", "-"),
            title=f"Decision {reference}", decided_on=dt.date.fromisoformat(decided),
            kind=DecisionKind.POLICY, summary="Decided", published_at=published,
        )  # fmt: skip

    d1 = decision("PCC/2025/001", "2025-05-09", at("2025-05-10"))
    d2 = decision("PCC/2025/002", "2025-05-20", None)
    d3 = decision("PCC/2025/003", "2025-07-30", at("2025-08-01"))
    Evidence.objects.create(
        office=office, decision=d1, kind=EvidenceKind.CONSULTATION, consultation=precept
    )
    Evidence.objects.create(
        office=office, decision=d1, kind=EvidenceKind.CONCERN_THEME, concern_theme=road, area=rugby
    )
    Evidence.objects.create(office=office, decision=d1, kind=EvidenceKind.ACTIVITY, activity=a1)
    Evidence.objects.create(office=office, decision=d2, kind=EvidenceKind.CONCERN, concern=k2)
    Evidence.objects.create(office=office, decision=d3, kind=EvidenceKind.CONCERN, concern=k4)
    outcome = Outcome.objects.create(
        office=office, slug="precept-2026", consultation=precept, title="Precept 2026",
        we_asked="Asked", you_said="Said", we_did="Did", published_at=at("2025-06-15"),
    )  # fmt: skip
    outcome.decisions.add(d1)
    Outcome.objects.create(
        office=office, slug="asb", concern_theme=asb, title="Anti-social behaviour",
        we_asked="Asked", you_said="Said",
    )  # fmt: skip

    # -- surgeries --------------------------------------------------------------------------
    def surgery(when: dt.datetime, area: Area, statuses: list[str], **kw: object) -> None:
        session = SurgerySession.objects.create(
            office=office, starts_at=when, ends_at=when + dt.timedelta(hours=1),
            location="Library", area=area, held_by=commissioner, **kw,  # type: ignore[arg-type]
        )  # fmt: skip
        for i, status in enumerate(statuses):
            slot = SurgerySlot.objects.create(
                office=office,
                session=session,
                starts_at=when + dt.timedelta(minutes=15 * i),
                ends_at=when + dt.timedelta(minutes=15 * (i + 1)),
            )
            SurgeryBooking.objects.create(
                office=office, slot=slot, name="Resident", topic="Speeding", status=status,
                cancel_token=secrets.token_urlsafe(32),
            )  # fmt: skip

    seen = [BookingStatus.ATTENDED, BookingStatus.CLOSED, BookingStatus.NO_SHOW]
    surgery(at("2025-05-05"), rugby, seen)
    surgery(at("2025-06-01"), rugby, [BookingStatus.ATTENDED], cancelled_at=at("2025-05-30"))
    surgery(at("2025-06-20"), nuneaton, [BookingStatus.ATTENDED])

    # -- subscribers and alerts --------------------------------------------------------------
    def subscriber(address: str, channel: str, area: Area, **kw: object) -> Subscriber:
        s = Subscriber.objects.create(office=office, address=address, channel=channel, **kw)  # type: ignore[arg-type]
        s.areas.add(area)
        return s

    active = SubscriberStatus.ACTIVE
    s1 = subscriber("a@example.org", "email", rugby, status=active, confirmed_at=at("2025-01-10"))
    s2 = subscriber("+447700900001", "sms", nuneaton, status=active, confirmed_at=at("2025-05-01"))
    subscriber(
        "b@example.org", "email", rugby, status=SubscriberStatus.LEFT,
        confirmed_at=at("2025-02-01"), left_at=at("2025-06-01"),
    )  # fmt: skip
    subscriber("c@example.org", "email", rugby)  # never confirmed
    subscriber("d@example.org", "email", rugby, status=active, confirmed_at=at("2025-08-01"))

    def alert(status: str, sent: dt.datetime | None, area: Area) -> Alert:
        a = Alert.objects.create(
            office=office, kind=AlertKind.ALERT, title="Alert", body="Body", status=status,
            sent_at=sent, created_by=officer,
        )  # fmt: skip
        a.areas.add(area)
        return a

    al1 = alert(AlertStatus.SENT, at("2025-05-20"), rugby)
    alert(AlertStatus.DRAFT, None, rugby)
    alert(AlertStatus.SENT, at("2025-07-10"), rugby)
    for sub, status in ((s1, MessageStatus.SENT), (s2, MessageStatus.DELIVERED)):
        Message.objects.create(
            office=office, kind=MessageKind.ALERT, channel=sub.channel, address=sub.address,
            language="en-gb", key=f"alert:{al1.pk}:{sub.pk}", subscriber=sub, alert=al1,
            status=status, due_at=at("2025-05-20"),
        )  # fmt: skip
    return SmallOffice(office, force, rugby, nuneaton, brownsover, newbold)

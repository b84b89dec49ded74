"""The demo office's retention: a few records whose time is up, and last night's run in the log.

So that the Data Protection Officer's retention page (/data-protection/retention/) has something
to show: last night's run erased the contact details of two old messages; since then, three
messages from the contact form have reached a year with no reply and two alert sign-ups were
never confirmed within 7 days (due tonight); two partner contacts have not been touched for over
two years (due for review, every night until someone looks).

And its subject access requests: one open, about a resident who appears in several apps (a
consultation response, alert subscriptions, a concern, a surgery booking, a comment), and one
answered.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from engage.accounts.models import User
from engage.consultations.models import Response
from engage.core.models import Office
from engage.dataprotection import services
from engage.dataprotection.models import RequestKind, RequestStatus, RetentionRun, Trigger
from engage.dataprotection.retention import apply_retention
from engage.engagements.models import Concern, ConcernSource, ConcernTheme
from engage.engagements.queries.surgeries import public_surgeries
from engage.engagements.services import surgeries
from engage.engagements.services.concerns import record_concern
from engage.messaging import services as messaging
from engage.messaging.addresses import normalise_phone
from engage.messaging.models import Channel, Subscriber, SubscriberStatus, Topic
from engage.places.models import Area, AreaKind
from engage.publishing.models import Document
from engage.publishing.services import add_comment, approve_comment
from engage.stakeholders.models import Contact

# Old messages from the contact form: (theme, what they said, name, email).
REPLIED = [
    (
        "Anti-social behaviour",
        "Teenagers gathering behind the library every evening.",
        "Marion Hale",
        "marion.hale@example.org",
    ),
    (
        "Speeding",
        "Lorries use Birmingham Road as a cut-through at 50 mph.",
        "Dev Chauhan",
        "dev.chauhan@example.org",
    ),
]
UNANSWERED = [
    (
        "Speeding",
        "Please put a speed camera on the Fosse Way near the school.",
        "Alan Brooks",
        "alan.brooks@example.org",
    ),
    (
        "Anti-social behaviour",
        "Fireworks let off in the park late at night for weeks.",
        "Priya Natt",
        "priya.natt@example.org",
    ),
    (
        "Drugs",
        "Someone is dealing from a car outside the leisure centre.",
        "Chris Oduya",
        "chris.oduya@example.org",
    ),
]


def _at(day: dt.date, hour: int = 0, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _concerns(
    office: Office, rows: list[tuple[str, str, str, str]], raised_on: dt.date
) -> list[Concern]:
    themes = {t.name: t for t in ConcernTheme.objects.for_office(office)}
    fallback = ConcernTheme.objects.for_office(office).order_by("pk").first()
    assert fallback is not None, "the demo office's concern themes are made before this"
    made = []
    for theme, summary, name, email in rows:
        made.append(
            record_concern(
                office,
                summary=summary,
                theme=themes.get(theme, fallback),
                source=ConcernSource.CONTACT_FORM,
                raised_on=raised_on,
                wants_reply=True,
                contact_name=name,
                contact_email=email,
                by=None,
            )
        )
    return made


def build_retention(office: Office, people: dict[str, User], today: dt.date) -> None:
    # Before last night: two messages replied to more than six months ago.
    replied = _concerns(office, REPLIED, today - relativedelta(months=14))
    Concern.objects.filter(pk__in=[c.pk for c in replied]).update(
        replied_at=_at(today - relativedelta(months=8), 11)
    )
    contacts = Contact.objects.for_office(office).order_by("pk")[:2]
    Contact.objects.filter(pk__in=[c.pk for c in contacts]).update(
        updated_at=_at(today - relativedelta(years=2, months=3), 10)
    )
    # Last night's run, at 03:00.
    night = _at(today - dt.timedelta(days=1), 3)
    run = apply_retention(office, dry_run=False, trigger=Trigger.DEMO, now=night)
    RetentionRun.objects.filter(pk=run.pk).update(finished_at=night + dt.timedelta(seconds=2))
    # Since then: a year and a day has passed since three unanswered messages, and two sign-ups
    # made a week ago today were never confirmed.
    _concerns(office, UNANSWERED, today - relativedelta(years=1) - dt.timedelta(days=1))
    for n, address in enumerate(["j.smith.1974@example.org", "k.lowe@example.org"]):
        sign_up = Subscriber.objects.create(
            office=office, channel=Channel.EMAIL, address=address, status=SubscriberStatus.PENDING
        )
        Subscriber.objects.filter(pk=sign_up.pk).update(
            created_at=_at(today - dt.timedelta(days=7), 0, 1 + n)
        )


# The resident's phone number, from Ofcom's range for drama (never a real line).
DEMO_PHONE = "07700 900461"
PLAIN_EMAIL = re.compile(r"^([a-z]+)\.([a-z]+)@example\.org$")


def demo_person(office: Office) -> tuple[str, str]:
    """The resident the open request is about: the first precept respondent who left an email
    address like first.last@example.org, as (name, email)."""
    for email in (
        Response.objects.for_office(office)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    ):
        match = PLAIN_EMAIL.match(email)
        if match:
            return f"{match[1].capitalize()} {match[2].capitalize()}", email
    return "Sam Okafor", "sam.okafor@example.org"


def build_requests(office: Office, people: dict[str, User], today: dt.date) -> None:
    """The resident found in several apps and their open request; an answered one. Draws nothing
    at random, so the demo's other records stay as they were."""
    name, email = demo_person(office)
    phone = normalise_phone(DEMO_PHONE)
    areas = list(Area.objects.for_office(office).filter(kind=AreaKind.FORUM_AREA)[:1])
    for channel, address in ((Channel.EMAIL, email), (Channel.SMS, phone)):
        subscriber = messaging.subscribe(
            office,
            channel=channel,
            address=address,
            language="en",
            areas=areas,
            topics=Topic.APPEALS | Topic.ROAD_SAFETY,
            wording=messaging.consent_wording(),
            version=messaging.CONSENT_VERSION,
            source=messaging.SOURCE_WEB,
        )
        messaging.confirm_subscriber(subscriber)
    theme = ConcernTheme.objects.for_office(office).order_by("pk").first()
    if theme is not None:
        record_concern(
            office,
            summary="Cars race along the Leicester Road most nights after 11pm. I live at the "
            "corner and my children cannot sleep.",
            theme=theme,
            source=ConcernSource.CONTACT_FORM,
            raised_on=today - dt.timedelta(days=40),
            wants_reply=True,
            contact_name=name,
            contact_email=email,
            # As typed into the form: the search finds it in any spelling.
            contact_phone=DEMO_PHONE,
            by=None,
        )
    free = next((s.free for s in public_surgeries(office) if s.free), [])
    if free:
        surgeries.book_online(
            free[-1],
            name=name,
            email=email,
            phone=phone,
            topic="Speeding outside my house",
            wants_outcome=True,
            language="en-gb",
            key=secrets.token_urlsafe(32),
        )
    document = next((d for d in Document.objects.for_office(office) if d.is_open), None)
    if document is not None:
        comment = add_comment(
            document,
            text="Please say more about speeding in the villages.",
            name=name,
        )
        # Already approved, so the moderation queue keeps the publishing demo's two waiting.
        approve_comment(comment, by=people["officer"])

    handler = people["chief.executive"]
    services.record_request(
        office,
        by=handler,
        kind=RequestKind.ACCESS,
        requester_name=name,
        email=email,
        phone=DEMO_PHONE,
        received_on=today - dt.timedelta(days=24),
        notes="Asked by email for everything we hold. Identity checked against the address "
        "the alerts go to.",
    )
    received = today - relativedelta(months=3)
    answered = services.record_request(
        office,
        by=handler,
        kind=RequestKind.ACCESS,
        requester_name="Ruth Hale",
        email="ruth.hale@example.org",
        received_on=received,
        notes="Letter sent with the PDF by email.",
    )
    services.update_request(
        answered,
        by=handler,
        status=RequestStatus.COMPLETED,
        completed_on=received + dt.timedelta(days=19),
    )

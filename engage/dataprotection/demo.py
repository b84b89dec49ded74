"""The demo office's subject access requests: one open, about a resident who appears in several
apps (a consultation response, alert subscriptions, a concern, a surgery booking, a comment), and
one answered."""

from __future__ import annotations

import datetime as dt
import re
import secrets

from dateutil.relativedelta import relativedelta

from engage.accounts.models import User
from engage.consultations.models import Response
from engage.core.models import Office
from engage.dataprotection import services
from engage.dataprotection.models import RequestKind, RequestStatus
from engage.engagements.models import ConcernSource, ConcernTheme
from engage.engagements.queries.surgeries import public_surgeries
from engage.engagements.services import surgeries
from engage.engagements.services.concerns import record_concern
from engage.messaging import services as messaging
from engage.messaging.addresses import normalise_phone
from engage.messaging.models import Channel, Topic
from engage.places.models import Area, AreaKind
from engage.publishing.models import Document
from engage.publishing.services import add_comment

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
        add_comment(
            document,
            text="Please say more about speeding in the villages.",
            name=name,
        )

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

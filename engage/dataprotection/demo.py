"""The demo office's retention: a few records whose time is up, and last night's run in the log.

So that the Data Protection Officer's retention page (/data-protection/retention/) has something
to show: last night's run erased the contact details of two old messages; since then, three
messages from the contact form have reached a year with no reply and two alert sign-ups were
never confirmed within 7 days (due tonight); two partner contacts have not been touched for over
two years (due for review, every night until someone looks).
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from engage.accounts.models import User
from engage.core.models import Office
from engage.dataprotection.models import RetentionRun, Trigger
from engage.dataprotection.retention import apply_retention
from engage.engagements.models import Concern, ConcernSource, ConcernTheme
from engage.engagements.services.concerns import record_concern
from engage.messaging.models import Channel, Subscriber, SubscriberStatus
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

"""Named reads of consultations for other parts of Engage (the public site, open data)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from engage.consultations.models import Consultation, Status
from engage.core.models import Office

RECENT_DAYS = 365


def open_now(office: Office, today: dt.date | None = None) -> list[Consultation]:
    """Consultations taking responses today, closing soonest first."""
    today = today or timezone.localdate()
    shown = Consultation.objects.for_office(office).filter(status=Status.OPEN)
    found = [c for c in shown if c.is_accepting_responses(today)]
    return sorted(found, key=lambda c: (c.closes_on or dt.date.max, c.pk))


def recently_closed(office: Office, today: dt.date | None = None) -> list[Consultation]:
    """Consultations that closed in the past year, the latest first."""
    today = today or timezone.localdate()
    recent = today - dt.timedelta(days=RECENT_DAYS)
    shown = (
        Consultation.objects.for_office(office)
        .exclude(status=Status.DRAFT)
        .filter(closes_on__gte=recent, closes_on__lt=today)
        .order_by("-closes_on")
    )
    return [c for c in shown if not c.is_accepting_responses(today)]

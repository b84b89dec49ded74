"""Writes for concerns: the one way a concern enters Engage, from any source."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from engage.accounts.models import User
from engage.core.models import Office
from engage.engagements.models import Concern, ConcernStatus, ConcernTheme
from engage.places.models import Area

# The default taxonomy every office starts with; staff rename, add and retire themes.
DEFAULT_THEMES = [
    ("Anti-social behaviour", "Nuisance, noise, intimidation, groups gathering"),
    ("Burglary", "Homes, sheds and garages"),
    ("Drugs", "Dealing, use in public, county lines"),
    ("Road safety and speeding", "Speeding, parking, dangerous driving, off-road bikes"),
    ("Violence against women and girls", "Harassment, domestic abuse, safety at night"),
    ("Hate crime", "Crime and incidents motivated by prejudice"),
    ("Cyberbullying and online harm", "Bullying, scams and abuse online"),
    ("Rural crime", "Theft of machinery and livestock, hare coursing, fly-tipping"),
    ("Police visibility", "Seeing officers and PCSOs in the neighbourhood"),
    ("Response times", "101 and 999 call handling, attendance"),
    ("Knife crime and violence", "Weapons, serious violence"),
    ("Scams and fraud", "Doorstep, phone and online fraud"),
    ("Shoplifting and business crime", "Retail theft, attacks on shop workers"),
    ("Vehicle crime", "Theft of and from vehicles"),
    ("Other", "Anything that fits no other theme"),
]
# The theme of what arrives without one ("something else" on the contact form).
OTHER_THEME = "Other"


@transaction.atomic
def ensure_default_themes(office: Office, *, by: User | None = None) -> list[ConcernTheme]:
    """Give an office the default themes it does not have yet (by name). Safe to repeat."""
    existing = set(ConcernTheme.objects.for_office(office).values_list("name", flat=True))
    created = []
    for name, description in DEFAULT_THEMES:
        if name in existing:
            continue
        theme = ConcernTheme(office=office, name=name, description=description)
        theme._history_user = by  # type: ignore[attr-defined]
        theme.save()
        created.append(theme)
    return created


def fallback_theme(office: Office) -> ConcernTheme:
    """The office's "Other" theme, else its first theme in use; the default themes are made
    first if it has none in use. Staff re-theme what lands here."""
    themes = ConcernTheme.objects.for_office(office).filter(is_active=True)
    theme = themes.filter(name=OTHER_THEME).first() or themes.order_by("name").first()
    if theme is None:
        ensure_default_themes(office)
        theme = ConcernTheme.objects.for_office(office).get(name=OTHER_THEME)
    return theme


@transaction.atomic
def record_concern(
    office: Office,
    *,
    summary: str,
    theme: ConcernTheme,
    source: str,
    raised_on: dt.date,
    by: User | None,
    area: Area | None = None,
    people: int = 1,
    wants_reply: bool = False,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    language: str = "en-gb",
    **links: Any,
) -> Concern:
    """Record what people raised. `links` names where: activity, occurrence, forum_report, booking.

    Contact details are kept only with `wants_reply` (their agreement to hear what came of it);
    without it they are dropped. Side effects: one Concern and its history row.
    """
    if theme.office_id != office.pk or (area is not None and area.office_id != office.pk):
        raise ValueError("A concern's theme and area must belong to its office.")
    if not wants_reply:
        contact_name = contact_email = contact_phone = ""
    concern = Concern(
        office=office,
        summary=summary,
        theme=theme,
        source=source,
        raised_on=raised_on,
        area=area,
        people=people,
        wants_reply=wants_reply,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
        language=language,
        **links,
    )
    concern._history_user = by  # type: ignore[attr-defined]
    concern.save()
    return concern


@transaction.atomic
def set_concern_status(concern: Concern, status: str, *, by: User | None) -> Concern:
    concern.status = ConcernStatus(status)
    concern._history_user = by  # type: ignore[attr-defined]
    concern.save()
    return concern

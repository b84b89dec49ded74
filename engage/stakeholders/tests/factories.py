"""Plain builders for partners; every value a test does not set is an ordinary one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from engage.stakeholders.models import Category, Contact, Interaction, InteractionKind, Organisation


def organisation(office, name: str = "Rugby Borough Council", **fields: Any) -> Organisation:
    fields.setdefault("category", Category.COUNCILS)
    return Organisation.objects.create(office=office, name=name, **fields)


def contact(org: Organisation, name: str = "Jo Marsh", **fields: Any) -> Contact:
    return Contact.objects.create(office=org.office, organisation=org, name=name, **fields)


def interaction(org: Organisation, date: dt.date, **fields: Any) -> Interaction:
    fields.setdefault("kind", InteractionKind.MEETING)
    fields.setdefault("summary", "Talked about the autumn community forum.")
    return Interaction.objects.create(office=org.office, organisation=org, date=date, **fields)

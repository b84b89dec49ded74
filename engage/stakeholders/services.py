"""Every change to partners, their contacts and the interaction log.

Each function runs in one transaction and records who made the change in the audit trail
(simple-history reads `_history_user`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from engage.accounts.models import User
from engage.core.models import Office
from engage.places.models import Area
from engage.stakeholders.models import Contact, Interaction, Organisation
from engage.stakeholders.spreadsheets import ImportPlan, ImportRefused, plan_import_file

ORGANISATION_FIELDS = frozenset(
    {
        "name",
        "category",
        "area",
        "relationship_owner",
        "email",
        "phone",
        "website",
        "address",
        "notes",
    }
)
CONTACT_FIELDS = frozenset({"name", "role", "email", "phone"})


def _apply(obj: Any, allowed: frozenset[str], changes: dict[str, Any]) -> bool:
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"Cannot change {', '.join(sorted(unknown))} here.")
    changed = False
    for name, value in changes.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


@transaction.atomic
def create_organisation(
    office: Office,
    *,
    by: User | None,
    name: str,
    category: str,
    area: Area | None = None,
    relationship_owner: User | None = None,
    email: str = "",
    phone: str = "",
    website: str = "",
    address: str = "",
    notes: str = "",
) -> Organisation:
    """Add a partner organisation to the office. Side effects: one history row."""
    organisation = Organisation(
        office=office,
        name=name,
        category=category,
        area=area,
        relationship_owner=relationship_owner,
        email=email,
        phone=phone,
        website=website,
        address=address,
        notes=notes,
    )
    organisation._history_user = by  # type: ignore[attr-defined]
    organisation.save()
    return organisation


@transaction.atomic
def update_organisation(
    organisation: Organisation, *, by: User | None, **changes: Any
) -> Organisation:
    """Change an organisation's fields (ORGANISATION_FIELDS). Saves only if something changed."""
    if _apply(organisation, ORGANISATION_FIELDS, changes):
        organisation._history_user = by  # type: ignore[attr-defined]
        organisation.save()
    return organisation


@transaction.atomic
def add_contact(
    organisation: Organisation,
    *,
    by: User | None,
    name: str,
    role: str = "",
    email: str = "",
    phone: str = "",
) -> Contact:
    """Add a person at a partner organisation. Side effects: one history row."""
    contact = Contact(
        office_id=organisation.office_id,
        organisation=organisation,
        name=name,
        role=role,
        email=email,
        phone=phone,
    )
    contact._history_user = by  # type: ignore[attr-defined]
    contact.save()
    return contact


@transaction.atomic
def update_contact(contact: Contact, *, by: User | None, **changes: Any) -> Contact:
    """Change a contact's name, role, email or phone. Saves only if something changed."""
    if _apply(contact, CONTACT_FIELDS, changes):
        contact._history_user = by  # type: ignore[attr-defined]
        contact.save()
    return contact


@transaction.atomic
def log_interaction(
    organisation: Organisation,
    *,
    by: User | None,
    date: dt.date,
    kind: str,
    summary: str,
    opcc_people: Iterable[User] = (),
    contact: Contact | None = None,
    follow_up: str = "",
    follow_up_due: dt.date | None = None,
) -> Interaction:
    """Record a meeting, call, email or visit with a partner, and any follow-up it needs.

    Side effects: history rows for the interaction and for who from the OPCC took part.
    """
    if contact is not None and contact.organisation_id != organisation.pk:
        raise ValueError("The contact belongs to another organisation.")
    interaction = Interaction(
        office_id=organisation.office_id,
        organisation=organisation,
        contact=contact,
        date=date,
        kind=kind,
        summary=summary,
        follow_up=follow_up,
        follow_up_due=follow_up_due if follow_up else None,
    )
    interaction._history_user = by  # type: ignore[attr-defined]
    interaction.save()
    interaction.opcc_people.set(list(opcc_people))
    return interaction


@transaction.atomic
def complete_follow_up(
    interaction: Interaction, *, by: User | None, on: dt.date | None = None
) -> Interaction:
    """Mark an interaction's follow-up as done (today unless `on` is given)."""
    if interaction.follow_up_done_on is None:
        interaction.follow_up_done_on = on or timezone.localdate()
        interaction._history_user = by  # type: ignore[attr-defined]
        interaction.save()
    return interaction


@dataclass
class ImportResult:
    organisations_added: int = 0
    organisations_updated: int = 0
    contacts_added: int = 0
    contacts_updated: int = 0


def import_organisations(
    office: Office, content: bytes, filename: str, *, by: User | None
) -> ImportResult:
    """Import a stakeholder CSV or XLSX (the export layout): all rows, or none.

    Rows are matched to organisations by name within the office, and contacts by name within
    their organisation, so importing the same file again changes nothing. Nothing is deleted.
    Raises ImportRefused, with the plan and its row-numbered messages, if any row has an error.
    Side effects: history rows for every organisation and contact added or changed.
    """
    result = ImportResult()
    with transaction.atomic():
        # Checked again here, inside the transaction, in case records changed since the preview.
        plan: ImportPlan = plan_import_file(office, content, filename)
        if not plan.can_import:
            raise ImportRefused(plan)
        organisations: dict[str, Organisation] = {}
        for row in plan.rows:
            if row.is_first:
                if row.existing is None:
                    organisations[row.key] = create_organisation(office, by=by, **row.organisation)
                    result.organisations_added += 1
                else:
                    if row.organisation_changed:
                        update_organisation(row.existing, by=by, **row.organisation)
                        result.organisations_updated += 1
                    organisations[row.key] = row.existing
            if row.contact is None:
                continue
            if row.existing_contact is None:
                add_contact(organisations[row.key], by=by, **row.contact)
                result.contacts_added += 1
            elif row.contact_changed:
                update_contact(row.existing_contact, by=by, **row.contact)
                result.contacts_updated += 1
    return result


__all__ = [
    "ImportRefused",
    "ImportResult",
    "add_contact",
    "complete_follow_up",
    "create_organisation",
    "import_organisations",
    "log_interaction",
    "update_contact",
    "update_organisation",
]

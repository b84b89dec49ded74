"""Reads of the office's partners: the filtered list, one organisation's page, the pickers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db.models import Count, Exists, Max, Min, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from engage.core.models import Office
from engage.stakeholders.models import Contact, Interaction, Organisation

# How far ahead "follow-up due" looks: what needs doing this week, and anything overdue.
DUE_WITHIN = dt.timedelta(days=7)

FOLLOW_UP_OPEN = "open"
FOLLOW_UP_DUE = "due"
FOLLOW_UP_OVERDUE = "overdue"


def _open_follow_ups(prefix: str = "") -> Q:
    return ~Q(**{f"{prefix}follow_up": ""}) & Q(**{f"{prefix}follow_up_done_on__isnull": True})


def organisations_for(
    office: Office, filters: Mapping[str, Any] | None = None, *, today: dt.date | None = None
) -> QuerySet[Organisation]:
    """The office's organisations, searched and filtered, each with its last interaction date.

    Filters (all optional): `q` searches names, contacts' names and notes; `category`; `area`
    (also matches areas within it); `relationship_owner`; `follow_up` is "open", "due" (an open
    follow-up due within a week, or overdue) or "overdue".
    Annotations: `last_interaction` (date), `open_follow_ups`, `overdue_follow_ups` (counts),
    `next_follow_up_due` (date).
    """
    filters = filters or {}
    today = today or timezone.localdate()
    organisations = Organisation.objects.for_office(office).select_related(
        "area", "relationship_owner"
    )

    query = " ".join(str(filters.get("q") or "").split())
    if query:
        contact_matches = Contact.objects.filter(organisation=OuterRef("pk"), name__icontains=query)
        organisations = organisations.filter(
            Q(name__icontains=query) | Q(notes__icontains=query) | Exists(contact_matches)
        )
    if filters.get("category"):
        organisations = organisations.filter(category=filters["category"])
    if filters.get("area"):
        area = filters["area"]
        organisations = organisations.filter(Q(area=area) | Q(area__parent=area))
    if filters.get("relationship_owner"):
        organisations = organisations.filter(relationship_owner=filters["relationship_owner"])

    follow_up = filters.get("follow_up")
    if follow_up in (FOLLOW_UP_OPEN, FOLLOW_UP_DUE, FOLLOW_UP_OVERDUE):
        wanted = Interaction.objects.filter(_open_follow_ups(), organisation=OuterRef("pk"))
        if follow_up == FOLLOW_UP_DUE:
            wanted = wanted.filter(follow_up_due__lte=today + DUE_WITHIN)
        elif follow_up == FOLLOW_UP_OVERDUE:
            wanted = wanted.filter(follow_up_due__lt=today)
        organisations = organisations.filter(Exists(wanted))

    open_q = _open_follow_ups("interactions__")
    return organisations.annotate(
        last_interaction=Max("interactions__date"),
        open_follow_ups=Count("interactions", filter=open_q),
        overdue_follow_ups=Count(
            "interactions", filter=open_q & Q(interactions__follow_up_due__lt=today)
        ),
        next_follow_up_due=Min("interactions__follow_up_due", filter=open_q),
    ).order_by("name")


def organisations_with_details(office: Office) -> QuerySet[Organisation]:
    """Organisations with everything their page shows (contacts, interactions, meetings)."""
    interactions = Interaction.objects.select_related("contact").prefetch_related("opcc_people")
    return (
        Organisation.objects.for_office(office)
        .select_related("area", "relationship_owner")
        .prefetch_related(
            "contacts",
            Prefetch("interactions", queryset=interactions.order_by("-date", "-pk")),
            "meeting_series",
        )
    )


def contacts_of(organisation: Organisation) -> QuerySet[Contact]:
    return Contact.objects.filter(organisation=organisation).order_by("name")


def open_follow_ups(office: Office) -> QuerySet[Interaction]:
    """Every follow-up not yet done in the office, soonest due first, for dashboards."""
    return (
        Interaction.objects.for_office(office)
        .filter(_open_follow_ups())
        .select_related("organisation")
        .order_by("follow_up_due", "date")
    )

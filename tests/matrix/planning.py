"""The 12-month plan and the gap analysis (issue 7, parts 1 and 2): every member sees them; the
staff who attend and record activities change the plan."""

from __future__ import annotations

from django.utils import timezone

from engage.accounts.models import Role
from engage.planning import services

R = Role
EVERYONE = set(Role.values)
ATTENDERS = {R.ADMIN, R.CHIEF_EXECUTIVE, R.OFFICER, R.COMMISSIONER, R.DEPUTY}

MATRIX: dict[str, set[str]] = {
    "planning.view_plan": EVERYONE,
    "planning.change_plan": ATTENDERS,
}

VIEW, CHANGE, ITEM = "planning.view_plan", "planning.change_plan", "planning:item"
URLS: dict[str, tuple[str, str | None, str]] = {
    "planning:plan": (VIEW, None, "get"),
    "planning:actual": (VIEW, None, "get"),
    "planning:gaps": (VIEW, None, "get"),
    "planning:item": (VIEW, ITEM, "get"),
    "planning:add": (CHANGE, None, "get"),
    "planning:plan_suggestion": (CHANGE, None, "post"),
    "planning:edit": (CHANGE, ITEM, "get"),
    "planning:drop": (CHANGE, ITEM, "post"),
    "planning:restore": (CHANGE, ITEM, "post"),
    "planning:link": (CHANGE, ITEM, "get"),
    "planning:unlink": (CHANGE, ITEM, "post"),
}


def samples(office, officer, cast):
    item = services.create_plan_item(
        office,
        {
            "title": "Youth club visits in Nuneaton",
            "activity_type": "visit",
            "channel": "in_person",
            "month": services.next_month(timezone.localdate()),
            "audiences": ["young_people"],
            "purpose": "Hear from young people, whom we have not reached this year.",
        },
        by=officer,
    )
    return {ITEM: {"pk": item.pk}}

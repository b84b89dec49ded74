"""Subject access and erasure (issue 8, part 3): finding a person, their requests, the exports
and erasing. The administrators and the Chief Executive only, who answer for the office's data."""

from __future__ import annotations

import datetime as dt

from engage.accounts.models import Role
from engage.dataprotection import services

R = Role
GUARDIANS = {R.ADMIN, R.CHIEF_EXECUTIVE}

MATRIX: dict[str, set[str]] = {
    "dataprotection.find_person": GUARDIANS,
    "dataprotection.manage_requests": GUARDIANS,
    "dataprotection.erase_person": GUARDIANS,
}

FIND = "dataprotection.find_person"
MANAGE = "dataprotection.manage_requests"
URLS: dict[str, tuple[str, str | None, str]] = {
    "dataprotection:find": (FIND, None, "get"),
    "dataprotection:person": (FIND, None, "get"),
    "dataprotection:person_json": (FIND, None, "get"),
    "dataprotection:person_pdf": (FIND, None, "get"),
    "dataprotection:erase": ("dataprotection.erase_person", None, "get"),
    "dataprotection:requests": (MANAGE, None, "get"),
    "dataprotection:request_create": (MANAGE, None, "get"),
    "dataprotection:request": (MANAGE, "dataprotection:request", "get"),
    "dataprotection:request_search": (FIND, "dataprotection:request", "post"),
}


def samples(office, officer, cast):
    request = services.record_request(
        office,
        by=cast[R.ADMIN],
        requester_name="Jo Bloggs",
        email="jo.bloggs@example.org",
        received_on=dt.date(2026, 1, 31),
    )
    return {"dataprotection:request": {"pk": request.pk}}

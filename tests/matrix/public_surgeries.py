"""Public surgery booking and contacting the Commissioner (issue 6): open to anyone. The link to
change or cancel a booking is its own key (a signed token); no staff URL is added."""

from __future__ import annotations

MATRIX: dict[str, set[str]] = {}
URLS: dict[str, tuple[str, str | None, str]] = {}
PUBLIC = {
    "engagements:public_surgeries",
    "engagements:public_book",
    "engagements:public_book_check",
    "engagements:public_booked",
    "engagements:public_booking",
    "engagements:public_booking_change",
    "engagements:public_booking_cancel",
    "engagements:public_booking_ics",
    "engagements:public_contact",
    "engagements:public_contact_thanks",
}


def samples(office, officer, cast):
    return {}

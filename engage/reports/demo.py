"""What the reports need in the demo office beyond core.demo's year of visits and events: the
engagement that is not in person (a live Q&A online, radio phone-ins, a newspaper column, social
media campaigns, a phone surgery), so the dashboard's "by channel" chart and the reports' "what
worked" have more than one channel to compare.

Called by core.demo as `build_reports(office, people, today, rng)` after the engagement record.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from engage.accounts.models import User
from engage.core.models import Office
from engage.engagements.services import activities
from engage.meetings import services as meetings
from engage.places.models import Area

# (weeks ago, title, type, channel, people reached from–to, staff hours, cost, lead)
OTHER_CHANNELS = [
    (50, "Facebook Live: ask the Commissioner", "public_meeting", "online", (60, 150), 3, "0", "commissioner"),
    (44, "BBC CWR phone-in on rural crime", "media_interview", "broadcast", (2000, 5000), 2, "0", "commissioner"),
    (38, "Summer rural crime campaign on social media", "social_media", "social_media", (3000, 8000), 12, "350", "officer"),
    (33, "Column in the Leamington Courier: the precept explained", "media_interview", "print", (1500, 3000), 2, "0", "deputy"),
    (27, "Phone surgery with the Deputy Commissioner", "surgery", "phone", (6, 10), 3, "0", "deputy"),
    (22, "Facebook Live: your questions on the precept", "public_meeting", "online", (80, 200), 3, "0", "commissioner"),
    (16, "Radio interview on violence against women and girls", "media_interview", "broadcast", (2000, 4000), 1, "0", "commissioner"),
    (11, "Winter scams awareness campaign on social media", "social_media", "social_media", (4000, 9000), 10, "250", "officer"),
    (6, "Online meeting with the youth independent advisory group", "iag_meeting", "online", (10, 20), 2, "0", "officer"),
    (3, "Phone surgery with the Commissioner", "surgery", "phone", (5, 9), 3, "0", "commissioner"),
]  # fmt: skip


def build_reports(
    office: Office, people: dict[str, User], today: dt.date, rng: random.Random
) -> None:
    """The demo's engagement by other channels over the last year. Side effects: ten
    activities (and their history), each in a district, none in the public diary."""
    districts = list(Area.objects.for_office(office).districts().order_by("name"))
    for weeks, title, kind, channel, (low, high), hours, cost, lead in OTHER_CHANNELS:
        day = today - dt.timedelta(weeks=weeks) + dt.timedelta(days=rng.randint(0, 4))
        start = meetings.local_datetime(day, dt.time(rng.choice([12, 18, 19]), 0))
        activities.create_activity(
            office,
            {
                "title": title,
                "type": kind,
                "channel": channel,
                "starts_at": start,
                "ends_at": start + dt.timedelta(hours=1),
                "area": rng.choice(districts) if districts else None,
                "objectives": ["inform", "consult"],
                "people_reached": rng.randint(low, high),
                "staff_hours": Decimal(str(hours)),
                "cost": Decimal(cost),
                "lead": people[lead],
                "opcc_attendees": [people[lead]],
            },
            {},
            by=people["officer"],
        )

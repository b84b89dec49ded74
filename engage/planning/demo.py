"""The demo office's engagement plan: the next 12 months (about 25 items), three of them
accepted from the gap analysis' suggestions; and the last few months' items, most delivered by
activities already logged, two slipped and one dropped.

Items in past months are added as they were then (the service is told that day was "today"),
so nothing here goes around the rule that an item cannot be added to a month that has passed.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from engage.accounts.models import User
from engage.core.models import Office
from engage.engagements.models import Activity, ActivityType, Audience, Channel
from engage.places.models import Area, AreaKind
from engage.planning import services
from engage.planning.gaps import gap_analysis, suggestions

# (month from now, title, type, channel, audiences, budget, purpose)
AHEAD = [
    (0, "Precept consultation roadshow: town centres", ActivityType.PUBLIC_MEETING, Channel.IN_PERSON, [Audience.GENERAL_PUBLIC], 1200, "Stalls in each town centre while the precept consultation is open."),
    (0, "Precept consultation: social media campaign", ActivityType.SOCIAL_MEDIA, Channel.SOCIAL_MEDIA, [Audience.GENERAL_PUBLIC, Audience.YOUNG_PEOPLE], 600, "Paid posts to reach people who do not come to meetings."),
    (1, "Commissioner's question time on local radio", ActivityType.MEDIA_INTERVIEW, Channel.BROADCAST, [Audience.GENERAL_PUBLIC, Audience.OLDER_PEOPLE], 0, "An hour of listeners' questions, for people who are not online."),
    (1, "Farm watch evening with the rural crime team", ActivityType.PUBLIC_MEETING, Channel.IN_PERSON, [Audience.RURAL], 250, "Rural theft and hare coursing: what residents see and what happens next."),
    (2, "Business crime breakfast", ActivityType.EVENT, Channel.IN_PERSON, [Audience.BUSINESSES], 400, "Shop theft and abuse of staff, with the Chamber of Commerce."),
    (2, "Disability independent advisory group", ActivityType.IAG_MEETING, Channel.IN_PERSON, [Audience.DISABLED_PEOPLE], 150, "Access to the police and to the Commissioner's meetings."),
    (3, "Youth council: safety on the way home", ActivityType.YOUTH_COUNCIL, Channel.IN_PERSON, [Audience.YOUNG_PEOPLE], 200, "Hear from young people, with the youth service."),
    (3, "Victims' voice session with Victim Support", ActivityType.EVENT, Channel.IN_PERSON, [Audience.VICTIMS], 300, "How victims were kept informed, in their words."),
    (4, "Faith leaders' forum", ActivityType.PUBLIC_MEETING, Channel.IN_PERSON, [Audience.FAITH_GROUPS, Audience.ETHNIC_MINORITIES], 180, "Hate crime and community tension, twice a year."),
    (4, "Online question time on policing priorities", ActivityType.PUBLIC_MEETING, Channel.ONLINE, [Audience.GENERAL_PUBLIC], 0, "An evening meeting for people who work in the day."),
    (5, "Older people's lunch clubs: scams awareness", ActivityType.VISIT, Channel.IN_PERSON, [Audience.OLDER_PEOPLE], 120, "With the fraud team and Age UK."),
    (5, "Students' welcome fair stall", ActivityType.EVENT, Channel.IN_PERSON, [Audience.STUDENTS, Audience.YOUNG_PEOPLE], 150, "Safety at night and how to report."),
    (6, "Gypsy, Roma and Traveller site visits", ActivityType.VISIT, Channel.IN_PERSON, [Audience.GYPSY_ROMA_TRAVELLER], 100, "With the council's liaison officer."),
    (7, "Summer festival stand", ActivityType.EVENT, Channel.IN_PERSON, [Audience.GENERAL_PUBLIC, Audience.YOUNG_PEOPLE], 800, "The Commissioner and ambassadors at the county show."),
    (8, "Women's safety walk and talk", ActivityType.PUBLIC_MEETING, Channel.IN_PERSON, [Audience.WOMEN_AND_GIRLS], 200, "Routes that feel unsafe after dark."),
    (9, "LGBT+ independent advisory group", ActivityType.IAG_MEETING, Channel.ONLINE, [Audience.LGBT], 0, "Confidence in reporting hate crime."),
    (10, "Road safety survey: social media campaign", ActivityType.SOCIAL_MEDIA, Channel.SOCIAL_MEDIA, [Audience.GENERAL_PUBLIC], 350, "Speeding hot spots residents want enforced."),
    (11, "Annual report roadshow", ActivityType.PUBLIC_MEETING, Channel.IN_PERSON, [Audience.GENERAL_PUBLIC, Audience.PARTNERS], 700, "What people said this year and what the Commissioner did about it."),
    (11, "Youth council: what changed since last year", ActivityType.YOUTH_COUNCIL, Channel.IN_PERSON, [Audience.YOUNG_PEOPLE], 200, "Tell young people what came of what they said."),
]  # fmt: skip

SLIPPED = [
    (2, "Parish councils' rural crime briefing", ActivityType.PUBLIC_MEETING, Channel.IN_PERSON, [Audience.RURAL], 150),
    (1, "Mosque open day with the neighbourhood team", ActivityType.VISIT, Channel.IN_PERSON, [Audience.FAITH_GROUPS, Audience.ETHNIC_MINORITIES], 100),
]  # fmt: skip


def _areas(office: Office) -> list[Area]:
    return list(
        Area.objects.for_office(office)
        .filter(kind__in=[AreaKind.DISTRICT, AreaKind.FORUM_AREA])
        .order_by("kind", "name")
    )


def build_planning(
    office: Office, people: dict[str, User], today: dt.date, rng: random.Random
) -> None:
    """The plan for the next 12 months, the last five months' delivered, slipped and dropped
    items, and three items accepted from the gap analysis' suggestions."""
    officer = people.get("officer")
    owners = [p for p in (officer, people.get("research"), people.get("chief.executive")) if p]
    areas = _areas(office)
    districts = [a for a in areas if a.kind == AreaKind.DISTRICT]
    this_month = today.replace(day=1)

    # The last five months: an item for an activity that was logged, linked as delivered.
    for back in range(5, 0, -1):
        month = this_month - relativedelta(months=back)
        tz = timezone.get_current_timezone()
        logged = (
            Activity.objects.for_office(office)
            .filter(
                starts_at__gte=dt.datetime.combine(month, dt.time.min, tzinfo=tz),
                starts_at__lt=dt.datetime.combine(
                    month + relativedelta(months=1), dt.time.min, tzinfo=tz
                ),
            )
            .order_by("starts_at")
            .first()
        )
        if logged is None:
            continue
        item = services.create_plan_item(
            office,
            {
                "title": logged.title,
                "activity_type": logged.type,
                "channel": logged.channel,
                "area": logged.area,
                "audiences": [a.audience for a in logged.audiences.all()],
                "month": month,
                "owner": rng.choice(owners) if owners else None,
                "budget": logged.cost,
                "purpose": logged.outcome[:200],
            },
            by=officer,
            today=month - relativedelta(months=2),
        )
        services.link_activity(item, logged, by=officer)
    for back, title, kind, channel, audiences, budget in SLIPPED:
        month = this_month - relativedelta(months=back)
        services.create_plan_item(
            office,
            {
                "title": title,
                "activity_type": kind,
                "channel": channel,
                "area": rng.choice(districts) if districts else None,
                "audiences": audiences,
                "month": month,
                "owner": officer,
                "budget": Decimal(budget),
            },
            by=officer,
            today=month - relativedelta(months=3),
        )
    dropped_month = this_month - relativedelta(months=3)
    dropped = services.create_plan_item(
        office,
        {
            "title": "Neighbourhood watch coordinators' conference",
            "activity_type": ActivityType.EVENT,
            "channel": Channel.IN_PERSON,
            "audiences": [Audience.GENERAL_PUBLIC],
            "month": dropped_month,
            "owner": officer,
            "budget": Decimal(900),
            "purpose": "Replaced by the force's own event.",
        },
        by=officer,
        today=dropped_month - relativedelta(months=4),
    )
    services.drop_plan_item(dropped, by=officer)

    # The next 12 months.
    for ahead, title, kind, channel, audiences, budget, purpose in AHEAD:
        services.create_plan_item(
            office,
            {
                "title": title,
                "activity_type": kind,
                "channel": channel,
                "area": rng.choice(areas) if areas and rng.random() < 0.7 else None,
                "audiences": audiences,
                "month": this_month + relativedelta(months=ahead),
                "owner": rng.choice(owners) if owners else None,
                "budget": Decimal(budget),
                "purpose": purpose,
            },
            by=officer,
            today=today,
        )

    # Three of the gap analysis' suggestions, accepted as they stand (next month).
    analysis = gap_analysis(office, end=today)
    for suggestion in suggestions(analysis, n=3):
        item = services.plan_suggestion(
            office, suggestion, by=people.get("chief.executive") or officer, today=today
        )
        item.budget = Decimal(rng.choice([150, 250, 400]))
        services.update_plan_item(item, {"budget": item.budget}, by=officer)

"""The demo office's evaluation: a year of social media posts in five campaigns, imported through
the real import from CSV text in each platform's export layout, a campaign activity beside its
posts, and forum feedback so that one recurring forum is flagged for review and another is not.

Called by engage/core/demo.py once the rest of the demo office (forums, reports, activities)
exists. Sample exports in each layout are kept under demo_data/ (the tests read them too).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from decimal import Decimal

from django.utils import timezone

from engage.accounts.models import User
from engage.core.models import Office
from engage.engagements.models import Activity, ActivityType, Channel
from engage.engagements.services import activities
from engage.evaluation import services
from engage.meetings import forums
from engage.meetings import services as meetings
from engage.meetings.models import AmbassadorAssignment, MeetingSeries, Occurrence, OccurrenceStatus
from engage.places.models import Area

# The column rows of each platform's export, as the platform writes them.
FACEBOOK_HEADER = [
    "Post ID", "Page ID", "Page name", "Title", "Description", "Duration (sec)", "Publish time",
    "Caption type", "Permalink", "Is crosspost", "Is share", "Post type", "Languages",
    "Custom labels", "Funded content status", "Data comment", "Date", "Views", "Reach",
    "Reactions, Comments and Shares", "Reactions", "Comments", "Shares", "Total clicks",
    "Link Clicks", "Other Clicks",
]  # fmt: skip
INSTAGRAM_HEADER = [
    "Post ID", "Account ID", "Account username", "Account name", "Description",
    "Duration (sec)", "Publish time", "Permalink", "Post type", "Data comment", "Date", "Views",
    "Reach", "Likes", "Shares", "Follows", "Comments", "Saves",
]  # fmt: skip
X_HEADER = [
    "Post id", "Date", "Post text", "Post Link", "Impressions", "Likes", "Engagements",
    "Bookmarks", "Shares", "New follows", "Replies", "Reposts", "Profile visits",
    "Detail Expands", "URL Clicks", "Hashtag Clicks", "Permalink Clicks",
]  # fmt: skip

PAGE_ID = "104385729103746"
PAGE_NAME = "Warwickshire Police and Crime Commissioner"
IG_ACCOUNT = ("17841402938475610", "warwickshirepcc", "Warwickshire PCC")
X_HANDLE = "WarksPCC"

# (name, hashtags, description, days ago the campaign ran: from, to, posts a day's weight)
CAMPAIGNS = [
    (
        "Precept 2027/28 consultation",
        ["PreceptSurvey", "HaveYourSayPrecept"],
        "How much should council tax pay towards policing next year? The survey and its reminders.",
        (0, 45),
    ),
    (
        "Rural crime week",
        ["RuralCrimeWeek"],
        "A week on farm thefts, hare coursing and fly-tipping with the rural crime team.",
        (60, 68),
    ),
    (
        "Knife crime awareness",
        ["KnifeCrimeAwareness", "OpSceptre"],
        "Operation Sceptre weeks: knife amnesty bins, school talks and the youth diversion fund.",
        (190, 198),
    ),
    (
        "Have your say on the police and crime plan",
        ["PoliceAndCrimePlan"],
        "Residents' priorities for the Commissioner's police and crime plan.",
        (250, 300),
    ),
    (
        "Scams awareness",
        ["ScamAware"],
        "Doorstep and phone scams, with Trading Standards.",
        (120, 127),
    ),
]
CAMPAIGN_TEXTS = {
    "Precept 2027/28 consultation": [
        "How much should you pay towards policing in Warwickshire next year? Tell the Commissioner in our short survey. #PreceptSurvey",
        "Five minutes to shape next year's policing budget. The survey closes soon. #HaveYourSayPrecept",
        "Paper copies of the precept survey are in every library in the county. #PreceptSurvey",
        "Thank you to the 1,000 people who have already answered. Have you? #PreceptSurvey",
    ],
    "Rural crime week": [
        "It's #RuralCrimeWeek. Our rural crime team is at markets across the county all week.",
        "Quad bike stolen? Mark it, lock it, track it. Advice from the rural crime team. #RuralCrimeWeek",
        "Hare coursing is a crime. Call 999 if it is happening now. #RuralCrimeWeek",
    ],
    "Knife crime awareness": [
        "Knife amnesty bins are open at every police station this week. #OpSceptre",
        "Our youth diversion fund is paying for sessions in schools on the risks of carrying a knife. #KnifeCrimeAwareness",
        "Carrying a knife makes no one safer. Talk to the young people in your life. #KnifeCrimeAwareness",
    ],
    "Have your say on the police and crime plan": [
        "What should Warwickshire Police focus on for the next four years? #PoliceAndCrimePlan",
        "The Commissioner is at the Rugby drop-in today to hear your priorities. #PoliceAndCrimePlan",
        "Last week to tell us your priorities for the plan. #PoliceAndCrimePlan",
    ],
    "Scams awareness": [
        "A caller says they are from your bank and asks you to move money? Hang up. #ScamAware",
        "Doorstep traders asking for cash up front: say no and call Trading Standards. #ScamAware",
    ],
}
EVERYDAY_TEXTS = [
    "The Commissioner met the neighbourhood team in Nuneaton today to hear about their work.",
    "Our community forums meet this month: find yours on our website.",
    "Funding for victims' services: the Commissioner has awarded grants to four local charities.",
    "Report a crime online, call 101, or 999 in an emergency.",
    "Read the Commissioner's latest decisions on our website.",
    "Meet the Commissioner at a surgery near you: book a slot online.",
    "The Police and Crime Panel meets on Thursday; the papers are online.",
    "Road safety week: the Commissioner joined a speed check in Southam.",
]
PLATFORM_POSTS = {"facebook": 62, "x": 55, "instagram": 36}

# The forum flagged for review, and one whose feedback is good.
FLAGGED_FORUM = "Bilton and Overslade"
GOOD_FORUM = "Rugby Town Centre"
EARLIER_ATTENDANCE = [34, 31, 29, 36, 33, 30]
RECENT_ATTENDANCE = [23, 15, 9]
POOR_RATINGS = [[2, 3, 2, 2, 3], [3, 2, 2, 3], [2, 2, 3, 2, 3]]  # 34 of 70 over 14: 2.4
GOOD_RATINGS = [4, 5, 4, 5, 5, 4, 3, 5]


def _posts(today: dt.date, rng: random.Random, platform: str) -> list[dict[str, object]]:
    """A year of one platform's posts: campaign posts in each campaign's weeks, others between."""
    posts = []
    for n in range(PLATFORM_POSTS[platform]):
        campaign = None
        if rng.random() < 0.55:
            campaign = rng.choice(CAMPAIGNS)
            first, last = campaign[3]
            days_ago = rng.randint(first, last)
        else:
            days_ago = rng.randint(1, 364)
        when = dt.datetime.combine(
            today - dt.timedelta(days=days_ago),
            dt.time(rng.choice([8, 12, 17, 19]), rng.choice([0, 15, 30])),
        )
        text = rng.choice(CAMPAIGN_TEXTS[campaign[0]]) if campaign else rng.choice(EVERYDAY_TEXTS)
        boost = 2.2 if campaign else 1.0
        reach = int(rng.randint(300, 4000) * boost)
        views = int(reach * rng.uniform(1.2, 1.9))
        engagements = max(1, int(views * rng.uniform(0.01, 0.06)))
        clicks = int(views * rng.uniform(0.003, 0.02))
        posts.append(
            {
                "n": n, "when": when, "text": text, "reach": reach, "views": views,
                "engagements": engagements, "clicks": clicks,
            }
        )  # fmt: skip
    return sorted(posts, key=lambda p: p["when"], reverse=True)  # type: ignore[arg-type,return-value]


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


def facebook_csv(posts: list[dict[str, object]], rng: random.Random) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(FACEBOOK_HEADER)
    for p in posts:
        post_id = str(1000000000000000 + int(p["n"]) * 7919 + rng.randint(0, 999))  # type: ignore[call-overload]
        reactions, comments, shares = _split(int(p["engagements"]), 3, rng)  # type: ignore[call-overload]
        link = int(p["clicks"]) // 2  # type: ignore[call-overload]
        when: dt.datetime = p["when"]  # type: ignore[assignment]
        writer.writerow(
            [
                post_id, PAGE_ID, PAGE_NAME, "", p["text"], "", when.strftime("%m/%d/%Y %H:%M"),
                "N/A", f"https://www.facebook.com/{PAGE_ID}/posts/{post_id}", "No",
                "No", rng.choice(["Photos", "Links", "Text"]), "", "", "", "", "Lifetime",
                p["views"], p["reach"], p["engagements"], reactions, comments, shares,
                p["clicks"], link, int(p["clicks"]) - link,  # type: ignore[call-overload]
            ]
        )  # fmt: skip
    return out.getvalue()


def instagram_csv(posts: list[dict[str, object]], rng: random.Random) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(INSTAGRAM_HEADER)
    for p in posts:
        post_id = str(17900000000000000 + int(p["n"]) * 104729 + rng.randint(0, 9999))  # type: ignore[call-overload]
        likes, comments, shares, saves = _split(int(p["engagements"]), 4, rng)  # type: ignore[call-overload]
        code = "".join(
            rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")
            for _ in range(11)
        )
        when: dt.datetime = p["when"]  # type: ignore[assignment]
        writer.writerow(
            [
                post_id, *IG_ACCOUNT, p["text"], 0, when.strftime("%m/%d/%Y %H:%M"),
                f"https://www.instagram.com/p/{code}/", rng.choice(["IG image", "IG carousel", "IG reel"]),
                "", "Lifetime", p["views"], p["reach"], likes, shares, rng.randint(0, 3), comments, saves,
            ]
        )  # fmt: skip
    return out.getvalue()


def x_csv(posts: list[dict[str, object]], rng: random.Random) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(X_HEADER)
    for p in posts:
        post_id = str(1800000000000000000 + int(p["n"]) * 15485863 + rng.randint(0, 99999))  # type: ignore[call-overload]
        impressions = int(p["views"]) // 2  # type: ignore[call-overload]
        engagements = max(1, int(p["engagements"]) // 2)  # type: ignore[call-overload]
        likes, replies, reposts, other = _split(engagements, 4, rng)
        url_clicks = int(p["clicks"]) // 3  # type: ignore[call-overload]
        when: dt.datetime = p["when"]  # type: ignore[assignment]
        writer.writerow(
            [
                post_id, when.strftime("%a, %b %d, %Y"), p["text"],
                f"https://x.com/{X_HANDLE}/status/{post_id}", impressions, likes, engagements,
                rng.randint(0, 3), rng.randint(0, 2), rng.randint(0, 2), replies, reposts,
                rng.randint(0, 10), other, url_clicks, rng.randint(0, 3), rng.randint(0, 5),
            ]
        )  # fmt: skip
    return out.getvalue()


def _flag_forum(office: Office, people: dict[str, User], today: dt.date) -> None:
    """Bilton and Overslade's forum: attendance falling over its last three meetings and poor
    ratings from feedback forms there. Rugby Town Centre's: feedback good."""
    series = MeetingSeries.objects.for_office(office).filter(per_forum_area=True).first()
    if series is None:
        return
    officer = people["officer"]
    until = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    for name, ratings in ((FLAGGED_FORUM, POOR_RATINGS), (GOOD_FORUM, [GOOD_RATINGS])):
        area = Area.objects.for_office(office).forum_areas().filter(name=name).first()
        if area is None:
            continue
        held = list(
            Occurrence.objects.filter(series=series, area=area, starts_at__lt=until)
            .exclude(status=OccurrenceStatus.CANCELLED)
            .select_related("forum_report")
            .order_by("starts_at")
        )
        if name == FLAGGED_FORUM:
            # The year before the one generated: two more meetings, so the fall shows against
            # a longer run of earlier attendance.
            first = held[0].starts_at if held else until
            for months in (6, 3):
                held.insert(
                    0,
                    meetings.add_occurrence(
                        series,
                        starts_at=first - dt.timedelta(days=30 * months),
                        area=area,
                        location="Bilton Village Hall",
                        by=officer,
                    ),
                )
            held.sort(key=lambda o: o.starts_at)
            figures = (EARLIER_ATTENDANCE[: max(0, len(held) - 3)] + RECENT_ATTENDANCE)[
                -len(held) :
            ]
            assignment = (
                AmbassadorAssignment.objects.filter(area=area).select_related("ambassador").first()
            )
            ambassador = assignment.ambassador if assignment else officer
            for occurrence, attendance in zip(held[-len(figures) :], figures, strict=True):
                report = getattr(occurrence, "forum_report", None) if occurrence.pk else None
                if report is not None:
                    forums.update_forum_report(
                        report,
                        attendance=attendance,
                        good_practice=report.good_practice,
                        requests=report.requests,
                        by=ambassador,
                    )
                else:
                    forums.file_forum_report(
                        occurrence,
                        ambassador=ambassador,
                        attendance=attendance,
                        concerns=[],
                        good_practice="",
                        requests="",
                        by=ambassador,
                    )
        # Feedback forms handed out at the last meetings, logged as an activity for each.
        for occurrence, given in zip(held[-len(ratings) :], ratings, strict=False):
            activity = activities.create_activity(
                office,
                {
                    "title": f"{name} forum: feedback forms",
                    "type": ActivityType.FORUM,
                    "channel": Channel.IN_PERSON,
                    "starts_at": occurrence.starts_at,
                    "ends_at": occurrence.ends_at,
                    "location": occurrence.location,
                    "area": area,
                    "objectives": ["consult"],
                    "staff_hours": Decimal("2.5"),
                    "cost": Decimal("0"),
                    "lead": officer,
                    "opcc_attendees": [officer],
                    "occurrence": occurrence,
                    "outcome": "Residents rated the meeting on the feedback form.",
                },
                {},
                by=officer,
            )
            for rating in given:
                activities.record_feedback(activity, rating)


def _campaign_activity(office: Office, people: dict[str, User], today: dt.date) -> Activity:
    """The rural crime week, logged as a social media campaign: its cost and staff time (the
    posts carry the reach, so the number of people is left empty)."""
    start = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=68), dt.time(9, 0)))
    return activities.create_activity(
        office,
        {
            "title": "Rural crime week on social media",
            "type": ActivityType.SOCIAL_MEDIA,
            "channel": Channel.SOCIAL_MEDIA,
            "starts_at": start,
            "ends_at": start + dt.timedelta(days=8),
            "objectives": ["inform"],
            "staff_hours": Decimal("14"),
            "cost": Decimal("250.00"),
            "lead": people["officer"],
            "opcc_attendees": [people["officer"]],
            "outcome": "Boosted posts on Facebook and Instagram; videos with the rural crime team.",
        },
        {"rural": None},
        by=people["officer"],
    )


def build_evaluation(
    office: Office, people: dict[str, User], today: dt.date, rng: random.Random
) -> None:
    """Campaigns, a year of posts on Facebook, X and Instagram imported from their exports, a
    campaign activity, and forum feedback with one forum flagged for review."""
    officer = people["officer"]
    rural_activity = _campaign_activity(office, people, today)
    roadshows = list(
        Activity.objects.for_office(office).filter(title__startswith="Rural crime roadshow")[:2]
    )
    for name, hashtags, description, _days in CAMPAIGNS:
        services.create_campaign(
            office,
            by=officer,
            name=name,
            hashtags=hashtags,
            description=description,
            activities=[rural_activity, *roadshows] if name == "Rural crime week" else [],
        )
    exports = (
        ("facebook", facebook_csv, "Warwickshire-PCC-posts-Facebook.csv"),
        ("instagram", instagram_csv, "Warwickshire-PCC-posts-Instagram.csv"),
        (
            "x",
            x_csv,
            f"account_analytics_content_{today - dt.timedelta(days=364):%Y-%m-%d}_{today:%Y-%m-%d}.csv",
        ),
    )
    for platform, write, filename in exports:
        text = write(_posts(today, rng, platform), rng)
        services.import_posts(office, text.encode("utf-8"), filename, by=officer)
    _flag_forum(office, people, today)

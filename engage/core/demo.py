"""The demo office: a Warwickshire-like OPCC built from the real census files and seed 004.

The geography and populations are real (ONS Census 2021, in data/ons/); the office, its staff,
its partners' contacts and everything they did are invented. Dates are relative to today, so the
demo always has a year of history behind it and twelve months of schedule ahead.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from engage.accounts.models import Membership, Post, Role, User
from engage.consultations.demo import build_consultations, name_themes
from engage.consultations.models import Run, RunKind
from engage.consultations.tasks import perform_run
from engage.core.models import Office
from engage.decisions.demo import build_decisions
from engage.engagements.models import ComplaintThemeCount, Concern, ConcernStatus, ConcernTheme
from engage.engagements.services import activities, surgeries
from engage.engagements.services.concerns import ensure_default_themes, set_concern_status
from engage.meetings import forums, rota_services
from engage.meetings import services as meetings
from engage.meetings.models import ActionStatus, MeetingSeries, Occurrence, OccurrenceStatus
from engage.meetings.schedule_import import SEED_SCHEDULE, import_schedule, parse_schedule
from engage.messaging.demo import build_messaging
from engage.places import services as places
from engage.places.models import Area, AreaKind
from engage.stakeholders import services as stakeholders
from engage.stakeholders.models import Category, InteractionKind, Organisation

SLUG = "warwickshire-demo"
PASSWORD = "engage-demo-2026"
# The demo accounts' authenticator key: published, so anyone trying the demo can sign in (add it
# to an authenticator app, or run `manage.py demo_code`). Never used outside the demo office.
DEMO_TOTP_SECRET = "ENGAGEDEMOKEYFORTRYINGITOUT2FA23"
ONS = Path(settings.BASE_DIR) / "data" / "ons"
WARWICKSHIRE = "E23000017"

# Invented people. (email local part, first, last, role, post, job title)
STAFF = [
    (
        "commissioner",
        "Helen",
        "Marsh",
        Role.COMMISSIONER,
        Post.PCC,
        "Police and Crime Commissioner",
    ),
    ("deputy", "Kwame", "Asante", Role.DEPUTY, Post.DPCC, "Deputy Police and Crime Commissioner"),
    ("chief.executive", "Fiona", "Beaumont", Role.CHIEF_EXECUTIVE, Post.CEX, "Chief Executive"),
    ("officer", "Gareth", "Lloyd", Role.OFFICER, Post.POLICY_OFFICER, "Policy Support Officer"),
    ("analyst", "Mei", "Chen", Role.ANALYST, Post.OTHER, "Performance and Insight Analyst"),
    (
        "ambassador",
        "Doreen",
        "Whitfield",
        Role.AMBASSADOR,
        Post.AMBASSADOR,
        "Community Safety Ambassador",
    ),
    ("admin", "Raj", "Patel", Role.ADMIN, Post.OTHER, "Business Support Manager"),
    ("treasurer", "Alan", "Crossley", Role.OFFICER, Post.TREASURER, "Treasurer"),
    (
        "deputy.treasurer",
        "Sofia",
        "Rinaldi",
        Role.OFFICER,
        Post.DEPUTY_TREASURER,
        "Deputy Treasurer",
    ),
    (
        "research",
        "Owen",
        "Pritchard",
        Role.OFFICER,
        Post.RESEARCH_OFFICER,
        "Policy and Research Officer",
    ),
    (
        "csa.north",
        "Brian",
        "Hollins",
        Role.AMBASSADOR,
        Post.AMBASSADOR,
        "Community Safety Ambassador",
    ),
    (
        "csa.nuneaton",
        "Parveen",
        "Akhtar",
        Role.AMBASSADOR,
        Post.AMBASSADOR,
        "Community Safety Ambassador",
    ),
    (
        "csa.rugby",
        "Tomasz",
        "Nowak",
        Role.AMBASSADOR,
        Post.AMBASSADOR,
        "Community Safety Ambassador",
    ),
    (
        "csa.stratford",
        "Julia",
        "Fenwick",
        Role.AMBASSADOR,
        Post.AMBASSADOR,
        "Community Safety Ambassador",
    ),
]
LOGIN_ROLES = [
    "commissioner",
    "deputy",
    "chief.executive",
    "officer",
    "analyst",
    "ambassador",
    "admin",
]

# Community forum areas: real towns, an invented division of each district. The weights give each
# forum area's share of its district's population (figures are then derived from the census).
FORUM_AREAS = {
    "E07000218": [
        ("Atherstone and Mancetter", 3),
        ("Coleshill and Water Orton", 3),
        ("Polesworth and Dordon", 3),
        ("Hartshill and Ansley", 2),
        ("Arley and Fillongley", 2),
    ],
    "E07000219": [
        ("Nuneaton Town Centre", 3),
        ("Nuneaton North", 3),
        ("Nuneaton East", 3),
        ("Bedworth Central", 3),
        ("Bedworth West and Exhall", 2),
        ("Bulkington", 1),
    ],
    "E07000220": [
        ("Rugby Town Centre", 3),
        ("Brownsover and Newbold", 3),
        ("Bilton and Overslade", 3),
        ("Hillmorton", 2),
        ("Wolston and the Lawfords", 1),
        ("Dunchurch and Rugby Rural South", 1),
    ],
    "E07000221": [
        ("Stratford-upon-Avon Town", 4),
        ("Alcester", 2),
        ("Shipston-on-Stour", 2),
        ("Southam", 2),
        ("Wellesbourne", 2),
        ("Studley", 1),
        ("Henley-in-Arden", 1),
    ],
    "E07000222": [
        ("Warwick Town", 3),
        ("Leamington Spa North", 3),
        ("Leamington Spa South", 3),
        ("Kenilworth", 3),
        ("Whitnash", 1),
        ("Warwick Rural and Bishop's Tachbrook", 1),
    ],
}
AMBASSADOR_DISTRICT = {
    "csa.north": "E07000218",
    "csa.nuneaton": "E07000219",
    "csa.rugby": "E07000220",
    "csa.stratford": "E07000221",
    "ambassador": "E07000222",
}

# Partners: real kinds of organisation, invented contacts.
# (name, category, district code or "", contact name, contact role, series titles it sits on)
ORGANISATIONS = [
    (
        "Warwickshire Police and Crime Panel",
        Category.PUBLIC_ACCOUNTABILITY,
        "",
        "Jan Pryor",
        "Scrutiny Officer",
        ["Police and Crime Panel"],
    ),
    (
        "Warwickshire Police",
        Category.CRIMINAL_JUSTICE,
        "",
        "Ch Supt Elaine Moss",
        "Head of Local Policing",
        [
            "Meeting in Public PCC and Chief Constable",
            "Strategic IAG",
            "Area IAGs LGBT IAG Disability IAG",
        ],
    ),
    (
        "Warwickshire County Council",
        Category.COUNCILS,
        "",
        "Tom Ashby",
        "Community Safety Manager",
        [
            "Meeting with Leaders of WCC",
            "Strategic Director and Portfolio Holder Warwickshire County Council",
            "Safer and Stronger Partnership Board",
            "Health and Wellbeing Board",
            "Community Forums X 30",
        ],
    ),
    (
        "North Warwickshire Borough Council",
        Category.COUNCILS,
        "E07000218",
        "Karen Oduya",
        "Community Safety Officer",
        [
            "Community Safety Partnerships",
            "Meeting with CEx and Leader of 5 District / Borough Councils",
        ],
    ),
    (
        "Nuneaton and Bedworth Borough Council",
        Category.COUNCILS,
        "E07000219",
        "Steve Markham",
        "Head of Community Safety",
        [
            "Community Safety Partnerships",
            "Meeting with CEx and Leader of 5 District / Borough Councils",
        ],
    ),
    (
        "Rugby Borough Council",
        Category.COUNCILS,
        "E07000220",
        "Leanne Booth",
        "Community Safety Partnership Coordinator",
        [
            "Community Safety Partnerships",
            "Meeting with CEx and Leader of 5 District / Borough Councils",
        ],
    ),
    (
        "Stratford-on-Avon District Council",
        Category.COUNCILS,
        "E07000221",
        "Imogen Hale",
        "Safer Communities Manager",
        [
            "Community Safety Partnerships",
            "Meeting with CEx and Leader of 5 District / Borough Councils",
        ],
    ),
    (
        "Warwick District Council",
        Category.COUNCILS,
        "E07000222",
        "Daniel Osei",
        "Community Protection Manager",
        [
            "Community Safety Partnerships",
            "Meeting with CEx and Leader of 5 District / Borough Councils",
        ],
    ),
    (
        "Joint Audit Committee (Warwickshire and West Mercia)",
        Category.PUBLIC_ACCOUNTABILITY,
        "",
        "Hugh Ellery",
        "Independent Chair",
        ["Audit Joint Committee"],
    ),
    (
        "Warwickshire MPs' offices",
        Category.MPS,
        "",
        "Rowan Fairley",
        "Senior Caseworker",
        ["Warwickshire MPs"],
    ),
    (
        "Warwickshire Association of Local Councils",
        Category.PARISH_COUNCILS,
        "",
        "Margaret Dunn",
        "County Secretary",
        ["Parish Councils"],
    ),
    ("Southam Town Council", Category.PARISH_COUNCILS, "E07000221", "Peter Lowe", "Town Clerk", []),
    (
        "Polesworth Parish Council",
        Category.PARISH_COUNCILS,
        "E07000218",
        "Gill Farmer",
        "Parish Clerk",
        [],
    ),
    (
        "Strategic Independent Advisory Group",
        Category.STAKEHOLDER_GROUPS,
        "",
        "Yusuf Rahman",
        "Chair",
        ["Strategic IAG"],
    ),
    (
        "LGBT+ Independent Advisory Group",
        Category.STAKEHOLDER_GROUPS,
        "",
        "Alex Moreno",
        "Chair",
        [
            "Area IAGs LGBT IAG Disability IAG",
            "Faith Forums Disability Forums LBGT Community Groups",
        ],
    ),
    (
        "Disability Independent Advisory Group",
        Category.STAKEHOLDER_GROUPS,
        "",
        "Bernadette Kelly",
        "Chair",
        [
            "Area IAGs LGBT IAG Disability IAG",
            "Faith Forums Disability Forums LBGT Community Groups",
        ],
    ),
    (
        "Warwickshire Race Equality Partnership",
        Category.STAKEHOLDER_GROUPS,
        "",
        "Amara Nwosu",
        "Director",
        ["WREP"],
    ),
    (
        "Warwickshire Interfaith Forum",
        Category.FAITH,
        "",
        "Revd. Colin Marsh-Evans",
        "Convenor",
        ["Faith Forums Disability Forums LBGT Community Groups"],
    ),
    ("Leamington Gurdwara Sahib", Category.FAITH, "E07000222", "Harjit Sandhu", "Secretary", []),
    ("Nuneaton Central Mosque", Category.FAITH, "E07000219", "Imran Qureshi", "Trustee", []),
    (
        "Warwickshire Youth Council (VOX)",
        Category.YOUTH,
        "",
        "Carys Jenner",
        "Youth Participation Lead",
        ["MYPs / VOX"],
    ),
    ("Rugby Youth Forum", Category.YOUTH, "E07000220", "Jordan Pike", "Youth Worker", []),
    (
        "Police Staff and Officer Associations",
        Category.STAKEHOLDER_GROUPS,
        "",
        "Neil Barton",
        "Branch Secretary",
        ["UNISON Police Federation Superintendents Assoc"],
    ),
    (
        "Independent Custody Visiting Scheme",
        Category.VOLUNTARY,
        "",
        "Rosemary Clegg",
        "Scheme Coordinator",
        ["Independent Custody Visitors"],
    ),
    (
        "Warwickshire Neighbourhood Watch Association",
        Category.VOLUNTARY,
        "",
        "Derek Snell",
        "County Chair",
        ["Neighbourhood Watch County and area meetings"],
    ),
    (
        "Victim Support (Warwickshire)",
        Category.VOLUNTARY,
        "",
        "Hannah Quinn",
        "Area Manager",
        ["Victim Support"],
    ),
    (
        "Warwickshire CAVA",
        Category.VOLUNTARY,
        "",
        "Priya Tandon",
        "Chief Officer",
        ["Warwickshire CAVA"],
    ),
    (
        "Business Crime Prevention Network",
        Category.BUSINESS,
        "",
        "Mark Leighton",
        "Network Coordinator",
        ["Business Crime Prevention Network"],
    ),
    (
        "Coventry and Warwickshire Chamber of Commerce",
        Category.BUSINESS,
        "",
        "Ruth Bannister",
        "Policy Manager",
        [],
    ),
    (
        "NFU Warwickshire (rural crime)",
        Category.BUSINESS,
        "E07000221",
        "George Tillotson",
        "County Adviser",
        [],
    ),
    (
        "Local Criminal Justice Board",
        Category.CRIMINAL_JUSTICE,
        "",
        "Lorna Stott",
        "Board Manager",
        ["Local Criminal Justice Board"],
    ),
    (
        "Probation Service (Warwickshire)",
        Category.CRIMINAL_JUSTICE,
        "",
        "Paul Ventris",
        "Head of Service",
        ["Local Criminal Justice Board"],
    ),
    (
        "Warwickshire Fire and Rescue Service",
        Category.CRIMINAL_JUSTICE,
        "",
        "Andrea Cole",
        "Prevention Manager",
        ["Safer and Stronger Partnership Board"],
    ),
    (
        "NHS Coventry and Warwickshire",
        Category.CRIMINAL_JUSTICE,
        "",
        "Dr Simon Yeo",
        "Director of Public Health Partnerships",
        ["Health and Wellbeing Board"],
    ),
    (
        "BBC Radio Coventry and Warwickshire",
        Category.MEDIA,
        "",
        "Lucy Fairbrother",
        "News Editor",
        [],
    ),
    ("Leamington Observer", Category.MEDIA, "E07000222", "Tim Harker", "Reporter", []),
    ("Rugby Advertiser", Category.MEDIA, "E07000220", "Nadia Hussain", "Reporter", []),
    (
        "Bedworth Tenants and Residents Association",
        Category.COMMUNITY,
        "E07000219",
        "Sharon Platt",
        "Chair",
        [],
    ),
    (
        "Kenilworth Community Speedwatch",
        Category.COMMUNITY,
        "E07000222",
        "Roy Ingham",
        "Coordinator",
        [],
    ),
]

NOTES = [
    "Performance update received. Discussion of anti-social behaviour in town centres and the summer plan.",
    "Partners reviewed the draft Police and Crime Plan priorities; broad support for neighbourhood visibility.",
    "Update on 101 call handling times and the online reporting launch. Concern about rural response times.",
    "Presentation on knife crime prevention in schools. Partners asked for data by district.",
    "Budget and precept timetable explained; consultation to run through the winter.",
    "Discussed domestic abuse referrals and the new victims' services contract.",
]
FORUM_NOTES = [
    "Ambassador report: speeding on the main road through the village; residents ask for Community Speedwatch support. Good practice: joint litter pick with the SNT.",
    "Ambassador report: anti-social behaviour near the recreation ground after school; Safer Neighbourhood Team to increase patrols.",
    "Ambassador report: concerns about drug dealing near the station car park; residents reminded to report via 101 or Crimestoppers.",
    "Ambassador report: scams targeting older residents; Neighbourhood Watch to run an awareness session.",
    "Ambassador report: fly-tipping and rural thefts of equipment; farmers asked for more rural crime team visits.",
]
ACTIONS = [
    ("Circulate the district crime and ASB figures before the next meeting", 21),
    ("Share the precept consultation link with members' networks", 14),
    ("Arrange a visit by the Commissioner to the local Safer Neighbourhood Team", 45),
    ("Report back on 101 waiting times for this area", 30),
    ("Write to the county council about street lighting near the bus station", 28),
    ("Provide an update on the rural crime team's patrol plan", 35),
    ("Send the victims' services leaflet in Polish and Urdu", 21),
]


FORUM_CONCERNS = [
    ("Speeding through the village in the evenings", "Road safety and speeding"),
    ("Groups of young people gathering at the recreation ground", "Anti-social behaviour"),
    ("Suspected drug dealing near the station car park", "Drugs"),
    ("Thefts of tools from vans overnight", "Vehicle crime"),
    ("Fly-tipping and theft of farm equipment", "Rural crime"),
    ("Residents rarely see a PCSO on foot", "Police visibility"),
    ("Long waits when calling 101", "Response times"),
    ("Doorstep scammers targeting older people", "Scams and fraud"),
    ("Women feel unsafe walking through the park after dark", "Violence against women and girls"),
    ("Shoplifting and abuse of shop workers in the high street", "Shoplifting and business crime"),
]
GOOD_PRACTICE = [
    "Community Speedwatch volunteers out twice a month with the Safer Neighbourhood Team.",
    "The school and the SNT ran a joint session on staying safe online.",
    "Neighbourhood Watch set up a WhatsApp group for the estate.",
    "A local business paid for new lighting in the alley behind the shops.",
    "",
]
ACTIVITIES = [
    # (title, type, channel, audiences {audience: share of people}, objectives, hours, cost, lead)
    (
        "Friday engagement: youth club visit",
        "visit",
        "in_person",
        {"young_people": 0.9},
        ["build_trust", "divert_young_people"],
        3,
        0,
        "commissioner",
    ),
    (
        "Intelligence community event at Police HQ",
        "event",
        "in_person",
        {"ethnic_minorities": 0.4, "faith_groups": 0.3, "partners": 0.3},
        ["inform", "build_trust", "scrutiny"],
        16,
        420,
        "commissioner",
    ),
    (
        "Visit to the mosque after Friday prayers",
        "visit",
        "in_person",
        {"faith_groups": 1.0, "ethnic_minorities": 0.9},
        ["build_trust", "gather_information"],
        2.5,
        0,
        "deputy",
    ),
    (
        "Radio phone-in on the precept",
        "media_interview",
        "broadcast",
        {"general_public": 1.0},
        ["inform", "consult"],
        2,
        0,
        "commissioner",
    ),
    (
        "Rural crime roadshow at the cattle market",
        "event",
        "in_person",
        {"rural": 0.8, "businesses": 0.3},
        ["inform", "gather_information"],
        8,
        150,
        "deputy",
    ),
    (
        "Social media campaign: know your neighbourhood team",
        "social_media",
        "social_media",
        {"general_public": 1.0},
        ["inform"],
        6,
        200,
        "officer",
    ),
    (
        "Youth council: online safety and cyberbullying",
        "youth_council",
        "in_person",
        {"young_people": 1.0, "students": 0.5},
        ["consult", "involve"],
        3,
        30,
        "deputy",
    ),
    (
        "Disability IAG: accessible reporting",
        "iag_meeting",
        "in_person",
        {"disabled_people": 1.0},
        ["consult", "scrutiny"],
        3,
        0,
        "officer",
    ),
    (
        "Public meeting on town-centre anti-social behaviour",
        "public_meeting",
        "in_person",
        {"general_public": 0.8, "businesses": 0.2},
        ["inform", "consult"],
        6,
        95,
        "commissioner",
    ),
    (
        "Older people's coffee morning: scams advice",
        "visit",
        "in_person",
        {"older_people": 1.0},
        ["inform", "build_trust"],
        2,
        15,
        "officer",
    ),
    (
        "Pride stall with the LGBT+ IAG",
        "event",
        "in_person",
        {"lgbt": 0.8, "young_people": 0.3},
        ["build_trust", "inform"],
        7,
        120,
        "deputy",
    ),
    (
        "Gypsy and Traveller site visit with the liaison officer",
        "visit",
        "in_person",
        {"gypsy_roma_traveller": 1.0},
        ["build_trust", "gather_information"],
        3,
        0,
        "deputy",
    ),
]
ACTIVITY_CONCERNS = [
    ("Bullying on social media after school", "Cyberbullying and online harm"),
    ("Not confident that reports are acted on", "Police visibility"),
    ("Speeding outside the school gates", "Road safety and speeding"),
    ("Hate-motivated graffiti near the community centre", "Hate crime"),
    ("Anti-social behaviour in the shopping precinct", "Anti-social behaviour"),
    ("Calls to 101 go unanswered", "Response times"),
]
COMMENTS = [
    "Really useful to meet the Commissioner",
    "Good to be listened to",
    "More of these please",
    "Too short, we had more to say",
    "Would like a follow-up on what happens next",
    "",
]
RESIDENTS = [
    "Mrs A. Kowalska",
    "Mr D. Okoro",
    "Ms L. Bennett",
    "Mr R. Singh",
    "Mrs P. Hughes",
    "Mr T. Evans",
    "Ms N. Begum",
    "Mr G. Walsh",
    "Mrs J. Carter",
    "Mr S. Ahmed",
]
SURGERY_TOPICS = [
    ("Neighbour dispute and noise", "Anti-social behaviour"),
    ("Complaint about how a burglary was handled", "Burglary"),
    ("Speeding on our road", "Road safety and speeding"),
    ("Feeling unsafe after a hate incident", "Hate crime"),
    ("Drug dealing from a flat nearby", "Drugs"),
    ("Waited hours for a response", "Response times"),
]


@dataclass
class DemoResult:
    office: Office
    created: bool
    logins: list[tuple[str, str, str]]  # (role label, email, password)


def demo_logins(office: Office) -> list[tuple[str, str, str]]:
    emails = [f"{local}@demo.engage.test" for local in LOGIN_ROLES]
    members = {
        m.user.email: m
        for m in Membership.objects.filter(office=office, user__email__in=emails).select_related(
            "user"
        )
    }
    return [(str(members[e].get_role_display()), e, PASSWORD) for e in emails if e in members]


def load_demo(*, today: dt.date | None = None, seed: int = 2026) -> DemoResult:
    """Build the demo office, or return it untouched if it already exists."""
    existing = Office.objects.filter(slug=SLUG).first()
    if existing is not None:
        return DemoResult(existing, False, demo_logins(existing))
    with transaction.atomic():
        office = _build(today or timezone.localdate(), seed)
    return DemoResult(office, True, demo_logins(office))


def _build(today: dt.date, seed: int) -> Office:
    rng = random.Random(seed)
    office = Office.objects.create(
        name="Office of the Police and Crime Commissioner for Warwickshire (demonstration)",
        short_name="Warwickshire OPCC (demo)",
        slug=SLUG,
        force_name="Warwickshire Police",
        colour="#2b4f81",
        email="opcc@demo.engage.test",
    )
    people = _staff(office)
    admin = people["admin"]
    _places(office, admin)
    orgs = _organisations(office, people, rng, today)
    _schedule(office, people, orgs, rng, today)
    _engagement_record(office, people, rng, today)
    # A two-year rota of forum visits for the Commissioner and the Deputy, solved and adopted.
    outcome = rota_services.create_plan(
        office,
        name=f"Forum visits {today.year}–{today.year + 2}",
        starts_on=today,
        ends_on=today + relativedelta(years=2) - dt.timedelta(days=1),
        max_per_month=2,
        by=people["officer"],
    )
    rota_services.adopt_plan(outcome.plan, by=people["chief.executive"])
    meetings.create_feed(
        office, person=people["commissioner"], label="Helen's phone", by=people["commissioner"]
    )
    meetings.create_feed(office, person=None, label="Office diary screen", by=people["officer"])
    # This winter's precept consultation (closed, 2,000 responses, analysed), an open one and a
    # draft. The analysis runs here rather than in the worker so the results are there at once.
    # The consultations draw from their own generator: how many meetings the year before them
    # holds depends on the date, and their answers (and so their themes) must not.
    precept, *_others = build_consultations(
        office, staff=people, today=today, rng=random.Random(f"consultations-{seed}")
    )
    analysis = Run.objects.create(
        office=office, consultation=precept, kind=RunKind.ANALYSIS, started_by=people["research"]
    )
    perform_run.call(analysis.pk)
    name_themes(precept, by=people["research"])
    # Closing the loop: subscribers and a sent appeal; the precept decision and its "you said, we
    # did" page, published, with everyone behind them who asked to hear back told.
    build_messaging(office, people, today, rng)
    build_decisions(office, people, today, rng, precept)
    # Residents who booked surgery slots online, and messages from the website's contact form.
    from engage.engagements.demo import build_public_engagement

    build_public_engagement(office, people, today, rng)
    # News, and the draft engagement strategy open for comment (seed 004) with its comments.
    from engage.publishing.demo import build_publishing

    build_publishing(office, people, today, rng)
    # Issue 7: next year's plan (some of it from the gap analysis' suggestions), a year of social
    # media figures and a forum flagged for review, two neighbouring offices' benchmark files and
    # the practice library, and activities by every channel for the dashboard and reports.
    from engage.evaluation.demo import build_evaluation
    from engage.planning.demo import build_planning
    from engage.reports.demo import build_reports
    from engage.sharing.demo import build_sharing

    build_evaluation(office, people, today, rng)
    build_planning(office, people, today, rng)
    build_sharing(office, people, today, rng)
    build_reports(office, people, today, rng)  # last: the others' random draws stay as they were
    return office


def demo_code(at: float | None = None) -> str:
    """The demo accounts' authenticator code now (they share the published DEMO_TOTP_SECRET)."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(at or time.time()) // 30))


def _staff(office: Office) -> dict[str, User]:
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    from engage.accounts.services import TWO_FACTOR_ROLES

    people = {}
    for local, first, last, role, post, title in STAFF:
        user = User.objects.create_user(
            f"{local}@demo.engage.test", PASSWORD, first_name=first, last_name=last
        )
        Membership.objects.create(user=user, office=office, role=role, post=post, job_title=title)
        if role in TWO_FACTOR_ROLES:
            # Two-factor sign-in is already set up, with one published key for every demo account.
            TOTP.activate(user, DEMO_TOTP_SECRET)
            RecoveryCodes.activate(user)
        people[local] = user
    return people


def _places(office: Office, by: User) -> None:
    lookup = (ONS / "LAD16_CSP16_PFA16_EW_lookup.csv").read_bytes()
    built = places.build_force_area(office, lookup, WARWICKSHIRE, by=by)
    if not built.ok:
        raise RuntimeError("; ".join(built.error_messages))
    for name in (
        "census2021-ts007a-ltla.csv",
        "census_2021_pop_ests_collapsed.csv",
        "pop_by_sex_age.csv",
    ):
        result = places.import_population(office, (ONS / name).read_bytes(), by=by, filename=name)
        if result.errors:
            raise RuntimeError(f"{name}: {result.errors[:3]}")
    for code, forum_names in FORUM_AREAS.items():
        district = Area.objects.get(office=office, ons_code=code)
        total = sum(weight for _, weight in forum_names)
        for name, weight in forum_names:
            area = Area(
                office=office,
                kind=AreaKind.FORUM_AREA,
                name=name,
                parent=district,
                population_share=(Decimal(weight) / Decimal(total)).quantize(Decimal("0.00001")),
            )
            area._history_user = by  # type: ignore[attr-defined]
            area.save()


def _organisations(
    office: Office, people: dict[str, User], rng: random.Random, today: dt.date
) -> dict[str, list[Organisation]]:
    """Partners, their contacts and a year of interactions. Returns organisations by series title."""
    by_series: dict[str, list[Organisation]] = {}
    owners = [people["officer"], people["chief.executive"], people["research"]]
    districts = {a.ons_code: a for a in Area.objects.for_office(office).districts()}
    for name, category, district, contact, role, series_titles in ORGANISATIONS:
        slug = "".join(c for c in name.lower() if c.isalnum())[:20]
        org = stakeholders.create_organisation(
            office,
            by=people["admin"],
            name=name,
            category=category,
            area=districts.get(district),
            relationship_owner=rng.choice(owners),
            email=f"enquiries@{slug}.example.org",
            website=f"https://{slug}.example.org",
        )
        person = stakeholders.add_contact(
            org,
            by=people["admin"],
            name=contact,
            role=role,
            email=f"{contact.split()[-1].lower()}@{slug}.example.org",
        )
        for title in series_titles:
            by_series.setdefault(title, []).append(org)
        for _ in range(rng.randint(0, 3)):
            when = today - dt.timedelta(days=rng.randint(3, 360))
            follow_up = rng.random() < 0.4
            stakeholders.log_interaction(
                org,
                by=people["officer"],
                date=when,
                kind=rng.choice(
                    [k for k, _ in InteractionKind.choices if k != InteractionKind.OTHER]
                ),
                summary=rng.choice(
                    [
                        "Introductory conversation about the Commissioner's priorities for the year.",
                        "Discussed how members could promote the precept consultation.",
                        "Talked through concerns raised by members about neighbourhood policing.",
                        "Agreed to share the next quarterly performance report.",
                        "Invited to the engagement strategy workshop.",
                    ]
                ),
                opcc_people=rng.sample(
                    [
                        people["officer"],
                        people["chief.executive"],
                        people["commissioner"],
                        people["deputy"],
                    ],
                    k=rng.randint(1, 2),
                ),
                contact=person,
                follow_up="Send the slides and the consultation link." if follow_up else "",
                follow_up_due=when + dt.timedelta(days=14) if follow_up else None,
            )
    return by_series


def _schedule(
    office: Office,
    people: dict[str, User],
    orgs: dict[str, list[Organisation]],
    rng: random.Random,
    today: dt.date,
) -> None:
    parsed = parse_schedule(SEED_SCHEDULE.read_bytes(), office=office)
    if not parsed.is_valid:
        raise RuntimeError("; ".join(str(m) for m in parsed.errors))
    officer = people["officer"]
    # The office's commitments run from the start of the financial year before last, so that the
    # two-year forum cycle is under way and last year's annual commitments can be seen kept or missed.
    year_start = dt.date(today.year if today.month >= 4 else today.year - 1, 4, 1)
    import_schedule(office, parsed, by=officer, starts_on=year_start - relativedelta(years=1))
    series_list = list(MeetingSeries.objects.for_office(office))
    for series in series_list:
        months = meetings.MONTHS_BETWEEN.get(series.frequency, 2)  # type: ignore[call-overload]
        if series.per_forum_area:
            months = 1  # forum areas are already spread over the weeks of each quarter
        changes: dict[str, object] = {
            "first_date": today - dt.timedelta(days=rng.randint(0, 30 * months - 1))
        }
        if series.title in orgs:
            changes["stakeholders"] = orgs[series.title]
        if series.per_forum_area:
            changes.update({"start_time": dt.time(18, 30), "location": "Community hall"})
        # Spread the series over the calendar rather than all starting in the next three weeks.
        meetings.update_series(series, changes, by=officer)
        meetings.generate_occurrences(
            series, start=today - relativedelta(years=1), end=today, by=officer
        )

    staff_by_post: dict[str, list[User]] = {}
    for m in Membership.objects.filter(office=office).select_related("user"):
        staff_by_post.setdefault(m.post, []).append(m.user)
    ambassadors = {code: people[local] for local, code in AMBASSADOR_DISTRICT.items()}
    now = timezone.now()
    past = list(
        Occurrence.objects.for_office(office)
        .filter(starts_at__lt=now)
        .select_related("series", "area__parent")
        .order_by("starts_at")
    )
    csp = _last_weeks_csp(office, today, officer)
    forum_reports: list[tuple[Occurrence, User]] = []
    themes = {t.name: t for t in ensure_default_themes(office, by=people["admin"])}
    for local, code in AMBASSADOR_DISTRICT.items():
        for area in Area.objects.for_office(office).forum_areas().filter(parent__ons_code=code):
            forums.assign_ambassador(area, people[local], by=people["admin"])
    forum_visits = 0
    for occurrence in past:
        if occurrence.pk == getattr(csp, "pk", None):
            continue  # left for the newcomer to record
        days_ago = (now - occurrence.starts_at).days
        if occurrence.provisional:
            meetings.move_occurrence(
                occurrence,
                starts_at=occurrence.starts_at,
                ends_at=occurrence.ends_at,
                location=occurrence.location,
                by=officer,
            )
        if rng.random() < 0.05:
            meetings.cancel_occurrence(occurrence, by=officer, reason="Not quorate")
            continue
        if days_ago < 10 and rng.random() < 0.6:
            continue  # recent meetings not yet written up show on the home page
        series = occurrence.series
        attended: list[User] = []
        apologies: list[User] = []
        if series.per_forum_area:
            district = (
                occurrence.area.parent.ons_code
                if occurrence.area and occurrence.area.parent
                else ""
            )
            if district in ambassadors:
                attended.append(ambassadors[district])
            if rng.random() < 0.13:
                attended.append(
                    people["commissioner"] if forum_visits % 2 == 0 else people["deputy"]
                )
                forum_visits += 1
            notes = rng.choice(FORUM_NOTES)
        else:
            posts = list(series.attending_posts)
            if series.attendance_rotation and posts:
                posts = [rng.choice(posts)]
            for post in posts:
                for person in staff_by_post.get(post, []):
                    (apologies if rng.random() < 0.12 else attended).append(person)
            if series.lead_officer and series.lead_officer not in attended:
                attended.append(series.lead_officer)
            notes = rng.choice(NOTES)
        meetings.record_attendance(
            occurrence, attended=attended, apologies=apologies, notes=notes, by=officer
        )
        if series.per_forum_area and attended and days_ago >= 3:
            forum_reports.append((occurrence, attended[0]))
        if rng.random() < 0.35:
            text, due_days = rng.choice(ACTIONS)
            due = timezone.localtime(occurrence.starts_at).date() + dt.timedelta(days=due_days)
            owner = rng.choice([officer, people["research"], people["chief.executive"], None])
            action = meetings.add_action(
                occurrence,
                description=text,
                owner=owner,
                owner_name="" if owner else "Community safety team, district council",
                due_on=due,
                by=officer,
            )
            if due < today and rng.random() < 0.88:
                meetings.update_action(action, {"status": ActionStatus.DONE}, by=owner or officer)
    for occurrence, ambassador in forum_reports:
        raised = rng.sample(FORUM_CONCERNS, k=rng.randint(0, 3))
        forums.file_forum_report(
            occurrence,
            ambassador=ambassador,
            attendance=rng.randint(8, 45),
            concerns=[
                forums.ConcernInput(text, themes[theme], rng.randint(1, 6))
                for text, theme in raised
            ],
            good_practice=rng.choice(GOOD_PRACTICE),
            requests=rng.choice(
                [
                    "",
                    "",
                    "Could the Commissioner attend the next forum?",
                    "Residents asked for an update on the 101 service.",
                ]
            ),
            by=ambassador,
        )
    # The PCC kept last year's Strategic IAG commitment.
    iag = MeetingSeries.objects.for_office(office).filter(title="Strategic IAG").first()
    if iag is not None:
        start = meetings.local_datetime(year_start - dt.timedelta(days=60), dt.time(14, 0))
        visit = meetings.add_occurrence(
            iag, starts_at=start, location="Police HQ, Leek Wootton", by=officer
        )
        meetings.record_attendance(
            visit,
            attended=[people["commissioner"], officer],
            apologies=[],
            notes="The Commissioner heard members' views on stop and search.",
            by=officer,
        )


# What the public diary says was heard at the Commissioner's and the Deputy's engagements, and
# Welsh titles for some (the rest show in English, saying so).
PUBLIC_SUMMARIES = {
    "Friday engagement: youth club visit": (
        "Young people talked about feeling unsafe at the bus station after dark and about "
        "online bullying. The Commissioner promised to ask the force about patrols there."
    ),
    "Intelligence community event at Police HQ": (
        "Community leaders heard how local information helps the police, and asked for feedback "
        "when they pass something on."
    ),
    "Visit to the mosque after Friday prayers": (
        "Worshippers raised parking on Friday afternoons and hate crime. The Deputy explained "
        "how to report hate crime, including through third-party centres."
    ),
    "Rural crime roadshow at the cattle market": (
        "Farmers raised thefts of machinery and fuel and hare coursing, and asked for faster "
        "answers on 101."
    ),
    "Public meeting on town-centre anti-social behaviour": (
        "About forty residents and traders described groups gathering by the shops in the "
        "evenings. The neighbourhood team agreed extra patrols on Friday and Saturday nights."
    ),
    "Older people's coffee morning: scams advice": (
        "People shared scam calls and doorstep callers they had met; leaflets on the "
        "Take Five advice were handed out."
    ),
}
WELSH_TITLES = {
    "Friday engagement: youth club visit": "Ymgysylltu dydd Gwener: ymweliad â'r clwb ieuenctid",
    "Rural crime roadshow at the cattle market": "Sioe deithiol troseddau gwledig yn y farchnad gwartheg",
}
UPCOMING_PUBLIC = [
    # (days ahead, hour, title, type, lead, place)
    (6, 18, "Public meeting: policing in Bedworth", "public_meeting", "commissioner", "Bedworth Civic Hall"),
    (13, 10, "Visit to Rugby market", "visit", "deputy", "Rugby market place"),
    (20, 16, "Youth council: your questions to the Commissioner", "youth_council", "commissioner", "Shire Hall, Warwick"),
    (34, 11, "Rural crime roadshow at Stratford livestock market", "event", "deputy", "Stratford livestock market"),
    (48, 19, "Community meeting on road safety in Southam", "public_meeting", "commissioner", "Southam Community Centre"),
]  # fmt: skip


def _upcoming_public_activities(
    office: Office, people: dict[str, User], today: dt.date, areas: list[Area]
) -> None:
    """The Commissioner's and the Deputy's public engagements planned in the coming weeks."""
    by_name = {a.name: a for a in areas}
    for days, hour, title, kind, lead, place in UPCOMING_PUBLIC:
        start = meetings.local_datetime(today + dt.timedelta(days=days), dt.time(hour, 0))
        town = place.split()[0]
        area = next((a for name, a in by_name.items() if name.startswith(town)), None)
        activities.create_activity(
            office,
            {
                "title": title,
                "type": kind,
                "channel": "in_person",
                "starts_at": start,
                "ends_at": start + dt.timedelta(hours=2),
                "location": place,
                "area": area,
                "objectives": ["inform", "consult"],
                "lead": people[lead],
                "opcc_attendees": [people[lead], people["officer"]],
                "in_public_diary": True,
            },
            {},
            by=people["officer"],
        )


def _engagement_record(
    office: Office, people: dict[str, User], rng: random.Random, today: dt.date
) -> None:
    """A year of activities with feedback, surgeries with cases, and complaint counts."""
    themes = {t.name: t for t in ConcernTheme.objects.for_office(office)}
    areas = list(
        Area.objects.for_office(office).filter(kind__in=[AreaKind.DISTRICT, AreaKind.FORUM_AREA])
    )
    orgs = list(Organisation.objects.for_office(office))
    officer = people["officer"]
    staff = [people[k] for k in ("officer", "research", "chief.executive")]
    for week in range(52, 0, -1):
        if week % 2 and week > 2:
            continue  # about one a fortnight, and two in the last fortnight
        title, kind, channel, audiences, objectives, hours, cost, lead = ACTIVITIES[
            week % len(ACTIVITIES)
        ]
        day = today - dt.timedelta(weeks=week) + dt.timedelta(days=rng.randint(0, 4))
        start = meetings.local_datetime(day, dt.time(rng.choice([10, 14, 18]), 0))
        reached = rng.randint(12, 80) if channel != "social_media" else rng.randint(800, 5000)
        area = rng.choice(areas)
        activity = activities.create_activity(
            office,
            {
                "title": title,
                "type": kind,
                "channel": channel,
                "starts_at": start,
                "ends_at": start + dt.timedelta(hours=2),
                "location": area.name if channel == "in_person" else "",
                "area": area,
                "objectives": objectives,
                "people_reached": reached,
                "staff_hours": Decimal(str(hours)),
                "cost": Decimal(cost),
                "lead": people[lead],
                "opcc_attendees": [people[lead], rng.choice(staff)],
                "stakeholders": rng.sample(orgs, k=rng.randint(0, 2)),
                "outcome": "People were told how to contact their neighbourhood team; concerns passed to the force.",
                # The Commissioner's and the Deputy's visits and events are in the public diary.
                "in_public_diary": lead in ("commissioner", "deputy") and channel == "in_person",
                "title_cy": WELSH_TITLES.get(title, ""),
                "public_summary": PUBLIC_SUMMARIES.get(title, ""),
            },
            {a: max(1, round(reached * share)) for a, share in audiences.items()},
            [
                activities.RaisedConcern(text, themes[theme])
                for text, theme in rng.sample(ACTIVITY_CONCERNS, k=rng.randint(0, 2))
            ],
            by=officer,
        )
        if channel in ("in_person",):
            for _ in range(rng.randint(0, min(20, reached // 3))):
                activities.record_feedback(
                    activity, rng.choice([3, 4, 4, 5, 5, 5, 2]), rng.choice(COMMENTS)
                )
    _upcoming_public_activities(office, people, today, areas)
    # Surgeries: one a month last year, and three coming up.
    holders = [people["commissioner"], people["deputy"]]
    forum_areas = list(Area.objects.for_office(office).forum_areas())
    for month in [*range(11, 0, -1), -1, -2, -3]:
        day = _weekday_after(today - relativedelta(months=month) - dt.timedelta(days=today.day - 8))
        start = meetings.local_datetime(day, dt.time(10, 0))
        area = rng.choice(forum_areas)
        session = surgeries.create_session(
            office,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            location=f"{area.name} library",
            held_by=holders[month % 2],
            slot_minutes=15,
            area=area,
            by=officer,
        )
        for slot in session.slots.all():
            if rng.random() > (0.6 if month > 0 else 0.3):
                continue
            topic, theme = rng.choice(SURGERY_TOPICS)
            booking = surgeries.book_slot(
                slot,
                name=rng.choice(RESIDENTS),
                phone=f"07700 900{rng.randint(100, 999)}",
                topic=topic,
                by=officer,
            )
            if month > 0:
                surgeries.assign_officer(booking, officer, by=officer)
                status = rng.choice(["attended", "attended", "attended", "no_show"])
                surgeries.set_booking_status(booking, status, theme=themes[theme], by=officer)
                if status == "attended":
                    surgeries.add_case_note(
                        booking,
                        "Listened to the resident's account; agreed to raise it with the local inspector.",
                        by=session.held_by,
                    )
                    if rng.random() < 0.5:
                        meetings.add_action(
                            booking,
                            description="Raise the case with the local inspector and reply to the resident",
                            owner=officer,
                            owner_name="",
                            due_on=day + dt.timedelta(days=14),
                            by=officer,
                        )
    # Older concerns have been followed up: some closed, some with an agreed action.
    for concern in Concern.objects.for_office(office).filter(
        raised_on__lt=today - dt.timedelta(days=45)
    ):
        roll = rng.random()
        if roll < 0.45:
            set_concern_status(concern, ConcernStatus.CLOSED, by=officer)
        elif roll < 0.65:
            meetings.add_action(
                concern,
                description="Pass to the Safer Neighbourhood Team and report back to the forum",
                owner=rng.choice(staff),
                owner_name="",
                due_on=concern.raised_on + dt.timedelta(days=rng.choice([21, 42, 90])),
                by=officer,
            )
    # Complaints about policing, aggregated by theme and month (never personal records).
    for month in range(12, 0, -1):
        first = (today - relativedelta(months=month)).replace(day=1)
        for name in (
            "Response times",
            "Police visibility",
            "Anti-social behaviour",
            "Road safety and speeding",
        ):
            ComplaintThemeCount.objects.create(
                office=office,
                theme=themes[name],
                month=first,
                count=rng.randint(2, 25),
                source="Professional Standards Department monthly return (demo)",
            )


def _weekday_after(day: dt.date) -> dt.date:
    while day.weekday() != 4:  # Fridays
        day += dt.timedelta(days=1)
    return day


def _last_weeks_csp(office: Office, today: dt.date, by: User) -> Occurrence | None:
    """Make sure last week's Community Safety Partnership is in the schedule, not yet recorded."""
    series = (
        MeetingSeries.objects.for_office(office)
        .filter(title="Community Safety Partnerships")
        .first()
    )
    if series is None:
        return None
    day = today - dt.timedelta(days=7)
    while day.weekday() != 1:  # a Tuesday
        day += dt.timedelta(days=1)
    start = meetings.local_datetime(day, dt.time(10, 0))
    nearest = (
        Occurrence.objects.filter(series=series, status=OccurrenceStatus.SCHEDULED)
        .order_by("starts_at")
        .filter(
            starts_at__gte=start - dt.timedelta(days=45),
            starts_at__lte=start + dt.timedelta(days=45),
        )
        .first()
    )
    if nearest is None:
        return meetings.add_occurrence(series, starts_at=start, location="Town Hall, Rugby", by=by)
    return meetings.move_occurrence(
        nearest,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        location="Town Hall, Rugby",
        by=by,
    )

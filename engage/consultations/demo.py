"""The demo office's consultations: last winter's precept consultation, closed with ~2,000 answers;
the Police and Crime Plan consultation, open now; and a victims' survey still in draft.

Everything is invented, but shaped like the real thing. The respondents are drawn from the
districts' census populations and then skewed the way consultation respondents are: older, whiter
and more often women than the people who live there, with about one in ten preferring not to say
each thing about themselves. Their answers follow from who they are (older people support the
precept and neighbourhood policing more; younger people rank cyber crime higher; women feel less
safe after dark) and from one of two latent opinion groups ("more money for visible policing" and
"value for money first, no rise"), so that the analysis finds groups, themes and skew to show.

Built straight from the models with bulk inserts: about a second for all three consultations.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from engage.accounts.models import User
from engage.consultations.models import (
    AgeBand,
    Consultation,
    Disability,
    Option,
    Question,
    QuestionKind,
    Response,
    ResponseChannel,
    Section,
    Sex,
    Statement,
    StatementStatus,
    Status,
    StrategicArea,
    Theme,
)
from engage.consultations.themes import rename_theme
from engage.core.models import Office
from engage.places.models import Area, AreaKind, Dimension
from engage.places.queries import national_female_share, population_of

PRECEPT_SLUG = "precept-2027-28"
PLAN_SLUG = "police-and-crime-plan-2027"
VICTIMS_SLUG = "victims-services-2027"
PRECEPT_RESPONSES = 2000
PLAN_RESPONSES = 120
BAND_D = Decimal("298.62")

ADULT_BANDS = [
    AgeBand.A16_24,
    AgeBand.A25_34,
    AgeBand.A35_44,
    AgeBand.A45_54,
    AgeBand.A55_64,
    AgeBand.A65_74,
    AgeBand.A75_PLUS,
]
BAND_RANGES = {
    AgeBand.A16_24: (16, 24),
    AgeBand.A25_34: (25, 34),
    AgeBand.A35_44: (35, 44),
    AgeBand.A45_54: (45, 54),
    AgeBand.A55_64: (55, 64),
    AgeBand.A65_74: (65, 74),
    AgeBand.A75_PLUS: (75, 120),
}
# How much more (or less) likely each group is to answer than its share of the population says.
AGE_PROPENSITY = {
    AgeBand.A16_24: 0.22,
    AgeBand.A25_34: 0.5,
    AgeBand.A35_44: 0.8,
    AgeBand.A45_54: 1.0,
    AgeBand.A55_64: 1.4,
    AgeBand.A65_74: 2.1,
    AgeBand.A75_PLUS: 1.5,
}
FEMALE_PROPENSITY = 1.3
ETHNIC_PROPENSITY = {"white": 1.0, "asian": 0.45, "black": 0.4, "mixed": 0.55, "other": 0.5}
# Districts where people answer a little more often (rural, older) or less.
DISTRICT_PROPENSITY = {"E07000221": 1.2, "E07000218": 1.05, "E07000219": 0.85}
NOT_YET = dt.datetime.min.replace(tzinfo=dt.UTC)
RURAL = {"E07000218", "E07000221"}
URBAN = {"E07000219"}

# Used when an office has no census figures: England's adult shares, roughly.
DEFAULT_AGE = [0.13, 0.16, 0.16, 0.16, 0.16, 0.12, 0.11]
DEFAULT_ETHNIC = {"white": 0.82, "asian": 0.09, "black": 0.04, "mixed": 0.03, "other": 0.02}
DEFAULT_FEMALE = 0.51

POSTCODES = {
    "E07000218": ["CV9", "B46", "B78", "CV7"],
    "E07000219": ["CV10", "CV11", "CV12"],
    "E07000220": ["CV21", "CV22", "CV23"],
    "E07000221": ["CV37", "CV36", "CV47", "B49", "B50", "B80", "B95", "CV35"],
    "E07000222": ["CV31", "CV32", "CV34", "CV8", "CV35"],
}

FIRST_NAMES = [
    "sue", "john", "margaret", "dave", "pat", "alan", "jenny", "peter", "carol", "mike",
    "linda", "steve", "helen", "graham", "amrit", "joanna", "chris", "karen", "tom", "beryl",
]  # fmt: skip
SURNAMES = [
    "smith", "jones", "taylor", "brown", "wilson", "evans", "thomas", "johnson", "roberts",
    "walker", "wright", "hall", "green", "patel", "hughes", "clarke", "kaur", "murphy",
]  # fmt: skip

PRIVACY = (
    "The Office of the Police and Crime Commissioner uses your answers only to understand what "
    "local people think, and publishes them only as totals in which no one can be recognised. The "
    "questions about you are optional and are kept apart from what you write. If you give your "
    "email address we use it only to tell you the outcome. We keep answers for two years, then "
    "delete them. You can ask to see or delete your answers at any time: opcc@demo.engage.test."
)
PRIVACY_CY = (
    "Mae Swyddfa’r Comisiynydd Heddlu a Throseddu yn defnyddio eich atebion i ddeall barn pobl "
    "leol yn unig, ac yn eu cyhoeddi fel cyfansymiau yn unig. Mae’r cwestiynau amdanoch chi yn "
    "ddewisol ac yn cael eu cadw ar wahân i’r hyn rydych yn ei ysgrifennu. Rydym yn cadw’r atebion "
    "am ddwy flynedd."
)


def build_consultations(
    office: Office,
    *,
    staff: dict[str, User] | Sequence[User],
    today: dt.date,
    rng: random.Random,
) -> list[Consultation]:
    """Create the demo office's three consultations and their responses; returns them.

    `staff` is core.demo's people by email local part ("officer", "research", …) or just a list
    of staff users, the first of whom then owns everything. The same `rng` state gives the
    same consultations and answers.
    """
    people = _Staff.of(staff)
    places = _Places.load(office)
    return [
        _precept(office, people, places, today, rng),
        _plan(office, people, places, today, rng),
        _victims(office, people, today),
    ]


# -- who is there ------------------------------------------------------------------------------


@dataclass
class _Staff:
    officer: User | None
    data_entry: list[User]
    research: User | None

    @classmethod
    def of(cls, staff: dict[str, User] | Sequence[User]) -> _Staff:
        if isinstance(staff, dict):
            officer = staff.get("officer") or next(iter(staff.values()), None)
            entry = [u for u in (staff.get("officer"), staff.get("research")) if u is not None]
            return cls(officer, entry or [u for u in [officer] if u], staff.get("research"))
        users = list(staff)
        first = users[0] if users else None
        return cls(first, users[:2], users[1] if len(users) > 1 else first)


@dataclass
class _District:
    area: Area | None
    code: str
    name: str
    adults: float
    age: list[float]  # shares of ADULT_BANDS
    female: float
    ethnic: dict[str, float]
    forums: list[tuple[Area, float]] = field(default_factory=list)


@dataclass
class _Places:
    force_area: Area | None
    districts: list[_District]

    @classmethod
    def load(cls, office: Office) -> _Places:
        areas = list(
            Area.objects.for_office(office)
            .filter(kind__in=[AreaKind.FORCE_AREA, AreaKind.DISTRICT, AreaKind.FORUM_AREA])
            .select_related("parent")
            .order_by("kind", "name")
        )
        force = next((a for a in areas if a.kind == AreaKind.FORCE_AREA), None)
        national = national_female_share(office)
        women_by_band = national[1] if national else {}
        districts = []
        for area in (a for a in areas if a.kind == AreaKind.DISTRICT):
            bands = population_of(area, Dimension.AGE_BAND).rows
            age = _adult_ages(bands)
            ethnic = {
                c.lower(): float(v) for c, v in population_of(area, Dimension.ETHNIC_GROUP).rows
            }
            adults = sum(age) if age else 100_000.0
            # As places estimates a district's sexes: its age bands × the national share of women.
            counted = [(v, women_by_band[c]) for c, v in bands if c in women_by_band]
            everyone = sum(v for v, _share in counted)
            female = float(sum(v * share for v, share in counted)) / everyone if everyone else None
            districts.append(
                _District(
                    area=area,
                    code=area.ons_code,
                    name=area.name,
                    adults=adults,
                    age=_normalise(age) if age else DEFAULT_AGE,
                    female=female or DEFAULT_FEMALE,
                    ethnic=_share(ethnic) if sum(ethnic.values()) else DEFAULT_ETHNIC,
                    forums=[
                        (a, float(a.population_share or 1))
                        for a in areas
                        if a.kind == AreaKind.FORUM_AREA and a.parent_id == area.pk
                    ],
                )
            )
        if not districts:
            districts = [_District(None, "", "", 1.0, DEFAULT_AGE, DEFAULT_FEMALE, DEFAULT_ETHNIC)]
        return cls(force, districts)


_AGE_CATEGORY = re.compile(r"(\d+)(?:\s+to\s+(\d+))?\s+years?(?:\s+and\s+(over|under))?")


def _adult_ages(rows: list[tuple[str, int]]) -> list[float]:
    """Census five-year bands → counts in the survey's adult bands (single years spread evenly)."""
    counts = [0.0] * len(ADULT_BANDS)
    for category, value in rows:
        match = _AGE_CATEGORY.search(category)
        if not match:
            continue
        low, high, open_end = match.group(1), match.group(2), match.group(3)
        if high:
            first, last = int(low), int(high)
        elif open_end == "under":
            first, last = 0, int(low)
        else:
            first, last = int(low), int(low) + 4
        years = range(first, last + 1)
        for year in years:
            for i, band in enumerate(ADULT_BANDS):
                lo, hi = BAND_RANGES[band]
                if lo <= year <= hi:
                    counts[i] += value / len(years)
    return counts if sum(counts) else []


def _normalise(values: list[float]) -> list[float]:
    total = sum(values)
    return [v / total for v in values]


def _share(values: dict[str, float]) -> dict[str, float]:
    total = sum(values.values())
    return {k: v / total for k, v in values.items()}


# -- a respondent ------------------------------------------------------------------------------


@dataclass
class _Person:
    district: _District
    age: AgeBand
    female: bool
    ethnic: str
    disability: str
    camp: int  # 0: more money for visible policing; 1: value for money first, no rise
    channel: str = ResponseChannel.ONLINE
    when: dt.datetime = NOT_YET  # set by the schedule
    area: Area | None = None

    @property
    def age_index(self) -> int:
        return ADULT_BANDS.index(self.age)

    @property
    def older(self) -> bool:
        return self.age in (AgeBand.A65_74, AgeBand.A75_PLUS)

    @property
    def young(self) -> bool:
        return self.age in (AgeBand.A16_24, AgeBand.A25_34)

    @property
    def rural(self) -> bool:
        return self.district.code in RURAL

    @property
    def place(self) -> str:
        return self.area.name if self.area is not None else ""


def _people(places: _Places, n: int, rng: random.Random) -> list[_Person]:
    districts = places.districts
    district_weights = [d.adults * DISTRICT_PROPENSITY.get(d.code, 1.0) for d in districts]
    age_weights = {
        d.code: [s * AGE_PROPENSITY[b] for s, b in zip(d.age, ADULT_BANDS, strict=True)]
        for d in districts
    }
    people = []
    for _ in range(n):
        district = rng.choices(districts, district_weights)[0]
        age = rng.choices(ADULT_BANDS, age_weights[district.code])[0]
        f = district.female * FEMALE_PROPENSITY
        female = rng.random() < f / (f + (1 - district.female))
        groups = list(district.ethnic)
        ethnic = rng.choices(
            groups, [district.ethnic[g] * ETHNIC_PROPENSITY.get(g, 0.5) for g in groups]
        )[0]
        i = ADULT_BANDS.index(age)
        a_lot, a_little = 0.03 + 0.022 * i, 0.07 + 0.025 * i
        roll = rng.random()
        disability = (
            Disability.LIMITED_A_LOT
            if roll < a_lot
            else Disability.LIMITED_A_LITTLE
            if roll < a_lot + a_little
            else Disability.NO
        )
        # Older people lean to "more money for visible policing".
        camp = 0 if rng.random() < 0.3 + 0.07 * i else 1
        person = _Person(district, age, female, ethnic, disability, camp)
        roll = rng.random()
        if roll < 0.1:
            person.area = None
        elif roll < 0.3 or not district.forums:
            person.area = district.area
        else:
            forums, weights = zip(*district.forums, strict=True)
            person.area = rng.choices(forums, weights)[0]
        people.append(person)
    return people


def _said(rng: random.Random, value: str, unknown: float = 0.1) -> str:
    """What the person told us: mostly the truth, sometimes "prefer not to say" or nothing."""
    roll = rng.random()
    if roll < unknown * 0.6:
        return "prefer_not"
    if roll < unknown:
        return ""
    return value


def _response(
    office: Office,
    consultation: Consultation,
    person: _Person,
    rng: random.Random,
    answers: dict[str, object],
) -> Response:
    unknown = 0.14 if person.channel == ResponseChannel.PAPER else 0.1
    area = person.area
    postcode = ""
    if area is not None and rng.random() < 0.55:
        postcode = rng.choice(POSTCODES.get(person.district.code) or [""])
    wants = rng.random() < (0.1 if person.channel == ResponseChannel.ONLINE else 0.03)
    email = ""
    if wants:
        first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        email = rng.choice(
            [
                f"{first}.{last}@example.org",
                f"{first}{last}{rng.randint(1, 99)}@example.com",
                f"{first[0]}{last}@example.org",
            ]
        )
    welsh = person.channel == ResponseChannel.ONLINE and rng.random() < 0.036
    return Response(
        office=office,
        consultation=consultation,
        channel=person.channel,
        answers=answers,
        language="cy" if welsh else "en-gb",
        submitted_at=person.when,
        age_band=_said(rng, person.age, unknown),
        sex=_said(rng, Sex.FEMALE if person.female else Sex.MALE, unknown),
        ethnic_group=_said(rng, person.ethnic, unknown),
        disability=_said(rng, person.disability, unknown),
        area=area,
        postcode_district=postcode,
        wants_outcome=wants,
        email=email,
    )


# -- building questions ------------------------------------------------------------------------


def _consultation(office: Office, by: User | None, **fields: object) -> Consultation:
    consultation = Consultation(office=office, owner=by, **fields)
    consultation._history_user = by  # type: ignore[attr-defined]
    consultation.save()
    return consultation


class _Builder:
    """Adds sections, questions and options to one consultation, in order."""

    def __init__(self, consultation: Consultation) -> None:
        self.consultation = consultation
        self.section: Section | None = None
        self.sections = 0
        self.questions = 0

    def add_section(self, title: str, title_cy: str = "", intro: str = "") -> Section:
        self.sections += 1
        self.section = Section.objects.create(
            consultation=self.consultation,
            title=title,
            title_cy=title_cy,
            intro=intro,
            position=self.sections,
        )
        return self.section

    def add_question(
        self,
        kind: str,
        text: str,
        text_cy: str = "",
        options: Sequence[tuple[str, str] | tuple[str, str, Decimal]] = (),
        **fields: object,
    ) -> Question:
        assert self.section is not None
        self.questions += 1
        question = Question.objects.create(
            consultation=self.consultation,
            section=self.section,
            kind=kind,
            text=text,
            text_cy=text_cy,
            position=self.questions,
            **fields,
        )
        created = Option.objects.bulk_create(
            Option(
                question=question,
                label=option[0],
                label_cy=option[1],
                amount=option[2] if len(option) > 2 else None,  # type: ignore[misc]
                position=i,
            )
            for i, option in enumerate(options, start=1)
        )
        question.demo_options = created  # type: ignore[attr-defined]
        return question


def _options(question: Question) -> list[Option]:
    return question.demo_options  # type: ignore[attr-defined,no-any-return]


# -- when people answered ----------------------------------------------------------------------


def _aware(day: dt.date, hour: int, minute: int, second: int = 0) -> dt.datetime:
    return dt.datetime.combine(
        day, dt.time(hour, minute, second), tzinfo=timezone.get_current_timezone()
    )


ONLINE_HOURS = {
    7: 2, 8: 3, 9: 4, 10: 5, 11: 5, 12: 6, 13: 5, 14: 5, 15: 4, 16: 4, 17: 4,
    18: 6, 19: 8, 20: 9, 21: 8, 22: 5, 23: 2, 0: 1, 6: 1,
}  # fmt: skip


def _online_time(rng: random.Random, day: dt.date) -> dt.datetime:
    hour = rng.choices(list(ONLINE_HOURS), list(ONLINE_HOURS.values()))[0]
    return _aware(day, hour, rng.randrange(60), rng.randrange(60))


def _office_time(rng: random.Random, day: dt.date) -> dt.datetime:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return _aware(day, rng.randint(9, 16), rng.randrange(60), rng.randrange(60))


def _day_weights(days: int) -> list[float]:
    """A launch spike in the first week, a steady middle and a rush in the last days."""
    weights = []
    for d in range(days):
        weight = 2.0
        if d < 7:
            weight += 7.0 * math.exp(-d / 2.2)
        if d >= days - 4:
            weight += 2.0 * (d - (days - 5))
        weights.append(weight)
    return weights


def _schedule(people: list[_Person], rng: random.Random, opens: dt.date, days: int) -> None:
    weights = _day_weights(days)
    dates = [opens + dt.timedelta(days=d) for d in range(days)]
    for person in people:
        if person.channel == ResponseChannel.ONLINE:
            person.when = _online_time(rng, rng.choices(dates, weights)[0])
        else:
            # Forms are typed in at the office on weekdays, in batches, a few days after.
            day = dates[min(days - 1, rng.randrange(days) + rng.randint(0, 3))]
            person.when = _office_time(rng, max(day, opens + dt.timedelta(days=1)))
    people.sort(key=lambda p: p.when)


def _number_and_enter(
    responses: list[Response], entry: list[User], rng: random.Random
) -> list[Response]:
    paper = phone = 0
    for response in responses:
        if response.channel == ResponseChannel.PAPER:
            paper += 1
            response.source_id = f"P-{paper:04d}"
            response.entered_by = rng.choice(entry) if entry else None
        elif response.channel == ResponseChannel.PHONE:
            phone += 1
            response.source_id = f"T-{phone:03d}"
            response.entered_by = rng.choice(entry) if entry else None
    return responses


def _save_responses(consultation: Consultation, responses: list[Response]) -> list[Response]:
    created = Response.objects.bulk_create(responses, batch_size=500)
    # The rows were made now; date them as when they were given (one update).
    Response.objects.filter(consultation=consultation, submitted_at__isnull=False).update(
        created_at=F("submitted_at"), updated_at=F("submitted_at")
    )
    return created


# -- free text ---------------------------------------------------------------------------------

ROADS = ["A5", "A45", "A46", "A429", "A423", "A3400", "B4100", "Coventry Road", "Birmingham Road", "main road", "high street"]  # fmt: skip
SOMEWHERE = ["my area", "our village", "the town centre", "our estate", "round here"]

SAFER = {
    "visibility": [
        "More police on foot patrol in {place}",
        "Seeing a PCSO walking round {place} now and again",
        "Bring back the local bobby who knows everyone",
        "More visible policing, I havent seen an officer in {place} for over a year",
        "Officers out of their cars and talking to people",
        "A police presence in the town centre on Friday and Saturday nights",
        "Knowing who our neighbourhood officer is and seeing them on patrol",
        "Regular foot patrols, even once a week",
    ],
    "speeding": [
        "Something done about speeding on the {road}",
        "Speed cameras on the {road}, cars fly through at 60",
        "Traffic calming outside the school, someone will be killed",
        "Enforcing the 20mph limit in {place}",
        "Stopping the boy racers speeding up and down the {road} at night",
        "More support for Community Speedwatch, the speeding is relentless",
        "Dealing with speeding and dangerous driving on the {road}",
    ],
    "asb": [
        "Stopping the groups of youths hanging round the shops in {place}",
        "Dealing with the anti-social behaviour at the rec",
        "Something for young people to do so they are not out causing trouble",
        "Action on kids on e-scooters riding on the pavement and being abusive",
        "Sorting out the anti-social behaviour and vandalism in the park",
        "Youths drinking in the churchyard every weekend, its intimidating",
    ],
    "drugs": [
        "Stopping the drug dealing near the station",
        "Doing something about the drug dealing going on in broad daylight in {place}",
        "The smell of cannabis everywhere and nobody does anything",
        "Closing down the county lines dealers using the flats",
        "Acting on reports of drug dealing - we report it and nothing happens",
    ],
    "lighting": [
        "Better street lighting, the lights go off at midnight",
        "CCTV in the town centre that actually works",
        "The footpath by the canal needs proper lighting",
        "More lighting in the park, I won't walk through it after dark",
        "Cameras in the car park where cars keep getting broken into",
        "Street lights fixed on our road, it's pitch black walking home",
    ],
    "response": [
        "Answering 101 calls quicker, I waited 45 minutes and gave up",
        "A faster response when you ring 999",
        "Someone actually coming out when you report a crime",
        "Being able to get through on 101 at all",
        "Being kept informed after reporting something instead of hearing nothing",
        "Police turning up - it took three days after our burglary",
    ],
    "cost": [
        "Not putting council tax up again, we can't afford it",
        "Keeping council tax down, pensioners are struggling with the cost of living",
        "The cost of living is hard enough without paying more for police we never see",
        "Spending the money we already pay better instead of asking for more council tax",
    ],
    "rural": [
        "More rural patrols, farm machinery keeps getting stolen",
        "The rural crime team covering {place} properly",
        "Stopping the fly-tipping in the lanes",
        "Catching the people stealing quad bikes and tools from farms",
        "Hare coursing and fly tipping - nobody comes out to rural areas",
        "Dealing with theft of machinery from farms around {place}",
    ],
}
PRECEPT_VIEWS = {
    "cost": [
        "With the cost of living as it is I cannot afford any increase in council tax",
        "Pensioners on a fixed income can't keep paying more every year",
        "Council tax is already too high, no rise please",
        "We are struggling to pay the bills, this is the wrong time to ask for more money",
    ],
    "value": [
        "Get value for money from what you already have before asking for more",
        "Too much goes on management and offices, not on officers",
        "Cut the waste first, the police should find savings like everyone else",
        "I want to see value for money, not another increase",
    ],
    "visibility": [
        "Happy to pay a bit more if it means more officers on patrol where I live",
        "I would pay £20 more if I saw PCSOs in {place} again",
        "Worth it if it goes on neighbourhood policing and visible patrols",
        "Put any extra money into visible policing, not back office",
    ],
    "transparency": [
        "Tell us exactly how the precept money is spent",
        "Publish what last year's increase actually paid for",
        "I want to see where the money goes before I agree to pay more",
    ],
    "response": [
        "Only worth paying more if 101 calls get answered",
        "If I'm paying more I expect someone to turn up when I call 999",
    ],
    "rural": [
        "Rural areas pay the same council tax but get a fraction of the policing",
        "Make sure villages like {place} get a fair share, not just the towns",
    ],
}
TAILS = [
    "",
    "",
    "",
    ".",
    ".",
    ".",
    "!",
    " - it used to be so much better.",
    ". That would make the biggest difference.",
    ". Thank you.",
    " please.",
    ". We are fed up.",
]
VIEW_TAILS = ["", "", "", ".", ".", "!", ". Thank you for asking.", " - simple as that.", "."]
OPENERS = ["", "", "", "", "Honestly, ", "Simple - ", "To be honest ", "For me, ", "Just "]
NOTHING = ["Nothing", "not sure", "Don't know", "n/a", "No comment", "Nothing really, I feel safe"]


def _typo(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    i = rng.randrange(len(words))
    word = words[i]
    if len(word) > 4:
        j = rng.randrange(1, len(word) - 2)
        kind = rng.random()
        if kind < 0.4:
            word = word[:j] + word[j + 1] + word[j] + word[j + 2 :]
        elif kind < 0.7:
            word = word[:j] + word[j] + word[j:]
        else:
            word = word[:j] + word[j + 1 :]
    words[i] = word
    return " ".join(words).replace("'", "" if rng.random() < 0.5 else "'")


def _lower_first(text: str) -> str:
    """ "Better lighting" → "better lighting", but "CCTV …" and "I …" stay as they are."""
    if text[:2].isupper() or re.match(r"I\b", text):
        return text
    return text[0].lower() + text[1:]


def _sentence(
    templates: dict[str, list[str]],
    weights: dict[str, float],
    person: _Person,
    rng: random.Random,
    *,
    tails: Sequence[str] = TAILS,
    two_themes: float = 0.18,
) -> str:
    """One person's answer in their own words: a theme or two, an opener, a tail, a typo."""
    themes = rng.choices(list(weights), list(weights.values()), k=2)
    place = person.place or rng.choice(SOMEWHERE)
    text = rng.choice(templates[themes[0]])
    if themes[1] != themes[0] and rng.random() < two_themes:
        second = rng.choice(templates[themes[1]])
        text += rng.choice([" and ", ". Also ", ", also "]) + _lower_first(second)
    opener = rng.choice(OPENERS)
    if opener:
        text = opener + _lower_first(text)
    text = text.replace("{place}", place).replace("{road}", rng.choice(ROADS))
    text = text + rng.choice(tails)
    roll = rng.random()
    if roll < 0.09:
        text = _typo(text, rng)
    elif roll < 0.15:
        text = text.lower()
    elif roll < 0.17:
        text = text.upper()
    return text.strip()


def _safer_weights(person: _Person) -> dict[str, float]:
    w = {
        "visibility": 3.0,
        "speeding": 2.0,
        "asb": 2.0,
        "drugs": 1.2,
        "lighting": 1.3,
        "response": 1.5,
        "cost": 0.6,
        "rural": 0.4,
    }
    if person.rural:
        w["rural"] *= 4
        w["speeding"] *= 1.3
        w["drugs"] *= 0.6
    if person.district.code in URBAN:
        w["asb"] *= 1.4
        w["drugs"] *= 1.7
    if person.female:
        w["lighting"] *= 1.8
    if person.older:
        w["visibility"] *= 1.4
        w["speeding"] *= 1.2
    if person.young:
        w["lighting"] *= 1.3
        w["drugs"] *= 1.3
        w["visibility"] *= 0.7
    if person.camp == 1:
        w["cost"] *= 3
    return w


def _precept_view_weights(person: _Person) -> dict[str, float]:
    w = {"cost": 1.0, "value": 1.0, "visibility": 1.0, "transparency": 0.8, "response": 0.6}
    w["rural"] = 0.8 if person.rural else 0.05
    if person.camp == 0:
        w["visibility"] *= 3
        w["cost"] *= 0.3
        w["value"] *= 0.5
    else:
        w["cost"] *= 2.5
        w["value"] *= 2
        w["visibility"] *= 0.2
    return w


# -- 1. the precept consultation ---------------------------------------------------------------


# (text, share agreeing in camp 0 "more for visible policing", in camp 1 "value for money first",
#  written by a respondent)
STATEMENTS = [
    ("I would pay more council tax if it meant more officers in my neighbourhood.", 0.86, 0.1, False),
    ("The police should make savings before asking for more money.", 0.35, 0.93, False),
    ("Neighbourhood policing should be the first call on any extra money.", 0.88, 0.45, False),
    ("Council tax is already too high for what we get from the police.", 0.18, 0.9, False),
    ("101 calls should be answered within five minutes.", 0.82, 0.84, False),
    ("I would rather see PCSOs on foot than more officers in cars.", 0.76, 0.52, False),
    ("Extra money should go on tackling violence against women and girls.", 0.7, 0.58, False),
    ("The Commissioner's own office costs too much.", 0.28, 0.86, False),
    ("Rural areas get less than their fair share of policing.", 0.56, 0.55, True),
    ("Speeding should be treated as seriously as burglary.", 0.52, 0.4, False),
    ("I trust the police to spend any extra money well.", 0.74, 0.12, False),
    ("Online fraud needs more specialist officers.", 0.56, 0.5, False),
    ("Every burglary victim should get a visit from an officer.", 0.86, 0.74, False),
    ("A £14 rise for a Band D home is reasonable.", 0.82, 0.08, False),
    ("People on fixed incomes should not be asked to pay more.", 0.34, 0.9, False),
    ("More CCTV would make our town centres safer.", 0.72, 0.5, True),
    ("The police should publish exactly how the precept is spent.", 0.88, 0.95, False),
    ("Young people need more diversion schemes, not just enforcement.", 0.55, 0.48, False),
    ("The police do not come when you call them.", 0.42, 0.82, True),
    ("Drug dealing is the biggest problem where I live.", 0.4, 0.42, True),
    ("The government, not local council tax payers, should pay for the police.", 0.42, 0.86, False),
]  # fmt: skip
PENDING = [
    "Police stations should be open to the public at weekends again.",
    "Fly-tipping should be a police matter, not just left to the council.",
    "Spend less on the helicopter and more on local teams.",
]
REJECTED = [
    "The Commissioner is a waste of space and should resign!!!",
    "Ring me on 07700 900123 about my neighbour's car parked on the pavement",
]


def _precept(
    office: Office, staff: _Staff, places: _Places, today: dt.date, rng: random.Random
) -> Consultation:
    opens = today - dt.timedelta(weeks=10)
    closes = opens + dt.timedelta(days=27)
    consultation = _consultation(
        office,
        staff.officer,
        title="Policing precept 2027/28",
        title_cy="Praesept plismona 2027/28",
        slug=PRECEPT_SLUG,
        description=(
            "Part of your council tax pays for policing: this is the policing precept. The "
            "Commissioner sets it each year and must ask you first. Tell us how much more, if "
            "anything, you would pay next year, how safe you feel, and what matters most to you. "
            "It takes about ten minutes."
        ),
        description_cy=(
            "Mae rhan o’ch treth gyngor yn talu am blismona: dyma’r praesept plismona. Mae’r "
            "Comisiynydd yn ei bennu bob blwyddyn a rhaid iddo ofyn i chi yn gyntaf. Dywedwch "
            "wrthym faint yn rhagor y byddech yn ei dalu y flwyddyn nesaf, pa mor ddiogel rydych "
            "yn teimlo, a beth sydd bwysicaf i chi. Mae’n cymryd tua deg munud."
        ),
        strategic_area=StrategicArea.PRECEPT,
        area=places.force_area,
        opens_on=opens,
        closes_on=closes,
        status=Status.CLOSED,
        privacy_notice=PRIVACY,
        privacy_notice_cy=PRIVACY_CY,
        ask_demographics=True,
    )
    b = _Builder(consultation)
    b.add_section(
        "Your views on the precept",
        "Eich barn am y praesept",
        intro=f"A Band D household pays £{BAND_D} a year for policing now.",
    )
    precept = b.add_question(
        QuestionKind.PRECEPT,
        "How much more would you be willing to pay a year for policing (for a Band D home)?",
        "Faint yn rhagor y byddech yn fodlon ei dalu y flwyddyn am blismona (cartref Band D)?",
        options=[
            ("No increase", "Dim cynnydd", Decimal("0")),
            (
                "£10 a year more (83p a month)",
                "£10 y flwyddyn yn rhagor (83c y mis)",
                Decimal("10"),
            ),
            (
                "£14 a year more (£1.17 a month), the most allowed without a local referendum",
                "£14 y flwyddyn yn rhagor (£1.17 y mis), yr uchafswm heb refferendwm lleol",
                Decimal("14"),
            ),
            (
                "£20 a year more (£1.67 a month), which would need a local referendum",
                "£20 y flwyddyn yn rhagor (£1.67 y mis), a fyddai angen refferendwm lleol",
                Decimal("20"),
            ),
        ],
        help_text=(
            f"A Band D household pays £{BAND_D} a year for policing now. Most homes in "
            "Warwickshire are in Bands A to C and would pay less than the amounts shown."
        ),
        band_d_current=BAND_D,
        required=True,
    )
    safety = b.add_question(
        QuestionKind.SCALE,
        "How safe do you feel in your area after dark?",
        "Pa mor ddiogel ydych chi’n teimlo yn eich ardal ar ôl iddi dywyllu?",
        scale_min=1,
        scale_max=5,
        scale_min_label="Very unsafe",
        scale_min_label_cy="Anniogel iawn",
        scale_max_label="Very safe",
        scale_max_label_cy="Diogel iawn",
    )
    ranking = b.add_question(
        QuestionKind.RANKING,
        "Rank these priorities",
        "Rhowch y blaenoriaethau hyn mewn trefn",
        options=[
            ("Neighbourhood policing", "Plismona yn y gymdogaeth"),
            (
                "Tackling violence against women and girls",
                "Mynd i’r afael â thrais yn erbyn menywod a merched",
            ),
            ("Road safety", "Diogelwch ar y ffyrdd"),
            ("Rural crime", "Troseddau gwledig"),
            ("Cyber crime and fraud", "Seiberdroseddu a thwyll"),
        ],
        help_text="Put the one that matters most to you first.",
    )
    b.add_section("Your experience", "Eich profiad")
    contacted = b.add_question(
        QuestionKind.SINGLE,
        "Have you contacted the police in the last 12 months?",
        "Ydych chi wedi cysylltu â’r heddlu yn ystod y 12 mis diwethaf?",
        options=[
            ("Yes, by calling 999", "Do, drwy ffonio 999"),
            ("Yes, by calling 101", "Do, drwy ffonio 101"),
            ("Yes, online or by email", "Do, ar-lein neu drwy e-bost"),
            ("Yes, in person", "Do, wyneb yn wyneb"),
            ("No", "Naddo"),
        ],
    )
    hear = b.add_question(
        QuestionKind.MULTIPLE,
        "How would you like to hear from the Commissioner?",
        "Sut hoffech chi glywed gan y Comisiynydd?",
        options=[
            ("Email newsletter", "Cylchlythyr e-bost"),
            ("Social media", "Cyfryngau cymdeithasol"),
            ("Local newspaper or radio", "Papur newydd neu radio lleol"),
            ("Community forum meetings", "Cyfarfodydd fforwm cymunedol"),
            ("A letter or leaflet through the door", "Llythyr neu daflen drwy’r drws"),
            ("I don't want to hear from the Commissioner", "Dydw i ddim eisiau clywed"),
        ],
        help_text="Choose all that apply.",
    )
    safer = b.add_question(
        QuestionKind.TEXT,
        "What one thing would make you feel safer?",
        "Beth yw’r un peth a fyddai’n gwneud i chi deimlo’n fwy diogel?",
        max_length=2000,
    )
    anything = b.add_question(
        QuestionKind.TEXT,
        "Anything else you want the Commissioner to know about the precept?",
        "Oes unrhyw beth arall yr hoffech i’r Comisiynydd ei wybod am y praesept?",
        max_length=5000,
    )
    b.add_section(
        "Statements",
        "Datganiadau",
        intro="Other people wrote some of these. Vote on as many as you like, and add your own.",
    )
    voting = b.add_question(
        QuestionKind.STATEMENTS,
        "Do you agree or disagree with these statements?",
        "Ydych chi’n cytuno neu’n anghytuno â’r datganiadau hyn?",
        allow_new_statements=True,
        help_text="Agree, disagree or pass on each. Staff check new statements before others see them.",
    )
    statements = Statement.objects.bulk_create(
        [
            Statement(
                question=voting,
                text=text,
                status=StatementStatus.APPROVED,
                moderated_by=staff.officer,
            )
            for text, *_rest in STATEMENTS
        ]
        + [
            Statement(question=voting, text=text, status=StatementStatus.REJECTED)
            for text in REJECTED
        ]
    )
    approved, rejected = statements[: len(STATEMENTS)], statements[len(STATEMENTS) :]

    people = _people(places, PRECEPT_RESPONSES, rng)
    for person in people:
        i = person.age_index
        roll = rng.random()
        paper = (0.04, 0.04, 0.04, 0.05, 0.09, 0.17, 0.3)[i]
        phone = (0.02, 0.02, 0.03, 0.03, 0.04, 0.05, 0.08)[i]
        person.channel = (
            ResponseChannel.PAPER
            if roll < paper
            else ResponseChannel.PHONE
            if roll < paper + phone
            else ResponseChannel.ONLINE
        )
    # The answers are drawn person by person in the order people were made, not in the order
    # they arrive: when paper forms are typed in depends on the weekday the consultation opens,
    # and the answers (and so their themes) must not depend on the date the demo is built.
    made = list(people)
    _schedule(people, rng, opens, 28)

    # Statements written by respondents: the approved ones early in the first week (so that
    # most voters saw them), the pending ones in the last days, the rejected ones at any time.
    online = [p for p in people if p.channel == ResponseChannel.ONLINE]
    voters = {id(p) for p in online if rng.random() < 0.36}
    public = [s for s, spec in zip(approved, STATEMENTS, strict=True) if spec[3]]
    early = [p for p in online[: len(online) // 6] if id(p) in voters]
    late = [p for p in online[len(online) - len(online) // 8 :] if id(p) in voters]
    authors: dict[int, _Person] = {}
    for statement, author in zip(public, rng.sample(early, len(public)), strict=True):
        authors[statement.pk] = author
    rejected_authors = rng.sample(online, len(rejected))
    pending_authors = rng.sample(late, len(PENDING))
    opening = _aware(opens, 0, 0)
    # A respondent's statement is seen only by those who come after its author.
    shown_from = {s.pk: (authors[s.pk].when if s.pk in authors else opening) for s in approved}

    drawn = []
    for person in made:
        answers: dict[str, object] = {}
        i = person.age_index
        # Precept: older people and the "visible policing" camp will pay more.
        lean = (
            rng.gauss(0, 0.9)
            + 0.22 * (i - 3)
            + (0.8 if person.camp == 0 else -0.8)
            - (0.25 if person.district.code in URBAN else 0)
        )
        choice = 0 if lean < -0.45 else 1 if lean < 0.35 else 2 if lean < 1.8 else 3
        answers[precept.key] = _options(precept)[choice].pk
        if rng.random() > 0.03:
            feel = 3.5 + rng.gauss(0, 0.95)
            feel += -0.6 if person.female else 0.1
            feel += {6: -0.35, 0: 0.2}.get(i, 0)
            feel += 0.35 if person.rural else -0.35 if person.district.code in URBAN else 0
            answers[safety.key] = max(1, min(5, round(feel)))
        if rng.random() > 0.08:
            scores = [1.0, 0.6, 0.3, 0.0, 0.2]
            scores[0] += 0.45 * max(0, i - 3) - (0.35 if person.young else 0)
            scores[1] += 0.8 if person.female else 0
            scores[1] += 0.4 if person.young else 0
            scores[2] += 0.3 if person.rural else 0
            scores[3] += 1.1 if person.rural else -0.2
            scores[4] += 1.0 if person.young else (0.3 if i == 2 else 0)
            noisy = [
                (s + rng.gauss(0, 0.75), o.pk)
                for s, o in zip(scores, _options(ranking), strict=True)
            ]
            order = [pk for _s, pk in sorted(noisy, reverse=True)]
            answers[ranking.key] = order[:3] if rng.random() < 0.14 else order
        if rng.random() > 0.05:
            young = person.young
            weights = [0.07, 0.17 if i >= 4 else 0.12, 0.13 if young else 0.07, 0.04, 0.6]
            answers[contacted.key] = rng.choices(_options(contacted), weights)[0].pk
        if rng.random() > 0.1:
            o = _options(hear)
            if rng.random() < 0.05:
                answers[hear.key] = [o[5].pk]
            else:
                chances = [
                    0.5,
                    0.7 if person.young else 0.35 - 0.04 * i,
                    0.15 + 0.07 * i,
                    0.1 + 0.04 * i,
                    0.1 + 0.06 * i,
                ]
                picked = [opt.pk for opt, c in zip(o, chances, strict=False) if rng.random() < c]
                answers[hear.key] = picked or [o[0].pk]
        if rng.random() < 0.66:
            if rng.random() < 0.04:
                answers[safer.key] = rng.choice(NOTHING)
            else:
                answers[safer.key] = _sentence(SAFER, _safer_weights(person), person, rng)
        if rng.random() < 0.3:
            answers[anything.key] = _sentence(
                PRECEPT_VIEWS,
                _precept_view_weights(person),
                person,
                rng,
                tails=VIEW_TAILS,
                two_themes=0.1 if person.camp == 1 else 0,
            )
        if id(person) in voters:
            seen = [
                (s, spec)
                for s, spec in zip(approved, STATEMENTS, strict=True)
                if shown_from[s.pk] <= person.when
            ]
            share = rng.uniform(0.6, 0.9)
            votes: dict[str, int] = {}
            for statement, (_t, agree_0, agree_1, _p) in seen:
                if authors.get(statement.pk) is person:
                    votes[str(statement.pk)] = 1  # people agree with what they wrote
                    continue
                if rng.random() > share:
                    continue
                agree = agree_0 if person.camp == 0 else agree_1
                roll = rng.random()
                votes[str(statement.pk)] = 0 if roll < 0.1 else 1 if rng.random() < agree else -1
            if votes:
                answers[voting.key] = votes
        drawn.append((person, _response(office, consultation, person, rng, answers)))
    arrival = {id(p): n for n, p in enumerate(people)}
    drawn.sort(key=lambda pair: arrival[id(pair[0])])
    responses = [response for _person, response in drawn]
    created = _save_responses(consultation, _number_and_enter(responses, staff.data_entry, rng))
    by_person = {id(p): r for p, r in zip(people, created, strict=True)}

    # Who wrote which statement, and when staff looked at it.
    for statement in approved:
        writer = authors.get(statement.pk)
        if writer is not None:
            statement.author = by_person[id(writer)]
            statement.created_at = writer.when
            statement.moderated_at = writer.when + dt.timedelta(hours=rng.randint(2, 20))
        else:
            statement.created_at = _aware(opens - dt.timedelta(days=7), 11, 0)
            statement.moderated_at = statement.created_at
    for statement, author in zip(rejected, rejected_authors, strict=True):
        statement.author = by_person[id(author)]
        statement.created_at = author.when
        statement.moderated_by = staff.officer
        statement.moderated_at = author.when + dt.timedelta(hours=rng.randint(2, 30))
    Statement.objects.bulk_update(
        approved + rejected, ["author", "created_at", "moderated_at", "moderated_by"]
    )
    pending = Statement.objects.bulk_create(
        Statement(
            question=voting,
            text=text,
            status=StatementStatus.PENDING,
            author=by_person[id(author)],
        )
        for text, author in zip(PENDING, pending_authors, strict=True)
    )
    for statement, author in zip(pending, pending_authors, strict=True):
        statement.created_at = author.when
    Statement.objects.bulk_update(pending, ["created_at"])
    return consultation


# -- 2. the Police and Crime Plan, open now ----------------------------------------------------

PLAN_MISSING = {
    "visibility": [
        "Nothing about getting officers back into villages like {place}",
        "Neighbourhood policing should be the first priority, not one of seven",
    ],
    "speeding": [
        "Road safety needs real targets - speeding on the {road} is out of control",
        "How will you measure whether speeding has gone down?",
    ],
    "asb": [
        "More on anti-social behaviour, it is what most people actually experience",
        "Youth provision - diversion works better than enforcement",
    ],
    "response": [
        "A target for answering 101 calls",
        "Keeping victims informed after they report a crime",
    ],
    "rural": ["Rural crime and fly-tipping barely get a mention"],
    "cost": ["How much will all this cost council tax payers?"],
    "lighting": ["Working with the councils on lighting and CCTV"],
    "drugs": ["Stronger action on county lines and dealing near schools"],
}


def _plan(
    office: Office, staff: _Staff, places: _Places, today: dt.date, rng: random.Random
) -> Consultation:
    opens = today - dt.timedelta(days=10)
    consultation = _consultation(
        office,
        staff.officer,
        title="Police and Crime Plan 2027–2030: your priorities",
        title_cy="Cynllun Heddlu a Throseddu 2027–2030: eich blaenoriaethau",
        slug=PLAN_SLUG,
        description=(
            "The Commissioner is writing the Police and Crime Plan for the next three years. "
            "Tell us which priorities matter most to you and what the draft plan has missed."
        ),
        description_cy=(
            "Mae’r Comisiynydd yn ysgrifennu’r Cynllun Heddlu a Throseddu ar gyfer y tair "
            "blynedd nesaf. Dywedwch wrthym pa flaenoriaethau sydd bwysicaf i chi."
        ),
        strategic_area=StrategicArea.PRIORITIES,
        area=places.force_area,
        opens_on=opens,
        closes_on=today + dt.timedelta(weeks=3),
        status=Status.OPEN,
        privacy_notice=PRIVACY,
        privacy_notice_cy=PRIVACY_CY,
        ask_demographics=True,
    )
    b = _Builder(consultation)
    b.add_section("Your priorities", "Eich blaenoriaethau")
    top = b.add_question(
        QuestionKind.MULTIPLE,
        "Which three of these should the plan put first?",
        "Pa dri o’r rhain ddylai’r cynllun eu rhoi gyntaf?",
        options=[
            ("Neighbourhood policing and visible patrols", "Plismona yn y gymdogaeth"),
            ("Tackling violence against women and girls", "Trais yn erbyn menywod a merched"),
            ("Supporting victims of crime", "Cefnogi dioddefwyr troseddau"),
            ("Road safety", "Diogelwch ar y ffyrdd"),
            ("Drugs and county lines", "Cyffuriau a llinellau cyffuriau"),
            ("Rural crime", "Troseddau gwledig"),
            ("Fraud and cyber crime", "Twyll a seiberdroseddu"),
        ],
        max_choices=3,
        required=True,
        help_text="Choose up to three.",
    )
    how_well = b.add_question(
        QuestionKind.SINGLE,
        "How well does Warwickshire Police deal with the things that matter to you?",
        "Pa mor dda mae Heddlu Swydd Warwig yn delio â’r pethau sy’n bwysig i chi?",
        options=[
            ("Very well", "Da iawn"),
            ("Fairly well", "Eithaf da"),
            ("Not very well", "Ddim yn dda iawn"),
            ("Not at all well", "Ddim yn dda o gwbl"),
            ("Don't know", "Ddim yn gwybod"),
        ],
    )
    missing = b.add_question(
        QuestionKind.TEXT,
        "Is anything missing from the draft plan?",
        "Oes unrhyw beth ar goll o’r cynllun drafft?",
        max_length=3000,
    )
    people = _people(places, PLAN_RESPONSES, rng)
    days = [today - dt.timedelta(days=d) for d in range(10, 0, -1)]
    for person in people:
        person.channel = ResponseChannel.ONLINE if rng.random() < 0.92 else ResponseChannel.PAPER
        day = rng.choices(days, _day_weights(len(days)))[0]
        person.when = (
            _online_time(rng, day)
            if person.channel == ResponseChannel.ONLINE
            else _office_time(rng, day)
        )
    people.sort(key=lambda p: p.when)
    responses = []
    options = _options(top)
    for person in people:
        scores = [1.2, 0.7, 0.6, 0.4, 0.5, 0.0, 0.3]
        scores[0] += 0.15 * person.age_index
        scores[1] += 0.7 if person.female else 0
        scores[5] += 1.3 if person.rural else 0
        scores[6] += 0.8 if person.young else 0
        ranked = sorted(
            ((s + rng.gauss(0, 0.8), o.pk) for s, o in zip(scores, options, strict=True)),
            reverse=True,
        )
        answers: dict[str, object] = {
            top.key: [pk for _s, pk in ranked[: rng.choice([3, 3, 3, 2, 1])]]
        }
        if rng.random() > 0.06:
            answers[how_well.key] = rng.choices(_options(how_well), [0.1, 0.37, 0.3, 0.13, 0.1])[
                0
            ].pk
        if rng.random() < 0.45:
            answers[missing.key] = _sentence(PLAN_MISSING, _safer_weights(person), person, rng)
        responses.append(_response(office, consultation, person, rng, answers))
    # People part-way through, who saved to come back later.
    for person in _people(places, 5, rng):
        responses.append(
            Response(
                office=office,
                consultation=consultation,
                answers={top.key: [rng.choice(options).pk]},
                age_band=person.age,
            )
        )
    _save_responses(consultation, _number_and_enter(responses, staff.data_entry, rng))
    return consultation


# -- 3. the victims' survey, still a draft -----------------------------------------------------


def _victims(office: Office, staff: _Staff, today: dt.date) -> Consultation:
    consultation = _consultation(
        office,
        staff.research or staff.officer,
        title="Victims' services survey 2027",
        title_cy="Arolwg gwasanaethau dioddefwyr 2027",
        slug=VICTIMS_SLUG,
        description=(
            "If you have been the victim of a crime in Warwickshire in the last two years, tell "
            "us about the support you were offered, so that the Commissioner can improve it."
        ),
        description_cy=(
            "Os ydych wedi dioddef trosedd yn Swydd Warwig yn ystod y ddwy flynedd diwethaf, "
            "dywedwch wrthym am y cymorth a gynigiwyd i chi."
        ),
        strategic_area=StrategicArea.VICTIMS,
        area=Area.objects.for_office(office).filter(kind=AreaKind.FORCE_AREA).first(),
        opens_on=today + dt.timedelta(weeks=4),
        closes_on=today + dt.timedelta(weeks=10),
        status=Status.DRAFT,
        privacy_notice=PRIVACY,
        privacy_notice_cy=PRIVACY_CY,
        ask_demographics=True,
    )
    b = _Builder(consultation)
    b.add_section("Your experience", "Eich profiad")
    b.add_question(
        QuestionKind.SCALE,
        "How satisfied were you with the support you were offered after reporting the crime?",
        "Pa mor fodlon oeddech chi â’r cymorth a gynigiwyd i chi ar ôl rhoi gwybod am y drosedd?",
        scale_min=1,
        scale_max=5,
        scale_min_label="Very dissatisfied",
        scale_min_label_cy="Anfodlon iawn",
        scale_max_label="Very satisfied",
        scale_max_label_cy="Bodlon iawn",
        required=True,
    )
    b.add_question(
        QuestionKind.TEXT,
        "What one thing could we do better for victims of crime?",
        "Beth yw’r un peth y gallem ei wneud yn well i ddioddefwyr troseddau?",
        max_length=3000,
    )
    return consultation


# -- the analyst names the themes ---------------------------------------------------------------

# What an analyst calls a theme whose first keywords include any of these words, tried in order.
# The clustering names themes by their keywords ("Foot, patrol, officer"); an analyst reads the
# answers and gives each a name people will understand before anything is published.
THEME_NAMES = [
    ({"youths", "churchyard"}, "Groups of youths and drinking"),
    ({"anti", "vandalism"}, "Anti-social behaviour in parks and on estates"),
    ({"lighting", "dark"}, "Better street lighting"),
    ({"cctv", "centre"}, "CCTV and a police presence in town centres at night"),
    ({"cameras"}, "Officers out of their cars, and speed cameras"),
    ({"speed", "cars", "road", "speeding"}, "Speeding and dangerous driving"),
    ({"drug", "dealing"}, "Drug dealing"),
    ({"foot", "patrol", "bobby"}, "More police on foot patrol"),
    ({"exactly", "spent"}, "Tell us how the money is spent"),
    ({"management", "offices"}, "Spend less on management and offices"),
    ({"fixed", "pensioners", "income"}, "People on fixed incomes cannot pay more"),
    ({"instead"}, "Spend what we already pay better, not more council tax"),
    ({"tax", "council", "afford"}, "Council tax is too high already"),
    ({"office", "extra"}, "Put any extra money into visible policing, not the office"),
    ({"goes"}, "Show us where the money goes first"),
    ({"value", "money"}, "Value for money before any increase"),
    ({"officers", "pay", "bit"}, "Happy to pay a bit more for more officers"),
    ({"worth", "neighbourhood", "visible", "happy"}, "Worth paying more for visible policing"),
    ({"101", "999", "answered", "turn"}, "Answering calls and turning up"),
    ({"cost", "living"}, "The cost of living is hard enough already"),
    ({"closing", "dealers", "county"}, "Close down dealers' flats and county lines"),
    ({"paid", "publish"}, "Publish what the increase paid for"),
    ({"cut", "savings", "waste"}, "Cut the waste and find savings first"),
]  # fmt: skip


def name_themes(consultation: Consultation, *, by: User | None) -> None:
    """Rename the consultation's free-text themes as the demo's analyst would: each, largest
    first, takes the first name of THEME_NAMES that fits its keywords and is not yet taken in its
    question; a theme no name fits keeps the name it was found with."""
    taken: set[tuple[int, str]] = set()
    for theme in Theme.objects.filter(question__consultation=consultation).order_by("pk"):
        words = set(theme.keywords[:3])
        label = next(
            (
                name
                for keys, name in THEME_NAMES
                if keys & words and (theme.question_id, name) not in taken
            ),
            "",
        )
        if label:
            taken.add((theme.question_id, label))
            rename_theme(theme, label, by=by)

"""Read a partner-meeting schedule from CSV (seed 004's appendix as a table) and save it.

`parse_schedule` reads the file and says, row by row, how it understood each cell and what it
could not read; it writes nothing. `import_schedule` saves a parse that has no errors: it creates
or updates one MeetingSeries per row (recognised again by category and title), replaces the
commitments it made from the notes, and generates the next 12 months of meetings.

Real schedules are typed by hand in Word or Excel, so cells hold free text ("As Required Approx 6
per year", "PCC / DPCC in rotation", "PCC" typed in Cyrillic letters). Whatever the parser
cannot read is reported with its row number; it never guesses silently.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from engage.accounts.models import Membership, Post, User
from engage.core.models import Office
from engage.meetings.models import (
    Commitment,
    Frequency,
    MeetingSeries,
    Occurrence,
    ScheduleCategory,
)
from engage.meetings.services import generate_occurrences, update_series
from engage.places.models import Area

HEADER = [
    "Category",
    "Meetings",
    "Chair / Lead Officer",
    "Frequency",
    "OPCC Attendance",
    "OPCC Lead Officer",
    "Notes",
]
MAX_BYTES = 1024 * 1024
SEED_SCHEDULE = Path(__file__).parent / "data" / "seed-004-schedule.csv"

ERROR = "error"
WARNING = "warning"
NOTE = "note"


class ScheduleFileError(ValueError):
    """The file cannot be read at all (too big, not UTF-8)."""


@dataclass
class Message:
    """Something to tell the person importing: an error blocks the import, the others do not."""

    row: int | None
    level: str
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass
class CommitmentRow:
    posts: list[str]
    times: int
    period_months: int
    per_forum_area: bool
    description: str

    def key(self) -> tuple[Any, ...]:
        return (
            tuple(sorted(self.posts)),
            self.times,
            self.period_months,
            self.per_forum_area,
            self.description,
        )

    def get_posts_display(self) -> str:
        return " / ".join(_post_label(p) for p in self.posts)


@dataclass
class ScheduleRow:
    """One row of the file, as it will be saved."""

    row: int
    category: str = ""
    title: str = ""
    chair: str = ""
    frequency: str = ""
    per_year: int | None = None
    frequency_text: str = ""
    per_forum_area: bool = False
    expected_areas: int | None = None
    attending_posts: list[str] = field(default_factory=list)
    attendance_rotation: bool = False
    attendance_text: str = ""
    lead_officer: User | None = None
    lead_officer_posts: list[str] = field(default_factory=list)
    lead_officer_text: str = ""
    notes: str = ""
    commitments: list[CommitmentRow] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)

    @property
    def frequency_reworded(self) -> bool:
        """Whether the frequency as written differs from how it is shown (worth showing both)."""
        return self.frequency_text.casefold() != self.get_frequency_display().casefold()

    @property
    def import_key(self) -> str:
        return make_import_key(self.category, self.title)

    @property
    def errors(self) -> list[Message]:
        return [m for m in self.messages if m.level == ERROR]

    @property
    def warnings(self) -> list[Message]:
        return [m for m in self.messages if m.level == WARNING]

    @property
    def notes_messages(self) -> list[Message]:
        return [m for m in self.messages if m.level == NOTE]

    def get_category_display(self) -> str:
        return str(dict(ScheduleCategory.choices).get(self.category, ""))

    def get_frequency_display(self) -> str:
        if not self.frequency:
            return ""
        label = str(dict(Frequency.choices)[self.frequency])
        if self.frequency == Frequency.AS_REQUIRED and self.per_year:
            label = _("As required, about %(n)d a year") % {"n": self.per_year}
        if self.per_forum_area:
            label = _("%(frequency)s in each forum area") % {"frequency": label}
        return label

    def get_attending_posts_display(self) -> list[str]:
        return [_post_label(p) for p in self.attending_posts]

    def series_fields(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "title": self.title,
            "chair": self.chair,
            "frequency": self.frequency,
            "per_year": self.per_year,
            "frequency_text": self.frequency_text,
            "per_forum_area": self.per_forum_area,
            "expected_areas": self.expected_areas,
            "attending_posts": self.attending_posts,
            "attendance_rotation": self.attendance_rotation,
            "attendance_text": self.attendance_text,
            "lead_officer_text": self.lead_officer_text,
            "notes": self.notes,
        }


@dataclass
class ParsedSchedule:
    """The whole file: its rows and every message, file-level ones first."""

    rows: list[ScheduleRow] = field(default_factory=list)
    file_messages: list[Message] = field(default_factory=list)

    @property
    def messages(self) -> list[Message]:
        return [*self.file_messages, *(m for r in self.rows for m in r.messages)]

    @property
    def errors(self) -> list[Message]:
        return [m for m in self.messages if m.level == ERROR]

    @property
    def warnings(self) -> list[Message]:
        return [m for m in self.messages if m.level == WARNING]

    @property
    def is_valid(self) -> bool:
        return not self.errors


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    meetings: int = 0


def _post_label(value: str) -> str:
    return str(dict(Post.choices).get(value, value))


def make_import_key(category: str, title: str) -> str:
    """How a row is recognised again: category and title, ignoring case, spacing and punctuation."""
    words = re.sub(r"[\W_]+", " ", to_latin(title)[0].casefold()).strip()
    return f"{category}:{words}"[:300]


# --- Look-alike letters ---------------------------------------------------------------------

# Cyrillic and Greek letters that look like Latin ones. A word made only of these and Latin
# letters was typed with the wrong keyboard layout (or pasted from a PDF): PCC in Cyrillic.
_CYRILLIC = dict(
    zip(
        (
            "\u0410\u0412\u0421\u0415\u041d\u0406\u0408\u041a\u041c\u041e\u0420\u0405\u0422\u0425\u0423"
            "\u0430\u0435\u0456\u0458\u043e\u0440\u0441\u0455\u0445\u0443\u0501\u04bb"
        ),
        "ABCEHIJKMOPSTXYaeijopcsxydh",
        strict=True,
    )
)
_GREEK = dict(
    zip(
        (
            "\u0391\u0392\u0395\u0396\u0397\u0399\u039a\u039c\u039d\u039f\u03a1\u03a4\u03a5\u03a7"
            "\u03bf\u03b9\u03ba\u03bd\u03c1\u03c4\u03c5\u03c7"
        ),
        "ABEZHIKMNOPTYXoikvptux",
        strict=True,
    )
)
_LOOKALIKES = _CYRILLIC | _GREEK


def to_latin(text: str) -> tuple[str, list[tuple[str, str, str]]]:
    """Replace look-alike letters in words that are otherwise Latin.

    Returns the new text and, for each word changed, (as written, as read, script names).
    A word in real Cyrillic or Greek (with letters that have no Latin twin) is left alone.
    """
    changes: list[tuple[str, str, str]] = []

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        odd = [c for c in word if c in _LOOKALIKES]
        if not odd or any(not c.isascii() and c not in _LOOKALIKES for c in word):
            return word
        latin = "".join(_LOOKALIKES.get(c, c) for c in word)
        scripts = sorted({unicodedata.name(c).split()[0].title() for c in odd})
        changes.append((word, latin, _(" and ").join(scripts)))
        return latin

    return re.sub(r"\w+", fix, text), changes


# --- Categories -----------------------------------------------------------------------------

_CATEGORY_WORDS = [
    (ScheduleCategory.PUBLIC_ACCOUNTABILITY, ("public accountability", "accountability")),
    (ScheduleCategory.COUNCILS_MPS, ("council", "mps", "mp")),
    (ScheduleCategory.STAKEHOLDER_GROUPS, ("stakeholder",)),
    (ScheduleCategory.VOLUNTARY, ("voluntary",)),
    (ScheduleCategory.CRIMINAL_JUSTICE, ("criminal justice", "statutory")),
    (ScheduleCategory.OTHER, ("other",)),
]
ACCEPTED_CATEGORIES = (
    "Public accountability",
    "Councils / MPs",
    "Stakeholder groups",
    "Voluntary organisations",
    "Criminal justice, statutory agencies",
    "Other",
)


def read_category(text: str) -> str | None:
    words = " " + re.sub(r"[\W_]+", " ", text.casefold()).strip() + " "
    found = {
        category
        for category, keys in _CATEGORY_WORDS
        if any(f" {key} " in words or (" " in key and key in words) for key in keys)
    }
    return found.pop() if len(found) == 1 else None


# --- Frequencies ----------------------------------------------------------------------------

_FREQUENCY_WORDS: dict[str, Frequency] = {}
for _frequency, _phrases in {
    Frequency.WEEKLY: ("weekly", "every week", "once a week"),
    Frequency.FORTNIGHTLY: ("fortnightly", "every two weeks", "every 2 weeks"),
    Frequency.MONTHLY: ("monthly", "every month", "once a month"),
    Frequency.BIMONTHLY: ("bi monthly", "bimonthly", "every two months", "every 2 months"),
    Frequency.QUARTERLY: ("quarterly", "every three months", "every 3 months"),
    Frequency.TWICE_YEARLY: (
        "twice a year",
        "twice yearly",
        "six monthly",
        "6 monthly",
        "half yearly",
        "every six months",
        "every 6 months",
    ),
    Frequency.ANNUAL: (
        "annual",
        "annually",
        "yearly",
        "once a year",
        "annual meeting",
        "annual joint meeting",
        "annual general meeting",
        "agm",
    ),
    Frequency.TO_BE_AGREED: (
        "to be agreed",
        "to be confirmed",
        "to be arranged",
        "tba",
        "tbc",
        "tbd",
    ),
    Frequency.NONE: ("none", "n a", "no regular meeting"),
}.items():
    for _phrase in _phrases:
        _FREQUENCY_WORDS[_phrase] = _frequency

_AS_REQUIRED = re.compile(
    r"^as required"
    r"(?: (?:approx(?:imately)?|about|around|roughly|circa|c|up to))?"
    r"(?: (?P<n>\d{1,3}) (?:per year|a year|times a year|times per year|per annum|pa|each year))?$"
)
_PER_AREA = re.compile(r"^(?P<base>.+?) x (?P<n>\d{1,3})$")


@dataclass
class FrequencyReading:
    frequency: str
    per_year: int | None = None
    per_forum_area: bool = False
    expected_areas: int | None = None


def read_frequency(text: str) -> FrequencyReading | None:
    """What a Frequency cell means, or None if we cannot tell."""
    words = re.sub(r"[^\w]+", " ", text.casefold().replace("\u00d7", "x")).strip()
    if not words:
        return FrequencyReading(Frequency.NONE)
    per_area = _PER_AREA.match(words)
    if per_area:
        base = read_frequency(per_area.group("base"))
        if (
            base is None
            or base.per_forum_area
            or base.frequency
            in (
                Frequency.NONE,
                Frequency.TO_BE_AGREED,
            )
        ):
            return None
        base.per_forum_area = True
        base.expected_areas = int(per_area.group("n"))
        return base
    as_required = _AS_REQUIRED.match(words)
    if as_required:
        n = as_required.group("n")
        if n is not None and not 1 <= int(n) <= 366:
            return None
        return FrequencyReading(Frequency.AS_REQUIRED, per_year=int(n) if n else None)
    if words in _FREQUENCY_WORDS:
        return FrequencyReading(_FREQUENCY_WORDS[words])
    return None


# --- Posts ----------------------------------------------------------------------------------

_POST_PATTERNS: list[tuple[str, str]] = [
    (r"policy\s+and\s+research\s+officer", Post.RESEARCH_OFFICER),
    (r"policy\s+(?:and\s+)?support\s+officer", Post.POLICY_OFFICER),
    (r"policy\s+officer", Post.POLICY_OFFICER),
    (r"deputy\s+treasurer", Post.DEPUTY_TREASURER),
    (r"treasurer", Post.TREASURER),
    (r"chief\s+executive", Post.CEX),
    (r"c\s?\.\s?ex\b\.?|cex", Post.CEX),
    (r"deputy\s+police\s+and\s+crime\s+commissioner|deputy\s+pcc|dpcc", Post.DPCC),
    (r"police\s+and\s+crime\s+commissioner|pcc", Post.PCC),
    (r"community\s+(?:safety\s+)?ambassadors?|csas?", Post.AMBASSADOR),
]
_POST_RE = re.compile(
    "|".join(
        f"(?P<p{i}>(?<!\\w){pattern}(?!\\w))" for i, (pattern, _p) in enumerate(_POST_PATTERNS)
    ),
    re.IGNORECASE,
)
_ROTATION_RE = re.compile(r"(?<!\w)(?:in\s+)?rotation(?!\w)|(?<!\w)in\s+turn(?!\w)", re.IGNORECASE)
_INITIALS_RE = re.compile(r"\(\s*([A-Z]{1,4})\s*\)")
_OPCC_RE = re.compile(r"\(\s*opcc\s*\)", re.IGNORECASE)
# Words that join or qualify posts without naming one: "PCC and DPCC", "Area lead from ...".
_FILLER = {"and", "or", "with", "from", "the", "of", "by", "area", "lead", "officer", "opcc"}
_SUGGESTIONS = {
    "pcc": "PCC",
    "dpcc": "DPCC",
    "cex": "CEx",
    "chiefexecutive": "Chief Executive",
    "treasurer": "Treasurer",
    "deputytreasurer": "Deputy Treasurer",
    "policysupportofficer": "Policy Support Officer",
    "policyandresearchofficer": "Policy and Research Officer",
    "communityambassador": "Community Ambassador",
    "csa": "CSA",
}


@dataclass
class PostReading:
    posts: list[str]
    rotation: bool
    unread: list[str]
    initials: list[str]


def read_posts(text: str) -> PostReading:
    """The OPCC posts a cell names, in order, and the words we could not read."""
    initials = _INITIALS_RE.findall(text)
    text = _INITIALS_RE.sub(" ", _OPCC_RE.sub(" ", text))
    rotation = bool(_ROTATION_RE.search(text))
    text = _ROTATION_RE.sub(" ", text)
    posts: list[str] = []
    unread: list[str] = []
    position = 0

    def leftover(chunk: str) -> None:
        words = [w for w in re.split(r"[\s,;/&+]+", chunk) if w]
        if words and any(w.casefold().strip(".:-") not in _FILLER for w in words):
            unread.append(" ".join(words))

    for match in _POST_RE.finditer(text):
        leftover(text[position : match.start()])
        position = match.end()
        post = _POST_PATTERNS[int(str(match.lastgroup)[1:])][1]
        if post not in posts:
            posts.append(post)
    leftover(text[position:])
    if "/" in text and len(posts) > 1:
        rotation = True
    return PostReading(posts, rotation, unread, initials)


def _suggest(token: str) -> str | None:
    compact = re.sub(r"[\W_]+", "", token.casefold())
    close = difflib.get_close_matches(compact, list(_SUGGESTIONS), n=1, cutoff=0.6)
    return _SUGGESTIONS[close[0]] if close else None


# --- Notes and commitments ------------------------------------------------------------------

_POSTS_PHRASE = (
    r"(?P<posts>(?:deputy\s+)?(?:pcc|dpcc|cex|c\.\s?ex|chief\s+executive|treasurer|"
    r"policy\s+(?:and\s+)?support\s+officer|policy\s+officer|community\s+ambassadors?)"
    r"(?:\s*(?:/|,|and|&|or)\s*(?:pcc|dpcc|cex|c\.\s?ex|chief\s+executive|"
    r"(?:deputy\s+)?treasurer|policy\s+(?:and\s+)?support\s+officer|policy\s+officer|"
    r"community\s+ambassadors?))*)"
)
_NUMBER = r"(?P<times>one|a|an|two|three|four|\d{1,2})"
_NUMBERS = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4}
_COMMITMENT_PATTERNS = [
    # "Attendance by PCC for one meeting a year"
    re.compile(
        rf"attendance\s+by\s+{_POSTS_PHRASE}\s+(?:for|at)\s+{_NUMBER}\s+meetings?\s+"
        r"(?:a|per|each|every)\s+(?P<period>year|two\s+years|2\s+years)",
        re.IGNORECASE,
    ),
    # "PCC to attend one meeting a year"
    re.compile(
        rf"{_POSTS_PHRASE}\s+to\s+attend\s+{_NUMBER}\s+meetings?\s+"
        r"(?:a|per|each|every)\s+(?P<period>year|two\s+years|2\s+years)",
        re.IGNORECASE,
    ),
    # "PCC / DPCC to attend in 2 yearly cycle": once in each forum area every two years
    re.compile(
        rf"{_POSTS_PHRASE}\s+to\s+attend\s+(?:in\s+)?(?:a\s+)?"
        r"(?P<cycle>\d|two|three)[\s-]*year(?:ly|s)?\s+cycle",
        re.IGNORECASE,
    ),
    # "PCC to attend Annual Joint Meeting"
    re.compile(
        rf"{_POSTS_PHRASE}\s+to\s+attend\s+(?:the\s+|an\s+)?annual\s+(?:joint\s+|general\s+)?"
        r"meeting",
        re.IGNORECASE,
    ),
]


def read_commitments(notes: str, *, per_forum_area: bool) -> list[CommitmentRow]:
    """The attendance promises written in a Notes cell, in a form they can be checked against."""
    found: list[tuple[int, CommitmentRow]] = []
    for pattern in _COMMITMENT_PATTERNS:
        for match in pattern.finditer(notes):
            posts = read_posts(match.group("posts")).posts
            if not posts:
                continue
            groups = match.groupdict()
            times, years, in_each_area = 1, 1, False
            if groups.get("times"):
                times = _count(groups["times"])
            if groups.get("period"):
                years = 1 if groups["period"].casefold() == "year" else 2
            if groups.get("cycle"):
                # A cycle over several years only makes sense area by area: each forum area
                # sees the PCC or DPCC once in the cycle.
                years = _count(groups["cycle"])
                in_each_area = per_forum_area
            commitment = CommitmentRow(
                posts=posts,
                times=times,
                period_months=12 * years,
                per_forum_area=in_each_area,
                description=" ".join(match.group(0).split())[:300],
            )
            found.append((match.start(), commitment))
    return [c for _start, c in sorted(found, key=lambda pair: pair[0])]


def _count(word: str) -> int:
    word = word.casefold()
    return int(word) if word.isdigit() else _NUMBERS[word]


def financial_year_start(day: dt.date) -> dt.date:
    """1 April on or before `day`: commitments are counted over the office's financial year."""
    return dt.date(day.year if day.month >= 4 else day.year - 1, 4, 1)


# --- Reading the file -----------------------------------------------------------------------


def decode_schedule(data: bytes) -> str:
    """The file's text, or ScheduleFileError saying how to save it so that we can read it."""
    if len(data) > MAX_BYTES:
        raise ScheduleFileError(
            _(
                "The file is bigger than 1 MB. A schedule is a few hundred rows at most: "
                "check it is the right file."
            )
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ScheduleFileError(
            _(
                "Row %(row)d: the file is not saved as UTF-8, so its letters cannot be read. "
                "In Excel choose File, Save As, and pick “CSV UTF-8 (Comma delimited)”, then "
                "upload that file."
            )
            % {"row": line}
        ) from error


class _Office:
    """What the parser needs to know about the office: its people by post and its forum areas."""

    def __init__(self, office: Office) -> None:
        self.office = office
        members = list(
            Membership.objects.filter(office=office, is_active=True, user__is_active=True)
            .select_related("user")
            .order_by("pk")
        )
        self.by_post: dict[str, list[User]] = {}
        self.by_name: dict[str, list[User]] = {}
        for membership in members:
            self.by_post.setdefault(membership.post, []).append(membership.user)
            name = " ".join(membership.user.get_full_name().casefold().split())
            if name:
                self.by_name.setdefault(name, []).append(membership.user)
        self.forum_areas = Area.objects.for_office(office).forum_areas().count()


def parse_schedule(data: bytes, *, office: Office) -> ParsedSchedule:
    """Read a schedule CSV and say how each row will be saved, and what could not be read.

    Writes nothing. Errors (by row) mean the file must be fixed; warnings and notes do not stop
    the import.
    """
    parsed = ParsedSchedule()
    try:
        text = decode_schedule(data)
    except ScheduleFileError as error:
        parsed.file_messages.append(Message(None, ERROR, str(error)))
        return parsed
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as error:
        parsed.file_messages.append(Message(1, ERROR, _("Row 1: %(e)s") % {"e": error}))
        return parsed
    while header is not None and header and header[-1].strip() == "":
        header = header[:-1]
    if header is None or [h.strip() for h in header] != HEADER:
        parsed.file_messages.append(
            Message(
                1,
                ERROR,
                _(
                    "Row 1: the first row must be exactly this header: %(expected)s. "
                    "This file's first row is: %(found)s"
                )
                % {
                    "expected": ",".join(HEADER),
                    "found": ",".join(header or []) or _("(empty)"),
                },
            )
        )
        return parsed
    context = _Office(office)
    seen: dict[str, int] = {}
    line = reader.line_num
    while True:
        start = line + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            parsed.file_messages.append(
                Message(start, ERROR, _("Row %(row)d: %(e)s") % {"row": start, "e": error})
            )
            break
        line = reader.line_num
        while cells and cells[-1].strip() == "":
            cells.pop()
        if not cells:
            continue
        row = _parse_row(start, cells, context)
        if row.category and row.title:
            if row.import_key in seen:
                row.messages.append(
                    Message(
                        start,
                        ERROR,
                        _(
                            "Row %(row)d: “%(title)s” in %(category)s is already on row "
                            "%(first)d. Remove one of the two rows."
                        )
                        % {
                            "row": start,
                            "title": row.title,
                            "category": row.get_category_display(),
                            "first": seen[row.import_key],
                        },
                    )
                )
            else:
                seen[row.import_key] = start
        parsed.rows.append(row)
    if not parsed.rows and not parsed.errors:
        parsed.file_messages.append(
            Message(None, ERROR, _("The file has a header but no meetings under it."))
        )
    return parsed


_LIMITS = {
    "Meetings": 200,
    "Chair / Lead Officer": 300,
    "Frequency": 200,
    "OPCC Attendance": 300,
    "OPCC Lead Officer": 300,
}


def _parse_row(n: int, cells: list[str], context: _Office) -> ScheduleRow:
    row = ScheduleRow(row=n)
    say = row.messages.append
    if len(cells) > len(HEADER):
        say(
            Message(
                n,
                ERROR,
                _(
                    "Row %(row)d has %(found)d cells but the schedule has %(expected)d columns. "
                    "Put quotes around any cell that contains a comma."
                )
                % {"row": n, "found": len(cells), "expected": len(HEADER)},
            )
        )
        return row
    cells = [
        " ".join(c.split()) if name != "Notes" else c.strip()
        for name, c in zip(HEADER, cells + [""] * 7, strict=False)
    ]
    values: dict[str, str] = {}
    for name, value in zip(HEADER, cells, strict=False):
        latin, changes = to_latin(value)
        for written, read, scripts in changes:
            say(
                Message(
                    n,
                    WARNING,
                    _(
                        "Row %(row)d: '%(written)s' was written with %(scripts)s letters; "
                        "read as %(read)s"
                    )
                    % {"row": n, "written": written, "scripts": scripts, "read": read},
                )
            )
        values[name] = latin
        if name in _LIMITS and len(latin) > _LIMITS[name]:
            say(
                Message(
                    n,
                    ERROR,
                    _("Row %(row)d: %(column)s is longer than %(limit)d characters; shorten it.")
                    % {"row": n, "column": name, "limit": _LIMITS[name]},
                )
            )

    row.title = values["Meetings"]
    row.chair = values["Chair / Lead Officer"]
    row.notes = values["Notes"]
    if not row.title:
        say(
            Message(
                n,
                ERROR,
                _("Row %(row)d: the Meetings cell is empty; give the meeting its name.")
                % {"row": n},
            )
        )

    category = read_category(values["Category"])
    if category is None:
        say(
            Message(
                n,
                ERROR,
                _("Row %(row)d: Category '%(text)s' is not one we know. Use one of: %(accepted)s.")
                % {
                    "row": n,
                    "text": values["Category"],
                    "accepted": "; ".join(ACCEPTED_CATEGORIES),
                },
            )
        )
    else:
        row.category = category

    _read_frequency_cell(row, values["Frequency"], context)
    _read_attendance_cell(row, values["OPCC Attendance"])
    _read_lead_officer_cell(row, values["OPCC Lead Officer"], context)

    row.commitments = read_commitments(row.notes, per_forum_area=row.per_forum_area)
    if not row.commitments and re.search(r"\battend", row.notes, re.IGNORECASE):
        say(
            Message(
                n,
                NOTE,
                _(
                    "Row %(row)d: the notes mention attendance but give no number of meetings "
                    "and period, so no commitment is recorded from them (they are kept as notes)."
                )
                % {"row": n},
            )
        )
    return row


def _read_frequency_cell(row: ScheduleRow, text: str, context: _Office) -> None:
    n = row.row
    row.frequency_text = text
    reading = read_frequency(text)
    if reading is None:
        row.messages.append(
            Message(
                n,
                ERROR,
                _(
                    "Row %(row)d: Frequency '%(text)s' is not one we can read. Use Quarterly, "
                    "Bi-monthly, Monthly, Annual, 'As required, about N a year', 'To be agreed', "
                    "or leave it blank."
                )
                % {"row": n, "text": text},
            )
        )
        return
    row.frequency = reading.frequency
    row.per_year = reading.per_year
    row.per_forum_area = reading.per_forum_area
    row.expected_areas = reading.expected_areas
    if reading.frequency == Frequency.AS_REQUIRED and reading.per_year is None:
        row.messages.append(
            Message(
                n,
                WARNING,
                _(
                    "Row %(row)d: 'As required' gives no number of meetings a year, so no dates "
                    "will be generated. Write 'As required, about 6 a year' to get provisional "
                    "dates."
                )
                % {"row": n},
            )
        )
    if reading.per_forum_area and reading.expected_areas != context.forum_areas:
        row.messages.append(
            Message(
                n,
                WARNING,
                _(
                    "Row %(row)d: '%(text)s' expects %(expected)d community forum areas but this "
                    "office has %(actual)d; meetings will be generated for the %(actual)d it has."
                )
                % {
                    "row": n,
                    "text": text,
                    "expected": reading.expected_areas,
                    "actual": context.forum_areas,
                },
            )
        )


def _read_attendance_cell(row: ScheduleRow, text: str) -> None:
    n = row.row
    row.attendance_text = text
    reading = read_posts(text)
    row.attending_posts = reading.posts
    row.attendance_rotation = reading.rotation
    for initials in reading.initials:
        row.messages.append(
            Message(
                n,
                NOTE,
                _(
                    "Row %(row)d: the initials '(%(initials)s)' in OPCC Attendance are ignored; "
                    "the post is what is recorded."
                )
                % {"row": n, "initials": initials},
            )
        )
    for token in reading.unread:
        suggestion = _suggest(token)
        hint = _(" did you mean %(post)s?") % {"post": suggestion} if suggestion else ""
        row.messages.append(
            Message(
                n,
                WARNING,
                _(
                    "Row %(row)d: could not read '%(token)s' in OPCC Attendance;%(hint)s It is "
                    "kept as written and no post is assigned."
                )
                % {"row": n, "token": token, "hint": hint},
            )
        )


def _read_lead_officer_cell(row: ScheduleRow, text: str, context: _Office) -> None:
    n = row.row
    row.lead_officer_text = text
    if not text:
        return
    named = context.by_name.get(" ".join(text.casefold().split()), [])
    if len(named) == 1:
        row.lead_officer = named[0]
        return
    reading = read_posts(text)
    row.lead_officer_posts = reading.posts
    if not reading.posts:
        row.messages.append(
            Message(
                n,
                WARNING,
                _(
                    "Row %(row)d: OPCC Lead Officer '%(text)s' is not a post or a member of this "
                    "office that we know. It is kept as written and no lead officer is linked."
                )
                % {"row": n, "text": text},
            )
        )
        return
    for token in reading.unread:
        suggestion = _suggest(token)
        hint = _(" did you mean %(post)s?") % {"post": suggestion} if suggestion else ""
        row.messages.append(
            Message(
                n,
                WARNING,
                _(
                    "Row %(row)d: could not read '%(token)s' in OPCC Lead Officer;%(hint)s It is "
                    "kept as written."
                )
                % {"row": n, "token": token, "hint": hint},
            )
        )
    # The first post named that exactly one person holds leads; "Treasurer Deputy Treasurer"
    # is led by the Treasurer.
    for post in reading.posts:
        holders = context.by_post.get(post, [])
        if len(holders) == 1:
            row.lead_officer = holders[0]
            return
    posts = " / ".join(_post_label(p) for p in reading.posts)
    if any(context.by_post.get(p) for p in reading.posts):
        text = _(
            "Row %(row)d: more than one person in this office is %(post)s, so no lead officer "
            "is linked; it is kept as written."
        )
    else:
        text = _(
            "Row %(row)d: nobody in this office is %(post)s yet, so no lead officer is linked; "
            "it is kept as written."
        )
    row.messages.append(Message(n, NOTE, text % {"row": n, "post": posts}))


# --- Saving ---------------------------------------------------------------------------------


def series_changes(series: MeetingSeries, row: ScheduleRow) -> dict[str, Any]:
    """The fields of `series` that importing `row` would change, with their new values."""
    changes = {k: v for k, v in row.series_fields().items() if getattr(series, k) != v}
    if series.import_key != row.import_key:
        changes["import_key"] = row.import_key
    # A lead officer linked by hand stays linked unless the file names someone else.
    if row.lead_officer is not None and series.lead_officer_id != row.lead_officer.pk:
        changes["lead_officer"] = row.lead_officer
    elif row.lead_officer is None and "lead_officer_text" in changes:
        changes["lead_officer"] = None
    return changes


def _key(commitment: Commitment) -> tuple[Any, ...]:
    return (
        tuple(sorted(commitment.posts)),
        commitment.times,
        commitment.period_months,
        commitment.per_forum_area,
        commitment.description,
    )


def _imported(
    commitments: Iterable[Commitment], row: ScheduleRow, *, old_notes: str
) -> list[Commitment]:
    """The commitments an import made: their wording is one read from the notes, then or now.

    Others were added by hand and are kept.
    """
    wording = {
        c.description
        for notes in (old_notes, row.notes)
        for c in read_commitments(notes, per_forum_area=row.per_forum_area)
    }
    return [c for c in commitments if c.description in wording]


def preview_statuses(office: Office, parsed: ParsedSchedule) -> dict[int, str]:
    """For each row number: "new", "changed" or "unchanged", as importing now would find it."""
    existing = existing_series(office, parsed)
    statuses = {}
    for row in parsed.rows:
        series = existing.get(row.import_key)
        if series is None:
            statuses[row.row] = "new"
            continue
        imported = sorted(
            _key(c) for c in _imported(series.commitments.all(), row, old_notes=series.notes)
        )
        same = not series_changes(series, row) and imported == sorted(
            c.key() for c in row.commitments
        )
        statuses[row.row] = "unchanged" if same else "changed"
    return statuses


def existing_series(office: Office, parsed: ParsedSchedule) -> dict[str, MeetingSeries]:
    """The office's series that the file's rows will update, by import key.

    A series added by hand (no import key) with the same category and title as a row is taken
    over by that row rather than duplicated.
    """
    keys = {r.import_key for r in parsed.rows}
    found: dict[str, MeetingSeries] = {}
    for series in (
        MeetingSeries.objects.for_office(office)
        .filter(
            Q(import_key__in=keys)
            | Q(import_key="", category__in={r.category for r in parsed.rows})
        )
        .order_by("pk")
        .select_related("lead_officer")
        .prefetch_related("commitments")
    ):
        key = series.import_key or make_import_key(series.category, series.title)
        if key in keys and (key not in found or series.import_key):
            found[key] = series
    return found


@transaction.atomic
def import_schedule(
    office: Office,
    parsed: ParsedSchedule,
    *,
    by: User | None,
    starts_on: dt.date | None = None,
) -> ImportResult:
    """Save a parsed schedule: one meeting series per row, created or updated, and their meetings.

    A row is matched to the series imported before with the same category and title, so
    importing the same file again changes nothing. Series that are not in the file are left
    alone. Commitments made from a series' notes are replaced by those in the file (a
    commitment added by hand is kept); a commitment that has not changed keeps its start date.
    Side effects: MeetingSeries and Commitment rows with history; meetings for the next 12
    months (generate_occurrences), including each forum area's for a series held in every area.
    Raises ValueError if the parse has errors.
    """
    if not parsed.is_valid:
        raise ValueError("A schedule with errors cannot be imported.")
    today = timezone.localdate()
    starts_on = starts_on or financial_year_start(today)
    began = timezone.now()
    result = ImportResult()
    existing = existing_series(office, parsed)
    touched: list[MeetingSeries] = []
    for row in parsed.rows:
        series = existing.get(row.import_key)
        if series is None:
            series = MeetingSeries(office=office, import_key=row.import_key, **row.series_fields())
            series.lead_officer = row.lead_officer
            series._history_user = by  # type: ignore[attr-defined]
            series.save()
            if series.is_recurring:
                # Fix the first date now, the way generate_occurrences would pick it today, so that
                # importing again on another day finds the same slots and adds no meetings.
                series.first_date = today + dt.timedelta(days=series.pk % 21)
                series._history_user = by  # type: ignore[attr-defined]
                series.save(update_fields=["first_date"])
            _replace_commitments(series, row, old_notes="", starts_on=starts_on, by=by)
            result.created += 1
        else:
            changes = series_changes(series, row)
            old_notes = series.notes
            if changes:
                update_series(series, changes, by=by)
            commitments_changed = _replace_commitments(
                series, row, old_notes=old_notes, starts_on=starts_on, by=by
            )
            if changes or commitments_changed:
                result.updated += 1
            else:
                result.unchanged += 1
        touched.append(series)
    end = today + relativedelta(months=12)
    for series in touched:
        generate_occurrences(series, start=today, end=end, by=by)
    result.meetings = Occurrence.objects.filter(series__in=touched, created_at__gte=began).count()
    return result


def _replace_commitments(
    series: MeetingSeries,
    row: ScheduleRow,
    *,
    old_notes: str,
    starts_on: dt.date,
    by: User | None,
) -> bool:
    """Make the series' imported commitments those of the row. Returns whether any changed."""
    current = _imported(Commitment.objects.filter(series=series), row, old_notes=old_notes)
    wanted = {c.key(): c for c in row.commitments}
    changed = False
    for commitment in current:
        key = _key(commitment)
        if key in wanted:
            wanted.pop(key)
        else:
            commitment._history_user = by  # type: ignore[attr-defined]
            commitment.delete()
            changed = True
    for new in wanted.values():
        commitment = Commitment(
            office=series.office,
            series=series,
            posts=new.posts,
            times=new.times,
            period_months=new.period_months,
            per_forum_area=new.per_forum_area,
            starts_on=starts_on,
            description=new.description,
        )
        commitment._history_user = by  # type: ignore[attr-defined]
        commitment.save()
        changed = True
    return changed

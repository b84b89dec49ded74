"""Import responses from a CSV or XLSX file, such as another survey tool's export.

The file has a header row and a row per response. Each column is matched to a question (by its
text in English or Welsh, by its number like "Q3", or by its id), to an "about you" field (age,
sex, ethnic group, disability, area, postcode district), or to the channel, a reference and the
date submitted. Every answer goes through `answers.check_answer`, so an imported answer is stored
exactly as the same answer given online.

`preview(...)` reads the file and says what importing it would store, with every problem by row
number and column; `perform_import(run)` (run by the tasks worker) reads the same file again and
saves all its responses in one transaction, or none of them.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from engage.consultations import runs
from engage.consultations.answers import check_answer
from engage.consultations.models import (
    AgeBand,
    Consultation,
    Disability,
    EthnicGroup,
    Question,
    QuestionKind,
    Response,
    ResponseChannel,
    Run,
    RunKind,
    RunStatus,
    Sex,
)
from engage.consultations.tasks import RunError
from engage.core import spreadsheets
from engage.core.spreadsheets import UnreadableFile
from engage.places.models import Area, AreaKind

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
# Problems listed on the preview; a file with more is almost always the wrong file.
MAX_PROBLEMS = 200
PREVIEW_ROWS = 10
UK = ZoneInfo("Europe/London")

# Columns that are not questions. Names are compared without case, spaces, "_" or "-".
ABOUT_YOU = {
    "age_band": ("age", "age band", "age group", "age range"),
    "sex": ("sex", "gender"),
    "ethnic_group": ("ethnic group", "ethnicity", "ethnic background", "ethnic origin"),
    "disability": ("disability", "disabled", "long-term health condition"),
    "area": ("area", "district", "local authority", "community forum area"),
    "postcode_district": ("postcode district", "postcode", "post code", "postcode area"),
}
OTHER_COLUMNS = {
    "channel": ("channel", "source", "method", "how received"),
    "source_id": (
        "reference",
        "ref",
        "id",
        "response id",
        "respondent id",
        "respondent",
        "form number",
        "source id",
    ),
    "submitted_at": (
        "submitted",
        "submitted at",
        "submitted on",
        "submitted date",
        "date submitted",
        "date",
        "timestamp",
        "completed",
        "date completed",
    ),
}
CHANNELS = {
    "paper": ResponseChannel.PAPER,
    "paper form": ResponseChannel.PAPER,
    "post": ResponseChannel.PAPER,
    "papur": ResponseChannel.PAPER,
    "phone": ResponseChannel.PHONE,
    "telephone": ResponseChannel.PHONE,
    "ffôn": ResponseChannel.PHONE,
    "email": ResponseChannel.EMAIL,
    "letter": ResponseChannel.EMAIL,
    "email or letter": ResponseChannel.EMAIL,
    "online": ResponseChannel.IMPORT,
    "web": ResponseChannel.IMPORT,
    "import": ResponseChannel.IMPORT,
}
DATE_FORMATS = (
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d/%m/%y %H:%M",
    "%d/%m/%y",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d",
    "%d %B %Y",
    "%d %b %Y",
    "%d %B %Y %H:%M",
)
POSTCODE_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
FORMULA_STARTS = ("=", "+", "-", "@")


# A free-text answer over the limit must reach check_answer, which says by how much, rather than
# stop the csv module (whose own limit is 131,072 characters). The file itself is at most 5 MB.
csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES + 1))


def normal(text: str) -> str:
    """Text compared without case, repeated spaces, "_" or a trailing colon or question mark."""
    return " ".join(text.replace("_", " ").split()).casefold().rstrip(":?").strip()


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- reading ------------------------------------------------------------------------------------


def read_table(content: bytes, filename: str) -> list[list[str]]:
    """The file's rows as lists of text, header first (see engage.core.spreadsheets)."""
    return spreadsheets.read_table(
        content,
        filename,
        max_rows=MAX_ROWS,
        empty_message=_("The file is empty. Choose the file with the responses in it."),
    )


# -- matching columns -----------------------------------------------------------------------------


@dataclass
class Column:
    """What one column of the file holds."""

    index: int
    header: str
    target: str  # "question", one of ABOUT_YOU, or one of OTHER_COLUMNS
    question: Question | None = None
    number: int | None = None  # the question's number in the consultation, from 1

    @property
    def label(self) -> str:
        if self.question is not None:
            return _("Question %(n)s: %(text)s") % {"n": self.number, "text": self.question.text}
        return str(_target_labels()[self.target])


def _target_labels() -> dict[str, str]:
    return {
        "age_band": _("Age"),
        "sex": _("Sex"),
        "ethnic_group": _("Ethnic group"),
        "disability": _("Disability"),
        "area": _("Area"),
        "postcode_district": _("Postcode district"),
        "channel": _("Channel"),
        "source_id": _("Reference"),
        "submitted_at": _("Date submitted"),
    }


@dataclass
class Problem:
    """Something in the file to fix: where it is and what to do."""

    message: str
    row: int | None = None
    column: str = ""

    def __str__(self) -> str:
        if self.row and self.column:
            return _("Row %(row)s, column “%(column)s”: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        if self.row:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return self.message


@dataclass
class PlannedResponse:
    """One row as it will be stored."""

    row: int
    answers: dict[str, Any] = field(default_factory=dict)
    about: dict[str, Any] = field(default_factory=dict)
    channel: str = ResponseChannel.IMPORT
    source_id: str = ""
    submitted_at: dt.datetime | None = None


@dataclass
class ImportPreview:
    """What importing the file would do, and whatever stops it."""

    filename: str
    digest: str
    columns: list[Column] = field(default_factory=list)
    rows: list[PlannedResponse] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    questions: list[tuple[int, Question]] = field(default_factory=list)
    rows_in_file: int = 0

    @property
    def can_import(self) -> bool:
        return bool(self.rows) and not self.problems

    @property
    def shown_problems(self) -> list[Problem]:
        return self.problems[:MAX_PROBLEMS]

    @property
    def more_problems(self) -> int:
        return max(0, len(self.problems) - MAX_PROBLEMS)

    @property
    def unmatched_questions(self) -> list[tuple[int, Question]]:
        matched = {c.question.pk for c in self.columns if c.question is not None}
        return [(n, q) for n, q in self.questions if q.pk not in matched]

    def first_rows(self) -> list[dict[str, Any]]:
        """The first rows as they will be stored, in words, for the preview table."""
        return [_display(self, planned) for planned in self.rows[:PREVIEW_ROWS]]


def numbered_questions(consultation: Consultation) -> list[tuple[int, Question]]:
    questions = (
        Question.objects.filter(consultation=consultation)
        .select_related("section")
        .prefetch_related("options")
        .order_by("section__position", "section__pk", "position", "pk")
    )
    return list(enumerate(questions, start=1))


def _match_columns(
    header: list[str], questions: list[tuple[int, Question]]
) -> tuple[list[Column], list[Problem]]:
    by_text: dict[str, tuple[int, Question]] = {}
    for number, question in questions:
        for text in (question.text, question.text_cy):
            if text:
                by_text.setdefault(normal(text), (number, question))
    by_number = dict(questions)
    by_pk = {q.pk: (n, q) for n, q in questions}
    others: dict[str, str] = {}
    for target, names in {**ABOUT_YOU, **OTHER_COLUMNS}.items():
        for name in names:
            others[normal(name)] = target

    columns: list[Column] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    unknown: list[str] = []
    for index, raw in enumerate(header):
        text = raw.strip()
        key = normal(text)
        if not key:
            continue
        found: Column | None = None
        numbered = re.fullmatch(r"(?:q|question)\s*\.?\s*(\d+)", key)
        if key in by_text:
            number, question = by_text[key]
            found = Column(index, text, "question", question, number)
        elif numbered and int(numbered.group(1)) in by_number:
            number = int(numbered.group(1))
            found = Column(index, text, "question", by_number[number], number)
        elif key.isdigit() and int(key) in by_pk:
            number, question = by_pk[int(key)]
            found = Column(index, text, "question", question, number)
        elif key.replace("-", " ") in others or key in others:
            target = others.get(key) or others[key.replace("-", " ")]
            found = Column(index, text, target)
        if found is None:
            unknown.append(text)
            continue
        identity = f"q{found.question.pk}" if found.question else found.target
        if identity in seen:
            problems.append(
                Problem(
                    _(
                        "The columns “%(a)s” and “%(b)s” are for the same thing (%(what)s). "
                        "Keep one of them."
                    )
                    % {"a": seen[identity], "b": text, "what": found.label}
                )
            )
            continue
        seen[identity] = text
        if found.question is not None and found.question.kind == QuestionKind.STATEMENTS:
            problems.append(
                Problem(
                    _(
                        "Votes on statements cannot be imported from this file. Delete the "
                        "column, and import the Pol.is export on the question's page instead."
                    ),
                    column=text,
                )
            )
            continue
        columns.append(found)

    for text in unknown:
        listing = "; ".join(f"Q{n} “{_short(q.text)}”" for n, q in questions)
        problems.append(
            Problem(
                _(
                    "The column “%(column)s” does not match any question or “about you” field. "
                    "Rename it to a question's text or number, or delete the column. "
                    "The questions are: %(questions)s."
                )
                % {"column": text, "questions": listing or _("none yet")}
            )
        )
    matched = {c.question.pk for c in columns if c.question is not None}
    for number, question in questions:
        if question.required and question.pk not in matched:
            if question.kind == QuestionKind.STATEMENTS:
                continue
            problems.append(
                Problem(
                    _(
                        "The file has no column for Q%(n)s “%(text)s”, which must be answered. "
                        "Add the column, named Q%(n)s or with the question's text."
                    )
                    % {"n": number, "text": _short(question.text)}
                )
            )
    return columns, problems


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- reading values ---------------------------------------------------------------------------


class _Lookups:
    """What checking values needs from the database and the translations, read once per file."""

    def __init__(self, consultation: Consultation) -> None:
        self.options: dict[int, dict[str, int]] = {}
        self.positions: dict[int, list[int]] = {}
        self.labels: dict[int, str] = {}
        self.choices: dict[str, dict[str, str]] = {}
        for target, choices in (
            ("age_band", AgeBand),
            ("sex", Sex),
            ("ethnic_group", EthnicGroup),
            ("disability", Disability),
        ):
            lookup: dict[str, str] = {}
            for value, label in choices.choices:
                lookup[normal(value)] = value
                for language in ("en", "cy"):
                    with translation.override(language):
                        lookup[normal(str(label))] = value
            self.choices[target] = lookup
        self.choices["age_band"].update(_AGE_WORDS)
        self.choices["sex"].update({"f": Sex.FEMALE, "m": Sex.MALE, "woman": Sex.FEMALE})
        self.choices["sex"].update({"man": Sex.MALE})
        areas = Area.objects.for_office(consultation.office).filter(
            kind__in=[AreaKind.DISTRICT, AreaKind.FORUM_AREA]
        )
        self.areas: dict[str, list[Area]] = {}
        for area in areas:
            for key in {normal(area.name), normal(area.name_cy), normal(area.ons_code)} - {""}:
                self.areas.setdefault(key, []).append(area)
        self.area_names = sorted({a.name for a in areas})

    def learn(self, question: Question) -> None:
        lookup: dict[str, int] = {}
        options = list(question.options.all())
        for option in options:
            self.labels[option.pk] = option.label
            for text in (option.label, option.label_cy):
                if text:
                    lookup.setdefault(normal(text), option.pk)
        self.options[question.pk] = lookup
        self.positions[question.pk] = [o.pk for o in options]


_AGE_WORDS = {
    "16 24": "16-24",
    "18 24": "16-24",
    "18-24": "16-24",
    "75 and over": "75+",
    "75 plus": "75+",
    "75 or older": "75+",
    "under 16": "under_16",
}


def _age_band(years: int) -> str:
    if years < 16:
        return AgeBand.UNDER_16
    for upper, band in ((24, "16-24"), (34, "25-34"), (44, "35-44"), (54, "45-54")):
        if years <= upper:
            return band
    if years <= 64:
        return AgeBand.A55_64
    return AgeBand.A65_74 if years <= 74 else AgeBand.A75_PLUS


def _option(question: Question, text: str, lookups: _Lookups) -> int:
    lookup = lookups.options[question.pk]
    key = normal(text)
    if key in lookup:
        return lookup[key]
    raise ValidationError(
        _("“%(value)s” is not one of the answers. Use one of: %(options)s.")
        % {
            "value": _short(text.strip(), 60),
            "options": "; ".join(lookups.labels[pk] for pk in lookups.positions[question.pk]),
        }
    )


def _options(question: Question, text: str, lookups: _Lookups) -> list[int]:
    """Labels separated by ";" or ",", allowing labels that themselves hold a comma."""
    lookup = lookups.options[question.pk]
    if normal(text) in lookup:
        return [lookup[normal(text)]]
    separator = ";" if ";" in text else ","
    parts = [p for p in text.split(separator)]
    chosen: list[int] = []
    start = 0
    while start < len(parts):
        if not parts[start].strip():
            start += 1
            continue
        for end in range(len(parts), start, -1):
            candidate = normal(separator.join(parts[start:end]))
            if candidate in lookup:
                chosen.append(lookup[candidate])
                start = end
                break
        else:
            chosen.append(_option(question, parts[start], lookups))
    return chosen


def _scale(question: Question, text: str) -> int | str:
    key = normal(text)
    for label, point in (
        (question.scale_min_label, question.scale_min),
        (question.scale_min_label_cy, question.scale_min),
        (question.scale_max_label, question.scale_max),
        (question.scale_max_label_cy, question.scale_max),
    ):
        if label and key == normal(label) and point is not None:
            return point
    # "4 - Agree" or "4 (agree)": the number comes first.
    leading = re.match(r"^\s*(-?\d+)(?:\.0+)?\b", text)
    if leading:
        return int(leading.group(1))
    raise ValidationError(
        _("Enter a whole number from %(low)s to %(high)s.")
        % {"low": question.scale_min, "high": question.scale_max}
    )


def _number(text: str) -> str:
    cleaned = text.strip().lstrip("£").replace(",", "")
    try:
        float(cleaned)
    except ValueError:
        raise ValidationError(
            _("“%(value)s” is not a number. Enter a number, like 25 or 2.5.")
            % {"value": _short(text, 40)}
        ) from None
    return cleaned


def _unescape(text: str) -> str:
    """Undo the formula guard exports put on cells ('=SUM…), so they import as they were."""
    if text[:1] == "'" and text[1:2] and text[1] in FORMULA_STARTS:
        return text[1:]
    return text


def _answer(question: Question, text: str, lookups: _Lookups) -> Any:
    if not text.strip():
        return check_answer(question, None)
    kind = question.kind
    value: Any
    if kind in (QuestionKind.SINGLE, QuestionKind.PRECEPT):
        value = _option(question, text, lookups)
    elif kind in (QuestionKind.MULTIPLE, QuestionKind.RANKING):
        value = _options(question, text, lookups)
    elif kind == QuestionKind.SCALE:
        value = _scale(question, text)
    elif kind == QuestionKind.NUMBER:
        value = _number(text)
    else:
        value = text
    return check_answer(question, value)


def parse_date(text: str) -> dt.datetime:
    """A UK date, with or without a time, as an aware datetime; ValidationError otherwise."""
    cleaned = " ".join(text.replace(",", " ").split())
    for pattern in DATE_FORMATS:
        try:
            parsed = dt.datetime.strptime(cleaned, pattern)
        except ValueError:
            continue
        return parsed.replace(tzinfo=UK)
    try:
        parsed = dt.datetime.fromisoformat(cleaned)
    except ValueError:
        raise ValidationError(
            _("“%(value)s” is not a date. Write it day first, like 27/03/2026 or 27/03/2026 14:05.")
            % {"value": _short(text, 40)}
        ) from None
    return parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=UK)


def _about(target: str, text: str, lookups: _Lookups) -> Any:
    key = normal(text)
    if target == "age_band":
        if key.isdigit():
            return _age_band(int(key))
        key = key.replace(" to ", "-")
    if target in lookups.choices:
        value = lookups.choices[target].get(key) or lookups.choices[target].get(
            key.replace("-", " ")
        )
        if value is None:
            raise ValidationError(
                _("“%(value)s” is not one of the answers. Use one of: %(choices)s.")
                % {
                    "value": _short(text, 40),
                    "choices": "; ".join(str(label) for label in _choices_of(target)),
                }
            )
        return value
    if target == "area":
        found = lookups.areas.get(key, [])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise ValidationError(
                _("“%(value)s” is the name of more than one area. Use its ONS code.")
                % {"value": text}
            )
        raise ValidationError(
            _("“%(value)s” is not a district or forum area of this office. Use one of: %(areas)s.")
            % {"value": _short(text, 40), "areas": "; ".join(lookups.area_names) or _("none")}
        )
    if target == "postcode_district":
        outward = text.upper().split()[0] if text.split() else ""
        if len(text.replace(" ", "")) >= 5 and " " not in text.strip():
            outward = text.replace(" ", "").upper()[:-3]  # a full postcode written without a space
        if not POSTCODE_DISTRICT.match(outward):
            raise ValidationError(
                _("“%(value)s” is not a postcode district. Write the first half, like CV11.")
                % {"value": _short(text, 20)}
            )
        return outward
    raise AssertionError(target)  # pragma: no cover


def _choices_of(target: str) -> list[str]:
    choices = {"age_band": AgeBand, "sex": Sex, "ethnic_group": EthnicGroup}.get(target, Disability)
    return [str(label) for label in choices.labels]


def _row_problem(row: int, column: str, error: ValidationError) -> Problem:
    return Problem(" ".join(str(m) for m in error.messages), row=row, column=column)


def _check_row(
    number: int, cells: list[str], columns: list[Column], lookups: _Lookups, now: dt.datetime
) -> tuple[PlannedResponse, list[Problem]]:
    planned = PlannedResponse(row=number)
    problems: list[Problem] = []
    for column in columns:
        text = _unescape(cells[column.index].strip()) if column.index < len(cells) else ""
        try:
            if column.question is not None:
                value = _answer(column.question, text, lookups)
                if value is not None:
                    planned.answers[column.question.key] = value
            elif not text:
                continue
            elif column.target == "channel":
                channel = CHANNELS.get(normal(text))
                if channel is None:
                    raise ValidationError(
                        _("“%(value)s” is not a channel. Use paper, phone, email or online.")
                        % {"value": _short(text, 30)}
                    )
                planned.channel = channel
            elif column.target == "source_id":
                if len(text) > 60:
                    raise ValidationError(_("A reference may be at most 60 characters long."))
                planned.source_id = text
            elif column.target == "submitted_at":
                submitted = parse_date(text)
                if submitted > now + dt.timedelta(minutes=5):
                    raise ValidationError(
                        _("%(value)s is in the future. Check the date.") % {"value": text}
                    )
                planned.submitted_at = submitted
            else:
                planned.about[column.target] = _about(column.target, text, lookups)
        except ValidationError as error:
            problems.append(_row_problem(number, column.header, error))
    if not planned.answers and not problems:
        problems.append(
            Problem(
                _("The row answers none of the questions. Fill it in or delete it."), row=number
            )
        )
    return planned, problems


def _already_imported(consultation: Consultation, digest: str, exclude: int | None = None) -> bool:
    earlier = Run.objects.filter(consultation=consultation, kind=RunKind.IMPORT).exclude(
        status=RunStatus.FAILED
    )
    if exclude is not None:
        earlier = earlier.exclude(pk=exclude)
    return earlier.filter(Q(result__digest=digest) | Q(result__options__digest=digest)).exists()


def preview(consultation: Consultation, data: bytes, filename: str) -> ImportPreview:
    """Everything importing the file would store, and every problem, without saving anything."""
    return _plan(consultation, data, filename)


def _plan(
    consultation: Consultation,
    data: bytes,
    filename: str,
    *,
    run: Run | None = None,
    progress: Callable[[int, str], None] | None = None,
) -> ImportPreview:
    plan = ImportPreview(filename=filename, digest=digest_of(data))
    plan.questions = numbered_questions(consultation)
    if _already_imported(consultation, plan.digest, exclude=run.pk if run else None):
        plan.problems.append(
            Problem(
                _(
                    "This file has already been imported into this consultation (or is being "
                    "imported now). Importing it again would count every response twice."
                )
            )
        )
        return plan
    if len(data) > MAX_BYTES:
        plan.problems.append(
            Problem(_("The file is bigger than 5 MB. Split it into smaller files."))
        )
        return plan
    try:
        table = read_table(data, filename)
    except UnreadableFile as error:
        plan.problems.append(Problem(str(error)))
        return plan
    header, body = table[0], table[1:]
    plan.columns, plan.problems = _match_columns(header, plan.questions)
    if plan.problems:
        return plan
    lookups = _Lookups(consultation)
    for _position, question in plan.questions:
        lookups.learn(question)
    now = timezone.now()
    references: dict[str, int] = {}
    for offset, cells in enumerate(body):
        number = offset + 2  # as the spreadsheet numbers it: the header is row 1
        if not any(cell.strip() for cell in cells):
            continue
        plan.rows_in_file += 1
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            plan.problems.append(
                Problem(
                    _(
                        "The row has more cells than the header has columns. Check for a "
                        "separator inside an answer that is not in quotes."
                    ),
                    row=number,
                )
            )
            continue
        planned, problems = _check_row(number, cells, plan.columns, lookups, now)
        if planned.source_id:
            key = planned.source_id.casefold()
            if key in references:
                problems.append(
                    Problem(
                        _("The reference %(ref)s is also on row %(other)s. Each must differ.")
                        % {"ref": planned.source_id, "other": references[key]},
                        row=number,
                    )
                )
            references.setdefault(key, number)
        plan.problems += problems
        if not problems:
            plan.rows.append(planned)
        if progress and offset % 500 == 0:
            progress(5 + int(60 * offset / max(1, len(body))), _("Checking the rows"))
    if references:
        known = set(
            Response.objects.filter(consultation=consultation)
            .exclude(source_id="")
            .values_list("source_id", flat=True)
        )
        clashes = {r.casefold() for r in known} & set(references)
        for ref in sorted(clashes, key=lambda r: references[r]):
            plan.problems.append(
                Problem(
                    _(
                        "A response with this reference is already in the consultation: it "
                        "may have been imported before. Delete the row, or import only new rows."
                    ),
                    row=references[ref],
                )
            )
    if plan.rows_in_file == 0 and not plan.problems:
        plan.problems.append(Problem(_("The file has a header row but no responses below it.")))
    plan.problems.sort(key=lambda p: p.row or 0)
    return plan


def _display(plan: ImportPreview, planned: PlannedResponse) -> dict[str, Any]:
    """A row's stored values in words: option labels, not their ids."""
    labels: dict[int, str] = {}
    for _n, question in plan.questions:
        for option in question.options.all():
            labels[option.pk] = option.label
    cells = []
    for column in plan.columns:
        if column.question is not None:
            value = planned.answers.get(column.question.key)
            if value is None:
                shown = ""
            elif column.question.kind == QuestionKind.RANKING:
                shown = "; ".join(f"{i}. {labels[pk]}" for i, pk in enumerate(value, start=1))
            elif isinstance(value, list):
                shown = "; ".join(labels[pk] for pk in value)
            elif column.question.kind in (QuestionKind.SINGLE, QuestionKind.PRECEPT):
                shown = labels[value]
            else:
                shown = _short(str(value), 200)
        elif column.target == "channel":
            shown = str(ResponseChannel(planned.channel).label)
        elif column.target == "source_id":
            shown = planned.source_id
        elif column.target == "submitted_at":
            shown = (
                timezone.localtime(planned.submitted_at).strftime("%d/%m/%Y %H:%M")
                if planned.submitted_at
                else _("when imported")
            )
        else:
            value = planned.about.get(column.target)
            if value is None:
                shown = ""
            elif column.target == "area":
                shown = value.name
            elif column.target == "postcode_district":
                shown = value
            else:
                choices = {
                    "age_band": AgeBand,
                    "sex": Sex,
                    "ethnic_group": EthnicGroup,
                    "disability": Disability,
                }[column.target]
                shown = str(choices(value).label)
        cells.append(shown)
    return {"row": planned.row, "cells": cells}


# -- importing --------------------------------------------------------------------------------


def start_import(consultation: Consultation, data: bytes, filename: str, *, by: Any) -> Run:
    """Queue the import of a checked file; the tasks worker runs `perform_import`."""
    return runs.start(
        consultation.office,
        RunKind.IMPORT,
        consultation=consultation,
        by=by,
        payload=data,
        payload_name=filename[:200],
        options={"digest": digest_of(data)},
    )


def perform_import(run: Run) -> dict[str, Any]:
    """Check the file again and save all its responses, or none (RunError says why).

    Side effects: creates a Response per row (channel import, paper or phone), entered by the
    person who started the import.
    """
    consultation = run.consultation
    if consultation is None:
        raise RunError(_("The consultation of this import no longer exists."))
    data = bytes(run.payload)
    runs.progress(run, 5, _("Reading the file"))
    with transaction.atomic():
        # Lock the consultation so that two imports of one file cannot both pass the check.
        Consultation.objects.select_for_update().filter(pk=consultation.pk).first()
        plan = _plan(
            consultation,
            data,
            run.payload_name,
            run=run,
            progress=lambda pct, stage: runs.progress(run, pct, stage),
        )
        if plan.problems:
            shown = "\n".join(str(p) for p in plan.problems[:10])
            more = len(plan.problems) - 10
            extra = "\n" + _("…and %(n)s more problems.") % {"n": more} if more > 0 else ""
            raise RunError(
                _("Nothing was imported. Fix these problems in the file and import it again:")
                + "\n"
                + shown
                + extra
            )
        runs.progress(run, 70, _("Saving the responses"))
        now = timezone.now()
        responses = [
            Response(
                office=consultation.office,
                consultation=consultation,
                channel=planned.channel,
                answers=planned.answers,
                submitted_at=planned.submitted_at or now,
                source_id=planned.source_id,
                entered_by=run.started_by,
                age_band=planned.about.get("age_band", ""),
                sex=planned.about.get("sex", ""),
                ethnic_group=planned.about.get("ethnic_group", ""),
                disability=planned.about.get("disability", ""),
                area=planned.about.get("area"),
                postcode_district=planned.about.get("postcode_district", ""),
            )
            for planned in plan.rows
        ]
        Response.objects.bulk_create(responses, batch_size=500)
    by_channel: dict[str, int] = {}
    for response in responses:
        by_channel[response.channel] = by_channel.get(response.channel, 0) + 1
    return {
        "kind": "import",
        "digest": plan.digest,
        "filename": run.payload_name,
        "responses": len(responses),
        "by_channel": by_channel,
        "columns": [c.header for c in plan.columns],
    }

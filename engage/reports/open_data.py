"""Open data: what each office publishes as CSV and JSON, column by column, and the rows.

One place for every dataset: its columns with their documentation (the open data page, the
files' `columns` and docs/open-data.md are all made from `DATASETS`), and the reads that fill
it. Every read starts from what the public site already shows and decides nothing itself:

- the diary is `meetings.diary.public_diary` (which decides what is public);
- consultation results are `consultations.results.present(..., published=True)` of the latest
  analysis, so small cells are suppressed exactly as on the public results page;
- decisions and "you said, we did" are the published ones, with the evidence the public decision
  page shows (`decisions.outcome_queries.public_evidence`: counts, never anyone's words).

Rows are dicts of JSON-ready values (text, numbers, true/false, ISO 8601 dates, lists, counts);
`csv_cell` turns each into a CSV cell made safe from spreadsheet formulas.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import Prefetch, QuerySet, TextChoices
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from engage.consultations import results, runs
from engage.consultations.models import Consultation, QuestionKind, Status, StrategicArea
from engage.core.exports import spreadsheet_safe
from engage.core.models import Office
from engage.decisions.models import DecisionKind, Outcome, OutcomePoint
from engage.decisions.outcome_queries import public_evidence, published_decisions
from engage.meetings.diary import PUBLIC_KINDS, PublicEntry, public_diary

# The diary's window: the past year's engagements and the next three months'.
DIARY_BEHIND = relativedelta(months=12)
DIARY_AHEAD = relativedelta(months=3)

LICENCE_NAME = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0"

Value = str | int | float | bool | list[str] | dict[str, int] | None
Row = dict[str, Value]
# Turns a path on this site into a full web address (the request's build_absolute_uri).
Link = Callable[[str], str]

TYPES = {
    "text": _("Text"),
    "integer": _("Whole number"),
    "decimal": _("Number, to one decimal place"),
    "boolean": _("true or false"),
    "date": _("Date, ISO 8601 (2026-06-04)"),
    "datetime": _("Date and time, ISO 8601 with the offset from UTC (2026-06-04T18:00:00+01:00)"),
    "url": _("Web address"),
    "list": _("List of text: in CSV separated by “; ”, in JSON an array"),
    "counts": _("Counts by name: in CSV “name: count” separated by “; ”, in JSON an object"),
}


def _choices(choices: type[TextChoices]) -> str:
    return "; ".join(f"{value} ({label})" for value, label in choices.choices)


choices_text = lazy(_choices, str)


def _one_of(meaning: Any, choices: type[TextChoices]) -> Any:
    return format_lazy("{} {}: {}.", meaning, _("One of"), choices_text(choices))


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a key of TYPES
    meaning: Any  # translated lazily: the page is in the reader's language
    example: str

    @property
    def type_label(self) -> str:
        return str(TYPES[self.type])

    @property
    def is_welsh(self) -> bool:
        return self.name.endswith("_cy")


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: Any
    description: Any
    columns: tuple[Column, ...]
    rows: Callable[[Office, Link], list[Row]]

    def filename(self, office: Office, extension: str) -> str:
        return f"{office.slug}-{self.slug}.{extension}"


# -- values -------------------------------------------------------------------------------------


def _when(value: dt.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _one_place(value: float | None) -> float | None:
    """To one decimal place, half up from the digits as written, as the public pages show it."""
    if value is None:
        return None
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def csv_cell(value: Value) -> str:
    """A value as a CSV cell: text made safe from formulas, numbers as they are."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return spreadsheet_safe("; ".join(value))
    if isinstance(value, dict):
        return spreadsheet_safe("; ".join(f"{name}: {n}" for name, n in value.items()))
    return spreadsheet_safe(value)


# -- the diary ----------------------------------------------------------------------------------


def _welsh_only(welsh: str, english: str) -> str:
    """The Welsh text, or '' where there is none (the Welsh diary falls back to the English)."""
    return welsh if welsh and welsh != english else ""


def diary_rows(office: Office, link: Link) -> list[Row]:
    """The Commissioner's and the Deputy's public engagements, the past year and the next three
    months, as the public diary shows them: what was heard only once it is past, and never for a
    cancelled one."""
    now = timezone.now()
    start, end = now - DIARY_BEHIND, now + DIARY_AHEAD
    with translation.override("en-gb"):
        entries = public_diary(office, start=start, end=end)
    with translation.override("cy"):
        welsh: dict[str, PublicEntry] = {
            e.uid: e for e in public_diary(office, start=start, end=end)
        }
    rows: list[Row] = []
    for e in entries:
        cy = welsh.get(e.uid)
        heard = e.is_past and not e.cancelled
        rows.append(
            {
                "uid": e.uid,
                "kind": e.kind,
                "title": e.title,
                "title_cy": _welsh_only(cy.title, e.title) if cy and not cy.title_english else "",
                "starts_at": _when(e.starts_at),
                "ends_at": _when(e.ends_at),
                "place": e.location,
                "area": e.area.name if e.area else "",
                "area_ons_code": e.area.ons_code if e.area else "",
                "who": e.people,
                "cancelled": e.cancelled,
                "attendance": (e.attendance or None) if heard else None,
                "themes_raised": dict(e.heard) if heard else {},
                "summary": e.summary if heard else "",
                "summary_cy": (
                    _welsh_only(cy.summary, e.summary)
                    if heard and cy and not cy.summary_english
                    else ""
                ),
            }
        )
    return rows


class DiaryKind(TextChoices):
    # The kinds public_diary gives, with the labels the public diary shows.
    ACTIVITY = "activity", PUBLIC_KINDS["activity"]
    FORUM = "forum", PUBLIC_KINDS["forum"]
    SURGERY = "surgery", PUBLIC_KINDS["surgery"]


DIARY = Dataset(
    slug="diary",
    title=_("The Commissioner's diary"),
    description=_(
        "The public engagements of the Police and Crime Commissioner and the Deputy: the past "
        "12 months and the next 3. Past ones say how many people came, what they raised "
        "(counted by theme, never what anyone said or who said it) and a short account written "
        "for the public."
    ),
    columns=(
        Column("uid", "text", _("A lasting identifier of the engagement."), "engage-public-activity-412"),
        Column("kind", "text", _one_of(_("What it is."), DiaryKind), "forum"),
        Column("title", "text", _("Its title."), "Visit to Brownsover youth club"),
        Column("title_cy", "text", _("Its title in Welsh, where written."), "Ymweliad â chlwb ieuenctid Brownsover"),
        Column("starts_at", "datetime", _("When it starts."), "2026-06-04T18:00:00+01:00"),
        Column("ends_at", "datetime", _("When it ends, where known."), "2026-06-04T20:00:00+01:00"),
        Column("place", "text", _("Where it is."), "Brownsover Community Centre"),
        Column("area", "text", _("The area it is in, where given."), "Rugby"),
        Column("area_ons_code", "text", _("The area's ONS code, where it has one."), "E07000220"),
        Column("who", "list", _("Who goes: the Commissioner, the Deputy or both."), "Helen Carter, Police and Crime Commissioner"),
        Column("cancelled", "boolean", _("Whether it was cancelled."), "false"),
        Column("attendance", "integer", _("How many people came, once it is past, where recorded."), "41"),
        Column("themes_raised", "counts", _("Once it is past: the themes of what people raised there, and how many people raised each."), "Road safety and speeding: 3; Anti-social behaviour: 1"),
        Column("summary", "text", _("Once it is past: what was heard, as written for the public."), "Residents asked for speed checks on Hillmorton Road."),
        Column("summary_cy", "text", _("The same in Welsh, where written."), "Gofynnodd trigolion am wiriadau cyflymder."),
    ),
    rows=diary_rows,
)  # fmt: skip


# -- consultations ------------------------------------------------------------------------------


def published_consultations(office: Office) -> QuerySet[Consultation]:
    """The office's consultations whose results are published, latest to close first."""
    return (
        Consultation.objects.for_office(office)
        .filter(status=Status.PUBLISHED)
        .select_related("office", "area")
        .order_by("-closes_on", "title", "pk")
    )


def _published_results(consultation: Consultation) -> results.Results | None:
    """What the public results page shows (small cells suppressed), in English."""
    run = runs.latest_analysis(consultation)
    if run is None:
        return None
    with translation.override("en-gb"):
        return results.present(consultation, run, published=True, with_charts=False)


def consultation_rows(office: Office, link: Link) -> list[Row]:
    rows: list[Row] = []
    for c in published_consultations(office):
        shown = _published_results(c)
        base = shown.base if shown else {}
        rows.append(
            {
                "consultation": c.slug,
                "title": c.title,
                "title_cy": c.title_cy,
                "strategic_area": c.strategic_area,
                "area": c.area.name if c.area else "",
                "opens_on": _day(c.opens_on),
                "closes_on": _day(c.closes_on),
                "responses": base.get("responses") if shown else None,
                "weighted": shown.weighted if shown else None,
                "margin_of_error": _one_place(base.get("margin_of_error")),
                "results_url": link(
                    reverse("consultations:public_results", args=[office.slug, c.slug])
                ),
            }
        )
    return rows


CONSULTATIONS = Dataset(
    slug="consultations",
    title=_("Consultations"),
    description=_(
        "Every consultation whose results are published, with how many responded, whether the "
        "results were weighted to the population, and a link to its results page."
    ),
    columns=(
        Column("consultation", "text", _("The consultation's identifier (part of its web address)."), "precept-2027-28"),
        Column("title", "text", _("Its title."), "Police and crime precept 2027/28"),
        Column("title_cy", "text", _("Its title in Welsh, where written."), "Praesept yr heddlu a throseddu 2027/28"),
        Column("strategic_area", "text", _one_of(_("What it is about."), StrategicArea), "precept"),
        Column("area", "text", _("The area it asked, where given."), "Warwickshire"),
        Column("opens_on", "date", _("The day it opened."), "2026-01-05"),
        Column("closes_on", "date", _("The day it closed."), "2026-02-01"),
        Column("responses", "integer", _("How many responses the published results count."), "2013"),
        Column("weighted", "boolean", _("Whether the results were weighted to the census population of the area (by age, sex, ethnic group and district)."), "true"),
        # xgettext:no-python-format
        Column("margin_of_error", "decimal", _("The margin of error of the results, in percentage points, at the 95% level of confidence."), "3.0"),
        Column("results_url", "url", _("The public page of its results."), "https://example.org/have-your-say/warwickshire/precept-2027-28/results/"),
    ),
    rows=consultation_rows,
)  # fmt: skip


class ResultRowType(TextChoices):
    ANSWER = "answer", _("the people who gave an answer")
    THEME = "theme", _("the answers in a theme of a free-text question")
    AGREE = "agree", _("the votes agreeing with a statement")
    DISAGREE = "disagree", _("the votes disagreeing with a statement")
    PASS = "pass", _("the votes passing on a statement")
    QUESTION = "question", _("a question fewer than 10 people answered: nothing more is shown")


def _result_row(
    consultation: Consultation,
    q: results.QuestionResult,
    row_type: ResultRowType,
    answer: str,
    *,
    people: int | None = None,
    percent: float | None = None,
    weighted_percent: float | None = None,
    margin_of_error: float | None = None,
    base: int | None = None,
    weighted_base: float | None = None,
    suppressed: bool = False,
) -> Row:
    if suppressed:
        people = percent = weighted_percent = margin_of_error = None
    return {
        "consultation": consultation.slug,
        "question_number": q.number,
        "question": q.text,
        "question_type": q.kind,
        "row_type": row_type.value,
        "answer": answer,
        "people": people,
        "percent": _one_place(percent),
        "weighted_percent": _one_place(weighted_percent),
        "margin_of_error": _one_place(margin_of_error),
        "base": base,
        "weighted_base": _one_place(weighted_base),
        "suppressed": suppressed,
    }


def result_rows(office: Office, link: Link) -> list[Row]:
    """Each published consultation's results as its public page shows them: a row per answer,
    theme and statement vote. A suppressed figure keeps its row, with no numbers."""
    rows: list[Row] = []
    for c in published_consultations(office):
        shown = _published_results(c)
        if shown is None:
            continue
        for q in shown.questions:
            rows.extend(_question_rows(c, q, weighted=shown.weighted))
    return rows


def _question_rows(c: Consultation, q: results.QuestionResult, *, weighted: bool) -> list[Row]:
    if q.suppressed:
        return [_result_row(c, q, ResultRowType.QUESTION, "", suppressed=True)]
    rows = [
        _result_row(
            c,
            q,
            ResultRowType.ANSWER,
            f.label,
            people=f.n,
            percent=f.pct,
            weighted_percent=f.weighted_pct if weighted else None,
            margin_of_error=f.moe,
            suppressed=f.suppressed,
            base=q.n,
            weighted_base=q.weighted_n,
        )
        for f in q.figures
    ]
    for theme in q.themes:
        rows.append(
            _result_row(
                c,
                q,
                ResultRowType.THEME,
                theme["label"],
                people=theme.get("n"),
                percent=theme.get("pct"),
                base=q.n,
                weighted_base=q.weighted_n,
            )
        )
    if q.themes_hidden:
        with translation.override("en-gb"):
            hidden = ngettext(
                "%(n)s more theme, of fewer than 10 answers",
                "%(n)s more themes, each of fewer than 10 answers",
                q.themes_hidden,
            ) % {"n": q.themes_hidden}
        rows.append(
            _result_row(
                c,
                q,
                ResultRowType.THEME,
                hidden,
                base=q.n,
                weighted_base=q.weighted_n,
                suppressed=True,
            )
        )
    opinion = q.opinion
    if opinion:
        for s in opinion["statements"]:
            hidden = opinion["suppressed"] or s["suppressed"]
            for row_type, measure in (
                (ResultRowType.AGREE, "agree"),
                (ResultRowType.DISAGREE, "disagree"),
                (ResultRowType.PASS, "pass"),
            ):
                rows.append(
                    _result_row(
                        c,
                        q,
                        row_type,
                        s["text"],
                        percent=s[measure],
                        base=None if hidden else s["votes"],
                        suppressed=hidden,
                    )
                )
    return rows


RESULTS = Dataset(
    slug="consultation-results",
    title=_("Consultation results"),
    description=_(
        "The results of every consultation whose results are published, as its results page "
        "shows them: for each question, how many people gave each answer, the percentage and, "
        "where the results were weighted, the weighted percentage. Figures of fewer than 10 "
        "people are not given, nor a figure from which one could be worked out: their rows say "
        "“suppressed” and have no numbers. Nothing anyone wrote is included."
    ),
    columns=(
        Column("consultation", "text", _("The consultation's identifier, as in the consultations file."), "precept-2027-28"),
        Column("question_number", "integer", _("The question's number on the results page."), "1"),
        Column("question", "text", _("The question."), "How much more would you pay a year for policing (Band D)?"),
        Column("question_type", "text", _one_of(_("The kind of question."), QuestionKind), "precept"),
        Column("row_type", "text", _one_of(_("What the row counts."), ResultRowType), "answer"),
        Column("answer", "text", _("The answer, theme or statement."), "£14 more a year"),
        Column("people", "integer", _("How many people gave the answer, or how many answers are in the theme."), "839"),
        Column("percent", "decimal", _("Their percentage of the people who answered the question (of the votes on the statement)."), "43.0"),
        Column("weighted_percent", "decimal", _("The percentage weighted to the population, where the results were weighted."), "38.8"),
        # xgettext:no-python-format
        Column("margin_of_error", "decimal", _("The margin of error of the percentage, in points, at the 95% level of confidence."), "2.9"),
        Column("base", "integer", _("How many people answered the question (voted on the statement)."), "1950"),
        Column("weighted_base", "decimal", _("The weighted number of people who answered, where weighted."), "1940.2"),
        Column("suppressed", "boolean", _("Whether the figures are withheld because they are of fewer than 10 people, or would reveal such a figure."), "false"),
    ),
    rows=result_rows,
)  # fmt: skip


# -- decisions ----------------------------------------------------------------------------------


def decision_rows(office: Office, link: Link) -> list[Row]:
    """Published decisions, with what the public decision page says informed each."""
    rows: list[Row] = []
    for d in published_decisions(office).select_related("office"):
        with translation.override("en-gb"):
            evidence = public_evidence(d)
            counts = {str(row["label"]): int(row["n"]) for row in evidence.counts}
        rows.append(
            {
                "reference": d.reference,
                "title": d.title,
                "title_cy": d.title_cy,
                "decided_on": _day(d.decided_on),
                "kind": d.kind,
                "summary": d.summary,
                "summary_cy": d.summary_cy,
                "url": link(d.get_public_url()),
                "consultations": [e["consultation"].title for e in evidence.consultations],
                "evidence": counts,
            }
        )
    return rows


DECISIONS = Dataset(
    slug="decisions",
    title=_("Decisions"),
    description=_(
        "The Commissioner's published decisions and what informed each: the consultations "
        "whose results it drew on, and counts of what people raised with the office."
    ),
    columns=(
        Column("reference", "text", _("The office's reference for the decision."), "PCC/2026/014"),
        Column("title", "text", _("Its title."), "Policing precept 2027/28"),
        Column("title_cy", "text", _("Its title in Welsh, where written."), "Praesept plismona 2027/28"),
        Column("decided_on", "date", _("The day it was decided."), "2026-02-24"),
        Column("kind", "text", _one_of(_("The kind of decision."), DecisionKind), "precept"),
        Column("summary", "text", _("What was decided."), "The Band D policing precept rises by £14 a year."),
        Column("summary_cy", "text", _("The same in Welsh, where written."), "Mae praesept Band D yn codi £14 y flwyddyn."),
        Column("url", "url", _("The decision's public page."), "https://example.org/you-said-we-did/warwickshire/decisions/pcc-2026-014/"),
        Column("consultations", "list", _("The consultations (with published results) that informed it."), "Police and crime precept 2027/28"),
        Column("evidence", "counts", _("What people raised that informed it, counted: concerns by theme, complaints, activities, forum reports."), "Concerns about Police visibility, in the year before the decision: 212"),
    ),
    rows=decision_rows,
)  # fmt: skip


# -- you said, we did ---------------------------------------------------------------------------


def published_outcomes_with_points(office: Office) -> QuerySet[Outcome]:
    return (
        Outcome.objects.for_office(office)  # type: ignore[attr-defined]
        .published()
        .select_related("office")
        .prefetch_related(
            Prefetch(
                "points",
                queryset=OutcomePoint.objects.select_related("decision__office").order_by(
                    "position", "pk"
                ),
            )
        )
        .order_by("-published_at", "-pk")
    )


def outcome_rows(office: Office, link: Link) -> list[Row]:
    """Published "you said, we did" pages, a row for each point (one for a page with none)."""
    rows: list[Row] = []
    for o in published_outcomes_with_points(office):
        page: Row = {
            "page": o.slug,
            "title": o.title,
            "title_cy": o.title_cy,
            "published_on": _day(timezone.localdate(o.published_at)),
            "url": link(o.get_public_url()),
        }
        points = list(o.points.all())
        if not points:
            rows.append({**page, **dict.fromkeys(POINT_COLUMNS)})
        for number, point in enumerate(points, start=1):
            decision = point.decision if point.decision and point.decision.is_published else None
            rows.append(
                {
                    **page,
                    "point": number,
                    "said": point.said,
                    "said_cy": point.said_cy,
                    "how_many": point.how_many,
                    "decision": decision.reference if decision else "",
                    "decision_url": link(decision.get_public_url()) if decision else "",
                    "response": point.response,
                    "response_cy": point.response_cy,
                }
            )
    return rows


POINT_COLUMNS = (
    "point", "said", "said_cy", "how_many", "decision", "decision_url", "response", "response_cy",
)  # fmt: skip

OUTCOMES = Dataset(
    slug="you-said-we-did",
    title=_("You said, we did"),
    description=_(
        "The published “you said, we did” pages: for each thing people said, how many said it "
        "and what was done about it (the decision that acted on it) or why nothing was."
    ),
    columns=(
        Column("page", "text", _("The page's identifier (part of its web address)."), "precept-2027-28"),
        Column("title", "text", _("The page's title."), "Police and crime precept 2027/28: you said, we did"),
        Column("title_cy", "text", _("Its title in Welsh, where written."), "Praesept yr heddlu a throseddu 2027/28"),
        Column("published_on", "date", _("The day the page was published."), "2026-03-02"),
        Column("url", "url", _("The page on the public site."), "https://example.org/you-said-we-did/warwickshire/precept-2027-28/"),
        Column("point", "integer", _("The point's number on the page."), "1"),
        Column("said", "text", _("What people said."), "More police on foot patrol"),
        Column("said_cy", "text", _("The same in Welsh, where written."), "Mwy o heddlu ar batrôl ar droed"),
        Column("how_many", "text", _("How many said it, as the page puts it."), "412 of 1,630 (25%)"),
        Column("decision", "text", _("The reference of the published decision that acted on it, if one did."), "PCC/2026/014"),
        Column("decision_url", "url", _("That decision's public page."), "https://example.org/you-said-we-did/warwickshire/decisions/pcc-2026-014/"),
        Column("response", "text", _("What was done, or why nothing was."), "Twelve more PCSOs on foot in town centres."),
        Column("response_cy", "text", _("The same in Welsh, where written."), "Deuddeg SCCH arall ar droed yng nghanol trefi."),
    ),
    rows=outcome_rows,
)  # fmt: skip

DATASETS: dict[str, Dataset] = {
    d.slug: d for d in (DIARY, CONSULTATIONS, RESULTS, DECISIONS, OUTCOMES)
}


# -- files --------------------------------------------------------------------------------------


def attribution(office: Office) -> str:
    return f"{ATTRIBUTION}. {office.name}."


def as_csv(dataset: Dataset, rows: Iterable[Row]) -> bytes:
    """UTF-8, a header row of the column names, then the rows; RFC 4180 line ends."""
    out = io.StringIO()
    writer = csv.writer(out)
    names = [c.name for c in dataset.columns]
    writer.writerow(names)
    for row in rows:
        writer.writerow([csv_cell(row[name]) for name in names])
    return out.getvalue().encode("utf-8")


def as_json(
    dataset: Dataset, office: Office, rows: list[Row], link: Link, *, now: dt.datetime | None = None
) -> bytes:
    with translation.override("en-gb"):
        document = {
            "dataset": dataset.slug,
            "title": str(dataset.title),
            "office": {
                "name": office.name,
                "slug": office.slug,
                "url": link(reverse("public:home", args=[office.slug])),
            },
            "licence": {
                "name": LICENCE_NAME,
                "url": LICENCE_URL,
                "attribution": attribution(office),
            },
            "documentation": link(reverse("reports:open_data", args=[office.slug])),
            "generated_at": _when(now or timezone.now()),
            "columns": [
                {"name": c.name, "type": c.type, "meaning": str(c.meaning), "example": c.example}
                for c in dataset.columns
            ],
            "rows": [{c.name: row[c.name] for c in dataset.columns} for row in rows],
        }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


# -- the page ----------------------------------------------------------------------------------

# The open data page shows this many rows of each dataset, so that a reader sees what is in it.
PREVIEW_ROWS = 3


@dataclass(frozen=True)
class Published:
    """A dataset as the office's open data page shows it: how many rows, and the first few."""

    dataset: Dataset
    count: int
    first: list[list[tuple[Column, str]]]  # each cell with its column, as the CSV has it


def published(office: Office, link: Link) -> list[Published]:
    """Every dataset of the office, with its size and first rows, made as its files are."""
    out: list[Published] = []
    for d in DATASETS.values():
        rows = d.rows(office, link)
        first = [[(c, csv_cell(row[c.name])) for c in d.columns] for row in rows[:PREVIEW_ROWS]]
        out.append(Published(dataset=d, count=len(rows), first=first))
    return out


# -- the documentation --------------------------------------------------------------------------

DOCS_BEGIN = "<!-- open data columns: made by `manage.py open_data_docs`, do not edit by hand -->"
DOCS_END = "<!-- end of open-data columns -->"


def columns_markdown() -> str:
    """Every dataset's columns as Markdown tables, in English, for docs/open-data.md."""
    lines: list[str] = []
    with translation.override("en-gb"):
        for d in DATASETS.values():
            lines += [
                f"### {d.title} (`{d.slug}.csv`, `{d.slug}.json`)",
                "",
                str(d.description),
                "",
                "| column | type | meaning | example |",
                "|---|---|---|---|",
            ]
            lines += [
                f"| `{c.name}` | {c.type} | {c.meaning} | {c.example} |".replace("\n", " ")
                for c in d.columns
            ]
            lines.append("")
        lines += ["Types:", ""]
        lines += [f"- **{name}**: {label}" for name, label in TYPES.items()]
    return "\n".join(lines).rstrip() + "\n"

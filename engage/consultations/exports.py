"""CSV and XLSX exports of a consultation: its responses, one row each, and its results.

Every text cell goes through `spreadsheet_safe`, so an answer like "=HYPERLINK(...)" is shown as
text and never run as a formula. Email addresses appear only for people who asked to hear the
outcome, and only when the export is made for someone allowed to see contact details.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from engage.consultations import results
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
    Sex,
    ThemeCode,
)
from engage.core.exports import spreadsheet_safe

Cell = str | int | float | None


def _safe(value: Any) -> Cell:
    """Numbers stay numbers (they cannot be formulas); everything else is made safe text."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, int | float):
        return value
    return spreadsheet_safe(value)


class _Columns:
    """The readable columns of a consultation's questions, and each answer as a cell."""

    def __init__(self, consultation: Consultation) -> None:
        self.questions = list(
            consultation.questions.prefetch_related("options", "statements").order_by(
                "section__position", "position", "pk"
            )
        )
        self.options = {o.pk: o.label for q in self.questions for o in q.options.all()}

    def headers(self) -> list[str]:
        out: list[str] = []
        for number, q in enumerate(self.questions, start=1):
            title = f"Q{number}. {q.text}"
            if q.kind == QuestionKind.STATEMENTS:
                out += [f"{title} – {s.text}" for s in q.statements.all()]
            else:
                out.append(title)
            if q.kind == QuestionKind.TEXT:
                out.append(f"{title} – " + _("themes"))
        return out

    def cells(self, response: Response, codes: dict[int, list[str]]) -> list[Cell]:
        out: list[Cell] = []
        for q in self.questions:
            value = response.answers.get(q.key)
            if q.kind == QuestionKind.STATEMENTS:
                votes = value if isinstance(value, dict) else {}
                words: dict[Any, str] = {1: _("Agree"), -1: _("Disagree"), 0: _("Pass")}
                out += [words.get(votes.get(str(s.pk)), "") for s in q.statements.all()]
            else:
                out.append(self.answer(q, value))
            if q.kind == QuestionKind.TEXT:
                out.append("; ".join(codes.get(q.pk, [])))
        return out

    def answer(self, question: Question, value: Any) -> Cell:
        if value is None:
            return ""
        kind = question.kind
        if kind in (QuestionKind.SINGLE, QuestionKind.PRECEPT):
            return self.options.get(value, str(value))
        if kind == QuestionKind.MULTIPLE:
            return "; ".join(self.options.get(v, str(v)) for v in value)
        if kind == QuestionKind.RANKING:
            return "; ".join(
                f"{i}. {self.options.get(v, str(v))}" for i, v in enumerate(value, start=1)
            )
        if kind in (QuestionKind.SCALE, QuestionKind.NUMBER):
            return value if isinstance(value, int | float) else str(value)
        return str(value)


def response_rows(consultation: Consultation, *, with_contact: bool) -> Iterator[list[Cell]]:
    """The header, then one row per submitted response, oldest first."""
    columns = _Columns(consultation)
    header = [
        _("Response"),
        _("Channel"),
        _("Submitted"),
        _("Paper form or source id"),
        *columns.headers(),
        _("Age"),
        _("Sex"),
        _("Ethnic group"),
        _("Disability"),
        _("Area"),
        _("Postcode district"),
        _("Wants to hear the outcome"),
    ]
    if with_contact:
        header.append(_("Email"))
    yield [spreadsheet_safe(h) for h in header]
    labels = {
        "channel": dict(ResponseChannel.choices),
        "age_band": dict(AgeBand.choices),
        "sex": dict(Sex.choices),
        "ethnic_group": dict(EthnicGroup.choices),
        "disability": dict(Disability.choices),
    }
    codes_qs = ThemeCode.objects.select_related("theme").order_by("theme__position", "theme__pk")
    responses = (
        Response.objects.submitted()
        .filter(consultation=consultation)
        .select_related("area")
        .prefetch_related(Prefetch("theme_codes", queryset=codes_qs))
        .order_by("submitted_at", "pk")
    )
    for response in responses.iterator(chunk_size=1000):
        codes: dict[int, list[str]] = {}
        for code in response.theme_codes.all():
            codes.setdefault(code.theme.question_id, []).append(code.theme.label)
        submitted = timezone.localtime(response.submitted_at) if response.submitted_at else None
        row: list[Cell] = [
            response.pk,
            str(labels["channel"].get(response.channel, response.channel)),
            submitted.strftime("%d/%m/%Y %H:%M") if submitted else "",
            response.source_id,
            *columns.cells(response, codes),
            str(labels["age_band"].get(response.age_band, "")),
            str(labels["sex"].get(response.sex, "")),
            str(labels["ethnic_group"].get(response.ethnic_group, "")),
            str(labels["disability"].get(response.disability, "")),
            response.area.name if response.area else "",
            response.postcode_district,
            response.wants_outcome,
        ]
        if with_contact:
            row.append(response.email if response.wants_outcome else "")
        yield [_safe(cell) for cell in row]


def result_rows(consultation: Consultation, run: Run) -> Iterator[list[Cell]]:
    """The analysis flattened: one row per answer, overall and in each cross-tab group."""
    yield [
        spreadsheet_safe(h)
        for h in (
            _("Question number"),
            _("Question"),
            _("Breakdown"),
            _("Group"),
            _("Answer"),
            _("People"),
            _("%"),
            _("Weighted %"),
            _("Margin of error (± points)"),
            _("Base (people)"),
            _("Base (weighted)"),
        )
    ]
    shown = results.present(consultation, run, with_charts=False)
    everyone = _("All respondents")
    for q in shown.questions:
        wn = q.weighted_n
        for f in q.figures:
            yield _row(q, "", everyone, f.label, f.n, f.pct, f.weighted_pct, f.moe, q.n, wn)
        for r in q.ranking or []:
            label = _("%(option)s (ranked first)") % {"option": r["label"]}
            yield _row(q, "", everyone, label, r.get("first"), None, None, None, q.n, wn)
        labels = {f.extra["key"]: f.label for f in q.figures}
        for dimension, groups in q.crosstabs.items():
            title = str(results.CROSSTAB_DIMENSIONS.get(dimension, dimension))
            for group in groups:
                for cell in group.get("cells", []):
                    yield _row(
                        q,
                        title,
                        group.get("label", ""),
                        labels.get(cell["key"], str(cell["key"])),
                        cell.get("n"),
                        cell.get("pct"),
                        cell.get("weighted_pct"),
                        None,
                        group.get("n"),
                        group.get("weighted_n"),
                    )
        for theme in q.themes:
            label = _("Theme: %(theme)s") % {"theme": theme["label"]}
            yield _row(
                q, "", everyone, label, theme.get("n"), theme.get("pct"), None, None, q.n, wn
            )
        if q.opinion:
            for s in q.opinion["statements"]:
                for measure, text in (
                    ("agree", _("agree")),
                    ("disagree", _("disagree")),
                    ("pass", _("pass")),
                ):
                    answer = f"{s['text']}: {text}"
                    everyone = _("All participants")
                    yield _row(
                        q, "", everyone, answer, None, s[measure], None, None, s["votes"], None
                    )


def _row(
    q: results.QuestionResult,
    breakdown: str,
    group: str,
    answer: str,
    n: int | None,
    pct: float | None,
    weighted_pct: float | None,
    moe: float | None,
    base: int | None,
    weighted_base: float | None,
) -> list[Cell]:
    return [
        q.number,
        spreadsheet_safe(q.text),
        spreadsheet_safe(breakdown),
        spreadsheet_safe(str(group)),
        spreadsheet_safe(answer),
        n,
        None if pct is None else round(pct, 1),
        None if weighted_pct is None else round(weighted_pct, 1),
        None if moe is None else round(moe, 1),
        base,
        None if weighted_base is None else round(weighted_base, 1),
    ]


def representativeness_rows(run: Run) -> Iterator[list[Cell]]:
    yield [
        spreadsheet_safe(h)
        for h in (
            _("Breakdown"),
            _("Group"),
            _("Respondents"),
            _("Share of respondents (%)"),
            _("Share of the population (%)"),
            _("Under-represented"),
        )
    ]
    for row in run.result.get("representativeness", []):
        yield [
            spreadsheet_safe(str(results.CROSSTAB_DIMENSIONS.get(row["dimension"], ""))),
            spreadsheet_safe(row.get("label", "")),
            row.get("respondents"),
            _percent_of_share(row.get("respondent_share")),
            _percent_of_share(row.get("population_share")),
            _safe(bool(row.get("under_represented"))),
        ]


def _percent_of_share(share: float | None) -> float | None:
    return None if share is None else round(100 * share, 1)


def as_csv(rows: Iterable[list[Cell]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    # A byte-order mark, so that Excel reads the file as UTF-8 (£, Welsh accents).
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(sheets: Iterable[tuple[str, Iterable[list[Cell]]]]) -> bytes:
    book = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = book.create_sheet(title[:31])
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

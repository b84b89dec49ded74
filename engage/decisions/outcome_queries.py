"""Reads for "you said, we did": the staff list, what can be drafted from, the voices on a theme,
and what the public pages show (published things only, and only counts of what people raised).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from engage.consultations.models import Consultation, Status
from engage.core.models import Office
from engage.decisions.models import Decision, Evidence, EvidenceKind, Outcome, OutcomePoint
from engage.engagements.models import (
    ActivityType,
    ComplaintThemeCount,
    Concern,
    ConcernSource,
    ConcernTheme,
)
from engage.engagements.queries.concerns import area_and_descendants
from engage.places.models import Area

# Concerns counted for a theme: those raised in the year before (a year is what people remember
# raising, and what a forum or a Commissioner's term looks back on).
LOOK_BACK = relativedelta(years=1)


def outcomes_for(office: Office) -> QuerySet[Outcome]:
    """The office's "you said, we did" pages, drafts first, then newest published; with counts."""
    return (
        Outcome.objects.for_office(office)  # type: ignore[attr-defined]
        .select_related("consultation", "concern_theme", "area")
        .annotate(
            point_count=Count("points", distinct=True),
            open_count=Count(
                "points",
                filter=Q(points__decision__isnull=True, points__response=""),
                distinct=True,
            ),
        )
        .order_by("-published_at", "-updated_at", "-pk")
    )


def consultations_to_draft_from(office: Office) -> QuerySet[Consultation]:
    """Analysed or published consultations that have no "you said, we did" page yet."""
    return (
        Consultation.objects.for_office(office)
        .filter(status__in=[Status.ANALYSED, Status.PUBLISHED], outcome__isnull=True)
        .order_by("-closes_on", "-pk")
    )


def points_of(outcome: Outcome) -> list[OutcomePoint]:
    return list(
        outcome.points.select_related("decision", "consultation_theme", "concern_theme").order_by(
            "position", "pk"
        )
    )


# -- voices on a theme, across channels ---------------------------------------------------------


@dataclass
class SourceCount:
    source: str
    label: str
    concerns: int
    people: int


@dataclass
class ThemeVoices:
    """Concerns on a theme (in an area and the areas inside it) raised between two dates."""

    theme: ConcernTheme
    area: Area | None
    since: dt.date
    until: dt.date
    by_source: list[SourceCount] = field(default_factory=list)

    @property
    def concerns(self) -> int:
        return sum(s.concerns for s in self.by_source)

    @property
    def people(self) -> int:
        return sum(s.people for s in self.by_source)


def _concerns_on(theme: ConcernTheme, area: Area | None) -> QuerySet[Concern]:
    concerns = Concern.objects.filter(office_id=theme.office_id, theme=theme)
    if area is not None:
        concerns = concerns.filter(area_id__in=area_and_descendants(area))
    return concerns


def theme_voices(theme: ConcernTheme, area: Area | None, *, until: dt.date) -> ThemeVoices:
    """How many concerns on `theme` (and how many people raised them) came by each channel in the
    year up to `until`: forum reports, surgeries, activities, alert replies, correspondence…

    Consultation answers are not counted here: a consultation has its own page.
    """
    since = until - LOOK_BACK
    rows = (
        _concerns_on(theme, area)
        .filter(raised_on__gt=since, raised_on__lte=until)
        .values("source")
        .annotate(concerns=Count("pk"), people=Sum("people"))
    )
    found = {row["source"]: row for row in rows}
    voices = ThemeVoices(theme=theme, area=area, since=since, until=until)
    for source, label in ConcernSource.choices:
        row = found.get(source)
        if row:
            voices.by_source.append(
                SourceCount(source, str(label), row["concerns"], row["people"] or 0)
            )
    voices.by_source.sort(key=lambda s: (-s.concerns, s.label))
    return voices


# -- the public pages ---------------------------------------------------------------------------


def published_outcomes(office: Office) -> QuerySet[Outcome]:
    return (
        Outcome.objects.for_office(office)  # type: ignore[attr-defined]
        .published()
        .order_by("-published_at", "-pk")
    )


def published_decisions(office: Office) -> QuerySet[Decision]:
    return (
        Decision.objects.for_office(office)  # type: ignore[attr-defined]
        .published()
        .order_by("-decided_on", "-published_at", "-pk")
    )


def published_outcome(office: Office, slug: str) -> Outcome | None:
    """A published outcome with its points and published decisions, or None."""
    published = Decision.objects.filter(published_at__isnull=False)
    return (
        Outcome.objects.for_office(office)  # type: ignore[attr-defined]
        .published()
        .select_related("consultation", "concern_theme", "area")
        .prefetch_related(
            Prefetch("decisions", queryset=published.order_by("-decided_on", "-pk")),
            Prefetch(
                "points",
                queryset=OutcomePoint.objects.select_related("decision").order_by("position", "pk"),
            ),
        )
        .filter(slug=slug)
        .first()
    )


def decisions_of(outcome: Outcome) -> list[Decision]:
    """The published decisions an outcome links to: its own, then those its points name."""
    found: dict[int, Decision] = {d.pk: d for d in outcome.decisions.all() if d.is_published}
    for point in outcome.points.all():
        if point.decision is not None and point.decision.is_published:
            found.setdefault(point.decision.pk, point.decision)
    return sorted(found.values(), key=lambda d: (d.decided_on, d.pk), reverse=True)


@dataclass
class PublicEvidence:
    """What the public page of a decision says informed it: links to published results, and
    counts of what people raised. Never a concern's words, nor who raised it."""

    consultations: list[dict[str, Any]] = field(default_factory=list)
    counts: list[dict[str, Any]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.consultations or self.counts)


def public_evidence(decision: Decision) -> PublicEvidence:
    """The decision's evidence as the public may see it.

    Consultations (and their questions and themes) appear only once their results are published,
    linked to the public results page. Concerns, concern themes, complaint themes, activities and
    forum reports appear as counts by theme and kind.
    """
    evidence = list(
        Evidence.objects.filter(decision=decision).select_related(
            "consultation",
            "question__consultation",
            "consultation_theme__question__consultation",
            "concern__theme",
            "concern_theme",
            "area",
            "activity",
        )
    )
    out = PublicEvidence()
    by_consultation: dict[int, dict[str, Any]] = {}

    def consultation_entry(consultation: Consultation) -> dict[str, Any] | None:
        if consultation.status != Status.PUBLISHED:
            return None
        return by_consultation.setdefault(
            consultation.pk, {"consultation": consultation, "questions": [], "themes": []}
        )

    single_concerns: dict[int, dict[str, Any]] = {}
    activities: dict[str, int] = {}
    forum_reports = 0
    until = decision.decided_on
    for item in evidence:
        kind = item.kind
        if kind == EvidenceKind.CONSULTATION and item.consultation:
            consultation_entry(item.consultation)
        elif kind == EvidenceKind.QUESTION and item.question:
            entry = consultation_entry(item.question.consultation)
            if entry is not None:
                entry["questions"].append(item.question.local_text)
        elif kind == EvidenceKind.CONSULTATION_THEME and item.consultation_theme:
            entry = consultation_entry(item.consultation_theme.question.consultation)
            if entry is not None:
                entry["themes"].append(item.consultation_theme.label)
        elif kind == EvidenceKind.CONCERN and item.concern:
            theme = item.concern.theme
            row = single_concerns.setdefault(theme.pk, {"theme": theme, "n": 0})
            row["n"] += 1
        elif kind == EvidenceKind.CONCERN_THEME and item.concern_theme:
            n = (
                _concerns_on(item.concern_theme, item.area)
                .filter(raised_on__gt=until - LOOK_BACK, raised_on__lte=until)
                .count()
            )
            if item.area is not None:
                label = _(
                    "Concerns about %(theme)s in %(area)s, in the year before the decision"
                ) % {
                    "theme": item.concern_theme.name,
                    "area": item.area.name,
                }
            else:
                label = _("Concerns about %(theme)s, in the year before the decision") % {
                    "theme": item.concern_theme.name
                }
            out.counts.append({"label": label, "n": n})
        elif kind == EvidenceKind.COMPLAINT_THEME and item.concern_theme:
            n = (
                ComplaintThemeCount.objects.filter(
                    theme=item.concern_theme, month__gt=until - LOOK_BACK, month__lte=until
                ).aggregate(n=Sum("count"))["n"]
                or 0
            )
            out.counts.append(
                {
                    "label": _("Complaints about policing on %(theme)s, in the year before")
                    % {"theme": item.concern_theme.name},
                    "n": n,
                }
            )
        elif kind == EvidenceKind.ACTIVITY and item.activity:
            activities[item.activity.type] = activities.get(item.activity.type, 0) + 1
        elif kind == EvidenceKind.FORUM_REPORT and item.forum_report_id:
            forum_reports += 1
    for row in single_concerns.values():
        out.counts.append(
            {
                "label": _("Concerns about %(theme)s raised with us")
                % {"theme": row["theme"].name},
                "n": row["n"],
            }
        )
    for activity_type, n in activities.items():
        out.counts.append(
            {
                "label": _("Engagement activities: %(kind)s")
                % {"kind": ActivityType(activity_type).label},
                "n": n,
            }
        )
    if forum_reports:
        out.counts.append(
            {"label": _("Ambassadors' reports from community forums"), "n": forum_reports}
        )
    out.consultations = list(by_consultation.values())
    return out

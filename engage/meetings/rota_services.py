"""The forum rota against the database: load the diaries, solve, save, pin, adopt, and read back.

The solver itself (engage.meetings.rota) sees plain values only; this module turns an office's
forum meetings and the Commissioner's and Deputy's diaries into those values, and the answer
into a RotaPlan with its RotaAssignments. An adopted plan is planned attendance: see
`planned_forum_visits`, which the Commissioner's diary and the commitments read.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from engage.accounts.models import Membership, Post, User
from engage.core.models import Office
from engage.meetings import rota
from engage.meetings.models import (
    Commitment,
    MeetingSeries,
    Occurrence,
    OccurrenceStatus,
    RotaAssignment,
    RotaPlan,
    RotaStatus,
)
from engage.meetings.queries import occurrences_for
from engage.meetings.services import LONDON, generate_occurrences, schedule_dates
from engage.places.models import Area, AreaKind

ROTA_POSTS = (Post.PCC, Post.DPCC)
STATUS_LABELS = {
    rota.OPTIMAL: _lazy("The best rota: every forum is visited"),
    rota.FEASIBLE: _lazy("Every forum is visited (not proved the best rota in the time allowed)"),
    rota.INFEASIBLE: _lazy("Not every forum can be visited"),
    rota.UNKNOWN: _lazy("No rota was found in the time allowed"),
}


def _stamp(obj: object, by: User | None) -> None:
    obj._history_user = by  # type: ignore[attr-defined]


def _window(starts_on: dt.date, ends_on: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The cycle as aware datetimes, from the first day's midnight to the one after the last."""
    return (
        dt.datetime.combine(starts_on, dt.time.min, tzinfo=LONDON),
        dt.datetime.combine(ends_on + dt.timedelta(days=1), dt.time.min, tzinfo=LONDON),
    )


def _local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment, LONDON).date()


def default_cycle(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """From today for two years, the period of the forums' "2 yearly cycle" commitment."""
    start = today or timezone.localdate()
    return start, start + relativedelta(years=2) - dt.timedelta(days=1)


def rota_people(office: Office) -> list[User]:
    """The Commissioner and the Deputy (members holding the posts PCC and DPCC), PCC first."""
    memberships = (
        Membership.objects.filter(office=office, post__in=ROTA_POSTS, user__is_active=True)
        .select_related("user")
        .order_by("user__first_name", "user__last_name")
    )
    ordered = sorted(memberships, key=lambda m: ROTA_POSTS.index(Post(m.post)))
    return [m.user for m in ordered]


def _posts(office: Office, people: list[User]) -> dict[int, str]:
    return dict(
        Membership.objects.filter(office=office, user__in=people).values_list("user_id", "post")
    )


def person_label(person: User, post: str) -> str:
    return f"{person} ({Post(post).label})" if post in Post.values else str(person)


def forum_series(office: Office) -> QuerySet[MeetingSeries]:
    """The schedule's community forums: the active series held in every forum area."""
    return MeetingSeries.objects.for_office(office).filter(per_forum_area=True, is_active=True)


def forum_areas(office: Office) -> QuerySet[Area]:
    return Area.objects.for_office(office).forum_areas().select_related("parent").order_by("name")


def forum_meetings(office: Office, starts_on: dt.date, ends_on: dt.date) -> QuerySet[Occurrence]:
    start, end = _window(starts_on, ends_on)
    return (
        Occurrence.objects.for_office(office)
        .filter(series__in=forum_series(office), area__isnull=False)
        .between(start, end)
        .active()
        .select_related("area", "series")
        .order_by("starts_at", "pk")
    )


def expected_forum_meetings(office: Office, starts_on: dt.date, ends_on: dt.date) -> int:
    """How many forum meetings the cycle holds, counting ones not generated yet (no writes)."""
    existing = forum_meetings(office, starts_on, ends_on).count()
    if existing:
        return existing
    areas = forum_areas(office).count()
    end = ends_on + dt.timedelta(days=1)
    # As generate_occurrences spreads them: area i of the series meets (i × 3) mod 56 days on.
    return sum(
        len(schedule_dates(series, starts_on, end, offset_days=(index * 3) % 56))
        for series in forum_series(office)
        for index in range(areas)
    )


def busy_days(office: Office, person: User, starts_on: dt.date, ends_on: dt.date) -> set[dt.date]:
    """The days a person's diary is already taken: other partner meetings, activities, surgeries.

    Partner meetings are those of series that name the person's post or that they lead (and any
    where their attendance is recorded), except the forums themselves.
    """
    from engage.engagements.models import Activity, SurgerySession

    start, end = _window(starts_on, ends_on)
    meetings = (
        occurrences_for(office, start=start, end=end, person=person)
        .exclude(series__in=forum_series(office))
        .exclude(status=OccurrenceStatus.CANCELLED)
        .values_list("starts_at", flat=True)
    )
    activities = (
        Activity.objects.for_office(office)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .filter(Q(lead=person) | Q(opcc_attendees=person))
        # A note of a forum visit itself does not make the forum's own day busy.
        .exclude(occurrence__series__in=forum_series(office))
        .values_list("starts_at", flat=True)
        .distinct()
    )
    surgeries = (
        SurgerySession.objects.for_office(office)
        .filter(held_by=person, starts_at__gte=start, starts_at__lt=end)
        .values_list("starts_at", flat=True)
    )
    return {_local_day(moment) for qs in (meetings, activities, surgeries) for moment in qs}


@transaction.atomic
def ensure_forum_meetings(
    office: Office, starts_on: dt.date, ends_on: dt.date, *, by: User | None
) -> int:
    """Generate the forum series' meetings for the cycle where they do not exist yet."""
    end = ends_on + dt.timedelta(days=1)
    return sum(
        generate_occurrences(series, start=starts_on, end=end, by=by)
        for series in forum_series(office)
    )


def build_problem(
    office: Office,
    *,
    starts_on: dt.date,
    ends_on: dt.date,
    max_per_month: int,
    pins: dict[int, int] | None = None,
) -> rota.RotaProblem:
    """The solver's input for an office's cycle, read from the schedule and the two diaries."""
    people = rota_people(office)
    posts = _posts(office, people)
    forums = [
        rota.Forum(
            area.pk,
            area.name,
            area.parent.name if area.parent and area.parent.kind == AreaKind.DISTRICT else "",
        )
        for area in forum_areas(office)
    ]
    meetings = [
        rota.ForumMeeting(o.pk, o.area_id, _local_day(o.starts_at))
        for o in forum_meetings(office, starts_on, ends_on)
        if o.area_id is not None
    ]
    return rota.RotaProblem(
        forums=forums,
        meetings=meetings,
        people=[rota.Person(p.pk, person_label(p, posts.get(p.pk, ""))) for p in people],
        busy={p.pk: busy_days(office, p, starts_on, ends_on) for p in people},
        pins=dict(pins or {}),
        max_per_month=max_per_month,
    )


def _summary(result: rota.RotaResult, problem: rota.RotaProblem) -> str:
    totals: dict[int, int] = defaultdict(int)
    for person_id in result.assignments.values():
        totals[person_id] += 1
    shares = ", ".join(f"{p.name} {totals[p.id]}" for p in problem.people)
    visited = len({m.forum for m in problem.meetings if m.id in result.assignments})
    if result.status in (rota.OPTIMAL, rota.FEASIBLE):
        text = ngettext(
            "Every forum is visited at least once: %(visits)s visit (%(shares)s).",
            "Every forum is visited at least once: %(visits)s visits (%(shares)s).",
            len(result.assignments),
        ) % {"visits": len(result.assignments), "shares": shares}
    elif result.status == rota.INFEASIBLE:
        text = _(
            "%(visited)s of %(forums)s forums can be visited (%(shares)s); the others cannot, "
            "for the reasons below."
        ) % {"visited": visited, "forums": len(problem.forums), "shares": shares}
    else:
        text = _("No rota was found in the time allowed. Try again, or pin fewer meetings.")
    return text + " " + _("Solved in %(seconds)s seconds.") % {"seconds": f"{result.wall_time:.2f}"}


@dataclass
class SolveOutcome:
    plan: RotaPlan
    result: rota.RotaResult


@transaction.atomic
def solve_plan(plan: RotaPlan, *, by: User, time_limit: float | None = None) -> SolveOutcome:
    """Solve (or solve again) a rota plan: pinned assignments stay, the rest are replaced.

    Side effects: the cycle's forum meetings are generated where missing; the plan's unpinned
    RotaAssignments (and any pin the solver had to set aside) are deleted and new ones created;
    the plan's solver status, time and explanation are updated; history on all of these.
    """
    plan = RotaPlan.objects.select_for_update().get(pk=plan.pk)
    ensure_forum_meetings(plan.office, plan.starts_on, plan.ends_on, by=by)
    pinned = {a.occurrence_id: a.person_id for a in plan.assignments.filter(pinned=True)}
    problem = build_problem(
        plan.office,
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
        max_per_month=plan.max_per_month,
        pins=pinned,
    )
    result = rota.solve_rota(problem, time_limit=time_limit)
    kept_pins, _warnings = rota.usable_pins(problem)
    for assignment in plan.assignments.all():
        if kept_pins.get(assignment.occurrence_id) != assignment.person_id or not assignment.pinned:
            _stamp(assignment, by)
            assignment.delete()
    for meeting_id, person_id in result.assignments.items():
        if meeting_id in kept_pins:
            continue
        assignment = RotaAssignment(
            office=plan.office, plan=plan, occurrence_id=meeting_id, person_id=person_id
        )
        _stamp(assignment, by)
        assignment.save()
    plan.solver_status = result.status
    plan.solved_at = timezone.now()
    plan.explanation = "\n".join(
        [_summary(result, problem), *result.warnings, *(u.reason for u in result.uncovered)]
    )
    _stamp(plan, by)
    plan.save()
    return SolveOutcome(plan, result)


@transaction.atomic
def create_plan(
    office: Office,
    *,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    max_per_month: int,
    by: User,
    time_limit: float | None = None,
) -> SolveOutcome:
    """Start a draft rota for a cycle and solve it.

    Side effects: a RotaPlan, the cycle's forum meetings where missing, its RotaAssignments.
    """
    plan = RotaPlan(
        office=office, name=name, starts_on=starts_on, ends_on=ends_on, max_per_month=max_per_month
    )
    _stamp(plan, by)
    plan.save()
    return solve_plan(plan, by=by, time_limit=time_limit)


@transaction.atomic
def pin_assignment(
    assignment: RotaAssignment, *, by: User, person: User | None = None
) -> RotaAssignment:
    """Pin a forum visit so that solving again keeps it, or unpin it.

    With `person`, the visit is given to that person (the Commissioner or the Deputy) and
    pinned; without, a pinned visit is unpinned and an unpinned one pinned as it is.
    Side effects: the assignment and its history.
    """
    if person is not None:
        if person.pk not in {p.pk for p in rota_people(assignment.office)}:
            raise ValueError("Only the Commissioner or the Deputy can be on the rota.")
        assignment.person = person
        assignment.pinned = True
    else:
        assignment.pinned = not assignment.pinned
    _stamp(assignment, by)
    assignment.save()
    return assignment


@transaction.atomic
def adopt_plan(plan: RotaPlan, *, by: User) -> RotaPlan:
    """Adopt a rota: its visits become planned attendance. Any other adopted rota of the office
    goes back to draft, so that an office has one adopted rota at a time.

    Side effects: the plans' statuses and history.
    """
    if not plan.assignments.exists():
        raise ValueError("A rota with no visits cannot be adopted.")
    for other in (
        RotaPlan.objects.for_office(plan.office)
        .filter(status=RotaStatus.ADOPTED)
        .exclude(pk=plan.pk)
    ):
        other.status = RotaStatus.DRAFT
        _stamp(other, by)
        other.save()
    plan.status = RotaStatus.ADOPTED
    _stamp(plan, by)
    plan.save()
    return plan


# --- Reads -----------------------------------------------------------------------------------


@dataclass
class PlannedVisit:
    """A forum meeting the adopted rota says the Commissioner or the Deputy attends."""

    occurrence: Occurrence
    person: User
    pinned: bool
    plan: RotaPlan


def planned_forum_visits(
    office: Office,
    *,
    person: User | None = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
) -> list[PlannedVisit]:
    """The adopted rota's forum visits (not cancelled), by date: for the diary and commitments."""
    qs = (
        RotaAssignment.objects.for_office(office)
        .filter(plan__status=RotaStatus.ADOPTED)
        .exclude(occurrence__status=OccurrenceStatus.CANCELLED)
        .select_related("occurrence__series", "occurrence__area", "person", "plan")
        .order_by("occurrence__starts_at", "pk")
    )
    if person is not None:
        qs = qs.filter(person=person)
    if start is not None:
        qs = qs.filter(occurrence__starts_at__gte=start)
    if end is not None:
        qs = qs.filter(occurrence__starts_at__lt=end)
    return [PlannedVisit(a.occurrence, a.person, a.pinned, a.plan) for a in qs]


def plans_for(office: Office) -> QuerySet[RotaPlan]:
    return RotaPlan.objects.for_office(office).order_by("-status", "-starts_on", "-pk")


@dataclass
class CommitmentCheck:
    """Whether a forum's attendance commitment is kept by the plan, one commitment period."""

    start: dt.date
    end: dt.date  # inclusive
    visits: int
    times: int
    outside_cycle: bool

    @property
    def kept(self) -> bool:
        return self.visits >= self.times


@dataclass
class VisitView:
    """One planned visit as the plan page shows it."""

    assignment: RotaAssignment
    day: dt.date
    who: str  # "Pat Pemberton (PCC)"
    short: str  # "PCC"
    others: list[User]  # whom it could be given to instead


@dataclass
class ForumRow:
    area: Area
    cells: list[list[VisitView]]  # one per quarter
    visits: int = 0
    reason: str = ""
    checks: list[CommitmentCheck] = field(default_factory=list)


@dataclass
class PlanPage:
    """Everything the plan page shows, read in a fixed number of queries."""

    quarters: list[tuple[dt.date, str]]
    rows: list[ForumRow]
    visits: list[VisitView]
    people: list[User]
    labels: list[str]  # in `people` order
    months: list[tuple[dt.date, list[int]]]  # month, visits per person (in `people` order)
    districts: list[tuple[str, list[int]]]
    totals: list[int]
    commitment: Commitment | None
    summary: str
    notes: list[str]

    @property
    def uncovered(self) -> list[ForumRow]:
        return [row for row in self.rows if not row.visits]


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _commitment_periods(
    commitment: Commitment, starts_on: dt.date, ends_on: dt.date
) -> list[tuple[dt.date, dt.date]]:
    """The commitment's periods (start, last day) that overlap the cycle."""
    periods = []
    k = 0
    step = relativedelta(months=commitment.period_months)
    # Step back to the period holding the cycle's start, then forward through the cycle.
    while commitment.starts_on + step * k > starts_on:
        k -= 1
    while True:
        start = commitment.starts_on + step * k
        last = commitment.starts_on + step * (k + 1) - dt.timedelta(days=1)
        if start > ends_on:
            break
        if last >= starts_on:
            periods.append((start, last))
        k += 1
    return periods


def plan_page(plan: RotaPlan) -> PlanPage:
    office = plan.office
    assignments = list(
        plan.assignments.select_related("occurrence__area__parent", "person").order_by(
            "occurrence__starts_at", "pk"
        )
    )
    people = rota_people(office)
    # Someone who has since left the post keeps their visits on the page.
    for a in assignments:
        if a.person_id not in {p.pk for p in people}:
            people.append(a.person)
    posts = _posts(office, people)
    labels = {p.pk: person_label(p, posts.get(p.pk, "")) for p in people}
    index = {p.pk: i for i, p in enumerate(people)}
    on_rota = [p for p in people if posts.get(p.pk) in ROTA_POSTS]

    quarters: list[tuple[dt.date, str]] = []
    q = _quarter_start(plan.starts_on)
    while q <= plan.ends_on:
        quarters.append((q, date_format(q, "M Y")))
        q += relativedelta(months=3)
    q_index = {start: i for i, (start, _label) in enumerate(quarters)}

    lines = [line for line in plan.explanation.splitlines() if line]
    areas = list(forum_areas(office))
    names = {area.name for area in areas}
    # The explanation's lines after the summary: a reason per uncovered forum (starting with its
    # name), or a note such as a pin that had to be set aside.
    reasons = {}
    notes = []
    for line in lines[1:]:
        name = line.split(":")[0].split(" has no meetings")[0]
        if name in names:
            reasons[name] = line
        else:
            notes.append(line)
    rows = {
        area.pk: ForumRow(area, [[] for _q in quarters], reason=reasons.get(area.name, ""))
        for area in areas
    }
    months: dict[dt.date, list[int]] = {}
    districts: dict[str, list[int]] = {}
    totals = [0] * len(people)
    visits = []
    for a in assignments:
        day = _local_day(a.occurrence.starts_at)
        row = rows.get(a.occurrence.area_id or 0)
        if row is None:
            continue
        post = posts.get(a.person_id, "")
        visit = VisitView(
            a,
            day,
            labels[a.person_id],
            str(Post(post).label) if post in Post.values else str(a.person),
            [p for p in on_rota if p.pk != a.person_id],
        )
        visits.append(visit)
        quarter = q_index.get(_quarter_start(day))
        if quarter is not None:
            row.cells[quarter].append(visit)
        row.visits += 1
        i = index[a.person_id]
        months.setdefault(day.replace(day=1), [0] * len(people))[i] += 1
        parent = a.occurrence.area.parent if a.occurrence.area else None
        district = parent.name if parent and parent.kind == AreaKind.DISTRICT else _("No district")
        districts.setdefault(district, [0] * len(people))[i] += 1
        totals[i] += 1

    commitment = (
        Commitment.objects.for_office(office)
        .filter(series__in=forum_series(office), per_forum_area=True)
        .order_by("pk")
        .first()
    )
    if commitment is not None:
        periods = _commitment_periods(commitment, plan.starts_on, plan.ends_on)
        for area_id, row in rows.items():
            days = [
                (_local_day(a.occurrence.starts_at), posts.get(a.person_id, ""))
                for a in assignments
                if a.occurrence.area_id == area_id
            ]
            for start, last in periods:
                kept_by = sum(
                    1 for day, post in days if start <= day <= last and post in commitment.posts
                )
                row.checks.append(
                    CommitmentCheck(
                        start,
                        last,
                        kept_by,
                        commitment.times,
                        outside_cycle=start < plan.starts_on or last > plan.ends_on,
                    )
                )
    return PlanPage(
        quarters=quarters,
        rows=list(rows.values()),
        visits=visits,
        people=people,
        labels=[labels[p.pk] for p in people],
        months=sorted(months.items()),
        districts=sorted(districts.items()),
        totals=totals,
        commitment=commitment,
        summary=lines[0] if lines else "",
        notes=notes,
    )

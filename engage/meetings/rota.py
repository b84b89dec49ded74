"""Who of the Commissioner and the Deputy attends which community forum meeting: the solver.

Pure Python over plain dataclasses (no database here): `rota_services` loads a `RotaProblem` from
the schedule and diaries, `solve_rota` answers it with OR-Tools CP-SAT.

The model has one yes/no choice per forum meeting and person. Hard rules: at most one of them at
each meeting, nobody at two forums on one day, nobody on a day their diary is taken, at most
`max_per_month` forums a person a month, pinned choices stay, and every forum is visited at least
once in the cycle. The objective then balances the load between the people, shares each
district's visits between them, spreads each person's visits over the months and quarters, and
prefers no more visits than coverage needs.

When no rota can visit every forum, a second model keeps the hard rules but maximises the number
of forums visited; each forum left out is explained from the data (which days each person was
busy, at the monthly limit or at another forum).
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ortools.sat.python import cp_model

# Objective weights. Covering a forum outweighs everything else put together. Among rotas that
# cover the same forums, a visit more than coverage needs costs more than it could gain in
# balance (an odd number of forums leaves a gap of one, rather than an extra visit to close it);
# then a gap of one visit between the people costs more than a month with two visits, which
# costs more than an uneven district or a crowded quarter.
W_COVER = 100_000
W_VISIT = 30
W_BALANCE = 20
W_SAME_MONTH = 6
W_DISTRICT = 4
W_QUARTER = 3

SMALL_TIME_LIMIT = 10.0
BIG_TIME_LIMIT = 55.0
BIG_PROBLEM_MEETINGS = 1000  # meetings × people above which the longer default limit applies

SUBSOLVERS = ["max_lp", "core"]

OPTIMAL = "OPTIMAL"
FEASIBLE = "FEASIBLE"
INFEASIBLE = "INFEASIBLE"
UNKNOWN = "UNKNOWN"

# Why a person cannot take a meeting of an uncovered forum.
BUSY = "busy"
SAME_DAY = "same_day"
PINNED_SAME_DAY = "pinned_same_day"
MONTH_FULL = "month_full"
PINNED_MONTH_FULL = "pinned_month_full"


@dataclass(frozen=True)
class Forum:
    id: int
    name: str
    district: str = ""


@dataclass(frozen=True)
class ForumMeeting:
    id: int
    forum: int
    day: dt.date


@dataclass(frozen=True)
class Person:
    id: int
    name: str


@dataclass
class RotaProblem:
    """Everything the solver needs, in plain values."""

    forums: list[Forum]
    meetings: list[ForumMeeting]
    people: list[Person]
    busy: dict[int, set[dt.date]] = field(default_factory=dict)  # person id -> taken days
    pins: dict[int, int] = field(default_factory=dict)  # meeting id -> person id
    max_per_month: int = 2

    @property
    def size(self) -> int:
        return len(self.meetings) * len(self.people)


@dataclass
class UncoveredForum:
    forum: Forum
    reason: str
    # How many (meeting, person) pairs were ruled out for each reason code above.
    reason_counts: dict[str, int] = field(default_factory=dict)


@dataclass
class RotaResult:
    status: str  # OPTIMAL, FEASIBLE, INFEASIBLE (not every forum can be covered) or UNKNOWN
    assignments: dict[int, int]  # meeting id -> person id
    uncovered: list[UncoveredForum]
    objective: float | None
    wall_time: float
    warnings: list[str] = field(default_factory=list)

    @property
    def covers_every_forum(self) -> bool:
        return self.status in (OPTIMAL, FEASIBLE)


@dataclass
class RotaModel:
    """A built CP-SAT model and its variables, so a benchmark can time building on its own."""

    model: cp_model.CpModel
    x: dict[tuple[int, int], cp_model.IntVar]  # (meeting index, person index) -> chosen
    covered: dict[int, cp_model.IntVar]  # forum id -> visited (relaxed model only)
    pins: dict[int, int]  # the pins kept, meeting id -> person id


def month_of(day: dt.date) -> tuple[int, int]:
    return (day.year, day.month)


def quarter_of(day: dt.date) -> tuple[int, int]:
    return (day.year, (day.month - 1) // 3)


def default_time_limit(problem: RotaProblem) -> float:
    return BIG_TIME_LIMIT if problem.size > BIG_PROBLEM_MEETINGS else SMALL_TIME_LIMIT


def usable_pins(problem: RotaProblem) -> tuple[dict[int, int], list[str]]:
    """The pins that can all hold together, and a warning for each one that cannot.

    A pin is a person's firm choice, so it holds even on a day their diary is taken. It is set
    aside only if it names an unknown meeting or person, or if, with the pins before it, it
    would put someone at two forums on one day or over the monthly limit.
    """
    meetings = {m.id: m for m in problem.meetings}
    people = {p.id: p for p in problem.people}
    kept: dict[int, int] = {}
    days: set[tuple[int, dt.date]] = set()
    months: dict[tuple[int, tuple[int, int]], int] = defaultdict(int)
    warnings = []
    for meeting_id, person_id in sorted(
        problem.pins.items(),
        key=lambda p: (meetings[p[0]].day if p[0] in meetings else dt.date.min, p[0]),
    ):
        meeting = meetings.get(meeting_id)
        person = people.get(person_id)
        if meeting is None or person is None:
            continue
        if (person_id, meeting.day) in days:
            warnings.append(
                _("%(person)s is pinned to two forums on %(day)s: the second pin is set aside.")
                % {"person": person.name, "day": _day(meeting.day)}
            )
            continue
        if months[(person_id, month_of(meeting.day))] >= problem.max_per_month:
            warnings.append(
                _(
                    "%(person)s's pins in %(month)s go over the monthly limit: the pin on %(day)s is set aside."
                )
                % {
                    "person": person.name,
                    "month": date_format(meeting.day, "F Y"),
                    "day": _day(meeting.day),
                }
            )
            continue
        kept[meeting_id] = person_id
        days.add((person_id, meeting.day))
        months[(person_id, month_of(meeting.day))] += 1
    return kept, warnings


def build_model(
    problem: RotaProblem, *, cover_all: bool = True, pins: dict[int, int] | None = None
) -> RotaModel:
    """The CP-SAT model. `cover_all` makes coverage a hard rule; otherwise it is maximised."""
    if pins is None:
        pins, _warnings = usable_pins(problem)
    model = cp_model.CpModel()
    # A greedy rota seeds the search; every variable gets its value in it, so that CP-SAT starts
    # from a complete solution rather than repairing a partial one.
    greedy = greedy_rota(problem, pins)
    hinted: dict[int, int] = {}

    def hint(var: cp_model.IntVar, value: int) -> None:
        model.add_hint(var, value)
        hinted[var.index] = value

    def hinted_sum(group: list[cp_model.IntVar]) -> int:
        return sum(hinted[v.index] for v in group)

    x: dict[tuple[int, int], cp_model.IntVar] = {}
    for mi, meeting in enumerate(problem.meetings):
        pinned_to = pins.get(meeting.id)
        for pi, person in enumerate(problem.people):
            if pinned_to is not None and pinned_to != person.id:
                continue  # the meeting is someone else's
            if pinned_to is None and meeting.day in problem.busy.get(person.id, ()):
                continue  # their diary is taken that day
            var = model.new_bool_var(f"x_{meeting.id}_{person.id}")
            if pinned_to == person.id:
                model.add(var == 1)
            hint(var, int(greedy.get(meeting.id) == person.id))
            x[(mi, pi)] = var

    by_meeting: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    by_forum: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    by_day: dict[tuple[int, dt.date], list[cp_model.IntVar]] = defaultdict(list)
    by_month: dict[tuple[int, tuple[int, int]], list[cp_model.IntVar]] = defaultdict(list)
    by_quarter: dict[tuple[int, tuple[int, int]], list[cp_model.IntVar]] = defaultdict(list)
    by_district: dict[tuple[int, str], list[cp_model.IntVar]] = defaultdict(list)
    by_person: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    districts = {f.id: f.district for f in problem.forums}
    for (mi, pi), var in x.items():
        meeting = problem.meetings[mi]
        by_meeting[mi].append(var)
        by_forum[meeting.forum].append(var)
        by_day[(pi, meeting.day)].append(var)
        by_month[(pi, month_of(meeting.day))].append(var)
        by_quarter[(pi, quarter_of(meeting.day))].append(var)
        by_district[(pi, districts.get(meeting.forum, ""))].append(var)
        by_person[pi].append(var)

    for group in by_meeting.values():
        if len(group) > 1:
            model.add_at_most_one(group)
    for group in by_day.values():
        if len(group) > 1:
            model.add_at_most_one(group)
    for group in by_month.values():
        if len(group) > problem.max_per_month:
            model.add(sum(group) <= problem.max_per_month)

    covered: dict[int, cp_model.IntVar] = {}
    terms: list[cp_model.LinearExprT] = []
    for forum in problem.forums:
        visits = by_forum.get(forum.id, [])
        if cover_all:
            model.add(sum(visits) >= 1)  # an empty forum makes the model infeasible, as it is
        else:
            covered[forum.id] = model.new_bool_var(f"covered_{forum.id}")
            hint(covered[forum.id], min(1, hinted_sum(visits)))
            if visits:
                model.add(sum(visits) >= covered[forum.id])
            else:
                model.add(covered[forum.id] == 0)
            terms.append(-W_COVER * covered[forum.id])

    n_people = len(problem.people)
    horizon = len(problem.meetings)
    visits_total = model.new_int_var(0, len(x), "visits")
    model.add(visits_total == sum(x.values()))
    hint(visits_total, hinted_sum(list(x.values())))
    # Implied by coverage (each visit serves one forum), but stated so that propagation alone
    # bounds the objective: with two workers CP-SAT may run no LP to find this bound itself.
    if cover_all:
        model.add(visits_total >= len(problem.forums))
    else:
        model.add(visits_total >= sum(covered.values()))
    terms.append(W_VISIT * visits_total)
    if n_people > 1:
        totals = [sum(by_person.get(pi, [])) for pi in range(n_people)]
        most = model.new_int_var(0, horizon, "most")
        least = model.new_int_var(0, horizon, "least")
        for total in totals:
            model.add(most >= total)
            model.add(least <= total)
        hinted_totals = [hinted_sum(by_person.get(pi, [])) for pi in range(n_people)]
        hint(most, max(hinted_totals))
        hint(least, min(hinted_totals))
        terms.append(W_BALANCE * (most - least))
        for district in sorted(set(districts.values())):
            counts = [sum(by_district.get((pi, district), [])) for pi in range(n_people)]
            d_most = model.new_int_var(0, horizon, f"d_most_{district}")
            d_least = model.new_int_var(0, horizon, f"d_least_{district}")
            for count in counts:
                model.add(d_most >= count)
                model.add(d_least <= count)
            hinted_counts = [
                hinted_sum(by_district.get((pi, district), [])) for pi in range(n_people)
            ]
            hint(d_most, max(hinted_counts))
            hint(d_least, min(hinted_counts))
            terms.append(W_DISTRICT * (d_most - d_least))
    for key, group in by_month.items():
        if len(group) > 1:
            extra = model.new_int_var(0, len(group), f"same_month_{key[0]}_{key[1]}")
            model.add(extra >= sum(group) - 1)
            hint(extra, max(0, hinted_sum(group) - 1))
            terms.append(W_SAME_MONTH * extra)
    quarters = {quarter_of(m.day) for m in problem.meetings}
    if quarters and n_people:
        fair_share = math.ceil(len(problem.forums) / (n_people * len(quarters)))
        for key, group in by_quarter.items():
            if len(group) > fair_share:
                extra = model.new_int_var(0, len(group), f"same_quarter_{key[0]}_{key[1]}")
                model.add(extra >= sum(group) - fair_share)
                hint(extra, max(0, hinted_sum(group) - fair_share))
                terms.append(W_QUARTER * extra)
        # And the office's visits as a whole spread over the cycle's quarters.
        office_share = math.ceil(len(problem.forums) / len(quarters))
        by_office_quarter: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
        for (mi, _pi), var in x.items():
            by_office_quarter[quarter_of(problem.meetings[mi].day)].append(var)
        for quarter, group in by_office_quarter.items():
            if len(group) > office_share:
                extra = model.new_int_var(0, len(group), f"office_quarter_{quarter}")
                model.add(extra >= sum(group) - office_share)
                hint(extra, max(0, hinted_sum(group) - office_share))
                terms.append(W_QUARTER * extra)
    model.minimize(sum(terms))
    return RotaModel(model, x, covered, pins)


def greedy_rota(problem: RotaProblem, pins: dict[int, int]) -> dict[int, int]:
    """A quick rota to start the search from: one visit per forum, hardest forums first.

    Each forum takes the free (meeting, person) that keeps the person's visits to the district,
    their total and their visits that month and quarter lowest. It may leave forums out; the
    solver then repairs it.
    """
    result = dict(pins)
    load = _load(problem, result, pins)
    totals: dict[int, int] = defaultdict(int)
    district_load: dict[tuple[int, str], int] = defaultdict(int)
    quarter_load: dict[tuple[int, tuple[int, int]], int] = defaultdict(int)
    districts = {f.id: f.district for f in problem.forums}
    days = {m.id: m.day for m in problem.meetings}
    for meeting_id, person_id in result.items():
        totals[person_id] += 1
        quarter_load[(person_id, quarter_of(days[meeting_id]))] += 1
    meetings_of: dict[int, list[ForumMeeting]] = defaultdict(list)
    for meeting in problem.meetings:
        meetings_of[meeting.forum].append(meeting)
    visited = {m.forum for m in problem.meetings if m.id in result}
    for meeting in problem.meetings:
        if meeting.id in result:
            district_load[(result[meeting.id], districts.get(meeting.forum, ""))] += 1

    def options(forum_id: int) -> list[tuple[ForumMeeting, Person]]:
        return [
            (meeting, person)
            for meeting in meetings_of.get(forum_id, [])
            if meeting.id not in result
            for person in problem.people
            if _why_not(problem, load, meeting, person) is None
        ]

    office_quarter: dict[tuple[int, int], int] = defaultdict(int)
    for meeting_id in result:
        office_quarter[quarter_of(days[meeting_id])] += 1
    todo = [f for f in problem.forums if f.id not in visited]
    while todo:
        todo.sort(key=lambda f: len(options(f.id)))
        forum = todo.pop(0)
        choices = options(forum.id)
        if not choices:
            continue
        meeting, person = min(
            choices,
            key=lambda c: (
                district_load[(c[1].id, forum.district)],
                totals[c[1].id],
                load.month.get((c[1].id, month_of(c[0].day)), 0),
                quarter_load[(c[1].id, quarter_of(c[0].day))],
                office_quarter[quarter_of(c[0].day)],
                c[0].day,
            ),
        )
        result[meeting.id] = person.id
        load.add(person.id, meeting.day)
        totals[person.id] += 1
        district_load[(person.id, forum.district)] += 1
        quarter_load[(person.id, quarter_of(meeting.day))] += 1
        office_quarter[quarter_of(meeting.day)] += 1
    return result


def _run(
    rota: RotaModel, time_limit: float, seed: int
) -> tuple[cp_model.CpSolver, cp_model.CpSolverStatus]:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(time_limit, 0.5)
    solver.parameters.num_search_workers = 2
    # On two workers CP-SAT's default pair cannot prove these rotas optimal: the balance and
    # spread terms need the stronger LP (linearization level 2) to raise the lower bound.
    solver.parameters.subsolvers.extend(SUBSOLVERS)
    solver.parameters.random_seed = seed
    status = solver.solve(rota.model)
    return solver, status


def _assignments(
    problem: RotaProblem, rota: RotaModel, solver: cp_model.CpSolver
) -> dict[int, int]:
    return {
        problem.meetings[mi].id: problem.people[pi].id
        for (mi, pi), var in rota.x.items()
        if solver.value(var)
    }


def solve_rota(
    problem: RotaProblem, *, time_limit: float | None = None, seed: int = 0
) -> RotaResult:
    """Propose a rota; if not every forum can be visited, the best partial one, explained."""
    started = time.perf_counter()
    limit = default_time_limit(problem) if time_limit is None else time_limit
    pins, warnings = usable_pins(problem)
    coverable = _coverable_forums(problem, pins)
    if coverable == {f.id for f in problem.forums} and problem.people:
        rota = build_model(problem, cover_all=True, pins=pins)
        solver, status = _run(rota, limit, seed)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return RotaResult(
                status=OPTIMAL if status == cp_model.OPTIMAL else FEASIBLE,
                assignments=_assignments(problem, rota, solver),
                uncovered=[],
                objective=solver.objective_value,
                wall_time=time.perf_counter() - started,
                warnings=warnings,
            )
        proved = status == cp_model.INFEASIBLE
    else:
        proved = True  # a forum with no possible visit at all
    # Not every forum can be visited (or no rota was found in time): visit as many as possible.
    remaining = limit - (time.perf_counter() - started)
    rota = build_model(problem, cover_all=False, pins=pins)
    solver, status = _run(rota, max(remaining, limit / 4), seed)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return RotaResult(UNKNOWN, {}, [], None, time.perf_counter() - started, warnings)
    assignments = _fill_gaps(problem, _assignments(problem, rota, solver), pins)
    uncovered = explain_uncovered(problem, assignments, pins)
    return RotaResult(
        status=INFEASIBLE if proved or uncovered else FEASIBLE,
        assignments=assignments,
        uncovered=uncovered,
        objective=solver.objective_value,
        wall_time=time.perf_counter() - started,
        warnings=warnings,
    )


def _coverable_forums(problem: RotaProblem, pins: dict[int, int]) -> set[int]:
    """Forums with at least one meeting someone could attend, on its own."""
    found = set()
    for meeting in problem.meetings:
        if meeting.id in pins or any(
            meeting.day not in problem.busy.get(p.id, ()) for p in problem.people
        ):
            found.add(meeting.forum)
    return found


@dataclass
class _Load:
    """Who goes where in an assignment, by day and by month, for checks and explanations."""

    day: dict[tuple[int, dt.date], int] = field(default_factory=lambda: defaultdict(int))
    month: dict[tuple[int, tuple[int, int]], int] = field(default_factory=lambda: defaultdict(int))
    pinned_day: set[tuple[int, dt.date]] = field(default_factory=set)
    pinned_month: dict[tuple[int, tuple[int, int]], int] = field(
        default_factory=lambda: defaultdict(int)
    )

    def add(self, person: int, day: dt.date, *, pinned: bool = False) -> None:
        self.day[(person, day)] += 1
        self.month[(person, month_of(day))] += 1
        if pinned:
            self.pinned_day.add((person, day))
            self.pinned_month[(person, month_of(day))] += 1


def _load(problem: RotaProblem, assignments: dict[int, int], pins: dict[int, int]) -> _Load:
    days = {m.id: m.day for m in problem.meetings}
    load = _Load()
    for meeting_id, person_id in assignments.items():
        load.add(person_id, days[meeting_id], pinned=pins.get(meeting_id) == person_id)
    return load


def _why_not(
    problem: RotaProblem, load: _Load, meeting: ForumMeeting, person: Person
) -> str | None:
    """Why `person` cannot also take `meeting` in this rota, or None if they could."""
    if meeting.day in problem.busy.get(person.id, ()):
        return BUSY
    if (person.id, meeting.day) in load.pinned_day:
        return PINNED_SAME_DAY
    if load.day.get((person.id, meeting.day)):
        return SAME_DAY
    month = (person.id, month_of(meeting.day))
    if load.pinned_month.get(month, 0) >= problem.max_per_month:
        return PINNED_MONTH_FULL
    if load.month.get(month, 0) >= problem.max_per_month:
        return MONTH_FULL
    return None


def _fill_gaps(
    problem: RotaProblem, assignments: dict[int, int], pins: dict[int, int]
) -> dict[int, int]:
    """Add a visit to any uncovered forum that someone is still free to make.

    An optimal relaxed rota has no such gap; one cut short by the time limit may, and every forum
    left uncovered must have a reason that holds for each of its meetings and each person.
    """
    result = dict(assignments)
    load = _load(problem, result, pins)
    visited = {m.forum for m in problem.meetings if m.id in result}
    for meeting in sorted(problem.meetings, key=lambda m: (m.day, m.id)):
        if meeting.forum in visited or meeting.id in result:
            continue
        for person in problem.people:
            if _why_not(problem, load, meeting, person) is None:
                result[meeting.id] = person.id
                load.add(person.id, meeting.day)
                visited.add(meeting.forum)
                break
    return result


def explain_uncovered(
    problem: RotaProblem, assignments: dict[int, int], pins: dict[int, int] | None = None
) -> list[UncoveredForum]:
    """Each forum the rota does not visit, with why none of its meetings could be taken."""
    if pins is None:
        pins, _warnings = usable_pins(problem)
    load = _load(problem, assignments, pins)
    meetings_of: dict[int, list[ForumMeeting]] = defaultdict(list)
    for meeting in problem.meetings:
        meetings_of[meeting.forum].append(meeting)
    visited = {m.forum for m in problem.meetings if m.id in assignments}
    found = []
    for forum in problem.forums:
        if forum.id in visited:
            continue
        meetings = sorted(meetings_of.get(forum.id, []), key=lambda m: (m.day, m.id))
        if not meetings:
            found.append(
                UncoveredForum(
                    forum, _("%(forum)s has no meetings in this cycle.") % {"forum": forum.name}, {}
                )
            )
            continue
        if not problem.people:
            found.append(
                UncoveredForum(
                    forum,
                    _("%(forum)s: there is nobody to attend (no Commissioner or Deputy).")
                    % {"forum": forum.name},
                    {},
                )
            )
            continue
        groups: dict[tuple[str, ...], list[dt.date]] = defaultdict(list)
        counts: dict[str, int] = defaultdict(int)
        for meeting in meetings:
            codes = tuple(
                _why_not(problem, load, meeting, person) or SAME_DAY for person in problem.people
            )
            groups[codes].append(meeting.day)
            for code in codes:
                counts[code] += 1
        found.append(
            UncoveredForum(
                forum, _describe(forum, len(meetings), groups, problem.people), dict(counts)
            )
        )
    return found


def _day(day: dt.date) -> str:
    return date_format(day, "j F Y")


def _days(days: list[dt.date]) -> str:
    shown = [_day(d) for d in days[:4]]
    if len(days) > 4:
        shown.append(ngettext("%(n)s more", "%(n)s more", len(days) - 4) % {"n": len(days) - 4})
    return _join(shown)


def _join(parts: Iterable[str]) -> str:
    items = list(parts)
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def _reason_phrase(codes: tuple[str, ...], people: list[Person]) -> str:
    if len(set(codes)) == 1 and len(people) > 1:
        names = _join(p.name for p in people)
        return {
            BUSY: _("%(names)s are all busy") if len(people) > 2 else _("both %(names)s are busy"),
            SAME_DAY: _("%(names)s are each at another forum"),
            PINNED_SAME_DAY: _("%(names)s are each pinned to another forum"),
            MONTH_FULL: _("%(names)s have each reached their monthly limit"),
            PINNED_MONTH_FULL: _(
                "%(names)s have each filled their monthly limit with pinned forums"
            ),
        }[codes[0]] % {"names": names}
    return _join(
        {
            BUSY: _("%(name)s is busy"),
            SAME_DAY: _("%(name)s is at another forum"),
            PINNED_SAME_DAY: _("%(name)s is pinned to another forum"),
            MONTH_FULL: _("%(name)s has reached the monthly limit"),
            PINNED_MONTH_FULL: _("%(name)s has filled the monthly limit with pinned forums"),
        }[code]
        % {"name": person.name}
        for code, person in zip(codes, people, strict=True)
    )


def _describe(
    forum: Forum,
    count: int,
    groups: dict[tuple[str, ...], list[dt.date]],
    people: list[Person],
) -> str:
    if len(groups) == 1:
        codes = next(iter(groups))
        return ngettext(
            "%(forum)s: its only meeting falls on a day when %(why)s.",
            "%(forum)s: its %(count)s meetings all fall on days when %(why)s.",
            count,
        ) % {"forum": forum.name, "count": count, "why": _reason_phrase(codes, people)}
    parts = [
        _("on %(days)s %(why)s") % {"days": _days(days), "why": _reason_phrase(codes, people)}
        for codes, days in sorted(groups.items(), key=lambda g: -len(g[1]))
    ]
    return _("%(forum)s: none of its %(count)s meetings can be taken: %(parts)s.") % {
        "forum": forum.name,
        "count": count,
        "parts": "; ".join(parts),
    }


def check_rota(problem: RotaProblem, assignments: dict[int, int]) -> list[str]:
    """Every hard rule the assignments break (empty when the rota is sound). Used by tests."""
    pins, _warnings = usable_pins(problem)
    meetings = {m.id: m for m in problem.meetings}
    broken = []
    load = _Load()
    for meeting_id, person_id in assignments.items():
        meeting = meetings[meeting_id]
        pinned = pins.get(meeting_id) == person_id
        if not pinned and meeting.day in problem.busy.get(person_id, ()):
            broken.append(f"{person_id} busy on {meeting.day}")
        load.add(person_id, meeting.day)
    for (person_id, day), n in load.day.items():
        if n > 1:
            broken.append(f"{person_id} twice on {day}")
    for (person_id, month), n in load.month.items():
        if n > problem.max_per_month:
            broken.append(f"{person_id} {n} times in {month}")
    for meeting_id, person_id in pins.items():
        if assignments.get(meeting_id) != person_id:
            broken.append(f"pin {meeting_id} lost")
    return broken

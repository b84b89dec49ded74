"""The rota solver on its own: properties over small random offices, and worked examples."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from engage.meetings.rota import (
    FEASIBLE,
    INFEASIBLE,
    OPTIMAL,
    Forum,
    ForumMeeting,
    Person,
    RotaProblem,
    check_rota,
    month_of,
    solve_rota,
)

START = dt.date(2026, 4, 1)
PAT = Person(1, "Pat")
DEE = Person(2, "Dee")


@st.composite
def offices(draw: st.DrawFn) -> RotaProblem:
    n_forums = draw(st.integers(3, 8))
    n_quarters = draw(st.integers(2, 4))
    cap = draw(st.integers(1, 3))
    forums = [Forum(i + 1, f"Forum {i + 1}", f"District {i % 3}") for i in range(n_forums)]
    meetings = []
    for q in range(n_quarters):
        quarter_start = START + dt.timedelta(days=91 * q)
        for forum in forums:
            # Offsets over three weeks, so forums often share a day and a month.
            day = quarter_start + dt.timedelta(days=draw(st.integers(0, 20)))
            meetings.append(ForumMeeting(len(meetings) + 1, forum.id, day))
    days = sorted({m.day for m in meetings})
    busy_share = draw(st.sampled_from([0.0, 0.3, 0.6, 0.9]))
    busy = {
        person.id: {d for d in days if draw(st.floats(0, 1, allow_nan=False)) < busy_share}
        for person in (PAT, DEE)
    }
    # Pins a member of staff could make: free days, one forum a day, within the monthly limit.
    pins: dict[int, int] = {}
    taken: set[tuple[int, dt.date]] = set()
    per_month: dict[tuple[int, tuple[int, int]], int] = defaultdict(int)
    for meeting in draw(st.lists(st.sampled_from(meetings), max_size=3, unique=True)):
        person = draw(st.sampled_from([PAT, DEE]))
        if (
            meeting.day in busy[person.id]
            or (person.id, meeting.day) in taken
            or per_month[(person.id, month_of(meeting.day))] >= cap
        ):
            continue
        pins[meeting.id] = person.id
        taken.add((person.id, meeting.day))
        per_month[(person.id, month_of(meeting.day))] += 1
    return RotaProblem(forums, meetings, [PAT, DEE], busy, pins, cap)


def coverage_is_feasible(problem: RotaProblem) -> bool:
    """Brute force: one visit per forum (more never helps), searched by backtracking."""
    days: set[tuple[int, dt.date]] = set()
    months: dict[tuple[int, tuple[int, int]], int] = defaultdict(int)
    for meeting in problem.meetings:
        if meeting.id in problem.pins:
            person = problem.pins[meeting.id]
            days.add((person, meeting.day))
            months[(person, month_of(meeting.day))] += 1
    pinned_forums = {m.forum for m in problem.meetings if m.id in problem.pins}
    todo = [f.id for f in problem.forums if f.id not in pinned_forums]
    options = {
        f: [
            (m, p.id)
            for m in problem.meetings
            if m.forum == f and m.id not in problem.pins
            for p in problem.people
            if m.day not in problem.busy.get(p.id, set())
        ]
        for f in todo
    }
    todo.sort(key=lambda f: len(options[f]))

    def place(i: int) -> bool:
        if i == len(todo):
            return True
        for meeting, person in options[todo[i]]:
            month = (person, month_of(meeting.day))
            if (person, meeting.day) in days or months[month] >= problem.max_per_month:
                continue
            days.add((person, meeting.day))
            months[month] += 1
            if place(i + 1):
                return True
            days.discard((person, meeting.day))
            months[month] -= 1
        return False

    return place(0)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(offices())
def test_rota_properties_hold_for_random_offices(problem):
    result = solve_rota(problem, time_limit=5)
    # Never two forums a day, never a busy day, never over the monthly limit, pins kept.
    assert check_rota(problem, result.assignments) == []
    assert result.warnings == []
    visited = {m.forum for m in problem.meetings if m.id in result.assignments}
    feasible = coverage_is_feasible(problem)
    event("every forum can be covered" if feasible else "not every forum can be covered")
    if feasible:
        assert result.status in (OPTIMAL, FEASIBLE)
        assert visited == {f.id for f in problem.forums}
        assert result.uncovered == []
    else:
        assert result.status == INFEASIBLE
        assert result.uncovered
        for gap in result.uncovered:
            assert gap.forum.id not in visited
            assert gap.reason.startswith(gap.forum.name)
            assert gap.reason_counts
        assert {g.forum.id for g in result.uncovered} | visited == {f.id for f in problem.forums}


def _two_forums(busy_pat, busy_dee, cap=2, pins=None):
    forums = [Forum(1, "Southam", "Stratford-on-Avon"), Forum(2, "Bulkington", "Nuneaton")]
    meetings = [
        ForumMeeting(1, 1, dt.date(2026, 4, 14)),
        ForumMeeting(2, 1, dt.date(2026, 7, 14)),
        ForumMeeting(3, 2, dt.date(2026, 4, 16)),
        ForumMeeting(4, 2, dt.date(2026, 7, 16)),
    ]
    return RotaProblem(
        forums, meetings, [PAT, DEE], {1: set(busy_pat), 2: set(busy_dee)}, pins or {}, cap
    )


def test_rota_visits_each_forum_once_and_shares_them():
    result = solve_rota(_two_forums([], []))
    assert result.status == OPTIMAL
    assert len(result.assignments) == 2
    assert sorted(result.assignments.values()) == [1, 2]


def test_rota_explains_a_forum_whose_meetings_fall_on_busy_days():
    both_busy = [dt.date(2026, 4, 14), dt.date(2026, 7, 14)]
    result = solve_rota(_two_forums(both_busy, both_busy))
    assert result.status == INFEASIBLE
    assert [g.forum.name for g in result.uncovered] == ["Southam"]
    assert result.uncovered[0].reason == (
        "Southam: its 2 meetings all fall on days when both Pat and Dee are busy."
    )
    assert set(result.assignments) & {3, 4}


def test_rota_explains_monthly_limit_and_busy_days_together():
    # Pat is busy on both Southam dates; Dee may attend one forum a month and is pinned to
    # Bulkington in April and July.
    result = solve_rota(
        _two_forums([dt.date(2026, 4, 14), dt.date(2026, 7, 14)], [], cap=1, pins={3: 2, 4: 2})
    )
    assert result.status == INFEASIBLE
    assert result.uncovered[0].reason == (
        "Southam: its 2 meetings all fall on days when Pat is busy and Dee has filled the "
        "monthly limit with pinned forums."
    )


def test_rota_keeps_a_pin_on_a_busy_day():
    result = solve_rota(_two_forums([dt.date(2026, 4, 14)], [], pins={1: 1}))
    assert result.assignments[1] == 1
    assert (
        check_rota(_two_forums([dt.date(2026, 4, 14)], [], pins={1: 1}), result.assignments) == []
    )


def test_rota_sets_aside_a_pin_that_breaks_the_monthly_limit():
    problem = _two_forums([], [], cap=1, pins={1: 1, 3: 1})
    result = solve_rota(problem)
    assert result.warnings == [
        "Pat's pins in April 2026 go over the monthly limit: the pin on 16 April 2026 is set aside."
    ]
    assert result.assignments[1] == 1
    assert check_rota(problem, result.assignments) == []


def test_rota_explains_a_forum_with_no_meetings():
    problem = _two_forums([], [])
    problem.forums.append(Forum(3, "Kenilworth", "Warwick"))
    result = solve_rota(problem)
    assert result.status == INFEASIBLE
    assert result.uncovered[0].reason == "Kenilworth has no meetings in this cycle."
    assert len(result.assignments) == 2

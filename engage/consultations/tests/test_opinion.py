"""Opinion groups on real Pol.is conversations agree with the groups Pol.is found."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from django.conf import settings

from engage.consultations.models import (
    Consultation,
    Question,
    QuestionKind,
    Response,
    ResponseChannel,
    Section,
    Statement,
    StatementStatus,
    StrategicArea,
)
from engage.consultations.opinion import (
    adjusted_rand,
    cluster_opinions,
    describe,
    opinion_groups,
)

POLIS = Path(settings.BASE_DIR) / "data" / "polis-opendata"


def read_participants_votes(folder: str) -> tuple[list[str], np.ndarray, np.ndarray, list[str]]:
    """(participant ids, Pol.is group ids (-1 unclustered), votes with NaN unseen, comment ids)."""
    with (POLIS / folder / "participants-votes.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    first_comment = header.index("n-disagree") + 1
    group = header.index("group-id")
    people = [r[0] for r in rows[1:]]
    groups = np.array([int(r[group]) if r[group] else -1 for r in rows[1:]])
    votes = np.array(
        [[float(x) if x != "" else np.nan for x in r[first_comment:]] for r in rows[1:]]
    )
    return people, groups, votes, header[first_comment:]


def agreement_with_polis(folder: str) -> tuple[float, int]:
    _people, polis, votes, _comments = read_participants_votes(folder)
    ours = cluster_opinions(votes).labels
    both = (ours >= 0) & (polis >= 0)
    return adjusted_rand(ours[both], polis[both]), int(both.sum())


@pytest.mark.parametrize(
    ("folder", "floor"),
    [("brexit-consensus", 0.8), ("american-assembly.bowling-green", 0.7)],
)
def test_groups_agree_with_polis_own_groups(folder, floor):
    ari, compared = agreement_with_polis(folder)
    # Measured: brexit-consensus 0.876 (189 participants), bowling-green 0.776 (1,579).
    assert ari >= floor, f"{folder}: adjusted Rand index {ari:.3f} over {compared} participants"


def test_same_votes_same_groups():
    _people, _polis, votes, _comments = read_participants_votes("brexit-consensus")
    first, second = cluster_opinions(votes), cluster_opinions(votes)
    assert first.k == second.k == 2
    assert (first.labels == second.labels).all()


def test_too_few_votes_are_not_clustered():
    _people, _polis, votes, _comments = read_participants_votes("brexit-consensus")
    groups = cluster_opinions(votes)
    n_votes = (~np.isnan(votes)).sum(axis=1)
    assert (groups.labels[n_votes < 7] == -1).all()
    assert (groups.labels[n_votes >= 7] >= 0).all()
    # groups are numbered by size, largest first
    sizes = np.bincount(groups.labels[groups.labels >= 0])
    assert list(sizes) == sorted(sizes, reverse=True)


def test_two_camps_and_a_shared_view():
    """Ten people agree with A and disagree with B, ten the other way round; all agree with C."""
    camp = np.array([[1, -1, 1, 1, -1, 1, -1, 1]] * 10, dtype=float)
    other = np.array([[-1, 1, 1, -1, 1, 1, 1, -1]] * 10, dtype=float)
    votes = np.vstack([camp, other])
    votes[3, 4] = np.nan
    groups = cluster_opinions(votes)
    assert groups.k == 2
    assert len(set(groups.labels[:10])) == len(set(groups.labels[10:])) == 1
    result = describe(votes, groups, [(100 + j, f"Statement {j}") for j in range(8)])
    consensus = [c["statement"] for c in result["consensus"]]
    assert consensus[:2] == [102, 105]
    first_camp = int(groups.labels[0])
    defining = {
        (g["statement"], g["direction"])
        for g in result["group_statements"]
        if g["group"] == first_camp
    }
    assert (100, "agree") in defining
    assert (101, "disagree") in defining
    shared = next(s for s in result["statements"] if s["id"] == 102)
    assert (shared["votes"], shared["agree"], shared["pass"]) == (20, 100.0, 0.0)
    assert shared["by_group"][str(first_camp)] == {"agree": 100.0, "disagree": 0.0, "n": 10}


def test_opinion_groups_of_a_question_from_responses(office):
    _people, polis, votes, comments = read_participants_votes("brexit-consensus")
    consultation = Consultation.objects.create(
        office=office,
        title="Brexit",
        slug="brexit",
        description="Can there be consensus on Brexit?",
        strategic_area=StrategicArea.OTHER,
    )
    section = Section.objects.create(consultation=consultation, title="Statements")
    question = Question.objects.create(
        consultation=consultation,
        section=section,
        kind=QuestionKind.STATEMENTS,
        text="What do you think?",
    )
    statements = Statement.objects.bulk_create(
        Statement(
            question=question, text=f"Comment {c}", source_id=c, status=StatementStatus.APPROVED
        )
        for c in comments
    )
    responses = Response.objects.bulk_create(
        Response(
            office=office,
            consultation=consultation,
            channel=ResponseChannel.POLIS,
            source_id=str(i),
            submitted_at="2017-07-17T16:00:00Z",
            answers={
                question.key: {
                    str(statements[j].pk): int(v) for j, v in enumerate(row) if not np.isnan(v)
                }
            },
        )
        for i, row in enumerate(votes)
    )
    result, membership = opinion_groups(question)
    assert result["k"] == 2
    assert result["participants"] == len(membership) == 189
    assert sum(g["size"] for g in result["groups"]) == 189
    by_row = {r.pk: i for i, r in enumerate(responses)}
    ours = np.array([membership[r] for r in membership])
    theirs = np.array([polis[by_row[r]] for r in membership])
    assert adjusted_rand(ours[theirs >= 0], theirs[theirs >= 0]) > 0.8
    assert len(result["statements"]) == 50

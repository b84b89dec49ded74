"""Opinion groups of a statement-voting question, found the way Pol.is finds them.

The vote matrix has a row per participant and a column per statement: 1 agree, -1 disagree,
0 pass, NaN not seen. As Pol.is does (polis math, `conversation.clj` and `repness.clj`):
participants with fewer than 7 votes are left out (fewer when there are fewer statements);
missing votes are filled with the statement's mean vote; the matrix is projected onto its first
two principal components and each participant's projection is stretched by
sqrt(statements / their votes), so that someone who saw few statements is not pulled to the
middle; up to 100 base clusters are found with k-means, and those are grouped into 2 to 5
opinion groups, choosing the number whose grouping of the base clusters has the best
silhouette. Everything is seeded: the same
votes give the same groups.

A group's representative statements are those its members agree (or disagree) with much more
than everyone else: the ratio of the smoothed shares (agree_in + 1) / (n_in + 2) ÷
(agree_out + 1) / (n_out + 2), kept when a two-proportion z-test says the difference is real
(z > 1.2816, 90% one-sided) and most of the group holds that view. Consensus statements are
agreed by every group: each group's smoothed agree share at least 0.6, ordered by the
group-informed consensus (the product of those shares).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.metrics import silhouette_score
from threadpoolctl import threadpool_limits

from engage.consultations.models import Question, Response, StatementStatus

MIN_VOTES = 7
BASE_CLUSTERS = 100
GROUP_RANGE = range(2, 6)
Z_90 = 1.2816
CONSENSUS_AGREE = 0.6
REPRESENTATIVE_PER_GROUP = 5


@dataclass
class OpinionGroups:
    """Who is in which group (-1: not clustered, too few votes) and the projection."""

    labels: np.ndarray
    k: int
    projection: np.ndarray  # (participants, 2), NaN rows for those not clustered
    silhouette: float | None

    @property
    def clustered(self) -> int:
        return int((self.labels >= 0).sum())


def cluster_opinions(votes: np.ndarray, *, seed: int = 2026) -> OpinionGroups:
    """Opinion groups of the participants (rows) of `votes` (NaN: not seen)."""
    # One thread: the matrices are small, and threads only fight the worker's other work.
    with threadpool_limits(1):
        return _cluster(votes, seed)


def _cluster(votes: np.ndarray, seed: int) -> OpinionGroups:
    votes = np.asarray(votes, dtype=float)
    people, statements = votes.shape
    labels = np.full(people, -1)
    projection = np.full((people, 2), np.nan)
    if statements == 0:
        return OpinionGroups(labels, 0, projection, None)
    seen = ~np.isnan(votes)
    n_votes = seen.sum(axis=1)
    keep = n_votes >= min(MIN_VOTES, statements)
    if keep.sum() < 4 or statements < 2:
        return OpinionGroups(labels, 0, projection, None)
    matrix = votes[keep]
    counted = seen[keep].sum(axis=0)
    means = np.where(counted > 0, np.nansum(matrix, axis=0) / np.maximum(counted, 1), 0.0)
    filled = np.where(np.isnan(matrix), means, matrix)
    components = min(2, statements, len(filled))
    points = PCA(n_components=components, svd_solver="full").fit_transform(filled)
    if components < 2:
        points = np.column_stack([points, np.zeros(len(points))])
    points = points * np.sqrt(statements / n_votes[keep])[:, None]

    # Base clusters first, as Pol.is does; then the opinion groups are clusters of those.
    distinct = len(np.unique(np.round(points, 12), axis=0))
    base_k = min(BASE_CLUSTERS, distinct)
    if base_k > 5 and len(points) > BASE_CLUSTERS:
        base = KMeans(n_clusters=base_k, n_init=1, random_state=seed).fit(points)
        centres = base.cluster_centers_
        sizes = np.bincount(base.labels_, minlength=base_k).astype(float)
        base_of = base.labels_
    else:
        centres, sizes, base_of = points, np.ones(len(points)), np.arange(len(points))
    best: tuple[float, int, np.ndarray] | None = None
    for k in GROUP_RANGE:
        if k >= len(centres) or k > distinct:
            break
        model = KMeans(n_clusters=k, n_init=10, random_state=seed)
        of_centre = model.fit(centres, sample_weight=sizes).labels_
        if len(set(of_centre)) < 2:
            continue
        # Pol.is scores the grouping of its base clusters, not of the participants.
        score = float(silhouette_score(centres, of_centre))
        groups = of_centre[base_of]
        if best is None or score > best[0] + 1e-12:
            best = (score, k, groups)
    if best is None:
        return OpinionGroups(labels, 0, projection, None)
    score, k, groups = best
    # Number the groups by size, largest first, so the labels do not depend on k-means' order.
    order = np.argsort(-np.bincount(groups, minlength=k), kind="stable")
    rank = np.empty(k, dtype=int)
    rank[order] = np.arange(k)
    labels[keep] = rank[groups]
    projection[keep] = points
    return OpinionGroups(labels, k, projection, score)


def _smoothed(agree: np.ndarray, n: np.ndarray) -> np.ndarray:
    return (agree + 1) / (n + 2)


def _two_proportion_z(
    succ_in: np.ndarray, n_in: np.ndarray, succ_out: np.ndarray, n_out: np.ndarray
) -> np.ndarray:
    p_in = (succ_in + 1) / (n_in + 2)
    p_out = (succ_out + 1) / (n_out + 2)
    pooled = (succ_in + succ_out + 1) / (n_in + n_out + 2)
    spread = np.sqrt(pooled * (1 - pooled) * (1 / (n_in + 1) + 1 / (n_out + 1)))
    return np.where(spread > 0, (p_in - p_out) / np.where(spread > 0, spread, 1), 0.0)


def describe(votes: np.ndarray, groups: OpinionGroups, statements: list[tuple[int, str]]) -> dict:
    """The "opinion" part of the analysis result for these votes and groups.

    `statements` are (pk, text) in the order of the columns. Shares are percentages.
    """
    votes = np.asarray(votes, dtype=float)
    agree = votes == 1
    disagree = votes == -1
    seen = ~np.isnan(votes)
    labels = groups.labels

    def pct(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
        return np.where(whole > 0, 100 * part / np.where(whole > 0, whole, 1), 0.0)

    n_all = seen.sum(axis=0)
    table: list[dict[str, Any]] = []
    for j, (pk, text) in enumerate(statements):
        row: dict[str, Any] = {
            "id": pk,
            "text": text,
            "votes": int(n_all[j]),
            "agree": float(pct(agree[:, j].sum(), n_all[j])),
            "disagree": float(pct(disagree[:, j].sum(), n_all[j])),
            "pass": float(pct((votes[:, j] == 0).sum(), n_all[j])),
            "by_group": {},
        }
        table.append(row)
    group_statements: list[dict] = []
    consensus: list[dict] = []
    per_group_agree = []
    for g in range(groups.k):
        inside = labels == g
        outside = (labels >= 0) & ~inside
        n_in, n_out = seen[inside].sum(axis=0), seen[outside].sum(axis=0)
        a_in, a_out = agree[inside].sum(axis=0), agree[outside].sum(axis=0)
        d_in, d_out = disagree[inside].sum(axis=0), disagree[outside].sum(axis=0)
        pa_in, pa_out = _smoothed(a_in, n_in), _smoothed(a_out, n_out)
        pd_in, pd_out = _smoothed(d_in, n_in), _smoothed(d_out, n_out)
        per_group_agree.append(pa_in)
        for j, row in enumerate(table):
            row["by_group"][str(g)] = {
                "agree": float(pct(a_in[j], n_in[j])),
                "disagree": float(pct(d_in[j], n_in[j])),
                "n": int(n_in[j]),
            }
        candidates = []
        for direction, p_in, p_out, s_in, s_out in (
            ("agree", pa_in, pa_out, a_in, a_out),
            ("disagree", pd_in, pd_out, d_in, d_out),
        ):
            ratio = p_in / p_out
            z = _two_proportion_z(s_in, n_in, s_out, n_out)
            for found in np.nonzero((z > Z_90) & (p_in > 0.5) & (ratio > 1))[0]:
                candidates.append(
                    (float(ratio[found] * p_in[found]), direction, int(found), float(ratio[found]))
                )
        candidates.sort(key=lambda c: (-c[0], c[2]))
        for _score, direction, j, ratio_j in candidates[:REPRESENTATIVE_PER_GROUP]:
            group_statements.append(
                {
                    "group": g,
                    "statement": statements[j][0],
                    "text": statements[j][1],
                    "direction": direction,
                    "agree_in": float(pct(a_in[j], n_in[j])),
                    "agree_out": float(pct(a_out[j], n_out[j])),
                    "disagree_in": float(pct(d_in[j], n_in[j])),
                    "disagree_out": float(pct(d_out[j], n_out[j])),
                    "repness": ratio_j,
                }
            )
    if per_group_agree:
        shares = np.vstack(per_group_agree)
        informed = shares.prod(axis=0)
        for j in np.argsort(-informed, kind="stable"):
            if shares[:, j].min() >= CONSENSUS_AGREE:
                consensus.append(
                    {
                        "statement": statements[j][0],
                        "text": statements[j][1],
                        "agree": table[j]["agree"],
                        "disagree": table[j]["disagree"],
                        "consensus": float(informed[j]),
                    }
                )
    return {
        "k": groups.k,
        "participants": groups.clustered,
        "groups": [{"id": g, "size": int((labels == g).sum())} for g in range(groups.k)],
        "silhouette": None if groups.silhouette is None else round(groups.silhouette, 4),
        "group_statements": group_statements,
        "consensus": consensus,
        "statements": table,
    }


def vote_matrix(
    question: Question, answers: Sequence[tuple[int, dict | None]]
) -> tuple[np.ndarray, list[int], list[tuple[int, str]]]:
    """(votes, response ids, statements) of a statements question from (response id, answers).

    Statements are the approved ones and any others that have votes (an imported conversation),
    in pk order; participants are those who voted at least once.
    """
    key = question.key
    ballots = []
    for response_id, given in answers:
        value = (given or {}).get(key)
        if isinstance(value, dict) and value:
            ballots.append((response_id, value))
    voted = {str(s) for _r, v in ballots for s in v}
    statements = [
        (s.pk, s.text)
        for s in question.statements.order_by("pk")
        if s.status == StatementStatus.APPROVED or str(s.pk) in voted
    ]
    names = [str(pk) for pk, _t in statements]
    table = pd.DataFrame.from_records([v for _r, v in ballots]) if ballots else pd.DataFrame()
    table.columns = [str(c) for c in table.columns]
    if table.columns.has_duplicates:  # the same statement keyed as a number and as text
        table = table.T.groupby(level=0, sort=False).last().T
    # Votes are 1, -1 or 0; anything else counts as not seen.
    votes = (
        table.reindex(columns=names)
        .apply(pd.to_numeric, errors="coerce")
        .to_numpy(dtype=float, na_value=np.nan)
        .reshape(len(ballots), len(statements))
        .copy()
    )
    votes[~np.isin(votes, (1.0, -1.0, 0.0))] = np.nan
    return votes, [r for r, _v in ballots], statements


def opinion_groups(
    question: Question,
    answers: Sequence[tuple[int, dict | None]] | None = None,
    *,
    seed: int = 2026,
) -> tuple[dict, dict[int, int]]:
    """The opinion result of a statements question and each clustered response's group."""
    if answers is None:
        answers = list(
            Response.objects.filter(consultation_id=question.consultation_id)
            .submitted()
            .values_list("pk", "answers")
        )
    votes, responses, statements = vote_matrix(question, answers)
    groups = cluster_opinions(votes, seed=seed)
    membership = {
        response: int(label)
        for response, label in zip(responses, groups.labels, strict=True)
        if label >= 0
    }
    return describe(votes, groups, statements), membership


def adjusted_rand(a: np.ndarray, b: np.ndarray) -> float:
    """The adjusted Rand index of two labellings (for checking against Pol.is's own groups)."""
    from sklearn.metrics import adjusted_rand_score

    value = float(adjusted_rand_score(a, b))
    return 0.0 if math.isnan(value) else value

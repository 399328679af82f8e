"""Fairness check: do predikat and 360 ratings differ across the groups a definition declares?

Run after disclosure, on published groups only: a withheld group is left out of the
test and named as left out, so no test result depends on a number that is not shown.
Predikat: chi-square on groups x (Sangat Baik, Baik, below Baik) from the published
counts, effect size Cramér's V. 360: Kruskal–Wallis on each person's mean rating by
others, effect size epsilon squared (H / (n - 1)). A result is flagged when p < 0.05
and the effect is at least small by the usual rule of thumb (V >= 0.1, epsilon
squared >= 0.01, |d_z| >= 0.2 for leniency): a prompt to look closer, not a verdict.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

from pipeline.anonymise import OTHER_GROUP
from pipeline.appraisal.tables import (
    OTHERS,
    AppraisalResults,
    DisclosedFeedback,
    DisclosedRound,
    FeedbackResults,
    GroupTest,
    count_column,
)
from pipeline.tables import ALL, UNKNOWN_GROUP

P_LIMIT = 0.05
EFFECT_LIMITS = {"Cramér's V": 0.1, "ε²": 0.01, "d_z": 0.2}
NOT_TESTED = {UNKNOWN_GROUP, OTHER_GROUP}  # mixed groups: no one's group in particular


def flagged(p: float, effect: float, effect_name: str) -> bool:
    return bool(p < P_LIMIT and abs(effect) >= EFFECT_LIMITS[effect_name])


def _split(block: pd.DataFrame) -> tuple[pd.DataFrame, tuple[str, ...]]:
    block = block[~block["group"].isin(NOT_TESTED)]
    return block[~block["withheld"]], tuple(block[block["withheld"]]["group"])


def predikat_columns(order: list[str]) -> list[list[str]]:
    """Sangat Baik, Baik, and every predikat below Baik together: fewer sparse cells."""
    return [[order[-1]], [order[-2]], order[:-2]]


def predikat_test(round_: DisclosedRound, dimension: str, order: list[str]) -> GroupTest | None:
    published, left_out = _split(round_.predikat[round_.predikat["dimension"] == dimension])
    observed = np.column_stack([published[[count_column(p) for p in ids]].sum(axis=1).to_numpy()
                                for ids in predikat_columns(order)])
    observed = observed[:, observed.sum(axis=0) > 0]
    if observed.shape[0] < 2 or observed.shape[1] < 2:
        return None
    chi2, p, dof, expected = stats.chi2_contingency(observed, correction=False)
    n = int(observed.sum())
    v = math.sqrt(chi2 / (n * (min(observed.shape) - 1)))
    return GroupTest(round_.survey, "predikat", dimension, "khi-kuadrat", float(chi2), int(dof), float(p), v,
                     "Cramér's V", n, tuple(published["group"]), left_out,
                     bool((expected < 5).mean() > 0.2), flagged(p, v, "Cramér's V"))


def feedback_test(result: FeedbackResults, disclosed: DisclosedFeedback, dimension: str) -> GroupTest | None:
    scores = disclosed.scores
    published, left_out = _split(scores[(scores["key"] == OTHERS) & (scores["dimension"] == dimension)])
    people = result.people.dropna(subset=["overall"])
    samples = [people.loc[people[dimension].astype(str) == g, "overall"].to_numpy() for g in published["group"]]
    samples = [s for s in samples if len(s)]
    values = np.concatenate(samples) if samples else np.array([])
    if len(samples) < 2 or np.unique(values).size < 2:
        return None
    h, p = stats.kruskal(*samples)
    n = int(values.size)
    epsilon = float(h) / (n - 1)
    return GroupTest(disclosed.survey, "umpan-balik", dimension, "Kruskal–Wallis", float(h), len(samples) - 1,
                     float(p), epsilon, "ε²", n, tuple(published["group"]), left_out, False,
                     flagged(p, epsilon, "ε²"))


def assess(results: AppraisalResults, rounds: tuple[DisclosedRound, ...],
           feedback: tuple[DisclosedFeedback, ...]) -> tuple[GroupTest, ...]:
    """Every declared group dimension of every round and 360 survey, tested where two groups are published."""
    order = [p.id for p in results.regulation.predikat.predikat]
    tests = [predikat_test(r, d, order) for r in rounds
             for d in dict.fromkeys(r.predikat["dimension"]) if d != ALL]
    tests += [feedback_test(result, f, d) for result, f in zip(results.feedback, feedback, strict=True)
              for d in dict.fromkeys(f.scores["dimension"]) if d != ALL]
    return tuple(t for t in tests if t is not None)

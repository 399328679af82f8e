"""Statistics of the four Kirkpatrick levels, as pure functions of tables.

Learning (pembelajaran) pairs each person's pre- and post-test: mean pre, mean post,
raw gain with its 95% CI, the class-average normalised gain <g> = (post - pre) /
(max - pre) of Hake (1998, Am. J. Phys. 66:64) with his bands, the average of the
individual gains, a paired t-test and a Wilcoxon signed-rank test, Cohen's d_z =
mean(diff) / sd(diff) with a 95% CI from the noncentral t distribution, the share who
improved and pass rates. Results (hasil) compare an indicator before and after.
Reaction and behaviour use the survey aggregates already disclosed (see programme_view).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import optimize, stats

from pipeline.tables import ALL

CONFIDENCE = 0.95
EXACT_FLIPS_MAX_N = 13  # scipy.stats.wilcoxon: 2**13 flips are within its 9999 resamples
# Hake's bands of the normalised gain: < 0.3 low, 0.3 to 0.7 medium, > 0.7 high.
HAKE_LOW, HAKE_HIGH = 0.3, 0.7
LEARNING_COLUMNS = [
    "n", "mean_pre", "mean_post", "gain", "gain_low", "gain_high", "g_class", "g_individual",
    "improved", "pass_pre", "pass_post", "t", "df", "p_t", "w", "p_w", "dz", "dz_low", "dz_high",
]
RESULT_COLUMNS = ["n", "mean_before", "mean_after", "change", "improved"]


def hake_band(g: float | None) -> str:
    """'rendah' below 0.3, 'sedang' from 0.3 to 0.7, 'tinggi' above 0.7."""
    if g is None or math.isnan(g):
        return ""
    if g < HAKE_LOW:
        return "rendah"
    return "sedang" if g <= HAKE_HIGH else "tinggi"


def dz_interval(dz: float, n: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """CI of d_z: the noncentrality parameters putting the observed t at each tail, over sqrt(n)."""
    if n < 2 or not math.isfinite(dz):
        return (math.nan, math.nan)
    df, t = n - 1, dz * math.sqrt(n)
    tail = (1 - confidence) / 2

    def gap(ncp: float, p: float) -> float:
        return stats.nct.cdf(t, df, ncp) - p

    def ncp_at(p: float) -> float:
        # The cdf falls as the noncentrality grows; widen a bracket around t (about one
        # standard error of t per step) until it changes sign.
        step = math.sqrt(1 + t * t / (2 * df))
        low, high = t - step, t + step
        while gap(low, p) < 0:
            low -= step
        while gap(high, p) > 0:
            high += step
        return optimize.brentq(gap, low, high, args=(p,), xtol=1e-10)

    return (ncp_at(1 - tail) / math.sqrt(n), ncp_at(tail) / math.sqrt(n))


def wilcoxon(post: np.ndarray, pre: np.ndarray) -> tuple[float, float]:
    """Wilcoxon signed-rank W and two-sided p, zero differences dropped: scipy's numbers.

    With tied or zero differences and at most 13 pairs, scipy's p-value is exact over all
    2**n sign flips of the differences, but it ranks each flip in a Python call. The ranks
    do not change with the signs, so every flip's rank sum is one product here; counting
    them as scipy does (its 100-eps tolerance, two-sided = twice the smaller tail) gives the
    same p to the last bit, and tests/test_kirkpatrick.py compares the two.
    """
    diff = post - pre
    nonzero = diff[diff != 0]
    ranks = stats.rankdata(np.abs(nonzero))
    tied = len(nonzero) < len(diff) or len(np.unique(ranks)) < len(ranks)
    if not tied or len(diff) > EXACT_FLIPS_MAX_N:
        w, p = stats.wilcoxon(post, pre, zero_method="wilcox")
        return float(w), float(p)
    observed = ranks[nonzero > 0].sum()
    # Row i flips the differences whose bit is set in i; a zero difference flips into
    # itself and only repeats every row, which leaves the shares below unchanged.
    flips = (np.arange(2 ** len(nonzero))[:, None] >> np.arange(len(nonzero))) & 1
    null = np.where(flips.astype(bool), nonzero < 0, nonzero > 0).astype("float64") @ ranks
    gamma = abs(np.finfo(np.float64).eps * 100 * observed)
    less = np.count_nonzero(null <= observed + gamma) / len(null)
    greater = np.count_nonzero(null >= observed - gamma) / len(null)
    return float(min(observed, ranks.sum() - observed)), float(np.clip(min(less, greater) * 2, 0.0, 1.0))


def _tests(pre: np.ndarray, post: np.ndarray) -> dict[str, float]:
    """Paired t-test, Wilcoxon signed-rank (zero differences dropped, as Wilcoxon did) and d_z."""
    diff = post - pre
    n = len(diff)
    sd = float(np.std(diff, ddof=1)) if n > 1 else math.nan
    if n < 2 or not sd > 0:
        return dict.fromkeys(["t", "df", "p_t", "w", "p_w", "dz", "dz_low", "dz_high"], math.nan)
    t_test = stats.ttest_rel(post, pre)
    w, p_w = wilcoxon(post, pre)
    dz = float(np.mean(diff)) / sd
    low, high = dz_interval(dz, n)
    return {"t": float(t_test.statistic), "df": float(n - 1), "p_t": float(t_test.pvalue),
            "w": float(w), "p_w": float(p_w), "dz": dz, "dz_low": low, "dz_high": high}


def learning_summary(pre: np.ndarray, post: np.ndarray, max_score: float,
                     pass_score: float | None = None) -> dict[str, float]:
    """Every learning statistic of one group of paired scores."""
    pre, post = np.asarray(pre, dtype="float64"), np.asarray(post, dtype="float64")
    n = len(pre)
    if n == 0:
        return {c: (0 if c == "n" else math.nan) for c in LEARNING_COLUMNS}
    diff = post - pre
    mean_pre, mean_post, gain = float(pre.mean()), float(post.mean()), float(diff.mean())
    if n > 1 and np.std(diff, ddof=1) > 0:
        low, high = stats.t.interval(CONFIDENCE, n - 1, loc=gain, scale=stats.sem(diff))
    else:
        low = high = math.nan
    room = max_score - pre
    individual = diff[room > 0] / room[room > 0]  # nobody can gain from a full pre-test score
    passed = (lambda s: float((s >= pass_score).mean())) if pass_score is not None else (lambda s: math.nan)
    return {
        "n": n, "mean_pre": mean_pre, "mean_post": mean_post, "gain": gain,
        "gain_low": float(low), "gain_high": float(high),
        "g_class": gain / (max_score - mean_pre) if max_score > mean_pre else math.nan,
        "g_individual": float(individual.mean()) if len(individual) else math.nan,
        "improved": float((diff > 0).mean()), "pass_pre": passed(pre), "pass_post": passed(post),
        **_tests(pre, post),
    }


def _blocks(people: pd.DataFrame, dimensions: dict[str, list[str]]):
    """(dimension, group, rows) for the whole table and every listed group of every dimension."""
    yield ALL, ALL, people
    for dimension, groups in dimensions.items():
        for group in groups:
            yield dimension, group, people[people[dimension] == group]


def learning_table(people: pd.DataFrame, pre: str, post: str, max_score: float, pass_score: float | None,
                   dimensions: dict[str, list[str]]) -> pd.DataFrame:
    """Learning statistics of the people with both scores, for the organisation and every group."""
    paired = people[people[pre].notna() & people[post].notna()]
    rows = [{"key": "", "dimension": d, "group": g,
             **learning_summary(b[pre].to_numpy(), b[post].to_numpy(), max_score, pass_score)}
            for d, g, b in _blocks(paired, dimensions)]
    return pd.DataFrame(rows, columns=["key", "dimension", "group", *LEARNING_COLUMNS])


def unmatched_counts(people: pd.DataFrame, pre: str, post: str) -> pd.DataFrame:
    """People with only one of the two tests: 'pre' (no post-test) and 'post' (no pre-test)."""
    only_pre = int((people[pre].notna() & people[post].isna()).sum())
    only_post = int((people[pre].isna() & people[post].notna()).sum())
    return pd.DataFrame({"key": ["pre", "post"], "dimension": ALL, "group": ALL, "n": [only_pre, only_post]})


def result_summary(before: np.ndarray, after: np.ndarray, higher_is_better: bool) -> dict[str, float]:
    before, after = np.asarray(before, dtype="float64"), np.asarray(after, dtype="float64")
    n = len(before)
    if n == 0:
        return {"n": 0, "mean_before": math.nan, "mean_after": math.nan, "change": math.nan, "improved": math.nan}
    change = after - before
    better = change > 0 if higher_is_better else change < 0
    return {"n": n, "mean_before": float(before.mean()), "mean_after": float(after.mean()),
            "change": float(change.mean()), "improved": float(better.mean())}


def result_table(people: pd.DataFrame, indicators, dimensions: dict[str, list[str]]) -> pd.DataFrame:
    """Per result indicator and group: the people with both values, their means and change."""
    rows = []
    for indicator in indicators:
        paired = people[people[indicator.before].notna() & people[indicator.after].notna()]
        for d, g, b in _blocks(paired, dimensions):
            rows.append({"key": indicator.id, "dimension": d, "group": g,
                         **result_summary(b[indicator.before].to_numpy(), b[indicator.after].to_numpy(),
                                          indicator.better == "higher")})
    return pd.DataFrame(rows, columns=["key", "dimension", "group", *RESULT_COLUMNS])

"""The typed values of the appraisal stages: analysed results, then disclosed ones.

Every result row carries `n`, the distinct people behind it. 360 rows also carry
`raters`, the distinct raters, which decide withholding and are never published.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from pipeline.appraisal.regulation import Regulation
from pipeline.definitions import Survey

OTHERS = "penilai-lain"   # every rater but the person rated
GAP = "selisih"           # self minus others, per person rated
POOLED = "lainnya"        # rater categories below the threshold, pooled


def count_column(item_id: str) -> str:
    """Column of the count of one predikat or box: `n_sangat-baik`, `n_kotak-9`."""
    return f"n_{item_id}"


@dataclass(frozen=True)
class SkpResults:
    """One SKP round: predikat counts per group; 9-box counts per unit (annual rounds with potensial)."""

    survey: Survey
    predikat: pd.DataFrame
    ninebox: pd.DataFrame


@dataclass(frozen=True)
class FeedbackResults:
    """One 360 survey: people rated per group, mean ratings per rater key and group, leniency.

    scores: key (diri-sendiri, penilai-lain, selisih, or a rater category), dimension,
    group, n, raters, `m_<behaviour>` and `c_<behaviour>` (people with a rating),
    `v_<value>`, `overall`. people: one row per person rated, their groups and the
    others' overall mean; private, for the test over published groups only.
    """

    survey: Survey
    respondents: pd.DataFrame
    scores: pd.DataFrame
    leniency: pd.DataFrame
    shown: tuple[str, ...]   # rater categories shown on their own
    pooled: tuple[str, ...]  # rater categories pooled into 'lainnya'
    people: pd.DataFrame = field(repr=False)


@dataclass(frozen=True)
class AppraisalResults:
    regulation: Regulation
    organisation: dict[tuple[str, str], str]  # (period, unit id or '') -> organisation predikat id
    rounds: tuple[SkpResults, ...]
    feedback: tuple[FeedbackResults, ...]


@dataclass(frozen=True)
class DisclosedRound:
    survey: Survey
    predikat: pd.DataFrame
    ninebox: pd.DataFrame


@dataclass(frozen=True)
class DisclosedFeedback:
    survey: Survey
    respondents: pd.DataFrame
    scores: pd.DataFrame
    leniency: pd.DataFrame
    shown: tuple[str, ...]
    pooled: tuple[str, ...]


@dataclass(frozen=True)
class GroupTest:
    """A comparison across the published groups of one dimension: a prompt to look closer."""

    survey: Survey
    measure: str          # "predikat" or "umpan-balik"
    dimension: str
    test: str             # "khi-kuadrat" or "Kruskal–Wallis"
    statistic: float
    df: int
    p: float
    effect: float
    effect_name: str      # "Cramér's V" or "ε²"
    n: int
    groups: tuple[str, ...]
    left_out: tuple[str, ...]  # withheld groups, not tested
    sparse: bool               # expected counts below 5 in more than a fifth of the cells
    flagged: bool


@dataclass(frozen=True)
class DisclosedAppraisal:
    regulation: Regulation
    organisation: dict[tuple[str, str], str]
    rounds: tuple[DisclosedRound, ...]
    feedback: tuple[DisclosedFeedback, ...]
    tests: tuple[GroupTest, ...]
    min_group_size: int

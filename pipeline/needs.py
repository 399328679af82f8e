"""Needs analysis (analisis kebutuhan pengembangan kompetensi): which competencies most need training.

Each rater scores every competency twice on a 1-5 scale: how important it is for the
job and how well it is mastered now. The Borich (1980, J. Teacher Educ. 31:39) needs
score weighs the gap by the importance: for one competency and one group,

    MWDS = mean(importance - current level) x mean(importance)

i.e. the mean of each person's gap weighted by the group's mean importance. The
higher the score, the more the competency is both important and lacking. PP 11/2017
Pasal 206 asks for exactly this kind of gap analysis (analisis kesenjangan kompetensi).
"""

from __future__ import annotations

import math

import pandas as pd

from pipeline.programmes import Competency, Programme
from pipeline.tables import ALL

NEEDS_COLUMNS = ["n", "importance", "level", "gap", "score"]


def needs_summary(importance: pd.Series, level: pd.Series) -> dict[str, float]:
    """n, mean importance, mean level, mean gap and the Borich score of people who gave both ratings."""
    both = importance.notna() & level.notna()
    imp, lev = importance[both].astype("float64"), level[both].astype("float64")
    n = int(both.sum())
    if n == 0:
        return {"n": 0, "importance": math.nan, "level": math.nan, "gap": math.nan, "score": math.nan}
    gap = float((imp - lev).mean())
    return {"n": n, "importance": float(imp.mean()), "level": float(lev.mean()), "gap": gap,
            "score": gap * float(imp.mean())}


def needs_table(people: pd.DataFrame, competencies: tuple[Competency, ...],
                dimensions: dict[str, list[str]]) -> pd.DataFrame:
    """One row per competency and group (organisation first), keyed by competency id."""
    rows = []
    for c in competencies:
        if c.importance not in people or c.level not in people:
            continue
        blocks = [(ALL, ALL, people)] + [(d, g, people[people[d] == g]) for d, gs in dimensions.items() for g in gs]
        rows += [{"key": c.id, "dimension": d, "group": g, **needs_summary(b[c.importance], b[c.level])}
                 for d, g, b in blocks]
    return pd.DataFrame(rows, columns=["key", "dimension", "group", *NEEDS_COLUMNS])


def rank_needs(tables: dict[str, pd.DataFrame], dimension: str = ALL, group: str = ALL) -> pd.DataFrame:
    """Published scores of one group per rater side by side, ranked by their mean (highest need first).

    `tables` maps a rater ('diri', 'atasan') to a disclosed needs table. Withheld cells
    are left out of the priority, so a rank rests only on published numbers.
    """
    columns = {}
    for rater, table in tables.items():
        mine = table[(table["dimension"] == dimension) & (table["group"] == group)].set_index("key")
        columns[rater] = mine["score"].where(~mine["withheld"].astype(bool))
    if not columns:
        return pd.DataFrame(columns=["priority", "rank"])
    frame = pd.DataFrame(columns)
    frame["priority"] = frame.mean(axis=1, skipna=True)
    frame = frame[frame["priority"].notna()].sort_values(["priority"], ascending=False, kind="stable")
    frame["rank"] = range(1, len(frame) + 1)
    return frame


def programmes_for(competency_id: str, programmes: tuple[Programme, ...]) -> list[Programme]:
    """The programmes that say they develop this competency."""
    return [p for p in programmes if competency_id in p.addresses]

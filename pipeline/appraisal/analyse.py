"""Analyse SKP rounds: predikat per person from the matrix, then counts per group and per 9-box.

Pure functions from anonymised responses to result tables. The predikat is always
computed from the two ratings with the regulation's matrix, never taken from the
export (ingest/skp.py warns where the export's own predikat differs).
"""

from __future__ import annotations

import pandas as pd

from pipeline.appraisal.regulation import Regulation
from pipeline.appraisal.rules import nine_box, predikat
from pipeline.appraisal.tables import SkpResults, count_column
from pipeline.definitions import PERIOD_RE, Survey
from pipeline.tables import ALL, AnonymousResponses, whole

BOX_IDS = [f"kotak-{b}" for b in range(1, 10)]


def group_keys(table: pd.DataFrame, dimension: str) -> pd.Series:
    """The group of each row in one dimension; the organisation is one group, ALL."""
    if dimension == ALL:
        return whole(table.index)
    return table[dimension]


def dimensions(survey: Survey, table: pd.DataFrame) -> list[str]:
    return [ALL] + [g.id for g in survey.groups if g.id in table]


def count_by(table: pd.DataFrame, values: pd.Series, categories: list[str], dimension: str) -> pd.DataFrame:
    """Per group of one dimension: n and the count of each category (every category, zeros too)."""
    keys = group_keys(table, dimension)
    counts = pd.crosstab(keys, pd.Categorical(values, categories=categories), dropna=False)
    counts = counts.reindex(columns=categories, fill_value=0).astype("int64")
    if isinstance(keys.dtype, pd.CategoricalDtype):
        counts = counts.reindex(keys.cat.categories, fill_value=0)
    out = counts.set_axis([count_column(c) for c in categories], axis=1)
    out.insert(0, "n", out.sum(axis=1))
    out = out.rename_axis("group").reset_index()
    out["group"] = out["group"].astype(str)
    out.insert(0, "dimension", dimension)
    return out


def is_annual(survey: Survey) -> bool:
    """The 9-box reads the annual predikat: a period that is a whole year ('2025')."""
    match = PERIOD_RE.match(survey.period)
    return bool(match) and not (match["sem"] or match["q"] or match["month"])


def analyse_round(responses: AnonymousResponses, regulation: Regulation) -> SkpResults:
    """Predikat counts for the organisation and every declared group; 9-box counts per unit."""
    survey, table = responses.survey, responses.table
    ids = predikat(table["hasil_kerja"], table["perilaku_kerja"], regulation.predikat)
    counted = table[ids.notna()]
    order = [p.id for p in regulation.predikat.predikat]
    frames = [count_by(counted, ids[ids.notna()], order, d) for d in dimensions(survey, table)]
    ninebox = pd.DataFrame(columns=["dimension", "group", "n", *map(count_column, BOX_IDS)])
    if "potensial" in table and is_annual(survey):
        boxes = nine_box(ids, table["potensial"], regulation.ninebox)
        known = boxes.notna()
        labels = ("kotak-" + boxes[known].astype("string")).astype(str)
        ninebox = pd.concat([count_by(table[known], labels, BOX_IDS, d)
                             for d in (ALL, "unit") if d == ALL or d in table], ignore_index=True)
    return SkpResults(survey, pd.concat(frames, ignore_index=True), ninebox)

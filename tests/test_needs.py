"""Needs analysis: the Borich score and the ranking, worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from pipeline.needs import needs_summary, needs_table, programmes_for, rank_needs
from pipeline.programmes import Competency, Programme
from pipeline.tables import ALL

COMPETENCIES = (Competency(id="data", name="Analisis data", importance="data_penting", level="data_kini"),
                Competency(id="lisan", name="Komunikasi", importance="lisan_penting", level="lisan_kini"))


def test_borich_score_by_hand():
    # gaps 5-3, 4-3, 3-3 = 2, 1, 0: mean 1; mean importance 4; score 1 x 4
    out = needs_summary(pd.Series([5, 4, 3]), pd.Series([3, 3, 3]))
    assert out == {"n": 3, "importance": 4.0, "level": 3.0, "gap": 1.0, "score": 4.0}


def test_a_person_with_one_rating_missing_is_left_out():
    out = needs_summary(pd.Series([5, 4, np.nan]), pd.Series([2, np.nan, 1]))
    assert out["n"] == 1 and out["gap"] == 3 and out["score"] == 15  # only (5, 2) counts
    assert math.isnan(needs_summary(pd.Series([], dtype=float), pd.Series([], dtype=float))["score"])


def test_needs_table_per_competency_and_unit():
    people = pd.DataFrame({"unit": ["a", "a", "b"], "data_penting": [5, 5, 3], "data_kini": [2, 3, 3],
                           "lisan_penting": [3, 4, 4], "lisan_kini": [3, 4, 2]})
    table = needs_table(people, COMPETENCIES, {"unit": ["a", "b"]}).set_index(["key", "group"])
    # data, everyone: gaps 3, 2, 0 -> 5/3; importance 13/3; score 65/9
    assert table.loc[("data", ALL), "score"] == pytest.approx(65 / 9)
    assert table.loc[("data", "a"), "score"] == pytest.approx(2.5 * 5)
    assert table.loc[("lisan", "b"), "score"] == pytest.approx(2 * 4)
    assert table.loc[("lisan", ALL), "n"] == 3


def test_ranking_uses_published_scores_of_both_raters():
    diri = pd.DataFrame({"key": ["data", "lisan", "etika"], "dimension": ALL, "group": ALL,
                         "score": [2.0, 3.0, 9.0], "withheld": [False, False, True]})
    atasan = pd.DataFrame({"key": ["data", "lisan", "etika"], "dimension": ALL, "group": ALL,
                           "score": [6.0, 3.0, 1.0], "withheld": [False, False, False]})
    ranked = rank_needs({"diri": diri, "atasan": atasan})
    # data: (2 + 6) / 2 = 4 first; lisan 3; etika only the supervisors' published 1
    assert list(ranked.index) == ["data", "lisan", "etika"]
    assert list(ranked["rank"]) == [1, 2, 3] and ranked.loc["etika", "priority"] == 1


def test_programmes_linked_to_a_need():
    programme = Programme(id="p", title="P", addresses=("data",), cohorts=[{"id": "a1", "title": "A1"}])
    assert programmes_for("data", (programme,)) == [programme]
    assert programmes_for("lisan", (programme,)) == []

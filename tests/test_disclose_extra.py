"""Programme tables pass the threshold, inherit their source surveys' withholding, and the ledger."""

from __future__ import annotations

import pandas as pd

from pipeline.definitions import Survey
from pipeline.disclose import COMPLEMENT, SMALL
from pipeline.disclose_extra import disclose_tables
from pipeline.ledger import cells_frame, unprotected
from pipeline.tables import ALL, Disclosed

K = 5
SURVEY = Survey.model_validate({"id": "post", "title": "Post", "kind": "training", "period": "2026-05",
                                "groups": [{"id": "unit", "column": "Unit"}],
                                "questions": [{"id": "nilai", "column": "Skor", "type": "number"}]})


def learning(counts: dict[str, int]) -> pd.DataFrame:
    rows = [{"key": "", "dimension": ALL, "group": ALL, "n": sum(counts.values()), "gain": 10.0}]
    rows += [{"key": "", "dimension": "unit", "group": g, "n": n, "gain": 10.0 + i} for i, (g, n) in
             enumerate(counts.items())]
    return pd.DataFrame(rows)


def source(withheld: dict[str, str]) -> Disclosed:
    groups = ["a", "b", "c", "d"]
    respondents = pd.DataFrame({"dimension": [ALL, *["unit"] * 4], "group": [ALL, *groups],
                                "n": [30.0, *[float("nan") if g in withheld else 7.0 for g in groups]],
                                "reason": ["", *[withheld.get(g, "") for g in groups]]})
    respondents["withheld"] = respondents["reason"] != ""
    return Disclosed(SURVEY, pd.DataFrame(), respondents, pd.DataFrame(), 0, K)


def published_counts_protect_every_withheld_cell(table: pd.DataFrame) -> bool:
    frame = cells_frame([{"survey": "x", "table": "t", "key": r["key"], "dimension": r["dimension"],
                          "group": r["group"], "n": r["n"], "withheld": r["withheld"]} for _, r in table.iterrows()])
    return unprotected(frame, K) == []


def test_small_groups_and_a_complement_are_withheld_and_blanked():
    out = disclose_tables({"t": learning({"a": 10, "b": 6, "c": 3, "d": 1})}, K, "uji")["t"].set_index("group")
    assert out.loc["c", "reason"] == SMALL and out.loc["d", "reason"] == SMALL
    assert out.loc["b", "reason"] == COMPLEMENT  # c + d = 4 < 5 people: the smallest other joins them
    assert out.loc["a", "n"] == 10 and out.loc["a", "gain"] == 10
    assert out.loc[["b", "c", "d"], ["n", "gain"]].isna().all().all()
    assert "_n" not in out and published_counts_protect_every_withheld_cell(out.reset_index())


def test_groups_withheld_in_a_source_survey_are_withheld_here_too():
    out = disclose_tables({"t": learning({"a": 9, "b": 8, "c": 7, "d": 6})}, K, "uji",
                          (source({"c": SMALL, "d": COMPLEMENT}),))["t"].set_index("group")
    assert out.loc["c", "withheld"] and out.loc["d", "withheld"]
    assert out.loc["d", "reason"] == COMPLEMENT and not out.loc["a", "withheld"]


def test_one_inherited_cell_gets_a_complement_from_the_ledger():
    out = disclose_tables({"t": learning({"a": 9, "b": 8, "c": 7, "d": 6})}, K, "uji",
                          (source({"a": COMPLEMENT}),))["t"].set_index("group")
    # a alone would be the total minus the others: the ledger withholds the smallest other too
    assert out["withheld"].sum() == 2 and out.loc["d", "reason"] == COMPLEMENT
    assert published_counts_protect_every_withheld_cell(out.reset_index())


def test_a_withheld_source_total_withholds_everything():
    src = source({})
    src.respondents.loc[0, ["reason", "withheld"]] = [SMALL, True]
    out = disclose_tables({"t": learning({"a": 9, "b": 8})}, K, "uji", (src,))["t"]
    assert out["withheld"].all() and out["n"].isna().all()


def test_groups_nobody_belongs_to_are_not_listed():
    out = disclose_tables({"t": learning({"a": 9, "b": 8, "z": 0})}, K, "uji")["t"]
    assert "z" not in set(out["group"])

"""Disclose appraisal tables: the same threshold and ledger as every other published number.

Each table goes through `apply_threshold` (small groups and their complements), then
360 rows with fewer than `min_group_size` distinct raters are withheld too: in 360
feedback both sides count. Then `protect` withholds further cells until no withheld
count can be narrowed below the threshold from everything published. The ledger's
relations never span two surveys (ledger.components works per survey), so protecting
the appraisal surveys' cells here gives the same result as one call with the others.

Ledger roles: an SKP round's predikat table and a 360 survey's people rated are the
`respondents` (the whole each other count is part of); 9-box, score and leniency
counts are parts of them. Within a published row, a behaviour mean rated for fewer
than `min_group_size` people is blanked.
"""

from __future__ import annotations

import pandas as pd

from pipeline.appraisal.fairness import assess
from pipeline.appraisal.tables import AppraisalResults, DisclosedAppraisal, DisclosedFeedback, DisclosedRound
from pipeline.disclose import COMPLEMENT, SMALL, apply_threshold, cells_frame_with_rows
from pipeline.ledger import RESPONDENTS, protect

LABELS = {"dimension", "group", "key", "withheld", "reason"}
PRIVATE = ["raters", "other_raters"]


def _threshold(table: pd.DataFrame, key: str | None, k: int, empty: frozenset) -> pd.DataFrame:
    out = apply_threshold(table, key, k, keep_n=True, empty=empty)
    for column in PRIVATE:
        if column in out:
            few = (out[column] < k) & ~out["withheld"]
            out.loc[few, "reason"] = SMALL
            out["withheld"] = out["reason"] != ""
    return out


def _empty(respondents: pd.DataFrame) -> frozenset[tuple[str, str]]:
    none = respondents[respondents["n"] == 0]
    return frozenset(zip(none["dimension"], none["group"], strict=True))


def _mask(table: pd.DataFrame, k: int) -> pd.DataFrame:
    """Blank every number of a withheld row and behaviour means of fewer than k people; drop private columns."""
    table = table.drop(columns=[c for c in ["_n", *PRIVATE] if c in table])
    numbers = [c for c in table.columns if c not in LABELS]
    table[numbers] = table[numbers].astype("float64").mask(table["withheld"], axis=0)
    for column in [c for c in table.columns if c.startswith("c_")]:
        table[f"m_{column[2:]}"] = table[f"m_{column[2:]}"].mask(table[column] < k)
    return table.drop(columns=[c for c in table.columns if c.startswith("c_")])


def _ledger_rows(survey: str, name: str, table: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"survey": survey, "table": name, "key": table.get("key", ""),
                         "dimension": table["dimension"], "group": table["group"], "n": table["_n"],
                         "withheld": table["withheld"], "row": table.index})


def _thresholded(results: AppraisalResults, k: int) -> dict[tuple[str, str], pd.DataFrame]:
    tables = {}
    for r in results.rounds:
        empty = _empty(r.predikat)
        tables[(r.survey.id, RESPONDENTS)] = _threshold(r.predikat, None, k, empty)
        tables[(r.survey.id, "ninebox")] = _threshold(r.ninebox, None, k, empty)
    for f in results.feedback:
        empty = _empty(f.respondents)
        tables[(f.survey.id, RESPONDENTS)] = _threshold(f.respondents, None, k, empty)
        tables[(f.survey.id, "scores")] = _threshold(f.scores, "key", k, empty)
        tables[(f.survey.id, "leniency")] = _threshold(f.leniency, "key", k, empty)
    return tables


def disclose_appraisal(results: AppraisalResults, k: int) -> DisclosedAppraisal:
    """Threshold and protect every appraisal table, then run the fairness tests on what is published."""
    tables = _thresholded(results, k)
    rows = [_ledger_rows(survey, name, t) for (survey, name), t in tables.items() if not t.empty]
    if rows:
        ledger = protect(cells_frame_with_rows(rows), k)
        for (survey, name), table in tables.items():
            added = ledger[ledger["added"] & (ledger["survey"] == survey) & (ledger["table"] == name)]["row"]
            table.loc[added, "reason"] = COMPLEMENT
            table["withheld"] = table["reason"] != ""
    final = {key: _mask(t, k) for key, t in tables.items()}
    rounds = tuple(DisclosedRound(r.survey, final[(r.survey.id, RESPONDENTS)], final[(r.survey.id, "ninebox")])
                   for r in results.rounds)
    feedback = tuple(DisclosedFeedback(f.survey, final[(f.survey.id, RESPONDENTS)], final[(f.survey.id, "scores")],
                                       final[(f.survey.id, "leniency")], f.shown, f.pooled)
                     for f in results.feedback)
    tests = assess(results, rounds, feedback)
    return DisclosedAppraisal(results.regulation, results.organisation, rounds, feedback, tests, k)


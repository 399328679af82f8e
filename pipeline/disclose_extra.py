"""Disclose the programme-evaluation tables with the same threshold and the same ledger as the surveys.

A table here has `key`, `dimension`, `group`, `n` (distinct people) and statistics.
Its people are a subset of the respondents of one or more source surveys (the pairs
of a pre- and post-test are respondents of both), so:

1. `apply_threshold` withholds small groups and their complements, as for surveys;
2. every group withheld in a source survey is withheld here too. A published subset
   count would otherwise bound the survey's withheld count from below. With all of
   them withheld, the relation "subset <= respondents" leaves every withheld count of
   the source free over its whole range (the subsets can sit anywhere in the
   withheld groups), so the source's ledger stays satisfied;
3. the ledger (`protect`) then withholds more cells here until every withheld cell of
   this table is protected, using this table's own relations (groups sum to the total).
"""

from __future__ import annotations

import pandas as pd

from pipeline.disclose import COMPLEMENT, SMALL, apply_threshold
from pipeline.ledger import cells_frame, protect
from pipeline.tables import ALL, Disclosed

LABELS = ("key", "dimension", "group", "withheld", "reason")


def _empty_groups(table: pd.DataFrame) -> frozenset[tuple[str, str]]:
    """Groups with nobody in any key: not listed at all (their zero says nothing about others)."""
    totals = table.groupby(["dimension", "group"], sort=False)["n"].sum()
    return frozenset((d, g) for (d, g), n in totals.items() if n == 0 and d != ALL)


def _inherit(table: pd.DataFrame, source: Disclosed) -> pd.DataFrame:
    resp = source.respondents
    reasons = dict(zip(zip(resp["dimension"], resp["group"], strict=True), resp["reason"], strict=True))
    table = table.copy()
    if reasons.get((ALL, ALL)):
        table.loc[table["reason"] == "", "reason"] = SMALL
    inherited = [reasons.get((d, g), "") for d, g in zip(table["dimension"], table["group"], strict=True)]
    open_rows = table["reason"] == ""
    table.loc[open_rows, "reason"] = pd.Series(inherited, index=table.index)[open_rows]
    table["withheld"] = table["reason"] != ""
    return table


def _own_cells(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    frames = [pd.DataFrame({"table": name, "key": t["key"], "dimension": t["dimension"], "group": t["group"],
                            "n": t["_n"], "withheld": t["withheld"].astype(bool), "row": t.index})
              for name, t in tables.items() if not t.empty]
    return pd.concat(frames, ignore_index=True)


def _protect(tables: dict[str, pd.DataFrame], ledger_id: str, k: int) -> dict[str, pd.DataFrame]:
    """Withhold more cells of `tables`, smallest first, until the ledger of them is protected."""
    cells = _own_cells(tables)
    frame = cells.drop(columns="row").assign(survey=ledger_id)
    added = protect(cells_frame(frame.to_dict("records")), k)
    tables = {name: t.copy() for name, t in tables.items()}
    for i in added.index[added["added"]]:  # a handful of cells per build
        tables[cells.at[i, "table"]].loc[int(cells.at[i, "row"]), "reason"] = COMPLEMENT
    for t in tables.values():
        t["withheld"] = t["reason"] != ""
    return tables


def _mask(table: pd.DataFrame) -> pd.DataFrame:
    """Blank every number of a withheld row and drop the private true counts."""
    table = table.drop(columns="_n")
    numbers = [c for c in table.columns if c not in LABELS]
    table[numbers] = table[numbers].astype("float64").mask(table["withheld"], axis=0)
    return table


def disclose_tables(tables: dict[str, pd.DataFrame], k: int, ledger_id: str,
                    sources: tuple[Disclosed, ...] = ()) -> dict[str, pd.DataFrame]:
    """Threshold, inherit the sources' withholding, protect through the ledger, then mask.

    `ledger_id` names this table's cells in the ledger (a survey id of its own).
    """
    out = {}
    for name, table in tables.items():
        thresholded = apply_threshold(table, "key", k, keep_n=True, empty=_empty_groups(table))
        for source in sources:
            thresholded = _inherit(thresholded, source)
        out[name] = thresholded
    if any(not t.empty for t in out.values()):
        out = _protect(out, ledger_id, k)
    return {name: _mask(t) for name, t in out.items()}

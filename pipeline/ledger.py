"""The ledger: every population count published anywhere, and what a reader can infer from it.

A static site publishes every table at once, to every reader, so a reader can
subtract one table from another. The ledger holds every group count `n` published
on any page, in any audience and any download of one build (withheld ones as
unknowns) together with the relations a reader knows to hold between them:

* partition: the groups of one dimension add up to the organisation's row
  (units of a question add up to the question's total);
* containment: the people who answered one question, or scored on one indicator,
  are some of the respondents of that group (item n <= respondents n).

A withheld cell is *protected* when, given everything published, the range of
values it could take (a linear program: its minimum and maximum subject to the
relations, published values fixed, every count non-negative)
is at least `min_group_size` wide. Percentages and means derive from per-option
counts within each published cell, so protecting the population counts protects
them too. `protect` withholds additional cells, smallest first, until every
withheld cell is protected.

Known limit (stated on the privacy page): rounds of a series are different
populations; comparing rounds with changing people is not modelled.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from scipy.optimize import linprog

from pipeline.tables import ALL

RESPONDENTS = "respondents"
UNBOUNDED = float("inf")


def cells_frame(rows: list[dict]) -> pd.DataFrame:
    """Normalise ledger rows: survey, table, key, dimension, group, n, withheld.

    `n` of a withheld cell is never read by the range computation (it is the unknown);
    it may hold the true value (for choosing complements) or NaN (as read from downloads).
    """
    frame = pd.DataFrame(rows, columns=["survey", "table", "key", "dimension", "group", "n", "withheld"])
    frame["withheld"] = frame["withheld"].astype(bool)
    frame["n"] = frame["n"].astype("float64")
    return frame.reset_index(drop=True)


def _relations(component: pd.DataFrame) -> tuple[list[tuple[list[int], int]], list[tuple[int, int]]]:
    """Partition equalities (group indices, total index) and containment pairs (part, whole)."""
    partitions = []
    for _, block in component[component["dimension"] != ALL].groupby(["survey", "table", "key", "dimension"]):
        first = block.iloc[0]
        total = component.index[(component["survey"] == first["survey"]) & (component["table"] == first["table"])
                                & (component["key"] == first["key"]) & (component["dimension"] == ALL)]
        if len(total):
            partitions.append((list(block.index), int(total[0])))
    respondents = {
        (r.survey, r.dimension, r.group): i
        for i, r in component[component["table"] == RESPONDENTS].iterrows()
    }
    containments = [
        (i, respondents[(r.survey, r.dimension, r.group)])
        for i, r in component[component["table"] != RESPONDENTS].iterrows()
        if (r.survey, r.dimension, r.group) in respondents
    ]
    return partitions, containments


def _system(component: pd.DataFrame, unknown: list[int]):
    """The published relations as A_eq x = b_eq, A_ub x <= b_ub over the unknown cells."""
    position = {cell: j for j, cell in enumerate(unknown)}
    partitions, containments = _relations(component)
    a_eq, b_eq, a_ub, b_ub = [], [], [], []

    def linear(terms: list[tuple[int, float]]) -> tuple[np.ndarray, float]:
        row, constant = np.zeros(len(unknown)), 0.0
        for cell, sign in terms:
            if cell in position:
                row[position[cell]] += sign
            else:
                constant += sign * component.at[cell, "n"]
        return row, constant

    for parts, total in partitions:
        row, constant = linear([(p, 1.0) for p in parts] + [(total, -1.0)])
        if row.any():
            a_eq.append(row)
            b_eq.append(-constant)
    for part, whole in containments:
        row, constant = linear([(part, 1.0), (whole, -1.0)])
        if row.any():
            a_ub.append(row)
            b_ub.append(-constant)
    return {"A_eq": a_eq or None, "b_eq": b_eq or None, "A_ub": a_ub or None, "b_ub": b_ub or None,
            "bounds": [(0, None)] * len(unknown), "method": "highs"}


def ranges(component: pd.DataFrame, k: float = UNBOUNDED, first_only: bool = False) -> dict[int, tuple[float, float]]:
    """Feasible (min, max) of the withheld cells of one component of the ledger.

    With first_only, stop at the first cell whose range is narrower than k.
    """
    unknown = list(component.index[component["withheld"]])
    if not unknown:
        return {}
    system = _system(component, unknown)
    out = {}
    for j, cell in enumerate(unknown):
        objective = np.zeros(len(unknown))
        objective[j] = 1.0
        lows = linprog(objective, **system)
        highs = linprog(-objective, **system)
        if lows.status == 2 or highs.status == 2:
            raise RuntimeError(f"ledger tidak konsisten: {lows.message}")
        high = UNBOUNDED if highs.status == 3 else -highs.fun
        out[cell] = (lows.fun, high)
        if first_only and high - lows.fun < k:
            break
    return out


def components(frame: pd.DataFrame) -> list[pd.DataFrame]:
    """Cells that can constrain each other.

    With every organisation total published, the dimensions of a survey do not
    interact: one component per survey and dimension, with its totals. A withheld
    total couples the dimensions, so then the whole survey is one component.
    """
    out = []
    for _, cells in frame.groupby("survey", sort=False):
        totals = cells[cells["dimension"] == ALL]
        if totals["withheld"].any():
            out.append(cells)
            continue
        for _, block in cells[cells["dimension"] != ALL].groupby("dimension", sort=False):
            out.append(pd.concat([block, totals]))
    return out


def _weak(component: pd.DataFrame, k: int) -> int | None:
    for cell, (low, high) in ranges(component, k, first_only=True).items():
        if high - low < k:
            return cell
    return None


def unprotected(frame: pd.DataFrame, k: int) -> list[int]:
    """Withheld cells whose feasible range is narrower than k, over the whole ledger."""
    return sorted(cell for component in components(frame)
                  for cell, (low, high) in ranges(component).items() if high - low < k)


Complement = Callable[[pd.DataFrame, pd.DataFrame, int], "pd.Index | list[int]"]


def protect(frame: pd.DataFrame, k: int, complement: Complement | None = None) -> pd.DataFrame:
    """Withhold published cells, smallest first, until every withheld cell is protected.

    `complement(frame, component, weak)` names the rows to withhold next for a weak cell
    (default: the smallest published cell sharing a relation with it). Returns the frame
    with `withheld` updated and a column `added` marking the cells this step withheld.
    """
    frame = frame.copy()
    frame["added"] = False
    choose = complement or (lambda f, component, weak: [_complement(f, component, weak)])
    settled: set[tuple[int, ...]] = set()
    while True:
        weak = None
        for component in components(frame):
            signature = tuple(component.index[component["withheld"]])
            if signature in settled:
                continue
            weak = _weak(component, k)
            if weak is not None:
                break
            settled.add(signature)
        if weak is None:
            return frame
        frame.loc[choose(frame, component, weak), ["withheld", "added"]] = True


def _complement(frame: pd.DataFrame, component: pd.DataFrame, weak: int) -> int:
    """The smallest published cell that shares a relation with the weak one (a total last)."""
    cell = frame.loc[weak]
    open_cells = component[~component["withheld"]]
    related = open_cells[(open_cells["dimension"] != ALL)
                         & (((open_cells["table"] == cell["table"]) & (open_cells["key"] == cell["key"]))
                            | (open_cells["group"] == cell["group"]))]
    if related.empty:
        related = open_cells[open_cells["dimension"] != ALL]
    if related.empty:
        related = frame[(frame["survey"] == cell["survey"]) & ~frame["withheld"]]
    if related.empty:
        raise RuntimeError(f"sel {dict(cell)} tidak dapat dilindungi")
    return related.sort_values(["n", "table", "key", "group"], kind="stable").index[0]

"""The ledger's fast ranges equal the linear program's, and `protect` chooses what the LP-per-cell loop chose.

The reference below is the ledger as it was before the closed forms: the relations read
cell by cell, two `linprog` solves per withheld cell, and a protect loop that re-solves
every component from scratch. Random ledgers are built from random people, so every
relation holds; cells are withheld at random (totals too), tables may lack a total, and
groups may be empty, so partitions, containment with published and withheld wholes,
coupled dimensions and unbounded cells all occur.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from pipeline.ledger import RESPONDENTS, cells_frame, components, protect, ranges, unprotected
from pipeline.tables import ALL

TOLERANCE = 1e-6


def reference_ranges(component: pd.DataFrame) -> dict[int, tuple[float, float]]:
    """Min and max of every withheld cell by LP, relations read one cell at a time."""
    unknown = list(component.index[component["withheld"]])
    column = {cell: j for j, cell in enumerate(unknown)}
    a_eq, b_eq, a_ub, b_ub = [], [], [], []

    def add(rows, rhs, terms):
        row, constant = np.zeros(len(unknown)), 0.0
        for cell, sign in terms:
            if cell in column:
                row[column[cell]] += sign
            else:
                constant += sign * component.at[cell, "n"]
        if row.any():
            rows.append(row)
            rhs.append(-constant)

    cells = list(component.itertuples())
    for c in cells:
        if c.dimension == ALL:
            continue
        block = [d.Index for d in cells if (d.survey, d.table, d.key, d.dimension) == (c.survey, c.table, c.key,
                                                                                      c.dimension)]
        totals = [d.Index for d in cells if (d.survey, d.table, d.key, d.dimension) == (c.survey, c.table, c.key, ALL)]
        if block[0] == c.Index and totals:
            add(a_eq, b_eq, [(p, 1.0) for p in block] + [(totals[0], -1.0)])
    for c in cells:
        wholes = [d.Index for d in cells if d.table == RESPONDENTS
                  and (d.survey, d.dimension, d.group) == (c.survey, c.dimension, c.group)]
        if c.table != RESPONDENTS and wholes:
            add(a_ub, b_ub, [(c.Index, 1.0), (wholes[-1], -1.0)])
    system = {"A_eq": a_eq or None, "b_eq": b_eq or None, "A_ub": a_ub or None, "b_ub": b_ub or None,
              "bounds": [(0, None)] * len(unknown), "method": "highs"}
    out = {}
    for cell, j in column.items():
        objective = np.zeros(len(unknown))
        objective[j] = 1.0
        low, high = linprog(objective, **system), linprog(-objective, **system)
        assert low.status == 0 and high.status in (0, 3)
        out[cell] = (low.fun, np.inf if high.status == 3 else -high.fun)
    return out


def reference_protect(frame: pd.DataFrame, k: int) -> pd.DataFrame:
    """The old loop: find the first weak cell from scratch, withhold the smallest related published cell."""
    frame = frame.copy()
    frame["added"] = False
    while True:
        weak = None
        for component in components(frame):
            found = [cell for cell, (low, high) in reference_ranges(component).items() if high - low < k]
            if found:
                weak = found[0]
                break
        if weak is None:
            return frame
        cell = frame.loc[weak]
        open_cells = component[~component["withheld"]]
        related = open_cells[(open_cells["dimension"] != ALL)
                             & (((open_cells["table"] == cell["table"]) & (open_cells["key"] == cell["key"]))
                                | (open_cells["group"] == cell["group"]))]
        if related.empty:
            related = open_cells[open_cells["dimension"] != ALL]
        if related.empty:
            related = frame[(frame["survey"] == cell["survey"]) & ~frame["withheld"]]
        chosen = related.sort_values(["n", "table", "key", "group"], kind="stable").index[0]
        frame.loc[chosen, ["withheld", "added"]] = True


@st.composite
def ledgers(draw, most_withheld: float = 0.6):
    """Counts of random people over one or two dimensions; some cells withheld, some totals missing."""
    people = draw(st.integers(0, 40))
    units = draw(st.integers(1, 5))
    dimensions = {"unit": [f"u{i}" for i in range(units)]}
    if draw(st.booleans()):
        dimensions["gender"] = ["L", "P"]
    questions = draw(st.integers(0, 3))
    table = pd.DataFrame({d: draw(st.lists(st.sampled_from(groups), min_size=people, max_size=people))
                          for d, groups in dimensions.items()})
    for q in range(questions):
        table[f"q{q}"] = draw(st.lists(st.booleans(), min_size=people, max_size=people))
    tables = [(RESPONDENTS, "", pd.Series(True, index=table.index))]
    tables += [("items", f"q{q}", table[f"q{q}"]) for q in range(questions)]
    rows = []
    for name, key, answered in tables:
        untotalled = name != RESPONDENTS and draw(st.booleans()) and draw(st.booleans())
        if not untotalled:
            rows.append({"survey": "s", "table": name, "key": key, "dimension": ALL, "group": ALL,
                         "n": int(answered.sum())})
        for dimension, groups in dimensions.items():
            for group in groups:
                rows.append({"survey": "s", "table": name, "key": key, "dimension": dimension, "group": group,
                             "n": int((answered & (table[dimension] == group)).sum())})
    share = draw(st.floats(0.0, most_withheld))
    hidden = draw(st.lists(st.floats(0, 1), min_size=len(rows), max_size=len(rows)))
    for row, h in zip(rows, hidden, strict=True):
        row["withheld"] = h < share
    return cells_frame(rows)


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(frame=ledgers())
def test_ranges_equal_the_linear_program(frame):
    for component in components(frame):
        expected = reference_ranges(component)
        got = ranges(component)
        assert list(got) == list(expected)
        for cell, (low, high) in expected.items():
            assert got[cell] == pytest.approx((low, high), abs=TOLERANCE), cell


@SETTINGS
@given(frame=ledgers(), k=st.integers(3, 6))
def test_unprotected_equals_the_linear_program(frame, k):
    expected = sorted(cell for component in components(frame)
                      for cell, (low, high) in reference_ranges(component).items() if high - low < k)
    assert unprotected(frame, k) == expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=ledgers(most_withheld=0.3), k=st.integers(3, 5))
def test_protect_chooses_what_the_lp_loop_chose(frame, k):
    expected = reference_protect(frame, k)
    got = protect(frame, k)
    pd.testing.assert_frame_equal(got, expected)
    assert unprotected(got, k) == []



@st.composite
def one_relations(draw):
    """floor <= a . z <= ceiling with z in boxes (some unbounded above), around a feasible point."""
    size = draw(st.integers(1, 6))
    a = np.array(draw(st.lists(st.sampled_from([-1.0, 0.0, 1.0]), min_size=size, max_size=size)))
    low = np.array(draw(st.lists(st.integers(0, 5), min_size=size, max_size=size)), dtype=float)
    width = draw(st.lists(st.one_of(st.integers(0, 10), st.none()), min_size=size, max_size=size))
    high = np.array([np.inf if w is None else lo + w for lo, w in zip(low, width, strict=True)])
    point = np.array([lo + draw(st.integers(0, 10 if np.isinf(hi) else int(hi - lo))) for lo, hi in zip(low, high,
                                                                                                        strict=True)])
    value = float(a @ point)
    floor, ceiling = draw(st.sampled_from([(value, value), (-np.inf, value + draw(st.integers(0, 3))),
                                           (value - draw(st.integers(0, 3)), np.inf)]))
    return a, floor, ceiling, low, high


def lp_extreme(a, floor, ceiling, low, high, objective):
    rows, rhs = [], []
    if np.isfinite(ceiling):
        rows, rhs = [a], [ceiling]
    if np.isfinite(floor):
        rows, rhs = [*rows, -a], [*rhs, -floor]
    result = linprog(-objective, A_ub=np.array(rows) if rows else None, b_ub=rhs or None,
                     bounds=list(zip(low, [None if np.isinf(h) else h for h in high], strict=True)), method="highs")
    assert result.status in (0, 3)
    return np.inf if result.status == 3 else -result.fun


@settings(max_examples=300, deadline=None)
@given(relation=one_relations())
def test_one_relation_closed_form_equals_the_linear_program(relation):
    from pipeline.ledger import _closed_ranges

    a, floor, ceiling, low, high = relation
    for i, (lo, hi) in enumerate(_closed_ranges(a, floor, ceiling, low, high)):
        unit = np.eye(len(a))[i]
        assert (lo, hi) == pytest.approx((-lp_extreme(a, floor, ceiling, low, high, -unit),
                                          lp_extreme(a, floor, ceiling, low, high, unit)), abs=TOLERANCE)


@settings(max_examples=300, deadline=None)
@given(relation=one_relations(), data=st.data())
def test_sums_under_one_partition_equal_the_linear_program(relation, data):
    from pipeline.ledger import _most_ones

    a, floor, ceiling, low, high = relation
    a = np.abs(a)
    value = float(a @ low)
    floor, ceiling = min(floor, value), max(ceiling, value) if np.isfinite(ceiling) else ceiling
    chosen = np.array(data.draw(st.lists(st.booleans(), min_size=len(a), max_size=len(a))))
    drop = np.flatnonzero(chosen)
    for g, most in zip(drop, _most_ones(a, floor, ceiling, low, high, chosen, drop), strict=True):
        objective = chosen.astype(float)
        objective[g] = 0.0
        assert most == pytest.approx(lp_extreme(a, floor, ceiling, low, high, objective), abs=TOLERANCE)
    whole = _most_ones(a, floor, ceiling, low, high, chosen, None)[0]
    assert whole == pytest.approx(lp_extreme(a, floor, ceiling, low, high, chosen.astype(float)), abs=TOLERANCE)

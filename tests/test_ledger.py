"""The ledger across tables: no withheld count can be narrowed below k by anything published.

The property test checks disclose_all with its own linear program, written here
independently of pipeline/ledger.py: minimise and maximise each withheld count
subject to every published count and the relations a reader knows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from pipeline.analyse import analyse
from pipeline.definitions import Group, Project, Question, Scale, ScalePoint, Settings, Survey, Unit
from pipeline.disclose import disclose_all
from pipeline.ledger import cells_frame, protect, unprotected
from pipeline.tables import ALL, AnonymousResponses

SCALE = Scale(label="s", points=tuple(ScalePoint(value=v, label=str(v)) for v in range(1, 6)))
UNITS = tuple(Unit(id=f"u{i}", name=f"Unit {i}") for i in range(6))


def survey(dimensions: list[str]) -> Survey:
    return Survey(id="acak", title="Acak", kind="survey", period="2026",
                  groups=tuple(Group(id=d, column=d) for d in dimensions),
                  questions=tuple(Question(id=f"q{i}", column=f"Q{i}", type="likert", scale="s") for i in range(3)))


def independent_ranges(disclosed, k: int) -> list[tuple[str, float, float]]:
    """Feasible range of every withheld count, from published numbers only."""
    cells = []
    for name, key in (("items", "question"), ("respondents", None), ("indicators", "indicator")):
        table = getattr(disclosed, name)
        for _, row in table.iterrows():
            cells.append({"table": name, "key": row[key] if key else "", "dimension": row["dimension"],
                          "group": row["group"], "n": row["n"], "withheld": bool(row["withheld"])})
    frame = pd.DataFrame(cells)
    unknown = list(frame.index[frame["withheld"]])
    col = {c: j for j, c in enumerate(unknown)}
    a_eq, b_eq, a_ub, b_ub = [], [], [], []

    def add(target_a, target_b, terms):
        row, rhs = np.zeros(len(unknown)), 0.0
        for cell, coef in terms:
            if cell in col:
                row[col[cell]] += coef
            else:
                rhs -= coef * frame.at[cell, "n"]
        if row.any():
            target_a.append(row)
            target_b.append(rhs)

    for (table, key, _), block in frame[frame["dimension"] != ALL].groupby(["table", "key", "dimension"]):
        total = frame.index[(frame["table"] == table) & (frame["key"] == key) & (frame["dimension"] == ALL)]
        add(a_eq, b_eq, [(i, 1.0) for i in block.index] + [(total[0], -1.0)])
    resp = frame[frame["table"] == "respondents"]
    for i, row in frame[frame["table"] != "respondents"].iterrows():
        whole = resp.index[(resp["dimension"] == row["dimension"]) & (resp["group"] == row["group"])]
        add(a_ub, b_ub, [(i, 1.0), (whole[0], -1.0)])
    out = []
    for cell, j in col.items():
        c = np.zeros(len(unknown))
        c[j] = 1
        kw = {"A_eq": a_eq or None, "b_eq": b_eq or None, "A_ub": a_ub or None, "b_ub": b_ub or None,
              "bounds": [(0, None)] * len(unknown), "method": "highs"}
        low, high = linprog(c, **kw), linprog(-c, **kw)
        hi = np.inf if high.status == 3 else -high.fun
        out.append((f"{frame.at[cell, 'table']}/{frame.at[cell, 'key']}/{frame.at[cell, 'group']}", low.fun, hi))
    return out


@st.composite
def response_tables(draw):
    people = draw(st.integers(min_value=3, max_value=60))
    dimensions = draw(st.sampled_from([["unit"], ["unit", "gender"]]))
    units = draw(st.lists(st.sampled_from([u.id for u in UNITS]), min_size=people, max_size=people))
    data = {"unit": pd.Categorical(units, categories=[u.id for u in UNITS] + ["Tidak diketahui"])}
    if "gender" in dimensions:
        data["gender"] = pd.Categorical(draw(st.lists(st.sampled_from(["L", "P"]), min_size=people, max_size=people)))
    likert = pd.CategoricalDtype([1, 2, 3, 4, 5], ordered=True)
    for i in range(3):
        answers = draw(st.lists(st.sampled_from([None, 1, 2, 3, 4, 5]), min_size=people, max_size=people))
        data[f"q{i}"] = pd.Series(answers, dtype="float").astype(likert)
    return dimensions, pd.DataFrame(data)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=response_tables(), k=st.integers(min_value=3, max_value=7))
def test_every_withheld_count_is_protected_by_an_independent_lp(case, k):
    dimensions, table = case
    s = survey(dimensions)
    project = Project(root=".", settings=Settings(min_group_size=max(k, 3), min_group_size_text=10),
                      units=UNITS, scales={"s": SCALE}, indicators=(), surveys=(s,))
    [disclosed] = disclose_all([analyse(AnonymousResponses(s, table, 0), project)], k)
    for name in ("items", "respondents", "indicators"):
        published = getattr(disclosed, name)
        published = published[~published["withheld"]]
        assert (published["n"] >= k).all()
    for label, low, high in independent_ranges(disclosed, k):
        assert high - low >= k, (label, low, high)


def test_containment_across_tables_is_caught():
    """Respondents of units a and b are withheld together (3 + 8), but question q publishes b = 8:
    then a's respondent count is pinned to [0, 3], b's to [8, 11], and through q, a and c too.
    The ledger must withhold more."""
    rows = [
        {"survey": "s", "table": "respondents", "key": "", "dimension": ALL, "group": ALL, "n": 31,
         "withheld": False},
        {"survey": "s", "table": "respondents", "key": "", "dimension": "unit", "group": "a", "n": 3, "withheld": True},
        {"survey": "s", "table": "respondents", "key": "", "dimension": "unit", "group": "b", "n": 8, "withheld": True},
        {"survey": "s", "table": "respondents", "key": "", "dimension": "unit", "group": "c", "n": 20,
         "withheld": False},
        {"survey": "s", "table": "items", "key": "q", "dimension": ALL, "group": ALL, "n": 30, "withheld": False},
        {"survey": "s", "table": "items", "key": "q", "dimension": "unit", "group": "a", "n": 3, "withheld": True},
        {"survey": "s", "table": "items", "key": "q", "dimension": "unit", "group": "b", "n": 8, "withheld": False},
        {"survey": "s", "table": "items", "key": "q", "dimension": "unit", "group": "c", "n": 19, "withheld": True},
    ]
    frame = cells_frame(rows)
    assert unprotected(frame, 5) == [1, 2, 5, 7]
    protected = protect(frame, 5)
    assert unprotected(protected, 5) == []
    assert protected["added"].sum() >= 1


def test_demo_ledger_is_fully_protected(demo_build):
    from pipeline.analyse import analyse as analyse_
    from pipeline.anonymise import anonymise

    project = demo_build.check.project
    disclosed = disclose_all([analyse_(anonymise(r), project) for r in demo_build.check.responses], 5)
    for d in disclosed:
        for label, low, high in independent_ranges(d, 5):
            assert high - low >= 5, (d.survey.id, label, low, high)

"""Statistics checked against a tiny dataset worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.analyse import analyse, answer_counts
from pipeline.definitions import Group, Indicator, Project, Question, Scale, ScalePoint, Settings, Survey, Unit
from pipeline.tables import ALL, AnonymousResponses

SCALE = Scale(label="s", points=tuple(ScalePoint(value=v, label=str(v)) for v in range(1, 6)))
SURVEY = Survey(
    id="uji", title="Uji", kind="survey", period="2026-S1", series="seri",
    groups=(Group(id="unit", column="Unit"),),
    questions=(Question(id="q1", column="Q1", type="likert", scale="s"),
               Question(id="q2", column="Q2", type="likert", scale="s", reverse=True),
               Question(id="saran", column="Saran", type="text")),
)


def project() -> Project:
    indicator = Indicator(id="ind", name="Ind", definition="d", why="w", how_measured="h",
                          questions=("seri.q1", "seri.q2"), source="s")
    return Project(root=".", settings=Settings(), units=(Unit(id="a", name="A"), Unit(id="b", name="B")),
                   scales={"s": SCALE}, indicators=(indicator,), surveys=(SURVEY,))


def responses() -> AnonymousResponses:
    likert = pd.CategoricalDtype([1, 2, 3, 4, 5], ordered=True)
    table = pd.DataFrame({
        "unit": pd.Categorical(["a", "a", "b", "b", "b"], categories=["a", "b", "Tidak diketahui"]),
        "q1": pd.Series([5, 4, 4, 2, None], dtype="float").astype(likert),
        "q2": pd.Series([1, 5, 2, None, None], dtype="float").astype(likert),
        "saran": pd.Series(["bagus", None, "ok", None, None], dtype="string"),
    })
    return AnonymousResponses(SURVEY, table, 0)


@pytest.fixture(scope="module")
def results():
    return analyse(responses(), project())


def test_item_statistics_by_hand(results):
    row = results.items[(results.items["question"] == "q1") & (results.items["dimension"] == ALL)].iloc[0]
    assert row["n"] == 4  # the unanswered fifth person is not counted
    assert [row[f"n_{v}"] for v in range(1, 6)] == [0, 1, 0, 2, 1]
    assert row["mean"] == pytest.approx(3.75)
    # sd = sqrt(((1.25² + 0.25² + 0.25² + 1.75²) / 3) = sqrt(4.75 / 3)
    assert row["sd"] == pytest.approx(math.sqrt(4.75 / 3))
    # 95% CI: mean ± t(0.975, df=3) · sd/√4, t = 3.182446
    half = 3.182446 * math.sqrt(4.75 / 3) / 2
    assert row["ci_low"] == pytest.approx(3.75 - half, abs=1e-5)
    assert row["ci_high"] == pytest.approx(3.75 + half, abs=1e-5)
    assert row["top2"] == pytest.approx(0.75)


def test_items_per_group(results):
    rows = results.items[(results.items["question"] == "q1") & (results.items["dimension"] == "unit")]
    by_group = rows.set_index("group")
    assert by_group.loc["a", "n"] == 2 and by_group.loc["a", "mean"] == pytest.approx(4.5)
    assert by_group.loc["b", "n"] == 2 and by_group.loc["b", "mean"] == pytest.approx(3.0)
    assert by_group.loc["Tidak diketahui", "n"] == 0


def test_indicator_score_reverses_negative_items(results):
    row = results.indicators[results.indicators["dimension"] == ALL].iloc[0]
    # Per person, favourable share over answered items (q2 reversed: 1-2 favourable):
    # p1: q1=5 yes, q2=1 yes -> 1.0 · p2: 4 yes, 5 no -> 0.5 · p3: 4 yes, 2 yes -> 1.0
    # p4: 2 no -> 0.0 · p5: nothing answered -> not counted.  Mean = 2.5 / 4.
    assert row["n"] == 4
    assert row["score"] == pytest.approx(62.5)


def test_respondents_and_comments(results):
    resp = results.respondents.set_index(["dimension", "group"])["n"]
    assert resp[(ALL, ALL)] == 5
    assert resp[("unit", "a")] == 2 and resp[("unit", "b")] == 3
    assert results.comments == 2


@settings(max_examples=100, deadline=None)
@given(answers=st.lists(st.one_of(st.none(), st.sampled_from([1, 2, 3, 4, 5])), min_size=1, max_size=60),
       seed=st.integers(0, 2**16))
def test_counts_of_a_likert_column_give_what_pandas_group_by_gives(answers, seed):
    """The Categorical path derives count, mean and std from the counts; pandas' group-by is the reference."""
    values = [1, 2, 3, 4, 5]
    rng = np.random.default_rng(seed)
    keys = pd.Series(pd.Categorical(rng.choice(["A", "B", "C"], len(answers)), categories=["A", "B", "C", "D"]))
    codes = keys.cat.codes.to_numpy()
    likert = pd.Series(pd.Categorical(answers, categories=values, ordered=True))
    numbers = pd.Series([np.nan if a is None else float(a) for a in answers])
    counts, summary = answer_counts(likert, values, keys, codes)
    reference_counts, reference = answer_counts(numbers, values, keys, codes)
    assert (counts == reference_counts).all()
    assert (summary["count"].to_numpy() == reference["count"].to_numpy()).all()
    for column in ("mean", "std"):
        assert np.allclose(summary[column], reference[column], rtol=1e-12, atol=1e-12, equal_nan=True)

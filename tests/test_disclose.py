"""The threshold: small groups withheld, complements withheld, nothing recomputable."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.disclose import COMPLEMENT, SMALL, apply_threshold
from pipeline.tables import ALL


def block(sizes: dict[str, int]) -> pd.DataFrame:
    rows = [{"dimension": ALL, "group": ALL, "n": sum(sizes.values()), "mean": 3.0}]
    rows += [{"dimension": "unit", "group": g, "n": n, "mean": 3.0} for g, n in sizes.items()]
    return pd.DataFrame(rows)


def reasons(table: pd.DataFrame) -> dict[str, str]:
    units = table[table["dimension"] == "unit"]
    return dict(zip(units["group"], units["reason"], strict=True))


def test_small_unit_and_next_smallest_are_withheld():
    out = apply_threshold(block({"a": 2, "b": 6, "c": 10}), None, 5)
    assert reasons(out) == {"a": SMALL, "b": COMPLEMENT, "c": ""}
    withheld = out[out["withheld"]]
    assert withheld["n"].isna().all() and withheld["mean"].isna().all()


def test_two_small_units_holding_enough_people_need_no_complement():
    out = apply_threshold(block({"a": 2, "b": 3, "c": 8, "d": 20}), None, 5)
    assert reasons(out) == {"a": SMALL, "b": SMALL, "c": "", "d": ""}


def test_complements_are_added_until_the_withheld_hold_k_people():
    out = apply_threshold(block({"a": 1, "b": 2, "c": 6, "d": 9}), None, 5)
    assert reasons(out) == {"a": SMALL, "b": SMALL, "c": COMPLEMENT, "d": ""}


def test_tiny_survey_publishes_nothing():
    out = apply_threshold(block({"a": 1, "b": 2}), None, 5)
    assert out["withheld"].all()


def test_groups_without_respondents_are_not_listed():
    out = apply_threshold(block({"a": 0, "b": 6, "c": 7}), None, 5, empty=frozenset({("unit", "a")}))
    assert reasons(out) == {"b": "", "c": ""}


def test_a_zero_count_of_a_real_group_is_withheld_not_shown():
    out = apply_threshold(block({"a": 0, "b": 2, "c": 6, "d": 7}), None, 5)
    assert reasons(out) == {"a": SMALL, "b": SMALL, "c": COMPLEMENT, "d": ""}


def test_blocks_are_independent_per_question():
    table = pd.concat([block({"a": 2, "b": 6, "c": 10}).assign(question="q1"),
                       block({"a": 6, "b": 7, "c": 10}).assign(question="q2")], ignore_index=True)
    out = apply_threshold(table, "question", 5)
    assert out[out["question"] == "q2"]["withheld"].sum() == 0
    assert out[out["question"] == "q1"]["withheld"].sum() == 2


@settings(max_examples=300, deadline=None)
@given(sizes=st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=9),
       k=st.integers(min_value=3, max_value=10))
def test_no_withheld_group_can_be_isolated(sizes, k):
    """Total minus the published groups never singles out fewer than k people."""
    table = block({f"u{i}": n for i, n in enumerate(sizes)})
    out = apply_threshold(table, None, k)
    units = out[out["dimension"] == "unit"]
    published = units[~units["withheld"]]
    assert (published["n"] >= k).all()
    total = out[out["dimension"] == ALL].iloc[0]
    if total["withheld"]:
        assert out["withheld"].all()
        return
    hidden = int(total["n"]) - int(published["n"].sum())
    withheld_count = int(units["withheld"].sum())
    assert hidden == 0 or (withheld_count >= 2 and hidden >= k)

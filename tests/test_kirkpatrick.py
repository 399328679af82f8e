"""Learning and results statistics against a tiny dataset worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from pipeline.kirkpatrick import (
    dz_interval,
    hake_band,
    learning_summary,
    learning_table,
    result_summary,
    unmatched_counts,
    wilcoxon,
)
from pipeline.tables import ALL

# Five participants, maximum 100, pass mark 70.
PRE = np.array([40, 50, 60, 70, 80])
POST = np.array([60, 65, 70, 85, 80])  # differences 20, 15, 10, 15, 0


@pytest.fixture(scope="module")
def summary() -> dict:
    return learning_summary(PRE, POST, max_score=100, pass_score=70)


def test_means_gain_and_normalised_gain(summary):
    assert summary["n"] == 5
    assert summary["mean_pre"] == 60 and summary["mean_post"] == 72
    assert summary["gain"] == 12
    # <g> = (72 - 60) / (100 - 60) = 12 / 40
    assert summary["g_class"] == pytest.approx(0.3)
    # individual gains 20/60, 15/50, 10/40, 15/30, 0/20, averaged
    assert summary["g_individual"] == pytest.approx((1 / 3 + 0.3 + 0.25 + 0.5 + 0) / 5)


def test_shares_improved_and_passing(summary):
    assert summary["improved"] == pytest.approx(4 / 5)  # the fifth stayed at 80
    assert summary["pass_pre"] == pytest.approx(2 / 5)  # 70 and 80
    assert summary["pass_post"] == pytest.approx(3 / 5)  # 70, 85 and 80


def test_paired_t_test_by_hand(summary):
    # deviations from the mean gain 12: 8, 3, -2, 3, -12; squares sum to 230; variance 230/4
    sd = math.sqrt(57.5)
    t = 12 / (sd / math.sqrt(5))
    assert summary["t"] == pytest.approx(t) and summary["df"] == 4
    # Student t with 4 df has a closed form: F(t) = 1/2 + 3/4 x (1 - x^2/3), x = t / sqrt(t^2 + 4)
    x = t / math.sqrt(t * t + 4)
    assert summary["p_t"] == pytest.approx(2 * (1 - (0.5 + 0.75 * x * (1 - x * x / 3))))
    # 95% CI of the gain: 12 +- t(0.975; 4) * sd / sqrt(5), t(0.975; 4) = 2.7764 from the table
    assert summary["gain_low"] == pytest.approx(12 - 2.776445 * sd / math.sqrt(5), abs=1e-4)
    assert summary["gain_high"] == pytest.approx(12 + 2.776445 * sd / math.sqrt(5), abs=1e-4)


def test_wilcoxon_by_hand(summary):
    # The zero difference is dropped; the other four are all positive, so W- = 0. Of the 2^4 equally
    # likely sign patterns only all-positive and all-negative are as extreme: p = 2/16.
    assert summary["w"] == 0
    assert summary["p_w"] == pytest.approx(2 / 16)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10), st.integers(-4, 5)), min_size=2, max_size=16),
       st.sampled_from([1.0, 0.5, 0.1, 2.5]))
def test_wilcoxon_is_scipys_to_the_last_bit(pairs, step):
    # Small scores with ties and zero differences: the exact sign-flip p-value computed in one pass.
    pre = np.array([p for p, _ in pairs], dtype="float64") * step
    post = pre + np.array([d for _, d in pairs], dtype="float64") * step
    if not (post != pre).any():
        return
    expected = stats.wilcoxon(post, pre, zero_method="wilcox")
    assert wilcoxon(post, pre) == (float(expected.statistic), float(expected.pvalue))


def test_cohen_dz_and_its_noncentral_interval(summary):
    dz = 12 / math.sqrt(57.5)
    assert summary["dz"] == pytest.approx(dz)
    low, high = summary["dz_low"], summary["dz_high"]
    assert low < dz < high
    # Definition: the observed t sits at the 97.5th percentile of nct(df, low*sqrt(n)) and at the
    # 2.5th percentile of nct(df, high*sqrt(n)).
    t = dz * math.sqrt(5)
    assert stats.nct.cdf(t, 4, low * math.sqrt(5)) == pytest.approx(0.975, abs=1e-6)
    assert stats.nct.cdf(t, 4, high * math.sqrt(5)) == pytest.approx(0.025, abs=1e-6)


def test_dz_interval_approaches_the_normal_approximation_for_many_people():
    # For large n, se(d_z) is about sqrt(1/n + d^2 / (2n)).
    low, high = dz_interval(0.5, 1000)
    se = math.sqrt(1 / 1000 + 0.25 / 2000)
    assert low == pytest.approx(0.5 - 1.96 * se, abs=0.003)
    assert high == pytest.approx(0.5 + 1.96 * se, abs=0.003)
    assert dz_interval(-2.0, 30)[1] < 0  # negative effects too


@pytest.mark.parametrize(("g", "band"), [(0.0, "rendah"), (0.29, "rendah"), (0.3, "sedang"), (0.7, "sedang"),
                                         (0.71, "tinggi"), (math.nan, "")])
def test_hake_bands(g, band):
    assert hake_band(g) == band


def test_no_variation_gives_no_tests():
    out = learning_summary(np.array([50, 60]), np.array([60, 70]), 100)
    assert out["gain"] == 10 and math.isnan(out["t"]) and math.isnan(out["dz"]) and math.isnan(out["pass_post"])
    assert learning_summary(np.array([]), np.array([]), 100)["n"] == 0


def test_learning_table_pairs_only_complete_people_and_counts_the_rest():
    people = pd.DataFrame({
        "unit": ["a", "a", "a", "b", "b", "b", "b"],
        "pre": [40, 50, np.nan, 60, 70, 80, 90],
        "post": [60, 65, 70, 70, 85, 80, np.nan],
    })
    table = learning_table(people, "pre", "post", 100, 70, {"unit": ["a", "b", "c"]})
    counts = dict(zip(table["group"], table["n"], strict=True))
    assert counts == {ALL: 5, "a": 2, "b": 3, "c": 0}
    b = table[table["group"] == "b"].iloc[0]
    assert b["mean_pre"] == 70 and b["gain"] == pytest.approx((10 + 15 + 0) / 3)
    unmatched = unmatched_counts(people, "pre", "post").set_index("key")["n"]
    assert unmatched.to_dict() == {"pre": 1, "post": 1}


def test_results_respect_the_direction_of_better():
    before, after = np.array([70, 80, 90]), np.array([75, 78, 95])  # changes +5, -2, +5
    higher = result_summary(before, after, higher_is_better=True)
    assert higher["change"] == pytest.approx(8 / 3) and higher["improved"] == pytest.approx(2 / 3)
    assert higher["mean_before"] == 80 and higher["mean_after"] == pytest.approx(248 / 3)
    assert result_summary(before, after, higher_is_better=False)["improved"] == pytest.approx(1 / 3)

"""The one-pass date parser for uniform columns gives what the careful per-shape parser gives."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.ingest import answers

day, month, hour = st.integers(1, 31), st.integers(1, 13), st.integers(0, 24)
slashed = st.builds(lambda d, m, y, h, mi: f"{d}/{m}/{y} {h}:{mi:02d}:{mi:02d}", day, month,
                    st.sampled_from([2024, 2026]), hour, st.integers(0, 59))
iso = st.builds(lambda d, m, h: f"2026-{m:02d}-{d:02d}" + (f" {h:02d}:30:00" if h < 24 else ""), day, month, hour)
other = st.sampled_from(["", "1 Maret 2026", "2026-03-01T08:00:00Z", "3/4/26", "besok"])
column = st.one_of(st.lists(st.one_of(slashed, st.just("")), min_size=1, max_size=30),
                   st.lists(st.one_of(iso, st.just("")), min_size=1, max_size=30),
                   st.lists(st.one_of(slashed, iso, other), min_size=1, max_size=30))


@settings(max_examples=300, deadline=None)
@given(values=column)
def test_uniform_columns_parse_as_the_careful_path_does(values):
    series = pd.Series(values, dtype=object)
    fast = answers.dates(series)
    arrow = answers.dates(series, pa.array(values, type=pa.string()))  # the cells as the CSV reader keeps them
    assert arrow[0].equals(fast[0]) and arrow[1].equals(fast[1]) and arrow[2] == fast[2]
    original = answers._uniform_dates
    answers._uniform_dates = lambda v, text=None: None
    try:
        careful = answers.dates(series)
    finally:
        answers._uniform_dates = original
    assert fast[0].equals(careful[0])
    assert fast[1].equals(careful[1])
    assert fast[2] == careful[2]


def test_google_forms_timestamps_take_the_fast_path():
    values = pd.Series(["13/11/2026 8:00:00", "1/12/2026 14:03:50", ""], dtype=object)
    parsed, unread, note = answers._uniform_dates(values)
    assert list(parsed.dt.strftime("%Y-%m-%d %H:%M").iloc[:2]) == ["2026-11-13 08:00", "2026-12-01 14:03"]
    assert not unread.any() and note is None

"""Find the row of one key in a disclosed table: a dict built once per table, not a scan per cell.

A page asks for thousands of single cells (a question of a group, a unit's learning row)
and every audience asks again; a boolean mask over the whole table per cell made
rendering slow. Tables are never changed after disclosure, so an index stays valid for
as long as its table lives.
"""

from __future__ import annotations

import weakref

import pandas as pd

_INDEXES: dict[tuple[int, tuple[str, ...]], dict[tuple, pd.Series | int]] = {}


def first_row(table: pd.DataFrame, columns: tuple[str, ...], values: tuple) -> pd.Series | None:
    """The first row whose `columns` equal `values` (as `table[column] == value` would), or None.

    The row is shared by every caller that asks for it: read it, never change it."""
    index = _index(table, columns)
    found = index.get(values)
    if isinstance(found, int):
        found = index[values] = table.iloc[found]
    return found


def has_row(table: pd.DataFrame, columns: tuple[str, ...], values: tuple) -> bool:
    """Whether some row's `columns` equal `values`."""
    return values in _index(table, columns)


def _index(table: pd.DataFrame, columns: tuple[str, ...]) -> dict[tuple, pd.Series | int]:
    """Each distinct key's first position; a looked-up row replaces its position (rows are read-only)."""
    key = (id(table), columns)
    index = _INDEXES.get(key)
    if index is None:
        index = {}
        for position, values in enumerate(zip(*(table[c] for c in columns), strict=True)):
            index.setdefault(values, position)
        _INDEXES[key] = index
        weakref.finalize(table, _INDEXES.pop, key, None)
    return index

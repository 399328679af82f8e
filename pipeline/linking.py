"""Link one person's rows across exports by pseudonym, then forget the pseudonym.

The only programme-evaluation code that sees pseudonyms. It takes validated responses
(anonymise drops pseudonyms, so linking happens here, on the way) and returns tables
of one row per person holding only group columns and the numbers asked for: no
pseudonym, no identifier, no free text. Nothing here is published; every number
built from these tables goes through the threshold and the ledger (disclose_extra).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipeline.tables import UNKNOWN_GROUP, ValidResponses

PSEUDONYM = "_pseudonym"


@dataclass(frozen=True)
class PersonTable:
    """One row per person: group columns and values, without any way back to who they are."""

    table: pd.DataFrame
    groups: tuple[str, ...]
    values: tuple[str, ...]


def _select(responses: ValidResponses, groups: list[str], values: list[str]) -> pd.DataFrame:
    table = responses.table
    out = pd.DataFrame(index=table.index)
    out[PSEUDONYM] = table[PSEUDONYM] if PSEUDONYM in table else pd.Series(pd.NA, index=table.index, dtype="string")
    for group in groups:
        out[group] = table[group].astype(object).fillna(UNKNOWN_GROUP) if group in table else UNKNOWN_GROUP
    for value in values:
        out[value] = pd.to_numeric(table[value].astype("float64"), errors="coerce") if value in table else float("nan")
    return out


def link_people(sources: list[ValidResponses], groups: list[str], values: list[str]) -> PersonTable:
    """Join the given value columns of several exports into one row per person.

    Rows of one person (same pseudonym) are merged, taking each value from the first
    export that has it filled and the groups from the first export the person is in,
    so that a person counts in a group only where that export counted them too (the
    ledger relies on it). Rows without a pseudonym stay as they are (they can pair
    only within their own row). The pseudonym is dropped before returning.
    """
    frames = [_select(s, groups, values) for s in sources]
    if not frames:
        return PersonTable(pd.DataFrame(columns=[*groups, *values]), tuple(groups), tuple(values))
    stacked = pd.concat(frames, ignore_index=True)
    # Groups are never missing (UNKNOWN_GROUP at worst), so `first` takes them from the first export.
    merged = stacked[stacked[PSEUDONYM].notna()].groupby(PSEUDONYM, sort=True).first()
    loose = stacked[stacked[PSEUDONYM].isna()].drop(columns=PSEUDONYM)
    parts = [f for f in (merged.reset_index(drop=True), loose) if len(f)]  # pandas warns joining an empty one
    people = pd.concat(parts, ignore_index=True) if parts else loose
    return PersonTable(people[[*groups, *values]].reset_index(drop=True), tuple(groups), tuple(values))


def sum_per_person(records: ValidResponses, groups: list[str], value: str, keep: pd.Series) -> tuple[PersonTable, int]:
    """Total `value` per person over the rows marked `keep`; also the rows left out for lack of a key.

    Every person with any row appears, with 0 when none of their rows is kept (an
    employee listed without training, or trained only in another year).
    """
    table = _select(records, groups, [value])
    no_key = int(table[PSEUDONYM].isna().sum())
    table = table[table[PSEUDONYM].notna()]
    kept = keep.reindex(table.index, fill_value=False).astype(bool)
    amount = table[value].where(kept, 0.0).fillna(0.0)
    for group in groups:
        table[group] = table[group].where(table[group] != UNKNOWN_GROUP)
    people = table.assign(**{value: amount}).groupby(PSEUDONYM, sort=True).agg(
        {**{g: "first" for g in groups}, value: "sum"})
    people = people.reset_index(drop=True)
    for group in groups:
        people[group] = people[group].fillna(UNKNOWN_GROUP)
    return PersonTable(people, tuple(groups), (value,)), no_key

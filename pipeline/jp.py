"""Jam pelajaran (JP): hours of competency development per employee over a year, against the targets.

A training-record export (`kind: training-record`) has one row per training an
employee attended: employee, training, date, JP. An employee listed without any
training (JP 0 or empty) counts with 0 JP, so the export should list every employee.
The targets per status come from `surveys/jp-targets.yml` with their source: at least
20 JP a year for PNS (PP 11/2017 Pasal 203 ayat 4); for PPPK the file states the rule
it was given (PP 49/2018) and whether it has been checked against the official text.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.programmes import JpTarget, JpTargets, RecordColumns
from pipeline.tables import ALL, UNKNOWN_GROUP, ValidResponses

JP_COLUMNS = ["n", "mean_jp", "n_target", "share_met"]


@dataclass(frozen=True)
class RecordRows:
    """What happened to the rows of a training-record export (rows, not people)."""

    rows: int
    other_year: int  # dated outside the survey's year: not counted
    undated: int  # JP without a date: counted in the year
    duplicates: int  # same person, training, date and JP twice: counted once
    no_key: int  # no NIP: cannot be added up per person


def in_year(records: ValidResponses, columns: RecordColumns, year: int) -> tuple[pd.Series, RecordRows]:
    """Rows whose JP counts towards the year: dated in it (or undated), not an exact repeat."""
    table = records.table
    dates = table[columns.date] if columns.date in table else pd.Series(pd.NaT, index=table.index)
    hours = table[columns.hours].astype("float64") if columns.hours in table else pd.Series(np.nan, index=table.index)
    dated = dates.notna()
    other = dated & (dates.dt.year != year)
    keys = [c for c in ("_pseudonym", columns.date, columns.hours) if c in table]
    titles = [q.id for q in records.survey.questions if q.type == "text" and q.id in table]
    repeat = table[keys + titles].duplicated(keep="first") & table["_pseudonym"].notna() & (hours > 0)
    keep = ~other & ~repeat
    report = RecordRows(rows=len(table), other_year=int(other.sum()),
                        undated=int((~dated & (hours > 0)).sum()), duplicates=int(repeat.sum()),
                        no_key=int(table["_pseudonym"].isna().sum()) if "_pseudonym" in table else len(table))
    return keep, report


def status_of(values: pd.Series, targets: tuple[JpTarget, ...]) -> pd.Series:
    """Map typed statuses ('pns', 'P3K', 'Pegawai Negeri Sipil') to the targets file's names."""
    def lookup(value: object) -> str:
        return next((t.status for t in targets if t.matches(str(value))), UNKNOWN_GROUP)
    distinct = {v: lookup(v) for v in values.dropna().unique()}
    return values.map(distinct).fillna(UNKNOWN_GROUP)


def met_target(hours: pd.Series, status: pd.Series, targets: tuple[JpTarget, ...]) -> pd.Series:
    """True/False per person against the target of their status; NA where the status has none."""
    met = pd.Series(pd.NA, index=hours.index, dtype="boolean")
    for target in targets:
        mine = status == target.status
        ok = hours >= target.jp if target.rule == "minimum" else hours <= target.jp
        met[mine] = ok[mine]
    return met


def jp_summary(hours: pd.Series, met: pd.Series) -> dict[str, float]:
    n = len(hours)
    known = met.dropna()
    # No median: in a group of five it would be one person's own total.
    return {"n": n, "mean_jp": float(hours.mean()) if n else np.nan, "n_target": len(known),
            "share_met": float(known.astype(bool).mean()) if len(known) else np.nan}


def jp_table(people: pd.DataFrame, hours: str, status: str, targets: JpTargets,
             dimensions: dict[str, list[str]]) -> pd.DataFrame:
    """JP per employee summarised for the organisation, each status and each listed group."""
    people = people.assign(**{status: status_of(people[status], targets.targets)})
    met = met_target(people[hours], people[status], targets.targets)
    statuses = [t.status for t in targets.targets] + [UNKNOWN_GROUP]
    blocks = [(ALL, ALL, people.index)]
    blocks += [(status, s, people.index[people[status] == s]) for s in statuses]
    blocks += [(d, g, people.index[people[d] == g]) for d, gs in dimensions.items() for g in gs]
    rows = [{"key": "", "dimension": d, "group": g, **jp_summary(people.loc[idx, hours], met.loc[idx])}
            for d, g, idx in blocks]
    return pd.DataFrame(rows, columns=["key", "dimension", "group", *JP_COLUMNS])

"""Validate: problems that need the whole table, such as one person answering twice.

Cell-level problems (unknown labels, missing columns) come from the readers; this
stage adds the cross-row ones and keeps the latest answer of each person.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd

from pipeline.problems import Problem
from pipeline.tables import Ingested, ValidResponses, person


def validate(ingested: Ingested) -> ValidResponses:
    """Drop earlier duplicate submissions (with a warning naming both rows) and check emptiness."""
    table = ingested.table
    problems = list(ingested.problems)
    # A training record has one row per training attended: many rows per person by design (jp.py).
    if table.empty or ingested.survey.kind == "training-record":
        return ValidResponses(ingested.survey, table, tuple(problems), ingested.files, ingested.identifiers)
    dropped, duplicates = earlier_submissions(table, {f.path.name: f.path for f in ingested.files})
    problems += duplicates
    if len(dropped):  # dropping nothing would still copy a national table
        table = table.drop(index=dropped).reset_index(drop=True)
    kept = table["_file"].value_counts()
    files = tuple(replace(f, rows_kept=int(kept.get(f.path.name, 0))) for f in ingested.files)
    return ValidResponses(ingested.survey, table, tuple(problems), files, ingested.identifiers)


def earlier_submissions(table: pd.DataFrame, paths: dict[str, Path]) -> tuple[pd.Index, list[Problem]]:
    """The rows of every person's earlier submissions, and a warning for each naming the row kept.

    It needs every row of a person in `table`: engine_dask shuffles the rows by pseudonym first.
    """
    # Only people with more than one row can have an earlier submission: in a national round that
    # is a few hundred rows of a million, so the sort below is over those alone.
    keys = table["_pseudonym"]
    repeated = (keys.duplicated(keep=False) & keys.notna()).to_numpy()
    order = table[repeated].sort_values(["_submitted", "_file", "_row"], na_position="first", kind="stable")
    keyed = order
    # A repeat-group survey has a row per repeat entry: one person rating three sessions is one
    # submission, not three answers. So duplicates are judged per submission (RESPONDENT): each
    # person's latest submission is kept whole and every row of an earlier one is dropped. Judging
    # per (person, row) instead would mix sessions of two submissions of one person.
    submission = person(keyed)
    latest = submission == submission.groupby(keyed["_pseudonym"]).transform("last")
    dropped = keyed[~latest]
    kept_rows = keyed[latest].drop_duplicates("_pseudonym").set_index("_pseudonym")
    problems = []
    for _, row in dropped.iterrows():  # one iteration per duplicate, not per response
        later = kept_rows.loc[row["_pseudonym"]]
        problems.append(Problem(
            paths[row["_file"]], int(row["_row"]), "", "warning", "jawaban-ganda",
            f"orang yang sama mengisi lagi di baris {int(later['_row'])}"
            + ("" if later["_file"] == row["_file"] else f" berkas {later['_file']}")
            + "; hanya jawaban terakhir yang dipakai",
        ))
    return dropped.index, problems


def count_by_code(problems: list[Problem]) -> pd.Series:
    return pd.Series([p.code for p in problems], dtype="string").value_counts().sort_index()

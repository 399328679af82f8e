"""SKP results exports (kind: skp): rating labels read as the regulation's ids.

A generic reader maps the columns; the rating cells come out as typed: `diatas`,
`Di Atas Ekspektasi`, `DIBAWAH EKSPEKTASI`, `memenuhi ekspektasi`. This module turns
them into the ids of `regulasi/predikat.yml` (case, spaces and punctuation ignored,
aliases from the data file) and reports every cell it cannot read, positioned.

The survey names its questions by convention: `hasil_kerja` and `perilaku_kerja`
(required), `potensial` (for the 9-box) and `predikat` (the exporting application's
own predikat, only compared with the matrix: some applications get it wrong).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pandas as pd

from pipeline.appraisal.regulation import Label, Regulation, normalise_labels
from pipeline.appraisal.rules import predikat
from pipeline.definitions import Project, Survey
from pipeline.errors import DefinitionError
from pipeline.problems import Problem
from pipeline.tables import Ingested

REQUIRED = ("hasil_kerja", "perilaku_kerja")
OPTIONAL = ("potensial", "predikat")
MAX_PROBLEMS_PER_COLUMN = 50


def check_definition(project: Project, survey: Survey, required: tuple[str, ...], kind: str) -> None:
    """The questions an appraisal survey must name, as `single` questions."""
    types = {q.id: q.type for q in survey.questions}
    errors = [f"questions: survei {kind} wajib punya pertanyaan '{q}' (type: single)"
              for q in required if types.get(q) != "single"]
    if errors:
        raise DefinitionError(project.survey_dir(survey) / "survey.yml", *errors)


def positioned(ingested: Ingested, mask: pd.Series, question: str, severity: str, code: str,
               message: Callable[[pd.Series], str]) -> list[Problem]:
    """One problem per flagged row (at most 50 per column), at its file, row and column."""
    table = ingested.table
    paths = {f.path.name: f.path for f in ingested.files}
    column = next((q.column for q in ingested.survey.questions if q.id == question), question)
    rows = table.index[mask.fillna(False).to_numpy(dtype=bool)]
    out = [Problem(paths[table.at[i, "_file"]], int(table.at[i, "_row"]), column, severity, code,
                   message(table.loc[i])) for i in rows[:MAX_PROBLEMS_PER_COLUMN]]
    if len(rows) > MAX_PROBLEMS_PER_COLUMN:
        first = rows[MAX_PROBLEMS_PER_COLUMN]
        out.append(Problem(paths[table.at[first, "_file"]], int(table.at[first, "_row"]), column, severity,
                           code, f"dan {len(rows) - MAX_PROBLEMS_PER_COLUMN} sel lain di kolom ini"))
    return out


def normalise_column(ingested: Ingested, table: pd.DataFrame, question: str, labels: tuple[Label, ...],
                     where: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Replace a column of typed labels by ids; an unreadable label is an error naming the data file."""
    ids, unknown = normalise_labels(table[question], labels)
    known = ", ".join(item.label for item in labels)
    problems = positioned(ingested, unknown, question, "error", "label-tidak-dikenal", lambda row: (
        f"'{row[question]}' tidak dikenal; tulis salah satu dari: {known}, atau tambahkan ejaannya "
        f"sebagai alias di {where}"))
    return table.assign(**{question: ids}), problems


def prepare_skp(project: Project, ingested: Ingested, regulation: Regulation) -> Ingested:
    """Normalise ratings, potensial and the export's predikat; warn where a row cannot be counted."""
    check_definition(project, ingested.survey, REQUIRED, "skp")
    table, problems = ingested.table, list(ingested.problems)
    if table.empty:
        return ingested
    sources = {"hasil_kerja": (regulation.predikat.ratings, "regulasi/predikat.yml"),
               "perilaku_kerja": (regulation.predikat.ratings, "regulasi/predikat.yml"),
               "potensial": (regulation.ninebox.potensial, "regulasi/sembilan-kotak.yml"),
               "predikat": (regulation.predikat.predikat, "regulasi/predikat.yml")}
    for question, (labels, where) in sources.items():
        if question in table:
            table, found = normalise_column(ingested, table, question, labels, where)
            problems += found
    checked = replace(ingested, table=table)
    blank = table["hasil_kerja"].isna() | table["perilaku_kerja"].isna()
    problems += positioned(checked, blank, "hasil_kerja", "warning", "rating-kosong", lambda row: (
        "rating hasil kerja atau perilaku kerja kosong; pegawai ini tidak dihitung dalam predikat"))
    if "predikat" in table:
        problems += _mismatches(checked, regulation)
    return replace(checked, problems=tuple(problems))


def _mismatches(ingested: Ingested, regulation: Regulation) -> list[Problem]:
    """Rows whose exported predikat differs from the matrix: the matrix wins, the row is named."""
    table = ingested.table
    expected = predikat(table["hasil_kerja"], table["perilaku_kerja"], regulation.predikat)
    differs = (table["predikat"].notna() & expected.notna()
               & (table["predikat"].astype("string") != expected.astype("string")))
    label = regulation.predikat.label
    return positioned(ingested, differs.fillna(False), "predikat", "warning", "predikat-tidak-sesuai-matriks",
                      lambda row: (
                          f"predikat di berkas '{label(row['predikat'])}' berbeda dengan matriks PermenPANRB "
                          f"6/2022 untuk rating ini ('{label(expected[row.name])}'); rapor memakai hasil matriks"))

"""Ingest: one reader per export source, all with the same signature, in one registry.

A reader is a `Layout` (where the platform puts its timestamp, metadata and
identifier columns) plus a `detect(headers)` test. Detection tries the registry in
order; `format:` in survey.yml overrides it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.definitions import Project, Survey
from pipeline.errors import DefinitionError, ExportError
from pipeline.identifiers import IdentifierSet
from pipeline.ingest import generic, google_forms
from pipeline.ingest.canonical import Layout, to_canonical
from pipeline.ingest.tabular import SPREADSHEET_SUFFIXES, TEXT_SUFFIXES, read_table
from pipeline.problems import Problem
from pipeline.tables import FileReport, Ingested


@dataclass(frozen=True)
class Reader:
    layout: Layout
    detect: Callable[[list[str]], bool]


READERS: dict[str, Reader] = {
    "google-forms": Reader(google_forms.LAYOUT, google_forms.detect),
    "generic": Reader(generic.LAYOUT, generic.detect),
}


def export_files(project: Project, survey: Survey) -> list[Path]:
    folder = project.survey_dir(survey) / "responses"
    suffixes = SPREADSHEET_SUFFIXES | TEXT_SUFFIXES
    return sorted(p for p in folder.glob("*") if p.is_file() and p.suffix.lower() in suffixes
                  and not p.name.startswith(("~$", ".")))


def detect_format(headers: list[str]) -> str:
    return next(name for name, reader in READERS.items() if reader.detect(headers))


def read_survey(project: Project, survey: Survey) -> Ingested:
    """Read every export of a survey into one canonical table, collecting problems."""
    if survey.format and survey.format not in READERS:
        raise DefinitionError(project.survey_dir(survey) / "survey.yml",
                              f"format: '{survey.format}' tidak dikenal; pilih salah satu: "
                              + ", ".join(READERS))
    files = export_files(project, survey)
    problems: list[Problem] = []
    reports, tables = [], []
    identifiers = IdentifierSet()
    if not files:
        problems.append(Problem(project.survey_dir(survey) / "responses", 0, "", "error",
                                "tidak-ada-berkas", "folder responses/ tidak berisi berkas CSV atau XLSX"))
    for path in files:
        try:
            raw = read_table(path)
        except ExportError as exc:
            problems.append(Problem(path, 0, "", "error", "berkas-tidak-terbaca", str(exc).split(": ", 1)[-1]))
            continue
        name = survey.format or detect_format(list(raw.frame.columns))
        table, found, seen = to_canonical(raw, survey, project, READERS[name].layout)
        problems += list(raw.problems) + found
        identifiers.merge(seen)
        tables.append(table)
        reports.append(FileReport(path, name, len(raw.frame), len(table)))
    table = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame()
    return Ingested(survey, table, tuple(problems), tuple(reports), identifiers)

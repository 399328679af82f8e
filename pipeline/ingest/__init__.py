"""Ingest: one reader per export source, all with the same interface, in one registry.

A reader is a module named after its platform with `detect(raw) -> bool` (does this
grid look like my platform's export?) and `prepare(raw) -> Sheet` (header rows,
metadata, incomplete responses, how multi-selects are written). `canonical.to_canonical`
then maps every sheet onto the survey definition the same way. Detection tries the
registry in order, most specific first; `format:` in survey.yml overrides it. A reader
of a workbook with one sheet per repeat group also has `prepare_repeat(raw, survey)`, for
a survey that says `sheet:`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.definitions import Project, Survey
from pipeline.errors import DefinitionError, ExportError
from pipeline.identifiers import IdentifierSet
from pipeline.ingest import (
    generic,
    google_forms,
    kobotoolbox,
    limesurvey,
    microsoft_forms,
    qualtrics,
    surveymonkey,
)
from pipeline.ingest.canonical import Canonical, to_canonical
from pipeline.ingest.interviews import read_interviews
from pipeline.ingest.sheet import Sheet
from pipeline.ingest.tabular import ARCHIVE_SUFFIXES, SPREADSHEET_SUFFIXES, TEXT_SUFFIXES, RawTable, read_table
from pipeline.problems import Problem
from pipeline.tables import FileReport, Ingested


@dataclass(frozen=True)
class Reader:
    detect: Callable[[RawTable], bool]
    prepare: Callable[[RawTable], Sheet]
    prepare_repeat: Callable[[RawTable, Survey], Sheet] | None = None

    def read(self, raw: RawTable, survey: Survey, project: Project) -> Canonical:
        """The canonical table of one export, its problems, identifiers and incomplete count."""
        if not survey.sheet:
            return to_canonical(self.prepare(raw), survey, project)
        if self.prepare_repeat is None:
            return _unread(Problem(raw.path, 0, "", "error", "lembar-tidak-didukung",
                                   f"'sheet: {survey.sheet}' di survey.yml hanya untuk ekspor XLSX "
                                   "KoboToolbox (grup berulang); hapus kunci itu untuk berkas ini"))
        sheet = self.prepare_repeat(raw, survey)
        if sheet.frame.columns.empty:  # the sheet could not be read: its problems say why
            return _unread(*sheet.problems)
        return to_canonical(sheet, survey, project)


def _unread(*problems: Problem) -> Canonical:
    return Canonical(pd.DataFrame(), tuple(problems), IdentifierSet(), 0, 0)


READERS: dict[str, Reader] = {
    "qualtrics": Reader(qualtrics.detect, qualtrics.prepare),
    "surveymonkey": Reader(surveymonkey.detect, surveymonkey.prepare),
    "limesurvey": Reader(limesurvey.detect, limesurvey.prepare),
    "kobotoolbox": Reader(kobotoolbox.detect, kobotoolbox.prepare, kobotoolbox.prepare_repeat),
    "microsoft-forms": Reader(microsoft_forms.detect, microsoft_forms.prepare),
    "google-forms": Reader(google_forms.detect, google_forms.prepare),
    "generic": Reader(generic.detect, generic.prepare),
}


def export_files(project: Project, survey: Survey) -> list[Path]:
    folder = project.survey_dir(survey) / "responses"
    suffixes = SPREADSHEET_SUFFIXES | TEXT_SUFFIXES | ARCHIVE_SUFFIXES
    return sorted(p for p in folder.glob("*") if p.is_file() and p.suffix.lower() in suffixes
                  and not p.name.startswith(("~$", ".")))


def detect_format(raw: RawTable) -> str:
    """The first reader in the registry that recognises the export (`generic` always does)."""
    return next(name for name, reader in READERS.items() if reader.detect(raw))


def read_survey(project: Project, survey: Survey) -> Ingested:
    """Read every export of a survey into one canonical table, collecting problems."""
    if survey.kind == "interviews":  # notes, not a table: one note per respondent
        return read_interviews(project, survey)
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
                                "tidak-ada-berkas",
                                "folder responses/ tidak berisi berkas CSV atau XLSX"))
    for path in files:
        read = read_export(project, survey, path)
        problems += read.problems
        identifiers.merge(read.identifiers)
        if read.report is not None:
            tables.append(read.table)
            reports.append(read.report)
    return Ingested(survey, concat_tables(tables), tuple(problems), tuple(reports), identifiers)


@dataclass(frozen=True, eq=False)
class ExportRead:
    """One export file read: its canonical table, problems, identifiers and loss report (None if unreadable)."""

    table: pd.DataFrame
    problems: tuple[Problem, ...]
    identifiers: IdentifierSet
    report: FileReport | None


def read_export(project: Project, survey: Survey, path: Path) -> ExportRead:
    """Read one export file of a survey: the unit of reading, also for engine_dask's workers."""
    try:
        raw = read_table(path)
    except ExportError as exc:
        problem = Problem(path, 0, "", "error", "berkas-tidak-terbaca", str(exc).split(": ", 1)[-1])
        return ExportRead(pd.DataFrame(), (problem,), IdentifierSet(), None)
    name = survey.format or detect_format(raw)
    result = READERS[name].read(raw, survey, project)
    report = FileReport(path, name, result.rows_read, len(result.table), result.incomplete)
    return ExportRead(result.table, raw.problems + result.problems, result.identifiers, report)


def concat_tables(tables: list[pd.DataFrame]) -> pd.DataFrame:
    """One table for all files; an empty one only gives the columns (pandas warns joining it)."""
    filled = [t for t in tables if len(t)]
    if not filled:
        return tables[0] if tables else pd.DataFrame()
    return pd.concat(filled, ignore_index=True) if len(filled) > 1 else filled[0]

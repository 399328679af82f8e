"""The typed values passed between stages. The type says which stages a table has passed.

ingest -> Ingested -> validate -> ValidResponses -> anonymise -> AnonymousResponses
-> analyse -> Results -> disclose -> Disclosed -> render.
Analysis only accepts AnonymousResponses and rendering only Disclosed, so skipping a
privacy stage is a type error rather than a review comment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from pipeline.definitions import Survey
from pipeline.identifiers import IdentifierSet
from pipeline.problems import Problem

if TYPE_CHECKING:
    from pipeline.disclose_themes import DisclosedThemes

UNKNOWN_GROUP = "Tidak diketahui"
ALL = "_semua"  # the dimension of organisation-wide rows


def whole(index: pd.Index) -> pd.Series:
    """The group of every row when the organisation is one group (ALL): codes, no million-item list."""
    return pd.Series(pd.Categorical.from_codes(np.zeros(len(index), dtype=np.int8), categories=[ALL]), index=index)
# A repeat-group survey (survey.yml `sheet:`) has several rows per person: this column names
# each row's submission, so that counts and duplicates are of people, not of rows.
RESPONDENT = "_respondent"


def person(table: pd.DataFrame) -> pd.Series:
    """The person behind each row: its submission in a repeat-group survey, else the row itself."""
    return table[RESPONDENT] if RESPONDENT in table else table.index.to_series(index=table.index)


@dataclass(frozen=True)
class FileReport:
    """What happened to one export file: the loss report of `rapor check`."""

    path: Path
    format: str
    rows_read: int
    rows_kept: int
    incomplete: int = 0


@dataclass(frozen=True)
class Ingested:
    """Canonical responses of one survey; identifier columns already dropped by the reader."""

    survey: Survey
    table: pd.DataFrame
    problems: tuple[Problem, ...]
    files: tuple[FileReport, ...]
    identifiers: IdentifierSet = field(repr=False)


@dataclass(frozen=True)
class ValidResponses:
    survey: Survey
    table: pd.DataFrame
    problems: tuple[Problem, ...]
    files: tuple[FileReport, ...]
    identifiers: IdentifierSet = field(repr=False)


@dataclass(frozen=True)
class AnonymousResponses:
    """Responses whose free text is redacted; no pseudonym, no identifier left."""

    survey: Survey
    table: pd.DataFrame
    redactions: int


@dataclass(frozen=True)
class Results:
    """Aggregates of one survey. Every row carries `n`, the distinct people behind it.

    items: one row per (question, dimension, group) with n, counts per scale value,
    mean, CI and top-2-box; respondents: one row per (dimension, group);
    indicators: one row per (indicator, dimension, group).
    """

    survey: Survey
    items: pd.DataFrame
    respondents: pd.DataFrame
    indicators: pd.DataFrame
    comments: int


@dataclass(frozen=True)
class Disclosed:
    """Results after the threshold: withheld cells carry `withheld=True` and no numbers."""

    survey: Survey
    items: pd.DataFrame
    respondents: pd.DataFrame
    indicators: pd.DataFrame
    comments: int
    min_group_size: int
    themes: DisclosedThemes | None = None  # comment themes and reviewed quotes (disclose_themes.py)

"""What a reader hands to the canonical mapping: one header, one row per response.

A reader knows its platform (how many header rows, which columns are metadata or
identify a person, how a multi-select is written); it turns the raw grid into a
`Sheet` and describes the platform in a `Layout`. `canonical.to_canonical` does the rest,
the same way for every platform.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.identifiers import looks_like_identifier_header, normalise_text
from pipeline.ingest.tabular import RawTable
from pipeline.problems import Problem

# `Title [Row]` (Google grid, LimeSurvey full headings, SurveyMonkey), `Q1[SQ001]` (LimeSurvey).
BRACKET = r"^(?P<parent>.+?)\s*\[(?P<sub>[^\[\]]+)\]$"
EMPTY_MARKERS = {"-", "_", ".", "--", "n/a", "N/A"}  # what people type for "nothing"
# Between the options chosen in one cell, when the platform's own separator is not known.
ANY_SEPARATOR = r"\s*[,;|\n]\s*"


@dataclass(frozen=True)
class Layout:
    """What a platform writes around the questions."""

    timestamp_headers: tuple[str, ...] = ()
    metadata_headers: tuple[str, ...] = ()  # platform bookkeeping: ignored without a warning
    metadata_patterns: tuple[str, ...] = ()  # regexes of such headers (Qualtrics `Q1_DO`)
    # Name a person: their values are kept for redaction and the audit, the columns dropped.
    identifier_headers: tuple[str, ...] = ()
    private_headers: tuple[str, ...] = ()  # locate a person (IP address, coordinates): dropped
    separator: str = ANY_SEPARATOR  # regex between the options chosen in one cell
    sub_patterns: tuple[str, ...] = (BRACKET,)  # a header naming one option or row of a question
    always_timestamped: bool = False  # each response has a time: a trailing row without is junk


@dataclass(frozen=True, eq=False)
class Sheet:
    """An export after its reader: headers as the user sees them, index = spreadsheet row."""

    path: Path
    # Python text. In a plain sheet, a column that repeats its values is a Categorical of them, and
    # a column of mostly distinct values read only for its values (a time stamp, NIPs, emails:
    # `read_by_value`) is Arrow text; `python_text` makes every column Python text, for code that
    # needs Python's regex syntax or text methods on them.
    frame: pd.DataFrame
    layout: Layout
    problems: tuple[Problem, ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()  # (another name of a column, the column)
    incomplete: pd.Series | None = None  # True where the platform marks the response unfinished
    incomplete_reason: str = ""
    # True where the row is no real response (a Qualtrics preview, generated test or spam):
    # left out always, each one named by the loss report.
    not_response: pd.Series | None = None
    not_response_reason: str = ""
    # A repeat group read as the responses: each row's submission (tables.RESPONDENT), and the
    # rows behind them (the main sheet) whose identifier values are collected but not read.
    respondent: pd.Series | None = None
    context: pd.DataFrame | None = None
    # The columns of `frame` as `with_header` read them (see Coded): valid for `frame` exactly as
    # built, so only a reader that hands its frame on unchanged passes them (plain_sheet).
    coded: dict[str, Coded] | None = None


@dataclass(frozen=True, eq=False)
class Coded:
    """One column of a sheet as its reader found it, so that no later stage hashes or converts a
    million cells again: the distinct values and each row's code into them (a value may appear
    twice among the distinct ones: ' Setuju' and 'Setuju' both trim to 'Setuju'), or, for a column
    of mostly distinct values (a NIP, a time stamp), the trimmed cells as Arrow text."""

    distinct: np.ndarray | None = None
    codes: np.ndarray | None = None
    text: pa.Array | pa.ChunkedArray | None = None

    def rows(self, keep: np.ndarray) -> Coded:
        if self.codes is not None:
            return Coded(self.distinct, self.codes[keep])
        return Coded(text=self.text.filter(pa.array(keep)))


def header_key(header: str) -> str:
    return normalise_text(re.sub(r"[\s_]+", " ", str(header)))


def label_key(label: str) -> str:
    """Compare answer labels case-, space- and punctuation-insensitively."""
    return re.sub(r"[^0-9a-z]+", "", normalise_text(str(label)))


def codes_of(values: pd.Series, coded: Coded | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Each cell's code into the column's distinct values, and those values: from the reader's codes
    or the Categorical when there are any, else found here."""
    if coded is not None and coded.codes is not None and len(coded.codes) == len(values):
        return coded.codes, coded.distinct
    if isinstance(values.dtype, pd.CategoricalDtype) and not values.isna().any():
        return values.cat.codes.to_numpy(), values.cat.categories.to_numpy(dtype=object)
    return pd.factorize(values, use_na_sentinel=False)


def map_distinct(values: pd.Series, func: Callable[[str], object], coded: Coded | None = None) -> pd.Series:
    """Apply `func` once per distinct value: a column of 100,000 answers has a handful of labels."""
    codes, distinct = codes_of(values, coded)
    results = np.empty(len(distinct), dtype=object)
    results[:] = [func(v) for v in distinct]
    return pd.Series(results[codes], index=values.index, dtype=object)


def on_distinct(values: pd.Series, convert: Callable[[pd.Series], tuple], coded: Coded | None = None) -> list:
    """Run a column converter on the distinct values only, then spread each result back."""
    codes, distinct = codes_of(values, coded)
    out = []
    for part in convert(pd.Series(distinct, dtype=object)):
        if isinstance(part, pd.Categorical):
            out.append(part.take(codes))
        elif isinstance(part, pd.Series | pd.DataFrame):
            out.append(part.take(codes).set_axis(values.index))
        else:
            out.append(part)
    return out


def clean_header(text: str) -> str:
    """Excel writes a line break inside a header as `_x000a_`; keep it as a real newline."""
    return re.sub(r"(?i)_x000d_", "", re.sub(r"(?i)_x000a_", "\n", str(text))).strip()


def with_header(raw: RawTable, header: list[str] | None = None,
                skip: int = 1) -> tuple[pd.DataFrame, list[Problem]]:
    """The rows below `skip` header rows, named by `header` (default: the first row), trimmed.

    Columns without a header are dropped (Excel's trailing ';;;;'), with a warning when
    they hold data; wholly empty rows are dropped and counted.
    """
    frame, problems, _ = coded_header(raw, header, skip)
    return frame, problems


def coded_header(raw: RawTable, header: list[str] | None = None, skip: int = 1,
                 by_value: Callable[[str], bool] | None = None
                 ) -> tuple[pd.DataFrame, list[Problem], dict[str, Coded]]:
    """`with_header`, and each column of the frame as Coded. With `by_value`, the frame of a plain
    sheet (see Sheet.frame): Categoricals, and Arrow text for the columns `by_value` accepts."""
    names = [clean_header(h) for h in (header if header is not None else raw.row(1))]
    rows = raw.cells.index > skip
    problems = []
    for i, name in enumerate(names):
        if not name and (raw.cells[i][rows].str.strip() != "").any():
            problems.append(Problem(raw.path, 1, f"kolom {i + 1}", "warning", "kolom-tanpa-judul",
                                    "kolom berisi data tetapi tidak punya judul; "
                                    "kolom ini diabaikan"))
    keep = [i for i, name in enumerate(names) if name]
    cleaned = [_clean_column(raw.cells[i], rows) for i in keep]
    empty = np.ones(int(rows.sum()), dtype=bool)
    for column in cleaned:
        empty &= (column.distinct == "")[column.codes] if column.codes is not None else \
            pc.equal(column.text, "").to_numpy(zero_copy_only=False)
    index = raw.cells.index[rows]
    # Blank lines after the last record (LimeSurvey writes one) hide nothing; others are said.
    inner = empty & (np.cumsum(~empty[::-1])[::-1] > 0)
    if inner.any():
        first = int(index[inner][0])
        problems.append(Problem(raw.path, first, "", "warning", "baris-kosong",
                                f"{int(inner.sum())} baris kosong dilewati "
                                f"(baris pertama: {first})"))
    names = dedupe([names[i] for i in keep])
    coded = {name: column.rows(~empty) if empty.any() else column
             for name, column in zip(names, cleaned, strict=True)}
    index = index[~empty] if empty.any() else index
    frame = _frame(coded, index) if by_value is None else _plain_frame(coded, index, by_value)
    frame.attrs["trimmed"] = True  # to_canonical need not trim it again
    return frame, problems, coded


def _clean_column(cells: pd.Series, rows: np.ndarray) -> Coded:
    """A column's cells in `rows`, trimmed: as distinct values and each cell's code into them, or,
    for a column of mostly distinct values that Arrow read (a NIP, a comment), as Arrow text."""
    if isinstance(cells.dtype, pd.CategoricalDtype):  # Arrow's reader already found the distinct
        distinct = cells.cat.categories.to_numpy(dtype=object)
        codes = cells.cat.codes.to_numpy()[rows]
    elif isinstance(cells.array, pd.arrays.ArrowStringArray):
        return Coded(text=_trim(pa.array(cells.array).filter(pa.array(rows))))
    else:  # pandas hashes Python text faster than Arrow copies it
        codes, distinct = pd.factorize(cells.to_numpy()[rows], use_na_sentinel=False)
    return Coded(_clean_distinct(distinct), codes)


def _frame(coded: dict[str, Coded], index: pd.Index) -> pd.DataFrame:
    """The cleaned columns as one block of Python text objects: every reader and check downstream
    may use Python's regex syntax on them, which Arrow's RE2 does not all understand. Filled in
    place, column by column: a frame built from a dict of columns would copy them all once more."""
    block = np.empty((len(coded), len(index)), dtype=object)
    for row, column in zip(block, coded.values(), strict=True):
        if column.codes is not None:
            np.take(column.distinct, column.codes, out=row)
        else:
            row[:] = column.text.to_numpy(zero_copy_only=False)
    return pd.DataFrame(block.T, index=index, columns=list(coded), copy=False)


def _plain_frame(coded: dict[str, Coded], index: pd.Index, by_value: Callable[[str], bool]) -> pd.DataFrame:
    """A plain sheet's frame: a Categorical per coded column (a million answers stay a million small
    codes), Arrow text for the columns read by value, Python text for the rest."""
    columns = {}
    for name, column in coded.items():
        if column.codes is not None and not all(isinstance(v, str) for v in column.distinct):
            columns[name] = column.distinct[column.codes]  # a missing cell (None) is no category
        elif column.codes is not None:
            # Trimming can make two distinct cells one value (' Setuju', 'Setuju'): one category.
            merged, categories = pd.factorize(column.distinct)
            codes = column.codes if len(categories) == len(column.distinct) else merged[column.codes]
            columns[name] = pd.Categorical.from_codes(codes, categories, validate=False)
        elif by_value(name):
            columns[name] = pd.arrays.ArrowStringArray(column.text)
        else:
            columns[name] = column.text.to_numpy(zero_copy_only=False)
    return pd.DataFrame(columns, index=index, copy=False)


def python_text(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every column as Python text objects (see Sheet.frame)."""
    other = [c for c in frame.columns if frame[c].dtype != object]
    return frame.astype(dict.fromkeys(other, object)) if other else frame


def _clean_distinct(distinct: np.ndarray) -> np.ndarray:
    """Trim (Arrow trims exactly the characters Python's str.strip does) and blank the markers."""
    try:
        text = pa.array(distinct, type=pa.large_string())
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        out = np.empty(len(distinct), dtype=object)
        out[:] = [_clean(v) for v in distinct]
        return out
    return _trim(text).to_numpy(zero_copy_only=False)


def _trim(text: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    text = pc.utf8_trim_whitespace(text)
    return pc.if_else(pc.is_in(text, pa.array(sorted(EMPTY_MARKERS), type=text.type)), "", text)


def _clean_array(cells: np.ndarray) -> np.ndarray:
    """Trim the cells of one column, once per distinct value."""
    codes, distinct = pd.factorize(cells, use_na_sentinel=False)
    return _clean_distinct(distinct)[codes]


def clean_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Trim every cell; '-', '_', '.' and 'n/a' typed for "nothing" become empty."""
    out = frame.apply(lambda col: pd.Series(_clean_array(col.to_numpy()), index=col.index))
    out.attrs["trimmed"] = True
    return out


def _clean(text: str) -> str:
    text = str(text).strip()
    return "" if text in EMPTY_MARKERS else text


def dedupe(header: list[str]) -> list[str]:
    """Suffix repeated headers ` 2`, ` 3` as Google Sheets does: every column has its own name."""
    seen = set()
    out = []
    for name in header:
        candidate, n = name, 1
        while candidate in seen:
            n += 1
            candidate = f"{name} {n}"
        seen.add(candidate)
        out.append(candidate)
    return out


def plain_sheet(raw: RawTable, layout: Layout) -> Sheet:
    """A sheet with one header row: the common case."""
    frame, problems, coded = coded_header(raw, by_value=lambda header: read_by_value(header, layout))
    return Sheet(raw.path, frame, layout, tuple(problems), coded=coded)


def read_by_value(header: str, layout: Layout) -> bool:
    """Whether a column is read for its values alone: the platform's time stamp, a column that
    identifies or locates a person (the canonical mapping reads these through Coded.text)."""
    headers = (*layout.timestamp_headers, *layout.identifier_headers, *layout.private_headers)
    return looks_like_identifier_header(header) or header_key(header) in {header_key(h) for h in headers}

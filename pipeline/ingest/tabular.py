"""Decode an export file into a table of strings: encoding, BOM, delimiter, XLSX.

Every cell comes out as a string ('' when empty), so that no reader ever sees a NIP
turned into a float or a label turned into a boolean by a type guess.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.errors import ExportError
from pipeline.problems import Problem

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
TEXT_SUFFIXES = {".csv", ".tsv", ".txt"}
DELIMITERS = [",", ";", "\t", "|"]


@dataclass(frozen=True)
class RawTable:
    """The cells of an export, all strings, with the spreadsheet row of each record."""

    path: Path
    frame: pd.DataFrame  # columns = headers as written; index = spreadsheet row number
    encoding: str
    delimiter: str | None
    problems: tuple[Problem, ...]


def read_table(path: Path) -> RawTable:
    """Read a CSV/TSV/XLSX/ODS export into strings; raise ExportError when it cannot be read at all."""
    if not path.is_file():
        raise ExportError(path, "berkas tidak ditemukan")
    suffix = path.suffix.lower()
    if suffix in SPREADSHEET_SUFFIXES:
        rows, encoding, delimiter, problems = _spreadsheet_rows(path), "xlsx", None, []
        frame = _frame_from_rows(path, rows, problems)
    elif suffix in TEXT_SUFFIXES:
        text, encoding, problems = _decode(path)
        delimiter = _sniff_delimiter(text, suffix)
        frame = _frame_from_text(path, text, delimiter, problems)
    else:
        raise ExportError(path, f"jenis berkas '{suffix}' tidak didukung; simpan sebagai CSV atau XLSX")
    frame, more = _tidy(path, frame)
    return RawTable(path, frame, encoding, delimiter, tuple(problems + more))


def _decode(path: Path) -> tuple[str, str, list[Problem]]:
    data = path.read_bytes()
    if not data.strip():
        raise ExportError(path, "berkas kosong; unduh ulang hasil survei dari platformnya")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig", []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16", []
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problem = Problem(
            path, line, "", "warning", "encoding-bukan-utf8",
            "berkas tidak tersimpan sebagai UTF-8; dibaca sebagai Windows-1252. "
            "Periksa huruf beraksen, atau simpan ulang sebagai 'CSV UTF-8'.",
        )
        return data.decode("cp1252", errors="replace"), "cp1252", [problem]


def _sniff_delimiter(text: str, suffix: str) -> str:
    if suffix == ".tsv":
        return "\t"
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        header = text.splitlines()[0] if text else ""
        return max(DELIMITERS, key=header.count)


def _frame_from_text(path: Path, text: str, delimiter: str, problems: list[Problem]) -> pd.DataFrame:
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False,
            na_filter=False, skip_blank_lines=False, engine="c",
        )
        frame.index = range(2, len(frame) + 2)
        return frame
    except pd.errors.ParserError:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        return _frame_from_rows(path, rows, problems)
    except pd.errors.EmptyDataError as exc:
        raise ExportError(path, "berkas tidak berisi tabel (tidak ada baris judul kolom)") from exc


def _frame_from_rows(path: Path, rows: list[list[str]], problems: list[Problem]) -> pd.DataFrame:
    """Build a frame from ragged rows, reporting every row longer than the header."""
    if not rows:
        raise ExportError(path, "berkas tidak berisi tabel (tidak ada baris judul kolom)")
    header = [str(h) for h in rows[0]]
    width = len(header)
    body = []
    for number, row in enumerate(rows[1:], start=2):
        extra = [c for c in row[width:] if str(c).strip()]
        if extra:
            problems.append(Problem(
                path, number, "", "error", "baris-terlalu-panjang",
                f"baris berisi {len(row)} sel, padahal judul kolom hanya {width}; "
                "periksa tanda pemisah atau tanda kutip di baris ini",
            ))
        body.append([str(c) for c in row[:width]] + [""] * (width - len(row)))
    frame = pd.DataFrame(body, columns=_dedupe(header), dtype=str)
    frame.index = range(2, len(frame) + 2)
    return frame


def _spreadsheet_rows(path: Path) -> list[list[str]]:
    from python_calamine import CalamineWorkbook

    try:
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        raw = sheet.to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own error types for broken files
        raise ExportError(path, f"berkas spreadsheet tidak dapat dibuka ({exc})") from exc
    return [[_cell_text(c) for c in row] for row in raw]


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _dedupe(header: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in header:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} {seen[name]}")
    return out


def _tidy(path: Path, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Drop unnamed empty columns (Excel's trailing ';;;;') and wholly empty rows, counting them."""
    frame = frame.fillna("")
    unnamed = [c for c in frame.columns if str(c).startswith("Unnamed:") or not str(c).strip()]
    problems = []
    for column in unnamed:
        if (frame[column].str.strip() != "").any():
            problems.append(Problem(
                path, 1, str(column), "warning", "kolom-tanpa-judul",
                "kolom berisi data tetapi tidak punya judul; kolom ini diabaikan",
            ))
    frame = frame.drop(columns=unnamed)
    frame.columns = [str(c).strip() for c in frame.columns]
    empty = (frame.apply(lambda col: col.str.strip()) == "").all(axis=1)
    if empty.any():
        first = int(frame.index[empty][0])
        problems.append(Problem(
            path, first, "", "warning", "baris-kosong",
            f"{int(empty.sum())} baris kosong dilewati (baris pertama: {first})",
        ))
    return frame.loc[~empty], problems

"""Decode an export file into a grid of strings: encoding, BOM, delimiter, XLSX/ODS.

Every cell comes out as a string ('' when empty), so that no reader ever sees a NIP
turned into a float or a label turned into a boolean by a type guess. The grid keeps
every row, header rows included: readers decide how many header rows their platform
writes (Qualtrics three, SurveyMonkey two, Kobo an optional HXL row).
"""

from __future__ import annotations

import csv
import io
import tempfile
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from pipeline.errors import ExportError
from pipeline.problems import Problem

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
TEXT_SUFFIXES = {".csv", ".tsv", ".txt"}
ARCHIVE_SUFFIXES = {".zip"}  # Google Forms' "Download responses (.csv)" gives 'Nama formulir.csv.zip'
MAX_UNZIPPED = 2 * 1024**3
DELIMITERS = [",", ";", "\t", "|"]


@dataclass(frozen=True)
class RawTable:
    """The cells of an export, all strings, exactly as a spreadsheet program shows them."""

    path: Path
    cells: pd.DataFrame  # columns 0..n-1; index = spreadsheet row number (the first row is 1)
    encoding: str
    delimiter: str | None
    problems: tuple[Problem, ...]
    sheets: tuple[str, ...] = ()  # every sheet of a workbook; the first one is read

    def row(self, number: int) -> list[str]:
        """The cells of one spreadsheet row ([] when the file is shorter)."""
        return list(self.cells.loc[number]) if number in self.cells.index else []


def read_table(path: Path) -> RawTable:
    """Read a CSV/TSV/XLSX/ODS export into strings; raise ExportError when it cannot be read."""
    if not path.is_file():
        raise ExportError(path, "berkas tidak ditemukan")
    suffix = path.suffix.lower()
    if suffix in ARCHIVE_SUFFIXES:
        return _read_zipped(path)
    if suffix in SPREADSHEET_SUFFIXES:
        rows, sheets = _spreadsheet_rows(path)
        cells, encoding, delimiter, problems = _spreadsheet_grid(path, rows), "xlsx", None, []
    elif suffix in TEXT_SUFFIXES:
        text, encoding, problems = _decode(path)
        delimiter = _sniff_delimiter(text, suffix)
        cells, sheets = _grid_from_text(path, text, delimiter, problems), ()
    else:
        raise ExportError(path, f"jenis berkas '{suffix}' tidak didukung; "
                                "simpan sebagai CSV atau XLSX")
    if cells.empty or not any((cells[c] != "").any() for c in cells.columns):
        raise ExportError(path, "berkas tidak berisi tabel (tidak ada baris judul kolom)")
    return RawTable(path, cells, encoding, delimiter, tuple(problems), sheets)


def _read_zipped(path: Path) -> RawTable:
    """The one export inside a ZIP download, read as if it were the file itself."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir() and not m.filename.startswith("__MACOSX/")
                       and Path(m.filename).suffix.lower() in SPREADSHEET_SUFFIXES | TEXT_SUFFIXES]
            if len(members) != 1:
                found = ", ".join(m.filename for m in members) or "tidak ada CSV atau XLSX"
                raise ExportError(path, f"berkas ZIP harus berisi tepat satu berkas ekspor ({found}); "
                                        "ekstrak dan letakkan berkasnya satu per satu di responses/")
            member = members[0]
            if member.file_size > MAX_UNZIPPED:
                raise ExportError(path, f"'{member.filename}' di dalam ZIP terlalu besar untuk dibuka")
            with tempfile.TemporaryDirectory() as folder:
                inner = Path(archive.extract(member, folder))
                try:
                    table = read_table(inner)
                except ExportError as exc:
                    raise ExportError(path, f"{member.filename}: {str(exc).split(': ', 1)[-1]}") from exc
    except zipfile.BadZipFile as exc:
        raise ExportError(path, "berkas ZIP rusak; unduh ulang hasil survei dari platformnya") from exc
    problems = tuple(replace(p, path=path) for p in table.problems)
    return replace(table, path=path, problems=problems)


def _decode(path: Path) -> tuple[str, str, list[Problem]]:
    data = path.read_bytes()
    if not data.strip():
        raise ExportError(path, "berkas kosong; unduh ulang hasil survei dari platformnya")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig", []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode Text" is UTF-16 with a BOM
        return data.decode("utf-16", errors="replace"), "utf-16", []
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
    lines = text.splitlines()
    sample = "\n".join(lines[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        header = lines[0] if lines else ""
        return max(DELIMITERS, key=header.count)


def _grid_from_text(path: Path, text: str, delimiter: str, problems: list[Problem]) -> pd.DataFrame:
    text = text.replace("\x00", "").replace("\r\n", "\n")
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=delimiter, header=None, dtype=str, keep_default_na=False,
            na_filter=False, skip_blank_lines=False, engine="c",
        )
        frame.index = range(1, len(frame) + 1)
        cells = frame.fillna("").astype(str)
    except pd.errors.ParserError:  # rows longer than the header: read them one by one to say which
        # A pasted document is one cell: let the csv module read a field that long.
        csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
        try:
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        except csv.Error as exc:
            raise ExportError(path, f"berkas CSV rusak ({exc}); unduh ulang dari platformnya") \
                from exc
        cells = _grid(path, rows, problems)
    except pd.errors.EmptyDataError as exc:
        raise ExportError(path, "berkas tidak berisi tabel (tidak ada baris judul kolom)") from exc
    return _unwrap_records(path, cells, delimiter, problems)


def _spreadsheet_grid(path: Path, rows: list[list[object]]) -> pd.DataFrame:
    if not rows:
        raise ExportError(path, "berkas tidak berisi tabel (tidak ada baris judul kolom)")
    cells = _text_grid(rows)
    cells.index = range(1, len(cells) + 1)
    return cells


def _grid(path: Path, rows: list[list[str]], problems: list[Problem] | None = None) -> pd.DataFrame:
    """Build the grid from ragged rows, reporting every row longer than the first one."""
    if not rows:
        raise ExportError(path, "berkas tidak berisi tabel (tidak ada baris judul kolom)")
    width = max(len(rows[0]), 1)
    body = []
    for number, row in enumerate(rows, start=1):
        if problems is not None and any(str(c).strip() for c in row[width:]):
            problems.append(Problem(
                path, number, "", "error", "baris-terlalu-panjang",
                f"baris berisi {len(row)} sel, padahal judul kolom hanya {width}; "
                "periksa tanda pemisah atau tanda kutip di baris ini",
            ))
        body.append([str(c) for c in row[:width]] + [""] * (width - len(row)))
    cells = pd.DataFrame(body, dtype=str)
    cells.index = range(1, len(cells) + 1)
    return cells


def _unwrap_records(path: Path, cells: pd.DataFrame, delimiter: str,
                    problems: list[Problem]) -> pd.DataFrame:
    """Re-split records that Excel wrapped whole in one quoted cell.

    A comma CSV opened in Excel under a ';' locale keeps each line in column A; saved
    again, a line that held quotes is written as one quoted cell with doubled quotes.
    """
    if cells.shape[1] < 2:
        return cells
    named = int((cells.iloc[0] != "").sum())
    first = cells[0]
    wrapped = (cells.iloc[:, 1:] == "").all(axis=1) & first.str.contains(delimiter, regex=False)
    fixed = []
    for number in cells.index[wrapped & (cells.index > 1)]:  # the wrapped rows only
        fields = next(csv.reader(io.StringIO(first[number], newline=""), delimiter=delimiter), [])
        if named - 1 <= len(fields) <= cells.shape[1]:
            cells.loc[number] = fields + [""] * (cells.shape[1] - len(fields))
            fixed.append(int(number))
    if fixed:
        problems.append(Problem(
            path, fixed[0], "", "warning", "baris-dibungkus",
            f"{len(fixed)} baris tersimpan utuh dalam satu sel (berkas pernah disimpan ulang "
            f"di Excel) dan dipisah ulang: baris {_rows_text(fixed)}; periksa hasilnya",
        ))
    return cells


def _rows_text(rows: list[int], limit: int = 5) -> str:
    return ", ".join(str(r) for r in rows[:limit]) + (" …" if len(rows) > limit else "")


def _spreadsheet_rows(path: Path) -> tuple[list[list[str]], tuple[str, ...]]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        sheets = tuple(book.sheet_names)
        raw = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own error types for broken files
        raise ExportError(path, f"berkas spreadsheet tidak dapat dibuka ({exc})") from exc
    return raw, sheets


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _text_grid(raw: list[list[object]]) -> pd.DataFrame:
    """Spreadsheet cells as text, a column at a time: 3.0 -> '3', a date -> '2026-03-01 08:00:00'."""
    frame = pd.DataFrame(raw, dtype=object)
    for column in frame.columns:
        cells = frame[column]
        if pd.api.types.infer_dtype(cells, skipna=False) == "string":
            continue
        text = cells.astype(str)
        floats = pd.Series([isinstance(v, float) for v in cells], index=cells.index)
        numbers = pd.to_numeric(cells.where(floats), errors="coerce")
        whole = numbers.notna() & (numbers == numbers.round()) & (numbers.abs() < 9e18)
        text[whole] = numbers[whole].astype("int64").astype(str)
        text[cells.isna()] = ""
        frame[column] = text
    return frame


def read_sheet(path: Path, name: str) -> pd.DataFrame:
    """Return another sheet of a workbook as a grid of strings (a Kobo repeat group, an XLSForm)."""
    from python_calamine import CalamineWorkbook

    try:
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name)
        raw = sheet.to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own error types for broken files
        raise ExportError(path, f"lembar '{name}' tidak dapat dibaca ({exc})") from exc
    return _grid(path, [[_cell_text(c) for c in row] for row in raw]) if raw else pd.DataFrame()

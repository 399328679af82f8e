"""Decode an export file into a grid of strings: encoding, BOM, delimiter, XLSX/ODS.

Every cell comes out as a string ('' when empty), so that no reader ever sees a NIP
turned into a float or a label turned into a boolean by a type guess. The grid keeps
every row, header rows included: readers decide how many header rows their platform
writes (Qualtrics three, SurveyMonkey two, Kobo an optional HXL row).
"""

from __future__ import annotations

import codecs
import csv
import io
import mmap
import os
import tempfile
import zipfile
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from pipeline.errors import ExportError
from pipeline.problems import Problem

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
TEXT_SUFFIXES = {".csv", ".tsv", ".txt"}
ARCHIVE_SUFFIXES = {".zip"}  # Google Forms' "Download responses (.csv)" gives 'Nama formulir.csv.zip'
MAX_UNZIPPED = 2 * 1024**3
MAP_FROM = 64 * 1024**2  # bytes: a CSV this big is mapped into memory rather than copied (_mapped)
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
        data, encoding, problems = _decode(path)
        delimiter = _sniff_delimiter(data, suffix)
        cells, sheets = _grid_from_text(path, data, delimiter, problems), ()
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


def _decode(path: Path) -> tuple[bytes | mmap.mmap, str, list[Problem]]:
    """The file as UTF-8 bytes (BOM, NUL bytes and CRLF removed), the encoding it was written in,
    and any problem. A national export is hundreds of megabytes: a plain UTF-8 file is mapped into
    memory, not copied, and others are copied once ('data[:]' is the whole file as bytes)."""
    data = _mapped(path)
    if not data[:4096].strip() and not data[:].strip():
        raise ExportError(path, "berkas kosong; unduh ulang hasil survei dari platformnya")
    encoding, problems = "utf-8", []
    if data[:3] == b"\xef\xbb\xbf":
        data, encoding = data[3:], "utf-8-sig"
    elif data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # Excel's "Unicode Text" is UTF-16 with a BOM
        data, encoding = data[:].decode("utf-16", errors="replace").encode("utf-8"), "utf-16"
    else:
        bad = _first_invalid_utf8(data)
        if bad is not None:
            line = data[:bad].count(b"\n") + 1
            problems.append(Problem(
                path, line, "", "warning", "encoding-bukan-utf8",
                "berkas tidak tersimpan sebagai UTF-8; dibaca sebagai Windows-1252. "
                "Periksa huruf beraksen, atau simpan ulang sebagai 'CSV UTF-8'.",
            ))
            data, encoding = data[:].decode("cp1252", errors="replace").encode("utf-8"), "cp1252"
    if data.find(b"\x00") != -1:
        data = data[:].replace(b"\x00", b"")
    if data.find(b"\r") != -1:  # one byte is sought with memchr; seeking b"\r\n" took 0.3 s in a 330 MB file
        data = data[:].replace(b"\r\n", b"\n")
    return data, encoding, problems


def _mapped(path: Path) -> bytes | mmap.mmap:
    """The file's bytes: a national export mapped into memory (read-only), anything smaller read.

    A mapped file cut short while it is read (overwritten in place during a build) ends the
    process without a message, so only a file big enough to gain from it is mapped."""
    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size < MAP_FROM or size == 0:  # an empty file cannot be mapped
            return handle.read()
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


def _first_invalid_utf8(data: bytes, block: int = 1 << 24) -> int | None:
    """The offset of the first byte that is not UTF-8, or None.

    Arrow's validator answers yes or no for the whole file in a fraction of Python's time;
    only a file that is not UTF-8 is decoded a block at a time to find where.
    """
    whole = pa.Array.from_buffers(pa.large_binary(), 1, [None, pa.py_buffer(np.array([0, len(data)], np.int64)),
                                                         pa.py_buffer(data)])
    try:
        whole.cast(pa.large_string())
        return None
    except pa.ArrowInvalid:
        pass
    decoder = codecs.getincrementaldecoder("utf-8")()
    for start in range(0, len(data), block):
        try:
            decoder.decode(data[start:start + block], final=start + block >= len(data))
        except UnicodeDecodeError as exc:
            return start + exc.start
    return None


def _sniff_delimiter(data: bytes, suffix: str) -> str:
    if suffix == ".tsv":
        return "\t"
    lines = data[:1 << 16].decode("utf-8", errors="ignore").splitlines()
    sample = "\n".join(lines[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        header = lines[0] if lines else ""
        return max(DELIMITERS, key=header.count)


def _grid_from_text(path: Path, data: bytes, delimiter: str, problems: list[Problem]) -> pd.DataFrame:
    try:
        cells = _arrow_grid(data, delimiter)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # a ragged or broken file: the careful path says where
        cells = _careful_grid(path, data[:].decode("utf-8", errors="replace"), delimiter, problems)
    return _unwrap_records(path, cells, delimiter, problems)


def _arrow_grid(data: bytes, delimiter: str) -> pd.DataFrame:
    """A regular CSV (every row as wide as the first) read by Arrow's parallel C++ parser.

    A column of few distinct values (a Likert item, a unit) becomes a Categorical: a million
    answers are a million small codes and five strings, not a million Python objects. A column
    of mostly distinct values (a NIP, a time stamp, a comment) stays Arrow text. Which is which
    is judged on the first block of rows, and the parser then dictionary-encodes the repeated
    columns as it goes. Any irregular row (too long, too short, a blank line) raises, and the
    careful path reads the file.
    """
    read = pacsv.ReadOptions(autogenerate_column_names=True, block_size=8 << 20)
    parse = pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False)

    def convert(types: dict[str, pa.DataType]) -> pacsv.ConvertOptions:
        return pacsv.ConvertOptions(column_types=types, strings_can_be_null=False, quoted_strings_can_be_null=False)

    text = _all_text(data, delimiter)
    head = pacsv.open_csv(pa.BufferReader(data), read_options=pacsv.ReadOptions(autogenerate_column_names=True,
                                                                               block_size=1 << 20),
                          parse_options=parse, convert_options=convert(text)).read_next_batch()
    types = {name: pa.dictionary(pa.int32(), pa.string()) if name in head.schema.names and _repeats(head[name])
             else kind for name, kind in text.items()}
    table = pacsv.read_csv(pa.BufferReader(data), read_options=read, parse_options=parse,
                           convert_options=convert(types))
    if any(not pa.types.is_string(t) and not pa.types.is_dictionary(t) for t in table.schema.types):
        raise pa.ArrowInvalid("kolom tanpa tipe teks")  # a header the sniff misread
    columns = {}
    for i in range(table.num_columns):  # one column at a time, freeing Arrow's copy as it goes
        column = table.column(0)
        table = table.remove_column(0)
        columns[i] = _column(column)
    frame = pd.DataFrame(columns)
    frame.index = range(1, len(frame) + 1)
    return frame


def _repeats(head: pa.Array | pa.ChunkedArray) -> bool:
    """Whether a column's first cells repeat their values: at most half of them are distinct."""
    return len(pc.unique(head)) <= len(head) // 2


def _column(column: pa.ChunkedArray) -> pd.Series | pd.Categorical:
    """A dictionary-encoded column as a Categorical, a text one as Arrow text."""
    if not pa.types.is_dictionary(column.type):
        return pd.Series(pd.arrays.ArrowStringArray(column))
    encoded = column.unify_dictionaries().combine_chunks()
    return pd.Categorical.from_codes(encoded.indices.to_numpy(zero_copy_only=False),
                                     encoded.dictionary.to_pandas(), validate=False)


def _all_text(data: bytes, delimiter: str) -> dict[str, pa.DataType]:
    """Every column as text, named as Arrow names them: no type guessing (a NIP stays a string)."""
    first = next(csv.reader(io.StringIO(data[:1 << 20].decode("utf-8", errors="ignore"), newline=""),
                            delimiter=delimiter), [])
    return {f"f{i}": pa.string() for i in range(max(len(first), 1))}


def _careful_grid(path: Path, text: str, delimiter: str, problems: list[Problem]) -> pd.DataFrame:
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=delimiter, header=None, dtype=str, keep_default_na=False,
            na_filter=False, skip_blank_lines=False, engine="c",
        )
        frame.index = range(1, len(frame) + 1)
        return frame.fillna("").astype(str)
    except pd.errors.ParserError:  # rows longer than the header: read them one by one to say which
        # A pasted document is one cell: let the csv module read a field that long.
        csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
        try:
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        except csv.Error as exc:
            raise ExportError(path, f"berkas CSV rusak ({exc}); unduh ulang dari platformnya") \
                from exc
        return _grid(path, rows, problems)
    except pd.errors.EmptyDataError as exc:
        raise ExportError(path, "berkas tidak berisi tabel (tidak ada baris judul kolom)") from exc


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
    # A wrapped record has its second cell empty: look closer at those rows only.
    rows = cells.index[(cells[1] == "").to_numpy() & (cells.index > 1)]
    candidates = cells.loc[rows]
    wrapped = (candidates.iloc[:, 2:] == "").all(axis=1) \
        & candidates[0].astype(str).str.contains(delimiter, regex=False)
    rows = rows[wrapped.to_numpy()]
    fixed = []
    if len(rows):  # a few rows to rewrite: plain text cells take any value
        cells = cells.astype(object)
    for number in rows:  # the wrapped rows only
        fields = next(csv.reader(io.StringIO(cells.at[number, 0], newline=""), delimiter=delimiter), [])
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
    """Spreadsheet cells as text, a column at a time: 3.0 -> '3', a date -> '2026-03-01 08:00:00'.

    As for a CSV, a column that repeats its values becomes a Categorical of them, and a column of
    mostly distinct values (a NIP, an email) Arrow text.
    """
    lengths = list(map(len, raw))
    width = max(lengths)
    if min(lengths) != width:
        raw = [list(row) + [None] * (width - len(row)) for row in raw]
    grid = np.empty((len(raw), width), dtype=object)
    grid[:] = raw
    columns = {}
    for i in range(width):
        cells = np.ascontiguousarray(grid[:, i])
        text = _all_text_or_none(cells)
        if text is None:  # numbers, dates or empty cells among the text
            text = pa.array(_as_text(pd.Series(cells, dtype=object)).to_numpy(dtype=object), type=pa.large_string())
        # Arrow hashes a column faster than pandas does.
        columns[i] = _column(pa.chunked_array([pc.dictionary_encode(text) if _repeats(text[:20_000]) else text]))
    return pd.DataFrame(columns)


def _all_text_or_none(cells: np.ndarray) -> pa.Array | None:
    """The cells as Arrow text when every one of them is text already; else None."""
    try:
        text = pa.array(cells, type=pa.large_string())
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    return text if text.null_count == 0 else None


def _as_text(cells: pd.Series) -> pd.Series:
    stamp = np.fromiter((type(v) is datetime for v in cells), dtype=bool, count=len(cells))
    text = _stamps_as_text(cells, stamp) if stamp.any() else cells.astype(str)
    floats = pd.Series([isinstance(v, float) for v in cells], index=cells.index)
    numbers = pd.to_numeric(cells.where(floats), errors="coerce")
    whole = numbers.notna() & (numbers == numbers.round()) & (numbers.abs() < 9e18)
    text[whole] = numbers[whole].astype("int64").astype(str)
    text[cells.isna()] = ""
    return text


def _stamps_as_text(cells: pd.Series, stamp: np.ndarray) -> pd.Series:
    """str() of every cell, the date-times among them (`stamp`) formatted by Arrow all at once: a
    time stamp in each of 100,000 rows costs a tenth of a second one by one."""
    moments = pd.to_datetime(cells[stamp], errors="coerce")
    if not isinstance(moments.dtype, np.dtype) or moments.isna().any():  # time zones, or beyond pandas' range
        return cells.astype(str)
    moments = moments.to_numpy()
    whole = moments == moments.astype("datetime64[s]")  # str() writes a fraction of a second only when there is one
    formatted = pa.array(moments[whole].astype("datetime64[s]")).cast(pa.string())  # '2026-03-01 08:00:17'
    text = np.empty(len(cells), dtype=object)
    one_by_one = ~stamp
    one_by_one[np.flatnonzero(stamp)[~whole]] = True
    text[one_by_one] = cells[one_by_one].astype(str).to_numpy()
    text[np.flatnonzero(stamp)[whole]] = formatted.to_numpy(zero_copy_only=False)
    return pd.Series(text, index=cells.index)


def read_sheet(path: Path, name: str) -> pd.DataFrame:
    """Return another sheet of a workbook as a grid of strings (a Kobo repeat group, an XLSForm)."""
    from python_calamine import CalamineWorkbook

    try:
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name)
        raw = sheet.to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own error types for broken files
        raise ExportError(path, f"lembar '{name}' tidak dapat dibaca ({exc})") from exc
    return _grid(path, [[_cell_text(c) for c in row] for row in raw]) if raw else pd.DataFrame()

"""Downloadable aggregates: CSV for machines (UTF-8 with BOM, ',' and '.'), XLSX for people.

A text cell that starts with '=', '+', '-', '@', a tab or a carriage return gets a
leading apostrophe so no spreadsheet runs it as a formula; numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from functools import lru_cache

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _cell(value: object) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return neutralise(value)


def to_csv(frame: pd.DataFrame) -> bytes:
    """Serialise published aggregates as CSV bytes: deterministic, BOM, formula-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(c) for c in frame.columns])
    for row in frame.itertuples(index=False):  # aggregates: a few hundred rows at most
        writer.writerow([_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(frame: pd.DataFrame, headers: dict[str, str], sheet: str = "Hasil") -> bytes:
    """Serialise published aggregates as XLSX with Indonesian headers and typed numbers."""
    rows = tuple(tuple(_cell(v) for v in row) for row in frame.itertuples(index=False))
    # The types are part of the key: True == 1 == 1.0, but the spreadsheet keeps them apart.
    return _xlsx(sheet[:31], tuple(headers.get(c, c) for c in frame.columns), rows,
                 tuple(tuple(type(v) for v in row) for row in rows))


@lru_cache(maxsize=64)
def _xlsx(sheet: str, header: tuple, rows: tuple[tuple, ...], types: tuple[tuple[type, ...], ...]) -> bytes:
    """The workbook of one table; audiences that publish the same table share the bytes, built once."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(list(row))
    for column in ws.columns:
        width = max(len(str(c.value or "")) for c in column)
        ws.column_dimensions[column[0].column_letter].width = min(max(10, width + 2), 60)
    # Fixed document properties: two builds of the same inputs give the same file.
    fixed = pd.Timestamp("2000-01-01").to_pydatetime()
    book.properties.created = fixed
    book.properties.modified = fixed
    book.properties.creator = "rapor"
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_zip_dates(buffer.getvalue())


def _fixed_zip_dates(data: bytes) -> bytes:
    """Rewrite the XLSX zip with a fixed entry date so the bytes do not depend on the clock."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", data)
            if info.filename.startswith("xl/worksheets/"):  # openpyxl writes 0.56 as 0.5600000000000001
                data = re.sub(rb"<v>(-?\d+\.\d{12,})</v>", lambda m: b"<v>%s</v>" % repr(float(m[1])).encode(), data)
            target.writestr(fixed, data)
    return out.getvalue()

"""Helpers for reader tests: a tiny project around one export fixture, XLSX/ODS writers."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

from pipeline.definitions import load_project
from pipeline.ingest import read_survey
from tests.minimal import make_project

EXPORTS = Path(__file__).resolve().parent / "fixtures" / "exports"


def survey_yaml(body: str, **head: str) -> str:
    """A survey.yml: the usual head (id uji, period 2026-S1) plus the given groups/questions."""
    fields = {"id": "uji", "title": "Survei Uji", "kind": "survey", "period": "2026-S1", **head}
    return "".join(f"{k}: {v}\n" for k, v in fields.items()) + body


def project_with(root: Path, export: str | bytes, body: str, name: str = "jawaban.csv",
                 **head: str) -> Path:
    """A project whose only survey reads `export` (a fixture file name or the bytes themselves)."""
    data = (EXPORTS / export).read_bytes() if isinstance(export, str) else export
    return make_project(root, data, name=name, survey=survey_yaml(body, **head))


def read(root: Path):
    project = load_project(root)
    return read_survey(project, project.surveys[0])


def triples(problems) -> list[tuple[int, str, str]]:
    return sorted((p.row, p.column, p.code) for p in problems)


def csv_text(fixture: str, encoding: str = "cp1252") -> str:
    return (EXPORTS / fixture).read_bytes().decode(encoding)


def csv_rows(fixture: str, delimiter: str = ",", encoding: str = "utf-8-sig") -> list[list[str]]:
    text = (EXPORTS / fixture).read_bytes().decode(encoding)
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) if row]


def write_xlsx(path: Path, rows: list[list[object]],
               sheets: dict[str, list[list[object]]] | None = None) -> Path:
    """An XLSX like the platform's: ISO date strings become real date cells."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append([_cell(v) for v in row])
    for name, more in (sheets or {}).items():
        extra = book.create_sheet(name)
        for row in more:
            extra.append(list(row))
    book.save(path)
    return path


def _cell(value: object) -> object:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", value):
        return datetime.fromisoformat(value)
    return value


def write_ods(path: Path, rows: list[list[str]]) -> Path:
    """A minimal OpenDocument spreadsheet (what LibreOffice saves), without odfpy."""
    cells = "".join(
        "<table:table-row>" + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{escape(v)}</text:p>'
            "</table:table-cell>"
            for v in row) + "</table:table-row>"
        for row in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Lembar1">{cells}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest)
    return path

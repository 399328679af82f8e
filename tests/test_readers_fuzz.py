"""Whatever bytes an export holds, reading it gives problems, never a traceback."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.ingest import READERS
from pipeline.ingest.tabular import read_table
from tests.exports import project_with, read

HEADER = ["Stempel waktu", "Nama", "Unit Kerja", "Materi jelas", "Topik", "Nilai", "Tanggal lahir",
          "Jabatan", "Saran"]
SURVEY = """\
identifiers: [Nama]
link_key: Nama
groups:
  - {id: unit, column: Unit Kerja}
questions:
  - {id: materi, column: Materi jelas, type: likert, scale: setuju5}
  - {id: topik, column: Topik, type: multi, options: [Kepemimpinan, "Analisis, data"], other: true}
  - {id: nilai, column: Nilai, type: number}
  - {id: lahir, column: Tanggal lahir, type: date}
  - {id: jabatan, column: Jabatan, type: single, options: [Pelaksana, Struktural]}
  - {id: saran, column: Saran, type: text}
"""
PLATFORM_HEADERS = ["Timestamp", "ID", "Start time", "Completion time", "_uuid", "_submission_time",
                    "id", "submitdate", "lastpage", "startlanguage", "V1", "V2", "StartDate",
                    "ResponseId", "Finished", "Respondent ID", "Collector ID", "Response", "q/a",
                    "Q1[SQ001]", "Q1_1"]
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

cells = st.one_of(
    st.sampled_from(["", "-", "Setuju", "sangat setuju ", "5 = Sangat Setuju", "7", "Kepemimpinan",
                     "Analisis, data, Kepemimpinan", "A;B;", '["Kepemimpinan"]', "1.234,5", "3,5",
                     "12/13/2026", "31/02/2026 25:61", "2026-03-01T08:00:00+07:00", "Bag. Umum",
                     "#indicator", '{"ImportId":"QID1"}', "V1", "ResponseID", "Y", "=1+1", "\r\n"]),
    st.text(max_size=30),
)
grids = st.lists(st.lists(cells, max_size=12), max_size=8)


def check(root: Path) -> None:
    ingested = read(root)  # must not raise
    assert all(p.severity in {"error", "warning"} and p.code for p in ingested.problems)
    assert "Nama" not in ingested.table.columns


def write_csv(rows: list[list[str]], delimiter: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows([HEADER, *rows])
    return buffer.getvalue().encode("utf-8")


@FAST
@given(data=st.binary(max_size=2000), name=st.sampled_from(["x.csv", "x.xlsx", "x.tsv", "x.ods"]))
def test_random_bytes_give_problems(data, name):
    with tempfile.TemporaryDirectory() as tmp:
        check(project_with(Path(tmp), data, SURVEY, name=name))


@FAST
@given(rows=grids, delimiter=st.sampled_from([",", ";", "\t"]),
       reader=st.sampled_from(sorted(READERS)))
def test_ragged_rows_in_every_reader(rows, delimiter, reader):
    with tempfile.TemporaryDirectory() as tmp:
        check(project_with(Path(tmp), write_csv(rows, delimiter), SURVEY, format=reader))


@FAST
@given(rows=grids, reader=st.sampled_from(sorted(READERS)))
def test_unquoted_garbage_lines_in_every_reader(rows, reader):
    """Lines joined without quoting: stray quotes, delimiters and line breaks inside cells."""
    text = "\n".join(",".join(r) for r in [HEADER, *rows])
    with tempfile.TemporaryDirectory() as tmp:
        data = text.encode("utf-8", errors="replace")
        check(project_with(Path(tmp), data, SURVEY, format=reader))


@FAST
@given(rows=st.lists(st.lists(st.one_of(cells, st.sampled_from(HEADER + PLATFORM_HEADERS)),
                              max_size=12), min_size=1, max_size=6))
def test_random_headers_with_detection(rows):
    """Headers too are random, with platform signatures mixed in: detection must not trip."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    with tempfile.TemporaryDirectory() as tmp:
        check(project_with(Path(tmp), buffer.getvalue().encode("utf-8"), SURVEY))


@FAST
@given(text=st.text(max_size=300),
       encoding=st.sampled_from(["utf-16-le", "utf-16", "latin-1", "cp1252", "shift_jis",
                                 "utf-32"]))
def test_wrong_encodings_give_problems(text, encoding):
    data = (",".join(HEADER) + "\n" + text).encode(encoding, errors="replace")
    with tempfile.TemporaryDirectory() as tmp:
        check(project_with(Path(tmp), data, SURVEY))


@pytest.mark.parametrize("ragged", [False, True])
def test_huge_cells_are_read(tmp_path, ragged):
    """A 3 MB comment (a pasted document) is read whole, also by the fallback for ragged files."""
    huge = "Saran panjang, " * 200_000
    rows = [["01/03/2026 08:00:00", "Siti Aminah", "Bag. Umum", "Setuju", "", "", "", "", huge]]
    if ragged:
        rows.append(["02/03/2026 08:00:00", "Budi", "UMUM", "Setuju", "", "", "", "", "x", "lebih"])
    ingested = read(project_with(tmp_path, write_csv(rows, ","), SURVEY))
    assert ingested.table.loc[0, "saran"] == huge.strip()
    assert [p.code for p in ingested.problems if p.severity == "error"] == (
        ["baris-terlalu-panjang"] if ragged else [])


def test_spreadsheet_that_is_not_one(tmp_path):
    path = tmp_path / "rusak.xlsx"
    path.write_bytes(b"PK\x03\x04 bukan spreadsheet")
    with pytest.raises(Exception) as info:
        read_table(path)
    assert type(info.value).__name__ == "ExportError"

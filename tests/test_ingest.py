"""Readers: identifiers dropped, labels and units mapped, every unusable cell a positioned problem."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.definitions import load_project
from pipeline.ingest import read_survey
from pipeline.validate import validate
from tests.minimal import HEADER, SURVEY, make_project

ROWS = [
    "01/03/2026 08:15:02,Siti Aminah,198503122010012002,Bag. Umum,Setuju,Sangat Setuju,Bagus",
    "01/03/2026 09:00:00,Budi Santoso,199001012015031001,UMUM,sangat setuju ,4,",
    "13/03/2026 10:00:00,Rina Wati,199202022019032003,Keuangan,Netral,Tidak Setuju,-",
]


def read(root):
    project = load_project(root)
    return read_survey(project, project.surveys[0])


def triples(problems):
    return sorted((p.row, p.column, p.code) for p in problems)


def test_google_forms_export_becomes_canonical_table(tmp_path):
    ingested = read(make_project(tmp_path, "\n".join([HEADER, *ROWS]) + "\n"))
    table = ingested.table
    assert ingested.files[0].format == "google-forms"
    assert list(table["_row"]) == [2, 3, 4]
    assert list(table["unit"]) == ["umum", "umum", "keuangan"]
    assert list(table["q1"]) == [4, 5, 3]
    assert list(table["q2"]) == [5, 4, 2]
    assert isinstance(table["q1"].dtype, pd.CategoricalDtype) and table["q1"].cat.ordered
    assert table["saran"].isna().tolist() == [False, True, True]  # "-" means empty
    assert ingested.problems == ()


def test_identifier_columns_never_leave_the_reader(tmp_path):
    ingested = read(make_project(tmp_path, "\n".join([HEADER, *ROWS]) + "\n"))
    text = ingested.table.astype(str).to_csv()
    for value in ("Siti", "Aminah", "198503122010012002", "Budi"):
        assert value not in text
    assert "Nama Lengkap" not in ingested.table.columns and "NIP" not in ingested.table.columns
    assert ingested.table["_pseudonym"].str.fullmatch(r"[0-9a-f]{64}").all()
    assert ingested.identifiers.names == {"siti aminah", "budi santoso", "rina wati"}
    assert "198503122010012002" in ingested.identifiers.numbers


def test_pseudonym_ignores_how_the_nip_is_written(tmp_path):
    rows = [ROWS[0], ROWS[0].replace("198503122010012002", "19850312 201001 2 002").replace("08:15", "09:15")]
    ingested = read(make_project(tmp_path, "\n".join([HEADER, *rows]) + "\n"))
    assert ingested.table["_pseudonym"].nunique() == 1


def test_unmapped_cells_are_positioned_problems(tmp_path):
    rows = [*ROWS, "14/03/2026 10:00:00,Ana,1,Bagian Rahasia,Setuju sekali,7,ok"]
    ingested = read(make_project(tmp_path, "\n".join([HEADER, *rows]) + "\n"))
    assert triples(ingested.problems) == [
        (5, "Materi jelas", "nilai-di-luar-skala"),
        (5, "Pemateri menguasai", "nilai-di-luar-skala"),
        (5, "Unit Kerja", "unit-tidak-dikenal"),
    ]
    assert len(ingested.table) == 4  # the row stays: its other answers still count
    assert ingested.table.loc[3, "unit"] == "Tidak diketahui"


def test_missing_and_unknown_columns(tmp_path):
    header = HEADER.replace("Pemateri menguasai", "Pemateri hebat")
    ingested = read(make_project(tmp_path, "\n".join([header, *ROWS]) + "\n"))
    assert (1, "Pemateri menguasai", "kolom-tidak-ada") in triples(ingested.problems)
    assert (1, "Pemateri hebat", "kolom-tidak-dikenal") in triples(ingested.problems)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_excel_resaved_semicolon_csv(tmp_path, encoding):
    """Excel under an Indonesian locale saves ';' with trailing ';;;' and sometimes cp1252."""
    text = "\n".join(line.replace(",", ";") + ";;;" for line in [HEADER, *ROWS]) + "\n"
    text = text.replace("Bagus", "Bagus sekali – café")
    ingested = read(make_project(tmp_path, text.encode(encoding)))
    assert list(ingested.table["q1"]) == [4, 5, 3]
    assert ingested.table.loc[0, "saran"] == "Bagus sekali – café"
    codes = [p.code for p in ingested.problems]
    assert codes == (["encoding-bukan-utf8"] if encoding == "cp1252" else [])


def test_ragged_row_is_reported_not_dropped(tmp_path):
    rows = [*ROWS, "15/03/2026 10:00:00,Ana,1,UMUM,Setuju,Setuju,ok,lebih,banyak"]
    ingested = read(make_project(tmp_path, "\n".join([HEADER, *rows]) + "\n"))
    assert (5, "", "baris-terlalu-panjang") in triples(ingested.problems)
    assert len(ingested.table) == 4


def test_empty_file_is_a_problem(tmp_path):
    ingested = read(make_project(tmp_path, ""))
    assert triples(ingested.problems) == [(0, "", "berkas-tidak-terbaca")]
    assert "kosong" in ingested.problems[0].message


def test_xlsx_export(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    for row in ROWS:
        sheet.append(row.split(","))
    path = tmp_path / "x.xlsx"
    book.save(path)
    ingested = read(make_project(tmp_path / "p", path.read_bytes(), name="jawaban.xlsx"))
    assert list(ingested.table["q1"]) == [4, 5, 3]
    assert list(ingested.table["_row"]) == [2, 3, 4]


def test_duplicate_submission_keeps_latest_and_names_both_rows(tmp_path):
    later = ROWS[0].replace("01/03/2026 08:15:02", "02/03/2026 07:00:00").replace(",Setuju,", ",Netral,")
    ingested = read(make_project(tmp_path, "\n".join([HEADER, *ROWS, later]) + "\n"))
    valid = validate(ingested)
    assert triples(valid.problems) == [(2, "", "jawaban-ganda")]
    assert "baris 5" in valid.problems[0].message
    assert len(valid.table) == 3
    assert 3 in list(valid.table["q1"])  # the later answer (Netral) is the one kept
    assert valid.files[0].rows_read == 4 and valid.files[0].rows_kept == 3


def test_month_first_dates_are_detected(tmp_path):
    rows = [r.replace("13/03/2026", "03/13/2026") for r in ROWS]
    ingested = read(make_project(tmp_path, "\n".join([HEADER, *rows]) + "\n"))
    assert ingested.table["_submitted"].dt.month.tolist() == [1, 1, 3]


def test_ambiguous_dates_are_said(tmp_path):
    rows = [r.replace("13/03/2026", "12/03/2026") for r in ROWS]
    ingested = read(make_project(tmp_path, "\n".join([HEADER, *rows]) + "\n"))
    assert (0, "Stempel waktu", "tanggal-ambigu") in triples(ingested.problems)


def test_a_declared_column_holding_phone_numbers_is_treated_as_an_identifier(tmp_path):
    survey = SURVEY_WITH_CONTACT
    header = HEADER + ",Kontak"
    rows = [r + f",0812-3456-78{i}0" for i, r in enumerate(ROWS)]
    ingested = read(make_project(tmp_path, "\n".join([header, *rows]) + "\n", survey=survey))
    assert (1, "Kontak", "kolom-berisi-identitas") in triples(ingested.problems)
    assert ingested.table["kontak"].isna().all()
    assert "081234567800" in ingested.identifiers.numbers


SURVEY_WITH_CONTACT = SURVEY + "  - {id: kontak, column: Kontak, type: text}\n"

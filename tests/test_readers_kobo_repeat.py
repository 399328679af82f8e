"""KoboToolbox XLSX repeat groups: a survey whose responses are the rows of one repeat sheet.

The fixture is a training evaluation: each participant (main sheet) rates every session
they attended (repeat group `sesi`). Every person in it is invented.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline.analyse import analyse
from pipeline.anonymise import anonymise
from pipeline.definitions import load_project
from pipeline.errors import DefinitionError
from pipeline.tables import ALL, RESPONDENT
from pipeline.validate import validate
from tests.exports import project_with, read, triples, write_xlsx

MAIN_HEADER = ["start", "end", "identitas/Nama lengkap", "identitas/NIP", "identitas/Unit kerja",
               "umum/Kepuasan keseluruhan", "umum/Saran umum", "_id", "_uuid", "_submission_time",
               "_validation_status", "_submitted_by", "__version__", "_index"]
PEOPLE = [  # name, NIP, unit as typed, overall satisfaction
    ("Rina Wulandari", "198703152011012001", "Bagian Umum", "Setuju"),
    ("Agus Setiawan", "199001202015031002", "Bagian Umum", "Sangat Setuju"),
    ("Ayu Pratiwi", "198905112014022003", "Bag. Umum", "Netral"),
    ("Fajar Nugroho", "198612302010121004", "Subbagian Keuangan", "Setuju"),
    ("Yohana Sitompul", "199203042016042005", "Keuangan", "Setuju"),
    ("Hendra Kurniawan", "198801172012031006", "Keuangan", "Tidak Setuju"),
    ("Lestari Handayani", "199107222017012007", "Tata Usaha", "Setuju"),  # attended no session
]
REPEAT_HEADER = ["sesi/Nama sesi", "sesi/Materi sesi jelas", "sesi/Pemateri menguasai materi",
                 "sesi/Komentar sesi", "_index", "_parent_table_name", "_parent_index",
                 "_submission__id", "_submission__uuid", "_submission__submission_time"]
SESSIONS = [  # parent _index, session, materi, pemateri, comment
    (1, "Kepemimpinan Strategis", "Setuju", "Sangat Setuju", "Materinya runtut"),
    (1, "Manajemen Kinerja", "Netral", "Setuju", ""),
    (1, "Pelayanan Publik", "Setuju", "Setuju", ""),
    (2, "Kepemimpinan Strategis", "Sangat Setuju", "Sangat Setuju", "Bu Lestari menjelaskan dengan baik"),
    (2, "Pelayanan Publik", "Setuju", "Netral", ""),
    (3, "Kepemimpinan Strategis", "Tidak Setuju", "Netral", "Terlalu cepat"),
    (3, "Manajemen Kinerja", "Setuju", "Setuju", ""),
    (3, "Pelayanan Publik", "Netral", "Setuju", ""),
    (4, "Manajemen Kinerja", "Setuju", "Setuju", ""),
    (4, "Pelayanan Publik", "Sangat Setuju", "Setuju", "Contoh kasusnya nyata"),
    (5, "Kepemimpinan Strategis", "Setuju", "Setuju", ""),
    (5, "Manajemen Kinerja", "Setuju", "Sangat Setuju", ""),
    (5, "Pelayanan Publik", "Setuju", "Setuju", ""),
    (6, "Kepemimpinan Strategis", "Netral", "Tidak Setuju", "Pak Hendra perlu waktu lebih"),
    (6, "Manajemen Kinerja", "Setuju", "Setuju", ""),
]
BODY = """\
sheet: sesi
identifiers: [Nama lengkap]
link_key: NIP
groups:
  - {id: unit, column: Unit kerja}
questions:
  - id: sesi
    column: Nama sesi
    type: single
    options: [Kepemimpinan Strategis, Manajemen Kinerja, Pelayanan Publik]
  - {id: materi, column: Materi sesi jelas, type: likert, scale: setuju5}
  - {id: pemateri, column: Pemateri menguasai materi, type: likert, scale: setuju5}
  - {id: komentar, column: Komentar sesi, type: text}
"""


def main_rows(people=PEOPLE) -> list[list[str]]:
    rows = [MAIN_HEADER]
    for i, (name, nip, unit, overall) in enumerate(people, start=1):
        rows.append([f"2026-03-{10 + i} 08:00:00", f"2026-03-{10 + i} 08:12:00", name, nip, unit,
                     overall, "", str(300 + i), f"a7c1-{i:04d}", f"2026-03-{10 + i} 01:12:30", "",
                     "", "vS1", str(i)])
    return rows


def repeat_rows(sessions=SESSIONS) -> list[list[str]]:
    rows = [REPEAT_HEADER]
    for i, (parent, session, materi, pemateri, comment) in enumerate(sessions, start=1):
        rows.append([session, materi, pemateri, comment, str(i), "evaluasi_sesi", str(parent),
                     str(300 + parent), f"a7c1-{parent:04d}", f"2026-03-{10 + parent} 01:12:30"])
    return rows


def workbook(path: Path, main=None, sheets=None) -> Path:
    """The export as KoboToolbox writes it: the main sheet first, then one sheet per repeat group."""
    return write_xlsx(path, main or main_rows(), sheets=sheets or {"sesi": repeat_rows()})


def read_repeat(tmp_path, body: str = BODY, **workbook_args):
    export = workbook(tmp_path / "evaluasi.xlsx", **workbook_args)
    return read(project_with(tmp_path / "p", export.read_bytes(), body, name="evaluasi.xlsx"))


@pytest.fixture
def sessions(tmp_path):
    return read_repeat(tmp_path)


def test_repeat_rows_are_read_and_joined_to_the_parents_unit(sessions):
    assert sessions.problems == ()
    table = sessions.table
    assert list(table["_row"]) == list(range(2, 17))  # rows of the sheet 'sesi'
    assert list(table["unit"])[:6] == ["umum"] * 6
    assert list(table["unit"])[8:] == ["keuangan"] * 7
    assert list(table["sesi"])[:3] == ["Kepemimpinan Strategis", "Manajemen Kinerja", "Pelayanan Publik"]
    assert list(table["materi"])[:3] == [4, 3, 4]
    assert table[RESPONDENT].nunique() == 6
    assert table["_pseudonym"].nunique() == 6
    assert table["_submitted"].dt.day.tolist()[:4] == [11, 11, 11, 12]  # the submission's time
    assert sessions.files[0].rows_read == 15


def test_parent_identifiers_are_dropped_and_collected(sessions):
    columns = set(sessions.table.columns)
    assert not {"identitas/Nama lengkap", "identitas/NIP", "Nama lengkap", "NIP"} & columns
    # Lestari rated no session: her name is still known, to redact it from others' comments.
    assert {"rina wulandari", "hendra kurniawan", "lestari handayani"} <= sessions.identifiers.names
    assert "199107222017012007" in sessions.identifiers.numbers
    anonymous = anonymise(validate(sessions))
    assert "[disamarkan] menjelaskan dengan baik" in set(anonymous.table["komentar"].dropna())


def test_orphan_repeat_row_is_a_problem(tmp_path):
    rows = repeat_rows()
    rows[3][6] = "99"  # points to a submission deleted from the main sheet
    rows[9][6] = ""
    ingested = read_repeat(tmp_path, sheets={"sesi": rows})
    assert triples(ingested.problems) == [(4, "_parent_index", "induk-tidak-ditemukan"),
                                          (10, "_parent_index", "induk-tidak-ditemukan")]
    assert "lembar 'sesi'" in ingested.problems[0].message and "_index 99" in ingested.problems[0].message
    assert 4 not in set(ingested.table["_row"]) and len(ingested.table) == 13


def test_rows_join_through_the_submission_uuid_without_parent_index(tmp_path):
    rows = [[c for i, c in enumerate(r) if i not in (5, 6)] for r in repeat_rows()]
    ingested = read_repeat(tmp_path, sheets={"sesi": rows})
    assert ingested.problems == ()
    assert list(ingested.table["unit"])[8:] == ["keuangan"] * 7


def test_a_repeat_inside_a_repeat_reaches_the_main_sheet(tmp_path):
    speakers = [["sesi/pemateri/Peran pemateri", "sesi/pemateri/Penyampaian jelas", "_index",
                 "_parent_table_name", "_parent_index"],
                ["Narasumber utama", "Setuju", "1", "sesi", "4"],  # session row 4: Agus, Bagian Umum
                ["Fasilitator", "Netral", "2", "sesi", "9"]]  # session row 9: Fajar, Keuangan
    body = """\
sheet: pemateri
groups:
  - {id: unit, column: Unit kerja}
questions:
  - {id: sesi, column: Nama sesi, type: single}
  - {id: peran, column: Peran pemateri, type: single}
  - {id: jelas, column: Penyampaian jelas, type: likert, scale: setuju5}
"""
    ingested = read_repeat(tmp_path, body, sheets={"sesi": repeat_rows(), "pemateri": speakers})
    assert ingested.problems == ()
    assert list(ingested.table["unit"]) == ["umum", "keuangan"]
    assert list(ingested.table["sesi"]) == ["Kepemimpinan Strategis", "Manajemen Kinerja"]


def test_several_sessions_of_one_person_are_not_duplicates(sessions):
    valid = validate(sessions)
    assert not [p for p in valid.problems if p.code == "jawaban-ganda"]
    assert len(valid.table) == 15


def test_a_resubmission_replaces_the_whole_earlier_submission(tmp_path):
    people = [*PEOPLE, PEOPLE[0]]  # Rina submits again, later, rating one session only
    sessions = [*SESSIONS, (8, "Manajemen Kinerja", "Sangat Setuju", "Sangat Setuju", "")]
    valid = validate(read_repeat(tmp_path, main=main_rows(people),
                                 sheets={"sesi": repeat_rows(sessions)}))
    assert triples(valid.problems) == [(2, "", "jawaban-ganda"), (3, "", "jawaban-ganda"),
                                       (4, "", "jawaban-ganda")]
    assert "baris 17" in valid.problems[0].message
    assert len(valid.table) == 13 and list(valid.table["_row"])[-1] == 17


def test_published_counts_are_people_not_rows(tmp_path):
    root = project_with(tmp_path / "p", workbook(tmp_path / "e.xlsx").read_bytes(), BODY,
                        name="evaluasi.xlsx")
    project = load_project(root)
    from pipeline.ingest import read_survey

    results = analyse(anonymise(validate(read_survey(project, project.surveys[0]))), project)
    respondents = results.respondents.set_index(["dimension", "group"])["n"]
    assert respondents[(ALL, ALL)] == 6
    assert respondents[("unit", "umum")] == 3 and respondents[("unit", "keuangan")] == 3
    materi = results.items[(results.items["question"] == "materi") & (results.items["dimension"] == ALL)]
    assert int(materi["n"].iloc[0]) == 6  # people who rated, however many sessions each
    assert int(materi[[f"n_{v}" for v in range(1, 6)]].sum(axis=1).iloc[0]) == 15  # ratings
    assert materi["top2"].iloc[0] == pytest.approx(11 / 15)


def test_a_group_from_the_repeat_sheet_is_an_error(tmp_path):
    body = BODY.replace("groups:\n", "groups:\n  - {id: nama_sesi, column: Nama sesi}\n")
    body = body.replace("  - id: sesi\n    column: Nama sesi\n    type: single\n"
                        "    options: [Kepemimpinan Strategis, Manajemen Kinerja, Pelayanan Publik]\n", "")
    ingested = read_repeat(tmp_path, body)
    assert triples(ingested.problems) == [(1, "sesi/Nama sesi", "kelompok-di-grup-berulang")]


def test_an_unknown_sheet_is_an_error_naming_the_sheets(tmp_path):
    ingested = read_repeat(tmp_path, BODY.replace("sheet: sesi", "sheet: modul"))
    assert triples(ingested.problems) == [(0, "", "lembar-tidak-ada")]
    assert "'sesi'" in ingested.problems[0].message
    assert ingested.table.empty


def test_sheet_on_a_csv_export_asks_for_the_xlsx(tmp_path):
    rows = main_rows()
    text = "\r\n".join(";".join(f'"{c}"' for c in row) for row in rows)
    ingested = read(project_with(tmp_path, text.encode(), BODY))
    assert triples(ingested.problems) == [(0, "", "lembar-tidak-ada")]
    assert "XLSX" in ingested.problems[0].message


def test_sheet_is_only_for_analyses_of_items_and_themes(tmp_path):
    project_with(tmp_path, workbook(tmp_path / "e.xlsx").read_bytes(), BODY, name="evaluasi.xlsx",
                 kind="needs")
    with pytest.raises(DefinitionError, match="sheet: hanya untuk kind survey"):
        load_project(tmp_path)


def test_unread_sheets_warning_names_them_and_the_key(tmp_path):
    body = BODY.replace("sheet: sesi\n", "").split("questions:")[0] + """questions:
  - {id: puas, column: Kepuasan keseluruhan, type: likert, scale: setuju5}
  - {id: saran, column: Saran umum, type: text}
"""
    extra = {"sesi": repeat_rows(), "pemateri": [["sesi/pemateri/Peran", "_parent_index"]]}
    ingested = read_repeat(tmp_path, body, sheets=extra)
    assert triples(ingested.problems) == [(0, "", "lembar-tidak-dibaca")]
    message = ingested.problems[0].message
    assert "'sesi', 'pemateri'" in message and "sheet: sesi" in message
    assert list(ingested.table["_row"]) == list(range(2, 9))  # one row per respondent


def test_init_survey_drafts_the_repeat_group_then_check_and_build_pass(small_project, tmp_path, capsys):
    """A Kobo XLSX with a repeat sheet: the main draft names it, its own draft reads it with
    `sheet:`, and both check and build (one audience) without an error."""
    from pipeline.cli import main
    from tests.conftest import read_csv

    export = workbook(tmp_path / "evaluasi_sesi_pelatihan.xlsx")
    assert main(["--project", str(small_project), "init-survey", str(export)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert ("Draf grup berulang 'sesi' ditulis ke surveys/evaluasi-sesi-pelatihan-sesi/survey.yml "
            "(4 pertanyaan; satu baris per isian grup).") in out
    surveys = small_project / "surveys"
    main_draft = (surveys / "evaluasi-sesi-pelatihan" / "survey.yml").read_text(encoding="utf-8")
    assert ("# TINJAU: berkas ini juga berisi grup berulang di lembar 'sesi'. Survei ini hanya "
            "membaca lembar utama") in main_draft
    assert "surveys/evaluasi-sesi-pelatihan-sesi/survey.yml lewat 'sheet: sesi'" in main_draft
    draft = yaml.safe_load((surveys / "evaluasi-sesi-pelatihan-sesi" / "survey.yml").read_text(encoding="utf-8"))
    assert draft["sheet"] == "sesi" and draft["link_key"] == "identitas/NIP"
    assert draft["identifiers"] == ["identitas/Nama lengkap", "identitas/NIP"]
    assert [g["column"] for g in draft["groups"]] == ["identitas/Unit kerja"]
    assert [q["column"] for q in draft["questions"]] == [
        "sesi/Nama sesi", "sesi/Materi sesi jelas", "sesi/Pemateri menguasai materi", "sesi/Komentar sesi"]
    assert (surveys / "evaluasi-sesi-pelatihan-sesi" / "responses" / export.name).exists()

    assert main(["--project", str(small_project), "check"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert ("surveys/evaluasi-sesi-pelatihan-sesi/responses/evaluasi_sesi_pelatihan.xlsx: format "
            "kobotoolbox; 15 baris dibaca, 15 dipakai, 0 tidak lengkap; tidak ada masalah") in out
    assert not [line for line in out if " error " in line]
    site = tmp_path / "situs"
    assert main(["--project", str(small_project), "build", "--out", str(site), "--audience", "pimpinan"]) == 0
    assert "audit lolos" in capsys.readouterr().out
    report = tmp_path / "situs-pimpinan" / "laporan" / "evaluasi-sesi-pelatihan-sesi"
    rows = read_csv(report / "evaluasi-sesi-pelatihan-sesi.csv")
    organisation = [r for r in rows if r["dimensi"] == "organisasi"]
    assert {r["n"] for r in organisation} == {"6"}  # six people, fifteen session ratings

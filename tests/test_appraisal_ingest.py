"""Appraisal exports at the check stage: labels read as the regulation's ids, problems positioned."""

from __future__ import annotations

import pytest

from pipeline import run
from pipeline.errors import DefinitionError
from tests.minimal import make_project

SKP = """\
id: uji
title: SKP Uji
kind: skp
period: "2025"
identifiers: [NIP, Nama]
link_key: NIP
groups:
  - {id: unit, column: Unit Kerja}
questions:
  - {id: hasil_kerja, column: Rating Hasil Kerja, type: single}
  - {id: perilaku_kerja, column: Rating Perilaku Kerja, type: single}
  - {id: predikat, column: Predikat, type: single}
  - {id: potensial, column: Potensial, type: single}
"""
SKP_ROWS = """\
NIP,Nama,Unit Kerja,Rating Hasil Kerja,Rating Perilaku Kerja,Predikat,Potensial
198001012005011001,Ani,Umum,diatas,Di Atas Ekspektasi,Sangat Baik,Tinggi
198001022005011002,Budi,Umum,DIBAWAH EKSPEKTASI,memenuhi ekspektasi,Butuh Perbaikan,sedang
198001032005011003,Citra,Umum,Di atas ekspektasi,dibawah,Baik,RENDAH
198001042005011004,Dedi,Umum,luar biasa,sesuai,Baik,tinggi
198001052005011005,Eka,Umum,sesuai,,Baik,
198001062005011006,Fajar,Umum,sesuai,sesuai,Baik,hebat
"""


def check(tmp_path, survey: str, export: str):
    root = make_project(tmp_path, export, survey=survey)
    report = run.check(root)
    return report.responses[0], {(p.row, p.column, p.code) for p in report.problems}


def test_skp_labels_become_regulation_ids(tmp_path):
    responses, problems = check(tmp_path, SKP, SKP_ROWS)
    table = responses.table.sort_values("_row")
    assert table["hasil_kerja"].astype(str).tolist()[:3] == ["di-atas", "di-bawah", "di-atas"]
    assert table["perilaku_kerja"].astype(str).tolist()[:3] == ["di-atas", "sesuai", "di-bawah"]
    assert table["potensial"].astype(str).tolist()[:3] == ["tinggi", "menengah", "rendah"]
    assert (5, "Rating Hasil Kerja", "label-tidak-dikenal") in problems        # 'luar biasa'
    assert (7, "Potensial", "label-tidak-dikenal") in problems                 # 'hebat'
    assert (6, "Rating Hasil Kerja", "rating-kosong") in problems               # no perilaku kerja
    # The exporting application called 'di atas' x 'di bawah' Baik; the matrix says Kurang/Misconduct.
    assert (4, "Predikat", "predikat-tidak-sesuai-matriks") in problems
    assert not any(code == "predikat-tidak-sesuai-matriks" and row != 4 for row, _, code in problems)


def test_unknown_rating_message_names_the_value_and_the_data_file(tmp_path):
    root = make_project(tmp_path, SKP_ROWS, survey=SKP)
    problem = next(p for p in run.check(root).problems if p.code == "label-tidak-dikenal" and p.row == 5)
    assert problem.severity == "error" and "'luar biasa'" in problem.message
    assert "regulasi/predikat.yml" in problem.message


def test_skp_survey_needs_both_ratings(tmp_path):
    survey = SKP.replace("  - {id: perilaku_kerja, column: Rating Perilaku Kerja, type: single}\n", "")
    with pytest.raises(DefinitionError) as info:
        check(tmp_path, survey, SKP_ROWS)
    assert "perilaku_kerja" in str(info.value)


FEEDBACK = """\
id: uji
title: 360 Uji
kind: feedback-360
period: "2025"
identifiers: [NIP Penilai, NIP Dinilai]
link_key: NIP Penilai
subject_key: NIP Dinilai
groups:
  - {id: unit, column: Unit Kerja}
questions:
  - {id: penilai, column: Hubungan, type: single}
  - {id: pelayanan_1, column: Memahami kebutuhan masyarakat, type: likert, scale: setuju5}
"""
FEEDBACK_ROWS = """\
Stempel waktu,NIP Penilai,NIP Dinilai,Unit Kerja,Hubungan,Memahami kebutuhan masyarakat
01/02/2026 08:00:00,198001012005011001,198001022005011002,Umum,Atasan langsung,Setuju
01/02/2026 08:05:00,198001012005011001,198001032005011003,Umum,Atasan langsung,Netral
01/02/2026 08:10:00,198001022005011002,198001022005011002,Umum,Diri sendiri,Sangat Setuju
01/02/2026 09:00:00,198001012005011001,198001022005011002,Umum,Atasan,Sangat Setuju
01/02/2026 09:10:00,198001032005011003,198001022005011002,Umum,Rekan sejawat,Setuju
01/02/2026 09:20:00,198001032005011003,198001032005011003,Umum,Rekan kerja,Setuju
01/02/2026 09:30:00,198001042005011004,,Umum,Rekan kerja,Setuju
"""


def test_one_rater_rating_several_people_keeps_every_pair(tmp_path):
    responses, problems = check(tmp_path, FEEDBACK, FEEDBACK_ROWS)
    table = responses.table.sort_values("_row")
    # The supervisor rated two people (rows 2 and 3) and the first one again (row 5): one row per pair.
    assert (2, "", "jawaban-ganda") in problems and (3, "", "jawaban-ganda") not in problems
    assert table["_row"].tolist() == [3, 4, 5, 6, 7, 8]
    assert table["penilai"].astype(str).tolist()[:4] == ["atasan", "diri-sendiri", "atasan", "rekan-kerja"]
    assert table["_rater"].iloc[0] == table["_rater"].iloc[2] != table["_rater"].iloc[1]
    subjects = table["_subject"].tolist()
    assert subjects[1] == subjects[2] == table["_rater"].iloc[1] != subjects[0]


def test_self_rating_mismatch_and_missing_subject_are_warnings(tmp_path):
    _, problems = check(tmp_path, FEEDBACK, FEEDBACK_ROWS)
    assert (7, "Hubungan", "kategori-penilai-janggal") in problems  # rates themself as 'rekan kerja'
    assert (8, "Hubungan", "pegawai-dinilai-kosong") in problems


def test_feedback_survey_must_declare_the_subject_as_an_identifier(tmp_path):
    survey = FEEDBACK.replace("identifiers: [NIP Penilai, NIP Dinilai]", "identifiers: [NIP Penilai]")
    with pytest.raises(DefinitionError) as info:
        check(tmp_path, survey, FEEDBACK_ROWS)
    assert "subject_key" in str(info.value)

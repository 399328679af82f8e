"""The rapor command: exact output lines and exit codes."""

from __future__ import annotations

import pytest

from pipeline.cli import main
from tests.minimal import HEADER, SURVEY, make_project

ROWS = [
    "01/03/2026 08:15:02,Siti Aminah,198503122010012002,Bag. Umum,Setuju,Sangat Setuju,Bagus",
    "14/03/2026 08:15:02,Budi Santoso,199001012015031001,Keuangan,Setuju sekali,Setuju,",
]


def test_check_demo_passes_with_a_summary_per_file(project, capsys):
    assert main(["--project", str(project), "check"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert ("surveys/sosialisasi-kinerja-2026-s1/responses/jawaban.demo.csv: format google-forms; "
            "222 baris dibaca, 220 dipakai, 0 tidak lengkap; jawaban-ganda 2") in out
    # Two resubmissions, and three SKP 2024 rows whose exported predikat contradicts the matrix.
    assert out[-1] == "Selesai: 0 galat, 5 peringatan."


def test_check_broken_export_prints_positions_and_exits_1(tmp_path, capsys):
    root = make_project(tmp_path, "\n".join([HEADER, *ROWS]) + "\n")
    assert main(["--project", str(root), "check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == ("surveys/uji/responses/jawaban.csv:3:Materi jelas: error nilai-di-luar-skala: "
                      "jawaban 'Setuju sekali' tidak cocok dengan skala 'setuju5'; tambahkan sebagai alias "
                      "di scales.yml atau perbaiki selnya")
    assert out[-1] == "Selesai: 1 galat, 0 peringatan."


def test_column_with_colon_or_newline_is_quoted(tmp_path, capsys):
    header = HEADER.replace("Materi jelas", '"Materi: jelas\nsekali"')
    survey_text = SURVEY.replace("column: Materi jelas", 'column: "Materi: jelas\\nsekali"')
    root = make_project(tmp_path / "p", "\n".join([header, *ROWS]) + "\n", survey=survey_text)
    assert main(["--project", str(root), "check"]) == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith('surveys/uji/responses/jawaban.csv:3:"Materi: jelas⏎sekali": error nilai-di-luar-skala')


def test_build_refuses_data_errors_and_leaves_no_site(tmp_path, capsys):
    root = make_project(tmp_path, "\n".join([HEADER, *ROWS]) + "\n")
    assert main(["--project", str(root), "build"]) == 1
    captured = capsys.readouterr()
    assert "nilai-di-luar-skala" in captured.out
    assert "1 galat pada data" in captured.err
    assert not (root / "site").exists()


def test_definition_error_exits_1_naming_file_and_key(project, capsys):
    (project / "surveys" / "settings.yml").write_text("ambang: 5\n", encoding="utf-8")
    assert main(["--project", str(project), "check"]) == 1
    err = capsys.readouterr().err
    assert "settings.yml: ambang: kunci tidak dikenal (salah ketik?)" in err
    assert "Traceback" not in err


def test_wrong_usage_exits_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["bangun"])
    assert info.value.code == 2


def test_audit_command_on_a_clean_and_a_leaking_site(small_project, tmp_path, capsys):
    project = small_project
    out = tmp_path / "situs"
    assert main(["--project", str(project), "build", "--out", str(out)]) == 0
    assert "Selesai: 3 situs dibangun, audit lolos" in capsys.readouterr().out
    assert main(["--project", str(project), "audit", str(out)]) == 0
    page = out / "panduan" / "sosialisasi.html"
    page.write_text(page.read_text(encoding="utf-8") + "<p>NIP 19850312 201001 1 002</p>", encoding="utf-8")
    assert main(["--project", str(project), "audit", str(out)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith(f"{page}: pola NIP") for line in lines)

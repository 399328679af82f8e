"""`rapor init-survey`: a reviewable draft from one export, then check and build pass on it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from pipeline.cli import main
from pipeline.definitions import load_project
from pipeline.ingest import read_survey
from tests.exports import EXPORTS, csv_rows, write_xlsx
from tests.minimal import make_project

FORMATS = {  # fixture -> (survey id, detected format)
    "google_forms.csv": ("google-forms", "google-forms"),
    "microsoft_forms.xlsx": ("microsoft-forms", "microsoft-forms"),
    "kobotoolbox.csv": ("kobotoolbox", "kobotoolbox"),
    "limesurvey.csv": ("limesurvey", "limesurvey"),
    "qualtrics.csv": ("qualtrics", "qualtrics"),
    "surveymonkey.csv": ("surveymonkey", "surveymonkey"),
}



def empty_project(tmp_path: Path) -> Path:
    """Units and scales but no survey yet: where init-survey writes a first draft."""
    root = make_project(tmp_path / "p", "Nama\nx\n")
    shutil.rmtree(root / "surveys" / "uji")
    return root

def export_path(tmp_path, fixture: str):
    if fixture.endswith(".xlsx"):  # Microsoft Forms exports XLSX: build it from the CSV fixture
        return write_xlsx(tmp_path / fixture, csv_rows(fixture.replace(".xlsx", ".csv")))
    return EXPORTS / fixture


def survey_yml(root, survey_id: str) -> dict:
    return yaml.safe_load((root / "surveys" / survey_id / "survey.yml").read_text(encoding="utf-8"))


def test_every_format_drafts_then_checks_and_builds(project, tmp_path, capsys):
    """init-survey on each platform's export, then `rapor check` and one `rapor build` pass.

    One audience is built (the managers', with unit breakdowns): the demo around the six
    new surveys is large, and every audience is built by the demo's own build tests.
    """
    for fixture in FORMATS:
        export = str(export_path(tmp_path, fixture))
        assert main(["--project", str(project), "init-survey", export]) == 0
    capsys.readouterr()
    assert main(["--project", str(project), "check"]) == 0
    out = capsys.readouterr().out.splitlines()
    for fixture, (survey_id, name) in FORMATS.items():
        line = next(x for x in out if x.startswith(f"surveys/{survey_id}/responses/{fixture}: "))
        assert f": format {name}; " in line
    assert ("surveys/limesurvey/responses/limesurvey.csv: format limesurvey; 5 baris dibaca, "
            "4 dipakai, 1 tidak lengkap; jawaban-tidak-lengkap 1") in out
    assert not [x for x in out if " error " in x]
    site = tmp_path / "situs"
    assert main(["--project", str(project), "build", "--out", str(site), "--audience", "pimpinan"]) == 0
    assert "audit lolos" in capsys.readouterr().out
    for survey_id, _ in FORMATS.values():
        assert (tmp_path / "situs-pimpinan" / "laporan" / survey_id / "index.html").exists()


def test_draft_is_commented_and_export_copied(project, capsys):
    assert main(["--project", str(project), "init-survey", str(EXPORTS / "google_forms.csv"),
                 "--id", "pelatihan-skp-2026"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == ("Draf survei ditulis ke surveys/pelatihan-skp-2026/survey.yml "
                      "(format google-forms; 7 pertanyaan, 1 kelompok, 3 kolom identitas).")
    assert out[1] == ("Berkas jawaban disalin ke "
                      "surveys/pelatihan-skp-2026/responses/google_forms.csv.")
    folder = project / "surveys" / "pelatihan-skp-2026"
    copied = (folder / "responses" / "google_forms.csv").read_bytes()
    assert copied == (EXPORTS / "google_forms.csv").read_bytes()
    text = (folder / "survey.yml").read_text(encoding="utf-8")
    assert text.count("TINJAU") >= 5
    assert 'period: "2026-S1"  # TINJAU: jawaban diisi 12/03/2026–14/03/2026' in text
    draft = survey_yml(project, "pelatihan-skp-2026")
    assert draft["format"] == "google-forms" and draft["link_key"] == "NIP"
    assert draft["identifiers"] == ["Nama Lengkap", "NIP"]
    assert draft["groups"] == [{"id": "unit", "column": "Unit Kerja", "label": "Unit Kerja"}]
    types = {q["id"]: q["type"] + (f":{q['scale']}" if "scale" in q else "")
             for q in draft["questions"]}
    assert types == {"skor": "number", "materi_pelatihan_jelas": "likert:setuju5",
                     "menguasai_materi": "likert:setuju5",
                     "menyampaikan_dengan_jelas": "likert:setuju5",
                     "topik_yang_paling_bermanfaat": "multi", "saran": "text", "saran_2": "text"}
    multi = next(q for q in draft["questions"] if q["type"] == "multi")
    assert sorted(multi["options"]) == ["Penyusunan SKP", "Perencanaan kinerja",
                                        "Umpan balik, coaching, dan mentoring"]
    assert multi["other"] is True


def test_existing_survey_folder_is_refused(project, capsys):
    assert main(["--project", str(project), "init-survey", str(EXPORTS / "kobotoolbox.csv")]) == 0
    assert main(["--project", str(project), "init-survey", str(EXPORTS / "kobotoolbox.csv")]) == 1
    assert "sudah ada; pilih id lain dengan --id" in capsys.readouterr().err


def test_identifiers_by_header_and_by_values(tmp_path):
    export = tmp_path / "pendataan pegawai.csv"
    export.write_text(
        "Pegawai,Kontak,Surel kantor,Nomor induk,Unit Kerja,Materi jelas\n"
        "Siti Aminah,0812-3456-7890,siti@contoh.go.id,1985 0312 2010 01 2 002,Bag. Umum,Setuju\n"
        "Budi Santoso,+62 813 1111 2222,budi@contoh.go.id,199001012015031001,Keuangan,Netral\n"
        "Rina Wati,081299998888,rina@contoh.go.id,199202022019032003,UMUM,Sangat Setuju\n"
        "Yosef Tambunan,0813 7777 6666,yosef@contoh.go.id,198702282010011005,Keuangan,Setuju\n",
        encoding="utf-8")
    root = empty_project(tmp_path)
    assert main(["--project", str(root), "init-survey", str(export)]) == 0
    text = (root / "surveys" / "pendataan-pegawai" / "survey.yml").read_text(encoding="utf-8")
    for column, kind in (("Pegawai", "nama orang"), ("Kontak", "nomor telepon"),
                         ("Surel kantor", "alamat email"), ("Nomor induk", "NIP")):
        assert f'  - "{column}"  # TINJAU: nilainya tampak seperti {kind}' in text
    assert 'link_key: "Nomor induk"' in text
    project = load_project(root)
    ingested = read_survey(project, project.surveys[0])
    assert ingested.problems == ()
    assert set(ingested.table.columns) == {"_row", "_file", "_pseudonym", "_submitted", "unit",
                                           "materi_jelas"}


UNITS_WITH_COMMENTS = """\
# Unit kerja kantor kami. Komentar ini harus tetap ada.
units:
    - id: umum
      name: Bagian Umum  # bagian terbesar
    - id: keuangan
      name: Subbagian Keuangan
"""


def test_units_matched_through_abbreviations_or_appended_for_review(tmp_path):
    export = tmp_path / "survei unit.csv"
    export.write_text("Unit Kerja,Materi jelas\nbag umum,Setuju\nSub Bag. Keuangan,Setuju\n"
                      "Bag. Hukum,Netral\nBagian Hukum,Setuju\nUPT Laboratorium,Setuju\n",
                      encoding="utf-8")
    root = empty_project(tmp_path)
    units = root / "surveys" / "units.yml"
    units.write_text(UNITS_WITH_COMMENTS, encoding="utf-8")
    assert main(["--project", str(root), "init-survey", str(export)]) == 0
    text = units.read_text(encoding="utf-8")
    assert text.startswith(UNITS_WITH_COMMENTS)
    added = text[len(UNITS_WITH_COMMENTS):]
    assert "    # TINJAU (rapor init-survey, dari survei unit.csv): unit baru" in added
    assert ('    - id: bagian-hukum\n      name: "Bagian Hukum"\n'
            '      aliases: ["Bag. Hukum"]') in added
    assert '    - id: upt-laboratorium\n      name: "UPT Laboratorium"' in added
    assert "umum" not in added and "euangan" not in added
    project = load_project(root)
    ingested = read_survey(project, project.surveys[0])
    assert ingested.problems == ()
    assert list(ingested.table["unit"]) == ["umum", "keuangan", "bagian-hukum", "bagian-hukum",
                                            "upt-laboratorium"]


def test_near_fitting_scale_is_a_single_choice_with_a_hint(tmp_path):
    export = tmp_path / "umpan.csv"
    export.write_text("Materi jelas\nAgree\nStrongly agree\nNeither agree nor disagree\nAgree\n"
                      "Disagree\nAgree\n", encoding="utf-8")
    root = empty_project(tmp_path)
    assert main(["--project", str(root), "init-survey", str(export)]) == 0
    text = (root / "surveys" / "umpan" / "survey.yml").read_text(encoding="utf-8")
    assert "    type: single\n" in text
    assert ("# TINJAU: hampir cocok dengan skala 'setuju5': tambahkan 'Neither agree nor disagree' "
            "sebagai alias di scales.yml") in text


def test_kobo_xlsform_import(tmp_path, capsys):
    """An XLSForm (survey and choices sheets) becomes the definition that reads the Kobo export."""
    from openpyxl import Workbook

    book = Workbook()
    survey = book.active
    survey.title = "survey"
    for row in [["type", "name", "label"], ["start", "start", ""], ["end", "end", ""],
                ["begin_group", "identitas", "Identitas"],
                ["select_one unit", "unit", "Unit kerja"],
                ["end_group", "", ""], ["begin_group", "penilaian", "Penilaian"],
                ["select_one setuju", "materi", "Materi pelatihan jelas"],
                ["select_one setuju", "pemateri", "Pemateri menguasai materi"],
                ["select_multiple topik", "topik", "Topik yang dibutuhkan"], ["end_group", "", ""],
                ["text", "saran", "Saran"]]:
        survey.append(row)
    choices = book.create_sheet("choices")
    agree = ["Sangat Tidak Setuju", "Tidak Setuju", "Netral", "Setuju", "Sangat Setuju"]
    for row in [["list_name", "name", "label"], ["unit", "umum", "Bagian Umum"],
                ["unit", "keuangan", "Subbagian Keuangan"], ["unit", "tu", "Tata Usaha"],
                *[["setuju", str(v), label] for v, label in enumerate(agree, 1)],
                ["topik", "kepemimpinan", "Kepemimpinan"],
                ["topik", "analisis_data", "Analisis data"],
                ["topik", "pelayanan_publik", "Pelayanan publik"]]:
        choices.append(row)
    form = tmp_path / "formulir_pelatihan.xlsx"
    book.save(form)
    root = empty_project(tmp_path)
    assert main(["--project", str(root), "init-survey", str(form), "--id", "pelatihan-kobo"]) == 0
    out = capsys.readouterr().out
    assert "letakkan hasil ekspor KoboToolbox di surveys/pelatihan-kobo/responses/" in out
    draft = survey_yml(root, "pelatihan-kobo")
    assert draft["format"] == "kobotoolbox" and draft["kind"] == "training"
    assert draft["groups"] == [{"id": "unit", "column": "Unit kerja", "label": "Unit kerja"}]
    assert [(q["id"], q["type"]) for q in draft["questions"]] == [
        ("materi_pelatihan_jelas", "likert"), ("pemateri_menguasai_materi", "likert"),
        ("topik_yang_dibutuhkan", "multi"), ("saran", "text")]
    assert draft["questions"][2]["options"][1] == {"label": "Analisis data",
                                                   "code": "analisis_data"}
    shutil.copy(EXPORTS / "kobotoolbox.csv", root / "surveys" / "pelatihan-kobo" / "responses")
    project = load_project(root)
    ingested = read_survey(project, project.surveys[0])
    assert ingested.problems == ()
    assert list(ingested.table["materi_pelatihan_jelas"]) == [4, 3, 5, 2, 4]
    assert ingested.table["topik_yang_dibutuhkan__analisis_data"].tolist()[:2] == [True, False]


@pytest.mark.parametrize("bad", ["Survei Baru", "survei_baru"])
def test_invalid_id_is_refused(project, capsys, bad):
    export = str(EXPORTS / "kobotoolbox.csv")
    assert main(["--project", str(project), "init-survey", export, "--id", bad]) == 1
    assert "tidak valid" in capsys.readouterr().err


def test_a_statement_mentioning_a_unit_is_a_question_not_a_group(tmp_path):
    export = tmp_path / "survei.csv"
    export.write_text("Unit Kerja,Penilaian kinerja di unit saya hanya sekadar formalitas\n"
                      "Bag. Umum,Setuju\nKeuangan,Tidak Setuju\nUMUM,Netral\n", encoding="utf-8")
    root = empty_project(tmp_path)
    assert main(["--project", str(root), "init-survey", str(export)]) == 0
    draft = survey_yml(root, "survei")
    assert [g["id"] for g in draft["groups"]] == ["unit"]
    assert draft["questions"][0]["type"] == "likert"

"""Readers per platform, one named test per quirk: (row, column, code) triples, canonical tables.

Fixtures live in tests/fixtures/exports/ (invented people only). Platform-specific
readers beyond Google Forms, Microsoft Forms and generic files are in
test_readers_platforms.py.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest

from tests.exports import (
    EXPORTS,
    csv_rows,
    csv_text,
    project_with,
    read,
    triples,
    write_ods,
    write_xlsx,
)
from tests.minimal import HEADER, SURVEY

GOOGLE = """\
identifiers: [Nama Lengkap, NIP]
link_key: NIP
groups:
  - {id: unit, column: Unit Kerja}
questions:
  - {id: skor, column: Skor, type: number}
  - {id: materi_jelas, column: Materi pelatihan jelas, type: likert, scale: setuju5}
  - {id: menguasai, column: "Penilaian pemateri [Menguasai materi]", type: likert, scale: setuju5}
  - {id: menyampaikan, column: "Penilaian pemateri [Menyampaikan dengan jelas]", type: likert,
     scale: setuju5}
  - id: topik
    column: Topik yang paling bermanfaat
    type: multi
    options: [Perencanaan kinerja, "Umpan balik, coaching, dan mentoring", Penyusunan SKP]
    other: true
  - {id: saran, column: Saran, type: text}
  - {id: saran_lain, column: Saran 2, type: text}
"""
NA = pd.NA


@pytest.fixture
def google(tmp_path):
    return read(project_with(tmp_path, "google_forms.csv", GOOGLE))


def column(table: pd.DataFrame, name: str) -> list:
    return [None if pd.isna(v) else v for v in table[name]]


def test_google_forms_fixture_reads_without_problems(google):
    assert google.files[0].format == "google-forms"
    assert google.problems == ()
    table = google.table
    assert list(table["_row"]) == [2, 3, 4, 5, 6, 7]
    assert list(table["unit"]) == ["umum", "keuangan", "tu", "keuangan", "umum", "umum"]
    assert list(table["materi_jelas"]) == [4, 5, 3, 4, 5, 4]
    assert table["_submitted"].dt.day.tolist() == [12, 12, 13, 13, 14, 14]
    for identifier in ("Alamat email", "Nama Lengkap", "NIP"):
        assert identifier not in table.columns
    assert "rahmat.hidayat@contoh.go.id" in google.identifiers.emails


def test_google_forms_zipped_download_reads_as_its_csv(google, tmp_path):
    """Google Forms' "Download responses (.csv)" saves 'Formulir.csv.zip'; HR drops it in as is."""
    import zipfile

    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("Survei Pelatihan (Jawaban).csv", (EXPORTS / "google_forms.csv").read_bytes())
    zipped = read(project_with(tmp_path / "zip", data.getvalue(), GOOGLE, name="Survei Pelatihan.csv.zip"))
    assert zipped.files[0].path.name == "Survei Pelatihan.csv.zip" and zipped.files[0].format == "google-forms"
    assert zipped.problems == ()
    assert zipped.table.drop(columns="_file").equals(google.table.drop(columns="_file"))


def test_a_zip_with_two_exports_is_an_error_naming_them(tmp_path):
    import zipfile

    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("a.csv", "x\n1\n")
        archive.writestr("b.xlsx", b"")
    ingested = read(project_with(tmp_path / "p", data.getvalue(), GOOGLE, name="dua.zip"))
    assert triples(ingested.problems) == [(0, "", "berkas-tidak-terbaca")]
    assert "a.csv, b.xlsx" in ingested.problems[0].message


def test_google_forms_checkbox_option_containing_comma(google):
    table = google.table
    assert column(table, "topik__perencanaan_kinerja") == [True, False, False, True, False, None]
    assert column(table, "topik__umpan_balik_coaching_dan_mentoring") == [True, True, False, False,
                                                                          False, None]
    assert column(table, "topik__penyusunan_skp") == [False, False, True, True, True, None]
    other = [None, None, "manajemen waktu, prioritas", None, None, None]
    assert column(table, "topik__lainnya") == other
    assert table["topik__penyusunan_skp"].dtype == "boolean"


def test_google_forms_checkbox_unknown_option_is_an_error_without_other(tmp_path):
    body = GOOGLE.replace("    other: true\n", "")
    ingested = read(project_with(tmp_path, "google_forms.csv", body))
    assert triples(ingested.problems) == [(4, "Topik yang paling bermanfaat",
                                           "pilihan-tidak-dikenal")]
    assert "manajemen waktu, prioritas" in ingested.problems[0].message
    assert len(ingested.table) == 6  # the row stays; only the unknown part is reported


def test_google_forms_quiz_score_column(google):
    assert column(google.table, "skor") == [8.0, 10.0, 6.0, 7.5, 9.0, 7.0]


def test_google_forms_grid_columns(google):
    assert list(google.table["menguasai"]) == [5, 4, 3, 4, 5, 3]
    assert list(google.table["menyampaikan"]) == [4, 4, 2, 5, 5, 4]
    assert google.table["menguasai"].cat.ordered


def test_google_forms_multiline_header(google, tmp_path):
    """The description below a title enters the header after a line break (in XLSX as `_x000a_`)."""
    assert list(google.table["materi_jelas"]) == [4, 5, 3, 4, 5, 4]
    rows = csv_rows("google_forms.csv")
    rows[0][6] = rows[0][6].replace("\n", "_x000a_")
    path = write_xlsx(tmp_path / "g.xlsx", rows)
    ingested = read(project_with(tmp_path / "p", path.read_bytes(), GOOGLE, name="jawaban.xlsx"))
    assert list(ingested.table["materi_jelas"]) == [4, 5, 3, 4, 5, 4]
    assert ingested.problems == ()


def test_google_forms_duplicate_title_suffix(google, tmp_path):
    """Two questions titled 'Saran': the second is 'Saran 2', as Google Sheets names it."""
    assert column(google.table, "saran") == ["Tambah sesi praktik", None, None,
                                             "Materi sangat membantu", None,
                                             "Contoh SKP per jabatan"]
    assert column(google.table, "saran_lain") == [None, "Waktu terlalu singkat", None, None, None,
                                                  None]
    text = (tmp_path / "x").with_suffix(".csv")
    text.write_bytes((EXPORTS / "google_forms.csv").read_bytes()
                     .replace(b",Saran,Saran\n", b",Saran,Saran 2\n"))
    sheet_export = read(project_with(tmp_path / "p", text.read_bytes(), GOOGLE))
    assert column(sheet_export.table, "saran_lain") == column(google.table, "saran_lain")


def test_google_forms_dash_underscore_dot_mean_empty(google):
    assert column(google.table, "saran")[2] is None and column(google.table, "saran")[4] is None
    assert column(google.table, "saran_lain")[4] is None  # '.'


def test_google_forms_xlsx_from_sheets(tmp_path):
    path = write_xlsx(tmp_path / "g.xlsx", csv_rows("google_forms.csv"))
    ingested = read(project_with(tmp_path / "p", path.read_bytes(), GOOGLE, name="jawaban.xlsx"))
    assert ingested.files[0].format == "google-forms"
    assert ingested.problems == ()
    assert column(ingested.table, "skor") == [8.0, 10.0, 6.0, 7.5, 9.0, 7.0]


# Excel round trips of a Google Forms CSV (tests/minimal.py's export).
EXCEL_ROWS = [
    "01/03/2026 08:15:02,Siti Aminah,198503122010012002,Bag. Umum,Setuju,Sangat Setuju,Bagus",
    "01/03/2026 09:00:00,Budi Santoso,199001012015031001,UMUM,sangat setuju ,4,",
    "13/03/2026 10:00:00,Rina Wati,199202022019032003,Keuangan,Netral,Tidak Setuju,-",
]
MINIMAL = SURVEY.split("period: 2026-S1\n", 1)[1]  # the questions of tests/minimal.py


def test_excel_roundtrip_trailing_semicolons(tmp_path):
    text = "\n".join(line.replace(",", ";") + ";;;;" for line in [HEADER, *EXCEL_ROWS]) + "\n"
    ingested = read(project_with(tmp_path, text.encode("utf-8"), MINIMAL))
    assert ingested.problems == ()
    assert list(ingested.table["q1"]) == [4, 5, 3]
    assert list(ingested.table["_row"]) == [2, 3, 4]


def test_excel_roundtrip_junk_rows_at_end(tmp_path):
    lines = [HEADER, *EXCEL_ROWS, ",,,,,,", "Jumlah responden,,,3,,,", ",,,,Rata-rata 4,,"]
    ingested = read(project_with(tmp_path, "\n".join(lines).encode("utf-8"), MINIMAL))
    assert triples(ingested.problems) == [(5, "", "baris-kosong"), (6, "", "baris-bukan-jawaban")]
    assert "baris 6, 7" in ingested.problems[1].message
    assert list(ingested.table["_row"]) == [2, 3, 4]
    assert ingested.files[0].rows_read == 5 and ingested.files[0].rows_kept == 3


def test_excel_roundtrip_junk_row_in_the_middle_is_kept_and_reported(tmp_path):
    rows = [EXCEL_ROWS[0], EXCEL_ROWS[1].replace("01/03/2026 09:00:00", "kemarin"), EXCEL_ROWS[2]]
    ingested = read(project_with(tmp_path, "\n".join([HEADER, *rows]).encode("utf-8"), MINIMAL))
    assert triples(ingested.problems) == [(3, "Stempel waktu", "tanggal-tidak-terbaca")]
    assert len(ingested.table) == 3


def test_excel_roundtrip_record_wrapped_in_one_cell(tmp_path):
    """A comma CSV opened under a ';' locale, saved again: a line with quotes is one quoted cell."""
    quoted = ('01/03/2026 09:00:00,"Santoso, Budi",199001012015031001,UMUM,Setuju,Setuju,'
              '"ok, lanjut"')
    wrapped = '"' + quoted.replace('"', '""') + '"'
    lines = [HEADER, EXCEL_ROWS[0], wrapped, EXCEL_ROWS[2]]
    ingested = read(project_with(tmp_path, "\r\n".join(lines).encode("utf-8"), MINIMAL))
    assert triples(ingested.problems) == [(3, "", "baris-dibungkus")]
    assert list(ingested.table["q1"]) == [4, 4, 3]
    assert ingested.table.loc[1, "saran"] == "ok, lanjut"
    assert "santoso" in ingested.identifiers.names


MS_FORMS = """\
identifiers: [Name]
groups:
  - {id: unit, column: Unit kerja}
questions:
  - {id: materi, column: Materi sesuai kebutuhan, type: likert, scale: setuju5}
  - id: pelatihan
    column: Pelatihan yang ingin diikuti
    type: multi
    options: [Kepemimpinan, Manajemen risiko, Pelayanan publik]
  - {id: poin, column: Points - Materi sesuai kebutuhan, type: number}
  - {id: total, column: Total points, type: number}
  - {id: saran, column: Saran perbaikan, type: text}
"""


@pytest.fixture
def ms_forms(tmp_path):
    path = write_xlsx(tmp_path / "forms.xlsx", csv_rows("microsoft_forms.csv"))
    return read(project_with(tmp_path / "p", path.read_bytes(), MS_FORMS, name="forms.xlsx"))


def test_ms_forms_xlsx_reads_without_problems(ms_forms):
    assert ms_forms.files[0].format == "microsoft-forms"
    assert ms_forms.problems == ()
    assert list(ms_forms.table["unit"]) == ["umum", "keuangan", "tu", "keuangan", "umum"]
    assert list(ms_forms.table["materi"]) == [4, 5, 3, 4, 2]
    first = ms_forms.table["_submitted"].dt.strftime("%Y-%m-%d %H:%M").tolist()[0]
    assert first == "2026-04-06 08:05"  # the completion time
    assert {"hendra saputra", "nurul aini"} <= ms_forms.identifiers.names
    assert "hendra.saputra@contoh.go.id" in ms_forms.identifiers.emails


def test_ms_forms_id_column_is_not_data(ms_forms):
    assert "ID" not in ms_forms.table.columns
    assert not any(p.column == "ID" for p in ms_forms.problems)
    assert not {"1", "2", "3"} & ms_forms.identifiers.numbers


def test_ms_forms_multiselect_trailing_semicolon(ms_forms):
    table = ms_forms.table
    assert column(table, "pelatihan__kepemimpinan") == [True, False, True, True, None]
    assert column(table, "pelatihan__manajemen_risiko") == [True, True, False, False, None]
    assert column(table, "pelatihan__pelayanan_publik") == [False, False, True, True, None]
    assert table["pelatihan__lainnya"].isna().all()


def test_ms_forms_quiz_columns(ms_forms):
    """`Points - Q`, `Feedback - Q` are bookkeeping unless asked for; `Total points` is a score."""
    assert ms_forms.table["poin"].isna().all()
    assert ms_forms.table["total"].isna().all()
    assert not any(p.code == "kolom-tidak-dikenal" for p in ms_forms.problems)


def test_ms_forms_indonesian_headers(tmp_path):
    rows = csv_rows("microsoft_forms.csv")
    rows[0][:6] = ["ID", "Waktu mulai", "Waktu penyelesaian", "Email", "Nama",
                   "Waktu modifikasi terakhir"]
    rows[0][9:11] = ["Total poin", "Umpan balik kuis"]
    path = write_xlsx(tmp_path / "formulir.xlsx", rows)
    body = MS_FORMS.replace("identifiers: [Name]", "identifiers: [Nama]")
    body = body.replace("column: Total points", "column: Total poin")
    ingested = read(project_with(tmp_path / "p", path.read_bytes(), body, name="formulir.xlsx"))
    assert ingested.files[0].format == "microsoft-forms"
    assert ingested.problems == ()
    assert ingested.table["_submitted"].notna().all()
    assert "nurul aini" in ingested.identifiers.names


def test_ms_forms_csv_resaved_by_excel(tmp_path):
    """Excel under an Indonesian locale: ';', day-first dates without seconds, cp1252."""
    rows = csv_rows("microsoft_forms.csv")
    for row in rows[1:]:
        for i in (1, 2):
            row[i] = pd.Timestamp(row[i]).strftime("%d/%m/%Y %H.%M")
    text = "\r\n".join(";".join(f'"{c}"' if ";" in c or '"' in c else c for c in
                                [c.replace('"', '""') for c in row]) for row in rows)
    ingested = read(project_with(tmp_path, text.encode("cp1252"), MS_FORMS))
    assert ingested.files[0].format == "microsoft-forms"
    assert column(ingested.table, "pelatihan__kepemimpinan") == [True, False, True, True, None]
    assert ingested.table["_submitted"].dt.month.tolist() == [4] * 5


def test_ms_forms_anonymous_placeholder_is_not_a_name(tmp_path):
    rows = csv_rows("microsoft_forms.csv")
    for row in rows[1:]:
        row[3], row[4] = "anonymous", "anonymous"
    path = write_xlsx(tmp_path / "anon.xlsx", rows)
    ingested = read(project_with(tmp_path / "p", path.read_bytes(), MS_FORMS, name="anon.xlsx"))
    assert not ingested.identifiers


GENERIC = """\
identifiers: [Nama]
groups:
  - {id: unit, column: Unit}
questions:
  - {id: masa_kerja, column: Lama bekerja (tahun), type: number}
  - {id: nilai_skp, column: Nilai SKP, type: number}
  - {id: tunjangan, column: Tunjangan kinerja (Rp), type: number}
  - {id: puas, column: Kepuasan kerja, type: likert, scale: setuju5}
  - {id: catatan, column: Catatan, type: text}
"""


def test_generic_decimal_comma_and_thousands_dot(tmp_path):
    ingested = read(project_with(tmp_path, "generic.csv", GENERIC))
    table = ingested.table
    assert ingested.files[0].format == "generic"
    assert column(table, "nilai_skp") == [87.5, 90.0, 78.25, 82.0, 91.75]
    assert column(table, "tunjangan") == [4250000.0, 3100500.0, 2875000.0, 3500000.0, 5000000.0]
    assert column(table, "masa_kerja") == [12.0, 3.0, 1.0, 7.0, 20.0]


def test_generic_cp1252_semicolon_file(tmp_path):
    ingested = read(project_with(tmp_path, "generic.csv", GENERIC))
    assert triples(ingested.problems) == [(1, "No", "kolom-tidak-dikenal"),
                                          (2, "", "encoding-bukan-utf8")]
    assert ingested.table.loc[0, "catatan"] == "Kafé kantor perlu diperbaiki"
    assert list(ingested.table["unit"]) == ["umum", "keuangan", "tu", "keuangan", "umum"]


def test_generic_dot_decimal_column(tmp_path):
    text = "Nama,Nilai\nAni,3.5\nBudi,4.25\nCici,4\n"
    body = "questions:\n  - {id: nilai, column: Nilai, type: number}\n"
    ingested = read(project_with(tmp_path, text.encode(), body))
    assert column(ingested.table, "nilai") == [3.5, 4.25, 4.0]


def test_generic_tsv_and_ods(tmp_path):
    rows = [line.split(";") for line in csv_text("generic.csv").splitlines()]
    tsv = "\n".join("\t".join(r) for r in rows).encode("utf-8")
    by_tsv = read(project_with(tmp_path / "a", tsv, GENERIC, name="data.tsv"))
    ods = write_ods(tmp_path / "data.ods", rows)
    by_ods = read(project_with(tmp_path / "b", ods.read_bytes(), GENERIC, name="data.ods"))
    for ingested in (by_tsv, by_ods):
        assert column(ingested.table, "nilai_skp") == [87.5, 90.0, 78.25, 82.0, 91.75]
        assert ingested.table.loc[0, "catatan"] == "Kafé kantor perlu diperbaiki"


def test_unanswerable_numbers_are_positioned_errors(tmp_path):
    text = "Nama,Nilai\nAni,tiga\nBudi,4\n"
    body = "questions:\n  - {id: nilai, column: Nilai, type: number}\n"
    ingested = read(project_with(tmp_path, text.encode(), body))
    assert triples(ingested.problems) == [(2, "Nilai", "bukan-angka")]


def test_platform_metadata_is_identifier_in_any_export(tmp_path):
    """IP address, token, coordinates, recipient names: dropped, never warned about, never data."""
    text = ("Nama Depan,Nama Belakang,IP Address,Token,Latitude,Longitude,refurl,Materi jelas\n"
            "Siti,Aminah,10.0.0.1,tkn01,-6.2088,106.8456,https://contoh.go.id/s?t=1,Setuju\n"
            "Budi,Santoso,10.0.0.2,tkn02,-6.2101,106.8412,,Netral\n")
    body = "questions:\n  - {id: materi, column: Materi jelas, type: likert, scale: setuju5}\n"
    ingested = read(project_with(tmp_path, text.encode(), body))
    assert ingested.problems == ()
    assert list(ingested.table.columns) == ["_row", "_file", "_pseudonym", "_submitted", "materi"]
    assert {"siti", "aminah", "budi", "santoso", "tkn01"} <= ingested.identifiers.names
    assert not any(v.startswith(("-6", "10.0", "106", "http")) for v in ingested.identifiers.names)


def test_likert_labels_any_case_spacing_punctuation_language_or_leading_value(tmp_path):
    answers = ["sangat  setuju", "SANGAT SETUJU!", "5 = Extremely valuable", "Strongly agree",
               "4", "Setuju.", "tidak-setuju", "Lumayan"]
    text = "Materi jelas\n" + "\n".join(answers) + "\n"
    body = "questions:\n  - {id: materi, column: Materi jelas, type: likert, scale: setuju5}\n"
    ingested = read(project_with(tmp_path, text.encode(), body))
    assert column(ingested.table, "materi") == [5, 5, 5, 5, 4, 4, 2, None]
    assert triples(ingested.problems) == [(9, "Materi jelas", "nilai-di-luar-skala")]  # never dropped
    assert len(ingested.table) == 8


def test_unit_spellings_match_through_abbreviations(tmp_path):
    units = ["Subbag. Keuangan", "SUB BAGIAN  keuangan", "Bag Umum", "bag. umum", "Tata  Usaha",
             "Bagian Hukum"]
    text = "Unit Kerja,Materi jelas\n" + "\n".join(f"{u},Setuju" for u in units) + "\n"
    body = ("groups:\n  - {id: unit, column: Unit Kerja}\n"
            "questions:\n  - {id: materi, column: Materi jelas, type: likert, scale: setuju5}\n")
    ingested = read(project_with(tmp_path, text.encode(), body))
    assert list(ingested.table["unit"]) == ["keuangan", "keuangan", "umum", "umum", "tu",
                                            "Tidak diketahui"]
    assert triples(ingested.problems) == [(7, "Unit Kerja", "unit-tidak-dikenal")]

"""KoboToolbox, LimeSurvey, Qualtrics and SurveyMonkey exports: one named test per quirk."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.exports import EXPORTS, csv_rows, project_with, read, triples, write_xlsx


def column(table: pd.DataFrame, name: str) -> list:
    return [None if pd.isna(v) else v for v in table[name]]


KOBO = """\
groups:
  - {id: unit, column: Unit kerja}
questions:
  - {id: materi, column: Materi pelatihan jelas, type: likert, scale: setuju5}
  - {id: pemateri, column: Pemateri menguasai materi, type: likert, scale: setuju5}
  - id: topik
    column: Topik yang dibutuhkan
    type: multi
    options: [Kepemimpinan, Analisis data, Pelayanan publik]
  - {id: saran, column: Saran, type: text}
"""


@pytest.fixture
def kobo(tmp_path):
    return read(project_with(tmp_path, "kobotoolbox.csv", KOBO))


def test_kobo_semicolon_quoted_crlf(kobo):
    assert kobo.files[0].format == "kobotoolbox"
    assert kobo.problems == ()
    assert list(kobo.table["_row"]) == [3, 4, 5, 6, 7]  # a record per row, line breaks in cells
    assert column(kobo.table, "saran") == ["Materi bagus", "Perlu contoh nyata\ndari unit kerja",
                                           None, None, "Tidak ada"]
    assert kobo.table["_submitted"].dt.strftime("%d %H:%M").tolist()[0] == "04 01:06"


def test_kobo_group_prefixes(kobo, tmp_path):
    """`identitas/Unit kerja` is found as `Unit kerja`, and as itself."""
    assert list(kobo.table["unit"]) == ["umum", "keuangan", "tu", "keuangan", "umum"]
    assert list(kobo.table["materi"]) == [4, 3, 5, 2, 4]
    body = KOBO.replace("column: Materi", "column: penilaian/Materi")
    full_paths = read(project_with(tmp_path / "p", "kobotoolbox.csv", body))
    assert list(full_paths.table["materi"]) == [4, 3, 5, 2, 4]


def test_kobo_hxl_row(kobo, tmp_path):
    assert kobo.files[0].rows_read == 5
    without = b"\r\n".join(line for i, line in enumerate((EXPORTS / "kobotoolbox.csv").read_bytes()
                                                         .split(b"\r\n")) if i != 1)
    plain = read(project_with(tmp_path / "p", without, KOBO))
    assert list(plain.table["_row"]) == [2, 3, 4, 5, 6]
    assert list(plain.table["pemateri"]) == list(kobo.table["pemateri"])


def test_kobo_select_multiple_blank_is_unanswered(kobo):
    table = kobo.table
    assert column(table, "topik__kepemimpinan") == [True, False, None, False, True]
    assert column(table, "topik__analisis_data") == [True, False, None, True, False]
    assert column(table, "topik__pelayanan_publik") == [False, True, None, True, False]


def test_kobo_space_joined_summary_without_detail_columns(tmp_path):
    rows = [[c for i, c in enumerate(r) if i not in (6, 7, 8)]
            for r in csv_rows("kobotoolbox.csv", ";")]
    text = "\r\n".join(";".join('"' + c.replace('"', '""') + '"' for c in r) for r in rows)
    ingested = read(project_with(tmp_path, text.encode(), KOBO))
    assert column(ingested.table, "topik__analisis_data") == [True, False, None, True, False]
    assert column(ingested.table, "topik__pelayanan_publik") == [False, True, None, True, False]


def test_kobo_identifiers_and_metadata(kobo):
    assert "_submitted_by" not in kobo.table.columns and "_uuid" not in kobo.table.columns
    assert "enumerator_siti" in kobo.identifiers.names
    assert not any(p.code == "kolom-tidak-dikenal" for p in kobo.problems)


def test_kobo_xlsx_repeat_group_sheet_is_reported(tmp_path):
    path = write_xlsx(tmp_path / "kobo.xlsx", csv_rows("kobotoolbox.csv", ";"),
                      sheets={"riwayat_pelatihan": [["nama_pelatihan", "_parent_index"],
                                                    ["Latsar", "1"]]})
    ingested = read(project_with(tmp_path / "p", path.read_bytes(), KOBO, name="kobo.xlsx"))
    assert triples(ingested.problems) == [(0, "", "lembar-tidak-dibaca")]
    assert "riwayat_pelatihan" in ingested.problems[0].message
    assert list(ingested.table["materi"]) == [4, 3, 5, 2, 4]


LIME = """\
groups:
  - {id: unit, column: G1Q1}
questions:
  - {id: materi, column: "G1Q2[SQ001]", type: likert, scale: setuju5}
  - {id: pemateri, column: "G1Q2[SQ002]", type: likert, scale: setuju5}
  - id: topik
    column: G1Q3
    type: multi
    options:
      - {code: SQ001, label: Kepemimpinan}
      - {code: SQ002, label: Analisis data}
      - {code: SQ003, label: Pelayanan publik}
    other: true
  - {id: saran, column: G1Q4, type: text}
"""


@pytest.fixture
def lime(tmp_path):
    return read(project_with(tmp_path, "limesurvey.csv", LIME))


def test_limesurvey_bom_semicolon_every_field_quoted(lime):
    assert lime.files[0].format == "limesurvey"
    assert list(lime.table["unit"]) == ["umum", "keuangan", "keuangan", "umum"]
    assert list(lime.table["materi"]) == [4, 3, 5, 2]
    assert lime.table["_submitted"].dt.day.tolist() == [2, 2, 3, 3]


def test_limesurvey_incomplete_response(lime, tmp_path):
    assert triples(lime.problems) == [(4, "", "jawaban-tidak-lengkap")]
    assert list(lime.table["_row"]) == [2, 3, 5, 6]
    report = lime.files[0]
    assert (report.rows_read, report.rows_kept, report.incomplete) == (5, 4, 1)
    kept = read(project_with(tmp_path / "p", "limesurvey.csv", LIME, include_incomplete="true"))
    assert list(kept.table["_row"]) == [2, 3, 4, 5, 6]
    assert kept.files[0].incomplete == 1


def test_limesurvey_subquestion_codes(lime, tmp_path):
    table = lime.table
    assert column(table, "topik__kepemimpinan") == [True, False, True, None]
    assert column(table, "topik__analisis_data") == [False, True, True, None]
    assert column(table, "topik__pelayanan_publik") == [True, False, False, None]
    assert column(table, "topik__lainnya") == [None, None, "Manajemen arsip", None]
    em_codes = (EXPORTS / "limesurvey.csv").read_bytes().replace(b"[SQ00", b"_SQ00")
    em_codes = em_codes.replace(b"[other]", b"_other")
    em_codes = em_codes.replace(b'1]"', b'1"').replace(b'2]"', b'2"').replace(b'3]"', b'3"')
    body = LIME.replace('"G1Q2[SQ001]"', "G1Q2_SQ001").replace('"G1Q2[SQ002]"', "G1Q2_SQ002")
    by_em = read(project_with(tmp_path / "p", em_codes, body))
    assert by_em.problems == lime.problems or triples(by_em.problems) == triples(lime.problems)
    assert column(by_em.table, "topik__lainnya") == [None, None, "Manajemen arsip", None]
    assert list(by_em.table["pemateri"]) == list(table["pemateri"])


def test_limesurvey_platform_identifiers(lime):
    assert "tkn01" in lime.identifiers.names
    for private in ("ipaddr", "refurl", "token"):
        assert private not in lime.table.columns
    assert not any("10.12.0" in v for v in lime.identifiers.names | lime.identifiers.numbers)


def test_limesurvey_comma_separator(tmp_path):
    data = (EXPORTS / "limesurvey.csv").read_bytes().replace(b'";"', b'","')
    ingested = read(project_with(tmp_path, data, LIME))
    assert list(ingested.table["materi"]) == [4, 3, 5, 2]


QUALTRICS = """\
groups:
  - {id: unit, column: Q1}
questions:
  - {id: materi, column: Q2_1, type: likert, scale: setuju5}
  - {id: pemateri, column: Penilaian pelatihan - Pemateri menguasai materi, type: likert,
     scale: setuju5}
  - id: topik
    column: Q3
    type: multi
    options:
      - {code: "1", label: Kepemimpinan}
      - {code: "2", label: Analisis data}
      - {code: "3", label: Pelayanan publik}
    other: true
  - {id: saran, column: Q4, type: text}
"""


@pytest.fixture
def qualtrics(tmp_path):
    return read(project_with(tmp_path, "qualtrics.csv", QUALTRICS))


def test_qualtrics_three_header_rows(qualtrics):
    assert qualtrics.files[0].format == "qualtrics"
    assert triples(qualtrics.problems) == [(6, "", "jawaban-tidak-lengkap")]
    assert list(qualtrics.table["_row"]) == [4, 5, 7, 8]  # row 6 did not finish
    assert list(qualtrics.table["materi"]) == [4, 3, 5, 4]
    assert list(qualtrics.table["pemateri"]) == [5, 4, 5, 3]  # found by its question text in row 2
    assert list(qualtrics.table["unit"]) == ["umum", "keuangan", "keuangan", "umum"]


def test_qualtrics_previews_tests_and_spam_are_no_responses(tmp_path):
    """The survey owner's previews, generated test responses and spam are left out and named."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO((EXPORTS / "qualtrics.csv").read_text(encoding="utf-8"))))
    status, channel = rows[0].index("Status"), rows[0].index("DistributionChannel")
    preview, tested, spam = list(rows[3]), list(rows[3]), list(rows[4])
    preview[status] = "Survey Preview"
    tested[channel] = "test"
    spam[status] = "Spam"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([*rows, preview, tested, spam])
    result = read(project_with(tmp_path, out.getvalue().encode("utf-8"), QUALTRICS))
    assert triples(result.problems) == [(6, "", "jawaban-tidak-lengkap"), (9, "", "bukan-jawaban"),
                                        (10, "", "bukan-jawaban"), (11, "", "bukan-jawaban")]
    assert list(result.table["_row"]) == [4, 5, 7, 8]
    assert result.files[0].rows_read == 8 and result.files[0].rows_kept == 4


def test_qualtrics_platform_identifiers(qualtrics):
    ids = qualtrics.identifiers
    assert {"mutiara", "siregar"} <= ids.names and "mutiara.siregar@contoh.go.id" in ids.emails
    assert "199301112019032006" in ids.numbers  # ExternalReference
    assert not {"-6.2088", "10.1.2.31"} & (ids.names | ids.numbers)
    for private in ("IPAddress", "LocationLatitude", "RecipientEmail"):
        assert private not in qualtrics.table.columns


def test_qualtrics_text_and_do_suffixes(qualtrics):
    table = qualtrics.table
    assert column(table, "topik__kepemimpinan") == [True, False, True, False]
    assert column(table, "topik__analisis_data") == [False, True, True, False]
    assert column(table, "topik__pelayanan_publik") == [True, False, True, True]
    assert column(table, "topik__lainnya") == [None, "Tata kelola arsip", None, None]
    assert not any(p.column in ("Q3_DO", "Q3_4", "Q3_4_TEXT") for p in qualtrics.problems)


def test_qualtrics_multi_by_question_text_and_labels(tmp_path):
    body = QUALTRICS.replace("column: Q3\n", "column: Topik yang dibutuhkan\n")
    for code in ("1", "2", "3"):
        body = body.replace(f'{{code: "{code}", label: ', "{label: ")
    ingested = read(project_with(tmp_path, "qualtrics.csv", body))
    assert column(ingested.table, "topik__analisis_data") == [False, True, True, False]


def test_qualtrics_legacy_two_rows(tmp_path):
    body = "identifiers: [Name]\n" + QUALTRICS.split("  - id: topik")[0].replace(
        "Penilaian pelatihan - Pemateri", "Penilaian pelatihan-Pemateri") + \
        "  - {id: saran, column: Q4, type: text}\n"
    ingested = read(project_with(tmp_path, "qualtrics_legacy.csv", body))
    assert ingested.files[0].format == "qualtrics"
    assert triples(ingested.problems) == [(5, "", "jawaban-tidak-lengkap")]
    assert list(ingested.table["_row"]) == [3, 4, 6]
    assert list(ingested.table["materi"]) == [4, 5, 3]
    assert column(ingested.table, "pemateri") == [4, 3, 4]
    assert "ronald.hutapea@contoh.go.id" in ingested.identifiers.emails
    assert "ResponseID" not in ingested.table.columns


def test_qualtrics_tsv_utf16(tmp_path):
    rows = csv_rows("qualtrics.csv")
    data = "\r\n".join("\t".join(r) for r in rows).encode("utf-16")
    ingested = read(project_with(tmp_path, data, QUALTRICS, name="qualtrics.tsv"))
    assert ingested.files[0].format == "qualtrics"
    assert list(ingested.table["materi"]) == [4, 3, 5, 4]


SURVEYMONKEY = """\
groups:
  - {id: unit, column: Unit kerja Anda}
questions:
  - {id: materi, column: "Seberapa setuju Anda dengan pernyataan berikut? [Materi jelas]",
     type: likert, scale: setuju5}
  - {id: pemateri,
     column: "Seberapa setuju Anda dengan pernyataan berikut? [Pemateri menguasai materi]",
     type: likert, scale: setuju5}
  - id: topik
    column: Topik yang dibutuhkan
    type: multi
    options: [Kepemimpinan, Analisis data, Pelayanan publik]
    other: true
  - {id: saran, column: Saran perbaikan, type: text}
"""


@pytest.fixture
def surveymonkey(tmp_path):
    return read(project_with(tmp_path, "surveymonkey.csv", SURVEYMONKEY))


def test_surveymonkey_two_header_rows(surveymonkey):
    assert surveymonkey.files[0].format == "surveymonkey"
    assert surveymonkey.problems == ()
    assert list(surveymonkey.table["_row"]) == [3, 4, 5, 6, 7]
    assert list(surveymonkey.table["materi"]) == [4, 3, 5, 2, 4]  # English labels through label_en
    assert list(surveymonkey.table["pemateri"]) == [5, 4, 5, 3, 4]
    assert surveymonkey.table["_submitted"].dt.month.tolist() == [3] * 5  # month-first: 03/13/2026


def test_surveymonkey_blank_headers_over_options(surveymonkey):
    table = surveymonkey.table
    assert column(table, "topik__kepemimpinan") == [True, False, False, True, None]
    assert column(table, "topik__analisis_data") == [False, True, False, True, None]
    other = [None, None, "Pengelolaan keuangan daerah", None, None]
    assert column(table, "topik__lainnya") == other


def test_surveymonkey_platform_identifiers(surveymonkey):
    ids = surveymonkey.identifiers
    assert {"wahyu", "nugroho"} <= ids.names and "ratna.sari@contoh.go.id" in ids.emails
    assert not any(v.startswith("10.2.0") for v in ids.names)


def test_surveymonkey_xlsx(tmp_path):
    path = write_xlsx(tmp_path / "sm.xlsx", csv_rows("surveymonkey.csv"))
    body = SURVEYMONKEY.split("  - {id: materi")[0]
    body += "  - {id: saran, column: Saran perbaikan, type: text}\n"
    ingested = read(project_with(tmp_path / "p", path.read_bytes(), body, name="sm.xlsx"))
    assert ingested.files[0].format == "surveymonkey"
    assert column(ingested.table, "saran")[0] == "Tambah praktik"

"""Free-text redaction: names with titles and honorifics, NIP, NIK, email, phone — and nothing more."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.anonymise import REDACTED, redact
from pipeline.identifiers import IdentifierSet, name_core


@pytest.fixture(scope="module")
def roster() -> IdentifierSet:
    seen = IdentifierSet()
    seen.add_column(pd.Series(["Hj. Siti Aminah, S.E., M.Si.", "Budi Santoso", "HERIANI,S.Pd,M.Pd",
                               "198503122010012002", "rina.wati@sukamaju.go.id"]))
    return seen


def one(text: str, seen: IdentifierSet) -> str:
    return redact(pd.Series([text]), seen).iloc[0]


@pytest.mark.parametrize("text", [
    "Hj. Siti Aminah, S.E., M.Si.",
    "pak budi",
    "Terima kasih Pak Budi atas bimbingannya",
    "materi dari ibu siti sangat jelas",
    "Dr. Ir. Budi Santoso M.Si. hadir",
    "heriani,S.Pd,M.Pd",
    "Bu Heriani S.Pd. ramah",
])
def test_names_are_redacted(text, roster):
    out = one(text, roster)
    assert REDACTED in out
    for word in ("siti", "aminah", "budi", "santoso", "heriani"):
        assert word not in out.lower()


@pytest.mark.parametrize("text", [
    "budi pekerti penting bagi ASN",
    "setia kepada NKRI",
    "Sangat membantu, terima kasih",
    "Kasih ibu sepanjang masa",
    "sitinya kurang",
])
def test_ordinary_words_survive(text, roster):
    assert one(text, roster) == text


def test_words_after_a_name_survive(roster):
    assert one("Budi Santoso sangat baik", roster) == f"{REDACTED} sangat baik"
    assert one("Terima kasih Hj. Siti Aminah, S.E., M.Si. atas materinya", roster) == \
        f"Terima kasih {REDACTED} atas materinya"


@pytest.mark.parametrize("text", [
    "NIP saya 19850312 201001 1 002",
    "nip 19920508.202308.2.001",
    "NIK 3201234567890123",
    "KTP: 320123456789012",
    "hubungi 0812-3456-7890",
    "WA +62 812 3456 7890",
    "wa.me/6281234567890",
    "kirim ke rina.wati@sukamaju.go.id",
    "lihat https://contoh.go.id/form?id=99812",
])
def test_patterns_are_redacted(text):
    out = one(text, IdentifierSet())
    assert REDACTED in out
    assert not any(ch.isdigit() for ch in out.replace("https", ""))
    assert "@" not in out


def test_name_core_strips_titles_and_degrees():
    assert name_core("Dr. Hj. Siti Aminah, S.E., M.Si.") == "siti aminah"
    assert name_core("  BUDI   SANTOSO ") == "budi santoso"


@settings(max_examples=200, deadline=None)
@given(first=st.sampled_from(["Budi", "Siti", "Agus", "Dewi"]),
       last=st.sampled_from(["Santoso", "Lestari", "Siregar", "Nasution"]),
       honorific=st.sampled_from(["", "Pak ", "Bu ", "Bapak ", "Ibu ", "Sdr. ", "Dr. ", "Hj. "]),
       degree=st.sampled_from(["", ", S.E.", ", S.Kom., M.Si.", " S.Pd.", ",SE"]),
       before=st.sampled_from(["", "terima kasih ", "menurut "]),
       after=st.sampled_from(["", " sangat membantu", ", materinya bagus"]),
       upper=st.booleans())
def test_no_planted_name_survives(first, last, honorific, degree, before, after, upper):
    seen = IdentifierSet()
    seen.add_column(pd.Series([f"{first} {last}{degree}"]))
    text = f"{before}{honorific}{first} {last}{degree}{after}"
    out = one(text.upper() if upper else text, seen).lower()
    assert first.lower() not in out.split() and last.lower() not in out.replace(",", " ").split()


def test_posts_held_by_one_person_are_redacted():
    seen = IdentifierSet(titles={"kabag umum", "kepala subbagian keuangan"})
    assert one("Kabag  Umum jarang memberi umpan balik", seen) == f"{REDACTED} jarang memberi umpan balik"
    assert one("laporan ke kepala subbagian keuangan", seen) == f"laporan ke {REDACTED}"
    assert one("bagian umum sudah baik", seen) == "bagian umum sudah baik"


def test_roster_gives_names_and_unique_posts(project):
    from pipeline.definitions import load_project
    from pipeline.ingest.roster import read_roster

    roster = read_roster(load_project(project))
    assert len(roster.names) == 300
    assert {"kepala bagian umum", "kabag umum", "kasubbag perencanaan"} <= roster.titles
    assert "pelaksana" not in roster.titles and "fungsional" not in roster.titles


def test_pak_budi_on_the_roster_is_redacted(tmp_path):
    from pipeline.definitions import load_project
    from pipeline.ingest.roster import read_roster
    from tests.minimal import HEADER, make_project

    root = make_project(tmp_path, HEADER + "\n", settings="min_group_size: 3\nroster: daftar.csv\n")
    (root / "surveys" / "daftar.csv").write_text(
        "Nama,Jabatan,Unit Kerja\nBudi Hartono,Kepala Bagian Umum,Bagian Umum\nAni Lestari,Pelaksana,Bagian Umum\n",
        encoding="utf-8")
    roster = read_roster(load_project(root))
    assert one("pak budi kurang komunikatif", roster) == f"{REDACTED} kurang komunikatif"
    assert one("budi pekerti", roster) == "budi pekerti"
    assert one("Kepala Bagian Umum sering rapat", roster) == f"{REDACTED} sering rapat"


def test_rare_typed_group_values_are_pooled():
    from pipeline.anonymise import pool_rare_groups

    table = pd.DataFrame({"jabatan": ["Pelaksana"] * 6 + ["Kepala Dinas"] + ["Fungsional"] * 5,
                          "unit": ["a"] * 12})
    out = pool_rare_groups(table, ["jabatan"], 5)
    assert sorted(out["jabatan"].unique()) == ["Fungsional", "Lainnya", "Pelaksana"]
    assert (out["unit"] == "a").all()


@pytest.mark.parametrize(("values", "kind"), [
    (["19850312 201001 1 002", "199001012015031001", "", "-"], "NIP"),
    (["19920508.202308.2.001", "198001012005011001"], "NIP"),
    (["3201234567890123", "320123456789012"], "NIK"),
    (["a.b@sukamaju.go.id", "c@d.co.id", "tidak ada"], "email"),
    (["0812-3456-7890", "+62 812 3456 7890", "6281234567890"], "telepon"),
    (["Setuju", "Netral", "Sangat Setuju"], None),
    (["12", "7", "3"], None),
])
def test_identifier_columns_are_recognised_by_their_values(values, kind):
    from pipeline.identifiers import identifier_kind

    assert identifier_kind(pd.Series(values)) == kind


def test_other_answers_of_a_multi_select_are_redacted_too():
    from pipeline.anonymise import anonymise
    from pipeline.definitions import Option, Question, Survey
    from pipeline.tables import ValidResponses

    survey = Survey(id="uji", title="Uji", kind="survey", period="2026", questions=(
        Question(id="topik", column="Topik", type="multi", options=(Option(label="SKP"),), other=True),))
    seen = IdentifierSet()
    seen.add_column(pd.Series(["Budi Santoso"]))
    table = pd.DataFrame({"topik__skp": pd.array([True, False], dtype="boolean"),
                          "topik__lainnya": pd.array([None, "diskusi dengan Pak Budi"], dtype="string")})
    out = anonymise(ValidResponses(survey, table, (), (), seen))
    assert out.table.loc[1, "topik__lainnya"] == f"diskusi dengan {REDACTED}"

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

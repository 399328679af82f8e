"""End to end: the demo's competency-development pages tell the four levels with correct numbers."""

from __future__ import annotations

import re

from tests.conftest import REPO
from tests.conftest import read_csv as rows
from tests.conftest import read_page as page

PROGRAMME = "program/pelatihan-kepemimpinan"
SMALL_UNIT = "Subbagian Perencanaan dan Evaluasi"


def scores(name: str) -> dict[str, float]:
    """NIP digits -> quiz score, straight from a demo Google Forms quiz export."""
    path = REPO / "surveys" / f"pelatihan-kepemimpinan-2026-a1-{name}" / "responses" / f"{name}.demo.csv"
    return {re.sub(r"\D", "", r["NIP"]): float(r["Skor"].split("/")[0]) for r in rows(path)}


def test_programme_page_tells_the_four_levels_in_order(demo_build):
    for site in demo_build.sites:
        text = page(site.target, f"{PROGRAMME}.html")
        headings = [text.index(h) for h in ("1. Reaksi", "2. Pembelajaran", "3. Perilaku", "4. Hasil")]
        assert headings == sorted(headings), site.audience.id
        assert "Masukan program" in text and "Perbandingan angkatan" in text and "<details" in text
        assert "belum tentu disebabkan oleh pelatihan" in text
        assert re.search(r"rata-rata nilai naik \d+ poin \(dari \d+ menjadi \d+\); \d+% peserta meningkat", text)


def test_learning_numbers_match_the_raw_exports(manager_site):
    pre, post = scores("pretest"), scores("posttest")
    pairs = [(pre[nip], post[nip]) for nip in pre if nip in post]
    published = {r["ukuran"]: float(r["nilai"]) for r in rows(manager_site / f"{PROGRAMME}.csv")
                 if r["angkatan"] == "angkatan-1" and r["tingkat"] == "pembelajaran" and r["dimensi"] == "organisasi"}
    assert published["n"] == len(pairs)
    assert abs(published["rata_rata_pre"] - sum(p for p, _ in pairs) / len(pairs)) < 1e-3
    assert abs(published["kenaikan"] - sum(b - a for a, b in pairs) / len(pairs)) < 1e-3
    assert abs(published["proporsi_meningkat"] - sum(b > a for a, b in pairs) / len(pairs)) < 1e-3
    headline = (f"rata-rata nilai naik {round(published['kenaikan'])} poin (dari {round(published['rata_rata_pre'])}"
                f" menjadi {round(published['rata_rata_post'])}); {round(published['proporsi_meningkat'] * 100)}%")
    assert headline in page(manager_site, f"{PROGRAMME}.html")
    unmatched = [r for r in rows(manager_site / f"{PROGRAMME}.csv")
                 if r["angkatan"] == "angkatan-1" and r["tingkat"] == "pembelajaran-tidak-berpasangan"]
    assert {r["kunci"]: r["nilai"] for r in unmatched}["pre"] == str(len(pre) - len(pairs))


def test_every_published_count_rests_on_enough_people(demo_build):
    for site in demo_build.sites:
        for path in (site.target / "program").glob("*.csv"):
            for r in rows(path):
                count = r.get("n") or r.get("pegawai") or (r["nilai"] if r.get("ukuran") == "n" else None)
                if count:
                    assert float(count) >= 5, (path, r)
                if r["status"] != "ditampilkan":
                    assert not any(r.get(c) for c in ("n", "nilai", "pegawai", "skor_kebutuhan")), (path, r)


def test_employees_see_organisation_numbers_only(demo_site):
    for path in (demo_site / "program").glob("*.html"):
        assert SMALL_UNIT not in path.read_text(encoding="utf-8"), path
    for path in (demo_site / "program").glob("*.csv"):
        assert {r.get("dimensi") for r in rows(path)} <= {"organisasi", "status"}, path
    assert not (demo_site / "unit").exists()


def test_each_unit_finds_its_programme_summary_with_follow_ups(manager_site):
    assert 'href="umum.html"' in page(manager_site, "unit/index.html")
    umum = page(manager_site, "unit/umum.html")
    assert "Pengembangan kompetensi" in umum and "Angkatan I 2026" in umum and "Seluruh peserta" in umum
    assert "bimbingan kinerja" in umum  # Bagian Umum applies the behaviours least: the YAML rule fires
    small = page(manager_site, "unit/perencanaan.html")
    assert "Angkatan II 2026" in small and "Angkatan I 2026" not in small  # only the second cohort had them
    assert "tidak ditampilkan (kurang dari 5 responden)" in small
    assert "Nilai Pre-test dan Post-test" not in small  # programme surveys are summarised, not listed


def test_needs_and_jp_pages(demo_build):
    sites = {s.audience.id: s.target for s in demo_build.sites}
    needs = page(sites["pegawai"], "program/kebutuhan-2026.html")
    assert "Borich" in needs and "Analisis data kepegawaian (belum ada program)" in needs
    jp = page(sites["pimpinan"], "program/jp-2026.html")
    assert "PNS sudah mencapai paling sedikit 20 JP setahun" in jp and "Pasal 203" in jp
    assert "belum dicocokkan dengan salinan resmi" in jp and "2.026" not in jp
    assert "Catatan pengolahan data" in page(sites["sdm"], "program/jp-2026.html")
    assert "Catatan pengolahan data" not in jp
    assert 'href="program/index.html"' in page(sites["pegawai"], "index.html")

"""The demo's appraisal rounds, end to end: pages per audience, withholding, advisories, citations."""

from __future__ import annotations

import csv
import io
import re
from html import unescape
from pathlib import Path

import pytest

SMALL_UNIT = "Subbagian Perencanaan dan Evaluasi"
FEEDBACK = "penilaian/umpan-balik-360-2025.html"
HR_ONLY = ("penilaian/catatan-distribusi.html", "penilaian/keadilan.html", "penilaian/talenta-skp-2025.html")
GUIDES = ("panduan-predikat", "panduan-distribusi", "panduan-berakhlak", "panduan-9-kotak")


def html(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def rows(site: Path, name: str) -> list[dict]:
    text = (site / "penilaian" / name).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture(scope="module")
def sites(demo_build) -> dict[str, Path]:
    return {site.audience.id: site.target for site in demo_build.sites}


def test_every_audience_gets_results_and_guides_hr_also_gets_its_pages(sites):
    for audience, site in sites.items():
        for page in ["penilaian/index.html", "penilaian/predikat.html", FEEDBACK,
                     *(f"penilaian/{g}.html" for g in GUIDES)]:
            assert '<html lang="id"' in html(site, page), (audience, page)
        for page in HR_ONLY:
            assert (site / page).exists() == (audience == "sdm"), (audience, page)
        assert "Hasil Penilaian Kinerja" in html(site, "index.html")  # in the navigation


def test_employees_see_the_organisation_only(sites):
    site = sites["pegawai"]
    assert {r["dimensi"] for r in rows(site, "predikat.csv")} == {"organisasi"}
    for page in site.glob("penilaian/*.html"):
        assert SMALL_UNIT not in html(site, f"penilaian/{page.name}"), page


def test_small_unit_withheld_in_2025_shown_in_2024(sites):
    data = {(r["periode"], r["kelompok"]): r for r in rows(sites["pimpinan"], "predikat.csv")}
    assert data[("2024", SMALL_UNIT)]["jumlah_pegawai"] == "5"
    small = data[("2025", SMALL_UNIT)]
    assert small["jumlah_pegawai"] == "" and small["sangat_baik"] == ""
    assert small["status"] == "tidak ditampilkan (kurang dari 5 pegawai)"
    assert "tidak ditampilkan (kurang dari 5 pegawai)" in html(sites["pimpinan"], "penilaian/predikat.html")


@pytest.mark.parametrize("audience", ["pegawai", "pimpinan", "sdm"])
def test_withheld_predikat_groups_cannot_be_recomputed(sites, audience):
    data = rows(sites[audience], "predikat.csv")
    for period in {r["periode"] for r in data}:
        mine = [r for r in data if r["periode"] == period]
        total = next(r for r in mine if r["dimensi"] == "organisasi")
        for dimension in {r["dimensi"] for r in mine} - {"organisasi"}:
            groups = [r for r in mine if r["dimensi"] == dimension]
            published = [r for r in groups if r["jumlah_pegawai"] != ""]
            assert all(int(r["jumlah_pegawai"]) >= 5 for r in published)
            hidden = int(total["jumlah_pegawai"]) - sum(int(r["jumlah_pegawai"]) for r in published)
            assert hidden == 0 or (len(groups) - len(published) >= 2 and hidden >= 5), (period, dimension)


def test_page_numbers_trace_to_the_csv(sites):
    org = next(r for r in rows(sites["pegawai"], "predikat.csv") if r["periode"] == "2025")
    n, best = int(org["jumlah_pegawai"]), int(org["sangat_baik"])
    share = f"{best / n * 100:.1f}".replace(".", ",")
    assert f"<td>{best} ({share}%)</td>" in html(sites["pegawai"], "penilaian/predikat.html")
    assert n == sum(int(org[p]) for p in ("sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang"))


def test_feedback_is_developmental_and_states_the_pooling(sites):
    page = html(sites["pegawai"], FEEDBACK)
    assert "bukan penilaian resmi" in page.lower()
    assert 'Kategori penilai Atasan dan Bawahan digabung menjadi "Lainnya"' in unescape(page)
    org = {r["penilai"]: r for r in rows(sites["pegawai"], "umpan-balik-360-2025.csv")}
    assert set(org) == {"Penilai lain", "Diri sendiri", "Selisih (diri − penilai lain)", "Rekan kerja", "Lainnya"}
    gap = float(org["Selisih (diri − penilai lain)"]["overall"])
    assert gap > 0  # the demo plants self ratings above the others'
    assert f"<strong>+{gap:.2f}</strong>".replace(".", ",") in unescape(page)


def test_advisory_for_an_istimewa_unit_above_seventy_percent(sites):
    data = {(r["periode"], r["kelompok"]): r for r in rows(sites["sdm"], "predikat.csv")}
    unit = data[("2025", "Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian")]
    best, n = int(unit["sangat_baik"]), int(unit["jumlah_pegawai"])
    assert best / n > 0.7
    page = html(sites["sdm"], "penilaian/catatan-distribusi.html")
    found = re.search(rf"{best} dari {n} pegawai \([0-9,]+%\)</td><td><strong>perlu dicermati</strong>", page)
    assert found, "the Istimewa unit above 70% Sangat Baik is not flagged"
    assert "tidak dapat dinilai: tidak ditampilkan (kurang dari 5 pegawai)" in page
    assert "sumber sekunder" in page and "bukan kesalahan data" in page


def test_nine_box_is_a_coloured_table_matching_its_csv(sites):
    page = html(sites["sdm"], "penilaian/talenta-skp-2025.html")
    org = next(r for r in rows(sites["sdm"], "talenta-skp-2025.csv") if r["dimensi"] == "organisasi")
    for box in range(1, 10):
        match = re.search(rf'<td class="rapor-heat-\d rapor-kotak-{box}"><strong>Kotak {box}</strong><br>(\d+) pegawai',
                          page)
        assert match and match.group(1) == org[f"kotak_{box}"], box
    assert sum(int(org[f"kotak_{b}"]) for b in range(1, 10)) == int(org["pegawai"])
    assert "Diproses sesuai ketentuan peraturan perundang-undangan" in page


def test_fairness_check_flags_golongan_and_leaves_withheld_units_out(sites):
    page = html(sites["sdm"], "penilaian/keadilan.html")
    assert "ajakan untuk melihat lebih dekat" in page
    golongan = re.search(r'<th scope="row">Golongan</th>(.*?)</tr>', page).group(1)
    assert "perlu dicermati" in golongan  # the demo gives golongan II fewer Sangat Baik
    gender = re.search(r'<th scope="row">Jenis kelamin</th>(.*?)</tr>', page).group(1)
    assert "tidak menonjol" in gender
    assert "tidak diuji karena tidak ditampilkan: UPT Penilaian Kompetensi Pegawai, " + SMALL_UNIT in page
    # Age bands read youngest first, not in the alphabet's order that put 'Di bawah 30 tahun' last.
    bands = [page.index(f'<th scope="row">{band}</th>') for band in ("Di bawah 30 tahun", "30–39 tahun", "40–49 tahun",
                                                        "50 tahun ke atas")]
    assert bands == sorted(bands)


def test_guides_cite_the_regulation_and_say_what_is_unsure(sites):
    site = sites["pegawai"]
    for guide, citation in zip(GUIDES, ("Nomor 6 Tahun 2022", "Nomor 3 Tahun 2023", "Nomor 20 Tahun 2021",
                                        "Nomor 3 Tahun 2020"), strict=True):
        page = html(site, f"penilaian/{guide}.html")
        assert citation in page and "Yang belum pasti" in page and "Diperiksa terakhir: 28 November 2026" in page
    matrix = html(site, "penilaian/panduan-predikat.html")
    assert "<td>Kurang/Misconduct</td><td>Baik</td><td>Sangat Baik</td>" in matrix  # the di atas row
    assert html(site, "penilaian/panduan-berakhlak.html").count("<li>") >= 21


def test_check_warns_where_the_exported_predikat_contradicts_the_matrix(demo_build):
    mismatches = [p for p in demo_build.check.problems if p.code == "predikat-tidak-sesuai-matriks"]
    assert len(mismatches) == 3 and all(p.path.parent.parent.name == "skp-2024" for p in mismatches)
    assert not [p for p in demo_build.check.problems if p.code == "label-tidak-dikenal"]


def test_without_appraisal_surveys_only_the_guides_are_added():
    from pipeline.appraisal.regulation import load_regulation
    from pipeline.appraisal.tables import DisclosedAppraisal
    from pipeline.definitions import load_project
    from pipeline.render import Rendered
    from pipeline.render.appraisal import render_appraisal
    from tests.conftest import REPO

    project = load_project(REPO)
    empty = DisclosedAppraisal(load_regulation(project), {}, (), (), (), 5)
    hr = next(a for a in project.settings.audiences if a.hr_pages)
    before = Rendered(hr, {"privasi.md": ""}, ({"Laporan": "laporan/index.md"}, {"Perlindungan Data": "privasi.md"}))
    after = render_appraisal(before, project, empty, [])
    assert sorted(after.files) == ["penilaian/index.md", *sorted(f"penilaian/{g}.md" for g in GUIDES), "privasi.md"]
    assert after.nav == ({"Laporan": "laporan/index.md"}, {"Hasil Penilaian Kinerja": "penilaian/index.md"},
                         {"Perlindungan Data": "privasi.md"})
    assert "](predikat.md)" not in after.files["penilaian/panduan-predikat.md"]
    assert "keadilan.md" not in after.files["penilaian/index.md"]

"""End to end: the demo builds into finished sites that publish nobody, and stay the same twice."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline import run
from pipeline.errors import AuditError, BuildError
from tests.conftest import REPO, read_csv
from tests.conftest import read_page as html

SOSIALISASI = "laporan/sosialisasi-kinerja-2026-s1"
SMALL_UNIT = "Subbagian Perencanaan dan Evaluasi"
WITHHELD = "tidak ditampilkan (kurang dari 5 responden)"


def test_demo_site_has_every_page_in_indonesian(demo_site):
    for page in ["index.html", "panduan/penilaian-kinerja.html", "panduan/pengembangan-karier.html",
                 "panduan/sosialisasi.html", "indikator/index.html", "laporan/index.html", "privasi.html",
                 f"{SOSIALISASI}/index.html", "laporan/pelatihan-kepemimpinan-2026/index.html", "404.html"]:
        assert '<html lang="id"' in html(demo_site, page), page
    indicators = sorted(p.name for p in (demo_site / "indikator").glob("*.html"))
    assert len(indicators) == 9  # eight indicators and their index
    assert "Pemahaman Indikator Kinerja" in html(demo_site, "indikator/index.html")


def test_report_has_chart_table_and_download(demo_site):
    page = html(demo_site, f"{SOSIALISASI}/index.html")
    assert page.count("<svg") >= 8
    assert re.search(r"<svg[^>]*role=\"img\"[^>]*>\s*<title id=\"grafik-paham_indikator-title\">", page)
    assert "<desc id=\"grafik-paham_indikator-desc\">Sebaran jawaban." in page
    assert "<table>" in page and "Semester I 2026" in page and "Semester II 2025" in page
    assert 'href="sosialisasi-kinerja-2026-s1.csv"' in page
    assert (demo_site / SOSIALISASI / "grafik" / "paham_indikator.svg").read_text(encoding="utf-8").startswith("<svg")


def test_published_numbers_trace_to_the_csv(demo_site):
    rows = read_csv(demo_site / SOSIALISASI / "sosialisasi-kinerja-2026-s1.csv")
    assert {r["dimensi"] for r in rows} == {"organisasi"}  # employees see no unit breakdown
    row = next(r for r in rows if r["pertanyaan_id"] == "paham_indikator")
    page = html(demo_site, f"{SOSIALISASI}/index.html")
    n = int(row["n"])
    share = f"{float(row['persen_setuju']):.1f}".replace(".", ",") + "%"
    assert f"{int(row['n_4'])} ({int(row['n_4']) / n * 100:.1f}%)".replace(".", ",") in page
    assert share in page


def test_employees_site_has_no_unit_breakdown(demo_site):
    for path in demo_site.rglob("*.html"):
        assert SMALL_UNIT not in path.read_text(encoding="utf-8"), path
    assert not (demo_site / "unit").exists()


def test_manager_site_shows_units_and_marks_the_small_one_withheld(manager_site):
    page = html(manager_site, f"{SOSIALISASI}/index.html")
    assert SMALL_UNIT in page and WITHHELD in page
    summary = html(manager_site, "unit/perencanaan.html")
    assert WITHHELD in summary
    assert "Kekuatan" in html(manager_site, "unit/umum.html")
    rows = read_csv(manager_site / SOSIALISASI / "sosialisasi-kinerja-2026-s1.csv")
    small = [r for r in rows if r["kelompok"] == SMALL_UNIT]
    assert small and all(r["n"] == "" and r["status"] == WITHHELD for r in small)


def test_withheld_unit_cannot_be_recomputed_from_everything_published(demo_build):
    """Subtract every published unit from the total: what remains never isolates a small group."""
    k = 5
    for site in demo_build.sites:
        for path in site.target.glob("laporan/*/*.csv"):
            rows = read_csv(path)
            for question in {r["pertanyaan_id"] for r in rows}:
                mine = [r for r in rows if r["pertanyaan_id"] == question]
                total = next(r for r in mine if r["dimensi"] == "organisasi")
                for dimension in {r["dimensi"] for r in mine} - {"organisasi"}:
                    groups = [r for r in mine if r["dimensi"] == dimension]
                    withheld = [r for r in groups if r["n"] == ""]
                    published = [r for r in groups if r["n"] != ""]
                    assert all(int(r["n"]) >= k for r in published)
                    hidden = int(total["n"]) - sum(int(r["n"]) for r in published)
                    assert hidden == 0 or (len(withheld) >= 2 and hidden >= k), (path, question, dimension)


EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?(?:https?:)?//"""
                      r"""|@import\s+["']?(?:url\()?["']?(?:https?:)?//""", re.I)


def test_no_page_loads_anything_from_another_host(demo_build):
    for site in demo_build.sites:
        for path in site.target.rglob("*"):
            if path.suffix in {".html", ".css", ".svg"}:
                text = path.read_text(encoding="utf-8")
                tags = r"<(?:script|img|link|iframe|source)\b[^>]*>"
                assets = re.findall(tags, text) if path.suffix == ".html" else [text]
                for tag in assets:
                    assert not EXTERNAL.search(tag), (path, tag[:200])


def test_every_internal_link_points_to_a_file(demo_build):
    for site in demo_build.sites:
        for path in site.target.rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            for target in re.findall(r"""(?:href|src)="([^"#?]+)[^"]*\"""", text):
                if re.match(r"^[a-z]+:", target) or target.startswith("//"):
                    continue
                # 404.html is served for any URL, so MkDocs writes it with root-absolute links.
                base = site.target if target.startswith("/") else path.parent
                assert (base / target.lstrip("/")).resolve().exists(), (path, target)


def test_lang_search_and_offline_polyfill(demo_site):
    page = html(demo_site, "index.html")
    assert "assets/javascripts/iframe-worker-shim.js" in page
    assert "unpkg.com" not in page and "fonts.googleapis" not in page
    assert (demo_site / "search" / "search_index.js").exists()


class TextCells(HTMLParser):
    """Collect the text of every table cell and every start tag of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cells, self.tags, self._cell = [], [], None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        if tag == "td":
            self._cell = ""

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self.cells.append(self._cell)
            self._cell = None


def plant(project: Path, name: str, nip: str) -> None:
    """Add one respondent whose name and NIP also appear in free text and in both group columns."""
    path = project / "surveys" / "sosialisasi-kinerja-2026-s1" / "responses" / "jawaban.demo.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = next(csv.reader([lines[0]]))
    row = {h: "" for h in header}
    row.update({"Stempel waktu": "30/06/2026 10:00:00", "Alamat email": "wiryo.k@sukamaju.go.id",
                "Nama Lengkap": f"Dr. {name}, M.Si.", "NIP": nip, "Unit Kerja": name, "Jabatan": name,
                "Apa yang perlu diperbaiki dari pelaksanaan penilaian kinerja?":
                    f"Saya {name}, NIP {nip}; tanya Pak {name.split()[0]} atau wiryo.k@sukamaju.go.id"})
    for column in header:
        if column.startswith(("Saya memahami", "Penilaian kinerja dilakukan")):
            row[column] = "Setuju"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([row[h] for h in header])
    path.write_text("\n".join(lines) + "\n" + buffer.getvalue(), encoding="utf-8")


def test_planted_identifiers_reach_no_audience(small_project, tmp_path):
    project = small_project
    plant(project, "Wiryo Kartasasmita", "198001012005011001")
    report = run.build(project, out=tmp_path / "situs")
    assert any(p.code == "unit-tidak-dikenal" for p in report.check.problems)
    for site in report.sites:
        for path in site.target.rglob("*"):
            if path.is_file():
                text = path.read_bytes().decode("utf-8", errors="replace").lower()
                for needle in ("kartasasmita", "wiryo", "198001012005011001", "19800101"):
                    assert needle not in text, (path, needle)


def test_hostile_unit_name_appears_literally(small_project, tmp_path):
    project = small_project
    hostile = "<img src=x onerror=alert(1)>|*x*"
    units = project / "surveys" / "units.yml"
    units.write_text(units.read_text(encoding="utf-8").replace(
        "name: Subbagian Keuangan", f"name: '{hostile}'"), encoding="utf-8")
    report = run.build(project, out=tmp_path / "situs")
    page = (report.sites[1].target / SOSIALISASI / "index.html").read_text(encoding="utf-8")
    cells = TextCells()
    cells.feed(page)
    assert hostile in cells.cells  # shown literally, whole, in its own table cell
    assert not any(tag == "img" or any(a == "onerror" for a, _ in attrs) for tag, attrs in cells.tags)


def test_audit_failure_keeps_the_previous_site(small_project, tmp_path):
    project = small_project
    out = tmp_path / "situs"
    first = run.build(project, out=out)
    before = (out / "index.html").read_bytes()
    name = sorted(first.check.responses[0].identifiers.names)[0]
    page = project / "content" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n\nTerima kasih kepada {name.title()}.\n",
                    encoding="utf-8")
    with pytest.raises(AuditError) as info:
        run.build(project, out=out)
    assert any("index.html" in f and "nama responden" in f for f in info.value.findings)
    assert (out / "index.html").read_bytes() == before


def test_mkdocs_warning_of_a_worker_is_shown_and_keeps_the_previous_site(small_project, tmp_path, caplog):
    # The audiences build in worker processes: their MkDocs warnings are logged here, and the
    # first failing audience is the error, as if they had been built one after the other.
    project = small_project
    out = tmp_path / "situs"
    run.build(project, out=out)
    before = (out / "index.html").read_bytes()
    page = project / "content" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[hilang](tidak-ada.md)\n", encoding="utf-8")
    with pytest.raises(BuildError, match="situs 'pegawai'"):
        run.build(project, out=out)
    warnings = [r.getMessage() for r in caplog.records if r.name.startswith("mkdocs")]
    assert any("tidak-ada.md" in w for w in warnings)
    assert (out / "index.html").read_bytes() == before
    assert not list(tmp_path.glob(".rapor-*"))  # the work folder is gone


def test_two_builds_are_byte_identical(demo_build, tmp_path):
    """A second build in a fresh process with another hash seed: generated files must not differ by a byte."""
    first = demo_build.sites[0].target
    out = tmp_path / "situs"
    env = {k: v for k, v in os.environ.items() if k in {"RAPOR_SECRET_FILE", "HOME", "PATH"}}
    subprocess.run([sys.executable, "-m", "pipeline.cli", "--project", str(demo_build.check.project.root),
                    "build", "--out", str(out), "--audience", "pegawai"],
                   check=True, env={**env, "PYTHONHASHSEED": "12345"}, capture_output=True, cwd=REPO)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    compared = [f for f in files if f.suffix in {".csv", ".svg", ".xlsx", ".html"} and f.name != "sitemap.xml"]
    assert len(compared) > 30
    for relative in compared:
        assert (first / relative).read_bytes() == (out / relative).read_bytes(), relative


def test_demo_exports_are_committed_and_real_ones_ignored():
    def ignored(path: str) -> bool:
        return subprocess.run(["git", "check-ignore", "-q", path], cwd=REPO).returncode == 0

    assert ignored("surveys/sosialisasi-kinerja-2026-s1/responses/hasil-asli.csv")
    assert ignored("surveys/survei-baru/responses/Formulir (Jawaban).xlsx")
    assert ignored("surveys/survei-baru/kutipan.yml")
    assert not ignored("surveys/sosialisasi-kinerja-2026-s1/responses/jawaban.demo.csv")
    assert not ignored("surveys/sosialisasi-kinerja-2026-s1/survey.yml")


def test_privacy_page_in_every_audience_and_operator_guide_for_hr_only(demo_build):
    targets = {site.audience.id: site.target for site in demo_build.sites}
    assert set(targets) == {"pegawai", "pimpinan", "sdm"}
    for audience, target in targets.items():
        page = html(target, "privasi.html")
        assert "Bagaimana data Anda dilindungi" in page and "Undang-Undang Nomor 27 Tahun 2022" in page
        withheld = re.search(r"<strong>([\d.]+) sel</strong> tidak ditampilkan", page)
        assert withheld and int(withheld.group(1).replace(".", "")) > 1000, audience  # appraisal cells too
        assert (target / "operator.html").exists() == (audience == "sdm")
    guide = html(targets["sdm"], "operator.html")
    assert "Pemberitahuan privasi" in guide and "RAPOR_SECRET_FILE" in guide
    for definition in ("settings.yml", "units.yml", "scales.yml", "programmes.yml", "jp-targets.yml",
                       "predikat-organisasi.yml", "codebook.yml", "kutipan.yml", "regulasi/"):
        assert f"{definition}</code>" in guide, definition  # every file HR may have to write
    assert targets["sdm"].name == "site-sdm" and targets["sdm"].parent == targets["pegawai"].parent

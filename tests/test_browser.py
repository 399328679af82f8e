"""The built demo in a real browser (Debian's Chromium through Playwright), opened from file://.

Offline with every other host blocked, search, charts beside their tables, a 360-px phone,
print on A4 and an axe-core accessibility scan. Without a browser these tests skip and print
the install command; under CI=true they fail instead.
"""

from __future__ import annotations

import json
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pipeline import run
from tests.browser import (
    A4_CONTENT,
    DESKTOP,
    PHONE,
    acquire_browser,
    open_visit,
    percentages,
    release_browser,
)
from tests.conftest import copy_project

REPORT = "laporan/sosialisasi-kinerja-2026-s1/index.html"
TRAINING = "laporan/pelatihan-kepemimpinan-2026/index.html"
EMPLOYEE_PAGES = ["index.html", "panduan/penilaian-kinerja.html", "indikator/index.html",
                  "indikator/keadilan-penilaian.html", "laporan/index.html", REPORT, TRAINING,
                  "privasi.html"]
MANAGER_PAGES = ["index.html", REPORT, "unit/index.html", "unit/umum.html", "unit/perencanaan.html"]
SERIOUS = {"serious", "critical"}


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium; other browser test modules import this fixture and share the browser."""
    launched = acquire_browser()
    yield launched
    release_browser()


@pytest.fixture
def visit(browser):
    """Open a built page (a Path) or a URL; every context is closed after the test."""
    opened = []

    def _open(target: Path | str, viewport: dict = DESKTOP, allowed: str = "file://"):
        url = target.resolve().as_uri() if isinstance(target, Path) else target
        page = open_visit(browser, url, viewport, allowed)
        opened.append(page)
        return page

    yield _open
    for page in opened:
        page.page.context.close()


@pytest.fixture(scope="session")
def sites(demo_site, manager_site) -> dict[str, Path]:
    return {"pegawai": demo_site, "pimpinan": manager_site}


@pytest.mark.parametrize(("audience", "page"), [("pegawai", p) for p in EMPLOYEE_PAGES]
                         + [("pimpinan", p) for p in MANAGER_PAGES])
def test_page_loads_offline_with_nothing_from_other_hosts(visit, sites, audience, page):
    opened = visit(sites[audience] / page)
    assert opened.page.locator("article h1").first.inner_text().strip()
    assert opened.blocked == []  # no font, CDN, shim or analytics request left the machine
    assert opened.errors == []


def test_breadcrumbs_show_where_a_page_sits(visit, demo_site):
    report = visit(demo_site / REPORT).page
    assert report.locator("nav.md-path").inner_text().split() == ["Beranda", "Laporan"]
    guide = visit(demo_site / "panduan/penilaian-kinerja.html").page  # Material's navigation.path
    assert "Panduan" in guide.locator("nav.md-path").first.inner_text()
    assert report.title().startswith("Survei Sosialisasi Penilaian Kinerja Pegawai - ")


@pytest.mark.parametrize("word", ["pelatihan", "pelat", "formalitas"])
def test_search_finds_exact_and_prefix_words_from_file(visit, demo_site, word):
    opened = visit(demo_site / "index.html")
    opened.page.fill("input.md-search__input", word)
    # The first search builds the index in a worker: well under a second, but slow on a loaded machine.
    opened.page.wait_for_selector(".md-search-result__item", timeout=30_000)
    assert "dokumen ditemukan" in opened.page.inner_text(".md-search-result__meta")
    assert opened.blocked == [] and opened.errors == []


def test_report_shows_each_chart_with_the_same_numbers_in_a_table(visit, demo_site):
    page = visit(demo_site / REPORT).page
    figures = page.locator("figure.rapor-figure")
    assert figures.count() >= 10  # indicator scores, trend, eight questions
    chart = page.locator("#grafik-paham_indikator-title").locator("xpath=..")
    box = chart.bounding_box()
    assert chart.is_visible() and box["width"] >= 280 and box["height"] >= 80
    assert chart.locator("title").first.text_content() == "Memahami indikator kinerja dalam SKP"
    desc = chart.locator("desc").text_content()
    table = chart.locator("xpath=ancestor::figure/following-sibling::*[1]")
    assert table.locator("table").is_visible()
    shown = percentages(desc)
    assert len(shown) == 10 and all(p in table.inner_text() for p in shown)


def test_withheld_groups_are_marked_on_the_manager_report(visit, manager_site):
    page = visit(manager_site / REPORT).page
    heat = page.locator(".rapor-heatmap table").first
    assert heat.locator("td[class^='rapor-heat-']").count() > 20
    withheld = heat.locator("td.rapor-withheld")
    assert withheld.count() >= 1
    assert "tidak ditampilkan" in withheld.first.inner_text()
    assert "Subbagian Perencanaan dan Evaluasi" in heat.inner_text()


@pytest.mark.parametrize(("audience", "page"), [
    ("pegawai", "index.html"), ("pegawai", REPORT), ("pegawai", "indikator/keadilan-penilaian.html"),
    ("pimpinan", REPORT), ("pimpinan", TRAINING), ("pimpinan", "unit/umum.html"),
])
def test_phone_never_scrolls_sideways(visit, sites, audience, page):
    opened = visit(sites[audience] / page, viewport=PHONE)
    assert opened.scroll_overflow() <= 0


@pytest.mark.parametrize("page", [REPORT, TRAINING])
def test_report_prints_on_a4_without_navigation(visit, manager_site, page):
    opened = visit(manager_site / page, viewport=A4_CONTENT)
    opened.page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", "nav.md-path",
                   ".md-footer"):
        assert not opened.page.locator(chrome).first.is_visible(), chrome
    assert opened.scroll_overflow() <= 0  # no chart or table wider than the printed line
    pdf = opened.page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000


@pytest.mark.parametrize(("audience", "page"), [
    ("pegawai", "index.html"), ("pegawai", REPORT), ("pegawai", "indikator/keadilan-penilaian.html"),
    ("pimpinan", REPORT), ("pimpinan", "unit/umum.html"),
])
def test_no_serious_accessibility_violation(visit, sites, audience, page):
    from axe_playwright_python.sync_playwright import Axe

    opened = visit(sites[audience] / page)
    # preload off: axe would re-fetch the stylesheets, which file:// refuses.
    results = Axe().run(opened.page, options={"resultTypes": ["violations"], "preload": False})
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
               for v in results.response["violations"] if v["impact"] in SERIOUS]
    assert serious == []
    assert opened.blocked == []


class _NotFoundHandler(SimpleHTTPRequestHandler):
    """Serve the site like an intranet server: 404.html for any missing address."""

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


@pytest.fixture
def served(demo_site):
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_NotFoundHandler, directory=str(demo_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{server.server_address[1]}"  # the resolver rules block other names
    server.shutdown()
    server.server_close()
    thread.join()


def test_missing_address_shows_the_indonesian_404_page(visit, served):
    opened = visit(f"{served}/laporan/tidak-ada/index.html", allowed=served)
    page = opened.page
    assert page.locator("article h1").inner_text() == "404 — Halaman tidak ditemukan"
    assert page.title().startswith("Halaman tidak ditemukan")
    assert page.locator(".md-header").is_visible()  # styles and scripts load from a nested URL
    assert opened.blocked == []
    assert [e for e in opened.errors if "status of 404" not in e] == []
    page.get_by_role("link", name="Kembali ke beranda").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/index.html")


HOSTILE = ("</title><script>alert(1)</script><img src=x onerror=alert(2)> [x](javascript:alert(3)) "
           "{{ 7*7 }} {% if 1 %}Z{% endif %} *m* `c` &amp;")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, secret_file) -> Path:
    """The manager site of a project whose unit name is an attack on every layer."""
    project = copy_project(tmp_path_factory.mktemp("jahat") / "proyek")
    units = project / "surveys" / "units.yml"
    units.write_text(units.read_text(encoding="utf-8").replace(
        "name: Subbagian Keuangan", f"name: {json.dumps(HOSTILE)}"), encoding="utf-8")
    report = run.build(project, out=project / "situs", audience="pimpinan")
    return report.sites[0].target


@pytest.mark.parametrize("page", ["unit/keuangan.html", REPORT, "unit/index.html"])
def test_hostile_unit_name_shows_literally_and_runs_nothing(visit, hostile_site, page):
    opened = visit(hostile_site / page)
    body = opened.page
    assert opened.dialogs == [] and opened.errors == [] and opened.blocked == []
    assert body.get_by_text(HOSTILE, exact=True).count() >= 1
    assert body.locator("article script, article img, article a[href^='javascript']").count() == 0
    if page == "unit/keuangan.html":
        assert body.locator("article h1").inner_text() == HOSTILE
        assert body.title().startswith(HOSTILE)

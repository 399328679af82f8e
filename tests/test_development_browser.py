"""The competency-development pages in a real browser: offline, on a phone, accessible.

Uses the browser fixtures of test_browser.py (Debian's Chromium; skipped without it).
"""
# ruff: noqa: F811  (the imported fixtures are named again as test arguments, as pytest wants)

from __future__ import annotations

import pytest

from tests.browser import PHONE
from tests.test_browser import SERIOUS, browser, sites, visit  # noqa: F401  (fixtures)

PAGES = [("pimpinan", "program/pelatihan-kepemimpinan.html"), ("pegawai", "program/pelatihan-kepemimpinan.html"),
         ("pimpinan", "program/kebutuhan-2026.html"), ("pimpinan", "program/jp-2026.html"),
         ("pegawai", "program/index.html"), ("pimpinan", "unit/umum.html")]


def open_details(page) -> None:
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")


@pytest.mark.parametrize(("audience", "page"), PAGES)
def test_loads_offline_and_fits_a_phone_with_every_detail_open(visit, sites, audience, page):
    opened = visit(sites[audience] / page, viewport=PHONE)
    open_details(opened.page)
    assert opened.page.locator("article h1").first.inner_text().strip()
    assert opened.blocked == [] and opened.errors == []
    assert opened.scroll_overflow() <= 0  # wide tables scroll inside their own region


def test_statistics_are_folded_beneath_each_headline(visit, sites):
    page = visit(sites["pimpinan"] / PAGES[0][1]).page
    learning = page.locator("h2", has_text="2. Pembelajaran")
    assert learning.is_visible()
    details = page.locator("details", has_text="Rincian statistik pembelajaran")
    assert details.count() == 1 and not details.locator("text=Uji t berpasangan").first.is_visible()
    details.locator("summary").click()
    assert details.locator("text=Uji t berpasangan").first.is_visible()


@pytest.mark.parametrize(("audience", "page"), PAGES[:4])
def test_no_serious_accessibility_violation(visit, sites, audience, page):
    from axe_playwright_python.sync_playwright import Axe

    opened = visit(sites[audience] / page)
    open_details(opened.page)
    results = Axe().run(opened.page, options={"resultTypes": ["violations"], "preload": False})
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
               for v in results.response["violations"] if v["impact"] in SERIOUS]
    assert serious == []

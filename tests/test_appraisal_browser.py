"""The appraisal pages in a real browser: offline, on a phone without sideways scrolling, accessible.

Uses the browser fixtures of test_browser.py (Debian's Chromium; skipped without it).
"""
# ruff: noqa: F811  (the imported fixtures are named again as test arguments, as pytest wants)

from __future__ import annotations

import pytest

from tests.browser import PHONE
from tests.test_browser import SERIOUS, browser, visit  # noqa: F401  (fixtures)

PAGES = [("pegawai", "index"), ("pegawai", "umpan-balik-360-2025"), ("pimpinan", "predikat"),
         ("sdm", "catatan-distribusi"), ("sdm", "talenta-skp-2025"), ("sdm", "keadilan"),
         ("pegawai", "panduan-predikat"), ("pegawai", "panduan-distribusi"), ("pegawai", "panduan-9-kotak")]


@pytest.fixture(scope="module")
def pages(demo_build):
    return {site.audience.id: site.target / "penilaian" for site in demo_build.sites}


@pytest.mark.parametrize(("audience", "name"), PAGES)
def test_loads_offline_fits_a_phone_and_has_no_serious_violation(visit, pages, audience, name):
    from axe_playwright_python.sync_playwright import Axe

    opened = visit(pages[audience] / f"{name}.html", viewport=PHONE)
    opened.page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    assert opened.page.locator("article h1").first.inner_text().strip()
    assert opened.blocked == [] and opened.errors == []
    assert opened.scroll_overflow() <= 0  # wide tables scroll inside their own region
    results = Axe().run(opened.page, options={"resultTypes": ["violations"], "preload": False})
    serious = [(v["id"], [n["target"] for n in v["nodes"]][:3])
               for v in results.response["violations"] if v["impact"] in SERIOUS]
    assert serious == []

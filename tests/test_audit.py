"""The audit finds a person planted anywhere in a built site, however the file encodes it."""

from __future__ import annotations

import gzip
import io
import json
import shutil

import pandas as pd
import pytest
from openpyxl import Workbook

from pipeline.audit import audit_site
from pipeline.identifiers import IdentifierSet


@pytest.fixture
def seen() -> IdentifierSet:
    ids = IdentifierSet()
    ids.add_column(pd.Series(["Hj. Siti Aminah, S.E.", "Budi Santoso", "198503122010012002", "siti.a@sukamaju.go.id"]))
    return ids


@pytest.fixture
def site(demo_site, tmp_path):
    copy = tmp_path / "situs"
    shutil.copytree(demo_site, copy)
    return copy


def test_clean_demo_site_passes(site, demo_build):
    from pipeline.run import identifiers_seen

    assert audit_site(site, identifiers_seen(demo_build.check)) == []


@pytest.mark.parametrize("planted", [
    "Terima kasih Siti Aminah",
    "terima kasih ibu siti",
    "SITI&nbsp;AMINAH",
    "Budi&#32;Santoso",
    "NIP 19850312.201001.2.002",
    "siti.a@sukamaju.go.id",
])
def test_leak_in_a_page_is_found(site, seen, planted):
    page = site / "laporan" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</article>", f"<p>{planted}</p></article>"),
                    encoding="utf-8")
    findings = audit_site(site, seen)
    assert findings and all(f.path == page for f in findings)


def test_leak_in_the_search_index_is_found(site, seen):
    index = site / "search" / "search_index.json"
    data = json.loads(index.read_text(encoding="utf-8"))
    data["docs"][0]["text"] += " Bapak Budi Santoso"
    index.write_text(json.dumps(data, ensure_ascii=True), encoding="utf-8")
    assert {f.path for f in audit_site(site, seen)} == {index}


def test_table_cells_run_together_in_the_search_index_are_no_phone_number(site, seen):
    """'Unit Kerja 081' then a count '2.570': one line of the index, two cells of the page."""
    page = site / "laporan" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</article>", "<table><tr><td>Unit Kerja 081</td><td>2.570</td><td>1.234</td></tr></table></article>"),
        encoding="utf-8")
    index = site / "search" / "search_index.json"
    data = json.loads(index.read_text(encoding="utf-8"))
    data["docs"][0]["text"] += " Unit Kerja 081 2.570 1.234"
    index.write_text(json.dumps(data, ensure_ascii=True), encoding="utf-8")
    assert audit_site(site, seen) == []


def test_a_phone_number_in_a_page_is_still_found(site, seen):
    page = site / "laporan" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</article>", "<p>hubungi 0812 3456 7890</p></article>"),
                    encoding="utf-8")
    assert {f.path for f in audit_site(site, seen)} == {page}


def test_leak_in_an_xlsx_download_is_found(site, seen):
    book = Workbook()
    book.active.append(["Kelompok", "n"])
    book.active.append(["Siti Aminah", 7])
    buffer = io.BytesIO()
    book.save(buffer)
    target = next(site.glob("laporan/*/*.xlsx"))
    target.write_bytes(buffer.getvalue())
    assert {f.path for f in audit_site(site, seen)} == {target}


def test_leak_in_a_gzipped_sitemap_is_found(site, seen):
    target = site / "sitemap.xml.gz"
    target.write_bytes(gzip.compress(b"<url><loc>198503122010012002</loc></url>"))
    assert {f.path for f in audit_site(site, seen)} == {target}


def test_unknown_nip_and_email_patterns_are_found_too(site):
    page = site / "index.html"
    page.write_text(page.read_text(encoding="utf-8") + "<p>19900101 201501 1 003 a.b@contoh.go.id</p>",
                    encoding="utf-8")
    whats = sorted(f.what for f in audit_site(site, IdentifierSet()))
    assert whats == ["pola NIP (18 digit)", "pola alamat email"]


def test_allowed_values_are_not_findings(site):
    page = site / "index.html"
    page.write_text(page.read_text(encoding="utf-8") + "<p>Hubungi kami: 0812-1111-2222</p>", encoding="utf-8")
    assert [f.what for f in audit_site(site, IdentifierSet())] == ["pola nomor telepon"]
    assert audit_site(site, IdentifierSet(), allow=("0812-1111-2222",)) == []


def test_ledger_recheck_from_published_files(demo_build, tmp_path):
    """Publish one of two withheld units in a download: the other becomes total minus the rest."""
    import csv as csv_module

    from pipeline.audit import recheck_ledger

    sites = []
    for site in demo_build.sites:
        copy = tmp_path / site.target.name
        shutil.copytree(site.target, copy)
        sites.append(copy)
    assert recheck_ledger(sites, 5) == []
    path = sites[1] / "laporan" / "sosialisasi-kinerja-2026-s1" / "sosialisasi-kinerja-2026-s1.csv"
    rows = list(csv_module.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    block = [r for r in rows if r["pertanyaan_id"] == "paham_indikator" and r["dimensi"] == "unit"]
    hidden = [r for r in block if r["n"] == ""]
    assert len(hidden) >= 2
    hidden[-1]["n"] = "9"  # a build that leaked one complement
    buffer = io.StringIO()
    writer = csv_module.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8-sig")
    findings = recheck_ledger(sites, 5)
    assert findings and all("dapat dihitung ulang: sosialisasi-kinerja-2026-s1 / paham_indikator" in f.what
                            for f in findings)

"""Generated pages: light, charts that name themselves beside their tables, Indonesian numbers."""

from __future__ import annotations

import io
import re
import statistics
from html import unescape
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.utils.meta import get_data
from openpyxl import load_workbook

from pipeline.render import TEMPLATES, environments
from pipeline.render.charts import WIDTH, bars, diverging, sides
from pipeline.render.pages import KIND_LABELS, heat_class
from pipeline.render.text import inert

REPORT = "laporan/sosialisasi-kinerja-2026-s1"


def article(path: Path) -> str:
    page = path.read_text(encoding="utf-8")
    return re.search(r"<article.*?</article>", page, re.S).group(0)


def test_report_pages_stay_light(demo_build):
    for site in demo_build.sites:
        sizes = [p.stat().st_size for p in site.target.glob("laporan/*/index.html")]
        assert len(sizes) >= 3
        assert statistics.median(sizes) <= 60_000, (site.audience.id, sizes)
        assert max(sizes) <= 150_000, (site.audience.id, sizes)


CHART = re.compile(r'<figure class="rapor-figure">\s*(<svg[^>]*>)(.*?)</svg>\s*</figure>\s*(<\w+[^>]*>)', re.S)


def test_every_chart_names_itself_and_sits_beside_its_table(demo_build):
    charts = 0
    for site in demo_build.sites:
        for path in site.target.rglob("*.html"):
            page = path.read_text(encoding="utf-8")
            ids = re.findall(r'\bid="([^"]+)"', page)
            assert len(ids) == len(set(ids)), path
            for svg, body, after in CHART.findall(page):
                charts += 1
                assert 'role="img"' in svg
                title, desc = re.search(r'aria-labelledby="([^ "]+) ([^"]+)"', svg).groups()
                assert f'<title id="{title}">' in body and f'<desc id="{desc}">' in body
                assert re.search(r"<desc[^>]*>[^<]*\d", body), "the description carries the numbers"
                assert after.startswith(("<table", '<div class="rapor-')), (path, after)
            assert page.count('class="rapor-chart"') == len(CHART.findall(page)), path
        for svg in site.target.glob("laporan/*/grafik/*.svg"):
            assert re.match(r'<svg xmlns="http://www.w3.org/2000/svg"[^>]*role="img"[^>]*>\s*<title ',
                            svg.read_text(encoding="utf-8"))
    assert charts >= 40


def test_pages_print_numbers_the_indonesian_way(demo_build):
    for site in demo_build.sites:
        for path in site.target.glob("laporan/*/index.html"):
            text = unescape(re.sub(r"<[^>]+>", " ", article(path)))
            assert not re.search(r"\d\.\d+ ?%", text), path  # 87.5% would be English
            assert not re.search(r"\b(?:nan|None|NaN)\b", text), path
    page = article(demo_build.sites[1].target / REPORT / "index.html")
    assert len(re.findall(r"\d{1,3},\d%", page)) > 100
    assert "61,0%" in page and "3,56 (3,40–3,71)" in page


def test_manager_report_has_a_heatmap_with_withheld_cells_marked(manager_site, demo_site):
    page = article(manager_site / REPORT / "index.html")
    heat = re.findall(r'<td class="(rapor-heat-\d|rapor-withheld)"[^>]*>([^<]*)</td>', page)
    assert len([c for c, _ in heat if c.startswith("rapor-heat")]) >= 50
    assert all(text.startswith("tidak ditampilkan") for c, text in heat if c == "rapor-withheld")
    assert "Subbagian Perencanaan dan Evaluasi" in page
    assert "rapor-heatmap" not in article(demo_site / REPORT / "index.html")


def test_reports_index_has_a_section_per_kind_newest_first(demo_site):
    page = article(demo_site / "laporan" / "index.html")
    sections = re.findall(r"<h2[^>]*>([^<]+)</h2>", page)
    assert {"Survei", "Evaluasi pelatihan"} <= set(sections)
    assert sections == [label for label in KIND_LABELS.values() if label in sections]
    survey = page[page.index(">Survei</h2>"):page.index(">Evaluasi pelatihan</h2>")]
    assert survey.index("Semester I 2026") < survey.index("Semester II 2025")


def test_xlsx_has_indonesian_headers_and_typed_numbers(manager_site):
    data = (manager_site / REPORT / "sosialisasi-kinerja-2026-s1.xlsx").read_bytes()
    sheet = load_workbook(io.BytesIO(data)).active
    headers = [c.value for c in sheet[1]]
    assert "Jumlah responden" in headers and "Jawaban bernilai 5" in headers
    assert not [h for h in headers if "_" in h]
    row = {h: c for h, c in zip(headers, sheet[2], strict=True)}
    assert row["Jumlah responden"].data_type == "n" and isinstance(row["Rata-rata"].value, float)


def test_diverging_bars_centre_the_neutral_answer():
    rows = [{"label": "2025", "n_label": "n = 10", "withheld": "", "shares": [0.1, 0.2, 0.2, 0.3, 0.2]},
            {"label": "2026", "n_label": "", "withheld": "tidak ditampilkan", "shares": []}]
    chart = diverging(rows, ["STS", "TS", "N", "S", "SS"])
    assert sides([0.1, 0.2, 0.2, 0.3, 0.2]) == pytest.approx((0.4, 0.6))
    neutral = chart.rows[0].segments[2]
    assert neutral.x + neutral.width / 2 == pytest.approx(chart.centre, abs=0.1)
    assert chart.rows[0].segments[0].x >= 0 and chart.rows[0].segments[-1].x + chart.rows[0].segments[-1].width <= WIDTH
    assert [t.label for t in chart.ticks] == ["50%", "25%", "0%", "25%", "50%", "75%"]
    assert chart.rows[1].segments == () and chart.withheld
    assert [s.shown for s in chart.rows[0].segments] == ["10%", "20%", "20%", "30%", "20%"]


def test_bars_print_the_table_value_and_mark_withheld():
    laid, ticks, _ = bars([{"label": "A", "share": 0.61, "shown": "61,0%", "withheld": ""},
                           {"label": "B", "share": None, "shown": "", "withheld": "tidak ditampilkan"}])
    assert laid[0].shown == "61,0%" and laid[0].width == pytest.approx(WIDTH * 0.61, abs=0.1)
    assert laid[1].withheld and laid[1].width == 0
    assert ticks[0].label == "0%" and ticks[-1].label == "100%"


@pytest.mark.parametrize(("share", "css"), [(0.0, 1), (0.199, 1), (0.2, 2), (0.5, 3), (0.79, 4), (0.8, 5),
                                            (1.0, 5)])
def test_heat_classes_follow_the_legend(share, css):
    assert heat_class(share) == f"rapor-heat-{css}"


HOSTILE = '</title><script>alert(1)</script> "kutip" \\ {{ 7*7 }} {% raw %} #: - [x](javascript:y)'


def test_page_title_is_set_as_inert_front_matter():
    """Material decodes a heading-derived title into <title>; ours is inert YAML instead."""
    markdown, _ = environments(TEMPLATES)
    page = markdown.get_template("pages/unit.md.j2").render(
        unit=SimpleNamespace(name=HOSTILE), surveys=[], site={})
    body, meta = get_data(page)
    assert meta == {"title": inert(HOSTILE)}
    assert "<" not in meta["title"] and unescape(meta["title"]) == HOSTILE
    assert body.lstrip().startswith("<nav")

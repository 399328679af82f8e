"""Rendering helpers: inert user text, Indonesian numbers, formula-safe downloads."""

from __future__ import annotations

import io
import math
from datetime import date

import markdown
import pandas as pd
import pytest
from jinja2 import Environment, StrictUndefined
from markupsafe import Markup
from openpyxl import load_workbook

from pipeline.render.charts import spread
from pipeline.render.downloads import to_csv, to_xlsx
from pipeline.render.text import band_order, finalize, inert, long_date, number, percent

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>|*x*",
    "[klik](javascript:alert(1))",
    "{{ config }} {% include 'x' %}",
    "**tebal** _miring_ `kode` # judul",
    "1. bukan daftar",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_user_text_renders_literally(text):
    html = markdown.markdown(f"Komentar: {inert(text)}", extensions=["tables", "attr_list", "md_in_html"])
    assert "<script" not in html and "<img" not in html and "<a " not in html
    assert "<strong>" not in html and "<em>" not in html and "<code>" not in html
    import html as html_lib
    assert html_lib.unescape(html) == f"<p>Komentar: {text}</p>"


@pytest.mark.parametrize("text", HOSTILE)
def test_user_text_in_a_table_cell_stays_in_its_cell(text):
    source = f"| a | b |\n|---|---|\n| {inert(text)} | 2 |\n"
    html = markdown.markdown(source, extensions=["tables"])
    assert html.count("<td>") == 2


def test_templates_escape_everything_not_marked_trusted():
    env = Environment(undefined=StrictUndefined, finalize=finalize)
    template = env.from_string("{{ user }} {{ link }}")
    out = template.render(user="<b>x</b>", link=Markup("laporan/a.md"))
    assert out == "&#60;b&#62;x&#60;/b&#62; laporan/a.md"
    with pytest.raises(ValueError):
        env.from_string("{{ nothing }}").render(nothing=None)


def test_numbers_the_indonesian_way():
    assert number(1234.5) == "1.234,5"
    assert number(1234567) == "1.234.567"
    assert number(3.14159, 2) == "3,14"
    assert number(float("nan")) == "–"
    assert percent(0.875) == "87,5%"
    assert percent(1.0, 0) == "100%"
    assert long_date(date(2026, 11, 28)) == "28 November 2026"
    assert long_date(date(2026, 8, 17)) == "17 Agustus 2026"


def test_csv_is_bom_utf8_comma_dot_and_formula_safe():
    frame = pd.DataFrame({"kelompok": ["=HYPERLINK(\"x\")", "+1", "-2", "@a", "Bagian Umum"],
                          "n": [5, 6, 7, 8, 9], "rata_rata": [3.25, math.nan, 1.5, 2.0, 4.75]})
    data = to_csv(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[1] == "\"'=HYPERLINK(\"\"x\"\")\",5,3.25"
    assert text.splitlines()[2] == "'+1,6,"
    assert text.splitlines()[3] == "'-2,7,1.5"
    assert text.splitlines()[4] == "'@a,8,2"


def test_xlsx_keeps_numbers_typed_and_is_deterministic():
    frame = pd.DataFrame({"kelompok": ["=1+1", "Umum"], "n": [5, 12], "rata_rata": [3.25, 4.0]})
    data = to_xlsx(frame, {"kelompok": "Kelompok", "n": "Jumlah responden"})
    assert data == to_xlsx(frame, {"kelompok": "Kelompok", "n": "Jumlah responden"})
    sheet = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[1]] == ["Kelompok", "Jumlah responden", "rata_rata"]
    assert sheet["A2"].value == "'=1+1" and sheet["A2"].data_type == "s"
    assert sheet["B3"].value == 12 and isinstance(sheet["C2"].value, float)


def test_trend_labels_are_spread_apart():
    assert spread([100.0, 101.0, 150.0, 102.0]) == [100.0, 115.0, 150.0, 130.0]


@pytest.mark.parametrize("text", ["- bukan butir", "+ juga", "> bukan kutipan", "= judul", "12) nomor"])
def test_line_start_markers_are_inert(text):
    html = markdown.markdown(inert(text))
    import html as html_lib
    assert html.startswith("<p>") and html_lib.unescape(html) == f"<p>{text}</p>"


@pytest.mark.parametrize(("labels", "expected"), [
    (["30–39 tahun", "50 tahun ke atas", "Di bawah 30 tahun"],
     ["Di bawah 30 tahun", "30–39 tahun", "50 tahun ke atas"]),
    (["lebih dari 10 tahun", "< 5 tahun", "5-10 tahun"], ["< 5 tahun", "5-10 tahun", "lebih dari 10 tahun"]),
    (["Perempuan", "Laki-laki"], ["Perempuan", "Laki-laki"]),  # not bands: as they came
    (["30–39 tahun", "Tidak menjawab"], ["30–39 tahun", "Tidak menjawab"]),
])
def test_bands_read_in_numeric_order(labels, expected):
    assert [labels[i] for i in band_order(labels)] == expected

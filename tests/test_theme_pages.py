"""Theme counts and quotes on the site: thresholds, the ledger, HR review, inert text, the demo pages."""

from __future__ import annotations

import csv
import html as html_lib
import io
from pathlib import Path

import markdown
import pandas as pd
import pytest
import yaml

from pipeline import run
from pipeline.analyse import analyse
from pipeline.anonymise import anonymise
from pipeline.cli import main
from pipeline.definitions import Audience
from pipeline.disclose import TABLE_KEYS, disclose_all
from pipeline.disclose_themes import disclose_themes
from pipeline.ledger import cells_frame, unprotected
from pipeline.quotes import quote_id
from pipeline.render import environments, template_dir
from pipeline.render.pages import SiteContext
from pipeline.render.themes import report_section, unit_section
from tests.minimal import HEADER, SURVEY, make_project

HOSTILE = "Pemateri <script>alert(1)</script> [klik](javascript:alert(1)) {{ config }} kurang jelas"
# unit -> comments; 14 + 12 + 4 respondents. Hand-counted below.
COMMENTS = {
    "Bag. Umum": ["Pemateri kurang menguasai materi."] * 11 + ["Ruangan terlalu panas."] * 2 + [HOSTILE],
    "Keuangan": ["Pemateri menjelaskan dengan sangat jelas."] * 3 + ["Materinya sangat bermanfaat untuk pekerjaan."] * 4
    + ["Tidak ada"] * 5,
    "Tata Usaha": ["Pemateri jelas dan sabar."] * 2 + [""] * 2,
}
CODEBOOK = """\
protect: [pemateri]
polarity:
  positive: [jelas, sabar, bermanfaat, menguasai]
  negative: [kurang, panas]
themes:
  - {id: pemateri, label: Pemateri, description: Cara pemateri mengajar., keywords: [pemateri],
     phrases: [menguasai materi]}
  - {id: materi, label: Materi, description: Isi pelatihan., keywords: [materi]}
  - {id: ruang, label: Ruang kelas, description: Ruang dan sarana., keywords: [ruangan]}
"""


def export() -> str:
    rows, i = [HEADER.replace(",Pemateri menguasai", "")], 0
    for unit, comments in COMMENTS.items():
        for comment in comments:
            i += 1
            text = '"' + comment.replace('"', '""') + '"' if comment else ""
            rows.append(f"01/03/2026 08:{i:02d}:00,Peserta Nomor {i},{198500000000000000 + i},{unit},Setuju,{text}")
    return "\n".join(rows) + "\n"


@pytest.fixture
def themed(tmp_path) -> Path:
    survey = SURVEY.replace("kind: survey", "kind: training").replace(
        "  - {id: q2, column: Pemateri menguasai, type: likert, scale: setuju5}\n", "")
    root = make_project(tmp_path, export(), survey=survey)
    (root / "surveys" / "codebook.yml").write_text(CODEBOOK, encoding="utf-8")
    return root


def review(root: Path, decisions: dict[tuple[str, str], str]) -> None:
    entries = [{"id": quote_id(theme, text), "tema": theme, "teks": text, "status": status}
               for (theme, text), status in decisions.items()]
    (root / "surveys" / "uji" / "kutipan.yml").write_text(yaml.safe_dump({"kutipan": entries}), encoding="utf-8")


def disclosed_for(root: Path):
    report = run.check(root)
    project = report.project
    anonymous = [anonymise(r, report.roster, 3) for r in report.responses]
    return project, disclose_themes(project, anonymous, disclose_all([analyse(a, project) for a in anonymous], 3))


def cell(table: pd.DataFrame, column: str, value: str, dimension: str = "_semua", group: str = "_semua"):
    return table[(table[column] == value) & (table["dimension"] == dimension) & (table["group"] == group)].iloc[0]


def test_theme_counts_are_people_and_withheld_below_the_text_threshold(themed):
    _, [d] = disclosed_for(themed)
    th = d.themes
    assert cell(th.comments, "key", "komentar")["n"] == 23  # 14 + 7 (five "Tidak ada") + 2
    pemateri = cell(th.counts, "theme", "pemateri")
    # The hostile comment's clause with "pemateri" ends at "(": neutral.
    assert (pemateri["n"], pemateri["n_neg"], pemateri["n_pos"], pemateri["n_neu"]) == (17, 11, 5, 1)
    for theme in ("materi", "ruang"):  # 4 and 2 people: below min_group_size_text (10)
        row = cell(th.counts, "theme", theme)
        assert row["withheld"] and row["reason"] == "kecil" and pd.isna(row["n"]) and pd.isna(row["n_neg"])
    units = th.counts[(th.counts["theme"] == "pemateri") & (th.counts["dimension"] == "unit")]
    # 12 in Bagian Umum would show, but 3 + 2 withheld could then be recomputed from the total: all withheld.
    assert units["withheld"].all() and units["n"].isna().all()
    commenters = th.comments[(th.comments["key"] == "komentar") & (th.comments["dimension"] == "unit")]
    assert dict(zip(commenters["group"], commenters["reason"], strict=True)) == {
        "umum": "pelengkap", "keuangan": "kecil", "tu": "kecil"}


def test_every_withheld_theme_cell_is_protected_by_the_ledger(themed):
    project, [d] = disclosed_for(themed)
    k = project.settings.min_group_size
    rows = []
    for name, key in TABLE_KEYS.items():
        t = getattr(d, name)
        rows += [{"survey": "uji", "table": name, "key": t[key].iloc[i] if key else "",
                  "dimension": t["dimension"].iloc[i], "group": t["group"].iloc[i], "n": t["n"].iloc[i],
                  "withheld": t["withheld"].iloc[i]} for i in range(len(t))]
    for name, t, key in (("komentar", d.themes.comments, "key"), ("tema", d.themes.counts, "theme")):
        rows += [{"survey": "uji", "table": name, "key": t[key].iloc[i], "dimension": t["dimension"].iloc[i],
                  "group": t["group"].iloc[i], "n": t["n"].iloc[i], "withheld": t["withheld"].iloc[i]}
                 for i in range(len(t))]
    frame = cells_frame(rows)
    assert frame["withheld"].sum() >= 8 and unprotected(frame, k) == []
    assert (frame.loc[~frame["withheld"], "n"] >= 3).all()


def test_quotes_need_approval_and_a_published_theme_and_come_in_text_order(themed):
    review(themed, {("pemateri", "Pemateri kurang menguasai materi."): "tampilkan",
                    ("pemateri", "Pemateri menjelaskan dengan sangat jelas."): "tinjau",
                    ("pemateri", "Pemateri jelas dan sabar."): "sembunyikan",
                    ("pemateri", HOSTILE): "tampilkan",
                    ("materi", "Materinya sangat bermanfaat untuk pekerjaan."): "tampilkan"})  # theme withheld
    _, [d] = disclosed_for(themed)
    assert [(q.theme, q.text) for q in d.themes.quotes] == [("pemateri", HOSTILE),
                                                           ("pemateri", "Pemateri kurang menguasai materi.")]


def test_no_review_file_no_quotes(themed):
    _, [d] = disclosed_for(themed)
    assert d.themes.quotes == ()


def test_rapor_quotes_writes_candidates_to_review_and_keeps_decisions(themed, capsys):
    assert main(["--project", str(themed), "quotes"]) == 0
    path = themed / "surveys" / "uji" / "kutipan.yml"
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["kutipan"]
    texts = {(e["tema"], e["teks"]) for e in entries}
    assert ("pemateri", "Pemateri kurang menguasai materi.") in texts and ("pemateri", HOSTILE) in texts
    assert ("ruang", "Ruangan terlalu panas.") not in texts  # three words: too short to quote
    assert {e["status"] for e in entries} == {"tinjau"}
    assert capsys.readouterr().out.splitlines()[0] == f"surveys/uji/kutipan.yml: {len(entries)} kutipan, " \
                                                     f"{len(entries)} baru, {len(entries)} menunggu tinjauan"
    entries[0]["status"] = "tampilkan"
    path.write_text(yaml.safe_dump({"kutipan": entries}, allow_unicode=True), encoding="utf-8")
    assert main(["--project", str(themed), "quotes"]) == 0
    again = yaml.safe_load(path.read_text(encoding="utf-8"))["kutipan"]
    assert again == entries
    assert f"{len(entries)} kutipan, 0 baru, {len(entries) - 1} menunggu tinjauan" in capsys.readouterr().out


def test_check_lists_uncoded_comments_for_hr(themed, capsys):
    (themed / "surveys" / "codebook.yml").write_text(CODEBOOK.replace("keywords: [ruangan]", "keywords: [ac]"),
                                                     encoding="utf-8")
    assert main(["--project", str(themed), "check"]) == 0
    assert ("Tema komentar (tidak diterbitkan) uji: komentar dari 23 orang, 21 berkode tema; 2 komentar belum "
            "berkode; kata tersering: ruangan (2), terlalu panas (2)") in capsys.readouterr().out


def test_a_hostile_quote_is_shown_literally(themed):
    review(themed, {("pemateri", HOSTILE): "tampilkan"})
    project, disclosed = disclosed_for(themed)
    ctx = SiteContext(project, disclosed, Audience(id="x", title="X", unit_breakdowns=True),
                      *environments(template_dir(project)))
    source = ctx.render("pages/themes.md.j2", themes=report_section(ctx, disclosed[0]))
    page = markdown.markdown(source, extensions=["tables", "attr_list", "md_in_html"])
    assert "<script" not in page and "{{ config }}" not in source
    assert page.count("<a ") == 1 and 'href="tema/tema-uji.csv"' in page  # only the download link is a link
    assert f"“{HOSTILE}”" in html_lib.unescape(page)


def test_unit_summary_says_when_a_unit_has_too_few_commenters(themed):
    _, [d] = disclosed_for(themed)
    assert unit_section(d, "keuangan") == {"withheld": "tidak ditampilkan (kurang dari 10 orang)", "themes": []}
    assert unit_section(d, "umum")["withheld"] == "tidak ditampilkan (melindungi kelompok kecil lain)"


# --- the demo ------------------------------------------------------------------------

INTERVIEWS = "laporan/wawancara-penilaian-2026/index.html"
TRAINING = "laporan/pelatihan-kepemimpinan-2026/index.html"


def text_of(site: Path, page: str) -> str:
    return html_lib.unescape((site / page).read_text(encoding="utf-8"))


def test_demo_interview_report_shows_themes_and_reviewed_quotes(demo_build):
    for site in demo_build.sites:
        page = text_of(site.target, INTERVIEWS)
        assert "Tema komentar" in page and "Komentar dari <strong>12 orang</strong>" in page
        assert "Indikator, target dan SKP" in page and "Kutipan terpilih" in page
        assert "“Atasan memberikan umpan balik setiap bulan dan itu sangat membantu.”" in page
        assert "Unggah bukti dukung di aplikasi masih lambat" not in page  # sembunyikan in kutipan.demo.yml
        assert "Batas waktu pengisian sebaiknya diumumkan" not in page  # still tinjau


def test_demo_training_report_shows_what_participants_said_most(demo_site, manager_site):
    page = text_of(demo_site, TRAINING)
    assert "Metode pembelajaran" in page and "Sarana dan penyelenggaraan" in page
    assert "Tema yang tidak ditampilkan (disebut kurang dari 10 orang" in page
    assert "“Kunjungan lapangan sangat menginspirasi, semoga bisa dilanjutkan di angkatan berikutnya.”" in page
    assert "Toilet dan musala" not in page  # a quote still waiting for review
    assert "Tema per unit kerja" not in page and "Tema per unit kerja" in text_of(manager_site, TRAINING)


def test_withheld_theme_counts_cannot_be_recomputed_from_the_downloads(demo_build):
    """Subtract every published group from the total in each theme download: nothing small remains."""
    checked = 0
    for site in demo_build.sites:
        for path in site.target.glob("laporan/*/tema/*.csv"):
            rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
            for code in {r["kode"] for r in rows}:
                mine = [r for r in rows if r["kode"] == code]
                total = next(r for r in mine if r["dimensi"] == "organisasi")
                assert total["jumlah_orang"] == "" or int(total["jumlah_orang"]) >= 10
                for dimension in {r["dimensi"] for r in mine} - {"organisasi"}:
                    groups = [r for r in mine if r["dimensi"] == dimension]
                    published = [int(r["jumlah_orang"]) for r in groups if r["jumlah_orang"] != ""]
                    assert all(n >= 10 for n in published)
                    if total["jumlah_orang"]:
                        hidden = int(total["jumlah_orang"]) - sum(published)
                        withheld = len(groups) - len(published)
                        assert hidden == 0 or (withheld >= 2 and hidden >= 5), (path, code, dimension)
                        checked += 1
    assert checked > 20


def test_demo_quotes_never_show_a_redaction_mark(demo_build):
    for site in demo_build.sites:
        for page in (site.target / "laporan").glob("*/index.html"):
            quotes = text_of(site.target, str(page.relative_to(site.target))).split("Kutipan terpilih")[1:]
            assert not any("[disamarkan]" in q.split("Unduhan")[0] for q in quotes), page

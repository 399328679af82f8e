"""Interview notes as a source: front matter like identifier and group columns, one heading per question."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.anonymise import anonymise
from pipeline.definitions import load_project
from pipeline.ingest import read_survey
from pipeline.validate import validate
from tests.minimal import SCALES, UNITS

SURVEY = """\
id: wawancara
title: Wawancara Uji
kind: interviews
period: 2026-07
identifiers: [narasumber, nip]
link_key: nip
groups:
  - {id: unit, column: unit}
  - {id: peran, column: peran}
questions:
  - {id: umpan_balik, column: Umpan balik dari atasan, type: text}
  - {id: saran, column: Saran perbaikan, type: text}
"""

NOTE = """\
---
survei: wawancara
tanggal: 2026-07-14
unit: Bag. Umum
peran: Pelaksana
narasumber: Budi Santoso, S.E.
nip: '198503122010011002'
---

## Umpan balik dari atasan

Narasumber mengatakan Pak Budi (dirinya) jarang diajak dialog kinerja.
- Atasan sibuk.
- Umpan balik hanya di akhir tahun.

## Saran perbaikan

Dialog kinerja setiap triwulan.
"""


def make_interviews(root: Path, notes: dict[str, str | bytes]) -> Path:
    surveys = root / "surveys"
    (surveys / "wawancara" / "responses").mkdir(parents=True)
    (surveys / "settings.yml").write_text("min_group_size: 3\n", encoding="utf-8")
    (surveys / "units.yml").write_text(UNITS, encoding="utf-8")
    (surveys / "scales.yml").write_text(SCALES, encoding="utf-8")
    (surveys / "wawancara" / "survey.yml").write_text(SURVEY, encoding="utf-8")
    for name, text in notes.items():
        path = surveys / "wawancara" / "responses" / name
        path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return root


def read(root: Path):
    project = load_project(root)
    return project, validate(read_survey(project, project.surveys[0]))


def test_a_markdown_note_is_one_respondent_with_identifiers_dropped(tmp_path):
    project, valid = read(make_interviews(tmp_path, {"catatan-1.md": NOTE}))
    assert [(p.code, p.column) for p in valid.problems] == []
    row = valid.table.iloc[0]
    assert len(valid.table) == 1 and row["unit"] == "umum" and row["peran"] == "Pelaksana"
    assert "narasumber" not in valid.table and "nip" not in valid.table
    assert row["umpan_balik"] == ("Narasumber mengatakan Pak Budi (dirinya) jarang diajak dialog kinerja.\n"
                                  "Atasan sibuk.\nUmpan balik hanya di akhir tahun.")
    assert str(row["_submitted"].date()) == "2026-07-14" and row["_pseudonym"] != "198503122010011002"
    assert "budi santoso" in valid.identifiers.names and "198503122010011002" in valid.identifiers.numbers
    redacted = anonymise(valid, None, 3).table.iloc[0]["umpan_balik"]
    assert "Budi" not in redacted and "[disamarkan]" in redacted


def test_a_word_note_reads_like_the_markdown_one(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in ["survei: wawancara", "tanggal: 2026-07-14", "unit: Bag. Umum", "peran: Pelaksana",
                 "narasumber: Budi Santoso, S.E.", "nip: '198503122010011002'"]:
        document.add_paragraph(line)
    document.add_heading("Umpan balik dari atasan", level=2)
    document.add_paragraph("Narasumber mengatakan Pak Budi (dirinya) jarang diajak dialog kinerja.")
    document.add_paragraph("Atasan sibuk.", style="List Bullet")
    document.add_paragraph("Umpan balik hanya di akhir tahun.", style="List Bullet")
    document.add_heading("Saran perbaikan", level=2)
    document.add_paragraph("Dialog kinerja setiap triwulan.")
    notes = tmp_path / "word.docx"
    document.save(str(notes))
    _, from_word = read(make_interviews(tmp_path / "a", {"catatan-1.docx": notes.read_bytes()}))
    _, from_markdown = read(make_interviews(tmp_path / "b", {"catatan-1.md": NOTE}))
    columns = ["unit", "peran", "umpan_balik", "saran", "_pseudonym"]
    assert from_word.table[columns].equals(from_markdown.table[columns])


def test_broken_notes_are_problems_with_positions(tmp_path):
    notes = {
        "a-tanpa-front-matter.md": "## Saran perbaikan\n\nTidak ada.\n",
        "b-yaml-rusak.md": "---\nunit: [Bag. Umum\n---\n## Saran perbaikan\nx\n",
        "c-tanpa-unit.md": NOTE.replace("unit: Bag. Umum\n", "").replace("survei: wawancara", "survei: lain"),
        "d-kosong.md": "---\nunit: Umum\n---\n",
        "e-bukan-word.docx": b"bukan berkas Word",
    }
    _, valid = read(make_interviews(tmp_path, notes))
    found = sorted((p.path.name, p.row, p.column, p.severity, p.code) for p in valid.problems)
    assert found == [
        ("a-tanpa-front-matter.md", 1, "", "error", "front-matter-tidak-ada"),
        ("b-yaml-rusak.md", 2, "", "error", "front-matter-tidak-valid"),
        ("c-tanpa-unit.md", 1, "survei", "warning", "survei-berbeda"),
        ("c-tanpa-unit.md", 1, "unit", "warning", "kunci-tidak-ada"),
        ("d-kosong.md", 1, "", "error", "catatan-kosong"),
        ("e-bukan-word.docx", 0, "", "error", "berkas-tidak-terbaca"),
    ]
    assert len(valid.table) == 1 and valid.table.iloc[0]["unit"] == "Tidak diketahui"


def test_the_same_person_interviewed_twice_keeps_the_later_note(tmp_path):
    later = NOTE.replace("2026-07-14", "2026-07-20").replace("Dialog kinerja setiap triwulan.", "Klinik SKP.")
    _, valid = read(make_interviews(tmp_path, {"catatan-1.md": NOTE, "catatan-2.md": later}))
    assert list(valid.table["saran"]) == ["Klinik SKP."]
    assert [p.code for p in valid.problems] == ["jawaban-ganda"]

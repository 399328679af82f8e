"""Time reading a large XLSX export: 100,000 responses x 25 columns (Google Forms layout).

Not run by the test suite. Usage:
    python bench/read_xlsx.py [ROWS]
Writes the export once to the system's temporary folder (never into the repository), then
times decoding (read_table) and the whole reader (read_survey: decoding, label mapping, multi-select splitting).
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from openpyxl import Workbook

from pipeline.definitions import load_project
from pipeline.ingest import read_survey
from pipeline.ingest.tabular import read_table

LIKERT = ["Sangat Tidak Setuju", "Tidak Setuju", "Netral", "Setuju", "Sangat Setuju"]
UNITS = ["Bagian Umum", "Bag. Umum", "Subbagian Keuangan", "Keuangan", "Tata Usaha"]
TOPICS = ["Perencanaan kinerja", "Umpan balik, coaching, dan mentoring", "Penyusunan SKP"]
QUESTIONS = [f"Pernyataan {i}" for i in range(1, 17)]
HEADER = ["Stempel waktu", "Alamat email", "Nama Lengkap", "NIP", "Unit Kerja", *QUESTIONS,
          "Topik yang paling bermanfaat", "Skor", "Lama bekerja", "Saran"]
SURVEY = "\n".join([
    "id: besar", "title: Survei besar", "kind: survey", "period: 2026-S1", "format: google-forms",
    "identifiers: [Nama Lengkap, NIP]", "link_key: NIP", "groups:", "  - {id: unit, column: Unit Kerja}",
    "questions:",
    *[f"  - {{id: p{i}, column: {q}, type: likert, scale: setuju5}}" for i, q in enumerate(QUESTIONS, 1)],
    "  - id: topik",
    "    column: Topik yang paling bermanfaat",
    "    type: multi",
    '    options: [Perencanaan kinerja, "Umpan balik, coaching, dan mentoring", Penyusunan SKP]',
    "  - {id: skor, column: Skor, type: number}",
    "  - {id: lama, column: Lama bekerja, type: number}",
    "  - {id: saran, column: Saran, type: text}", ""])


def write_export(path: Path, rows: int) -> None:
    rng = random.Random(1)
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    start = datetime(2026, 3, 1, 8)
    for i in range(rows):
        topics = ", ".join(t for t in TOPICS if rng.random() < 0.5)
        sheet.append([start + timedelta(seconds=17 * i), f"pegawai{i}@contoh.go.id", f"Pegawai {i}",
                      f"1985{i % 12 + 1:02d}1220100{i % 2 + 1}{i % 1000:04d}"[:18], rng.choice(UNITS),
                      *[rng.choice(LIKERT) for _ in QUESTIONS], topics, f"{rng.randint(0, 10)} / 10",
                      f"{rng.randint(1, 30)},5", rng.choice(["", "", "Perlu contoh", "Materi bagus"])])
    book.save(path)


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    out = Path(tempfile.gettempdir()) / "rapor-bench"
    out.mkdir(exist_ok=True)
    export = out / f"besar-{rows}.xlsx"
    if not export.exists():
        print(f"menulis {export} …", flush=True)
        write_export(export, rows)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("RAPOR_SECRET_FILE", str(Path(tmp) / "secret"))
        root = Path(tmp)
        survey_dir = root / "surveys" / "besar" / "responses"
        survey_dir.mkdir(parents=True)
        for name in ("units.yml", "scales.yml"):
            (root / "surveys" / name).write_text(
                (Path(__file__).resolve().parent.parent / "surveys" / name).read_text(encoding="utf-8"),
                encoding="utf-8")
        (root / "surveys" / "besar" / "survey.yml").write_text(SURVEY, encoding="utf-8")
        (survey_dir / export.name).symlink_to(export)
        began, cpu = time.perf_counter(), time.process_time()
        raw = read_table(export)
        decoded = (time.perf_counter() - began, time.process_time() - cpu)
        project = load_project(root)
        began, cpu = time.perf_counter(), time.process_time()
        ingested = read_survey(project, project.surveys[0])
        total = (time.perf_counter() - began, time.process_time() - cpu)
    # CPU time as well as wall time: on a shared machine the wall clock also counts other work.
    print(f"{rows} baris x {len(HEADER)} kolom ({len(ingested.table)} baris kanonik, "
          f"{len(ingested.problems)} masalah)\n"
          f"  read_table:  {decoded[0]:.2f} s ({decoded[1]:.2f} s CPU)\n"
          f"  read_survey: {total[0]:.2f} s ({total[1]:.2f} s CPU)")
    del raw


if __name__ == "__main__":
    main()

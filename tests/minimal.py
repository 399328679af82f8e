"""A tiny project built in a temporary folder, for tests that need one export and nothing else."""

from __future__ import annotations

from pathlib import Path

UNITS = """\
units:
  - id: umum
    name: Bagian Umum
    aliases: [Bag. Umum, UMUM]
  - id: keuangan
    name: Subbagian Keuangan
    aliases: [Keuangan]
  - id: tu
    name: Tata Usaha
"""

SCALES = """\
scales:
  setuju5:
    label: Tingkat persetujuan
    points:
      - {value: 1, label: Sangat Tidak Setuju, label_en: Strongly disagree, aliases: [STS]}
      - {value: 2, label: Tidak Setuju, label_en: Disagree, aliases: [TS]}
      - {value: 3, label: Netral, label_en: Neutral, aliases: [N, Ragu-ragu]}
      - {value: 4, label: Setuju, label_en: Agree, aliases: [S]}
      - {value: 5, label: Sangat Setuju, label_en: Strongly agree, aliases: [SS]}
"""

SURVEY = """\
id: uji
title: Survei Uji
kind: survey
period: 2026-S1
identifiers: [Nama Lengkap, NIP]
link_key: NIP
groups:
  - {id: unit, column: Unit Kerja}
questions:
  - {id: q1, column: Materi jelas, type: likert, scale: setuju5}
  - {id: q2, column: Pemateri menguasai, type: likert, scale: setuju5}
  - {id: saran, column: Saran, type: text}
"""

HEADER = "Stempel waktu,Nama Lengkap,NIP,Unit Kerja,Materi jelas,Pemateri menguasai,Saran"


def make_project(root: Path, export: str | bytes, name: str = "jawaban.csv", survey: str = SURVEY,
                 settings: str = "min_group_size: 3\n") -> Path:
    surveys = root / "surveys"
    (surveys / "uji" / "responses").mkdir(parents=True)
    (surveys / "settings.yml").write_text(settings, encoding="utf-8")
    (surveys / "units.yml").write_text(UNITS, encoding="utf-8")
    (surveys / "scales.yml").write_text(SCALES, encoding="utf-8")
    (surveys / "uji" / "survey.yml").write_text(survey, encoding="utf-8")
    data = export.encode("utf-8") if isinstance(export, str) else export
    (surveys / "uji" / "responses" / name).write_bytes(data)
    return root

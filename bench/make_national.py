"""Synthetic national-scale appraisal-socialisation round for benchmarks (issue 9). Not run by the tests.

    python bench/make_national.py N [--out DIR] [--xlsx]

Writes a complete rapor project into DIR (default: <temp>/rapor-nasional-N, never into the
repository): surveys/units.yml with ~600 units of skewed sizes, surveys/scales.yml, one survey
definition, and its export as a Google-Forms-like CSV (and XLSX with --xlsx) of N respondents
x 20 Likert items with Stempel waktu, Alamat email, Nama Lengkap, NIP, Unit Kerja, and a comment
on 10% of rows, some of which name a colleague or quote a NIP, for redaction to remove.
Everything is drawn with numpy from a fixed seed, column by column (no loop per respondent),
so the same N gives the same files.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20261128
ITEMS = 20
UNITS = 600
LABELS = np.array(["Sangat Tidak Setuju", "Tidak Setuju", "Netral", "Setuju", "Sangat Setuju"])
FIRST = np.array(["Budi", "Siti", "Agus", "Dewi", "Rudi", "Aminah", "Yusuf", "Rina", "Andi", "Sri", "Hendra",
                  "Wulan", "Fajar", "Indah", "Eko", "Nur", "Bambang", "Ratna", "Joko", "Lestiani"])
LAST = np.array(["Santoso", "Lestari", "Siregar", "Nasution", "Wijaya", "Saputra", "Hidayat", "Rahayu",
                 "Pratama", "Kurniawan", "Harahap", "Setiawan", "Permana", "Utami", "Gunawan", "Sihombing"])
COMMENTS = np.array([
    "Sosialisasi indikator kinerja perlu diulang setiap semester.",
    "Atasan jarang memberikan umpan balik, penilaian terasa formalitas.",
    "Contoh SKP untuk jabatan pelaksana sangat membantu.",
    "Mohon aplikasi e-kinerja tidak sering gangguan.",
    "Indikator sudah jelas tetapi target terlalu tinggi.",
])


def unit_sizes(rng: np.random.Generator) -> np.ndarray:
    """Skewed unit sizes: a few large offices, a long tail of small ones (some below the threshold)."""
    weights = rng.pareto(1.2, UNITS) + 0.05
    return weights / weights.sum()


def people(rng: np.random.Generator, n: int) -> pd.DataFrame:
    first = FIRST[rng.integers(0, len(FIRST), n)]
    last = LAST[rng.integers(0, len(LAST), n)]
    birth = pd.to_datetime("1965-01-01") + pd.to_timedelta(rng.integers(0, 13000, n), unit="D")
    tmt = rng.integers(1990, 2025, n)
    gender = rng.integers(1, 3, n)
    serial = np.arange(n) % 1000
    nip = (birth.strftime("%Y%m%d").to_numpy().astype(object) + tmt.astype(str).astype(object)
           + pd.Series(rng.integers(1, 13, n)).map("{:02d}".format).to_numpy().astype(object)
           + gender.astype(str).astype(object) + pd.Series(serial).map("{:03d}".format).to_numpy().astype(object))
    email = (pd.Series(first).str.lower() + "." + pd.Series(last).str.lower() + pd.Series(np.arange(n)).astype(str)
             + "@instansi.go.id")
    return pd.DataFrame({"name": pd.Series(first) + " " + pd.Series(last), "first": first, "nip": nip,
                         "email": email})


def comments(rng: np.random.Generator, staff: pd.DataFrame) -> np.ndarray:
    """A comment on 10% of rows; a fifth of those thank a colleague by name or quote a NIP."""
    n = len(staff)
    text = np.full(n, "", dtype=object)
    has = rng.random(n) < 0.10
    text[has] = COMMENTS[rng.integers(0, len(COMMENTS), has.sum())]
    other = rng.integers(0, n, n)
    names = rng.random(n) < 0.02
    text[names] = "Terima kasih Pak " + staff["first"].to_numpy()[other[names]] + " atas bimbingannya."
    nips = (rng.random(n) < 0.005) & ~names
    text[nips] = "NIP saya " + staff["nip"].to_numpy()[nips] + " belum tercatat."
    return text


def export(n: int) -> tuple[pd.DataFrame, list[str]]:
    rng = np.random.default_rng(SEED)
    staff = people(rng, n)
    unit = rng.choice(UNITS, size=n, p=unit_sizes(rng))
    stamp = pd.to_datetime("2026-02-09 07:00") + pd.to_timedelta(rng.integers(0, 19 * 86400, n), unit="s")
    frame = pd.DataFrame({
        "Stempel waktu": stamp.strftime("%d/%m/%Y %H:%M:%S"),
        "Alamat email": staff["email"],
        "Nama Lengkap": staff["name"],
        "NIP": staff["nip"],
        "Unit Kerja": pd.Series(unit).map("Unit Kerja {:03d}".format),
    })
    latent = rng.normal(0.3, 1.0, n)
    for i in range(ITEMS):
        score = np.clip(np.rint(3 + latent + rng.normal(0, 0.9, n)), 1, 5).astype(int)
        answer = LABELS[score - 1].astype(object)
        answer[rng.random(n) < 0.01] = ""
        frame[f"Pernyataan {i + 1:02d}"] = answer
    frame["Saran perbaikan"] = comments(rng, staff)
    return frame, [f"Pernyataan {i + 1:02d}" for i in range(ITEMS)]


def write_project(root: Path, frame: pd.DataFrame, items: list[str], xlsx: bool) -> None:
    repo = Path(__file__).resolve().parent.parent
    surveys = root / "surveys"
    (surveys / "nasional" / "responses").mkdir(parents=True, exist_ok=True)
    shutil.copy(repo / "surveys" / "scales.yml", surveys / "scales.yml")
    (surveys / "settings.yml").write_text("organisation: Instansi Nasional (sintetis)\n", encoding="utf-8")
    units = "units:\n" + "".join(f"  - id: u{i:03d}\n    name: Unit Kerja {i:03d}\n" for i in range(UNITS))
    (surveys / "units.yml").write_text(units, encoding="utf-8")
    questions = "".join(f"  - {{id: p{i + 1:02d}, column: '{c}', type: likert, scale: setuju5}}\n"
                        for i, c in enumerate(items))
    (surveys / "nasional" / "survey.yml").write_text(
        "id: nasional\ntitle: Survei Sosialisasi Penilaian Kinerja Nasional (sintetis)\nkind: survey\n"
        "period: 2026-S1\nformat: google-forms\nidentifiers: [Alamat email, Nama Lengkap, NIP]\nlink_key: NIP\n"
        "groups:\n  - {id: unit, column: Unit Kerja}\nquestions:\n" + questions
        + "  - {id: saran, column: Saran perbaikan, type: text}\n", encoding="utf-8")
    frame.to_csv(surveys / "nasional" / "responses" / "jawaban.csv", index=False)
    if xlsx:
        frame.to_excel(surveys / "nasional" / "responses" / "jawaban.xlsx", index=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="respondents (e.g. 10000, 100000, 1000000)")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--xlsx", action="store_true", help="also write the export as XLSX")
    args = parser.parse_args()
    root = args.out or Path(tempfile.gettempdir()) / f"rapor-nasional-{args.n}"
    frame, items = export(args.n)
    write_project(root, frame, items, args.xlsx)
    print(f"{root}: {len(frame)} responden x {len(items)} butir, {frame['Unit Kerja'].nunique()} unit")


if __name__ == "__main__":
    main()

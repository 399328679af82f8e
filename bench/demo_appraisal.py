"""Generate the demo's appraisal rounds: SKP results for 2024 and 2025, and a 360 survey in 2025.

Writes, for the invented staff of bench/make_demo.py:

    surveys/skp-2024/responses/hasil-skp.demo.csv          e-Kinerja style export, comma, UTF-8
    surveys/skp-2025/responses/hasil-skp.demo.csv          saved again by Excel: ';', UTF-8 with BOM
    surveys/umpan-balik-360-2025/responses/umpan-balik.demo.csv   Google Forms export

The definitions (surveys/skp-*/survey.yml, surveys/umpan-balik-360-2025/survey.yml,
surveys/predikat-organisasi.yml) are written by hand and must stay in step with the
headers here. Planted on purpose, for the pages to show: rating labels spelled several
ways; three rows where the exporting application's predikat contradicts the matrix;
units whose distribution does not follow SE 3/2023 for their organisation predikat;
fewer Sangat Baik in golongan II (a difference the fairness check should flag); one
member of the smallest unit missing in 2025 (withheld); atasan and bawahan raters too
few to show alone in the 360 (pooled into "lainnya"); self ratings above the others'.

Usage: python bench/demo_appraisal.py [--project DIR]   (also run by make_demo.py)
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
from pathlib import Path

from make_demo import SEED, Person, make_roster, stamp, timestamps, typed_name, typed_nip, typed_unit, write_csv

PREDIKAT = ("Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang/Misconduct", "Sangat Kurang")
DEFAULT_WEIGHTS = (14, 72, 8, 4, 2)
# Predikat weights per (period, unit): the units whose pattern the HR advisory should discuss.
UNIT_WEIGHTS = {
    ("2024", "pengembangan-kompetensi"): (40, 55, 4, 1, 0),
    ("2024", "mutasi-promosi"): (15, 85, 0, 0, 0),       # Baik unit with nobody below Baik
    ("2024", "keuangan"): (10, 80, 8, 2, 0),             # Butuh Perbaikan unit, mostly Baik
    ("2025", "kepegawaian"): (78, 20, 2, 0, 0),          # Istimewa unit above 70% Sangat Baik
    ("2025", "pengembangan-kompetensi"): (45, 50, 4, 1, 0),
    ("2025", "keuangan"): (4, 28, 64, 4, 0),
}
GOLONGAN_EFFECT = {"II": (0.3, 1, 1.8, 1.5, 1), "III": (1, 1, 1, 1, 1), "IV": (1.2, 1, 0.8, 0.8, 1)}
# Rating pairs (hasil kerja, perilaku kerja) that give each predikat, with weights.
PAIRS = {
    "Sangat Baik": ((("atas", "atas"), 1),),
    "Baik": ((("atas", "sesuai"), 15), (("sesuai", "sesuai"), 70), (("sesuai", "atas"), 15)),
    "Butuh Perbaikan": ((("bawah", "sesuai"), 75), (("bawah", "atas"), 25)),
    "Kurang/Misconduct": ((("atas", "bawah"), 20), (("sesuai", "bawah"), 80)),
    "Sangat Kurang": ((("bawah", "bawah"), 1),),
}
RATING_SPELLINGS = {  # period -> rating -> (spelling, weight)
    "2024": {"atas": (("Di Atas Ekspektasi", 8), ("diatas", 2)), "sesuai": (("Sesuai Ekspektasi", 9), ("sesuai", 1)),
             "bawah": (("Di Bawah Ekspektasi", 8), ("dibawah", 2))},
    "2025": {"atas": (("DIATAS EKSPEKTASI", 9), ("Di atas ekspektasi", 1)),
             "sesuai": (("SESUAI EKSPEKTASI", 8), ("memenuhi ekspektasi", 2)),
             "bawah": (("DIBAWAH EKSPEKTASI", 9), ("di bawah ekspektasi", 1))},
}
POTENSIAL = {"Sangat Baik": (15, 45, 40), "Baik": (25, 55, 20)}
POTENSIAL_BELOW = (45, 45, 10)
POTENSIAL_SPELLINGS = (("Rendah", "Menengah", "Tinggi"), ("RENDAH", "Sedang", "TINGGI"))
SKP_HEADER = ["NIP", "Nama Pegawai", "Unit Kerja", "Golongan", "Jenis Kelamin", "Kelompok Usia",
              "Rating Hasil Kerja", "Rating Perilaku Kerja", "Predikat Kinerja"]
SKP_FILE = "surveys/skp-{period}/responses/hasil-skp.demo.csv"


def golongan(person: Person) -> str:
    """Golongan ruang by years since TMT CPNS (NIP digits 9-12), as of 2025."""
    if person.head:
        return "IV"
    service = 2025 - int(person.nip[8:12])
    weights = (45, 55, 0) if service < 8 else (15, 65, 20) if service <= 20 else (0, 50, 50)
    return random.Random(f"{SEED}:golongan:{person.nip}").choices(("II", "III", "IV"), weights)[0]


def age_band(person: Person, year: int) -> str:
    age = year - int(person.nip[:4])
    if age < 30:
        return "Di bawah 30 tahun"
    return "50 tahun ke atas" if age >= 50 else f"{age // 10 * 10}–{age // 10 * 10 + 9} tahun"


def pick(rng: random.Random, pairs: tuple) -> object:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def skp_row(rng: random.Random, person: Person, period: str, wrong: bool) -> list[str]:
    weights = UNIT_WEIGHTS.get((period, person.unit), DEFAULT_WEIGHTS)
    effect = GOLONGAN_EFFECT[golongan(person)]
    predikat = "Kurang/Misconduct" if wrong else rng.choices(PREDIKAT, [w * e for w, e in zip(weights, effect,
                                                                                             strict=True)])[0]
    hk, pk = ("atas", "bawah") if wrong else pick(rng, PAIRS[predikat])
    spell = RATING_SPELLINGS[period]
    # The 2024 application had a bug: 'di atas' x 'di bawah' came out as Baik.
    shown = "Baik" if wrong else ("Kurang / Misconduct" if predikat == "Kurang/Misconduct" and period == "2024"
                                  else predikat)
    row = [typed_nip(rng, person.nip), typed_name(rng, person), typed_unit(rng, person.unit), golongan(person),
           "Laki-laki" if person.male else "Perempuan", age_band(person, int(period)),
           pick(rng, spell[hk]), pick(rng, spell[pk]), shown]
    if period == "2025":
        level = rng.choices(range(3), POTENSIAL.get(predikat, POTENSIAL_BELOW))[0]
        row.append(POTENSIAL_SPELLINGS[rng.random() < 0.1][level])
    return row


def make_skp(roster: list[Person], period: str) -> list[list[str]]:
    rng = random.Random(f"{SEED}:skp-{period}")
    people = list(roster)
    if period == "2025":  # one member of the smallest unit is on study leave: no SKP this year
        people.remove(next(p for p in roster if p.unit == "perencanaan" and not p.head))
    wrong = set(rng.sample([p for p in people if not p.head], 3)) if period == "2024" else set()
    return [skp_row(rng, p, period, p in wrong) for p in people]


# --- 360 feedback on the 21 BerAKHLAK behaviours ---------------------------------------

VALUES = {  # value -> (offset, behaviours as on the form)
    "Berorientasi Pelayanan": (0.1, ("Memahami dan memenuhi kebutuhan masyarakat",
                                     "Ramah, cekatan, solutif, dan dapat diandalkan",
                                     "Melakukan perbaikan tiada henti")),
    "Akuntabel": (0.3, ("Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, dan berintegritas "
                        "tinggi", "Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, "
                        "dan efisien", "Tidak menyalahgunakan kewenangan jabatan")),
    "Kompeten": (0.0, ("Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
                       "Membantu orang lain belajar", "Melaksanakan tugas dengan kualitas terbaik")),
    "Harmonis": (0.2, ("Menghargai setiap orang apapun latar belakangnya", "Suka menolong orang lain",
                       "Membangun lingkungan kerja yang kondusif")),
    "Loyal": (0.4, ("Memegang teguh ideologi Pancasila, Undang-Undang Dasar Negara Republik Indonesia Tahun 1945, "
                    "setia kepada Negara Kesatuan Republik Indonesia serta pemerintahan yang sah",
                    "Menjaga nama baik sesama ASN, Pimpinan, Instansi, dan Negara",
                    "Menjaga rahasia jabatan dan negara")),
    "Adaptif": (-0.3, ("Cepat menyesuaikan diri menghadapi perubahan",
                       "Terus berinovasi dan mengembangkan kreativitas", "Bertindak proaktif")),
    "Kolaboratif": (0.0, ("Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
                          "Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
                          "Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama")),
}
FREQUENCY = ("Tidak Pernah", "Jarang", "Kadang-kadang", "Sering", "Selalu")
CATEGORY_BIAS = {"Diri sendiri": 0.6, "Rekan kerja": 0.15, "Atasan langsung": -0.25, "Bawahan": 0.1}
# Only four unit heads took part as atasan, and only their own bawahan rated them: both
# categories stay below the threshold alone and are pooled on the pages.
ATASAN_UNITS = ("umum", "kepegawaian", "pengembangan-kompetensi", "keuangan")
FEEDBACK_FILE = "surveys/umpan-balik-360-2025/responses/umpan-balik.demo.csv"
FEEDBACK_HEADER = ["Stempel waktu", "NIP Penilai", "Nama Penilai", "Hubungan dengan Pegawai yang Dinilai",
                   "NIP Pegawai yang Dinilai", "Nama Pegawai yang Dinilai", "Unit Kerja Pegawai yang Dinilai",
                   "Golongan Pegawai yang Dinilai", "Jenis Kelamin Pegawai yang Dinilai",
                   *(f"{value} [{text}]" for value, (_, texts) in VALUES.items() for text in texts)]


def ratings(rng: random.Random, level: float, bias: float, rater_bias: float) -> list[str]:
    out = []
    for offset, texts in VALUES.values():
        for _ in texts:
            x = level + offset + bias + rater_bias + rng.gauss(0, 0.6)
            out.append(FREQUENCY[sum(x >= t for t in (-1.8, -0.9, 0.0, 1.1))])
    return out


def feedback_pairs(rng: random.Random, roster: list[Person]) -> list[tuple[Person, Person, str]]:
    """(rater, person rated, relation) for the people taking part."""
    pairs = []
    for unit in dict.fromkeys(p.unit for p in roster):
        staff = [p for p in roster if p.unit == unit]
        head = next(p for p in staff if p.head)
        rated = rng.sample([p for p in staff if not p.head], max(3, len(staff) // 2))
        if unit in ATASAN_UNITS:
            rated.append(head)
        for person in rated:
            if rng.random() < 0.92:
                pairs.append((person, person, "Diri sendiri"))
            colleagues = [p for p in staff if p not in (person, head)]
            for peer in rng.sample(colleagues, min(len(colleagues), rng.choice((3, 4)))):
                pairs.append((peer, person, "Rekan kerja"))
            if person.head:
                pairs += [(p, person, "Bawahan") for p in rng.sample(colleagues, 3)]
            elif unit in ATASAN_UNITS and rng.random() < 0.6:
                pairs.append((head, person, "Atasan langsung"))
    return pairs


def make_feedback(roster: list[Person]) -> list[list[str]]:
    rng = random.Random(f"{SEED}:umpan-balik-360-2025")
    pairs = feedback_pairs(rng, roster)
    rng.shuffle(pairs)
    level = {p: rng.gauss(0.3, 0.45) + 0.3 * p.attitude for p in roster}
    leniency = {p: rng.gauss(0, 0.3) for p in roster}
    times = timestamps(rng, dt.date(2026, 1, 12), 12, len(pairs), decay=0.3)
    rows = []
    for moment, (rater, person, relation) in zip(times, pairs, strict=True):
        rows.append([stamp(moment), typed_nip(rng, rater.nip), typed_name(rng, rater), relation,
                     typed_nip(rng, person.nip), typed_name(rng, person), typed_unit(rng, person.unit),
                     golongan(person), "Laki-laki" if person.male else "Perempuan",
                     *ratings(rng, level[person], CATEGORY_BIAS[relation], leniency[rater])])
    return rows


def write_appraisal_demo(project: Path, roster: list[Person]) -> None:
    """Write the three appraisal exports (definitions are written by hand)."""
    for period in ("2024", "2025"):
        path = project / SKP_FILE.format(period=period)
        header = SKP_HEADER + (["Potensial"] if period == "2025" else [])
        rows = make_skp(roster, period)
        if period == "2025":  # opened and saved again in Excel under an Indonesian locale
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8-sig", newline="") as f:
                csv.writer(f, delimiter=";", lineterminator="\r\n").writerows([header, *rows])
        else:
            write_csv(path, header, rows)
        print(f"{path.relative_to(project).as_posix()}: {len(rows)} rows")
    rows = make_feedback(roster)
    write_csv(project / FEEDBACK_FILE, FEEDBACK_HEADER, rows)
    print(f"{FEEDBACK_FILE}: {len(rows)} rows")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=Path(__file__).resolve().parent.parent,
                        help="project folder (default: the repository root)")
    write_appraisal_demo(parser.parse_args().project, make_roster())


if __name__ == "__main__":
    main()

"""Demo exports of competency development: a needs analysis, one programme in two cohorts, JP records.

Called from make_demo.main() with the roster and the first cohort's participants (the
people of the existing reaction survey). Writes, under surveys/:

    kebutuhan-kompetensi-2026[-atasan]/responses/jawaban.demo.csv   Google Forms grids
    pelatihan-kepemimpinan-2026-a1-{pretest,posttest}/...           Google Forms quizzes ('Skor')
    pelatihan-kepemimpinan-2026-a{1,2}-perilaku[-atasan]/...        follow-up 3-4 months later
    pelatihan-kepemimpinan-2026-a{1,2}-hasil/responses/capaian.demo.csv   e-Kinerja sheet (';', decimal comma)
    pelatihan-kepemimpinan-2026-a2-{reaksi,tes}/...                 the second cohort
    catatan-pelatihan-2026/responses/riwayat.demo.csv               SIMPEG training history (';')

Deliberate features: a few participants miss a test or type their NIP differently
(unmatched pairs), Bagian Umum applies the trained behaviours less (a follow-up rule
fires), the small unit sends two people to the second cohort (withheld), supervisors
rate lower than participants do, some JP rows fall in 2025 or repeat.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from make_demo import (
    EMAIL,
    NAME,
    NIP,
    SEED,
    SMALL_UNIT,
    TIMESTAMP,
    TRAINING_HEADER,
    TRAINING_LIKERT,
    UNIT,
    Person,
    likert_answer,
    stamp,
    timestamps,
    typed_name,
    typed_nip,
    typed_unit,
    write_csv,
)

PROGRAMME = "surveys/pelatihan-kepemimpinan-2026"
FREQUENCY = ("Tidak pernah", "Jarang", "Kadang-kadang", "Sering", "Selalu")
IMPORTANCE = ("Tidak penting", "Kurang penting", "Cukup penting", "Penting", "Sangat penting")
MASTERY = ("Sangat kurang", "Kurang", "Cukup", "Baik", "Sangat baik")
# competency -> (grid row label, mean importance, mean mastery) on the latent scale
COMPETENCIES = {
    "kepemimpinan": ("Memimpin dan menggerakkan tim", 0.9, 0.1),
    "umpan_balik": ("Memberi umpan balik dan membimbing kinerja", 1.0, -0.2),
    "perencanaan_kinerja": ("Menyusun rencana dan indikator kinerja (SKP)", 0.9, 0.0),
    "analisis_data": ("Mengolah dan menganalisis data kepegawaian", 1.1, -0.4),
    "digital": ("Memakai aplikasi dan sistem informasi kepegawaian", 0.8, 0.3),
    "komunikasi": ("Komunikasi dan presentasi", 0.6, 0.4),
    "regulasi": ("Memahami regulasi manajemen ASN", 0.9, 0.5),
    "pelayanan": ("Pelayanan publik berorientasi pengguna", 0.7, 0.6),
}
NEEDS_UNIT_GAP = {("keuangan", "analisis_data"): 0.6, ("umum", "umpan_balik"): 0.5, ("umum", "digital"): 0.4}
BEHAVIOURS = {
    "delegasi": "mendelegasikan tugas sesuai kemampuan anggota tim",
    "umpan_balik": "memberikan umpan balik kinerja secara berkala kepada anggota tim",
    "rencana_kerja": "menyusun rencana kerja tim dengan target yang terukur",
    "keputusan_data": "mengambil keputusan berdasarkan data",
    "aksi_perubahan": "melanjutkan aksi perubahan yang dirancang selama pelatihan",
}
BEHAVIOUR_MEAN = {"delegasi": 0.9, "umpan_balik": 0.5, "rencana_kerja": 0.8, "keputusan_data": 0.3,
                  "aksi_perubahan": 0.1}
APPLY_UNIT_EFFECT = {"umum": -0.9, "penilaian-kinerja": 0.3}
SELF_LENIENCY = 0.45
RESULT_HEADERS = ("Capaian Target Tim {} (%)", "Rata-rata Waktu Layanan {} (hari)")
RECORD_TITLES = (("E-learning Manajemen ASN", "E-learning", 10), ("Seminar Pelayanan Publik", "Seminar", 4),
                 ("Bimbingan Teknis SIASN", "Bimbingan teknis", 16), ("Coaching dan Mentoring", "Coaching", 8),
                 ("Pelatihan Analisis Data Kepegawaian", "Pelatihan klasikal", 24),
                 ("Sosialisasi PermenPANRB 6 Tahun 2022", "Sosialisasi", 3))
PROGRAMME_TITLE, PROGRAMME_JP = "Pelatihan Kepemimpinan Pengawas", 40


def answer(rng: random.Random, latent: float, labels: tuple[str, ...]) -> str:
    """The same cut points as the agreement scale, for any five labels."""
    return dict(zip(("Sangat Tidak Setuju", "Tidak Setuju", "Netral", "Setuju", "Sangat Setuju"), labels,
                    strict=True)).get(likert_answer(rng, latent, blank_rate=0.0), "")


def write(project: Path, relative: str, header: list[str], rows: list[list[str]], delimiter: str = ",") -> None:
    if delimiter == ",":
        write_csv(project / relative, header, rows)
    else:
        text = "\n".join(delimiter.join(row) for row in [header, *rows]) + "\n"
        (project / relative).parent.mkdir(parents=True, exist_ok=True)
        (project / relative).write_text(text, encoding="utf-8")
    print(f"{relative}: {len(rows)} rows")


def heads(roster: list[Person]) -> dict[str, Person]:
    return {p.unit: p for p in roster if p.head}


# --- needs analysis -------------------------------------------------------------------------------

def needs_rows(rng: random.Random, people: list[Person], supervisor_shift: float, by: dict | None) -> list[list[str]]:
    rows = []
    times = timestamps(rng, dt.date(2026, 1, 12), 12, len(people), decay=0.4)
    for moment, person in zip(times, people, strict=True):
        cells = []
        for cid, (_, importance, mastery) in COMPETENCIES.items():
            gap = NEEDS_UNIT_GAP.get((person.unit, cid), 0.0)
            cells.append(answer(rng, importance + 0.3 * gap, IMPORTANCE))
            cells.append(answer(rng, mastery - gap - supervisor_shift + 0.3 * person.attitude, MASTERY))
        if by is None:
            who = [person.email, typed_name(rng, person), typed_nip(rng, person.nip)]
        else:
            rater = by[person.unit] if by[person.unit] != person else by["umum"]
            who = [rater.email, rater.name, typed_nip(rng, person.nip), person.name]
        rows.append([stamp(moment), *who, typed_unit(rng, person.unit), *cells])
    return rows


def write_needs(project: Path, roster: list[Person]) -> None:
    rng = random.Random(f"{SEED}:kebutuhan")
    grid = [f"{q} [{label}]" for label, _, _ in COMPETENCIES.values()
            for q in ("Tingkat kepentingan bagi pekerjaan", "Kemampuan saat ini")]
    small = [p for p in roster if p.unit == SMALL_UNIT]
    people = rng.sample([p for p in roster if p.unit != SMALL_UNIT], 226) + small[:3]
    rows = needs_rows(rng, people, 0.0, None)
    write(project, "surveys/kebutuhan-kompetensi-2026/responses/jawaban.demo.csv",
          [TIMESTAMP, EMAIL, NAME, NIP, UNIT, *grid], rows)
    rated = rng.sample([p for p in roster if not p.head and p.unit != SMALL_UNIT], 150) + small[1:3]
    rows = needs_rows(rng, rated, 0.35, heads(roster))
    write(project, "surveys/kebutuhan-kompetensi-2026-atasan/responses/jawaban.demo.csv",
          [TIMESTAMP, EMAIL, "Nama Penilai", "NIP Pegawai yang Dinilai", "Nama Pegawai yang Dinilai",
           "Unit Kerja Pegawai", *grid], rows)


# --- learning: pre- and post-tests ---------------------------------------------------------------

def scores(rng: random.Random, people: list[Person], boost: float) -> dict[Person, tuple[int, int]]:
    """(pre, post) out of 100 in steps of 5: twenty quiz items of five points."""
    out = {}
    for person in people:
        ability = rng.gauss(0, 1)
        pre = 56 + 11 * ability + rng.gauss(0, 6)
        gain = 20 + boost + 3 * ability + rng.gauss(0, 8) - (6 if person.unit == "umum" else 0)
        out[person] = tuple(int(min(100, max(0, 5 * round(x / 5)))) for x in (pre, pre + gain))
    return out


def write_tests_a1(project: Path, participants: list[Person]) -> dict[Person, tuple[int, int]]:
    rng = random.Random(f"{SEED}:tes-a1")
    marks = scores(rng, participants, 0)
    order = rng.sample(participants, len(participants))
    no_pre, no_post, typo = order[:1], order[1:6], order[6]
    for name, day, index, skip in (("pretest", dt.date(2026, 5, 18), 0, no_pre),
                                   ("posttest", dt.date(2026, 5, 29), 1, no_post)):
        people = [p for p in participants if p not in skip]
        rows = []
        for moment, p in zip(timestamps(rng, day, 1, len(people), decay=3.0), people, strict=True):
            nip = p.nip[:-2] + p.nip[-1] + p.nip[-2] if (p == typo and index == 1) else typed_nip(rng, p.nip)
            rows.append([stamp(moment), f"{marks[p][index]} / 100", p.email, typed_name(rng, p), nip,
                         typed_unit(rng, p.unit)])
        write(project, f"{PROGRAMME}-a1-{name}/responses/{name}.demo.csv",
              [TIMESTAMP, "Skor", EMAIL, NAME, NIP, UNIT], rows)
    return marks


def write_tests_a2(project: Path, participants: list[Person]) -> dict[Person, tuple[int, int]]:
    rng = random.Random(f"{SEED}:tes-a2")
    marks = scores(rng, participants, 3)
    missing = set(rng.sample(participants, 2))
    rows = [[p.nip, typed_name(rng, p), typed_unit(rng, p.unit), str(marks[p][0]),
             "" if p in missing else str(marks[p][1])] for p in participants]
    write(project, f"{PROGRAMME}-a2-tes/responses/nilai.demo.csv",
          ["NIP", "Nama Peserta", "Unit Kerja", "Nilai Pre-test", "Nilai Post-test"], rows, delimiter=";")
    return marks


# --- reaction of the second cohort ---------------------------------------------------------------

def write_reaction_a2(project: Path, participants: list[Person]) -> None:
    rng = random.Random(f"{SEED}:reaksi-a2")
    people = rng.sample(participants, 43)
    better = {"waktu_memadai": 0.9, "metode_interaktif": 0.3}  # one more day, more group work
    rows = []
    for moment, p in zip(timestamps(rng, dt.date(2026, 7, 17), 5, len(people), decay=1.6), people, strict=True):
        answers = [likert_answer(rng, mean + better.get(q, 0) + p.attitude * 0.8)
                   for q, (_, mean) in TRAINING_LIKERT.items()]
        rows.append([stamp(moment), p.email, typed_name(rng, p), typed_nip(rng, p.nip), typed_unit(rng, p.unit),
                     *answers, rng.choice(("", "", "Sudah baik, waktunya lebih longgar dari angkatan lalu.",
                                           "Mohon ada pendampingan setelah kembali ke unit kerja."))])
    write(project, f"{PROGRAMME}-a2-reaksi/responses/reaksi.demo.csv", TRAINING_HEADER, rows)


# --- behaviour follow-up and results -------------------------------------------------------------

def applying(person: Person, marks: dict[Person, tuple[int, int]], behaviour: str) -> float:
    gain = (marks[person][1] - marks[person][0] - 20) / 20
    return BEHAVIOUR_MEAN[behaviour] + APPLY_UNIT_EFFECT.get(person.unit, 0.0) + gain + 0.3 * person.attitude


def write_behaviour(project: Path, roster: list[Person], marks: dict, cohort: str, day: dt.date,
                    counts: tuple[int, int]) -> None:
    rng = random.Random(f"{SEED}:perilaku-{cohort}")
    participants, boss = list(marks), heads(roster)
    selves = rng.sample(participants, counts[0])
    rows = [[stamp(m), p.email, typed_name(rng, p), typed_nip(rng, p.nip), typed_unit(rng, p.unit),
             *(answer(rng, applying(p, marks, b) + SELF_LENIENCY, FREQUENCY) for b in BEHAVIOURS)]
            for m, p in zip(timestamps(rng, day, 10, len(selves), decay=0.5), selves, strict=True)]
    write(project, f"{PROGRAMME}-{cohort}-perilaku/responses/peserta.demo.csv",
          [TIMESTAMP, EMAIL, NAME, NIP, UNIT, *(f"Saya {text}" for text in BEHAVIOURS.values())], rows)
    rated = rng.sample(participants, counts[1])
    rows = []
    for m, p in zip(timestamps(rng, day, 12, len(rated), decay=0.4), rated, strict=True):
        rater = boss[p.unit] if boss[p.unit] != p else boss["umum"]
        rows.append([stamp(m), rater.email, rater.name, typed_nip(rng, p.nip), p.name, typed_unit(rng, p.unit),
                     *(answer(rng, applying(p, marks, b), FREQUENCY) for b in BEHAVIOURS)])
    write(project, f"{PROGRAMME}-{cohort}-perilaku-atasan/responses/atasan.demo.csv",
          [TIMESTAMP, EMAIL, "Nama Atasan", "NIP Peserta", "Nama Peserta", "Unit Kerja Peserta",
           *(f"Pegawai ini {text}" for text in BEHAVIOURS.values())], rows)


def decimal(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def write_results(project: Path, marks: dict, cohort: str, quarters: tuple[str, str], lift: float) -> None:
    rng = random.Random(f"{SEED}:hasil-{cohort}")
    rows = []
    for p in marks:
        base, days = rng.gauss(78, 8), rng.gauss(6.2, 1.1)
        after = base + lift + 0.1 * (marks[p][1] - marks[p][0]) - 1.7 + rng.gauss(0, 5)
        cells = [decimal(min(100, base)), decimal(min(100, after)),
                 decimal(days), decimal(days - 0.5 + rng.gauss(0, 0.6))]
        if rng.random() < 0.08:
            cells[1] = cells[3] = ""  # not yet reported
        rows.append([p.nip, p.name, typed_unit(rng, p.unit), *cells])
    header = ["NIP", "Nama", "Unit Kerja", *(h.format(q) for h in RESULT_HEADERS[:1] for q in quarters),
              *(h.format(q) for h in RESULT_HEADERS[1:] for q in quarters)]
    write(project, f"{PROGRAMME}-{cohort}-hasil/responses/capaian.demo.csv", header, rows, delimiter=";")


# --- JP training record --------------------------------------------------------------------------

def write_records(project: Path, roster: list[Person], cohorts: dict[str, tuple[list[Person], dt.date]]) -> None:
    rng = random.Random(f"{SEED}:jp")
    rows = []
    for p in roster:
        status = "PPPK" if not p.head and rng.random() < 0.15 else "PNS"
        trainings = [((PROGRAMME_TITLE, "Pelatihan klasikal", PROGRAMME_JP), start)
                     for people, start in cohorts.values() if p in people]
        weights = (30, 45, 25, 0, 0) if status == "PPPK" else (18, 30, 28, 16, 8)
        for _ in range(rng.choices((0, 1, 2, 3, 4), weights)[0]):
            day = dt.date(2026, 1, 5) + dt.timedelta(rng.randrange(300))
            trainings.append((rng.choice(RECORD_TITLES), day if rng.random() > 0.03 else dt.date(2025, 12, 8)))
        cells = [p.nip, p.name, typed_unit(rng, p.unit), status if rng.random() > 0.05 else status.lower()]
        if not trainings:
            rows.append([*cells, "-", "-", "", "0"])
        for (title, kind, jp), day in trainings:
            rows.append([*cells, title, kind, day.strftime("%d/%m/%Y"), str(jp)])
    rows += rng.sample(rows, 2)  # exported twice
    write(project, "surveys/catatan-pelatihan-2026/responses/riwayat.demo.csv",
          ["NIP", "Nama", "Unit Kerja", "Status Kepegawaian", "Nama Pengembangan Kompetensi", "Jenis",
           "Tanggal Mulai", "JP"], rows, delimiter=";")


def write_training_demo(project: Path, roster: list[Person], first_cohort: list[Person]) -> None:
    """Every export of the needs analysis, the leadership programme's four levels and the JP record."""
    rng = random.Random(f"{SEED}:angkatan-2")
    small = [p for p in roster if p.unit == SMALL_UNIT]
    second = rng.sample([p for p in roster if p not in first_cohort and p.unit != SMALL_UNIT], 43) + small[:2]
    write_needs(project, roster)
    marks_a1 = write_tests_a1(project, first_cohort)
    write_reaction_a2(project, second)
    marks_a2 = write_tests_a2(project, second)
    write_behaviour(project, roster, marks_a1, "a1", dt.date(2026, 9, 14), (61, 58))
    write_behaviour(project, roster, marks_a2, "a2", dt.date(2026, 11, 9), (39, 37))
    write_results(project, marks_a1, "a1", ("TW I", "TW III"), 4.0)
    write_results(project, marks_a2, "a2", ("TW II", "TW III"), 2.5)
    write_records(project, roster, {"a1": (first_cohort, dt.date(2026, 5, 18)),
                                    "a2": (second, dt.date(2026, 7, 13))})

"""Generate the synthetic demo exports of a fictional office, BKPSDM Kabupaten Sukamaju.

Writes three Google Forms "Download responses (.csv)" exports (UTF-8 without BOM, comma,
LF, day-first timestamps of a Sheet in locale Indonesia):

    surveys/pelatihan-kepemimpinan-2026/responses/reaksi.demo.csv
    surveys/sosialisasi-kinerja-2025-s2/responses/jawaban.demo.csv
    surveys/sosialisasi-kinerja-2026-s1/responses/jawaban.demo.csv

Every person is invented from the name lists below; NIPs, emails and phone numbers are
made up. The definitions (surveys/*.yml) are written by hand: the headers, labels and
unit spellings in this file must stay in step with them. Output depends only on SEED,
never on the clock, so two runs give byte-identical files. The stdlib `random.Random`
is used (not numpy) because its streams are stable across Python and numpy versions.

Usage: python bench/make_demo.py [--project DIR]
"""

from __future__ import annotations

import argparse
import calendar
import csv
import datetime as dt
import random
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

SEED = 20261128
EMAIL_DOMAIN = "sukamaju.go.id"
# The smallest unit must stay below settings.yml min_group_size (5) in every round, so the
# site has a suppressed group to show; every other unit keeps at least 8 respondents.
SMALL_UNIT = "perencanaan"
SMALL_UNIT_RESPONDENTS = range(2, 5)
MIN_OTHER_UNIT_RESPONDENTS = 8
# Public holidays and cuti bersama inside the collection windows: nobody answers then.
HOLIDAYS = {dt.date(2026, 2, 16), dt.date(2026, 2, 17), dt.date(2026, 6, 1)}

# --- Headers and labels: the one place they are written; mirror surveys/*.yml ----------

TIMESTAMP, EMAIL, NAME, NIP, UNIT, JABATAN = (
    "Stempel waktu", "Alamat email", "Nama Lengkap", "NIP", "Unit Kerja", "Jabatan"
)
LIKERT = ("Sangat Tidak Setuju", "Tidak Setuju", "Netral", "Setuju", "Sangat Setuju")
JABATAN_OPTIONS = ("Struktural", "Fungsional", "Pelaksana")

# question id -> (header, latent mean): the mean sets how agreeable the statement is.
TRAINING_LIKERT = {
    "materi_relevan": ("Materi pelatihan sesuai dengan kebutuhan pekerjaan saya", 0.9),
    "materi_dipahami": ("Materi pelatihan mudah dipahami", 0.7),
    "pemateri_menguasai": ("Pemateri menguasai materi yang disampaikan", 1.1),
    "pemateri_jelas": ("Pemateri menyampaikan materi dengan jelas", 0.8),
    "metode_interaktif": ("Metode pembelajaran interaktif dan melibatkan peserta", 0.45),
    "waktu_memadai": ("Waktu pelaksanaan pelatihan memadai", -0.15),
    "fasilitas_mendukung": ("Sarana dan fasilitas pelatihan mendukung proses belajar", 0.2),
    "niat_menerapkan": ("Saya akan menerapkan hasil pelatihan dalam pekerjaan saya", 1.25),
    "manfaat_karier": ("Pelatihan ini bermanfaat untuk pengembangan karier saya", 1.0),
}
TRAINING_TEXT = "Saran untuk perbaikan pelatihan"

# question id -> (header, mean in 2025-S2, mean in 2026-S1); reverse-worded items agree
# with a low attitude, see KINERJA_REVERSE.
KINERJA_LIKERT = {
    "paham_indikator": ("Saya memahami indikator kinerja dalam SKP saya", 0.3, 0.6),
    "indikator_terukur": ("Indikator kinerja saya jelas dan terukur", -0.1, 0.1),
    "indikator_relevan": ("Indikator kinerja relevan dengan pekerjaan saya", 0.35, 0.5),
    "umpan_balik": ("Atasan memberikan umpan balik atas kinerja saya secara berkala", -0.3, 0.1),
    "penilaian_adil": ("Penilaian kinerja dilakukan secara adil dan objektif", 0.05, 0.15),
    "penilaian_berkembang": ("Penilaian kinerja membantu saya berkembang", -0.05, 0.35),
    "sekadar_formalitas": ("Penilaian kinerja di unit saya hanya sekadar formalitas", -0.05, -0.35),
    "tahu_tindak_lanjut": (
        "Saya tahu tindak lanjut dari hasil penilaian kinerja saya", -0.35, -0.1),
}
KINERJA_REVERSE = {"sekadar_formalitas"}
KINERJA_TEXT = "Apa yang perlu diperbaiki dari pelaksanaan penilaian kinerja?"

TRAINING_HEADER = [TIMESTAMP, EMAIL, NAME, NIP, UNIT,
                   *(h for h, _ in TRAINING_LIKERT.values()), TRAINING_TEXT]
KINERJA_HEADER = [TIMESTAMP, EMAIL, NAME, NIP, UNIT, JABATAN,
                  *(h for h, _, _ in KINERJA_LIKERT.values()), KINERJA_TEXT]

TRAINING_FILE = "surveys/pelatihan-kepemimpinan-2026/responses/reaksi.demo.csv"
KINERJA_FILES = {
    "2025-S2": "surveys/sosialisasi-kinerja-2025-s2/responses/jawaban.demo.csv",
    "2026-S1": "surveys/sosialisasi-kinerja-2026-s1/responses/jawaban.demo.csv",
}


@dataclass(frozen=True)
class UnitSpec:
    id: str
    name: str
    size: int
    effect: float  # attitude towards appraisal, on the latent scale
    typed: tuple[tuple[str, int], ...]  # spellings in the "Unit Kerja" cell, with weights


# Every typed spelling, stripped, is the unit name or one of its aliases in units.yml.
UNITS = (
    UnitSpec("umum", "Bagian Umum", 70, -0.3, (
        ("Bagian Umum", 10), ("Bag. Umum", 4), ("UMUM", 3), ("bagian umum ", 2), ("Umum", 3))),
    UnitSpec("kepegawaian", "Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian", 55,
             0.0, (("Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian", 6),
                   ("Bidang PPIK", 6), ("PPIK", 3), ("bidang ppik", 2),
                   ("Pengadaan, Pemberhentian & Informasi", 1))),
    UnitSpec("pengembangan-kompetensi", "Bidang Pengembangan Kompetensi", 45, 0.15, (
        ("Bidang Pengembangan Kompetensi", 8), ("Bidang Bangkom", 3), ("bangkom", 2),
        ("Pengembangan Kompetensi", 3), ("PENGEMBANGAN KOMPETENSI ", 1))),
    UnitSpec("mutasi-promosi", "Bidang Mutasi dan Promosi", 40, -0.15, (
        ("Bidang Mutasi dan Promosi", 8), ("Bidang Mutasi & Promosi", 3), ("Mutasi", 2),
        ("mutasi dan promosi", 2), ("Bid. Mutasi dan Promosi", 2))),
    UnitSpec("penilaian-kinerja", "Bidang Penilaian Kinerja Aparatur dan Penghargaan", 35, 0.45, (
        ("Bidang Penilaian Kinerja Aparatur dan Penghargaan", 5), ("Bidang PKAP", 5),
        ("PKAP", 2), ("Penilaian Kinerja", 2), ("penilaian kinerja dan penghargaan ", 1))),
    UnitSpec("keuangan", "Subbagian Keuangan", 30, 0.1, (
        ("Subbagian Keuangan", 6), ("Subbag Keuangan", 4), ("Sub Bagian Keuangan", 2),
        ("KEUANGAN", 2), ("keuangan", 1), ("Subbag. Keuangan ", 1))),
    UnitSpec("upt-penilaian-kompetensi", "UPT Penilaian Kompetensi Pegawai", 20, 0.05, (
        ("UPT Penilaian Kompetensi Pegawai", 5), ("UPT Penilaian Kompetensi", 3),
        ("UPT Assessment Center", 2), ("upt penilaian kompetensi", 1))),
    UnitSpec("perencanaan", "Subbagian Perencanaan dan Evaluasi", 5, 0.2, (
        ("Subbagian Perencanaan dan Evaluasi", 3), ("Subbag Perencanaan", 2),
        ("PERENCANAAN DAN EVALUASI", 1), ("subbag perencanaan ", 1))),
)
UNIT_BY_ID = {u.id: u for u in UNITS}
# Deliberate strengths and weaknesses per unit and question, for the managers' pages.
UNIT_QUESTION_EFFECT = {
    ("umum", "umpan_balik"): -0.45,
    ("mutasi-promosi", "penilaian_adil"): -0.4,
    ("keuangan", "indikator_terukur"): 0.35,
    ("penilaian-kinerja", "tahu_tindak_lanjut"): 0.3,
}
JABATAN_EFFECT = {"Struktural": 0.3, "Fungsional": 0.05, "Pelaksana": -0.15}
JABATAN_QUESTION_EFFECT = {
    ("Struktural", "umpan_balik"): 0.35,
    ("Pelaksana", "indikator_terukur"): -0.25,
    ("Pelaksana", "paham_indikator"): -0.15,
}

# --- Invented people -------------------------------------------------------------------

MALE_FIRST = (
    "Budi", "Agus", "Rudi", "Yusuf", "Ahmad", "Asep", "Dedi", "Eko", "Hendra", "Joko",
    "Bambang", "Rizky", "Fajar", "Irfan", "Teguh", "Wahyu", "Arif", "Dimas", "Hasan",
    "Ridwan", "Imam", "Slamet", "Ujang", "Cecep", "Taufik", "Hadi", "Fikri", "Rahmat",
    "Bayu", "Gilang", "Iwan", "Doni", "Syamsul", "Muhammad", "Yogi", "Dadang", "Heru",
)
FEMALE_FIRST = (
    "Siti", "Dewi", "Rina", "Aminah", "Sri", "Nur", "Ratna", "Yuni", "Lina", "Fitri", "Indah",
    "Wulan", "Ayu", "Putri", "Novi", "Eka", "Tuti", "Endang", "Neneng", "Euis", "Mega",
    "Intan", "Nurul", "Kartika", "Anisa", "Rahma", "Desi", "Maya", "Yanti", "Lilis", "Dian",
    "Winda", "Ani", "Rini",
)
BATAK_MALE_FIRST = ("Lamhot", "Parlindungan", "Togar", "Hotman", "Marihot")
BATAK_FEMALE_FIRST = ("Rospita", "Tiurma", "Lasma", "Romauli", "Debora")
BUGIS_MALE_FIRST = ("Andi", "Baso", "Syahrir", "Arfah")
BUGIS_FEMALE_FIRST = ("Besse", "Hasnah", "Sitti", "Andi")
MALE_SECOND = (
    "Santoso", "Prasetyo", "Wibowo", "Saputra", "Hidayat", "Kurniawan", "Setiawan", "Nugroho",
    "Gunawan", "Firmansyah", "Hermawan", "Saepudin", "Sulaiman", "Rahman", "Syahputra",
    "Pratama", "Ramadhan", "Hakim", "Suryadi", "Permana", "Mulyadi", "Sutrisno",
)
FEMALE_SECOND = (
    "Lestari", "Wulandari", "Rahayu", "Handayani", "Puspitasari", "Anggraini", "Safitri",
    "Maharani", "Kusumawati", "Permatasari", "Susanti", "Fitriani", "Marlina", "Hasanah",
    "Nurhayati", "Aminah", "Kurniasih", "Rahmawati", "Yuliani", "Sari",
)
MINANG_SECOND = ("Chaniago", "Piliang", "Koto", "Tanjung", "Sikumbang")
BATAK_MARGA = (
    "Siregar", "Nasution", "Harahap", "Lubis", "Simanjuntak", "Panjaitan", "Hutapea",
    "Sitompul", "Sinaga", "Manurung", "Pohan", "Daulay", "Pakpahan",
)
BUGIS_SECOND = ("Mappiare", "Pawelloi", "Mattalatta", "Rauf", "Baharuddin", "Latief")
CHINESE_INDONESIAN = ("Wijaya", "Halim", "Gunadi", "Tanoto", "Kusuma")
DEGREES = (
    "S.E.", "S.H.", "S.Kom.", "S.Sos.", "S.I.P.", "S.Pd.", "S.T.", "S.K.M.", "A.Md.",
    "S.AP.", "S.Psi.", "S.Sos., M.Si.", "S.E., M.M.", "S.H., M.H.", "S.I.P., M.AP.",
)


@dataclass(frozen=True)
class Person:
    name: str
    first: str
    male: bool
    degree: str | None
    nip: str
    email: str
    unit: str
    jabatan: str
    attitude: float
    head: bool  # leads the unit: Kabag, Kabid, Kasubbag or Kepala UPT


def make_name(rng: random.Random, male: bool) -> tuple[str, str]:
    """Return (full name, first name) in the style of one of several ethnic groups."""
    group = rng.choices(("jawa-sunda", "batak", "minang", "bugis", "tionghoa"),
                        weights=(60, 16, 10, 9, 5))[0]
    if group == "batak":
        pool = (BATAK_MALE_FIRST if male else BATAK_FEMALE_FIRST) * 2
        first = rng.choice(pool + (MALE_FIRST if male else FEMALE_FIRST))
        return f"{first} {rng.choice(BATAK_MARGA)}", first
    if group == "bugis":
        first = rng.choice(BUGIS_MALE_FIRST if male else BUGIS_FEMALE_FIRST)
        middle = rng.choice(MALE_FIRST if male else FEMALE_FIRST)
        if first == "Andi" and rng.random() < 0.7:
            return f"Andi {middle} {rng.choice(BUGIS_SECOND)}", "Andi"
        return f"{first} {rng.choice(BUGIS_SECOND)}", first
    first = rng.choice(MALE_FIRST if male else FEMALE_FIRST)
    if group == "minang":
        return f"{first} {rng.choice(MINANG_SECOND)}", first
    if group == "tionghoa":
        return f"{first} {rng.choice(CHINESE_INDONESIAN)}", first
    second = rng.choice(MALE_SECOND if male else FEMALE_SECOND)
    if rng.random() < 0.15:
        middle = rng.choice(MALE_FIRST if male else FEMALE_FIRST)
        if middle != first:
            return f"{first} {middle} {second}", first
    return f"{first} {second}", first


def make_nip(rng: random.Random, male: bool, head: bool, taken: set[str]) -> str:
    """Birth date YYYYMMDD + TMT CPNS YYYYMM + gender 1/2 + serial (Perka BKN 22/2007)."""
    years = range(1968, 1983) if head else range(1967, 2001)
    birth_year = rng.choices(years, weights=[1 + (y > 1975) + (y > 1985) for y in years])[0]
    month = rng.randint(1, 12)
    day = rng.randint(1, calendar.monthrange(birth_year, month)[1])
    tmt_year = min(birth_year + rng.randint(22, 33), 2024)
    tmt_month = rng.choice((1, 3, 4, 12)) if rng.random() < 0.7 else rng.randint(1, 12)
    stem = f"{birth_year}{month:02d}{day:02d}{tmt_year}{tmt_month:02d}{1 if male else 2}"
    serial = 1
    while f"{stem}{serial:03d}" in taken:
        serial += 1
    return f"{stem}{serial:03d}"


def make_email(name: str, nip: str, taken: set[str]) -> str:
    words = [re.sub(r"[^a-z]", "", w) for w in name.lower().split()]
    local = f"{words[0]}.{words[-1]}{nip[2:4]}"
    suffix = 0
    while f"{local}@{EMAIL_DOMAIN}" in taken:
        suffix += 1
        local = f"{words[0]}.{words[-1]}{nip[2:4]}{suffix}"
    return f"{local}@{EMAIL_DOMAIN}"


def make_roster() -> list[Person]:
    rng = random.Random(f"{SEED}:roster")
    people: list[Person] = []
    names: set[str] = set()
    nips: set[str] = set()
    emails: set[str] = set()
    for unit in UNITS:
        for i in range(unit.size):
            male = rng.random() < 0.52
            name, first = make_name(rng, male)
            while name in names:
                name, first = make_name(rng, male)
            names.add(name)
            head = i == 0
            nip = make_nip(rng, male, head, nips)
            nips.add(nip)
            email = make_email(name, nip, emails)
            emails.add(email)
            jabatan = "Struktural" if head else rng.choices(JABATAN_OPTIONS, (6, 36, 58))[0]
            degree = rng.choice(DEGREES) if rng.random() < (0.7 if head else 0.25) else None
            people.append(Person(name, first, male, degree, nip, email, unit.id, jabatan,
                                 rng.gauss(0, 0.6), head))
    return people


# --- Typing habits -------------------------------------------------------------------

def typed_name(rng: random.Random, person: Person) -> str:
    name = person.name
    if person.degree and rng.random() < 0.75:
        name += ("," if rng.random() < 0.12 else ", ") + person.degree
    roll = rng.random()
    if roll < 0.10:
        name = name.lower()
    elif roll < 0.18:
        name = name.upper()
    return name + (" " if rng.random() < 0.03 else "")


def typed_nip(rng: random.Random, nip: str) -> str:
    roll = rng.random()
    if roll < 0.05:
        return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    if roll < 0.07:
        return f"{nip[:8]}.{nip[8:14]}.{nip[14]}.{nip[15:]}"
    return nip


def typed_unit(rng: random.Random, unit_id: str) -> str:
    spellings, weights = zip(*UNIT_BY_ID[unit_id].typed, strict=True)
    return rng.choices(spellings, weights=weights)[0]


def likert_answer(rng: random.Random, latent: float, blank_rate: float = 0.015) -> str:
    if rng.random() < blank_rate:
        return ""  # optional question left unanswered
    x = latent + rng.gauss(0, 0.9)
    for label, upper in zip(LIKERT, (-1.6, -0.6, 0.0, 1.3), strict=False):
        if x < upper:
            return label
    return LIKERT[-1]


def timestamps(rng: random.Random, first_day: dt.date, days: int, n: int,
               decay: float) -> list[dt.datetime]:
    """Return n sorted submission times over the working days of a collection window."""
    dates = (first_day + dt.timedelta(d) for d in range(days))
    workdays = [d for d in dates if d.weekday() < 5 and d not in HOLIDAYS]
    hours = list(range(7, 22))
    hour_weights = (3, 9, 10, 9, 6, 4, 8, 9, 6, 3, 1, 1, 2, 2, 1)
    out = []
    for _ in range(n):
        day = workdays[min(int(rng.expovariate(decay)), len(workdays) - 1)]
        hour = rng.choices(hours, weights=hour_weights)[0]
        out.append(dt.datetime.combine(day, dt.time(hour, rng.randint(0, 59),
                                                    rng.randint(0, 59))))
    return sorted(out)


def stamp(moment: dt.datetime) -> str:
    return moment.strftime("%d/%m/%Y %H:%M:%S")  # Sheet locale Indonesia: day first


def styled(rng: random.Random, text: str) -> str:
    roll = rng.random()
    if roll < 0.12:
        return text[0].lower() + text[1:].rstrip(".")
    if roll < 0.18:
        return text.rstrip(".")
    return text


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def check_unit_counts(label: str, people: list[Person]) -> None:
    counts = Counter(p.unit for p in people)
    for unit in UNITS:
        n = counts.get(unit.id, 0)
        if unit.id == SMALL_UNIT and n not in SMALL_UNIT_RESPONDENTS:
            raise SystemExit(f"{label}: unit {unit.id} has {n} respondents")
        if unit.id != SMALL_UNIT and n < MIN_OTHER_UNIT_RESPONDENTS:
            raise SystemExit(f"{label}: unit {unit.id} has only {n} respondents")


# --- (a) reaction survey of the leadership training ------------------------------------

TRAINING_COMMENTS = (
    "Waktu pelatihan terlalu padat, sebaiknya ditambah satu atau dua hari agar materi tidak "
    "terburu-buru.",
    "Materi tentang aksi perubahan sangat bermanfaat, tetapi pendampingan coach perlu lebih "
    "intensif.",
    "Ruang kelas agak panas, AC sering mati pada siang hari.",
    "Mohon bahan tayang dibagikan sebelum sesi dimulai.",
    "Jaringan wifi di lokasi pelatihan sering terputus sehingga menghambat pembelajaran daring.",
    "Sebaiknya lebih banyak studi kasus dari lingkungan pemerintah daerah, bukan hanya teori.",
    "Konsumsi sudah baik, tetapi jadwal istirahat sering molor sehingga sesi sore terpotong.",
    "Pelatihan sangat bermanfaat, semoga ada tindak lanjut berupa mentoring setelah kembali ke "
    "unit kerja.",
    "Metode diskusi kelompok sangat membantu, perlu diperbanyak.",
    "Sesi pagi terlalu banyak ceramah, peserta jadi mengantuk.",
    "Penugasan aksi perubahan perlu diberi waktu lebih lama supaya hasilnya nyata.",
    "Perlu ada sesi berbagi pengalaman dengan alumni angkatan sebelumnya.",
    "Pembagian kelompok sebaiknya mencampur peserta dari bidang yang berbeda.",
    "Modul cetak tidak dibagikan ke semua peserta, mohon diperbaiki untuk angkatan berikutnya.",
    "Sudah bagus, pertahankan.",
    "Mohon sertifikat diterbitkan lebih cepat karena dibutuhkan untuk kelengkapan berkas.",
    "Jadwal pelatihan bentrok dengan kegiatan rutin kantor, sehingga beberapa peserta sering "
    "izin keluar kelas.",
    "Perlu pretest dan posttest yang lebih terstruktur agar peserta tahu perkembangannya.",
    "Kunjungan lapangan sangat menginspirasi, semoga bisa dilanjutkan di angkatan berikutnya.",
    "Materi manajemen kinerja dan penyusunan SKP perlu porsi yang lebih besar.",
    "Beberapa sesi terlalu cepat, peserta tidak sempat bertanya.",
    "Lebih banyak simulasi kepemimpinan dan pengambilan keputusan.",
    "Mohon disediakan materi dalam bentuk digital agar mudah dibaca ulang.",
    "Secara umum sudah baik.",
    "Durasi sesi daring terlalu panjang, mata cepat lelah.",
    "Coach dan mentor perlu menyamakan persepsi tentang format laporan aksi perubahan.",
    "Toilet dan musala di lokasi pelatihan perlu lebih dijaga kebersihannya.",
    "Sebaiknya atasan langsung juga diberi pembekalan supaya bisa mendukung aksi perubahan.",
)
TRAINING_EMPTYISH = ("-", "tidak ada")


def training_mentions(rng: random.Random, roster: list[Person], authors: list[Person],
                      participants: list[Person]) -> list[str]:
    """Eight comments naming a facilitator or colleague, with an honorific."""
    def pick(pool: list[Person], male: bool) -> Person:
        return rng.choice([p for p in pool if p.male == male and p not in authors])

    panitia = [p for p in roster if p.unit == "pengembangan-kompetensi"]
    struktural = [p for p in roster if p.jabatan == "Struktural"]
    unit_names = {u.id: u.name for u in UNITS}
    late = pick(participants, True)
    titled = pick([p for p in roster if p.degree], True)
    return [
        f"Terima kasih Pak {pick(panitia, True).first} atas bimbingannya selama pelatihan.",
        f"Bu {pick(panitia, False).first} sebagai panitia sangat sigap membantu peserta, "
        "terima kasih.",
        f"Coach kami, Bapak {pick(participants, True).name}, sangat membantu dalam menyusun "
        "rancangan aksi perubahan.",
        f"Mohon panitia seperti Ibu {pick(panitia, False).name} diberi apresiasi, kerjanya "
        "luar biasa.",
        f"Diskusi kelompok bersama Pak {pick(participants, True).first} sangat bermanfaat, "
        "tapi waktunya kurang.",
        f"Mentor saya Bu {pick(struktural, False).first} jarang bisa ditemui karena sibuk, mohon "
        "jadwal mentoring diatur lebih baik.",
        f"Sdr. {late.name} dari {unit_names[late.unit]} sering terlambat masuk kelas, mohon "
        "panitia lebih tegas.",
        f"Terima kasih kepada Bapak {titled.name}, {titled.degree} yang sudah memfasilitasi "
        "kunjungan lapangan.",
    ]


def make_training(roster: list[Person]) -> tuple[list[list[str]], list[Person]]:
    rng = random.Random(f"{SEED}:pelatihan-kepemimpinan-2026")
    pool = [p for p in roster if p.unit != SMALL_UNIT]
    participants = rng.sample(pool, 72)
    times = timestamps(rng, dt.date(2026, 5, 29), 7, len(participants), decay=1.6)
    commenters = [p for p in participants if rng.random() < 0.5]
    special: dict[Person, str] = {}
    order = rng.sample(commenters, len(commenters))
    mentions = training_mentions(rng, roster, order[:8], participants)
    for author, text in zip(order[:8], mentions, strict=True):
        special[author] = text
    rest = [p for p in order if p not in special]
    special[rest[0]] = (f"Nama saya belum tercantum di daftar penerima sertifikat, NIP "
                        f"{rest[0].nip}, mohon dicek.")
    special[rest[1]] = (f"Jika ada pelatihan lanjutan saya siap membantu menyiapkan studi "
                        f"kasus, hubungi 0812-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}.")
    special[rest[2]] = (f"Mohon bahan tayang dikirim ke {rest[2].email} karena flashdisk "
                        "panitia tidak terbaca.")
    generic = rng.sample(TRAINING_COMMENTS, len(TRAINING_COMMENTS))
    for i, author in enumerate(rest[3:]):
        special[author] = TRAINING_EMPTYISH[i] if i < 2 else styled(rng, generic[i % len(generic)])
    rows = []
    for moment, person in zip(times, participants, strict=True):
        boost = person.attitude * 0.8
        answers = [likert_answer(rng, mean + boost) for _, mean in TRAINING_LIKERT.values()]
        rows.append([stamp(moment), person.email, typed_name(rng, person),
                     typed_nip(rng, person.nip), typed_unit(rng, person.unit), *answers,
                     special.get(person, "")])
    return rows, participants


# --- (b) two rounds of the appraisal-socialisation survey --------------------------------

# (topic, sentence): a two-sentence comment never repeats a topic, so it cannot contradict
# itself; the topics are the themes a codebook would find.
KINERJA_COMMENTS_COMMON = (
    ("indikator", "Indikator kinerja dalam SKP masih terlalu umum dan sulit diukur."),
    ("indikator", "Rencana hasil kerja tidak selaras dengan tugas yang benar-benar saya kerjakan."),
    ("indikator", "Panduan penyusunan indikator sebaiknya ditulis dengan bahasa yang lebih "
                  "sederhana."),
    ("indikator", "Perlu contoh SKP untuk jabatan pelaksana agar tidak menyalin dari tahun lalu."),
    ("indikator", "Indikator untuk jabatan fungsional sebaiknya mengacu pada butir kegiatan "
                  "jabatannya."),
    ("umpan-balik", "Atasan jarang memberikan umpan balik, biasanya hanya di akhir tahun saat "
                    "penilaian."),
    ("umpan-balik", "Dialog kinerja dengan atasan sebaiknya dijadwalkan rutin setiap triwulan."),
    ("umpan-balik", "Umpan balik sebaiknya disampaikan langsung, bukan hanya lewat catatan di "
                    "aplikasi."),
    ("aplikasi", "Aplikasi e-Kinerja sering error menjelang batas waktu pengisian."),
    ("aplikasi", "Perlu pelatihan penggunaan aplikasi e-Kinerja bagi pegawai baru."),
    ("aplikasi", "Tampilan aplikasi di ponsel kurang nyaman, tombol simpan sering tidak terlihat."),
    ("bukti-dukung", "Bukti dukung terlalu banyak dan memberatkan, perlu disederhanakan."),
    ("bukti-dukung", "Format bukti dukung berbeda-beda antarbidang, mohon diseragamkan."),
    ("target", "Target kinerja kadang ditetapkan sepihak tanpa diskusi."),
    ("target", "Ekspektasi pimpinan perlu disampaikan di awal tahun, bukan di akhir."),
    ("pendampingan", "Mohon ada pendampingan penyusunan SKP untuk pejabat fungsional."),
    ("pendampingan", "Sebaiknya ada narahubung di tiap bidang yang bisa ditanya soal SKP."),
    ("keadilan", "Perilaku kerja BerAKHLAK sulit dinilai secara objektif."),
    ("keadilan", "Penilaian sebaiknya juga mempertimbangkan masukan rekan kerja."),
    ("jadwal", "Jadwal pengisian SKP terlalu mepet dengan kegiatan lain."),
    ("jadwal", "Batas waktu pengisian sebaiknya diumumkan jauh hari sebelumnya."),
    ("penghargaan", "Perlu ada penghargaan nyata bagi pegawai dengan predikat Sangat Baik."),
    ("penghargaan", "Pegawai yang kinerjanya baik dan yang biasa saja mendapat perlakuan sama."),
    ("sosialisasi", "Sosialisasi sebaiknya dilakukan per bidang supaya contohnya sesuai pekerjaan "
                    "kami."),
    ("sosialisasi", "Materi sosialisasi mohon dibagikan dalam bentuk digital agar bisa dibaca "
                    "ulang."),
    ("tindak-lanjut", "Tindak lanjut hasil penilaian belum jelas, tidak terlihat pengaruhnya ke "
                      "pengembangan karier."),
)
KINERJA_COMMENTS = {
    "2025-S2": KINERJA_COMMENTS_COMMON + (
        ("sosialisasi", "Sosialisasi PermenPANRB 6 Tahun 2022 perlu diulang karena banyak "
                        "pegawai yang belum paham."),
        ("sosialisasi", "Waktu sosialisasi terlalu singkat dan tidak ada sesi tanya jawab."),
        ("formalitas", "Penilaian terkesan formalitas, hampir semua pegawai mendapat predikat "
                       "Baik."),
        ("formalitas", "Penilaian kinerja hanya dikejar saat ada syarat administrasi, setelah itu "
                       "dilupakan."),
        ("umpan-balik", "Hasil penilaian tidak pernah disampaikan langsung kepada pegawai."),
        ("indikator", "Indikator untuk pelaksana banyak yang sama padahal pekerjaannya berbeda."),
        ("indikator", "Saya masih bingung membedakan rencana hasil kerja dan indikator kinerja "
                      "individu."),
        ("keadilan", "Ada kesan penilaian dipengaruhi kedekatan dengan atasan."),
        ("aplikasi", "Aplikasi sering logout sendiri sehingga isian yang belum disimpan hilang."),
    ),
    "2026-S1": KINERJA_COMMENTS_COMMON + (
        ("sosialisasi", "Sosialisasi kemarin sudah jauh lebih jelas, terutama contoh indikator "
                        "per jabatan."),
        ("pendampingan", "Klinik SKP sangat membantu, mohon dilanjutkan setiap semester."),
        ("umpan-balik", "Sekarang atasan sudah mulai rutin mengajak diskusi kinerja, semoga "
                        "konsisten."),
        ("umpan-balik", "Umpan balik sudah ada, tetapi belum semua atasan melakukannya."),
        ("tindak-lanjut", "Masih perlu kejelasan tindak lanjut hasil penilaian untuk pengembangan "
                          "kompetensi."),
        ("aplikasi", "Aplikasi sudah lebih stabil, tapi unggah bukti dukung masih lambat."),
        ("formalitas", "Sudah ada perbaikan dibanding tahun lalu, tinggal konsistensi "
                       "pelaksanaannya."),
        ("formalitas", "Di beberapa bidang penilaian masih terasa formalitas, belum dibahas "
                       "bersama."),
    ),
}
KINERJA_SHORT = ("Sudah cukup baik.", "sosialisasi lebih sering", "Tidak ada", "-")


def kinerja_mentions(rng: random.Random, roster: list[Person]) -> list:
    """Comments naming or pointing at a person: an honorific with a name or a job title."""
    pkap = [p for p in roster if p.unit == "penilaian-kinerja"]

    def helped(author: Person) -> str:
        helper = rng.choice([p for p in pkap if p != author])
        return (f"Terima kasih {'Pak' if helper.male else 'Bu'} {helper.first} yang sabar "
                "menjelaskan cara mengisi e-Kinerja.")

    def klinik(author: Person) -> str:
        helper = rng.choice([p for p in pkap if p != author and not p.male])
        return f"Ibu {helper.first} dari Bidang PKAP sangat membantu saat klinik SKP."

    def atasan(author: Person) -> str:
        head = next(p for p in roster if p.head and p.unit == author.unit)
        if head == author:
            return "Pak Kabid jarang ada di kantor sehingga dialog kinerja tidak berjalan."
        return (f"Mohon {'Bapak' if head.male else 'Ibu'} {head.name} selaku atasan langsung "
                "memberikan umpan balik lebih sering.")

    templates = [
        helped, klinik, atasan,
        lambda author: "Bu Kasubbag sudah membantu menjelaskan, tapi waktunya terbatas.",
        lambda author: "Pak Kabid jarang ada di kantor sehingga dialog kinerja tidak berjalan.",
    ]
    return rng.sample(templates, len(templates))


def kinerja_comment(rng: random.Random, period: str) -> str:
    if rng.random() < 0.08:
        return rng.choice(KINERJA_SHORT)
    pool = KINERJA_COMMENTS[period]
    topic, text = rng.choice(pool)
    if rng.random() < 0.25:
        second = rng.choice([t for k, t in pool if k != topic])
        joiner = "\n" if rng.random() < 0.08 else " "  # paragraph answers keep line breaks
        text = text + joiner + second
    return styled(rng, text)


def kinerja_answers(rng: random.Random, person: Person, period: str) -> list[str]:
    unit = UNIT_BY_ID[person.unit]
    round_index = list(KINERJA_FILES).index(period)
    answers = []
    for qid, (_, *means) in KINERJA_LIKERT.items():
        attitude = (person.attitude + unit.effect + JABATAN_EFFECT[person.jabatan]
                    + UNIT_QUESTION_EFFECT.get((unit.id, qid), 0.0)
                    + JABATAN_QUESTION_EFFECT.get((person.jabatan, qid), 0.0))
        sign = -1 if qid in KINERJA_REVERSE else 1
        answers.append(likert_answer(rng, means[round_index] + sign * attitude))
    return answers


def pick_respondents(rng: random.Random, roster: list[Person], total: int,
                     small_n: int) -> list[Person]:
    small = [p for p in roster if p.unit == SMALL_UNIT]
    others = [p for p in roster if p.unit != SMALL_UNIT]
    return rng.sample(others, total - small_n) + rng.sample(small, small_n)


def make_kinerja(roster: list[Person], period: str, total: int, small_n: int,
                 window: tuple[dt.date, int], duplicates: int) -> tuple[list[list[str]], list]:
    rng = random.Random(f"{SEED}:sosialisasi-kinerja-{period}")
    people = pick_respondents(rng, roster, total, small_n)
    rng.shuffle(people)
    times = timestamps(rng, window[0], window[1], len(people), decay=0.35)
    mentions = kinerja_mentions(rng, roster)
    records = []
    for moment, person in zip(times, people, strict=True):
        comment = ""
        if rng.random() < 0.4:
            mention = mentions and rng.random() < 0.1
            comment = mentions.pop()(person) if mention else kinerja_comment(rng, period)
        records.append((moment, person, kinerja_answers(rng, person, period), comment))
    # Google Forms without "limit to 1 response": some people submit twice.
    big = [r for r in records if UNIT_BY_ID[r[1].unit].size >= 20]
    for moment, person, answers, comment in rng.sample(big, duplicates):
        if rng.random() < 0.5:  # resubmitted in the same sitting, or the next morning
            later = moment + dt.timedelta(minutes=rng.randint(3, 40), seconds=rng.randint(0, 59))
        else:
            later = dt.datetime.combine(moment.date() + dt.timedelta(1),
                                        dt.time(rng.randint(8, 10), rng.randint(0, 59),
                                                rng.randint(0, 59)))
        changed = list(answers)
        for i in rng.sample(range(len(changed)), 2):
            changed[i] = likert_answer(rng, 0.3)
        records.append((later, person, changed, comment or kinerja_comment(rng, period)))
    records.sort(key=lambda r: r[0])
    rows = [[stamp(m), p.email, typed_name(rng, p), typed_nip(rng, p.nip),
             typed_unit(rng, p.unit), p.jabatan, *answers, comment]
            for m, p, answers, comment in records]
    return rows, people


ROSTER_FILE = "surveys/roster.demo.csv"


def write_roster(project: Path, roster: list[Person]) -> None:
    """The staff list HR keeps: names to redact, and positions held by one person per unit."""
    names = {u.id: u.name for u in UNITS}
    rows = [[p.name, f"Kepala {names[p.unit]}" if p.head else p.jabatan, names[p.unit]] for p in roster]
    write_csv(project / ROSTER_FILE, ["Nama", "Jabatan", "Unit Kerja"], rows)
    print(f"{ROSTER_FILE}: {len(rows)} rows")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=Path(__file__).resolve().parent.parent,
                        help="project folder (default: the repository root)")
    project = parser.parse_args().project
    roster = make_roster()
    write_roster(project, roster)

    rows, participants = make_training(roster)
    write_csv(project / TRAINING_FILE, TRAINING_HEADER, rows)
    print(f"{TRAINING_FILE}: {len(rows)} rows")

    rounds = {"2025-S2": (200, 3, (dt.date(2025, 9, 15), 19), 0),
              "2026-S1": (220, 4, (dt.date(2026, 2, 9), 19), 2)}
    for period, (total, small_n, window, duplicates) in rounds.items():
        rows, people = make_kinerja(roster, period, total, small_n, window, duplicates)
        check_unit_counts(KINERJA_FILES[period], people)
        write_csv(project / KINERJA_FILES[period], KINERJA_HEADER, rows)
        print(f"{KINERJA_FILES[period]}: {len(rows)} rows, {len(people)} people")

    # The feature demos live beside this script and import its roster helpers, hence imported here.
    from demo_appraisal import write_appraisal_demo
    from demo_interviews import write_interviews
    from demo_training import write_training_demo

    write_interviews(project, roster)
    write_training_demo(project, roster, participants)
    write_appraisal_demo(project, roster)  # SKP rounds and 360 feedback


if __name__ == "__main__":
    main()

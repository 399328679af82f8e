"""Generate the demo's interview notes: twelve employees talk about the appraisal process.

Writes `surveys/wawancara-penilaian-2026/responses/catatan-NN.demo.md`, one Markdown note
per interviewee with YAML front matter (date, unit as typed, role, the interviewee's
name and NIP, the interviewer) and one heading per interview question, as the
evaluation team of the fictional BKPSDM Kabupaten Sukamaju would type them. Every
person comes from make_demo.make_roster(); some notes name a supervisor ("Bu Siti"),
which the redaction must catch. Output depends only on the seed, never on the clock.
Called from make_demo.main().
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from make_demo import SEED, SMALL_UNIT, UNIT_BY_ID, Person

FOLDER = "surveys/wawancara-penilaian-2026/responses"
INTERVIEWEES = 12
INTERVIEWER_UNIT = "penilaian-kinerja"
FIRST_DAY, DAYS = dt.date(2026, 7, 6), 10

# heading -> (sentences of a satisfied interviewee, of a dissatisfied one); "{atasan}" is the
# supervisor with an honorific. One answer never mixes the two, so no note contradicts itself.
QUESTIONS = {
    "Pemahaman tentang indikator kinerja": ((
        "Narasumber sudah memahami indikator kinerja di SKP-nya setelah mengikuti klinik SKP.",
        "Menurut narasumber, indikatornya sudah jelas dan sesuai dengan tugas jabatannya.",
        "Indikator disusun bersama atasan di awal tahun, sehingga target terasa masuk akal.",
    ), (
        "Indikator kinerja yang tertulis masih terlalu umum dan sulit diukur untuk pekerjaan sehari-hari.",
        "Narasumber masih bingung membedakan rencana hasil kerja dengan indikator kinerja individu.",
        "Target dalam SKP ditetapkan sepihak tanpa diskusi dengan pegawai.",
    )),
    "Umpan balik dan dialog dengan atasan": ((
        "Atasan memberikan umpan balik setiap bulan dan itu sangat membantu.",
        "Sejak ada jadwal dialog kinerja setiap triwulan, umpan balik terasa lebih rutin.",
        "{atasan} selaku atasan langsung sudah mulai mengajak diskusi kinerja.",
    ), (
        "Umpan balik hanya diberikan di akhir tahun saat penilaian.",
        "Dialog kinerja jarang dilakukan karena atasan sibuk dengan kegiatan di luar kantor.",
        "Narasumber berharap umpan balik disampaikan langsung, bukan hanya lewat catatan.",
    )),
    "Pengisian SKP dan aplikasi e-Kinerja": ((
        "Pengisian di aplikasi sudah lebih lancar dibanding tahun lalu.",
        "Narasumber terbantu oleh panduan pengisian aplikasi yang dibagikan BKPSDM.",
    ), (
        "Aplikasi e-Kinerja sering error menjelang batas waktu pengisian.",
        "Unggah bukti dukung di aplikasi masih lambat, apalagi dari kantor lapangan.",
        "Tampilan aplikasi di ponsel kurang nyaman, tombol simpan sering tidak terlihat.",
    )),
    "Manfaat dan tindak lanjut hasil penilaian": ((
        "Tindak lanjut berupa usulan pelatihan dari atasan sangat bermanfaat.",
        "Hasil penilaian mulai dipakai sebagai pertimbangan karier, sehingga pegawai lebih termotivasi.",
    ), (
        "Tindak lanjut hasil penilaian belum jelas, misalnya untuk pengembangan kompetensi.",
        "Penghargaan bagi pegawai berpredikat Sangat Baik masih kurang terasa.",
        "Narasumber merasa penilaian hanya formalitas karena tidak ada tindak lanjut yang terlihat.",
    )),
    "Saran perbaikan": ((
        "Klinik SKP sebaiknya dilanjutkan setiap semester.",
        "Sosialisasi sebaiknya dilakukan per bidang dengan contoh indikator per jabatan.",
        "Perlu narahubung SKP di setiap bidang yang bisa ditanya kapan saja.",
    ), (
        "Penilaian sebaiknya juga mempertimbangkan masukan rekan kerja.",
        "Batas waktu pengisian sebaiknya diumumkan jauh hari sebelumnya.",
        "Format bukti dukung sebaiknya disederhanakan dan diseragamkan antarbidang.",
    )),
}


def pick_interviewees(rng: random.Random, roster: list[Person]) -> list[Person]:
    """Twelve staff (no unit heads, nobody from the interviewers' unit), one of them from the small unit."""
    pool = [p for p in roster if not p.head and p.unit != INTERVIEWER_UNIT]
    small = [p for p in pool if p.unit == SMALL_UNIT]
    others = [p for p in pool if p.unit != SMALL_UNIT]
    return rng.sample(others, INTERVIEWEES - 1) + rng.sample(small, 1)


def answer(rng: random.Random, pools: tuple[tuple[str, ...], ...], person: Person, supervisor: Person) -> str:
    """One or two sentences of one tone: satisfied more often the better the person's attitude."""
    satisfied = rng.random() < 0.5 + 0.4 * max(-1.0, min(1.0, person.attitude))
    sentences = pools[0] if satisfied else pools[1]
    chosen = rng.sample(sentences, rng.choice((1, 1, 2)))
    honorific = "Pak" if supervisor.male else "Bu"
    return " ".join(s.format(atasan=f"{honorific} {supervisor.first}") for s in chosen)


def note(rng: random.Random, person: Person, interviewer: Person, day: dt.date, supervisor: Person,
         skip: str | None) -> str:
    unit = UNIT_BY_ID[person.unit]
    spelling = rng.choices([s for s, _ in unit.typed], weights=[w for _, w in unit.typed])[0].strip()
    lines = ["---", "survei: wawancara-penilaian-2026", f"tanggal: {day.isoformat()}", f"unit: {spelling}",
             f"peran: {person.jabatan}", f"narasumber: {person.name}", f"nip: '{person.nip}'",
             f"pewawancara: {interviewer.name}", "---", ""]
    for heading, pools in QUESTIONS.items():
        if heading != skip:  # a question the interview ran out of time for has no heading at all
            lines += [f"## {heading}", "", answer(rng, pools, person, supervisor), ""]
    return "\n".join(lines)


def write_interviews(project: Path, roster: list[Person]) -> None:
    rng = random.Random(f"{SEED}:wawancara-penilaian-2026")
    people = pick_interviewees(rng, roster)
    interviewers = [p for p in roster if p.unit == INTERVIEWER_UNIT and not p.head][:2]
    days = [FIRST_DAY + dt.timedelta(d) for d in range(DAYS) if (FIRST_DAY + dt.timedelta(d)).weekday() < 5]
    skips = {3: "Pengisian SKP dan aplikasi e-Kinerja", 8: "Manfaat dan tindak lanjut hasil penilaian"}
    folder = project / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for i, person in enumerate(people, 1):
        supervisor = next(p for p in roster if p.head and p.unit == person.unit)
        text = note(rng, person, interviewers[i % 2], days[i % len(days)], supervisor, skips.get(i))
        (folder / f"catatan-{i:02d}.demo.md").write_text(text, encoding="utf-8", newline="\n")
    print(f"{FOLDER}: {len(people)} notes")

"""Propose a survey definition from an export: a role and a type for every column.

Used by `rapor init-survey`. A proposal is a guess from headers and values; each one
carries the notes HR must review ("TINJAU") before the definition is trusted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import pandas as pd

from pipeline.definitions import Option, Project, Scale, slug
from pipeline.identifiers import EMAIL_RE, PHONE_RE, looks_like_identifier_header
from pipeline.ingest import answers
from pipeline.ingest.choices import NO_MARKERS, YES_MARKERS, infer_options, is_other_sub
from pipeline.ingest.columns import Columns, Sub
from pipeline.ingest.sheet import BRACKET, Sheet, clean_cells, header_key, label_key, on_distinct, python_text
from pipeline.ingest.units import unit_key, unit_lookup

GROUP_HINTS = (
    ("unit", r"unit|bagian|bidang|satuan kerja|satker|opd|perangkat daerah|instansi|subbag"),
    ("jenis_kelamin", r"jenis kelamin|gender|sex"),
    ("angkatan", r"angkatan|gelombang|cohort|batch|kelas pelatihan"),
    ("jabatan", r"jabatan|eselon|jenjang"),
    ("golongan", r"golongan|pangkat"),
)
ROW_COUNTER = {"no", "nomor", "no urut", "#", "id"}
TEXT_HINTS = (r"saran|komentar|masukan|catatan|alasan|pendapat|harapan|kritik|usul|jelaskan|"
              r"sebutkan|uraikan|ceritakan|comment|suggest|feedback|explain|why")
ORGANISATION_WORDS = (r"bagian|bag|bidang|bid|subbagian|subbag|sub|seksi|upt|uptd|sekretariat|"
                      r"dinas|badan|kantor|kecamatan|kelurahan|biro|inspektorat|tata usaha|"
                      r"direktorat")
NAME_RE = r"(?:[A-Z][A-Za-z'’.-]*|[A-Z]\.)(?:\s+(?:[A-Z][A-Za-z'’.-]*|[A-Z]\.)){0,5}"


@dataclass(frozen=True)
class Proposal:
    """What one column (or a family of option columns) becomes in survey.yml."""

    column: str
    role: str  # question | group | identifier
    id: str = ""
    type: str = "text"
    scale: str | None = None
    options: tuple[Option, ...] = ()
    other: bool = False
    text: str | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class SurveyProposal:
    proposals: tuple[Proposal, ...]
    link_key: str | None
    platform: tuple[str, ...]  # identifier columns the reader drops by itself
    timestamps: pd.Series = field(repr=False)

    def role(self, role: str) -> list[Proposal]:
        return [p for p in self.proposals if p.role == role]


def propose(sheet: Sheet, project: Project) -> SurveyProposal:
    """Guess, for every column of the export, whether it is a question, a group or an identifier."""
    frame = python_text(sheet.frame) if sheet.frame.attrs.get("trimmed") else clean_cells(sheet.frame)
    columns = Columns(frame.columns, sheet)
    auto, platform, stamp = _platform_columns(sheet, columns)
    labels = _display_labels(sheet)
    proposals, taken = _option_families(frame, columns, auto, labels)
    for column in frame.columns:
        if column not in auto and column not in taken:
            label = labels.get(column)
            proposals.append(_propose_column(frame[column], column, label, sheet, project))
    proposals = with_ids(sorted((p for p in proposals if p is not None),
                                 key=lambda p: _position(p.column, frame, columns)))
    stamps = on_distinct(frame[stamp], answers.dates)[0] if stamp else \
        pd.Series(dtype="datetime64[ns]")
    key = _link_key([p.column for p in proposals if p.role == "identifier"] + platform, frame)
    return SurveyProposal(tuple(proposals), key, tuple(platform), stamps)


def _position(column: str, frame: pd.DataFrame, columns: Columns) -> int:
    """Where a proposal's column sits in the export (a family: where its first option sits)."""
    order = {c: i for i, c in enumerate(frame.columns)}
    found = columns.find(column)
    if found in order:
        return order[found]
    members = [order[s.column] for s in columns.subs if s.key == header_key(column)]
    return min(members, default=len(order))


def _platform_columns(sheet: Sheet, columns: Columns) -> tuple[set[str], list[str], str | None]:
    """Columns the reader handles itself: timestamp, bookkeeping, the platform's identifiers."""
    layout = sheet.layout
    stamp = next((c for c in map(columns.find, layout.timestamp_headers) if c), None)
    platform = [c for c in dict.fromkeys(map(columns.find, layout.identifier_headers)) if c]
    patterns = [re.compile(p) for p in layout.metadata_patterns]
    auto = {c for c in map(columns.find, (*layout.metadata_headers, *layout.private_headers)) if c}
    auto |= {c for c in sheet.frame.columns if any(p.search(c) for p in patterns)}
    return auto | set(platform) | ({stamp} - {None}), platform, stamp


def _display_labels(sheet: Sheet) -> dict[str, str]:
    """The text a person reads: Qualtrics' question text, a Kobo header without its groups."""
    labels = {c: c.split("\n")[0].strip() for c in sheet.frame.columns if "\n" in c}
    for name, column in sheet.aliases:
        labels[column] = name.split("\n")[0].strip()
    return labels


def _option_families(frame, columns: Columns, auto: set[str], labels: dict[str, str]):
    """Options split over columns (`Q1[SQ001]`, `q/choice`, `Q3_1`) become one multi question."""
    proposals, taken = [], set()
    by_key: dict[str, list[Sub]] = {}
    for sub in columns.subs:
        if sub.column not in auto:
            by_key.setdefault(sub.key, []).append(sub)
    subs_of: dict[str, list[Sub]] = {}
    for sub in columns.subs:
        subs_of.setdefault(sub.column, []).append(sub)
    for family in by_key.values():
        members = list(dict.fromkeys(s.column for s in family if s.column not in taken))
        ticks = [c for c in members if not any(is_other_sub(s.sub) for s in subs_of[c])]
        if len(ticks) < 2 or not all(_tick_like(frame[c], subs_of[c]) for c in ticks):
            continue
        summary = columns.find(family[0].parent)
        column = summary or next((s.parent for s in family if s.from_header), family[0].parent)
        options = tuple(_option(subs_of[c]) for c in ticks)
        if len({slug(o.label) for o in options}) < len(options):
            continue
        readable = [s.parent for c in ticks for s in subs_of[c] if not s.from_header]
        text = labels.get(summary or "") or (readable[0] if readable else None)
        notes = ("daftar pilihan dibaca dari judul kolom; periksa labelnya",)
        proposals.append(Proposal(column, "question", type="multi", options=options,
                                  other=len(members) > len(ticks), text=text, notes=notes))
        taken |= set(members) | ({summary} - {None})
    return proposals, taken


def _tick_like(cells: pd.Series, subs: list[Sub]) -> bool:
    keys = set(answers.map_distinct(cells[cells != ""], label_key))
    return keys <= NO_MARKERS | YES_MARKERS | {label_key(s.sub) for s in subs}


def _option(subs: list[Sub]) -> Option:
    """Label from the readable name (Qualtrics' 'Topik - Kepemimpinan'), code from the header.

    A bare code (LimeSurvey `SQ001`) is written as both, so HR only replaces the label.
    """
    code = next((s.sub for s in subs if s.from_header), subs[0].sub)
    label = next((s.sub for s in subs if not s.from_header), code)
    if label == code and not re.fullmatch(r"[A-Za-z_]*\d+\w*", code):
        return Option(label=label)
    return Option(label=label, code=code)


def _propose_column(values: pd.Series, column: str, label: str | None, sheet: Sheet,
                    project: Project) -> Proposal | None:
    text = label or column
    filled = values[values != ""]
    if looks_like_identifier_header(text) or looks_like_identifier_header(column):
        return Proposal(column, "identifier")
    if filled.empty:
        return Proposal(column, "question", type="text", text=label,
                        notes=("kolom ini kosong di berkas contoh; periksa jenisnya",))
    if header_key(text) in ROW_COUNTER and _is_sequence(filled):
        return None
    scale, near = fitting_scale(filled, project.scales)
    if scale:  # answers on a scale make a Likert item, whatever its header mentions
        notes = () if not filled.str.fullmatch(r"\d+").all() else (
            f"jawaban berupa angka; pastikan artinya sama dengan skala '{scale}'",)
        return Proposal(column, "question", type="likert", scale=scale, text=label, notes=notes)
    group = group_for(text)
    known = unit_lookup(project.units)
    if group is None and answers.map_distinct(filled, unit_key).isin(known).mean() >= 0.6:
        group = "unit"
    if group and filled.nunique() <= max(20, len(filled) // 2):
        return Proposal(column, "group", id=group, text=label)
    if re.search(rf"(?i)\b(?:{TEXT_HINTS})", text):
        return Proposal(column, "question", type="text", text=label)
    return _by_values(filled, column, label, sheet, near)


def group_for(text: str) -> str | None:
    """The group a short header names: 'Unit Kerja' -> unit, 'Jenis kelamin' -> jenis_kelamin.

    A statement that merely mentions a unit ('Penilaian di unit saya …') names no group.
    """
    if len(text.split()) > 5:
        return None
    return next((gid for gid, hint in GROUP_HINTS if re.search(rf"(?i)\b(?:{hint})", text)), None)


def _by_values(filled: pd.Series, column: str, label: str | None, sheet: Sheet,
               near: str) -> Proposal:
    """Identifier, multi, number, date, single or text, from what the answers look like."""
    kind = _identifier_kind(filled)
    if kind:
        return Proposal(column, "identifier", notes=(f"nilainya tampak seperti {kind}",))
    options, other = infer_options(filled, sheet.layout.separator)
    if options:
        notes = ("pilihan ditebak dari jawaban; samakan dengan daftar pilihan di formulir",)
        return Proposal(column, "question", type="multi", options=options, other=other, text=label,
                        notes=notes)
    if not answers.number(filled)[1].any():
        return Proposal(column, "question", type="number", text=label)
    if not answers.dates(filled.drop_duplicates())[1].any():
        return Proposal(column, "question", type="date", text=label)
    distinct = sorted(filled.unique())
    if near or (len(distinct) <= min(12, len(filled) / 2) and filled.str.len().mean() <= 40):
        notes = (near,) if near else ()
        options = tuple(Option(label=v) for v in distinct)
        return Proposal(column, "question", type="single", options=options, text=label, notes=notes)
    return Proposal(column, "question", type="text", text=label)


def fitting_scale(filled: pd.Series, scales: dict[str, Scale]) -> tuple[str | None, str]:
    """The scale every answer fits (labels before bare digits); else a hint when one nearly fits."""
    distinct = list(filled.unique())
    fits, near = [], ""
    for name, scale in scales.items():
        lookup = answers.scale_lookup(scale)
        unmatched = [v for v in distinct if answers.scale_value(v, lookup) is None]
        if not unmatched:
            fits.append(name)
        elif len(unmatched) <= 2 and len(distinct) - len(unmatched) >= 2 and not near:
            shown = ", ".join(f"'{v}'" for v in unmatched)
            near = (f"hampir cocok dengan skala '{name}': tambahkan {shown} sebagai alias di "
                    "scales.yml, lalu ubah type menjadi likert dengan scale: " + name)
    return (fits[0] if fits else None), near


def _identifier_kind(filled: pd.Series) -> str | None:
    def share(pattern: str, values: pd.Series = filled) -> float:
        return float(values.str.fullmatch(pattern).mean())

    digits = filled.str.replace(r"[\s.-]", "", regex=True)
    if share(EMAIL_RE.pattern) >= 0.6:
        return "alamat email"
    if share(r"\d{18}", digits) >= 0.6:
        return "NIP"
    if share(r"\d{16}", digits) >= 0.6:
        return "NIK"
    if share(PHONE_RE.pattern) >= 0.6:
        return "nomor telepon"
    names = filled.str.replace(r",.*$", "", regex=True).str.strip()
    organisational = names.str.contains(rf"(?i)\b(?:{ORGANISATION_WORDS})\b").mean() > 0.2
    if share(NAME_RE, names) >= 0.8 and filled.nunique() >= 0.8 * len(filled) \
            and names.str.contains(" ").any() and len(filled) >= 3 and not organisational:
        return "nama orang"
    return None


def _is_sequence(filled: pd.Series) -> bool:
    numbers = pd.to_numeric(filled, errors="coerce")
    return bool(numbers.notna().all() and numbers.is_monotonic_increasing and numbers.is_unique)


def with_ids(proposals: list[Proposal]) -> list[Proposal]:
    """Give questions and groups ids from their text: short, unique, `[a-z0-9_]`."""
    used: set[str] = set()
    out = []
    for p in proposals:
        if p.role == "identifier":
            out.append(p)
            continue
        row = re.match(BRACKET, p.text or p.column)  # a grid row: `Title [Row]` is named by its row
        base = p.id or _short_id(row["sub"] if row else p.text or p.column) or "pertanyaan"
        candidate, n = base, 1
        while candidate in used:
            n += 1
            candidate = f"{base}_{n}"
        used.add(candidate)
        out.append(replace(p, id=candidate))
    return out


def _short_id(text: str, limit: int = 40) -> str:
    words = slug(text).split("_")
    out = ""
    for word in words:
        if out and len(out) + 1 + len(word) > limit:
            break
        out = f"{out}_{word}" if out else word[:limit]
    return out


def _link_key(candidates: list[str], frame: pd.DataFrame) -> str | None:
    """NIP first, then email: a key that is filled in and looks real in nearly every row."""
    for pattern in (r"\d{18}", EMAIL_RE.pattern):
        for column in candidates:
            values = frame[column].str.replace(r"[\s.-]", "", regex=True) if "d{18}" in pattern \
                else frame[column]
            if len(values) and values.str.fullmatch(pattern).mean() >= 0.9:
                return column
    return None

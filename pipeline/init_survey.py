"""`rapor init-survey`: draft surveys/ID/survey.yml from one export, for HR to review.

The draft is written as commented YAML: every guess HR should check is marked
"TINJAU". Unit names the export uses that units.yml does not know are appended to
units.yml as draft entries (text appended, so its comments and layout stay intact).
A KoboToolbox XLSX with repeat groups also gets one draft per repeat sheet
(`sheet: <name>`), beside the draft of the main sheet.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pandas as pd
import yaml
from pydantic import ValidationError

from pipeline.definitions import ID_RE, Project, Survey, load_project, slug
from pipeline.errors import DefinitionError, ExportError, RaporError
from pipeline.ingest import READERS, detect_format, kobotoolbox
from pipeline.ingest.sheet import Sheet
from pipeline.ingest.tabular import RawTable, read_table
from pipeline.propose import Proposal, SurveyProposal, propose
from pipeline.unit_drafts import append_units, draft_units
from pipeline.xlsform import is_xlsform, propose_form

REVIEW = "TINJAU"
TRAINING_WORDS = r"pelatihan|diklat|latsar|training|bimtek|workshop|kursus"


@dataclass(frozen=True)
class Draft:
    """What init-survey wrote, for the command's summary."""

    survey_id: str
    path: Path
    export: Path | None  # the copy under responses/; None for an XLSForm (no responses yet)
    format: str
    questions: int
    groups: int
    identifiers: int
    new_units: tuple[str, ...]
    reviews: int
    sheet: str | None = None  # the repeat group this draft reads
    repeats: tuple[Draft, ...] = ()  # drafts of the export's repeat groups


def init_survey(root: Path, export: Path, survey_id: str | None = None) -> Draft:
    """Draft a survey definition from an export (or an XLSForm) and copy the export beside it."""
    project = load_project(root)
    if not export.is_file():
        raise ExportError(export, "berkas tidak ditemukan")
    survey_id = survey_id or (slug(export.name.split(".")[0], "-") or "survei")
    if not re.match(ID_RE, survey_id):
        raise RaporError(f"id survei '{survey_id}' tidak valid; pakai huruf kecil, angka dan '-'")
    folder = root / "surveys" / survey_id
    if folder.exists():
        raise RaporError(f"folder {folder} sudah ada; pilih id lain dengan --id")
    repeats: dict[str, SurveyProposal] = {}
    if is_xlsform(export):
        proposal, unit_values, name = propose_form(export, project), None, "kobotoolbox"
    else:
        raw = read_table(export)
        name = detect_format(raw)
        sheet = READERS[name].prepare(raw)
        proposal = propose(sheet, project)
        unit_values = _unit_values(proposal, sheet.frame)
        if name == "kobotoolbox":
            repeats = _repeat_proposals(raw, project)
    if not proposal.role("question"):
        raise RaporError(f"{export.name}: tidak ada kolom yang tampak sebagai pertanyaan survei")
    ids = {group: f"{survey_id}-{slug(group, '-') or 'grup'}" for group in repeats}
    for other in ids.values():
        if (root / "surveys" / other).exists():
            raise RaporError(f"folder {root / 'surveys' / other} (draf grup berulang) sudah ada; "
                             "pilih id lain dengan --id")
    new_units = draft_units(unit_values if unit_values is not None else _form_units(proposal),
                            project)
    text = render_draft(survey_id, export, name, proposal, project, repeats=tuple(ids.items()))
    drafts = [(survey_id, text, proposal, None)]
    drafts += [(ids[group], render_draft(ids[group], export, name, p, project, sheet=group), p, group)
               for group, p in repeats.items()]
    for draft_id, draft_text, _, _ in drafts:
        _validate(draft_text, root / "surveys" / draft_id / "survey.yml")
    written = [_write(root, export, *draft, name) for draft in drafts]
    if new_units:
        append_units(root / "surveys" / "units.yml", new_units, export.name)
    return replace(written[0], new_units=tuple(u.name for u in new_units), repeats=tuple(written[1:]))


def _write(root: Path, export: Path, survey_id: str, text: str, proposal: SurveyProposal,
           sheet: str | None, name: str) -> Draft:
    """Write one draft and copy the export beside it (an XLSForm has no responses yet)."""
    folder = root / "surveys" / survey_id
    (folder / "responses").mkdir(parents=True)
    (folder / "survey.yml").write_text(text, encoding="utf-8")
    copy = None
    if not is_xlsform(export):
        copy = folder / "responses" / export.name
        shutil.copy2(export, copy)
    identifiers = len(proposal.role("identifier")) + len(proposal.platform)
    return Draft(survey_id, folder / "survey.yml", copy, name, len(proposal.role("question")),
                 len(proposal.role("group")), identifiers, (), text.count(REVIEW) - 1, sheet)


def _repeat_proposals(raw: RawTable, project: Project) -> dict[str, SurveyProposal]:
    """A draft per repeat sheet: its own questions, with the groups and identifiers of the
    submission (a column of the repeat sheet can differ between one person's rows, so it is
    a question, never a group)."""
    out = {}
    for group in kobotoolbox.repeat_sheets(raw):
        joined = kobotoolbox.join_repeat(raw, group)
        if joined.frame is None:
            continue
        sheet = Sheet(raw.path, joined.frame, kobotoolbox.LAYOUT,
                      aliases=tuple(kobotoolbox.group_free_names(joined.frame.columns)))
        proposal = propose(sheet, project)
        parent = set(joined.parent_columns)
        kept = []
        for p in proposal.proposals:
            mine = p.column in parent or any(c.startswith(p.column + "/") for c in parent)
            if p.role == "group" and not mine:
                note = "kolom grup berulang: bisa berbeda antarbaris satu orang, jadi bukan kelompok"
                p = replace(p, role="question", type="single", notes=(*p.notes, note))
            if p.role != "question" or not mine:
                kept.append(p)
        proposal = replace(proposal, proposals=tuple(kept))
        if proposal.role("question"):
            out[group] = proposal
    return out


def _unit_values(proposal: SurveyProposal, frame: pd.DataFrame) -> pd.Series:
    unit = next((p for p in proposal.role("group") if p.id == "unit"), None)
    return frame[unit.column].astype(object) if unit else pd.Series(dtype=str)


def _form_units(proposal: SurveyProposal) -> pd.Series:
    unit = next((p for p in proposal.role("group") if p.id == "unit"), None)
    return pd.Series([o.label for o in unit.options] if unit else [], dtype=str)


def _validate(text: str, path: Path) -> None:
    try:
        Survey.model_validate(yaml.safe_load(text))
    except (ValidationError, yaml.YAMLError) as exc:  # a bug in the draft writer, not in the data
        raise DefinitionError(path, f"draf yang dihasilkan tidak valid: {exc}") from exc


def q(value: str) -> str:
    """A YAML scalar that stays text whatever it holds (JSON strings are valid YAML)."""
    return json.dumps(str(value), ensure_ascii=False)


def render_draft(survey_id: str, export: Path, name: str, proposal: SurveyProposal,
                 project: Project, sheet: str | None = None,
                 repeats: tuple[tuple[str, str], ...] = ()) -> str:
    """The commented survey.yml, top-level keys first, then groups and questions.

    `sheet`: the repeat group this draft reads; `repeats`: (repeat group, its draft's id)
    of the export, named in the draft of the main sheet.
    """
    stamps = proposal.timestamps
    title = _title(export) + (f" ({sheet})" if sheet else "")
    lines = [
        f"# Draf definisi survei dari '{export.name}' (format {name}), dibuat oleh "
        "`rapor init-survey`.",
        f'# Baca setiap komentar "{REVIEW}", perbaiki bila perlu, lalu hapus komentarnya.',
        "# Setelah itu jalankan `rapor check`.",
        f"id: {survey_id}",
        f"title: {q(title)}  # {REVIEW}: judul yang tampil di situs",
        f"kind: {_kind(export)}  # {REVIEW}: survey, training, needs, skp, feedback-360, "
        "interviews atau training-record",
        f"period: {q(_period(stamps))}  # {REVIEW}: {_period_note(stamps)}",
        f"format: {name}",
    ]
    if sheet:
        lines.append(f"sheet: {q(sheet)}  # {REVIEW}: satu baris per isian grup berulang '{sheet}' "
                     "(misalnya setiap sesi yang dinilai), digabung dengan kolom pengisinya di "
                     "lembar utama (unit, identitas)")
    for group, draft_id in repeats:
        lines.append(f"# {REVIEW}: berkas ini juga berisi grup berulang di lembar '{group}'. Survei "
                     f"ini hanya membaca lembar utama (satu baris per responden); '{group}' dibaca "
                     f"oleh draf surveys/{draft_id}/survey.yml lewat 'sheet: {group}'. Hapus folder "
                     "itu bila grup ini tidak perlu dianalisis.")
    lines += _identifier_lines(proposal)
    groups = proposal.role("group")
    if groups:
        lines.append(f"groups:  # {REVIEW}: kelompok untuk rincian hasil (unit, jabatan, …)")
        for p in groups:
            lines += [f"  - id: {p.id}", f"    column: {q(p.column)}",
                      f"    label: {q(p.text or p.column)}"]
    lines.append(f"questions:  # {REVIEW}: periksa 'type' setiap pertanyaan; 'text' = label "
                 "singkat di laporan")
    for p in proposal.role("question"):
        lines += _question_lines(p)
    return "\n".join(lines) + "\n"


def _identifier_lines(proposal: SurveyProposal) -> list[str]:
    lines = ["# Kolom identitas dibaca untuk memeriksa kebocoran dan tidak pernah diterbitkan."]
    if proposal.platform:
        shown = ", ".join(f"'{c}'" for c in proposal.platform)
        lines.append(f"# Kolom identitas bawaan platform ({shown}) selalu diperlakukan begitu.")
    identifiers = proposal.role("identifier")
    lines.append("identifiers:" + ("" if identifiers else " []"))
    for p in identifiers:
        note = f"  # {REVIEW}: {'; '.join(p.notes)}" if p.notes else ""
        lines.append(f"  - {q(p.column)}{note}")
    if proposal.link_key:
        lines.append(f"link_key: {q(proposal.link_key)}  # {REVIEW}: menghubungkan jawaban orang "
                     "yang sama (NIP atau email); jawaban lama orang yang sama tidak dipakai")
    return lines


def _question_lines(p: Proposal) -> list[str]:
    lines = [f"  - id: {p.id}", f"    column: {q(p.column)}", f"    type: {p.type}"]
    if p.scale:
        lines.append(f"    scale: {p.scale}")
    if p.options:
        lines.append("    options:")
        for o in p.options:
            item = q(o.label) if o.code is None else f"{{label: {q(o.label)}, code: {q(o.code)}}}"
            lines.append(f"      - {item}")
    if p.other:
        lines.append(f"    other: true  # {REVIEW}: jawaban di luar daftar disimpan sebagai "
                     "'lainnya'")
    if p.text and p.text != p.column:
        lines.append(f"    text: {q(p.text)}")
    for note in p.notes:
        lines.append(f"    # {REVIEW}: {note}")
    return lines


def _title(export: Path) -> str:
    words = re.sub(r"[_\-]+", " ", export.name.split(".")[0]).strip()
    return words[:1].upper() + words[1:] if words else "Survei baru"


def _kind(export: Path) -> str:
    return "training" if re.search(TRAINING_WORDS, export.name, re.IGNORECASE) else "survey"


def _period(stamps: pd.Series) -> str:
    stamps = stamps.dropna()
    if stamps.empty:
        return str(date.today().year)
    years = stamps.dt.year.unique()
    if len(years) > 1:
        return str(int(stamps.dt.year.max()))
    halves = set((stamps.dt.month > 6).map({False: 1, True: 2}))
    return f"{int(years[0])}-S{halves.pop()}" if len(halves) == 1 else str(int(years[0]))


def _period_note(stamps: pd.Series) -> str:
    stamps = stamps.dropna()
    if stamps.empty:
        return "tidak ada tanggal jawaban; pakai 2026, 2026-S1, 2026-Q3 atau 2026-10"
    first, last = stamps.min().strftime("%d/%m/%Y"), stamps.max().strftime("%d/%m/%Y")
    return f"jawaban diisi {first}–{last}; pakai 2026, 2026-S1, 2026-Q3 atau 2026-10"


"""Interview notes: one note per respondent, read into the same canonical table as an export.

A survey of `kind: interviews` keeps its notes in `responses/` as Markdown or plain
text (`.md`, `.txt`) or Word (`.docx`). A note starts with YAML front matter between
`---` lines (unit, role, date, and whoever was interviewed), then one heading per
interview question (`## Bagaimana umpan balik dari atasan?`) with the notes below it:

    ---
    survei: wawancara-penilaian-2026
    tanggal: 2026-07-14
    unit: Bidang Mutasi dan Promosi
    peran: Pelaksana
    narasumber: Nama Lengkap
    ---
    ## Pemahaman indikator kinerja
    Narasumber merasa indikator ...

In Word, headings are paragraphs in a Heading ("Judul") style and the front matter
is the `kunci: nilai` lines before the first heading. Each note becomes one row of a
sheet whose columns are the front-matter keys and the headings; the canonical mapping
then treats front-matter keys like export columns: those in `identifiers` (and keys
such as `nama`, `nip`) are read for redaction and dropped, `groups` name keys, and
`questions` (type `text`) name headings.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import yaml

from pipeline.definitions import Project, Survey
from pipeline.identifiers import IdentifierSet
from pipeline.ingest.canonical import to_canonical
from pipeline.ingest.sheet import Layout, Sheet, header_key
from pipeline.problems import Problem
from pipeline.tables import FileReport, Ingested

FORMAT = "wawancara"
NOTE_SUFFIXES = {".md", ".markdown", ".txt", ".docx"}
LAYOUT = Layout(
    timestamp_headers=("tanggal", "date", "tanggal wawancara"),
    metadata_headers=("survei", "survey", "program", "programme", "putaran", "round", "judul", "title"),
    identifier_headers=("narasumber", "responden", "pewawancara", "interviewer", "nama", "nip", "email"),
)
FRONT_MATTER_RE = re.compile(r"\A\s*---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")
BULLET_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


def note_files(project: Project, survey: Survey) -> list[Path]:
    folder = project.survey_dir(survey) / "responses"
    return sorted(p for p in folder.glob("*") if p.is_file() and p.suffix.lower() in NOTE_SUFFIXES
                  and not p.name.startswith(("~$", ".")))


def read_interviews(project: Project, survey: Survey) -> Ingested:
    """Read every note of an interview survey into one canonical table, collecting problems."""
    problems: list[Problem] = []
    tables, reports = [], []
    identifiers = IdentifierSet()
    files = note_files(project, survey)
    if not files:
        problems.append(Problem(project.survey_dir(survey) / "responses", 0, "", "error", "tidak-ada-berkas",
                                "folder responses/ tidak berisi catatan wawancara (.md, .txt atau .docx)"))
    for path in files:
        fields, sections, found = read_note(path)
        problems += found
        if fields is None:
            continue
        canonical = to_canonical(_sheet(path, survey, fields, sections, problems), survey, project)
        problems += canonical.problems
        identifiers.merge(canonical.identifiers)
        tables.append(canonical.table)
        reports.append(FileReport(path, FORMAT, 1, len(canonical.table)))
    return Ingested(survey, _concat(tables, survey), tuple(problems), tuple(reports), identifiers)


def read_note(path: Path) -> tuple[dict[str, str] | None, dict[str, str], list[Problem]]:
    """Front matter and sections (heading -> text) of one note; None when it cannot be used."""
    try:
        lines = _docx_lines(path) if path.suffix.lower() == ".docx" else _text_lines(path)
    except (OSError, ValueError, KeyError) as exc:
        return None, {}, [Problem(path, 0, "", "error", "berkas-tidak-terbaca",
                                  f"catatan tidak dapat dibaca ({exc.__class__.__name__}); simpan ulang")]
    text = "\n".join(lines)
    match = FRONT_MATTER_RE.match(text)
    if not match:
        return None, {}, [Problem(path, 1, "", "error", "front-matter-tidak-ada",
                                  "catatan harus diawali front matter di antara dua baris '---' "
                                  "(unit, peran, tanggal, narasumber)")]
    try:
        data = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return None, {}, [Problem(path, (mark.line + 2) if mark else 1, "", "error", "front-matter-tidak-valid",
                                  f"front matter bukan YAML yang valid: {getattr(exc, 'problem', exc)}")]
    if not isinstance(data, dict):
        return None, {}, [Problem(path, 1, "", "error", "front-matter-tidak-valid",
                                  "front matter harus berisi pasangan 'kunci: nilai'")]
    sections = _sections(text[match.end():].splitlines())
    if not any(sections.values()):
        return None, {}, [Problem(path, 1, "", "error", "catatan-kosong",
                                  "catatan tidak berisi judul pertanyaan (## …) dengan isi di bawahnya")]
    return {str(k): _plain(v) for k, v in data.items()}, sections, []


def _plain(value: object) -> str:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(_plain(v) for v in value)
    return "" if value is None else str(value)


def _sections(lines: list[str]) -> dict[str, str]:
    """Heading -> its paragraphs, one per line (list markers dropped, wrapped lines joined)."""
    sections: dict[str, list[str]] = {}
    current = None
    for line in lines:
        heading = HEADING_RE.match(line)
        if heading:
            current = heading.group(1).strip()
            sections.setdefault(current, [])
        elif current is not None:
            sections[current].append(line)
    return {heading: _paragraphs(body) for heading, body in sections.items()}


def _paragraphs(body: list[str]) -> str:
    paragraphs, current = [], []
    for line in body:
        text = BULLET_RE.sub("", line).strip()
        if (BULLET_RE.match(line) or not text) and current:
            paragraphs.append(" ".join(current))
            current = []
        if text:
            current.append(text)
    return "\n".join(paragraphs + ([" ".join(current)] if current else []))


def _text_lines(path: Path) -> list[str]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return text.splitlines()


def _docx_lines(path: Path) -> list[str]:
    """A Word note as Markdown lines: Heading/Judul paragraphs become '## …', the rest text."""
    import docx
    from docx.opc.exceptions import OpcError

    try:
        paragraphs = docx.Document(str(path)).paragraphs
    except OpcError as exc:  # not a Word file at all (a renamed .doc, a broken download)
        raise ValueError(str(exc)) from exc
    lines, in_front = [], True
    for paragraph in paragraphs:
        style = (paragraph.style.name if paragraph.style is not None else "").lower()
        text = paragraph.text.strip()
        if style.startswith(("heading", "judul")) and text:
            if in_front:
                lines, in_front = ["---", *[x for x in lines if x != "---"], "---"], False
            lines.append(f"## {text}")
        elif in_front:
            lines.append(text)
        elif text:  # each Word paragraph is a paragraph of the answer; list items stay items
            lines += [f"- {text}" if style.startswith(("list", "daftar")) else text, ""]
    return lines


def _sheet(path: Path, survey: Survey, fields: dict[str, str], sections: dict[str, str],
           problems: list[Problem]) -> Sheet:
    """One row: the front-matter keys and the headings as columns; absent groups and questions empty."""
    given = fields.get("survei") or fields.get("survey")
    if given and given != survey.id:
        problems.append(Problem(path, 1, "survei", "warning", "survei-berbeda",
                                f"catatan menyebut survei '{given}', tetapi berada di folder {survey.id}; "
                                f"dibaca sebagai {survey.id}"))
    row = {**fields, **sections}
    keys = {header_key(k) for k in row}
    for group in survey.groups:
        if header_key(group.column) not in keys:
            problems.append(Problem(path, 1, group.column, "warning", "kunci-tidak-ada",
                                    f"front matter tidak memuat '{group.column}'; dihitung sebagai 'Tidak diketahui'"))
            row[group.column] = ""
    for question in survey.questions:
        if header_key(question.column) not in keys:
            row[question.column] = ""  # a question not asked in this interview
    frame = pd.DataFrame([row], index=[1], dtype=object).astype(str)
    return Sheet(path, frame, LAYOUT)


def _concat(tables: list[pd.DataFrame], survey: Survey) -> pd.DataFrame:
    if not tables:
        return pd.DataFrame()
    table = pd.concat(tables, ignore_index=True) if len(tables) > 1 else tables[0]
    for group in survey.groups:  # each note had its own categories; unit ids share units.yml's
        if group.id in table and group.id != "unit":
            table[group.id] = pd.Categorical(table[group.id].astype(str))
    return table

"""Turn a decoded export into the canonical table every reader returns.

One row per response: `_row` (spreadsheet row), `_file`, `_pseudonym`, `_submitted`,
one column per group, one ordered Categorical per Likert question, strings for
free text, floats for numbers. Identifier columns are read for their values, then
dropped here, inside the reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from pipeline.definitions import Project, Question, Scale, Survey
from pipeline.identifiers import IdentifierSet, looks_like_identifier_header, normalise_text
from pipeline.ingest.pseudonym import pseudonymise
from pipeline.ingest.tabular import RawTable
from pipeline.problems import Problem
from pipeline.tables import UNKNOWN_GROUP

EMPTY_MARKERS = {"-", "_", ".", "--", "n/a", "N/A"}
MAX_PROBLEMS_PER_COLUMN = 50


@dataclass(frozen=True)
class Layout:
    """What a platform adds around the questions: its timestamp and metadata headers."""

    timestamp_headers: tuple[str, ...] = ()
    metadata_headers: tuple[str, ...] = ()
    identifier_headers: tuple[str, ...] = ()


def header_key(header: str) -> str:
    return normalise_text(re.sub(r"[\s_]+", " ", str(header)))


def label_key(label: str) -> str:
    """Compare answer labels case-, space- and punctuation-insensitively."""
    return re.sub(r"[^0-9a-z]+", "", normalise_text(str(label)))


def to_canonical(raw: RawTable, survey: Survey, project: Project, layout: Layout):
    """Map a raw table onto the survey definition; return (table, problems, identifiers)."""
    frame = raw.frame.apply(lambda col: col.str.strip())
    frame = frame.mask(frame.isin(EMPTY_MARKERS), "")
    by_key = {header_key(c): c for c in frame.columns}
    problems: list[Problem] = []
    identifiers = IdentifierSet()

    def find(header: str) -> str | None:
        return by_key.get(header_key(header))

    used: set[str] = set()
    out = pd.DataFrame(index=frame.index)
    out["_row"] = frame.index.astype("int64")
    out["_file"] = raw.path.name

    id_columns = [c for c in (find(h) for h in survey.identifiers + layout.identifier_headers) if c]
    for header in survey.identifiers:
        if not find(header):
            problems.append(Problem(raw.path, 1, header, "warning", "kolom-identitas-tidak-ada",
                                    "kolom identitas yang dideklarasikan tidak ada di berkas ini"))
    declared = {header_key(q.column) for q in survey.questions} | {header_key(g.column) for g in survey.groups}
    id_columns += [c for c in frame.columns
                   if looks_like_identifier_header(c) and header_key(c) not in declared and c not in id_columns]
    for column in id_columns:
        identifiers.add_column(frame[column])
        used.add(column)

    out["_pseudonym"] = _pseudonyms(raw, survey, frame, find, problems)
    if survey.link_key and find(survey.link_key):
        used.add(find(survey.link_key))
    out["_submitted"] = _timestamps(raw, frame, [find(h) for h in layout.timestamp_headers], problems, used)

    for group in survey.groups:
        column = find(group.column)
        if column is None:
            problems.append(_missing(raw, group.column))
            continue
        used.add(column)
        out[group.id] = (_units(raw, frame[column], column, project, problems)
                         if group.id == "unit" else _plain_group(frame[column]))

    for question in survey.questions:
        column = find(question.column)
        if column is None:
            problems.append(_missing(raw, question.column))
            continue
        used.add(column)
        out[question.id] = _question(raw, frame[column], column, question, project, problems)

    used |= {c for c in (find(h) for h in layout.metadata_headers) if c}
    for column in frame.columns:
        if column not in used:
            problems.append(Problem(raw.path, 1, column, "warning", "kolom-tidak-dikenal",
                                    "kolom tidak ada di survey.yml dan diabaikan; tambahkan ke "
                                    "'questions' bila perlu dianalisis"))
    return out.reset_index(drop=True), problems, identifiers


def _missing(raw: RawTable, header: str) -> Problem:
    return Problem(raw.path, 1, header, "error", "kolom-tidak-ada",
                   "kolom yang disebut di survey.yml tidak ditemukan di berkas; periksa ejaan "
                   "judul kolom atau perbarui survey.yml")


def _pseudonyms(raw, survey, frame, find, problems) -> pd.Series:
    if not survey.link_key:
        return pd.Series(pd.NA, index=frame.index, dtype="string")
    column = find(survey.link_key)
    if column is None:
        problems.append(_missing(raw, survey.link_key))
        return pd.Series(pd.NA, index=frame.index, dtype="string")
    keys = frame[column]
    empty = keys == ""
    for row in keys.index[empty][:MAX_PROBLEMS_PER_COLUMN]:
        problems.append(Problem(raw.path, int(row), column, "warning", "kunci-kosong",
                                "kunci penghubung kosong; baris ini tidak dapat dicek duplikatnya"))
    return pseudonymise(keys)


def _timestamps(raw, frame, columns, problems, used) -> pd.Series:
    column = next((c for c in columns if c), None)
    if column is None:
        return pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    used.add(column)
    text = frame[column]
    parts = text.str.extract(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
    first, second = pd.to_numeric(parts[0]), pd.to_numeric(parts[1])
    day_first = True
    if (second > 12).any() and not (first > 12).any():
        day_first = False
    elif not (first > 12).any() and not (second > 12).any() and text.ne("").any():
        problems.append(Problem(raw.path, 0, column, "warning", "tanggal-ambigu",
                                "semua tanggal bisa dibaca hari/bulan maupun bulan/hari; "
                                "dibaca sebagai hari/bulan (lokal Indonesia)"))
    normalised = text.str.replace(r"(\d{1,2})\.(\d{2})\.(\d{2})$", r"\1:\2:\3", regex=True)
    parsed = pd.to_datetime(normalised, dayfirst=day_first, errors="coerce", format="mixed")
    bad = parsed.isna() & (text != "")
    for row in text.index[bad][:MAX_PROBLEMS_PER_COLUMN]:
        problems.append(Problem(raw.path, int(row), column, "warning", "tanggal-tidak-terbaca",
                                f"waktu '{text[row]}' tidak dapat dibaca"))
    return parsed


def _unit_lookup(project: Project) -> dict[str, str]:
    lookup = {}
    for unit in project.units:
        for name in (unit.id, unit.name, *unit.aliases):
            lookup[label_key(name)] = unit.id
    return lookup


def _units(raw, values: pd.Series, column, project, problems) -> pd.Series:
    lookup = _unit_lookup(project)
    ids = values.map(lambda v: lookup.get(label_key(v)) if v else None)
    unknown = ids.isna() & (values != "")
    for value, rows in values[unknown].groupby(values[unknown]).groups.items():
        shown = ", ".join(str(r) for r in list(rows)[:5]) + (" …" if len(rows) > 5 else "")
        problems.append(Problem(
            raw.path, int(rows[0]), column, "warning", "unit-tidak-dikenal",
            f"unit '{value}' tidak ada di units.yml ({len(rows)} baris: {shown}); tambahkan sebagai "
            f"alias unit yang benar. Sementara dihitung sebagai '{UNKNOWN_GROUP}'",
        ))
    categories = [u.id for u in project.units] + [UNKNOWN_GROUP]
    return pd.Categorical(ids.fillna(UNKNOWN_GROUP), categories=categories)


def _plain_group(values: pd.Series) -> pd.Series:
    cleaned = values.where(values != "", UNKNOWN_GROUP)
    return cleaned.astype("category")


def _scale_lookup(scale: Scale) -> dict[str, int]:
    lookup = {}
    for point in scale.points:
        for label in (point.label, point.label_en, *point.aliases):
            if label:
                lookup[label_key(label)] = point.value
        lookup[str(point.value)] = point.value
    return lookup


def _question(raw, values: pd.Series, column, question: Question, project, problems):
    if question.type == "likert":
        scale = project.scales[question.scale]
        lookup = _scale_lookup(scale)
        keys = values.map(label_key)
        # "5 = Sangat setuju" or "5 - Sangat Setuju": a leading scale value decides.
        lead = values.str.extract(r"^\s*(\d+)\s*[=:.)-]", expand=False)
        mapped = keys.map(lookup).astype("float64").combine_first(lead.map(lookup).astype("float64"))
        _report_unmapped(raw, values, mapped, column, problems, "nilai-di-luar-skala",
                         "jawaban '{v}' tidak cocok dengan skala '" + question.scale + "'; tambahkan "
                         "sebagai alias di scales.yml atau perbaiki selnya")
        return pd.Categorical(mapped, categories=scale.values, ordered=True)
    if question.type == "number":
        text = values.str.replace(r"\.(?=\d{3}(?:\D|$))", "", regex=True).str.replace(",", ".", regex=False)
        numbers = pd.to_numeric(text.str.extract(r"^\s*(-?\d+(?:\.\d+)?)", expand=False), errors="coerce")
        _report_unmapped(raw, values, numbers, column, problems, "bukan-angka",
                         "'{v}' bukan angka; tulis angka saja, misalnya 3,5")
        return numbers
    if question.type == "single" and question.options:
        lookup = {label_key(o): o for o in question.options}
        mapped = values.map(lambda v: lookup.get(label_key(v)) if v else None)
        _report_unmapped(raw, values, mapped, column, problems, "pilihan-tidak-dikenal",
                         "pilihan '{v}' tidak ada di 'options' survey.yml")
        return pd.Categorical(mapped, categories=list(question.options))
    return values.where(values != "").astype("string")


def _report_unmapped(raw, values, mapped, column, problems, code, template) -> None:
    bad = mapped.isna() & (values != "")
    rows = values.index[bad]
    for row in rows[:MAX_PROBLEMS_PER_COLUMN]:
        problems.append(Problem(raw.path, int(row), column, "error", code,
                                template.format(v=values[row])))
    if len(rows) > MAX_PROBLEMS_PER_COLUMN:
        problems.append(Problem(raw.path, int(rows[MAX_PROBLEMS_PER_COLUMN]), column, "error", code,
                                f"dan {len(rows) - MAX_PROBLEMS_PER_COLUMN} sel lain di kolom ini"))

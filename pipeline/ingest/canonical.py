"""Turn a reader's sheet into the canonical table every reader returns.

One row per response: `_row` (the spreadsheet row as the user sees it, header = 1),
`_file`, `_pseudonym`, `_submitted`, one column per group, one ordered Categorical per
Likert question, a Categorical per single choice, one nullable boolean column per
option of a multi-select named `<question id>__<option slug>` plus `<question id>__lainnya`
(the unlisted answers, as text), floats for numbers, datetimes for dates, strings for
free text. Identifier columns are read for their values, then dropped here, inside the
reader. Responses the platform marks incomplete are counted and, by default, left out.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from pipeline.definitions import Project, Question, Survey
from pipeline.identifiers import IdentifierSet, identifier_kind, looks_like_identifier_header
from pipeline.ingest import answers, choices
from pipeline.ingest.columns import Columns
from pipeline.ingest.pseudonym import pseudonymise
from pipeline.ingest.sheet import Coded, Sheet, clean_cells, codes_of, on_distinct, python_text
from pipeline.ingest.units import unit_key, unit_lookup
from pipeline.problems import Problem
from pipeline.tables import RESPONDENT, UNKNOWN_GROUP

# What anonymous Microsoft Forms and similar write in their Name/Email columns: not a person.
PLACEHOLDERS = {"anonymous", "anonim", "anonymous user", "pengguna anonim", "tanpa nama"}
# An IP address, a coordinate or a URL locates a person but is no name to look for in text.
LOCATION_RE = r"-?\d{1,3}(?:\.\d+)+|https?://\S*"
NOT_A_PERSON_RE = "|".join([*(re.escape(p) for p in sorted(PLACEHOLDERS)), LOCATION_RE])
MAX_PROBLEMS_PER_COLUMN = 50


@dataclass(frozen=True, eq=False)
class Canonical:
    """What every reader returns for one export file."""

    table: pd.DataFrame
    problems: tuple[Problem, ...]
    identifiers: IdentifierSet
    rows_read: int
    incomplete: int


@dataclass
class _Mapping:
    """The state of mapping one sheet: what was found, what was used."""

    sheet: Sheet
    frame: pd.DataFrame
    columns: Columns
    problems: list[Problem]
    used: set[str]
    identifying: set[str] = field(default_factory=set)  # declared columns found to hold identifiers
    coded: dict[str, Coded] = field(default_factory=dict)  # columns of `frame` as the reader found them

    def cells(self, column: str) -> pd.Series:
        """A column as Python text (a plain sheet's columns are Categoricals or Arrow text: Sheet.frame)."""
        values = self.frame[column]
        return values if values.dtype == object else values.astype(object)

    def problem(self, row: int, column: str, severity: str, code: str, message: str) -> None:
        self.problems.append(Problem(self.sheet.path, int(row), column, severity, code, message))


def to_canonical(sheet: Sheet, survey: Survey, project: Project) -> Canonical:
    """Map a sheet onto the survey definition, collecting every problem on the way."""
    frame = sheet.frame if sheet.frame.attrs.get("trimmed") else clean_cells(sheet.frame)
    m = _Mapping(sheet, frame, Columns(frame.columns, sheet), list(sheet.problems), set(),
                 coded=dict(sheet.coded or {}) if frame is sheet.frame else {})
    columns = _identifier_columns(m, survey)
    with ThreadPoolExecutor(max_workers=1) as pool:
        # Classifying identifier values is mostly Arrow's kernels, which release the GIL: a
        # national export's million emails and NIPs are classified on the other core while this
        # one maps the rows (the pseudonyms above all). Problems are only added on this thread.
        identifiers = pool.submit(_collect, columns)
        table, incomplete = _rows(m, survey, project)
    return Canonical(table, tuple(m.problems), identifiers.result(), len(sheet.frame), int(incomplete.sum()))


def _rows(m: _Mapping, survey: Survey, project: Project) -> tuple[pd.DataFrame, pd.Series]:
    """The canonical table, and which rows the platform marked incomplete."""
    sheet, frame = m.sheet, m.frame
    submitted, stamp = _timestamps(m)
    junk = _junk_tail(m, submitted, stamp) | _not_responses(m)
    incomplete = _incomplete(m, survey) & ~junk
    keep = ~junk & (~incomplete | survey.include_incomplete)
    if not keep.all():  # a national export keeps every row: no copy of a million then
        m.frame = frame = frame[keep]
        submitted = submitted[keep]
        m.coded = {column: coded.rows(keep.to_numpy()) for column, coded in m.coded.items()}
    if stamp:
        unread = submitted.isna() & (frame[stamp] != "")
        _report(m, frame[stamp], unread, stamp, "warning", "tanggal-tidak-terbaca",
                "waktu '{v}' tidak dapat dibaca")
    out = {"_row": pd.Series(frame.index, index=frame.index, dtype="int64"),
           "_file": pd.Series(sheet.path.name, index=frame.index, dtype=object),
           "_pseudonym": _pseudonyms(m, survey),
           "_submitted": submitted}
    if sheet.respondent is not None:
        out[RESPONDENT] = sheet.respondent.loc[frame.index]
    for group in survey.groups:
        column = _find_used(m, group.column)
        if column in m.identifying:
            out[group.id] = pd.Categorical([UNKNOWN_GROUP] * len(frame))
        elif column is not None:
            out[group.id] = _units(m, column, project) if group.id == "unit" else _group(m, column)
    for question in survey.questions:
        if m.columns.find(question.column) in m.identifying:
            out[question.id] = pd.Series(pd.NA, index=frame.index, dtype="string")
            continue
        out.update(_question(m, question, project))
    _unknown_columns(m)
    table = pd.DataFrame(out, index=frame.index)
    table.index = pd.RangeIndex(len(table))  # not reset_index: that copies every column of a national table
    return table, incomplete


def _find_used(m: _Mapping, header: str) -> str | None:
    column = m.columns.find(header)
    if column is None:
        m.problem(1, header, "error", "kolom-tidak-ada",
                  "kolom yang disebut di survey.yml tidak ditemukan di berkas; periksa ejaan "
                  "judul kolom atau perbarui survey.yml")
    else:
        m.used.add(column)
    return column


# An identifier column's values, and a regex of whole values that are no person ('anonymous').
IdentifierColumn = tuple[pd.Series | pa.Array | pa.ChunkedArray, str | None]


def _identifier_columns(m: _Mapping, survey: Survey) -> list[IdentifierColumn]:
    """The identifier columns to read for their values: declared, the platform's, those named like one."""
    layout, columns = m.sheet.layout, []
    for header in survey.identifiers:
        if not m.columns.find(header):
            m.problem(1, header, "warning", "kolom-identitas-tidak-ada",
                      "kolom identitas yang dideklarasikan tidak ada di berkas ini")
    asked = [q.column for q in survey.questions] + [g.column for g in survey.groups]
    declared = {m.columns.find(h) for h in asked}
    hinted = [c for c in m.frame.columns if looks_like_identifier_header(c) and c not in declared]
    private = {m.columns.find(h) for h in layout.private_headers} - {None}
    headers = (*survey.identifiers, *layout.identifier_headers, survey.link_key or "")
    named = [m.columns.find(h) for h in headers]
    for column in dict.fromkeys(c for c in [*named, *hinted] if c):
        m.used.add(column)
        if column not in private:
            columns.append((_with_context(m, column), NOT_A_PERSON_RE))
    m.used |= private
    return columns + _identifying_values(m, survey)


def _collect(columns: list[IdentifierColumn]) -> IdentifierSet:
    identifiers = IdentifierSet()
    for values, ignore in columns:
        identifiers.add_column(values, ignore=ignore)
    return identifiers


def _identifying_values(m: _Mapping, survey: Survey) -> list[IdentifierColumn]:
    """A declared question or group whose answers are NIPs, NIKs, emails or phone numbers is an
    identifier column whatever its header says: read for its values, then left out."""
    asked = [g.column for g in survey.groups]
    asked += [q.column for q in survey.questions if q.type not in {"likert", "multi"}]
    columns = []
    for header in asked:
        column = m.columns.find(header)
        if column is None or column in m.identifying:
            continue
        kind = identifier_kind(m.frame[column])  # its first 20,000 cells, as text
        if kind:
            columns.append((_with_context(m, column), None))
            m.identifying.add(column)
            m.problem(1, column, "warning", "kolom-berisi-identitas",
                      f"sebagian besar isi kolom ini berupa {kind}; kolom diperlakukan sebagai identitas dan "
                      "tidak dianalisis. Tambahkan ke 'identifiers' di survey.yml")
    return columns


def _with_context(m: _Mapping, column: str) -> pd.Series | pa.Array:
    """A column's values plus those of the rows behind a repeat group (Sheet.context): as Arrow text
    when the reader kept it so (a column of a million distinct NIPs), as the distinct values when it
    coded them (a million names), else the cells."""
    context = m.sheet.context
    if context is not None and column in context:
        return pd.concat([m.cells(column), context[column]], ignore_index=True)
    coded = m.coded.get(column)
    if coded is None:
        return m.frame[column]
    if coded.text is not None:
        return coded.text
    # The values that occur (a million names are some thousands): no million-row hash in the thread.
    return pd.Series(coded.distinct[np.bincount(coded.codes, minlength=len(coded.distinct)) > 0], dtype=object)


def _pseudonyms(m: _Mapping, survey: Survey) -> pd.Series:
    if not survey.link_key:
        return pd.Series(pd.NA, index=m.frame.index, dtype="string")
    column = _find_used(m, survey.link_key)
    if column is None:
        return pd.Series(pd.NA, index=m.frame.index, dtype="string")
    keys = m.frame[column]
    for row in keys.index[(keys == "").to_numpy(dtype=bool)][:MAX_PROBLEMS_PER_COLUMN]:
        m.problem(row, column, "warning", "kunci-kosong",
                  "kunci penghubung kosong; baris ini tidak dapat dicek duplikatnya")
    coded = m.coded.get(column)
    return pseudonymise(keys, coded.text if coded is not None else None)


def _timestamps(m: _Mapping) -> tuple[pd.Series, str | None]:
    column = next((c for c in map(m.columns.find, m.sheet.layout.timestamp_headers) if c), None)
    if column is None:
        return pd.Series(pd.NaT, index=m.frame.index, dtype="datetime64[ns]"), None
    m.used.add(column)
    coded = m.coded.get(column)
    if coded is not None and coded.text is not None:  # mostly distinct times: parsed in Arrow, all at once
        parsed, _, note = answers.dates(m.frame[column], coded.text)
    else:
        parsed, _, note = on_distinct(m.frame[column], answers.dates, coded)
    if note:
        m.problem(0, column, "warning", "tanggal-ambigu",
                  "semua tanggal bisa dibaca hari/bulan maupun bulan/hari; dibaca sebagai "
                  "hari/bulan (lokal Indonesia)")
    return parsed, column


def _junk_tail(m: _Mapping, submitted: pd.Series, stamp: str | None) -> pd.Series:
    """Rows after the last response that carry no response time: totals or notes typed in Excel."""
    junk = pd.Series(False, index=m.frame.index)
    if not stamp or not m.sheet.layout.always_timestamped or submitted.notna().sum() == 0:
        return junk
    last = submitted.notna()[::-1].idxmax()
    junk[junk.index > last] = True
    rows = [int(r) for r in junk.index[junk]]
    if rows:
        m.problem(rows[0], "", "warning", "baris-bukan-jawaban",
                  f"{len(rows)} baris di akhir berkas tidak punya waktu pengisian di kolom "
                  f"'{stamp}' "
                  f"(baris {', '.join(map(str, rows[:5]))}{' …' if len(rows) > 5 else ''}); "
                  "dianggap catatan atau rumus yang ditambahkan di Excel dan dilewati")
    return junk


def _not_responses(m: _Mapping) -> pd.Series:
    """Rows the platform marks as no response (previews, tests, spam): always left out, each named."""
    flags = m.sheet.not_response
    if flags is None:
        return pd.Series(False, index=m.frame.index)
    flags = flags.reindex(m.frame.index, fill_value=False).astype(bool)
    rows = flags.index[flags]
    for row in rows[:MAX_PROBLEMS_PER_COLUMN]:
        m.problem(row, "", "warning", "bukan-jawaban",
                  f"baris ini bukan jawaban responden ({m.sheet.not_response_reason}); tidak dipakai")
    if len(rows) > MAX_PROBLEMS_PER_COLUMN:
        m.problem(rows[MAX_PROBLEMS_PER_COLUMN], "", "warning", "bukan-jawaban",
                  f"dan {len(rows) - MAX_PROBLEMS_PER_COLUMN} baris pratinjau/uji lainnya; tidak dipakai")
    return flags


def _incomplete(m: _Mapping, survey: Survey) -> pd.Series:
    flags = m.sheet.incomplete
    if flags is None:
        return pd.Series(False, index=m.frame.index)
    flags = flags.reindex(m.frame.index, fill_value=False).astype(bool)
    rows = flags.index[flags]
    action = "tetap dipakai (include_incomplete: true)" if survey.include_incomplete else \
        "tidak dipakai; tulis 'include_incomplete: true' di survey.yml untuk memakainya"
    for row in rows[:MAX_PROBLEMS_PER_COLUMN]:
        m.problem(row, "", "warning", "jawaban-tidak-lengkap",
                  f"jawaban belum selesai ({m.sheet.incomplete_reason}); {action}")
    if len(rows) > MAX_PROBLEMS_PER_COLUMN:
        m.problem(rows[MAX_PROBLEMS_PER_COLUMN], "", "warning", "jawaban-tidak-lengkap",
                  f"dan {len(rows) - MAX_PROBLEMS_PER_COLUMN} jawaban belum selesai lainnya; "
                  f"{action}")
    return flags


def _group(m: _Mapping, column: str) -> pd.Categorical:
    """A typed-in group column as a Categorical of its values, empty cells as UNKNOWN_GROUP."""
    codes, distinct = codes_of(m.frame[column], m.coded.get(column))
    labels = np.array([v if v != "" else UNKNOWN_GROUP for v in distinct], dtype=object)
    present = np.bincount(codes, minlength=len(labels)) > 0  # a value only junk rows had is no group
    groups = pd.Categorical(labels[present])  # its categories in sorted order, as from the cells
    return groups.take(np.cumsum(present)[codes] - 1)


def _units(m: _Mapping, column: str, project: Project) -> pd.Categorical:
    """The unit column as unit ids, matched once per distinct spelling; a spelling no unit has is
    warned about once, with its rows, and counted as UNKNOWN_GROUP."""
    values = m.frame[column]
    codes, distinct = codes_of(values, m.coded.get(column))
    lookup = unit_lookup(project.units)
    categories = [u.id for u in project.units] + [UNKNOWN_GROUP]
    position = {unit: i for i, unit in enumerate(categories)}
    found = [lookup.get(unit_key(v)) if v else None for v in distinct]
    ids = np.array([position[u] if u is not None else len(categories) - 1 for u in found], dtype=np.int32)
    unknown = np.array([u is None and v != "" for u, v in zip(found, distinct, strict=True)])[codes]
    if unknown.any():
        spelled = pd.Series(distinct[codes[unknown]], index=values.index[unknown])
        for value, rows in spelled.groupby(spelled, sort=True).groups.items():
            shown = ", ".join(str(r) for r in list(rows)[:5]) + (" …" if len(rows) > 5 else "")
            m.problem(rows[0], column, "warning", "unit-tidak-dikenal",
                      f"unit '{value}' tidak ada di units.yml ({len(rows)} baris: {shown}); "
                      f"tambahkan sebagai alias unit yang benar. Sementara dihitung sebagai "
                      f"'{UNKNOWN_GROUP}'")
    return pd.Categorical.from_codes(ids[codes], categories=categories)


# Per question type: how its cells become typed answers, and what an unreadable cell is.
CONVERTERS = {
    "likert": (lambda v, q, p: answers.likert(v, p.scales[q.scale]), "error", "nilai-di-luar-skala",
               "jawaban '{v}' tidak cocok dengan skala '{scale}'; tambahkan sebagai alias di "
               "scales.yml atau perbaiki selnya"),
    "single": (lambda v, q, p: answers.single(v, q.options), "error", "pilihan-tidak-dikenal",
               "pilihan '{v}' tidak ada di 'options' survey.yml"),
    "number": (lambda v, q, p: answers.number(v), "error", "bukan-angka",
               "'{v}' bukan angka; tulis angka saja, misalnya 3,5"),
    "date": (lambda v, q, p: answers.dates(v)[:2], "warning", "tanggal-tidak-terbaca",
             "tanggal '{v}' tidak dapat dibaca"),
}


def _question(m: _Mapping, question: Question, project: Project) -> dict[str, object]:
    if question.type == "multi":
        return _multi(m, question)
    column = _find_used(m, question.column)
    if column is None:
        return {}
    kind = "free" if question.type == "single" and not question.options else question.type
    if kind not in CONVERTERS:
        values = m.cells(column)
        typed = values.where(values != "")
        return {question.id: pd.Categorical(typed) if kind == "free" else typed.astype("string")}
    values = m.frame[column]  # converted once per distinct value, through the reader's codes
    convert, severity, code, message = CONVERTERS[kind]
    typed, bad = on_distinct(values, lambda distinct: convert(distinct, question, project), m.coded.get(column))
    message = message.replace("{scale}", question.scale or "")
    _report(m, values, bad, column, severity, code, message)
    if kind == "date" and answers.dates(values.drop_duplicates().astype(object))[2]:
        m.problem(0, column, "warning", "tanggal-ambigu",
                  "semua tanggal bisa dibaca hari/bulan maupun bulan/hari; "
                  "dibaca sebagai hari/bulan")
    return {question.id: typed}


def _multi(m: _Mapping, question: Question) -> dict[str, object]:
    ticks, other, unknown = m.columns.option_columns(question)
    for column in unknown:
        m.problem(1, column, "error", "pilihan-tidak-dikenal",
                  f"kolom pilihan ini tidak ada di 'options' pertanyaan '{question.id}' "
                  "di survey.yml; "
                  "tambahkan pilihannya agar jawabannya terbaca")
    if ticks or other:
        m.used |= {*ticks.values(), *other}
        # Kobo writes a joined summary beside the option columns.
        summary = m.columns.find(question.column)
        m.used |= {summary} - {None}
        options = python_text(m.frame[[*ticks.values(), *other]])
        return dict(choices.from_columns(options, question, ticks, other).items())
    column = _find_used(m, question.column)
    if column is None:
        return {}
    table, leftover = choices.from_joined(m.cells(column), question, m.sheet.layout.separator)
    if not question.other:
        _report(m, leftover, leftover != "", column, "error", "pilihan-tidak-dikenal",
                "pilihan '{v}' tidak ada di 'options' survey.yml; tambahkan, atau tulis "
                "'other: true' "
                "bila jawaban bebas 'Lainnya' memang diharapkan")
    return dict(table.items())


def _unknown_columns(m: _Mapping) -> None:
    layout = m.sheet.layout
    metadata = {m.columns.find(h) for h in layout.metadata_headers}
    patterns = [re.compile(p) for p in layout.metadata_patterns]
    for column in m.frame.columns:
        if column in m.used or column in metadata or any(p.search(column) for p in patterns):
            continue
        m.problem(1, column, "warning", "kolom-tidak-dikenal",
                  "kolom tidak ada di survey.yml dan diabaikan; tambahkan ke 'questions' "
                  "bila perlu dianalisis")


def _report(m: _Mapping, values: pd.Series, bad: pd.Series, column: str, severity: str, code: str,
            template: str) -> None:
    rows = values.index[bad.to_numpy(dtype=bool)]
    for row in rows[:MAX_PROBLEMS_PER_COLUMN]:
        m.problem(row, column, severity, code, template.format(v=values[row]))
    if len(rows) > MAX_PROBLEMS_PER_COLUMN:
        m.problem(rows[MAX_PROBLEMS_PER_COLUMN], column, severity, code,
                  f"dan {len(rows) - MAX_PROBLEMS_PER_COLUMN} sel lain di kolom ini")

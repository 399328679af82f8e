"""KoboToolbox exports (formpack): CSV with `;`, every value quoted, CRLF; or XLSX.

Headers are labels or XML names, with group prefixes joined by `/` when "include
groups in headers" is on (`grp_a/grp_b/q1`); an optional second header row holds HXL
hashtags. A select_multiple comes as a space-joined summary column `q` and detail
columns `q/choice` holding 1, 0, or blank when the question was not answered.

The XLSX export puts each repeat group on its own sheet. Each section numbers its rows
in `_index`; a repeat row names its parent section in `_parent_table_name` and the
parent row in `_parent_index`, and copies the submission's `_uuid` as `_submission__uuid`
(formpack `Export.format_one_submission`). A survey reads the main sheet (one row per
respondent) unless survey.yml says `sheet: <repeat group>`: then each repeat row is a
response, joined to the columns of its submission.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from pipeline.definitions import Survey
from pipeline.errors import ExportError
from pipeline.ingest.columns import Columns
from pipeline.ingest.sheet import Layout, Sheet, header_key, with_header
from pipeline.ingest.tabular import RawTable, read_sheet
from pipeline.problems import Problem

LAYOUT = Layout(
    timestamp_headers=("_submission_time", "end", "start"),
    metadata_headers=("_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
                      "_tags", "_index", "_parent_index", "_parent_table_name", "_xform_id_string",
                      "_attachments", "__version__", "meta/instanceID", "meta/instanceName",
                      "meta/deprecatedID", "meta/rootUuid", "formhub/uuid", "start", "end", "today",
                      "_submission__id", "_submission__uuid", "_submission__submission_time"),
    metadata_patterns=(r"^_.+_(?:latitude|longitude|altitude|precision)$",
                       r"^_submission_",),  # every field copied from the submission to a repeat row
    identifier_headers=("_submitted_by", "username", "deviceid", "phonenumber", "subscriberid",
                        "simserial", "email"),
    private_headers=("_geolocation",),
    separator=r"\s+",
    sub_patterns=(r"^(?P<parent>.+)/(?P<sub>[^/]+)$",),
    always_timestamped=True,
)
_SIGNATURE = {header_key(h) for h in ("_uuid", "_submission_time")}
INDEX, PARENT_INDEX, PARENT_TABLE = "_index", "_parent_index", "_parent_table_name"
UUID, SUBMISSION_UUID = "_uuid", "_submission__uuid"
EXCEL_SHEET_NAME = 31  # Excel cuts sheet names; formpack's unique_name_for_xls does the same
MAX_ORPHANS = 50


def detect(raw: RawTable) -> bool:
    headers = {header_key(h.rsplit("/", 1)[-1]) for h in raw.row(1)}
    return bool(_SIGNATURE & headers)


def has_hxl_row(raw: RawTable) -> bool:
    """The second row holds HXL hashtags (`#indicator+score`) instead of a response."""
    cells = [c.strip() for c in raw.row(2) if c.strip()]
    return bool(cells) and all(c.startswith("#") for c in cells)


def prepare(raw: RawTable) -> Sheet:
    frame, problems = _frame(raw)
    if raw.sheets[1:]:
        shown = ", ".join(f"'{name}'" for name in raw.sheets[1:])
        problems.append(Problem(
            raw.path, 0, "", "warning", "lembar-tidak-dibaca",
            f"lembar {shown} (grup berulang) tidak dibaca: survei ini memakai satu baris per "
            f"responden dari lembar pertama. Untuk menganalisis grup berulang, buat survei lain "
            f"dengan 'sheet: {raw.sheets[1]}' di survey.yml (rapor init-survey membuatkan drafnya)"))
    return Sheet(raw.path, frame, LAYOUT, tuple(problems), aliases=tuple(group_free_names(frame.columns)))


def prepare_repeat(raw: RawTable, survey: Survey) -> Sheet:
    """The rows of the repeat group named by `sheet:`, each with its submission's columns.

    Columns of the main sheet the survey does not ask for are left out without a warning:
    they belong to the survey of the main sheet.
    """
    joined = join_repeat(raw, survey.sheet or "")
    if joined.frame is None:
        return Sheet(raw.path, pd.DataFrame(), LAYOUT, tuple(joined.problems))
    quiet = replace(LAYOUT, metadata_headers=LAYOUT.metadata_headers + joined.parent_columns)
    sheet = Sheet(raw.path, joined.frame, quiet, aliases=tuple(group_free_names(joined.frame.columns)),
                  respondent=raw.path.name + ":" + joined.respondent.astype(str),
                  context=joined.context)
    return replace(sheet, problems=tuple(joined.problems + _groups_in_repeat(sheet, survey, joined)))


def group_free_names(headers) -> list[tuple[str, str]]:
    """`grp_a/grp_b/q1` is also `grp_b/q1` and `q1`, as exported without groups in headers."""
    names = []
    for header in headers:
        parts = header.split("/")
        names += [("/".join(parts[i:]), header) for i in range(1, len(parts))]
    return names


def repeat_sheets(raw: RawTable) -> list[str]:
    """The sheets after the first that hold a repeat group (they point to their parent rows)."""
    out = []
    for name in raw.sheets[1:]:
        try:
            header = {header_key(h) for h in _grid(raw, name).row(1)}
        except ExportError:
            continue
        if header & {header_key(PARENT_INDEX), header_key(SUBMISSION_UUID)}:
            out.append(name)
    return out


@dataclass(frozen=True)
class Joined:
    """A repeat sheet joined to its parents; `frame` is None when it cannot be read."""

    frame: pd.DataFrame | None  # repeat rows (index = row in the repeat sheet), parents' columns first
    respondent: pd.Series  # the main-sheet row of each repeat row's submission
    context: pd.DataFrame  # every row of the parent sheets, for their identifier values
    parent_columns: tuple[str, ...]
    problems: list[Problem]


def join_repeat(raw: RawTable, name: str, seen: tuple[str, ...] = ()) -> Joined:
    """Join a repeat sheet to its parent sheet (the main one, or an enclosing repeat group)."""
    sheet = _sheet_name(raw, name)
    if sheet is None:
        return _failed(raw, 0, "", "lembar-tidak-ada", _missing_sheet(raw, name))
    try:
        frame, problems = _frame(_grid(raw, sheet))
    except ExportError as exc:
        return _failed(raw, 0, "", "lembar-tidak-terbaca", str(exc).split(": ", 1)[-1])
    parent_name = _parent_sheet(raw, frame, (*seen, sheet))
    if parent_name is None:
        parent, _ = _frame(raw)
        respondent = pd.Series(parent.index, index=parent.index)
        context, parent_label = parent, raw.sheets[0] if raw.sheets else "utama"
    else:
        outer = join_repeat(raw, parent_name, (*seen, sheet))
        if outer.frame is None:
            return outer
        parent, respondent, parent_label = outer.frame, outer.respondent, parent_name
        context = pd.concat([outer.context, outer.frame], ignore_index=True).fillna("")
        problems += outer.problems
    keys = _keys(frame, parent, parent_name is None)
    if keys is None:
        return _failed(raw, 1, PARENT_INDEX, "kolom-induk-tidak-ada",
                       f"lembar '{sheet}' tidak punya kolom '{PARENT_INDEX}' yang menunjuk ke baris "
                       f"induknya di lembar '{parent_label}'; unduh ulang ekspor XLSX dari KoboToolbox "
                       "tanpa menghapus kolom itu")
    child_key, parent_key, column = keys
    twice = parent_key[(parent_key != "") & parent_key.duplicated(keep=False)]
    if len(twice):
        rows = ", ".join(str(r) for r in twice.index[:5])
        return _failed(raw, 0, "", "indeks-induk-ganda",
                       f"lembar '{parent_label}' memuat nomor '{twice.iloc[0]}' di kolom "
                       f"'{parent_key.name}' lebih dari sekali (baris {rows}), sehingga baris lembar "
                       f"'{sheet}' tidak dapat dipasangkan dengan induknya. Ekspor yang digabung? "
                       "Simpan setiap ekspor sebagai berkas tersendiri")
    lookup = pd.Series(parent.index, index=parent_key)[(parent_key != "").to_numpy()]
    rows = child_key.map(lookup)
    orphans = rows.isna()
    problems += _orphans(raw.path, child_key[orphans], column, sheet, parent_label)
    kept = frame[~orphans]
    rows = rows[~orphans].astype("int64")
    parents = parent.loc[rows, [c for c in parent.columns if c not in kept.columns]].set_axis(kept.index)
    joined = pd.concat([parents, kept], axis=1)
    joined.attrs["trimmed"] = True
    return Joined(joined, respondent.loc[rows].set_axis(kept.index), context,
                  tuple(parents.columns), problems)


def _grid(raw: RawTable, name: str) -> RawTable:
    return RawTable(raw.path, read_sheet(raw.path, name), raw.encoding, None, ())


def _frame(raw: RawTable) -> tuple[pd.DataFrame, list[Problem]]:
    return with_header(raw, skip=2 if has_hxl_row(raw) else 1)


def _sheet_name(raw: RawTable, name: str) -> str | None:
    """The repeat sheet called `name`: as written, in any case, or cut to Excel's 31 characters."""
    wanted = {header_key(name), header_key(name[:EXCEL_SHEET_NAME])}
    return next((s for s in raw.sheets[1:] if header_key(s) in wanted), None)


def _missing_sheet(raw: RawTable, name: str) -> str:
    if not raw.sheets:
        return (f"'sheet: {name}' di survey.yml membaca grup berulang, tetapi berkas CSV hanya berisi "
                "lembar utama; unduh ekspor KoboToolbox dalam format XLSX")
    others = ", ".join(f"'{s}'" for s in raw.sheets[1:]) or "tidak ada"
    return (f"lembar '{name}' (sheet: di survey.yml) tidak ada di berkas ini; lembar grup berulang "
            f"yang ada: {others}")


def _parent_sheet(raw: RawTable, frame: pd.DataFrame, seen: tuple[str, ...]) -> str | None:
    """The enclosing repeat group's sheet (a repeat inside a repeat), or None for the main sheet."""
    column = _find(frame, PARENT_TABLE)
    if column is None:
        return None
    named = frame[column][frame[column] != ""]
    parent = _sheet_name(raw, named.iloc[0]) if len(named) else None
    return parent if parent not in seen else None


def _keys(frame: pd.DataFrame, parent: pd.DataFrame,
          main: bool) -> tuple[pd.Series, pd.Series, str] | None:
    """(repeat rows' key, parent rows' key, key column): `_parent_index` -> `_index`, or else the
    submission's `_uuid` (a repeat directly under the main sheet only)."""
    pairs = [(PARENT_INDEX, INDEX)] + ([(SUBMISSION_UUID, UUID)] if main else [])
    for child, own in pairs:
        child_column, parent_column = _find(frame, child), _find(parent, own)
        if child_column and parent_column:
            return frame[child_column], parent[parent_column], child_column
    return None


def _find(frame: pd.DataFrame, header: str) -> str | None:
    return next((c for c in frame.columns if header_key(c) == header_key(header)), None)


def _orphans(path, keys: pd.Series, column: str, sheet: str, parent: str) -> list[Problem]:
    """A repeat row whose parent row is not in the export: said, then left out."""
    problems = []
    for row, key in keys.iloc[:MAX_ORPHANS].items():
        pointer = f"merujuk ke _index {key}" if key else "tidak merujuk ke baris induk mana pun"
        problems.append(Problem(
            path, int(row), column, "warning", "induk-tidak-ditemukan",
            f"baris ini di lembar '{sheet}' {pointer} di lembar '{parent}', yang tidak ada; "
            "baris ini tidak dipakai. Bila baris induknya terhapus, unduh ulang ekspor XLSX dari "
            "KoboToolbox"))
    if len(keys) > MAX_ORPHANS:
        problems.append(Problem(path, int(keys.index[MAX_ORPHANS]), column, "warning",
                                "induk-tidak-ditemukan",
                                f"dan {len(keys) - MAX_ORPHANS} baris lain di lembar '{sheet}' "
                                "tanpa baris induk; tidak dipakai"))
    return problems


def _groups_in_repeat(sheet: Sheet, survey: Survey, joined: Joined) -> list[Problem]:
    """A group must come from the submission: one value per person, so people add up per group.

    A column of the repeat sheet can differ between one person's rows (the session
    rated), which would count that person in several groups of one breakdown.
    """
    columns = Columns(sheet.frame.columns, sheet)
    repeat = set(sheet.frame.columns) - set(joined.parent_columns)
    return [Problem(sheet.path, 1, found, "error", "kelompok-di-grup-berulang",
                    f"kelompok '{group.id}' memakai kolom lembar '{survey.sheet}', yang bisa berbeda "
                    "antarbaris satu orang; jumlah orang per kelompok jadi tidak dapat dihitung. "
                    "Pakai kolom lembar utama (unit, jabatan …) sebagai kelompok, dan jadikan kolom "
                    "ini pertanyaan")
            for group in survey.groups
            if (found := columns.find(group.column)) in repeat]


def _failed(raw: RawTable, row: int, column: str, code: str, message: str) -> Joined:
    empty = pd.Series(dtype="int64")
    return Joined(None, empty, pd.DataFrame(), (), [Problem(raw.path, row, column, "error", code, message)])

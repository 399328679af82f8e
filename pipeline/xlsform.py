"""An XLSForm (the `survey` and `choices` sheets of a Kobo or ODK form) as a draft definition.

KoboToolbox exports headers as question labels by default, so each question's column
is its label; the XML name is kept as a comment for exports with "XML values and
headers". A select_multiple's options carry their XML name as `code`, so both the
label and the XML form of the export are read.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from pipeline.definitions import Option, Project
from pipeline.ingest.tabular import SPREADSHEET_SUFFIXES, read_sheet
from pipeline.propose import Proposal, SurveyProposal, fitting_scale, group_for, with_ids

SKIPPED_TYPES = {"start", "end", "today", "deviceid", "username", "phonenumber", "subscriberid",
                 "simserial", "audit", "note", "calculate", "hidden", "begin_group", "end_group",
                 "begin_repeat", "end_repeat", "begin group", "end group", "begin repeat",
                 "end repeat", "acknowledge", "image", "audio", "video", "file", "geopoint",
                 "geotrace", "geoshape", "barcode"}
NUMBER_TYPES = {"integer", "decimal", "range"}
IDENTIFYING = r"(?i)\b(?:nama|name|nip|nik|e-?mail|surel|no\.? ?hp|telepon|whatsapp)\b"


def is_xlsform(path: Path) -> bool:
    if path.suffix.lower() not in SPREADSHEET_SUFFIXES:
        return False
    from python_calamine import CalamineWorkbook

    try:
        names = {n.lower() for n in CalamineWorkbook.from_path(str(path)).sheet_names}
    except Exception:  # calamine's own errors: not a workbook we can read, so not a form
        return False
    return {"survey", "choices"} <= names


def _sheet(path: Path, name: str) -> pd.DataFrame:
    from python_calamine import CalamineWorkbook

    actual = next(n for n in CalamineWorkbook.from_path(str(path)).sheet_names if n.lower() == name)
    grid = read_sheet(path, actual)
    if grid.empty:
        return pd.DataFrame()
    header = [str(h).strip().lower() for h in grid.iloc[0]]
    return grid.iloc[1:].set_axis(header, axis=1).apply(lambda col: col.str.strip())


def _label_column(frame: pd.DataFrame) -> str | None:
    """`label`, or the Indonesian one when the form has several (`label::Indonesian (id)`)."""
    labels = [c for c in frame.columns if c == "label" or c.startswith("label::")]
    indonesian = [c for c in labels if re.search(r"indonesia|\(id\)", c)]
    return (indonesian or labels or [None])[0]


def propose_form(path: Path, project: Project) -> SurveyProposal:
    """A proposal per form question: the same kind of draft an export gives, without responses."""
    survey, choices = _sheet(path, "survey"), _sheet(path, "choices")
    label = _label_column(survey)
    choice_label = _label_column(choices)
    lists: dict[str, list[Option]] = {}
    for _, row in choices.iterrows():  # a form's choices, not responses: a few dozen rows
        text = row.get(choice_label, "") or row.get("name", "")
        option = Option(label=text, code=row.get("name") or None)
        lists.setdefault(row.get("list_name", ""), []).append(option)
    proposals = []
    for _, row in survey.iterrows():
        kind, _, rest = str(row.get("type", "")).partition(" ")
        column = (row.get(label, "") if label else "") or row.get("name", "")
        if kind.lower() in SKIPPED_TYPES or not column:
            continue
        proposals.append(_question(kind.lower(), rest, column, row.get("name", ""), lists, project))
    return SurveyProposal(tuple(with_ids([p for p in proposals if p])), None, (),
                          pd.Series(dtype="datetime64[ns]"))


def _question(kind: str, rest: str, column: str, name: str, lists: dict[str, list[Option]],
              project: Project) -> Proposal | None:
    note = (f"nama XML '{name}': pakai sebagai column bila mengekspor 'XML values and headers'",)
    list_name = rest.split()[0] if rest else ""
    options = tuple(lists.get(list_name, ()))
    if kind in {"select_one", "select_one_from_file"}:
        group = group_for(column)
        if group:
            return Proposal(column, "group", id=group, options=options)
        scale, _ = fitting_scale(pd.Series([o.label for o in options], dtype=str), project.scales)
        if scale:
            return Proposal(column, "question", type="likert", scale=scale, notes=note)
        return Proposal(column, "question", type="single", options=options, notes=note)
    if kind == "select_multiple":
        return Proposal(column, "question", type="multi", options=options, other="or_other" in rest,
                        notes=note)
    if kind in NUMBER_TYPES:
        return Proposal(column, "question", type="number", notes=note)
    if kind in {"date", "datetime", "time"}:
        return Proposal(column, "question", type="date", notes=note)
    if re.search(IDENTIFYING, f"{column} {name}"):
        return Proposal(column, "identifier", notes=("nama pertanyaan menunjukkan data identitas",))
    return Proposal(column, "question", type="text", notes=note)

"""Multi-select answers: one nullable boolean column per option, plus the "other" text.

Platforms write a multi-select two ways. Joined in one cell: Google Forms `", "`,
Microsoft Forms `A;B;` (trailing `;`, or a JSON array from Power Automate), Kobo's
space-joined summary. Split over one column per option: LimeSurvey `Q1[SQ001]` Y/blank,
Kobo `q/choice` 1/0/blank, Qualtrics `Q1_3`, SurveyMonkey option columns. An option label
can itself contain the separator (`Tenis, bulu tangkis`), so joined cells are split
with the known options, longest first; what is left is the "other" answer.
"""

from __future__ import annotations

import re

import pandas as pd

from pipeline.definitions import Question
from pipeline.ingest.answers import map_distinct
from pipeline.ingest.sheet import label_key

NO_MARKERS = {"0", "n", "no", "tidak", "false", "salah", "notselected", "tidakdipilih", "unchecked"}
OTHER_SUBS = {"other", "lainnya", "lain", "lainlain", "otherpleasespecify", "lainnyasebutkan",
              "lainnyaharapsebutkan", "othertext", "text"}
YES_MARKERS = {"1", "y", "yes", "ya", "true", "benar", "x", "checked", "selected", "dipilih"}
_GAP = "\x1f"  # marks where a matched option was cut out of a cell


def is_other_sub(sub: str) -> bool:
    """`Q1[other]`, `q/other`, `Q3_5_TEXT`, 'Other (please specify)': the free "other" answer."""
    key = label_key(sub)
    return key in OTHER_SUBS or key.endswith("text") or key.startswith(("other", "lainnya"))


def from_joined(values: pd.Series, question: Question,
                separator: str) -> tuple[pd.DataFrame, pd.Series]:
    """Split joined cells with the known options; return the option columns and what is left."""
    work = _unwrap_json_list(values)
    answered = work != ""
    sep = f"(?:{separator}|{_GAP})"
    out = {}
    options = sorted(question.options, key=lambda o: -max(len(o.label), len(o.code or "")))
    columns = question.option_columns()
    for option in options:
        names = sorted({n for n in (option.label, option.code) if n}, key=len, reverse=True)
        alternatives = "|".join(r"\s+".join(map(re.escape, n.split())) for n in names)
        pattern = re.compile(rf"(?:^|{sep})\s*(?:{alternatives})\s*(?={sep}|$)", re.IGNORECASE)
        chosen = work.str.contains(pattern)
        work = work.str.replace(pattern, _GAP, regex=True)
        out[columns[option.label]] = chosen.astype("boolean").where(answered)
    leftover = work.str.replace(rf"^(?:{sep}|\s)+|(?:{sep}|\s)+$", "", regex=True)
    leftover = leftover.str.replace(rf"(?:{sep})+", ", ", regex=True)
    out[question.other_column] = leftover.where(leftover != "").astype("string")
    return pd.DataFrame(out, index=values.index), leftover


def _unwrap_json_list(values: pd.Series) -> pd.Series:
    """Power Automate writes `["A","B"]` where the Forms export writes `A;B;`."""
    is_list = values.str.match(r'^\[\s*".*"\s*\]$')
    if not is_list.any():
        return values
    inner = values.str.replace(r'^\[\s*"|"\s*\]$', "", regex=True)
    inner = inner.str.replace(r'"\s*,\s*"', ";", regex=True)
    return values.where(~is_list, inner)


def from_columns(frame: pd.DataFrame, question: Question, ticks: dict[str, str],
                 other: dict[str, str]) -> pd.DataFrame:
    """Options split over columns: `ticks` maps label -> column, `other` column -> its sub label.

    A blank cell is "not chosen" unless the whole question is blank in that row: then
    the question was not answered (Kobo writes blanks, not zeros, for unanswered).
    """
    other_text = _other_text(frame, other)
    answered = (frame[list(ticks.values())] != "").any(axis=1) | (other_text != "")
    out = {}
    columns = question.option_columns()
    for label, column in ticks.items():
        out[columns[label]] = _ticked(frame[column]).astype("boolean").where(answered)
    for option in question.options:
        if option.label not in ticks:
            out[columns[option.label]] = pd.Series(pd.NA, index=frame.index, dtype="boolean")
    out[question.other_column] = other_text.where(other_text != "").astype("string")
    return pd.DataFrame(out, index=frame.index)[[*columns.values(), question.other_column]]


def _ticked(cells: pd.Series) -> pd.Series:
    """A non-blank cell is a tick ('Y', '1', the label itself) unless it says no ('0', 'N')."""
    return (cells != "") & ~map_distinct(cells, label_key).isin(NO_MARKERS)


def _other_text(frame: pd.DataFrame, other: dict[str, str]) -> pd.Series:
    """The "other" answer of each row: the text typed, else the sub label where only ticked."""
    text = pd.Series("", index=frame.index, dtype=object)
    ticks = []
    for column, sub in other.items():
        cells = frame[column]
        if map_distinct(cells[cells != ""], label_key).isin(NO_MARKERS | YES_MARKERS).all():
            ticks.append(_ticked(cells).map({True: sub, False: ""}))
        else:
            text = text.where(cells == "", text.where(text == "", text + ", ") + cells)
    for ticked in ticks:
        text = text.where(text != "", ticked)
    return text

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

from pipeline.definitions import OTHER, Option, Question, slug
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
    """Split joined cells with the known options; return the option columns and what is left.

    The work is done on the distinct cells (a handful of combinations), then spread back.
    """
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    table, leftover = _split_distinct(pd.Series(distinct, dtype=object), question, separator)
    table = table.take(codes).set_axis(values.index)
    return table, leftover.take(codes).set_axis(values.index)


def _split_distinct(values: pd.Series, question: Question,
                    separator: str) -> tuple[pd.DataFrame, pd.Series]:
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


def infer_options(filled: pd.Series, separator: str) -> tuple[tuple[Option, ...], bool]:
    """Guess the options of a joined multi-select from its answers: (options, has other answers).

    Segments that always appear together, adjacent and in order, are one option with
    the separator inside ('Umpan balik, coaching, dan mentoring'); segments chosen by
    at least two people are options, the rest is "other". Nothing when the column does
    not look like a multi-select.
    """
    cells = _unwrap_json_list(filled)
    trailing = cells.str.contains(rf"(?:{separator})$").mean() >= 0.5  # Microsoft Forms 'A;B;'
    cells = cells.str.replace(rf"(?:{separator})+$", "", regex=True)
    if not cells.str.contains(separator).any():
        return (), False
    lists = [(re.split(f"({separator})", cell), int(n)) for cell, n in cells.value_counts().items()]
    lists = _merge_adjacent(lists)
    counts: dict[str, int] = {}
    for parts, n in lists:
        for segment in dict.fromkeys(parts[::2]):
            counts[segment] = counts.get(segment, 0) + n
    chosen = [s for s, c in counts.items() if s and (c >= 2 or trailing)]
    options, seen = [], set()
    for label in sorted(chosen, key=lambda s: (-counts[s], s)):
        if slug(label) not in seen | {"", OTHER}:
            seen.add(slug(label))
            options.append(Option(label=label))
    covered = sum(counts[o.label] for o in options) / max(sum(counts.values()), 1)
    several = any(len([p for p in parts[::2] if p in {o.label for o in options}]) >= 2
                  for parts, _ in lists)
    if len(options) < 2 or len(options) > 30 or covered < 0.6 or not several:
        return (), False
    return tuple(options), len(options) < len([s for s in counts if s])


def _merge_adjacent(lists: list[tuple[list[str], int]]) -> list[tuple[list[str], int]]:
    """Join segments that are always chosen together, next to each other, into one option."""
    while True:
        counts: dict[str, int] = {}
        pairs: dict[tuple[str, str], int] = {}
        for parts, n in lists:
            for segment in set(parts[::2]):
                counts[segment] = counts.get(segment, 0) + n
            for a, b in zip(parts[::2], parts[2::2], strict=False):
                pairs[(a, b)] = pairs.get((a, b), 0) + n
        joined = next(((a, b) for (a, b), n in pairs.items()
                       if a != b and n == counts[a] == counts[b]), None)
        if joined is None:
            return lists
        lists = [(_join(parts, *joined), n) for parts, n in lists]


def _join(parts: list[str], a: str, b: str) -> list[str]:
    out = list(parts)
    i = 0
    while i + 2 < len(out):
        if out[i] == a and out[i + 2] == b:
            out[i:i + 3] = [out[i] + out[i + 1] + out[i + 2]]
        else:
            i += 2
    return out

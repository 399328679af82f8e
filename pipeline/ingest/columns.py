"""Find the column a definition names, however the export spells or splits it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from pipeline.definitions import Question
from pipeline.ingest.choices import is_other_sub
from pipeline.ingest.sheet import Sheet, header_key, label_key


class Sub(NamedTuple):
    """A header read as parent + sub: `Q1[SQ001]`, `Title [Row]`, `q/choice`, `Q3_4`."""

    key: str  # header_key of the parent
    parent: str
    sub: str
    column: str
    from_header: bool  # False when found through another name (Qualtrics' question text)


class Columns:
    """Headers by key (case- and space-insensitive), plus the other names a reader knows.

    Other names: the first line of a multi-line header (Google Forms puts the question's
    description below its title), Qualtrics' question text, a Kobo path without its
    groups. An other name that two columns share is ambiguous and not used.
    """

    def __init__(self, headers: Iterable[str], sheet: Sheet) -> None:
        headers = list(headers)
        self.by_key = {header_key(h): h for h in headers}
        others: dict[str, set[str]] = {}
        names = [(h.split("\n")[0], h) for h in headers if "\n" in h] + list(sheet.aliases)
        for name, column in names:
            if column in headers:
                others.setdefault(header_key(name), set()).add(column)
        for key, found in others.items():
            if key not in self.by_key and len(found) == 1:
                self.by_key[key] = found.pop()
        self.subs = self._parse_subs(headers, names, sheet.layout.sub_patterns)

    @staticmethod
    def _parse_subs(headers, names, patterns) -> list[Sub]:
        """Every header (or other name) that names one option or row of a question."""
        compiled = [re.compile(p, re.DOTALL) for p in patterns]
        out = []
        named = [(h, h, True) for h in headers] + [(n, c, False) for n, c in names if c in headers]
        for name, column, is_header in named:
            for pattern in compiled:
                match = pattern.match(name)
                if match:
                    parent = match["parent"].strip()
                    out.append(Sub(header_key(parent), parent, match["sub"].strip(), column,
                                   is_header))
                    break
        return out

    def find(self, header: str) -> str | None:
        return self.by_key.get(header_key(header))

    def option_columns(self, question: Question) -> tuple[dict[str, str], dict[str, str],
                                                           list[str]]:
        """A multi-select split over columns: (label -> column, other column -> sub, unmatched).

        A column can have several names (Qualtrics: `Q3_4` and 'Topik - Lainnya'); it
        belongs to the question when one of its names has the question's column as parent.
        """
        parents = {header_key(question.column)} | {header_key(self.find(question.column) or "")}
        lookup = {}
        for option in question.options:
            for name in (option.code, option.label):
                if name:
                    lookup.setdefault(label_key(name), option.label)
        subs: dict[str, list[str]] = {}
        for found in self.subs:
            subs.setdefault(found.column, []).append(found.sub)
        ticks: dict[str, str] = {}
        other: dict[str, str] = {}
        unknown: list[str] = []
        for column in dict.fromkeys(f.column for f in self.subs if f.key in parents):
            known = [lookup[label_key(s)] for s in subs[column] if label_key(s) in lookup]
            label = known[0] if known else None
            if label and label not in ticks:
                ticks[label] = column
            elif any(is_other_sub(s) for s in subs[column]):
                other[column] = next(s for s in reversed(subs[column]) if is_other_sub(s))
            else:
                unknown.append(column)
        return ticks, other, unknown

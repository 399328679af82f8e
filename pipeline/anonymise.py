"""Anonymise: redact free text before any analysis sees it.

Removed: NIP/NI PPPK, NIK, email, Indonesian phone numbers, URLs with query strings,
and every name seen in identifier columns, alone or with honorifics, front titles and
degrees, and a first name after an honorific ('pak budi'). Names are matched as whole
words, so 'budi pekerti' stays. The pseudonym and row bookkeeping are dropped too:
nothing after this stage can tell who answered.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from pipeline.identifiers import (
    EMAIL_RE,
    NIK_CONTEXT_RE,
    NIK_RE,
    NIP_RE,
    PHONE_RE,
    URL_QUERY_RE,
    IdentifierSet,
)
from pipeline.names import NameFinder, alternation
from pipeline.tables import RESPONDENT, AnonymousResponses, ValidResponses

REDACTED = "[disamarkan]"
OTHER_GROUP = "Lainnya"
BOOKKEEPING = ["_row", "_file", "_pseudonym", "_submitted"]

PATTERN_REDACTIONS = (URL_QUERY_RE, EMAIL_RE, NIP_RE, NIK_CONTEXT_RE, NIK_RE, PHONE_RE)


class Redactor:
    """Everything to redact, compiled once for a survey: patterns, known names, unique posts."""

    def __init__(self, *known: IdentifierSet | None) -> None:
        """From the identifiers seen in a survey and the roster's: only names and posts are looked
        for by value (NIPs and emails by their patterns), so the million of those are not copied."""
        known = tuple(k for k in known if k is not None)
        names, first_names, titles = (set().union(*(getattr(k, kind) for k in known))
                                      for kind in ("names", "first_names", "titles"))
        self.names = NameFinder(names, first_names)
        self.titles = re.compile(rf"\b(?:{alternation(titles)})\b", re.IGNORECASE) if titles else None

    def __call__(self, text: pd.Series) -> pd.Series:
        """Replace identifying fragments of each free-text answer by [disamarkan]."""
        return self.changes(text)[0]

    def changes(self, text: pd.Series) -> tuple[pd.Series, np.ndarray]:
        """The redacted answers, and which of them changed.

        Each distinct answer is redacted once: 'Tidak ada' typed by ten thousand people is
        looked at one time.
        """
        codes, distinct = pd.factorize(text.astype("string"))
        redacted = self._redact(pd.Series(distinct, dtype="string")).to_numpy(dtype=object, na_value=pd.NA)
        changed = np.append(redacted != distinct.to_numpy(dtype=object), False)[codes]
        return pd.Series(np.append(redacted, pd.NA)[codes], index=text.index, dtype="string"), changed

    def _redact(self, text: pd.Series) -> pd.Series:
        out = text
        for pattern in PATTERN_REDACTIONS:
            out = out.str.replace(pattern, REDACTED, regex=True)
        if self.names:
            names = self.names
            out = out.astype(object).map(lambda t: names.sub(REDACTED, t), na_action="ignore").astype("string")
        if self.titles is not None:
            out = out.str.replace(self.titles, REDACTED, regex=True)
        return out.str.replace(r"(?:\[disamarkan\][\s,]*){2,}", REDACTED + " ", regex=True).str.strip()


def redact(text: pd.Series, identifiers: IdentifierSet) -> pd.Series:
    """Replace identifying fragments of each free-text answer by [disamarkan]."""
    return Redactor(identifiers)(text)


def pool_rare_groups(table: pd.DataFrame, groups: list[str], k: int) -> pd.DataFrame:
    """Relabel values of typed-in group columns held by fewer than k people as 'Lainnya'.

    A group label is published even where its numbers are withheld, and a value typed
    by one person ("Kepala Dinas", or a name typed in the wrong column) can say who
    they are. Units are exempt: their names come from units.yml, not from the answers.
    """
    out = table.copy()
    for column in groups:
        values = out[column].astype("string")
        counts = out[RESPONDENT].groupby(values).nunique() if RESPONDENT in out else values.value_counts()
        rare = rare_values(counts, k)
        if len(rare):
            out[column] = pool(values, rare).astype("category")
    return out


def rare_values(counts: pd.Series, k: int) -> pd.Index:
    """The values of a typed-in group column held by fewer than k people (counts: people per value)."""
    return counts.index[counts < k]


def pool(values: pd.Series, rare: pd.Index) -> pd.Series:
    """A group column as text with its rare values relabelled 'Lainnya'."""
    values = values.astype("string")
    return values.where(~values.isin(rare), OTHER_GROUP)


def anonymise(responses: ValidResponses, roster: IdentifierSet | None = None,
              min_group_size: int = 5) -> AnonymousResponses:
    """Redact every free-text column, pool rare group values, drop pseudonyms and bookkeeping.

    `roster` adds the names and unique posts of the staff list to those seen in the
    survey's own identifier columns.
    """
    table = responses.table.drop(columns=[c for c in BOOKKEEPING if c in responses.table])
    if RESPONDENT in table:  # which rows are one person's stays known, not which file row they were
        table = table.assign(**{RESPONDENT: pd.factorize(table[RESPONDENT])[0]})
    typed = [g.id for g in responses.survey.groups if g.id != "unit" and g.id in table]
    table = pool_rare_groups(table, typed, min_group_size)
    redactor = Redactor(responses.identifiers, roster)
    table, changed = redact_columns(table, free_text_columns(responses.survey, table), redactor)
    return AnonymousResponses(responses.survey, table, int(changed.sum()))


def redact_columns(table: pd.DataFrame, columns: list[str], redactor: Redactor) -> tuple[pd.DataFrame, pd.Series]:
    """Redact the free-text columns; also count the cells changed in each row."""
    changed = pd.Series(0, index=table.index, dtype="int64")
    for column in columns:
        after, changes = redactor.changes(table[column])
        changed += changes.astype("int64")
        table = table.assign(**{column: after})
    return table, changed


def free_text_columns(survey, table: pd.DataFrame) -> list[str]:
    """Every column holding words people typed: text questions and the 'other' answers of a multi-select."""
    columns = [q.id for q in survey.questions if q.type == "text"]
    columns += [q.other_column for q in survey.questions if q.type == "multi"]
    return [c for c in columns if c in table]

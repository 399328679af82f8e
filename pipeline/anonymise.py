"""Anonymise: redact free text before any analysis sees it.

Removed: NIP/NI PPPK, NIK, email, Indonesian phone numbers, URLs with query strings,
and every name seen in identifier columns, alone or with honorifics, front titles and
degrees, and a first name after an honorific ('pak budi'). Names are matched as whole
words, so 'budi pekerti' stays. The pseudonym and row bookkeeping are dropped too:
nothing after this stage can tell who answered.
"""

from __future__ import annotations

import re

import pandas as pd

from pipeline.identifiers import (
    DEGREE_SUFFIX,
    EMAIL_RE,
    FRONT_TITLES,
    HONORIFICS,
    NIK_CONTEXT_RE,
    NIK_RE,
    NIP_RE,
    PHONE_RE,
    URL_QUERY_RE,
    IdentifierSet,
)
from pipeline.tables import RESPONDENT, AnonymousResponses, ValidResponses

REDACTED = "[disamarkan]"
OTHER_GROUP = "Lainnya"
BOOKKEEPING = ["_row", "_file", "_pseudonym", "_submitted"]

_HONORIFIC = r"(?:" + "|".join(re.escape(h) for h in sorted(HONORIFICS, key=len, reverse=True)) + r")\.?"
_TITLE = r"(?:" + "|".join(re.escape(t) for t in sorted(FRONT_TITLES, key=len, reverse=True)) + r")\.?"
_PREFIX = rf"(?:\b(?:{_HONORIFIC}|{_TITLE})(?:(?<=\.)\s*|\s+))*"
_SUFFIX = DEGREE_SUFFIX
PATTERN_REDACTIONS = (URL_QUERY_RE, EMAIL_RE, NIP_RE, NIK_CONTEXT_RE, NIK_RE, PHONE_RE)


def _name_alternation(names: set[str]) -> str:
    parts = sorted((r"\s+".join(re.escape(w) for w in n.split()) for n in names), key=len, reverse=True)
    return "|".join(parts)


def name_pattern(identifiers: IdentifierSet) -> re.Pattern[str] | None:
    """One regex for every known name, with titles around it, and first names after an honorific."""
    alternatives = []
    if identifiers.names:
        alternatives.append(rf"{_PREFIX}\b(?:{_name_alternation(identifiers.names)})\b{_SUFFIX}")
    if identifiers.first_names:
        alternatives.append(
            rf"\b{_HONORIFIC}(?:(?<=\.)\s*|\s+)(?:{_TITLE}(?:(?<=\.)\s*|\s+))*(?:{_name_alternation(identifiers.first_names)})\b{_SUFFIX}"
        )
    if not alternatives:
        return None
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.IGNORECASE)


def redact(text: pd.Series, identifiers: IdentifierSet) -> pd.Series:
    """Replace identifying fragments of each free-text answer by [disamarkan]."""
    out = text.astype("string")
    for pattern in PATTERN_REDACTIONS:
        out = out.str.replace(pattern, REDACTED, regex=True)
    names = name_pattern(identifiers)
    if names is not None:
        out = out.str.replace(names, REDACTED, regex=True)
    if identifiers.titles:
        titles = re.compile(rf"\b(?:{_name_alternation(identifiers.titles)})\b", re.IGNORECASE)
        out = out.str.replace(titles, REDACTED, regex=True)
    return out.str.replace(r"(?:\[disamarkan\][\s,]*){2,}", REDACTED + " ", regex=True).str.strip()


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
        rare = counts.index[counts < k]
        if len(rare):
            out[column] = values.where(~values.isin(rare), OTHER_GROUP).astype("category")
    return out


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
    known = IdentifierSet()
    known.merge(responses.identifiers)
    if roster is not None:
        known.merge(roster)
    redactions = 0
    for column in free_text_columns(responses.survey, table):
        before = table[column]
        after = redact(before, known)
        redactions += int((before.fillna("") != after.fillna("")).sum())
        table = table.assign(**{column: after})
    return AnonymousResponses(responses.survey, table, redactions)


def free_text_columns(survey, table: pd.DataFrame) -> list[str]:
    """Every column holding words people typed: text questions and the 'other' answers of a multi-select."""
    columns = [q.id for q in survey.questions if q.type == "text"]
    columns += [q.other_column for q in survey.questions if q.type == "multi"]
    return [c for c in columns if c in table]

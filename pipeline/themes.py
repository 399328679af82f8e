"""Themes: code redacted comments against the codebook, with a polarity per match.

A comment is cut into sentences and clauses (at punctuation and at contrast words such
as "tetapi", "namun"; a purpose clause after "agar"/"supaya" is coded but neutral). A
theme matches a clause through its phrases first, then its keywords on the words no
phrase used, so "pemateri kurang menguasai materi" is about
the speaker (phrase "menguasai materi") and not also about the content. The polarity
of a match is the sign of its clause: positive and negative words count +1/-1, a
negator ("tidak", "belum", "kurang") flips the polar word after it, intensifiers in
between are skipped ("tidak terlalu jelas"), and "terlalu X" is a complaint.

Counts are of people, not of comments: a person mentions a theme when any of their
answers does, and their polarity on it is the sign of the sum of their matches.
Only anonymised (redacted) text is ever coded.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.anonymise import REDACTED
from pipeline.codebook import Analyser, Codebook, Theme, analyser
from pipeline.definitions import Survey
from pipeline.identifiers import normalise_text
from pipeline.tables import ALL, RESPONDENT, AnonymousResponses, whole
from pipeline.tables import person as person_of

SENTENCE_RE = re.compile(r"(?<=[.!?])\s+|\n+")
CLAUSE_RE = re.compile(r"[,;:()]|\s[-–—]\s|\b(?:tetapi|tapi|namun|sedangkan|padahal|meskipun|walaupun|walau)\b",
                       re.IGNORECASE)
# "… agar materi tidak terburu-buru": a purpose clause says what is wished for, not how it was.
PURPOSE_RE = re.compile(r"\b(?:agar|supaya|biar)\b", re.IGNORECASE)
MAX_GAP = 2  # intensifiers allowed between a negator and its word


@dataclass(frozen=True)
class Matcher:
    """The codebook of one survey kind, reduced to stemmed terms."""

    analyser: Analyser
    themes: tuple[Theme, ...]
    keywords: tuple[frozenset[str], ...]
    phrases: tuple[tuple[tuple[str, ...], ...], ...]
    positive: frozenset[str]
    negative: frozenset[str]
    negators: frozenset[str]
    intensifiers: frozenset[str]
    excess: frozenset[str]
    neutral: tuple[tuple[str, ...], ...]


def build_matcher(codebook: Codebook, kind: str) -> Matcher:
    a = analyser(codebook.protect)
    themes = codebook.themes_for(kind)
    p = codebook.polarity
    return Matcher(
        a, themes, tuple(a.term_set(t.keywords) for t in themes),
        tuple(tuple(sorted((tuple(a.terms(x)) for x in t.phrases), key=len, reverse=True)) for t in themes),
        a.term_set(p.positive), a.term_set(p.negative), a.term_set(p.negators),
        a.term_set(p.intensifiers), a.term_set(p.excess), tuple(tuple(a.terms(x)) for x in p.neutral_phrases))


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_RE.split(str(text)) if s.strip()]


def match_themes(m: Matcher, terms: list[str]) -> list[str]:
    """Theme ids a clause mentions: phrases first (longest first), then keywords on the words left."""
    used = [False] * len(terms)
    found = []
    for theme, phrases in zip(m.themes, m.phrases, strict=True):
        for phrase in phrases:
            for i in range(len(terms) - len(phrase) + 1):
                if tuple(terms[i:i + len(phrase)]) == phrase and not any(used[i:i + len(phrase)]):
                    used[i:i + len(phrase)] = [True] * len(phrase)
                    found.append(theme.id)
    for theme, keywords in zip(m.themes, m.keywords, strict=True):
        if any(t in keywords and not u for t, u in zip(terms, used, strict=True)):
            found.append(theme.id)
    return list(dict.fromkeys(found))


def polarity(m: Matcher, terms: list[str]) -> int:
    """The sign of a clause: +1 positive, -1 negative, 0 neutral or mixed.

    A negator flips the polar word after it, across intensifiers ("tidak terlalu jelas":
    not very clear); "terlalu X" without a negator is a complaint whatever X is.
    """
    terms = _without(terms, m.neutral)
    score, i = 0, 0
    while i < len(terms):
        term = terms[i]
        j = _next_word(m, terms, i)
        polar = j < len(terms) and (terms[j] in m.positive or terms[j] in m.negative)
        if term in m.negators and polar:
            score += -1 if terms[j] in m.positive else 1
            i = j + 1
        elif term in m.excess:
            score -= 1
            i = j + 1 if polar else i + 1
        else:
            score += (term in m.positive) - (term in m.negative)
            i += 1
    return int(np.sign(score))


def _next_word(m: Matcher, terms: list[str], i: int) -> int:
    """The position of the first word after `i` that is not an intensifier (at most MAX_GAP of them)."""
    j = i + 1
    while j < len(terms) and j - i <= MAX_GAP and terms[j] in m.intensifiers:
        j += 1
    return j


def _without(terms: list[str], phrases: tuple[tuple[str, ...], ...]) -> list[str]:
    """The terms outside any of the phrases (a rating's name says nothing about the rater's view)."""
    keep = [True] * len(terms)
    for phrase in phrases:
        for i in range(len(terms) - len(phrase) + 1):
            if tuple(terms[i:i + len(phrase)]) == phrase:
                keep[i:i + len(phrase)] = [False] * len(phrase)
    return [t for t, k in zip(terms, keep, strict=True) if k]


def code_sentence(m: Matcher, sentence: str) -> dict[str, int]:
    """Theme id -> summed polarity of its matches in one sentence."""
    out: dict[str, int] = {}
    judged, *wished = PURPOSE_RE.split(sentence)
    parts = [(clause, True) for clause in CLAUSE_RE.split(judged)]
    parts += [(clause, False) for part in wished for clause in CLAUSE_RE.split(part)]
    for clause, is_judged in parts:
        terms = m.analyser.terms(clause or "")
        themes = match_themes(m, terms)
        if themes:
            sign = polarity(m, terms) if is_judged else 0
            for theme in themes:
                out[theme] = out.get(theme, 0) + sign
    return out


def code_text(m: Matcher, text: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for sentence in sentences(text):
        for theme, sign in code_sentence(m, sentence).items():
            out[theme] = out.get(theme, 0) + sign
    return out


def is_comment(text: object, codebook: Codebook) -> bool:
    """A real answer: has letters and is not 'tidak ada', '-', 'nihil' …"""
    if not isinstance(text, str) or not re.search(r"[^\W\d_]", text):
        return False
    empty = {normalise_text(e) for e in codebook.empty_answers}
    return normalise_text(text).strip(" .!,-") not in empty


@dataclass(frozen=True)
class ThemeCoding:
    """The coded comments of one survey.

    people: one row per person who commented: the survey's group columns, `coded`, and
    one column per theme with that person's polarity (+1, 0, -1; NaN when not mentioned).
    sentences: distinct redacted sentences per theme (theme, text, people), for quotes.
    """

    survey: Survey
    themes: tuple[Theme, ...]
    people: pd.DataFrame
    sentences: pd.DataFrame
    uncoded: tuple[str, ...]  # comments without a theme, for `rapor check`


def text_columns(survey: Survey, table: pd.DataFrame) -> list[str]:
    return [q.id for q in survey.questions if q.type == "text" and q.id in table]


def code_comments(responses: AnonymousResponses, codebook: Codebook) -> ThemeCoding:
    """Code every comment of a survey; aggregate per person."""
    survey, table = responses.survey, responses.table
    m = build_matcher(codebook, survey.kind)
    ids = [t.id for t in m.themes]
    groups = [g.id for g in survey.groups if g.id in table]
    # The person behind each row: a row each, except in a repeat-group survey (RESPONDENT).
    person = person_of(table)
    per_column, quotes, uncoded = [], [], []
    for column in text_columns(survey, table):
        answers = table[column][table[column].map(lambda v: is_comment(v, codebook)).astype(bool)]
        coded = {text: code_text(m, text) for text in answers.unique()}
        per_column.append(pd.DataFrame([coded[t] for t in answers], index=answers.index, columns=ids, dtype="float64"))
        uncoded += [t for t in answers if not coded[t]]
        quotes.append(_sentences(m, answers.set_axis(person[answers.index])))
    frame = pd.concat(per_column) if per_column else pd.DataFrame(columns=ids, dtype="float64")
    scores = frame.groupby(person[frame.index].to_numpy()).sum(min_count=1) if len(frame) else frame
    rows = scores.index if RESPONDENT not in table else \
        pd.Series(table.index, index=person).groupby(level=0).first()[scores.index]
    people = table.loc[rows, groups].set_axis(scores.index).copy() if len(frame) else table.iloc[:0][groups].copy()
    people[ids] = np.sign(scores[ids])
    people["coded"] = scores[ids].notna().any(axis=1) if ids else False
    return ThemeCoding(survey, m.themes, people, _distinct(quotes), tuple(uncoded))


def _sentences(m: Matcher, answers: pd.Series) -> pd.DataFrame:
    """(row, theme, sentence) for every coded sentence without a redaction mark in it."""
    rows = []
    for row, text in answers.items():
        for sentence in sentences(text):
            if REDACTED not in sentence:
                rows += [(row, theme, sentence) for theme in code_sentence(m, sentence)]
    return pd.DataFrame(rows, columns=["row", "theme", "text"])


def _distinct(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["row", "theme", "text"])
    counted = frame.groupby(["theme", "text"])["row"].nunique().rename("people").reset_index()
    return counted.sort_values(["theme", "text"], ignore_index=True)


def _keys(people: pd.DataFrame, dimension: str) -> pd.Series:
    if dimension == ALL:
        return whole(people.index)
    return people[dimension]


def count_themes(coding: ThemeCoding) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per (dimension, group): people who commented and who were coded; per theme, people and polarity."""
    people = coding.people
    comments, themes = [], []
    for dimension in [ALL] + [g.id for g in coding.survey.groups if g.id in people]:
        keys = _keys(people, dimension)
        grouped = people.assign(_all=True).groupby(keys, observed=False)
        for key, column in (("komentar", "_all"), ("berkode", "coded")):
            n = grouped[column].sum().astype("int64")
            comments.append(pd.DataFrame({"key": key, "dimension": dimension, "group": n.index.astype(str),
                                          "n": n.to_numpy()}))
        for theme in coding.themes:
            values = grouped[theme.id]
            themes.append(pd.DataFrame({
                "theme": theme.id, "dimension": dimension, "group": values.count().index.astype(str),
                "n": values.count().to_numpy(), "n_pos": values.agg(lambda s: int((s > 0).sum())).to_numpy(),
                "n_neg": values.agg(lambda s: int((s < 0).sum())).to_numpy(),
                "n_neu": values.agg(lambda s: int((s == 0).sum())).to_numpy()}))
    columns = ["theme", "dimension", "group", "n", "n_pos", "n_neg", "n_neu"]
    return (pd.concat(comments, ignore_index=True),
            pd.concat(themes, ignore_index=True) if themes else pd.DataFrame(columns=columns))


def uncoded_terms(coding: ThemeCoding, codebook: Codebook, top: int = 10) -> list[tuple[str, int]]:
    """The most frequent words of uncoded comments, as most often written; a negator or intensifier
    stays with the word after it ("tidak sempat"). A word counts once per comment."""
    a = analyser(codebook.protect)
    stop = a.term_set(codebook.stopwords) | {"disamarkan"}
    joiners = a.term_set(codebook.polarity.negators + codebook.polarity.intensifiers)
    counts: Counter[str] = Counter()
    spelled: dict[str, Counter[str]] = {}
    for text in coding.uncoded:
        words = a.words(text)
        terms = [a.stem(w) for w in words]
        found: dict[str, str] = {}
        for i, term in enumerate(terms):
            if term in joiners and i + 1 < len(terms):
                found[f"{term} {terms[i + 1]}"] = f"{words[i]} {words[i + 1]}"
            elif term not in stop and len(term) >= 3 and not term.isdigit() and (i == 0 or terms[i - 1] not in joiners):
                found[term] = words[i]
        counts.update(found.keys())
        for term, word in found.items():
            spelled.setdefault(term, Counter())[word] += 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return [(min(spelled[t].items(), key=lambda kv: (-kv[1], kv[0]))[0], n) for t, n in ranked]

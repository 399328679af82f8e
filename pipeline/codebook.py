"""The codebook: comment themes, polarity words and the words stemming must not touch.

`surveys/codebook.yml` is written by HR in plain Indonesian words ("bermanfaat",
"menguasai materi"); every word is reduced with the same analyser as the comments, so
a keyword matches every inflected form. The analyser is Sastrawi's stemmer (Nazief &
Adriani with confix stripping) plus two Indonesian-specific guards:

* a protect-list of words kept as written, because the stemmer conflates words with
  different meanings: `pemateri` (the speaker) would become `materi` (the content),
  `penilaian` (the appraisal) `nilai` (a score), `atasan` (supervisor) `atas`;
* no stop-word removal before matching: stock Indonesian stop-word lists (Sastrawi's,
  nlp-id's, spaCy's) drop `tidak`, `belum`, `kurang`, `sangat`, which reverses
  opinions. Our own stop words only trim the list of frequent uncoded terms, and
  the model refuses negators and intensifiers in it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from pydantic import Field, model_validator

from pipeline.definitions import ID_RE, Model, SurveyKind, _parse
from pipeline.identifiers import normalise_text

if TYPE_CHECKING:
    from pipeline.definitions import Project

CODEBOOK_FILE = "codebook.yml"
# Never stop words: they carry negation or intensity ("tidak jelas", "sangat membantu").
KEPT_WORDS = frozenset({"tidak", "belum", "bukan", "kurang", "sangat", "cukup", "terlalu"})
# Particles and possessives written onto a protected word: "pematerinya", "penilaiannya".
CLITICS = ("nya", "lah", "kah", "pun", "ku", "mu")
WORD_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class Theme(Model):
    id: str = Field(pattern=ID_RE)
    label: str
    description: str
    keywords: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    kinds: tuple[SurveyKind, ...] = ()  # survey kinds the theme applies to; empty: every kind

    @model_validator(mode="after")
    def _has_terms(self) -> Theme:
        if not self.keywords and not self.phrases:
            raise ValueError("tema wajib punya 'keywords' atau 'phrases'")
        return self

    def applies_to(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds


class Polarity(Model):
    """Single words (a phrase's polarity comes from its words: "tidak jelas" = negator + positive),
    except `neutral_phrases`, whose words are skipped."""

    positive: tuple[str, ...] = ()
    negative: tuple[str, ...] = ()
    negators: tuple[str, ...] = ("tidak", "belum", "bukan", "tanpa", "kurang")  # flip the next polar word
    intensifiers: tuple[str, ...] = ("sangat", "cukup", "amat", "sekali", "lebih", "begitu", "terlalu")
    excess: tuple[str, ...] = ("terlalu",)  # "terlalu X" is a complaint whatever X is
    neutral_phrases: tuple[str, ...] = ()  # names whose words carry no opinion: "predikat sangat baik"

    @model_validator(mode="after")
    def _single_words(self) -> Polarity:
        lists = (self.positive, self.negative, self.negators, self.intensifiers, self.excess)
        phrases = sorted({w for words in lists for w in words if len(w.split()) > 1})
        if phrases:
            raise ValueError(f"daftar polaritas berisi satu kata per butir; pecah atau hapus: {', '.join(phrases)}")
        return self


class Codebook(Model):
    source: str = ""  # who wrote it and when it was last reviewed
    protect: tuple[str, ...] = ()
    stopwords: tuple[str, ...] = ()
    empty_answers: tuple[str, ...] = ("-", "tidak ada", "belum ada", "nihil", "cukup", "tidak")
    polarity: Polarity = Polarity()
    themes: tuple[Theme, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> Codebook:
        kept = sorted(KEPT_WORDS & {normalise_text(w) for w in self.stopwords})
        if kept:
            raise ValueError(f"stopwords tidak boleh memuat {', '.join(kept)}: kata ini membalik atau "
                             "menguatkan makna")
        ids = [t.id for t in self.themes]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"id tema ganda: {', '.join(dupes)}")
        return self

    def themes_for(self, kind: str) -> tuple[Theme, ...]:
        return tuple(t for t in self.themes if t.applies_to(kind))


def load_codebook(project: Project) -> Codebook:
    """Read surveys/codebook.yml; without one there are no themes (comments are only counted)."""
    path = project.root / "surveys" / CODEBOOK_FILE
    return _parse(Codebook, path, default={}) if path.exists() else Codebook()


class Analyser:
    """Words of a text, lower-cased and stemmed, protected words kept as written."""

    def __init__(self, protect: tuple[str, ...]) -> None:
        from Sastrawi.Stemmer.Stemmer import Stemmer
        from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

        self.protect = frozenset(normalise_text(w) for w in protect)
        # Sastrawi looks words up in a list of 30,000 root words (0.7 ms a lookup); a set gives the
        # same answers at once. Results are cached per word below.
        self._stemmer = Stemmer(_RootWords(StemmerFactory().get_words()))
        self.stem = lru_cache(maxsize=None)(self._stem)

    def _stem(self, word: str) -> str:
        if word in self.protect:
            return word
        for clitic in CLITICS:
            if word.endswith(clitic) and word[: -len(clitic)] in self.protect:
                return word[: -len(clitic)]
        if any(c.isdigit() for c in word) or ("-" in word and not _reduplicated(word)):
            return word  # codes and compounds (e-kinerja, 2026) are not Indonesian inflections
        return self._stemmer.stem(word) or word

    def words(self, text: str) -> list[str]:
        """Raw lower-case words of a text, accents removed."""
        return WORD_RE.findall(normalise_text(text))

    def terms(self, text: str) -> list[str]:
        return [self.stem(w) for w in self.words(text)]

    def term_set(self, words: tuple[str, ...]) -> frozenset[str]:
        return frozenset(t for w in words for t in self.terms(w))


class _RootWords:
    """Sastrawi's dictionary interface over a set."""

    def __init__(self, words: list[str]) -> None:
        self.words = frozenset(w for w in words if w and w.strip())

    def contains(self, word: str) -> bool:
        return word in self.words


def _reduplicated(word: str) -> bool:
    """'buku-buku', 'terburu-buru': Sastrawi knows reduplication; other hyphens are names."""
    head, _, tail = word.partition("-")
    return bool(tail) and (head.endswith(tail) or tail.endswith(head[-3:]))


@lru_cache(maxsize=8)
def analyser(protect: tuple[str, ...]) -> Analyser:
    return Analyser(protect)

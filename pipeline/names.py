"""Finding the names of people seen at ingest in free text: a word lookup, not one big regex.

A national round has a million names. One regular expression alternating all of them
takes minutes to compile and scans slowly, so names are found word by word instead:
the text is cut into words (`\\w+`, the same boundaries as the regex `\\b`), a word that
begins a known name is looked up in a dict, and only then are the following words, the
honorifics and front titles before it ('Bapak Dr. ...') and the degrees after it
(', S.E., M.Si.') matched, with small regexes anchored at that spot. A first name alone
counts only after an honorific ('pak budi'), so 'budi pekerti' stays. Matching ignores
case and accents. Names whose words begin or end with punctuation (rare typing
accidents) keep the regex alternation.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from pipeline.identifiers import DEGREE_SUFFIX, FRONT_TITLES, HONORIFICS, strip_accents

HONORIFIC = r"(?:" + "|".join(re.escape(h) for h in sorted(HONORIFICS, key=len, reverse=True)) + r")\.?"
TITLE = r"(?:" + "|".join(re.escape(t) for t in sorted(FRONT_TITLES, key=len, reverse=True)) + r")\.?"
_AFTER = r"(?:(?<=\.)\s*|\s+)"  # 'Dr.Budi' or 'Dr. Budi' or 'dr Budi'
PREFIX = rf"(?:\b(?:{HONORIFIC}|{TITLE}){_AFTER})*"

_WORD_RE = re.compile(r"\w+")
_PARTS_RE = re.compile(r"(\W+)")
_SIMPLE_RE = re.compile(r"[^\W_A-Z]+(?: [^\W_A-Z]+)*")
_PREFIX_BEFORE_RE = re.compile(rf"(?:\b(?:{HONORIFIC}|{TITLE}){_AFTER})+$", re.IGNORECASE)
_HONORIFIC_BEFORE_RE = re.compile(rf"\b{HONORIFIC}{_AFTER}(?:{TITLE}{_AFTER})*$", re.IGNORECASE)
_SUFFIX_RE = re.compile(DEGREE_SUFFIX, re.IGNORECASE)
_LOOKBACK = 120  # characters searched for honorifics and titles before a name


def word_key(word: str) -> str:
    """How a word is compared: lower case, without accents."""
    word = word.lower()
    return word if word.isascii() else strip_accents(word)


@lru_cache(maxsize=256)
def _gap(separator: str) -> re.Pattern[str]:
    """What must stand between two words of a name in the text: white space for a space."""
    return re.compile(r"\s+".join(re.escape(part) for part in separator.split(" ")))


def alternation(names: Iterable[str]) -> str:
    parts = sorted((r"\s+".join(re.escape(w) for w in n.split()) for n in names), key=len, reverse=True)
    return "|".join(parts)


class NameFinder:
    """Every known name (and first name after an honorific) in a text, with its titles."""

    def __init__(self, names: Iterable[str], first_names: Iterable[str] = ()) -> None:
        self.full, full_odd = self._index(names)
        self.first, first_odd = self._index(first_names)
        alternatives = []
        if full_odd:
            alternatives.append(rf"{PREFIX}\b(?:{alternation(full_odd)})\b{DEGREE_SUFFIX}")
        if first_odd:
            alternatives.append(rf"\b{HONORIFIC}{_AFTER}(?:{TITLE}{_AFTER})*(?:{alternation(first_odd)})\b"
                                rf"{DEGREE_SUFFIX}")
        self.odd = re.compile("|".join(f"(?:{a})" for a in alternatives), re.IGNORECASE) if alternatives else None

    @staticmethod
    def _index(names: Iterable[str]) -> tuple[dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]], list[str]]:
        """Names by their first word, longest first; and the names that cannot be cut into words.

        Names come normalised (lower case, no accents, single spaces) from IdentifierSet.
        """
        index: defaultdict[str, list] = defaultdict(list)
        odd = []
        for name in names:
            if _SIMPLE_RE.fullmatch(name):  # nearly every name: words and single spaces
                words = tuple(name.split(" "))
                index[words[0]].append((words, (" ",) * (len(words) - 1)))
                continue
            parts = _PARTS_RE.split(name)
            if not name or not parts[0] or not parts[-1]:  # starts or ends with punctuation
                odd.append(name)
                continue
            words = tuple(word_key(w) for w in parts[0::2])
            index[words[0]].append((words, tuple(parts[1::2])))
        for entries in index.values():
            if len(entries) > 1:
                entries.sort(key=lambda entry: (-len(entry[0]), entry))
        return dict(index), odd

    def __bool__(self) -> bool:
        return bool(self.full or self.first or self.odd)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """The (start, end) of every name found, honorifics, titles and degrees included."""
        firsts = self.full.keys() | self.first.keys()
        if not firsts:
            return []
        words = [(m.start(), m.end(), word_key(m.group())) for m in _WORD_RE.finditer(text)]
        if not any(w[2] in firsts for w in words):  # the usual case: nothing to look closer at
            return []
        found: list[tuple[int, int]] = []
        done = 0  # nothing before this offset can start a new name
        for i, (start, _, _) in enumerate(words):
            if start < done:
                continue
            span = self._full_at(text, words, i, done) or self._first_at(text, words, i, done)
            if span:
                found.append(span)
                done = span[1]
        return found

    def _match(self, text: str, words: list, i: int, entries: list) -> int | None:
        """The end offset of the longest entry whose words and separators follow word i."""
        for name, gaps in entries:
            last = i + len(name) - 1
            if last >= len(words):
                continue
            if all(words[i + j][2] == name[j] for j in range(1, len(name))) and all(
                    _gap(gap).fullmatch(text, words[i + j][1], words[i + j + 1][0]) for j, gap in enumerate(gaps)):
                return words[last][1]
        return None

    def _full_at(self, text: str, words: list, i: int, done: int) -> tuple[int, int] | None:
        end = self._match(text, words, i, self.full.get(words[i][2], ()))
        if end is None:
            return None
        start = words[i][0]
        before = _PREFIX_BEFORE_RE.search(text, max(done, start - _LOOKBACK), start)
        return (before.start() if before else start), _SUFFIX_RE.match(text, end).end()

    def _first_at(self, text: str, words: list, i: int, done: int) -> tuple[int, int] | None:
        entries = self.first.get(words[i][2])
        if not entries:
            return None
        start = words[i][0]
        before = _HONORIFIC_BEFORE_RE.search(text, max(done, start - _LOOKBACK), start)
        if before is None:
            return None
        end = self._match(text, words, i, entries)
        return None if end is None else (before.start(), _SUFFIX_RE.match(text, end).end())

    def found(self, text: str) -> list[str]:
        """The text of every name found (for the audit's report)."""
        out = [text[a:b] for a, b in self.spans(text)]
        if self.odd is not None:
            out += [m.group(0) for m in self.odd.finditer(text)]
        return out

    def sub(self, replacement: str, text: str) -> str:
        """The text with every name found replaced."""
        pieces, last = [], 0
        for start, end in self.spans(text):
            pieces += [text[last:start], replacement]
            last = end
        text = "".join(pieces) + text[last:] if pieces else text
        return self.odd.sub(replacement, text) if self.odd is not None else text

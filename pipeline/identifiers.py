"""What identifies a person: patterns, honorifics and titles, and the values seen at ingest.

Shared by three stages: ingest collects the values of identifier columns, anonymise
redacts them from free text, audit looks for them in everything built. The values
live in memory only; they are never written anywhere.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# NIP PNS / NI PPPK: 18 digits, written plain, spaced ("19850312 201001 1 002") or dotted.
NIP_RE = re.compile(r"(?<!\d)\d{8}[ .-]?\d{6}[ .-]?\d[ .-]?\d{3}(?!\d)")
# NIK: 16 digits (15-17 when a mistyped one stands next to "NIK"/"KTP").
NIK_RE = re.compile(r"(?<!\d)\d{16}(?!\d)")
NIK_CONTEXT_RE = re.compile(r"(?i)\b(?:nik|ktp)\b\W{0,3}(\d{15,17})(?!\d)")
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# Indonesian phones: +62 / 62 / 0 then 8xx mobile, with spaces, dots or dashes; wa.me links.
PHONE_RE = re.compile(
    r"(?:wa\.me/|https?://wa\.me/)?(?<![\d+])(?:\+62|62|0)[\s.-]?8\d(?:[\s.-]?\d){6,11}(?!\d)"
)
URL_QUERY_RE = re.compile(r"https?://\S+\?\S+")

HONORIFICS = ("bapak", "ibu", "pak", "bu", "bpk", "sdr", "sdri", "sdra", "mas", "mbak", "kak",
              "tn", "ny", "yth")
FRONT_TITLES = ("prof", "dr", "drs", "dra", "ir", "h", "hj", "kh", "k.h", "r.a", "pdt")
# Degrees written after the name (Permenristekdikti 59/2018). Case-sensitive so that ordinary
# words after a name are never eaten: dotted forms (S.Kom., M.Si, A.Md.Kom.) anywhere after the
# name, undotted ones (SE, SPd, MSi) only after a comma, as in "HERIANI,S.Pd,M.Pd".
DEGREE_DOTTED = (r"(?:[SMD]\.\s?(?:\d\.\s?)?[A-Z][A-Za-z]{0,5}\.?(?:[A-Z][a-z]{0,4}\.?)?"
                 r"|A\.\s?Md\.?(?:[A-Z][a-z]{0,4}\.?)?|A\.\s?Ma\.?|A\.\s?P\.|Ph\.\s?D\.?)")
DEGREE_LOOSE = r"(?:[SMD][A-Z]?[a-z]{0,4}|S[A-Z]{1,2}|M[A-Z]{1,2}|MBA|MPA|A[Mm]d|PhD)\b"
DEGREE_SUFFIX = rf"(?-i:(?:\s*,\s*(?:{DEGREE_DOTTED}|{DEGREE_LOOSE})|\s+{DEGREE_DOTTED})*)"


def strip_accents(text: str) -> str:
    """'Muñoz' -> 'Munoz': decompose, then drop the combining marks."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def normalise_text(text: str) -> str:
    """Lower-case, strip accents, collapse white space: the form names are compared in."""
    return " ".join(strip_accents(text).lower().split())


# The classification of identifier values runs on Arrow string kernels (RE2 regexes in C++):
# a national export has a million distinct names, and per-value Python takes seconds for them.
# RE2's \s is ASCII only, so every Unicode space is first made a plain one: this class holds every
# character str.split() splits on (str.isspace).
_WHITE_SPACE = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in map(chr, range(0x3001)) if c.isspace()) + "]+"
_UNSQUASHED = r"[\t\n\v\f\r\x1c-\x1f]|  |^ | $"  # in ASCII text: what str.split() would change
_TRAILING_DEGREES = rf"(?: +{DEGREE_DOTTED})+ *$"
# After every "." is followed by a space, a title is a whole token: "Dr." or "hj".
_LEADING_TITLES = (r"(?i)^ *(?:(?:" + "|".join(re.escape(t) for t in sorted({*FRONT_TITLES, *HONORIFICS},
                                                                              key=len, reverse=True))
                   + r")\.?(?: +|$))*")


def _arrow(values: pd.Series) -> pa.Array:
    """The values as Arrow text (missing ones null): directly when they are all text already."""
    array = values.to_numpy(dtype=object)
    try:
        return pa.array(array, type=pa.large_string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # numbers or dates typed into a name column
        return pa.array(values.astype("string").to_numpy(dtype=object, na_value=None), type=pa.large_string())


def _squash(text: pa.Array) -> pa.Array:
    """Collapse runs of (Unicode) white space into one plain space and trim, as ' '.join(t.split()).

    One RE2 pass over Python's own white-space characters. (Arrow's utf8_split_whitespace was
    used here once; in pyarrow 26 it sometimes misses a white space that ends the last value.)
    """
    if pc.all(pc.string_is_ascii(text)).as_py() is not False and not pc.any(
            pc.match_substring_regex(text, _UNSQUASHED)).as_py():
        return text  # the usual case, a million NIPs or emails: nothing to collapse
    return pc.utf8_trim(pc.replace_substring_regex(text, _WHITE_SPACE, " "), " ")


def _name_cores(text: pa.Array) -> pa.Array:
    text = pc.list_element(pc.split_pattern(_squash(text), ",", max_splits=1), 0)
    text = pc.replace_substring_regex(pc.utf8_trim(text, " "), _TRAILING_DEGREES, "")
    text = pc.replace_substring_regex(pc.replace_substring(text, ".", ". "), _LEADING_TITLES, "")
    text = pc.replace_substring(text, ".", "")
    accented = pc.invert(pc.string_is_ascii(text))
    if pc.any(accented).as_py():  # rare: decompose and drop combining marks only where there are any
        plain = [strip_accents(t) if a else t for t, a in zip(text.to_pylist(), accented.to_pylist(), strict=True)]
        text = pa.array(plain, type=pa.large_string())
    return _squash(pc.utf8_lower(text))


def name_cores(raw: pd.Series) -> pd.Series:
    """Return the bare names of a column of names, vectorised: the work of `name_core` per value."""
    return pd.Series(_name_cores(_arrow(raw)).to_numpy(zero_copy_only=False), index=raw.index, dtype=object)


def name_core(raw: str) -> str:
    """Return the bare name: 'Dr. Hj. Siti Aminah, S.E., M.Si.' -> 'siti aminah'."""
    return name_cores(pd.Series([str(raw)], dtype=object)).iloc[0]


@dataclass(eq=False)
class IdentifierSet:
    """Identifier values seen at ingest, normalised for matching. Never published.

    Emails and numbers (NIP, NIK, phone: digits only) come by the million from a national export,
    and only the audit looks them up: they are kept as the Arrow text they were found as, and
    become Python sets when first asked for.
    """

    names: set[str] = field(default_factory=set)       # 'siti aminah'
    first_names: set[str] = field(default_factory=set)  # 'siti' (matched only after an honorific)
    titles: set[str] = field(default_factory=set)      # 'kabag umum': a post one person holds
    _found: dict[str, set[str]] = field(default_factory=lambda: {"emails": set(), "numbers": set()}, repr=False)
    _pending: dict[str, list[pa.Array | pa.ChunkedArray]] = field(
        default_factory=lambda: {"emails": [], "numbers": []}, repr=False)

    @property
    def emails(self) -> set[str]:
        return self._settled("emails")

    @property
    def numbers(self) -> set[str]:
        return self._settled("numbers")

    def _settled(self, kind: str) -> set[str]:
        found, pending = self._found[kind], self._pending[kind]
        while pending:
            found.update(pending.pop().to_pylist())
        return found

    def _any(self, kind: str) -> bool:
        return bool(self._found[kind]) or any(len(values) for values in self._pending[kind])

    def add_column(self, values: pd.Series | pa.Array | pa.ChunkedArray, ignore: str | None = None) -> None:
        """Classify each distinct value of an identifier column (pandas, or Arrow text) and remember it.

        `ignore` is a regex (RE2 syntax) of whole values that are no identifier ('anonymous').
        """
        if isinstance(values, pa.Array | pa.ChunkedArray):
            # Arrow text is a column of mostly distinct values (a million NIPs): the sets below
            # drop repeats for less than finding them first would cost.
            text = pc.drop_null(pc.cast(values, pa.large_string()))
        else:  # distinct values before Arrow: cheaper than converting every cell
            text = _arrow(pd.Series(pd.unique(values.to_numpy(dtype=object)), dtype=object))
        text = _squash(pc.drop_null(text))
        text = pc.filter(text, pc.invert(pc.is_in(text, pa.array(["", "-", "_", "."], type=pa.large_string()))))
        if ignore is not None:
            text = pc.filter(text, pc.invert(pc.match_substring_regex(text, f"^(?:{ignore})$", ignore_case=True)))
        email = pc.match_substring(text, "@")
        self._pending["emails"].append(pc.utf8_lower(pc.filter(text, email)))
        text = pc.filter(text, pc.invert(email))
        digits = pc.replace_substring_regex(text, r"[^0-9]+", "")
        number = pc.and_(
            pc.greater_equal(pc.utf8_length(digits), 8),
            pc.greater_equal(pc.utf8_length(digits),
                             pc.multiply(pc.utf8_length(pc.replace_substring(text, " ", "")), 0.7)))
        self._pending["numbers"].append(pc.filter(digits, number))
        cores = _name_cores(pc.filter(text, pc.invert(number)))
        cores = pc.filter(cores, pc.greater_equal(pc.utf8_length(cores), 3))
        self.names.update(cores.to_pylist())
        firsts = pc.list_element(pc.split_pattern(cores, " ", max_splits=1), 0)
        self.first_names.update(pc.filter(firsts, pc.greater_equal(pc.utf8_length(firsts), 3)).to_pylist())

    def merge(self, other: IdentifierSet) -> None:
        self.names |= other.names
        self.first_names |= other.first_names
        self.titles |= other.titles
        for kind in ("emails", "numbers"):
            self._found[kind] |= other._found[kind]
            self._pending[kind] += other._pending[kind]

    def __bool__(self) -> bool:
        return bool(self.names) or self._any("emails") or self._any("numbers")


HEADER_HINTS = re.compile(
    r"(?i)^\s*(?:nama(?:\s+lengkap)?|name|full\s*name|nip|nik|no\.?\s*(?:hp|telp|telepon|wa)|"
    r"nomor\s+(?:hp|telepon|whatsapp|wa)|e-?mail(?:\s+address)?|alamat\s+e-?mail|"
    r"respondent\s*email|recipient(?:email|firstname|lastname)|ip\s*address|ipaddress|"
    # Survey-platform metadata that names or locates a person (Qualtrics, LimeSurvey, Kobo,
    # SurveyMonkey, Microsoft Forms): identifiers even when a definition forgets them.
    r"recipient\s*(?:e-?mail|first\s*name|last\s*name)|first\s*name|last\s*name|"
    r"nama\s+(?:depan|belakang|pengguna)|username|user\s*name|_?submitted_by|ipaddr|alamat\s+ip|"
    r"token|access\s*code|kode\s+akses|refurl|referr?er\s*url|external\s*(?:data\s*)?reference|"
    r"location\s*(?:latitude|longitude)|latitude|longitude|_?geolocation|deviceid|phonenumber|"
    r"simserial|subscriberid)\s*$"
)


def looks_like_identifier_header(header: str) -> bool:
    """Return True for headers such as 'Nama', 'NIP', 'Email Address', 'No. HP'."""
    return bool(HEADER_HINTS.match(header))


_FULL = {
    "NIP": re.compile(rf"^{NIP_RE.pattern}$"),
    "NIK": re.compile(r"^\d{15,17}$"),
    "email": re.compile(rf"^{EMAIL_RE.pattern}$"),
    "telepon": re.compile(rf"^{PHONE_RE.pattern}$"),
}


def identifier_kind(values: pd.Series, share: float = 0.5) -> str | None:
    """Name the identifier a column holds when most of its non-empty values are NIP, NIK, emails
    or phone numbers (whatever its header says); None otherwise."""
    text = values.iloc[:20_000].dropna().astype(str).str.strip()
    text = text[text != ""].drop_duplicates().head(2000)  # a sample of distinct values decides
    if text.empty:
        return None
    for kind, pattern in _FULL.items():
        if text.str.match(pattern).mean() >= share:
            return kind
    return None


"""Turn the text of one column into typed answers: scale values, choices, numbers, dates.

Each function returns the typed column plus a mask of the cells it could not read; the
caller turns that mask into positioned problems, so nothing unreadable is dropped
silently. Callers run them on the distinct values of a column (`sheet.on_distinct`): a
column of 100,000 answers holds a handful of labels.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.definitions import Option, Scale
from pipeline.ingest.sheet import label_key, map_distinct

# "5 = Sangat setuju", "5 - Extremely valuable", "5. Baik": a leading scale value decides.
LEADING_VALUE_RE = r"^\s*(\d+)\s*[=:.)-]"
NUMBER_RE = r"([-+]?\d+(?:[.,]\d+)*)"
MONTHS = {
    "januari": "January", "februari": "February", "pebruari": "February", "maret": "March",
    "mei": "May", "juni": "June", "juli": "July", "agustus": "August", "agu": "Aug",
    "oktober": "October", "okt": "Oct", "nopember": "November", "desember": "December",
    "des": "Dec",
}
DMY_RE = (r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})"
          r"(?:[ T,]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:\.\d+)?\s*([AaPp]\.?[Mm]\.?)?)?$")
TZ_SUFFIX_RE = r"(\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})$"


def scale_lookup(scale: Scale) -> dict[str, int]:
    lookup = {}
    for point in scale.points:
        for label in (point.label, point.label_en, *point.aliases):
            if label:
                lookup[label_key(label)] = point.value
        lookup[str(point.value)] = point.value
    return lookup


def scale_value(text: str, lookup: dict[str, int]) -> int | None:
    """The scale value of an answer: its label in any case or language, its digit, or `5 = …`."""
    if not text:
        return None
    found = lookup.get(label_key(text))
    if found is None:
        lead = re.match(LEADING_VALUE_RE, text)
        found = lookup.get(lead.group(1)) if lead else None
    return found


def likert(values: pd.Series, scale: Scale) -> tuple[pd.Categorical, pd.Series]:
    lookup = scale_lookup(scale)
    mapped = pd.Series([scale_value(v, lookup) for v in values], index=values.index,
                       dtype="float64")
    typed = pd.Categorical(mapped, categories=scale.values, ordered=True)
    return typed, mapped.isna() & (values != "")


def option_lookup(options: tuple[Option, ...]) -> dict[str, str]:
    lookup = {}
    for option in options:
        for name in (option.code, option.label):
            if name:
                lookup[label_key(name)] = option.label
    return lookup


def single(values: pd.Series, options: tuple[Option, ...]) -> tuple[pd.Categorical, pd.Series]:
    lookup = option_lookup(options)
    mapped = pd.Series([lookup.get(label_key(v)) if v else None for v in values],
                       index=values.index, dtype=object)
    labels = list(dict.fromkeys(o.label for o in options))
    return pd.Categorical(mapped, categories=labels), mapped.isna() & (values != "")


def number(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers as Indonesians write them: '3,5', 'Rp 1.234.567', '61,95%', '8 / 10', '19 tahun'."""
    token = values.str.extract(NUMBER_RE, expand=False).fillna("")
    # A dot is a thousands separator ('1.500') unless the column never uses a comma and
    # has dots followed by other than three digits ('3.5', '4.25'): then it is a decimal point.
    dot_decimal = not token.str.contains(",", regex=False).any() and \
        token.str.contains(r"\.(?:\d{1,2}|\d{4,})$").any()
    text = token.str.replace("," if dot_decimal else ".", "", regex=False)
    text = text.str.replace(",", ".", regex=False)
    numbers = pd.to_numeric(text.where(text != ""), errors="coerce").astype("float64")
    return numbers, numbers.isna() & (values != "")


def dates(values: pd.Series, text: pa.Array | pa.ChunkedArray | None = None) -> tuple[pd.Series, pd.Series, str | None]:
    """Parse dates and times; return them, the unreadable cells, and 'ambigu' when unsure.

    ISO dates (LimeSurvey, Qualtrics, Kobo, Excel cells) are unambiguous. Dates like
    01/03/2026 follow the locale: day-first unless some day-first reading is impossible,
    decided for the whole column so that no row is guessed differently from the others.
    """
    fast = _uniform_dates(values, text)
    if fast is not None:
        return fast
    values = values.astype(object)  # Python's regex syntax below (a plain sheet's stamps may be Arrow text)
    text = values.str.replace(TZ_SUFFIX_RE, r"\1", regex=True)
    iso = text.where(text.str.match(r"^\d{4}-\d{2}-\d{2}"))
    parsed = pd.to_datetime(iso, format="ISO8601", errors="coerce")
    parts = text.str.extract(DMY_RE)
    matched = parts[0].notna()
    first, second = pd.to_numeric(parts[0]), pd.to_numeric(parts[1])
    day_first, note = True, None
    if matched.any():
        if (second > 12).any() and not (first > 12).any():
            day_first = False
        elif not (first > 12).any() and not (second > 12).any():
            note = "ambigu"
        parsed = parsed.fillna(_from_parts(parts, day_first))
    rest = parsed.isna() & (text != "")
    if rest.any():
        loose = map_distinct(text[rest], lambda v: _loose_date(v, day_first))
        parsed = parsed.fillna(pd.to_datetime(loose.astype(object), errors="coerce"))
    parsed = parsed.astype("datetime64[ns]")
    return parsed, parsed.isna() & (values != ""), note


# The two shapes nearly every export has for a whole column: ISO (Kobo, LimeSurvey, Qualtrics,
# XLSX cells) and Google Forms' own 'd/m/yyyy h:mm:ss'. Checked with Arrow's RE2 in one pass,
# then parsed by pandas' C parser: 100k distinct timestamps in a fraction of a second.
_ISO_PLAIN = r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
_SLASHED = r"^\d{1,2}/\d{1,2}/\d{4} (?:[01]?\d|2[0-3]):[0-5]\d:[0-5]\d$"


def _uniform_dates(values: pd.Series, text: pa.Array | pa.ChunkedArray | None = None
                   ) -> tuple[pd.Series, pd.Series, str | None] | None:
    """The result of `dates` when every filled cell has one of the two common shapes; else None.

    `text` is the same cells as Arrow text when the reader kept them so."""
    if values.empty or not all(isinstance(v, str) for v in values.iloc[:50]):
        return None
    if text is not None and text.null_count == 0:
        text = pc.cast(text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text, pa.large_string())
    else:
        try:
            text = pa.array(values.to_numpy(dtype=object), type=pa.large_string())
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            return None
    filled = pc.not_equal(text, "")
    if not pc.any(filled).as_py():
        return None

    def everywhere(pattern: str) -> bool:
        return pc.all(pc.or_(pc.invert(filled), pc.match_substring_regex(text, pattern))).as_py()

    note = None
    if everywhere(_ISO_PLAIN):
        parsed = pd.to_datetime(values.where(values != ""), format="ISO8601", errors="coerce")
        parsed = pd.Series(parsed, index=values.index).astype("datetime64[ns]")
        unread = parsed.isna() & (values != "")
        if unread.any():  # '2026-02-31': the careful path reads what it can, one by one
            return None
        return parsed, unread, note
    if everywhere(_SLASHED):
        every = pc.all(filled).as_py()
        filled_text = text if every else pc.filter(text, filled)
        first, second = _leading_numbers(filled_text)
        first_day, second_day = bool((first > 12).any()), bool((second > 12).any())
        day_first = not (second_day and not first_day)
        if not first_day and not second_day:
            note = "ambigu"
        stamps = pc.strptime(filled_text, "%d/%m/%Y %H:%M:%S" if day_first else "%m/%d/%Y %H:%M:%S",
                             unit="s", error_is_null=True)
        # Arrow rolls an impossible day over ('31/02' becomes 3 March): then the day read differs.
        if stamps.null_count or not (pc.day(stamps).to_numpy() == (first if day_first else second)).all():
            return None  # the careful path reads what it can, one by one
        if every:
            parsed = stamps.cast(pa.timestamp("ns")).to_numpy()
        else:
            parsed = np.full(len(values), np.datetime64("NaT"), dtype="datetime64[ns]")
            parsed[pc.fill_null(filled, False).to_numpy(zero_copy_only=False)] = stamps.to_numpy()
        # Every filled cell was read: the shape check and the day check above say so.
        return pd.Series(parsed, index=values.index), pd.Series(False, index=values.index), note
    return None


def _leading_numbers(text: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """The two numbers before the year of 'd/m/yyyy h:mm:ss' cells (shape already checked).

    Read from the first five characters, the same width in every cell ('1/2/2', '24/12'), as a
    grid of digits ('/' is -1): a million cells without splitting each one into parts."""
    head = pc.utf8_slice_codeunits(text, 0, 5)
    offsets = np.frombuffer(head.buffers()[1], dtype=np.int64)[head.offset:head.offset + len(head) + 1]
    cells = np.frombuffer(head.buffers()[2], dtype=np.uint8)[offsets[0]:offsets[-1]].reshape(-1, 5)
    digit = cells.astype(np.int16) - ord("0")
    short = digit[:, 1] < 0  # '1/...': a one-digit first number
    first = np.where(short, digit[:, 0], digit[:, 0] * 10 + digit[:, 1])
    tens, ones = np.where(short, digit[:, 2], digit[:, 3]), np.where(short, digit[:, 3], digit[:, 4])
    return first, np.where(ones < 0, tens, tens * 10 + ones)


def _from_parts(parts: pd.DataFrame, day_first: bool) -> pd.Series:
    numbers = parts.iloc[:, :6].apply(pd.to_numeric)
    year = numbers[2].where(numbers[2] >= 100, numbers[2] + 2000)
    hour = numbers[3].fillna(0)
    pm = parts[6].fillna("").str.lower().str.startswith("p")
    am = parts[6].fillna("").str.lower().str.startswith("a")
    hour = hour.where(~pm | (hour == 12), hour + 12).where(~(am & (hour == 12)), 0)
    return pd.to_datetime(pd.DataFrame({
        "year": year, "month": numbers[1] if day_first else numbers[0],
        "day": numbers[0] if day_first else numbers[1],
        "hour": hour, "minute": numbers[4].fillna(0), "second": numbers[5].fillna(0),
    }), errors="coerce")


def _loose_date(text: str, day_first: bool) -> pd.Timestamp | None:
    """A date in words ('1 Maret 2026', 'Apr 26, 2018 8:56:00 AM'): rare, so parsed one by one."""
    english = re.sub(r"[A-Za-z]+", lambda m: MONTHS.get(m.group(0).lower(), m.group(0)), text)
    if not re.search(r"\d", english) or len(english) > 60:
        return None
    try:
        value = pd.to_datetime(english, dayfirst=day_first, format="mixed")
    except (ValueError, OverflowError, TypeError):
        return None
    return None if value.tzinfo is not None else value

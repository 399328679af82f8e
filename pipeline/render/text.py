"""Formatting for pages: inert user text and numbers the Indonesian way.

`inert` is the one escaping function: every string a template prints goes through
it (the Jinja environment's finalize hook) unless Python marked it as trusted
Markup. It turns each character that Markdown, HTML or a template engine could act
on into a numeric character reference, so a comment or a unit name can never become
markup, a link, a script or template code: it is shown literally.
"""

from __future__ import annotations

import math
import re
from datetime import date
from functools import lru_cache

from babel.core import Locale
from babel.dates import format_date
from babel.numbers import format_decimal
from markupsafe import Markup

LOCALE = "id"
_NUMBERS_LOCALE = Locale.parse(LOCALE)
# Characters that start markup anywhere: HTML, emphasis, code, links (with '[' escaped, '(' is
# harmless), tables, attribute lists and template braces, the escape character itself.
_ACTIVE = set("&<>\"'`*_[]{}|#\\")
_TABLE = {ord(c): f"&#{ord(c)};" for c in _ACTIVE}
_TABLE |= {ord("\n"): " ", ord("\r"): " ", ord("\t"): " "}
# Characters that only act at the start of a line: list bullets, numbered lists, quotes, headings.
_LEADING = re.compile(r"^(\s*)(?:([-+=>~:])|(\d+)([.)]))")


def inert(value: object) -> str:
    """Return user text as inert Markdown/HTML: shown literally, never interpreted."""
    if isinstance(value, Markup):
        return str(value)
    text = str(value).translate(_TABLE)
    return _LEADING.sub(_escape_leading, text, count=1)


def _escape_leading(match: re.Match[str]) -> str:
    space, mark, digits, stop = match.groups()
    if mark:
        return f"{space}&#{ord(mark)};"
    return f"{space}{digits}&#{ord(stop)};"


def finalize(value: object) -> object:
    """Jinja finalize hook for Markdown templates: escape everything not explicitly trusted."""
    if value is None:
        raise ValueError("template printed None; compute a value or a placeholder in Python")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return inert(number(value))
    return inert(value)


def number(value: float | int | None, digits: int = 1) -> str:
    """1234.5 -> '1.234,5'; integers without decimals; None/NaN -> '–'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer() and digits == 0):
        return _formatted(int(value), "#,##0", False)
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    rounded = round(float(value), digits)
    return _formatted(rounded, pattern, math.copysign(1.0, rounded) < 0)


@lru_cache(maxsize=8192, typed=True)
def _formatted(value: int | float, pattern: str, negative: bool) -> str:
    """Every audience prints the same few thousand numbers: format each once. `negative` keeps
    -0.0 ('-0,0') apart from 0.0, which compare equal."""
    return format_decimal(value, format=pattern, locale=_NUMBERS_LOCALE)


def percent(share: float | None, digits: int = 1) -> str:
    """0.875 -> '87,5%'."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    return number(share * 100, digits) + "%"


def long_date(day: date) -> str:
    """date(2026, 11, 28) -> '28 November 2026'."""
    return format_date(day, format="d MMMM y", locale=LOCALE)


# Bands written as people write them: 'Di bawah 30 tahun', '30–39 tahun', '50 tahun ke atas'.
_BELOW = re.compile(r"(?i)^\s*(?:di\s+bawah|kurang\s+dari|<)")
_ABOVE = re.compile(r"(?i)(?:ke\s+atas|lebih\s+dari|atau\s+lebih|>|≥|\+)")
_NUMBER = re.compile(r"\d+")


def band_order(labels: list[str]) -> list[int]:
    """The positions of `labels` in reading order when every one is a numeric band (age, years of
    service): 'Di bawah 30 tahun' before '30–39 tahun', '50 tahun ke atas' last. Labels that are not
    all bands keep their order: a name sorted by the number in it would only look arbitrary."""
    keys = []
    for label in labels:
        found = _NUMBER.search(label)
        if found is None:
            return list(range(len(labels)))
        value = int(found.group())
        keys.append(value - 0.5 if _BELOW.search(label) else value + 0.5 if _ABOVE.search(label) else value)
    return sorted(range(len(labels)), key=keys.__getitem__)

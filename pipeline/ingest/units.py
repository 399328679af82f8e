"""Unit names as typed by respondents, matched to units.yml by case, spacing, abbreviations."""

from __future__ import annotations

import re

from pipeline.definitions import Unit
from pipeline.identifiers import normalise_text

# Abbreviations of Indonesian organisation units, longest first ('Subbag.' before 'Bag.').
ABBREVIATIONS = (
    (r"\bsub\s*bag(?:ian)?\b\.?", "subbagian "),
    (r"\bsub\s*bid(?:ang)?\b\.?", "subbidang "),
    (r"\bbag(?:ian)?\b\.?", "bagian "),
    (r"\bbid(?:ang)?\b\.?", "bidang "),
    (r"\bsekr?(?:et)?\b\.?", "sekretariat "),
    (r"\bdiv\b\.?", "divisi "),
    (r"&", " dan "),
)


def unit_key(name: str) -> str:
    """'Subbag. Keuangan', 'SUB BAGIAN  keuangan' and 'Subbagian Keuangan' give the same key."""
    text = normalise_text(str(name))
    for pattern, full in ABBREVIATIONS:
        text = re.sub(pattern, full, text)
    return re.sub(r"[^0-9a-z]+", "", text)


def unit_lookup(units: tuple[Unit, ...]) -> dict[str, str]:
    """Every known spelling of every unit, by key -> unit id."""
    lookup = {}
    for unit in units:
        for name in (unit.id, unit.name, *unit.aliases):
            lookup.setdefault(unit_key(name), unit.id)
    return lookup

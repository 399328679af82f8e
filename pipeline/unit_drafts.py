"""Unit names an export uses that units.yml does not know, appended there as drafts.

Spellings that differ from a known unit only by case, spacing, punctuation or a common
abbreviation (`Bag.`/`Bagian`, `Subbag`/`Subbagian`, `Bid.`/`Bidang`) already match and
are not drafts. The rest become draft entries appended to units.yml as text, under a
"TINJAU" comment, so the file's own comments and layout stay as HR wrote them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from pipeline.definitions import Project, slug
from pipeline.errors import DefinitionError
from pipeline.ingest.units import unit_key, unit_lookup

# How an abbreviation is written out in a draft unit's name.
WRITTEN_OUT = ((r"(?i)\bsub\s*bag(?:ian)?\b\.?", "Subbagian"),
               (r"(?i)\bsub\s*bid(?:ang)?\b\.?", "Subbidang"),
               (r"(?i)\bbag\b\.?", "Bagian"), (r"(?i)\bbid\b\.?", "Bidang"))


@dataclass(frozen=True)
class NewUnit:
    id: str
    name: str
    aliases: tuple[str, ...]


def draft_units(values: pd.Series, project: Project) -> list[NewUnit]:
    """One draft per unit the export names that no unit, alias or abbreviation matches."""
    known = unit_lookup(project.units)
    spellings: dict[str, list[str]] = {}
    for value in values[values.str.strip() != ""].value_counts().index:
        key = unit_key(value)
        if key and key not in known:
            spellings.setdefault(key, []).append(str(value).strip())
    used = {u.id for u in project.units}
    drafts = []
    for names in spellings.values():
        name = _written_out(names[0])
        base = slug(name, "-") or "unit"
        unit_id, n = base, 1
        while unit_id in used:
            n += 1
            unit_id = f"{base}-{n}"
        used.add(unit_id)
        drafts.append(NewUnit(unit_id, name, tuple(s for s in names if s != name)))
    return drafts


def _written_out(spelling: str) -> str:
    name = spelling
    for pattern, full in WRITTEN_OUT:
        name = re.sub(pattern, full + " ", name)
    name = " ".join(name.split())
    return name[:1].upper() + name[1:] if name.islower() is False else name.title()


def append_units(path: Path, units: list[NewUnit], source: str) -> None:
    """Append draft units to units.yml as text; check the file reads as before plus them."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    before = (yaml.safe_load(text) or {}).get("units") or []
    found = re.search(r"^([ \t]*)-[ \t]+id:", text, re.MULTILINE)
    indent = found.group(1) if found else "  "
    if re.search(r"^units:[ \t]*\[[ \t]*\][ \t]*$", text, re.MULTILINE):
        text = re.sub(r"^units:[ \t]*\[[ \t]*\][ \t]*$", "units:", text, flags=re.MULTILINE)
    elif not re.search(r"^units:", text, re.MULTILINE):
        text += ("" if not text or text.endswith("\n") else "\n") + "units:\n"
    block = [f"{indent}# TINJAU (rapor init-survey, dari {source}): unit baru yang belum ada di "
             "units.yml.",
             f"{indent}# Periksa namanya; bila sebenarnya unit yang sudah ada, pindahkan ejaannya",
             f"{indent}# ke 'aliases' unit itu dan hapus entri ini."]
    for unit in units:
        block += [f"{indent}- id: {unit.id}",
                  f"{indent}  name: {json.dumps(unit.name, ensure_ascii=False)}"]
        if unit.aliases:
            aliases = ", ".join(json.dumps(a, ensure_ascii=False) for a in unit.aliases)
            block.append(f"{indent}  aliases: [{aliases}]")
    at = _end_of_units(text)
    gap = "" if at == 0 or text[at - 1] == "\n" else "\n"
    text = text[:at] + gap + "\n".join(block) + "\n" + text[at:]
    after = (yaml.safe_load(text) or {}).get("units") or []
    added = [u.get("id") for u in after[len(before):]]
    if after[:len(before)] != before or added != [u.id for u in units]:
        raise DefinitionError(path, "unit baru tidak dapat ditambahkan otomatis; "
                                    "tambahkan sendiri: "
                                    + ", ".join(u.name for u in units))
    path.write_text(text, encoding="utf-8")


def _end_of_units(text: str) -> int:
    """Where the `units:` list ends: before the next top-level key, else at the end of the file."""
    start = re.search(r"^units:.*$", text, re.MULTILINE)
    following = re.search(r"^[A-Za-z_][\w-]*:", text[start.end():], re.MULTILINE) if start else None
    return start.end() + following.start() if following else len(text)

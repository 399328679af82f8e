"""The staff list (roster): names to redact from free text, and positions one person holds.

An optional file under surveys/ named by `roster:` in settings.yml, with the columns
`Nama`, `Jabatan` and `Unit Kerja`. Like an export it holds personal data: its values
stay in memory for redaction and the audit, and git ignores every roster but the demo's.
"""

from __future__ import annotations

import pandas as pd

from pipeline.definitions import Project
from pipeline.errors import DefinitionError
from pipeline.identifiers import IdentifierSet, normalise_text
from pipeline.ingest.tabular import read_table

COLUMNS = {"nama": "Nama", "jabatan": "Jabatan", "unit kerja": "Unit Kerja"}


def read_roster(project: Project) -> IdentifierSet:
    """Names from the roster; titles from units.yml and positions held by one person in a unit."""
    seen = IdentifierSet()
    for unit in project.units:
        seen.titles |= {normalise_text(t) for t in unit.titles}
    if not project.settings.roster:
        return seen
    path = project.root / "surveys" / project.settings.roster
    raw = read_table(path)
    header = [normalise_text(h) for h in raw.row(1)]
    missing = [label for key, label in COLUMNS.items() if key not in header]
    if missing:
        raise DefinitionError(path, f"kolom {', '.join(missing)} tidak ada; daftar pegawai perlu kolom "
                                    "Nama, Jabatan dan Unit Kerja")
    body = raw.cells.loc[raw.cells.index > 1]
    table = pd.DataFrame({key: body[header.index(key)].str.strip() for key in COLUMNS})
    seen.add_column(table["nama"])
    held = table[table["jabatan"] != ""].groupby(["unit kerja", "jabatan"]).size()
    # One-word positions (Pelaksana, Fungsional, Staf) are categories, not a person's post.
    unique = [title for (_, title), count in held.items() if count == 1 and len(title.split()) >= 2]
    seen.titles |= {normalise_text(t) for t in unique}
    return seen

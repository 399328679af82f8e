"""A spreadsheet someone typed, or any export without a known platform layout.

Encoding (UTF-8 with or without BOM, else Windows-1252), delimiter, decimal comma and
thousands dot are handled by tabular.py and answers.py; a multi-select may be joined
with any of `,` `;` `|` or a line break.
"""

from __future__ import annotations

from pipeline.ingest.sheet import Layout, Sheet, plain_sheet
from pipeline.ingest.tabular import RawTable

LAYOUT = Layout(timestamp_headers=("Tanggal", "Waktu", "Timestamp", "Date", "Tanggal pengisian",
                                   "Waktu pengisian"))


def detect(raw: RawTable) -> bool:
    return True


def prepare(raw: RawTable) -> Sheet:
    return plain_sheet(raw, LAYOUT)

"""Google Forms: 'Download responses (.csv)' or the linked Sheet saved as XLSX.

First column `Timestamp` (`Stempel waktu` under an Indonesian interface), then
`Email Address`/`Alamat email` when email collection is on, then question titles
verbatim: a grid question as one `Title [Row]` column per row, a repeated title
suffixed ` 2` by Sheets, a description after a line break in the title. Quiz exports
add `Score`/`Skor` ('8 / 10'): data for pre/post tests, read as a number question.
Checkbox answers are joined with ", " (options may contain ", " themselves: choices.py
splits with the known options). Dates follow the Sheet's locale: day-first under
Indonesia, month-first under the US.
"""

from __future__ import annotations

from pipeline.ingest.sheet import Layout, Sheet, header_key, plain_sheet
from pipeline.ingest.tabular import RawTable

LAYOUT = Layout(
    timestamp_headers=("Timestamp", "Stempel waktu", "Cap waktu"),
    identifier_headers=("Email Address", "Alamat email", "Email", "Username", "Nama pengguna"),
    separator=r",\s+",
    always_timestamped=True,
)

_FIRST_HEADERS = {header_key(h) for h in LAYOUT.timestamp_headers}


def detect(raw: RawTable) -> bool:
    """A Google Forms export starts with its timestamp column."""
    first = raw.row(1)
    return bool(first) and header_key(first[0]) in _FIRST_HEADERS


def prepare(raw: RawTable) -> Sheet:
    return plain_sheet(raw, LAYOUT)

"""Google Forms: 'Download responses (.csv)' or the linked Sheet saved as XLSX.

First column `Timestamp` (or `Stempel waktu` under an Indonesian interface), then
`Email Address`/`Alamat email` when email collection is on, then question titles
verbatim. Dates follow the Sheet's locale (day-first under Indonesia).
"""

from __future__ import annotations

from pipeline.ingest.canonical import Layout, header_key

LAYOUT = Layout(
    timestamp_headers=("Timestamp", "Stempel waktu", "Cap waktu"),
    identifier_headers=("Email Address", "Email address", "Alamat email", "Alamat Email"),
    metadata_headers=("Score", "Skor", "Nilai"),
)

_FIRST_HEADERS = {header_key(h) for h in LAYOUT.timestamp_headers}


def detect(headers: list[str]) -> bool:
    """A Google Forms export starts with its timestamp column."""
    return bool(headers) and header_key(headers[0]) in _FIRST_HEADERS

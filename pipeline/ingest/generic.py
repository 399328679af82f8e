"""A spreadsheet someone typed, or any export without a known platform layout."""

from __future__ import annotations

from pipeline.ingest.canonical import Layout

LAYOUT = Layout(timestamp_headers=("Tanggal", "Waktu", "Timestamp", "Date"))


def detect(headers: list[str]) -> bool:
    return True

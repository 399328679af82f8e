"""Microsoft Forms: 'Open results in Excel' (XLSX), or that file re-saved as CSV by Excel.

Leading columns `ID, Start time, Completion time, Email, Name` (newer exports add
`Last modified time`), or the same under an Indonesian interface (`Waktu mulai`,
`Waktu penyelesaian`, `Nama`). `ID` is the response's sequence number, not data.
A multi-select is `A;B;C;` with a trailing `;` (a JSON array when routed through Power
Automate). Quiz mode adds `Total points` (data, like a test score), `Quiz feedback`
and per question `Points - <Q>`, `Feedback - <Q>` (bookkeeping unless asked for).
Anonymous forms write a placeholder in Email/Name.
"""

from __future__ import annotations

from pipeline.ingest.sheet import Layout, Sheet, header_key, plain_sheet
from pipeline.ingest.tabular import RawTable

STARTS = ("Start time", "Waktu mulai")
ENDS = ("Completion time", "Waktu penyelesaian", "Waktu selesai")
LAYOUT = Layout(
    timestamp_headers=(*ENDS, *STARTS),
    metadata_headers=("ID", *STARTS, "Last modified time", "Waktu modifikasi terakhir",
                      "Waktu terakhir diubah", "Quiz feedback", "Umpan balik kuis",
                      "Grade posted time", "Waktu nilai diposting"),
    metadata_patterns=(r"^(?:Points|Poin|Feedback|Umpan balik) - ",),
    identifier_headers=("Email", "Name", "Nama", "Surel"),
    separator=r"\s*;\s*",
    always_timestamped=True,
)
_SIGNATURE = {header_key(h) for h in (*STARTS, *ENDS)}


def detect(raw: RawTable) -> bool:
    """`ID` first, then a start or completion time among the next few columns."""
    first = [header_key(h) for h in raw.row(1)[:6]]
    return bool(first) and first[0] == "id" and bool(_SIGNATURE & set(first[1:]))


def prepare(raw: RawTable) -> Sheet:
    return plain_sheet(raw, LAYOUT)

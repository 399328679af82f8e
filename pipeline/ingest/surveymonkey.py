"""SurveyMonkey CSV/XLSX export: two header rows.

Row 1 holds the question text above the first column of each question and blank cells
above the others; row 2 says what each column holds: `Response`, `Open-Ended
Response`, an option label (multi-select: the cell then holds that label when
chosen), a matrix row, or `Other (please specify)`. Each column becomes
`Question [Row 2]`, or just `Question` when row 2 only says "Response".
"""

from __future__ import annotations

from pipeline.ingest.sheet import Layout, Sheet, clean_header, header_key, with_header
from pipeline.ingest.tabular import RawTable

RESPONSE_WORDS = {header_key(w) for w in ("Response", "Open-Ended Response", "Respons", "Jawaban",
                                           "Respons Terbuka", "Jawaban Terbuka")}
LAYOUT = Layout(
    timestamp_headers=("End Date", "Tanggal Selesai", "Start Date", "Tanggal Mulai"),
    metadata_headers=("Respondent ID", "ID Responden", "Collector ID", "ID Kolektor", "Start Date",
                      "Tanggal Mulai"),
    identifier_headers=("Email Address", "Alamat Email", "First Name", "Nama Depan", "Last Name",
                        "Nama Belakang", "Custom Data 1", "Data Kustom 1"),
    private_headers=("IP Address", "Alamat IP"),
    always_timestamped=True,
)
_SIGNATURES = ({"respondent id", "collector id"}, {"id responden", "id kolektor"})


def detect(raw: RawTable) -> bool:
    first = {header_key(h) for h in raw.row(1)}
    second = {header_key(h) for h in raw.row(2)}
    return any(s <= first for s in _SIGNATURES) or ("" in first and bool(second & RESPONSE_WORDS))


def column_names(first: list[str], second: list[str]) -> list[str]:
    """Carry each question over its blank cells and name sub-columns by row 2."""
    names, question = [], ""
    for top, sub in zip(first, second, strict=True):
        question = clean_header(top) or question
        sub = clean_header(sub)
        names.append(question if not sub or header_key(sub) in RESPONSE_WORDS or not question
                     else f"{question} [{sub}]")
    return names


def prepare(raw: RawTable) -> Sheet:
    first = raw.row(1)
    second = raw.row(2) or [""] * len(first)
    frame, problems = with_header(raw, header=column_names(first, second), skip=2)
    return Sheet(raw.path, frame, LAYOUT, tuple(problems))

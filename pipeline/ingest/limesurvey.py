"""LimeSurvey 'Export responses' CSV: UTF-8 with BOM, `;` (or `,`), every field quoted.

Leading `id, submitdate, lastpage, startlanguage, seed, startdate, datestamp`, then
`ipaddr, refurl` when enabled and `token` (plus `firstname, lastname, email`) in
non-anonymous surveys. Sub-questions are `Q1[SQ001]` (code headings), `Q1_SQ001`
(expression-manager codes) or `Question text [Sub-question]` (full headings); a
multiple-choice option holds `Y` or blank, its "other" text is `Q1[other]`. An empty
`submitdate` is an incomplete response.
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.ingest.sheet import BRACKET, Layout, Sheet, header_key, plain_sheet
from pipeline.ingest.tabular import RawTable

SUBMITTED = ("submitdate", "Date submitted", "Tanggal dikirim")
LAYOUT = Layout(
    timestamp_headers=(*SUBMITTED, "datestamp", "Date last action", "startdate", "Date started"),
    metadata_headers=("id", "Response ID", "ID Respons", "lastpage", "Last page",
                      "Halaman terakhir",
                      "startlanguage", "Start language", "Bahasa awal", "seed", "Seed", "startdate",
                      "Date started", "datestamp", "Date last action", "interviewtime",
                      "Total time"),
    metadata_patterns=(r"(?i)comment\]$", r"(?i)^(?:interviewtime|groupTime\d+|\w+Time)$"),
    identifier_headers=("token", "Token", "Access code", "Kode akses", "firstname", "First name",
                        "lastname", "Last name", "email", "Email address"),
    private_headers=("ipaddr", "IP address", "Alamat IP", "refurl", "Referrer URL", "URL perujuk"),
    sub_patterns=(BRACKET, r"^(?P<parent>[A-Za-z][A-Za-z0-9]*)_(?P<sub>[A-Za-z0-9]+)$"),
)
_SIGNATURES = ({"id", "submitdate", "lastpage"}, {"id", "submitdate", "startlanguage"},
               {"response id", "date submitted", "last page"})


def detect(raw: RawTable) -> bool:
    headers = {header_key(h) for h in raw.row(1)[:12]}
    return any(signature <= headers for signature in _SIGNATURES)


def prepare(raw: RawTable) -> Sheet:
    sheet = plain_sheet(raw, LAYOUT)
    keys = {header_key(h) for h in SUBMITTED}
    submitted = next((c for c in sheet.frame.columns if header_key(c) in keys), None)
    if submitted is None:
        return sheet
    incomplete = sheet.frame[submitted].str.strip() == ""
    return replace(sheet, incomplete=incomplete, incomplete_reason=f"kolom '{submitted}' kosong")

"""Qualtrics 'Data & Analysis → Export' CSV/TSV.

Three header rows: export tags (`Q1`, `Q2_1`), question text (`Pick - a` for a
sub-item), and one JSON object per column (`{"ImportId":"QID1"}`); the first response
is row 4. The legacy exporter writes two rows: `V1,V2,…` then `ResponseID,ResponseSet,…`
for the metadata. Suffixes: `_n` a matrix row or a multiple-answer choice, `_TEXT` the
text typed for a choice, `_DO` display order. `Finished` = 0/False is an incomplete
response.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pandas as pd

from pipeline.ingest.sheet import Layout, Sheet, header_key, with_header
from pipeline.ingest.tabular import RawTable

LAYOUT = Layout(
    timestamp_headers=("RecordedDate", "EndDate", "StartDate"),
    metadata_headers=("StartDate", "EndDate", "Status", "Progress", "Duration (in seconds)",
                      "Finished", "RecordedDate", "ResponseId", "ResponseID", "ResponseSet",
                      "DistributionChannel", "UserLanguage"),
    metadata_patterns=(r"_DO$", r"^Q_", r"_(?:First Click|Last Click|Page Submit|Click Count)$"),
    identifier_headers=("RecipientLastName", "RecipientFirstName", "RecipientEmail",
                        "ExternalReference", "ExternalDataReference", "Name", "EmailAddress"),
    private_headers=("IPAddress", "LocationLatitude", "LocationLongitude"),
    separator=r"\s*,\s*",
    sub_patterns=(r"^(?P<parent>.+?)_(?P<sub>\d+(?:_TEXT)?)$",
                  r"^(?P<parent>.+?) - (?P<sub>[^\n]+)$"),
    always_timestamped=True,
)
NOT_FINISHED = {"0", "false"}
# Rows that are no response: the survey owner's previews, generated test responses and spam.
# Status is exported as text ('Survey Preview', 'Survey Test', 'Spam', 'Preview Spam') or as a
# number (1 = preview); DistributionChannel says 'preview' or 'test' for the same rows.
NOT_RESPONSE_STATUS = r"(?i)^(?:1|.*\b(?:preview|test|spam)\b.*)$"
NOT_RESPONSE_CHANNELS = {"preview", "test"}


def detect(raw: RawTable) -> bool:
    headers = {header_key(h).replace(" ", "") for h in raw.row(1)}
    signature = {"startdate", "responseid", "finished"}
    return is_legacy(raw) or _header_rows(raw) > 1 or signature <= headers


def is_legacy(raw: RawTable) -> bool:
    first, second = raw.row(1), raw.row(2)
    return first[:2] == ["V1", "V2"] and bool(second) and second[0] == "ResponseID"


def _header_rows(raw: RawTable) -> int:
    """3 with the JSON ImportId row, 2 with question text only, 1 for a plain table."""
    if any(c.startswith('{"ImportId"') for c in raw.row(3)):
        return 3
    tags, texts = raw.row(1), raw.row(2)
    if "StartDate" in tags and texts and texts[tags.index("StartDate")] == "Start Date":
        return 2
    return 1


def prepare(raw: RawTable) -> Sheet:
    tags = raw.row(1)
    texts = raw.row(2)
    if is_legacy(raw):
        # V1… are the legacy metadata columns: row 2 names them (ResponseID, StartDate, …).
        tags = [text if re.fullmatch(r"V\d+", tag) else tag
                for tag, text in zip(tags, texts, strict=True)]
        skip = 2
    else:
        skip = _header_rows(raw)
    frame, problems = with_header(raw, header=tags, skip=skip)
    aliases = ()
    if skip > 1:
        named = zip(frame.columns, _texts(tags, texts, frame.columns), strict=True)
        aliases = tuple((text.strip(), tag) for tag, text in named if text.strip())
    sheet = Sheet(raw.path, frame, LAYOUT, tuple(problems), aliases=aliases)
    sheet = _not_responses(sheet)
    finished = next((c for c in frame.columns if c == "Finished"), None)
    if finished is None:
        return sheet
    incomplete = frame[finished].str.strip().str.lower().isin(NOT_FINISHED)
    return replace(sheet, incomplete=incomplete, incomplete_reason="Finished = 0")


def _not_responses(sheet: Sheet) -> Sheet:
    frame = sheet.frame
    flags = frame["Status"].str.fullmatch(NOT_RESPONSE_STATUS) if "Status" in frame else \
        pd.Series(False, index=frame.index)
    if "DistributionChannel" in frame:
        flags |= frame["DistributionChannel"].str.strip().str.lower().isin(NOT_RESPONSE_CHANNELS)
    if not flags.any():
        return sheet
    return replace(sheet, not_response=flags,
                   not_response_reason="pratinjau, uji coba, atau spam menurut kolom Status/DistributionChannel")


def _texts(tags: list[str], texts: list[str], columns) -> list[str]:
    """The question text of each kept column (columns without a tag were dropped)."""
    by_tag = {}
    for tag, text in zip(tags, texts, strict=False):
        by_tag.setdefault(tag.strip(), text)
    return [by_tag.get(c, "") for c in columns]

"""KoboToolbox exports (formpack): CSV with `;`, every value quoted, CRLF; or XLSX.

Headers are labels or XML names, with group prefixes joined by `/` when "include
groups in headers" is on (`grp_a/grp_b/q1`); an optional second header row holds HXL
hashtags. A select_multiple comes as a space-joined summary column `q` and detail
columns `q/choice` holding 1, 0, or blank when the question was not answered. The
XLSX export puts each repeat group on its own sheet; rapor reads the main sheet only
(one row per respondent) and says so.
"""

from __future__ import annotations

from pipeline.ingest.sheet import Layout, Sheet, header_key, with_header
from pipeline.ingest.tabular import RawTable
from pipeline.problems import Problem

LAYOUT = Layout(
    timestamp_headers=("_submission_time", "end", "start"),
    metadata_headers=("_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
                      "_tags", "_index", "_parent_index", "_parent_table_name", "_xform_id_string",
                      "_attachments", "__version__", "meta/instanceID", "meta/instanceName",
                      "meta/deprecatedID", "meta/rootUuid", "formhub/uuid", "start", "end", "today",
                      "_submission__id", "_submission__uuid", "_submission__submission_time"),
    metadata_patterns=(r"^_.+_(?:latitude|longitude|altitude|precision)$",),
    identifier_headers=("_submitted_by", "username", "deviceid", "phonenumber", "subscriberid",
                        "simserial", "email"),
    private_headers=("_geolocation",),
    separator=r"\s+",
    sub_patterns=(r"^(?P<parent>.+)/(?P<sub>[^/]+)$",),
    always_timestamped=True,
)
_SIGNATURE = {header_key(h) for h in ("_uuid", "_submission_time")}


def detect(raw: RawTable) -> bool:
    headers = {header_key(h.rsplit("/", 1)[-1]) for h in raw.row(1)}
    return bool(_SIGNATURE & headers)


def has_hxl_row(raw: RawTable) -> bool:
    """The second row holds HXL hashtags (`#indicator+score`) instead of a response."""
    cells = [c.strip() for c in raw.row(2) if c.strip()]
    return bool(cells) and all(c.startswith("#") for c in cells)


def prepare(raw: RawTable) -> Sheet:
    frame, problems = with_header(raw, skip=2 if has_hxl_row(raw) else 1)
    problems += [Problem(raw.path, 0, "", "warning", "lembar-tidak-dibaca",
                         f"lembar '{name}' (grup berulang) tidak dibaca: rapor memakai satu baris "
                         "per responden dari lembar pertama")
                 for name in raw.sheets[1:]]
    aliases = tuple(group_free_names(frame.columns))
    return Sheet(raw.path, frame, LAYOUT, tuple(problems), aliases=aliases)


def group_free_names(headers) -> list[tuple[str, str]]:
    """`grp_a/grp_b/q1` is also `grp_b/q1` and `q1`, as exported without groups in headers."""
    names = []
    for header in headers:
        parts = header.split("/")
        names += [("/".join(parts[i:]), header) for i in range(1, len(parts))]
    return names

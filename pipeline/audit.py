"""Audit: look for people in everything that was built, after decoding it.

Each built file is decoded (gzip, the zip inside XLSX, HTML entities, JSON escapes)
and searched for the identifier values seen at ingest: full names as whole words, a
first name after an honorific, emails, and NIP/NIK/phone digits however they are
spaced. NIP and email patterns are also searched anywhere, values seen or not. A hit
fails the build and names the file.
"""

from __future__ import annotations

import gzip
import html
import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from pipeline.anonymise import name_pattern
from pipeline.identifiers import (
    EMAIL_RE,
    NIK_RE,
    NIP_RE,
    PHONE_RE,
    IdentifierSet,
    digits_only,
    normalise_text,
)

TEXT_SUFFIXES = {".html", ".htm", ".md", ".csv", ".svg", ".json", ".js", ".xml", ".txt", ".css"}
DIGIT_RUN_RE = re.compile(r"\d(?:[ .\-/]?\d)+")
# Vendored third-party bundles: searched for identifier values, not for bare patterns.
VENDOR_DIRS = ("assets/javascripts/bundle", "assets/javascripts/lunr", "assets/javascripts/workers",
               "assets/stylesheets/main", "assets/stylesheets/palette", "assets/javascripts/iframe-worker")


PATTERNS = ((NIP_RE, "pola NIP (18 digit)"), (NIK_RE, "pola NIK (16 digit)"),
            (EMAIL_RE, "pola alamat email"), (PHONE_RE, "pola nomor telepon"))


@dataclass(frozen=True)
class Finding:
    path: Path
    what: str

    def __str__(self) -> str:
        return f"{self.path}: {self.what}"


def decode_file(path: Path) -> str:
    """Return the readable text of a built file, whatever its container."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    if path.suffix == ".xlsx" or data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            data = b"\n".join(archive.read(n) for n in archive.namelist() if n.endswith(".xml"))
    text = data.decode("utf-8", errors="replace")
    if path.suffix == ".json" or path.name.endswith("search_index.js"):
        text = _json_strings(text)
    text = html.unescape(html.unescape(text))
    return re.sub(r"<[^>]{0,200}>", " ", text)


def _json_strings(text: str) -> str:
    body = text[text.index("{"):] if "{" in text else text
    try:
        return json.dumps(json.loads(body), ensure_ascii=False)
    except ValueError:
        return text


def scan_text(text: str, identifiers: IdentifierSet, patterns: bool) -> list[str]:
    """Findings in one decoded text: what was found, with the value masked."""
    found = []
    lowered = normalise_text(text)
    for email in identifiers.emails:
        if email in lowered:
            found.append(f"alamat email responden ({email[:2]}…)")
    runs = {digits_only(m) for m in DIGIT_RUN_RE.findall(text)}
    for number in identifiers.numbers:
        if any(number in run for run in runs):
            found.append(f"nomor identitas responden ({number[:4]}…)")
    names = name_pattern(identifiers)
    if names is not None:
        for match in sorted({m.group(0) for m in names.finditer(text)})[:5]:
            found.append(f"nama responden ('{match[:2]}…')")
    if patterns:
        for pattern, what in PATTERNS:
            if pattern.search(text):
                found.append(what)
    return found


def audit_site(site_dir: Path, identifiers: IdentifierSet, allow: tuple[str, ...] = ()) -> list[Finding]:
    """Scan every file of a built site; return findings (an empty list means it may be published)."""
    findings = []
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        if path.suffix not in TEXT_SUFFIXES | {".gz", ".xlsx"}:
            continue
        text = decode_file(path)
        for allowed in allow:
            text = text.replace(allowed, " ")
        relative = path.relative_to(site_dir).as_posix()
        vendor = relative.startswith(VENDOR_DIRS)
        findings += [Finding(path, what) for what in scan_text(text, identifiers, patterns=not vendor)]
    return findings

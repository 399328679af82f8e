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
    normalise_text,
)

TEXT_SUFFIXES = {".html", ".htm", ".md", ".csv", ".svg", ".json", ".js", ".xml", ".txt", ".css"}
DIGIT_SEPARATOR_RE = re.compile(r"(?<=\d)[ .\-/](?=\d)")
# Vendored third-party bundles, copied unchanged from the installed theme: never built from data.
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


@dataclass(frozen=True)
class Matchers:
    """The identifier values seen at ingest, compiled once for a whole audit."""

    emails: frozenset[str]
    numbers: re.Pattern[str] | None
    names: re.Pattern[str] | None

    @classmethod
    def of(cls, identifiers: IdentifierSet) -> Matchers:
        numbers = sorted(identifiers.numbers, key=len, reverse=True)
        return cls(frozenset(identifiers.emails),
                   re.compile("|".join(re.escape(n) for n in numbers)) if numbers else None,
                   name_pattern(identifiers))


def scan_text(text: str, identifiers: IdentifierSet | Matchers, patterns: bool) -> list[str]:
    """Findings in one decoded text: what was found, with the value masked."""
    seen = identifiers if isinstance(identifiers, Matchers) else Matchers.of(identifiers)
    found = []
    lowered = normalise_text(text)
    for email in sorted(seen.emails):
        if email in lowered:
            found.append(f"alamat email responden ({email[:2]}…)")
    if seen.numbers is not None:
        squashed = DIGIT_SEPARATOR_RE.sub("", text)  # "19850312 201001 1 002" -> one run of digits
        for match in sorted(set(seen.numbers.findall(squashed)))[:5]:
            found.append(f"nomor identitas responden ({match[:4]}…)")
    if seen.names is not None:
        for match in sorted({m.group(0) for m in seen.names.finditer(text)})[:5]:
            found.append(f"nama responden ('{match[:2]}…')")
    if patterns:
        for pattern, what in PATTERNS:
            if pattern.search(text):
                found.append(what)
    return found


def audit_site(site_dir: Path, identifiers: IdentifierSet, allow: tuple[str, ...] = ()) -> list[Finding]:
    """Scan every file of a built site; return findings (an empty list means it may be published)."""
    seen = Matchers.of(identifiers)
    findings = []
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        relative = path.relative_to(site_dir).as_posix()
        if path.suffix not in TEXT_SUFFIXES | {".gz", ".xlsx"} or relative.startswith(VENDOR_DIRS):
            continue  # vendor bundles are copied unchanged from the installed theme: no data in them
        text = decode_file(path)
        for allowed in allow:
            text = text.replace(allowed, " ")
        findings += [Finding(path, what) for what in scan_text(text, seen, patterns=True)]
    return findings

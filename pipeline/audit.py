"""Audit: look for people in everything that was built, after decoding it.

Each built file is decoded (gzip, the zip inside XLSX, HTML entities, JSON escapes)
and searched for the identifier values seen at ingest: full names as whole words, a
first name after an honorific, emails, and NIP/NIK/phone digits however they are
spaced. NIP, NIK, email and phone patterns are also searched anywhere, values seen or
not. Then the ledger is checked again from the published downloads alone. A hit fails
the build and names the file.
"""

from __future__ import annotations

import csv
import gzip
import html
import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.identifiers import (
    EMAIL_RE,
    NIK_RE,
    NIP_RE,
    PHONE_RE,
    IdentifierSet,
    normalise_text,
)
from pipeline.ledger import cells_frame, unprotected
from pipeline.names import NameFinder
from pipeline.tables import ALL

TEXT_SUFFIXES = {".html", ".htm", ".md", ".csv", ".svg", ".json", ".js", ".xml", ".txt", ".css"}
DIGIT_SEPARATOR_RE = re.compile(r"(?<=\d)[ .\-/](?=\d)")
_DIGIT_RUN_RE = re.compile(r"\d{6,}")
_EMAIL_ANYWHERE_RE = re.compile(r"[^\s@<>\"'()\[\],;:]+@[^\s@<>\"'()\[\],;:]+")
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
    numbers: frozenset[str]
    names: NameFinder
    lengths: tuple[int, ...] = ()  # of the numbers: found once, not for each of a site's thousand files

    @classmethod
    def of(cls, identifiers: IdentifierSet) -> Matchers:
        numbers = frozenset(identifiers.numbers)
        return cls(frozenset(identifiers.emails), numbers, NameFinder(identifiers.names, identifiers.first_names),
                   tuple(sorted({len(n) for n in numbers})))

    def numbers_in(self, text: str) -> set[str]:
        """Known numbers inside runs of digits (separators already squashed out)."""
        if not self.numbers:
            return set()
        found = set()
        for run in _DIGIT_RUN_RE.findall(text):
            for size in self.lengths:
                found.update(run[i:i + size] for i in range(len(run) - size + 1)
                             if run[i:i + size] in self.numbers)
        return found

    def emails_in(self, lowered: str) -> set[str]:
        """Known emails anywhere inside the email-shaped runs of the text."""
        if not self.emails:
            return set()
        found = set()
        for match in _EMAIL_ANYWHERE_RE.findall(lowered):
            at = match.index("@")
            found.update(match[i:j] for i in range(at) for j in range(at + 2, len(match) + 1)
                         if match[i:j] in self.emails)
        return found


def scan_text(text: str, identifiers: IdentifierSet | Matchers, patterns: bool) -> list[str]:
    """Findings in one decoded text: what was found, with the value masked."""
    seen = identifiers if isinstance(identifiers, Matchers) else Matchers.of(identifiers)
    found = []
    lowered = normalise_text(text)
    for email in sorted(seen.emails_in(lowered)):
        found.append(f"alamat email responden ({email[:2]}…)")
    squashed = DIGIT_SEPARATOR_RE.sub("", text)  # "19850312 201001 1 002" -> one run of digits
    for match in sorted(seen.numbers_in(squashed))[:5]:
        found.append(f"nomor identitas responden ({match[:4]}…)")
    for match in sorted(set(seen.names.found(text)))[:5]:
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
        # The search index runs a page's table cells together ('Unit Kerja 081 2.570 …'), which
        # the bare NIP/phone patterns would misread; those patterns are applied to the pages the
        # index is made from, where cells stay apart. Seen values are looked for everywhere.
        patterns = not path.name.startswith("search_index")
        findings += [Finding(path, what) for what in scan_text(text, seen, patterns=patterns)]
    return findings


AGGREGATE_COLUMNS = {"survei", "pertanyaan_id", "dimensi", "kelompok", "n"}


def published_cells(site_dirs: list[Path]) -> pd.DataFrame:
    """Every group count in the aggregate downloads of all audiences, read back from the files.

    A cell published in any audience is known to every reader of all of them; a cell is
    withheld only where no audience shows it.
    """
    rows = []
    for site_dir in site_dirs:
        for path in sorted(site_dir.glob("laporan/*/*.csv")):
            with path.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.DictReader(handle)
                if not set(reader.fieldnames or ()) >= AGGREGATE_COLUMNS:
                    continue
                rows += [{"survey": r["survei"], "table": "items", "key": r["pertanyaan_id"],
                          "dimension": ALL if r["dimensi"] == "organisasi" else r["dimensi"],
                          "group": r["kelompok"], "n": float(r["n"]) if r["n"] else None,
                          "withheld": not r["n"], "file": f"{site_dir.name}/{path.relative_to(site_dir)}"}
                         for r in reader]
    if not rows:
        return cells_frame([])
    frame = pd.DataFrame(rows)
    cells = frame.sort_values("withheld", kind="stable").groupby(
        ["survey", "table", "key", "dimension", "group"], sort=True, as_index=False).first()
    return cells_frame(cells.drop(columns="file").to_dict("records"))


def recheck_ledger(site_dirs: list[Path], k: int) -> list[Finding]:
    """Independently of how the build chose them, check from the published files alone that no
    withheld count can be narrowed below k by combining the counts published beside it."""
    frame = published_cells(site_dirs)
    findings = []
    for cell in unprotected(frame, k):
        row = frame.loc[cell]
        findings.append(Finding(site_dirs[0], f"angka tersembunyi dapat dihitung ulang: {row['survey']} / "
                                              f"{row['key']} / {row['group']}"))
    return findings

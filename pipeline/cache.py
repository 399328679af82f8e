"""Skip a build whose inputs have not changed: the second `rapor build` takes well under a second.

The key is a digest of the content of everything a build reads: the project's surveys/
(definitions, exports, roster, reviewed quotes), content/, its own site_templates/ and
mkdocs.yml, the bundled templates and rapor's own code, the versions of the libraries that
shape the pages, and the command's options. When the key equals the last build's and every
published folder still holds exactly the files that build wrote (their digest is kept too),
nothing is rebuilt. Any difference, or `--paksa`, builds afresh; builds are byte-identical,
so a skipped build publishes what a new one would.

The record lives in the project root as `.rapor-cache.json` and holds digests, folder paths and
the number of warnings, never a value from the data (a warning can quote a cell, so its text is
not kept: `rapor check` prints the warnings again).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pipeline
from pipeline.render import TEMPLATES

CACHE_FILE = ".rapor-cache.json"
PROJECT_INPUTS = ("surveys", "content", "site_templates", "mkdocs.yml")
LIBRARIES = ("mkdocs", "mkdocs-material", "pymdown-extensions", "markdown", "jinja2", "pandas", "numpy", "scipy",
             "babel", "openpyxl", "python-calamine", "pyarrow", "Sastrawi")
SKIPPED = {"__pycache__", ".DS_Store"}


@dataclass(frozen=True)
class Record:
    key: str
    sites: tuple[tuple[str, str, str], ...]  # (audience title, folder, digest of its files)
    warnings: int  # how many warnings the build printed


def _files(root: Path) -> Iterable[Path]:
    if root.is_file():
        yield root
    elif root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file() and not SKIPPED & set(path.relative_to(root).parts):
                yield path


def _digest(roots: Iterable[tuple[str, Path]]) -> str:
    """One digest of the names and contents of every file under the labelled roots."""
    total = hashlib.blake2b(digest_size=20)
    for label, root in roots:
        for path in _files(root):
            name = path.relative_to(root).as_posix() if root.is_dir() else root.name
            total.update(f"\0{label}/{name}\0".encode())
            with path.open("rb") as handle:
                total.update(hashlib.file_digest(handle, "blake2b").digest())
    return total.hexdigest()


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "-"


def input_key(root: Path, options: dict[str, object]) -> str:
    """The digest of everything a build with these options reads."""
    code = Path(pipeline.__file__).resolve().parent
    roots = [(f"proyek/{part}", root / part) for part in PROJECT_INPUTS]
    roots += [("rapor/pipeline", code), ("rapor/site_templates", TEMPLATES)]
    context = json.dumps({"options": options, "versions": {n: _version(n) for n in LIBRARIES}},
                         sort_keys=True, default=str)
    return hashlib.blake2b(f"{context}\0{_digest(roots)}".encode(), digest_size=20).hexdigest()


def site_digest(folder: Path) -> str:
    return _digest([("situs", folder)]) if folder.is_dir() else ""


def lookup(root: Path, key: str) -> Record | None:
    """The last build's record when its inputs and its published folders are unchanged."""
    try:
        data = json.loads((root / CACHE_FILE).read_text(encoding="utf-8"))
        record = Record(data["key"], tuple(tuple(s) for s in data["sites"]), int(data["warnings"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if record.key != key or not record.sites:
        return None
    if any(site_digest(Path(folder)) != digest for _, folder, digest in record.sites):
        return None
    return record


def store(root: Path, key: str, sites: Iterable[tuple[str, Path]], warnings: int) -> None:
    record = {"key": key, "sites": [(title, str(folder), site_digest(folder)) for title, folder in sites],
              "warnings": warnings}
    (root / CACHE_FILE).write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")


def forget(root: Path) -> None:
    (root / CACHE_FILE).unlink(missing_ok=True)

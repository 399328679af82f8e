"""Problems found in definitions or exports: values, never exceptions."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in an export, positioned as the user sees it in a spreadsheet.

    `row` is the spreadsheet row (the header is row 1; 0 = the whole file) and
    `column` the header as written in the export ('' = the whole row or file).
    """

    path: Path
    row: int
    column: str
    severity: Severity
    code: str
    message: str

    def format(self, root: Path | None = None) -> str:
        path = self.path
        if root is not None and self.path.is_relative_to(root):
            path = self.path.relative_to(root)
        column = self.column.replace("\r\n", "⏎").replace("\n", "⏎")
        if ":" in column:
            column = '"' + column.replace('"', '\\"') + '"'
        return f"{path.as_posix()}:{self.row}:{column}: {self.severity} {self.code}: {self.message}"


def mask_identifier(value: str) -> str:
    """Mask an identifier quoted in a message: keep a short head and tail only (`1985…002`)."""
    text = str(value).strip()
    if len(text) <= 4:
        return "…"
    keep = 4 if len(text) >= 12 else 1
    return f"{text[:keep]}…{text[-3:] if len(text) >= 12 else text[-1:]}"


def has_errors(problems: list[Problem] | tuple[Problem, ...]) -> bool:
    return any(p.severity == "error" for p in problems)

"""The project's exceptions: raised when rapor cannot continue, translated by cli.py.

Bad data in an export is never an exception: it is a `Problem` (see validate.py).

RaporError
├── DefinitionError   a definition file is missing or malformed
├── ExportError       an export cannot be read at all
├── DataError         exports have errors (problems of severity error); nothing is built
├── BuildError        MkDocs failed to build a site
└── AuditError        a built site contains an identifier or an unprotected number
"""

from __future__ import annotations

from pathlib import Path


class RaporError(Exception):
    """Base class of every error rapor reports to the user."""


class DefinitionError(RaporError):
    def __init__(self, path: Path, *messages: str) -> None:
        self.path = path
        self.messages = messages
        super().__init__("\n".join(f"{path}: {m}" for m in messages))


class ExportError(RaporError):
    def __init__(self, path: Path, message: str) -> None:
        self.path = path
        super().__init__(f"{path}: {message}")


class DataError(RaporError):
    def __init__(self, problems: list) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} masalah pada data")


class BuildError(RaporError):
    """MkDocs could not build one audience's site."""


class AuditError(RaporError):
    def __init__(self, findings: list[str]) -> None:
        self.findings = findings
        super().__init__("\n".join(findings))

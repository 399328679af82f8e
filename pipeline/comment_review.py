"""HR-only views of the comments, never published: uncoded comments for `rapor check`, quotes for review.

Both work on redacted text only: responses are anonymised first, exactly as in a build.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.anonymise import anonymise
from pipeline.codebook import load_codebook
from pipeline.definitions import Project
from pipeline.identifiers import IdentifierSet
from pipeline.quotes import ReviewSummary, write_review
from pipeline.tables import ValidResponses
from pipeline.themes import ThemeCoding, code_comments, uncoded_terms


def _codings(project: Project, responses: list[ValidResponses], roster: IdentifierSet) -> Iterator[ThemeCoding]:
    codebook = load_codebook(project)
    k = project.settings.min_group_size
    for r in responses:
        if not r.table.empty:
            yield code_comments(anonymise(r, roster, k), codebook)


def uncoded_report(project: Project, responses: list[ValidResponses], roster: IdentifierSet) -> list[str]:
    """One line per survey with comments: how many are uncoded and their most frequent terms."""
    codebook = load_codebook(project)
    lines = []
    for coding in _codings(project, responses, roster):
        total = len(coding.people)
        if not total:
            continue
        coded = int(coding.people["coded"].sum())
        terms = ", ".join(f"{term} ({count})" for term, count in uncoded_terms(coding, codebook))
        line = (f"{coding.survey.id}: komentar dari {total} orang, {coded} berkode tema; "
                f"{len(coding.uncoded)} komentar belum berkode")
        lines.append(line + (f"; kata tersering: {terms}" if terms else ""))
    return lines


def review_quotes(project: Project, responses: list[ValidResponses], roster: IdentifierSet) -> list[ReviewSummary]:
    """Write or update surveys/<id>/kutipan.yml for every survey with coded comments."""
    return [s for s in (write_review(project, c) for c in _codings(project, responses, roster)) if s is not None]

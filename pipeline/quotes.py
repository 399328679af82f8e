"""Quotes: candidate sentences per theme, reviewed by HR, and the ones that may be published.

`rapor quotes` writes `surveys/<id>/kutipan.yml`: redacted sentences per theme, each
with a stable id (a hash of theme and text, never of a row, a date or a pseudonym)
and `status: tinjau`. HR changes each status to `tampilkan` or `sembunyikan`;
running the command again adds new candidates and keeps every decision. A build
publishes a quote only when its status is `tampilkan`, the same sentence is still
among the survey's (redacted) comments, and its theme is published for the whole
survey (at least `min_group_size_text` people): quotes never appear per unit. They
are printed from the data, not from the review file, in an order that depends only
on the text. Real review files stay out of git; the demo's is `kutipan.demo.yml`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import pandas as pd
import yaml

from pipeline.definitions import Model, Project, Survey, _parse
from pipeline.identifiers import normalise_text

if TYPE_CHECKING:
    from pipeline.themes import ThemeCoding

REVIEW_FILE, DEMO_REVIEW_FILE = "kutipan.yml", "kutipan.demo.yml"
Status = Literal["tinjau", "tampilkan", "sembunyikan"]
MIN_WORDS, MAX_WORDS = 4, 60
MAX_CANDIDATES = 15  # per theme and survey, the sentences most people wrote first
MAX_SHOWN = 5  # per theme on a page, the first in text order
HEADER = """\
# Kutipan calon dari komentar survei "{title}" ({id}), sudah disamarkan.
# Ubah 'status' tiap kutipan menjadi 'tampilkan' (boleh diterbitkan) atau 'sembunyikan'.
# Kutipan berstatus 'tinjau' tidak pernah diterbitkan. Jangan mengubah teksnya: situs memakai
# teks dari data; bila sebuah kutipan masih dapat mengenali orang, pilih 'sembunyikan'.
# Menjalankan 'rapor quotes' lagi menambah kutipan baru dan mempertahankan keputusan yang ada.
"""


@dataclass(frozen=True)
class Quote:
    id: str
    theme: str
    text: str


class ReviewEntry(Model):
    id: str
    tema: str
    teks: str
    status: Status = "tinjau"


class ReviewFile(Model):
    kutipan: tuple[ReviewEntry, ...] = ()


@dataclass(frozen=True)
class ReviewSummary:
    path: Path
    total: int
    new: int
    pending: int


def quote_key(text: str) -> str:
    """How two sentences are the same quote: case, spacing and closing punctuation aside."""
    return normalise_text(text).rstrip(" .!?,;")


def quote_id(theme: str, text: str) -> str:
    digest = hashlib.sha256(f"{theme}\n{quote_key(text)}".encode()).hexdigest()
    return f"k{digest[:10]}"


def distinct_quotes(coding: ThemeCoding) -> pd.DataFrame:
    """One row per theme and quote: the spelling most people wrote (then text order), people in total."""
    frame = coding.sentences.assign(key=coding.sentences["text"].map(quote_key))
    frame = frame.sort_values(["theme", "key", "people", "text"], ascending=[True, True, False, True], kind="stable")
    grouped = frame.groupby(["theme", "key"], sort=True)
    out = grouped.agg(text=("text", "first"), people=("people", "sum")).reset_index()
    return out.assign(id=[quote_id(t, x) for t, x in zip(out["theme"], out["text"], strict=True)])


def review_path(project: Project, survey: Survey) -> Path:
    """The office's own review file; the demo's committed one when there is none."""
    folder = project.survey_dir(survey)
    own = folder / REVIEW_FILE
    return own if own.exists() or not (folder / DEMO_REVIEW_FILE).exists() else folder / DEMO_REVIEW_FILE


def read_review(project: Project, survey: Survey) -> tuple[ReviewEntry, ...]:
    path = review_path(project, survey)
    return _parse(ReviewFile, path).kutipan if path.exists() else ()


def candidates(coding: ThemeCoding) -> list[Quote]:
    """Redacted sentences per theme, of a readable length, those most people wrote first."""
    frame = distinct_quotes(coding)
    words = frame["text"].str.split().str.len()
    frame = frame[(words >= MIN_WORDS) & (words <= MAX_WORDS)]
    frame = frame.sort_values(["theme", "people", "key"], ascending=[True, False, True], kind="stable")
    frame = frame.groupby("theme", sort=False).head(MAX_CANDIDATES)
    return [Quote(i, t, x) for i, t, x in zip(frame["id"], frame["theme"], frame["text"], strict=True)]


def merge(existing: tuple[ReviewEntry, ...], found: list[Quote]) -> list[ReviewEntry]:
    """Every earlier entry with its decision, plus new candidates to review, ordered by theme and text."""
    known = {e.id for e in existing}
    entries = list(existing) + [ReviewEntry(id=q.id, tema=q.theme, teks=q.text) for q in found if q.id not in known]
    return sorted(entries, key=lambda e: (e.tema, quote_key(e.teks), e.id))


def write_review(project: Project, coding: ThemeCoding) -> ReviewSummary | None:
    """Write surveys/<id>/kutipan.yml with the merged candidates; None when there are none at all."""
    existing = read_review(project, coding.survey)
    entries = merge(existing, candidates(coding))
    if not entries:
        return None
    path = project.survey_dir(coding.survey) / REVIEW_FILE
    body = yaml.safe_dump({"kutipan": [e.model_dump() for e in entries]}, allow_unicode=True, sort_keys=False,
                          width=4096)
    path.write_text(HEADER.format(title=coding.survey.title, id=coding.survey.id) + body, encoding="utf-8")
    return ReviewSummary(path, len(entries), len(entries) - len(existing),
                         sum(e.status == "tinjau" for e in entries))


def approved_quotes(project: Project, coding: ThemeCoding, published: set[str]) -> tuple[Quote, ...]:
    """Quotes marked tampilkan, still in the data, of a theme published survey-wide; ordered by text."""
    decisions = {e.id: e.status for e in read_review(project, coding.survey)}
    frame = distinct_quotes(coding)
    current = [Quote(i, t, x) for i, t, x in zip(frame["id"], frame["theme"], frame["text"], strict=True)]
    shown = sorted((q for q in current if decisions.get(q.id) == "tampilkan" and q.theme in published),
                   key=lambda q: (quote_key(q.text), q.text, q.theme))
    per_theme: dict[str, int] = {}
    out = []
    for quote in shown:
        per_theme[quote.theme] = per_theme.get(quote.theme, 0) + 1
        if per_theme[quote.theme] <= MAX_SHOWN:
            out.append(quote)
    return tuple(out)

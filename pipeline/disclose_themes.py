"""Disclose themes: comment and theme counts are counts of people, so they pass the threshold and the ledger.

Every count (people who commented, people whose comments were coded, people per theme,
per dimension and group) needs `min_group_size_text` people; smaller groups and their
complements are withheld as in disclose.py. A group whose respondents are withheld
withholds its comment and theme counts too, so these can never narrow a withheld
respondent count. Then the ledger: the cells of every report table (as published)
and the theme cells, with the relations a reader knows (groups add up to the total;
people per theme <= people who commented <= respondents), and theme cells are
withheld, smallest first, until every withheld cell's feasible range is at least
`min_group_size` wide. Only theme cells are ever added: report tables are final.
Polarity counts derive from a published theme cell, like per-option counts of a question.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from pipeline.codebook import Theme, load_codebook
from pipeline.definitions import Project, Survey
from pipeline.disclose import COMPLEMENT, SMALL, TABLE_KEYS, apply_threshold
from pipeline.ledger import protect
from pipeline.quotes import Quote, approved_quotes
from pipeline.tables import ALL, AnonymousResponses, Disclosed
from pipeline.themes import ThemeCoding, code_comments, count_themes

COMMENTS, THEMES = "komentar", "tema"
NUMBERS = ["n", "n_pos", "n_neg", "n_neu"]


@dataclass(frozen=True)
class DisclosedThemes:
    """Theme results of one survey after the threshold and the ledger; withheld rows carry no numbers.

    comments: key ('komentar' people who commented, 'berkode' people coded), dimension, group, n.
    counts: theme, dimension, group, n, n_pos, n_neg, n_neu. quotes: approved, publishable, in text order.
    """

    survey: Survey
    themes: tuple[Theme, ...]
    comments: pd.DataFrame
    counts: pd.DataFrame
    quotes: tuple[Quote, ...]
    min_group_size_text: int


def disclose_themes(project: Project, anonymous: list[AnonymousResponses],
                    disclosed: list[Disclosed]) -> list[Disclosed]:
    """Code every survey's comments, withhold small and recomputable counts, attach to its Disclosed."""
    settings = project.settings
    codebook = load_codebook(project)
    codings = {c.survey.id: c for c in (code_comments(a, codebook) for a in anonymous) if not c.people.empty}
    tables = {d.survey.id: _threshold(codings[d.survey.id], d, settings.min_group_size_text)
              for d in disclosed if d.survey.id in codings}
    frame = _protect(_ledger(disclosed, tables), settings.min_group_size)
    out = []
    for d in disclosed:
        if d.survey.id not in tables:  # no comments: no theme section
            out.append(d)
            continue
        comments, counts = (_final(t, frame, d.survey.id, name) for t, name in
                            zip(tables[d.survey.id], (COMMENTS, THEMES), strict=True))
        published = set(counts["theme"][(counts["dimension"] == ALL) & ~counts["withheld"]])
        quotes = approved_quotes(project, codings[d.survey.id], published)
        out.append(replace(d, themes=DisclosedThemes(d.survey, codings[d.survey.id].themes, comments, counts,
                                                     quotes, settings.min_group_size_text)))
    return out


def _threshold(coding: ThemeCoding, d: Disclosed, k_text: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Withhold below k_text (with complements), and wherever the group's respondents are withheld."""
    resp = d.respondents
    hidden = set(zip(resp["dimension"][resp["withheld"]], resp["group"][resp["withheld"]], strict=True))
    listed = set(zip(resp["dimension"], resp["group"], strict=True))
    out = []
    for table, key in zip(count_themes(coding), ("key", "theme"), strict=True):
        kept = np.array([p in listed for p in zip(table["dimension"], table["group"], strict=True)], dtype=bool)
        table = apply_threshold(table[kept].reset_index(drop=True), key, k_text, keep_n=True)
        pairs = zip(table["dimension"], table["group"], strict=True)
        inside = pd.Series([p in hidden for p in pairs], index=table.index, dtype=bool)
        table.loc[inside & (table["reason"] == ""), "reason"] = COMPLEMENT
        table["withheld"] = table["reason"] != ""
        out.append(table)
    return out[0], out[1]


LEDGER_COLUMNS = ["survey", "table", "key", "dimension", "group", "n", "withheld", "cell"]


def _cells(survey: str, table_name: str, table: pd.DataFrame, key: str | None, n: str = "n",
           cell: pd.Series | str = "") -> pd.DataFrame:
    return pd.DataFrame({"survey": survey, "table": table_name, "key": table[key] if key else "",
                         "dimension": table["dimension"], "group": table["group"], "n": table[n],
                         "withheld": table["withheld"], "cell": cell}, columns=LEDGER_COLUMNS)


def _theme_cells(survey_id: str, comments: pd.DataFrame, counts: pd.DataFrame) -> list[pd.DataFrame]:
    """The theme cells twice: beside the report tables (<= respondents) and as parts of the commenters."""
    inner = f"{survey_id}#{COMMENTS}"
    out = []
    for name, table, key in ((COMMENTS, comments, "key"), (THEMES, counts, "theme")):
        ids = survey_id + "|" + name + "|" + table[key] + "|" + table["dimension"] + "|" + table["group"]
        out.append(_cells(survey_id, name, table, key, "_n", ids))
        if name == COMMENTS:
            people = table["key"] == COMMENTS
            out.append(_cells(inner, "respondents", table[people], None, "_n", ids[people]))
            out.append(_cells(inner, name, table[~people], key, "_n", ids[~people]))
        else:
            out.append(_cells(inner, name, table, key, "_n", ids))
    return out


def _ledger(disclosed: list[Disclosed], tables: dict[str, tuple[pd.DataFrame, pd.DataFrame]]) -> pd.DataFrame:
    """Report cells of surveys that publish theme cells, and every theme cell not in a wholly withheld block."""
    frames = [pd.DataFrame(columns=LEDGER_COLUMNS)]
    for d in disclosed:
        if d.survey.id not in tables:
            continue
        comments, counts = tables[d.survey.id]
        comments, counts = (t[~t.groupby(key)["withheld"].transform("all").astype(bool)]
                            for t, key in ((comments, "key"), (counts, "theme")))
        if comments.empty and counts.empty:
            continue
        frames += [_cells(d.survey.id, name, getattr(d, name), key)
                   for name, key in TABLE_KEYS.items() if not getattr(d, name).empty]
        frames += _theme_cells(d.survey.id, comments, counts)
    frame = pd.concat([f for f in frames if not f.empty] or frames, ignore_index=True)
    return frame.assign(withheld=frame["withheld"].astype(bool), n=frame["n"].astype("float64"))


def _protect(frame: pd.DataFrame, k: int) -> pd.DataFrame:
    """Withhold theme cells, smallest first, until no withheld cell can be narrowed below k."""
    def theme_rows(frame: pd.DataFrame, component: pd.DataFrame, weak: int) -> pd.Index:
        return frame.index[frame["cell"] == _complement(frame, weak)]

    return protect(frame, k, complement=theme_rows).drop(columns="added")


def _complement(frame: pd.DataFrame, weak: int) -> str:
    """The smallest published theme cell related to the weak one; a total only when nothing else is left."""
    cell = frame.loc[weak]
    survey = cell["survey"].split("#")[0]
    mine = frame[(frame["cell"] != "") & ~frame["withheld"] & frame["cell"].str.startswith(survey + "|")]
    same = mine[(mine["dimension"] == cell["dimension"]) & (mine["dimension"] != ALL)]
    related = same[((same["table"] == cell["table"]) & (same["key"] == cell["key"])) | (same["group"] == cell["group"])]
    for pool in (related, same, mine[mine["dimension"] != ALL], mine):
        if not pool.empty:
            return pool.sort_values(["n", "table", "key", "group"], kind="stable")["cell"].iloc[0]
    raise RuntimeError(f"sel {dict(cell)} tidak dapat dilindungi dengan menyembunyikan angka tema")


def _final(table: pd.DataFrame, frame: pd.DataFrame, survey_id: str, name: str) -> pd.DataFrame:
    """Apply the ledger's extra withholdings, then blank every number of a withheld row."""
    key = "key" if name == COMMENTS else "theme"
    cells = ["|".join((survey_id, name, k, d, g)) for k, d, g in zip(table[key], table["dimension"], table["group"],
                                                                        strict=True)]
    added = set(frame["cell"][frame["withheld"]]) & {c for c, w in zip(cells, table["withheld"], strict=True) if not w}
    table = table.drop(columns="_n")
    table.loc[[c in added for c in cells], "reason"] = COMPLEMENT
    table["withheld"] = table["reason"] != ""
    numbers = [c for c in NUMBERS if c in table]
    table[numbers] = table[numbers].astype("float64").mask(table["withheld"], axis=0)
    return table


__all__ = ["SMALL", "DisclosedThemes", "disclose_themes"]

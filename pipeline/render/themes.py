"""Theme sections: what people wrote about most, on report pages and managers' unit summaries.

Every number and label is computed here from the disclosed theme tables (withheld rows
carry no numbers); `site_templates/pages/themes.md.j2` and `unit_themes.md.j2` only lay
them out. Theme labels come from the codebook and quotes from respondents: both are
printed through the finalize hook, so they stay inert text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
from markupsafe import Markup

from pipeline.disclose import SMALL
from pipeline.render.downloads import to_csv
from pipeline.render.lookup import first_row
from pipeline.render.text import number, percent
from pipeline.tables import ALL, Disclosed

if TYPE_CHECKING:
    from pipeline.codebook import Theme
    from pipeline.disclose_themes import DisclosedThemes
    from pipeline.render.pages import SiteContext

MAX_GROUP_COLUMNS = 5  # themes shown per group table: the most mentioned ones
UNIT_TOP = 3
TONES = (("n_pos", "positif"), ("n_neu", "netral"), ("n_neg", "negatif"))


def withheld_text(k_text: int, reason: str) -> str:
    if reason == SMALL:
        return f"tidak ditampilkan (kurang dari {k_text} orang)"
    return "tidak ditampilkan (melindungi kelompok kecil lain)"


def download_name(disclosed: Disclosed) -> str:
    """In a folder of its own: every CSV beside a report page is that report's aggregate table."""
    return f"tema/tema-{disclosed.survey.id}.csv"


def _row(table: pd.DataFrame, column: str, value: str, dimension: str = ALL, group: str = ALL) -> pd.Series | None:
    return first_row(table, (column, "dimension", "group"), (value, dimension, group))


def _tone(row: pd.Series) -> dict:
    """Shares of positive, neutral and negative people in a published theme cell, and the largest."""
    n = float(row["n"])
    shares = {label: float(row[col]) / n for col, label in TONES}
    main = max(shares, key=lambda label: (shares[label], label == "netral"))
    return {"shares": [percent(shares[label], 0) for _, label in TONES], "main": main}


def _published(th: DisclosedThemes, dimension: str, group: str) -> list[tuple[Theme, pd.Series]]:
    """(theme, row) of the published theme cells of one group, most people first, then by label."""
    themes = {t.id: t for t in th.themes}
    counts = th.counts
    rows = counts[(counts["dimension"] == dimension) & (counts["group"] == group) & ~counts["withheld"]]
    ordered = sorted(rows.iterrows(), key=lambda r: (-r[1]["n"], themes[r[1]["theme"]].label))
    return [(themes[r["theme"]], r) for _, r in ordered]


def report_section(ctx: SiteContext, disclosed: Disclosed) -> dict | None:
    """The theme section of a report page; None when the survey has no comments at all."""
    th = disclosed.themes
    if th is None:
        return None
    k_text = th.min_group_size_text
    people = _row(th.comments, "key", "komentar")
    base = {"k_text": k_text, "csv": Markup(download_name(disclosed))}
    if people is None or people["withheld"]:
        return base | {"withheld": withheld_text(k_text, SMALL if people is None else people["reason"])}
    total = int(people["n"])
    coded = _row(th.comments, "key", "berkode")
    themes = [{"label": t.label, "description": t.description, "n": number(int(r["n"])),
               "share": percent(float(r["n"]) / total), **_tone(r)} for t, r in _published(th, ALL, ALL)]
    shown = {t["label"] for t in themes}
    hidden = sorted(t.label for t in th.themes if t.label not in shown)
    return base | {
        "withheld": "", "people": number(total),
        "coded": percent(float(coded["n"]) / total) if coded is not None and not coded["withheld"]
        else withheld_text(k_text, SMALL if coded is None else coded["reason"]),
        "themes": themes, "hidden": hidden, "quotes": _quotes(th),
        "groups": _groups(ctx, disclosed) if ctx.audience.unit_breakdowns else [],
    }


def _quotes(th: DisclosedThemes) -> list[dict]:
    """Approved quotes under their theme, themes in codebook order, quotes in text order."""
    out = []
    for theme in th.themes:
        texts = [q.text for q in th.quotes if q.theme == theme.id]
        if texts:
            out.append({"label": theme.label, "texts": texts})
    return out


def _groups(ctx: SiteContext, disclosed: Disclosed) -> list[dict]:
    """Per breakdown: people who commented per group, and the most mentioned themes that any group publishes."""
    th, survey = disclosed.themes, disclosed.survey
    top = [t for t, _ in _published(th, ALL, ALL)][:MAX_GROUP_COLUMNS]
    comments = th.comments[th.comments["key"] == "komentar"]
    tables = []
    for dimension in [g.id for g in survey.groups]:
        block = comments[comments["dimension"] == dimension]
        cells = {(g, t.id): _row(th.counts, "theme", t.id, dimension, g) for g in block["group"] for t in top}
        columns = [t for t in top if any(r is not None and not r["withheld"]
                                         for (_, theme), r in cells.items() if theme == t.id)]
        rows = []
        for _, c in block.iterrows():
            row = {"label": ctx.group_label(survey, dimension, c["group"]), "cells": []}
            if c["withheld"]:
                rows.append(row | {"withheld": withheld_text(th.min_group_size_text, c["reason"])})
                continue
            for t in columns:
                r = cells[(c["group"], t.id)]
                row["cells"].append("tidak ditampilkan" if r is None or r["withheld"]
                                    else f"{number(int(r['n']))} ({percent(float(r['n']) / float(c['n']), 0)})")
            rows.append(row | {"n": number(int(c["n"])), "withheld": ""})
        if rows:
            tables.append({"label": ctx.dimension_label(survey, dimension), "rows": rows,
                           "columns": [t.label for t in columns]})
    return tables


def unit_section(disclosed: Disclosed, unit_id: str) -> dict | None:
    """A unit's comment themes for its manager's summary; None when the survey has no comments."""
    th = disclosed.themes
    if th is None or "unit" not in set(th.comments["dimension"]):
        return None
    people = _row(th.comments, "key", "komentar", "unit", unit_id)
    if people is None or people["withheld"]:
        reason = SMALL if people is None else people["reason"]
        return {"withheld": withheld_text(th.min_group_size_text, reason), "themes": []}
    total = float(people["n"])
    themes = [{"label": t.label, "n": number(int(r["n"])), "share": percent(float(r["n"]) / total, 0),
               "tone": _tone(r)["main"]} for t, r in _published(th, "unit", unit_id)[:UNIT_TOP]]
    return {"withheld": "", "n": number(int(total)), "themes": themes, "k_text": th.min_group_size_text}


def theme_downloads(ctx: SiteContext) -> dict[str, str | bytes]:
    """One CSV per survey with every theme number this audience sees (withheld cells empty)."""
    files: dict[str, str | bytes] = {}
    for disclosed in ctx.disclosed:
        th = disclosed.themes
        if th is None:
            continue
        labels = {t.id: t.label for t in th.themes} | {"komentar": "Orang yang berkomentar",
                                                         "berkode": "Orang yang komentarnya masuk tema"}
        frame = pd.concat([th.comments.rename(columns={"key": "theme"}), th.counts], ignore_index=True)
        if not ctx.audience.unit_breakdowns:
            frame = frame[frame["dimension"] == ALL]
        out = pd.DataFrame({
            "survei": disclosed.survey.id, "kode": frame["theme"], "tema": frame["theme"].map(labels),
            "dimensi": frame["dimension"].replace({ALL: "organisasi"}),
            "kelompok": [ctx.group_label(disclosed.survey, d, g)
                         for d, g in zip(frame["dimension"], frame["group"], strict=True)],
            "jumlah_orang": frame["n"], "positif": frame["n_pos"], "netral": frame["n_neu"], "negatif": frame["n_neg"],
            "status": [withheld_text(th.min_group_size_text, r) if w else "ditampilkan"
                       for w, r in zip(frame["withheld"], frame["reason"], strict=True)],
        })
        files[f"laporan/{disclosed.survey.id}/{download_name(disclosed)}"] = to_csv(out.reset_index(drop=True))
    return files

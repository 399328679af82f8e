"""Reaction and learning sections of a programme page: a plain headline per cohort, tables, details.

The behaviour and results sections are in programme_outcomes.py; the helpers here serve both.

Every number is formatted here from published values (see levels.py); the template
only lays the pieces out. A withheld cell shows why it is withheld, never a number.
"""

from __future__ import annotations

import math

from markupsafe import Markup

from pipeline.evaluate import CohortResult
from pipeline.kirkpatrick import hake_band
from pipeline.render import levels
from pipeline.render.pages import SiteContext, report_path
from pipeline.render.text import number, percent
from pipeline.tables import UNKNOWN_GROUP


def table(label: str, head: list[str], rows: list[dict]) -> dict:
    """A table for pages/numtable.md.j2: rows are {'label', 'cells': [{'text', 'withheld'}]}.

    A row with 'withheld' text shows it once across all its columns instead of cells.
    """
    return {"label": label, "head": head, "rows": [{"withheld": ""} | r for r in rows]}


def group_row(ctx: SiteContext, row, label: str, make) -> dict:
    """A group's row: its cells from `make(row)`, or one 'withheld' note when the group is withheld."""
    if bool(row["withheld"]):
        return {"label": label, "withheld": ctx.withheld_text(row["reason"]), "cells": []}
    return {"label": label, "cells": make(row)}


def cell(ctx: SiteContext, row, column: str, fmt) -> dict:
    """A formatted published value, the reason it is withheld, or a dash where there is nothing."""
    if row is None:
        return {"text": "–", "withheld": False}
    if bool(row["withheld"]):
        return {"text": ctx.withheld_text(row["reason"]), "withheld": True}
    value = row[column]
    return {"text": "–" if value is None or math.isnan(value) else fmt(value), "withheld": False}


def value_cell(ctx: SiteContext, row, value: float | None, fmt) -> dict:
    """A value derived from a row's published numbers: withheld with the row, a dash when missing."""
    if row is not None and bool(row["withheld"]):
        return {"text": ctx.withheld_text(row["reason"]), "withheld": True}
    return {"text": "–" if value is None else fmt(value), "withheld": False}


def signed(value: float, digits: int = 1, unit: str = "") -> str:
    return ("+" if value > 0 else "") + number(value, digits) + unit


def p_value(p: float) -> str:
    return "p < 0,001" if p < 0.001 else f"p = {number(p, 3)}"


def unit_label(ctx: SiteContext, group: str) -> str:
    return group if group == UNKNOWN_GROUP else ctx.project.unit(group).name


def unit_rows(table_, key: str = "") -> list:
    """Rows of the unit dimension of a disclosed table, for one key, in units.yml order."""
    if table_ is None or table_.empty:
        return []
    rows = table_[(table_["key"] == key) & (table_["dimension"] == "unit")]
    return [r for _, r in rows.iterrows()]


# --- reaksi ----------------------------------------------------------------------------------------

def _reaction_headline(c: CohortResult) -> str:
    share = levels.reaction_share(c)
    if share is None:
        return "hasil tidak ditampilkan (terlalu sedikit responden)."
    scored = [(levels.favourable(levels.item(c.reaksi, q.id), q), q) for _, q in
              levels.reaction_questions(c.programme, c.reaksi.survey)]
    scored = sorted(((s, q.label) for s, q in scored if s is not None), key=lambda x: (-x[0], x[1]))
    text = f"rata-rata {percent(share, 0)} peserta setuju dengan pernyataan positif tentang pelatihan"
    if len(scored) > 1:
        text += (f"; tertinggi «{scored[0][1]}» ({percent(scored[0][0], 0)}), "
                 f"terendah «{scored[-1][1]}» ({percent(scored[-1][0], 0)})")
    rate = levels.response_rate(c)
    return text + (f". Tingkat respons {percent(rate, 0)}." if rate is not None else ".")


def _reaction_detail(ctx: SiteContext, c: CohortResult) -> dict:
    survey = c.reaksi.survey
    questions = levels.reaction_questions(c.programme, survey)
    scale = ctx.project.scales[questions[0][1].scale] if questions else None
    points = scale.values if scale else []
    rows = []
    for aspect, q in questions:
        row = levels.item(c.reaksi, q.id)
        counts = [cell(ctx, row, f"n_{v}", lambda x: number(int(x))) for v in points]
        mean = cell(ctx, row, "mean", lambda m, r=row: f"{number(m, 2)} ({number(r['ci_low'], 2)}–"
                                                         f"{number(r['ci_high'], 2)})")
        rows.append({"label": f"{aspect}: {q.label}",
                     "cells": [cell(ctx, row, "n", lambda x: number(int(x))), *counts, mean,
                               cell(ctx, row, "top2", percent)]})
    head = ["Pernyataan", "n", *(p.label for p in scale.points), "Rata-rata (IK 95%)", "% setuju"] if scale else []
    return {"title": c.cohort.title, "table": table(f"Sebaran jawaban reaksi {c.cohort.title}", head, rows),
            "link": Markup(f"../{report_path(survey)}"), "respondents": _respondents(ctx, c)}


def _respondents(ctx: SiteContext, c: CohortResult) -> str:
    row = levels.respondents(c.reaksi)
    if row is None or bool(row["withheld"]):
        return ctx.withheld_text(row["reason"] if row is not None else "kecil")
    text = f"{number(int(row['n']))} responden"
    if c.cohort.participants:
        text += f" dari {number(c.cohort.participants)} peserta"
    return text


def reaction_section(ctx: SiteContext, cohorts: list[CohortResult]) -> dict | None:
    have = [c for c in cohorts if c.reaksi is not None]
    if not have:
        return None
    seen, questions = set(), []
    for c in have:
        for aspect, q in levels.reaction_questions(c.programme, c.reaksi.survey):
            if q.id not in seen:
                seen.add(q.id)
                questions.append((aspect, q))
    rows = [{"label": f"{aspect}: {q.label}",
             "cells": [cell(ctx, levels.item(c.reaksi, q.id), "top2",
                            lambda t, q=q: percent(1 - t if q.reverse else t)) for c in have]}
            for aspect, q in questions]
    units = []
    if ctx.audience.unit_breakdowns:
        units = [_reaction_units(ctx, c) for c in have]
    return {"headlines": [{"cohort": c.cohort.title, "text": _reaction_headline(c)} for c in have],
            "table": table("Persentase setuju per pernyataan", ["Pernyataan", *(c.cohort.title for c in have)], rows),
            "details": [_reaction_detail(ctx, c) for c in have], "units": units}


def _reaction_units(ctx: SiteContext, c: CohortResult) -> dict:
    rows = []
    resp = c.reaksi.respondents
    for _, r in resp[resp["dimension"] == "unit"].iterrows():
        share = levels.reaction_share(c, "unit", r["group"])
        rows.append(group_row(ctx, r, unit_label(ctx, r["group"]), lambda r, s=share: [
            cell(ctx, r, "n", lambda x: number(int(x))), value_cell(ctx, r, s, percent)]))
    return {"title": c.cohort.title, "table": table(f"Reaksi per unit kerja, {c.cohort.title}",
                                                    ["Unit kerja", "Responden", "Rata-rata % setuju"], rows)}


# --- pembelajaran ----------------------------------------------------------------------------------

def _learning_headline(c: CohortResult) -> str:
    row = levels.table_row(c.learning)
    if row is None:
        return "belum ada data pre-test dan post-test."
    if bool(row["withheld"]):
        return "hasil tidak ditampilkan (terlalu sedikit peserta yang mengikuti kedua tes)."
    gain = row["gain"]
    text = (f"rata-rata nilai {'naik' if gain >= 0 else 'turun'} {number(abs(gain), 0)} poin "
            f"(dari {number(row['mean_pre'], 0)} menjadi {number(row['mean_post'], 0)}); "
            f"{percent(row['improved'], 0)} peserta meningkat")
    spec = c.programme.pembelajaran
    if spec.pass_score is not None:
        text += f"; {percent(row['pass_post'], 0)} lulus (nilai minimal {number(spec.pass_score, 0)})"
    return text + "."


LEARNING_ROWS = (
    ("Peserta yang mengikuti kedua tes", "n", lambda v: number(int(v))),
    ("Rata-rata pre-test", "mean_pre", lambda v: number(v, 1)),
    ("Rata-rata post-test", "mean_post", lambda v: number(v, 1)),
    ("Kenaikan rata-rata (poin)", "gain", lambda v: signed(v)),
    ("Gain ternormalisasi ⟨g⟩", "g_class", lambda v: f"{number(v, 2)} ({hake_band(v)})"),
    ("Peserta yang nilainya meningkat", "improved", percent),
    ("Lulus pre-test", "pass_pre", percent),
    ("Lulus post-test", "pass_post", percent),
)


def _learning_detail(ctx: SiteContext, c: CohortResult) -> dict:
    row = levels.table_row(c.learning)
    stats = []
    if row is not None and not bool(row["withheld"]):
        n = int(row["n"])
        stats = [
            f"Kenaikan rata-rata {signed(row['gain'])} poin, IK 95% {number(row['gain_low'], 1)} sampai "
            f"{number(row['gain_high'], 1)}.",
            f"Gain ternormalisasi kelas ⟨g⟩ = {number(row['g_class'], 2)} (kategori {hake_band(row['g_class'])}); "
            f"rata-rata gain individu {number(row['g_individual'], 2)}.",
            f"Uji t berpasangan: t({n - 1}) = {number(row['t'], 2)}, {p_value(row['p_t'])}.",
            f"Uji peringkat bertanda Wilcoxon: W = {number(row['w'], 1)}, {p_value(row['p_w'])}.",
            f"Ukuran efek Cohen d_z = {number(row['dz'], 2)} (IK 95% {number(row['dz_low'], 2)} sampai "
            f"{number(row['dz_high'], 2)}).",
        ]
    return {"title": c.cohort.title, "stats": stats, "unmatched": _unmatched(ctx, c),
            "tests": [{"title": d.survey.title, "link": Markup(f"../{report_path(d.survey)}")} for d in c.tests]}


def _unmatched(ctx: SiteContext, c: CohortResult) -> list[str]:
    out = []
    for key, what in (("pre", "hanya mengikuti pre-test"), ("post", "hanya mengikuti post-test")):
        row = levels.table_row(c.unmatched, key)
        if row is None:
            continue
        count = f"kurang dari {ctx.k} peserta" if bool(row["withheld"]) else f"{number(int(row['n']))} peserta"
        if bool(row["withheld"]) or int(row["n"]) > 0:
            out.append(f"{count} {what}")
    return out


def learning_section(ctx: SiteContext, cohorts: list[CohortResult]) -> dict | None:
    have = [c for c in cohorts if c.learning is not None]
    if not have:
        return None
    spec = have[0].programme.pembelajaran
    rows = [{"label": label, "cells": [cell(ctx, levels.table_row(c.learning), column, fmt) for c in have]}
            for label, column, fmt in LEARNING_ROWS]
    units = []
    if ctx.audience.unit_breakdowns:
        head = ["Unit kerja", "Peserta", "Pre-test", "Post-test", "Kenaikan", "% meningkat"]
        columns = [("n", lambda v: number(int(v))), ("mean_pre", lambda v: number(v, 1)),
                   ("mean_post", lambda v: number(v, 1)), ("gain", signed), ("improved", percent)]
        units = [{"title": c.cohort.title, "table": table(f"Pembelajaran per unit kerja, {c.cohort.title}", head, [
            group_row(ctx, r, unit_label(ctx, r["group"]), lambda r: [cell(ctx, r, col, f) for col, f in columns])
            for r in unit_rows(c.learning)])} for c in have]
    return {"headlines": [{"cohort": c.cohort.title, "text": _learning_headline(c)} for c in have],
            "table": table("Pembelajaran per angkatan", ["", *(c.cohort.title for c in have)], rows),
            "details": [_learning_detail(ctx, c) for c in have], "units": units,
            "pass_score": "" if spec.pass_score is None else number(spec.pass_score, 0),
            "max_score": number(spec.max_score, 0)}

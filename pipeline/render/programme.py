"""Programme pages: inputs, the four Kirkpatrick levels in order, cohort comparison, downloads.

One page per programme under `program/`, reached from `program/index.md` (the
"Pengembangan Kompetensi" section, which also lists the needs analyses and JP pages).
"""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from pipeline.evaluate import CohortResult, Evaluation
from pipeline.programmes import Programme
from pipeline.render import levels
from pipeline.render.downloads import to_csv
from pipeline.render.pages import SiteContext
from pipeline.render.programme_levels import cell, learning_section, reaction_section, signed, table, value_cell
from pipeline.render.programme_outcomes import behaviour_section, results_section
from pipeline.render.text import number, percent
from pipeline.tables import ALL

FOLDER = "program"
CSV_NAMES = {
    "n": "n", "mean_pre": "rata_rata_pre", "mean_post": "rata_rata_post", "gain": "kenaikan",
    "gain_low": "kenaikan_ik95_bawah", "gain_high": "kenaikan_ik95_atas", "g_class": "gain_ternormalisasi_kelas",
    "g_individual": "rata_rata_gain_individu", "improved": "proporsi_meningkat", "pass_pre": "proporsi_lulus_pre",
    "pass_post": "proporsi_lulus_post", "t": "uji_t", "df": "derajat_bebas", "p_t": "p_uji_t",
    "w": "wilcoxon_w", "p_w": "p_wilcoxon", "dz": "cohen_dz", "dz_low": "dz_ik95_bawah", "dz_high": "dz_ik95_atas",
    "mean_before": "rata_rata_sebelum", "mean_after": "rata_rata_sesudah", "change": "perubahan",
}


def rupiah(value: float) -> str:
    return "Rp" + number(round(value), 0)


def _participants(evaluation: Evaluation, programme: Programme) -> pd.DataFrame:
    return dict(evaluation.participants)[programme.id]


def inputs_section(ctx: SiteContext, evaluation: Evaluation, programme: Programme) -> dict:
    """Participants, JP and cost per cohort and in all (level 0), with the ROI line only when stated."""
    people = _participants(evaluation, programme)
    columns = [(c.title, levels.table_row(people, "", "angkatan", c.id), c.budget) for c in programme.cohorts]
    budgets = [c.budget for c in programme.cohorts]
    total_budget = sum(budgets) if all(b is not None for b in budgets) else None
    columns.append(("Seluruh program", levels.table_row(people), total_budget))
    jp = programme.jp

    def row(label, make):
        return {"label": label, "cells": [make(r, b) for _, r, b in columns]}

    rows = [row("Peserta", lambda r, b: cell(ctx, r, "n", lambda v: number(int(v))))]
    if jp:
        rows.append(row("JP per peserta", lambda r, b: {"text": number(jp, 0), "withheld": False}))
        rows.append(row("Jumlah JP seluruh peserta", lambda r, b: cell(ctx, r, "n", lambda v: number(v * jp, 0))))
    if any(b is not None for b in budgets):
        rows.append(row("Anggaran", lambda r, b: {"text": rupiah(b) if b is not None else "–", "withheld": False}))
        rows.append(row("Biaya per peserta", lambda r, b: cell(
            ctx, r, "n", lambda v: rupiah(b / v) if b is not None and v else "–")))
    roi = None
    if programme.benefit is not None and total_budget:
        ratio = (programme.benefit.value - total_budget) / total_budget
        roi = {"benefit": rupiah(programme.benefit.value), "cost": rupiah(total_budget),
               "ratio": percent(ratio, 0), "assumption": programme.benefit.assumption}
    return {"table": table("Masukan program", ["", *(t for t, _, _ in columns)], rows), "roi": roi}


COMPARISON = (
    ("Reaksi: rata-rata % setuju", "reaksi_setuju", percent),
    ("Pembelajaran: peserta yang nilainya meningkat", "peningkatan", percent),
    ("Pembelajaran: gain ternormalisasi ⟨g⟩", "gain_normal", lambda v: number(v, 2)),
    ("Pembelajaran: lulus post-test", "lulus", percent),
    ("Perilaku: % menerapkan menurut atasan", "penerapan", percent),
    ("Perilaku: selisih diri − atasan (poin)", "selisih_diri_atasan", lambda v: signed(v, 2)),
)


def comparison_section(ctx: SiteContext, cohorts: list[CohortResult]) -> dict | None:
    if len(cohorts) < 2:
        return None
    values = [levels.measures(c) for c in cohorts]
    rows = [{"label": "Tingkat respons reaksi",
             "cells": [value_cell(ctx, None, levels.response_rate(c), percent) for c in cohorts]}]
    rows += [{"label": label, "cells": [value_cell(ctx, None, v[measure], fmt) for v in values]}
             for label, measure, fmt in COMPARISON]
    return {"table": table("Perbandingan angkatan", ["", *(c.cohort.title for c in cohorts)], rows)}


def follow_up_list(evaluation: Evaluation, values: dict[str, float | None]) -> list[dict]:
    """Suggested follow-ups whose rule holds, each with the measured value that triggered it."""
    out = []
    for rule, value in levels.suggested(evaluation.programmes.follow_ups, values):
        shown = percent(value, 0) if rule.measure in levels.SHARE_MEASURES else number(value, 2)
        limit = rule.below if rule.below is not None else rule.above
        limit_text = percent(limit, 0) if rule.measure in levels.SHARE_MEASURES else number(limit, 2)
        word = "di bawah" if rule.below is not None else "di atas"
        out.append({"text": rule.text,
                    "why": f"{levels.MEASURE_LABELS[rule.measure]} {shown}, {word} batas {limit_text}"})
    return out


def _csv_rows(cohort: CohortResult, level: str, frame: pd.DataFrame | None, columns: list[str],
              ctx: SiteContext) -> list[dict]:
    if frame is None or frame.empty:
        return []
    if not ctx.audience.unit_breakdowns:
        frame = frame[frame["dimension"] == ALL]
    rows = []
    for _, r in frame.iterrows():  # aggregates: a few dozen rows
        base = {"program": cohort.programme.id, "angkatan": cohort.cohort.id, "tingkat": level, "kunci": r["key"],
                "dimensi": "organisasi" if r["dimension"] == ALL else r["dimension"],
                "kelompok": "" if r["dimension"] == ALL else r["group"],
                "status": ctx.withheld_text(r["reason"]) if r["withheld"] else "ditampilkan"}
        # Four decimals: enough to recompute the page, and no long digit runs for the audit to mistake.
        rows += [base | {"ukuran": CSV_NAMES.get(c, c), "nilai": round(float(r[c]), 4)} for c in columns]
    return rows


def programme_csv(ctx: SiteContext, cohorts: list[CohortResult]) -> bytes:
    """Learning and results numbers of every cohort in long form: one row per statistic."""
    rows = []
    for c in cohorts:
        if c.learning is not None:
            rows += _csv_rows(c, "pembelajaran", c.learning, [x for x in c.learning.columns if x not in
                                                               ("key", "dimension", "group", "withheld", "reason")],
                              ctx)
        if c.unmatched is not None:
            rows += _csv_rows(c, "pembelajaran-tidak-berpasangan", c.unmatched, ["n"], ctx)
        if c.hasil is not None:
            rows += _csv_rows(c, "hasil", c.hasil, ["n", "mean_before", "mean_after", "change", "improved"], ctx)
    columns = ["program", "angkatan", "tingkat", "kunci", "dimensi", "kelompok", "ukuran", "nilai", "status"]
    return to_csv(pd.DataFrame(rows, columns=columns))


def programme_page(ctx: SiteContext, evaluation: Evaluation, programme: Programme,
                   competencies: list[dict]) -> dict[str, str | bytes]:
    cohorts = [c for c in evaluation.cohorts if c.programme.id == programme.id]
    follow_ups = [{"cohort": c.cohort.title, "suggestions": follow_up_list(evaluation, levels.measures(c))}
                  for c in cohorts]
    csv_name = f"{programme.id}.csv"
    page = ctx.render(
        "pages/programme.md.j2", programme=programme, cohorts=[c.cohort.title for c in cohorts],
        inputs=inputs_section(ctx, evaluation, programme), competencies=competencies,
        reaction=reaction_section(ctx, cohorts), learning=learning_section(ctx, cohorts),
        behaviour=behaviour_section(ctx, cohorts), results=results_section(ctx, cohorts),
        comparison=comparison_section(ctx, cohorts), follow_ups=[f for f in follow_ups if f["suggestions"]],
        csv=Markup(csv_name))
    return {f"{FOLDER}/{programme.id}.md": page, f"{FOLDER}/{csv_name}": programme_csv(ctx, cohorts)}


def programme_summary(evaluation: Evaluation, programme: Programme) -> dict:
    """A line for the index: cohorts and the link."""
    cohorts = [c.cohort.title for c in evaluation.cohorts if c.programme.id == programme.id]
    return {"title": programme.title, "link": Markup(f"{programme.id}.md"), "cohorts": ", ".join(cohorts)}

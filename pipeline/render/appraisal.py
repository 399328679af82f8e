"""Appraisal pages: overview, predikat distribution, downloads; and the entry that adds every appraisal page.

Python computes every number and label here (tested); templates under
`site_templates/pages/penilaian/` only lay them out. Only disclosed tables reach
this module. Pages per audience: everybody sees the organisation, audiences with
unit breakdowns see units, the HR audience also sees the distribution advisory, the
9-box and the fairness check (appraisal_hr.py).
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
from markupsafe import Markup

from pipeline.appraisal.tables import DisclosedAppraisal, count_column
from pipeline.definitions import Project, period_label, period_sort_key
from pipeline.render import Rendered, appraisal_feedback, appraisal_guide, appraisal_hr, environments, template_dir
from pipeline.render.appraisal_context import FOLDER, NAV_TITLE, AppraisalContext, predikat_rows, rounds_newest_first
from pipeline.render.downloads import to_csv, to_xlsx
from pipeline.render.pages import SiteContext
from pipeline.render.text import number, percent
from pipeline.tables import ALL, Disclosed

LOW_SCORE = 60.0  # an appraisal-process indicator below this share of favourable answers is flagged


def predikat_page(ctx: AppraisalContext) -> dict[str, str | bytes]:
    if not ctx.appraisal.rounds:
        return {}
    ordered = sorted(ctx.appraisal.rounds, key=lambda r: period_sort_key(r.survey.period))
    org = pd.concat([r.predikat[r.predikat["dimension"] == ALL].assign(period=r.survey.period) for r in ordered])
    organisation = predikat_rows(ctx, org, None, label=lambda row: period_label(row["period"]))
    units = []
    if ctx.site.audience.unit_breakdowns:
        for r in rounds_newest_first(ctx):
            block = r.predikat[r.predikat["dimension"] == "unit"]
            units.append({"period": period_label(r.survey.period), "rows": predikat_rows(ctx, block, r.survey)})
    frame = predikat_download(ctx)
    return {f"{FOLDER}/predikat.md": ctx.render(
                "predikat.md.j2", organisation=organisation, units=units,
                headers=[p.label for p in ctx.predikat_best_first()], csv=Markup("predikat.csv"),
                xlsx=Markup("predikat.xlsx")),
            f"{FOLDER}/predikat.csv": to_csv(frame),
            f"{FOLDER}/predikat.xlsx": to_xlsx(frame, xlsx_headers(ctx))}


def xlsx_headers(ctx: AppraisalContext) -> dict[str, str]:
    return {"survei": "Survei", "periode": "Periode", "dimensi": "Dimensi", "kelompok": "Kelompok",
            "jumlah_pegawai": "Jumlah pegawai", "status": "Status",
            **{p.id.replace("-", "_"): p.label for p in ctx.predikat_best_first()}}


def predikat_download(ctx: AppraisalContext) -> pd.DataFrame:
    """Every predikat count this audience publishes, one row per round and group."""
    frames = []
    for r in ctx.appraisal.rounds:
        table = r.predikat[r.predikat["dimension"].isin(ctx.dimensions_shown(r.predikat))]
        frames.append(pd.DataFrame({
            "survei": r.survey.id, "periode": r.survey.period,
            "dimensi": table["dimension"].replace({ALL: "organisasi"}),
            "kelompok": [ctx.site.group_label(r.survey, d, g) for d, g in zip(table["dimension"], table["group"],
                                                                               strict=True)],
            "jumlah_pegawai": table["n"],
            **{p.id.replace("-", "_"): table[count_column(p.id)] for p in ctx.predikat_best_first()},
            "status": [ctx.withheld(reason) if withheld else "ditampilkan"
                       for withheld, reason in zip(table["withheld"], table["reason"], strict=True)]}))
    return pd.concat(frames, ignore_index=True)


def process_trend(ctx: AppraisalContext) -> list[dict]:
    """Appraisal-process survey indicators across rounds; low ones link to their guide page."""
    series = sorted({d.survey.series for d in ctx.site.disclosed if d.survey.kind == "survey" and d.survey.series})
    out = []
    for name in series:
        rounds = sorted((d for d in ctx.site.disclosed if d.survey.series == name),
                        key=lambda d: period_sort_key(d.survey.period))
        rows = [_indicator_trend(ctx, indicator, rounds) for indicator in ctx.site.project.indicators]
        rows = [r for r in rows if r]
        if rows:
            out.append({"title": rounds[-1].survey.title, "periods": [period_label(d.survey.period) for d in rounds],
                        "rows": rows})
    return out


def _indicator_trend(ctx: AppraisalContext, indicator, rounds: list[Disclosed]) -> dict | None:
    scores = []
    for d in rounds:
        table = d.indicators
        row = table[(table["indicator"] == indicator.id) & (table["dimension"] == ALL)] if not table.empty else table
        scores.append(None if row.empty or row.iloc[0]["withheld"] else float(row.iloc[0]["score"]))
    if all(s is None for s in scores):
        return None
    latest = next((s for s in reversed(scores) if s is not None), None)
    return {"name": indicator.name, "link": Markup(f"../indikator/{indicator.id}.md"),
            "cells": [percent(s / 100) if s is not None else "–" for s in scores],
            "low": latest is not None and latest < LOW_SCORE}


def overview_page(ctx: AppraisalContext) -> dict[str, str | bytes]:
    rounds = [{"title": r.survey.title, "period": period_label(r.survey.period)} for r in rounds_newest_first(ctx)]
    feedback = [{"title": f.survey.title, "link": Markup(f"{f.survey.id}.md")}
                for f in ctx.appraisal.feedback]
    talent = [{"period": period_label(r.survey.period), "link": Markup(f"talenta-{r.survey.id}.md")}
              for r in rounds_newest_first(ctx) if not r.ninebox.empty] if ctx.hr else []
    return {f"{FOLDER}/index.md": ctx.render("index.md.j2", rounds=rounds, feedback=feedback, talent=talent,
                                             hr=ctx.hr, trend=process_trend(ctx), low=number(LOW_SCORE, 0))}


def render_appraisal(rendered: Rendered, project: Project, appraisal: DisclosedAppraisal,
                     disclosed: list[Disclosed]) -> Rendered:
    """Add every appraisal page of one audience to its rendered files, and one nav entry."""
    markdown, svg = environments(template_dir(project))
    ctx = AppraisalContext(SiteContext(project, disclosed, rendered.audience, markdown, svg), appraisal)
    files = dict(rendered.files)
    files |= overview_page(ctx) | predikat_page(ctx) | appraisal_feedback.feedback_pages(ctx)
    files |= appraisal_guide.guide_pages(ctx)
    if ctx.hr:
        files |= appraisal_hr.hr_pages(ctx)
    nav = list(rendered.nav)
    privacy = next((i for i, entry in enumerate(nav) if "privasi.md" in entry.values()), len(nav))
    nav.insert(privacy, {NAV_TITLE: f"{FOLDER}/index.md"})
    return replace(rendered, files=files, nav=tuple(nav))

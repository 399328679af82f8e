"""Page contexts: every number of a page computed and formatted here, then laid out by a template."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from jinja2 import Environment
from markupsafe import Markup

from pipeline.definitions import Audience, Project, Question, Survey, period_label, period_sort_key
from pipeline.disclose import SMALL
from pipeline.render import charts
from pipeline.render.downloads import to_csv, to_xlsx
from pipeline.render.text import inert, number, percent
from pipeline.tables import ALL, UNKNOWN_GROUP, Disclosed

KIND_LABELS = {
    "survey": "Survei", "training": "Evaluasi pelatihan", "needs": "Analisis kebutuhan",
    "skp": "Penilaian kinerja (SKP)", "feedback-360": "Umpan balik 360", "interviews": "Wawancara",
    "training-record": "Catatan pelatihan",
}
ORGANISATION = "Seluruh organisasi"


@dataclass(frozen=True)
class SiteContext:
    project: Project
    disclosed: list[Disclosed]
    audience: Audience
    markdown: Environment
    svg: Environment

    @property
    def k(self) -> int:
        return self.project.settings.min_group_size

    def withheld_text(self, reason: str) -> str:
        if reason == SMALL:
            return f"tidak ditampilkan (kurang dari {self.k} responden)"
        return "tidak ditampilkan (melindungi kelompok kecil lain)"

    def group_label(self, survey: Survey, dimension: str, group: str) -> str:
        if dimension == ALL:
            return ORGANISATION
        if dimension == "unit" and group != UNKNOWN_GROUP:
            return self.project.unit(group).name
        return group

    def dimension_label(self, survey: Survey, dimension: str) -> str:
        return next((g.label or g.column for g in survey.groups if g.id == dimension), dimension)

    def rounds(self, survey: Survey) -> list[Disclosed]:
        """This survey and the earlier rounds of its series, oldest first."""
        if not survey.series:
            return [d for d in self.disclosed if d.survey.id == survey.id]
        same = [d for d in self.disclosed if d.survey.series == survey.series
                and period_sort_key(d.survey.period) <= period_sort_key(survey.period)]
        return sorted(same, key=lambda d: period_sort_key(d.survey.period))

    def render(self, template: str, **values) -> str:
        return self.markdown.get_template(template).render(site=self.site_values(), **values)

    def site_values(self) -> dict:
        return {"organisation": self.project.settings.organisation, "k": self.k,
                "k_text": self.project.settings.min_group_size_text,
                "audience": self.audience.title, "unit_breakdowns": self.audience.unit_breakdowns}


def report_path(survey: Survey) -> str:
    return f"laporan/{survey.id}/index.md"


def _org_row(table: pd.DataFrame, key: str | None = None, value: str | None = None) -> pd.Series | None:
    rows = table[table["dimension"] == ALL]
    if key:
        rows = rows[rows[key] == value]
    return None if rows.empty else rows.iloc[0]


def _distribution_rows(ctx: SiteContext, rows: list[tuple[str, pd.Series]], values: list[int]) -> list[dict]:
    out = []
    for label, row in rows:
        if row["withheld"]:
            out.append({"label": label, "withheld": ctx.withheld_text(row["reason"]), "n_label": "",
                        "shares": [], "cells": [], "n": "–", "mean": "–", "top2": "–"})
            continue
        n = int(row["n"])
        shares = [row[f"n_{v}"] / n for v in values]
        cells = [f"{number(int(row[f'n_{v}']))} ({percent(s)})" for v, s in zip(values, shares, strict=True)]
        mean = (f"{number(row['mean'], 2)} ({number(row['ci_low'], 2)}–{number(row['ci_high'], 2)})"
                if n > 1 else number(row["mean"], 2))
        out.append({"label": label, "withheld": "", "n_label": f"n = {number(n)}", "shares": shares,
                    "cells": cells, "n": number(n), "mean": mean, "top2": percent(row["top2"])})
    return out


def likert_svg(ctx: SiteContext, chart_id: str, title: str, rows: list[dict], labels: list[str]) -> str:
    items, top = charts.legend(labels)
    bars = charts.stacked_rows(rows, labels, top)
    shown = "; ".join(
        f"{r['label']}: " + (r["withheld"] or ", ".join(
            f"{lab} {percent(s)}" for lab, s in zip(labels, r["shares"], strict=True)))
        for r in rows
    )
    return ctx.svg.get_template("charts/likert.svg.j2").render(
        chart_id=chart_id, title=title, desc=f"Sebaran jawaban. {shown}", rows=bars, legend=items,
        width=charts.WIDTH, height=top + 8 + len(rows) * charts.ROW_HEIGHT + 4,
        label_width=charts.LABEL_WIDTH, bar_width=charts.BAR_WIDTH,
    )


def trend_svg(ctx: SiteContext, chart_id: str, title: str, series: list[dict], periods: list[str]) -> str:
    height = 240
    lines, xs = charts.trend_lines(series, periods, height=height)
    ticks = [{"y": round(20 + (height - 50) * (1 - v / 100), 2), "label": f"{v}%"} for v in (0, 25, 50, 75, 100)]
    desc = "; ".join(
        f"{s['label']}: " + ", ".join(
            f"{p} {percent(v / 100) if v is not None and not math.isnan(v) else 'tidak ditampilkan'}"
            for p, v in zip(periods, s["values"], strict=True))
        for s in series
    )
    return ctx.svg.get_template("charts/trend.svg.j2").render(
        chart_id=chart_id, title=title, desc=desc, lines=lines, ticks=ticks,
        periods=list(zip([round(x, 2) for x in xs], periods, strict=True)),
        width=charts.WIDTH, height=height, right=charts.TREND_RIGHT, point_values=len(series) == 1,
    )


def question_section(ctx: SiteContext, disclosed: Disclosed, question: Question) -> dict:
    scale = ctx.project.scales[question.scale]
    values, labels = scale.values, [p.label for p in scale.points]
    rows = []
    for rnd in ctx.rounds(disclosed.survey):
        row = _org_row(rnd.items, "question", question.id) if not rnd.items.empty else None
        if row is not None:
            rows.append((period_label(rnd.survey.period), row))
    dist = _distribution_rows(ctx, rows, values)
    svg = likert_svg(ctx, f"grafik-{question.id}", question.label, dist, labels)
    units = []
    if ctx.audience.unit_breakdowns:
        table = disclosed.items[(disclosed.items["question"] == question.id)
                                & (disclosed.items["dimension"] != ALL)]
        for dimension, block in table.groupby("dimension", sort=False):
            units.append({
                "label": ctx.dimension_label(disclosed.survey, dimension),
                "rows": _distribution_rows(ctx, [
                    (ctx.group_label(disclosed.survey, dimension, g), r) for g, r in
                    block.set_index("group").iterrows()], values),
            })
    return {"id": question.id, "label": question.label, "reverse": question.reverse,
            "labels": labels, "rows": dist, "svg": Markup(svg), "svg_file": Markup(f"grafik/{question.id}.svg"),
            "svg_text": svg, "groups": units}


def indicator_rows(ctx: SiteContext, disclosed: Disclosed) -> list[dict]:
    out = []
    for indicator in ctx.project.indicators:
        row = _org_row(disclosed.indicators, "indicator", indicator.id) if not disclosed.indicators.empty else None
        if row is None:
            continue
        out.append({"name": indicator.name, "link": Markup(f"../../indikator/{indicator.id}.md"),
                    "score": ctx.withheld_text(row["reason"]) if row["withheld"] else percent(row["score"] / 100),
                    "n": "" if row["withheld"] else number(int(row["n"]))})
    return out


def indicator_trend(ctx: SiteContext, disclosed: Disclosed) -> dict | None:
    rounds = ctx.rounds(disclosed.survey)
    if len(rounds) < 2:
        return None
    periods = [period_label(r.survey.period) for r in rounds]
    series = []
    for indicator in ctx.project.indicators:
        values = []
        for rnd in rounds:
            row = _org_row(rnd.indicators, "indicator", indicator.id) if not rnd.indicators.empty else None
            values.append(None if row is None or row["withheld"] else float(row["score"]))
        if any(v is not None for v in values):
            series.append({"label": indicator.name, "values": values,
                           "cells": [percent(v / 100) if v is not None else "–" for v in values]})
    if not series:
        return None
    svg = trend_svg(ctx, "grafik-tren", "Tren skor indikator antarputaran", series, periods)
    return {"periods": periods, "series": series, "svg": Markup(svg)}


def aggregate_table(ctx: SiteContext, disclosed: Disclosed) -> pd.DataFrame:
    """Every number this audience publishes for a survey, one row per cell group."""
    items = disclosed.items
    if not ctx.audience.unit_breakdowns:
        items = items[items["dimension"] == ALL]
    survey = disclosed.survey
    labels = {q.id: q.label for q in survey.questions}
    values = sorted({int(c[2:]) for c in items.columns if c.startswith("n_")})
    frame = pd.DataFrame({
        "survei": survey.id,
        "periode": survey.period,
        "pertanyaan_id": items["question"],
        "pertanyaan": items["question"].map(labels),
        "dimensi": items["dimension"].replace({ALL: "organisasi"}),
        "kelompok": [ctx.group_label(survey, d, g) for d, g in zip(items["dimension"], items["group"], strict=True)],
        "n": items["n"],
        **{f"n_{v}": items[f"n_{v}"] for v in values},
        "rata_rata": items["mean"].round(2),
        "ik95_bawah": items["ci_low"].round(2),
        "ik95_atas": items["ci_high"].round(2),
        "persen_setuju": (items["top2"] * 100).round(1),
        "status": [ctx.withheld_text(r) if w else "ditampilkan"
                   for w, r in zip(items["withheld"], items["reason"], strict=True)],
    })
    return frame.reset_index(drop=True)


XLSX_HEADERS = {
    "survei": "Survei", "periode": "Periode", "pertanyaan_id": "Kode pertanyaan", "pertanyaan": "Pertanyaan",
    "dimensi": "Dimensi", "kelompok": "Kelompok", "n": "Jumlah responden", "rata_rata": "Rata-rata",
    "ik95_bawah": "IK 95% bawah", "ik95_atas": "IK 95% atas", "persen_setuju": "% setuju", "status": "Status",
}


def report_pages(ctx: SiteContext) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    index = []
    for disclosed in sorted(ctx.disclosed, key=lambda d: (d.survey.kind, period_sort_key(d.survey.period), d.survey.id)):
        survey = disclosed.survey
        folder = f"laporan/{survey.id}"
        org = _org_row(disclosed.respondents)
        respondents = "" if org is None or org["withheld"] else number(int(org["n"]))
        questions = [question_section(ctx, disclosed, q) for q in survey.questions
                     if q.type == "likert" and not disclosed.items.empty]
        for q in questions:
            files[f"{folder}/{q['svg_file']}"] = q["svg_text"]
        groups = []
        if ctx.audience.unit_breakdowns:
            table = disclosed.respondents[disclosed.respondents["dimension"] != ALL]
            for dimension, block in table.groupby("dimension", sort=False):
                groups.append({"label": ctx.dimension_label(survey, dimension), "rows": [
                    {"label": ctx.group_label(survey, dimension, r["group"]),
                     "n": ctx.withheld_text(r["reason"]) if r["withheld"] else number(int(r["n"]))}
                    for _, r in block.iterrows()]})
        aggregates = aggregate_table(ctx, disclosed)
        files[f"{folder}/{survey.id}.csv"] = to_csv(aggregates)
        files[f"{folder}/{survey.id}.xlsx"] = to_xlsx(aggregates, XLSX_HEADERS)
        files[f"{folder}/index.md"] = ctx.render(
            "pages/report.md.j2", survey=survey, kind=KIND_LABELS[survey.kind], period=period_label(survey.period),
            respondents=respondents or ctx.withheld_text(SMALL), comments=number(disclosed.comments),
            questions=questions, indicators=indicator_rows(ctx, disclosed), trend=indicator_trend(ctx, disclosed),
            groups=groups, csv=Markup(f"{survey.id}.csv"), xlsx=Markup(f"{survey.id}.xlsx"),
        )
        index.append({"title": survey.title, "kind": KIND_LABELS[survey.kind], "period": period_label(survey.period),
                      "respondents": respondents or ctx.withheld_text(SMALL), "link": Markup(f"{survey.id}/index.md")})
    files["laporan/index.md"] = ctx.render("pages/reports_index.md.j2", reports=index)
    return files


def indicator_pages(ctx: SiteContext) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    for indicator in ctx.project.indicators:
        results, sources = [], []
        for disclosed in sorted(ctx.disclosed, key=lambda d: period_sort_key(d.survey.period)):
            survey = disclosed.survey
            row = _org_row(disclosed.indicators, "indicator", indicator.id) if not disclosed.indicators.empty else None
            if row is None:
                continue
            results.append({"survey": survey.title, "period": period_label(survey.period),
                            "link": Markup(f"../{report_path(survey)}"),
                            "score": ctx.withheld_text(row["reason"]) if row["withheld"] else percent(row["score"] / 100),
                            "n": "" if row["withheld"] else number(int(row["n"])),
                            "value": None if row["withheld"] else float(row["score"])})
        for ref in indicator.questions:
            survey_id, _, question_id = ref.partition(".")
            survey = next(s for s in ctx.project.surveys if survey_id in (s.id, s.series))
            question = next(q for q in survey.questions if q.id == question_id)
            sources.append({"text": question.label, "reverse": question.reverse})
        chart = None
        if sum(r["value"] is not None for r in results) >= 2:
            chart = Markup(trend_svg(ctx, f"tren-{indicator.id}", f"Tren skor: {indicator.name}",
                                     [{"label": "Skor", "values": [r["value"] for r in results]}],
                                     [r["period"] for r in results]))
        files[f"indikator/{indicator.id}.md"] = ctx.render(
            "pages/indicator.md.j2", indicator=indicator, results=results, questions=sources, chart=chart)
    files["indikator/index.md"] = ctx.render(
        "pages/indicators_index.md.j2",
        indicators=[{"name": i.name, "definition": i.definition, "link": Markup(f"{i.id}.md")} for i in ctx.project.indicators])
    return files


def privacy_page(ctx: SiteContext) -> dict[str, str | bytes]:
    withheld = sum(int(t["withheld"].sum()) for d in ctx.disclosed
                   for t in (d.items, d.respondents, d.indicators) if not t.empty)
    return {"privasi.md": ctx.render("pages/privacy.md.j2", withheld=number(withheld))}


def _unit_survey(ctx: SiteContext, disclosed: Disclosed, unit_id: str) -> dict:
    survey = disclosed.survey
    resp = disclosed.respondents
    row = resp[(resp["dimension"] == "unit") & (resp["group"] == unit_id)]
    base = {"title": survey.title, "period": period_label(survey.period), "link": Markup(f"../{report_path(survey)}")}
    if row.empty or row.iloc[0]["withheld"]:
        return base | {"withheld": ctx.withheld_text(row.iloc[0]["reason"] if not row.empty else SMALL)}
    items = disclosed.items
    mine = items[(items["dimension"] == "unit") & (items["group"] == unit_id) & ~items["withheld"]]
    org = items[items["dimension"] == ALL].set_index("question")["top2"]
    labels = {q.id: q for q in survey.questions}
    ranked = mine.assign(favourable=[
        (1 - t if labels[q].reverse else t) for q, t in zip(mine["question"], mine["top2"], strict=True)
    ]).sort_values(["favourable", "question"], ascending=[False, True])
    def describe(r):
        return {"label": labels[r["question"]].label, "unit": percent(r["top2"]),
                "org": percent(org.get(r["question"])), "reverse": labels[r["question"]].reverse}
    strengths = [describe(r) for _, r in ranked.head(3).iterrows()]
    weaknesses = [describe(r) for _, r in ranked.tail(3).iloc[::-1].iterrows()] if len(ranked) > 3 else []
    return base | {"withheld": "", "n": number(int(row.iloc[0]["n"])), "strengths": strengths,
                   "weaknesses": weaknesses}


def unit_pages(ctx: SiteContext) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    ordered = sorted(ctx.disclosed, key=lambda d: (period_sort_key(d.survey.period), d.survey.id), reverse=True)
    for unit in ctx.project.units:
        surveys = [_unit_survey(ctx, d, unit.id) for d in ordered
                   if any(g.id == "unit" for g in d.survey.groups)]
        files[f"unit/{unit.id}.md"] = ctx.render("pages/unit.md.j2", unit=unit, surveys=surveys)
    files["unit/index.md"] = ctx.render(
        "pages/units_index.md.j2", units=[{"name": u.name, "link": Markup(f"{u.id}.md")} for u in ctx.project.units])
    return files


__all__ = ["inert"]

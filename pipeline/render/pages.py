"""Page contexts: every number of a page computed and formatted here, laid out by a template."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd
from jinja2 import Environment
from markupsafe import Markup

from pipeline.definitions import Audience, Project, Question, Survey, period_label, period_sort_key
from pipeline.disclose import SMALL
from pipeline.render import charts
from pipeline.render import themes as theme_pages
from pipeline.render.downloads import to_csv, to_xlsx
from pipeline.render.lookup import first_row
from pipeline.render.text import inert, number, percent
from pipeline.tables import ALL, UNKNOWN_GROUP, Disclosed

KIND_LABELS = {
    "survey": "Survei", "training": "Evaluasi pelatihan", "needs": "Analisis kebutuhan",
    "skp": "Penilaian kinerja (SKP)", "feedback-360": "Umpan balik 360", "interviews": "Wawancara",
    "training-record": "Catatan pelatihan",
}
ORGANISATION = "Seluruh organisasi"
# Heatmap classes by favourable share: below 20%, 20-40%, ... 80% and more (ColorBrewer RdBu).
HEAT_LIMITS = (0.2, 0.4, 0.6, 0.8)


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
    if key:
        return first_row(table, ("dimension", key), (ALL, value))
    return first_row(table, ("dimension",), (ALL,))


def _distribution_rows(ctx: SiteContext, rows: list[tuple[str, pd.Series]], values: list[int]) -> list[dict]:
    out = []
    for label, row in rows:
        if row["withheld"]:
            out.append({"label": label, "withheld": ctx.withheld_text(row["reason"]), "n_label": "",
                        "shares": [], "cells": [], "n": "–", "mean": "–", "top2": "–"})
            continue
        n = int(row["n"])
        answers = sum(row[f"n_{v}"] for v in values)  # n is people; a repeat group has more answers
        shares = [row[f"n_{v}"] / answers for v in values]
        cells = [f"{number(int(row[f'n_{v}']))} ({percent(s)})" for v, s in zip(values, shares, strict=True)]
        mean = (f"{number(row['mean'], 2)} ({number(row['ci_low'], 2)}–{number(row['ci_high'], 2)})"
                if n > 1 else number(row["mean"], 2))
        out.append({"label": label, "withheld": "", "n_label": f"n = {number(n)}", "shares": shares,
                    "cells": cells, "n": number(n), "mean": mean, "top2": percent(row["top2"])})
    return out


def question_section(ctx: SiteContext, disclosed: Disclosed, question: Question) -> dict:
    scale = ctx.project.scales[question.scale]
    values, labels = scale.values, [p.label for p in scale.points]
    rows = []
    for rnd in ctx.rounds(disclosed.survey):
        row = _org_row(rnd.items, "question", question.id) if not rnd.items.empty else None
        if row is not None:
            rows.append((period_label(rnd.survey.period), row))
    dist = _distribution_rows(ctx, rows, values)
    svg = charts.likert_svg(ctx.svg, f"grafik-{question.id}", question.label, dist, labels)
    return {"id": question.id, "label": question.label, "reverse": question.reverse,
            "labels": labels, "rows": dist, "svg": Markup(svg), "svg_file": Markup(f"grafik/{question.id}.svg"),
            "svg_text": svg}


def indicator_rows(ctx: SiteContext, disclosed: Disclosed) -> list[dict]:
    out = []
    for indicator in ctx.project.indicators:
        row = (_org_row(disclosed.indicators, "indicator", indicator.id)
               if not disclosed.indicators.empty else None)
        if row is None:
            continue
        withheld = ctx.withheld_text(row["reason"]) if row["withheld"] else ""
        share = None if withheld else float(row["score"]) / 100
        out.append({"name": indicator.name, "link": Markup(f"../../indikator/{indicator.id}.md"),
                    "score": withheld or percent(share), "withheld": withheld,
                    "n": "" if withheld else number(int(row["n"])), "share": share})
    return out


def indicator_chart(ctx: SiteContext, rows: list[dict]) -> Markup | None:
    if not rows:
        return None
    bars = [{"label": r["name"], "share": r["share"], "shown": r["score"], "withheld": r["withheld"]}
            for r in rows]
    return Markup(charts.bars_svg(ctx.svg, "grafik-indikator", "Skor indikator", bars))


def heat_class(favourable: float) -> str:
    return f"rapor-heat-{sum(favourable >= limit for limit in HEAT_LIMITS) + 1}"


def _heat_cells(items: pd.DataFrame, columns: tuple[str, ...], key: tuple, questions: list[Question]) -> list[dict]:
    """One cell per question: % agreeing, coloured by how favourable that is, or withheld.

    `columns` and `key` pick the group's rows of `items`; the question completes the key."""
    out = []
    for q in questions:
        row = first_row(items, (*columns, "question"), (*key, q.id))
        if row is None:
            out.append({"text": "–", "css": ""})
        elif row["withheld"]:
            out.append({"text": "tidak ditampilkan", "css": "rapor-withheld"})
        else:
            top2 = float(row["top2"])
            out.append({"text": percent(top2), "css": heat_class(1 - top2 if q.reverse else top2)})
    return out


def group_results(ctx: SiteContext, disclosed: Disclosed) -> dict | None:
    """Heatmaps of groups x questions (% agreeing), one per breakdown, for audiences that see them."""
    items, respondents = disclosed.items, disclosed.respondents
    if not ctx.audience.unit_breakdowns or items.empty:
        return None
    survey = disclosed.survey
    questions = [q for q in survey.questions if q.type == "likert"]
    org = _org_row(respondents)
    org_row = {"label": ORGANISATION, "n": "–" if org is None or org["withheld"] else number(int(org["n"])),
               "withheld": False, "cells": _heat_cells(items, ("dimension",), (ALL,), questions)}
    tables = []
    for dimension, block in respondents[respondents["dimension"] != ALL].groupby("dimension", sort=False):
        rows = [org_row]
        for _, r in block.iterrows():
            rows.append({"label": ctx.group_label(survey, dimension, r["group"]),
                         "n": ctx.withheld_text(r["reason"]) if r["withheld"] else number(int(r["n"])),
                         "withheld": bool(r["withheld"]),
                         "cells": _heat_cells(items, ("dimension", "group"), (dimension, r["group"]), questions)})
        tables.append({"label": ctx.dimension_label(survey, dimension), "rows": rows})
    if not tables:
        return None
    limits = [percent(v, 0) for v in HEAT_LIMITS]
    key = [f"kurang dari {limits[0]}", *(f"{a}–{b}" for a, b in zip(limits, limits[1:], strict=False)),
           f"{limits[-1]} atau lebih"]
    return {"tables": tables,
            "columns": [{"code": f"P{i}", "label": q.label, "reverse": q.reverse}
                        for i, q in enumerate(questions, 1)],
            "key": [{"css": f"rapor-heat-{i}", "text": t} for i, t in enumerate(key, 1)]}


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
    svg = charts.trend_svg(ctx.svg, "grafik-tren", "Tren skor indikator antarputaran", series, periods)
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
    "survei": "Survei", "periode": "Periode", "pertanyaan_id": "Kode pertanyaan",
    "pertanyaan": "Pertanyaan", "dimensi": "Dimensi", "kelompok": "Kelompok", "n": "Jumlah responden",
    "rata_rata": "Rata-rata", "ik95_bawah": "IK 95% bawah", "ik95_atas": "IK 95% atas",
    "persen_setuju": "% setuju", "status": "Status",
}


def xlsx_headers(frame: pd.DataFrame) -> dict[str, str]:
    """Indonesian column headers for people; n_1..n_5 count the answers of each scale value."""
    answers = {c: f"Jawaban bernilai {c[2:]}" for c in frame.columns if c.startswith("n_")}
    return XLSX_HEADERS | answers


def other_rounds(ctx: SiteContext, survey: Survey) -> list[dict]:
    if not survey.series:
        return []
    same = sorted((d.survey for d in ctx.disclosed
                   if d.survey.series == survey.series and d.survey.id != survey.id),
                  key=lambda s: period_sort_key(s.period), reverse=True)
    return [{"title": s.title, "period": period_label(s.period),
             "link": Markup(f"../{s.id}/index.md")} for s in same]


def report_pages(ctx: SiteContext) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    kinds: dict[str, list[dict]] = {kind: [] for kind in KIND_LABELS}
    newest_first = sorted(ctx.disclosed, key=lambda d: (period_sort_key(d.survey.period), d.survey.id),
                          reverse=True)
    for disclosed in newest_first:
        survey = disclosed.survey
        folder = f"laporan/{survey.id}"
        org = _org_row(disclosed.respondents)
        respondents = ctx.withheld_text(SMALL) if org is None or org["withheld"] else number(int(org["n"]))
        questions = [question_section(ctx, disclosed, q) for q in survey.questions
                     if q.type == "likert" and not disclosed.items.empty]
        for q in questions:
            files[f"{folder}/{q['svg_file']}"] = q["svg_text"]
        aggregates = aggregate_table(ctx, disclosed)
        files[f"{folder}/{survey.id}.csv"] = to_csv(aggregates)
        files[f"{folder}/{survey.id}.xlsx"] = to_xlsx(aggregates, xlsx_headers(aggregates))
        indicators = indicator_rows(ctx, disclosed)
        files[f"{folder}/index.md"] = ctx.render(
            "pages/report.md.j2", survey=survey, kind=KIND_LABELS[survey.kind],
            period=period_label(survey.period), respondents=respondents,
            comments=number(disclosed.comments), questions=questions, indicators=indicators,
            indicator_chart=indicator_chart(ctx, indicators), trend=indicator_trend(ctx, disclosed),
            groups=group_results(ctx, disclosed), themes=theme_pages.report_section(ctx, disclosed),
            rounds=other_rounds(ctx, survey), csv=Markup(f"{survey.id}.csv"),
            xlsx=Markup(f"{survey.id}.xlsx"),
        )
        kinds[survey.kind].append({"title": survey.title, "period": period_label(survey.period),
                                   "respondents": respondents, "link": Markup(f"{survey.id}/index.md")})
    files["laporan/index.md"] = ctx.render(
        "pages/reports_index.md.j2",
        kinds=[{"label": KIND_LABELS[k], "reports": r} for k, r in kinds.items() if r])
    return files


def indicator_pages(ctx: SiteContext) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    for indicator in ctx.project.indicators:
        results, sources = [], []
        for disclosed in sorted(ctx.disclosed, key=lambda d: period_sort_key(d.survey.period)):
            survey = disclosed.survey
            row = (_org_row(disclosed.indicators, "indicator", indicator.id)
                   if not disclosed.indicators.empty else None)
            if row is None:
                continue
            withheld = ctx.withheld_text(row["reason"]) if row["withheld"] else ""
            results.append({"survey": survey.title, "period": period_label(survey.period),
                            "link": Markup(f"../{report_path(survey)}"),
                            "score": withheld or percent(row["score"] / 100), "withheld": withheld,
                            "n": "" if withheld else number(int(row["n"])),
                            "value": None if withheld else float(row["score"])})
        for ref in indicator.questions:
            survey_id, _, question_id = ref.partition(".")
            survey = next(s for s in ctx.project.surveys if survey_id in (s.id, s.series))
            question = next(q for q in survey.questions if q.id == question_id)
            sources.append({"text": question.label, "reverse": question.reverse})
        chart = None
        if sum(r["value"] is not None for r in results) >= 2:
            chart = Markup(charts.trend_svg(ctx.svg, f"tren-{indicator.id}", f"Tren skor: {indicator.name}",
                                     [{"label": "Skor", "values": [r["value"] for r in results]}],
                                     [r["period"] for r in results]))
        files[f"indikator/{indicator.id}.md"] = ctx.render(
            "pages/indicator.md.j2", indicator=indicator, results=results, questions=sources, chart=chart)
    files["indikator/index.md"] = ctx.render(
        "pages/indicators_index.md.j2",
        indicators=[{"name": i.name, "definition": i.definition, "link": Markup(f"{i.id}.md")}
                    for i in ctx.project.indicators])
    return files


def count_withheld(value: object) -> int:
    """Withheld cells in every disclosed table reachable from `value` (dataclasses, tuples, lists, dicts)."""
    if isinstance(value, pd.DataFrame):
        return int(value["withheld"].sum()) if "withheld" in value.columns else 0
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return sum(count_withheld(getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, (list, tuple)):
        return sum(count_withheld(v) for v in value)
    if isinstance(value, dict):
        return sum(count_withheld(v) for v in value.values())
    return 0


def privacy_page(ctx: SiteContext, withheld: int | None = None) -> dict[str, str | bytes]:
    """The privacy page; `withheld` counts every withheld cell of the build (all tables of all stages)."""
    total = count_withheld(ctx.disclosed) if withheld is None else withheld
    return {"privasi.md": ctx.render("pages/privacy.md.j2", withheld=Markup(number(total)))}


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
                   "weaknesses": weaknesses, "themes": theme_pages.unit_section(disclosed, unit_id)}


def unit_pages(ctx: SiteContext) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    ordered = sorted(ctx.disclosed, key=lambda d: (period_sort_key(d.survey.period), d.survey.id), reverse=True)
    for unit in ctx.project.units:
        # Programme and needs surveys are summarised per unit by render/development.py instead.
        surveys = [_unit_survey(ctx, d, unit.id) for d in ordered
                   if any(g.id == "unit" for g in d.survey.groups)
                   and not d.survey.programme and d.survey.kind != "needs"]
        files[f"unit/{unit.id}.md"] = ctx.render("pages/unit.md.j2", unit=unit, surveys=surveys)
    files["unit/index.md"] = ctx.render(
        "pages/units_index.md.j2", units=[{"name": u.name, "link": Markup(f"{u.id}.md")} for u in ctx.project.units])
    return files


__all__ = ["inert"]

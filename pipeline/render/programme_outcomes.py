"""Behaviour and results sections of a programme page (Kirkpatrick levels 3 and 4)."""

from __future__ import annotations

from markupsafe import Markup

from pipeline.evaluate import CohortResult
from pipeline.render import levels
from pipeline.render.pages import SiteContext, report_path
from pipeline.render.programme_levels import cell, group_row, signed, table, unit_label, value_cell
from pipeline.render.text import number, percent


def _behaviour_headline(ctx: SiteContext, c: CohortResult) -> str:
    values = levels.measures(c)
    if values["penerapan"] is None:
        return "hasil tidak ditampilkan atau belum ada penilaian atasan."
    scale = ctx.project.scales[levels.behaviours(c)[0]["question"].scale]
    top = " atau ".join(p.label.lower() for p in scale.points[-2:])
    text = (f"menurut atasan, rata-rata {percent(values['penerapan'], 0)} peserta {top} menerapkan "
            "perilaku yang dilatihkan")
    gap = values["selisih_diri_atasan"]
    if gap is not None:
        text += (f"; peserta menilai dirinya rata-rata {number(abs(gap), 1)} poin "
                 f"{'lebih tinggi' if gap >= 0 else 'lebih rendah'} daripada penilaian atasannya")
    return text + "."


def behaviour_section(ctx: SiteContext, cohorts: list[CohortResult]) -> dict | None:
    have = [c for c in cohorts if levels.behaviours(c)]
    if not have:
        return None
    labels = [b["question"].label for b in levels.behaviours(have[0])]
    per_cohort = {c.cohort.id: levels.behaviours(c) for c in have}
    rows = [{"label": label, "cells": [value_cell(ctx, b["atasan_row"], b["applying"], percent)
                                       for b in (per_cohort[c.cohort.id][i] for c in have)]}
            for i, label in enumerate(labels)]
    details = []
    for c in have:
        drows = [{"label": b["question"].label, "cells": [
            cell(ctx, b["diri_row"], "mean", lambda v: number(v, 2)),
            cell(ctx, b["atasan_row"], "mean", lambda v: number(v, 2)),
            value_cell(ctx, None, b["gap"], lambda v: signed(v, 2)),
            value_cell(ctx, b["atasan_row"], b["applying"], percent),
        ]} for b in per_cohort[c.cohort.id]]
        head = ["Perilaku", "Rata-rata diri", "Rata-rata atasan", "Selisih diri − atasan", "% menerapkan"]
        details.append({"title": c.cohort.title, "table": table(f"Perilaku {c.cohort.title}", head, drows),
                        "links": [{"title": d.survey.title, "link": Markup(f"../{report_path(d.survey)}")}
                                  for d in (c.diri, c.atasan) if d is not None]})
    return {"headlines": [{"cohort": c.cohort.title, "text": _behaviour_headline(ctx, c)} for c in have],
            "table": table("Persentase peserta yang menerapkan, menurut atasan",
                           ["Perilaku", *(c.cohort.title for c in have)], rows),
            "details": details, "units": _behaviour_units(ctx, have) if ctx.audience.unit_breakdowns else []}


def _behaviour_units(ctx: SiteContext, cohorts: list[CohortResult]) -> list[dict]:
    out = []
    for c in cohorts:
        resp = (c.atasan or c.diri).respondents
        rows = []
        for _, r in resp[resp["dimension"] == "unit"].iterrows():
            values = levels.measures(c, "unit", r["group"])
            rows.append(group_row(ctx, r, unit_label(ctx, r["group"]), lambda r, v=values: [
                value_cell(ctx, r, v["penerapan"], percent),
                value_cell(ctx, r, v["selisih_diri_atasan"], lambda x: signed(x, 2))]))
        out.append({"title": c.cohort.title, "table": table(f"Perilaku per unit kerja, {c.cohort.title}",
                                                            ["Unit kerja", "% menerapkan", "Selisih diri − atasan"],
                                                            rows)})
    return out


def results_section(ctx: SiteContext, cohorts: list[CohortResult]) -> dict | None:
    have = [c for c in cohorts if c.hasil is not None]
    if not have:
        return None
    indicators = have[0].programme.hasil.indicators
    headlines, rows = [], []
    for i in indicators:
        change_unit = " poin" if i.unit.strip() == "%" else i.unit
        cells = []
        for c in have:
            row = levels.table_row(c.hasil, i.id)
            shown = row is not None and not bool(row["withheld"])
            text = (f"{number(row['mean_before'], 1)}{i.unit} → {number(row['mean_after'], 1)}{i.unit} "
                    f"({signed(row['change'], 1, change_unit)})") if shown else None
            cells.append(value_cell(ctx, row, text, str))
            if shown:
                headlines.append({"cohort": f"{c.cohort.title}, {i.name.lower()}", "text": (
                    f"dari {number(row['mean_before'], 1)}{i.unit} menjadi {number(row['mean_after'], 1)}{i.unit} "
                    f"({signed(row['change'], 1, change_unit)}); {percent(row['improved'], 0)} peserta membaik.")})
        rows.append({"label": i.name, "cells": cells})
    return {"headlines": headlines,
            "table": table("Indikator hasil sebelum dan sesudah pelatihan",
                           ["Indikator", *(c.cohort.title for c in have)], rows),
            "n": [{"cohort": c.cohort.title, "n": cell(ctx, levels.table_row(c.hasil, indicators[0].id), "n",
                                                       lambda v: number(int(v)))["text"]} for c in have],
            "links": [{"title": c.hasil_survey.survey.title,
                       "link": Markup(f"../{report_path(c.hasil_survey.survey)}")} for c in have if c.hasil_survey]}

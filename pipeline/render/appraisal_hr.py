"""HR-only appraisal pages: the SE 3/2023 distribution advisory, the 9-box and the fairness check.

The advisory is computed here from disclosed counts only, so a withheld unit gets
no advisory (its counts could otherwise be inferred from one): it is marked as not
assessable. Every result is worded as a note to look at, never as an error.
"""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from pipeline.appraisal.fairness import EFFECT_LIMITS, P_LIMIT, flagged, predikat_columns
from pipeline.appraisal.rules import check_distribution
from pipeline.appraisal.tables import OTHERS, DisclosedRound, GroupTest, count_column
from pipeline.definitions import period_label
from pipeline.render.appraisal_context import FOLDER, AppraisalContext, rounds_newest_first, source_values
from pipeline.render.appraisal_feedback import key_label, signed
from pipeline.render.downloads import to_csv, to_xlsx
from pipeline.render.text import band_order, number, percent
from pipeline.tables import ALL

# 9-box colours: the heatmap classes, from kotak 1 (red) to kotak 9 (dark blue).
BOX_HEAT = {9: 5, 8: 4, 7: 4, 6: 3, 5: 3, 4: 3, 3: 2, 2: 2, 1: 1}


def p_value(p: float) -> str:
    return "< 0,001" if p < 0.001 else number(p, 3)


def _checks(ctx: AppraisalContext, row: pd.Series, organisation: str) -> list[dict]:
    counts = {p.id: int(row[count_column(p.id)]) for p in ctx.regulation.predikat.predikat}
    out = []
    for check in check_distribution(counts, organisation, ctx.regulation.distribution):
        share_rule = check.rule.at_most is not None or check.rule.at_least is not None
        observed = (f"{number(check.count)} dari {number(check.n)} pegawai ({percent(check.share)})" if share_rule
                    else f"{number(check.count)} pegawai")
        out.append({"quote": check.rule.quote, "observed": observed,
                    "status": "sesuai" if check.met else "perlu dicermati", "met": check.met})
    return out


def advisory_rows(ctx: AppraisalContext, round_: DisclosedRound) -> list[dict]:
    period, survey = round_.survey.period, round_.survey
    table = round_.predikat[round_.predikat["dimension"].isin([ALL, "unit"])]
    out = []
    for _, row in table.iterrows():
        unit = "" if row["dimension"] == ALL else row["group"]
        organisation = ctx.appraisal.organisation.get((period, unit))
        entry = {"label": ctx.site.group_label(survey, row["dimension"], row["group"]), "checks": [],
                 "predikat": ctx.regulation.distribution.label(organisation) if organisation else "belum dicantumkan"}
        if row["withheld"]:
            entry["status"] = "tidak dapat dinilai: " + ctx.withheld(row["reason"])
        elif organisation is None:
            entry["status"] = "tidak dinilai: predikat organisasi belum dicantumkan di surveys/predikat-organisasi.yml"
        else:
            entry["checks"] = _checks(ctx, row, organisation)
            entry["status"] = "sesuai pola" if all(c["met"] for c in entry["checks"]) else "perlu dicermati"
        out.append(entry)
    return out


def advisory_page(ctx: AppraisalContext) -> dict[str, str | bytes]:
    rounds = [{"period": period_label(r.survey.period), "rows": advisory_rows(ctx, r)}
              for r in rounds_newest_first(ctx)]
    return {f"{FOLDER}/catatan-distribusi.md": ctx.render(
        "catatan_distribusi.md.j2", rounds=rounds, source=source_values(ctx, "distribution"))}


def ninebox_grid(ctx: AppraisalContext, row: pd.Series) -> list[dict]:
    table = ctx.regulation.ninebox
    n = 0 if row["withheld"] else int(row["n"])
    grid = []
    for kinerja in table.kinerja:
        cells = []
        for potensial in table.potensial:
            box = table.box(kinerja.id, potensial.id).box
            count = None if row["withheld"] else int(row[count_column(f"kotak-{box}")])
            cells.append({"box": box, "css": f"rapor-heat-{BOX_HEAT[box]} rapor-kotak-{box}",
                          "count": "–" if count is None else number(count),
                          "share": "" if count is None or n == 0 else percent(count / n)})
        grid.append({"label": kinerja.label, "cells": cells})
    return grid


def ninebox_download(ctx: AppraisalContext, round_: DisclosedRound) -> pd.DataFrame:
    boxes = round_.ninebox
    return pd.DataFrame({
        "survei": round_.survey.id, "dimensi": boxes["dimension"].replace({ALL: "organisasi"}),
        "kelompok": [ctx.site.group_label(round_.survey, d, g) for d, g in zip(boxes["dimension"], boxes["group"],
                                                                                 strict=True)],
        "pegawai": boxes["n"], **{f"kotak_{b}": boxes[count_column(f"kotak-{b}")] for b in range(9, 0, -1)},
        "status": [ctx.withheld(r) if w else "ditampilkan" for w, r in zip(boxes["withheld"], boxes["reason"],
                                                                            strict=True)]})


def ninebox_page(ctx: AppraisalContext, round_: DisclosedRound) -> dict[str, str | bytes]:
    table = ctx.regulation.ninebox
    boxes = round_.ninebox
    org = boxes[boxes["dimension"] == ALL].iloc[0]
    labels = {k.id: k.label for k in table.kinerja} | {f"p:{p.id}": p.label for p in table.potensial}
    follow = [{"box": b.box, "kinerja": labels[b.kinerja], "potensial": labels[f"p:{b.potensial}"],
               "count": "–" if org["withheld"] else number(int(org[count_column(f"kotak-{b.box}")])),
               "follow_up": b.follow_up} for b in sorted(table.boxes, key=lambda b: -b.box)]
    units = []
    for _, row in boxes[boxes["dimension"] == "unit"].iterrows():
        name = ctx.site.group_label(round_.survey, "unit", row["group"])
        units.append({"label": name, "withheld": ctx.withheld(row["reason"]) if row["withheld"] else "",
                      "n": "" if row["withheld"] else number(int(row["n"])),
                      "cells": [] if row["withheld"] else
                      [number(int(row[count_column(f"kotak-{b}")])) for b in range(9, 0, -1)]})
    name = f"talenta-{round_.survey.id}"
    frame = ninebox_download(ctx, round_)
    return {f"{FOLDER}/{name}.csv": to_csv(frame), f"{FOLDER}/{name}.xlsx": to_xlsx(frame, {}),
            f"{FOLDER}/{name}.md": ctx.render(
        "talenta.md.j2", period=period_label(round_.survey.period), grid=ninebox_grid(ctx, org),
        potensial=[p.label for p in table.potensial], withheld=ctx.withheld(org["reason"]) if org["withheld"] else "",
        n="" if org["withheld"] else number(int(org["n"])), follow=follow, units=units,
        assumption=table.kinerja_assumption, source=source_values(ctx, "ninebox"),
        box_headers=[f"Kotak {b}" for b in range(9, 0, -1)], csv=Markup(f"{name}.csv"), xlsx=Markup(f"{name}.xlsx"),
        succession=[{"name": name.capitalize(), "boxes": ", ".join(map(str, boxes))}
                    for name, boxes in table.succession.items()])}


def test_row(ctx: AppraisalContext, test: GroupTest) -> dict:
    notes = []
    if test.sparse:
        notes.append("banyak sel dengan frekuensi harapan di bawah 5: hasil uji kurang andal")
    if test.left_out:
        names = ", ".join(ctx.site.group_label(test.survey, test.dimension, g) for g in test.left_out)
        notes.append(f"tidak diuji karena tidak ditampilkan: {names}")
    return {"dimension": ctx.site.dimension_label(test.survey, test.dimension), "test": test.test,
            "groups": number(len(test.groups)), "statistic": number(test.statistic, 2), "df": number(test.df),
            "p": p_value(test.p), "effect": f"{test.effect_name} = {number(test.effect, 2)}", "n": number(test.n),
            "flag": "perlu dicermati" if test.flagged else "tidak menonjol", "notes": "; ".join(notes)}


def predikat_shares(ctx: AppraisalContext, round_: DisclosedRound, dimension: str) -> list[dict]:
    order = [p.id for p in ctx.regulation.predikat.predikat]
    rows = []
    for _, row in round_.predikat[round_.predikat["dimension"] == dimension].iterrows():
        label = ctx.site.group_label(round_.survey, dimension, row["group"])
        if row["withheld"]:
            rows.append({"label": label, "withheld": ctx.withheld(row["reason"])})
            continue
        shares = [sum(row[count_column(p)] for p in ids) / row["n"] for ids in reversed(predikat_columns(order))]
        rows.append({"label": label, "withheld": "", "n": number(int(row["n"])), "cells": [percent(s) for s in shares]})
    return in_band_order(rows, dimension)


def in_band_order(rows: list[dict], dimension: str) -> list[dict]:
    """Rows of age or service bands in numeric order; units and other groups as they come."""
    return rows if dimension == "unit" else [rows[i] for i in band_order([r["label"] for r in rows])]


def fairness_page(ctx: AppraisalContext) -> dict[str, str | bytes]:
    tests = ctx.appraisal.tests
    rounds = []
    for r in rounds_newest_first(ctx):
        mine = [t for t in tests if t.survey.id == r.survey.id]
        rounds.append({"period": period_label(r.survey.period), "tests": [test_row(ctx, t) for t in mine],
                       "details": [{"dimension": ctx.site.dimension_label(r.survey, t.dimension),
                                    "rows": predikat_shares(ctx, r, t.dimension)} for t in mine]})
    feedback = []
    for f in ctx.appraisal.feedback:
        scores = f.scores[f.scores["key"] == OTHERS]
        mine = [t for t in tests if t.survey.id == f.survey.id]
        details = [{"dimension": ctx.site.dimension_label(f.survey, t.dimension), "rows": in_band_order([
            {"label": ctx.site.group_label(f.survey, t.dimension, r["group"]),
             "value": ctx.withheld(r["reason"], both_sides=True) if r["withheld"] else number(r["overall"], 2)}
            for _, r in scores[scores["dimension"] == t.dimension].iterrows()], t.dimension)} for t in mine]
        feedback.append({"title": f.survey.title, "tests": [test_row(ctx, t) for t in mine], "details": details,
                         "leniency": leniency_rows(ctx, f.leniency)})
    limits = {name: number(value, 2) for name, value in EFFECT_LIMITS.items()}
    return {f"{FOLDER}/keadilan.md": ctx.render(
        "keadilan.md.j2", rounds=rounds, feedback=feedback, p_limit=number(P_LIMIT, 2), limits=limits)}


def leniency_rows(ctx: AppraisalContext, table: pd.DataFrame) -> list[dict]:
    rows = []
    for _, row in table.iterrows():
        label = key_label(ctx, row["key"])
        if row["withheld"]:
            rows.append({"label": label, "withheld": ctx.withheld(row["reason"], both_sides=True)})
            continue
        flag = not pd.isna(row["dz"]) and flagged(row["p"], row["dz"], "d_z")
        rows.append({"label": label, "withheld": "", "n": number(int(row["n"])), "diff": signed(row["diff"]),
                     "dz": number(row["dz"], 2), "p": p_value(row["p"]),
                     "flag": "perlu dicermati" if flag else "tidak menonjol"})
    return rows


def hr_pages(ctx: AppraisalContext) -> dict[str, str | bytes]:
    files = advisory_page(ctx) if ctx.appraisal.rounds else {}
    if ctx.appraisal.rounds or ctx.appraisal.feedback:
        files |= fairness_page(ctx)
    for r in ctx.appraisal.rounds:
        if not r.ninebox.empty:
            files |= ninebox_page(ctx, r)
    return files


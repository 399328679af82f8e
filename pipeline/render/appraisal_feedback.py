"""360 feedback pages: BerAKHLAK behaviours per value, self versus others, pooled rater categories.

Developmental feedback, not the official rating: the page says so first. Means are
on the survey's 1-5 scale, averaged per person rated, then across people.
"""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from pipeline.appraisal.tables import GAP, OTHERS, POOLED, DisclosedFeedback
from pipeline.definitions import period_label
from pipeline.disclose import SMALL
from pipeline.render.appraisal_context import FOLDER, AppraisalContext
from pipeline.render.downloads import to_csv, to_xlsx
from pipeline.render.text import number
from pipeline.tables import ALL

POOLED_LABEL = "Lainnya"


def signed(value: float) -> str:
    text = number(value, 2)
    return text if text.startswith(("-", "–")) or value == 0 else f"+{text}"


def key_label(ctx: AppraisalContext, key: str) -> str:
    if key == OTHERS:
        return "Penilai lain"
    if key == GAP:
        return "Selisih (diri − penilai lain)"
    if key == POOLED:
        return POOLED_LABEL
    return next(c.label for c in ctx.regulation.berakhlak.rater_categories if c.id == key)


def columns(ctx: AppraisalContext, feedback: DisclosedFeedback) -> list[str]:
    own = ctx.regulation.berakhlak.self_category
    keys = [OTHERS, own, GAP, *feedback.shown]
    return keys + ([POOLED] if (feedback.scores["key"] == POOLED).any() else [])


def cell(ctx: AppraisalContext, row: pd.Series | None, column: str, key: str) -> dict:
    if row is None:
        return {"text": "–", "css": ""}
    if row["withheld"]:  # the reason is stated once, beside the table
        return {"text": "tidak ditampilkan", "css": "rapor-withheld"}
    value = row[column]
    if pd.isna(value):
        return {"text": "–", "css": ""}
    return {"text": signed(value) if key == GAP else number(value, 2), "css": ""}


def org_rows(scores: pd.DataFrame) -> dict[str, pd.Series]:
    org = scores[scores["dimension"] == ALL]
    return {r["key"]: r for _, r in org.iterrows()}


def value_table(ctx: AppraisalContext, feedback: DisclosedFeedback, keys: list[str]) -> list[dict]:
    rows = org_rows(feedback.scores)
    out = []
    for value in ctx.regulation.berakhlak.values:
        behaviours = [{"text": b.text, "cells": [cell(ctx, rows.get(k), f"m_{b.id}", k) for k in keys]}
                      for b in value.behaviours]
        out.append({"name": value.name, "meaning": value.meaning,
                    "cells": [cell(ctx, rows.get(k), f"v_{value.id}", k) for k in keys], "behaviours": behaviours})
    out.append({"name": "Semua nilai", "meaning": "", "behaviours": [],
                "cells": [cell(ctx, rows.get(k), "overall", k) for k in keys]})
    return out


def unit_table(ctx: AppraisalContext, feedback: DisclosedFeedback) -> list[dict]:
    if not ctx.site.audience.unit_breakdowns:
        return []
    scores = feedback.scores[feedback.scores["dimension"] == "unit"]
    own = ctx.regulation.berakhlak.self_category
    out = []
    for group in dict.fromkeys(scores["group"]):
        mine = {r["key"]: r for _, r in scores[scores["group"] == group].iterrows()}
        label = ctx.site.group_label(feedback.survey, "unit", group)
        others = mine.get(OTHERS)
        if others is None or others["withheld"]:
            reason = SMALL if others is None else others["reason"]
            out.append({"label": label, "withheld": ctx.withheld(reason, both_sides=True)})
            continue
        cells = [cell(ctx, mine.get(OTHERS), f"v_{v.id}", OTHERS) for v in ctx.regulation.berakhlak.values]
        cells += [cell(ctx, mine.get(k), "overall", k) for k in (OTHERS, own, GAP)]
        out.append({"label": label, "withheld": "", "cells": cells})
    return out


def pooling_note(ctx: AppraisalContext, feedback: DisclosedFeedback) -> str:
    """The sentence that states which rater categories were pooled, and what became of them."""
    if not feedback.pooled:
        return ""
    names = [key_label(ctx, c) for c in feedback.pooled]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " dan " + names[-1]
    text = (f"Kategori penilai {listed} digabung menjadi \"{POOLED_LABEL}\" karena masing-masing berasal dari "
            f"kurang dari {ctx.k} penilai atau menilai kurang dari {ctx.k} pegawai.")
    pooled = org_rows(feedback.scores).get(POOLED)
    if pooled is not None and pooled["withheld"]:
        text += f" Gabungannya pun masih terlalu kecil, sehingga kolom \"{POOLED_LABEL}\" tidak ditampilkan."
    return text


def rounded(values: pd.Series, digits: int = 2) -> pd.Series:
    """Round to the nearest printable value: numpy's round leaves 0.5600000000000001, a 16-digit run."""
    return values.map(lambda v: v if pd.isna(v) else float(f"{v:.{digits}f}"))


def download(ctx: AppraisalContext, feedback: DisclosedFeedback) -> pd.DataFrame:
    scores = feedback.scores[feedback.scores["dimension"].isin(ctx.dimensions_shown(feedback.scores))]
    numbers = [c for c in scores.columns if c.startswith(("v_", "m_"))] + ["overall"]
    frame = pd.DataFrame({
        "survei": feedback.survey.id, "penilai": [key_label(ctx, k) for k in scores["key"]],
        "dimensi": scores["dimension"].replace({ALL: "organisasi"}),
        "kelompok": [ctx.site.group_label(feedback.survey, d, g)
                     for d, g in zip(scores["dimension"], scores["group"], strict=True)],
        "pegawai_dinilai": scores["n"], **{c: rounded(scores[c]) for c in numbers},
        "status": [ctx.withheld(r, both_sides=True) if w else "ditampilkan"
                   for w, r in zip(scores["withheld"], scores["reason"], strict=True)]})
    return frame.reset_index(drop=True)


def feedback_pages(ctx: AppraisalContext) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    for feedback in ctx.appraisal.feedback:
        survey, name = feedback.survey, feedback.survey.id
        keys = columns(ctx, feedback)
        org = feedback.respondents[feedback.respondents["dimension"] == ALL]
        people = ctx.withheld(org.iloc[0]["reason"], both_sides=True) if org.empty or org.iloc[0]["withheld"] \
            else number(int(org.iloc[0]["n"]))
        scale = next((ctx.site.project.scales[q.scale] for q in survey.questions if q.scale), None)
        frame = download(ctx, feedback)
        files[f"{FOLDER}/{name}.csv"] = to_csv(frame)
        files[f"{FOLDER}/{name}.xlsx"] = to_xlsx(frame, {c: c.replace("_", " ") for c in frame.columns})
        files[f"{FOLDER}/{name}.md"] = ctx.render(
            "umpan_balik.md.j2", survey=survey, period=period_label(survey.period), people=people,
            headers=[key_label(ctx, k) for k in keys], values=value_table(ctx, feedback, keys),
            units=unit_table(ctx, feedback), pooling=pooling_note(ctx, feedback),
            value_names=[v.name for v in ctx.regulation.berakhlak.values],
            scale=[f"{p.value} = {p.label}" for p in scale.points] if scale else [],
            csv=Markup(f"{name}.csv"), xlsx=Markup(f"{name}.xlsx"))
    return files

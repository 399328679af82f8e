"""The "Pengembangan Kompetensi" section: needs analyses, programmes, JP, and the managers' summaries.

`development_pages` renders `program/` for every audience (organisation-level numbers,
per-unit tables only where the audience has unit breakdowns); `unit_sections` adds
each unit's programme summary to its "Ringkasan untuk Atasan" page.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
from markupsafe import Markup

from pipeline.definitions import Project, Unit, period_label
from pipeline.evaluate import Evaluation, JpResult, NeedsResult
from pipeline.needs import programmes_for, rank_needs
from pipeline.render import Rendered, environments, levels, template_dir
from pipeline.render.downloads import to_csv
from pipeline.render.pages import SiteContext
from pipeline.render.programme import FOLDER, follow_up_list, programme_page, programme_summary
from pipeline.render.programme_levels import cell, group_row, signed, table, unit_label, value_cell
from pipeline.render.text import long_date, number, percent
from pipeline.tables import ALL, Disclosed

NAV_TITLE = "Pengembangan Kompetensi"
RATERS = {"diri": "pegawai", "atasan": "atasan"}
NEEDS_COLUMNS = (("Penilai", None), ("n", lambda v: number(int(v))), ("Kepentingan", lambda v: number(v, 2)),
                 ("Kemampuan saat ini", lambda v: number(v, 2)), ("Kesenjangan", lambda v: number(v, 2)),
                 ("Skor kebutuhan", lambda v: number(v, 2)))


def needs_slug(result: NeedsResult) -> str:
    return f"kebutuhan-{result.period.lower()}"


def _ranked(ctx, evaluation: Evaluation, result: NeedsResult, dimension: str = ALL, group: str = ALL) -> list[dict]:
    names = {c.id: c.name for c in evaluation.programmes.competencies}
    ranked = rank_needs(dict(result.tables), dimension, group)
    return [{"rank": number(int(r["rank"])), "id": cid, "name": names[cid],
             "scores": [number(r[rater], 2) if rater in r and pd.notna(r[rater]) else "–"
                        for rater, _ in result.tables],
             "programmes": [{"title": p.title, "link": Markup(f"{p.id}.md")}
                            for p in programmes_for(cid, evaluation.programmes.programmes)]}
            for cid, r in ranked.iterrows()]


def needs_page(ctx, evaluation: Evaluation, result: NeedsResult) -> dict[str, str | bytes]:
    ranked = _ranked(ctx, evaluation, result)
    details = []
    for c in evaluation.programmes.competencies:
        rows = [{"label": RATERS[rater], "cells": [cell(ctx, levels.table_row(t, c.id), col, fmt)
                                                   for col, fmt in zip(("n", "importance", "level", "gap", "score"),
                                                                       (f for _, f in NEEDS_COLUMNS[1:]), strict=True)]}
                for rater, t in result.tables if not t[t["key"] == c.id].empty]
        if rows:
            details.append({"name": c.name, "table": table(f"Rincian {c.name}", [h for h, _ in NEEDS_COLUMNS], rows)})
    units = []
    if ctx.audience.unit_breakdowns:
        for unit in ctx.project.units:
            top = _ranked(ctx, evaluation, result, "unit", unit.id)[:3]
            units.append({"name": unit.name, "top": ", ".join(t["name"] for t in top) or
                          f"tidak ditampilkan (kurang dari {ctx.k} responden)"})
    csv = f"{needs_slug(result)}.csv"
    page = ctx.render("pages/needs.md.j2", period=period_label(result.period), ranked=ranked,
                      raters=[RATERS[r] for r, _ in result.tables], details=details, units=units,
                      surveys=[{"title": d.survey.title, "link": Markup(f"../laporan/{d.survey.id}/index.md")}
                               for d in result.surveys], csv=Markup(csv))
    return {f"{FOLDER}/{needs_slug(result)}.md": page, f"{FOLDER}/{csv}": _needs_csv(ctx, result)}


def _needs_csv(ctx, result: NeedsResult) -> bytes:
    frames = []
    for rater, t in result.tables:
        shown = t if ctx.audience.unit_breakdowns else t[t["dimension"] == ALL]
        frames.append(pd.DataFrame({
            "penilai": RATERS[rater], "kompetensi": shown["key"],
            "dimensi": shown["dimension"].replace({ALL: "organisasi"}),
            "kelompok": shown["group"].replace({ALL: ""}), "n": shown["n"], "kepentingan": shown["importance"].round(3),
            "kemampuan": shown["level"].round(3), "kesenjangan": shown["gap"].round(3),
            "skor_kebutuhan": shown["score"].round(3),
            "status": [ctx.withheld_text(r) if w else "ditampilkan" for w, r in zip(shown["withheld"], shown["reason"],
                                                                                  strict=True)]}))
    return to_csv(pd.concat(frames, ignore_index=True))


def jp_slug(result: JpResult) -> str:
    return f"jp-{result.year}"


def _target_text(target) -> str:
    return f"{'paling sedikit' if target.rule == 'minimum' else 'paling lama'} {number(target.jp, 0)} JP setahun"


def jp_page(ctx, result: JpResult) -> dict[str, str | bytes]:
    t = result.table
    columns = [("n", lambda v: number(int(v))), ("mean_jp", lambda v: number(v, 1)), ("share_met", percent)]
    targets = {x.status: x for x in result.targets.targets}
    def cells(r):
        return [cell(ctx, r, c, f) for c, f in columns]

    status_rows = [group_row(ctx, r, f"{r['group']} ({_target_text(targets[r['group']])})" if r["group"] in targets
                             else r["group"], cells) for _, r in t[t["dimension"] == "status"].iterrows()]
    org = levels.table_row(t)
    head = ["", "Pegawai", "Rata-rata JP", "Memenuhi ketentuan"]
    units = None
    if ctx.audience.unit_breakdowns:
        units = table("JP per unit kerja", ["Unit kerja", *head[1:]], [
            group_row(ctx, r, unit_label(ctx, r["group"]), cells) for _, r in t[t["dimension"] == "unit"].iterrows()])
    headline = []
    for status, target in targets.items():
        row = levels.table_row(t, "", "status", status)
        if row is not None and not bool(row["withheld"]):
            reached = "sudah mencapai" if target.rule == "minimum" else "dalam batas"
            headline.append(f"{percent(row['share_met'], 0)} {status} {reached} {_target_text(target)}")
    csv = f"{jp_slug(result)}.csv"
    page = ctx.render(
        "pages/jp.md.j2", year=str(result.year), survey=result.survey, headline="; ".join(headline),
        mean=cell(ctx, org, "mean_jp", lambda v: number(v, 1))["text"],
        table=table("JP per status kepegawaian", ["Status", *head[1:]],
                    [group_row(ctx, org, "Seluruh pegawai", cells), *status_rows]),
        targets=[{"status": x.status, "rule": _target_text(x), "source": x.source, "confirmed": x.confirmed}
                 for x in result.targets.targets], checked=long_date(result.targets.checked),
        units=units, rows=result.rows if ctx.audience.hr_pages else None, csv=Markup(csv))
    return {f"{FOLDER}/{jp_slug(result)}.md": page, f"{FOLDER}/{csv}": _jp_csv(ctx, result)}


def _jp_csv(ctx, result: JpResult) -> bytes:
    t = result.table if ctx.audience.unit_breakdowns else result.table[result.table["dimension"] != "unit"]
    return to_csv(pd.DataFrame({
        "tahun": result.year, "dimensi": t["dimension"].replace({ALL: "organisasi"}),
        "kelompok": t["group"].replace({ALL: ""}), "pegawai": t["n"], "rata_rata_jp": t["mean_jp"].round(2),
        "pegawai_dengan_ketentuan": t["n_target"], "persen_memenuhi": (t["share_met"] * 100).round(1),
        "status": [ctx.withheld_text(r) if w else "ditampilkan" for w, r in zip(t["withheld"], t["reason"],
                                                                              strict=True)]}))


def development_pages(ctx, evaluation: Evaluation) -> dict[str, str | bytes]:
    """Every page and download of the section, and its index."""
    files: dict[str, str | bytes] = {}
    latest = evaluation.needs[-1] if evaluation.needs else None
    ranks = {r["id"]: r for r in _ranked(ctx, evaluation, latest)} if latest else {}
    for result in evaluation.needs:
        files |= needs_page(ctx, evaluation, result)
    for programme in evaluation.programmes.programmes:
        competencies = [{"name": c.name, "rank": ranks[c.id]["rank"] if c.id in ranks else "–"}
                        for c in evaluation.programmes.competencies if c.id in programme.addresses]
        files |= programme_page(ctx, evaluation, programme, competencies)
    for result in evaluation.jp:
        files |= jp_page(ctx, result)
    files[f"{FOLDER}/index.md"] = ctx.render(
        "pages/development_index.md.j2",
        needs=[{"title": f"Analisis kebutuhan {period_label(r.period)}", "link": Markup(f"{needs_slug(r)}.md")}
               for r in evaluation.needs],
        programmes=[programme_summary(evaluation, p) for p in evaluation.programmes.programmes],
        jp=[{"title": f"Jam pelajaran (JP) {r.year}", "link": Markup(f"{jp_slug(r)}.md")} for r in evaluation.jp],
        needs_count=len(latest.tables) if latest else 0)
    return files


def _unit_cohort(ctx, evaluation: Evaluation, c, unit: Unit) -> dict:
    mine, org = levels.measures(c, "unit", unit.id), levels.measures(c)
    learning = levels.table_row(c.learning, "", "unit", unit.id)
    org_learning = levels.table_row(c.learning)
    rows = [("Reaksi: rata-rata % setuju", "reaksi_setuju", percent, levels.respondents(c.reaksi, "unit", unit.id)),
            ("Pembelajaran: peserta yang nilainya meningkat", "peningkatan", percent, learning),
            ("Perilaku: % menerapkan menurut atasan", "penerapan", percent,
             levels.respondents(c.atasan, "unit", unit.id)),
            ("Perilaku: selisih diri − atasan (poin)", "selisih_diri_atasan", lambda v: signed(v, 2),
             levels.respondents(c.atasan, "unit", unit.id))]
    body = [{"label": label, "cells": [value_cell(ctx, gate, mine[m], fmt), value_cell(ctx, None, org[m], fmt)]}
            for label, m, fmt, gate in rows]
    body.insert(1, {"label": "Pembelajaran: kenaikan nilai rata-rata (poin)",
                    "cells": [cell(ctx, learning, "gain", signed), cell(ctx, org_learning, "gain", signed)]})
    return {"title": f"{c.programme.title} — {c.cohort.title}", "link": Markup(f"../{FOLDER}/{c.programme.id}.md"),
            "table": table(f"Ringkasan {c.cohort.title}", ["", "Unit ini", "Seluruh peserta"], body),
            "follow_ups": follow_up_list(evaluation, mine)}


def unit_sections(ctx, evaluation: Evaluation, files: dict[str, str | bytes]) -> dict[str, str | bytes]:
    """Each unit page with its programme summary appended (pages.unit_pages wrote the page itself)."""
    out = {}
    latest = evaluation.needs[-1] if evaluation.needs else None
    jp = evaluation.jp[-1] if evaluation.jp else None
    for unit in ctx.project.units:
        path = f"unit/{unit.id}.md"
        if path not in files:
            continue
        cohorts = [_unit_cohort(ctx, evaluation, c, unit) for c in evaluation.cohorts if levels.took_part(c, unit.id)]
        needs = [r["name"] for r in _ranked(ctx, evaluation, latest, "unit", unit.id)[:3]] if latest else []
        jp_row = levels.table_row(jp.table, "", "unit", unit.id) if jp else None
        section = ctx.render(
            "pages/unit_programmes.md.j2", cohorts=cohorts, needs=", ".join(needs),
            needs_link=Markup(f"../{FOLDER}/{needs_slug(latest)}.md") if latest else None,
            jp=None if jp is None else {"year": str(jp.year), "link": Markup(f"../{FOLDER}/{jp_slug(jp)}.md"),
                                        "share": cell(ctx, jp_row, "share_met", percent)["text"],
                                        "mean": cell(ctx, jp_row, "mean_jp", lambda v: number(v, 1))["text"]})
        out[path] = str(files[path]).rstrip("\n") + "\n\n" + section
    return out


def render_development(rendered: Rendered, project: Project, evaluation: Evaluation,
                       disclosed: list[Disclosed]) -> Rendered:
    """Add the section's pages to one audience's files, its nav entry, and the units' summaries."""
    if not (evaluation.cohorts or evaluation.needs or evaluation.jp):
        return rendered
    markdown, svg = environments(template_dir(project))
    ctx = SiteContext(project, disclosed, rendered.audience, markdown, svg)
    files = dict(rendered.files) | development_pages(ctx, evaluation)
    files |= unit_sections(ctx, evaluation, files)
    nav = list(rendered.nav)
    before = next((i for i, entry in enumerate(nav) if {"unit/index.md", "privasi.md"} & set(entry.values())),
                  len(nav))
    nav.insert(before, {NAV_TITLE: f"{FOLDER}/index.md"})
    return replace(rendered, files=files, nav=tuple(nav))

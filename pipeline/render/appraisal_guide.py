"""Guide pages drawn from the regulation tables themselves: what a page says is what rapor applies.

Predikat matrix, distribution rules, the 21 BerAKHLAK behaviours and the 9-box, each
with its source, how sure we are of it, and the date it was checked.
"""

from __future__ import annotations

from pipeline.render.appraisal_context import FOLDER, AppraisalContext, source_values
from pipeline.render.appraisal_hr import BOX_HEAT
from pipeline.render.text import number

RULE_PREDIKAT_SEPARATOR = " dan/atau "


def predikat_guide(ctx: AppraisalContext) -> str:
    table = ctx.regulation.predikat
    ratings = {r.id: r for r in table.ratings}
    top_first = list(reversed(table.ratings))
    matrix = [{"label": hk.label, "cells": [table.label(table.matrix[hk.id][pk.id]) for pk in table.ratings]}
              for hk in top_first]
    spellings = [{"label": r.label, "aliases": ", ".join(r.aliases)} for r in table.ratings if r.aliases]
    spellings += [{"label": p.label, "aliases": ", ".join(p.aliases)} for p in table.predikat if p.aliases]
    return ctx.render("panduan_predikat.md.j2", matrix=matrix, columns=[r.label for r in table.ratings],
                      predikat=[p.label for p in reversed(table.predikat)], spellings=spellings,
                      ratings=[r.label for r in ratings.values()], source=source_values(ctx, "predikat"),
                      has_rounds=bool(ctx.appraisal.rounds))


def rule_text(ctx: AppraisalContext, rule) -> str:
    """'Sangat Baik paling banyak 70%': the rule as rapor checks it, beside the quoted wording."""
    names = RULE_PREDIKAT_SEPARATOR.join(ctx.regulation.predikat.label(p) for p in rule.predikat)
    if rule.at_most is not None:
        return f"{names} paling banyak {number(rule.at_most, 0)}% pegawai"
    if rule.at_least is not None:
        return f"{names} paling sedikit {number(rule.at_least, 0)}% pegawai"
    if rule.at_least_count is not None:
        return f"{names} paling sedikit {number(rule.at_least_count)} pegawai"
    return f"{names} paling banyak {number(rule.at_most_count)} pegawai" if rule.at_most_count else f"tidak ada {names}"


def distribution_guide(ctx: AppraisalContext) -> str:
    table = ctx.regulation.distribution
    rows = [{"label": p.label, "aliases": ", ".join(p.aliases),
             "rules": [{"quote": r.quote, "check": rule_text(ctx, r)} for r in table.rules.get(p.id, ())]}
            for p in table.organisation_predikat]
    return ctx.render("panduan_distribusi.md.j2", rows=rows, source=source_values(ctx, "distribution"))


def berakhlak_guide(ctx: AppraisalContext) -> str:
    table = ctx.regulation.berakhlak
    values = [{"name": v.name, "meaning": v.meaning, "behaviours": [b.text for b in v.behaviours]}
              for v in table.values]
    categories = [c.label for c in table.rater_categories]
    return ctx.render("panduan_berakhlak.md.j2", values=values, categories=categories,
                      source=source_values(ctx, "berakhlak"))


def ninebox_guide(ctx: AppraisalContext) -> str:
    table = ctx.regulation.ninebox
    grid = [{"label": k.label, "cells": [{"box": table.box(k.id, p.id).box,
                                          "css": f"rapor-heat-{BOX_HEAT[table.box(k.id, p.id).box]}"}
                                         for p in table.potensial]} for k in table.kinerja]
    predikat = ctx.regulation.predikat.label
    rows = [{"label": k.label, "from": ", ".join(predikat(p) for p in k.from_predikat)} for k in table.kinerja]
    follow = [{"box": b.box, "follow_up": "; ".join(b.follow_up)} for b in sorted(table.boxes, key=lambda b: -b.box)]
    return ctx.render("panduan_9_kotak.md.j2", grid=grid, potensial=[p.label for p in table.potensial],
                      rows=rows, follow=follow, assumption=table.kinerja_assumption,
                      succession=[{"name": name.capitalize(), "boxes": ", ".join(map(str, boxes))}
                                  for name, boxes in table.succession.items()],
                      source=source_values(ctx, "ninebox"))


def guide_pages(ctx: AppraisalContext) -> dict[str, str | bytes]:
    return {f"{FOLDER}/panduan-predikat.md": predikat_guide(ctx),
            f"{FOLDER}/panduan-distribusi.md": distribution_guide(ctx),
            f"{FOLDER}/panduan-berakhlak.md": berakhlak_guide(ctx),
            f"{FOLDER}/panduan-9-kotak.md": ninebox_guide(ctx)}

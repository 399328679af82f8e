"""What every appraisal page shares: the disclosed tables, the audience and the wording of withheld cells."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from markupsafe import Markup

from pipeline.appraisal.regulation import BUNDLED
from pipeline.appraisal.tables import DisclosedAppraisal, DisclosedRound, count_column
from pipeline.definitions import period_sort_key
from pipeline.disclose import SMALL
from pipeline.render.pages import SiteContext
from pipeline.render.text import long_date, number, percent
from pipeline.tables import ALL

FOLDER = "penilaian"
NAV_TITLE = "Hasil Penilaian Kinerja"  # the guide of the same name sits under Panduan


@dataclass(frozen=True)
class AppraisalContext:
    site: SiteContext
    appraisal: DisclosedAppraisal

    @property
    def k(self) -> int:
        return self.appraisal.min_group_size

    @property
    def regulation(self):
        return self.appraisal.regulation

    @property
    def hr(self) -> bool:
        return self.site.audience.hr_pages

    def withheld(self, reason: str, both_sides: bool = False) -> str:
        if reason != SMALL:
            return "tidak ditampilkan (melindungi kelompok kecil lain)"
        if both_sides:
            return f"tidak ditampilkan (kurang dari {self.k} pegawai yang dinilai atau {self.k} penilai)"
        return f"tidak ditampilkan (kurang dari {self.k} pegawai)"

    def render(self, template: str, **values) -> str:
        return self.site.render(f"pages/penilaian/{template}", **values)

    def dimensions_shown(self, table: pd.DataFrame) -> list[str]:
        """ALL for everybody, units for audiences with unit breakdowns, every group for HR."""
        shown = [ALL] + (["unit"] if self.site.audience.unit_breakdowns else [])
        return [d for d in dict.fromkeys(table["dimension"]) if d in shown or self.hr]

    def predikat_best_first(self) -> list:
        return list(reversed(self.regulation.predikat.predikat))


def predikat_rows(ctx: AppraisalContext, table: pd.DataFrame, survey, label=None) -> list[dict]:
    """Rows of a predikat table: label, n and 'count (share)' per predikat, best first; or withheld."""
    order = ctx.predikat_best_first()
    out = []
    for _, row in table.iterrows():
        name = label(row) if label else ctx.site.group_label(survey, row["dimension"], row["group"])
        if row["withheld"]:
            out.append({"label": name, "withheld": ctx.withheld(row["reason"]), "cells": []})
            continue
        n = int(row["n"])
        cells = [f"{number(int(row[count_column(p.id)]))} ({percent(row[count_column(p.id)] / n)})" for p in order]
        out.append({"label": name, "withheld": "", "n": number(n), "cells": cells})
    return out


def rounds_newest_first(ctx: AppraisalContext) -> list[DisclosedRound]:
    return sorted(ctx.appraisal.rounds, key=lambda r: period_sort_key(r.survey.period), reverse=True)


CONFIDENCE = {
    "resmi": "Diambil dari naskah resmi.",
    "sekunder": "Diambil dari sumber sekunder (rangkuman, pemberitaan, atau aplikasi yang isinya saling sesuai), "
                "bukan dari naskah resmi yang kami periksa langsung.",
    "belum dikonfirmasi": "Belum dikonfirmasi dari sumber mana pun; periksa sebelum dipakai.",
}
SAFE_PATH = re.compile(r"^[A-Za-z0-9_./-]+$")


def shown_path(path: Path, root: Path) -> str:
    """A data file's path as the operator knows it: inside the project, else inside rapor."""
    for base in (root, BUNDLED.parents[2]):
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return path.name


def source_values(ctx: AppraisalContext, table: str) -> dict:
    """Citation, confidence, date checked and data file of one regulation table, ready to print."""
    source = getattr(ctx.regulation, table).source
    shown = shown_path(ctx.regulation.files[table], ctx.site.project.root)
    # Printed in a code span, where escaped characters would show literally: only plain paths.
    return {"title": source.title, "official": source.confidence == "resmi",
            "confidence": CONFIDENCE[source.confidence], "checked": long_date(source.checked),
            "note": source.note or "", "urls": list(source.urls),
            "file": Markup(shown) if SAFE_PATH.match(shown) else ""}

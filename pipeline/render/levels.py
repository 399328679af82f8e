"""Numbers a programme page derives from disclosed tables: per cohort and group, published cells only.

Reaction and behaviour come from the disclosed aggregates of their surveys; learning
and results from the disclosed tables of `evaluate`. A withheld cell gives None, and
so does every measure built on it: nothing here can bring a withheld number back.
"""

from __future__ import annotations

import math

import pandas as pd

from pipeline.definitions import Question, Survey
from pipeline.evaluate import CohortResult
from pipeline.programmes import FollowUp, Programme
from pipeline.render.lookup import first_row, has_row
from pipeline.tables import ALL, Disclosed

MEASURE_LABELS = {
    "reaksi_setuju": "rata-rata persentase setuju pada pernyataan reaksi",
    "peningkatan": "persentase peserta yang nilainya meningkat",
    "gain_normal": "gain ternormalisasi ⟨g⟩",
    "lulus": "persentase peserta lulus post-test",
    "penerapan": "persentase peserta yang menurut atasan sering menerapkan perilaku",
    "selisih_diri_atasan": "selisih penilaian diri dikurangi penilaian atasan (poin)",
}
SHARE_MEASURES = {"reaksi_setuju", "peningkatan", "lulus", "penerapan"}


def _value(row: pd.Series | None, column: str) -> float | None:
    if row is None or bool(row["withheld"]):
        return None
    value = row[column]
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def table_row(table: pd.DataFrame | None, key: str = "", dimension: str = ALL, group: str = ALL,
              key_column: str = "key") -> pd.Series | None:
    """The row of one key and group, or None when the table does not list it."""
    if table is None or table.empty:
        return None
    return first_row(table, (key_column, "dimension", "group"), (key, dimension, group))


def item(disclosed: Disclosed | None, question: str, dimension: str = ALL, group: str = ALL) -> pd.Series | None:
    if disclosed is None:
        return None
    return table_row(disclosed.items, question, dimension, group, key_column="question")


def respondents(disclosed: Disclosed | None, dimension: str = ALL, group: str = ALL) -> pd.Series | None:
    if disclosed is None or disclosed.respondents.empty:
        return None
    return first_row(disclosed.respondents, ("dimension", "group"), (dimension, group))


def favourable(row: pd.Series | None, question: Question) -> float | None:
    """Share answering favourably: the top two points, or the bottom two of a reversed statement."""
    top2 = _value(row, "top2")
    if top2 is None:
        return None
    return 1 - top2 if question.reverse else top2


def reaction_questions(programme: Programme, survey: Survey) -> list[tuple[str, Question]]:
    """(aspect, question) in the order programmes.yml lists them; every Likert question without aspects."""
    by_id = {q.id: q for q in survey.questions}
    if not programme.reaksi.aspects:
        return [("Tanggapan peserta", q) for q in survey.questions if q.type == "likert"]
    return [(a.name, by_id[q]) for a in programme.reaksi.aspects for q in a.questions if q in by_id]


def _mean(values: list[float | None]) -> float | None:
    shown = [v for v in values if v is not None]
    return sum(shown) / len(shown) if shown else None


def reaction_share(c: CohortResult, dimension: str = ALL, group: str = ALL) -> float | None:
    """Mean favourable share over the reaction questions published for this group."""
    if c.reaksi is None:
        return None
    return _mean([favourable(item(c.reaksi, q.id, dimension, group), q)
                  for _, q in reaction_questions(c.programme, c.reaksi.survey)])


def response_rate(c: CohortResult) -> float | None:
    """Reaction respondents over the participants the programme declares."""
    n = _value(respondents(c.reaksi), "n")
    if n is None or not c.cohort.participants:
        return None
    return n / c.cohort.participants


def behaviours(c: CohortResult, dimension: str = ALL, group: str = ALL) -> list[dict]:
    """Per critical behaviour: self mean, supervisor mean, their difference, share applying."""
    if c.programme.perilaku is None or (c.diri is None and c.atasan is None):
        return []
    survey = (c.atasan or c.diri).survey
    by_id = {q.id: q for q in survey.questions}
    out = []
    for qid in c.programme.perilaku.behaviours:
        diri = _value(item(c.diri, qid, dimension, group), "mean")
        atasan_row = item(c.atasan, qid, dimension, group)
        atasan = _value(atasan_row, "mean")
        out.append({"question": by_id[qid], "diri": diri, "atasan": atasan,
                    "gap": diri - atasan if diri is not None and atasan is not None else None,
                    "applying": favourable(atasan_row, by_id[qid]),
                    "diri_row": item(c.diri, qid, dimension, group), "atasan_row": atasan_row})
    return out


def measures(c: CohortResult, dimension: str = ALL, group: str = ALL) -> dict[str, float | None]:
    """The measures follow-up rules test, for one cohort and group (None when not published)."""
    learning = table_row(c.learning, "", dimension, group)
    pairs = behaviours(c, dimension, group)
    return {
        "reaksi_setuju": reaction_share(c, dimension, group),
        "peningkatan": _value(learning, "improved"),
        "gain_normal": _value(learning, "g_class"),
        "lulus": _value(learning, "pass_post"),
        "penerapan": _mean([p["applying"] for p in pairs]),
        "selisih_diri_atasan": _mean([p["gap"] for p in pairs]),
    }


def suggested(rules: tuple[FollowUp, ...], values: dict[str, float | None]) -> list[tuple[FollowUp, float]]:
    """The follow-up rules whose condition holds on published values, in the order written."""
    return [(rule, values[rule.measure]) for rule in rules if rule.applies(values.get(rule.measure))]


def took_part(c: CohortResult, unit_id: str) -> bool:
    """Whether the unit is listed (published or withheld) in any table of the cohort."""
    listed = [d.respondents for d in (c.reaksi, c.diri, c.atasan, c.hasil_survey, *c.tests) if d is not None]
    listed += [t for t in (c.learning, c.hasil) if t is not None]
    return any(has_row(t, ("dimension", "group"), ("unit", unit_id)) for t in listed if not t.empty)

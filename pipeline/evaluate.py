"""Evaluate programmes across the four Kirkpatrick levels, the needs analyses and JP; disclose them.

Runs after `disclose_all`. Reaction (reaksi) and behaviour (perilaku) are read from
the disclosed aggregates of their surveys. Learning (pembelajaran) links each
person's pre- and post-test, results (hasil) pair each person's before and after
values, the needs analysis scores competencies, and JP adds up each employee's hours:
these are computed from validated responses through `linking` (the one place that
sees pseudonyms) and pass the threshold and the ledger in `disclose_extra`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipeline import jp, kirkpatrick, needs
from pipeline.definitions import Project, Survey, period_sort_key
from pipeline.disclose_extra import disclose_tables
from pipeline.linking import link_people, sum_per_person
from pipeline.programmes import Cohort, JpTargets, Programme, Programmes, cohort_of
from pipeline.tables import ALL, UNKNOWN_GROUP, Disclosed, ValidResponses


@dataclass(frozen=True)
class CohortResult:
    """One cohort (angkatan) of a programme: its surveys' disclosed aggregates and its disclosed tables."""

    programme: Programme
    cohort: Cohort
    reaksi: Disclosed | None
    tests: tuple[Disclosed, ...]
    learning: pd.DataFrame | None  # kirkpatrick.LEARNING_COLUMNS per group
    unmatched: pd.DataFrame | None  # people with only the pre-test ('pre') or only the post-test ('post')
    diri: Disclosed | None  # behaviour follow-up answered by the participant
    atasan: Disclosed | None  # ... and by their supervisor
    hasil_survey: Disclosed | None
    hasil: pd.DataFrame | None  # kirkpatrick.RESULT_COLUMNS per indicator and group


@dataclass(frozen=True)
class NeedsResult:
    period: str
    surveys: tuple[Disclosed, ...]
    tables: tuple[tuple[str, pd.DataFrame], ...]  # (rater, disclosed needs table)


@dataclass(frozen=True)
class JpResult:
    survey: Survey
    year: int
    table: pd.DataFrame
    rows: jp.RecordRows
    targets: JpTargets


@dataclass(frozen=True)
class Evaluation:
    programmes: Programmes
    participants: tuple[tuple[str, pd.DataFrame], ...]  # (programme id, participants per cohort and in all)
    cohorts: tuple[CohortResult, ...]
    needs: tuple[NeedsResult, ...]
    jp: tuple[JpResult, ...]
    min_group_size: int


@dataclass(frozen=True)
class _Inputs:
    project: Project
    valid: dict[str, ValidResponses]
    disclosed: dict[str, Disclosed]
    k: int

    def dimensions(self, surveys: list[Survey]) -> dict[str, list[str]]:
        if not any(g.id == "unit" for s in surveys for g in s.groups):
            return {}
        return {"unit": [u.id for u in self.project.units] + [UNKNOWN_GROUP]}


def participants_table(programme: Programme, k: int) -> pd.DataFrame:
    """Declared participants per cohort (dimension 'angkatan') and in all, through the threshold."""
    declared = [(c.id, c.participants) for c in programme.cohorts if c.participants is not None]
    if not declared:
        return pd.DataFrame(columns=["key", "dimension", "group", "n", "withheld", "reason"])
    table = pd.DataFrame([{"key": "", "dimension": ALL, "group": ALL, "n": sum(n for _, n in declared)}]
                         + [{"key": "", "dimension": "angkatan", "group": c, "n": n} for c, n in declared])
    return disclose_tables({"peserta": table}, k, f"{programme.id}:peserta")["peserta"]


def _level(surveys: list[Survey], level: str, rater: str | None = None) -> list[Survey]:
    return [s for s in surveys if s.level == level and (rater is None or (s.rater or "diri") == rater)]


def _learning(inputs: _Inputs, programme: Programme, cohort: Cohort, tests: list[Survey]):
    spec = programme.pembelajaran
    if spec is None or not tests:
        return None, None
    # The export with the post-test first: it gives each person's unit and is the ledger partner.
    tests = sorted(tests, key=lambda s: spec.post not in {q.id for q in s.questions})
    people = link_people([inputs.valid[s.id] for s in tests], ["unit"], [spec.pre, spec.post]).table
    table = kirkpatrick.learning_table(people, spec.pre, spec.post, spec.max_score, spec.pass_score,
                                       inputs.dimensions(tests))
    ledger = f"{programme.id}:{cohort.id}"
    sources = tuple(inputs.disclosed[s.id] for s in tests)
    learning = disclose_tables({"pembelajaran": table}, inputs.k, ledger, sources)["pembelajaran"]
    unmatched = kirkpatrick.unmatched_counts(people, spec.pre, spec.post)
    unmatched = disclose_tables({"tidak-berpasangan": unmatched}, inputs.k, f"{ledger}:tidak-berpasangan")
    return learning, unmatched["tidak-berpasangan"]


def _results(inputs: _Inputs, programme: Programme, survey: Survey | None) -> pd.DataFrame | None:
    if programme.hasil is None or survey is None:
        return None
    columns = [c for i in programme.hasil.indicators for c in (i.before, i.after)]
    people = link_people([inputs.valid[survey.id]], ["unit"], columns).table
    table = kirkpatrick.result_table(people, programme.hasil.indicators, inputs.dimensions([survey]))
    return disclose_tables({"hasil": table}, inputs.k, survey.id, (inputs.disclosed[survey.id],))["hasil"]


def _first(surveys: list[Survey]) -> Survey | None:
    return min(surveys, key=lambda s: (period_sort_key(s.period), s.id)) if surveys else None


def evaluate_cohort(inputs: _Inputs, programme: Programme, cohort: Cohort) -> CohortResult:
    mine = [s for s in inputs.project.surveys if s.programme == programme.id
            and cohort_of(s, programme) == cohort.id and s.id in inputs.valid]
    learning, unmatched = _learning(inputs, programme, cohort, _level(mine, "pembelajaran"))
    reaksi, diri, atasan, hasil = (_first(_level(mine, "reaksi")),
                                   _first(_level(mine, "perilaku", "diri")),
                                   _first(_level(mine, "perilaku", "atasan")),
                                   _first(_level(mine, "hasil")))

    def disclosed(survey: Survey | None) -> Disclosed | None:
        return inputs.disclosed.get(survey.id) if survey else None

    return CohortResult(
        programme=programme, cohort=cohort, reaksi=disclosed(reaksi),
        tests=tuple(inputs.disclosed[s.id] for s in _level(mine, "pembelajaran")),
        learning=learning, unmatched=unmatched, diri=disclosed(diri), atasan=disclosed(atasan),
        hasil_survey=disclosed(hasil), hasil=_results(inputs, programme, hasil),
    )


def evaluate_needs(inputs: _Inputs, programmes: Programmes) -> tuple[NeedsResult, ...]:
    """One needs analysis per period: each rater's survey scored per competency and group."""
    surveys = [s for s in inputs.project.surveys if s.kind == "needs" and s.id in inputs.valid]
    if not programmes.competencies:  # nothing to score the answers against
        return ()
    out = []
    for period in sorted({s.period for s in surveys}, key=period_sort_key):
        tables = []
        for survey in sorted((s for s in surveys if s.period == period), key=lambda s: (s.rater or "diri") != "diri"):
            columns = [q for c in programmes.competencies for q in (c.importance, c.level)]
            people = link_people([inputs.valid[survey.id]], ["unit"], columns).table
            table = needs.needs_table(people, programmes.competencies, inputs.dimensions([survey]))
            disclosed = disclose_tables({"kebutuhan": table}, inputs.k, survey.id, (inputs.disclosed[survey.id],))
            tables.append((survey.rater or "diri", disclosed["kebutuhan"]))
        mine = tuple(inputs.disclosed[s.id] for s in surveys if s.period == period)
        out.append(NeedsResult(period, mine, tuple(tables)))
    return tuple(out)


def evaluate_jp(inputs: _Inputs, programmes: Programmes, targets: JpTargets) -> tuple[JpResult, ...]:
    columns = programmes.records
    out = []
    for survey in (s for s in inputs.project.surveys if s.kind == "training-record" and s.id in inputs.valid):
        records, year = inputs.valid[survey.id], int(survey.period[:4])
        keep, rows = jp.in_year(records, columns, year)
        people, _ = sum_per_person(records, ["unit", columns.status], columns.hours, keep)
        table = jp.jp_table(people.table, columns.hours, columns.status, targets, inputs.dimensions([survey]))
        disclosed = disclose_tables({"jp": table}, inputs.k, f"jp:{survey.id}")["jp"]
        out.append(JpResult(survey, year, disclosed, rows, targets))
    return tuple(out)


def evaluate(responses: list[ValidResponses], disclosed: list[Disclosed], programmes: Programmes,
             targets: JpTargets, project: Project) -> Evaluation:
    """Every programme cohort, needs analysis and JP summary of the project, disclosed."""
    inputs = _Inputs(project, {r.survey.id: r for r in responses}, {d.survey.id: d for d in disclosed},
                     project.settings.min_group_size)
    cohorts = tuple(evaluate_cohort(inputs, p, c) for p in programmes.programmes for c in p.cohorts)
    participants = tuple((p.id, participants_table(p, inputs.k)) for p in programmes.programmes)
    return Evaluation(programmes, participants, cohorts, evaluate_needs(inputs, programmes),
                      evaluate_jp(inputs, programmes, targets), inputs.k)

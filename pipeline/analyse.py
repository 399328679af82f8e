"""Analyse: pure functions from anonymised responses to result tables.

Every result row carries `n`, the number of distinct people behind it (validate has
already kept one response per person). Statistics come from pandas and scipy.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from pipeline.definitions import Indicator, Project, Question, Survey
from pipeline.tables import ALL, RESPONDENT, AnonymousResponses, Results, whole

CONFIDENCE = 0.95
# The columns of `items` when a survey has no Likert question (interview notes): later stages select on them.
EMPTY_ITEMS = ["question", "dimension", "group", "n", "mean", "sd", "ci_low", "ci_high", "top2"]
INDICATOR_COLUMNS = ["indicator", "dimension", "group", "n", "score"]


def dimensions(survey: Survey) -> list[str]:
    return [ALL] + [g.id for g in survey.groups]


def _group_keys(table: pd.DataFrame, dimension: str) -> pd.Series:
    if dimension == ALL:
        return whole(table.index)
    return table[dimension]


def count_people(table: pd.DataFrame, counted: pd.Series, keys: pd.Series) -> pd.Series:
    """Distinct people per group among the rows `counted`: a row each, except in a repeat-group
    survey, where one person has a row per repeat entry (RESPONDENT)."""
    if RESPONDENT not in table:
        return counted.groupby(keys, observed=False).sum().astype("int64")
    return table[RESPONDENT].where(counted).groupby(keys, observed=False).nunique().astype("int64")


def count_values(table: pd.DataFrame, questions: list[Question], scales: dict[str, list[int]],
                 dimension: str) -> list[pd.DataFrame]:
    """Per question: counts per scale value, n, mean, sd, 95% CI (t) and top-2-box share per group."""
    keys = _group_keys(table, dimension)
    if not isinstance(keys.dtype, pd.CategoricalDtype):
        keys = keys.astype("category")
    groups, codes = keys.cat.categories, keys.cat.codes.to_numpy()
    out = []
    for q in questions:
        values = scales[q.id]
        counts, summary = answer_counts(table[q.id], values, keys, codes)
        people = (summary["count"] if RESPONDENT not in table else
                  count_people(table, table[q.id].notna(), keys).set_axis(groups))
        out.append(item_rows(q, dimension, values, pd.DataFrame(counts, index=groups), summary, people))
    return out


def answer_counts(answers: pd.Series, values: list[int], keys: pd.Series,
                  codes: np.ndarray) -> tuple[np.ndarray, pd.DataFrame]:
    """Answers per group (rows, `keys`' categories) and scale value (columns), and the count, mean and
    std of the answers per group.

    A Likert column from the readers is a Categorical of exactly the scale's values: its codes are
    the positions, with no lookup of a million answers, and every answer is on the scale, so the
    count, mean and std follow from the counts alone (the sums exact in integers)."""
    groups = keys.cat.categories
    on_scale = isinstance(answers.dtype, pd.CategoricalDtype) and list(answers.cat.categories) == list(values)
    numeric = None if on_scale else pd.Series(np.asarray(answers.astype("float64")), index=answers.index)
    position = answers.cat.codes.to_numpy() if on_scale else pd.Index(values).get_indexer(numeric)
    valid = position >= 0
    counts = np.bincount(codes[valid] * len(values) + position[valid], minlength=len(groups) * len(values))
    counts = counts.reshape(len(groups), len(values))
    if numeric is not None:
        grouped = numeric.groupby(keys, observed=False)
        summary = pd.DataFrame({"count": grouped.count(), "mean": grouped.mean(), "std": grouped.std()})
        return counts, summary.set_axis(groups)
    scale = np.asarray(values)
    exact = np.issubdtype(scale.dtype, np.integer)
    n, total, squares = counts.sum(axis=1), counts @ scale, counts @ (scale * scale)
    with np.errstate(invalid="ignore", divide="ignore"):  # groups of 0 or 1 answer: NaN, as pandas gives
        mean = np.where(n > 0, total / n, np.nan)
        spread = n * squares - total * total if exact else squares - total * mean
        std = np.sqrt(np.where(n > 1, spread / (n * (n - 1.0) if exact else n - 1.0), np.nan))
    return counts, pd.DataFrame({"count": n, "mean": mean, "std": std}, index=groups)


def item_rows(question: Question, dimension: str, values: list[int], counts: pd.DataFrame,
              summary: pd.DataFrame, people: pd.Series) -> pd.DataFrame:
    """The `items` rows of one question and dimension from the answers per group and scale value
    (columns in `values` order), their count, mean and std per group, and the people per group
    (engine_dask: from Dask's group-by). Rows follow `counts`; the others align on the group."""
    groups = counts.index
    summary, n = summary.reindex(groups), people.reindex(groups).to_numpy()
    answered, mean, sd = (summary[c].to_numpy() for c in ("count", "mean", "std"))
    with np.errstate(invalid="ignore", divide="ignore"):  # groups of 0 or 1 person: no interval
        low, high = stats.t.interval(CONFIDENCE, n - 1, loc=mean, scale=sd / np.sqrt(n))
    columns = [counts[c].to_numpy() for c in counts.columns]
    top = np.sum([columns[values.index(v)] for v in sorted(values)[-2:]], axis=0)
    return pd.DataFrame({
        "question": question.id, "dimension": dimension, "group": np.asarray(groups.astype(str), dtype=object),
        **{f"n_{v}": column for v, column in zip(values, columns, strict=True)},
        "mean": mean, "sd": sd, "n": n, "ci_low": low, "ci_high": high,
        "top2": top / np.where(answered > 0, answered, np.nan),
    })


def favourable(table: pd.DataFrame, question: Question, values: list[int]) -> pd.Series:
    """1.0 when the answer is favourable (top-2, or bottom-2 for a reversed item), NaN if unanswered."""
    answers = pd.Series(np.asarray(table[question.id].astype("float64")), index=table.index)
    good = sorted(values)[:2] if question.reverse else sorted(values)[-2:]
    return answers.isin(good).astype("float64").where(answers.notna())


def indicator_questions(indicator: Indicator, survey: Survey) -> list[Question]:
    refs = {r.partition(".")[2] for r in indicator.questions
            if r.partition(".")[0] in {survey.id, survey.series}}
    return [q for q in survey.questions if q.id in refs and q.type == "likert"]


def score_indicators(responses: AnonymousResponses, project: Project) -> pd.DataFrame:
    """Per indicator and group: mean share of favourable answers per person, in percent."""
    table, survey = responses.table, responses.survey
    rows = []
    for indicator in project.indicators:
        questions = indicator_questions(indicator, survey)
        if not questions:
            continue
        per_row = favourable_share(table, questions, project)
        for dimension in dimensions(survey):
            keys, per_person = _group_keys(table, dimension), per_row
            if RESPONDENT in table:  # a repeat-group survey: a person's score is the mean of their rows
                person = table[RESPONDENT]
                first = ~person.duplicated()
                per_person, keys = per_row.groupby(person).mean(), keys[first].set_axis(person[first])
            agg = per_person.groupby(keys, observed=False).agg(["count", "mean"])
            rows.append(indicator_rows(indicator, dimension, agg))
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=INDICATOR_COLUMNS)


def favourable_share(table: pd.DataFrame, questions: list[Question], project: Project) -> pd.Series:
    """Per row: the share of an indicator's questions answered favourably (NaN when none answered)."""
    return pd.concat([favourable(table, q, project.scales[q.scale].values) for q in questions], axis=1).mean(axis=1)


def indicator_rows(indicator: Indicator, dimension: str, agg: pd.DataFrame) -> pd.DataFrame:
    """The `indicators` rows of one indicator and dimension from the count and mean of the scores per group."""
    agg = agg.rename(columns={"count": "n", "mean": "score"}).rename_axis("group").reset_index()
    agg["group"] = agg["group"].astype(str)
    agg["score"] = agg["score"] * 100
    agg.insert(0, "dimension", dimension)
    agg.insert(0, "indicator", indicator.id)
    return agg


def count_respondents(responses: AnonymousResponses) -> pd.DataFrame:
    table = responses.table
    frames = []
    for dimension in dimensions(responses.survey):
        keys = _group_keys(table, dimension)
        counts = keys.value_counts(sort=False) if RESPONDENT not in table else \
            count_people(table, pd.Series(True, index=table.index), keys)
        frames.append(respondent_rows(dimension, counts))
    return pd.concat(frames, ignore_index=True)


def respondent_rows(dimension: str, counts: pd.Series) -> pd.DataFrame:
    """The `respondents` rows of one dimension from the people per group."""
    frame = counts.rename("n").rename_axis("group").reset_index()
    frame["group"] = frame["group"].astype(str)
    frame.insert(0, "dimension", dimension)
    return frame


def analyse(responses: AnonymousResponses, project: Project) -> Results:
    """Compute every aggregate of one survey: items, respondents, indicators, comment count."""
    survey, table = responses.survey, responses.table
    likert = [q for q in survey.questions if q.type == "likert" and q.id in table]
    scales = {q.id: list(project.scales[q.scale].values) for q in likert}
    per_dimension = [count_values(table, likert, scales, d) for d in dimensions(survey)] if likert else []
    items = [frames[i] for i in range(len(likert)) for frames in per_dimension]  # question by question
    comments = sum(int(table[q.id].notna().sum()) for q in survey.questions
                   if q.type == "text" and q.id in table)
    return Results(
        survey=survey,
        items=pd.concat(items, ignore_index=True) if items else pd.DataFrame(columns=EMPTY_ITEMS),
        respondents=count_respondents(responses),
        indicators=score_indicators(responses, project),
        comments=comments,
    )

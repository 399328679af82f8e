"""Analyse 360 feedback on the 21 BerAKHLAK behaviours: developmental feedback, not the official rating.

Each person rated counts once: ratings are averaged per person first (per rater key),
then across people. Keys: the person's own rating (diri-sendiri), everybody else's
(penilai-lain), the gap between the two for the same person (selisih), and each rater
category. A category with fewer than `min_group_size` distinct raters or people rated
is pooled into 'lainnya' (and the pooling is stated on the page); the pooled group is
withheld by disclose when it is still too small. Rater leniency compares one
category's mean with the other categories' for the same people.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from pipeline.appraisal.analyse import dimensions, group_keys
from pipeline.appraisal.regulation import BerakhlakTable
from pipeline.appraisal.tables import GAP, OTHERS, POOLED, FeedbackResults
from pipeline.ingest.feedback360 import CATEGORY
from pipeline.tables import ALL, AnonymousResponses

RATER, SUBJECT = "rater", "subject"


def pool_categories(rows: pd.DataFrame, table: BerakhlakTable, k: int) -> tuple[list[str], list[str]]:
    """Rater categories shown on their own (>= k raters and >= k people rated) and those pooled."""
    others = rows[rows[CATEGORY] != table.self_category]
    counts = others.groupby(others[CATEGORY].astype(str)).agg(raters=(RATER, "nunique"), people=(SUBJECT, "nunique"))
    order = [c.id for c in table.rater_categories if c.id in counts.index]
    shown = [c for c in order if counts.at[c, "raters"] >= k and counts.at[c, "people"] >= k]
    return shown, [c for c in order if c not in shown]


def per_person(rows: pd.DataFrame, table: BerakhlakTable, behaviours: list[str]) -> pd.DataFrame:
    """One row per person rated: mean per behaviour, per value (its behaviours) and overall."""
    means = rows.groupby(SUBJECT)[behaviours].mean()
    for value in table.values:
        mine = [b.id for b in value.behaviours if b.id in behaviours]
        means[f"v_{value.id}"] = means[mine].mean(axis=1) if mine else np.nan
    means["overall"] = means[behaviours].mean(axis=1)
    return means.rename(columns={b: f"m_{b}" for b in behaviours})


def summarise(person: pd.DataFrame, raters: pd.Series, groups: pd.DataFrame, key: str,
              dims: list[str]) -> pd.DataFrame:
    """Mean of the people of each group, with n (people) and raters (distinct raters of their rows)."""
    frames = []
    for dimension in dims:
        keys = group_keys(groups.loc[person.index], dimension)
        agg = person.groupby(keys, observed=False).mean()
        counted = person.filter(regex="^m_").notna().groupby(keys, observed=False).sum()
        if len(counted.columns):
            agg[[f"c_{c[2:]}" for c in counted.columns]] = counted.to_numpy()
        agg.insert(0, "n", keys.value_counts().reindex(agg.index, fill_value=0).to_numpy())
        rater_groups = group_keys(groups.loc[raters.index], dimension).array  # by position: the index repeats
        agg.insert(1, "raters", pd.Series(raters.to_numpy()).groupby(rater_groups, observed=False).nunique()
                   .reindex(agg.index, fill_value=0).to_numpy())
        agg = agg.rename_axis("group").reset_index()
        agg["group"] = agg["group"].astype(str)
        agg.insert(0, "dimension", dimension)
        frames.append(agg)
    out = pd.concat(frames, ignore_index=True)
    out.insert(0, "key", key)
    return out


def _rows_raters(rows: pd.DataFrame) -> pd.Series:
    """Rater of each row, indexed by the person rated (for counting distinct raters per group)."""
    return pd.Series(rows[RATER].to_numpy(), index=pd.Index(rows[SUBJECT].to_numpy(), name=SUBJECT))


def analyse_feedback(responses: AnonymousResponses, table: BerakhlakTable, k: int) -> FeedbackResults:
    """Scores per key and group, people rated per group, leniency per rater category."""
    survey, data = responses.survey, responses.table
    behaviours = [b.id for b in table.behaviours if b.id in data]
    rows = data[data[SUBJECT].notna() & data[RATER].notna() & data[CATEGORY].notna()]
    rows = rows.assign(**{b: rows[b].astype("float64") for b in behaviours})
    dims = dimensions(survey, rows)
    groups = rows.groupby(SUBJECT)[[d for d in dims if d != ALL]].first()
    groups = groups.assign(**{d: pd.Categorical(groups[d], categories=rows[d].cat.categories)
                              for d in groups.columns if isinstance(rows[d].dtype, pd.CategoricalDtype)})
    shown, pooled = pool_categories(rows, table, k)
    own = rows[CATEGORY] == table.self_category
    reported = rows[CATEGORY].astype(str).where(rows[CATEGORY].astype(str).isin(shown) | own, POOLED)
    parts = {table.self_category: rows[own], OTHERS: rows[~own]}
    parts |= {c: rows[reported == c] for c in [*shown, POOLED] if (reported == c).any()}
    people = {key: per_person(part, table, behaviours) for key, part in parts.items()}
    scores = [summarise(people[key], _rows_raters(part), groups, key,
                        dims if key in (table.self_category, OTHERS) else [ALL])
              for key, part in parts.items()]
    gap = (people[table.self_category] - people[OTHERS]).dropna(how="all")
    scores.append(summarise(gap, _rows_raters(parts[OTHERS][parts[OTHERS][SUBJECT].isin(gap.index)]),
                            groups, GAP, dims))
    respondents = summarise(pd.DataFrame(index=groups.index), _rows_raters(rows), groups, "", dims)
    private = groups.assign(overall=people[OTHERS]["overall"])
    lenient = leniency(people, parts, table.self_category, behaviours)
    return FeedbackResults(survey, respondents.drop(columns="key"), pd.concat(scores, ignore_index=True),
                           lenient, tuple(shown), tuple(pooled), private)


def leniency(people: dict[str, pd.DataFrame], parts: dict[str, pd.DataFrame], own: str,
             behaviours: list[str]) -> pd.DataFrame:
    """Per rater key: its mean minus the other raters' mean for the same people (paired)."""
    rows = []
    for key, part in parts.items():
        if key == OTHERS:
            continue
        rest = parts[OTHERS] if key == own else parts[OTHERS].drop(index=part.index)
        if rest.empty:
            continue
        base = rest.groupby(SUBJECT)[behaviours].mean().mean(axis=1)
        diff = (people[key]["overall"] - base).dropna()
        rows.append({"key": key, "dimension": ALL, "group": ALL, "n": len(diff),
                     "raters": part[part[SUBJECT].isin(diff.index)][RATER].nunique(),
                     "other_raters": rest[rest[SUBJECT].isin(diff.index)][RATER].nunique(),
                     **paired(diff)})
    columns = ["key", "dimension", "group", "n", "raters", "other_raters", "diff", "sd", "dz", "p"]
    return pd.DataFrame(rows, columns=columns)


def paired(diff: pd.Series) -> dict[str, float]:
    """Mean difference, its sd, Cohen's d_z and the Wilcoxon signed-rank p-value."""
    if len(diff) < 2:
        return {"diff": float(diff.mean()) if len(diff) else np.nan, "sd": np.nan, "dz": np.nan, "p": np.nan}
    sd = float(diff.std(ddof=1))
    nonzero = diff[diff != 0]
    p = float(stats.wilcoxon(nonzero, method="asymptotic").pvalue) if len(nonzero) >= 2 else 1.0
    return {"diff": float(diff.mean()), "sd": sd, "dz": float(diff.mean() / sd) if sd > 0 else np.nan, "p": p}

"""Disclose: the only way from results to the renderer.

Every published number stands for at least `min_group_size` people. A group below
the threshold is withheld ("kecil"). Because organisation-wide totals are published
too, one withheld group could be recomputed as the total minus its siblings; so the
smallest published siblings are withheld as well ("pelengkap") until at least two
groups are withheld and together they hold at least `min_group_size` people. A
withheld row keeps only its labels: n and every statistic become missing.
"""

from __future__ import annotations

import pandas as pd

from pipeline.tables import ALL, Disclosed, Results

SMALL = "kecil"
COMPLEMENT = "pelengkap"
NUMBER_COLUMNS_EXCLUDED = {"dimension", "group", "question", "indicator", "withheld", "reason"}


def _withhold_block(n: pd.Series, k: int, total_published: bool) -> pd.Series:
    """Reasons per row of one block of sibling groups ('' = published)."""
    reason = pd.Series("", index=n.index, dtype=object)
    reason[n < k] = SMALL
    if not total_published or not (reason != "").any():
        return reason
    while True:
        withheld = reason != ""
        if withheld.sum() >= 2 and n[withheld].sum() >= k:
            return reason
        candidates = n[~withheld]
        if candidates.empty:
            return reason
        reason[candidates.sort_values(kind="stable").index[0]] = COMPLEMENT


def apply_threshold(table: pd.DataFrame, key: str | None, k: int) -> pd.DataFrame:
    """Withhold small groups and their complements in every (key, dimension) block."""
    if table.empty:
        return table.assign(withheld=pd.Series(dtype=bool), reason=pd.Series(dtype=object))
    table = table[(table["dimension"] == ALL) | (table["n"] > 0)].copy()
    table["reason"] = ""
    keys = ([key] if key else []) + ["dimension"]
    for _, block in table.groupby(keys, sort=False):
        if (block["dimension"] == ALL).all():
            table.loc[block.index[block["n"] < k], "reason"] = SMALL
            continue
        total = table[table["dimension"] == ALL]
        if key:
            total = total[total[key] == block[key].iloc[0]]
        total_published = bool((total["n"] >= k).all())
        table.loc[block.index, "reason"] = _withhold_block(block["n"], k, total_published)
    # A withheld organisation total withholds its whole block: nothing of a tiny survey is shown.
    tiny = table[(table["dimension"] == ALL) & (table["reason"] != "")]
    if key and not tiny.empty:
        table.loc[table[key].isin(tiny[key]) & (table["reason"] == ""), "reason"] = SMALL
    elif not key and not tiny.empty:
        table.loc[table["reason"] == "", "reason"] = SMALL
    table["withheld"] = table["reason"] != ""
    numbers = [c for c in table.columns if c not in NUMBER_COLUMNS_EXCLUDED]
    table[numbers] = table[numbers].astype("float64").mask(table["withheld"], axis=0)
    return table.reset_index(drop=True)


def disclose(results: Results, min_group_size: int) -> Disclosed:
    """Apply the threshold to every result table of one survey."""
    if min_group_size < 3:
        raise ValueError("min_group_size tidak boleh di bawah 3")
    k = min_group_size
    return Disclosed(
        survey=results.survey,
        items=apply_threshold(results.items, "question", k),
        respondents=apply_threshold(results.respondents, None, k),
        indicators=apply_threshold(results.indicators, "indicator", k),
        comments=results.comments if results.respondents["n"].max() >= k else 0,
        min_group_size=k,
    )

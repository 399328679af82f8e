"""Disclose: the only way from results to the renderer.

Every published number stands for at least `min_group_size` people. A group below
the threshold is withheld ("kecil"). Because organisation-wide totals are published
too, one withheld group could be recomputed as the total minus its siblings; so the
smallest published siblings are withheld as well ("pelengkap") until at least two
groups are withheld and together they hold at least `min_group_size` people. Then
the ledger (ledger.py) looks at everything published across tables, pages and
audiences and withholds more cells until no withheld count can be narrowed below
`min_group_size` by any combination. A withheld row keeps only its labels: n and
every statistic become missing.
"""

from __future__ import annotations

import pandas as pd

from pipeline.ledger import cells_frame, protect
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


def apply_threshold(table: pd.DataFrame, key: str | None, k: int, keep_n: bool = False,
                    empty: frozenset[tuple[str, str]] = frozenset()) -> pd.DataFrame:
    """Withhold small groups and their complements in every (key, dimension) block.

    With keep_n the true counts stay in a private `_n` column and numbers are not yet
    masked: the ledger needs them to choose further complements (see disclose_all).
    Groups without any respondent in the survey (`empty`, as (dimension, group)) are
    not listed. Every other group is listed even where its count is 0: leaving out a
    zero would tell readers that count exactly and narrow the others.
    """
    if table.empty:
        return table.assign(withheld=pd.Series(dtype=bool), reason=pd.Series(dtype=object),
                            _n=pd.Series(dtype="float64"))
    listed = [(d, g) not in empty for d, g in zip(table["dimension"], table["group"], strict=True)]
    table = table[listed].copy()
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
    table = table.reset_index(drop=True)
    if keep_n:
        return table.assign(_n=table["n"].astype("float64"))
    return _mask(table)


def _mask(table: pd.DataFrame) -> pd.DataFrame:
    """Blank every number of a withheld row; drop the private true counts."""
    table = table.drop(columns=[c for c in ("_n",) if c in table])
    table["withheld"] = table["reason"] != ""
    numbers = [c for c in table.columns if c not in NUMBER_COLUMNS_EXCLUDED]
    table[numbers] = table[numbers].astype("float64").mask(table["withheld"], axis=0)
    return table


TABLE_KEYS = {"items": "question", "respondents": None, "indicators": "indicator"}


def _ledger_rows(survey_id: str, name: str, table: pd.DataFrame) -> pd.DataFrame:
    key = TABLE_KEYS[name]
    return pd.DataFrame({
        "survey": survey_id, "table": name, "key": table[key] if key else "",
        "dimension": table["dimension"], "group": table["group"], "n": table["_n"],
        "withheld": table["withheld"], "row": table.index,
    })


def disclose_all(results: list[Results], min_group_size: int) -> list[Disclosed]:
    """Apply the threshold to every table, then protect withheld cells across the whole site."""
    if min_group_size < 3:
        raise ValueError("min_group_size tidak boleh di bawah 3")
    k = min_group_size
    thresholded = []
    for r in results:
        resp = r.respondents
        empty = frozenset(zip(resp["dimension"][resp["n"] == 0], resp["group"][resp["n"] == 0], strict=True))
        thresholded.append({name: apply_threshold(getattr(r, name), TABLE_KEYS[name], k, keep_n=True, empty=empty)
                            for name in TABLE_KEYS})
    rows = [_ledger_rows(r.survey.id, name, tables[name])
            for r, tables in zip(results, thresholded, strict=True) for name in TABLE_KEYS]
    ledger = protect(cells_frame_with_rows(rows), k)
    added = ledger[ledger["added"]]
    out = []
    for r, tables in zip(results, thresholded, strict=True):
        final = {}
        for name, table in tables.items():
            extra = added[(added["survey"] == r.survey.id) & (added["table"] == name)]["row"]
            table = table.copy()
            table.loc[extra, "reason"] = COMPLEMENT
            final[name] = _mask(table)
        respondents = final["respondents"]
        comments = r.comments if not respondents[respondents["dimension"] == ALL]["withheld"].all() else 0
        out.append(Disclosed(survey=r.survey, items=final["items"], respondents=respondents,
                             indicators=final["indicators"], comments=comments, min_group_size=k))
    return out


def cells_frame_with_rows(rows: list[pd.DataFrame]) -> pd.DataFrame:
    frame = pd.concat([r for r in rows if not r.empty], ignore_index=True)
    base = cells_frame(frame.drop(columns="row").to_dict("records"))
    base["row"] = frame["row"].to_numpy()
    return base

"""The regulation's rules as pure functions over the tables in regulation.py.

predikat: rating hasil kerja x rating perilaku kerja -> predikat kinerja pegawai
(PermenPANRB 6/2022). nine_box: annual predikat -> kinerja row, x potensial -> kotak
(PermenPANRB 3/2020; the row mapping is an assumption kept in the data file).
check_distribution: the SE MenPANRB 3/2023 pattern for an organisation predikat, as
advisory results. Shares are compared exactly (fractions), never after rounding.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

import pandas as pd

from pipeline.appraisal.regulation import DistributionTable, NineBoxTable, PredikatTable, Rule


def _lookup(first: pd.Series, second: pd.Series, table: dict[str, object]) -> pd.Series:
    keys = first.astype("string") + "|" + second.astype("string")
    return keys.map(table)


def predikat(hasil_kerja: pd.Series, perilaku_kerja: pd.Series, table: PredikatTable) -> pd.Series:
    """Predikat id per row from rating ids; missing where either rating is missing."""
    flat = {f"{hk}|{pk}": p for hk, row in table.matrix.items() for pk, p in row.items()}
    found = _lookup(hasil_kerja, perilaku_kerja, flat)
    categories = [p.id for p in table.predikat]
    return pd.Series(pd.Categorical(found, categories=categories, ordered=True), index=hasil_kerja.index)


def kinerja_row(predikat_ids: pd.Series, table: NineBoxTable) -> pd.Series:
    """The 9-box kinerja row of each annual predikat (the mapping in sembilan-kotak.yml)."""
    rows = {p: row.id for row in table.kinerja for p in row.from_predikat}
    return predikat_ids.astype("string").map(rows)


def nine_box(predikat_ids: pd.Series, potensial: pd.Series, table: NineBoxTable) -> pd.Series:
    """Kotak 1-9 per row; missing where the predikat or the potensial is missing."""
    flat = {f"{b.kinerja}|{b.potensial}": b.box for b in table.boxes}
    return _lookup(kinerja_row(predikat_ids, table), potensial, flat).astype("Int64")


@dataclass(frozen=True)
class RuleCheck:
    """One distribution rule applied to one group's counts."""

    rule: Rule
    count: int  # people with one of the rule's predikat
    n: int      # people with any predikat
    met: bool

    @property
    def share(self) -> float:
        return self.count / self.n


def _met(rule: Rule, count: int, n: int) -> bool:
    share = Fraction(count, n)
    if rule.at_most is not None:
        return share <= Fraction(str(rule.at_most)) / 100
    if rule.at_least is not None:
        return share >= Fraction(str(rule.at_least)) / 100
    if rule.at_least_count is not None:
        return count >= rule.at_least_count
    return count <= rule.at_most_count


def check_distribution(counts: Mapping[str, int], organisation: str,
                       table: DistributionTable) -> list[RuleCheck]:
    """Apply the rules of an organisation predikat to counts per pegawai predikat id."""
    n = sum(counts.values())
    if n == 0:
        return []
    checks = []
    for rule in table.rules.get(organisation, ()):
        count = sum(counts.get(p, 0) for p in rule.predikat)
        checks.append(RuleCheck(rule, count, n, _met(rule, count, n)))
    return checks

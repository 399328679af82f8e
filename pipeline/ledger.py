"""The ledger: every population count published anywhere, and what a reader can infer from it.

A static site publishes every table at once, to every reader, so a reader can
subtract one table from another. The ledger holds every group count `n` published
on any page, in any audience and any download of one build (withheld ones as
unknowns) together with the relations a reader knows to hold between them:

* partition: the groups of one dimension add up to the organisation's row
  (units of a question add up to the question's total);
* containment: the people who answered one question, or scored on one indicator,
  are some of the respondents of that group (item n <= respondents n).

A withheld cell is *protected* when, given everything published, the range of
values it could take (a linear program: its minimum and maximum subject to the
relations, published values fixed, every count non-negative)
is at least `min_group_size` wide. Percentages and means derive from per-option
counts within each published cell, so protecting the population counts protects
them too. `protect` withholds additional cells, smallest first, until every
withheld cell is protected.

The ranges are exact, never wider than the linear program's, yet most need no
solver. The withheld cells split into blocks that share no relation. In a block, a
part whose only roles are one partition and one whole (a unit's count for one
question) is eliminated: its question's partition becomes "the caps of its parts
reach the total" on what remains, the core (typically the withheld respondents
counts of one dimension). A core of one relation has closed-form ranges and maxima;
a larger one is first solved over its bounds and one all-ones partition, which is
exact whenever a point attaining that optimum meets the other relations too, and
only otherwise by `linprog`. Each part's range then follows from its partition's
total and the core's maxima. Withholding more cells never narrows a range (the
published value stays feasible), so `protect` re-checks only the cells not yet
known to be protected, and a complement that can only change its own partition's
ranges joins its block in place.

Known limit (stated on the privacy page): rounds of a series are different
populations; comparing rounds with changing people is not modelled.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linprog
from scipy.sparse.csgraph import connected_components

from pipeline.tables import ALL

RESPONDENTS = "respondents"
UNBOUNDED = float("inf")
# Counts are integers, so ranges are exact in floating point; the slack only absorbs solver round-off.
SLACK = 1e-9
INCONSISTENT = "ledger tidak konsisten: angka yang diterbitkan saling bertentangan"


def cells_frame(rows: list[dict]) -> pd.DataFrame:
    """Normalise ledger rows: survey, table, key, dimension, group, n, withheld.

    `n` of a withheld cell is never read by the range computation (it is the unknown);
    it may hold the true value (for choosing complements) or NaN (as read from downloads).
    """
    frame = pd.DataFrame(rows, columns=["survey", "table", "key", "dimension", "group", "n", "withheld"])
    frame["withheld"] = frame["withheld"].astype(bool)
    frame["n"] = frame["n"].astype("float64")
    return frame.reset_index(drop=True)


class _System(NamedTuple):
    """Relations as coefficients (row, cell position, value), each row `= 0` or `<= 0` over the cells.

    Coefficients are sorted by row (row `r` is `row_start[r]:row_start[r + 1]`); `by_cell` lists
    them by cell (cell `c`'s are `by_cell[cell_start[c]:cell_start[c + 1]]`).
    """

    row: np.ndarray
    cell: np.ndarray
    value: np.ndarray
    equality: np.ndarray
    row_start: np.ndarray
    by_cell: np.ndarray
    cell_start: np.ndarray


def _relations(component: pd.DataFrame) -> _System:
    """Partitions (groups minus total = 0) and containments (part minus whole <= 0) of the cells."""
    cells = component[["survey", "table", "key", "dimension", "group"]].reset_index(drop=True)
    cells["at"] = np.arange(len(cells))
    cells = cells.dropna(subset=["survey", "table", "key", "dimension"])
    is_total = cells["dimension"] == ALL
    totals = cells[is_total].drop_duplicates(["survey", "table", "key"])[["survey", "table", "key", "at"]]
    parts = cells[~is_total].merge(totals, on=["survey", "table", "key"], suffixes=("", "_total"))
    line = parts.groupby(["survey", "table", "key", "dimension"], sort=False).ngroup().to_numpy()
    total_of = np.zeros(line.max() + 1 if len(line) else 0, dtype=np.int64)
    total_of[line] = parts["at_total"].to_numpy()
    # A repeated respondents cell: the last one is the whole, as a reader of the last table would take it.
    wholes = cells[cells["table"] == RESPONDENTS].drop_duplicates(["survey", "dimension", "group"], keep="last")
    pairs = cells[cells["table"] != RESPONDENTS].merge(wholes[["survey", "dimension", "group", "at"]],
                                                       on=["survey", "dimension", "group"], suffixes=("", "_whole"))
    contained = len(total_of) + np.arange(len(pairs))
    row = np.r_[line, np.arange(len(total_of)), contained, contained].astype(np.int64)
    cell = np.r_[parts["at"], total_of, pairs["at"], pairs["at_whole"]].astype(np.int64)
    value = np.r_[np.ones(len(parts)), -np.ones(len(total_of)), np.ones(len(pairs)), -np.ones(len(pairs))]
    order = np.argsort(row, kind="stable")
    row, cell, value = row[order], cell[order], value[order]
    equality = np.r_[np.ones(len(total_of), dtype=bool), np.zeros(len(pairs), dtype=bool)]
    by_cell = np.argsort(cell, kind="stable")
    return _System(row, cell, value, equality, np.searchsorted(row, np.arange(len(equality) + 1)), by_cell,
                   np.searchsorted(cell[by_cell], np.arange(len(component) + 1)))


class _Feasible:
    """The feasible values of the withheld cells, split into blocks that share no relation.

    Cells are positions in the frame the relations were built from. `blocks` caches blocks
    across calls: a block's relations and constants depend only on which cells it holds.
    """

    def __init__(self, system: _System, withheld: np.ndarray, n: np.ndarray,
                 blocks: dict[bytes, _Block] | None = None):
        size, rows = len(withheld), len(system.equality)
        unknown = withheld[system.cell]
        known = ~unknown
        self.system, self.n, self.equality = system, n, system.equality
        self.rhs = -np.bincount(system.row[known], weights=system.value[known] * n[system.cell[known]],
                                minlength=rows)
        self.count = np.bincount(system.row[unknown], minlength=rows)
        row, cell, value = system.row[unknown], system.cell[unknown], system.value[unknown]
        count = self.count[row]
        self.low, self.high = np.zeros(size), np.full(size, UNBOUNDED)
        # a relation with one unknown bounds it
        one, bound = count == 1, self.rhs[row[count == 1]] / value[count == 1]
        upper, lower = self.equality[row[one]] | (value[one] > 0), self.equality[row[one]] | (value[one] < 0)
        np.minimum.at(self.high, cell[one][upper], bound[upper])
        np.maximum.at(self.low, cell[one][lower], bound[lower])
        if (self.low > self.high + SLACK).any():
            raise RuntimeError(INCONSISTENT)
        self.row, self.cell, self.value = row[count > 1], cell[count > 1], value[count > 1]
        links = sparse.coo_array((np.ones(len(self.row)), (self.cell, size + self.row)), shape=(size + rows,) * 2)
        self.label = np.where(withheld, connected_components(links, directed=False)[1][:size], -1)
        self.blocks = {} if blocks is None else blocks
        self.by_label: dict[int, _Block] = {}

    def _block(self, cell: int) -> _Block:
        label = int(self.label[cell])
        if label not in self.by_label:
            members = np.flatnonzero(self.label == label)
            key = members.tobytes()
            if key not in self.blocks:
                mine = self.label[self.cell] == label
                rows, row = np.unique(self.row[mine], return_inverse=True)
                local = _Local(row, np.searchsorted(members, self.cell[mine]), self.value[mine], self.rhs[rows],
                               self.equality[rows])
                self.blocks[key] = _Block(members, rows, local, self.low[members], self.high[members])
            self.by_label[label] = self.blocks[key]
        return self.by_label[label]

    def range(self, cell: int) -> tuple[float, float]:
        """Exact (min, max) of the withheld cell at this position."""
        block = self._block(cell)
        return block.range(block.local[cell])

    def wide(self, cell: int, k: float) -> bool:
        """Whether the cell's range is at least k wide: exact, though often without solving for it."""
        block = self._block(cell)
        return block.wide(block.local[cell], k)

    def add(self, cell: int, withheld: np.ndarray) -> bool:
        """Withhold one more cell in place, if that changes no range outside its partition: a part
        whose whole is published joining a partition of parts whose projection stays implied.
        Otherwise change nothing and return False (the caller builds a new one)."""
        s = self.system
        mine = s.by_cell[s.cell_start[cell]:s.cell_start[cell + 1]]
        if len(mine) != 2 or (s.value[mine] != 1).any() or s.equality[s.row[mine]].sum() != 1:
            return False
        partition, cap = (int(r) for r in sorted(s.row[mine], key=lambda r: not s.equality[r]))
        pair = s.cell[s.row_start[cap]:s.row_start[cap + 1]]
        if len(pair) != 2 or withheld[pair[pair != cell]].any() or self.count[partition] < 2:
            return False
        others = s.cell[s.row_start[partition]:s.row_start[partition + 1]]
        block = self._block(int(others[self.label[others] >= 0][0]))
        n = self.n[cell]
        if not block.absorb(cell, partition, self.rhs[cap] + n, n):
            return False
        self.rhs[[partition, cap]] += n
        self.count[[partition, cap]] += 1
        self.low[cell], self.high[cell] = 0.0, self.rhs[cap]
        self.label[cell] = self.label[others[self.label[others] >= 0][0]]
        self.blocks.pop(block.key, None)
        block.key = np.sort(block.members).tobytes()
        self.blocks[block.key] = block
        return True


class _Local(NamedTuple):
    """Relations among some unknowns: coefficients (row, unknown, value), right-hand sides, kinds."""

    row: np.ndarray
    cell: np.ndarray
    value: np.ndarray
    rhs: np.ndarray
    equality: np.ndarray


class _Block:
    """Unknowns tied together by relations.

    A part whose only roles are one partition and one whole (a group's count for one question,
    below its withheld respondents count) is eliminated first: given the other unknowns, its
    partition needs no more than the caps of its parts adding up to its total. What remains
    (the core: typically the withheld respondents counts) is solved in closed form or by LP,
    and each part's range follows from the core's maxima.
    """

    def __init__(self, members: np.ndarray, rows: np.ndarray, system: _Local, low: np.ndarray, high: np.ndarray):
        self.members, self.local = members, {int(cell): i for i, cell in enumerate(members)}
        self.key, self.rows = members.tobytes(), {int(r): i for i, r in enumerate(rows)}
        self.leaf, self.row, hub, cap_row = _parts(system, low, high)
        self.total, self.high = system.rhs.copy(), high
        self.core_of = np.cumsum(~self.leaf) - 1
        self.hub = np.where(hub >= 0, self.core_of[hub], -1)
        capped = self.hub >= 0
        self.slack = np.where(capped, np.r_[system.rhs, 0.0][cap_row], 0.0)
        core_low, core_high = low[~self.leaf], high[~self.leaf].copy()
        # x - y <= c leaves x room (x >= 0) only when y >= -c
        np.maximum.at(core_low, self.hub[capped], -self.slack[capped])
        eliminated = np.zeros(len(system.rhs) + 1, dtype=bool)
        eliminated[self.row[self.leaf]] = True
        eliminated[-1] = False
        # settled: an eliminated partition whose projection is implied however far its floor drops
        self.settled = np.zeros(len(system.rhs), dtype=bool)
        cover = self._cover(np.flatnonzero(eliminated[:-1]))
        eliminated[cap_row[capped]] = True
        kept = ~eliminated[system.row]
        rows, row = np.unique(system.row[kept], return_inverse=True)
        core = _Local(row, self.core_of[system.cell[kept]], system.value[kept], system.rhs[rows],
                      system.equality[rows])
        cover = _reduce(cover, core, core_low, core_high, self.settled)
        self.core = _Core(_with_cover(core, cover), core_low, core_high)
        self.lifted: dict[int, tuple[float, float]] = {}

    def _cover(self, rows: np.ndarray) -> list[tuple[int, np.ndarray, np.ndarray, float]]:
        """Each eliminated partition, projected on the core: the caps of its parts reach its total."""
        if (self.total[rows] < -SLACK).any():
            raise RuntimeError(INCONSISTENT)
        out = []
        for r in rows:
            mine = self.leaf & (self.row == r)
            capped = self.hub[mine] >= 0
            floor = self.total[r] - np.where(capped, self.slack[mine], self.high[mine]).sum()
            if not capped.any() and floor > SLACK:
                raise RuntimeError(INCONSISTENT)
            if capped.any() and np.isfinite(floor):
                cells, counts = np.unique(self.hub[mine][capped], return_counts=True)
                out.append((int(r), cells, counts.astype(float), float(floor)))
            else:
                self.settled[r] = True
        return out

    def absorb(self, cell: int, row: int, cap: float, n: float) -> bool:
        """Take in a part of a settled eliminated partition (global row `row`) with a constant cap."""
        r = self.rows.get(row, -1)
        if r < 0 or not self.settled[r]:
            return False
        self.local[cell] = len(self.members)
        self.members = np.r_[self.members, cell]
        self.leaf, self.row, self.hub = np.r_[self.leaf, True], np.r_[self.row, r], np.r_[self.hub, -1]
        self.slack, self.high, self.core_of = np.r_[self.slack, 0.0], np.r_[self.high, cap], np.r_[self.core_of, -1]
        self.total[r] += n
        for j in np.flatnonzero(self.row == r):
            self.lifted.pop(int(j), None)
        return True

    def range(self, i: int) -> tuple[float, float]:
        if not self.leaf[i]:
            return self.core.range(int(self.core_of[i]))
        if i not in self.lifted:
            self._lift(int(self.row[i]), i)
        return self.lifted[i]

    def wide(self, i: int, k: float) -> bool:
        if not self.leaf[i]:
            return self.core.wide(int(self.core_of[i]), k)
        low, high = self.range(i)
        return high - low >= k

    def _lift(self, row: int, i: int) -> None:
        """Ranges of the parts of one partition (or of a lone part, row -1): each is at most its
        cap and the total, and at least what the others' caps leave of the total."""
        members = np.flatnonzero(self.leaf & (self.row == row)) if row >= 0 else np.array([i])
        hub, own = self.hub[members], self.high[members]
        capped = hub >= 0
        cap = own.copy()
        cap[capped] = [self.core.range(int(h))[1] + c for h, c in zip(hub[capped], self.slack[members][capped],
                                                                        strict=True)]
        if row < 0:
            self.lifted[i] = (0.0, float(cap[0]))
            return
        loose = ~capped & np.isinf(own)
        constant = np.where(capped, self.slack[members], np.where(loose, 0.0, own))
        counts = np.bincount(hub[capped], minlength=len(self.core.low)).astype(float)
        most = np.full(len(members), UNBOUNDED)
        needed = loose.sum() - loose == 0
        if (needed & ~capped).any():
            most[needed & ~capped] = self.core.most(counts)
        if (needed & capped).any():
            most[needed & capped] = self.core.most_each(counts, hub[needed & capped])
        low = np.maximum(0.0, self.total[row] - (constant.sum() - constant) - most)
        high = np.minimum(self.total[row], cap)
        for j, lo, hi in zip(members, low, high, strict=True):
            self.lifted[int(j)] = (float(lo), float(hi))


def _parts(system: _Local, low: np.ndarray, high: np.ndarray) -> tuple[np.ndarray, ...]:
    """The unknowns to eliminate: at least 0 and no other lower bound, in at most one partition
    (all of whose unknowns are such parts) and below at most one whole (x - y <= c, and then no
    constant upper bound). Returns the mask, and each one's partition, whole and cap row (or -1)."""
    m, rows = len(low), len(system.rhs)
    row, cell, value = system.row, system.cell, system.value
    eq = system.equality[row]
    plus, minus = ~eq & (value > 0), ~eq & (value < 0)
    partition, cap_row = np.full(m, -1), np.full(m, -1)
    partition[cell[eq]], cap_row[cell[plus]] = row[eq], row[plus]
    eq_one, cap_one = np.zeros(m, dtype=bool), np.zeros(m, dtype=bool)
    eq_one[cell[eq]], cap_one[cell[plus]] = value[eq] == 1, value[plus] == 1
    # padded with one entry for row -1 (none)
    width, whole = np.r_[np.bincount(row, minlength=rows), 0], np.full(rows + 1, -1)
    whole[row[minus & (value == -1)]] = cell[minus & (value == -1)]
    in_eq, n_plus = np.bincount(cell[eq], minlength=m), np.bincount(cell[plus], minlength=m)
    capped = (n_plus == 1) & cap_one & (width[cap_row] == 2) & (whole[cap_row] >= 0) & np.isinf(high)
    candidate = ((low == 0) & (np.bincount(cell[minus], minlength=m) == 0)
                 & ((in_eq == 0) | ((in_eq == 1) & eq_one)) & ((n_plus == 0) | capped))
    clean = np.r_[np.bincount(row[eq & ~candidate[cell]], minlength=rows) == 0, True]
    leaf = candidate & clean[partition]
    capped &= leaf
    return leaf, np.where(leaf, partition, -1), np.where(capped, whole[cap_row], -1), np.where(capped, cap_row, -1)


def _reduce(cover: list[tuple[int, np.ndarray, np.ndarray, float]], core: _Local, low: np.ndarray,
            high: np.ndarray, settled: np.ndarray) -> list[tuple[int, np.ndarray, np.ndarray, float]]:
    """Drop the projected partitions that bounds or an all-ones partition of the core imply (settled);
    one that leaves out a single unknown of such a partition bounds that unknown instead."""
    ones = []
    for r in np.flatnonzero(core.equality):
        mine = core.row == r
        if (core.value[mine] == 1).all():
            ones.append((frozenset(core.cell[mine].tolist()), core.rhs[r]))
    kept = []
    for row, cells, counts, floor in cover:
        least, members = counts @ low[cells], frozenset(cells.tolist())
        settled[row] = least >= floor - SLACK
        for partition, total in ones:
            if settled[row]:
                break
            if partition <= members:
                settled[row] = total + least - low[list(partition)].sum() >= floor - SLACK
            elif members < partition and len(partition - members) == 1 and (counts == 1).all():
                (alone,) = partition - members
                high[alone] = min(high[alone], total - floor)
                break
        else:
            if not settled[row]:
                kept.append((row, cells, counts, floor))
    return kept


def _with_cover(core: _Local, cover: list[tuple[int, np.ndarray, np.ndarray, float]]) -> _Local:
    """The core's relations and the projected partitions, as rows -counts . z <= -floor."""
    first = len(core.rhs)
    return _Local(np.r_[core.row, np.repeat(np.arange(first, first + len(cover)), [len(c) for _, c, _, _ in cover])],
                  np.r_[core.cell, *(c for _, c, _, _ in cover)].astype(np.int64),
                  np.r_[core.value, *(-n for _, _, n, _ in cover)],
                  np.r_[core.rhs, [-f for _, _, _, f in cover]],
                  np.r_[core.equality, np.zeros(len(cover), dtype=bool)])


class _Core:
    """Unknowns with bounds and relations, after the parts are eliminated: a closed form for one
    relation; else a checked relaxation, else the LP (optima already seen can prove a range wide)."""

    def __init__(self, system: _Local, low: np.ndarray, high: np.ndarray):
        if (low > high + SLACK).any():
            raise RuntimeError(INCONSISTENT)
        self.system, self.low, self.high = system, low, high
        self.known: dict[int, tuple[float, float]] = {}
        self.best: dict[bytes, float] = {}
        self.seen_low, self.seen_high = np.full(len(low), UNBOUNDED), np.full(len(low), -UNBOUNDED)
        self.one = None
        if len(system.rhs) <= 1:
            self.one = _one_relation(system, len(low))
            self.known = dict(enumerate(_closed_ranges(*self.one, low, high)))
        self.pivot = _pivot(system, len(low))
        # spare room goes first where it helps other relations most (a covering row: -sum <= -floor)
        help_ = np.zeros(len(low))
        np.add.at(help_, system.cell, np.where(system.equality[system.row], 0.0, -system.value))
        self.preference = np.argsort(-help_, kind="stable")

    def range(self, i: int) -> tuple[float, float]:
        if i not in self.known:
            unit = np.zeros(len(self.low))
            unit[i] = 1.0
            self.known[i] = (-self.most(-unit), self.most(unit))
        return self.known[i]

    def wide(self, i: int, k: float) -> bool:
        if i not in self.known and self.seen_high[i] - self.seen_low[i] >= k:
            return True
        low, high = self.range(i)
        return high - low >= k

    def _ones(self, weights: np.ndarray) -> bool:
        return self.one is not None and np.isin(self.one[0], (0, 1)).all() and np.isin(weights, (0, 1)).all()

    def most(self, weights: np.ndarray) -> float:
        """The maximum of weights . z."""
        if self._ones(weights):
            return float(_most_ones(*self.one, self.low, self.high, weights > 0, None)[0])
        key = weights.tobytes()
        if key not in self.best:
            relaxed = self._relaxed(weights)
            self.best[key] = self._solve(weights) if relaxed is None else relaxed
        return self.best[key]

    def most_each(self, counts: np.ndarray, drop: np.ndarray) -> np.ndarray:
        """For each unknown g in drop, the maximum of (counts - e_g) . z."""
        if self._ones(counts):
            return _most_ones(*self.one, self.low, self.high, counts > 0, drop)
        out = []
        for g in drop:
            weights = counts.copy()
            weights[g] -= 1
            out.append(self.most(weights))
        return np.array(out)

    def _relaxed(self, weights: np.ndarray) -> float | None:
        """The maximum of weights . z (weights 0/1, or 0/-1) under the bounds and one all-ones partition,
        if a point attaining it meets every other relation too: then it is the maximum. Else None."""
        sense = -1.0 if (weights <= 0).all() else 1.0
        chosen = sense * weights > 0
        if not np.isin(sense * weights, (0, 1)).all():
            return None
        inside, floor, ceiling = self.pivot
        low, high = self.low, self.high
        point = low.copy()
        if sense > 0:
            if np.isinf(high[chosen & ~inside]).any():
                return None
            point[chosen & ~inside] = high[chosen & ~inside]
            target = min(high[chosen & inside].sum(), ceiling - low[inside & ~chosen].sum())
        else:
            target = max(low[chosen & inside].sum(), floor - high[inside & ~chosen].sum())
        if not np.isfinite(target):
            return None
        self._fill(point, chosen & inside, target - low[chosen & inside].sum())
        self._fill(point, inside & ~chosen, floor - point[inside].sum())
        s = self.system
        lhs = np.bincount(s.row, weights=s.value * point[s.cell], minlength=len(s.rhs))
        if (np.where(s.equality, np.abs(lhs - s.rhs), lhs - s.rhs) > SLACK).any():
            return None
        np.minimum(self.seen_low, point, out=self.seen_low)
        np.maximum(self.seen_high, point, out=self.seen_high)
        return float(weights @ point)

    def _fill(self, point: np.ndarray, mask: np.ndarray, amount: float) -> None:
        """Raise the unknowns in mask, preferred first, up to their highs, by amount in total."""
        for i in self.preference[mask[self.preference]]:
            if amount <= 0:
                return
            step = min(amount, self.high[i] - point[i])
            point[i] += step
            amount -= step

    def _solve(self, weights: np.ndarray) -> float:
        """Maximise weights . z by LP; keep the optimum as a witness."""
        s, width = self.system, len(self.low)
        eq = s.equality[s.row]
        matrices = {}
        for name, mask, rows in (("eq", eq, np.flatnonzero(s.equality)), ("ub", ~eq, np.flatnonzero(~s.equality))):
            if len(rows):
                line = np.searchsorted(rows, s.row[mask])
                shape = (len(rows), width)
                matrices[f"A_{name}"] = sparse.csr_array((s.value[mask], (line, s.cell[mask])), shape=shape)
                matrices[f"b_{name}"] = s.rhs[rows]
        result = linprog(-weights, bounds=np.column_stack([self.low, self.high]), method="highs", **matrices)
        if result.status == 3:
            return UNBOUNDED
        if result.status != 0:
            raise RuntimeError(f"{INCONSISTENT}: {result.message}")
        np.minimum(self.seen_low, result.x, out=self.seen_low)
        np.maximum(self.seen_high, result.x, out=self.seen_high)
        return -result.fun


def _pivot(system: _Local, width: int) -> tuple[np.ndarray, float, float]:
    """The first all-ones equality of the system as (members, floor, ceiling); none: (none, -inf, inf)."""
    for r in np.flatnonzero(system.equality):
        mine = system.row == r
        if (system.value[mine] == 1).all():
            inside = np.zeros(width, dtype=bool)
            inside[system.cell[mine]] = True
            return inside, system.rhs[r], system.rhs[r]
    return np.zeros(width, dtype=bool), -UNBOUNDED, UNBOUNDED


def _one_relation(system: _Local, width: int) -> tuple[np.ndarray, float, float]:
    """The only relation (if any) as floor <= a . z <= ceiling, signed so that a is 0/1 where it can be."""
    a = np.zeros(width)
    np.add.at(a, system.cell, system.value)
    if not len(system.rhs):
        return a, -UNBOUNDED, UNBOUNDED
    floor, ceiling = (system.rhs[0] if system.equality[0] else -UNBOUNDED), system.rhs[0]
    if (a <= 0).all():
        return -a, -ceiling, -floor
    return a, floor, ceiling


def _closed_ranges(a, floor, ceiling, low, high) -> list[tuple[float, float]]:
    """One relation floor <= sum a_i z_i <= ceiling with each z_i in [low_i, high_i].

    The sum of the other terms takes every value between its extremes, so z_i's range is
    its bounds intersected with what the relation leaves for it.
    """
    ends = np.stack([a * low, a * np.where(a != 0, high, 0)])  # no 0 * inf
    least, most = ends.min(axis=0), ends.max(axis=0)
    if least.sum() > ceiling + SLACK or most.sum() < floor - SLACK:
        raise RuntimeError(INCONSISTENT)
    term_low = np.maximum(least, floor + _sum_but_one(-most))
    term_high = np.minimum(most, ceiling - _sum_but_one(least))
    divisor = np.where(a != 0, a, 1)
    lows = np.where(a > 0, term_low, term_high) / divisor
    highs = np.where(a > 0, term_high, term_low) / divisor
    return [(float(lows[i]), float(highs[i])) if a[i] else (float(low[i]), float(high[i])) for i in range(len(a))]


def _most_ones(a, floor, ceiling, low, high, chosen: np.ndarray, drop: np.ndarray | None) -> np.ndarray:
    """Max of the sum of the chosen unknowns under one 0/1 relation (for each g in drop: without g):
    chosen ones outside it at their bounds, those inside up to their bounds and to what the
    ceiling leaves once the unchosen inside are at their lows."""
    inside, infinite = a > 0, np.isinf(high)
    finite = np.where(infinite, 0.0, high)
    out_sum, out_inf = finite[chosen & ~inside].sum(), infinite[chosen & ~inside].sum()
    in_sum, in_inf = finite[chosen & inside].sum(), infinite[chosen & inside].sum()
    rest = low[inside & ~chosen].sum()
    if drop is not None:
        g_in, g_out = inside[drop], ~inside[drop]
        out_sum, out_inf = out_sum - g_out * finite[drop], out_inf - g_out * infinite[drop]
        in_sum, in_inf = in_sum - g_in * finite[drop], in_inf - g_in * infinite[drop]
        rest = rest + g_in * low[drop]
    outside = np.where(out_inf > 0, UNBOUNDED, out_sum)
    return np.atleast_1d(outside + np.minimum(np.where(in_inf > 0, UNBOUNDED, in_sum), ceiling - rest))


def _sum_but_one(values: np.ndarray) -> np.ndarray:
    """For each i, the sum of values[j] for j != i, where values are finite or -inf."""
    infinite = np.isneginf(values)
    finite = np.where(infinite, 0.0, values)
    others_infinite = infinite.sum() - infinite
    return np.where(others_infinite > 0, -UNBOUNDED, finite.sum() - finite)


def _feasible(frame: pd.DataFrame) -> _Feasible:
    return _Feasible(_relations(frame), frame["withheld"].to_numpy(dtype=bool), frame["n"].to_numpy(dtype=float))


def ranges(component: pd.DataFrame) -> dict[int, tuple[float, float]]:
    """Feasible (min, max) of the withheld cells of one component of the ledger (or of any frame:
    components share no relation). The build asks `protect` and `unprotected`; this is for tests."""
    if not component["withheld"].any():
        return {}
    feasible = _feasible(component)
    positions = np.flatnonzero(component["withheld"].to_numpy(dtype=bool))
    return {component.index[position]: feasible.range(position) for position in positions}


def components(frame: pd.DataFrame) -> list[pd.DataFrame]:
    """Cells that can constrain each other.

    With every organisation total published, the dimensions of a survey do not
    interact: one component per survey and dimension, with its totals. A withheld
    total couples the dimensions, so then the whole survey is one component.
    """
    out = []
    for _, cells in frame.groupby("survey", sort=False):
        totals = cells[cells["dimension"] == ALL]
        if totals["withheld"].any():
            out.append(cells)
            continue
        for _, block in cells[cells["dimension"] != ALL].groupby("dimension", sort=False):
            out.append(pd.concat([block, totals]))
    return out


class _Layout:
    """What `protect` needs to know of the cells that does not change as it withholds more of them."""

    def __init__(self, frame: pd.DataFrame):
        self.survey = frame.groupby("survey", sort=False).ngroup().to_numpy()
        self.dimension = frame.groupby(["survey", "dimension"], sort=False).ngroup().to_numpy()
        self.total = (frame["dimension"] == ALL).to_numpy()
        self.line = frame.groupby(["table", "key"], sort=False).ngroup().to_numpy()
        self.group = pd.factorize(frame["group"])[0]
        smallest = frame.reset_index(drop=True).sort_values(["n", "table", "key", "group"], kind="stable").index
        self.rank = np.empty(len(frame), dtype=np.int64)
        self.rank[smallest.to_numpy()] = np.arange(len(frame))

    def merged(self, withheld: np.ndarray) -> np.ndarray:
        """Cells of surveys whose organisation total is withheld: one component per survey."""
        return np.isin(self.survey, self.survey[withheld & self.total]) & (self.survey >= 0)

    def checked(self, withheld: np.ndarray) -> np.ndarray:
        """Positions of the withheld cells, in the order `components` visits them (each once)."""
        merged = self.merged(withheld)
        at = np.flatnonzero(withheld & (self.survey >= 0) & (merged | (self.dimension >= 0)))
        return at[np.lexsort((at, np.where(merged, -1, self.dimension)[at], self.survey[at]))]

    def complement(self, withheld: np.ndarray, weak: int) -> int | None:
        """The smallest published cell of the weak cell's component sharing a relation with it
        (same table and key, or same group), else any published group, else a total of its survey."""
        survey = self.survey == self.survey[weak]
        component = survey & (self.merged(withheld)[weak] | (self.dimension == self.dimension[weak]))
        groups = component & ~withheld & ~self.total
        related = groups & (((self.line == self.line[weak]) & (self.line[weak] >= 0))
                            | ((self.group == self.group[weak]) & (self.group[weak] >= 0)))
        for pool in (related, groups, survey & ~withheld):
            if pool.any():
                at = np.flatnonzero(pool)
                return int(at[np.argmin(self.rank[at])])
        return None


def _component(frame: pd.DataFrame, cell: int) -> pd.DataFrame:
    """The element of `components(frame)` that holds the withheld cell."""
    cells = frame[frame["survey"] == frame.at[cell, "survey"]]
    totals = cells[cells["dimension"] == ALL]
    if totals["withheld"].any():
        return cells
    return pd.concat([cells[cells["dimension"] == frame.at[cell, "dimension"]], totals])


def unprotected(frame: pd.DataFrame, k: int) -> list[int]:
    """Withheld cells whose feasible range is narrower than k, over the whole ledger."""
    feasible = _feasible(frame)
    order = _Layout(frame).checked(frame["withheld"].to_numpy(dtype=bool))
    return sorted(frame.index[at] for at in order if not feasible.wide(at, k))


Complement = Callable[[pd.DataFrame, pd.DataFrame, int], "pd.Index | list[int]"]


def protect(frame: pd.DataFrame, k: int, complement: Complement | None = None) -> pd.DataFrame:
    """Withhold published cells, smallest first, until every withheld cell is protected.

    `complement(frame, component, weak)` names the rows to withhold next for a weak cell
    (default: the smallest published cell sharing a relation with it). Returns the frame
    with `withheld` updated and a column `added` marking the cells this step withheld.
    """
    frame = frame.copy()
    layout, withheld = _Layout(frame), frame["withheld"].to_numpy(dtype=bool, copy=True)
    added = np.zeros(len(frame), dtype=bool)
    # Components share no relation, so one system over the whole ledger has the same ranges.
    relations, n, blocks = _relations(frame), frame["n"].to_numpy(dtype=float), {}
    # Withholding more only widens ranges (the published value stays feasible): once protected, always.
    protected = np.zeros(len(frame), dtype=bool)
    feasible = None
    while True:
        if feasible is None:
            feasible = _Feasible(relations, withheld, n, blocks)
        weak = _first_weak(feasible, layout.checked(withheld), k, protected)
        if weak is None:
            return frame.assign(withheld=withheld, added=added)
        if complement is None:
            chosen = [layout.complement(withheld, weak)]
            if chosen[0] is None:
                cell = frame.assign(withheld=withheld, added=added).iloc[weak]
                raise RuntimeError(f"sel {dict(cell)} tidak dapat dilindungi")
        else:
            current = frame.assign(withheld=withheld, added=added)
            chosen = current.index.get_indexer(complement(current, _component(current, current.index[weak]),
                                                          current.index[weak]))
        fresh = [int(at) for at in np.unique(chosen) if not withheld[at]]
        withheld[chosen] = added[chosen] = True
        if not all(feasible.add(at, withheld) for at in fresh):
            feasible = None


def _first_weak(feasible: _Feasible, order: np.ndarray, k: int, protected: np.ndarray) -> int | None:
    """The first cell in order not known to be protected whose range is narrower than k; marks the others."""
    for at in order[~protected[order]]:
        if not feasible.wide(at, k):
            return int(at)
        protected[at] = True
    return None

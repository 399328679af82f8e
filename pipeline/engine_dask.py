"""The Dask engine (settings.yml `engine: dask`): large surveys read, validated, anonymised and
counted on a dask.distributed cluster, with the pandas engine's own functions.

Which surveys: general, training and needs surveys whose exports hold at least MIN_BYTES.
Smaller exports, appraisal rounds, training records, repeat-group surveys and interview notes
stay in pandas on this machine (PandasEngine): they are small, or read per person.

How one survey runs:

1. read: one task per export file, on a worker: `ingest.read_export`, what `read_survey` does
   per file. The file is the unit of reading because the reader decides over a whole file
   (encoding, day/month order, decimal mark, identifier columns, junk rows at the end, at most
   50 problems per column): so the problems are exactly the pandas engine's. A national round
   exported as several files (one per province) is read in parallel.
2. partition: each file's canonical table is cut into parts of PART_ROWS rows on its worker,
   each row indexed by its position in the pandas engine's table.
3. validate: the bookkeeping columns of rows with a pseudonym are shuffled by pseudonym, so all
   rows of one person meet in one partition, where `validate.earlier_submissions` runs; the rows
   it names are dropped from the parts.
4. anonymise: the people per typed-in group value are counted over all partitions first; then
   `map_partitions` pools with those counts and redacts with one Redactor built from the
   identifiers of every file and the roster, sent once to each worker.
5. analyse: answers per scale value, count/mean/sd, indicator scores and respondents per group
   by Dask's group-by; `analyse.item_rows` and its siblings turn them into the same `Results`.

`validate` also returns the validated table in pandas: `rapor check` (uncoded comments), the
quotes review and the programme evaluation read it. Disclosure, comment themes and rendering
run in pandas; the themes get the anonymised rows that hold free text.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pipeline.analyse import (
    EMPTY_ITEMS,
    INDICATOR_COLUMNS,
    dimensions,
    favourable_share,
    indicator_questions,
    indicator_rows,
    item_rows,
    respondent_rows,
)
from pipeline.anonymise import BOOKKEEPING, Redactor, free_text_columns, pool, rare_values, redact_columns
from pipeline.definitions import Indicator, Project, Question, Survey
from pipeline.engine import PandasEngine
from pipeline.errors import DefinitionError
from pipeline.identifiers import IdentifierSet
from pipeline.ingest import READERS, ExportRead, concat_tables, export_files, read_export
from pipeline.ingest.pseudonym import SECRET_ENV, pseudonymise, secret_path
from pipeline.tables import AnonymousResponses, Ingested, Results, ValidResponses, whole
from pipeline.validate import earlier_submissions, validate

log = logging.getLogger(__name__)

MIN_BYTES = 8 * 2**20  # below this, reading on this machine is faster than shipping work to workers
PART_ROWS = 50_000
KINDS = ("survey", "training", "needs")
INSTALL = 'pip install "rapor[dask]"'
ALL_KEY = "_all"  # the column every row shares, for the organisation-wide rows (group ids never start with '_')
PROBE = "rapor-probe@contoh.invalid"  # a link key whose pseudonym tells whether two machines share the secret


def _import_dask(settings_file: Path) -> tuple[Any, Any, Any, Any]:
    """Dask is an optional extra: import it only when settings.yml asks for it."""
    try:
        import dask
        import dask.dataframe as dd
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise DefinitionError(settings_file, "engine: dask membutuhkan paket Dask, yang belum terpasang; "
                                             f"pasang dengan: {INSTALL} (atau hapus 'engine: dask')") from exc
    return dask, dd, Client, LocalCluster


def _readable(paths: list[str]) -> list[bool]:
    return [os.access(path, os.R_OK) for path in paths]


def _probe() -> str | None:
    """This machine's pseudonym of PROBE; None when it has no secret file."""
    if not secret_path().exists():
        return None
    return str(pseudonymise(pd.Series([PROBE])).iloc[0])


class DaskEngine(PandasEngine):
    """Large tabular surveys on a Dask cluster; everything else as PandasEngine."""

    def __init__(self, project: Project) -> None:
        settings_file = project.root / "surveys" / "settings.yml"
        self.dask, self.dd, client_type, cluster_type = _import_dask(settings_file)
        self.cluster = None
        # Keep pandas' own dtypes: by default Dask turns text columns into Arrow strings.
        self._config = self.dask.config.set({"dataframe.convert-string": False})
        address = project.settings.scheduler
        try:
            if address:
                self.client = client_type(address, timeout="30s")
            else:
                self.cluster = cluster_type(processes=True, threads_per_worker=1, host="127.0.0.1",
                                            dashboard_address=None, silence_logs=logging.ERROR)
                self.client = client_type(self.cluster)
        except (OSError, TimeoutError) as exc:
            self._config.__exit__(None, None, None)
            raise DefinitionError(settings_file, f"penjadwal Dask di '{address}' tidak dapat dihubungi ({exc}); "
                                                 "periksa 'scheduler:' atau hapus kunci itu agar rapor memakai "
                                                 "klaster lokal") from exc
        self._valid: dict[str, Any] = {}  # survey id -> validated partitions on the cluster
        self._anonymous: dict[str, Any] = {}  # survey id -> anonymised partitions on the cluster
        self._sent: dict[int, tuple[object, Any]] = {}  # id of a value -> (value, its future on the workers)
        try:
            self._check_workers(settings_file)
        except DefinitionError:
            self.close()
            raise

    def _check_workers(self, settings_file: Path) -> None:
        """Every worker must derive the pseudonyms this machine derives, or duplicates go unseen."""
        pseudonymise(pd.Series([PROBE]))  # creates this machine's secret if it is new
        mine = _probe()
        theirs = self.client.run(_probe)
        if not theirs:
            raise DefinitionError(settings_file, "penjadwal Dask tidak punya pekerja (worker) yang terhubung")
        wrong = sorted(worker for worker, probe in theirs.items() if probe != mine)
        if wrong:
            raise DefinitionError(settings_file, f"pekerja Dask {', '.join(wrong)} tidak memakai berkas rahasia "
                                                 f"yang sama dengan komputer ini ({secret_path()}), sehingga nama "
                                                 "samaran berbeda; salin berkas itu ke setiap pekerja dan setel "
                                                 f"{SECRET_ENV} di sana")

    def _on_cluster(self, value: object) -> Any:
        """A future of `value` on every worker, sent once: a task argument would travel with every task."""
        if id(value) not in self._sent:  # the value is kept too, so its id is not reused meanwhile
            [future] = self.client.scatter([value], broadcast=True, hash=False)
            self._sent[id(value)] = (value, future)
        return self._sent[id(value)][1]

    def close(self) -> None:
        self._sent.clear()
        self._valid.clear()
        self._anonymous.clear()
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        self._config.__exit__(None, None, None)

    def validate(self, project: Project, survey: Survey) -> ValidResponses:
        files = large_exports(project, survey)
        if not files:
            return super().validate(project, survey)
        log.info("%s: %d berkas dibaca di klaster Dask", survey.id, len(files))
        self._check_files(project, files)
        return self._validate(project, survey, files)

    def _check_files(self, project: Project, files: list[Path]) -> None:
        """Workers read the exports: each must see them at this machine's path (shared storage)."""
        seen = self.client.run(_readable, [str(p) for p in files])
        missing = sorted((worker, path) for worker, found in seen.items()
                         for path, ok in zip(files, found, strict=True) if not ok)
        if missing:
            worker, path = missing[0]
            raise DefinitionError(project.root / "surveys" / "settings.yml",
                                  f"pekerja Dask {worker} tidak dapat membuka {path}; setiap pekerja harus melihat "
                                  "folder proyek di jalur yang sama (folder bersama di jaringan)")

    def _validate(self, project: Project, survey: Survey, files: list[Path]) -> ValidResponses:
        client = self.client
        reads = [client.submit(read_export, self._on_cluster(project), survey, path, pure=False) for path in files]
        heads = client.gather([client.submit(_head, read, pure=False) for read in reads])
        problems = [p for head in heads for p in head.problems]
        identifiers = IdentifierSet()
        for head in heads:
            identifiers.merge(head.identifiers)
        readable = [(read, head) for read, head in zip(reads, heads, strict=True) if head.report is not None]
        reports = tuple(head.report for _, head in readable)
        meta = joined_schema([head.table for _, head in readable if head.report.rows_kept])
        if meta is None:  # no rows, or files whose columns differ: joined on this machine as pandas joins them
            tables = [read.table for read in client.gather([read for read, _ in readable])]
            return validate(Ingested(survey, concat_tables(tables), tuple(problems), reports, identifiers))
        parts, starts, offsets, position = [], [], [], 0
        for read, head in readable:
            offsets.append(position)
            for start in range(0, head.report.rows_kept, PART_ROWS):
                stop = min(start + PART_ROWS, head.report.rows_kept)
                parts.append(client.submit(_part, read, start, stop, position + start, meta, pure=False))
                starts.append(position + start)
            position += head.report.rows_kept
        table = self.dd.from_delayed(parts, meta=meta, divisions=[*starts, position - 1], verify_meta=False)
        table = table.persist()
        del reads, parts  # each file's whole table is released once it is cut into parts
        dropped, duplicates = self._earlier_submissions(table, {r.path.name: r.path for r in reports})
        rows = dropped if len(dropped) < 10_000 else self.dask.delayed(self._on_cluster(dropped))
        valid = table.map_partitions(_without, rows, meta=table._meta).persist()
        self._valid[survey.id] = valid
        ends = [*offsets[1:], position]
        kept = [int(end - start - np.count_nonzero((dropped >= start) & (dropped < end)))
                for start, end in zip(offsets, ends, strict=True)]
        reports = tuple(replace(r, rows_kept=n) for r, n in zip(reports, kept, strict=True))
        return ValidResponses(survey, valid.compute().reset_index(drop=True), (*problems, *duplicates), reports,
                              identifiers)

    def _earlier_submissions(self, table: Any, paths: dict[str, Path]) -> tuple[np.ndarray, list]:
        """Every person's rows in one partition (a shuffle by pseudonym), then validate's own rule on each."""
        keyed = table[["_pseudonym", "_submitted", "_file", "_row"]]
        keyed = keyed[keyed["_pseudonym"].notnull()].shuffle("_pseudonym", shuffle_method="tasks")
        found = self.dask.compute(*[self.dask.delayed(earlier_submissions)(part, paths)
                                    for part in keyed.to_delayed()])
        dropped = np.sort(np.concatenate([np.asarray(index, dtype="int64") for index, _ in found] or
                                         [np.empty(0, dtype="int64")]))
        return dropped, [p for _, problems in found for p in problems]

    def anonymise(self, responses: ValidResponses, roster: IdentifierSet, k: int) -> AnonymousResponses:
        """Pool with counts over all partitions, redact each partition; return the rows holding free text."""
        valid = self._valid.get(responses.survey.id)
        if valid is None:
            return super().anonymise(responses, roster, k)
        survey = responses.survey
        table = valid.drop(columns=[c for c in BOOKKEEPING if c in valid.columns])
        typed = [g.id for g in survey.groups if g.id != "unit" and g.id in table.columns]
        counts = self.dask.compute(*[table[c].astype("string").value_counts() for c in typed])
        pooling = {}
        for column, count in zip(typed, counts, strict=True):
            rare = rare_values(count, k)
            if len(rare):  # the categories pandas infers from the whole column, from its distinct values
                pooling[column] = (rare, pool(pd.Series(count.index), rare).astype("category").dtype)
        redactor = self.dask.delayed(self._on_cluster(Redactor(responses.identifiers, roster)))
        columns = free_text_columns(survey, table._meta)
        meta = anonymise_part(table._meta, pooling, columns, Redactor())
        anonymous = table.map_partitions(anonymise_part, pooling, columns, redactor, meta=meta).persist()
        redactions, anonymous = anonymous["_redactions"].sum(), anonymous.drop(columns="_redactions")
        texts = anonymous[anonymous[columns].notnull().any(axis=1)] if columns else anonymous.head(0, npartitions=-1)
        redactions, texts = self.dask.compute(redactions, texts)
        self._anonymous[survey.id] = anonymous
        return AnonymousResponses(survey, texts, int(redactions))

    def analyse(self, anonymous: AnonymousResponses, project: Project) -> Results:
        table = self._anonymous.get(anonymous.survey.id)
        if table is None:
            return super().analyse(anonymous, project)
        return self._count(table, anonymous.survey, project)

    def _count(self, table: Any, survey: Survey, project: Project) -> Results:
        """analyse() with Dask's group-by: the per-group counts and moments, then analyse's own rows."""
        likert = [q for q in survey.questions if q.type == "likert" and q.id in table.columns]
        scored = [(i, qs) for i in project.indicators if (qs := indicator_questions(i, survey))]
        texts = [q.id for q in survey.questions if q.type == "text" and q.id in table.columns]
        keys = [ALL_KEY] + [g.id for g in survey.groups]
        meta = numbers_part(table._meta, keys, likert, scored, project)
        coded = table.map_partitions(numbers_part, keys, likert, scored, self.dask.delayed(self._on_cluster(project)),
                                     meta=meta)
        spec = {column: AGGREGATES[column.partition(":")[0]] for column in meta.columns if column not in keys}
        per_key, comments = self.dask.compute([coded.groupby(key).agg(spec) for key in keys],
                                              [table[t].count() for t in texts])
        dims = dict(zip(keys, dimensions(survey), strict=True))
        done = {key: Groups.of(_key_column(table._meta, key), result)
                for key, result in zip(keys, per_key, strict=True)}
        items = [item_rows(q, dims[key], values, *done[key].answers(q, values))
                 for q in likert for key in keys for values in [project.scales[q.scale].values]]
        respondents = [respondent_rows(dims[key], done[key].respondents()) for key in keys]
        indicators = [indicator_rows(i, dims[key], done[key].counted(f"_score:{i.id}"))
                      for i, _ in scored for key in keys]
        return Results(
            survey=survey,
            items=pd.concat(items, ignore_index=True) if items else pd.DataFrame(columns=EMPTY_ITEMS),
            respondents=pd.concat(respondents, ignore_index=True),
            indicators=pd.concat(indicators, ignore_index=True) if indicators else
            pd.DataFrame(columns=INDICATOR_COLUMNS),
            comments=int(sum(comments)),
        )


def large_exports(project: Project, survey: Survey) -> list[Path]:
    """The exports of a survey the Dask engine reads; [] when it stays in pandas."""
    if survey.kind not in KINDS or survey.sheet or (survey.format and survey.format not in READERS):
        return []
    files = export_files(project, survey)
    return files if files and sum(p.stat().st_size for p in files) >= MIN_BYTES else []


def joined_schema(tables: list[pd.DataFrame]) -> pd.DataFrame | None:
    """The empty table `concat_tables` would give for tables with rows; None when their columns differ.

    A category inferred from the answers (a typed-in group) differs between files: pandas joins
    such columns as text, and so do the partitions.
    """
    if not tables or any(list(t.columns) != list(tables[0].columns) for t in tables):
        return None
    types = {}
    for column in tables[0].columns:
        kinds = [t[column].dtype for t in tables]
        if all(kind == kinds[0] for kind in kinds):
            types[column] = kinds[0]
        elif all(isinstance(kind, pd.CategoricalDtype) for kind in kinds):
            types[column] = np.dtype(object)
        else:
            return None
    return tables[0].iloc[:0].astype(types).set_axis(pd.RangeIndex(0))


def _head(read: ExportRead) -> ExportRead:
    """What this machine needs of a file read on a worker: all but the rows."""
    return replace(read, table=read.table.iloc[:0])


def _part(read: ExportRead, start: int, stop: int, position: int, meta: pd.DataFrame) -> pd.DataFrame:
    part = read.table.iloc[start:stop].astype(meta.dtypes.to_dict())
    return part.set_axis(pd.RangeIndex(position, position + len(part)))


def _without(part: pd.DataFrame, rows: np.ndarray) -> pd.DataFrame:
    return part[~part.index.isin(rows)]


def anonymise_part(part: pd.DataFrame, pooling: dict[str, tuple[pd.Index, pd.CategoricalDtype]],
                   columns: list[str], redactor: Redactor) -> pd.DataFrame:
    """One partition through anonymise's pooling and redaction; `_redactions` counts the cells changed."""
    for column, (rare, dtype) in pooling.items():
        part = part.assign(**{column: pool(part[column], rare).astype(dtype)})
    part, changed = redact_columns(part, columns, redactor)
    return part.assign(_redactions=changed)


def numbers_part(part: pd.DataFrame, keys: list[str], likert: list[Question],
                 scored: list[tuple[Indicator, list[Question]]], project: Project) -> pd.DataFrame:
    """What the group-by needs of one partition: group keys as category codes (the same in every
    partition), a 0/1 column per question and scale value, answers as numbers, indicator scores."""
    out = {"_position": part.index.to_numpy()}
    for column in keys:
        values = _key_column(part, column)
        out[column] = values.cat.codes if isinstance(values.dtype, pd.CategoricalDtype) else values
    for q in likert:
        codes = part[q.id].cat.codes.to_numpy()
        out |= {f"_hit:{q.id}:{code}": codes == code  # pandas sums booleans as int64
                for code in range(len(part[q.id].cat.categories))}
        out[f"_num:{q.id}"] = np.asarray(part[q.id].astype("float64"))
    out |= {f"_score:{i.id}": favourable_share(part, questions, project) for i, questions in scored}
    return pd.DataFrame(out, index=part.index)


# How each column of numbers_part is aggregated per group, by its prefix.
AGGREGATES = {"_position": ["min", "count"], "_hit": "sum", "_num": ["count", "mean", "std"],
              "_score": ["count", "mean"]}


def _key_column(table: pd.DataFrame, key: str) -> pd.Series:
    if key == ALL_KEY:
        return whole(table.index)
    return table[key]


@dataclass(frozen=True)
class Groups:
    """One dimension's group-by result, in the groups analyse lists: every category of a categorical
    column (empty ones too, in category order, found by code), else the values seen, sorted."""

    result: pd.DataFrame
    labels: pd.Index
    categorical: bool

    @classmethod
    def of(cls, column: pd.Series, result: pd.DataFrame) -> Groups:
        if isinstance(column.dtype, pd.CategoricalDtype):
            labels = pd.Index(column.cat.categories)
            result = result.reindex(pd.RangeIndex(len(labels)))  # code -1 (no group) falls out
        else:
            labels = pd.Index(sorted(result.index))
            result = result.reindex(labels)
        return cls(result.set_axis(labels), labels, isinstance(column.dtype, pd.CategoricalDtype))

    def counted(self, column: str) -> pd.DataFrame:
        """count/mean(/std) per group: 0 and NaN where no row was seen, as pandas' group-by gives."""
        out = self.result[column]
        return out.assign(count=out["count"].fillna(0).astype("int64"))

    def respondents(self) -> pd.Series:
        """People per group in the order of `value_counts(sort=False)`: categories, else first appearance."""
        sizes = self.result[("_position", "count")].fillna(0).astype("int64")
        if self.categorical:
            return sizes
        return sizes.reindex(self.result[("_position", "min")].sort_values(kind="stable").index)

    def answers(self, question: Question, values: list[int]) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
        """Answers per group and scale value, their count/mean/std, and the people per group."""
        hits = [(f"_hit:{question.id}:{code}", "sum") for code in range(len(values))]
        counts = self.result[hits].fillna(0).astype("int64").set_axis(values, axis=1)
        summary = self.counted(f"_num:{question.id}")
        return counts, summary, summary["count"]

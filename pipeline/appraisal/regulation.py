"""Regulation tables as data: predikat matrix, distribution rules, BerAKHLAK, the 9-box.

The tables live in YAML files with their source and the date they were checked
(`site_templates/data/regulasi/`); a project may replace any of them with a file of
the same name under `surveys/regulasi/`. Each file is validated into frozen models
and cross-checked (a complete 3 x 3 matrix, nine boxes covering the grid, rules that
name known predikat), so a typo is an error naming the file, never a wrong page.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import Field, model_validator

from pipeline.definitions import ID_RE, PERIOD_RE, Model, Project, _parse
from pipeline.errors import DefinitionError
from pipeline.ingest.sheet import label_key

BUNDLED = Path(__file__).resolve().parent.parent.parent / "site_templates" / "data" / "regulasi"
PROJECT_FOLDER = Path("surveys") / "regulasi"
ORGANISATION_FILE = Path("surveys") / "predikat-organisasi.yml"


class Source(Model):
    title: str
    confidence: Literal["resmi", "sekunder", "belum dikonfirmasi"]
    checked: dt.date
    note: str | None = None
    urls: tuple[str, ...] = ()


class Label(Model):
    id: str = Field(pattern=ID_RE)
    label: str
    aliases: tuple[str, ...] = ()


def label_lookup(labels: tuple[Label, ...]) -> dict[str, str]:
    """Compare keys (case, spaces and punctuation ignored) -> id, for labels and aliases."""
    return {label_key(text): item.id for item in labels for text in (item.label, *item.aliases)}


def normalise_labels(values: pd.Series, labels: tuple[Label, ...]) -> tuple[pd.Series, pd.Series]:
    """Map typed labels to ids ('DIBAWAH EKSPEKTASI' -> 'di-bawah'); return ids and a mask of unknown cells.

    Empty cells become NA and are not unknown. Works once per distinct value.
    """
    lookup = label_lookup(labels)
    text = values.astype("string").fillna("").str.strip()
    distinct = text.drop_duplicates()
    ids = text.map(dict(zip(distinct, (lookup.get(label_key(v)) if v else None for v in distinct), strict=True)))
    unknown = ids.isna() & (text != "")
    ordered = [item.id for item in labels]
    return pd.Series(pd.Categorical(ids, categories=ordered, ordered=True), index=values.index), unknown


class PredikatTable(Model):
    source: Source
    ratings: tuple[Label, ...] = Field(min_length=3, max_length=3)
    predikat: tuple[Label, ...] = Field(min_length=5, max_length=5)
    matrix: dict[str, dict[str, str]]

    @model_validator(mode="after")
    def _complete(self) -> PredikatTable:
        ratings = {r.id for r in self.ratings}
        known = {p.id for p in self.predikat}
        if set(self.matrix) != ratings or any(set(row) != ratings for row in self.matrix.values()):
            raise ValueError("matrix harus memuat setiap pasangan rating hasil kerja x perilaku kerja (3 x 3)")
        wrong = sorted({p for row in self.matrix.values() for p in row.values()} - known)
        if wrong:
            raise ValueError(f"matrix menyebut predikat yang tidak ada: {', '.join(wrong)}")
        return self

    def label(self, predikat_id: str) -> str:
        return next(p.label for p in self.predikat if p.id == predikat_id)


class Rule(Model):
    predikat: tuple[str, ...] = Field(min_length=1)
    at_most: float | None = Field(default=None, ge=0, le=100)
    at_least: float | None = Field(default=None, ge=0, le=100)
    at_least_count: int | None = Field(default=None, ge=0)
    at_most_count: int | None = Field(default=None, ge=0)
    quote: str

    @model_validator(mode="after")
    def _one_limit(self) -> Rule:
        limits = [self.at_most, self.at_least, self.at_least_count, self.at_most_count]
        if sum(v is not None for v in limits) != 1:
            raise ValueError("tiap aturan memakai tepat satu batas: "
                             "at_most, at_least, at_least_count atau at_most_count")
        return self


class DistributionTable(Model):
    source: Source
    organisation_predikat: tuple[Label, ...] = Field(min_length=1)
    rules: dict[str, tuple[Rule, ...]]

    def label(self, organisation_id: str) -> str:
        return next(p.label for p in self.organisation_predikat if p.id == organisation_id)


class Behaviour(Model):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    text: str


class Value(Model):
    id: str = Field(pattern=ID_RE)
    name: str
    meaning: str
    behaviours: tuple[Behaviour, ...] = Field(min_length=3, max_length=3)


class RaterCategory(Label):
    self: bool = False


class BerakhlakTable(Model):
    source: Source
    values: tuple[Value, ...] = Field(min_length=7, max_length=7)
    rater_categories: tuple[RaterCategory, ...] = Field(min_length=2)

    @model_validator(mode="after")
    def _one_self(self) -> BerakhlakTable:
        if sum(c.self for c in self.rater_categories) != 1:
            raise ValueError("rater_categories harus memuat tepat satu kategori 'self: true'")
        return self

    @property
    def behaviours(self) -> list[Behaviour]:
        return [b for v in self.values for b in v.behaviours]

    @property
    def self_category(self) -> str:
        return next(c.id for c in self.rater_categories if c.self)


class Row(Label):
    from_predikat: tuple[str, ...] = ()


class Box(Model):
    box: int = Field(ge=1, le=9)
    kinerja: str
    potensial: str
    follow_up: tuple[str, ...] = Field(min_length=1)


class NineBoxTable(Model):
    source: Source
    kinerja: tuple[Row, ...] = Field(min_length=3, max_length=3)
    kinerja_assumption: str
    potensial: tuple[Label, ...] = Field(min_length=3, max_length=3)
    boxes: tuple[Box, ...] = Field(min_length=9, max_length=9)
    succession: dict[str, tuple[int, ...]] = {}

    @model_validator(mode="after")
    def _grid(self) -> NineBoxTable:
        cells = {(b.kinerja, b.potensial) for b in self.boxes}
        grid = {(k.id, p.id) for k in self.kinerja for p in self.potensial}
        if cells != grid or sorted(b.box for b in self.boxes) != list(range(1, 10)):
            raise ValueError("boxes harus mengisi setiap sel kinerja x potensial tepat sekali, kotak 1 sampai 9")
        return self

    def box(self, kinerja: str, potensial: str) -> Box:
        return next(b for b in self.boxes if b.kinerja == kinerja and b.potensial == potensial)


class Regulation(Model):
    predikat: PredikatTable
    distribution: DistributionTable
    berakhlak: BerakhlakTable
    ninebox: NineBoxTable
    files: dict[str, Path]  # which file each table was read from, for the guide pages


TABLES = {"predikat": ("predikat.yml", PredikatTable), "distribution": ("distribusi.yml", DistributionTable),
          "berakhlak": ("berakhlak.yml", BerakhlakTable), "ninebox": ("sembilan-kotak.yml", NineBoxTable)}


def regulation_file(root: Path, name: str) -> Path:
    """The project's own copy under surveys/regulasi/ if there is one, else the bundled table."""
    own = root / PROJECT_FOLDER / name
    return own if own.exists() else BUNDLED / name


def load_regulation(project: Project) -> Regulation:
    """Read, validate and cross-check the four regulation tables."""
    files = {key: regulation_file(project.root, name) for key, (name, _) in TABLES.items()}
    tables = {key: _parse(model, files[key]) for key, (_, model) in TABLES.items()}
    regulation = Regulation(files=files, **tables)
    _cross_check(regulation)
    return regulation


def _cross_check(regulation: Regulation) -> None:
    predikat = {p.id for p in regulation.predikat.predikat}
    organisation = {p.id for p in regulation.distribution.organisation_predikat}
    errors = [f"rules.{key}: predikat organisasi tidak dikenal" for key in regulation.distribution.rules
              if key not in organisation]
    errors += [f"rules.{key}: predikat pegawai '{p}' tidak ada di predikat.yml"
               for key, rules in regulation.distribution.rules.items() for r in rules for p in r.predikat
               if p not in predikat]
    if errors:
        raise DefinitionError(regulation.files["distribution"], *errors)
    rows = [p for row in regulation.ninebox.kinerja for p in row.from_predikat]
    if sorted(rows) != sorted(predikat):
        raise DefinitionError(regulation.files["ninebox"],
                              "kinerja.from_predikat harus memuat setiap predikat pegawai tepat sekali")


class UnitPredikat(Model):
    period: str = Field(pattern=PERIOD_RE.pattern)
    organisation: str | None = None
    units: dict[str, str] = {}


class OrganisationFile(Model):
    periods: tuple[UnitPredikat, ...] = ()


def load_organisation_predikat(project: Project, regulation: Regulation) -> dict[tuple[str, str], str]:
    """Organisation predikat per (period, unit id or '' for the whole organisation), as ids.

    The file is optional: without it the distribution advisory says the predikat is unknown.
    """
    path = project.root / ORGANISATION_FILE
    if not path.exists():
        return {}
    data = _parse(OrganisationFile, path)
    labels = regulation.distribution.organisation_predikat
    lookup = label_lookup(labels)
    units = {u.id for u in project.units}
    out, errors = {}, []
    for i, entry in enumerate(data.periods):
        pairs = ([("", entry.organisation)] if entry.organisation else []) + sorted(entry.units.items())
        for unit, typed in pairs:
            found = lookup.get(label_key(typed))
            where = f"periods.{i}.{'units.' + unit if unit else 'organisation'}"
            if unit and unit not in units:
                errors.append(f"{where}: unit '{unit}' tidak ada di units.yml")
            elif found is None:
                errors.append(f"{where}: predikat '{typed}' tidak dikenal; pilih "
                              + ", ".join(p.label for p in labels))
            else:
                out[(entry.period, unit)] = found
    if errors:
        raise DefinitionError(path, *errors)
    return out

"""Definitions: the YAML under `surveys/`, validated into typed, frozen objects.

Every model forbids unknown keys so that a typo (`identifers:`) is an error naming
the file and the key path instead of a silently ignored setting.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from pipeline.errors import DefinitionError

PERIOD_RE = re.compile(r"^(?P<year>\d{4})(?:-(?:S(?P<sem>[12])|Q(?P<q>[1-4])|(?P<month>0[1-9]|1[0-2])))?$")
ID_RE = r"^[a-z0-9][a-z0-9-]*$"

SurveyKind = Literal[
    "survey", "training", "needs", "skp", "feedback-360", "interviews", "training-record"
]
QuestionType = Literal["likert", "single", "multi", "number", "text", "date"]
TrainingLevel = Literal["reaksi", "pembelajaran", "perilaku", "hasil"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Audience(Model):
    id: str = Field(pattern=ID_RE)
    title: str
    unit_breakdowns: bool = False
    hr_pages: bool = False  # the operator guide, advisories and the fairness check


DEFAULT_AUDIENCES = (
    Audience(id="pegawai", title="Pegawai", unit_breakdowns=False),
    Audience(id="pimpinan", title="Pimpinan Unit", unit_breakdowns=True),
    Audience(id="sdm", title="Pengelola SDM", unit_breakdowns=True, hr_pages=True),
)


class Settings(Model):
    organisation: str = "Instansi Contoh"
    site_title: str = "rapor — Hasil Evaluasi Pegawai"
    min_group_size: int = Field(default=5, ge=3)
    min_group_size_text: int = Field(default=10, ge=3)
    roster: str | None = None  # staff list under surveys/ (Nama, Jabatan, Unit Kerja), for redaction
    audit_allow: tuple[str, ...] = ()  # published on purpose, e.g. the office's own phone number
    audiences: tuple[Audience, ...] = DEFAULT_AUDIENCES
    # "pandas" on one machine; "dask" runs ingest, validation, redaction and counting per
    # partition on a dask.distributed cluster (optional extra: pip install "rapor[dask]").
    engine: Literal["pandas", "dask"] = "pandas"
    scheduler: str | None = None  # address of a running Dask scheduler; None starts a local cluster

    @model_validator(mode="after")
    def _text_threshold_not_lower(self) -> Settings:
        if self.min_group_size_text < self.min_group_size:
            raise ValueError("min_group_size_text tidak boleh lebih kecil dari min_group_size")
        return self


class Unit(Model):
    id: str = Field(pattern=ID_RE)
    name: str
    aliases: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()  # positions one person holds ("Kabag Umum"): redacted from free text
    parent: str | None = None
    headcount: int | None = Field(default=None, ge=0)


class ScalePoint(Model):
    value: int
    label: str
    label_en: str | None = None
    aliases: tuple[str, ...] = ()


class Scale(Model):
    label: str
    points: tuple[ScalePoint, ...] = Field(min_length=2)

    @property
    def values(self) -> list[int]:
        return [p.value for p in self.points]

    @property
    def top_box(self) -> list[int]:
        """The two highest points: 'top-2-box' means agree or strongly agree."""
        return sorted(self.values)[-2:]


class Indicator(Model):
    id: str = Field(pattern=ID_RE)
    name: str
    definition: str
    why: str
    how_measured: str
    questions: tuple[str, ...] = ()
    source: str


def slug(text: str, sep: str = "_") -> str:
    """ASCII lower-case words joined by `sep`: 'Umpan Balik & Coaching' -> 'umpan_balik_coaching'."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", sep, ascii_text.lower()).strip(sep)


OTHER = "lainnya"  # suffix of the column holding a multi-select's unlisted ("other") answers


class Option(Model):
    """One choice; `code` is how an export writes it when not the label (LimeSurvey SQ001)."""

    label: str
    code: str | None = None


class Question(Model):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    column: str
    type: QuestionType
    text: str | None = None
    scale: str | None = None
    reverse: bool = False
    options: tuple[Option, ...] = ()
    other: bool = False  # multi: answers outside `options` are kept as free text, not reported

    @field_validator("options", mode="before")
    @classmethod
    def _plain_options(cls, value: object) -> object:
        if isinstance(value, list | tuple):
            return [{"label": str(v)} if isinstance(v, str | int | float) else v for v in value]
        return value

    @model_validator(mode="after")
    def _scale_for_likert(self) -> Question:
        if self.type == "likert" and not self.scale:
            raise ValueError("pertanyaan likert wajib menyebut 'scale'")
        if self.type == "multi" and not self.options:
            raise ValueError("pertanyaan multi wajib menyebut 'options'")
        slugs = [slug(o.label) for o in self.options]
        if self.type == "multi" and (OTHER in slugs or "" in slugs or len(set(slugs)) < len(slugs)):
            raise ValueError("label 'options' harus unik dan bukan 'Lainnya' (pakai 'other: true')")
        return self

    @property
    def label(self) -> str:
        return self.text or self.column

    def option_columns(self) -> dict[str, str]:
        """Canonical column of each option of a multi question: label -> `<id>__<slug>`."""
        return {o.label: f"{self.id}__{slug(o.label)}" for o in self.options}

    @property
    def other_column(self) -> str:
        return f"{self.id}__{OTHER}"


class Group(Model):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    column: str
    label: str | None = None


class Survey(Model):
    id: str = Field(pattern=ID_RE)
    title: str
    kind: SurveyKind
    period: str
    series: str | None = None
    level: TrainingLevel | None = None
    programme: str | None = None
    cohort: str | None = Field(default=None, pattern=ID_RE)  # angkatan of the programme (programmes.yml)
    rater: Literal["diri", "atasan"] | None = None  # perilaku and needs: who answers (default: diri)
    description: str | None = None
    format: str | None = None
    include_incomplete: bool = False  # keep responses the platform marks unfinished
    # KoboToolbox XLSX: read the sheet of this repeat group (e.g. `sesi`) instead of the main
    # sheet: one row per repeat entry (each session a participant rated), joined to its
    # submission's columns (unit, identifiers, groups) through `_parent_index` -> `_index`.
    sheet: str | None = None
    identifiers: tuple[str, ...] = ()
    link_key: str | None = None
    subject_key: str | None = None  # feedback-360: column naming the person rated; pseudonymised like link_key
    groups: tuple[Group, ...] = ()
    questions: tuple[Question, ...] = Field(min_length=1)

    @field_validator("period")
    @classmethod
    def _period(cls, value: str) -> str:
        if not PERIOD_RE.match(value):
            raise ValueError(f"periode '{value}' tidak dikenal; pakai 2026, 2026-S1, 2026-Q3 atau 2026-10")
        return value

    @model_validator(mode="after")
    def _sheet_kind(self) -> Survey:
        # Learning tests, results and needs link one row per person across exports (linking.py);
        # a repeat group has several rows per person, so only item and theme analysis reads one.
        if self.sheet and (self.kind not in {"survey", "training"}
                           or self.level in {"pembelajaran", "hasil"}):
            raise ValueError("sheet: hanya untuk kind survey, atau training dengan level reaksi "
                             "atau perilaku (grup berulang berisi beberapa baris per orang)")
        return self

    @model_validator(mode="after")
    def _unique_ids(self) -> Survey:
        ids = [q.id for q in self.questions] + [g.id for g in self.groups]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"id ganda: {', '.join(dupes)}")
        return self


class Project(Model):
    """Everything under `surveys/`, validated together."""

    root: Path
    settings: Settings
    units: tuple[Unit, ...]
    scales: dict[str, Scale]
    indicators: tuple[Indicator, ...]
    surveys: tuple[Survey, ...]

    def survey_dir(self, survey: Survey) -> Path:
        return self.root / "surveys" / survey.id

    def unit(self, unit_id: str) -> Unit:
        return next(u for u in self.units if u.id == unit_id)


class _UnitsFile(Model):
    units: tuple[Unit, ...] = ()


class _ScalesFile(Model):
    scales: dict[str, Scale] = {}


class _IndicatorsFile(Model):
    indicators: tuple[Indicator, ...] = ()


def period_label(period: str) -> str:
    """Return the Indonesian name of a period: `2026-S1` -> `Semester I 2026`."""
    m = PERIOD_RE.match(period)
    if not m:
        return period
    year = m["year"]
    if m["sem"]:
        return f"Semester {'I' * int(m['sem'])} {year}"
    if m["q"]:
        return f"Triwulan {['I', 'II', 'III', 'IV'][int(m['q']) - 1]} {year}"
    if m["month"]:
        months = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
                  "Agustus", "September", "Oktober", "November", "Desember"]
        return f"{months[int(m['month']) - 1]} {year}"
    return f"Tahun {year}"


def period_sort_key(period: str) -> tuple[int, int]:
    """Order periods within a year: a whole year last, then semesters, quarters, months by start."""
    m = PERIOD_RE.match(period)
    if not m:
        return (0, 0)
    start_month = 13
    if m["sem"]:
        start_month = 1 + 6 * (int(m["sem"]) - 1)
    elif m["q"]:
        start_month = 1 + 3 * (int(m["q"]) - 1)
    elif m["month"]:
        start_month = int(m["month"])
    return (int(m["year"]), start_month)


def _read_yaml(path: Path) -> object:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DefinitionError(path, f"berkas bukan UTF-8 ({exc.reason}); simpan ulang sebagai UTF-8") from exc
    try:
        return yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" baris {where.line + 1}" if where else ""
        raise DefinitionError(path, f"YAML tidak valid{line}: {getattr(exc, 'problem', exc)}") from exc


def _format_errors(exc: ValidationError) -> list[str]:
    messages = []
    for err in exc.errors():
        key_path = ".".join(str(p) for p in err["loc"]) or "(akar)"
        if err["type"] == "extra_forbidden":
            text = "kunci tidak dikenal (salah ketik?)"
        elif err["type"] == "missing":
            text = "kunci wajib tidak ada"
        else:
            text = err["msg"].removeprefix("Value error, ")
        messages.append(f"{key_path}: {text}")
    return messages


def _parse(model: type[Model], path: Path, default: object = None) -> Model:
    data = _read_yaml(path) if path.exists() else default
    if data is None:
        raise DefinitionError(path, "berkas tidak ditemukan")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise DefinitionError(path, *_format_errors(exc)) from exc


def load_project(root: Path) -> Project:
    """Load and cross-check every definition under `root/surveys`; raise DefinitionError listing all errors."""
    base = root / "surveys"
    if not base.is_dir():
        raise DefinitionError(base, "folder surveys/ tidak ditemukan; jalankan rapor dari folder proyek "
                                    "atau pakai --project")
    settings = _parse(Settings, base / "settings.yml", default={})
    units = _parse(_UnitsFile, base / "units.yml", default={}).units
    scales = _parse(_ScalesFile, base / "scales.yml", default={}).scales
    indicators = _parse(_IndicatorsFile, base / "indicators.yml", default={}).indicators
    surveys = tuple(
        _parse(Survey, path) for path in sorted(base.glob("*/survey.yml"))
    )
    project = Project(root=root, settings=settings, units=units, scales=scales,
                      indicators=indicators, surveys=surveys)
    _cross_check(project)
    return project


def _cross_check(project: Project) -> None:
    base = project.root / "surveys"
    for survey in project.surveys:
        path = base / survey.id / "survey.yml"
        errors = []
        if path.parent.name != survey.id:
            errors.append(f"id: '{survey.id}' harus sama dengan nama folder '{path.parent.name}'")
        for i, q in enumerate(survey.questions):
            if q.scale and q.scale not in project.scales:
                errors.append(f"questions.{i}.scale: skala '{q.scale}' tidak ada di scales.yml")
        if errors:
            raise DefinitionError(path, *errors)
    known = {(s.id, q.id) for s in project.surveys for q in s.questions}
    known |= {(s.series, q.id) for s in project.surveys if s.series for q in s.questions}
    errors = []
    for i, ind in enumerate(project.indicators):
        for j, ref in enumerate(ind.questions):
            survey_id, _, question_id = ref.partition(".")
            if (survey_id, question_id) not in known:
                errors.append(f"indicators.{i}.questions.{j}: '{ref}' tidak merujuk ke survei.pertanyaan yang ada")
    if errors:
        raise DefinitionError(base / "indicators.yml", *errors)

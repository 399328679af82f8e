"""Programme definitions: `surveys/programmes.yml` and the JP targets in `surveys/jp-targets.yml`.

A programme ties its surveys together. Each survey of `kind: training` names its
`programme`, `cohort` (angkatan) and `level`; the programme says which questions
hold the pre- and post-test scores, which behaviours are followed up, which result
indicators are compared, and the inputs (participants, JP, budget). Needs-analysis
surveys (`kind: needs`) are read through the competencies listed here, and the
follow-up rules of the managers' summaries are data here, never Python.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from pipeline.definitions import ID_RE, Model, Project, Survey, _parse
from pipeline.errors import DefinitionError

PROGRAMMES_FILE = "programmes.yml"
JP_TARGETS_FILE = "jp-targets.yml"
Measure = Literal["reaksi_setuju", "peningkatan", "gain_normal", "lulus", "penerapan", "selisih_diri_atasan"]


class Competency(Model):
    """One competency of the needs analysis: the two questions every rater answers about it."""

    id: str = Field(pattern=ID_RE)
    name: str
    importance: str  # question id: how important for the job (1..5)
    level: str  # question id: current mastery (1..5)


class Aspect(Model):
    name: str
    questions: tuple[str, ...] = Field(min_length=1)


class Reaction(Model):
    aspects: tuple[Aspect, ...] = ()


class Learning(Model):
    pre: str  # question id of the pre-test score
    post: str  # question id of the post-test score
    max_score: float = Field(default=100, gt=0)
    pass_score: float | None = None

    @model_validator(mode="after")
    def _pass_within_range(self) -> Learning:
        if self.pass_score is not None and not 0 <= self.pass_score <= self.max_score:
            raise ValueError("pass_score harus di antara 0 dan max_score")
        return self


class Behaviour(Model):
    behaviours: tuple[str, ...] = Field(min_length=1)  # question ids, the same in both raters' surveys


class ResultIndicator(Model):
    id: str = Field(pattern=ID_RE)
    name: str
    before: str  # question id
    after: str  # question id
    unit: str = ""  # printed after values: "%", " hari"
    better: Literal["higher", "lower"] = "higher"


class Results(Model):
    indicators: tuple[ResultIndicator, ...] = Field(min_length=1)


class Benefit(Model):
    """Monetised benefit for a return-on-investment line, shown only with its assumption."""

    value: float = Field(gt=0)
    assumption: str


class Cohort(Model):
    id: str = Field(pattern=ID_RE)
    title: str
    participants: int | None = Field(default=None, ge=0)
    budget: float | None = Field(default=None, ge=0)  # rupiah spent on this cohort


class Programme(Model):
    id: str = Field(pattern=ID_RE)
    title: str
    description: str | None = None
    addresses: tuple[str, ...] = ()  # competency ids this programme develops
    jp: float | None = Field(default=None, gt=0)  # jam pelajaran per participant
    benefit: Benefit | None = None
    cohorts: tuple[Cohort, ...] = Field(min_length=1)
    reaksi: Reaction = Reaction()
    pembelajaran: Learning | None = None
    perilaku: Behaviour | None = None
    hasil: Results | None = None

    def cohort(self, cohort_id: str) -> Cohort:
        return next(c for c in self.cohorts if c.id == cohort_id)


class FollowUp(Model):
    """A suggested follow-up: shown when a unit's measure is below or above a limit."""

    measure: Measure
    below: float | None = None
    above: float | None = None
    text: str

    @model_validator(mode="after")
    def _one_limit(self) -> FollowUp:
        if (self.below is None) == (self.above is None):
            raise ValueError("tulis tepat satu batas: 'below' atau 'above'")
        return self

    def applies(self, value: float | None) -> bool:
        if value is None:
            return False
        return value < self.below if self.below is not None else value > self.above


class RecordColumns(Model):
    """Question and group ids of a training-record survey (`kind: training-record`)."""

    hours: str = "jp"
    date: str = "tanggal"
    status: str = "status"


class Programmes(Model):
    competencies: tuple[Competency, ...] = ()
    programmes: tuple[Programme, ...] = ()
    follow_ups: tuple[FollowUp, ...] = ()
    records: RecordColumns = RecordColumns()

    def programme(self, programme_id: str) -> Programme:
        return next(p for p in self.programmes if p.id == programme_id)


class JpTarget(Model):
    status: str
    aliases: tuple[str, ...] = ()
    rule: Literal["minimum", "maximum"]
    jp: float = Field(ge=0)
    source: str
    confirmed: bool = True  # False: read from secondary sources, not yet checked against the official text

    def matches(self, value: str) -> bool:
        names = {self.status, *self.aliases}
        return value.strip().casefold() in {n.casefold() for n in names}


class JpTargets(Model):
    checked: date
    targets: tuple[JpTarget, ...] = ()


def cohort_of(survey: Survey, programme: Programme) -> str | None:
    """The survey's cohort id; a programme with one cohort needs none written."""
    if survey.cohort is None:
        return programme.cohorts[0].id if len(programme.cohorts) == 1 else None
    return survey.cohort if survey.cohort in {c.id for c in programme.cohorts} else None


def load_programmes(project: Project) -> Programmes:
    """Read surveys/programmes.yml (optional) and check it against the surveys; raise DefinitionError."""
    path = project.root / "surveys" / PROGRAMMES_FILE
    programmes = _parse(Programmes, path, default={})
    _check_programmes(programmes, project, path)
    for survey in project.surveys:
        _check_survey(survey, programmes, project)
    return programmes


def load_jp_targets(project: Project) -> JpTargets:
    path = project.root / "surveys" / JP_TARGETS_FILE
    return _parse(JpTargets, path, default={"checked": date(1970, 1, 1)})


def _check_programmes(programmes: Programmes, project: Project, path: Path) -> None:
    errors = []
    known = {c.id for c in programmes.competencies}
    for i, programme in enumerate(programmes.programmes):
        for j, competency in enumerate(programme.addresses):
            if competency not in known:
                errors.append(f"programmes.{i}.addresses.{j}: kompetensi '{competency}' tidak ada di 'competencies'")
        cohorts = [c.id for c in programme.cohorts]
        if len(set(cohorts)) < len(cohorts):
            errors.append(f"programmes.{i}.cohorts: id angkatan ganda")
    ids = [p.id for p in programmes.programmes]
    if len(set(ids)) < len(ids):
        errors.append("programmes: id program ganda")
    if errors:
        raise DefinitionError(path, *errors)


def _check_survey(survey: Survey, programmes: Programmes, project: Project) -> None:
    path = project.survey_dir(survey) / "survey.yml"
    errors = []
    if survey.cohort and not survey.programme:
        errors.append("cohort: hanya berlaku bersama 'programme'")
    if survey.programme and programmes.programmes:
        programme = next((p for p in programmes.programmes if p.id == survey.programme), None)
        if programme is None:
            errors.append(f"programme: '{survey.programme}' tidak ada di {PROGRAMMES_FILE}")
        elif cohort_of(survey, programme) is None:
            choices = ", ".join(c.id for c in programme.cohorts)
            errors.append(f"cohort: '{survey.cohort}' bukan angkatan program ini; pilih salah satu: {choices}")
        elif survey.kind == "training" and survey.level is None:
            errors.append("level: survei pelatihan sebuah program wajib menyebut level")
        else:
            errors += _missing_questions(survey, programme)
    if survey.kind == "needs" and programmes.competencies:
        ids = {q.id for q in survey.questions}
        if not any({c.importance, c.level} <= ids for c in programmes.competencies):
            errors.append(f"questions: tidak ada kompetensi dari {PROGRAMMES_FILE} yang kedua pertanyaannya "
                          "(importance dan level) ada di survei ini")
    if errors:
        raise DefinitionError(path, *errors)


def _missing_questions(survey: Survey, programme: Programme) -> list[str]:
    """Questions programmes.yml expects in a survey of this level that the survey does not define."""
    types = {q.id: q.type for q in survey.questions}
    if survey.level == "reaksi":
        wanted = {q: "likert" for a in programme.reaksi.aspects for q in a.questions}
    elif survey.level == "pembelajaran" and programme.pembelajaran:
        found = {programme.pembelajaran.pre, programme.pembelajaran.post} & set(types)
        wanted = {q: "number" for q in found} if found else {programme.pembelajaran.pre: "number"}
    elif survey.level == "perilaku" and programme.perilaku:
        wanted = {q: "likert" for q in programme.perilaku.behaviours}
    elif survey.level == "hasil" and programme.hasil:
        wanted = {q: "number" for i in programme.hasil.indicators for q in (i.before, i.after)}
    else:
        wanted = {}
    return [f"questions: '{q}' (tipe {kind}) disebut di {PROGRAMMES_FILE} untuk level {survey.level} "
            "tetapi tidak ada di survei ini" for q, kind in wanted.items() if types.get(q) != kind]

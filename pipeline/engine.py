"""Engines: where the per-row stages (read, validate, anonymise, analyse) of a survey run.

`pandas` (the default) runs them on this machine. `engine: dask` in settings.yml runs them
for large exports on a dask.distributed cluster (engine_dask.py, an optional extra): the
same functions per partition, handing the same types to disclosure and rendering. Dask
is imported only then, so the default install never needs it.
"""

from __future__ import annotations

from pipeline.analyse import analyse
from pipeline.anonymise import anonymise
from pipeline.appraisal.stages import prepare_appraisal
from pipeline.definitions import Project, Survey
from pipeline.identifiers import IdentifierSet
from pipeline.ingest import read_survey
from pipeline.tables import AnonymousResponses, Results, ValidResponses
from pipeline.validate import validate


class PandasEngine:
    """Every stage in pandas on this machine."""

    def __enter__(self) -> PandasEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        pass

    def validate(self, project: Project, survey: Survey) -> ValidResponses:
        """Read every export of a survey, then validate it."""
        return validate(prepare_appraisal(project, read_survey(project, survey)))

    def anonymise(self, responses: ValidResponses, roster: IdentifierSet, k: int) -> AnonymousResponses:
        return anonymise(responses, roster, k)

    def analyse(self, anonymous: AnonymousResponses, project: Project) -> Results:
        return analyse(anonymous, project)


def open_engine(project: Project) -> PandasEngine:
    """The engine settings.yml asks for; close it (or use it in a `with`) when done."""
    if project.settings.engine == "dask":
        from pipeline.engine_dask import DaskEngine

        return DaskEngine(project)
    return PandasEngine()

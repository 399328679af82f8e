"""The whole flow, top to bottom, one line per stage (like mkdocs.commands.build.build)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

from pipeline.appraisal.stages import (
    analyse_appraisal,
    anonymise_appraisal,
    disclose_appraisal,
    is_appraisal,
)
from pipeline.audit import Finding, audit_site, recheck_ledger
from pipeline.definitions import Project, load_project
from pipeline.disclose import disclose_all
from pipeline.disclose_themes import disclose_themes
from pipeline.engine import PandasEngine, open_engine
from pipeline.errors import AuditError, DataError
from pipeline.evaluate import evaluate
from pipeline.identifiers import IdentifierSet
from pipeline.ingest.roster import read_roster
from pipeline.problems import Problem, has_errors
from pipeline.programmes import Programmes, load_jp_targets, load_programmes
from pipeline.render import render_site
from pipeline.render.appraisal import render_appraisal
from pipeline.render.development import render_development
from pipeline.render.pages import count_withheld
from pipeline.site import BuiltSite, PendingSite, build_audience, output_dir, publish
from pipeline.tables import ValidResponses
from pipeline.workers import InlineExecutor, worker_pool

Progress = Callable[[str], None]


def _quiet(message: str) -> None:
    pass


@dataclass(frozen=True)
class CheckReport:
    project: Project
    responses: list[ValidResponses]
    roster: IdentifierSet
    programmes: Programmes = Programmes()

    @property
    def problems(self) -> list[Problem]:
        return sorted(p for r in self.responses for p in r.problems)


@dataclass(frozen=True)
class BuildReport:
    check: CheckReport
    sites: list[BuiltSite]


def check(root: Path, progress: Progress = _quiet) -> CheckReport:
    """Load definitions and read, then validate, every export."""
    project = load_project(root)
    with open_engine(project) as engine:
        return check_with(engine, project, progress)


def check_with(engine: PandasEngine, project: Project, progress: Progress = _quiet) -> CheckReport:
    """Read, then validate, every export with the engine settings.yml names (engine.py)."""
    programmes = load_programmes(project)
    roster = read_roster(project)
    responses = []
    for survey in project.surveys:
        progress(f"Membaca {survey.id}")
        responses.append(engine.validate(project, survey))
    return CheckReport(project, responses, roster, programmes)


def build(root: Path, out: Path | None = None, audience: str | None = None,
          progress: Progress = _quiet) -> BuildReport:
    """Build every audience's site; publish them only if all built and the audit passed."""
    project = load_project(root)
    with open_engine(project) as engine:
        report = check_with(engine, project, progress)
        if has_errors(report.problems):
            raise DataError(report.problems)
        k = project.settings.min_group_size
        progress("Menganonimkan dan menganalisis")
        anonymous = [engine.anonymise(r, report.roster, k) for r in report.responses
                     if not is_appraisal(r) and r.survey.kind != "training-record"]  # records: per person in jp.py
        disclosed = disclose_all([engine.analyse(a, project) for a in anonymous], k)
    disclosed = disclose_themes(project, anonymous, disclosed)
    evaluation = evaluate(report.responses, disclosed, report.programmes, load_jp_targets(project), project)
    appraisal = disclose_appraisal(analyse_appraisal(
        [anonymise_appraisal(r, report.roster, k) for r in report.responses if is_appraisal(r)], project), k)
    audiences = [a for a in project.settings.audiences if audience in (None, a.id)]
    base = (out or root / "site").resolve()
    work = Path(tempfile.mkdtemp(prefix=".rapor-", dir=base.parent if base.parent.exists() else None))
    try:
        with worker_pool(len(audiences)) as pool:  # MkDocs builds one audience while the next renders
            pending = []
            withheld = count_withheld((disclosed, appraisal, evaluation))  # the same for every audience
            for a in audiences:
                progress(f"Membangun situs {a.title}")
                target = output_dir(base, a, first=a == project.settings.audiences[0])
                rendered = render_appraisal(render_site(project, disclosed, a, withheld), project, appraisal,
                                            disclosed)
                rendered = render_development(rendered, project, evaluation, disclosed)
                pending.append(build_audience(project, rendered, work, target, pool))
            progress("Memeriksa kebocoran identitas")
            sites = audit_sites(pending, identifiers_seen(report), project.settings.audit_allow, k, pool)
        publish(sites)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return BuildReport(report, sites)


def identifiers_seen(report: CheckReport) -> IdentifierSet:
    seen = IdentifierSet()
    seen.merge(report.roster)
    for responses in report.responses:
        seen.merge(responses.identifiers)
    return seen


def audit_sites(pending: list[PendingSite], identifiers: IdentifierSet, allow: tuple[str, ...] = (),
                k: int = 5, pool: Executor | None = None) -> list[BuiltSite]:
    """Scan every audience as soon as it is built (in `pool`), then re-check the ledger across all of
    them while the scans run; name each finding by where the file would be published."""
    sites, scans = [], []
    for site in (p.result() for p in pending):
        sites.append(site)
        scans.append((pool or InlineExecutor()).submit(audit_site, site.staging, identifiers, allow))
    ledger = recheck_ledger([site.staging for site in sites], k)
    findings: list[Finding] = []
    for site, scan in zip(sites, scans, strict=True):
        findings += [Finding(site.target / f.path.relative_to(site.staging), f.what) for f in scan.result()]
    findings += ledger
    if findings:
        raise AuditError([str(f) for f in findings])
    return sites

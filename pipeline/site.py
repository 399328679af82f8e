"""Site: write each audience's staging folder, build it with MkDocs, swap it into place.

The new output replaces the previous one only after every audience built and the
audit passed: a failed build leaves the old site as it was.
"""

from __future__ import annotations

import copy
import logging
import shutil
from collections.abc import Iterator
from concurrent.futures import Executor, Future
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pipeline.definitions import Audience, Project
from pipeline.errors import BuildError
from pipeline.render import TEMPLATES, Rendered, template_dir
from pipeline.workers import InlineExecutor

log = logging.getLogger(__name__)
BUNDLED_CONFIG = TEMPLATES.parent / "mkdocs.yml"


@dataclass(frozen=True)
class BuiltSite:
    audience: Audience
    staging: Path  # the built site, not yet published
    target: Path   # where it goes once the audit passes


def output_dir(base: Path, audience: Audience, first: bool) -> Path:
    """The employees' site at --out; restricted audiences beside it, never inside it."""
    return base if first else base.with_name(f"{base.name}-{audience.id}")


def write_docs(project: Project, rendered: Rendered, docs: Path) -> None:
    if docs.exists():
        shutil.rmtree(docs)
    content = project.root / "content"
    if not content.is_dir():  # a new project: the bundled home and guidance pages the nav names
        content = BUNDLED_CONFIG.parent / "content"
    shutil.copytree(content, docs)
    shutil.copytree(template_dir(project) / "assets", docs / "assets", dirs_exist_ok=True)
    for relative, data in rendered.files.items():
        path = docs / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8", newline="\n")


@dataclass(frozen=True)
class _MkDocsJob:
    """What a worker needs to build one audience's written docs folder; nothing else crosses over."""

    audience: Audience
    config_file: Path
    docs: Path
    site_dir: Path
    title: str
    nav: list
    target: Path
    log_level: int


class PendingSite:
    """An audience's MkDocs build, perhaps still running in a worker process."""

    def __init__(self, build: Future):
        self._build = build

    def result(self) -> BuiltSite:
        """Wait for the build; show its MkDocs warnings here, in audience order, then raise its error."""
        outcome, records = self._build.result()
        for record in records:
            logging.getLogger(record.name).handle(record)
        if isinstance(outcome, BuildError):
            raise outcome
        return outcome


def build_audience(project: Project, rendered: Rendered, work: Path, target: Path,
                   pool: Executor | None = None) -> PendingSite:
    """Write one audience's docs, then build them into `work/<audience>/site` with MkDocs in strict
    mode, in `pool` when given, so that the next audience renders meanwhile."""
    docs = work / rendered.audience.id / "docs"
    write_docs(project, rendered, docs)
    config_file = project.root / "mkdocs.yml"
    if not config_file.exists():
        config_file = BUNDLED_CONFIG
    title = project.settings.site_title
    if rendered.audience.unit_breakdowns:
        title += f" ({rendered.audience.title})"
    job = _MkDocsJob(rendered.audience, config_file, docs, work / rendered.audience.id / "site", title,
                     _base_nav(config_file) + list(rendered.nav), target,
                     logging.getLogger("mkdocs").getEffectiveLevel())
    return PendingSite((pool or InlineExecutor()).submit(_run_mkdocs, job))


def _run_mkdocs(job: _MkDocsJob) -> tuple[BuiltSite | BuildError, list[logging.LogRecord]]:
    """Build with MkDocs, keeping its log records to show in the parent rather than printing them."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    with _mkdocs_records(job.log_level) as records:
        try:
            config = load_config(str(job.config_file), docs_dir=str(job.docs), site_dir=str(job.site_dir),
                                 site_name=job.title, nav=job.nav, strict=True)
            build(config)
        except MkDocsException as exc:
            return BuildError(f"MkDocs gagal membangun situs '{job.audience.id}': {exc}"), records
        except SystemExit:  # mkdocs aborts strict builds with warnings this way
            return BuildError(f"MkDocs gagal membangun situs '{job.audience.id}' (lihat peringatan di atas)"), records
    return BuiltSite(job.audience, job.site_dir, job.target), records


class _Collect(logging.Handler):
    def __init__(self, records: list[logging.LogRecord]):
        super().__init__()
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        record = copy.copy(record)  # made picklable: the message formatted, any traceback as text
        record.msg, record.args = record.getMessage(), None
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        self.records.append(record)


@contextmanager
def _mkdocs_records(level: int) -> Iterator[list[logging.LogRecord]]:
    """Collect what the 'mkdocs' logger emits at the parent's level, instead of its handlers."""
    logger = logging.getLogger("mkdocs")
    saved = logger.handlers[:], logger.propagate, logger.level
    records: list[logging.LogRecord] = []
    logger.handlers[:] = [_Collect(records)]
    logger.propagate = False
    logger.setLevel(level)
    try:
        yield records
    finally:
        logger.handlers[:] = saved[0]
        logger.propagate = saved[1]
        logger.setLevel(saved[2])


def _base_nav(config_file: Path) -> list:
    import yaml

    data = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    return list(data.get("nav") or [])


def publish(sites: list[BuiltSite]) -> None:
    """Move each built site into place, keeping the old one until the new one is there.

    Renames, not copies over an open folder, so it also works on Windows.
    """
    for site in sites:
        old = site.target.with_name(f".{site.target.name}.lama")
        if old.exists():
            shutil.rmtree(old)
        site.target.parent.mkdir(parents=True, exist_ok=True)
        if site.target.exists():
            site.target.rename(old)
        shutil.move(str(site.staging), str(site.target))
        if old.exists():
            shutil.rmtree(old)

"""Site: write each audience's staging folder, build it with MkDocs, swap it into place.

The new output replaces the previous one only after every audience built and the
audit passed: a failed build leaves the old site as it was.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

from pipeline.definitions import Audience, Project
from pipeline.errors import BuildError
from pipeline.render import TEMPLATES, Rendered, template_dir

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


def build_audience(project: Project, rendered: Rendered, work: Path, target: Path) -> BuiltSite:
    """Build one audience's site into `work/<audience>/site` with MkDocs in strict mode."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    docs = work / rendered.audience.id / "docs"
    site_dir = work / rendered.audience.id / "site"
    write_docs(project, rendered, docs)
    config_file = project.root / "mkdocs.yml"
    if not config_file.exists():
        config_file = BUNDLED_CONFIG
    base_nav = _base_nav(config_file)
    title = project.settings.site_title
    if rendered.audience.unit_breakdowns:
        title += f" ({rendered.audience.title})"
    try:
        config = load_config(str(config_file), docs_dir=str(docs), site_dir=str(site_dir),
                             site_name=title, nav=base_nav + list(rendered.nav), strict=True)
        build(config)
    except MkDocsException as exc:
        raise BuildError(f"MkDocs gagal membangun situs '{rendered.audience.id}': {exc}") from exc
    except SystemExit as exc:  # mkdocs aborts strict builds with warnings this way
        raise BuildError(f"MkDocs gagal membangun situs '{rendered.audience.id}' (lihat peringatan di atas)") from exc
    return BuiltSite(rendered.audience, site_dir, target)


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

"""Render: disclosed tables -> Markdown pages, SVG charts and downloads, per audience.

Python computes every number, percentage and label (tested); the Jinja2 templates in
`site_templates/` only lay them out. Markdown templates print through `text.finalize`,
which makes every value inert unless Python marked it trusted Markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from pipeline.definitions import Audience, Project
from pipeline.render import hr, pages
from pipeline.render.text import finalize
from pipeline.render.themes import theme_downloads
from pipeline.tables import Disclosed

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "site_templates"


@dataclass(frozen=True)
class Rendered:
    """The generated files of one audience: paths relative to the docs folder."""

    audience: Audience
    files: dict[str, str | bytes]
    nav: tuple[dict, ...]


def template_dir(project: Project) -> Path:
    """A project may bring its own site_templates/; otherwise the bundled ones are used."""
    own = project.root / "site_templates"
    return own if (own / "pages").is_dir() else TEMPLATES


@lru_cache(maxsize=8)
def environments(folder: Path) -> tuple[Environment, Environment]:
    """The Markdown and SVG environments of a template folder, built once so templates compile once."""
    loader = FileSystemLoader(str(folder))
    markdown = Environment(loader=loader, undefined=StrictUndefined, autoescape=False,
                           finalize=finalize, trim_blocks=True, lstrip_blocks=True,
                           keep_trailing_newline=True)
    svg = Environment(loader=loader, undefined=StrictUndefined, autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    return markdown, svg


def render_site(project: Project, disclosed: list[Disclosed], audience: Audience,
                withheld: int | None = None) -> Rendered:
    """Render every generated page, chart and download of one audience."""
    markdown, svg = environments(template_dir(project))
    context = pages.SiteContext(project, disclosed, audience, markdown, svg)
    files: dict[str, str | bytes] = {}
    files |= pages.report_pages(context)
    files |= pages.indicator_pages(context)
    files |= pages.privacy_page(context, withheld)
    files |= theme_downloads(context)
    nav: list[dict] = [
        {"Indikator Kinerja": "indikator/index.md"},
        {"Laporan": "laporan/index.md"},
    ]
    if audience.unit_breakdowns:
        files |= pages.unit_pages(context)
        nav.append({"Ringkasan untuk Atasan": "unit/index.md"})
    if audience.hr_pages:
        files |= hr.operator_page(context)
        nav.append({"Panduan Operator": "operator.md"})
    nav.append({"Perlindungan Data": "privasi.md"})
    return Rendered(audience, files, tuple(nav))


__all__ = ["Markup", "Rendered", "render_site"]

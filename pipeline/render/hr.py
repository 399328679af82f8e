"""Pages only the HR audience sees: the operator guide (and, later, advisories)."""

from __future__ import annotations

from markupsafe import Markup

from pipeline.ingest.pseudonym import SECRET_ENV
from pipeline.render.pages import SiteContext


def operator_page(ctx: SiteContext) -> dict[str, str | bytes]:
    """The operator guide: running rapor, publishing each audience, the secret, raw exports."""
    # Folder and variable names are printed in code spans, where entities would show literally.
    audiences = [{"title": a.title, "folder": Markup("site" if i == 0 else f"site-{a.id}"),
                  "units": a.unit_breakdowns, "hr": a.hr_pages}
                 for i, a in enumerate(ctx.project.settings.audiences)]
    return {"operator.md": ctx.render("pages/operator.md.j2", audiences=audiences, secret_env=Markup(SECRET_ENV))}

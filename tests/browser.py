"""Playwright helpers for the browser tests: Debian's Chromium, an offline gate, captured errors.

Recipe: /work/shared/reference/browser-and-dask.md. Never `playwright install`: it downloads
browsers, which cannot work offline; the system Chromium is driven instead.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
INSTALL = "apt-get update && apt-get install -y chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost"]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
# A4 minus 15 mm margins on each side, in CSS pixels (96 per inch): the printed line width.
A4_CONTENT = {"width": 680, "height": 1000}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def unavailable(reason: str) -> NoReturn:
    """Skip (or, under CI, fail) when the browser cannot run, saying how to install it."""
    message = f"{reason}; install the browser with: {INSTALL}"
    if in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


_shared: dict[str, Any] = {"users": 0}


def acquire_browser() -> Any:
    """Chromium under Playwright, started once per test process and shared.

    Every test module that imports the `browser` fixture gets its own session-scoped copy
    of it, but two sync_playwright() sessions cannot run at once in one thread: so the
    copies share one, and the last to finish closes it.
    """
    if _shared["users"] == 0:
        try:
            from playwright.sync_api import Error, sync_playwright
        except ImportError:
            unavailable("Playwright for Python is not installed (pip install -e '.[test]')")
        if not CHROMIUM.exists():
            unavailable(f"Chromium not found at {CHROMIUM}")
        playwright = sync_playwright().start()
        try:
            _shared["browser"] = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        except Error as exc:
            playwright.stop()
            unavailable(f"Chromium at {CHROMIUM} does not start: {exc}")
        _shared["playwright"] = playwright
    _shared["users"] += 1
    return _shared["browser"]


def release_browser() -> None:
    _shared["users"] -= 1
    if _shared["users"] == 0:
        _shared.pop("browser").close()
        _shared.pop("playwright").stop()


@dataclass
class Visit:
    """One page in its own browser context, with what it tried to fetch and what went wrong."""

    page: Any
    blocked: list[str] = field(default_factory=list)  # requests to other hosts, aborted
    errors: list[str] = field(default_factory=list)   # console errors and uncaught exceptions
    dialogs: list[str] = field(default_factory=list)  # alert/confirm/prompt: script ran

    def scroll_overflow(self) -> int:
        """How many pixels the page itself scrolls sideways (0 when it fits)."""
        return self.page.evaluate(
            "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
            " - document.documentElement.clientWidth")


def open_visit(browser: Any, url: str, viewport: dict, allowed: str = "file://") -> Visit:
    """Open `url` in a fresh context where every request outside `allowed` is aborted and counted."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    visit = Visit(page)

    def gate(route: Any) -> None:
        if route.request.url.startswith(allowed):
            route.continue_()  # the handler sees local requests too
        else:
            visit.blocked.append(route.request.url)
            route.abort("blockedbyclient")

    def on_dialog(dialog: Any) -> None:
        visit.dialogs.append(dialog.message)
        dialog.dismiss()

    context.route("**/*", gate)
    page.on("console", lambda m: visit.errors.append(f"{m.text} @ {m.location.get('url')}")
            if m.type == "error" else None)
    page.on("pageerror", lambda exc: visit.errors.append(f"uncaught: {exc}"))
    page.on("dialog", on_dialog)
    page.goto(url, wait_until="load")
    return visit


PERCENT = re.compile(r"\d{1,3}(?:\.\d{3})*,\d%")


def percentages(text: str) -> list[str]:
    """Indonesian percentages with one decimal in a text: '40,4%'."""
    return PERCENT.findall(text)

"""Shared fixtures: a private copy of the demo project, and one demo build per test session."""

from __future__ import annotations

import csv
import importlib.util
import io
import os
import shutil
from pathlib import Path
from types import ModuleType

import pytest

from pipeline import run

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PROJECT_PARTS = ("surveys", "content", "site_templates", "mkdocs.yml")


@pytest.fixture(scope="session", autouse=True)
def secret_file(tmp_path_factory) -> Path:
    """Never touch the developer's real secret: every test run gets its own."""
    path = tmp_path_factory.mktemp("secret") / "secret"
    os.environ["RAPOR_SECRET_FILE"] = str(path)
    return path


def make_national() -> ModuleType:
    """bench/make_national.py as a module: the synthetic national round the benchmark reads."""
    spec = importlib.util.spec_from_file_location("make_national", REPO / "bench" / "make_national.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_page(site: Path, name: str) -> str:
    """The text of one built page."""
    return (site / name).read_text(encoding="utf-8")


def read_csv(path: Path) -> list[dict]:
    """The rows of a published aggregate download (UTF-8 with BOM)."""
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def copy_project(target: Path) -> Path:
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy2(source, target / part)
    return target


@pytest.fixture
def project(tmp_path) -> Path:
    """A writable copy of the demo project."""
    return copy_project(tmp_path / "proyek")


SMALL_DEMO = ("sosialisasi-kinerja-2025-s2", "sosialisasi-kinerja-2026-s1", "pelatihan-kepemimpinan-2026")


@pytest.fixture
def small_project(tmp_path) -> Path:
    """The demo with only its two appraisal-socialisation rounds and the training reaction survey:
    for tests that need a full build of their own, at a fraction of the demo's build time."""
    root = copy_project(tmp_path / "proyek")
    for folder in (root / "surveys").iterdir():
        if folder.is_dir() and (folder / "survey.yml").exists() and folder.name not in SMALL_DEMO:
            shutil.rmtree(folder)
    for name in ("programmes.yml", "predikat-organisasi.yml"):
        (root / "surveys" / name).unlink(missing_ok=True)
    return root


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory, secret_file) -> run.BuildReport:
    root = copy_project(tmp_path_factory.mktemp("demo") / "proyek")
    return run.build(root)


@pytest.fixture(scope="session")
def demo_site(demo_build) -> Path:
    return demo_build.sites[0].target


@pytest.fixture(scope="session")
def manager_site(demo_build) -> Path:
    return demo_build.sites[1].target

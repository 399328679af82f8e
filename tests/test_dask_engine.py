"""engine: dask (issue 9): the same problems, tables and published site as the pandas engine.

One local dask.distributed cluster (2 worker processes) serves the module; rapor reaches it
through `scheduler:` as it would a real cluster. In the demo, the five largest general, needs
and training surveys go to Dask (each costs Dask about a second of overhead, so not all twelve)
in parts of 100 rows; the national round is the issue's 100,000 respondents, in two files.
"""

from __future__ import annotations

import logging
import re
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from dask import distributed  # the test extra has it: CI must fail, not skip, without it

from pipeline import engine_dask, run
from pipeline.definitions import load_project
from pipeline.disclose import disclose_all
from pipeline.engine import PandasEngine, open_engine
from pipeline.errors import DefinitionError
from tests import test_readers_platforms as platforms
from tests.conftest import REPO, copy_project, make_national
from tests.exports import project_with

NATIONAL = 100_000  # the size; generating it takes a few seconds


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory) -> str:
    # A scratch folder of its own, and no warning-as-error while starting: on a busy machine
    # distributed warns that creating scratch folders took over a second.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                           dashboard_address=None, silence_logs=logging.ERROR,
                                           local_directory=tmp_path_factory.mktemp("dask"))
    with cluster:
        yield cluster.scheduler_address


@pytest.fixture
def larger_surveys(monkeypatch):
    """Both appraisal-socialisation rounds, both needs surveys and the training reaction survey."""
    monkeypatch.setattr(engine_dask, "MIN_BYTES", 15_000)
    monkeypatch.setattr(engine_dask, "PART_ROWS", 100)


def use_dask(root: Path, scheduler: str) -> Path:
    settings = root / "surveys" / "settings.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + f"\nengine: dask\nscheduler: {scheduler}\n",
                        encoding="utf-8")
    return root


def lines(responses, root: Path) -> list[str]:
    """A survey's problems and loss report as `rapor check` prints them, paths relative to the project."""
    files = [f"{f.path.relative_to(root)} {f.format} {f.rows_read} {f.rows_kept} {f.incomplete}"
             for f in responses.files]
    return sorted(p.format(root) for p in responses.problems) + files


def published(site: Path) -> dict[str, bytes]:
    """Every file of a built site a reader gets, by path (the search index is rebuilt from the pages)."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and p.suffix in {".csv", ".xlsx", ".html", ".svg"}}


def test_demo_build_publishes_what_the_pandas_engine_publishes(demo_build, tmp_path, scheduler, larger_surveys):
    """The HR audience's site: every number of the other audiences is in it too (one MkDocs build, not three)."""
    root = use_dask(copy_project(tmp_path / "proyek"), scheduler)
    project = load_project(root)
    assert {s.kind for s in project.surveys if engine_dask.large_exports(project, s)} == {"survey", "needs", "training"}
    report = run.build(root, out=tmp_path / "situs", audience="sdm")
    for ours, theirs in zip(report.check.responses, demo_build.check.responses, strict=True):
        assert lines(ours, root) == lines(theirs, demo_build.check.project.root)
        pd.testing.assert_frame_equal(ours.table, theirs.table)
    [ours] = report.sites
    [theirs] = [s for s in demo_build.sites if s.audience.id == "sdm"]
    mine, expected = published(ours.target), published(theirs.target)
    assert sorted(mine) == sorted(expected)
    assert sum(name.endswith(".csv") for name in mine) > 10
    assert [name for name in mine if mine[name] != expected[name]] == []


@pytest.mark.parametrize("export, body", [("limesurvey.csv", platforms.LIME), ("qualtrics.csv", platforms.QUALTRICS),
                                          ("kobotoolbox.csv", platforms.KOBO)])
def test_platform_exports_give_the_pandas_problems(tmp_path, scheduler, monkeypatch, export, body):
    """Incomplete responses (LimeSurvey, Qualtrics), options over columns (Kobo): reported alike."""
    monkeypatch.setattr(engine_dask, "MIN_BYTES", 0)
    root = project_with(tmp_path, export, body)
    theirs = run.check(root).responses[0]
    ours = run.check(use_dask(root, scheduler)).responses[0]
    assert lines(ours, root) == lines(theirs, root)
    assert any(p.code == "jawaban-tidak-lengkap" for p in ours.problems) == (export != "kobotoolbox.csv")
    pd.testing.assert_frame_equal(ours.table, theirs.table)


def national_project(root: Path, n: int) -> Path:
    """bench/make_national.py's round split over two files, with a typed-in group column and defects.

    The files differ in which `golongan` values they hold (so pandas joins that column as text),
    `jabatan` has rare values to pool, and the second file repeats people of the first (duplicates
    across files), types unknown units and answers off the scale in more than 50 rows of a column.
    """
    national = make_national()
    frame, items = national.export(n)
    national.write_project(root, frame, items, xlsx=False)
    rng = np.random.default_rng(9)
    frame["Golongan"] = rng.choice(["II", "III", "IV"], n)
    frame.loc[: n // 2, "Golongan"] = rng.choice(["I", "II", "III"], n // 2 + 1)
    frame["Jabatan"] = rng.choice(["Pelaksana", "Fungsional", "Struktural"], n, p=[0.6, 0.3, 0.1])
    frame.loc[[5, 7], "Jabatan"] = "Kepala Dinas"
    later = frame.iloc[:300].copy()  # the same people again, a day later
    later["Stempel waktu"] = "01/03/2026 09:00:00"
    second = pd.concat([frame.iloc[n // 2:], later], ignore_index=True)
    second.loc[second.index[:60], "Pernyataan 03"] = "Sangat Setuju Sekali"
    second.loc[second.index[100:103], "Unit Kerja"] = "Unit Kerja Tak Dikenal"
    responses = root / "surveys" / "nasional" / "responses"
    (responses / "jawaban.csv").unlink()
    frame.iloc[: n // 2].to_csv(responses / "bagian-1.csv", index=False)
    second.to_csv(responses / "bagian-2.csv", index=False)
    survey = root / "surveys" / "nasional" / "survey.yml"
    survey.write_text(survey.read_text(encoding="utf-8").replace(
        "  - {id: unit, column: Unit Kerja}\n",
        "  - {id: unit, column: Unit Kerja}\n  - {id: golongan, column: Golongan}\n"
        "  - {id: jabatan, column: Jabatan}\n"), encoding="utf-8")
    return root


def through_disclosure(engine, project):
    report = run.check_with(engine, project)
    k = project.settings.min_group_size
    anonymous = [engine.anonymise(r, report.roster, k) for r in report.responses]
    return report, anonymous, disclose_all([engine.analyse(a, project) for a in anonymous], k)


def test_national_round_discloses_the_pandas_tables(tmp_path, scheduler, monkeypatch):
    monkeypatch.setattr(engine_dask, "MIN_BYTES", 0)
    monkeypatch.setattr(engine_dask, "PART_ROWS", 20_000)
    root = national_project(tmp_path / "nasional", NATIONAL)
    expected = through_disclosure(PandasEngine(), load_project(root))
    project = load_project(use_dask(root, scheduler))
    with open_engine(project) as engine:
        assert isinstance(engine, engine_dask.DaskEngine)
        report, anonymous, disclosed = through_disclosure(engine, project)
    (valid,), (theirs,) = report.responses, expected[0].responses
    codes = {p.code for p in valid.problems}
    assert {"jawaban-ganda", "nilai-di-luar-skala", "unit-tidak-dikenal"} <= codes
    assert sorted(valid.problems) == sorted(theirs.problems)
    assert valid.files == theirs.files and len(valid.files) == 2
    pd.testing.assert_frame_equal(valid.table, theirs.table)
    assert valid.table["golongan"].dtype == object  # categories differ between the files
    assert anonymous[0].redactions == expected[1][0].redactions > 0
    assert "Lainnya" in set(disclosed[0].respondents["group"])  # 'Kepala Dinas' pooled
    for ours, theirs in zip(disclosed, expected[2], strict=True):
        for name in ("items", "respondents", "indicators"):
            pd.testing.assert_frame_equal(getattr(ours, name), getattr(theirs, name), check_exact=False,
                                          rtol=1e-9, obj=name)
        assert ours.comments == theirs.comments


def test_engine_dask_without_dask_installed_says_how_to_install(project, monkeypatch):
    use_dask(project, "tcp://127.0.0.1:1")
    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # what a missing package looks like
    with pytest.raises(DefinitionError, match=r'pip install "rapor\[dask\]"') as caught:
        run.check(project)
    assert "membutuhkan paket Dask" in str(caught.value)


def test_workers_without_the_same_secret_or_the_files_are_refused(project, scheduler, monkeypatch):
    project_ = load_project(use_dask(project, scheduler))
    engine = open_engine(project_)
    try:
        monkeypatch.setattr(engine.client, "run", lambda function, *args: {"tcp://10.0.0.9:4000": None})
        with pytest.raises(DefinitionError, match="RAPOR_SECRET_FILE"):
            engine._check_workers(project / "surveys" / "settings.yml")
        monkeypatch.setattr(engine_dask, "MIN_BYTES", 0)
        monkeypatch.setattr(engine.client, "run", lambda function, paths: {"tcp://10.0.0.9:4000": [False] * len(paths)})
        with pytest.raises(DefinitionError, match="tcp://10.0.0.9:4000 tidak dapat membuka .*jawaban.demo.csv"):
            engine.validate(project_, next(s for s in project_.surveys if s.kind == "survey"))
    finally:
        engine.close()


def test_operator_guide_explains_the_dask_engine(demo_build):
    [hr] = [s.target for s in demo_build.sites if s.audience.id == "sdm"]
    guide = (hr / "operator.html").read_text(encoding="utf-8")
    assert "Data sangat besar: mesin Dask" in guide
    assert "scheduler: tcp://" in re.sub(r"<[^>]+>", "", guide)
    assert 'pip install "rapor[dask]"' in guide.replace("&quot;", '"')


def test_default_install_does_not_import_dask():
    code = "import sys, pipeline.cli, pipeline.run; print(sorted(m for m in sys.modules if m.split('.')[0] == 'dask'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert out.stdout.strip() == "[]"

"""Benchmark rapor against a DuckDB floor on synthetic national rounds (issue 9). Not a test.

    python bench/bench.py [--sizes 10000 100000 1000000] [--runs 3] [--readme]

Every measurement runs in a fresh Python process (`python bench/bench.py --child KIND ...`),
which reports its own wall time and peak resident memory; the parent takes medians.

For each N (a project from bench/make_national.py, generated once into the temporary folder):
  (a) floor:  DuckDB reads the CSV and counts per (unit, question) n and answers 1-5;
  (b) rapor:  read -> validate (pseudonyms) -> anonymise (redaction) -> analyse -> disclose;
  (c) build:  the full `rapor build --paksa` (three audiences, MkDocs, audit);
  and MkDocs alone: the same build with MkDocs in one process, its time and the pages it built.
The ratio (b)/(a) is taken within each run, then its median.

Once: a 100k x 25 XLSX read by python-calamine alone vs rapor's whole reader; the demo's full
build in a fresh process; MkDocs' share of the largest build and its page count; and a second
`rapor build` with unchanged inputs (the cache).

--readme writes the tables into bench/README.md between the RESULTS markers.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TMP = Path(tempfile.gettempdir())
MARK_BEGIN, MARK_END = "<!-- RESULTS:BEGIN -->", "<!-- RESULTS:END -->"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---- children: one measurement each, in a fresh process ------------------------------------


def child_floor(project: Path) -> dict:
    import duckdb

    csv = next((project / "surveys" / "nasional" / "responses").glob("*.csv"))
    began = time.perf_counter()
    con = duckdb.connect()
    items = [c for c in con.execute(f"DESCRIBE SELECT * FROM read_csv_auto('{csv}')").fetchall()
             if c[0].startswith("Pernyataan")]
    unpivot = ", ".join(f'"{c[0]}"' for c in items)
    rows = con.execute(f"""
        WITH answers AS (
            UNPIVOT (SELECT "Unit Kerja", {unpivot} FROM read_csv_auto('{csv}'))
            ON {unpivot} INTO NAME question VALUE answer)
        SELECT "Unit Kerja", question, count(*) AS n,
               count(*) FILTER (answer = 'Sangat Tidak Setuju') AS c1,
               count(*) FILTER (answer = 'Tidak Setuju') AS c2,
               count(*) FILTER (answer = 'Netral') AS c3,
               count(*) FILTER (answer = 'Setuju') AS c4,
               count(*) FILTER (answer = 'Sangat Setuju') AS c5
        FROM answers GROUP BY ALL""").fetchall()
    return {"seconds": time.perf_counter() - began, "peak_mb": peak_mb(), "cells": len(rows)}


def child_rapor(project: Path) -> dict:
    from pipeline.analyse import analyse
    from pipeline.anonymise import anonymise
    from pipeline.definitions import load_project
    from pipeline.disclose import disclose_all
    from pipeline.ingest import read_survey
    from pipeline.ingest.roster import read_roster
    from pipeline.validate import validate

    began = time.perf_counter()
    stages = {}
    loaded = load_project(project)
    survey = loaded.surveys[0]
    k = loaded.settings.min_group_size

    def stage(name, func, *args):
        start = time.perf_counter()
        result = func(*args)
        stages[name] = round(time.perf_counter() - start, 2)
        return result

    ingested = stage("baca", read_survey, loaded, survey)
    valid = stage("validasi", validate, ingested)
    anonymous = stage("anonimkan", anonymise, valid, read_roster(loaded), k)
    analysed = stage("analisis", analyse, anonymous, loaded)
    stage("ungkap", disclose_all, [analysed], k)
    return {"seconds": time.perf_counter() - began, "peak_mb": peak_mb(), "stages": stages,
            "rows": len(valid.table), "redactions": anonymous.redactions}


def _quiet_build(project: Path) -> int:
    from pipeline.cli import main

    with open(os.devnull, "w") as sink:
        stdout, sys.stdout = sys.stdout, sink
        try:
            return main(["--project", str(project), "build", "--paksa"])
        finally:
            sys.stdout = stdout


def child_build(project: Path) -> dict:
    """The full build as `rapor build --paksa` (audiences built and audited in worker processes)."""
    began = time.perf_counter()
    status = _quiet_build(project)
    return {"seconds": time.perf_counter() - began, "peak_mb": peak_mb(), "status": status}


def child_mkdocs(project: Path) -> dict:
    """The same build with MkDocs run in this process, timed, and the pages it was given counted."""
    from contextlib import contextmanager

    import pipeline.run as run
    import pipeline.site as site
    from pipeline.workers import InlineExecutor

    spent = {"seconds": 0.0, "pages": 0}
    original = site._run_mkdocs

    def timed(job):
        start = time.perf_counter()
        result = original(job)
        spent["seconds"] += time.perf_counter() - start
        spent["pages"] += sum(1 for _ in job.docs.rglob("*.md"))
        return result

    @contextmanager
    def inline(jobs):
        yield InlineExecutor()

    site._run_mkdocs, run.worker_pool = timed, inline
    status = _quiet_build(project)
    return {"seconds": spent["seconds"], "pages": spent["pages"], "peak_mb": peak_mb(), "status": status}


def child_cached(project: Path) -> dict:
    """A second build: the time spent deciding nothing changed (the process start excluded)."""
    from pipeline import cache

    began = time.perf_counter()
    root = project.resolve()
    key = cache.input_key(root, {"out": "site", "audience": None})
    hit = cache.lookup(root, key) is not None
    return {"seconds": time.perf_counter() - began, "peak_mb": peak_mb(), "hit": hit}


def child_xlsx(path: Path) -> dict:
    sys.path.insert(0, str(HERE))
    from python_calamine import CalamineWorkbook

    began = time.perf_counter()
    CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(skip_empty_area=False)
    calamine = time.perf_counter() - began

    import read_xlsx

    from pipeline.definitions import load_project
    from pipeline.ingest import read_survey

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        responses = root / "surveys" / "besar" / "responses"
        responses.mkdir(parents=True)
        for name in ("units.yml", "scales.yml"):
            (root / "surveys" / name).write_text((REPO / "surveys" / name).read_text(encoding="utf-8"),
                                                 encoding="utf-8")
        (root / "surveys" / "besar" / "survey.yml").write_text(read_xlsx.SURVEY, encoding="utf-8")
        (responses / path.name).symlink_to(path)
        loaded = load_project(root)
        began = time.perf_counter()
        rows = len(read_survey(loaded, loaded.surveys[0]).table)
        whole = time.perf_counter() - began
    return {"seconds": whole, "calamine_seconds": calamine, "peak_mb": peak_mb(), "rows": rows}


CHILDREN = {"floor": child_floor, "rapor": child_rapor, "build": child_build, "mkdocs": child_mkdocs,
            "cached": child_cached, "xlsx": child_xlsx}


# ---- parent ----------------------------------------------------------------------------------


def measure(kind: str, target: Path) -> dict:
    env = {**os.environ, "RAPOR_SECRET_FILE": str(TMP / "rapor-bench-secret"), "PYTHONHASHSEED": "0"}
    done = subprocess.run([sys.executable, __file__, "--child", kind, str(target)], capture_output=True,
                          text=True, env=env, cwd=REPO, check=False)
    if done.returncode:
        raise SystemExit(f"{kind} {target} gagal:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def national(n: int) -> Path:
    root = TMP / f"rapor-nasional-{n}"
    if not (root / "surveys" / "nasional" / "survey.yml").exists():
        subprocess.run([sys.executable, str(HERE / "make_national.py"), str(n), "--out", str(root)], check=True)
    return root


def xlsx_export(rows: int = 100_000) -> Path:
    path = TMP / "rapor-bench" / f"besar-{rows}.xlsx"
    if not path.exists():
        path.parent.mkdir(exist_ok=True)
        subprocess.run([sys.executable, "-c", f"import sys; sys.path.insert(0, {str(HERE)!r}); import read_xlsx; "
                        f"from pathlib import Path; read_xlsx.write_export(Path({str(path)!r}), {rows})"],
                       check=True, cwd=REPO)
    return path


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "?")
    memory = next((int(line.split()[1]) // 1024 // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    return (f"{os.cpu_count()} cores ({cpu}), {memory} GiB RAM, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def run_sizes(sizes: list[int], runs: int, build_up_to: int) -> list[dict]:
    results = []
    for n in sizes:
        project = national(n)
        rows = []
        for i in range(runs):
            floor, rapor = measure("floor", project), measure("rapor", project)
            build = measure("build", project) if n <= build_up_to else None
            mkdocs = measure("mkdocs", project) if n <= build_up_to else None
            rows.append({"floor": floor, "rapor": rapor, "build": build, "mkdocs": mkdocs})
            print(f"N={n} run {i + 1}: floor {floor['seconds']:.2f} s, rapor {rapor['seconds']:.2f} s "
                  f"{rapor['stages']}, ratio {rapor['seconds'] / floor['seconds']:.1f}"
                  + (f", build {build['seconds']:.1f} s (MkDocs alone {mkdocs['seconds']:.1f} s for "
                     f"{mkdocs['pages']} pages)" if build else ""), flush=True)
        results.append({"n": n, "runs": rows})
    return results


def run_once(runs: int) -> dict:
    xlsx = [measure("xlsx", xlsx_export()) for _ in range(runs)]
    print(f"XLSX 100k: calamine {median([x['calamine_seconds'] for x in xlsx]):.2f} s, "
          f"rapor {median([x['seconds'] for x in xlsx]):.2f} s", flush=True)
    demo = [measure("build", REPO) for _ in range(runs)]
    print(f"demo build: {median([d['seconds'] for d in demo]):.1f} s", flush=True)
    cached = [measure("cached", REPO) for _ in range(runs)]
    print(f"cached second build: {median([c['seconds'] for c in cached]):.2f} s", flush=True)
    return {"xlsx": xlsx, "demo": demo, "cached": cached}


def table(sizes: list[dict], once: dict, runs: int) -> str:
    lines = [f"Measured {time.strftime('%Y-%m-%d')} on {machine()}; medians of {runs} fresh processes.", "",
             "| N | (a) DuckDB floor | (b) rapor ingest→disclose | (b)/(a) | peak (b) | (c) full build | peak (c) "
             "| MkDocs alone, one process |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for size in sizes:
        rows = size["runs"]
        ratio = median([r["rapor"]["seconds"] / r["floor"]["seconds"] for r in rows])
        builds = [r["build"] for r in rows if r["build"]]
        pages = [r["mkdocs"] for r in rows if r["mkdocs"]]
        build = (f"{median([b['seconds'] for b in builds]):.1f} s | {max(b['peak_mb'] for b in builds):.0f} MB | "
                 f"{median([m['seconds'] for m in pages]):.1f} s, {pages[0]['pages']} pages"
                 if builds else "not run | | ")
        lines.append(f"| {size['n']:,} | {median([r['floor']['seconds'] for r in rows]):.2f} s "
                     f"| {median([r['rapor']['seconds'] for r in rows]):.2f} s | {ratio:.1f} "
                     f"| {max(r['rapor']['peak_mb'] for r in rows):.0f} MB | {build} |")
    stages = {size["n"]: size["runs"][0]["rapor"]["stages"] for size in sizes}
    lines += ["", "Where (b) spends its time (first run, seconds): "
              + "; ".join(f"N={n:,}: " + ", ".join(f"{k} {v}" for k, v in s.items()) for n, s in stages.items())]
    x = once["xlsx"]
    calamine, whole = median([r["calamine_seconds"] for r in x]), median([r["seconds"] for r in x])
    lines += ["", "| target | measured | met |", "|---|---:|:---:|"]
    if sizes and sizes[-1]["n"] >= 1_000_000:
        big = sizes[-1]["runs"]
        ratio = median([r["rapor"]["seconds"] / r["floor"]["seconds"] for r in big])
        peak = max(r["rapor"]["peak_mb"] for r in big)
        lines.append(f"| 1M respondents: (b)/(a) ≤ 3 | {ratio:.1f} | {'yes' if ratio <= 3 else 'no'} |")
        lines.append(f"| 1M respondents: peak memory ≤ 2 GB | {peak:,.0f} MB | {'yes' if peak <= 2048 else 'no'} |")
    lines.append(f"| 100k × 25 XLSX: rapor's reader ≤ 1.5 × calamine's own read | {whole:.2f} s vs {calamine:.2f} s "
                 f"({whole / calamine:.2f}×) | {'yes' if whole <= 1.5 * calamine else 'no'} |")
    demo = median([d["seconds"] for d in once["demo"]])
    lines.append(f"| demo full build ≤ 10 s (fresh process) | {demo:.1f} s | {'yes' if demo <= 10 else 'no'} |")
    pages = [(size["runs"][0]["mkdocs"]["pages"], median([r["mkdocs"]["seconds"] for r in size["runs"]]))
             for size in sizes if size["runs"][0]["mkdocs"]]
    if pages:
        count, seconds = max(pages)
        per_1000 = seconds / count * 1000
        lines.append(f"| 1000 report pages ≤ 8 s of MkDocs | {per_1000:.1f} s per 1000 pages ({count} pages in "
                     f"{seconds:.1f} s) | {'yes' if per_1000 <= 8 else 'no'} |")
    cached = median([c["seconds"] for c in once["cached"]])
    lines.append(f"| second build, unchanged inputs: ≤ 1 s in the pipeline | {cached:.2f} s | "
                 f"{'yes' if cached <= 1 else 'no'} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs=2, metavar=("KIND", "TARGET"), help=argparse.SUPPRESS)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--build-up-to", type=int, default=100_000,
                        help="run the full build (c) only up to this N")
    parser.add_argument("--readme", action="store_true", help="write the results into bench/README.md")
    args = parser.parse_args()
    if args.child:
        kind, target = args.child
        print(json.dumps(CHILDREN[kind](Path(target))))
        return
    sizes = run_sizes(args.sizes, args.runs, args.build_up_to)
    once = run_once(args.runs)
    text = table(sizes, once, args.runs)
    print(text)
    (TMP / "rapor-bench-results.json").write_text(json.dumps({"sizes": sizes, "once": once}), encoding="utf-8")
    if args.readme:
        readme = HERE / "README.md"
        body = readme.read_text(encoding="utf-8")
        start, end = body.index(MARK_BEGIN) + len(MARK_BEGIN), body.index(MARK_END)
        readme.write_text(body[:start] + "\n" + text + "\n" + body[end:], encoding="utf-8")


if __name__ == "__main__":
    main()

"""The `rapor` command: translates the library's results and errors into Indonesian output and exit codes.

Exit codes: 0 no errors, 1 errors (data, definitions, build or audit), 2 wrong usage.
Problems go to stdout, one per line; progress goes to stderr, only on a terminal.
"""

from __future__ import annotations

import argparse
import logging
import sys
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console

from pipeline import run
from pipeline.errors import AuditError, DataError, DefinitionError, RaporError
from pipeline.problems import Problem
from pipeline.validate import count_by_code

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


@contextmanager
def progress_reporter():
    """Yield a progress callback: a spinner on a terminal, silence otherwise."""
    if not err.is_terminal:
        yield lambda message: None
        return
    with err.status("Memulai…") as status:
        yield lambda message: status.update(message + "…")


def print_problems(problems: list[Problem], root: Path) -> None:
    for problem in problems:
        out.print(problem.format(root), markup=False)


def print_summary(report: run.CheckReport) -> None:
    root = report.project.root
    for responses in report.responses:
        by_file: dict[Path, list[Problem]] = {}
        for p in responses.problems:
            by_file.setdefault(p.path, []).append(p)
        for f in responses.files:
            problems = by_file.get(f.path, [])
            codes = count_by_code(problems)
            listed = ", ".join(f"{code} {count}" for code, count in codes.items()) or "tidak ada masalah"
            try:
                name = f.path.relative_to(root).as_posix()
            except ValueError:
                name = f.path.as_posix()
            out.print(f"{name}: format {f.format}; {f.rows_read} baris dibaca, {f.rows_kept} dipakai, "
                      f"{f.incomplete} tidak lengkap; {listed}", markup=False)


def cmd_check(args: argparse.Namespace) -> int:
    with progress_reporter() as progress:
        report = run.check(args.project, progress)
    problems = report.problems
    print_problems(problems, report.project.root)
    print_summary(report)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if not errors:
        from pipeline.comment_review import uncoded_report

        for line in uncoded_report(report.project, report.responses, report.roster):
            out.print(f"Tema komentar (tidak diterbitkan) {line}", markup=False)
    out.print(f"Selesai: {errors} galat, {warnings} peringatan.", markup=False)
    return 1 if errors else 0


def cmd_quotes(args: argparse.Namespace) -> int:
    from pipeline.comment_review import review_quotes

    report = run.check(args.project)
    if any(p.severity == "error" for p in report.problems):
        raise DataError(report.problems)
    summaries = review_quotes(report.project, report.responses, report.roster)
    for s in summaries:
        out.print(f"{s.path.relative_to(report.project.root).as_posix()}: {s.total} kutipan, {s.new} baru, "
                  f"{s.pending} menunggu tinjauan", markup=False)
    out.print(f"Selesai: {len(summaries)} berkas kutipan. Ubah 'status' menjadi tampilkan atau sembunyikan, "
              "lalu jalankan rapor build.", markup=False)
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from pipeline import cache

    root = args.project.resolve()
    site = (args.out or root / "site").resolve()
    options = {"out": site.relative_to(root).as_posix() if site.is_relative_to(root) else str(site),
               "audience": args.audience}
    key = cache.input_key(root, options)
    record = None if getattr(args, "paksa", False) else cache.lookup(root, key)
    if record is not None:
        for title, folder, _ in record.sites:
            out.print(f"Situs {title}: {folder} (tetap)", markup=False)
        seen = f"{record.warnings} peringatan; 'rapor check' menampilkannya lagi" if record.warnings else \
            "tanpa peringatan"
        out.print("Selesai: masukan tidak berubah sejak pembangunan terakhir, situs tidak dibangun ulang "
                  f"({seen}). Pakai --paksa untuk membangun ulang.", markup=False)
        return 0
    cache.forget(root)
    with progress_reporter() as progress:
        report = run.build(args.project, out=args.out, audience=args.audience, progress=progress)
    warnings = report.check.problems
    print_problems(warnings, report.check.project.root)
    for site in report.sites:
        index = site.target / "search" / "search_index.json"
        size = index.stat().st_size / 1024 if index.exists() else 0
        out.print(f"Situs {site.audience.title}: {site.target} (indeks pencarian {size:.0f} KB)", markup=False)
    out.print(f"Selesai: {len(report.sites)} situs dibangun, audit lolos, {len(warnings)} peringatan.",
              markup=False)
    if cache.input_key(root, options) == key:  # inputs edited during the build: no record
        cache.store(root, key, [(s.audience.title, s.target) for s in report.sites], len(warnings))
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    report = run.check(args.project)
    site = (args.site or args.project / "site").resolve()
    if not site.is_dir():
        err.print(f"rapor: folder situs '{site}' tidak ada; jalankan 'rapor build' dulu", markup=False)
        return 1
    from pipeline.audit import audit_site, recheck_ledger

    findings = audit_site(site, run.identifiers_seen(report), report.project.settings.audit_allow)
    audiences = [site] + sorted(p for p in site.parent.glob(f"{site.name}-*") if p.is_dir())
    findings += recheck_ledger(audiences, report.project.settings.min_group_size)
    for finding in findings:
        out.print(str(finding), markup=False)
    out.print(f"Audit {site}: {len(findings)} temuan.", markup=False)
    return 1 if findings else 0


def cmd_init_survey(args: argparse.Namespace) -> int:
    from pipeline.init_survey import init_survey

    draft = init_survey(args.project, args.export.resolve(), args.id)
    root = args.project
    out.print(f"Draf survei ditulis ke {draft.path.relative_to(root).as_posix()} (format {draft.format}; "
              f"{draft.questions} pertanyaan, {draft.groups} kelompok, {draft.identifiers} kolom "
              "identitas).", markup=False)
    if draft.export:
        out.print(f"Berkas jawaban disalin ke {draft.export.relative_to(root).as_posix()}.", markup=False)
    else:
        out.print(f"Formulir XLSForm dibaca; letakkan hasil ekspor KoboToolbox di "
                  f"surveys/{draft.survey_id}/responses/.", markup=False)
    for repeat in draft.repeats:
        out.print(f"Draf grup berulang '{repeat.sheet}' ditulis ke {repeat.path.relative_to(root).as_posix()} "
                  f"({repeat.questions} pertanyaan; satu baris per isian grup).", markup=False)
    if draft.new_units:
        out.print(f"{len(draft.new_units)} unit baru ditambahkan ke surveys/units.yml sebagai draf: "
                  + ", ".join(draft.new_units) + ".", markup=False)
    out.print(f"Tinjau {draft.reviews} catatan bertanda TINJAU, lalu jalankan 'rapor check'.", markup=False)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Build, then serve the employees' site with live reload: a change to content/, surveys/ or
    site_templates/ rebuilds (the same checked, audited build), and the browser reloads."""
    status = cmd_build(args)
    if status:
        return status
    from mkdocs.livereload import LiveReloadServer

    site = (args.out or args.project / "site").resolve()

    def rebuild() -> None:
        try:
            run.build(args.project, out=args.out, audience=args.audience)
        except RaporError as exc:  # keep serving the last good site
            err.print(f"rapor: build gagal, situs lama tetap ditampilkan:\n{exc}", markup=False)

    server = LiveReloadServer(builder=rebuild, host="127.0.0.1", port=args.port, root=str(site))
    for folder in ("content", "surveys", "site_templates"):
        if (args.project / folder).is_dir():
            server.watch(str(args.project / folder))
    err.print(f"Pratinjau di {server.url} (Ctrl+C untuk berhenti)", markup=False)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="rapor",
                                  description="Menerbitkan hasil evaluasi pegawai ASN sebagai situs statis.")
    top.add_argument("--project", type=Path, default=Path("."), help="folder proyek (bawaan: folder ini)")
    sub = top.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="bangun situs semua audiens, lalu audit")
    b.add_argument("--out", type=Path, default=None, help="folder situs pegawai (bawaan: site/)")
    b.add_argument("--audience", default=None, help="bangun satu audiens saja (pegawai, pimpinan)")
    b.add_argument("--paksa", action="store_true",
                   help="bangun ulang walaupun masukan tidak berubah sejak pembangunan terakhir")
    b.set_defaults(func=cmd_build)
    c = sub.add_parser("check", help="periksa definisi dan berkas hasil survei")
    c.set_defaults(func=cmd_check)
    a = sub.add_parser("audit", help="periksa situs yang sudah dibangun dari kebocoran identitas")
    a.add_argument("site", nargs="?", type=Path, default=None)
    a.set_defaults(func=cmd_audit)
    s = sub.add_parser("serve", help="bangun, lalu tampilkan pratinjau di peramban")
    s.add_argument("--out", type=Path, default=None)
    s.add_argument("--audience", default=None)
    s.add_argument("--port", type=int, default=8000)
    s.set_defaults(func=cmd_serve)
    i = sub.add_parser("init-survey", help="buat draf survey.yml dari satu berkas ekspor")
    i.add_argument("export", type=Path, help="berkas ekspor (CSV, XLSX, ODS) atau formulir XLSForm")
    i.add_argument("--id", default=None, help="id survei (bawaan: dari nama berkas)")
    i.set_defaults(func=cmd_init_survey)
    q = sub.add_parser("quotes", help="tulis kutipan calon per tema ke surveys/<id>/kutipan.yml untuk ditinjau")
    q.set_defaults(func=cmd_quotes)
    for p in (b, c, a, s, i, q):
        p.add_argument("--project", type=Path, default=argparse.SUPPRESS, help="folder proyek")
    return top


def show_mkdocs_warnings() -> None:
    """MkDocs reports a broken link or missing page through logging; show it, or strict mode fails mutely."""
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "rapor", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setLevel(logging.WARNING)
        handler.setFormatter(logging.Formatter("MkDocs %(levelname)s: %(message)s"))
        handler.rapor = True
        logger.addHandler(handler)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    show_mkdocs_warnings()
    args.project = args.project.resolve()
    try:
        return args.func(args)
    except DataError as exc:
        print_problems(exc.problems, args.project)
        errors = sum(p.severity == "error" for p in exc.problems)
        err.print(f"rapor: {errors} galat pada data; perbaiki dulu (lihat 'rapor check'). Situs lama tidak diubah.",
                  markup=False)
        return 1
    except AuditError as exc:
        for finding in exc.findings:
            out.print(finding, markup=False)
        err.print("rapor: audit menemukan identitas di situs hasil build; situs TIDAK diterbitkan, "
                  "situs lama tetap dipakai.", markup=False)
        return 1
    except DefinitionError as exc:
        err.print(f"rapor: definisi tidak valid:\n{exc}", markup=False)
        return 1
    except RaporError as exc:
        err.print(f"rapor: {exc}", markup=False)
        return 1


if __name__ == "__main__":
    sys.exit(main())

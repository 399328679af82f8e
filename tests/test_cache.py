"""A second `rapor build` with unchanged inputs publishes nothing new and builds nothing;
any change to an input, to a published folder, or --paksa builds again."""

from __future__ import annotations

import shutil

import pytest

from pipeline import run
from pipeline.cache import CACHE_FILE
from pipeline.cli import main
from tests.minimal import HEADER, make_project

ROWS = [f"0{d}/03/2026 08:15:0{d},Pegawai {d},19850312201001200{d},Bag. Umum,Setuju,Sangat Setuju,Bagus"
        for d in range(1, 7)]
# A unit name typed by one respondent: its warning quotes the cell.
ROWS.append("07/03/2026 08:15:07,Pegawai 7,198503122010012007,Seksi Kilo Rahasia,Setuju,Setuju,")


class Rebuilt(Exception):
    pass


def _refuse_to_build(*args, **kwargs):
    raise Rebuilt


@pytest.fixture(scope="module")
def built(tmp_path_factory, secret_file):
    root = make_project(tmp_path_factory.mktemp("cache") / "proyek", "\n".join([HEADER, *ROWS]) + "\n")
    assert main(["--project", str(root), "build"]) == 0
    return root


def test_a_project_without_content_gets_the_bundled_home_and_guidance(built):
    assert not (built / "content").exists()
    assert (built / "site" / "index.html").is_file()
    assert (built / "site" / "panduan" / "sosialisasi.html").is_file()


def _tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_unchanged_inputs_skip_the_build_and_keep_the_sites(built, monkeypatch, capsys):
    before = {name: _tree(built / name) for name in ("site", "site-pimpinan", "site-sdm")}
    monkeypatch.setattr(run, "build", _refuse_to_build)
    capsys.readouterr()
    assert main(["--project", str(built), "build"]) == 0
    out = capsys.readouterr().out.splitlines()
    # Two warnings: the dates read either way round, and the unknown unit.
    assert out[-1].startswith("Selesai: masukan tidak berubah sejak pembangunan terakhir, situs tidak dibangun "
                              "ulang (2 peringatan; 'rapor check' menampilkannya lagi)")
    assert f"Situs Pegawai: {built / 'site'} (tetap)" in out
    assert {name: _tree(built / name) for name in before} == before


def test_the_record_holds_no_value_from_the_data(built):
    record = (built / CACHE_FILE).read_text(encoding="utf-8")
    assert "Pegawai 1" not in record and "198503122010012001" not in record
    assert "Kilo Rahasia" not in record  # a warning quoting a cell is counted, not kept


@pytest.mark.parametrize("change", ["survey", "export", "site", "paksa", "option"])
def test_any_change_builds_again(built, tmp_path, monkeypatch, change):
    root = tmp_path / "salinan"
    shutil.copytree(built, root)
    record = (root / CACHE_FILE).read_text(encoding="utf-8")
    (root / CACHE_FILE).write_text(record.replace(str(built), str(root)), encoding="utf-8")
    args = ["--project", str(root), "build"]
    monkeypatch.setattr(run, "build", _refuse_to_build)
    with pytest.raises(Rebuilt):
        if change == "survey":
            survey = root / "surveys" / "uji" / "survey.yml"
            survey.write_text(survey.read_text(encoding="utf-8") + "# ditinjau\n", encoding="utf-8")
        elif change == "export":
            export = root / "surveys" / "uji" / "responses" / "jawaban.csv"
            export.write_bytes(export.read_bytes().replace(b"Bagus", b"Baik"))
        elif change == "site":
            (root / "site" / "index.html").write_text("diubah", encoding="utf-8")
        elif change == "paksa":
            args.append("--paksa")
        elif change == "option":
            args += ["--audience", "pegawai"]
        main(args)


def test_a_copied_project_with_a_faithful_record_is_skipped(built, tmp_path, monkeypatch):
    """The control for the test above: the same copy, nothing changed, is not rebuilt."""
    root = tmp_path / "salinan"
    shutil.copytree(built, root)
    record = (root / CACHE_FILE).read_text(encoding="utf-8")
    (root / CACHE_FILE).write_text(record.replace(str(built), str(root)), encoding="utf-8")
    monkeypatch.setattr(run, "build", _refuse_to_build)
    assert main(["--project", str(root), "build"]) == 0

from pathlib import Path

import pytest

from pipeline.definitions import load_project, period_label, period_sort_key
from pipeline.errors import DefinitionError


def test_demo_definitions_load(project):
    loaded = load_project(project)
    assert {s.id for s in loaded.surveys} >= {  # the demo grows with each feature: the first surveys stay
        "pelatihan-kepemimpinan-2026", "sosialisasi-kinerja-2025-s2", "sosialisasi-kinerja-2026-s1",
        "wawancara-penilaian-2026"}
    assert len(loaded.units) == 8
    assert loaded.settings.min_group_size == 5


def test_unknown_key_names_file_and_key_path(project):
    path = project / "surveys" / "sosialisasi-kinerja-2026-s1" / "survey.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("    type: likert\n", "    tipe: likert\n", 1),
                    encoding="utf-8")
    with pytest.raises(DefinitionError) as info:
        load_project(project)
    assert info.value.path == path
    assert "questions.0.tipe: kunci tidak dikenal" in str(info.value)
    assert "questions.0.type: kunci wajib tidak ada" in str(info.value)


def test_threshold_below_three_is_refused(project):
    (project / "surveys" / "settings.yml").write_text("min_group_size: 2\n", encoding="utf-8")
    with pytest.raises(DefinitionError, match=r"settings.yml: min_group_size"):
        load_project(project)


def test_unknown_scale_is_named(project):
    path = project / "surveys" / "pelatihan-kepemimpinan-2026" / "survey.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("scale: setuju5", "scale: setuju7", 1),
                    encoding="utf-8")
    with pytest.raises(DefinitionError, match=r"questions\.\d+\.scale: skala 'setuju7' tidak ada"):
        load_project(project)


def test_broken_yaml_names_line(project):
    (project / "surveys" / "units.yml").write_text("units:\n  - id: a\n   name: [\n", encoding="utf-8")
    with pytest.raises(DefinitionError, match=r"units.yml: YAML tidak valid baris \d"):
        load_project(project)


def test_indicator_reference_must_exist(project):
    path = project / "surveys" / "indicators.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("sosialisasi-kinerja.paham_indikator", "sosialisasi-kinerja.tidak_ada", 1),
                    encoding="utf-8")
    with pytest.raises(DefinitionError, match="'sosialisasi-kinerja.tidak_ada' tidak merujuk"):
        load_project(project)


def test_missing_surveys_folder(tmp_path: Path):
    with pytest.raises(DefinitionError, match="folder surveys/ tidak ditemukan"):
        load_project(tmp_path)


@pytest.mark.parametrize(("period", "label"), [
    ("2026", "Tahun 2026"), ("2026-S1", "Semester I 2026"), ("2025-S2", "Semester II 2025"),
    ("2026-Q3", "Triwulan III 2026"), ("2026-10", "Oktober 2026"),
])
def test_period_labels(period, label):
    assert period_label(period) == label


def test_periods_sort_chronologically():
    periods = ["2026-S1", "2025-S2", "2026-Q3", "2026-02", "2026"]
    assert sorted(periods, key=period_sort_key) == ["2025-S2", "2026-S1", "2026-02", "2026-Q3", "2026"]

"""The regulation's rules: every cell of the predikat matrix and of the 9-box, labels, distribution limits."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline.appraisal.regulation import BUNDLED, load_regulation, normalise_labels
from pipeline.appraisal.rules import check_distribution, kinerja_row, nine_box, predikat
from pipeline.definitions import load_project
from pipeline.errors import DefinitionError
from tests.conftest import REPO


@pytest.fixture(scope="module")
def regulation():
    return load_regulation(load_project(REPO))


# PermenPANRB 6/2022 as the issue states it (hasil kerja, perilaku kerja) -> predikat.
MATRIX = [
    ("di-bawah", "di-bawah", "sangat-kurang"),
    ("di-bawah", "sesuai", "butuh-perbaikan"),
    ("di-bawah", "di-atas", "butuh-perbaikan"),
    ("sesuai", "di-bawah", "kurang"),
    ("di-atas", "di-bawah", "kurang"),
    ("di-atas", "di-atas", "sangat-baik"),
    ("sesuai", "sesuai", "baik"),
    ("sesuai", "di-atas", "baik"),
    ("di-atas", "sesuai", "baik"),
]


@pytest.mark.parametrize(("hasil_kerja", "perilaku_kerja", "expected"), MATRIX)
def test_every_cell_of_the_predikat_matrix(regulation, hasil_kerja, perilaku_kerja, expected):
    found = predikat(pd.Series([hasil_kerja]), pd.Series([perilaku_kerja]), regulation.predikat)
    assert found.tolist() == [expected]


def test_a_missing_rating_gives_no_predikat(regulation):
    found = predikat(pd.Series(["di-atas", None]), pd.Series([None, "sesuai"]), regulation.predikat)
    assert found.isna().all()


# PermenPANRB 3/2020 numbering: (annual predikat, potensial) -> kotak.
BOXES = [
    ("sangat-baik", "rendah", 4), ("sangat-baik", "menengah", 7), ("sangat-baik", "tinggi", 9),
    ("baik", "rendah", 2), ("baik", "menengah", 5), ("baik", "tinggi", 8),
    ("butuh-perbaikan", "rendah", 1), ("kurang", "menengah", 3), ("sangat-kurang", "tinggi", 6),
]


@pytest.mark.parametrize(("predikat_id", "potensial", "box"), BOXES)
def test_every_cell_of_the_nine_box(regulation, predikat_id, potensial, box):
    assert nine_box(pd.Series([predikat_id]), pd.Series([potensial]), regulation.ninebox).tolist() == [box]


def test_every_predikat_below_baik_is_the_bottom_row(regulation):
    rows = kinerja_row(pd.Series(["sangat-baik", "baik", "butuh-perbaikan", "kurang", "sangat-kurang"]),
                       regulation.ninebox)
    assert rows.tolist() == ["di-atas", "sesuai", "di-bawah", "di-bawah", "di-bawah"]


def test_follow_ups_of_the_extreme_boxes(regulation):
    assert regulation.ninebox.box("di-atas", "tinggi").follow_up[0] == "Dipromosikan dan dipertahankan"
    assert regulation.ninebox.box("di-bawah", "rendah").follow_up == (
        "Diproses sesuai ketentuan peraturan perundang-undangan",)
    assert "Tugas belajar" in regulation.ninebox.box("di-atas", "menengah").follow_up


@pytest.mark.parametrize(("typed", "expected"), [
    ("diatas", "di-atas"), ("Di Atas Ekspektasi", "di-atas"), ("DIATAS EKSPEKTASI", "di-atas"),
    ("DIBAWAH EKSPEKTASI", "di-bawah"), ("dibawah", "di-bawah"), ("di bawah ekspektasi ", "di-bawah"),
    ("memenuhi ekspektasi", "sesuai"), ("Sesuai", "sesuai"), ("SESUAI EKSPEKTASI", "sesuai"),
])
def test_rating_spellings(regulation, typed, expected):
    ids, unknown = normalise_labels(pd.Series([typed]), regulation.predikat.ratings)
    assert ids.astype(str).tolist() == [expected] and not unknown.any()


def test_unknown_and_empty_labels(regulation):
    ids, unknown = normalise_labels(pd.Series(["luar biasa", "", None, "Kurang / Misconduct"]),
                                    regulation.predikat.predikat)
    assert unknown.tolist() == [True, False, False, False]
    assert ids.isna().tolist() == [True, True, True, False] and ids.iloc[3] == "kurang"


def counts(**values: int) -> dict[str, int]:
    return {key.replace("_", "-"): value for key, value in values.items()}


def met(checks) -> list[bool]:
    return [c.met for c in checks]


@pytest.mark.parametrize(("sangat_baik", "expected"), [(7, True), (8, False)])
def test_istimewa_at_most_seventy_percent_sangat_baik(regulation, sangat_baik, expected):
    checks = check_distribution(counts(sangat_baik=sangat_baik, baik=10 - sangat_baik), "istimewa",
                                regulation.distribution)
    assert met(checks) == [expected]
    assert checks[0].count == sangat_baik and checks[0].n == 10


def test_seventy_percent_exactly_is_compared_without_rounding(regulation):
    # 70 of 100 meets the limit; 701 of 1000 (70.1%, shown as 70,1%) does not.
    assert met(check_distribution(counts(baik=70, butuh_perbaikan=30), "baik", regulation.distribution)) == [True, True]
    assert met(check_distribution(counts(baik=701, kurang=299), "baik", regulation.distribution)) == [False, True]


def test_baik_needs_someone_below_baik(regulation):
    assert met(check_distribution(counts(sangat_baik=4, baik=6), "baik", regulation.distribution)) == [True, False]
    assert met(check_distribution(counts(sangat_baik=3, baik=6, kurang=1), "baik",
                                  regulation.distribution)) == [True, True]


@pytest.mark.parametrize(("distribution", "expected"), [
    (counts(butuh_perbaikan=6, sangat_baik=1, baik=3), [True, True]),    # 60% and 10%: both on the line
    (counts(butuh_perbaikan=5, sangat_baik=1, baik=4), [False, True]),   # 50%
    (counts(butuh_perbaikan=12, sangat_baik=3, baik=5), [True, False]),  # 15% Sangat Baik
])
def test_butuh_perbaikan_pattern(regulation, distribution, expected):
    assert met(check_distribution(distribution, "butuh-perbaikan", regulation.distribution)) == expected


def test_kurang_pattern_boundaries(regulation):
    ok = counts(kurang=6, butuh_perbaikan=1, sangat_baik=1, baik=2)
    assert met(check_distribution(ok, "kurang", regulation.distribution)) == [True, True, True]
    short = counts(kurang=59, butuh_perbaikan=9, sangat_baik=11, baik=21)
    assert met(check_distribution(short, "kurang", regulation.distribution)) == [False, False, False]


def test_sangat_kurang_pattern_allows_no_sangat_baik(regulation):
    ok = counts(sangat_kurang=6, kurang=1, baik=3)
    assert met(check_distribution(ok, "sangat-kurang", regulation.distribution)) == [True, True, True]
    one = counts(sangat_kurang=6, butuh_perbaikan=1, baik=2, sangat_baik=1)
    assert met(check_distribution(one, "sangat-kurang", regulation.distribution)) == [True, True, False]


def test_no_people_no_advisory(regulation):
    assert check_distribution({}, "baik", regulation.distribution) == []


def test_every_table_names_its_source_and_date(regulation):
    for table in (regulation.predikat, regulation.distribution, regulation.berakhlak, regulation.ninebox):
        assert table.source.title and table.source.checked.year >= 2023
    assert "3 Tahun 2023" in regulation.distribution.source.title
    assert len(regulation.berakhlak.behaviours) == 21
    assert [v.name for v in regulation.berakhlak.values] == [
        "Berorientasi Pelayanan", "Akuntabel", "Kompeten", "Harmonis", "Loyal", "Adaptif", "Kolaboratif"]


def copy_regulation(project: Path, name: str, *replacements: tuple[str, str]) -> None:
    folder = project / "surveys" / "regulasi"
    folder.mkdir(parents=True, exist_ok=True)
    text = (BUNDLED / name).read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    (folder / name).write_text(text, encoding="utf-8")


def test_a_project_copy_replaces_the_bundled_table(project):
    copy_regulation(project, "sembilan-kotak.yml",
                    ("from_predikat: [baik]", "from_predikat: [baik, butuh-perbaikan]"),
                    ("from_predikat: [butuh-perbaikan, kurang, sangat-kurang]",
                     "from_predikat: [kurang, sangat-kurang]"))
    regulation = load_regulation(load_project(project))
    assert kinerja_row(pd.Series(["butuh-perbaikan"]), regulation.ninebox).tolist() == ["sesuai"]


def test_an_incomplete_matrix_is_an_error_naming_the_file(project):
    copy_regulation(project, "predikat.yml", ("  sesuai: {di-bawah: kurang, sesuai: baik, di-atas: baik}\n", ""))
    with pytest.raises(DefinitionError) as info:
        load_regulation(load_project(project))
    assert info.value.path.name == "predikat.yml" and "3 x 3" in str(info.value)


def test_a_rule_naming_an_unknown_predikat_is_an_error(project):
    copy_regulation(project, "distribusi.yml",
                    ("predikat: [sangat-baik], at_most: 70", "predikat: [istimewa], at_most: 70"))
    with pytest.raises(DefinitionError) as info:
        load_regulation(load_project(project))
    assert "istimewa" in str(info.value) and info.value.path.name == "distribusi.yml"

"""programmes.yml and jp-targets.yml: loaded, checked against the surveys, errors named by key."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.definitions import load_project
from pipeline.errors import DefinitionError
from pipeline.programmes import FollowUp, cohort_of, load_jp_targets, load_programmes
from tests.conftest import REPO


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_demo_programme_ties_its_surveys_together():
    project = load_project(REPO)
    programmes = load_programmes(project)
    programme = programmes.programme("pelatihan-kepemimpinan")
    assert [c.id for c in programme.cohorts] == ["angkatan-1", "angkatan-2"]
    surveys = [s for s in project.surveys if s.programme == programme.id]
    assert {s.level for s in surveys} == {"reaksi", "pembelajaran", "perilaku", "hasil"}
    assert {cohort_of(s, programme) for s in surveys} == {"angkatan-1", "angkatan-2"}
    assert {f.measure for f in programmes.follow_ups} >= {"penerapan"}
    targets = {t.status: t for t in load_jp_targets(project).targets}
    assert targets["PNS"].rule == "minimum" and targets["PNS"].jp == 20 and "Pasal 203" in targets["PNS"].source
    assert targets["PPPK"].rule == "maximum" and targets["PPPK"].jp == 24 and not targets["PPPK"].confirmed


def test_unknown_competency_is_named(project):
    edit(project / "surveys" / "programmes.yml", "addresses: [kepemimpinan,", "addresses: [kepemimpin,")
    with pytest.raises(DefinitionError, match=r"programmes\.0\.addresses\.0: kompetensi 'kepemimpin'"):
        load_programmes(load_project(project))


def test_survey_naming_an_unknown_cohort_or_programme(project):
    survey = project / "surveys" / "pelatihan-kepemimpinan-2026-a2-tes" / "survey.yml"
    edit(survey, "cohort: angkatan-2", "cohort: angkatan-3")
    with pytest.raises(DefinitionError, match="cohort: 'angkatan-3' bukan angkatan"):
        load_programmes(load_project(project))
    edit(survey, "programme: pelatihan-kepemimpinan", "programme: pelatihan-lain")
    with pytest.raises(DefinitionError, match="programme: 'pelatihan-lain' tidak ada"):
        load_programmes(load_project(project))


def test_a_level_without_the_questions_the_programme_reads(project):
    edit(project / "surveys" / "programmes.yml", "behaviours: [delegasi,", "behaviours: [mendelegasikan,")
    with pytest.raises(DefinitionError, match="'mendelegasikan' .* level perilaku"):
        load_programmes(load_project(project))


def test_typo_in_programmes_yml_is_an_unknown_key(project):
    edit(project / "surveys" / "programmes.yml", "    jp: 40\n", "    jam: 40\n")
    with pytest.raises(DefinitionError, match=r"programmes\.0\.jam: kunci tidak dikenal"):
        load_programmes(load_project(project))


def test_no_programmes_file_means_no_programmes(project):
    (project / "surveys" / "programmes.yml").unlink()
    assert load_programmes(load_project(project)).programmes == ()


def test_follow_up_rules():
    with pytest.raises(ValueError, match="tepat satu batas"):
        FollowUp(measure="penerapan", text="x")
    low = FollowUp(measure="penerapan", below=0.6, text="x")
    high = FollowUp(measure="selisih_diri_atasan", above=0.5, text="y")
    assert low.applies(0.59) and not low.applies(0.6) and not low.applies(None)
    assert high.applies(0.51) and not high.applies(0.5)

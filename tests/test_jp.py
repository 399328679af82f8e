"""JP per employee over a year against the targets per status, and the linking it rests on."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.definitions import Survey
from pipeline.identifiers import IdentifierSet
from pipeline.jp import in_year, jp_table, met_target, status_of
from pipeline.linking import link_people, sum_per_person
from pipeline.programmes import JpTargets, RecordColumns
from pipeline.tables import ALL, UNKNOWN_GROUP, ValidResponses

TARGETS = JpTargets.model_validate({"checked": "2026-11-28", "targets": [
    {"status": "PNS", "aliases": ["Pegawai Negeri Sipil"], "rule": "minimum", "jp": 20, "source": "PP 11/2017"},
    {"status": "PPPK", "aliases": ["P3K"], "rule": "maximum", "jp": 24, "source": "PP 49/2018", "confirmed": False},
]})
RECORDS = Survey.model_validate({
    "id": "catatan", "title": "Catatan", "kind": "training-record", "period": "2026", "link_key": "NIP",
    "groups": [{"id": "unit", "column": "Unit"}, {"id": "status", "column": "Status"}],
    "questions": [{"id": "pelatihan", "column": "Nama", "type": "single"},
                  {"id": "tanggal", "column": "Tanggal", "type": "date"},
                  {"id": "jp", "column": "JP", "type": "number"}]})


def responses(survey: Survey, rows: list[tuple]) -> ValidResponses:
    columns = ["_pseudonym", *(g.id for g in survey.groups), *(q.id for q in survey.questions)]
    table = pd.DataFrame(rows, columns=columns)
    if "tanggal" in table:
        table["tanggal"] = pd.to_datetime(table["tanggal"])
    return ValidResponses(survey, table, (), (), IdentifierSet())


# Person A (PNS): 8 + 14 in 2026, 10 in 2025 -> 22, meets 20. B (PNS): 12, and 12 again exported
# twice -> 12, misses. C (PPPK): 30, above the 24 limit. D (P3K): listed without training -> 0, within.
# E ('pegawai negeri sipil'): 20, meets. F (Honorer): 6, no target. One row has no NIP.
ROWS = [
    ("a", "umum", "PNS", "Seminar", "2026-02-01", 8), ("a", "umum", "PNS", "Bimtek", "2026-05-10", 14),
    ("a", "umum", "PNS", "Bimtek", "2025-12-08", 10), ("b", "umum", "PNS", "E-learning", "2026-03-03", 12),
    ("b", "umum", "PNS", "E-learning", "2026-03-03", 12), ("c", "keu", "PPPK", "Pelatihan", "2026-07-13", 30),
    ("d", "keu", "P3K", None, None, 0), ("e", "keu", "pegawai negeri sipil", "Coaching", "2026-09-01", 20),
    ("f", "keu", "Honorer", "Seminar", "2026-04-04", 6), (None, "keu", "PNS", "Seminar", "2026-04-04", 4),
]


@pytest.fixture(scope="module")
def people() -> pd.DataFrame:
    records = responses(RECORDS, ROWS)
    keep, rows = in_year(records, RecordColumns(), 2026)
    assert (rows.rows, rows.other_year, rows.duplicates, rows.no_key, rows.undated) == (10, 1, 1, 1, 0)
    table, no_key = sum_per_person(records, ["unit", "status"], "jp", keep)
    assert no_key == 1
    return table.table


def test_hours_per_person_over_the_year(people):
    assert sorted(people["jp"]) == [0, 6, 12, 20, 22, 30]


def test_statuses_and_targets():
    assert list(status_of(pd.Series(["pns", " P3K", "Honorer"]), TARGETS.targets)) == ["PNS", "PPPK", UNKNOWN_GROUP]
    met = met_target(pd.Series([22, 12, 30, 0, 6.0]), pd.Series(["PNS", "PNS", "PPPK", "PPPK", UNKNOWN_GROUP]),
                     TARGETS.targets)
    assert met.tolist() == [True, False, False, True, pd.NA]


def test_jp_table_by_hand(people):
    table = jp_table(people, "jp", "status", TARGETS, {"unit": ["umum", "keu"]}).set_index(["dimension", "group"])
    org = table.loc[(ALL, ALL)]
    assert org["n"] == 6 and org["mean_jp"] == pytest.approx(90 / 6)
    # five have a target (F has none); A, D and E meet theirs
    assert org["n_target"] == 5 and org["share_met"] == pytest.approx(3 / 5)
    assert table.loc[("status", "PNS"), "share_met"] == pytest.approx(2 / 3)
    assert table.loc[("status", "PPPK"), "share_met"] == pytest.approx(1 / 2)
    assert table.loc[("status", UNKNOWN_GROUP), "n"] == 1
    assert table.loc[("unit", "umum"), "mean_jp"] == pytest.approx(17)


PRE = Survey.model_validate({"id": "pre", "title": "Pre", "kind": "training", "period": "2026-05",
                             "groups": [{"id": "unit", "column": "Unit"}],
                             "questions": [{"id": "nilai_pre", "column": "Skor", "type": "number"}]})
POST = PRE.model_copy(update={"id": "post", "questions": (
    PRE.questions[0].model_copy(update={"id": "nilai_post"}),)})


def test_link_people_pairs_by_pseudonym_and_keeps_the_first_exports_group():
    post = responses(POST, [("x", "a", 70), ("y", "b", 80), ("z", "b", 90), (None, "a", 60)])
    pre = responses(PRE, [("x", "b", 50), ("y", "b", 60), ("w", "a", 40)])
    people = link_people([post, pre], ["unit"], ["nilai_pre", "nilai_post"]).table
    assert "_pseudonym" not in people and len(people) == 5
    paired = people.dropna()
    assert sorted(zip(paired["unit"], paired["nilai_pre"], paired["nilai_post"], strict=True)) == [
        ("a", 50, 70), ("b", 60, 80)]  # x counts in unit a, as the post-test export has it
    assert people["nilai_post"].notna().sum() == 4 and people["nilai_pre"].notna().sum() == 3

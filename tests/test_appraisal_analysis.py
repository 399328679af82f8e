"""Appraisal analysis and disclosure on tiny hand-made tables: counts, 360 means, pooling, withholding."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.appraisal.analyse import analyse_round
from pipeline.appraisal.disclose import disclose_appraisal
from pipeline.appraisal.feedback import analyse_feedback
from pipeline.appraisal.regulation import load_regulation
from pipeline.appraisal.tables import GAP, OTHERS, POOLED, AppraisalResults
from pipeline.definitions import Group, Question, Survey, load_project
from pipeline.disclose import COMPLEMENT, SMALL
from pipeline.tables import ALL, AnonymousResponses
from tests.conftest import REPO

K = 5


@pytest.fixture(scope="module")
def regulation():
    return load_regulation(load_project(REPO))


def survey(kind: str, questions: list[str]) -> Survey:
    return Survey(id=f"uji-{kind}", title="Uji", kind=kind, period="2025",
                  groups=(Group(id="unit", column="Unit"),),
                  questions=tuple(Question(id=q, column=q, type="single") for q in questions))


def categorical(values: list, categories: list) -> pd.Categorical:
    return pd.Categorical(values, categories=categories)


def test_predikat_counts_per_group_from_the_matrix(regulation):
    ratings = ["di-atas", "sesuai", "di-bawah"]
    table = pd.DataFrame({
        "unit": categorical(["a"] * 6 + ["b"] * 2, ["a", "b", "c"]),
        "hasil_kerja": categorical(["di-atas", "di-atas", "sesuai", "sesuai", "di-bawah", "sesuai", "di-bawah",
                                    "sesuai"], ratings),
        "perilaku_kerja": categorical(["di-atas", "di-bawah", "sesuai", "di-atas", "di-bawah", None, "di-atas",
                                       "sesuai"], ratings),
        "potensial": categorical(["tinggi", "rendah", "menengah", None, "rendah", "tinggi", "tinggi", "menengah"],
                                 ["rendah", "menengah", "tinggi"]),
    })
    result = analyse_round(AnonymousResponses(survey("skp", ["hasil_kerja", "perilaku_kerja"]), table, 0),
                           regulation)
    rows = result.predikat.set_index(["dimension", "group"])
    # a: Sangat Baik, Kurang/Misconduct, Baik, Baik, Sangat Kurang (the sixth has no perilaku kerja)
    assert rows.loc[("unit", "a"), ["n", "n_sangat-baik", "n_baik", "n_butuh-perbaikan", "n_kurang",
                                    "n_sangat-kurang"]].tolist() == [5, 1, 2, 0, 1, 1]
    assert rows.loc[(ALL, ALL), ["n", "n_baik", "n_butuh-perbaikan"]].tolist() == [7, 3, 1]
    assert rows.loc[("unit", "c"), "n"] == 0  # listed, so disclose can leave it out as empty
    boxes = result.ninebox.set_index(["dimension", "group"])
    # Sangat Baik x tinggi = 9; Kurang x rendah = 1; Baik x menengah = 5; Sangat Kurang x rendah = 1;
    # b: Butuh Perbaikan x tinggi = 6, Baik x menengah = 5.
    assert boxes.loc[(ALL, ALL), ["n", "n_kotak-9", "n_kotak-5", "n_kotak-1", "n_kotak-6"]].tolist() == [6, 1, 2, 2, 1]


BEHAVIOUR = "pelayanan_1"


def feedback_table() -> pd.DataFrame:
    """Six people in unit a, three in unit b. Self 5, peers 4, the one supervisor 3, subordinates 2."""
    rows = []
    for subject in range(1, 10):
        unit = "a" if subject <= 6 else "b"
        rows.append((subject, subject, "diri-sendiri", 5, unit))
        for peer in range(3):
            rows.append((10 + (subject + peer) % 6, subject, "rekan-kerja", 4, unit))
        rows.append((20, subject, "atasan", 3, unit))
    rows += [(30, 1, "bawahan", 2, "a"), (31, 1, "bawahan", 2, "a")]
    frame = pd.DataFrame(rows, columns=["rater", "subject", "penilai", BEHAVIOUR, "unit"])
    return frame.assign(rater=frame["rater"].astype("Int64"), subject=frame["subject"].astype("Int64"),
                        penilai=categorical(frame["penilai"], ["diri-sendiri", "atasan", "rekan-kerja", "bawahan"]),
                        unit=categorical(frame["unit"], ["a", "b"]))


@pytest.fixture(scope="module")
def feedback(regulation):
    responses = AnonymousResponses(survey("feedback-360", ["penilai", BEHAVIOUR]), feedback_table(), 0)
    return analyse_feedback(responses, regulation.berakhlak, K)


def test_small_rater_categories_are_pooled(feedback):
    # One supervisor rated nine people: one rater. Two subordinates rated one person.
    assert feedback.shown == ("rekan-kerja",) and feedback.pooled == ("atasan", "bawahan")
    pooled = feedback.scores[(feedback.scores["key"] == POOLED)].iloc[0]
    assert (pooled["n"], pooled["raters"]) == (9, 3)


def test_means_count_each_person_once(feedback):
    scores = feedback.scores.set_index(["key", "dimension", "group"])
    # Person 1 by others: (4+4+4+3+2+2)/6 = 19/6; persons 2-9: (4+4+4+3)/4 = 3.75.
    assert scores.loc[(OTHERS, ALL, ALL), f"m_{BEHAVIOUR}"] == pytest.approx((19 / 6 + 8 * 3.75) / 9)
    assert scores.loc[(OTHERS, "unit", "a"), f"m_{BEHAVIOUR}"] == pytest.approx((19 / 6 + 5 * 3.75) / 6)
    assert scores.loc[(GAP, ALL, ALL), f"m_{BEHAVIOUR}"] == pytest.approx((5 - 19 / 6 + 8 * 1.25) / 9)
    assert scores.loc[(OTHERS, ALL, ALL), "v_berorientasi-pelayanan"] == scores.loc[(OTHERS, ALL, ALL),
                                                                                    f"m_{BEHAVIOUR}"]
    assert scores.loc[(OTHERS, ALL, ALL), ["n", "raters"]].tolist() == [9, 9]  # six peers, 20, 30, 31


def test_leniency_pairs_the_same_people(feedback):
    lenient = feedback.leniency.set_index("key")
    # Peers minus the pooled others, per person: person 1: 4 - (3+2+2)/3; persons 2-9: 4 - 3.
    assert lenient.at["rekan-kerja", "diff"] == pytest.approx((4 - 7 / 3 + 8 * 1) / 9)
    assert lenient.at["diri-sendiri", "diff"] == pytest.approx((5 - 19 / 6 + 8 * 1.25) / 9)
    assert lenient.at[POOLED, "n"] == 9 and lenient.at[POOLED, "raters"] == 3


def test_withheld_below_the_threshold_on_either_side(regulation, feedback):
    results = AppraisalResults(regulation, {}, (), (feedback,))
    disclosed = disclose_appraisal(results, K).feedback[0]
    scores = disclosed.scores.set_index(["key", "dimension", "group"])
    assert scores.loc[(POOLED, ALL, ALL), "reason"] == SMALL  # nine people rated, but by three raters
    assert pd.isna(scores.loc[(POOLED, ALL, ALL), f"m_{BEHAVIOUR}"])
    assert scores.loc[(OTHERS, "unit", "b"), "reason"] == SMALL       # three people rated
    assert scores.loc[(OTHERS, "unit", "a"), "reason"] == COMPLEMENT  # else: the total minus unit a
    assert not scores.loc[(OTHERS, ALL, ALL), "withheld"]
    assert "raters" not in disclosed.scores and not disclosed.scores.filter(like="c_").columns.size
    lenient = disclosed.leniency.set_index("key")
    # Peers against three other raters would show those three's mean: withheld too.
    assert lenient.at[POOLED, "withheld"] and lenient.at["rekan-kerja", "withheld"]
    assert not lenient.at["diri-sendiri", "withheld"]

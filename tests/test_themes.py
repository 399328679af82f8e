"""Theme coding of Indonesian comments: stemming, the protect-list, negation, intensity, polarity."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml
from pydantic import ValidationError

from pipeline.codebook import Analyser, Codebook, load_codebook
from pipeline.definitions import Survey, load_project
from pipeline.tables import AnonymousResponses
from pipeline.themes import build_matcher, code_comments, code_text, count_themes, uncoded_terms
from tests.conftest import REPO
from tests.minimal import SURVEY


@pytest.fixture(scope="module")
def demo_codebook() -> Codebook:
    return load_codebook(load_project(REPO))


@pytest.fixture(scope="module")
def training(demo_codebook):
    return build_matcher(demo_codebook, "training")


@pytest.fixture(scope="module")
def appraisal(demo_codebook):
    return build_matcher(demo_codebook, "survey")


def test_speaker_who_lacks_mastery_is_the_facilitator_theme_and_negative(training):
    # The phrase "menguasai materi" belongs to the speaker: the content theme must not fire too.
    assert code_text(training, "pemateri kurang menguasai materi") == {"pemateri": -1}


def test_useful_material_is_the_content_theme_and_positive(training):
    assert code_text(training, "materinya sangat bermanfaat") == {"materi": 1}


def test_stemming_matches_inflected_forms(training):
    assert code_text(training, "Pematerinya menyampaikan dengan jelas.") == {"pemateri": 1}
    assert code_text(training, "Modulnya membingungkan dan terlalu tebal.") == {"materi": -1}
    assert code_text(training, "Diskusinya menarik.") == {"metode": 1}


def test_protect_list_keeps_words_apart_that_the_stemmer_would_merge():
    plain = Analyser(())
    assert plain.stem("pemateri") == plain.stem("materi") == "materi"  # Sastrawi alone conflates them
    assert plain.stem("penilaian") == "nilai" and plain.stem("pelatihan") == "latih"
    guarded = Analyser(("pemateri", "penilaian", "pelatihan"))
    assert guarded.stem("pemateri") == "pemateri" and guarded.stem("pematerinya") == "pemateri"
    assert guarded.stem("penilaiannya") == "penilaian" and guarded.stem("pelatihan") == "pelatihan"
    assert guarded.stem("materinya") == "materi"


def test_content_alone_is_not_the_facilitator_theme(training):
    assert code_text(training, "Materi pelatihan sangat relevan.") == {"materi": 1}


@pytest.mark.parametrize(("text", "expected"), [
    ("Penjelasan pemateri tidak jelas.", -1),         # negator flips a positive word
    ("Pemateri kurang jelas.", -1),                    # kurang as a negator
    ("Pemateri tidak terlalu jelas.", -1),             # "not very clear": the negator reaches past intensifiers
    ("Pemateri tidak terlalu sulit dipahami.", 1),
    ("Pemateri sangat membantu.", 1),                  # intensity kept, never a stop word
    ("Pemateri cukup jelas.", 1),
    ("Sesi pemateri terlalu lama.", -1),               # "terlalu X" is a complaint
    ("Pemateri belum menguasai bahasannya.", -1),
    ("Pemateri tidak sulit dipahami.", 1),             # negator flips a negative word
    ("Ada pemateri tamu.", 0),
])
def test_negation_and_intensity_set_the_polarity(training, text, expected):
    assert code_text(training, text) == {"pemateri": expected}


def test_contrast_splits_clauses_and_a_purpose_clause_is_neutral(training):
    text = "Materinya bermanfaat, tetapi waktunya terlalu padat agar pemateri tidak terburu-buru."
    assert code_text(training, text) == {"materi": 1, "waktu": -1, "pemateri": 0}


def test_a_rating_name_is_not_an_opinion(appraisal):
    assert code_text(appraisal, "Penghargaan bagi predikat sangat baik masih kurang.") == {"tindak-lanjut": -1}


def test_codebook_refuses_negators_and_intensifiers_as_stop_words():
    for word in ("tidak", "belum", "bukan", "kurang", "sangat", "cukup", "terlalu"):
        with pytest.raises(ValidationError, match=word):
            Codebook(stopwords=("yang", word))


def test_codebook_refuses_a_theme_without_terms_and_duplicate_ids():
    with pytest.raises(ValidationError, match="keywords"):
        Codebook.model_validate({"themes": [{"id": "a", "label": "A", "description": "x"}]})
    theme = {"id": "a", "label": "A", "description": "x", "keywords": ["a"]}
    with pytest.raises(ValidationError, match="ganda"):
        Codebook.model_validate({"themes": [theme, theme]})


def _responses(rows: list[dict]) -> AnonymousResponses:
    survey = Survey.model_validate(yaml.safe_load(SURVEY) | {"kind": "training"})
    table = pd.DataFrame(rows)
    table["unit"] = pd.Categorical(table["unit"], categories=["umum", "keuangan", "tu"])
    return AnonymousResponses(survey, table.assign(q1=pd.NA, q2=pd.NA), 0)


def test_counts_are_people_and_empty_answers_are_no_comment(demo_codebook):
    rows = [{"unit": "umum", "saran": "Pemateri kurang jelas. Pemateri juga terlambat."},  # one person, once
            {"unit": "umum", "saran": "Materinya sangat bermanfaat."},
            {"unit": "keuangan", "saran": "Tidak ada"},
            {"unit": "keuangan", "saran": "-"},
            {"unit": "keuangan", "saran": "Sudah bagus, pertahankan."}]
    coding = code_comments(_responses(rows), demo_codebook)
    comments, themes = count_themes(coding)
    org = comments[comments["dimension"] == "_semua"].set_index("key")["n"]
    assert org.to_dict() == {"komentar": 3, "berkode": 2}
    row = themes[(themes["theme"] == "pemateri") & (themes["dimension"] == "_semua")].iloc[0]
    assert (row["n"], row["n_neg"], row["n_pos"]) == (1, 1, 0)
    units = comments[(comments["dimension"] == "unit") & (comments["key"] == "komentar")].set_index("group")["n"]
    assert units.to_dict() == {"umum": 2, "keuangan": 1, "tu": 0}
    assert coding.uncoded == ("Sudah bagus, pertahankan.",)


def test_uncoded_terms_keep_negation_with_its_word(demo_codebook):
    rows = [{"unit": "umum", "saran": "Absensi tidak tertib."}, {"unit": "umum", "saran": "Absensinya tidak tertib"},
            {"unit": "tu", "saran": "Absensi manual"}]
    terms = dict(uncoded_terms(code_comments(_responses(rows), demo_codebook), demo_codebook))
    assert terms["absensi"] == 3 and terms["tidak tertib"] == 2 and "tertib" not in terms

"""Names found by word lookup are exactly those the one-big-regex formulation finds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.identifiers import DEGREE_SUFFIX
from pipeline.names import HONORIFIC, PREFIX, TITLE, NameFinder, alternation

WORDS = ["budi", "santoso", "siti", "aminah", "o'neil", "abdul-rahman", "ratna", "sari", "pekerti", "joko"]
AROUND = ["Pak", "pak.", "Bu", "Ibu", "Bapak", "Dr.", "dr", "Hj.", "Prof.Dr.", "H.", "yang", "dan", "baik",
          ", S.E.", ", M.Si.", " S.Kom.", ",S.Pd", "-lah", "_x", "(", ")", ".", ",", "\n", "  ", "x'"]


def reference(names: set[str], first_names: set[str]) -> re.Pattern[str] | None:
    """The former formulation: one regex alternating every name."""
    alternatives = []
    if names:
        alternatives.append(rf"{PREFIX}\b(?:{alternation(names)})\b{DEGREE_SUFFIX}")
    if first_names:
        alternatives.append(rf"\b{HONORIFIC}(?:(?<=\.)\s*|\s+)(?:{TITLE}(?:(?<=\.)\s*|\s+))*"
                            rf"(?:{alternation(first_names)})\b{DEGREE_SUFFIX}")
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.IGNORECASE) if alternatives else None


names_st = st.sets(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join), max_size=6)
token_st = st.one_of(st.sampled_from(WORDS), st.sampled_from(WORDS).map(str.upper),
                     st.sampled_from(WORDS).map(str.title), st.sampled_from(AROUND))
text_st = st.lists(st.tuples(token_st, st.sampled_from([" ", "", "  ", "\t"])), max_size=14).map(
    lambda parts: "".join(t + sep for t, sep in parts))


@settings(max_examples=400, deadline=None)
@given(names=names_st, first_names=st.sets(st.sampled_from(WORDS), max_size=3), text=text_st)
def test_word_lookup_redacts_what_the_regex_did(names, first_names, text):
    pattern = reference(names, first_names)
    expected = pattern.sub("[X]", text) if pattern else text
    assert NameFinder(names, first_names).sub("[X]", text) == expected


def test_known_cases():
    finder = NameFinder({"siti aminah", "budi santoso"}, {"budi"})
    assert finder.sub("[X]", "Kata Hj. Siti Aminah, S.E., M.Si. tadi") == "Kata [X] tadi"
    assert finder.sub("[X]", "pak budi baik, budi pekerti luhur") == "[X] baik, budi pekerti luhur"
    assert finder.sub("[X]", "BUDI   SANTOSO datang") == "[X] datang"
    assert finder.found("Ibu dr. Siti Aminah") == ["Ibu dr. Siti Aminah"]


def test_accents_are_ignored_in_the_text():
    assert NameFinder({"jose ramos"}).sub("[X]", "Pak José Ramos hadir") == "[X] hadir"


def test_two_hundred_thousand_names_with_shared_first_words():
    names = {f"pegawai{i} nama{i % 977}" for i in range(200_000)}
    finder = NameFinder(names, {n.split()[0] for n in names})
    assert finder.sub("[X]", "terima kasih pak pegawai123 nama123, S.T.") == "terima kasih [X]"

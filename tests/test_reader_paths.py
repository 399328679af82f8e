"""The fast paths a national export takes give exactly what the careful paths give.

A regular CSV is parsed by Arrow (columns as Categoricals or Arrow text), an irregular one by
pandas and the csv module; spreadsheet columns become Categoricals when they repeat; link keys
are normalised by Arrow's kernels when they are ASCII. Each fast path is compared here with the
path it replaces, on generated input.
"""

from __future__ import annotations

import csv
import datetime
import hmac
import io
from dataclasses import replace

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import identifiers
from pipeline.definitions import load_project
from pipeline.errors import ExportError
from pipeline.ingest import google_forms, pseudonym, tabular
from pipeline.ingest.canonical import to_canonical
from pipeline.ingest.sheet import _clean, python_text, with_header
from tests.conftest import make_national

# Cells as people type them: quotes, separators, line breaks, spaces, accents, typed "nothing".
cell = st.one_of(
    st.sampled_from(["", " ", "-", "n/a", "Setuju", " Sangat Setuju ", "Bag. Umum", 'kata "kutip"',
                     "baris\nbaru", "a,b;c|d", "Muñoz", "\u00a0spasi\u00a0", "199203152015031002"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"),
            max_size=12),
)


def _csv(rows: list[list[str]], delimiter: str) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def _text(frame: pd.DataFrame) -> list[list[str]]:
    return frame.astype(object).astype(str).values.tolist()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(width=st.integers(1, 5), delimiter=st.sampled_from([",", ";", "\t"]), data=st.data())
def test_arrow_reads_a_regular_csv_as_pandas_does(tmp_path_factory, width, delimiter, data):
    header = [f"Kolom {i}" for i in range(width)]
    body = data.draw(st.lists(st.lists(cell, min_size=width, max_size=width), min_size=1, max_size=8))
    if width == 1:  # a one-column row of nothing is a blank line: the careful path's case
        body = [row for row in body if row[0]] or [["x"]]
    path = tmp_path_factory.mktemp("csv") / "jawaban.csv"
    path.write_bytes(_csv([header, *body], delimiter))
    decoded, _, _ = tabular._decode(path)
    fast = tabular._arrow_grid(decoded, delimiter)
    careful = tabular._careful_grid(path, decoded[:].decode("utf-8"), delimiter, [])
    assert _text(fast) == _text(careful)
    assert list(fast.index) == list(careful.index) == list(range(1, len(body) + 2))
    # Trimmed in Arrow, as Python's str.strip() and the "nothing" markers would have it.
    frame, _ = with_header(tabular.RawTable(path, fast, "utf-8", delimiter, ()))
    expected = [[_clean(c) for c in row] for row in _text(careful)[1:]]
    assert frame.values.tolist() == [row for row in expected if any(row)]


def test_a_ragged_csv_takes_the_careful_path_and_names_the_row(tmp_path):
    path = tmp_path / "jawaban.csv"
    path.write_text("Nama,Unit\nA,Umum\nB,Umum,lebih\nC,Keuangan\n", encoding="utf-8")
    raw = tabular.read_table(path)
    assert [p.row for p in raw.problems if p.code == "baris-terlalu-panjang"] == [3]
    assert raw.cells[1].tolist() == ["Unit", "Umum", "Umum", "Keuangan"]


def test_columns_that_repeat_become_categoricals_and_read_the_same(tmp_path):
    rows = [["NIP", "Jawaban"]] + [[f"19920315201503{i:04d}", ["Setuju", " Netral", "-"][i % 3]]
                                   for i in range(300)]
    path = tmp_path / "jawaban.csv"
    path.write_bytes(_csv(rows, ","))
    raw = tabular.read_table(path)
    assert isinstance(raw.cells[1].dtype, pd.CategoricalDtype)  # three distinct answers
    assert not isinstance(raw.cells[0].dtype, pd.CategoricalDtype)  # every NIP differs
    frame, _ = with_header(raw)
    assert frame["Jawaban"].tolist()[:3] == ["Setuju", "Netral", ""]
    assert frame["NIP"].tolist()[-1] == "199203152015030299"
    assert list(frame.index[:2]) == [2, 3]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.one_of(cell, st.sampled_from(["Budi.Santoso@Instansi.GO.ID ", "19850312 201001 1 002"])),
                min_size=1, max_size=20))
def test_link_keys_normalise_alike_on_both_paths(values):
    text = pd.Series(values, dtype=object)
    fast = pseudonym._normalise_ascii(text)
    careful = pseudonym._normalise_any(text)
    if fast is None:  # a non-ASCII key: the pandas path alone is used
        assert any(not v.strip().isascii() for v in values)
    else:
        assert fast.tolist() == careful.tolist()


@pytest.mark.parametrize("values", [["A", "A", "B", None, 3.0], [1.5, 2.0, "x"]])
def test_spreadsheet_cells_become_the_same_text_either_way(values):
    grid = tabular._text_grid([[v] for v in values] * 3)
    assert grid[0].astype(object).tolist() == tabular._as_text(pd.Series(values * 3, dtype=object)).tolist()


@settings(max_examples=60, deadline=None)
@given(key=st.binary(min_size=1, max_size=150), message=st.binary(max_size=200))
def test_hmac_with_states_made_once_is_the_standard_hmac(key, message):
    assert pseudonym.hmac_sha256(key)(message) == hmac.new(key, message, "sha256").hexdigest()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(cell, st.text(alphabet=" \t\n\x1c\u00a0\u2003ab.", max_size=8)), max_size=12))
def test_white_space_collapses_as_str_split_does_with_or_without_the_shortcut(values):
    squashed = identifiers._squash(pa.array(values, type=pa.large_string())).to_pylist()
    assert squashed == [" ".join(v.split()) for v in values]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(["19850312 201001 1 002", "198503122010011002", "Budi@X.go.id",
                                           "budi@x.go.id ", "", " ", "nip-1985"]), cell), min_size=1, max_size=15))
def test_pseudonyms_from_arrow_text_are_those_from_python_text(values):
    trimmed = [v.strip() for v in values]  # as the reader hands both on
    python = pseudonym.pseudonymise(pd.Series(trimmed, dtype=object))
    arrow = pseudonym.pseudonymise(pd.Series(trimmed, dtype=object), pa.array(trimmed, type=pa.string()))
    assert python.equals(arrow)
    assert python.isna().tolist() == [pseudonym.normalise_link_key(pd.Series([v])).iloc[0] == "" for v in trimmed]


def test_a_plain_sheet_maps_the_same_as_its_python_text(tmp_path):
    """A plain sheet keeps repeated columns as Categoricals and Google Forms' time stamp, emails and
    NIPs as Arrow text (read only for their values); mapped as Python text without the reader's
    codes, the canonical result is the same."""
    national = make_national()
    frame, items = national.export(400)
    frame.loc[[3, 9], "NIP"] = ""  # empty link keys are warned about on both paths
    frame.loc[5, "Alamat email"] = "anonymous"
    frame.loc[7, "Unit Kerja"] = "Unit Kerja Tak Dikenal"  # warned about once, counted as unknown
    frame["Golongan"] = np.random.default_rng(3).choice(["III", "IV", " III", ""], len(frame))  # typed in
    national.write_project(tmp_path, frame, items, xlsx=False)
    survey_yml = tmp_path / "surveys" / "nasional" / "survey.yml"
    unit = "  - {id: unit, column: Unit Kerja}\n"
    survey_yml.write_text(survey_yml.read_text(encoding="utf-8").replace(
        unit, unit + "  - {id: golongan, column: Golongan}\n"), encoding="utf-8")
    project = load_project(tmp_path)
    survey = project.surveys[0]
    sheet = google_forms.prepare(tabular.read_table(tmp_path / "surveys" / "nasional" / "responses" / "jawaban.csv"))
    kept = {"Stempel waktu", "Alamat email", "Nama Lengkap", "NIP"}  # 400 people: their names are distinct too
    assert {c for c in sheet.frame.columns if isinstance(sheet.frame[c].array, pd.arrays.ArrowStringArray)} == kept
    assert all(isinstance(sheet.frame[c].dtype, pd.CategoricalDtype) for c in sheet.frame.columns if c not in kept)
    fast = to_canonical(sheet, survey, project)
    careful = to_canonical(replace(sheet, frame=python_text(sheet.frame), coded=None), survey, project)
    pd.testing.assert_frame_equal(fast.table, careful.table)
    assert fast.problems == careful.problems
    assert {"kunci-kosong", "unit-tidak-dikenal"} <= {p.code for p in fast.problems}
    assert list(fast.table["golongan"].cat.categories) == ["III", "IV", "Tidak diketahui"]
    for kind in ("names", "first_names", "emails", "numbers"):
        assert getattr(fast.identifiers, kind) == getattr(careful.identifiers, kind)
    assert "anonymous" not in fast.identifiers.emails and len(fast.identifiers.numbers) == 398


recent = st.datetimes(min_value=datetime.datetime(1900, 1, 1), max_value=datetime.datetime(2100, 1, 1))
spreadsheet_cell = st.one_of(recent, recent, recent, st.datetimes(), st.dates(), st.none(), st.text(max_size=5),
                             st.floats(allow_nan=False, allow_infinity=False), st.integers(-10**6, 10**6),
                             st.datetimes(timezones=st.just(datetime.UTC)))


@settings(max_examples=200, deadline=None)
@given(cells=st.lists(spreadsheet_cell, min_size=1, max_size=30))
def test_spreadsheet_date_times_are_written_as_str_writes_them(cells):
    """Date-times are formatted by Arrow in one go; each must read as Python's str() gives it."""
    def one(value):
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer() and abs(value) < 9e18:
            return str(int(value))
        return str(value)
    assert tabular._as_text(pd.Series(cells, dtype=object)).tolist() == [one(v) for v in cells]


@pytest.mark.parametrize("content", [
    b"Nama,Skor\nBudi,3\n", b"\xef\xbb\xbfNama,Skor\r\nBudi,3\r\n", "Nama;Skor\nMu\xf1oz;3\n".encode("cp1252"),
    b"Nama,Skor\nBu\x00di,3\n", "Nama\tSkor\nBudi\t3\n".encode("utf-16"), b"", b"Nama,Skor\nBudi,3,4\n",
])
def test_a_mapped_export_reads_as_a_copied_one(tmp_path, monkeypatch, content):
    """A national export is mapped into memory rather than copied: every kind of file reads the same."""
    path = tmp_path / "jawaban.csv"
    path.write_bytes(content)

    def read():
        try:
            table = tabular.read_table(path)
        except ExportError as exc:
            return str(exc)
        return _text(table.cells), table.encoding, table.problems

    copied = read()
    monkeypatch.setattr(tabular, "MAP_FROM", 0)
    assert read() == copied

"""360 feedback exports (kind: feedback-360): one row per rater and person rated.

Two people stand behind each row. `link_key` names the rater's column and
`subject_key` the column of the person rated; both are pseudonymised (HMAC) here and
both columns must be listed in `identifiers`, so they are dropped and audited like
any identifier. The rater category (question id `penilai`) is read as the ids of
`regulasi/berakhlak.yml` ('Atasan langsung' -> atasan).

`_pseudonym` becomes the pair (rater, person rated), so validate keeps one answer per
pair, not one per rater: a supervisor rating ten staff gives ten rows.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from pipeline.appraisal.regulation import Regulation
from pipeline.definitions import Project, Survey
from pipeline.errors import DefinitionError
from pipeline.ingest import READERS
from pipeline.ingest.columns import Columns
from pipeline.ingest.pseudonym import pseudonymise
from pipeline.ingest.skp import check_definition, normalise_column, positioned
from pipeline.ingest.tabular import read_table
from pipeline.tables import Ingested

CATEGORY = "penilai"
RATER, SUBJECT = "_rater", "_subject"


def _check_keys(project: Project, survey: Survey) -> None:
    errors = []
    if not survey.link_key:
        errors.append("link_key: survei feedback-360 wajib menyebut kolom NIP/email penilai")
    if not survey.subject_key:
        errors.append("subject_key: survei feedback-360 wajib menyebut kolom NIP/email pegawai yang dinilai")
    elif survey.subject_key not in survey.identifiers:
        errors.append(f"identifiers: tambahkan '{survey.subject_key}' (subject_key) agar kolomnya dibuang dan diaudit")
    if errors:
        raise DefinitionError(project.survey_dir(survey) / "survey.yml", *errors)


def subject_keys(ingested: Ingested) -> pd.Series:
    """The subject_key cell of each row, read again from its file (readers drop identifier columns)."""
    frames = []
    for report in ingested.files:
        sheet = READERS[report.format].prepare(read_table(report.path))
        column = Columns(sheet.frame.columns, sheet).find(ingested.survey.subject_key)
        values = sheet.frame[column].str.strip() if column else pd.Series("", index=sheet.frame.index)
        frames.append(pd.DataFrame({"_file": report.path.name, "_row": values.index.astype("int64"),
                                    "key": values.to_numpy()}))
    keys = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["_file", "_row", "key"])
    merged = ingested.table[["_file", "_row"]].merge(keys, how="left", on=["_file", "_row"])
    return pd.Series(merged["key"].fillna("").to_numpy(), index=ingested.table.index)


def prepare_feedback(project: Project, ingested: Ingested, regulation: Regulation) -> Ingested:
    """Pseudonymise both people of each row, read rater categories, flag rows that cannot count."""
    survey = ingested.survey
    _check_keys(project, survey)
    check_definition(project, survey, (CATEGORY,), "feedback-360")
    table, problems = ingested.table, list(ingested.problems)
    if table.empty:
        return replace(ingested, table=table.assign(**{RATER: pd.Series(dtype="string"),
                                                       SUBJECT: pd.Series(dtype="string")}))
    categories = regulation.berakhlak.rater_categories
    table, found = normalise_column(ingested, table, CATEGORY, categories, "regulasi/berakhlak.yml")
    problems += found
    rater, subject = table["_pseudonym"], pseudonymise(subject_keys(ingested))
    pair = (rater + ":" + subject).astype("string")
    table = table.assign(**{RATER: rater, SUBJECT: subject, "_pseudonym": pair})
    checked = replace(ingested, table=table)
    problems += positioned(checked, subject.isna(), CATEGORY, "warning", "pegawai-dinilai-kosong", lambda row: (
        f"kolom '{survey.subject_key}' kosong; baris ini tidak dihitung"))
    own = regulation.berakhlak.self_category
    odd = ((rater == subject) != (table[CATEGORY] == own)) & rater.notna() & subject.notna() & table[CATEGORY].notna()
    problems += positioned(checked, odd.fillna(False), CATEGORY, "warning", "kategori-penilai-janggal", lambda row: (
        "penilai dan pegawai yang dinilai orang yang sama, tetapi kategori bukan penilaian diri (atau "
        "sebaliknya); periksa kolom kategori penilai"))
    return replace(checked, problems=tuple(problems))

"""The appraisal stages run.py calls: prepare, anonymise, analyse, disclose.

The stages, as the rest of rapor, one function each:

    prepare_appraisal   ingest: rating labels -> regulation ids; 360 rows get both people's pseudonyms
    anonymise_appraisal anonymise: pseudonyms -> arbitrary numbers, rare group values pooled
    analyse_appraisal   analyse: predikat and 9-box counts, 360 scores, leniency
    disclose_appraisal  disclose: thresholds and the ledger, then the fairness tests on what is published

Surveys of kind `skp` and `feedback-360` go this way; every other survey takes the
general one. The regulation tables are data files (regulation.py).
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from pipeline.anonymise import OTHER_GROUP, anonymise
from pipeline.appraisal.analyse import analyse_round
from pipeline.appraisal.disclose import disclose_appraisal
from pipeline.appraisal.feedback import RATER, SUBJECT, analyse_feedback
from pipeline.appraisal.regulation import load_organisation_predikat, load_regulation
from pipeline.appraisal.tables import AppraisalResults, DisclosedAppraisal
from pipeline.definitions import Project
from pipeline.identifiers import IdentifierSet
from pipeline.ingest import feedback360, skp
from pipeline.tables import AnonymousResponses, Ingested, ValidResponses

APPRAISAL_KINDS = ("skp", "feedback-360")


def is_appraisal(responses: ValidResponses | Ingested) -> bool:
    return responses.survey.kind in APPRAISAL_KINDS


def prepare_appraisal(project: Project, ingested: Ingested) -> Ingested:
    """Read appraisal exports' labels and keys as the regulation's ids; other surveys pass unchanged."""
    if ingested.survey.kind == "skp":
        return skp.prepare_skp(project, ingested, load_regulation(project))
    if ingested.survey.kind == "feedback-360":
        return feedback360.prepare_feedback(project, ingested, load_regulation(project))
    return ingested


def _pool_by_people(table: pd.DataFrame, columns: list[str], people: pd.Series, k: int) -> pd.DataFrame:
    """Typed group values held by fewer than k distinct people rated become 'Lainnya'."""
    out = table.copy()
    for column in columns:
        values = out[column].astype("string")
        counts = people.groupby(values).nunique()
        rare = counts.index[counts < k]
        if len(rare):
            out[column] = values.where(~values.isin(rare), OTHER_GROUP).astype("category")
    return out


def anonymise_appraisal(responses: ValidResponses, roster: IdentifierSet | None, k: int) -> AnonymousResponses:
    """As `anonymise`; 360 pseudonyms become arbitrary numbers that only count distinct people."""
    if responses.survey.kind != "feedback-360":
        return anonymise(responses, roster, k)
    table = responses.table
    numbers = {}
    for private, public in (("_rater", RATER), ("_subject", SUBJECT)):
        codes = pd.Series(pd.factorize(table[private])[0], index=table.index)
        numbers[public] = codes.where(codes >= 0).astype("Int64")
    typed = [g.id for g in responses.survey.groups if g.id != "unit" and g.id in table]
    table = _pool_by_people(table.drop(columns=["_rater", "_subject"]).assign(**numbers), typed,
                            numbers[SUBJECT], k)
    return anonymise(replace(responses, table=table), roster, k)


def analyse_appraisal(anonymous: list[AnonymousResponses], project: Project) -> AppraisalResults:
    """Every SKP round and 360 survey, with the regulation and the organisation predikat."""
    regulation = load_regulation(project)
    k = project.settings.min_group_size
    rounds = tuple(analyse_round(r, regulation) for r in anonymous if r.survey.kind == "skp")
    feedback = tuple(analyse_feedback(r, regulation.berakhlak, k) for r in anonymous
                     if r.survey.kind == "feedback-360")
    return AppraisalResults(regulation, load_organisation_predikat(project, regulation), rounds, feedback)


__all__ = ["APPRAISAL_KINDS", "DisclosedAppraisal", "analyse_appraisal", "anonymise_appraisal",
           "disclose_appraisal", "is_appraisal", "prepare_appraisal"]

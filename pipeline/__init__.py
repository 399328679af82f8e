"""rapor: from survey exports of ASN training and appraisal rounds to an anonymised static site."""

__version__ = "0.1.0"

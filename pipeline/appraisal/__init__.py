"""Appraisal rounds that follow the regulation: SKP predikat, BerAKHLAK feedback, talent 9-box.

regulation.py  the regulation tables (data files with source and date checked), validated
rules.py       predikat matrix, 9-box and the distribution pattern as pure functions
analyse.py     SKP rounds: predikat and 9-box counts per group
feedback.py    360 feedback: scores per rater key and group, pooling, leniency
disclose.py    thresholds and the site-wide ledger for these tables
fairness.py    tests across published groups, worded as prompts to look closer
stages.py      the stage functions run.py calls
"""

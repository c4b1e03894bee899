"""The ``sentiment`` measure: sentence tone from two lexicons and rules (:mod:`analysis.sentiment`).

Record field ``sentiment``: ``{"score", "label", "scores": {lexicon: score}, "labels": {lexicon:
label}, "evidence": [...]}``; each evidence entry is one term with ``text``, ``lemma``, ``start``,
``end`` (document offsets), ``weight`` (combined), ``weights`` and ``priors`` per lexicon, and
``rules``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import sentiment as _sentiment
from ..lexicons import DEFAULT_CORRECTIONS, load_corrections, load_lexicon
from .base import Measure, register

__all__ = ["SentimentRules"]


@register
class SentimentRules(Measure):
    """Lexicon look-up with negation, intensifiers and contrast (:func:`analysis.sentiment.match_terms`).

    Parameters
    ----------
    corrections : path or None
        The project's lexicon corrections (``None``: the lexicons as published).
    sentiws_placeholder : float or None
        Weight for SentiWS's ±0.004 placeholders (``None`` keeps them as published).
    threshold : float
        Label threshold of the scores.

    The object owns the two lexicons, the corrections and the table of word types it has looked
    up (each type once per object, however many corpora it scores).
    """

    name = "sentiment"
    fields = ("sentiment",)
    coding_columns = ("sentiment",)

    def __init__(self, *, corrections: str | Path | None = DEFAULT_CORRECTIONS,
                 sentiws_placeholder: float | None = None, threshold: float = _sentiment.THRESHOLD):
        self.corrections = corrections
        self.sentiws_placeholder = sentiws_placeholder
        self.threshold = threshold

    def lexicons(self):
        """``(lexicons, corrections table)``, loaded on first use."""
        return self._resource("lexicons", lambda: (
            (load_lexicon("sentiws", placeholder=self.sentiws_placeholder), load_lexicon("gpl")),
            load_corrections(self.corrections) if self.corrections else None))

    def score(self, prepared) -> pd.DataFrame:
        """The evidence table: one row per matched term and lexicon (:data:`analysis.sentiment.EVIDENCE_COLUMNS`)."""
        lexicons, corrections = self.lexicons()
        caches = self._resource("types", dict)  # lexicon name -> {(form, lemma, first): row}
        return _sentiment.match_terms(prepared.tokens, lexicons=lexicons, corrections=corrections,
                                      type_caches=caches)

    def record_fields(self, table: pd.DataFrame, prepared) -> dict:
        scores = _sentiment.score_sentences(prepared, evidence=table, threshold=self.threshold)
        return _sentiment.sentiment_fields(table, scores)

    def coded(self, record: dict) -> dict:
        return {"sentiment": record["sentiment"]["label"]}

    def explain_token(self, record: dict, start: int, end: int) -> dict:
        evidence = (record.get("sentiment") or {}).get("evidence", [])
        hits = [e for e in evidence if e.get("start", -1) <= start and end <= e.get("end", -1)]
        if not hits:
            return {"prior": None, "weight": None, "rules": ""}
        rules = hits[0].get("rules")
        return {"prior": _prior(hits[0]), "weight": hits[0].get("weight"),
                "rules": ", ".join(rules) if isinstance(rules, list) else (rules or "")}

    def explain_rows(self, record: dict) -> list[dict]:
        sentiment = record.get("sentiment")
        if not sentiment:
            return []
        weights = [e.get("weight", 0.0) for e in sentiment.get("evidence", [])]
        return [{"measure": "sentiment", "value": sentiment.get("score"), "label": sentiment.get("label"),
                 "holder": "", "evidence": " + ".join(f"{w:+.2f}" for w in weights) or "no lexicon terms"}]


def _prior(hit: dict):
    """The weight before the rules: ``prior``, or the mean of per-lexicon ``priors``."""
    if "prior" in hit:
        return hit["prior"]
    priors = list((hit.get("priors") or {}).values())
    return sum(priors) / len(priors) if priors else hit.get("weight")



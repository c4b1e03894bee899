"""The ``stance`` measure: how each sentence treats the targets it mentions, who holds that
stance, and why (:func:`analysis.stance.score_stance`). It takes the tables of the ``mentions``
and ``quotations`` measures instead of finding mentions and quotations again.

Record field ``stance``: target → ``{"score", "label", "holder", "evidence"}`` for every target
the sentence mentions (``{}`` for a sentence without one).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..stance import DEFAULT_CUES, cue_matcher, load_cues, score_stance
from ._tables import mentions_by_sentence, quotes_by_document
from .base import Measure, register

__all__ = ["STANCE_TABLE_COLUMNS", "StanceRules"]

#: One row per sentence and target; ``evidence`` is the list of evidence dicts.
STANCE_TABLE_COLUMNS = ["doc_id", "sent_id", "target", "score", "label", "holder", "evidence"]


@register
class StanceRules(Measure):
    """Cue lexicon and rules for holder, object, negation and refusal (see :mod:`analysis.stance`).

    Parameters
    ----------
    cues : path or list of dict
        The stance cue lexicon (TSV), or cues already loaded by :func:`analysis.stance.load_cues`.
    aggressor : str
        The target that owns the war when a sentence names none ("gegen den Ukraine-Krieg").
    """

    name = "stance"
    fields = ("stance",)
    requires = ("mentions", "quotations")
    coding_columns = ("stance",)
    coding_scale = "stance"

    def __init__(self, *, cues: str | Path | list = DEFAULT_CUES, aggressor: str = "russia"):
        self.cues = cues
        self.aggressor = aggressor

    def loaded_cues(self) -> list[dict]:
        return self._resource("cues", lambda: load_cues(self.cues) if isinstance(self.cues, (str, Path))
                              else list(self.cues))

    def score(self, prepared, *, mentions: pd.DataFrame, quotations: pd.DataFrame) -> pd.DataFrame:
        """One row per sentence and target it mentions, :data:`STANCE_TABLE_COLUMNS`."""
        cues = self.loaded_cues()
        matcher = self._resource("matcher", lambda: cue_matcher(cues))
        by_sentence = mentions_by_sentence(mentions)
        quotes = quotes_by_document(quotations)
        texts = {doc.id: doc.text for doc in prepared.corpus}
        rows = []
        for doc_id, sent_id, s, e in zip(*(prepared.sentences[c].tolist() for c in ("doc_id", "sent_id", "start", "end"))):
            found = by_sentence.get((doc_id, sent_id))
            if not found:
                continue  # a sentence without mentions has no target (most sentences)
            stance = score_stance(texts[doc_id], s, e, found, quotes=quotes.get(doc_id, []), cues=cues,
                                  aggressor=self.aggressor, matcher=matcher)
            rows += [(doc_id, sent_id, target, st["score"], st["label"], st["holder"], st["evidence"])
                     for target, st in stance.items()]
        return pd.DataFrame(rows, columns=STANCE_TABLE_COLUMNS)

    def record_fields(self, table: pd.DataFrame, prepared) -> dict:
        fields = {(str(d), int(i)): {"stance": {}} for d, i in zip(prepared.sentences["doc_id"].tolist(),
                                                                   prepared.sentences["sent_id"].tolist())}
        for doc_id, sent_id, target, score, label, holder, evidence in zip(
                *(table[c].tolist() for c in STANCE_TABLE_COLUMNS)):
            fields[(str(doc_id), int(sent_id))]["stance"][target] = {
                "score": score, "label": label, "holder": holder, "evidence": evidence}
        return fields

    def coded(self, record: dict) -> dict:
        return {"stance": {t: (s["label"], s["holder"]) for t, s in record["stance"].items()}}

    def explain_rows(self, record: dict) -> list[dict]:
        rows = []
        for target, stance in (record.get("stance") or {}).items():
            evidence = stance.get("evidence", [])
            shown = ", ".join(str(e.get("text", e)) if isinstance(e, dict) else str(e) for e in evidence)
            rows.append({"measure": f"stance → {target}", "value": stance.get("score"), "label": stance.get("label"),
                         "holder": stance.get("holder", ""), "evidence": shown})
        return rows

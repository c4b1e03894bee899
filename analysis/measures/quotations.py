"""The ``quotations`` measure: direct, indirect and distancing quotations with cue and speaker
(:func:`analysis.quotes.attribute_quotes`).

Record field ``quotes``: the quotations overlapping the sentence, ``{"type", "speaker", "start",
"end", "speaker_name", "cue"}`` (``speaker``: the resolved registry id, else the words naming the
speaker, else null).
"""

from __future__ import annotations

import weakref
from pathlib import Path

import pandas as pd

from ..actors import DEFAULT_REGISTRY, Registry, document_sentences
from ..quotes import attribute_quotes
from ._tables import quotes_by_document, registry_of
from .base import Measure, register

__all__ = ["QUOTATION_COLUMNS", "QuotationsRules", "QuotationsLearned"]

#: Columns of the quotation table: the document, then the fields of :func:`analysis.quotes.attribute_quotes`.
QUOTATION_COLUMNS = ["doc_id", "type", "start", "end", "cue", "cue_start", "cue_end", "speaker",
                     "speaker_start", "speaker_end", "speaker_target"]


@register
class QuotationsRules(Measure):
    """Quotation marks, reporting verbs and Konjunktiv I (see :mod:`analysis.quotes`).

    Parameters
    ----------
    registry : path or Registry
        The actor registry that resolves speakers to targets; the project's by default.
    """

    name = "quotations"
    fields = ("quotes",)

    def __init__(self, *, registry: str | Path | Registry = DEFAULT_REGISTRY):
        self.registry = registry

    def loaded_registry(self) -> Registry:
        return self._resource("registry", lambda: registry_of(self.registry))

    def score(self, prepared) -> pd.DataFrame:
        """One row per quotation, :data:`QUOTATION_COLUMNS`, in document and text order (values
        kept as Python objects: offsets of a quote without a cue are None)."""
        registry = self.loaded_registry()
        texts = {doc.id: doc.text for doc in prepared.corpus}
        rows = []
        for doc_id, spans in document_sentences(prepared.sentences, ["start", "end", "unit_id"]).items():
            rows += [{"doc_id": doc_id, **q} for q in attribute_quotes(texts[doc_id], spans, registry=registry)]
        return pd.DataFrame(rows, columns=QUOTATION_COLUMNS, dtype=object)

    def record_fields(self, table: pd.DataFrame, prepared) -> dict:
        quotes = quotes_by_document(table)
        fields = {}
        for doc_id, sent_id, s, e in zip(*(prepared.sentences[c].tolist() for c in ("doc_id", "sent_id", "start", "end"))):
            fields[(str(doc_id), int(sent_id))] = {"quotes": [
                {"type": q["type"], "speaker": q["speaker_target"] or q["speaker"], "start": q["start"],
                 "end": q["end"], "speaker_name": q["speaker"], "cue": q["cue"]}
                for q in quotes.get(doc_id, ()) if q["start"] < e and q["end"] > s]}
        return fields

    def explain_token(self, record: dict, start: int, end: int) -> dict:
        quoted = [q for q in record.get("quotes") or [] if q.get("start", -1) <= start and end <= q.get("end", -1)]
        return {"quote": "; ".join(f"{q.get('type', '')} ({q.get('speaker') or 'no speaker'})" for q in quoted)}

    def explain_rows(self, record: dict) -> list[dict]:
        return []  # shown on the tokens (and as the holders of stance)


@register
class QuotationsLearned(QuotationsRules):
    """Quotations from the CRF trained on the Wikinews annotations (:mod:`analysis.quotation_model`),
    combined with the rules' scare quotes and registry speakers; the same ``quotes`` field.

    Parameters
    ----------
    model_path : path
        A CRFsuite model (the committed ``analysis/models/quotations.crfsuite`` by default).
    model : QuotationModel, optional
        An already loaded model (shared between objects).
    """

    method = "learned"

    def __init__(self, *, model_path: str | Path | None = None, model=None,
                 registry: str | Path | Registry = DEFAULT_REGISTRY):
        self.model_path = model_path
        self.model = model
        self.registry = registry

    def loaded_model(self):
        if self.model is not None:
            return self.model

        def load():
            from ..quotation_model import DEFAULT_MODEL, QuotationModel
            return QuotationModel.load(self.model_path or DEFAULT_MODEL, registry=self.loaded_registry())
        return self._resource("model", load)

    def score(self, prepared) -> pd.DataFrame:
        # the learned measures read the same object's quotations as features (select_measures
        # shares it): the table of the last prepared corpus is kept, by weak reference
        held = self.__dict__.setdefault("_resources", {})
        last = held.get("last")
        if last is not None and last[0]() is prepared:
            return last[1].copy()
        table = self.loaded_model().predict(prepared)
        table = table[QUOTATION_COLUMNS + [c for c in table.columns if c not in QUOTATION_COLUMNS]]
        held["last"] = (weakref.ref(prepared), table)
        return table.copy()

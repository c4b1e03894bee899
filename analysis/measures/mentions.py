"""The ``mentions`` measure: where each sentence names a target of the actor registry
(:func:`analysis.actors.mention_table`), with "wir"/"uns"/"unser…" inside a quotation resolved to
the speaker's group.

Record fields ``targets`` (target ids in order of first mention) and ``mentions`` (``{"target",
"start", "end", "text"}``, offsets into the document; proxies left out).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..actors import DEFAULT_REGISTRY, MENTION_COLUMNS, Registry, mention_table, sentence_targets
from ._tables import mentions_by_sentence, quotes_by_document, registry_of
from .base import Measure, register

__all__ = ["MentionsRules"]

_WE = re.compile(r"\b(?:[Ww]ir|uns|[Uu]nser\w*)\b")


@register
class MentionsRules(Measure):
    """Registry look-up on the vocabulary with references back resolved (see :mod:`analysis.actors`).

    Parameters
    ----------
    registry : path or Registry
        The actor registry; the project's by default.
    """

    name = "mentions"
    fields = ("targets", "mentions")
    requires = ("quotations",)
    coding_columns = ("targets",)
    coding_scale = "multilabel"

    def __init__(self, *, registry: str | Path | Registry = DEFAULT_REGISTRY):
        self.registry = registry

    def loaded_registry(self) -> Registry:
        return self._resource("registry", lambda: registry_of(self.registry))

    def score(self, prepared, *, quotations: pd.DataFrame) -> pd.DataFrame:
        """One row per mention, :data:`analysis.actors.MENTION_COLUMNS` (kind ``speaker`` for a
        "wir" in a quote), each sentence's mentions in text order."""
        by_sentence = mentions_by_sentence(mention_table(prepared, registry=self.loaded_registry()))
        quotes = quotes_by_document(quotations)
        texts = {doc.id: doc.text for doc in prepared.corpus}
        rows = []
        for doc_id, sent_id, s, e in zip(*(prepared.sentences[c].tolist() for c in ("doc_id", "sent_id", "start", "end"))):
            found = by_sentence.get((doc_id, sent_id), [])
            speakers = _speaker_mentions(texts[doc_id], s, e, quotes.get(doc_id, ()))
            if speakers:
                found = sorted(found + [{"doc_id": doc_id, "sent_id": sent_id, **m} for m in speakers],
                               key=lambda m: m["start"])
            rows += found
        return pd.DataFrame(rows, columns=MENTION_COLUMNS)

    def record_fields(self, table: pd.DataFrame, prepared) -> dict:
        by_sentence = mentions_by_sentence(table)
        fields = {}
        for doc_id, sent_id in zip(prepared.sentences["doc_id"].tolist(), prepared.sentences["sent_id"].tolist()):
            found = by_sentence.get((doc_id, sent_id), [])
            fields[(str(doc_id), int(sent_id))] = {
                "targets": sentence_targets(found),
                "mentions": [{"target": m["target"], "start": int(m["start"]), "end": int(m["end"]), "text": m["text"]}
                             for m in found if m["kind"] != "proxy"]}
        return fields

    def coded(self, record: dict) -> dict:
        return {"targets": sorted(record["targets"])}

    def explain_token(self, record: dict, start: int, end: int) -> dict:
        found = {m["target"] for m in record.get("mentions") or []
                 if m.get("start", -1) <= start and end <= m.get("end", -1)}
        return {"target": ", ".join(sorted(found))}

    def explain_rows(self, record: dict) -> list[dict]:
        return []  # shown on the tokens (and as the targets of stance)


def _speaker_mentions(text, s, e, quotes):
    """"wir", "uns", "unser..." inside a quotation refer to the speaker's group."""
    out = []
    for q in quotes:
        if q["type"] == "direct" and q["speaker_target"] and q["start"] < e and q["end"] > s:
            for m in _WE.finditer(text[max(s, q["start"]):min(e, q["end"])]):
                pos = max(s, q["start"]) + m.start()
                out.append({"target": q["speaker_target"], "start": pos, "end": pos + len(m.group()),
                            "text": m.group(), "kind": "speaker"})
    return out

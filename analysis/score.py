"""``python -m analysis score``: one record per sentence with every measure and its evidence.

The record is the sentence record of :func:`analysis.pipeline.sentence_records` plus the fields
each scorer in :data:`SCORERS` adds. A scorer is a function ``(prepared) -> dict`` mapping
``(doc_id, sent_id)`` to a dict of JSON-ready fields; it must return an entry for every sentence.
"""

from __future__ import annotations

import contextlib
import gc
import importlib

from .pipeline import Prepared, sentence_records

__all__ = ["SCORERS", "score_records"]

#: name → "module:function". Each measure registers its scorer here, in record-field order.
SCORERS: dict[str, str] = {
    "sentiment": "analysis.sentiment:record_fields",
    "stance": "analysis.stance:record_fields",
    "frames": "analysis.framing:record_fields",
    # (new scorers above this line)
}


def _load(spec: str):
    module, name = spec.split(":")
    return getattr(importlib.import_module(module), name)


@contextlib.contextmanager
def _collector_paused():
    """Pause Python's cyclic garbage collector. Scoring builds hundreds of thousands of small
    acyclic dicts and lists; each allocation burst triggers collections that walk every live
    object (the lemma and lexicon caches too), about a fifth of the scoring time. Reference
    counting still frees everything; the collector runs again afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def score_records(prepared: Prepared, *, scorers: list[str] | None = None) -> list[dict]:
    """Sentence records with the fields of the chosen scorers (all by default).

    Raises
    ------
    ValueError
        An unknown scorer name (the message lists the valid ones).
    """
    names = list(SCORERS) if scorers is None else list(scorers)
    unknown = [n for n in names if n not in SCORERS]
    if unknown:
        raise ValueError(f"unknown scorers {unknown}; valid: {', '.join(SCORERS)}")
    with _collector_paused():
        records = sentence_records(prepared)
        for name in names:
            fields = _load(SCORERS[name])(prepared)
            for record in records:
                record.update(fields[(record["doc_id"], record["sent_id"])])
    return records

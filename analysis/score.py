"""``python -m analysis score``: one record per sentence with every measure and its evidence.

The record is the sentence record of :func:`analysis.pipeline.sentence_records` plus the fields
of each registered measure (:mod:`analysis.measures`), in registry order. A measure's tidy table
(:func:`score_tables`) is computed once per call, after the measures it requires, and handed to
them (stance takes the tables of mentions and quotations).
"""

from __future__ import annotations

import contextlib
import gc

import pandas as pd

from .measures import Measure, computation_order, resolve_measures
from .pipeline import Prepared, sentence_records

__all__ = ["score_tables", "score_fields", "score_records"]


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


def score_tables(prepared: Prepared, measures=None) -> dict[str, pd.DataFrame]:
    """Each measure's tidy table, by name: the chosen ``measures`` (names or
    :class:`~analysis.measures.Measure` objects; all registered by default) and those they require.

    Raises
    ------
    ValueError
        An unknown measure name (the message lists the valid ones).
    """
    return _tables(prepared, resolve_measures(measures))


def _tables(prepared: Prepared, resolved: dict[str, Measure]) -> dict[str, pd.DataFrame]:
    tables: dict[str, pd.DataFrame] = {}
    for name in computation_order(resolved):
        measure = resolved[name]
        tables[name] = measure.score(prepared, **{needed: tables[needed] for needed in measure.requires})
    return tables


def score_fields(prepared: Prepared, measures=None) -> dict[tuple[str, int], dict]:
    """``(doc_id, sent_id)`` → the record fields of the measures (as :func:`score_tables`), in
    registry order, for every sentence."""
    resolved = resolve_measures(measures)
    tables = _tables(prepared, resolved)
    fields: dict[tuple[str, int], dict] = {}
    for name, measure in resolved.items():
        for key, values in measure.record_fields(tables[name], prepared).items():
            fields.setdefault(key, {}).update(values)
    return fields


def score_records(prepared: Prepared, *, measures=None, scorers: list[str] | None = None) -> list[dict]:
    """Sentence records with the fields of the chosen measures (all registered by default).

    Parameters
    ----------
    prepared : Prepared
        From :func:`analysis.pipeline.prepare`.
    measures : list of str or Measure, optional
        Measure names or objects (objects keep their loaded resources: pass the same ones to
        score many chunks). A measure's required measures are computed, and written, too.
    scorers : list of str, optional
        The same as names (the ``--only`` of the command line).

    Raises
    ------
    ValueError
        An unknown measure name (the message lists the valid ones).
    """
    resolved = resolve_measures(scorers if measures is None else measures)
    with _collector_paused():
        records = sentence_records(prepared)
        tables = _tables(prepared, resolved)
        for name, measure in resolved.items():
            fields = measure.record_fields(tables[name], prepared)
            for record in records:
                record.update(fields[(record["doc_id"], record["sent_id"])])
    return records

"""``python -m analysis score``: one record per sentence with every measure and its evidence.

The record is the sentence record of :func:`analysis.pipeline.sentence_records`, with ``metadata=True``
(as the ``score`` and ``batch`` commands write it) its document's metadata (:func:`document_fields`),
then the fields of each registered measure (:mod:`analysis.measures`), in registry order. A measure's tidy table
(:func:`score_tables`) is computed once per call, after the measures it requires, and handed to
them (stance takes the tables of mentions and quotations).
"""

from __future__ import annotations

import contextlib
import gc

import pandas as pd

from .corpus import Document
from .measures import Measure, computation_order, measure_class, measure_methods, measure_names, resolve_measures
from .pipeline import SENTENCE_RECORD_FIELDS, Prepared, sentence_records

__all__ = ["METADATA_PREFIX", "record_field_names", "document_fields", "score_tables", "score_fields", "score_records"]

#: Put before a metadata column whose name a sentence record uses already (a corpus column
#: ``section`` becomes ``meta_section``: ``section`` is the sentence's place in the article).
METADATA_PREFIX = "meta_"


def record_field_names() -> tuple[str, ...]:
    """Every field a sentence record can hold besides the metadata: the sentence fields and those of
    every registered measure and method (so that a metadata column is named alike whatever
    measures a run computes)."""
    names = dict.fromkeys(SENTENCE_RECORD_FIELDS)
    for name in measure_names():
        for method in measure_methods(name):
            names.update(dict.fromkeys(measure_class(name, method).fields))
    return tuple(names)


def document_fields(document: Document, *, taken=None) -> dict:
    """The metadata of a document as flat record fields, in a fixed order: ``title``, ``outlet``,
    ``date``, ``language``, ``source`` (``None`` when not given), then every extra column of the
    corpus (:attr:`~analysis.corpus.Document.meta`) in its order. A name in ``taken`` (by default
    :func:`record_field_names`) gets :data:`METADATA_PREFIX`. Values are made JSON-ready: a date or
    time (from a Parquet corpus) becomes ISO text, a NumPy number a Python one, a missing number
    (NaN) ``None``, anything else that JSON cannot hold its text.

    Examples
    --------
    >>> doc = Document(id="a", text="Text.", outlet="taz", meta={"section": "Politik", "label": "Inland"})
    >>> fields = document_fields(doc)
    >>> fields["outlet"], fields["meta_section"], fields["label"]
    ('taz', 'Politik', 'Inland')
    """
    taken = set(record_field_names() if taken is None else taken)
    fields = {}
    for name, value in document.metadata().items():
        if name == "id":
            continue  # the record's doc_id
        fields[METADATA_PREFIX + name if name in taken or name in fields else name] = _json_ready(value)
    return fields


def _json_ready(value):
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return None if value != value else value
    if isinstance(value, (list, tuple)):
        return [_json_ready(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_ready(v) for k, v in value.items()}
    if hasattr(value, "isoformat"):  # datetime.date, datetime.datetime, pandas.Timestamp
        return value.isoformat()
    if hasattr(value, "item"):  # a NumPy scalar
        return _json_ready(value.item())
    return str(value)


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


def score_records(prepared: Prepared, *, measures=None, scorers: list[str] | None = None,
                  metadata: bool = False) -> list[dict]:
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
    metadata : bool
        Put the document's metadata (:func:`document_fields`) after the sentence fields of each
        record, so that results can be grouped by outlet, date or any corpus column without a join.

    Raises
    ------
    ValueError
        An unknown measure name (the message lists the valid ones).
    """
    resolved = resolve_measures(scorers if measures is None else measures)
    with _collector_paused():
        records = sentence_records(prepared)
        tables = _tables(prepared, resolved)
        if metadata:
            taken = {*record_field_names(), *(f for m in resolved.values() for f in m.fields)}
            by_doc = {doc.id: document_fields(doc, taken=taken) for doc in prepared.corpus}
            for record in records:
                record.update(by_doc[record["doc_id"]])
        for name, measure in resolved.items():
            fields = measure.record_fields(tables[name], prepared)
            for record in records:
                record.update(fields[(record["doc_id"], record["sent_id"])])
    return records

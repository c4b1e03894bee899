"""Reading the tables of one measure in another (mentions and quotations in stance)."""

from __future__ import annotations

import pandas as pd

from ..actors import Registry, load_registry


def quotes_by_document(table: pd.DataFrame) -> dict[str, list[dict]]:
    """doc_id → its quotations (dicts of :func:`analysis.quotes.attribute_quotes`), in text order."""
    out: dict[str, list[dict]] = {}
    for record in table.to_dict("records"):
        out.setdefault(record["doc_id"], []).append(record)
    return out


def mentions_by_sentence(table: pd.DataFrame) -> dict[tuple, list[dict]]:
    """(doc_id, sent_id) → the sentence's mentions (dicts of :data:`analysis.actors.MENTION_COLUMNS`),
    in table order."""
    out: dict = {}
    for m in table.to_dict("records"):
        out.setdefault((m["doc_id"], m["sent_id"]), []).append(m)
    return out


def registry_of(setting) -> Registry:
    """A registry setting (a path, or a loaded :class:`analysis.actors.Registry`) loaded."""
    return setting if isinstance(setting, Registry) else load_registry(setting)

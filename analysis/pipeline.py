"""The shared first stages: corpus → structure → sentences → tokens with lemmas.

Every command and notebook starts here, so that all analyses see the same units, sentence ids and
token offsets.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .corpus import Corpus
from .lemmas import lemmatize
from .segment import sentences, tokenize
from .structure import parse_structure

__all__ = ["Prepared", "prepare", "SENTENCE_RECORD_FIELDS", "sentence_records"]

#: Fields of the per-sentence JSON record written by ``python -m analysis sentences`` (and
#: extended, never changed, by later commands). See the README for the full schema.
SENTENCE_RECORD_FIELDS = ("doc_id", "sent_id", "start", "end", "section", "text")


@dataclass(frozen=True)
class Prepared:
    """The tables every analysis starts from (see :mod:`analysis.structure` and :mod:`analysis.segment`)."""

    corpus: Corpus
    units: pd.DataFrame
    sentences: pd.DataFrame
    tokens: pd.DataFrame

    def tokens_with_sections(self) -> pd.DataFrame:
        """The token table with each token's ``section`` and ``part`` (for counts per section)."""
        return self.tokens.merge(self.sentences[["doc_id", "sent_id", "section", "part"]],
                                 on=["doc_id", "sent_id"], how="left")


def prepare(corpus: Corpus, *, include_all: bool = False) -> Prepared:
    """Structure, sentences and lemmatised tokens of a corpus.

    ``include_all`` keeps the sentences of boilerplate and duplicate units (left out by default).
    """
    units = parse_structure(corpus)
    sents = sentences(corpus, units=units, include_all=include_all)
    tokens = lemmatize(tokenize(corpus, sents))
    return Prepared(corpus, units, sents, tokens)


def sentence_records(prepared: Prepared) -> list[dict]:
    """One JSON-ready record per sentence with :data:`SENTENCE_RECORD_FIELDS`."""
    frame = prepared.sentences[list(SENTENCE_RECORD_FIELDS)]
    return [
        {"doc_id": str(d), "sent_id": int(i), "start": int(s), "end": int(e), "section": sec, "text": t}
        for d, i, s, e, sec, t in frame.itertuples(index=False)
    ]

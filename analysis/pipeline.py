"""The shared first stages: corpus → structure → sentences → tokens with lemmas.

Every command and notebook starts here, so that all analyses see the same units, sentence ids and
token offsets.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import pandas as pd

from .corpus import Corpus, CorpusWarning, identify_language
from .lemmas import lemmatize
from .segment import sentences, tokenize
from .structure import parse_structure

__all__ = ["Prepared", "prepare", "SENTENCE_RECORD_FIELDS", "sentence_records", "LARGE_DOCUMENT_CHARS",
           "check_documents"]

#: Documents longer than this are flagged (they are analysed all the same).
LARGE_DOCUMENT_CHARS = 1_000_000
#: A document is flagged as another language than its declared one when the identifier
#: (:func:`analysis.corpus.identify_language`) is at least this sure.
LANGUAGE_CONFIDENCE = 0.9

#: Fields of the per-sentence JSON record written by ``python -m analysis sentences`` (and
#: extended, never changed, by later commands). See docs/records.md for the full schema.
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


def prepare(corpus: Corpus, *, include_all: bool = False, check: bool = True) -> Prepared:
    """Structure, sentences and lemmatised tokens of a corpus.

    ``include_all`` keeps the sentences of boilerplate and duplicate units (left out by default).
    With ``check`` (the default), each document flagged by :func:`check_documents` raises one
    :class:`~analysis.corpus.CorpusWarning`; it is analysed all the same.
    """
    units = parse_structure(corpus)
    sents = sentences(corpus, units=units, include_all=include_all)
    tokens = lemmatize(tokenize(corpus, sents))
    prepared = Prepared(corpus, units, sents, tokens)
    if check:
        for row in check_documents(prepared).itertuples():
            if row.problems:
                warnings.warn(f"document {row.doc_id!r}: {row.problems}", CorpusWarning, stacklevel=2)
    return prepared


def check_documents(prepared: Prepared) -> pd.DataFrame:
    """Checks on each document that may make its results meaningless, with the evidence.

    Returns
    -------
    DataFrame
        One row per document: ``doc_id``, ``n_chars``, ``n_sentences``, ``n_words``,
        ``language`` (ISO 639-1 code from :func:`analysis.corpus.identify_language`, ``unknown``
        below a probability of 0.5) and ``language_p`` (its probability), ``problems`` ("" when
        none): another language than the declared one (probability at least
        :data:`LANGUAGE_CONFIDENCE`), no sentence-final punctuation in a text of more than 50
        words, more than :data:`LARGE_DOCUMENT_CHARS` characters.
    """
    words = prepared.tokens[prepared.tokens["kind"] == "word"]
    n_words_of = words.groupby("doc_id").size()
    n_sents = prepared.sentences.groupby("doc_id").size()
    rows = []
    for doc in prepared.corpus:
        n_words = int(n_words_of.get(doc.id, 0))
        language, probability = identify_language(doc.text)
        problems = []
        declared = (doc.language or "de").lower().replace("_", "-").split("-")[0]  # de-AT is German
        if probability >= LANGUAGE_CONFIDENCE and language != declared:
            problems.append(f"looks like {language!r} (p = {probability:.2f}), not {doc.language!r}; "
                            "German lexicons will not apply")
        if probability < 0.5:
            language = "unknown"
        if n_words > 50 and not any(ch in doc.text for ch in ".!?…"):
            problems.append("no sentence-final punctuation: each line or paragraph is one sentence")
        if len(doc.text) > LARGE_DOCUMENT_CHARS:
            problems.append(f"very large document ({len(doc.text):,} characters)")
        rows.append({"doc_id": doc.id, "n_chars": len(doc.text), "n_sentences": int(n_sents.get(doc.id, 0)),
                     "n_words": n_words, "language": language, "language_p": probability,
                     "problems": "; ".join(problems)})
    return pd.DataFrame(rows)


def sentence_records(prepared: Prepared) -> list[dict]:
    """One JSON-ready record per sentence with :data:`SENTENCE_RECORD_FIELDS`."""
    columns = (prepared.sentences[c].tolist() for c in SENTENCE_RECORD_FIELDS)  # lists: no per-cell Arrow access
    return [
        {"doc_id": str(d), "sent_id": int(i), "start": int(s), "end": int(e), "section": sec, "text": t}
        for d, i, s, e, sec, t in zip(*columns)
    ]

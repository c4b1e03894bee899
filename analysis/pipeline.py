"""The shared first stages: corpus → structure → sentences → tokens with lemmas.

Every command and notebook starts here, so that all analyses see the same units, sentence ids and
token offsets.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import pandas as pd

from .corpus import Corpus, CorpusWarning
from .function_words import STOPWORDS_DE, STOPWORDS_EN
from .lemmas import lemmatize
from .segment import sentences, tokenize
from .structure import parse_structure

__all__ = ["Prepared", "prepare", "SENTENCE_RECORD_FIELDS", "sentence_records", "LARGE_DOCUMENT_CHARS",
           "check_documents"]

#: Documents longer than this are flagged (they are analysed all the same).
LARGE_DOCUMENT_CHARS = 1_000_000
_STOP = {"de": STOPWORDS_DE, "en": STOPWORDS_EN}

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
        ``share_de`` and ``share_en`` (share of word tokens that are German / English stopwords),
        ``language`` (``de``, ``en`` or ``unknown``: the larger share if it is at least 0.15),
        ``problems`` ("" when none): another language than the declared one, no sentence-final
        punctuation in a text of more than 50 words, more than :data:`LARGE_DOCUMENT_CHARS` characters.
    """
    words = prepared.tokens[prepared.tokens["kind"] == "word"]
    lower = words["text"].str.lower()
    shares = pd.DataFrame({
        "doc_id": words["doc_id"],
        "de": lower.isin(_STOP["de"]),
        "en": lower.isin(_STOP["en"]),
    }).groupby("doc_id").agg(n_words=("de", "size"), share_de=("de", "mean"), share_en=("en", "mean"))
    n_sents = prepared.sentences.groupby("doc_id").size()
    rows = []
    for doc in prepared.corpus:
        n_words = int(shares["n_words"].get(doc.id, 0))
        de, en = float(shares["share_de"].get(doc.id, 0.0)), float(shares["share_en"].get(doc.id, 0.0))
        language = "unknown" if max(de, en) < 0.15 else ("de" if de >= en else "en")
        problems = []
        if language not in ("unknown", doc.language or "de"):
            problems.append(f"looks like {language!r}, not {doc.language!r} ({en:.0%} English vs {de:.0%} "
                            "German stopwords); German lexicons will not apply")
        if n_words > 50 and not any(ch in doc.text for ch in ".!?…"):
            problems.append("no sentence-final punctuation: each line or paragraph is one sentence")
        if len(doc.text) > LARGE_DOCUMENT_CHARS:
            problems.append(f"very large document ({len(doc.text):,} characters)")
        rows.append({"doc_id": doc.id, "n_chars": len(doc.text), "n_sentences": int(n_sents.get(doc.id, 0)),
                     "n_words": n_words, "share_de": de, "share_en": en, "language": language,
                     "problems": "; ".join(problems)})
    return pd.DataFrame(rows)


def sentence_records(prepared: Prepared) -> list[dict]:
    """One JSON-ready record per sentence with :data:`SENTENCE_RECORD_FIELDS`."""
    columns = (prepared.sentences[c].tolist() for c in SENTENCE_RECORD_FIELDS)  # lists: no per-cell Arrow access
    return [
        {"doc_id": str(d), "sent_id": int(i), "start": int(s), "end": int(e), "section": sec, "text": t}
        for d, i, s, e, sec, t in zip(*columns)
    ]

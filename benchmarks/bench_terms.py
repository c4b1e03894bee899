"""Benchmark: term counting, lemmas and keyness on a corpus of news articles.

Usage::

    python benchmarks/bench_terms.py ../shared/corpora/10kgnad/articles.csv

The corpus is a 10kGNAD-style file (``label;'text'`` rows, read with
``csv.reader(f, delimiter=";", quotechar="'")``) or any input :func:`analysis.corpus.read_corpus`
accepts. Prints tokens per second for each stage, beside scikit-learn's ``CountVectorizer`` on
the same texts, and the time for counts + lemmas + keyness of every document together. The
corpus is never copied into the project. Speeds are rough (a shared machine): run it twice.
"""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

from sklearn.feature_extraction.text import CountVectorizer

from analysis.corpus import Corpus, Document, read_corpus
from analysis.keyness import general_german, keyness, keyness_groups, tfidf
from analysis.lemmas import _simplemma, lemmatize
from analysis.segment import sentences, tokenize
from analysis.structure import parse_structure
from analysis.terms import count_terms


def _read(path: Path) -> Corpus:
    if path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as handle:
            first = handle.readline()
        if first.split(";", 1)[0].isalpha() and ";'" in first:  # 10kGNAD: label;'text'
            with path.open(encoding="utf-8", newline="") as handle:
                rows = list(csv.reader(handle, delimiter=";", quotechar="'"))
            return Corpus(Document(id=f"gnad{i:04d}", text=text, outlet=label)
                          for i, (label, text) in enumerate(rows) if text.strip())
    return read_corpus(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="10kGNAD articles.csv or any corpus file/folder")
    args = parser.parse_args()
    corpus = _read(args.corpus)
    texts = [doc.text for doc in corpus]

    timings = {}

    def timed(name, fn):
        started = time.perf_counter()
        result = fn()
        timings[name] = time.perf_counter() - started
        return result

    units = timed("structure", lambda: parse_structure(corpus))
    sents = timed("sentences", lambda: sentences(corpus, units=units))
    tokens = timed("tokens", lambda: tokenize(corpus, sents))
    _simplemma.cache_clear()  # lemmas from a cold cache: the honest first-run figure
    tokens = timed("lemmas", lambda: lemmatize(tokens))
    counts = timed("count per document", lambda: count_terms(tokens, on="lemma", by=["doc_id"]))
    total = count_terms(tokens, on="lemma", by=())
    reference = timed("general-German reference (first call)", lambda: general_german(total))
    timed("keyness: every document vs general German", lambda: keyness(counts, reference, by=["doc_id"]))
    timed("keyness: every document vs the rest", lambda: keyness_groups(counts, by="doc_id"))
    timed("tf-idf, top 10 per document", lambda: tfidf(tokens, by="doc_id"))
    vectorizer = CountVectorizer(lowercase=False, token_pattern=r"(?u)\b\w[\w-]*\b")
    matrix = timed("sklearn CountVectorizer", lambda: vectorizer.fit_transform(texts))

    n_tokens = len(tokens)
    n_words = int((tokens["kind"] == "word").sum())
    print(f"{len(corpus)} documents, {n_tokens:,} tokens ({n_words:,} words), "
          f"{tokens['text'].nunique():,} types; CountVectorizer found {int(matrix.sum()):,} tokens")
    for name, seconds in timings.items():
        rate = (int(matrix.sum()) if name.startswith("sklearn") else n_tokens) / seconds
        print(f"  {name:<52} {seconds:7.2f} s  {rate:>12,.0f} tokens/s")
    core = ["tokens", "lemmas", "count per document", "general-German reference (first call)",
            "keyness: every document vs general German"]
    print(f"  {'tokens + lemmas + counts + keyness (all documents)':<52} "
          f"{sum(timings[k] for k in core):7.2f} s")
    print(f"  {'the same, with structure and sentences':<52} "
          f"{sum(timings[k] for k in ['structure', 'sentences', *core]):7.2f} s")


if __name__ == "__main__":
    main()

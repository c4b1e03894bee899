"""Collocations (G², PMI) checked against nltk, and n-grams within sentences."""

from __future__ import annotations

import pytest
from nltk.collocations import BigramCollocationFinder
from nltk.metrics import BigramAssocMeasures

from analysis.collocations import collocations, ngrams
from analysis.corpus import Corpus, Document
from analysis.pipeline import prepare


def test_collocations_match_nltk(seed):
    words = seed.tokens[seed.tokens["kind"] == "word"].assign(sent_id=0)  # one sequence, as nltk sees it
    ours = collocations(words, on="form", stopwords=None, min_count=1)
    finder = BigramCollocationFinder.from_words(words["text"].tolist())
    g2 = dict(finder.score_ngrams(BigramAssocMeasures.likelihood_ratio))
    pmi = dict(finder.score_ngrams(BigramAssocMeasures.pmi))
    for row in ours.head(200).itertuples():
        assert abs(row.g2) == pytest.approx(g2[(row.w1, row.w2)], abs=1e-6)
        assert row.pmi == pytest.approx(pmi[(row.w1, row.w2)], abs=1e-9)


def test_seed_collocations(seed):
    table = collocations(seed.tokens, on="lemma", min_count=2).set_index("collocation")
    assert table.loc["Wladimir Putin", "count"] == 2
    assert table.loc["Kassym-Schomart Tokajew", ["count", "count_w1", "count_w2"]].tolist() == [2, 2, 4]
    assert (table["count"] >= 2).all() and (table["g2"] > 0).all()


def test_pairs_do_not_cross_sentences_or_punctuation():
    corpus = Corpus([Document(id="a", text="Die Europäische Union hilft. Union Berlin, Europäische Union.")])
    tokens = prepare(corpus).tokens
    table = collocations(tokens, on="form", stopwords=None, min_count=1).set_index("collocation")
    assert table.loc["Europäische Union", "count"] == 2
    assert "hilft Union" not in table.index and "Berlin Europäische" not in table.index


@pytest.mark.parametrize(
    "n, expected",
    [
        (2, [["Europäische Union", 2], ["Union hilft", 1]]),            # "Die Europäische": stopword edge
        ((2, 3), [["Europäische Union", 2], ["Europäische Union hilft", 1], ["Union hilft", 1]]),
    ],
)
def test_ngrams(n, expected):
    corpus = Corpus([Document(id="a", text="Die Europäische Union hilft. Europäische Union!")])
    table = ngrams(prepare(corpus).tokens, n=n)
    assert table[["ngram", "count"]].values.tolist() == expected

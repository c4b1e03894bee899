"""The German function words, one module: each analysis's list, and where they differ on purpose."""

from __future__ import annotations

import pytest

from analysis import function_words as fw


@pytest.mark.parametrize("word, sentiment, stance", [
    ("nicht", True, True), ("keine", True, True), ("ohne", True, True),
    ("nichts", True, False),  # a negative indefinite: sentiment only
    ("keineswegs", True, False),
    ("mangelnde", False, True),  # lacking: stance only ("mangelnde Unterstützung")
])
def test_negators_of_sentiment_and_stance(word, sentiment, stance):
    assert (word in fw.NEGATORS) is sentiment and (word in fw.STANCE_NEGATORS) is stance


def test_lists_are_built_from_the_base_lists():
    assert fw.ARTICLES <= fw.DETERMINERS and fw.PHRASE_NEGATORS <= fw.NEGATORS
    assert fw.STANCE_ARTICLES ^ (fw.ARTICLES | fw.POSSESSIVES) == {"einen", "sein", "ihr"}
    assert fw.STANCE_CLAUSE_PUNCT == fw.CLAUSE_PUNCT - {"—"}
    assert "nicht" in fw.STOPWORDS_DE and "nicht" in fw.KEEP_WORDS  # kept by terms.STOPWORDS


def test_the_analyses_use_these_lists():
    from analysis import quotes, sentiment, stance, terms

    assert sentiment.NEGATORS is fw.NEGATORS and stance.NEGATORS is fw.STANCE_NEGATORS
    assert quotes._DETERMINERS is fw.QUOTE_DETERMINERS and terms.STOPWORDS == fw.STOPWORDS_DE - fw.KEEP_WORDS

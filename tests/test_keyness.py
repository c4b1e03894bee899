"""Keyness (G², log ratio) on a hand-computed corpus, general German, groups, TF-IDF."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.corpus import Corpus, Document
from analysis.keyness import general_german, keyness, keyness_groups, log_likelihood, tfidf
from analysis.pipeline import prepare
from analysis.terms import count_terms

# The tiny corpus: target A and reference B, ten words each, no stopwords.
#   A: Krieg ×4, Frieden ×1, Land ×5      B: Krieg ×1, Frieden ×4, Land ×5
# Krieg, 2×2 table [[a, b], [nA - a, nB - b]] = [[4, 1], [6, 9]], N = 20; row sums 5, 15;
# column sums 10, 10; expected E = row × column / N = [[2.5, 2.5], [7.5, 7.5]].
#   G² = 2 · (4 ln(4/2.5) + 1 ln(1/2.5) + 6 ln(6/7.5) + 9 ln(9/7.5))
#      = 2 · (4 · 0.4700036 − 0.9162907 + 6 · (−0.2231436) + 9 · 0.1823216)
#      = 2 · (1.8800146 − 0.9162907 − 1.3388613 + 1.6408942) = 2 · 1.2657568 = 2.5315136
#   log ratio = log2((4/10) / (1/10)) = 2;  p = P(χ²₁ > 2.5315) = 0.1116
# Frieden mirrors Krieg: G² = −2.5315 (signed: rarer in A), log ratio −2. Land: 5 vs 5, G² = 0.
# Williams' q = 1 + (20/5 + 20/15 − 1)(20/10 + 20/10 − 1) / (6 · 20) = 1 + 4.3333 · 3 / 120 = 1.108333.
HAND_G2 = 2.5315136


@pytest.fixture(scope="module")
def tiny():
    corpus = Corpus([
        Document(id="A", text="Krieg Krieg Krieg Krieg Frieden Land Land Land Land Land"),
        Document(id="B", text="Krieg Frieden Frieden Frieden Frieden Land Land Land Land Land"),
    ])
    return count_terms(prepare(corpus).tokens, on="lemma", by=["doc_id"])


def test_log_likelihood_by_hand():
    assert log_likelihood([4], [1], [6], [9])[0] == pytest.approx(HAND_G2, abs=1e-6)
    assert log_likelihood([4], [1], [6], [9], correction="williams")[0] == pytest.approx(HAND_G2 / 1.108333, abs=1e-5)
    assert log_likelihood([5], [5], [5], [5])[0] == pytest.approx(0.0)


def test_keyness_order_and_values_on_the_tiny_corpus(tiny):
    target = tiny[tiny["doc_id"] == "A"]
    reference = tiny[tiny["doc_id"] == "B"]
    table = keyness(target, reference)
    assert table["term"].tolist() == ["Krieg", "Land", "Frieden"]
    assert table["g2"].tolist() == pytest.approx([HAND_G2, 0.0, -HAND_G2], abs=1e-6)
    assert table["log_ratio"].tolist() == pytest.approx([2.0, 0.0, -2.0])
    assert table.loc[0, "p"] == pytest.approx(0.1116, abs=1e-4)
    assert table.loc[0, ["count", "count_reference", "n_target", "n_reference"]].tolist() == [4, 1, 10, 10]


def test_keyness_groups_gives_the_same_numbers_for_every_document_at_once(tiny):
    table = keyness_groups(tiny, by="doc_id")
    a = table[table["doc_id"] == "A"].set_index("term")["g2"]
    b = table[table["doc_id"] == "B"].set_index("term")["g2"]
    assert a["Krieg"] == pytest.approx(HAND_G2, abs=1e-6) and b["Krieg"] == pytest.approx(-HAND_G2, abs=1e-6)
    assert b["Frieden"] == pytest.approx(HAND_G2, abs=1e-6)


def test_keyness_groups_rejects_unknown_target(tiny):
    with pytest.raises(ValueError, match="not among the groups; valid: A, B"):
        keyness_groups(tiny, by="doc_id", target="C")


def test_unused_reference_terms_are_scored_with_all_terms():
    target = pd.DataFrame({"term": ["Krieg"], "count": [4], "n_words": [10]})
    reference = pd.DataFrame({"term": ["Krieg", "Frieden"], "count": [1, 4], "n_words": [10, 10]})
    table = keyness(target, reference, all_terms=True)
    assert table["term"].tolist() == ["Krieg", "Frieden"]
    assert table.loc[1, "count"] == 0 and table.loc[1, "g2"] < 0
    assert table.loc[1, "log_ratio"] == pytest.approx(math.log2((0.5 / 10) / (4 / 10)))  # 0 → 0.5


@pytest.mark.parametrize(
    "term, listed",
    [("Kasachstan", True), ("Entnazifizierung", True), ("Tokajew", False), ("Ölterminal", False),
     ("Ukraine-Krieg", False)],
)
def test_general_german_floor_for_unlisted_words(term, listed):
    ref = general_german([term], on="form")
    assert ref.loc[0, "listed"] == listed
    assert ref.loc[0, "n_words"] == 100_000_000
    assert (ref.loc[0, "count"] == 0.5) == (not listed)


def test_general_german_lemma_sums_the_forms():
    forms = general_german(["Kasachstan"], on="form").loc[0, "frequency"]
    lemmas = general_german(["Kasachstan"], on="lemma").loc[0, "frequency"]
    assert lemmas > forms  # Kasachstans counts too


def test_seed_keywords_against_general_german(seed):
    counts = count_terms(seed.tokens, on="lemma", by=())
    table = keyness(counts, general_german(counts))
    terms = table["term"].tolist()
    assert terms[0] == "Kasachstan"
    assert {"Tokajew", "Entnazifizierung", "Iljassow"} <= set(terms[:10])
    assert "Balanceakt" in terms[:20]
    assert table.set_index("term").loc["Tokajew", "count_reference"] == 0.5  # unlisted: the floor
    assert (table["g2"].diff().dropna() <= 0).all()


def test_tfidf_top_terms_per_section(seed):
    table = tfidf(seed.tokens_with_sections(), by="section", top=2)
    headline = table[table["section"] == "headline"]
    assert headline["term"].tolist() == ["Stellung", "beziehen"]  # used only in the headline
    assert headline["df"].tolist() == [1, 1]
    assert headline["idf"].iloc[0] == pytest.approx(math.log(6 / 2) + 1)  # 5 sections, df 1
    assert set(table.groupby("section").size()) == {2}

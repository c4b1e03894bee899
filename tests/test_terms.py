"""Term counts, patterns and KWIC on the seed article and on constructed tokens."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.corpus import Corpus, Document
from analysis.pipeline import prepare
from analysis.terms import (STOPWORDS, count_quote_uses, count_terms, dispersion, dispersion_by_date, kwic,
                            kwic_html, match_pattern)


def test_stopwords_keep_negators_and_stance_words():
    assert {"nicht", "kein", "gegen", "ohne", "nichts"}.isdisjoint(STOPWORDS)
    assert {"der", "und", "ist", "haben"} <= STOPWORDS


def test_seed_top_lemmas(seed):
    counts = count_terms(seed.tokens, on="lemma", by=())
    top = counts.head(5)[["term", "count"]].values.tolist()
    assert top == [["Kasachstan", 31], ["Russland", 17], ["russisch", 13], ["sagen", 11], ["Ukraine", 10]]
    assert counts["n_words"].iloc[0] == 1083
    assert counts.loc[0, "per_1000"] == pytest.approx(31 / 1083 * 1000)
    assert counts.set_index("term").loc["nicht", "count"] == 8  # a negator, kept


def test_count_forms_against_lemmas(seed):
    forms = count_terms(seed.tokens, on="form", by=()).set_index("term")["count"]
    lemmas = count_terms(seed.tokens, on="lemma", by=()).set_index("term")["count"]
    assert forms["Russlands"] == 2 and forms["Russland"] == 15
    assert lemmas["Russland"] == 17
    assert lemmas["Iljassow"] == forms["Iljassow"] + forms["Ilyassov"] == 6


def test_counts_per_section(seed):
    counts = count_terms(seed.tokens_with_sections(), by=["section"])
    bullets = counts[counts["section"] == "bullet"].set_index("term")
    assert bullets.loc["Kasachstan", "count"] == 3  # Kasachstan, Kasachstans, Kasachstan
    assert bullets.loc["Beziehung", "count"] == 2
    assert set(counts["section"]) == {"headline", "caption", "bullet", "subheading", "paragraph"}


def test_entnazifizierung_is_always_a_distancing_quote(seed):
    table = kwic(seed.tokens, "Entnazifizierung", corpus=seed.corpus, sentences=seed.sentences)
    assert table["sent_id"].tolist() == [3, 23, 25, 26]
    assert table["section"].tolist() == ["bullet", "subheading", "paragraph", "paragraph"]
    assert table["in_quotes"].all()
    assert set(table["quote_use"]) == {"distancing"}


def test_balanceakt_in_context(seed):
    table = kwic(seed.tokens, "Balanceakt", corpus=seed.corpus, sentences=seed.sentences, window=3)
    assert table["section"].tolist() == ["subheading", "paragraph"]
    assert not table["in_quotes"].any()
    assert table.loc[1, "left"] == "versucht, seinen"  # the comma is one of the 3 tokens
    assert table.loc[1, "right"] == "aufrechtzuerhalten, bleibt"


def test_quoted_speech_is_not_distancing(seed):
    table = kwic(seed.tokens, "Nachbarn", corpus=seed.corpus, sentences=seed.sentences)
    speech = table[table["sent_id"] == 11]
    assert speech["quote_use"].tolist() == ["quotation"]


@pytest.mark.parametrize(
    "pattern, expected",
    [
        ("Entnazifizier*", 4),
        ("entnazifizierung", 4),          # case-insensitive by default
        ("EU-*", 1),                      # EU-Kasachstan
        ("Europäische Union", 1),         # two consecutive tokens
        ("*krieg*", 4),                   # Ukraine-Krieg twice, Krieg, Krieges
        ("Ukraine-Krieg", 2),
        ("St. Petersburg", 0),            # "St" "." "Petersburg" are three tokens
        ("St . Petersburg", 2),
        ("*", 1083 + 13),                 # every word and number token, no punctuation
    ],
)
def test_patterns(seed, pattern, expected):
    assert len(match_pattern(seed.tokens, pattern)) == expected


def test_kwic_window_stops_at_document_edges():
    corpus = Corpus([Document(id="a", text="Balanceakt am Anfang."),
                     Document(id="b", text="Am Ende ein Balanceakt")])
    prepared = prepare(corpus)
    table = kwic(prepared.tokens, "Balanceakt", corpus=corpus, sentences=prepared.sentences, window=5)
    assert table[["doc_id", "left", "right"]].values.tolist() == [["a", "", "am Anfang."], ["b", "Am Ende ein", ""]]
    chars = kwic(prepared.tokens, "Balanceakt", corpus=corpus, sentences=prepared.sentences,
                 window=5, window_unit="chars")
    assert chars["right"].tolist() == ["am A", ""]


def test_kwic_window_within_the_sentence():
    corpus = Corpus([Document(id="a", text="Kasachstan bleibt neutral. Der Balanceakt gelingt. Russland droht.")])
    prepared = prepare(corpus)
    args = dict(corpus=corpus, sentences=prepared.sentences, window=4)
    across = kwic(prepared.tokens, "Balanceakt", **args)
    assert across[["left", "right"]].values.tolist() == [["bleibt neutral. Der", "gelingt. Russland droht"]]
    within = kwic(prepared.tokens, "Balanceakt", within="sentence", **args)
    assert within[["left", "right"]].values.tolist() == [["Der", "gelingt."]]
    chars = kwic(prepared.tokens, "Balanceakt", within="sentence", **{**args, "window": 30}, window_unit="chars")
    assert chars[["left", "right"]].values.tolist() == [["Der", "gelingt."]]
    with pytest.raises(ValueError, match="valid: document, sentence"):
        kwic(prepared.tokens, "Balanceakt", within="paragraph", **args)


def test_kwic_rejects_unknown_window_unit(seed):
    with pytest.raises(ValueError, match="valid: tokens, chars"):
        kwic(seed.tokens, "EU", corpus=seed.corpus, sentences=seed.sentences, window_unit="words")


def test_dispersion_groups_patterns_under_labels(seed):
    hits = dispersion(seed.tokens, {"EU": ["EU", "EU-*", "Europäische Union"], "Russland": ["Russland"]},
                      sentences=seed.sentences)
    assert hits.groupby("pattern", observed=False).size().to_dict() == {"EU": 3, "Russland": 17}
    assert hits["relative"].between(0, 1).all()


def test_kwic_html_escapes_the_text():
    corpus = Corpus([Document(id="a&b", text='Der Leser schrieb <script>alert("x")</script> über den '
                                             'Balanceakt <b>fett</b> und die Sache & mehr.')])
    prepared = prepare(corpus)
    table = kwic(prepared.tokens, "Balanceakt", corpus=corpus, sentences=prepared.sentences, window=4,
                 window_unit="chars")
    html = kwic_html(table)
    assert "<script>" not in html and "<b>fett" not in html
    assert "den" in html and "&lt;b&gt;" in html  # right context " <b>" of 4 characters
    assert "<mark>Balanceakt</mark>" in html
    assert "<td>a&amp;b</td>" in html
    whole = kwic_html(kwic(prepared.tokens, "script", corpus=corpus, sentences=prepared.sentences, window=3))
    assert "schrieb &lt;" in whole and "&gt;alert(" in whole and "&lt;/" in whole and "<script" not in whole


def test_kwic_windows_at_document_edges_in_tokens_and_chars():
    corpus = Corpus([Document(id="a", text="Balanceakt.")])
    prepared = prepare(corpus)
    tokens = kwic(prepared.tokens, "Balanceakt", corpus=corpus, sentences=prepared.sentences, window=10)
    chars = kwic(prepared.tokens, "Balanceakt", corpus=corpus, sentences=prepared.sentences, window=10,
                 window_unit="chars")
    assert tokens[["left", "keyword", "right"]].values.tolist() == [["", "Balanceakt", "."]]
    assert chars[["left", "right"]].values.tolist() == [["", "."]]


def test_quote_use_counts_on_the_seed(seed):
    table = kwic(seed.tokens, "Entnazifizierung", corpus=seed.corpus, sentences=seed.sentences)
    counts = count_quote_uses(table)
    assert counts[["quote_use", "count"]].values.tolist() == [["plain", 0], ["distancing", 4], ["quotation", 0]]
    assert counts["share"].tolist() == [0.0, 1.0, 0.0]
    nachbarn = count_quote_uses(kwic(seed.tokens, "Nachbar*", corpus=seed.corpus, sentences=seed.sentences),
                                by=["section"])
    assert nachbarn.set_index(["section", "quote_use"]).loc[("paragraph", "quotation"), "count"] >= 1


def test_dispersion_by_date_orders_documents():
    corpus = Corpus([
        Document(id="late", text="Krieg und Krieg.", date="2022-11-30"),
        Document(id="undated", text="Frieden."),
        Document(id="early", text="Krieg, Frieden, Handel.", date="2022-02-24"),
    ])
    prepared = prepare(corpus)
    table = dispersion_by_date(prepared.tokens, {"Krieg": ["Krieg"], "Frieden": ["Frieden"]}, corpus=corpus)
    assert table["doc_id"].tolist() == ["early", "early", "late", "late", "undated", "undated"]
    assert table["count"].tolist() == [1, 1, 2, 0, 0, 1]
    assert table["per_1000"].tolist() == pytest.approx([1000 / 3, 1000 / 3, 2000 / 3, 0, 0, 1000])

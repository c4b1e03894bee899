"""Sentences and tokens: German news cases, the seed article in full, and offsets on any text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.corpus import Corpus, Document
from analysis.segment import sentences, split_sentences, split_tokens, tokenize


def _split(text):
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Das Treffen war am 10. Februar 2022. Danach reiste er ab.",
         ["Das Treffen war am 10. Februar 2022.", "Danach reiste er ab."]),
        ("Am 23. November 2022 trafen sie sich in Eriwan.", ["Am 23. November 2022 trafen sie sich in Eriwan."]),
        ("Er sprach in St. Petersburg. Dann flog er heim.", ["Er sprach in St. Petersburg.", "Dann flog er heim."]),
        ("Die Grenze ist 4.750 Meilen lang. Das ist viel.", ["Die Grenze ist 4.750 Meilen lang.", "Das ist viel."]),
        ("Das Land misst 1.000.000 Quadratmeilen.", ["Das Land misst 1.000.000 Quadratmeilen."]),
        ("Der Umsatz stieg um 3,5 Mio. Euro. Der Gewinn sank.", ["Der Umsatz stieg um 3,5 Mio. Euro.", "Der Gewinn sank."]),
        ("Es kostet 2 Mrd. Dollar.", ["Es kostet 2 Mrd. Dollar."]),
        ("Er wohnt in der Hauptstraße Nr. 5 in Wien.", ["Er wohnt in der Hauptstraße Nr. 5 in Wien."]),
        ("Im 3. Quartal wuchs die Wirtschaft.", ["Im 3. Quartal wuchs die Wirtschaft."]),
        ("Rapid gewann 2:1. Die Gäste waren enttäuscht.", ["Rapid gewann 2:1.", "Die Gäste waren enttäuscht."]),
        ("„Wir sind Nachbarn. Es gibt Sorgen.“ Das sagte er.",
         ["„Wir sind Nachbarn.", "Es gibt Sorgen.“", "Das sagte er."]),
        ("„Es war ein Zufall“, sagte Ilyassov. Er lachte.", ["„Es war ein Zufall“, sagte Ilyassov.", "Er lachte."]),
        ("Warum? Niemand weiß es! Doch.", ["Warum?", "Niemand weiß es!", "Doch."]),
        ("Laut J. R. R. Tolkien ist das so.", ["Laut J. R. R. Tolkien ist das so."]),
        ("Das ist z. B. so. Oder nicht.", ["Das ist z. B. so.", "Oder nicht."]),
        ("Es siegte der Weltranglisten-19. Dominic Thiem.", ["Es siegte der Weltranglisten-19. Dominic Thiem."]),
        ("Spielzeug zum 1./2. Weltkrieg gibt es nicht.", ["Spielzeug zum 1./2. Weltkrieg gibt es nicht."]),
        ("Er wurde Weltranglisten-19. Der Rest folgt.", ["Er wurde Weltranglisten-19.", "Der Rest folgt."]),
        ("Er wohnt in der Bahnhofstr. 5 in Graz.", ["Er wohnt in der Bahnhofstr. 5 in Graz."]),
        ("Der ehem. Minister schwieg. Dann sprach er.", ["Der ehem. Minister schwieg.", "Dann sprach er."]),
    ],
)
def test_sentence_split(text, expected):
    assert _split(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Der Ukraine-Krieg begann.", ["Der", "Ukraine-Krieg", "begann", "."]),
        ("Ein Social-Media-Beitrag", ["Ein", "Social-Media-Beitrag"]),
        ("Handels- und Wirtschaftsbeziehungen", ["Handels-", "und", "Wirtschaftsbeziehungen"]),
        ("rund 200.000 von ihnen, 80 %", ["rund", "200.000", "von", "ihnen", ",", "80", "%"]),
        ("die „Entnazifizierung“ Kasachstans", ["die", "„", "Entnazifizierung", "“", "Kasachstans"]),
        ("Das Ölterminal am Schwarzen Meer", ["Das", "Ölterminal", "am", "Schwarzen", "Meer"]),
        ("Er sagte: 2,5 Prozent.", ["Er", "sagte", ":", "2,5", "Prozent", "."]),
    ],
)
def test_tokens(text, expected):
    assert [text[s:e] for s, e, _ in split_tokens(text)] == expected


def test_token_kinds():
    text = "Am 10. Februar 2022 kamen 4.750 Leute."
    kinds = {text[s:e]: k for s, e, k in split_tokens(text)}
    assert kinds == {"Am": "word", "10": "number", ".": "punct", "Februar": "word", "2022": "number",
                     "kamen": "word", "4.750": "number", "Leute": "word"}


def test_seed_sentences_match_the_hand_made_list(seed):
    expected = [line.rstrip("\n").split("\t") for line in
                (Path(__file__).parent / "data" / "seed_sentences.txt").open(encoding="utf-8")]
    got = [[str(r.sent_id), r.section, r.text] for r in seed.sentences.itertuples()]
    assert got == expected
    assert len(got) == 55


def test_seed_offsets_are_exact(seed, seed_text):
    for row in seed.sentences.itertuples():
        assert seed_text[row.start:row.end] == row.text
    for row in seed.tokens.itertuples():
        assert seed_text[row.start:row.end] == row.text
    assert len(seed.tokens) == 1274


def test_boilerplate_and_duplicates_only_on_request(seed_corpus):
    all_sents = sentences(seed_corpus, include_all=True)
    left_out = all_sents[~all_sents["analysed"]]
    assert left_out["section"].tolist() == ["duplicate", "duplicate", "boilerplate", "boilerplate"]
    assert left_out["text"].tolist()[-2:] == ["Lesen Sie den Originalartikel auf Business Insider",
                                              "source site-19"]


# Arbitrary Unicode, weighted toward the characters that matter for German news text. Lone
# surrogates (category Cs) are left out: no decoded document can contain them (readers decode
# strictly), and pandas' Arrow-backed strings cannot hold them.
_ALPHABET = st.one_of(
    st.characters(exclude_categories=("Cs",)),
    st.sampled_from(list("aäöüßÄÖÜ .!?…„“”»«\"'-–:,;0123456789\n\r\t\u00a0•")),
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=300))
def test_offsets_hold_on_arbitrary_text(text):
    if not text.strip():
        return
    corpus = Corpus([Document(id="x", text=text)])
    sents = sentences(corpus, include_all=True)
    previous_end = 0
    for row in sents.itertuples():
        assert text[row.start:row.end] == row.text
        assert row.text == row.text.strip() and row.text
        assert row.start >= previous_end
        previous_end = row.end
    tokens = tokenize(corpus, sents)
    for row in tokens.itertuples():
        assert text[row.start:row.end] == row.text
        assert not any(ch.isspace() for ch in row.text)
    # every non-space character of an analysed sentence is in exactly one token
    covered = sum(len(t) for t in tokens["text"])
    assert covered == sum(len("".join(s.split())) for s in sents["text"])

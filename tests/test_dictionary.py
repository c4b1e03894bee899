"""The dictionary engine: wildcards, phrases, lemmas, compounds, exclusions, readers, dfm look-up."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from analysis.corpus import Corpus, Document
from analysis.dictionary import Dictionary, Entry, read_dictionary, read_liwc, read_yaml
from analysis.pipeline import prepare


def hits_of(entries, text):
    prepared = prepare(Corpus([Document(id="d", text=text)]))
    hits = Dictionary(entries).lookup(prepared.tokens, texts={"d": text})
    return [(h.text, h.category) for h in hits.itertuples()], hits


@pytest.mark.parametrize("entry, text, expected", [
    # wildcards
    (Entry("Sanktion*", "eco"), "Die EU verhängt neue Sanktionen gegen Russland.", ["Sanktionen"]),
    (Entry("*krieg", "war"), "Der Angriffskrieg dauert an, ein Kriegsende ist fern.", ["Angriffskrieg"]),
    (Entry("Ma?er", "x"), "Maier und Mayer und Meyer.", ["Maier", "Mayer"]),
    # case: insensitive by default, sensitive on request
    (Entry("eu", "eu"), "Die EU und die Eu.", ["EU", "Eu"]),
    (Entry("EU", "eu", case=True), "Die EU und die Eu.", ["EU"]),
    # phrases: consecutive tokens, quotation marks skipped, not across sentences
    (Entry("diplomatische Lösung", "dip"), "Sie fordern eine diplomatische Lösung.", ["diplomatische Lösung"]),
    (Entry("künstlich* Staat", "sov"), "Er nannte es einen „künstlichen Staat“.", ["künstlichen Staat"]),
    (Entry("Lösung diplomatisch*", "dip"), "Eine diplomatische Lösung.", []),
    (Entry("Frieden jetzt", "dip"), "Wir wollen Frieden. Jetzt sofort.", []),
    # compounds
    (Entry("Krieg", "war"), "Gegen den Ukraine-Krieg und den Angriffskrieg.", []),
    (Entry("Krieg", "war", compound="part"), "Gegen den Ukraine-Krieg und den Angriffskrieg.", ["Ukraine-Krieg"]),
    (Entry("Krieg", "war", compound=True), "Gegen den Ukraine-Krieg und den Angriffskrieg.",
     ["Ukraine-Krieg", "Angriffskrieg"]),
    (Entry("Krieg", "war", compound="any"), "Das Kriegsende kam.", ["Kriegsende"]),
    (Entry("Krieg", "war", compound="head"), "Das Kriegsende kam.", []),
    # lemmas
    (Entry("Beziehung", "dip"), "Die Beziehungen sind eng.", []),
    (Entry("Beziehung", "dip", lemma=True), "Die Beziehungen sind eng.", ["Beziehungen"]),
    # exclusions: a word inside a name, and a phrase
    (Entry("Wirtschaft*", "eco", exclude=("Wirtschaftsforum*",)),
     "Auf dem Wirtschaftsforum sprach er über die Wirtschaft.", ["Wirtschaft"]),
    (Entry("Kiew", "ua", exclude=("Dynamo Kiew",)), "Dynamo Kiew spielt in Kiew.", ["Kiew"]),
])
def test_matching(entry, text, expected):
    found, _ = hits_of([entry], text)
    assert [t for t, _ in found] == expected


def test_hits_carry_offsets_tokens_and_pattern():
    text = "Sie fordern eine diplomatische Lösung."
    _, hits = hits_of([Entry("diplomatische Lösung", "diplomacy"), Entry("fordern", "responsibility")], text)
    assert hits[["start", "end", "token_first", "token_last", "pattern", "category"]].values.tolist() == [
        [4, 11, 1, 1, "fordern", "responsibility"],
        [17, 37, 3, 4, "diplomatische Lösung", "diplomacy"]]
    assert all(text[s:e] == t for s, e, t in hits[["start", "end", "text"]].itertuples(index=False))


def test_one_token_can_hit_several_categories():
    found, _ = hits_of([Entry("Krieg", "conflict", compound=True), Entry("Krieg", "security", compound=True)],
                       "Der Ukraine-Krieg.")
    assert found == [("Ukraine-Krieg", "conflict"), ("Ukraine-Krieg", "security")]


def test_vocabulary_is_matched_once_and_cached():
    d = Dictionary([Entry("Sanktion*", "eco")])
    m = d.match_vocabulary(["Sanktionen", "Sanktion", "Handel"])
    assert m.toarray()[:, 0].tolist() == [1, 1, 0]
    assert set(d._cache) == {"Sanktionen", "Sanktion", "Handel"}


def test_lookup_dfm_counts_per_category():
    d = Dictionary([Entry("Sanktion*", "eco"), Entry("Handel", "eco"), Entry("Krieg", "war")])
    dfm = sparse.csr_matrix(np.array([[2, 1, 0, 5], [0, 0, 3, 1]]))
    counts = d.lookup_dfm(dfm, ["Sanktionen", "Handel", "Krieg", "und"]).toarray()
    assert d.categories_ == ("eco", "war")
    assert counts.tolist() == [[3, 0], [0, 3]]


def test_cost_does_not_grow_with_patterns_times_tokens():
    many = [Entry(f"Wort{i}*", f"c{i % 7}") for i in range(2000)] + [Entry("Krieg", "war")]
    found, _ = hits_of(many, "Der Krieg und das Wort17x.")
    assert found == [("Krieg", "war"), ("Wort17x", "c1"), ("Wort17x", "c3")]  # Wort1* and Wort17*


@pytest.mark.parametrize("bad, problem", [
    (dict(pattern=" ", category="x"), "empty pattern"),
    (dict(pattern="a", category=""), "empty category"),
    (dict(pattern="a", category="x", compound="prefix"), "valid: none, part, head, any"),
])
def test_entry_validation(bad, problem):
    with pytest.raises(ValueError, match=problem):
        Entry(**bad)


LIWC = "%\n1\tposemo\n2\tnegemo\n%\nfreund*\t1\nkrieg\t2\nfrieden schließen\t1\t2\n"


def test_read_liwc(tmp_path):
    path = tmp_path / "mini.dic"
    path.write_text(LIWC, encoding="utf-8")
    entries = read_liwc(path)
    assert [(e.pattern, e.category) for e in entries] == [
        ("freund*", "posemo"), ("krieg", "negemo"), ("frieden schließen", "posemo"), ("frieden schließen", "negemo")]
    assert entries[1].source == "mini.dic:6"
    found, _ = hits_of(read_dictionary(path), "Freunde wollen Frieden schließen.")
    assert found == [("Freunde", "posemo"), ("Frieden schließen", "posemo"), ("Frieden schließen", "negemo")]


@pytest.mark.parametrize("text, message", [
    ("1\tposemo\n%\nfreund*\t1\n", r"line 1: a LIWC file starts with a '%' line"),
    ("%\nposemo\n%\n", r"line 2: expected 'number<TAB>category'"),
    ("%\n1\tposemo\nfreund*\t1\n", r"line 3: expected 'number<TAB>category'"),
    ("%\n1\tposemo\n%\nfreund*\t1\nkrieg\t7\n", r"line 5: category '7' is not declared"),
    ("%\n1\tposemo\n%\nfreund*\n", r"line 4: pattern 'freund\*' has no category"),
])
def test_malformed_liwc_names_file_and_line(tmp_path, text, message):
    path = tmp_path / "bad.dic"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=rf"bad\.dic, {message}"):
        read_liwc(path)


def test_read_quanteda_yaml(tmp_path):
    path = tmp_path / "mini.yml"
    path.write_text("economic:\n  - Sanktion*\n  - Handel*\nsecurity:\n  military: [Truppe*, Soldat*]\n",
                    encoding="utf-8")
    entries = read_yaml(path)
    assert [(e.pattern, e.category) for e in entries] == [
        ("Sanktion*", "economic"), ("Handel*", "economic"), ("Truppe*", "security.military"),
        ("Soldat*", "security.military")]
    assert entries[2].source == "mini.yml:5"
    entries = read_dictionary(path, compound="head")
    assert {e.compound for e in entries} == {"head"}


@pytest.mark.parametrize("text, message", [
    ("economic:\n  - Sanktion*\n  - [unclosed\n", r"line 4: "),
    ("economic:\n  - Sanktion*\n  - 42\n", r"line 3: pattern 42 in category 'economic'"),
    ("economic: Sanktion*\n", r"line 1: category 'economic' must hold a list"),
    ("- Sanktion*\n", r"line 1: expected a mapping"),
])
def test_malformed_yaml_names_file_and_line(tmp_path, text, message):
    path = tmp_path / "bad.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=rf"bad\.yml, {message}"):
        read_yaml(path)


def test_unknown_format(tmp_path):
    with pytest.raises(ValueError, match=r"valid: \.dic, \.yml, \.yaml"):
        read_dictionary(tmp_path / "words.txt")

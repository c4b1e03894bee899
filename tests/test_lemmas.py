"""Lemmas: simplemma for common words, the alias table for names and transliterations."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.lemmas import lemmatize, lemmatize_word, load_aliases, suggest_variants, transliteration_key


@pytest.mark.parametrize(
    "form, lemma",
    [
        ("Russlands", "Russland"),       # genitive of a name, missed by simplemma
        ("Kasachstans", "Kasachstan"),
        ("Putins", "Putin"),
        ("Tokajews", "Tokajew"),
        ("Selenskyjs", "Selenskyj"),
        ("Ilyassov", "Iljassow"),        # English transliteration → German canonical name
        ("Solovyov", "Solowjow"),
        ("Tokayev", "Tokajew"),
        ("Kyjiw", "Kiew"),
        ("Beziehungen", "Beziehung"),    # simplemma
        ("russischen", "russisch"),
        ("einmarschierte", "einmarschieren"),
        ("Truppen", "Truppe"),
        ("Nazis", "Nazi"),
    ],
)
def test_lemmatize_word(form, lemma):
    assert lemmatize_word(form) == lemma


def test_numbers_and_punctuation_keep_their_form():
    tokens = pd.DataFrame({"text": ["Russlands", "4.750", "„"], "kind": ["word", "number", "punct"]})
    assert lemmatize(tokens)["lemma"].tolist() == ["Russland", "4.750", "„"]


def test_alias_table_errors_name_the_line(tmp_path):
    path = tmp_path / "aliases.tsv"
    path.write_text("# comment\nform\tlemma\tkind\tnote\nPutin\tPutin\tname\t\nPutine\tPutin\tspelling\t\n",
                    encoding="utf-8")
    with pytest.raises(ValueError, match=r"aliases\.tsv, line 4: kind 'spelling'; valid: name, variant"):
        load_aliases(path)


def test_custom_alias_table(tmp_path):
    path = tmp_path / "aliases.tsv"
    path.write_text("form\tlemma\tkind\tnote\nBaerbock\tBaerbock\tname\tminister\n", encoding="utf-8")
    aliases = load_aliases(path)
    assert lemmatize_word("Baerbocks", aliases=aliases) == "Baerbock"


@pytest.mark.parametrize("form, lemma", [("Prozesse", "Prozess"), ("Flüsse", "Fluss"), ("Straße", "Straße")])
def test_reformed_spelling_of_ss(form, lemma):
    assert lemmatize_word(form) == lemma


@pytest.mark.parametrize("form, lemma", [("Beziehungen", "Beziehung"), ("EU", "EU"), ("Russlands", "Russland")])
def test_hanta_lemmas(form, lemma):
    assert lemmatize_word(form, method="hanta") == lemma


def test_unknown_lemmatizer():
    with pytest.raises(ValueError, match="valid: simplemma, hanta"):
        lemmatize_word("Haus", method="spacy")


@pytest.mark.parametrize(
    "latin, german", [("Ilyassov", "Iljassow"), ("Solovyov", "Solowjow"), ("Tokayev", "Tokajew"),
                      ("Netanyahu", "Netanjahu")])
def test_transliteration_key(latin, german):
    assert transliteration_key(latin) == transliteration_key(german)


def test_suggest_variants_finds_the_seed_transliterations(seed):
    table = suggest_variants(seed.tokens, aliases={})
    spelling = table[table["difference"] == "spelling"]
    assert spelling[["lemma", "variant", "count_lemma", "count_variant", "score"]].values.tolist() == [
        ["Ilyassov", "Iljassow", 4, 2, 100.0], ["Solovyov", "Solowjow", 1, 1, 100.0]]
    endings = table[table["difference"] == "ending"]
    assert ["Russland", "Russlands"] in endings[["lemma", "variant"]].values.tolist()


def test_suggest_variants_leaves_out_what_the_alias_table_merges(seed):
    table = suggest_variants(seed.tokens)
    assert "Iljassow" not in set(table["lemma"]) | set(table["variant"])
    assert set(table["difference"]) <= {"ending"}


def test_trie_dictionary_gives_simplemmas_own_lemmas(seed, tmp_path):
    """The disk-cached marisa trie (fast start) holds exactly simplemma's default dictionary."""
    import simplemma

    from analysis.lemmas import _TrieFactory

    factory = _TrieFactory(disk_cache_dir=str(tmp_path))
    trie = simplemma.Lemmatizer(lemmatization_strategy=simplemma.strategies.DefaultStrategy(dictionary_factory=factory))
    words = sorted(set(seed.tokens.loc[seed.tokens["kind"] == "word", "text"]))
    assert len(words) > 500
    assert [trie.lemmatize(w, lang="de") for w in words] == [simplemma.lemmatize(w, lang="de") for w in words]
    # the cache was written under its final name, with no temporary file left beside it
    assert [p.name for p in tmp_path.iterdir()] == ["de.dic"]
    reopened = _TrieFactory(disk_cache_dir=str(tmp_path)).get_dictionary("de")
    assert reopened.get("Staaten") == "Staat"


def test_trie_cache_is_renamed_into_place(tmp_path):
    """The trie is saved under a temporary name and renamed: a process starting at the same moment
    never opens a half-written file."""
    from analysis.lemmas import _TrieFactory

    saved = []

    class Trie:
        def save(self, path):
            saved.append(path)
            with open(path, "wb") as handle:
                handle.write(b"trie")

    _TrieFactory(disk_cache_dir=str(tmp_path))._write_trie_to_disk("de", Trie())
    assert len(saved) == 1 and saved[0] != str(tmp_path / "de.dic")
    assert [p.name for p in tmp_path.iterdir()] == ["de.dic"] and (tmp_path / "de.dic").read_bytes() == b"trie"


def test_unwritable_cache_falls_back_to_simplemmas_dictionary(tmp_path):
    from analysis.lemmas import _dictionary_factory, _TrieFactory

    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    assert _dictionary_factory(blocked / "simplemma") is None  # below a file: nothing can be written
    assert isinstance(_dictionary_factory(tmp_path / "new" / "cache"), _TrieFactory)  # created on first use


@pytest.mark.parametrize("form, lemma", [
    ("kasachische", "kasachisch"), ("kasachischer", "kasachisch"), ("kasachischen", "kasachisch"),
    ("tadschikischen", "tadschikisch"), ("usbekische", "usbekisch"),
    ("einige", "einige"),  # a quantifier, not "einig" (agreed)
    ("Kasachische", "Kasachische"),  # capitalised: a name or a sentence start, left to simplemma
    ("beschädige", "beschädigen"),  # simplemma knows it: the adjective rule does not apply
])
def test_regular_adjectives_unknown_to_simplemma(form, lemma):
    assert lemmatize_word(form) == lemma

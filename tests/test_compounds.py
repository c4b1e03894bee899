"""Compound splitting: parts, linking elements, names never split, search by part."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.compounds import find_compounds, load_no_split, split_compound, split_compounds


@pytest.mark.parametrize(
    "word, parts",
    [
        ("Ölterminal", ("Öl", "Terminal")),
        ("Ölversorgungsrouten", ("Öl", "Versorgung", "s", "Route")),
        ("Handelsbeziehungen", ("Handel", "s", "Beziehung")),
        ("Wirtschaftsbeziehungen", ("Wirtschaft", "s", "Beziehung")),
        ("Ukraine-Krieg", ("Ukraine", "Krieg")),
        ("Nazi-Prozesse", ("Nazi", "Prozess")),
        ("Nachbarländern", ("Nachbar", "Land")),
        ("Nazis", ("Nazi",)),
        ("Russland", ("Russland",)),             # names are never split
        ("Kasachstan", ("Kasachstan",)),
        ("Russlands", ("Russland",)),            # a name's genitive: lemma, not Russ + Land
        ("Belarus", ("Belarus",)),               # HanTa would split it: on the do-not-split list
        ("Baden-Württemberg", ("Baden-Württemberg",)),
        ("EU-Kasachstan", ("EU", "Kasachstan")),
        ("Handels-", ("Handel",)),              # truncated first part of "Handels- und ..."
        ("engere", ("eng",)),                    # adjectives are not split into inflections
    ],
)
def test_split_compound(word, parts):
    assert split_compound(word) == parts


def test_linking_elements_can_be_left_out():
    assert split_compound("Handelsbeziehungen", linking=False) == ("Handel", "Beziehung")


def test_no_split_list_includes_the_alias_table():
    keep = load_no_split()
    assert {"Kassym-Schomart", "Belarus", "Tokajew", "Ilyassov", "Russland"} <= keep


def test_split_compounds_table(seed):
    table = split_compounds(seed.tokens)
    rows = table[table["word"] == "Investitionsbeziehungen"]
    assert rows[["part_id", "part", "kind"]].values.tolist() == [
        [0, "Investition", "stem"], [1, "s", "linking"], [2, "Beziehung", "stem"]]
    assert set(rows["n_stems"]) == {2}


def test_a_search_for_nazi_finds_its_compounds(seed):
    found = find_compounds(seed.tokens, "Nazi")
    assert found[["word", "count", "match"]].values.tolist() == [
        ["Nazis", 1, "word"], ["Nazi-Prozesse", 1, "part"], ["Entnazifizierung", 4, "substring"]]


def test_short_parts_do_not_match_chance_letters():
    tokens = pd.DataFrame({"text": ["Ölterminal", "Kölner", "Öl"], "kind": ["word"] * 3})
    assert find_compounds(tokens, "Öl")["word"].tolist() == ["Öl", "Ölterminal"]

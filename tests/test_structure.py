"""Article structure: the seed article's layout, and the rules on small constructed texts."""

from __future__ import annotations

import pytest

from analysis.corpus import Corpus, Document
from analysis.structure import parse_structure


def _lines_of(units, section):
    return units.loc[units["section"] == section, "line"].tolist()


def test_seed_article_structure_matches_its_notes(seed):
    units = seed.units
    assert _lines_of(units, "headline") == [1]
    assert _lines_of(units, "bullet") == [5, 6, 7]
    assert _lines_of(units, "subheading") == [23, 36, 52, 64, 77]
    assert _lines_of(units, "caption") == [3, 27, 68, 79, 80]
    assert _lines_of(units, "duplicate") == [28, 69]
    assert units.loc[units["section"] == "duplicate", "duplicate_of"].tolist() == [27, 68]
    assert _lines_of(units, "boilerplate") == [40, 92, 95]
    assert not units.loc[units["section"].isin(["boilerplate", "duplicate"]), "analysed"].any()
    assert units["part"].max() == 5


def test_every_unit_is_a_slice_of_the_text(seed, seed_text):
    for unit in seed.units.itertuples():
        assert seed_text[unit.start:unit.end] == unit.text


def test_bullet_marker_is_not_part_of_the_unit(seed):
    bullets = seed.units[seed.units["section"] == "bullet"]["text"]
    assert bullets.str.startswith("Der russische Verbündete").iloc[0]
    assert not bullets.str.contains("•").any()


@pytest.mark.parametrize(
    "text, sections",
    [
        # one line only: a paragraph, not a headline
        ("Kasachstan liegt in Zentralasien. Es grenzt an Russland.", ["paragraph"]),
        # headline, paragraph, short subheading, paragraph
        ("Titel der Meldung\n\nErster Absatz.\n\nZwischentitel\n\nZweiter Absatz.",
         ["headline", "paragraph", "subheading", "paragraph"]),
        # a hard-wrapped paragraph is one unit
        ("Titel\n\nDieser Absatz ist\numbrochen worden.\n", ["headline", "paragraph"]),
        # a caption printed twice
        ("Titel\n\nEin Foto zeigt Putin.\nEin Foto zeigt Putin.\n\nText.",
         ["headline", "caption", "duplicate", "paragraph"]),
        # boilerplate lines
        ("Titel\n\nText.\n\nLesen Sie den Originalartikel auf Business Insider\n\nsource site-3",
         ["headline", "paragraph", "boilerplate", "boilerplate"]),
    ],
)
def test_structure_rules(text, sections):
    units = parse_structure(Corpus([Document(id="d", text=text)]))
    assert units["section"].tolist() == sections


def test_wrapped_paragraph_unit_spans_both_lines():
    text = "Titel\n\nDieser Absatz ist\numbrochen worden.\n"
    units = parse_structure(Corpus([Document(id="d", text=text)]))
    assert units.iloc[1]["text"] == "Dieser Absatz ist\numbrochen worden."

"""Lexicon loading: sizes, known entries, licence fields, and the corrections file's checks."""

from __future__ import annotations

import math

import pytest

from analysis.lexicons import DEFAULT_CORRECTIONS, load_corrections, load_polarity_lexicon, load_sentiws


@pytest.fixture(scope="module")
def sentiws():
    return load_sentiws()


@pytest.fixture(scope="module")
def gpl():
    return load_polarity_lexicon()


def test_sentiws_entries_and_licence(sentiws):
    assert 34_000 < len(sentiws) < 34_500
    assert sentiws.weights["schicken"] == pytest.approx(0.3372)  # the news-domain error we correct
    assert sentiws.weights["Krieg"] == pytest.approx(-0.5364)
    assert sentiws.weights["Invasion"] == pytest.approx(-0.0048)  # a placeholder weight
    assert sentiws.licence == "CC BY-NC-SA 3.0" and "Remus" in sentiws.citation and sentiws.keys == "form"


def test_sentiws_placeholder_option():
    lexicon = load_sentiws(placeholder=0.2)
    assert lexicon.weights["Invasion"] == pytest.approx(-0.2)
    assert lexicon.weights["Krieg"] == pytest.approx(-0.5364)


def test_polarity_lexicon_entries_and_licence(gpl):
    assert 7_000 < len(gpl) < 7_500
    assert gpl.weights["Propaganda"] == 1.0 and gpl.weights["kämpferisch"] == 1.0  # its known errors
    assert gpl.weights["Krieg"] == -1.0
    assert "kaum" not in gpl.weights  # intensifier adverbs (polarity 0) are not polar entries
    assert "Apache" in gpl.licence and "Clematide" in gpl.citation and gpl.keys == "lemma"


def test_project_corrections_have_a_reason_each():
    table = load_corrections(DEFAULT_CORRECTIONS)
    assert len(table) >= 30 and table["reason"].str.len().min() > 5
    rows = table.set_index("term")
    assert math.isnan(rows.loc["schicken", "weight"])
    assert rows.loc["brachen", "context"] == ("aus",)
    assert rows.loc["Propaganda", "lexicon"] == "gpl"
    for term in ("Invasion", "Einmarsch", "Entnazifizierung", "Propagandist", "Vorwand", "Souveränität",
                 "Waffenstillstand"):
        assert term in rows.index


HEADER = "term\tlexicon\tweight\tcontext\treason\n"


@pytest.mark.parametrize("line, message", [
    ("Krieg\tboth\t-0.5\t\twar\n", r"line 3: lexicon 'both'; valid: all, sentiws, gpl"),
    ("Krieg\tall\t-2\t\twar\n", r"line 3: weight '-2' is neither 'drop'"),
    ("Krieg\tall\tweg\t\twar\n", r"line 3: weight 'weg'"),
    ("Krieg\tall\t-0.5\t\t\n", r"line 3: 'term' and 'reason' are required"),
    ("Krieg\tall\t-0.5\n", r"line 3: 3 fields"),
])
def test_bad_corrections_name_the_line(tmp_path, line, message):
    path = tmp_path / "c.tsv"
    path.write_text("# comment\n" + HEADER + line, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_corrections(path)


def test_duplicate_correction_is_refused(tmp_path):
    path = tmp_path / "c.tsv"
    path.write_text(HEADER + "Krieg\tall\t-0.5\t\twar\nKrieg\tall\t-0.6\t\twar again\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 3: 'Krieg' .* already corrected on line 2"):
        load_corrections(path)

"""Actor registry and mentions: names, inflections, compounds, and every known trap."""

from __future__ import annotations

import pytest

from analysis.actors import REQUIRED_TARGETS, find_mentions, load_registry, mention_table, sentence_targets
from analysis.corpus import Corpus, Document
from analysis.pipeline import prepare


def _found(text):
    return [(m["target"], m["text"]) for m in find_mentions(text)]


@pytest.mark.parametrize("text, expected", [
    ("Russland und die Russische Föderation", [("russia", "Russland"), ("russia", "Russische Föderation")]),
    ("Russlands Präsident Putin und russische Soldaten", [("russia", "Russlands"), ("russia", "Putin"), ("russia", "russische")]),
    ("die Russen und Lawrow", [("russia", "Russen"), ("russia", "Lawrow")]),
    ("Der Ukraine-Krieg dauert an.", [("ukraine", "Ukraine")]),
    ("Treffen des Kooperationsrates EU-Kasachstan", [("eu", "EU"), ("kazakhstan", "Kasachstan")]),
    ("in der Südukraine", [("ukraine", "Südukraine")]),
    ("Selenskyj und Zelensky sprachen in Kyjiw.", [("ukraine", "Selenskyj"), ("ukraine", "Zelensky")]),
    ("Iljassow, Ilyassov und Tokajews Äußerungen", [("kazakhstan", "Iljassow"), ("kazakhstan", "Ilyassov"), ("kazakhstan", "Tokajews")]),
    ("CSTO-Führer trafen sich.", [("csto", "CSTO")]),
    ("Die Nato und die USA warnten China.", [("nato", "Nato"), ("usa", "USA"), ("china", "China")]),
    ("Moskau reagierte scharf.", [("russia", "Moskau")]),
    ("Der Kreml dementierte.", [("russia", "Kreml")]),
    # traps
    ("Dynamo Kiew gewann das Spiel.", []),
    ("Das Team Astana fuhr vorne.", []),
    ("Die Außenminister trafen sich in Brüssel.", []),
    ("Treffen im Moskauer Kreml am 10. Februar", []),
    ("eine Rede in St. Petersburg, Russland, im Juni", []),
    ("die Republiken Luhansk und Donezk", [("russia", "Republiken Luhansk und Donezk")]),
    ("die Volksrepublik Donezk", [("russia", "Volksrepublik Donezk")]),
])
def test_find_mentions(text, expected):
    assert _found(text) == expected


def test_offsets_and_kinds():
    text = "Laut Kreml lehnt Kasachstan ab."
    mentions = find_mentions(text)
    assert [(m["start"], m["end"], m["kind"]) for m in mentions] == [(5, 10, "capital"), (17, 27, "name")]
    assert all(text[m["start"]:m["end"]] == m["text"] for m in mentions)


def test_proxies_are_not_ukraine_and_make_no_target():
    mentions = find_mentions("Kiew kämpft gegen die Volksrepublik Luhansk.")
    assert [m["target"] for m in mentions] == ["ukraine", "russia"]
    assert [m["kind"] for m in mentions] == ["capital", "proxy"]
    assert sentence_targets(mentions) == ["ukraine"]


def test_registry_has_required_targets_and_rejects_bad_files(tmp_path):
    registry = load_registry()
    assert set(REQUIRED_TARGETS) <= set(registry.ids)
    assert {"kazakhstan", "china", "usa", "nato", "csto"} <= set(registry.ids)
    bad = tmp_path / "bad.yaml"
    bad.write_text("targets:\n  eu:\n    names: [EU]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="required targets"):
        load_registry(bad)


@pytest.mark.parametrize("text, sentence, expected", [
    ("Kasachstan grenzt an die Ukraine. Es lehnte eine Anfrage ab.", 1, [("kazakhstan", "Es", "pronoun")]),
    ("Kasachstan grenzt an China. Es lehnte ab.", 1, [("china", "Es", "pronoun")]),  # the last named neuter country
    ("Kasachstan grenzt an China. Es gibt dort Öl.", 1, []),
    ("Die Truppen kamen nach Kasachstan. Viele blieben im Land.", 1, [("kazakhstan", "im Land", "pronoun")]),
    ("Das sagte Iljassow. Er fügte hinzu, dass alles ruhig sei.", 1, [("kazakhstan", "Er", "pronoun")]),
    ("Das sagte Iljassow. Der Botschafter lächelte.", 1, [("kazakhstan", "Der Botschafter", "role")]),
    ("Russland marschierte ein. Kasachstan hält zu seinem Nachbarn.", 1,
     [("kazakhstan", "Kasachstan", "name"), ("russia", "seinem Nachbarn", "pronoun")]),
])
def test_references_back(text, sentence, expected):
    prepared = prepare(Corpus([Document(id="d", text=text)]))
    table = mention_table(prepared)
    rows = table[table["sent_id"] == sentence]
    assert list(zip(rows["target"], rows["text"], rows["kind"])) == expected


def test_seed_mentions(seed):
    table = mention_table(seed)
    targets = table.groupby("sent_id")["target"].agg(lambda s: list(dict.fromkeys(s)))
    assert targets[21] == ["kazakhstan", "russia", "ukraine"]  # "Es lehnte ..." = Kasachstan
    assert targets[22] == ["kazakhstan", "russia", "ukraine"]  # republics: russia's proxy, Südukraine
    assert targets[18] == ["kazakhstan", "eu"]  # Brüssel, Belgien is a venue; EU-Kasachstan counts
    assert "russia" not in targets[34]  # "in St. Petersburg, Russland" is an address
    assert table[table["sent_id"] == 22]["kind"].tolist().count("proxy") == 1

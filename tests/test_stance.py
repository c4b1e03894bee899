"""Stance: labels, holders and evidence for German sentences; aggregates; the seed article against its coding."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.corpus import Corpus, Document
from analysis.paths import ANNOTATIONS
from analysis.pipeline import prepare
from analysis.measures import measure_names
from analysis.score import score_records
from analysis.stance import _evidence_text, holder_target_matrix, load_cues, network_edges, record_fields, stance_table
from analysis.validate import label_agreement, load_coding, stance_pairs


def _stance(text, sentence=-1):
    prepared = prepare(Corpus([Document(id="d", text=text)]))
    fields = record_fields(prepared)
    key = sorted(fields)[sentence]
    return {t: (s["label"], s["holder"], [_evidence_text(e) for e in s["evidence"]])
            for t, s in fields[key]["stance"].items()}


@pytest.mark.parametrize("text, expected", [
    ("Kasachstan unterstützt die Ukraine.", {"kazakhstan": (0, "journalist", []),
                                             "ukraine": (1, "kazakhstan", ["unterstützt"])}),
    ("Kasachstan unterstützt Russland nicht.", {"kazakhstan": (0, "journalist", []),
                                                "russia": (-1, "kazakhstan", ["unterstützt (negated)"])}),
    ("Kasachstan weigerte sich, die von Russland geschaffenen Republiken Luhansk und Donezk anzuerkennen.",
     {"kazakhstan": (0, "journalist", []), "russia": (-1, "kazakhstan", ["anzuerkennen (refused)"])}),
    ("Der russische Verbündete Kasachstan hat sich gegen den Ukraine-Krieg ausgesprochen.",
     {"russia": (-1, "kazakhstan", ["gegen den Ukraine-Krieg"]), "kazakhstan": (0, "journalist", []),
      "ukraine": (0, "journalist", [])}),  # opposing the war counts against its owner, not for Ukraine
    ("Kasachstan hat sich gegen den Ukraine-Krieg ausgesprochen.",
     {"kazakhstan": (0, "journalist", []), "ukraine": (0, "journalist", [])}),  # russia not mentioned
    ("Putin benutzte die „Entnazifizierung“ grundlos als Vorwand für den Einmarsch in die Ukraine.",
     {"russia": (-1, "journalist", ["grundlos"]), "ukraine": (-1, "russia", ["Entnazifizierung", "Einmarsch"])}),
    ("Die EU verurteilt Russland.", {"eu": (0, "journalist", []), "russia": (-1, "eu", ["verurteilt"])}),
    ("Die EU kritisierte Russland nicht.", {"eu": (0, "journalist", []), "russia": (0, "journalist", [])}),
    ("Die EU und Kasachstan vereinbarten immer engere Beziehungen.",
     {"eu": (1, "kazakhstan", ["engere Beziehungen"]), "kazakhstan": (1, "eu", ["engere Beziehungen"])}),
    ("Russland trifft China in Peking.", {"russia": (0, "journalist", []), "china": (0, "journalist", [])}),
    ("Es sei nicht sinnvoll, wenn Russland feindliche Maßnahmen gegen Kasachstan ergreife.",
     {"russia": (0, "journalist", []), "kazakhstan": (0, "journalist", [])}),  # hypothetical
    # separable verbs, matched on the lemma plus the particle at the clause's end
    ("Die russischen Truppen griffen Kyjiw an.", {"russia": (0, "journalist", []), "ukraine": (-1, "russia", ["griffen"])}),
    ("Russland greift die Ukraine an.", {"russia": (0, "journalist", []), "ukraine": (-1, "russia", ["greift"])}),
    ("Tokajew traf Putin an der Grenze.", {"kazakhstan": (0, "journalist", []), "russia": (0, "journalist", [])}),
    # the proxy republics count toward russia even when Russia is not named
    ("Kasachstan lehnte die Anerkennung der Republiken Luhansk und Donezk ab.",
     {"kazakhstan": (0, "journalist", []), "russia": (-1, "kazakhstan", ["Anerkennung (refused)"])}),
    ("Kasachstan erkannte die Republiken Luhansk und Donezk nicht an.",
     {"kazakhstan": (0, "journalist", []), "russia": (-1, "kazakhstan", ["erkannte (negated)"])}),
    # coordinated actors: the first holds the stance, the other's evidence is kept with its holder
    ("Russland und China verurteilten die NATO.",
     {"russia": (0, "journalist", []), "china": (0, "journalist", []),
      "nato": (-1, "russia", ["verurteilten", "verurteilten @china"])}),
    ("Kasachstan unterstützt Russland und die Ukraine.",
     {"kazakhstan": (0, "journalist", []), "russia": (1, "kazakhstan", ["unterstützt"]), "ukraine": (0, "journalist", [])}),
])
def test_stance_labels_holders_and_evidence(text, expected):
    assert _stance(text) == expected


def test_es_as_holder():
    got = _stance("Kasachstan schwieg lange. Es lehnte eine Anfrage Russlands ab.")
    assert got["russia"] == (-1, "kazakhstan", ["lehnte"])


def test_quoted_speaker_holds_the_stance():
    got = _stance("„Solowjow ist ein bekannter Provokateur“, sagte Iljassow.")
    assert got["russia"] == (-1, "kazakhstan", ["Provokateur"])


def test_cue_lexicon_is_reviewed_and_valid():
    cues = load_cues()
    assert len(cues) > 50
    by_cue = {c["cue"]: (c["polarity"], c["type"]) for c in cues}
    assert by_cue["unterstütz*"] == (1, "act") and by_cue["verurteil*"] == (-1, "act")
    assert by_cue["weiger*"] == (-1, "refusal") and by_cue["vorwand"] == (-1, "evaluative")


def test_scorer_is_registered_and_adds_fields(seed):
    assert "stance" in measure_names()
    records = score_records(seed, scorers=["stance"])
    record = next(r for r in records if r["sent_id"] == 22)
    assert record["targets"] == ["kazakhstan", "russia", "ukraine"]
    assert record["stance"]["russia"]["label"] == -1 and record["stance"]["russia"]["holder"] == "kazakhstan"
    assert {"target", "start", "end", "text"} == set(record["mentions"][0])
    quoted = next(r for r in records if r["sent_id"] == 28)
    assert quoted["quotes"][0]["type"] == "direct" and quoted["quotes"][0]["speaker"] == "kazakhstan"


def test_seed_against_the_coding(seed):
    fields = record_fields(seed)
    doc = seed.corpus[0].id
    gold = load_coding(ANNOTATIONS / "seed_coder1.tsv")
    predicted = {u: {t: s["label"] for t, s in fields[(doc, u)]["stance"].items()} for u in gold.index}
    assert [fields[(doc, u)]["targets"] for u in gold.index if sorted(fields[(doc, u)]["targets"]) != gold.loc[u, "targets"]
            and set(fields[(doc, u)]["targets"]) != set(gold.loc[u, "targets"])] == [[ "kazakhstan", "russia"]]
    pairs = stance_pairs(gold, predicted)
    scores = label_agreement(pairs["gold"], pairs["predicted"])
    assert scores["n"] == 106 and scores["accuracy"] == pytest.approx(99 / 106)


def test_matrix_bootstrap_is_seeded_and_network_signed(seed):
    table = stance_table(record_fields(seed), seed.sentences)
    a = holder_target_matrix(table, seed=1, evidence_only=True)
    b = holder_target_matrix(table, seed=1, evidence_only=True)
    pd.testing.assert_frame_equal(a, b)
    cell = a.set_index(["holder", "target"]).loc[("kazakhstan", "eu")]
    assert cell["mean"] == 1.0 and cell["n"] == 3
    russia = a.set_index(["holder", "target"]).loc[("russia", "ukraine")]
    assert russia["mean"] == -1.0 and russia["ci_low"] == -1.0
    edges = network_edges(table).set_index(["source", "target"])
    assert edges.loc[("journalist", "russia"), "sign"] == -1 and edges.loc[("kazakhstan", "eu"), "sign"] == 1


def test_score_record_keeps_the_speakers_name_and_cue(seed):
    from analysis.stance import record_fields

    fields = record_fields(seed)
    quote = fields[("article_de", 10)]["quotes"][0]
    assert (quote["type"], quote["speaker"], quote["speaker_name"], quote["cue"]) == \
        ("direct", "kazakhstan", "Iljassow", "sagte")


def test_evidence_keeps_spans_copied_from_the_text():
    text = "Die EU verurteilt Russland."
    prepared = prepare(Corpus([Document(id="d", text=text)]))
    (evidence,) = record_fields(prepared)[("d", 0)]["stance"]["russia"]["evidence"]
    assert evidence == {"text": "verurteilt", "start": 7, "end": 17, "cue": "verurteil*"}
    assert text[evidence["start"]:evidence["end"]] == evidence["text"]


def test_coordinated_holders_keep_their_evidence_in_the_seed(seed):
    fields = record_fields(seed)
    stance = fields[(seed.corpus[0].id, 46)]["stance"]["kazakhstan"]
    assert (stance["label"], stance["holder"]) == (1, "russia")
    assert [(e["text"], e.get("holder")) for e in stance["evidence"]] == [("gratulierten", None), ("gratulierten", "ukraine")]
    row = stance_table(fields).set_index(["sent_id", "target"]).loc[(46, "kazakhstan")]
    assert row["n_evidence"] == 1 and row["evidence"] == "gratulierten; gratulierten @ukraine"

"""Frames: the codebook, detection with evidence, the analyses and the seed validation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.corpus import Corpus, Document
from analysis.framing import (
    CODEBOOKS, codebook_markdown, compare_frames, detect_frames, frame_agreement, frame_cooccurrence,
    frame_prevalence, frame_sequence, frame_units, load_codebook, record_fields,
)
from analysis.paths import ANNOTATIONS
from analysis.pipeline import prepare
from analysis.validate import load_coding

IDS = ["conflict", "human_interest", "economic", "morality", "responsibility", "security", "sovereignty",
       "diplomacy", "humanitarian", "propaganda", "migration"]


@pytest.fixture(scope="module")
def codebook():
    return load_codebook()


def frames_of(text, codebook):
    prepared = prepare(Corpus([Document(id="d", text=text)]))
    hits = detect_frames(prepared, codebook)
    units = frame_units(prepared, hits, codebook, unit="document")
    evidence = {f: sorted(set(hits.loc[hits["frame"] == f, "text"])) for f in units.loc[0, "frames"]}
    return units.loc[0, "frames"], evidence


def test_codebook_has_the_frames_of_the_coding_instructions(codebook):
    assert codebook.ids == IDS
    assert set(codebook.frames.loc[codebook.frames["kind"] == "generic", "id"]) == set(IDS[:5])
    assert codebook.frames["definition"].str.len().min() > 80
    assert codebook.frames["examples"].map(len).min() >= 2
    assert codebook.dictionary.n_patterns_ == codebook.frames["n_patterns"].sum() > 400
    assert any("Semetko" in r for r in codebook.references) and any("Entman" in r for r in codebook.references)


def test_frames_md_is_generated_from_the_yaml(codebook):
    assert (CODEBOOKS / "FRAMES.md").read_text(encoding="utf-8") == codebook_markdown(codebook), \
        "regenerate analysis/resources/codebooks/FRAMES.md with analysis.framing.codebook_markdown"


def test_every_codebook_example_carries_its_frame(codebook):
    for row in codebook.frames.itertuples():
        for example in row.examples:
            assert row.id in frames_of(example, codebook)[0], (row.id, example)


@pytest.mark.parametrize("text, frames, evidence", [
    ("Der russische Verbündete Kasachstan hat sich gegen den Ukraine-Krieg ausgesprochen.",
     ["conflict", "security", "diplomacy"],
     {"conflict": ["Ukraine-Krieg"], "security": ["Ukraine-Krieg", "Verbündete"], "diplomacy": ["ausgesprochen"]}),
    ("Die Regierung fordert einen Waffenstillstand und eine diplomatische Lösung.",
     ["responsibility", "diplomacy"],
     {"responsibility": ["Lösung"], "diplomacy": ["Lösung", "Waffenstillstand", "diplomatische"]}),
    ("Er sprach auf einem Wirtschaftsforum in St. Petersburg.", [], {}),
    ("Die Handels- und Investitionsbeziehungen wachsen.", ["economic", "diplomacy"],
     {"economic": ["Handels-", "Investitionsbeziehungen"], "diplomacy": ["Investitionsbeziehungen"]}),
    ("Ein heikler Balanceakt", ["diplomacy"], {"diplomacy": ["Balanceakt"]}),
    ("Medwedew nannte Kasachstan einen „künstlichen Staat“.", ["sovereignty"], {"sovereignty": ["künstlichen Staat"]}),
    ("Tausende Männer flohen vor der Mobilisierung über die Grenze.", ["conflict", "security", "migration"],
     {"conflict": ["Mobilisierung"], "security": ["Mobilisierung"], "migration": ["flohen"]}),
    ("Hackern wurde die Schuld gegeben.", ["responsibility", "propaganda"],
     {"responsibility": ["Schuld"], "propaganda": ["Hackern"]}),
    ("Die Menschen sind sehr besorgt.", ["human_interest"], {"human_interest": ["besorgt"]}),
    ("Bei dem Anschlag starben zwölf Zivilisten.", ["security", "humanitarian"],
     {"security": ["Anschlag"], "humanitarian": ["Zivilisten", "starben"]}),
    ("Die Gäste trafen sich zum Treffen in Wien.", ["diplomacy"], {"diplomacy": ["Treffen"]}),
    ("Wir treffen uns morgen.", [], {}),
])
def test_sentences_to_frames_with_evidence(codebook, text, frames, evidence):
    assert frames_of(text, codebook) == (frames, evidence)


def test_malformed_codebook_names_file_and_line(tmp_path):
    good = "frames:\n  - id: a\n    label: A\n    kind: issue\n    definition: d\n    indicators: [Krieg]\n"
    path = tmp_path / "cb.yaml"
    path.write_text(good, encoding="utf-8")
    assert load_codebook(path).ids == ["a"]
    for text, message in [
        (good.replace("kind: issue", "kind: special"), r"line 4: kind 'special'; valid: generic, issue"),
        (good.replace("    label: A\n", "    label: A\n    colour: red\n"), r"line 4: unknown frame key 'colour'"),
        (good.replace("[Krieg]", "[{pattern: Krieg, compound: sometimes}]"), r"line 6: compound='sometimes'"),
        (good + "  - id: a\n    label: B\n    kind: issue\n    definition: d\n    indicators: [x]\n",
         r"line 7: duplicate frame id 'a'"),
        (good.replace("    definition: d\n", ""), r"line 2: frame 'a' has no 'definition'"),
        (good.replace("[Krieg]", "[Krieg"), r"line 7: "),
    ]:
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ValueError, match=rf"cb\.yaml, {message}"):
            load_codebook(path)


@pytest.fixture(scope="module")
def seed_frames(seed, codebook):
    hits = detect_frames(seed, codebook)
    return hits, frame_units(seed, hits, codebook)


def test_seed_evidence_points_into_the_text(seed, seed_text, seed_frames):
    hits, units = seed_frames
    assert all(seed_text[s:e] == t for s, e, t in hits[["start", "end", "text"]].itertuples(index=False))
    assert units.set_index("sent_id").loc[0, "frames"] == ["conflict", "security", "diplomacy"]
    assert units.set_index("sent_id").loc[25, "frames"] == ["conflict", "morality", "responsibility", "security",
                                                            "propaganda"]
    assert len(units) == 55 and units["position"].iloc[[0, -1]].tolist() == [0.0, 1.0]


def test_seed_agreement_with_the_gold_coding(seed_frames, codebook):
    _, units = seed_frames
    gold = load_coding(ANNOTATIONS / "seed_coder1.tsv")
    second = load_coding(ANNOTATIONS / "seed_coder2.tsv")
    table = frame_agreement(gold, dict(zip(units["sent_id"], units["frames"])), codebook,
                            second_coder=second).set_index("label")
    # tuned on the seed article: near-perfect precision, recall limited by context-only codes
    assert table.loc["micro", "precision"] > 0.95 and 0.8 < table.loc["micro", "recall"] < 0.95
    assert table.loc["propaganda", ["precision", "recall"]].tolist() == [1.0, 1.0]
    assert table.loc["conflict", "support"] == 28
    assert table["alpha_coders"].iloc[:11].between(0.8, 1.0).all()


def test_units_paragraph_and_document(seed, seed_frames, codebook):
    hits, _ = seed_frames
    paragraphs = frame_units(seed, hits, codebook, unit="paragraph")
    document = frame_units(seed, hits, codebook, unit="document")
    assert paragraphs["n_sentences"].sum() == document.loc[0, "n_sentences"] == 55
    assert document.loc[0, "frames"] == IDS  # the article uses every frame somewhere
    assert paragraphs.iloc[0][["section", "display"]].tolist() == ["headline", "headline & bullets"]
    with pytest.raises(ValueError, match="valid: sentence, paragraph, document"):
        frame_units(seed, hits, codebook, unit="page")


def test_prevalence_with_wilson_intervals(seed_frames, codebook):
    _, units = seed_frames
    table = frame_prevalence(units, codebook, by="display")
    assert list(dict.fromkeys(table["display"])) == ["headline & bullets", "subheadings", "captions", "body"]
    lead = table[table["display"] == "headline & bullets"].set_index("frame")
    assert lead.loc["diplomacy", ["n", "k"]].tolist() == [4, 3]
    # Wilson (1927) for 3 of 4 at 95%: 0.3006 to 0.9544
    assert lead.loc["diplomacy", ["share", "ci_low", "ci_high"]].tolist() == pytest.approx([0.75, 0.3006, 0.9544], abs=1e-4)
    overall = frame_prevalence(units, codebook, by=None).set_index("frame")
    assert overall.loc["conflict", "k"] == 23 and overall.loc["conflict", "n"] == 55


def test_compare_frames_newcombe_interval(codebook):
    # Newcombe (1998), table II example: 56/70 against 48/80 → difference 0.2000, 95% CI 0.0524 to 0.3339
    units = pd.DataFrame({"group": ["a"] * 70 + ["b"] * 80})
    for f in codebook.ids:
        units[f] = False
    units.loc[:55, "conflict"] = True
    units.loc[70:70 + 47, "conflict"] = True
    table = compare_frames(units, codebook, by="group", reference="b").set_index(["group", "frame"])
    assert table.loc[("a", "conflict"), ["diff", "diff_low", "diff_high"]].tolist() == pytest.approx(
        [0.2, 0.0524, 0.3339], abs=1e-4)
    assert table.loc[("b", "conflict"), "diff"] == 0
    with pytest.raises(ValueError, match="valid: a, b"):
        compare_frames(units, codebook, by="group", reference="c")


def test_sequence_and_cooccurrence(seed_frames, codebook):
    _, units = seed_frames
    sequence = frame_sequence(units, codebook)
    assert sequence[sequence["order"] == 0]["frame"].tolist() == ["conflict", "security", "diplomacy"]
    assert len(sequence) == sum(map(len, units["frames"]))
    co = frame_cooccurrence(units, codebook).set_index(["frame_a", "frame_b"])
    assert co.loc[("conflict", "security"), "n_both"] == co.loc[("security", "conflict"), "n_both"]
    assert co.loc[("conflict", "conflict"), "n_both"] == 23 and co.loc[("conflict", "conflict"), "jaccard"] == 1
    assert np.isclose(co["jaccard"].max(), 1.0)


def test_record_fields_for_every_sentence(seed):
    fields = record_fields(seed)
    doc = seed.corpus[0].id
    assert len(fields) == len(seed.sentences)
    first = fields[(doc, 0)]
    assert first["frames"] == ["conflict", "security", "diplomacy"]
    assert first["frame_evidence"]["conflict"] == [
        {"text": "Ukraine-Krieg", "start": 50, "end": 63, "pattern": "Krieg"}]
    assert fields[(doc, 48)] == {"frames": [], "frame_evidence": {}}  # "Karte von Kasachstan"

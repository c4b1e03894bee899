"""The learned measures: heads stored as JSON, the rule signals as features, training on a sheet,
and the shipped models behind the measure interface."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from analysis.actors import load_registry
from analysis.corpus import read_jsonl
from analysis.features import (SENTENCE_SIGNALS, TARGET_SIGNALS, holder_class, is_candidate, quoted_holder,
                               sentence_signals, target_signals, target_window)
from analysis.heads import KernelHead, LinearHead, choose_head, head_from_json, write_json_atomic
from analysis.paths import EXAMPLE_CORPUS, ROOT
from analysis.pipeline import prepare

SHEET = ROOT / "data" / "examples" / "mini_corpus_sheet_coder1.tsv"


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))


def _toy(n=120, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 5))
    y = np.where(X[:, 0] + 0.3 * rng.normal(size=n) > 0, 1, 0)
    return X, y, np.arange(n) // 4


def test_head_round_trips_through_json_without_pickle(tmp_path):
    X, y, _ = _toy()
    head = LinearHead(C=0.5, feature_names=[f"x{i}" for i in range(5)]).fit(X, y)
    write_json_atomic(head.to_json(), tmp_path / "head.json")
    loaded = LinearHead.from_json(json.loads((tmp_path / "head.json").read_text(encoding="utf-8")))
    np.testing.assert_allclose(loaded.predict_proba(X), head.predict_proba(X), atol=1e-6)
    assert loaded.classes_ == [0, 1] and not list(tmp_path.glob(".*tmp"))
    # the first feature carries the signal: it has the largest contribution to class 1
    parts = loaded.contributions(X[np.argmax(X[:, 0])], 1)
    assert max(parts, key=parts.get) == "x0"


def test_choose_head_is_deterministic_and_scores_every_setting():
    X, y, groups = _toy()
    def accuracy(t, p):
        return float(np.mean(t == p.argmax(axis=1)))
    first, oof = choose_head(X, y, groups, accuracy, grid=(0.01, 1.0))
    again, _ = choose_head(X, y, groups, accuracy, grid=(0.01, 1.0))
    assert first.to_json() == again.to_json()
    assert len(first.info["cv_scores"]) == 4 and first.info["cv_best"] > 0.8
    assert oof.shape == (len(y), 2)


def _rings(n=300, seed=1):
    # class 1 inside a circle, class 0 outside: no straight line separates them
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    y = (np.hypot(X[:, 0], X[:, 1]) < 1.1).astype(int)
    return X, y, np.arange(n) // 5


def test_a_kernel_head_learns_what_a_linear_head_cannot_and_round_trips_through_json(tmp_path):
    X, y, groups = _rings()
    def accuracy(t, p):
        return float(np.mean(t == p.argmax(axis=1)))
    head, _ = choose_head(X, y, groups, accuracy, grid=(0.1, 1.0), class_weights=(None,), kernel_grid=(1.0, 10.0),
                          feature_names=["x0", "x1", "noise"])
    scores = {(s["head"], s["C"]): s["score"] for s in head.info["cv_scores"]}
    assert isinstance(head, KernelHead) and len(scores) == 4
    assert max(scores[("kernel", 1.0)], scores[("kernel", 10.0)]) > 0.9 > 0.7 > max(scores[("linear", 0.1)], scores[("linear", 1.0)])
    write_json_atomic(head.to_json(), tmp_path / "head.json")
    loaded = head_from_json(json.loads((tmp_path / "head.json").read_text(encoding="utf-8")))
    np.testing.assert_allclose(loaded.predict_proba(X), head.predict_proba(X), atol=1e-6)
    # occlusion: at the centre, setting x0 to its mean changes little; far out on x0, it decides
    parts = loaded.contributions(np.array([2.5, 0.0, 0.0]), 0)
    assert max(parts, key=lambda k: abs(parts[k])) == "x0" and abs(parts["noise"]) < abs(parts["x0"]) / 3


def test_a_head_refuses_a_foreign_json():
    with pytest.raises(ValueError, match="unknown head kind"):
        head_from_json({"kind": "pickle"})
    with pytest.raises(ValueError, match="not a linear head"):
        LinearHead.from_json({"kind": "pickle"})


@pytest.fixture(scope="module")
def example_records():
    from analysis.measures import make_measure
    from analysis.score import score_records
    rules = [make_measure(n) for n in ("sentiment", "mentions", "quotations", "stance", "frames")]
    return score_records(prepare(read_jsonl(EXAMPLE_CORPUS)), measures=rules)


def test_sentence_signals_are_the_rule_records_numbers(example_records):
    record = next(r for r in example_records if r["sentiment"]["evidence"])
    signals = dict(zip(SENTENCE_SIGNALS, sentence_signals(record)))
    weights = [e["weight"] for e in record["sentiment"]["evidence"]]
    assert signals["sent_neg_sum"] == pytest.approx(sum(w for w in weights if w < 0))
    assert signals["sent_score"] == pytest.approx(record["sentiment"]["score"])
    assert signals["frame_hits:conflict"] == len(record["frame_evidence"].get("conflict", []))


@pytest.mark.parametrize("text, target, candidate, kind, word", [
    ("Der Kreml droht der EU mit einem Gasstopp, sagte ein Sprecher am Montag in einer langen Erklärung.",
     "russia", True, "capital", "Kreml"),
    ("Dynamo Kiew gewinnt das Spiel deutlich.", "ukraine", True, None, "Kiew"),
    ("Putin empfing den Gast in Moskau.", "russia", True, "person", "Putin"),
    ("Die Bundesregierung berät über den Haushalt.", "eu", False, None, None),
    ("Der Brexit belastet die Wirtschaft.", "eu", True, None, "Brexit"),
])
def test_candidates_and_mention_kinds(text, target, candidate, kind, word):
    from analysis.measures import make_measure
    from analysis.corpus import Corpus, Document
    from analysis.score import score_records
    rules = [make_measure(n) for n in ("sentiment", "mentions", "quotations", "stance", "frames")]
    record = score_records(prepare(Corpus([Document(id="t", text=text)])), measures=rules)[0]
    assert is_candidate(record, target) is candidate
    signals = dict(zip(TARGET_SIGNALS, target_signals(record, target, load_registry())))
    if kind is not None:
        assert signals[f"mentions:{kind}"] == 1.0
    if candidate:
        window = target_window(record, target, width=10)
        assert word in window and window in text
        if len(text) > 80:  # a long sentence is cut to the words around the candidate
            assert len(window) < len(text) and "Erklärung" not in window


def _quote(kind, start, end, speaker):
    return {"type": kind, "start": start, "end": end, "speaker": speaker, "speaker_name": speaker, "cue": "sagte"}


@pytest.mark.parametrize("quotes, expected", [
    ([], None),  # no quotation: the journalist's sentence
    ([_quote("direct", 0, 80, "russia")], "russia"),  # a target's speaker covers the sentence
    ([_quote("indirect", 10, 100, "Anna Berg")], "Anna Berg"),  # a named speaker outside the registry
    ([_quote("direct", 0, 80, None)], "other"),  # a quotation without a speaker
    ([_quote("direct", 0, 30, "russia")], None),  # less than half of the sentence
    ([_quote("distancing", 0, 100, None)], None),  # scare quotes are nobody's speech
    ([_quote("direct", 0, 50, "russia"), _quote("direct", 50, 100, "eu")], None),  # two speakers
])
def test_quoted_holder_is_the_speaker_of_most_of_the_sentence(quotes, expected):
    record = {"text": "x" * 100, "start": 0, "end": 100, "quotes": quotes}
    assert quoted_holder(record) == expected


@pytest.mark.parametrize("holder, expected", [("journalist", "journalist"), ("eu", "eu"), ("usa", "usa"),
                                              ("kazakhstan", "other"), ("Anna Berg", "other"), (None, "other")])
def test_holder_class(holder, expected):
    assert holder_class(holder) == expected


def test_the_learned_measures_read_the_learned_quotations_with_the_rules_scare_quotes(seed):
    """The holders of learned stance come from the CRF's quotations, and the features still see the
    seed article's scare quotes („Entnazifizierung“, sentences 3, 23, 25, 26) as distancing."""
    from analysis.learned import LearnedModels, feature_measures
    methods = {m.name: m.method for m in feature_measures()}
    assert methods["quotations"] == "learned" and methods["stance"] == "rules"
    records, predictions = LearnedModels().predict_prepared(seed)
    text = seed.corpus[0].text
    distancing = {r["sent_id"] for r in records for q in r["quotes"]
                  if q["type"] == "distancing" and text[q["start"]:q["end"]] == "„Entnazifizierung“"}
    assert {3, 23, 25, 26} <= distancing
    from analysis.quotation_model import QuotationModel
    from analysis.stance import record_fields
    learned = record_fields(seed, quotations=QuotationModel.load())
    assert all(r["quotes"] == learned[(r["doc_id"], r["sent_id"])]["quotes"] for r in records)
    holder = {(r["sent_id"], t): s["holder"] for r, p in zip(records, predictions) for t, s in p["stance"].items()}
    assert set(holder.values()) <= {"journalist", "russia", "eu", "ukraine", "usa", "other", "kazakhstan"}
    assert holder[(11, "russia")] == "kazakhstan"  # „Wir sind Nachbarn der Russischen Föderation.“, the ambassador
    assert holder[(25, "ukraine")] == "russia"  # Putin used the „Entnazifizierung“ as a pretext to invade
    assert holder[(25, "russia")] == "journalist"  # the scare quotes are the journalist's distance


@pytest.fixture(scope="module")
def trained(tmp_path_factory, example_records):
    from analysis.training import train_on_sheet
    out = tmp_path_factory.mktemp("models")
    table = train_on_sheet(prepare(read_jsonl(EXAMPLE_CORPUS)), SHEET, out_dir=out, folds=3)
    return out, table


def test_train_on_a_sheet_reports_folds_shipped_and_dictionary(trained):
    out, table = trained
    assert set(table["fold"]) == {"1", "2", "3", "mean", "shipped models", "dictionary"}
    sentiment = table[(table["measure"] == "sentiment") & (table["metric"] == "alpha_ordinal")].set_index("fold")
    assert sentiment.loc["mean", "value"] == pytest.approx(sentiment.loc[["1", "2", "3"], "value"].mean())
    assert np.isfinite(sentiment.loc["dictionary", "value"])
    assert (out / "heads.json").is_file() and (out / "precedents.npz").is_file()
    assert pd.read_csv(out / "cv.csv").shape[0] == len(table)


def test_models_trained_on_a_sheet_score_through_the_measures(trained):
    from analysis.measures.learned import select_measures
    from analysis.score import score_records
    out, _ = trained
    records = score_records(prepare(read_jsonl(EXAMPLE_CORPUS)), measures=select_measures("model", model_dir=out))
    sentiment = [r["sentiment"] for r in records]
    assert all(s["method"] == "learned" and -1 <= s["score"] <= 1 for s in sentiment)
    assert all(abs(sum(s["proba"].values()) - 1) < 1e-3 for s in sentiment)
    cuts = json.loads((out / "heads.json").read_text(encoding="utf-8"))["sentiment_cuts"]
    assert all(s["label"] == (-1 if s["score"] < cuts[0] else 1 if s["score"] > cuts[1] else 0) for s in sentiment)
    # precedents are the sheet's own items, three per sentence, the most similar first
    first = records[0]["sentiment"]["precedents"]
    assert len(first) == 3 and first[0]["similarity"] >= first[-1]["similarity"]


def test_explain_shows_the_models_signals_and_precedents(seed):
    from analysis.explain import explain_summary
    from analysis.measures.learned import select_measures
    from analysis.score import score_records
    record = score_records(seed, measures=select_measures("default"))[3]  # „Entnazifizierung“ Kasachstans
    table = explain_summary(record).set_index("measure")
    assert table.loc["sentiment (learned)", "label"] == record["sentiment"]["label"]
    assert "sentence vector" in table.loc["sentiment (learned)", "evidence"]
    assert table.loc["sentiment (dictionary)", "value"] == record["sentiment"]["rule_score"]
    assert (table.index == "precedent").sum() == 3


def test_a_document_that_mentions_no_target_is_scored():
    """No candidate pair at all (no Russia, EU or Ukraine): the pair features are an empty table, not an error."""
    from analysis.corpus import Corpus, Document
    from analysis.measures.learned import select_measures
    from analysis.pipeline import prepare
    from analysis.score import score_records

    text = "Nach dem Angriff auf die Hafenstadt wurden zahlreiche Zivilisten verletzt."
    records = score_records(prepare(Corpus([Document(id="x", text=text)])), measures=select_measures("model"))
    assert len(records) == 1 and records[0]["stance"] == {} and records[0]["sentiment"]["label"] in (-1, 0, 1)


@pytest.mark.parametrize("keep, problem", [
    (lambda sheet: sheet["doc_id"] == "m02", "come from 1 document; cross-validation by document needs at least 2"),
    (lambda sheet: sheet["sentiment"] == "-1", "every coded sentence has sentiment -1"),
])
def test_train_refuses_a_sheet_it_cannot_learn_from_naming_it(tmp_path, keep, problem):
    import pandas as pd

    from analysis.training import train_on_sheet

    sheet = pd.read_csv(SHEET, sep="\t", dtype=str, keep_default_na=False)
    small = tmp_path / "small_sheet.tsv"
    sheet[keep(sheet)].to_csv(small, sep="\t", index=False)
    with pytest.raises(ValueError, match=rf"^{small}: .*{problem}"):
        train_on_sheet(prepare(read_jsonl(EXAMPLE_CORPUS)), small, out_dir=tmp_path / "models", folds=3)
    assert not (tmp_path / "models").exists()

"""The measure interface: registry, settings, resources, and a new measure seen everywhere."""

from __future__ import annotations

import pickle

import pandas as pd
import pytest

from analysis.coding import draw_sample, sheet_columns, write_coding_sheet
from analysis.explain import explain_summary, explain_tokens
from analysis.measures import (Measure, SentimentRules, StanceRules, computation_order, make_measure,
                               measure_methods, measure_names, register, resolve_measures, unregister)
from analysis.score import score_records, score_tables


class ExclamationCount(Measure):
    """A toy measure: the number of "!" in a sentence."""

    name = "exclamations"
    fields = ("exclamations",)
    coding_columns = ("exclaims",)

    def __init__(self, *, mark: str = "!"):
        self.mark = mark

    def score(self, prepared) -> pd.DataFrame:
        sentences = prepared.sentences
        return pd.DataFrame({"doc_id": sentences["doc_id"], "sent_id": sentences["sent_id"],
                             "exclamations": sentences["text"].str.count(self.mark)})

    def coded(self, record):
        return {"exclaims": int(record["exclamations"] > 0)}

    def explain_token(self, record, start, end):
        return {"exclaimed": record["exclamations"] > 0}


@pytest.fixture
def toy():
    register(ExclamationCount)
    try:
        yield ExclamationCount
    finally:
        unregister("exclamations")


def test_builtin_measures_in_record_order():
    assert measure_names() == ("sentiment", "mentions", "quotations", "stance", "frames")
    assert measure_methods("stance") == ("rules", "learned")  # the rules first: make_measure's default
    assert all(measure_methods(n)[0] == "rules" for n in measure_names())


def test_a_measure_registered_in_a_test_is_seen_by_score_coding_and_explain(toy, seed, tmp_path):
    records = score_records(seed)
    assert list(records[0])[-1] == "exclamations" and all(isinstance(r["exclamations"], int) for r in records)
    assert "exclaims" in sheet_columns()
    sheet = write_coding_sheet(draw_sample(seed, 3), tmp_path / "sheet.tsv")
    assert "exclaims" in sheet.read_text(encoding="utf-8").splitlines()[0].split("\t")
    assert "exclaimed" in explain_tokens(records[0]).columns
    assert "exclamations" in explain_summary(records[0])["measure"].tolist()
    assert score_records(seed, measures=[ExclamationCount(mark="e")])[0]["exclamations"] > 0


def test_required_measures_are_computed_once_and_first(seed):
    resolved = resolve_measures(["stance"])
    assert list(resolved) == ["mentions", "quotations", "stance"]
    assert computation_order(resolved) == ["quotations", "mentions", "stance"]
    tables = score_tables(seed, ["stance"])
    assert set(tables["stance"].columns) >= {"doc_id", "sent_id", "target", "score", "holder", "evidence"}
    assert (tables["mentions"]["kind"] == "speaker").any()  # "wir" in Iljassow's quote


@pytest.mark.parametrize("call, message", [
    (lambda: make_measure("tone"), "unknown measure 'tone'; valid: sentiment, mentions"),
    (lambda: make_measure("sentiment", method="bert"), "no method 'bert'; valid: rules"),
    (lambda: register(SentimentRules), "has a method 'rules' already"),
    (lambda: score_records(None, scorers=["tone"]), "unknown measure 'tone'"),
])
def test_bad_names_say_what_is_valid(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_a_field_belongs_to_one_measure():
    class Other(Measure):
        name, fields = "other", ("stance",)

    with pytest.raises(ValueError, match=r"fields \['stance'\] are written by 'stance'"):
        register(Other)


def test_settings_take_effect_without_any_cache(seed):
    # "Entnazifizierung" is corrected to a negative weight in analysis/resources/lexicons/sentiment_corrections.tsv
    corrected = SentimentRules().score(seed)
    published = SentimentRules(corrections=None).score(seed)
    assert (corrected["source"] == "correction").any() and not (published["source"] == "correction").any()
    assert StanceRules(aggressor="ukraine").get_params() == {"cues": StanceRules().cues, "aggressor": "ukraine"}


def test_resources_load_on_first_use_and_stay_behind_when_pickled(seed):
    measure = make_measure("frames")
    assert "_resources" not in vars(measure)
    measure.score(seed)
    assert "codebook" in vars(measure)["_resources"]
    copy = pickle.loads(pickle.dumps(measure))
    assert "_resources" not in vars(copy) and copy.get_params() == measure.get_params()


def test_rule_based_measures_are_not_trainable(seed):
    with pytest.raises(NotImplementedError, match="not trainable"):
        make_measure("sentiment").fit(seed, None)

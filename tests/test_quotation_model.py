"""The learned quotation model: the committed model, German examples, the seed article, fit/save/load."""

from __future__ import annotations

import bisect
import json

import pytest

from analysis.corpus import Corpus, Document
from analysis.pipeline import prepare
from analysis.quotation_model import (_REPORTING_LEMMAS, DEFAULT_MODEL, QuotationModel, QuotationSettings, SpeakerRanker,
                                      _document_units, _verb_neighbours, quote_records, speakers_path)
from analysis.quotes import REPORTING_VERBS
from analysis.stance import record_fields
from test_quotes import SEED_QUOTES


@pytest.fixture(scope="module")
def model():
    return QuotationModel.load()


def _quotes(model, text):
    table = model.predict(prepare(Corpus([Document(id="d", text=text)]), check=False))
    return [(q.type, text[q.start:q.end], q.speaker, q.speaker_target) for q in table.itertuples()]


def test_committed_model_is_small_and_loads(model):
    assert DEFAULT_MODEL.stat().st_size < 5_000_000
    assert {"B-D", "I-D", "B-I", "B-CUE", "B-SPK", "O"} <= set(model.tagger_.labels())
    assert (DEFAULT_MODEL.parent / "quotations.md").exists()  # the model card


@pytest.mark.parametrize("text, expected", [
    # direct: „…“, sagte X; the opening words of the quotation are enough to find it
    ("„Wir beobachten das genau“, sagte Iljassow.",
     [("direct", "„Wir beobachten das genau“", "Iljassow", "kazakhstan")]),
    ("Selenskyj sagte: „Wir geben nicht auf.“",
     [("direct", "„Wir geben nicht auf.“", "Selenskyj", "ukraine")]),
    # indirect speech: a dass-clause; Konjunktiv I without one
    ("Putin sagte, dass die Operation nach Plan verlaufe.",
     [("indirect", "dass die Operation nach Plan verlaufe", "Putin", "russia")]),
    ("Tokajew erklärte, Kasachstan ergreife keine Partei.",
     [("indirect", "Kasachstan ergreife keine Partei", "Tokajew", "kazakhstan")]),
    # a source without a reporting verb: laut X, X zufolge
    ("Laut Lawrow sei die Lage unter Kontrolle.",
     [("indirect", "sei die Lage unter Kontrolle", "Lawrow", "russia")]),
    ("Der Polizei zufolge wurden drei Menschen verletzt.",
     [("indirect", "wurden drei Menschen verletzt", "Der Polizei", None)]),
    ("Das Wetter war gut.", []),
])
def test_german_examples(model, text, expected):
    got = _quotes(model, text)
    assert [(t, q.strip(" .")[:20], s, g) for t, q, s, g in got] == \
        [(t, q.strip(" .")[:20], s, g) for t, q, s, g in expected]


def test_multi_sentence_quote_is_one_quotation(model):
    text = "„Wir sind Nachbarn. Es gibt Sorgen. Wir beobachten das.“, sagte Iljassow."
    got = _quotes(model, text)
    assert len(got) == 1
    assert got[0][1].startswith("„Wir sind Nachbarn.") and got[0][1].endswith("das.“")
    assert got[0][3] == "kazakhstan"


@pytest.mark.parametrize("text, quote_start, speaker", [
    # "er" / "sie" is the last speaker named before it
    ("„Es gab seltsame Vorfälle“, sagte Iljassow. Er sagte, die Lage sei ruhig.", "die Lage", "Iljassow"),
    ("„Die Lage ist ernst“, sagte Iljassow. „Wir bleiben neutral“, sagte er.", "„Wir bleiben", "Iljassow"),
    ("Die Sprecherin des Ministeriums, Anna Weber, sagte, man prüfe alles. Es gebe keine Eile, sagte sie.",
     "Es gebe", "Die Sprecherin des Ministeriums, Anna Weber"),
    # "so die Sprecherin": a role noun, resolved to the named speaker before it
    ("„Wir prüfen alles“, sagte Maria Schmidt. Die Lage sei ernst, so die Sprecherin.", "Die Lage", "Maria Schmidt"),
])
def test_pronoun_and_role_speakers_are_resolved(model, text, quote_start, speaker):
    got = _quotes(model, text)
    (quote,) = [q for q in got if q[1].startswith(quote_start)]
    assert quote[2] == speaker


def test_seed_quotations_are_kept(model, seed, seed_text):
    """Every quotation of the seed test of the rules is found, with its type and speaker target."""
    table = model.predict(seed)
    starts = seed.sentences["start"].tolist()
    ids = seed.sentences["sent_id"].tolist()
    got = [(ids[bisect.bisect_right(starts, q.start) - 1], q.type, q.start, q.end, q.speaker_target)
           for q in table.itertuples()]
    for sent_id, kind, opening, _, _, target in SEED_QUOTES:
        s = starts[ids.index(sent_id)]
        at = seed_text.index(opening, s)
        hits = [g for g in got if g[1] == kind and g[2] <= at < g[3]]
        assert hits, (sent_id, kind, opening)
        assert any(h[4] == target for h in hits), (sent_id, opening, hits)


def test_stance_with_learned_quotations_keeps_the_distancing_quotes(model, seed, seed_text):
    fields = record_fields(seed, quotations=model)
    distancing = {(sent_id, seed_text[q["start"]:q["end"]]) for (_, sent_id), f in fields.items()
                  for q in f["quotes"] if q["type"] == "distancing"}
    assert {(3, "„Entnazifizierung“"), (23, "„Entnazifizierung“"), (25, "„Entnazifizierung“"),
            (26, "„Entnazifizierung“")} <= distancing
    speakers = {q["speaker"] for f in fields.values() for q in f["quotes"] if q["type"] == "direct"}
    assert "kazakhstan" in speakers


def test_quote_records_have_the_score_fields(model, seed):
    table = model.predict(seed)
    row = table[table["type"] == "direct"].iloc[0]
    (record,) = [r for r in quote_records(table, row["doc_id"], row["start"], row["start"] + 1)]
    assert set(record) == {"type", "speaker", "start", "end", "speaker_name", "cue"}


# A made-up corpus for training: (text, [(type, quote, cue, speaker)]).
MINI = [
    ("„Das ist gut“, sagte Anna Berg. Der Tag war lang.", [("Direct", "„Das ist gut“", "sagte", "Anna Berg")]),
    ("Paul Kern sagte, dass der Zug spät komme. Es regnete.",
     [("Indirect", "dass der Zug spät komme", "sagte", "Paul Kern")]),
    ("Laut der Polizei sei niemand verletzt worden.", [("Indirect", "sei niemand verletzt worden", "Laut", "der Polizei")]),
    ("Die Stadt baut eine Brücke. „Sie wird schön“, meinte Eva Stolz.",
     [("Direct", "„Sie wird schön“", "meinte", "Eva Stolz")]),
    ("Der Bürgermeister erklärte, die Straße bleibe offen.",
     [("Indirect", "die Straße bleibe offen", "erklärte", "Der Bürgermeister")]),
    ("Im Park blühen Rosen.", []),
]


def _mini():
    docs = []
    for i, (text, quotes) in enumerate(MINI):
        spans = lambda words: [(text.index(words), text.index(words) + len(words))]  # noqa: E731
        docs.append({"id": f"m{i}", "text": text, "quotes": [
            {"type": kind, "spans": spans(q), "cue": spans(c), "speaker": spans(s)} for kind, q, c, s in quotes]})
    return docs


def test_fit_save_load_round_trip_is_deterministic(tmp_path):
    settings = QuotationSettings(max_iterations=30, min_freq=1)
    first = QuotationModel(settings).fit(_mini())
    second = QuotationModel(settings).fit(_mini())
    assert first.model_bytes_ == second.model_bytes_
    path = first.save(tmp_path / "mini.crfsuite")
    loaded = QuotationModel.load(path, settings)
    assert path.read_bytes() == first.model_bytes_
    prepared = prepare(Corpus([Document(id="t", text=MINI[0][0])]), check=False)
    assert loaded.predict(prepared).equals(first.predict(prepared))
    assert "D" in "".join(loaded.tagger_.labels())


@pytest.mark.parametrize("settings, message", [
    ({"features": ("word", "colour")}, "unknown feature groups"),
    ({"with_rules": "all"}, "with_rules"),
])
def test_bad_settings_raise(settings, message):
    with pytest.raises(ValueError, match=message):
        QuotationSettings(**settings)


def test_unknown_quotation_type_raises():
    with pytest.raises(ValueError, match="unknown quotation type"):
        QuotationModel().fit([{"id": "x", "text": "Er sagte: „Ja.“", "quotes": [
            {"type": "Shouted", "spans": [(10, 15)], "cue": [], "speaker": []}]}])


# -- the speaker ranker -------------------------------------------------------------------------------
def test_committed_model_has_its_speaker_ranker(model):
    path = speakers_path(DEFAULT_MODEL)
    assert path.name == "quotations.speakers.json"
    data = json.loads(path.read_text(encoding="utf-8"))  # JSON: weights, no pickle
    assert model.ranker_ is not None and model.ranker_.coef_ == data["coef"]
    assert 0 < model.ranker_.threshold < 1
    # a candidate the CRF tagged, before the quotation and next to its reporting verb, is a speaker;
    # one in a prepositional phrase ("in einer Pressemitteilung") is less likely one
    speaker = {"kind=crf": 1, "viterbi": 1, "p_begin": 0.9, "p_inside": 0.8, "p_relative": 1, "top": 1,
               "where=before": 1, "sentence=same": 1, "upper": 1, "names": 1, "reporting_after": 1, "by_verb": 1,
               "from_crf": 1, "qtype=I": 1, "q_conf": 0.9}
    assert model.ranker_.probability(speaker) > model.ranker_.threshold
    assert model.ranker_.probability({**speaker, "where=before": 0, "where=inside": 1, "sentence=same": 0,
                                      "sentence=before": 1}) < model.ranker_.probability(speaker)
    assert model.ranker_.probability({**speaker, "after_preposition": 1, "saying_noun": 1}) < \
        model.ranker_.probability(speaker)


def test_ranker_fit_json_round_trip():
    features = [{"a": 1.0}, {"a": 1.0, "b": 1.0}, {"b": 1.0}, {"b": 1.0, "c": 0.5}] * 5
    labels = [1, 1, 0, 0] * 5
    ranker = SpeakerRanker(C=1.0, threshold=0.3).fit(features, labels)
    assert ranker.probability({"a": 1.0}) > 0.5 > ranker.probability({"b": 1.0})
    again = SpeakerRanker.from_json(ranker.to_json())
    assert (again.coef_, again.intercept_, again.threshold) == (ranker.coef_, ranker.intercept_, 0.3)
    assert again.probability({"a": 1.0, "unseen": 1.0}) == ranker.probability({"a": 1.0})
    assert SpeakerRanker().fit(features, labels).to_json() == SpeakerRanker().fit(features, labels).to_json()


def test_ranker_bad_input_raises(tmp_path):
    with pytest.raises(ValueError, match="right and wrong candidates"):
        SpeakerRanker().fit([{"a": 1.0}, {"a": 0.0}], [1, 1])
    with pytest.raises(ValueError, match=r"bad\.json: not a speaker ranker file"):
        SpeakerRanker.from_json('{"C": 1}', source=tmp_path / "bad.json")


def test_save_writes_the_ranker_beside_the_crf(tmp_path):
    model = QuotationModel(QuotationSettings(max_iterations=30, min_freq=1)).fit(_mini())
    assert model.ranker_ is None
    model.ranker_ = SpeakerRanker(threshold=0.4).fit([{"p_begin": 0.9}, {"p_begin": 0.1}] * 3, [1, 0] * 3)
    path = model.save(tmp_path / "mini.crfsuite")
    assert speakers_path(path).read_text(encoding="utf-8") == model.ranker_.to_json()
    loaded = QuotationModel.load(path)
    assert loaded.ranker_.coef_ == model.ranker_.coef_ and loaded.ranker_.threshold == 0.4


@pytest.mark.parametrize("text, expected", [
    # the words before a reporting verb up to a punctuation mark, and after it if they may name someone
    ("Die Betreiber sprechen von 850 Stellen.", ["Die Betreiber"]),
    ("Über Steve Fossett sagte Branson: „Er ist stark.“", ["Über Steve Fossett", "Branson"]),
    ("Die Lage sei ernst, sagte die Sprecherin.", ["die Sprecherin"]),
    # not after lower-case words, not longer than six tokens
    ("Gestern um acht Uhr am Morgen im Rathaus sagte sie nichts.", ["sie nichts"]),
])
def test_verb_neighbours(text, expected):
    prepared = prepare(Corpus([Document(id="d", text=text)]), check=False)
    ((_, _, units),) = list(_document_units(prepared))
    unit = units[0]
    tokens = unit["tokens"]
    lows = [t[2].lower() for t in tokens]
    reporting = [t[2] in REPORTING_VERBS or (t[3] or "").lower() in _REPORTING_LEMMAS for t in tokens]
    spans = _verb_neighbours(tokens, lows, unit["sent_index"], reporting, range(len(tokens)))
    assert [text[tokens[a][0]:tokens[b][1]] for a, b in spans] == expected

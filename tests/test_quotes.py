"""Quotations: spans, types, cues and speakers; the seed article's quotes listed in full."""

from __future__ import annotations

import bisect

import pytest

from analysis.quotes import attribute_quotes, classify_quote, find_quote_spans
from analysis.segment import split_sentences


def _quotes(text):
    spans = [(s, e, 0) for s, e in split_sentences(text)]
    return [(q["type"], text[q["start"]:q["end"]], q["cue"], q["speaker"], q["speaker_target"])
            for q in attribute_quotes(text, spans)]


def test_find_quote_spans_and_classify_keep_working():
    text = ("Er nannte es „Entnazifizierung“ im Gespräch über den langen Krieg gegen das Nachbarland im Westen. "
            "„Wir bleiben neutral“, sagte Tokajew.")
    spans = find_quote_spans(text)
    assert [(text[s:e], closed) for s, e, closed in spans] == [("„Entnazifizierung“", True), ("„Wir bleiben neutral“", True)]
    assert [classify_quote(text, s, e) for s, e, _ in spans] == ["distancing", "quotation"]


@pytest.mark.parametrize("text, expected", [
    ("„Wir beobachten das genau“, sagte Iljassow.",
     [("direct", "„Wir beobachten das genau“", "sagte", "Iljassow", "kazakhstan")]),
    ('"Das ist inakzeptabel", sagte Lawrow am Montag.',
     [("direct", '"Das ist inakzeptabel"', "sagte", "Lawrow", "russia")]),
    ("Selenskyj sagte: »Wir geben nicht auf.«",
     [("direct", "»Wir geben nicht auf.«", "sagte", "Selenskyj", "ukraine")]),
    ("Putin sagte, dass die Operation nach Plan verlaufe.",
     [("indirect", "dass die Operation nach Plan verlaufe", "sagte", "Putin", "russia")]),
    ("Tokajew erklärte, Kasachstan ergreife keine Partei.",
     [("indirect", "Kasachstan ergreife keine Partei", "erklärte", "Tokajew", "kazakhstan")]),
    ("Die Lage sei ernst, sagte Stoltenberg.",
     [("indirect", "Die Lage sei ernst", "sagte", "Stoltenberg", "nato")]),
    ("Moskau sprach von einer „Spezialoperation“.",
     [("distancing", "„Spezialoperation“", "", None, None)]),
    ("Das Wetter war gut.", []),
    # a source without a reporting verb: "laut", "nach Angaben", "zufolge"
    ("Laut Lawrow sei die Lage unter Kontrolle.",
     [("indirect", "sei die Lage unter Kontrolle", "Laut", "Lawrow", "russia")]),
    ("Nach Angaben des Kremls wurden drei Drohnen abgeschossen.",
     [("indirect", "wurden drei Drohnen abgeschossen", "Nach", "Angaben des Kremls", "russia")]),
    ("Die Grenze bleibt ersten Angaben zufolge geschlossen.",
     [("indirect", "Die Grenze bleibt ersten Angaben zufolge geschlossen", "zufolge", "ersten Angaben", None)]),
    ("Anschließend sei laut el-Baradei die Arbeit erfolgt.",
     [("indirect", "Anschließend sei laut el-Baradei die Arbeit erfolgt", "laut", "el-Baradei", None)]),
    ("Nach Angaben eines Sprechers wurde niemand verletzt.",
     [("indirect", "wurde niemand verletzt", "Nach", "Angaben eines Sprechers", None)]),
    ("Laut Tokajew, Präsident Kasachstans, bleibt das Land neutral.",
     [("indirect", "bleibt das Land neutral", "Laut", "Tokajew", "kazakhstan")]),
    # no attribution: "nach" of place, time, topic or governed by a verb; "laut" = loudly; no claim
    ("Nach dem Treffen reiste Tokajew nach Moskau.", []),
    ("Nach Berichten über Folter hat die UN reagiert.", []),
    ("Er fragte nach Angaben zum Unfallhergang.", []),
    ("Die Kinder riefen laut Hilfe.", []),
    ("Er schrie laut „Hilfe“ und lief davon.", [("direct", "„Hilfe“", "", None, None)]),
    ("Gemäß dem Liefervertrag zahlt Kasachstan.", []),
    ("Der Kreml zufolge.", []),
    # a sentence with a direct quote keeps only that quote
    ("„Wir bleiben neutral“, sagte Tokajew laut Tass.",
     [("direct", "„Wir bleiben neutral“", "sagte", "Tokajew", "kazakhstan")]),
])
def test_attribute_quotes(text, expected):
    assert _quotes(text) == expected


def test_er_after_sagte_is_the_last_speaker():
    text = "„Es gab seltsame Vorfälle“, sagte Iljassow. Er sagte, die Lage sei ruhig."
    quotes = _quotes(text)
    assert quotes[1] == ("indirect", "die Lage sei ruhig", "sagte", "Iljassow", "kazakhstan")


def test_multi_sentence_quote_is_one_quote():
    text = "„Wir sind Nachbarn. Es gibt Sorgen. Wir beobachten das.“, sagte Iljassow."
    spans = [(s, e, 0) for s, e in split_sentences(text)]
    quotes = attribute_quotes(text, spans)
    assert len(quotes) == 1 and quotes[0]["speaker_target"] == "kazakhstan"
    assert text[quotes[0]["start"]:quotes[0]["end"]].startswith("„Wir sind") and quotes[0]["end"] > 50


# Every quotation of the seed article: (sentence id, type, opening words, cue, speaker, speaker target).
SEED_QUOTES = [
    (3, "distancing", "„Entnazifizierung“", "", None, None),
    (8, "indirect", "Kasachstans offizielle Positio", "sagte", "Magzhan Ilyassov", "kazakhstan"),
    (10, "direct", "„Ich würde nicht lügen und Ihn", "sagte", "Iljassow", "kazakhstan"),
    (11, "direct", "„Wir sind Nachbarn der Russisc", "", "Iljassow", "kazakhstan"),  # runs over ids 11-13
    (14, "indirect", "es sei nicht sinnvoll, wenn Ru", "sagte", "Iljassow", "kazakhstan"),  # "Der Botschafter"
    (14, "distancing", "„feindliche Maßnahmen“", "", None, None),
    (17, "distancing", "“immer engere”", "", None, None),
    (23, "distancing", "„Entnazifizierung“", "", None, None),
    (24, "direct", "„das nächste Problem Kasachsta", "sagte", "ein Gast", "russia"),  # in Solowjow's show
    (24, "direct", "„dort dieselben Nazi-Prozesse ", "sagte", "ein Gast", "russia"),
    (25, "distancing", "„Entnazifizierung“", "", None, None),
    (26, "distancing", "„Entnazifizierung“", "", None, None),
    (27, "distancing", "„künstlichen Zustand“", "", None, None),
    (28, "direct", "„Die Leute verstehen nicht, wa", "sagte", "Iljassow", "kazakhstan"),
    (29, "indirect", "obwohl die Menschen in Kasachs", "sagte", "Iljassow", "kazakhstan"),  # "Er sagte"
    (33, "direct", "„Es gab einige seltsame Vorfäl", "sagte", "Ilyassov", "kazakhstan"),
    (34, "distancing", "„Umweltbedenken“", "", None, None),
    (43, "indirect", "dass russische Truppen unter a", "sagte", "Ilyassov", "kazakhstan"),
    (44, "indirect", "dass eine Untersuchung der Ere", "fügte", "Ilyassov", "kazakhstan"),  # "Er fügte hinzu"
    (53, "indirect", "dass rund 80 % von ihnen zu an", "sagte", "Ilyassov", "kazakhstan"),
]


def test_seed_quotes_and_speakers_in_full(seed, seed_text):
    spans = list(seed.sentences[["start", "end", "unit_id"]].itertuples(index=False, name=None))
    starts = seed.sentences["start"].tolist()
    ids = seed.sentences["sent_id"].tolist()
    got = [(ids[bisect.bisect_right(starts, q["start"]) - 1], q["type"], seed_text[q["start"]:q["end"]][:30],
            q["cue"], q["speaker"], q["speaker_target"]) for q in attribute_quotes(seed_text, spans)]
    assert got == SEED_QUOTES


@pytest.mark.parametrize("space", ["\u00a0", "\t"])
def test_attribution_with_other_white_space_before_a_genitive(space):
    text = f"Laut Polizei{space}der 12 Verletzten geht es gut."
    assert _quotes(text) == [("indirect", "der 12 Verletzten geht es gut", "Laut", "Polizei", None)]

"""Features of the learned measures: the rule measures' own signals, and the texts to encode.

The learned measures (:mod:`analysis.learned`) keep the rules as features: each sentence's rule
record (the ``score`` fields of the dictionary method) is turned into a few numbers, which are put
beside the sentence vector. A model may then keep what the rules get right and learn where they
fail (a lexicon weight that misleads in news, a club named after a city).

Per sentence (:func:`sentence_signals`): the lexicon scores and the sums of negative and positive
weights, the number of frame-dictionary hits per frame, quotations by type. Per sentence and
target (:func:`target_signals`): the registry's mentions by kind (name, capital, person, proxy),
the words of the broad candidate net (:data:`TARGET_NET`), the rule stance's score, label and
holder, and who speaks in the sentence (:func:`quoted_holder`: the speaker of the quotations that
cover most of it). The quotations are the learned ones (:data:`analysis.learned.FEATURE_METHODS`).

A target is a *candidate* in a sentence when the registry or the broad net finds it
(:func:`is_candidate`); only candidates are passed to the mention and stance models, every other
pair is "not mentioned". The net is deliberately wide (it also catches the traps: Dynamo Kiew,
"in ganz Europa"); the model decides.
"""

from __future__ import annotations

import re

import numpy as np

__all__ = ["FRAME_IDS", "TARGET_NET", "SENTENCE_SIGNALS", "TARGET_SIGNALS", "HOLDER_CLASSES", "sentence_signals",
           "target_signals", "holder_class", "quoted_holder", "mention_kind", "is_candidate", "target_window"]

FRAME_IDS = ("conflict", "human_interest", "economic", "morality", "responsibility", "security",
             "sovereignty", "diplomacy", "humanitarian", "propaganda", "migration")
QUOTE_TYPES = ("direct", "indirect", "distancing", "reported")

#: Broad candidate nets per target (case-insensitive): the registry's words and the traps.
TARGET_NET = {
    "russia": re.compile(r"russ|moskau|moskow|kreml|putin|lawrow|medwedew|peskow|schoigu|gazprom|rosneft|"
                         r"sowjet|udssr|\brt\b|tass\b|sacharowa|nawalny|wagner", re.IGNORECASE),
    "eu": re.compile(r"\bEU\b|EU-|-EU\b|europ|brüssel|kommission|von der leyen|eurozone|euro-zone|\bEZB\b|brexit|"
                     r"eurogruppe|juncker|tusk|borrell|michel\b|\bEuGH\b|frontex", re.IGNORECASE),
    "ukraine": re.compile(r"ukrain|kiew|kyjiw|kyiv|selensk|klitschko|charkiw|odessa|mariupol|donbass|donbas|"
                          r"donezk|luhansk|krim\b|cherson|saporischschja|poroschenko|janukowitsch|kuleba|"
                          r"naftogaz|bachmut|lwiw|lemberg", re.IGNORECASE),
}
MENTION_KINDS = ("name", "capital", "person", "proxy")
#: The holders the learned stance tells apart (``CODING_v2.md`` C3); the codebook's rarer holders
#: (kazakhstan, china, nato, csto) are too rare in the coded sample to learn and count as ``other``.
HOLDER_CLASSES = ("journalist", "russia", "eu", "ukraine", "usa", "other")

SENTENCE_SIGNALS = (
    ["sent_score", "sent_sentiws", "sent_gpl", "sent_neg_sum", "sent_pos_sum", "sent_n_neg", "sent_n_pos"]
    + [f"frame_hits:{f}" for f in FRAME_IDS]
    + [f"quotes:{t}" for t in QUOTE_TYPES]
    + ["n_targets_rule", "n_tokens_log"]
)
TARGET_SIGNALS = (
    [f"mentions:{k}" for k in MENTION_KINDS]
    + ["net_hits", "stance_score", "stance_neg", "stance_pos", "stance_journalist", "stance_n_cues",
       "in_quote_of_other"]
    + [f"rule_holder:{h}" for h in HOLDER_CLASSES]
    + [f"quote_holder:{h}" for h in HOLDER_CLASSES + ("none",)]
    + ["quote_speaker_unresolved", "n_speech_quotes"]
)


def sentence_signals(record: dict) -> list[float]:
    """The rule signals of one ``score`` record, in :data:`SENTENCE_SIGNALS` order."""
    sentiment = record.get("sentiment") or {}
    weights = [e.get("weight", 0.0) for e in sentiment.get("evidence", [])]
    scores = sentiment.get("scores", {})
    evidence = record.get("frame_evidence") or {}
    quotes = [q.get("type") for q in record.get("quotes") or []]
    return ([float(sentiment.get("score", 0.0)), float(scores.get("sentiws", 0.0)), float(scores.get("gpl", 0.0)),
             float(sum(w for w in weights if w < 0)), float(sum(w for w in weights if w > 0)),
             float(sum(w < 0 for w in weights)), float(sum(w > 0 for w in weights))]
            + [float(len(evidence.get(f, []))) for f in FRAME_IDS]
            + [float(quotes.count(t)) for t in QUOTE_TYPES]
            + [float(len(record.get("targets") or [])), float(np.log1p(len(record.get("text", "").split())))])


def mention_kind(text: str, registry) -> str:
    """The registry's kind of a mention (name, capital, person, proxy); pronouns and unknowns: name."""
    hit = registry.phrase_map.get(text)
    if hit is None:
        hit = next((h for h in map(registry.lookup, text.split()) if h is not None), None)
    return hit[1] if hit is not None and hit[1] in MENTION_KINDS else "name"


def target_signals(record: dict, target: str, registry) -> list[float]:
    """The rule signals of one record for one target, in :data:`TARGET_SIGNALS` order.

    ``registry`` is the actor registry (:func:`analysis.actors.load_registry`) that tells a
    mention's kind.
    """
    mentions = [m for m in record.get("mentions") or [] if m.get("target") == target]
    counts = dict.fromkeys(MENTION_KINDS, 0.0)
    for m in mentions:
        counts[mention_kind(m.get("text", ""), registry)] += 1.0
    stance = (record.get("stance") or {}).get(target) or {}
    label = stance.get("label", 0)
    quoted_other = any(q.get("type") in ("direct", "indirect") and q.get("speaker") not in (None, target)
                       for q in record.get("quotes") or [])
    rule_holder = holder_class(stance.get("holder", "journalist"))
    quoted = quoted_holder(record)
    quoted = "none" if quoted is None else holder_class(quoted)
    speech = [q for q in record.get("quotes") or [] if q.get("type") in ("direct", "indirect")]
    return ([counts[k] for k in MENTION_KINDS]
            + [float(len(TARGET_NET[target].findall(record.get("text", "")))),
               float(stance.get("score", 0.0)), float(label == -1), float(label == 1),
               float(stance.get("holder", "journalist") == "journalist"), float(len(stance.get("evidence", []))),
               float(quoted_other)]
            + [float(rule_holder == h) for h in HOLDER_CLASSES]
            + [float(quoted == h) for h in HOLDER_CLASSES + ("none",)]
            + [float(any(q.get("speaker_name") and q.get("speaker") == q.get("speaker_name") for q in speech)),
               float(len(speech))])


def holder_class(holder: str | None) -> str:
    """A holder id as one of :data:`HOLDER_CLASSES` (another target or a named speaker: ``other``)."""
    return holder if holder in HOLDER_CLASSES else "other"


def quoted_holder(record: dict) -> str | None:
    """Who speaks in the sentence: the speaker (target id or name) of the direct and indirect
    quotations that cover at least half of it when they name one speaker, ``other`` for a speaker
    who is only a pronoun or missing, None when the sentence is mostly not quoted speech."""
    start, end = record.get("start", 0), record.get("end", len(record.get("text", "")))
    speech = [q for q in record.get("quotes") or [] if q.get("type") in ("direct", "indirect")
              and q.get("start", 0) < end and q.get("end", 0) > start]
    covered = sum(min(q["end"], end) - max(q["start"], start) for q in speech)
    speakers = {q.get("speaker") for q in speech}
    if not speech or covered < 0.5 * (end - start) or len(speakers) != 1:
        return None
    return speakers.pop() or "other"


def is_candidate(record: dict, target: str) -> bool:
    """Does the registry or the broad net find the target in this sentence?"""
    if target in (record.get("targets") or []):
        return True
    return bool(TARGET_NET[target].search(record.get("text", "")))


def target_window(record: dict, target: str, *, width: int = 60) -> str:
    """The words around the target's first mention (or net hit), for a target-specific vector."""
    text = record.get("text", "")
    start = None
    offset = record.get("start", 0)
    for m in record.get("mentions") or []:
        if m.get("target") == target:
            start, end = m["start"] - offset, m["end"] - offset
            break
    if start is None:
        hit = TARGET_NET[target].search(text)
        if hit is None:
            return text
        start, end = hit.start(), hit.end()
    left = text.rfind(" ", 0, max(0, start - width)) + 1
    right = text.find(" ", min(len(text), end + width))
    return text[left:right if right != -1 else len(text)]

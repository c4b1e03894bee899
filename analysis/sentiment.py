"""Sentence tone of German news: lexicon look-up, rules, and every score explained by its evidence.

Method
------
1. **Look-up, once per vocabulary type.** Each distinct (word form, lemma) of the corpus is looked
   up in each lexicon (:mod:`analysis.lexicons`: SentiWS v2 and the German Polarity Lexicon), after
   the project's corrections (``analysis/resources/lexicons/sentiment_corrections.tsv``), in this order of
   candidates: the form, the lemma, the head of a hyphenated compound ("Ukraine-Krieg" → "Krieg"),
   and, for the first word of a sentence only, the lower-cased form and lemma ("Heikler" →
   "heikel"). At each candidate a correction wins over the lexicon. The type table is then joined
   to the tokens, so the cost grows with the vocabulary, not the corpus.
   Negators, intensifiers and connectives are function words here and never carry a weight.
2. **Rules** (Polanyi & Zaenen 2006, *Contextual valence shifters*; Taboada et al. 2011,
   *Lexicon-based methods for sentiment analysis*, Computational Linguistics 37(2)), applied to each
   matched term in this order, each recorded in the term's ``rules``:

   - *Clauses.* A sentence is cut into clauses at ``,`` ``;`` ``:`` dashes and brackets (German
     commas separate clauses by rule), before *sondern*, and before an *und*/*oder* that opens a
     new clause: one followed by a finite verb, or by a determiner or pronoun, a noun and a verb
     („keine gute Nachricht | und die Wirtschaft wächst stark“). Finite verbs are recognised
     without a tagger (:func:`_looks_finite`): an auxiliary or modal of :data:`FINITE_VERBS`, or an
     inflected form whose lemma has the shape of an infinitive (*wächst* → *wachsen*).
   - *Negation* (:data:`NEGATORS`) has a scope, and only the terms in it are negated:

     - *ohne* and *kein/keine/…* (:data:`PHRASE_NEGATORS`) negate the noun phrase they govern: the
       words after them up to and including the next noun (a capitalised word): „ein Erfolg ohne
       Zweifel“ negates *Zweifel*, not *Erfolg*; „keine gute Nachricht“ negates *gute* and
       *Nachricht*. For the conjunction *ohne … zu* / *ohne dass* („ohne Moskau zu verärgern“),
       or *ohne* without a noun after it, the scope is the rest of the clause; *kein…* without a
       noun after it is a pronoun („das hilft keinem“) and scopes like *nicht*.
     - the other negators (*nicht, nie, niemals, niemand, nichts, weder … noch, keineswegs …*)
       negate the rest of their clause („nicht sinnvoll“), and also the terms before them in the
       same clause back to the last *und*/*oder*/*aber*/*sowie*: German puts *nicht* after the
       finite verb in main clauses („unterstützt Russland nicht“), but in „Der Plan ist gut und
       nicht schlecht“ *gut* is not negated. A known limit: without a parser, the words before
       the finite verb are reached too („Der Erfolg war nicht groß“ negates *Erfolg*).

     A term in the scope of two negators is not negated („nicht ohne Freude“: double negation).
     *nicht nur/bloß/allein* („nicht nur … sondern auch“) is not a negation. A negated positive
     term is reversed (× :data:`NEGATED_POSITIVE`: „nicht sinnvoll“ is negative); a negated
     negative term keeps its sign at reduced strength (× :data:`NEGATED_NEGATIVE`): negating a
     negative event does not make it good („sich nicht offen rächen“, „ohne Moskau zu verärgern“
     still speak of retaliation and anger; cf. the coding instructions,
     ``data/annotations/CODING.md``, and the asymmetry of negated negatives in Taboada et al. 2011).
   - *Weak negation* (:data:`WEAK_NEGATORS`: *kaum* 0.3) acts on the next term at most two tokens
     to its right in the same clause: a positive term is reversed at that strength („kaum gut“:
     +1.0 → −0.3, not a positive sentence), a negative one keeps its sign at that strength
     („kaum Schaden“).
   - *Intensifiers and downtoners* (:data:`MODIFIERS`: sehr × 1.5, äußerst × 1.8, etwas × 0.6,
     eher × 0.7 …) scale the next term at most two tokens to their right in the same clause
     („sehr besorgt“).
   - *Contrast.* In „X, aber/jedoch/doch/allerdings Y“ the part before the connective, and in
     „obwohl/obgleich/wenngleich X, Y“ the *obwohl* clause, is background: its terms count
     × :data:`CONTRAST_BACKGROUND` when the foreground has terms of its own, fully otherwise.
     A connective without a comma before it („Russland hat jedoch …“) contrasts with the previous
     sentence and is ignored, and so is „A, aber B“ between two single content words („subtil,
     aber entschieden“).
3. **Score.** A sentence's score is ``tanh`` of the sum of its final weights, in (-1, 1); the
   label is +1 if the score ≥ :data:`THRESHOLD`, -1 if ≤ -:data:`THRESHOLD`, 0 otherwise. Each
   lexicon is scored separately (``score_sentiws``, ``score_gpl``); the combination (``score``)
   averages, for each term, the final weights of the lexicons that know it.

The thresholds, modifier values and the corrections file were set on the seed article (its
hand coding, ``seed_coder1.tsv``); the 10kGNAD sample and the headlines were never looked at while
setting them (see docs/validation.md).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from . import function_words as _words
from .bootstrap import bootstrap_interval
from .lexicons import DEFAULT_CORRECTIONS, LEXICON_NAMES, Lexicon, load_corrections, load_lexicon
from .validate import POLARITY_LABELS, confusion, label_agreement

__all__ = [
    "NEGATORS",
    "PHRASE_NEGATORS",
    "NOT_NEGATING_AFTER",
    "WEAK_NEGATORS",
    "MODIFIERS",
    "COORDINATORS",
    "FINITE_VERBS",
    "CONTRAST_AFTER",
    "CONTRAST_CLAUSE",
    "CLAUSE_PUNCT",
    "NEGATED_POSITIVE",
    "NEGATED_NEGATIVE",
    "CONTRAST_BACKGROUND",
    "THRESHOLD",
    "EVIDENCE_COLUMNS",
    "default_lexicons",
    "match_terms",
    "score_sentences",
    "score_documents",
    "label_scores",
    "aggregate_scores",
    "agreement_table",
    "confusion_table",
    "mark_evidence",
    "record_fields",
    "sentiment_fields",
]

NEGATORS = _words.NEGATORS
#: Negators that govern a noun phrase: their scope ends at the next noun ("ohne Zweifel", "keine gute Nachricht").
PHRASE_NEGATORS = _words.PHRASE_NEGATORS
#: "nicht nur …" (not only … but also) is additive, not a negation.
NOT_NEGATING_AFTER = frozenset("nur bloß allein lediglich".split())
#: Downtoners that also negate: the factor applied to the next term, whose sign is reversed if positive.
WEAK_NEGATORS = {"kaum": 0.3}
#: Intensifiers (> 1) and downtoners (< 1): the factor applied to the next term.
MODIFIERS = {
    "sehr": 1.5, "äußerst": 1.8, "extrem": 1.8, "höchst": 1.8, "überaus": 1.8, "zutiefst": 1.8,
    "besonders": 1.4, "enorm": 1.5, "massiv": 1.5, "völlig": 1.5, "absolut": 1.5, "total": 1.5,
    "hochgradig": 1.5, "ausgesprochen": 1.4, "zunehmend": 1.2, "ziemlich": 1.2, "so": 1.2, "zu": 1.0,
    "etwas": 0.6, "wenig": 0.5, "leicht": 0.6, "eher": 0.7, "relativ": 0.7,
    "einigermaßen": 0.7, "teilweise": 0.6, "vergleichsweise": 0.7, "vorübergehend": 0.7,
}
MODIFIERS.pop("zu")  # "zu" is mostly the infinitive particle: listed here only to say why it is not one
#: Connectives that make what precedes them background when a comma precedes them.
CONTRAST_AFTER = frozenset("aber jedoch doch allerdings".split())
#: Conjunctions whose own clause is background ("obwohl X, Y").
CONTRAST_CLAUSE = frozenset("obwohl obgleich obschon wenngleich wiewohl".split())
CLAUSE_PUNCT = _words.CLAUSE_PUNCT
#: Coordinating conjunctions: a negator does not reach back across them („gut und nicht schlecht“).
COORDINATORS = _words.COORDINATORS
#: Finite auxiliaries, modals and light verbs, recognised by form (other verbs by their lemma).
FINITE_VERBS = frozenset(
    "ist sind war waren bin bist seid sei seien wäre wären hat haben habe hatte hatten hätte hätten "
    "wird werden wurde wurden würde würden kann können konnte konnten könnte könnten muss müssen "
    "musste mussten müsste soll sollen sollte sollten will wollen wollte wollten darf dürfen durfte "
    "mag möchte möchten gibt gab geht ging steht stand bleibt blieb kommt kam".split())
_DETERMINERS = _words.DETERMINERS
_PRONOUNS = _words.PERSONAL_PRONOUNS
_FUNCTION_WORDS = (NEGATORS | NOT_NEGATING_AFTER | set(WEAK_NEGATORS) | set(MODIFIERS) | CONTRAST_AFTER
                   | CONTRAST_CLAUSE | {"noch", "sondern"})

NEGATED_POSITIVE = -0.8
NEGATED_NEGATIVE = 0.5
CONTRAST_BACKGROUND = 0.25
THRESHOLD = 0.1

EVIDENCE_COLUMNS = ["doc_id", "sent_id", "token_id", "start", "end", "text", "lemma", "lexicon",
                    "matched", "source", "prior", "rules", "weight"]


def default_lexicons(*, corrections: str | Path | None = DEFAULT_CORRECTIONS, sentiws_placeholder=None):
    """The two lexicons (SentiWS weights as published, unless ``sentiws_placeholder``) and the
    corrections table (``None`` for the lexicons as published), loaded anew on every call: keep
    the result (or a :class:`analysis.measures.SentimentRules`, which loads them once) to reuse them."""
    lexicons = (load_lexicon("sentiws", placeholder=sentiws_placeholder), load_lexicon("gpl"))
    return lexicons, (load_corrections(corrections) if corrections else None)


def _candidates(form: str, lemma: str, first: bool, keys: str) -> list[tuple[str, str]]:
    pairs = [("form", form), ("lemma", lemma)] if keys == "form" else [("lemma", lemma), ("form", form)]
    for kind, word in list(pairs):
        if "-" in word.strip("-"):
            pairs.append(("head", word.rsplit("-", 1)[1]))
    if first:
        pairs += [("lower", w.lower()) for _, w in pairs[:2] if w[:1].isupper()]
    return [(k, w) for k, w in pairs if w]


#: A table of looked-up word types is cleared past this many types (memory stays bounded).
_MAX_CACHED_TYPES = 1_000_000


def _lookup_types(types: list[tuple], lexicon: Lexicon, corrections: pd.DataFrame | None,
                  cache: dict | None = None) -> list[tuple]:
    """Prior weight of each (text, lemma, first) type: ``(prior, matched, source, ctx_weight,
    ctx_words)``, ``prior`` NaN where the lexicon has no entry.

    ``cache`` holds the rows of types looked up before with the same lexicon and corrections; each
    type is looked up once, however often it is passed.
    """
    cache = {} if cache is None else cache
    if len(cache) > _MAX_CACHED_TYPES:
        cache.clear()
    plain, contextual = None, None
    rows = []
    for key in types:
        row = cache.get(key)
        if row is not None:
            rows.append(row)
            continue
        if plain is None:
            plain, contextual = _corrections_for(lexicon, corrections)
        form, lemma, first = key
        prior, matched, source, ctx = np.nan, "", "", None
        if form.lower() not in _FUNCTION_WORDS:
            candidates = _candidates(form, lemma, first, lexicon.keys)
            ctx = next((contextual[w] for _, w in candidates if w in contextual), None)
            # a correction of any candidate (form, lemma, head) wins over every lexicon entry
            found = next(((plain[w], k, "correction") for k, w in candidates if w in plain), None) \
                or next(((lexicon.weights[w], k, lexicon.name) for k, w in candidates if w in lexicon.weights), None)
            if found is not None:
                prior, matched, source = found
        row = cache[key] = (prior, matched, source, np.nan if ctx is None else ctx[0], () if ctx is None else ctx[1])
        rows.append(row)
    return rows


def _word_types(words: pd.DataFrame, first: np.ndarray) -> tuple[list[tuple], np.ndarray]:
    """The distinct (text, lemma, first) types of the word tokens in order of first occurrence,
    and the number of each token's type: integer codes, not a join on three columns."""
    texts, text_codes = pd.factorize(words["text"], use_na_sentinel=False)[::-1]
    lemmas, lemma_codes = pd.factorize(words["lemma"], use_na_sentinel=False)[::-1]
    type_of, _ = pd.factorize((text_codes * len(lemmas) + lemma_codes) * 2 + first)
    _, at = np.unique(type_of, return_index=True)
    types = list(zip(texts.take(text_codes[at]).tolist(), lemmas.take(lemma_codes[at]).tolist(),
                     first[at].tolist()))
    return types, type_of


def _corrections_for(lexicon: Lexicon, corrections: pd.DataFrame | None) -> tuple[dict, dict]:
    """The corrections of one lexicon: term → weight, and term → (weight, context words)."""
    plain, contextual = {}, {}
    if corrections is not None:
        for row in corrections[corrections["lexicon"].isin(["all", lexicon.name])].itertuples(index=False):
            if row.context:
                contextual[row.term] = (row.weight, row.context)
            else:
                plain[row.term] = row.weight
    return plain, contextual


def _looks_finite(form: str, lemma: str, *, inflected: bool = True) -> bool:
    """Whether a word looks like a finite verb, without a tagger.

    An auxiliary or modal of :data:`FINITE_VERBS`, or a lower-case word whose lemma has the shape
    of an infinitive (*-en*, *-ern*, *-eln*) and, with ``inflected``, a form that differs from the
    lemma and ends in *-t* (*wächst*, *steigt*; past forms such as *sagte* are missed, which only
    leaves a clause uncut) and is not a *ge-* participle (*gestärkt*). Without ``inflected`` (the
    word after a subject), an uninflected form such as *leiden* counts too.

    >>> _looks_finite("wächst", "wachsen"), _looks_finite("gute", "gut"), _looks_finite("gestärkt", "stärken")
    (True, False, False)
    """
    low = form.lower()
    if low in FINITE_VERBS:
        return True
    if not form[:1].islower() or low in _FUNCTION_WORDS or not lemma.endswith(("en", "ern", "eln")):
        return False
    if not inflected:
        return True
    participle = low.startswith("ge") and not lemma.lower().startswith("ge")
    return low != lemma.lower() and low.endswith("t") and not participle


def _opens_clause(texts: list[str], lemmas: list[str], kinds: list[str]) -> bool:
    """Whether the words after an *und*/*oder* begin a new clause: a finite verb, or a determiner
    (up to two words), a noun and a verb („und die Wirtschaft wächst“), or a pronoun and a verb."""
    if not texts or kinds[0] != "word":
        return False
    if _looks_finite(texts[0], lemmas[0]):
        return True
    low = texts[0].lower()
    if low in _PRONOUNS:
        return len(texts) > 1 and _looks_finite(texts[1], lemmas[1], inflected=False)
    if low not in _DETERMINERS:
        return False
    for j in range(1, min(4, len(texts) - 1)):
        if kinds[j] != "word":
            return False
        if texts[j][:1].isupper():
            return kinds[j + 1] == "word" and _looks_finite(texts[j + 1], lemmas[j + 1], inflected=False)
    return False


def _token_lists(tokens: pd.DataFrame, low: pd.Series) -> dict[str, list]:
    """The token columns the rules read, as lists, converted from Arrow strings once for all rules:
    ``text``, ``low`` (lower-cased), ``lemma``, ``kind``, ``token_id``, and ``sentence``, a number
    per (doc_id, sent_id)."""
    return {"text": tokens["text"].tolist(), "low": low.tolist(), "lemma": tokens["lemma"].tolist(),
            "kind": tokens["kind"].tolist(), "token_id": tokens["token_id"].tolist(),
            "sentence": tokens.groupby(["doc_id", "sent_id"], sort=False).ngroup().tolist()}


def _clauses(tokens: pd.DataFrame, low: pd.Series, columns: dict[str, list]) -> pd.Series:
    """Clause number of each token within its sentence (cut at punctuation, *sondern*, and an
    *und*/*oder* that opens a new clause, which starts the new clause).

    ``low`` is the lower-cased text, ``columns`` the lists of :func:`_token_lists`.
    """
    cut = np.array(tokens["text"].isin(CLAUSE_PUNCT) | (low == "sondern"), dtype=int)
    texts, lemmas, kinds, sents = columns["text"], columns["lemma"], columns["kind"], columns["sentence"]
    for i in np.flatnonzero(low.isin(("und", "oder")).to_numpy()):
        end = i + 1
        while end < len(sents) and end <= i + 5 and sents[end] == sents[i]:
            end += 1
        if _opens_clause(texts[i + 1:end], lemmas[i + 1:end], kinds[i + 1:end]):
            cut[i] = 1
    return pd.Series(cut, index=tokens.index).groupby(np.asarray(sents)).cumsum()


def _negation_scopes(tokens: pd.DataFrame, low: pd.Series, columns: dict[str, list]) -> dict[tuple, list[str]]:
    """The negators whose scope covers each token: (doc_id, sent_id, token_id) → negator words.

    ``tokens`` needs the ``clause`` column of :func:`_clauses`; ``low`` is the lower-cased text,
    ``columns`` the lists of :func:`_token_lists`. Scopes as in the module docstring: a phrase
    negator (*ohne*, *kein…*) up to its noun; any other negator to the end of its clause and back
    to the start of its clause or the last coordinator (*und*, *aber* …).
    """
    sentence = np.asarray(columns["sentence"])
    same_next = np.zeros(len(sentence), dtype=bool)
    same_next[:-1] = sentence[1:] == sentence[:-1]
    nxt = low.shift(-1).where(same_next, "")
    is_neg = low.isin(NEGATORS) & ~((low == "nicht") & nxt.isin(NOT_NEGATING_AFTER))
    weder = low == "weder"
    if weder.any():  # "noch" negates only after "weder", and only outside the clause of "weder" (which covers it)
        weder_before = weder.groupby(sentence).cumsum() > 0
        weder_clause = weder.groupby([sentence, tokens["clause"].to_numpy()]).transform("any")
        is_neg |= (low == "noch") & weder_before & ~weder_clause
    if not is_neg.any():
        return {}
    words, texts, kinds, ids, sents = (columns[c] for c in ("low", "text", "kind", "token_id", "sentence"))
    docs, sent_ids, clauses = tokens["doc_id"].to_numpy(), tokens["sent_id"].to_numpy(), tokens["clause"].tolist()
    scopes: dict[tuple, list[str]] = {}
    for i in np.flatnonzero(is_neg.to_numpy()):
        def inside(j: int) -> bool:
            return 0 <= j < len(words) and sents[j] == sents[i] and clauses[j] == clauses[i]

        end = i
        while inside(end + 1):
            end += 1
        start, rest = i, words[i + 1:end + 1]
        noun = next((j for j in range(i + 1, end + 1) if kinds[j] == "word" and texts[j][:1].isupper()), None)
        if words[i] == "ohne":
            conjunction = rest[:1] == ["dass"] or "zu" in rest[:-1]  # "ohne dass …", "ohne … zu verärgern"
            end = noun if noun is not None and not conjunction else end
        elif words[i] in PHRASE_NEGATORS and noun is not None:
            end = noun
        else:  # reach back to the verb; a pronoun ("das hilft keinem") negates its predicate like "nicht"
            while inside(start - 1) and words[start - 1] not in COORDINATORS:
                start -= 1
        doc_id, sent_id = docs[i], int(sent_ids[i])
        for j in range(start, end + 1):
            if j != i:
                scopes.setdefault((doc_id, sent_id, ids[j]), []).append(words[i])
    return scopes


def _contrast_background(tokens: pd.DataFrame, low: pd.Series,
                         columns: dict[str, list]) -> dict[tuple, tuple[int, int, str]]:
    """Background token range per sentence: (doc_id, sent_id) → (first, last token_id, connective).

    ``low`` is the lower-cased text, ``columns`` the lists of :func:`_token_lists`.
    """
    out = {}
    hits = np.flatnonzero(low.isin(CONTRAST_AFTER | CONTRAST_CLAUSE).to_numpy())
    low, kinds, ids, sents = columns["low"], columns["kind"], columns["token_id"], columns["sentence"]
    docs, sent_ids = tokens["doc_id"].take(hits).tolist(), tokens["sent_id"].take(hits).tolist()
    for i, doc_id, sent_id in zip(hits, docs, sent_ids):
        key = (doc_id, sent_id)
        same = lambda j: 0 <= j < len(low) and sents[j] == sents[i]  # noqa: E731
        if low[i] in CONTRAST_AFTER:
            if not (same(i - 1) and low[i - 1] in (",", ";")):
                continue  # contrasts with the previous sentence, or "Aber" opens the sentence
            before, after = (i - 2, i + 1)
            single = (same(before) and same(after) and kinds[before] == kinds[after] == "word"
                      and low[before] not in _STOP and low[after] not in _STOP and low[before].islower()
                      and (not same(before - 1) or low[before - 1] not in (",",)))
            if single and (not same(after + 1) or kinds[after + 1] == "word"):
                continue  # "subtil, aber entschieden": two adverbs, not two clauses
            start = i - 1
            while same(start - 1):
                start -= 1
            out[key] = (int(ids[start]), int(ids[i - 1]), low[i])
        else:
            end = i
            while same(end + 1) and low[end + 1] not in CLAUSE_PUNCT:
                end += 1
            out[key] = (int(ids[i]), int(ids[end]), low[i])
    return out


_STOP = _words.CONTRAST_STOPWORDS


def match_terms(tokens: pd.DataFrame, *, lexicons=None, corrections=None,
                type_caches: dict | None = None) -> pd.DataFrame:
    """Every lexicon term of a token table, with its prior weight, the rules applied and its final weight.

    Parameters
    ----------
    tokens : DataFrame
        The lemmatised token table of :func:`analysis.pipeline.prepare` (``doc_id``, ``sent_id``,
        ``token_id``, ``start``, ``end``, ``text``, ``kind``, ``lemma``).
    lexicons : sequence of Lexicon, optional
        By default :func:`default_lexicons`.
    corrections : DataFrame, optional
        From :func:`analysis.lexicons.load_corrections`; with ``lexicons=None`` the project's file.
    type_caches : dict, optional
        Lexicon name → the rows of the word types looked up before with these lexicons and
        corrections (filled here): a caller that scores many corpora with the same lexicons
        looks each type up once (:class:`analysis.measures.SentimentRules` keeps one).

    Returns
    -------
    DataFrame
        One row per matched term and lexicon, :data:`EVIDENCE_COLUMNS`: ``matched`` says which
        candidate matched (form, lemma, head, lower), ``source`` the lexicon or ``correction``,
        ``prior`` the weight before rules, ``rules`` the rules applied (``;``-separated, e.g.
        ``negation:nicht;intensifier:sehr``), ``weight`` the final weight.
    """
    if lexicons is None:
        lexicons, corrections = default_lexicons()
    caches = None if type_caches is None else {lexicon.name: type_caches.setdefault(lexicon.name, {})
                                               for lexicon in lexicons}
    low = tokens["text"].str.lower()
    columns = _token_lists(tokens, low)
    tokens = tokens.assign(clause=_clauses(tokens, low, columns))
    is_word = (tokens["kind"] == "word").to_numpy()
    words = tokens[is_word]
    first_ids = words.groupby(["doc_id", "sent_id"])["token_id"].transform("min")
    types, type_of = _word_types(words, (words["token_id"] == first_ids).to_numpy())
    negations = _negation_scopes(tokens, low, columns)
    background = _contrast_background(tokens, low, columns)
    frames = []
    for lexicon in lexicons:
        rows = _lookup_types(types, lexicon, corrections, caches and caches[lexicon.name])
        # a prior, a contextual weight or context words (x == x: not NaN)
        known = np.array([p == p or w == w or bool(c) for p, _, _, w, c in rows], dtype=bool)
        found = np.flatnonzero(known[type_of])
        if not len(found):
            frames.append(pd.DataFrame(columns=[*EVIDENCE_COLUMNS, "clause"]))
            continue
        hits = _apply_context(words.iloc[found], [rows[i] for i in type_of[found].tolist()], tokens)
        frames.append(hits.assign(lexicon=lexicon.name))
    evidence = pd.concat(frames, ignore_index=True)
    if evidence.empty:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    rules, weights = [], []
    terms = [evidence[c].tolist() for c in ("doc_id", "sent_id", "token_id", "clause", "lexicon", "prior")]
    foreground_terms = _foreground_counts(*terms[:3], terms[4], background)
    preceding = _preceding(evidence, tokens, columns["text"], (1, 2))
    for (doc_id, sent_id, token_id, clause, lexicon, prior), previous in zip(zip(*terms), preceding):
        weight, applied = float(prior), []
        for before in previous:
            if before is None or before[0] != sent_id or before[1] != clause:
                break
            word = before[2].lower()
            if word in WEAK_NEGATORS:
                weight *= -WEAK_NEGATORS[word] if weight > 0 else WEAK_NEGATORS[word]
                applied.append(f"weak_negation:{word}")
                break
            factor = MODIFIERS.get(word)
            if factor is not None:
                weight *= factor
                applied.append(f"{'intensifier' if factor > 1 else 'downtoner'}:{word}")
                break
        negators = negations.get((doc_id, sent_id, token_id), [])
        if len(negators) % 2 == 1:
            weight *= NEGATED_POSITIVE if weight > 0 else NEGATED_NEGATIVE
            applied.append(f"negation:{negators[0]}")
        elif negators:
            applied.append(f"double_negation:{'+'.join(negators)}")
        span = background.get((doc_id, sent_id))
        if span and span[0] <= token_id <= span[1] and foreground_terms.get((doc_id, sent_id, lexicon), 0):
            weight *= CONTRAST_BACKGROUND
            applied.append(f"contrast:{span[2]}")
        rules.append(";".join(applied))
        weights.append(min(1.0, max(-1.0, weight)))  # weight is never NaN here (hits have a prior)
    evidence = evidence.assign(rules=rules, weight=weights)
    return evidence[EVIDENCE_COLUMNS].sort_values(["doc_id", "sent_id", "token_id", "lexicon"],
                                                  key=_natural, ignore_index=True)


def _preceding(evidence: pd.DataFrame, tokens: pd.DataFrame, texts: list[str],
               offsets: tuple[int, ...]) -> list[tuple]:
    """For each evidence row, ``(sent_id, clause, text)`` of the token ``offset`` places before it
    (same ``doc_id``, ``token_id - offset``; the last such token), or None, for each of ``offsets``.

    ``texts`` is the token text as a list. The tokens are found by one integer key per token
    (document number and token id), not a join on the string ``doc_id`` nor a lookup table.
    """
    doc_numbers, doc_ids = pd.factorize(tokens["doc_id"])
    ids = tokens["token_id"].to_numpy()
    low, reach = ids.min(), max(offsets)
    span = ids.max() - low + 1 + reach  # room for token_id - offset before a document's first token

    def key(numbers, token_ids):
        return numbers * span + (token_ids - low + reach)

    keys = pd.Index(key(doc_numbers, ids))
    last = ~keys.duplicated(keep="last")
    index, positions = keys[last], np.flatnonzero(last)
    numbers, term_ids = doc_ids.get_indexer(evidence["doc_id"]), evidence["token_id"].to_numpy()
    sents, clauses = tokens["sent_id"].tolist(), tokens["clause"].tolist()
    out = []
    for offset in offsets:
        found = index.get_indexer(key(numbers, term_ids - offset))
        rows = np.where(found >= 0, positions[found], -1).tolist()
        out.append([(sents[r], clauses[r], texts[r]) if r >= 0 else None for r in rows])
    return list(zip(*out))


def _natural(column: pd.Series) -> pd.Series:
    if column.name == "lexicon":
        return column.map({name: i for i, name in enumerate(LEXICON_NAMES)}).fillna(len(LEXICON_NAMES))
    return column


def _apply_context(hits: pd.DataFrame, rows: list[tuple], tokens: pd.DataFrame) -> pd.DataFrame:
    """The hits with their prior, ``matched`` and ``source`` (``rows`` of :func:`_lookup_types`),
    using a contextual correction where its context word occurs in the sentence; hits without a
    prior are left out."""
    priors, matched, sources, _, contexts = (list(column) for column in zip(*rows))
    needs = [i for i, words in enumerate(contexts) if words]
    if needs:
        # the words (forms and lemmas) of only the sentences that hold a contextual term
        docs, sents = hits["doc_id"].tolist(), hits["sent_id"].tolist()
        wanted = {(docs[i], sents[i]) for i in needs}
        # the tokens of the documents concerned (a filter on one column, not a join on two)
        words = tokens[tokens["doc_id"].isin({d for d, _ in wanted})]
        vocab: dict = {}
        for d, sid, form, lemma in zip(words["doc_id"].tolist(), words["sent_id"].tolist(),
                                       words["text"].tolist(), words["lemma"].tolist()):
            if (d, sid) in wanted:
                vocab.setdefault((d, sid), set()).update((form, lemma))
        for i in needs:
            if vocab.get((docs[i], sents[i]), set()) & set(contexts[i]):
                priors[i], sources[i] = rows[i][3], "correction"
                matched[i] = matched[i] or "form"
    hits = hits.reset_index(drop=True).assign(prior=priors, matched=matched, source=sources)
    return hits[hits["prior"].notna()]


def _foreground_counts(docs: list, sents: list, ids: list, lexicons: list, background: dict) -> dict:
    counts: dict = {}
    for d, s, t, lex in zip(docs, sents, ids, lexicons):
        span = background.get((d, s))
        if span and not span[0] <= t <= span[1]:
            counts[(d, s, lex)] = counts.get((d, s, lex), 0) + 1
    return counts


def _combined(evidence: pd.DataFrame) -> pd.DataFrame:
    """Per term: the mean final weight over the lexicons that know it (lexicon ``combined``)."""
    keys = ["doc_id", "sent_id", "token_id", "start", "end", "text", "lemma"]
    grouped = evidence.groupby(keys, sort=False)
    # the rules of each term, each once in order: one pass over the rows, not a Python call per group
    rules: list[dict] = [{} for _ in range(grouped.ngroups)]
    for group, value in zip(grouped.ngroup().tolist(), evidence["rules"].tolist()):
        if group >= 0:
            rules[group].update(dict.fromkeys(x for x in value.split(";") if x))
    return (grouped.agg(weight=("weight", "mean")).assign(rules=[";".join(r) for r in rules])
            .reset_index().assign(lexicon="combined"))


def label_scores(scores, *, threshold: float = THRESHOLD):
    """-1 / 0 / +1 from scores: +1 at or above ``threshold``, -1 at or below ``-threshold``."""
    scores = np.asarray(scores, dtype=float)
    return np.where(scores >= threshold, 1, np.where(scores <= -threshold, -1, 0))


def _scores(evidence: pd.DataFrame, index: pd.DataFrame, keys: list[str], threshold: float) -> pd.DataFrame:
    out = index.copy()
    tables = {name: evidence[evidence["lexicon"] == name] for name in LEXICON_NAMES}
    tables["combined"] = _combined(evidence) if not evidence.empty else evidence
    for name, table in tables.items():
        sums = table.groupby(keys)["weight"].agg(["sum", "size"]) if not table.empty \
            else pd.DataFrame(columns=["sum", "size"])
        joined = out[keys].join(sums, on=keys) if len(sums) else out[keys].assign(sum=np.nan, size=np.nan)
        suffix = "" if name == "combined" else f"_{name}"
        out[f"score{suffix}"] = np.tanh(joined["sum"].fillna(0.0).to_numpy(dtype=float))
        out[f"label{suffix}"] = label_scores(out[f"score{suffix}"], threshold=threshold)
        if name == "combined":
            out["n_terms"] = joined["size"].fillna(0).to_numpy(dtype=int)
    return out


def score_sentences(prepared, *, evidence: pd.DataFrame | None = None, threshold: float = THRESHOLD,
                    lexicons=None, corrections=None) -> pd.DataFrame:
    """Tone of every sentence of a prepared corpus.

    Returns
    -------
    DataFrame
        One row per sentence: ``doc_id``, ``sent_id``, ``unit_id``, ``section``, ``part``,
        ``start``, ``end``, ``text``; ``score_sentiws``, ``label_sentiws``, ``score_gpl``,
        ``label_gpl`` (each lexicon alone), ``score`` and ``label`` (the combination), ``n_terms``
        (terms matched by either lexicon). Scores are ``tanh`` of the summed final weights, in
        (-1, 1); labels use ``threshold``. Sentences without a term score 0.
    """
    if evidence is None:
        evidence = match_terms(prepared.tokens, lexicons=lexicons, corrections=corrections)
    index = prepared.sentences[["doc_id", "sent_id", "unit_id", "section", "part", "start", "end", "text"]]
    return _scores(evidence, index, ["doc_id", "sent_id"], threshold)


def score_documents(prepared, *, evidence: pd.DataFrame | None = None, threshold: float = THRESHOLD,
                    lexicons=None, corrections=None) -> pd.DataFrame:
    """Tone of every document taken as one unit (a headline, a coded item of several sentences):
    ``tanh`` of the summed weights of all its terms. Same score columns as :func:`score_sentences`."""
    if evidence is None:
        evidence = match_terms(prepared.tokens, lexicons=lexicons, corrections=corrections)
    index = pd.DataFrame({"doc_id": [doc.id for doc in prepared.corpus]})
    return _scores(evidence, index, ["doc_id"], threshold)


def aggregate_scores(scores: pd.DataFrame, *, by=("doc_id",), column: str = "score", n_boot: int = 2000,
                     level: float = 0.95, seed: int = 0) -> pd.DataFrame:
    """Mean sentence score per group with a percentile bootstrap confidence interval.

    Sentences are resampled with replacement within each group (Efron & Tibshirani 1993),
    ``n_boot`` times, with ``numpy.random.default_rng(seed)``.

    Returns
    -------
    DataFrame
        One row per group: the ``by`` columns, ``n`` (sentences), ``mean``, ``ci_low``,
        ``ci_high``, ``share_negative`` and ``share_positive`` (of labels in ``label`` + the column's
        suffix).
    """
    by = list(by)
    label = column.replace("score", "label")
    rng = np.random.default_rng(seed)
    rows = []
    for key, group in scores.groupby(by, sort=False):
        values = group[column].to_numpy(dtype=float)
        low, high = bootstrap_interval(values, rng=rng, n_boot=n_boot, level=level)
        key = key if isinstance(key, tuple) else (key,)
        rows.append({**dict(zip(by, key)), "n": len(values), "mean": float(values.mean()),
                     "ci_low": float(low), "ci_high": float(high),
                     "share_negative": float((group[label] == -1).mean()),
                     "share_positive": float((group[label] == 1).mean())})
    return pd.DataFrame(rows)


def agreement_table(scores: pd.DataFrame, gold: pd.Series, *, on: str = "sent_id",
                    variants=("sentiws", "gpl", "combined")) -> pd.DataFrame:
    """Accuracy, macro-F1 and Krippendorff's α (ordinal) of each lexicon's labels against gold labels.

    ``gold`` is indexed by ``on`` (e.g. the ``sentiment`` column of
    :func:`analysis.validate.load_coding`); only units in both are compared.
    """
    joined = scores.set_index(on).join(gold.rename("gold"), how="inner")
    rows = []
    for name in variants:
        column = "label" if name == "combined" else f"label_{name}"
        rows.append({"lexicon": name, **label_agreement(joined["gold"], joined[column])})
    return pd.DataFrame(rows)


def confusion_table(scores: pd.DataFrame, gold: pd.Series, *, on: str = "sent_id",
                    variants=("sentiws", "gpl", "combined")) -> pd.DataFrame:
    """Confusion matrices in long form: ``lexicon``, ``gold``, ``predicted``, ``n``."""
    joined = scores.set_index(on).join(gold.rename("gold"), how="inner")
    frames = []
    for name in variants:
        column = "label" if name == "combined" else f"label_{name}"
        table = confusion(joined["gold"], joined[column], labels=POLARITY_LABELS)
        long = table.stack().rename("n").reset_index()
        frames.append(long.assign(lexicon=name))
    return pd.concat(frames, ignore_index=True)[["lexicon", "gold", "predicted", "n"]]


def mark_evidence(sentence: pd.Series, evidence: pd.DataFrame, *, lexicon: str = "combined") -> str:
    """The sentence as Markdown with each matched term in bold, followed by its final weight
    (and the rules applied), e.g. ``**besorgt** (−0.11 intensifier:sehr)``."""
    terms = evidence[(evidence["doc_id"] == sentence["doc_id"]) & (evidence["sent_id"] == sentence["sent_id"])]
    if lexicon == "combined":
        terms = _combined(terms) if not terms.empty else terms
    else:
        terms = terms[terms["lexicon"] == lexicon]
    text, offset, out = sentence["text"], int(sentence["start"]), []
    cursor = 0
    for row in terms.sort_values("start").itertuples(index=False):
        s, e = row.start - offset, row.end - offset
        note = f"{row.weight:+.2f}".replace("-", "−") + (f" {row.rules}" if row.rules else "")
        out += [text[cursor:s], f"**{text[s:e]}** ({note})"]
        cursor = e
    out.append(text[cursor:])
    return "".join(out)


def record_fields(prepared) -> dict:
    """The ``sentiment`` field of each sentence record (for ``python -m analysis score``), by a
    new :class:`analysis.measures.SentimentRules` (see there for the field)."""
    from .measures import SentimentRules

    measure = SentimentRules()
    return measure.record_fields(measure.score(prepared), prepared)


def sentiment_fields(evidence: pd.DataFrame, scores: pd.DataFrame) -> dict:
    """``(doc_id, sent_id)`` → ``{"sentiment": {...}}`` from :func:`match_terms`'s evidence and
    :func:`score_sentences`'s scores.

    ``{"score", "label", "scores": {lexicon: score}, "labels": {lexicon: label}, "evidence": [...]}``;
    each evidence entry is one term with ``text``, ``lemma``, ``start``, ``end`` (document offsets),
    ``weight`` (combined), ``weights`` and ``priors`` per lexicon, and ``rules``.
    """
    terms: dict = {}
    columns = ("doc_id", "sent_id", "token_id", "text", "lemma", "start", "end", "lexicon", "rules")
    weights, priors = (_rounded(evidence[c].tolist()) for c in ("weight", "prior"))
    for (doc_id, sent_id, token_id, text, lemma, start, end, lexicon, rules), weight, prior in \
            zip(zip(*(evidence[c].tolist() for c in columns)), weights, priors):
        entry = terms.setdefault((doc_id, sent_id), {}).setdefault(token_id, {
            "text": text, "lemma": lemma, "start": start, "end": end, "weights": {}, "priors": {}, "rules": []})
        entry["weights"][lexicon] = weight
        entry["priors"][lexicon] = prior
        if rules:
            entry["rules"] += [r for r in rules.split(";") if r and r not in entry["rules"]]
    out = {}
    keys = zip(scores["doc_id"].tolist(), scores["sent_id"].tolist())
    rounded = zip(*(_rounded(scores[c].tolist()) for c in ("score", *(f"score_{name}" for name in LEXICON_NAMES))))
    labels = zip(*(scores[c].tolist() for c in ("label", *(f"label_{name}" for name in LEXICON_NAMES))))
    for key, (score, *per_lexicon), (label, *per_lexicon_labels) in zip(keys, rounded, labels):
        items = list(terms.get(key, {}).values())
        for item in items:
            values = list(item["weights"].values())
            # the mean of one or two floats, as np.mean computes it (0.0 + a + b, then / n), without its overhead
            item["weight"] = round(sum(values, 0.0) / len(values), 4)
        out[key] = {"sentiment": {
            "score": score, "label": label,
            "scores": dict(zip(LEXICON_NAMES, per_lexicon)), "labels": dict(zip(LEXICON_NAMES, per_lexicon_labels)),
            "evidence": items}}
    return out


def _rounded(values: list[float]) -> list[float]:
    """``round(value, 4)`` of each value, computed once per distinct value: a few hundred weights
    and scores recur over tens of thousands of terms and sentences. Zeros are kept as they are
    (0.0 and -0.0 are one key of a dict; each rounds to itself), and so is NaN."""
    distinct = {value: round(value, 4) for value in set(values) if value and value == value}
    return [distinct[value] if value and value == value else value for value in values]

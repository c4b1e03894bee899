"""Stance: how each sentence treats the targets it mentions, who holds that stance, and why.

For every sentence and every target mentioned in it (:mod:`analysis.actors`), :func:`score_stance`
gives a score in [-1, 1], a label -1 / 0 / +1 (unfavourable / neutral / favourable: how the target
is evaluated or treated), the holder and the evidence (the cues, with negation). The rules follow the
coding instructions (``data/annotations/CODING.md``, C2), so that tool and coders measure the same.

Method (examples from the seed article)
---------------------------------------
Cues come from the reviewed lexicon ``analysis/resources/lexicons/stance_cues.tsv`` (cue, polarity, type, reason).
They match the word form; a separable verb (``an|greifen``, ``ab|lehnen``, ``an|erkennen``) matches on
the lemma (:mod:`analysis.lemmas`) with its particle at the end of the same clause: "Die russischen
Truppen griffen Kyjiw an" → ukraine -1 held by russia. Each evidence entry is
``{"text", "start", "end", "cue"}`` copied from the document (plus ``note``: negated / refused).

- ``act`` cues (unterstützen, kritisieren, verurteilen, sich distanzieren, gratulieren, Sanktionen,
  „Entnazifizierung“ demanded, ins Visier nehmen ...): the *object* is the target mention nearest the
  cue in its clause, the *holder* the actor before it (the first target mention not governed by a
  preposition; "Es" resolved to the last named country). "Beide gratulierten ihm Putin und ...
  Selenskyj" → kazakhstan +1 held by russia.
- Negation in the cue's clause (nicht, kein, nie, ohne) turns a favourable act into an unfavourable
  one (withholding support: "dass es Russlands Invasion nicht unterstützt" → -1) and an unfavourable
  act into a neutral one (not criticising is not support).
- ``refusal`` cues (sich weigern, ablehnen) are unfavourable themselves and reverse a favourable cue
  after them: "Kasachstan weigerte sich, die von Russland geschaffenen ... Republiken ...
  anzuerkennen" → russia -1 held by kazakhstan; "Es lehnte eine Anfrage ab, ... mit Russland ... zu
  kämpfen" → russia -1 held by kazakhstan ("Es" = Kasachstan).
- A cue whose object is the war ("gegen den Ukraine-Krieg", "Russlands Invasion nicht unterstützt")
  counts toward the war's owner: the genitive before the war noun, else ``aggressor`` (russia).
- ``attack`` cues (Einmarsch, Invasion, Mobilisierung ... "in die Ukraine") are -1 toward the target
  after them, held by the actor before them or by the aggressor: "Putin benutzte ... als Vorwand für
  den Einmarsch in die Ukraine" → ukraine -1 held by russia.
- ``evaluative`` cues (Propagandist, Provokateur, sogenannt, grundlos, Vorwand, kämpferisch, brutal)
  are -1 toward the actor they label, held by the quoted speaker if they stand inside a quote, else by
  the journalist: "Putin benutzte die „Entnazifizierung“ grundlos als Vorwand" → russia -1 held by the
  journalist; "dass Solovyov ein bekannter Provokateur ist" (Iljassow speaking) → russia -1 held by
  kazakhstan.
- ``relation`` cues (enge/stärkere Beziehungen, freundschaftlich, Zusammenarbeit): +1 toward the
  partner after the cue, held by the subject; mutual when both stand before the cue ("die EU und
  Kasachstan ... immer engere Beziehungen" → each +1 held by the other).
- A holder never holds a stance toward itself (self-stance is not coded).
- The proxy republics stand for their sponsor: "Kasachstan lehnte die Anerkennung der Republiken
  Luhansk und Donezk ab" → russia -1 held by kazakhstan, though Russia is not named.
- Coordinated actors share an act ("Beide gratulierten ihm Putin und ... Selenskyj"). The record has
  one holder per target (the first named); the other's cue is added to the evidence with its
  ``holder`` and counts neither in the score nor in ``n_evidence`` (a limitation of the format). A target without cues is 0,
  held by the quoted speaker when the sentence is a quote, else by the journalist.

Per target, actor stances win over the journalist's; the score is the mean polarity of the winning
holder's cues, the label its sign. Sentiment terms (issue 4, :mod:`analysis.sentiment`) are not used:
once that module is stable, its sentence-level evidence can be joined on ``(doc_id, sent_id)`` and
used for the journalist's stance where this lexicon finds no cue.

Tokens: the rules count distances in tokens of their own pattern (words with inner hyphens and
the clause punctuation ``, ; : – ( )``; no other punctuation), not in the shared token table of
:func:`analysis.pipeline.prepare`, which keeps every punctuation mark as a token and cuts numbers
differently ("2,5-fach" is "2,5", "-", "fach" there, "2", "5-fach" here): the six-token negation
window, the refusal scope and the cue spans would move, and the records with them. Mentions and
quotations come from their measures (:mod:`analysis.measures`), not from here.

Aggregates: :func:`holder_target_matrix` (mean score per holder × target with percentile bootstrap
intervals over sentences, Efron & Tibshirani 1993), :func:`network_edges` (signed holder → target
edges, width = evidence count).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .actors import Registry, load_registry, sentence_targets
from .bootstrap import bootstrap_interval
from .function_words import STANCE_ARTICLES, STANCE_CLAUSE_PUNCT, STANCE_NEGATORS
from .lemmas import lemmatize_word
from .paths import LEXICONS
from .quotes import REPORTING_VERBS

__all__ = [
    "CUE_TYPES",
    "HOLDER_JOURNALIST",
    "NEGATORS",
    "STANCE_COLUMNS",
    "DEFAULT_CUES",
    "load_cues",
    "cue_matcher",
    "score_stance",
    "stance_table",
    "record_fields",
    "holder_target_matrix",
    "network_edges",
]

DEFAULT_CUES = LEXICONS / "stance_cues.tsv"
CUE_TYPES = ("act", "relation", "attack", "evaluative", "refusal")
HOLDER_JOURNALIST = "journalist"
NEGATORS = STANCE_NEGATORS
_ARTICLES = STANCE_ARTICLES
_HYPOTHETICAL = frozenset(["wenn", "falls"])
_REFUSAL_SCOPE = 20  # tokens after a refusal in which a favourable cue is reversed
#: Nouns for the war: a stance toward the war counts toward its owner.
_WAR = re.compile(r"(?i)(krieg|invasion|einmarsch|angriff)")
_PREPOSITIONS = frozenset("zu zur zum mit gegen an über für in im ins auf aus bei nach vor von vom "
                          "zwischen um unter".split())
_CLAUSE_BREAK = re.compile("[" + re.escape("".join(sorted(STANCE_CLAUSE_PUNCT))) + "]")
#: Words after which a separated verb particle may stand ("griffen an und ..."); they also join
#: coordinated subjects ("Putin und ... Selenskyj").
_CONJUNCTIONS = frozenset(["und", "oder", "aber", "sondern", "denn", "sowie"])
_TOKEN = re.compile(r"\w+(?:[-‐‑]\w+)*|" + _CLAUSE_BREAK.pattern)
STANCE_COLUMNS = ["doc_id", "sent_id", "target", "score", "label", "holder", "evidence", "n_evidence"]


def load_cues(path: str | Path = DEFAULT_CUES) -> list[dict]:
    """Read the stance cue lexicon (TSV: ``cue``, ``polarity``, ``type``, ``reason``; ``#`` comments).

    Raises
    ------
    ValueError
        A row with a polarity other than -1/+1 or an unknown type (the message lists the valid ones).
    """
    path = Path(path)
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [(n, line) for n, line in enumerate(handle, start=1) if line.strip() and not line.startswith("#")]
    rows = list(csv.reader((line for _, line in lines), delimiter="\t"))
    header, cues = rows[0], []
    for (number, _), row in zip(lines[1:], rows[1:]):
        record = dict(zip(header, row))
        if record.get("type") not in CUE_TYPES:
            raise ValueError(f"{path}, line {number}: type {record.get('type')!r}; valid: {', '.join(CUE_TYPES)}")
        if record.get("polarity") not in ("-1", "1"):
            raise ValueError(f"{path}, line {number}: polarity {record.get('polarity')!r}; valid: -1, 1")
        particle, bar, stem = record["cue"].partition("|")
        if bar and not (particle.isalpha() and stem.isalpha()):
            raise ValueError(f"{path}, line {number}: separable verb {record['cue']!r}; write particle|verb (an|greifen)")
        cues.append({"patterns": tuple(record["cue"].split()), "polarity": int(record["polarity"]),
                     "type": record["type"], "cue": record["cue"],
                     "separable": (particle, stem) if bar else None})
    return cues


def _matches(pattern: str, word: str) -> bool:
    low = word.lower()
    candidates = (low, low.rsplit("-", 1)[-1])
    if pattern.endswith("*"):
        return any(c.startswith(pattern[:-1]) for c in candidates)
    return pattern in candidates


class _CueMatcher:
    """Which cues a word can start or end, decided once per word type (not once per token).

    ``starts(word)``: indices of the cues whose first pattern matches the word, in lexicon order;
    ``ends(word)``: indices of the multi-word cues whose second pattern matches the word or is
    contained in it.
    """

    def __init__(self, patterns: tuple[tuple[str, ...], ...]):
        self.patterns = patterns
        self._starts: dict[str, tuple[int, ...]] = {}
        self._ends: dict[str, frozenset[int]] = {}
        # first patterns by kind: "abc" matches a candidate equal to it, "abc*" one that starts with "abc"
        self._exact: dict[str, list[int]] = {}
        self._prefix: dict[str, list[int]] = {}
        for k, pats in enumerate(patterns):
            if "|" in pats[0]:
                continue  # separable verbs are matched on the lemma (_separable_hits)
            if pats[0].endswith("*"):
                self._prefix.setdefault(pats[0][:-1], []).append(k)
            else:
                self._exact.setdefault(pats[0], []).append(k)
        self._prefix_lengths = sorted({len(p) for p in self._prefix})

    def starts(self, word: str) -> tuple[int, ...]:
        found = self._starts.get(word)
        if found is None:
            # as _matches(pats[0], word) for every cue, with one look-up per prefix length
            low = word.lower()
            hits: set[int] = set()
            for candidate in (low, low.rsplit("-", 1)[-1]):
                hits.update(self._exact.get(candidate, ()))
                for n in self._prefix_lengths:
                    if n > len(candidate):
                        break
                    hits.update(self._prefix.get(candidate[:n], ()))
            found = self._starts[word] = tuple(sorted(hits))
        return found

    def ends(self, word: str) -> frozenset[int]:
        found = self._ends.get(word)
        if found is None:
            low = word.lower()
            found = self._ends[word] = frozenset(
                k for k, pats in enumerate(self.patterns)
                if len(pats) > 1 and (_matches(pats[1], word) or pats[1].rstrip("*") in low))
        return found


def cue_matcher(cues) -> _CueMatcher:
    """A matcher of the cues of :func:`load_cues`; it remembers which cues each word type starts,
    so keep one for many sentences (:class:`analysis.measures.StanceRules` does)."""
    return _CueMatcher(tuple(tuple(cue["patterns"]) for cue in cues))


def _separable_hits(words, i, separable) -> list[int]:
    """Indices of the separable-verb cues (``an|greifen``) that the word at ``i`` carries.

    The word's lemma (:func:`analysis.lemmas.lemmatize_word`) is the whole verb ("angegriffen",
    "anzuerkennen" → angreifen, anerkennen), or it is the verb's stem ("griffen", "lehnte" →
    greifen, lehnen) and the particle stands later in the same clause, at the clause's end (the
    right sentence bracket: "griffen Kyjiw an", "erkannte die Republiken nicht an, ...", "... an und").
    """
    lemma = lemmatize_word(words[i]).lower()
    hits = []
    for k, (particle, stem) in separable:
        if lemma == particle + stem:
            hits.append(k)
        elif lemma == stem:
            for j in range(i + 1, len(words)):
                if _CLAUSE_BREAK.fullmatch(words[j]):
                    break
                if words[j] == particle and (j + 1 == len(words) or _CLAUSE_BREAK.fullmatch(words[j + 1])
                                             or words[j + 1] in _CONJUNCTIONS):
                    hits.append(k)
                    break
    return hits


def _find_cues(tokens, cues, matcher: _CueMatcher) -> list[tuple[int, int, dict]]:
    """(first token, last token, cue) for every cue in a token list.

    A separable verb ("griffen Kyjiw an") is recorded on its finite verb only: the evidence is
    the verb's span, the cue (``an|greifen``) names the particle.
    """
    found = []
    words = [t[2] for t in tokens]
    separable = [(k, cue["separable"]) for k, cue in enumerate(cues) if cue.get("separable")]
    for i, word in enumerate(words):
        starts = matcher.starts(word)
        if separable and word[:1].isalpha():
            starts = tuple(sorted(set(starts) | set(_separable_hits(words, i, separable))))
        for k in starts:
            cue = cues[k]
            if len(cue["patterns"]) == 1:
                found.append((i, i, cue))
                continue
            for j in range(i + 1, min(len(words), i + 7)):
                if k in matcher.ends(words[j]):
                    found.append((i, j, cue))
                    break
    # a longer cue hides a single-word cue on the same token ("stärkere Beziehungen")
    spans = {(i, j) for i, j, c in found if j > i}
    found = [(i, j, c) for i, j, c in found if j > i or not any(a <= i <= b for a, b in spans)]
    seen, out = set(), []
    for i, j, c in found:  # one cue per token ("Unterstützung" matches two patterns)
        if (i, j) not in seen:
            seen.add((i, j))
            out.append((i, j, c))
    return out


def score_stance(text: str, start: int, end: int, mentions: list[dict], *, quotes: list[dict] = (),
                 cues=None, aggressor: str = "russia", matcher: "_CueMatcher | None" = None) -> dict:
    """Stance toward every target mentioned in the sentence ``text[start:end]``.

    Parameters
    ----------
    text : str
        The document text.
    start, end : int
        The sentence's offsets.
    mentions : list of dict
        The sentence's mentions (:func:`analysis.actors.find_mentions` or :func:`mention_table` rows).
    quotes : list of dict
        The document's quotations (:func:`analysis.quotes.attribute_quotes`).
    cues : list of dict, optional
        From :func:`load_cues`; the project lexicon by default.
    aggressor : str
        The target that owns the war when a sentence names none ("gegen den Ukraine-Krieg").
    matcher : optional
        :func:`cue_matcher` of ``cues``, kept by a caller that scores many sentences (it learns
        which cues each word type starts); built here when not given.

    Returns
    -------
    dict
        target → ``{"score": float in [-1, 1], "label": -1/0/1, "holder": str, "evidence": [dict]}``;
        the holder is a target id or ``journalist``; each evidence entry has ``text``, ``start``,
        ``end`` (offsets into ``text``), ``cue`` and optionally ``note`` and ``holder`` (a
        coordinated co-holder's cue).
    """
    mentions = [m for m in mentions if m["kind"] != "proxy" and start <= m["start"] < end] + \
        [m for m in mentions if m["kind"] == "proxy"]
    targets = sentence_targets(mentions)
    # a proxy republic stands for its sponsor: "lehnte die Anerkennung der Republiken ... ab" is a
    # stance toward russia even when Russia is not named (docs/methods.md, "Traps")
    targets += [t for t in dict.fromkeys(m["target"] for m in mentions if m["kind"] == "proxy"
                                         and start <= m["start"] < end) if t not in targets]
    if not targets:
        return {}  # the result has one entry per target: nothing to weigh
    cues = load_cues() if cues is None else cues
    matcher = cue_matcher(cues) if matcher is None else matcher
    sentence = _Sentence(text, start, end, mentions, quotes)
    entries, shared = _stance_entries(sentence, _find_cues(sentence.tokens, cues, matcher), text, aggressor)
    return _weigh(targets, entries, shared, _default_holder(sentence, text, start, end, mentions))


class _Sentence:
    """One sentence as the stance rules see it: tokens (offset, offset, word), their clause
    numbers, the target mentioned at a token, and the quotations that cover it."""

    def __init__(self, text: str, start: int, end: int, mentions: list[dict], quotes):
        self.tokens = tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, end)]
        clause, self.clauses = 0, []
        for _, _, word in tokens:
            if _CLAUSE_BREAK.fullmatch(word):
                clause += 1
            self.clauses.append(clause)
        self.index_of, self.object_only = {}, set()  # token → target; tokens that can only be objects
        for m in mentions:
            idx = next((i for i, (s, e, _) in enumerate(tokens) if s <= m["start"] < e), None)
            if idx is not None:
                self.index_of.setdefault(idx, m["target"])  # a proxy stands for its sponsor as an object
                if m["kind"] == "proxy" or m["text"] in ("ihm", "ihn"):
                    self.object_only.add(idx)
        self.speech = [q for q in quotes if q["type"] in ("direct", "indirect") and q["start"] < end and q["end"] > start]

    def word(self, k: int) -> str:
        return self.tokens[k][2]

    def in_clause(self, i: int) -> list[int]:
        return [k for k in range(len(self.tokens)) if self.clauses[k] == self.clauses[i]]

    def governed(self, j: int) -> bool:
        """Is the mention at token j inside a prepositional phrase ("mit Russland", "in die Ukraine")?"""
        k = j - 1
        while k >= 0 and (self.word(k).lower() in _ARTICLES or self.word(k)[:1].islower()
                          and self.word(k).lower() not in _PREPOSITIONS and k >= j - 3
                          and self.word(k).lower().endswith(("en", "e", "er"))):
            k -= 1
        return k >= 0 and self.word(k).lower() in _PREPOSITIONS and self.word(k).lower() != "von"

    def speaker_at(self, pos: int):
        for q in self.speech:
            if q["start"] <= pos < q["end"]:
                return q["speaker_target"]
        return None

    def infinitive(self, c: int) -> bool:
        """Is clause c an infinitive clause without its own subject ("..., Kasachstan ins Visier zu nehmen")?"""
        if c == 0:
            return False
        words = [self.word(k) for k in range(len(self.tokens)) if self.clauses[k] == c]
        return any(w == "zu" and n[:1].islower() and n.endswith("en") and n not in _ARTICLES
                   for w, n in zip(words, words[1:])) or \
            any(re.fullmatch(r"(?:an|ab|auf|aus|ein|mit|vor|zu)zu\w+en", w) for w in words)

    def attributive(self, j: int) -> bool:
        """An adjective mention before a name ("der russische Verbündete Kasachstan") is no actor."""
        return self.word(j)[:1].islower() and any(k in self.index_of for k in range(j + 1, j + 4))

    def actor(self, j: int) -> bool:
        """Can the mention at token j be an actor (not an object pronoun, a proxy, a prepositional phrase
        or an adjective before a name)?"""
        return j not in self.object_only and not self.governed(j) and not self.attributive(j)

    def holder_of(self, i: int, exclude=()):
        """The actor of the cue at token i: the first mention of its clause not governed by a
        preposition ("von" marks the agent), else the first such mention before the cue."""
        clauses, index_of = self.clauses, self.index_of
        ok = lambda j: j not in exclude and self.actor(j)  # noqa: E731
        if not self.infinitive(clauses[i]):
            for j in sorted(index_of):
                if clauses[j] == clauses[i] and ok(j):
                    return index_of[j]
        for j in sorted(index_of):
            if j < i and clauses[j] != clauses[i] and ok(j) or j < i and not self.infinitive(clauses[i]) and ok(j):
                return index_of[j]
        return None

    def coordinated(self, i: int, holder, exclude) -> list:
        """Actors joined to the holder by "und"/"sowie" in the cue's clause, with the cue not between
        them ("Beide gratulierten ihm Putin und der ukrainische Präsident Wolodymyr Selenskyj")."""
        clauses, index_of = self.clauses, self.index_of
        first = [j for j in sorted(index_of) if clauses[j] == clauses[i] and index_of[j] == holder and self.actor(j)]
        if not first:
            return []
        h = first[0]
        return list(dict.fromkeys(
            index_of[k] for k in sorted(index_of)
            if h < k <= h + 8 and clauses[k] == clauses[i] and not h < i < k and self.actor(k)
            and index_of[k] not in (holder, *exclude) and any(self.word(m) in ("und", "sowie") for m in range(h + 1, k))))

    def war_owner(self, i: int, aggressor: str):
        """(owner, token of the owner's genitive) of a war noun near the cue at token i."""
        for j in range(max(0, i - 6), min(len(self.tokens), i + 6)):
            if self.clauses[j] == self.clauses[i] and _WAR.search(self.word(j)):
                owner = self.index_of.get(j - 1)
                return (owner, j - 1) if owner else (aggressor, None)
        return None, None

    def nearest(self, i: int, exclude, *, after_only=False, same_clause=True, before_governed=False):
        best = None
        for j, target in self.index_of.items():
            if target == exclude or (same_clause and self.clauses[j] != self.clauses[i]) or (after_only and j <= i):
                continue
            if before_governed and j < i and not self.governed(j):
                continue
            distance = abs(j - i) + (0 if j > i else 0.5)
            if best is None or distance < best[0]:
                best = (distance, target)
        return best[1] if best else None


def _stance_entries(sentence: _Sentence, found, text: str, aggressor: str) -> tuple[list, list]:
    """``(target, polarity, holder, evidence)`` of every cue that carries a stance, and
    ``(target, holder, evidence)`` of coordinated co-holders ("Putin und ... Selenskyj")."""
    tokens, clauses = sentence.tokens, sentence.clauses
    context = {"refusal_at": [i for i, _, c in found if c["type"] == "refusal"],
               "attack_clauses": {clauses[i] for i, _, c in found if c["type"] == "attack" or c["cue"].startswith("entnazi")},
               "found": found, "aggressor": aggressor}
    entries, shared = [], []
    for i, j, cue in found:
        evidence = {"text": text[tokens[i][0]:tokens[j][1]], "start": tokens[i][0], "end": tokens[j][1],
                    "cue": cue["cue"]}
        kind = cue["type"]
        speaker = sentence.speaker_at(tokens[i][0])
        in_clause = sentence.in_clause(i)
        if kind in ("act", "evaluative") and any(tokens[k][2].lower() in _HYPOTHETICAL for k in in_clause):
            continue  # a merely hypothetical act ("nicht sinnvoll, wenn Russland ... ergreife")
        negated = any(tokens[k][2].lower() in NEGATORS for k in in_clause if abs(k - i) <= 6)
        if kind == "evaluative":
            obj = sentence.nearest(i, None) or sentence.nearest(i, None, same_clause=False)
            if obj:
                entries.append((obj, -1, speaker or HOLDER_JOURNALIST, evidence))
        elif kind == "attack":
            entries += _attack(sentence, i, evidence, aggressor)
        else:
            mine, theirs = _directed(sentence, i, cue, evidence, negated=negated, speaker=speaker, **context)
            entries += mine
            shared += theirs
    return entries, shared


def _attack(sentence: _Sentence, i: int, evidence: dict, aggressor: str) -> list:
    """An attack cue (Einmarsch ... "in die Ukraine"): -1 toward the target after it, held by the
    actor before it or by the aggressor."""
    clauses, index_of = sentence.clauses, sentence.index_of
    holder = sentence.holder_of(i, exclude=(None,))
    obj = sentence.nearest(i, holder, after_only=True) or sentence.nearest(i, holder, before_governed=True)
    if obj is None and holder is not None and any(k > i and clauses[k] == clauses[i] and t == holder
                                                  for k, t in index_of.items()):
        # the "holder" was the object after the verb ("Die russischen Truppen griffen Kyjiw an"):
        # the actor is an ungoverned mention before the cue (an adjective counts), else the aggressor
        obj = holder
        before = [t for k, t in sorted(index_of.items()) if k < i and clauses[k] == clauses[i]
                  and t != obj and k not in sentence.object_only and not sentence.governed(k)]
        holder = before[0] if before else None
    if obj is None:
        return []
    holder = holder if holder and holder != obj else aggressor
    return [(obj, -1, holder, evidence)]


def _directed(sentence: _Sentence, i: int, cue: dict, evidence: dict, *, negated: bool, speaker, refusal_at,
              attack_clauses, found, aggressor) -> tuple[list, list]:
    """An act, relation or refusal cue: its polarity after negation and refusal, its holder and
    object (the war's owner for a stance toward the war; both ways for mutual ties)."""
    kind, polarity = cue["type"], cue["polarity"]
    owner, owner_at = sentence.war_owner(i, aggressor) if kind == "act" else (None, None)
    holder = sentence.holder_of(i, exclude=(owner_at,))
    if holder is None and speaker:
        holder = speaker
    if kind in ("act", "relation"):
        if polarity > 0 and sentence.clauses[i] in attack_clauses and not negated:
            return [], []  # praise of an attack is not a favourable stance (CODING A)
        if negated:
            polarity, evidence = (-1 if polarity > 0 else 0), {**evidence, "note": "negated"}
        if polarity > 0 and any(0 < i - r <= _REFUSAL_SCOPE for r in refusal_at):
            polarity, evidence = -1, {**evidence, "note": "refused"}
    if polarity == 0:
        return [], []
    if kind == "refusal":
        if any(0 < k - i <= _REFUSAL_SCOPE and c["type"] in ("act", "relation") and c["polarity"] > 0
               for k, _, c in found):
            return [], []  # the refused act carries the stance
        obj = sentence.nearest(i, holder, after_only=True, same_clause=False)
    else:
        obj = _object(sentence, i, kind, holder)
    if owner and owner != holder and (obj is None or obj != owner):
        obj = owner
    if kind == "relation" and holder is not None and sentence.nearest(i, holder, after_only=True) is None:
        before = [t for k, t in sorted(sentence.index_of.items()) if k < i and t != holder]
        if before:  # mutual ties
            return [(before[0], polarity, holder, evidence), (holder, polarity, before[0], evidence)], []
    if obj is None or obj == holder:
        return [], []
    shared = []
    if kind == "act" and holder is not None:
        shared = [(obj, holder, {**evidence, "holder": other}) for other in sentence.coordinated(i, holder, (obj,))]
    return [(obj, polarity, holder or HOLDER_JOURNALIST, evidence)], shared


def _object(sentence: _Sentence, i: int, kind: str, holder):
    """The object of an act or relation cue: the nearest mention in its clause that is neither the
    holder nor coordinated with it; for an act, an ungoverned mention first."""
    index_of, clauses = sentence.index_of, sentence.clauses
    # coordinated subjects ("Russland und China verurteilten ...") are holders, not objects
    partners = sentence.coordinated(i, holder, ()) if kind == "act" and holder is not None else []
    ungoverned = sorted((abs(k - i), index_of[k]) for k in index_of if clauses[k] == clauses[i]
                        and not sentence.governed(k) and index_of[k] != holder and index_of[k] not in partners)
    ungoverned = [t for _, t in ungoverned]
    obj = sentence.nearest(i, holder)
    obj = None if obj in partners else obj
    if obj is None and kind == "act":
        others = [t for k, t in sorted(index_of.items()) if not sentence.governed(k) and t != holder
                  and t not in partners]
        obj = others[0] if others else sentence.nearest(i, holder, same_clause=False)
    elif ungoverned and kind == "act":
        obj = ungoverned[0]
    return obj


def _default_holder(sentence: _Sentence, text: str, start: int, end: int, mentions: list[dict]) -> str:
    """The holder of a target without cues: the quoted speaker when quotes of one speaker cover
    half the sentence or more, the subject of "Er/Sie sagte ...", else the journalist."""
    speech = sentence.speech
    default_holder = HOLDER_JOURNALIST
    speakers = {q["speaker_target"] for q in speech if q["speaker_target"]}
    if len(speakers) == 1 and sum(min(q["end"], end) - max(q["start"], start) for q in speech) >= 0.5 * (end - start):
        default_holder = speakers.pop()
    reporter = re.match(r"(?:Er|Sie)\s+(\w+)", text[start:end])
    if reporter and reporter.group(1) in REPORTING_VERBS:
        first = [m for m in mentions if m["start"] == start]
        default_holder = first[0]["target"] if first else default_holder
    return default_holder


def _weigh(targets: list, entries: list, shared: list, default_holder: str) -> dict:
    """Per target: actor stances win over the journalist's; the score is the mean polarity of
    the first holder's cues, the label its sign when the score is at least 0.5 in size."""
    result = {}
    for target in targets:
        mine = [e for e in entries if e[0] == target and e[2] != target]
        actors = [e for e in mine if e[2] != HOLDER_JOURNALIST]
        chosen = actors or mine
        if not chosen:
            result[target] = {"score": 0.0, "label": 0, "holder": default_holder, "evidence": []}
            continue
        holder = chosen[0][2]
        held = [e for e in chosen if e[2] == holder]
        score = float(np.clip(np.mean([e[1] for e in held]), -1, 1))
        also = [e for t, h, e in shared if t == target and h == holder]
        result[target] = {"score": round(score, 3), "label": int(np.sign(score)) if abs(score) >= 0.5 else 0,
                          "holder": holder, "evidence": [e[3] for e in held] + also}
    return result


def record_fields(prepared, *, registry: Registry | None = None, cues=None, aggressor: str = "russia",
                  quotations=None) -> dict:
    """``targets``, ``mentions``, ``quotes`` and ``stance`` of every sentence, by new
    :class:`analysis.measures.QuotationsRules`, :class:`~analysis.measures.MentionsRules` and
    :class:`~analysis.measures.StanceRules` (``registry`` for the first two, ``cues`` and
    ``aggressor`` for stance). With ``quotations`` (a
    :class:`analysis.quotation_model.QuotationModel`, e.g. ``QuotationModel.load()``) the
    quotations, and so the holders of quoted stances, come from the learned model
    (:class:`analysis.measures.QuotationsLearned`); its distancing quotes are the rules'.

    Returns
    -------
    dict
        ``(doc_id, sent_id)`` → ``{"targets", "mentions", "quotes", "stance"}`` for every sentence:
        target ids in order of first mention; mentions ``{"target", "start", "end", "text"}``;
        quotations overlapping the sentence ``{"type", "speaker", "start", "end", "speaker_name",
        "cue"}`` (speaker: the resolved registry id, else the words naming the speaker, else null);
        stance per target ``{"score", "label", "holder", "evidence"}``.
    """
    from .measures import MentionsRules, QuotationsLearned, QuotationsRules, StanceRules
    from .score import score_fields

    registry = load_registry() if registry is None else registry  # one registry for both
    stance = StanceRules(aggressor=aggressor, **({} if cues is None else {"cues": cues}))
    quotes = QuotationsRules(registry=registry) if quotations is None else QuotationsLearned(model=quotations)
    return score_fields(prepared, [quotes, MentionsRules(registry=registry), stance])


def _evidence_text(entry) -> str:
    """One evidence entry as text: "unterstützt (negated)", "gratulierten @ukraine" (a co-holder's)."""
    if not isinstance(entry, dict):
        return str(entry)
    shown = entry["text"] + (f" ({entry['note']})" if entry.get("note") else "")
    return shown + (f" @{entry['holder']}" if entry.get("holder") else "")


def stance_table(fields: dict, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """A tidy table of :func:`record_fields`: one row per sentence and target.

    Returns
    -------
    DataFrame
        Columns :data:`STANCE_COLUMNS` (``evidence`` as text joined with ``; ``: "unterstützt
        (negated)", "gratulierten @ukraine" for a co-holder's cue; ``n_evidence`` counts the
        holder's own cues), plus ``section`` when the
        sentence table is given.
    """
    rows = []
    for (doc_id, sent_id), record in fields.items():
        for target, st in record["stance"].items():
            own = [e for e in st["evidence"] if not isinstance(e, dict) or "holder" not in e]
            rows.append((doc_id, sent_id, target, st["score"], st["label"], st["holder"],
                         "; ".join(_evidence_text(e) for e in st["evidence"]), len(own)))
    table = pd.DataFrame(rows, columns=STANCE_COLUMNS)
    if sentences is not None:
        table = table.merge(sentences[["doc_id", "sent_id", "section"]].astype({"doc_id": str}),
                            on=["doc_id", "sent_id"], how="left")
    return table


def holder_target_matrix(table: pd.DataFrame, *, n_boot: int = 2000, seed: int = 0, level: float = 0.95,
                         evidence_only: bool = False) -> pd.DataFrame:
    """Mean stance score per holder × target with percentile bootstrap confidence intervals.

    Parameters
    ----------
    table : DataFrame
        From :func:`stance_table`.
    n_boot : int
        Bootstrap resamples of the (sentence, target) rows within each holder × target cell.
    seed : int
        Seed of the random generator (results are reproducible).
    level : float
        Confidence level of the interval.
    evidence_only : bool
        Use only rows with at least one cue (drop neutral mentions).

    Returns
    -------
    DataFrame
        ``holder``, ``target``, ``n``, ``mean``, ``ci_low``, ``ci_high`` (:func:`analysis.bootstrap.bootstrap_interval`),
        ``n_evidence``.
    """
    rng = np.random.default_rng(seed)
    data = table[table["n_evidence"] > 0] if evidence_only else table
    rows = []
    for (holder, target), group in data.groupby(["holder", "target"], sort=True):
        scores = group["score"].to_numpy(dtype=float)
        low, high = bootstrap_interval(scores, rng=rng, n_boot=n_boot, level=level)
        rows.append({"holder": holder, "target": target, "n": len(scores), "mean": float(scores.mean()),
                     "ci_low": low, "ci_high": high, "n_evidence": int(group["n_evidence"].sum())})
    return pd.DataFrame(rows, columns=["holder", "target", "n", "mean", "ci_low", "ci_high", "n_evidence"])


def network_edges(table: pd.DataFrame) -> pd.DataFrame:
    """Signed holder → target edges from the rows with evidence (self-loops and the journalist included).

    Returns
    -------
    DataFrame
        ``source`` (holder), ``target``, ``sign`` (-1/0/1 of the mean score), ``mean``, ``weight``
        (number of evidence cues), ``n`` (sentences).
    """
    data = table[table["n_evidence"] > 0]
    rows = []
    for (holder, target), group in data.groupby(["holder", "target"], sort=True):
        mean = float(group["score"].mean())
        rows.append({"source": holder, "target": target, "sign": int(np.sign(round(mean, 6))), "mean": mean,
                     "weight": int(group["n_evidence"].sum()), "n": len(group)})
    return pd.DataFrame(rows, columns=["source", "target", "sign", "mean", "weight", "n"])

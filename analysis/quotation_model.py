"""Quotations learned from annotated news: a CRF over the project's tokens.

:class:`QuotationModel` labels every token of a paragraph as part of a quotation (with its type),
of a cue ("sagte", "laut", "zufolge") or of a speaker, with a linear-chain conditional random
field (Lafferty, McCallum & Pereira 2001; CRFsuite, Okazaki 2007, through ``python-crfsuite``).
A sequence is a paragraph (a structural unit of :mod:`analysis.structure`), so a quotation that
runs over several sentences is labelled, and kept, as one span.

Features of a token: its word form, lemma, shape, prefix and suffix and those of its neighbours;
and the cues of the rules of :mod:`analysis.quotes` as evidence: inside „…“/"…" quotation marks
(and whether :func:`~analysis.quotes.classify_quote` calls the quote distancing), a reporting verb,
a Konjunktiv I form, *laut*, *zufolge*, *nach Angaben*, a colon introduction, the position in the
sentence (before or after its reporting verb). The feature group ``rules`` adds the span, cue and
speaker that :func:`~analysis.quotes.attribute_quotes` finds; on held-out data it did not help,
and the committed model leaves it out (its card, ``analysis/models/quotations.md``). The rules'
output enters at decoding instead (:meth:`QuotationModel._with_rules`).

Decoding: a run of quote tokens is a quotation (its type: the most frequent type of its tokens);
its cue is the nearest cue span in its sentences (or the one before or after). Its speaker is
chosen by a learned ranker (:class:`SpeakerRanker`, a logistic regression stored as JSON beside the
CRF) among candidates (:meth:`QuotationModel._candidates`, :meth:`QuotationModel._rank`): the
CRF's speaker spans and the tokens with a high marginal P(B-SPK) in the quotation's sentences or
the one before, inside the quotation too; the words next to a reporting verb ("Die Betreiber
sprechen …", "sagte Branson"); the rules' speaker; the last speaker named at most
``inherit_window`` sentences before (free indirect speech, quote paragraphs). The best candidate
is taken if the ranker gives it at least its threshold. Without a ranker (a model fitted by
:meth:`QuotationModel.fit` alone) the speaker is the most probable speaker span by the CRF's
marginals (:meth:`QuotationModel._speakers`), else the rules', else the previous one. A pronoun or role speaker ("er sagte", "so die Sprecherin") is resolved
to the nearest preceding named speaker of the document that fits it ("er" not to a "Sprecherin").
The speaker is resolved to a registry target with :func:`analysis.actors.find_mentions`.

Training data: the German Wikinews quotation corpus (Petersen-Frey & Biemann 2024, CC BY-NC-SA
4.0); the committed model and its card: ``analysis/models/quotations.crfsuite`` and
``analysis/models/quotations.md``, rebuilt by ``make models``.
"""

from __future__ import annotations

import bisect
import json
import math
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .quotes import KONJUNKTIV_I, REPORTING_VERBS, SOURCE_NOUNS, attribute_quotes, classify_quote, find_quote_spans

__all__ = ["DEFAULT_MODEL", "QUOTATION_LABELS", "FEATURE_SETS", "QuotationSettings", "QuotationModel",
           "SpeakerRanker", "quote_records", "speakers_path"]

#: The committed model (package data: found through the package, so a wheel carries it).
DEFAULT_MODEL = Path(__file__).resolve().parent / "models" / "quotations.crfsuite"
#: Quotation types of the Wikinews annotation scheme → their code in the token labels.
QUOTATION_LABELS = {"Direct": "D", "Indirect": "I", "FreeIndirect": "F", "IndirectFreeIndirect": "X",
                    "Reported": "R"}
_TYPE_OF_CODE = {code: name for name, code in QUOTATION_LABELS.items()}
#: Feature groups; a setting names the groups it uses.
FEATURE_SETS = ("word", "context", "marks", "lexicon", "rules", "sentence")
#: Words that refer back to a speaker named earlier.
_PRONOUNS = frozenset("er sie es ihr ihm ihn man dieser diese jener".split())
_ROLE_DETERMINERS = ("der ", "die ", "das ", "dieser ", "diese ")
_FEMININE = re.compile(r"(?:in|innen|frau|schwester|mutter)\b|^die\s", re.IGNORECASE)
#: Endings of nouns that name people and bodies who speak ("Regierungssprecher", "Innenministerin").
_ROLE = re.compile(r"(?:sprecher|sprecherin|minister|ministerin|präsident|präsidentin|chef|chefin|leiter|"
                   r"leiterin|vorsitzende|vorsitzender|experte|expertin|polizei|regierung|behörde|agentur|"
                   r"zeitung|ministerium|anwalt|anwältin|kommission|partei|verband|gericht)$")
#: Lemmas of reporting verbs (the finite forms of :data:`analysis.quotes.REPORTING_VERBS` cover
#: the usual tenses; the lemmas catch the rest: "hatte gesagt", "erklärend").
_REPORTING_LEMMAS = frozenset("""sagen erklären betonen meinen warnen fordern kritisieren behaupten
    bestätigen berichten schreiben twittern verweisen räumen fügen teilen kündigen argumentieren versichern
    unterstreichen bekräftigen mahnen verlangen antworten fragen erwidern entgegnen sprechen verkünden
    äußern glauben hoffen befürchten bezweifeln kommentieren ergänzen zitieren beklagen loben appellieren
    drohen dementieren bestreiten mitteilen ankündigen vorwerfen zufolge berichten heißen bezeichnen
    auffordern begründen melden nennen befürchten beschliessen beschließen feststellen angeben beschuldigen
    vermuten versprechen veröffentlichen ausführen formulieren schätzen bitten vertreten vorschlagen erwarten
    empfehlen plädieren erwägen annehmen anweisen skandieren prangern aufrufen einräumen zugeben
    demnach wonach lauten""".split())
#: Prepositions before a noun phrase that is not the speaker ("in einer Pressemitteilung", "über Fossett").
_PREPOSITIONS = frozenset("""in im mit über von vom bei beim nach auf an am aus für gegen um unter vor zu zum
    zur seit während wegen durch""".split())
#: Words that open a speaker candidate and are not one: articles alone, adverbs that point back.
_ARTICLES = frozenset("der die das den dem des ein eine einer einem eines".split())
_NOT_SPEAKERS = frozenset("""wonach demnach danach dabei dazu darin daher dort hier nun auch so zudem jedoch aber
    dies jeder jede jedes""".split())
#: Speaker candidates of the ranker: the least P(B-SPK) of a candidate's first token, the least
#: P(I-SPK) of the tokens it is extended by, and how many are kept (the most probable).
_CANDIDATE_P = 0.02
_CANDIDATE_P_INSIDE = 0.2
_MAX_CANDIDATES = 6
#: Where the words next to a reporting verb end (:func:`_verb_neighbours`), and at most how many.
_BOUNDARIES = frozenset(", ; : ( ) – — - „ “ ” \" » « . ! ?".split())
_NEIGHBOUR_TOKENS = 6
#: How many of the last speakers of a document a candidate is compared with (``known``).
_KNOWN_SPEAKERS = 10
#: Nouns of saying and thinking that open a frame ("nach Angaben", "nach Ansicht", "mit den Worten").
_REPORTING_NOUNS = frozenset("""angabe angaben ansicht aussage aussagen meinung auffassung einschätzung
    darstellung auskunft bericht berichten wort worte worten erklärung mitteilung pressemitteilung
    stellungnahme interview sprecher sprecherin zeitung agentur nachrichtenagentur""".split())


@dataclass(frozen=True)
class QuotationSettings:
    """Settings of :class:`QuotationModel`; the defaults are those of the committed model, chosen on a
    held-out part of the training data (``analysis/models/quotations.md``).

    ``c1``, ``c2``: L1 and L2 penalties of CRFsuite's L-BFGS training; ``max_iterations``;
    ``features``: the groups of :data:`FEATURE_SETS` used; ``min_freq``: features seen fewer
    times in training are dropped (a smaller model); ``with_rules``: add the rule-based quotations
    that the CRF leaves out and that overlap none of its own (``"union"``), or not (``"none"``);
    ``pronoun_window``: how many sentences back a pronoun speaker may be resolved;
    ``inherit_window``: a quotation without a speaker of its own (free indirect speech, a quote
    paragraph) is given the last speaker named at most this many sentences before it;
    ``speaker_threshold``: the least marginal probability of a speaker span the CRF did not
    choose, taken when a quotation has no speaker otherwise (only without a speaker ranker, whose
    own threshold is stored with it).
    """

    c1: float = 0.5
    c2: float = 0.1
    max_iterations: int = 150
    features: tuple = tuple(f for f in FEATURE_SETS if f != "rules")
    min_freq: int = 2
    with_rules: str = "none"
    pronoun_window: int = 6
    inherit_window: int = 3
    speaker_threshold: float = 0.1

    def __post_init__(self):
        unknown = [f for f in self.features if f not in FEATURE_SETS]
        if unknown:
            raise ValueError(f"unknown feature groups {unknown}; valid: {', '.join(FEATURE_SETS)}")
        if self.with_rules not in ("none", "union"):
            raise ValueError(f"with_rules must be 'none' or 'union', not {self.with_rules!r}")


class QuotationModel:
    """A learned quotation measure: quotations, their type, cue and speaker.

    Parameters
    ----------
    settings : QuotationSettings, optional
        Defaults: :class:`QuotationSettings` ().
    registry : Registry, optional
        For resolving speakers to targets (:func:`analysis.actors.load_registry`); the project
        registry by default.

    Attributes
    ----------
    tagger_ : pycrfsuite.Tagger
        The fitted (or loaded) CRF.
    model_bytes_ : bytes
        The CRFsuite model file (what :meth:`save` writes).
    labels_ : frozenset
        The token labels the model knows.

    Examples
    --------
    >>> model = QuotationModel.load()
    >>> from analysis.corpus import Corpus, Document
    >>> from analysis.pipeline import prepare
    >>> text = "„Wir beobachten das genau“, sagte Iljassow."
    >>> table = model.predict(prepare(Corpus([Document(id="d", text=text)])))
    >>> table[["type", "cue", "speaker", "speaker_target"]].values.tolist()
    [['direct', 'sagte', 'Iljassow', 'kazakhstan']]
    """

    def __init__(self, settings: QuotationSettings | None = None, *, registry=None):
        self.settings = settings or QuotationSettings()
        self.registry = registry

    # -- training -------------------------------------------------------------------------------
    def fit(self, documents) -> QuotationModel:
        """Train on annotated documents.

        Parameters
        ----------
        documents : iterable of dict
            ``{"id": str, "text": str, "quotes": [{"type": one of QUOTATION_LABELS, "spans": [(start,
            end)], "cue": [(start, end)], "speaker": [(start, end)]}]}``, offsets into ``text``.

        Returns
        -------
        QuotationModel
            ``self``, with ``tagger_`` and ``model_bytes_``.
        """
        import pycrfsuite

        documents = list(documents)
        for doc in documents:
            for q in doc["quotes"]:
                if q["type"] not in QUOTATION_LABELS:
                    raise ValueError(f"unknown quotation type {q['type']!r}; valid: {', '.join(QUOTATION_LABELS)}")
        prepared = _prepare({d["id"]: d["text"] for d in documents})
        gold = {d["id"]: d["quotes"] for d in documents}
        trainer = pycrfsuite.Trainer(verbose=False)
        for doc_id, text, units in _document_units(prepared):
            labels_of = _token_labels(units, gold[doc_id])
            rules = self._rule_quotes(text, units) if "rules" in self.settings.features else []
            for unit, features in zip(units, self._features(text, units, rules)):
                trainer.append(features, [labels_of[(t[0], t[1])] for t in unit["tokens"]])
        s = self.settings
        trainer.set_params({"c1": s.c1, "c2": s.c2, "max_iterations": s.max_iterations,
                            "feature.minfreq": s.min_freq, "feature.possible_transitions": True})
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "model.crfsuite")
            trainer.train(path)
            self._set_model(Path(path).read_bytes())
        return self

    def save(self, path: str | Path) -> Path:
        """Write the CRFsuite model file, and the speaker ranker (if any) beside it as JSON
        (:func:`speakers_path`); atomically: a temporary file, then a rename."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(path, self.model_bytes_)
        if self.ranker_ is not None:
            _write_atomically(speakers_path(path), self.ranker_.to_json().encode("utf-8"))
        return path

    @classmethod
    def load(cls, path: str | Path = DEFAULT_MODEL, settings: QuotationSettings | None = None, *,
             registry=None) -> QuotationModel:
        """A model from a CRFsuite file (the committed one by default), with the speaker ranker
        stored beside it (:func:`speakers_path`) if there is one."""
        model = cls(settings, registry=registry)
        model._set_model(Path(path).read_bytes())
        ranker = speakers_path(path)
        if ranker.exists():
            model.ranker_ = SpeakerRanker.from_json(ranker.read_text(encoding="utf-8"), source=ranker)
        return model

    def _set_model(self, data: bytes) -> None:
        import pycrfsuite

        self.ranker_ = None  # a new CRF: its speaker ranker is fitted (or loaded) apart
        # the tagger reads the bytes in place: they must live as long as it does (model_bytes_)
        self.model_bytes_ = data
        self.tagger_ = pycrfsuite.Tagger()
        self.tagger_.open_inmemory(self.model_bytes_)
        self.labels_ = frozenset(self.tagger_.labels())

    # -- prediction -----------------------------------------------------------------------------
    def predict(self, prepared):
        """Quotations of every document of a prepared corpus (:func:`analysis.pipeline.prepare`).

        Returns
        -------
        DataFrame
            One row per quotation, in text order: ``doc_id`` and the columns of
            :func:`analysis.quotes.attribute_quotes` (``type`` direct / indirect / distancing,
            ``start``, ``end``, ``cue``, ``cue_start``, ``cue_end``, ``speaker`` (the words naming
            the speaker, the antecedent of a pronoun), ``speaker_start``, ``speaker_end``,
            ``speaker_target``), plus ``quotation_type`` (the Wikinews type: Direct, Indirect,
            FreeIndirect, IndirectFreeIndirect, Reported; ``distancing`` for a scare quote),
            ``source`` (``crf`` or ``rules``) and ``speaker_via`` (how the speaker was found: ``crf``,
            ``rules``, ``previous`` for a quotation continuing the last speaker, or None).
            :func:`quote_records` turns it into the ``quotes`` fields of ``score`` (``type``,
            ``speaker``, ``start``, ``end``, ``speaker_name``, ``cue``).
        """
        import pandas as pd

        rows = [{"doc_id": doc_id, **q} for doc_id, quotes in self.predict_documents(prepared).items()
                for q in quotes]
        columns = ["doc_id", "type", "start", "end", "cue", "cue_start", "cue_end", "speaker", "speaker_start",
                   "speaker_end", "speaker_target", "quotation_type", "source", "speaker_via"]
        table = pd.DataFrame(rows, columns=columns)
        # missing values are None, as in the records of the rules (not NaN, which pandas would make
        # of them in columns that hold numbers or nothing)
        return table.astype(object).where(table.notna(), None)

    def predict_documents(self, prepared) -> dict:
        """doc id → the document's quotations as dicts (the rows of :meth:`predict` without
        ``doc_id``), in the form of :func:`analysis.quotes.attribute_quotes`."""
        return {doc_id: self._predict_document(text, units) for doc_id, text, units in _document_units(prepared)}

    def _predict_document(self, text: str, units: list[dict], trace: list | None = None) -> list[dict]:
        """The quotations of one document; ``trace``, a list, receives the speaker candidates of each
        quotation with their features (the training data of the speaker ranker)."""
        from .actors import find_mentions


        registry = self._registry()
        rule_quotes = self._rule_quotes(text, units)
        spans = []
        for unit, features in zip(units, self._features(text, units, rule_quotes)):
            quotes, cues, speakers = _decode(unit["tokens"], self.tagger_.tag(features))
            # marginals refer to the sequence just tagged: choose the speakers now
            if not quotes or "B-SPK" not in self.labels_:
                chosen = {}
            elif self.ranker_ is not None:
                chosen = self._candidates(unit, quotes, cues, speakers)
            else:
                chosen = self._speakers(unit, quotes, speakers)
            spans.append((quotes, cues, chosen))
        out, history = [], []  # history: (sentence index, start, name, target) of named speakers
        for unit, (quotes, cues, chosen) in zip(units, spans):
            sent_starts = unit["sent_starts"]
            for code, qs, qe in quotes:
                sq = bisect.bisect_right(sent_starts, qs) - 1
                sq_end = bisect.bisect_right(sent_starts, qe - 1) - 1
                cue = _nearest(cues, qs, qe, sent_starts, sq, sq_end)
                rule = next((r for r in rule_quotes if r["type"] != "distancing" and r["speaker"]
                             and r["start"] < qe and qs < r["end"]), None)
                sentence = unit["first_sentence"] + sq
                name = target = None
                if self.ranker_ is not None:
                    speaker, via = self._rank(text, chosen.get((qs, qe)), rule, history, sentence, trace,
                                              (qs, qe, code))
                    if rule is not None and rule["speaker_target"] and rule["speaker_start"] is not None:
                        speaker, via = (rule["speaker_start"], rule["speaker_end"]), "crf"
                    if via == "previous":
                        name, target = history[-1][2], history[-1][3]
                    elif speaker is not None:
                        name, target = self._resolve(text, speaker, text[speaker[0]:speaker[1]], history, sentence,
                                                     registry, find_mentions)
                else:
                    speaker = chosen.get((qs, qe))
                    if rule is not None and rule["speaker_target"] and rule["speaker_start"] is not None:
                        # a speaker the rules resolve to a registry actor wins (no change on the held-out
                        # part of train, where few actors are in the registry; right on the seed article)
                        speaker = (rule["speaker_start"], rule["speaker_end"])
                    via = "crf" if speaker is not None else None
                    if speaker is not None:
                        words = text[speaker[0]:speaker[1]]
                        name, target = self._resolve(text, speaker, words, history, sentence, registry, find_mentions)
                    elif rule is not None:  # the rules found a speaker the CRF did not tag
                        name, target, via = rule["speaker"], rule["speaker_target"], "rules"
                        speaker = (rule["speaker_start"], rule["speaker_end"]) if rule["speaker_start"] is not None \
                            else None
                    elif history and sentence - history[-1][0] <= self.settings.inherit_window:
                        # free indirect speech, a quote paragraph: the last speaker goes on speaking
                        name, target, via = history[-1][2], history[-1][3], "previous"
                out.append({"type": "direct" if code == "D" else "indirect", "start": qs, "end": qe,
                            "cue": text[cue[0]:cue[1]] if cue else "", "cue_start": cue[0] if cue else None,
                            "cue_end": cue[1] if cue else None, "speaker": name,
                            "speaker_start": speaker[0] if speaker else None,
                            "speaker_end": speaker[1] if speaker else None, "speaker_target": target,
                            "quotation_type": _TYPE_OF_CODE[code], "source": "crf", "speaker_via": via})
                if name and speaker is not None and not _is_pronoun(text[speaker[0]:speaker[1]]):
                    history.append((sentence, speaker[0], name, target))
        return sorted(self._with_rules(out, rule_quotes), key=lambda q: (q["start"], q["end"]))

    def _with_rules(self, learned: list[dict], rules: list[dict]) -> list[dict]:
        """The learned quotations combined with the rules' (:func:`analysis.quotes.attribute_quotes`).

        - Distancing quotes (scare quotes, which the Wikinews scheme does not annotate) are the
          rules'; a learned quotation with the same span and no cue is one of them.
        - A direct quote of the rules inside a learned quotation is kept as a nested quotation
          ("sagte ein Gast, dass „das nächste Problem Kasachstan ist“": the Wikinews scheme nests
          quotations too).
        - With ``with_rules="union"``, every rule quotation that overlaps no learned one is added.
        """
        distancing = {(q["start"], q["end"]) for q in rules if q["type"] == "distancing"}
        out = [q for q in learned if not ((q["start"], q["end"]) in distancing and not q["cue"])]
        spans = [(q["start"], q["end"]) for q in out]
        for q in rules:
            rule = {**q, "quotation_type": q["type"].capitalize() if q["type"] != "distancing" else "distancing",
                    "source": "rules", "speaker_via": "rules" if q["speaker"] else None}
            overlaps = [(s, e) for s, e in spans if s < q["end"] and q["start"] < e]
            if q["type"] == "distancing":
                if (q["start"], q["end"]) not in spans:
                    out.append(rule)
            elif q["type"] == "direct" and q["cue"] and overlaps and all(
                    s <= q["start"] and q["end"] <= e and (s, e) != (q["start"], q["end"]) for s, e in overlaps):
                out.append(rule)  # nested in a learned quotation
            elif not overlaps and self.settings.with_rules == "union":
                out.append(rule)
        return out

    def _speakers(self, unit, quotes, speakers) -> dict:
        """(start, end) of each quotation of a unit → its speaker span (or none).

        The speaker is the CRF's speaker span outside the quotation, in its sentences or the one
        before, with the highest marginal probability P(B-SPK) at its first token (one in the
        quotation's own sentences first). With none, Viterbi decoding often preferred no speaker
        at all: then the token of that frame with the highest P(B-SPK), if at least
        ``speaker_threshold``, extended while P(I-SPK) is.
        """
        threshold = self.settings.speaker_threshold
        tokens, sent_of, starts = unit["tokens"], unit["sent_index"], unit["sent_starts"]
        marginal = self.tagger_.marginal
        chosen = {}
        first_token = {t[0]: j for j, t in enumerate(tokens)}
        for _, qs, qe in quotes:
            sq = bisect.bisect_right(starts, qs) - 1
            sq_end = bisect.bisect_right(starts, qe - 1) - 1
            framed = [sp for sp in speakers if (sp[1] <= qs or sp[0] >= qe)
                      and sq - 1 <= sent_of[first_token[sp[0]]] <= sq_end]
            if framed:  # the most probable of the CRF's speakers, the same sentence first
                chosen[(qs, qe)] = max(framed, key=lambda sp: (sq <= sent_of[first_token[sp[0]]],
                                                               marginal("B-SPK", first_token[sp[0]])))
                continue
            frame = [j for j, t in enumerate(tokens) if sq - 1 <= sent_of[j] <= sq_end and (t[1] <= qs or t[0] >= qe)]
            if not frame:
                continue
            p, best = max((marginal("B-SPK", j), j) for j in frame)
            if p < threshold:
                continue
            end = best
            while end + 1 < len(tokens) and sent_of[end + 1] == sent_of[best] and \
                    (tokens[end + 1][1] <= qs or tokens[end + 1][0] >= qe) and marginal("I-SPK", end + 1) >= threshold:
                end += 1
            chosen[(qs, qe)] = (tokens[best][0], tokens[end][1])
        return chosen

    def _candidates(self, unit, quotes, cues, speakers) -> dict:
        """(start, end) of each quotation of a unit → its speaker candidates for :meth:`_rank`:
        ``{"quote": features of the quotation, "spans": [((start, end), features)]}``.

        A candidate is a speaker span of the CRF's Viterbi path, or a token whose marginal
        P(B-SPK) is at least :data:`_CANDIDATE_P`, extended while P(I-SPK) is at least
        :data:`_CANDIDATE_P_INSIDE`; in the quotation's sentences or the one before, inside the
        quotation too (a span that swallowed its speaker: "Die Experten kamen zu dem Ergebnis, …").
        """
        tokens, sent_of, starts = unit["tokens"], unit["sent_index"], unit["sent_starts"]
        n = len(tokens)
        tok_starts = [t[0] for t in tokens]
        marginal = self.tagger_.marginal
        p_begin = [marginal("B-SPK", j) for j in range(n)]
        p_inside = [marginal("I-SPK", j) for j in range(n)]
        first_token = {t[0]: j for j, t in enumerate(tokens)}
        viterbi = {first_token[s]: bisect.bisect_left(tok_starts, e) - 1 for s, e in speakers}
        cue_tokens = sorted(j for s, e in cues for j in range(first_token[s], bisect.bisect_left(tok_starts, e)))
        lows = [t[2].lower() for t in tokens]
        lemmas = [(t[3] or t[2]).lower() for t in tokens]
        reporting = [t[2] in REPORTING_VERBS or lem in _REPORTING_LEMMAS for t, lem in zip(tokens, lemmas)]
        out = {}
        for code, qs, qe in quotes:
            sq = bisect.bisect_right(starts, qs) - 1
            sq_end = bisect.bisect_right(starts, qe - 1) - 1
            q0 = bisect.bisect_left(tok_starts, qs)
            q1 = max(q0, bisect.bisect_left(tok_starts, qe) - 1)
            quote = {"qtype=" + code: 1.0, "q_tokens": math.log1p(q1 - q0 + 1),
                     "q_conf": max(marginal("B-" + code, q0), marginal("I-" + code, q0))}
            frame = [j for j in range(n) if sq - 1 <= sent_of[j] <= sq_end]
            begins = sorted(set(j for j in frame if p_begin[j] >= _CANDIDATE_P) | {j for j in viterbi if j in frame},
                            key=lambda j: -p_begin[j])[:_MAX_CANDIDATES]
            found = {}  # (first, last token) → from the CRF, next to a reporting verb
            for j in begins:
                inside = q0 <= j <= q1
                if j in viterbi:
                    end = viterbi[j]
                else:
                    end = j
                    while end + 1 < n and sent_of[end + 1] == sent_of[j] and (q0 <= end + 1 <= q1) == inside \
                            and p_inside[end + 1] >= _CANDIDATE_P_INSIDE:
                        end += 1
                found[(j, end)] = [True, False]
            for j, end in _verb_neighbours(tokens, lows, sent_of, reporting, frame):
                found.setdefault((j, end), [False, False])[1] = True
            spans = []
            top = max(begins, key=lambda j: p_begin[j]) if begins else None
            for (j, end), (from_crf, by_verb) in found.items():
                inside = q0 <= j <= q1
                words = [tokens[k][2] for k in range(j, end + 1)]
                where = "inside" if inside else ("before" if j < q0 else "after")
                distance = 0 if inside else max(0, q0 - end if j < q0 else j - q1)
                cue_distance = min((min(abs(c - j), abs(c - end)) for c in cue_tokens), default=None)
                f = {"p_begin": p_begin[j], "p_inside": sum(p_inside[j + 1:end + 1]) / max(1, end - j),
                     "viterbi": float(j in viterbi), "top": float(j == top), "where=" + where: 1.0,
                     "from_crf": float(from_crf), "by_verb": float(by_verb),
                     "straddles": float(j < q0 <= end or j <= q1 < end),
                     "sentence=" + ("same" if sent_of[j] >= sq else "before"): 1.0,
                     "distance": math.log1p(distance), "n_tokens": math.log1p(end - j + 1),
                     "cue_distance": math.log1p(cue_distance) if cue_distance is not None else 3.0,
                     "no_cue": float(cue_distance is None),
                     "upper": float(words[0][:1].isupper()), "pronoun": float(lows[j] in _PRONOUNS),
                     "names": float(sum(w[:1].isupper() for w in words[1:]) > 0),
                     "role": float(any(_ROLE.search(w.lower()) and w[:1].isupper() for w in words)),
                     "saying_noun": float(any(lemmas[k] in _REPORTING_NOUNS or lows[k] in _REPORTING_NOUNS
                                              for k in range(j, end + 1))),
                     "sentence_first": float(j == 0 or sent_of[j - 1] != sent_of[j]),
                     "after_preposition": float(j > 0 and lows[j - 1] in _PREPOSITIONS),
                     "preposition": float(lows[j] in _PREPOSITIONS),
                     "reporting_before": float(j > 0 and reporting[j - 1]),
                     "reporting_after": float(end + 1 < n and reporting[end + 1]),
                     "laut": float(j > 0 and lows[j - 1] == "laut"),
                     "zufolge": float(end + 1 < n and lows[end + 1] == "zufolge"),
                     "function_word": float(len(words) == 1 and words[0][:1].islower() and lows[j] not in _PRONOUNS),
                     "article_only": float(len(words) == 1 and lows[j] in _ARTICLES),
                     "adverb": float(lows[j] in _NOT_SPEAKERS),
                     "p_relative": p_begin[j] / max([p_begin[k] for k in begins] + [p_begin[j]])}
                if inside:
                    f["inside|sentence_first"] = f["sentence_first"]
                    f["inside|reporting_after"] = f["reporting_after"]
                    f["inside|at_start"] = float(j == q0)
                spans.append(((tokens[j][0], tokens[end][1]), f))
            out[(qs, qe)] = {"quote": quote, "spans": spans}
        return out

    def _rank(self, text, candidates, rule, history, sentence, trace, key):
        """(speaker span or None, how it was found) of a quotation, chosen by the speaker ranker
        among the CRF's candidates (:meth:`_candidates`), the rules' speaker and the last speaker
        named (for ``inherit_window`` sentences); none when the best is less probable than the
        ranker's threshold."""
        candidates = candidates or {"quote": {}, "spans": []}
        rule_span = (rule["speaker_start"], rule["speaker_end"]) if rule is not None and \
            rule["speaker_start"] is not None else None
        options = []
        known = {key for _, _, name, _ in history[-_KNOWN_SPEAKERS:] for key in _name_words(name)}
        for span, f in candidates["spans"]:
            agrees = rule_span is not None and span[0] < rule_span[1] and rule_span[0] < span[1]
            options.append((span, "crf", {**f, **candidates["quote"], "kind=crf": 1.0, "rules_agree": float(agrees),
                                          "known": float(bool(known & _name_words(text[span[0]:span[1]])))}))
        if rule_span is not None and not any(f["rules_agree"] for _, _, f in options):
            options.append((rule_span, "rules", {**candidates["quote"], "kind=rules": 1.0}))
        if history and sentence - history[-1][0] <= self.settings.inherit_window:
            options.append((None, "previous", {**candidates["quote"], "kind=previous": 1.0,
                                               "previous_distance": float(sentence - history[-1][0])}))
        if trace is not None:
            trace.append((key, options, history[-1][2] if history else None))
        if not options:
            return None, None
        scored = [(self.ranker_.probability(f), i) for i, (_, _, f) in enumerate(options)]
        p, best = max(scored, key=lambda x: (x[0], -x[1]))
        if p < self.ranker_.threshold:
            return None, None
        return options[best][0], options[best][1]

    def _registry(self):
        if self.registry is None:
            from .actors import load_registry

            self.registry = load_registry()  # owned by this object: no module-level cache
        return self.registry

    def _resolve(self, text, span, words, history, sentence, registry, find_mentions):
        """(name, target) of a speaker span: a pronoun or role noun resolved to an earlier speaker."""
        low = words.lower()
        if _is_pronoun(words) or (low.startswith(_ROLE_DETERMINERS) and len(words.split()) <= 2
                                  and not any(m["kind"] != "proxy" for m in find_mentions(text, *span, registry=registry))):
            for past, _, name, target in reversed(history):
                if sentence - past > self.settings.pronoun_window:
                    break
                if low == "er" and _FEMININE.search(name):
                    continue  # "er" is not "die Sprecherin"
                return name, target
            if _is_pronoun(words):
                return words, None
        mentions = [m for m in find_mentions(text, span[0], span[1], registry=registry) if m["kind"] != "proxy"]
        people = [m for m in mentions if m["kind"] == "person"]
        return _normalise_name(words), (people or mentions)[0]["target"] if mentions else None

    # -- features -------------------------------------------------------------------------------
    def _rule_quotes(self, text: str, units: list[dict]) -> list[dict]:
        """The rules' quotations of a document (:func:`analysis.quotes.attribute_quotes`)."""
        sentences = [(s, e, unit["unit_id"]) for unit in units for s, e in unit["sentences"]]
        return attribute_quotes(text, sentences, registry=self._registry())

    def _features(self, text: str, units: list[dict], rules: list[dict]):
        """A pycrfsuite ItemSequence per unit (``rules``: the rules' quotations, for that group)."""
        import pycrfsuite

        groups = set(self.settings.features)
        rule_marks = _rule_marks(rules) if "rules" in groups else None
        previous = set()
        for unit in units:
            sequence, previous = _unit_features(text, unit, groups, rule_marks, previous)
            yield pycrfsuite.ItemSequence(sequence)


def speakers_path(path: str | Path) -> Path:
    """Where the speaker ranker of a CRF model file is stored: ``quotations.crfsuite`` →
    ``quotations.speakers.json``."""
    return Path(path).with_suffix(".speakers.json")


class SpeakerRanker:
    """Chooses a quotation's speaker among its candidates: a logistic regression over the features
    of :meth:`QuotationModel._candidates` and :meth:`QuotationModel._rank` (the CRF's marginals,
    where the candidate stands relative to the quotation and its cue, whether it is a name, a
    pronoun, a role noun, in a prepositional phrase, the rules' or the last speaker's).

    Parameters
    ----------
    C : float
        Inverse L2 penalty of scikit-learn's ``LogisticRegression``.
    threshold : float
        The least probability of the best candidate for a quotation to be given a speaker.

    Attributes
    ----------
    coef_ : dict
        Feature name → weight (features not seen in training weigh nothing).
    intercept_ : float

    Notes
    -----
    Stored as JSON (weights and settings; no pickle, no code), fitted by
    ``scripts/train_quotation_model.py`` on candidates of quotations in articles the CRF did not see
    (cross-fitting), labelled right when the candidate names the gold speaker.
    """

    def __init__(self, C: float = 1.0, threshold: float = 0.5):
        self.C = C
        self.threshold = threshold

    def fit(self, features: list[dict], labels: list[int]) -> SpeakerRanker:
        """Fit on candidate features (dicts of name → value) and their labels (1 right, 0 not)."""
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression

        if len(set(labels)) < 2:
            raise ValueError("the speaker ranker needs right and wrong candidates to learn from")
        vectorizer = DictVectorizer(sparse=False, sort=True)
        X = vectorizer.fit_transform(features)
        fitted = LogisticRegression(C=self.C, max_iter=2000).fit(X, labels)
        self.coef_ = {name: round(float(w), 6) for name, w in zip(vectorizer.feature_names_, fitted.coef_[0])}
        self.intercept_ = round(float(fitted.intercept_[0]), 6)
        return self

    def probability(self, features: dict) -> float:
        """P(right) of one candidate."""
        z = self.intercept_ + sum(self.coef_.get(name, 0.0) * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-z))

    def to_json(self) -> str:
        return json.dumps({"model": "logistic regression (scikit-learn) over speaker candidates of quotations",
                           "C": self.C, "threshold": self.threshold, "intercept": self.intercept_,
                           "coef": dict(sorted(self.coef_.items()))}, ensure_ascii=False, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str, *, source="speaker ranker") -> SpeakerRanker:
        """A ranker from its JSON (:meth:`to_json`); a ValueError naming ``source`` if it is not one."""
        try:
            data = json.loads(text)
            ranker = cls(C=float(data["C"]), threshold=float(data["threshold"]))
            ranker.coef_ = {str(k): float(v) for k, v in data["coef"].items()}
            ranker.intercept_ = float(data["intercept"])
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"{source}: not a speaker ranker file ({exc})") from None
        return ranker


def _write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def quote_records(table, doc_id, start: int, end: int) -> list[dict]:
    """The ``quotes`` fields of a ``score`` record for the sentence ``[start, end)`` of a document:
    ``type``, ``speaker`` (the target, else the words), ``start``, ``end``, ``speaker_name``, ``cue``."""
    rows = table[(table["doc_id"] == doc_id) & (table["start"] < end) & (table["end"] > start)]
    return [{"type": q.type, "speaker": q.speaker_target or q.speaker, "start": int(q.start), "end": int(q.end),
             "speaker_name": q.speaker, "cue": q.cue} for q in rows.itertuples()]


# -- document preparation ---------------------------------------------------------------------------
def _prepare(texts: dict):
    from .corpus import Corpus, Document
    from .pipeline import prepare

    return prepare(Corpus([Document(id=i, text=t) for i, t in texts.items()]), include_all=True, check=False)


def _document_units(prepared):
    """(doc_id, text, units) per document; a unit is a dict of its sentences and tokens with lemmas."""
    texts = {doc.id: doc.text for doc in prepared.corpus}
    sents, toks = prepared.sentences, prepared.tokens
    by_sentence: dict = {}
    for doc_id, sent_id, s, e, word, lemma in zip(toks["doc_id"].tolist(), toks["sent_id"].tolist(),
                                                  toks["start"].tolist(), toks["end"].tolist(),
                                                  toks["text"].tolist(), toks["lemma"].tolist()):
        by_sentence.setdefault((doc_id, sent_id), []).append((s, e, word, lemma))
    documents: dict = {}
    for index, (doc_id, sent_id, unit_id, s, e) in enumerate(zip(
            sents["doc_id"].tolist(), sents["sent_id"].tolist(), sents["unit_id"].tolist(),
            sents["start"].tolist(), sents["end"].tolist())):
        units = documents.setdefault(doc_id, [])
        if not units or units[-1]["unit_id"] != unit_id:
            first = sum(len(u["sentences"]) for u in units)
            units.append({"unit_id": unit_id, "sentences": [], "sent_starts": [], "tokens": [], "sent_index": [],
                          "first_sentence": first})
        unit = units[-1]
        tokens = by_sentence.get((doc_id, sent_id), [])
        unit["sent_index"] += [len(unit["sentences"])] * len(tokens)
        unit["sentences"].append((s, e))
        unit["sent_starts"].append(s)
        unit["tokens"] += tokens
    for doc_id, units in documents.items():
        yield doc_id, texts[doc_id], units


def _token_labels(units, quotes) -> dict:
    """(start, end) of each token → its BIO label: quote (with type) over speaker over cue."""
    tokens = [t for unit in units for t in unit["tokens"]]
    labels = {(t[0], t[1]): "O" for t in tokens}
    starts = [t[0] for t in tokens]

    def mark(spans, tag, only_free=True):
        for s, e in spans:
            first = True
            for i in range(bisect.bisect_left(starts, s), len(tokens)):
                ts, te = tokens[i][0], tokens[i][1]
                if ts >= e:
                    break
                if (ts + te) / 2 >= e or (ts + te) / 2 < s:
                    continue
                if labels[(ts, te)] == "O" or not only_free:
                    labels[(ts, te)] = ("B-" if first else "I-") + tag
                first = False

    by_length = sorted(quotes, key=lambda q: -sum(e - s for s, e in q["spans"]))
    for q in by_length:
        mark(q["spans"], QUOTATION_LABELS[q["type"]])
    for q in quotes:
        mark(q.get("speaker", []), "SPK")
    for q in quotes:
        mark(q.get("cue", []), "CUE")
    return labels


# -- features ---------------------------------------------------------------------------------------
def _rule_marks(rules) -> list:
    """(start, end, feature) for the spans of the rule-based quotations."""
    marks = []
    for q in rules:
        marks.append((q["start"], q["end"], "r" + q["type"][:3]))
        if q["cue_start"] is not None:
            marks.append((q["cue_start"], q["cue_end"], "rcue"))
        if q["speaker_start"] is not None:
            marks.append((q["speaker_start"], q["speaker_end"], "rspk"))
    return marks


def _shape(word: str) -> str:
    if word.isdigit():
        return "d"
    if not word[0].isalnum():
        return word if len(word) == 1 else "p"
    if word.isupper() and len(word) > 1:
        return "XX"
    return "Xx" if word[0].isupper() else "x"


def _unit_features(text, unit, groups, rule_marks, previous_flags):
    """Feature lists of the tokens of one unit, and the flags of its last sentence."""
    tokens = unit["tokens"]
    n = len(tokens)
    lows = [t[2].lower() for t in tokens]
    shapes = [_shape(t[2]) for t in tokens]
    lemmas = [(t[3] or t[2]).lower() for t in tokens]
    sent_of = unit["sent_index"]
    (ustart, uend) = unit["sentences"][0][0], unit["sentences"][-1][1]
    # quotation marks: each token's quote (closed or not) and whether the rules call it distancing
    quote_of = [None] * n
    starts = [t[0] for t in tokens]
    if "marks" in groups:
        for qs, qe, closed in find_quote_spans(text, ustart, uend):
            kind = classify_quote(text, qs, qe, bounds=(ustart, uend))
            lo = bisect.bisect_left(starts, qs)
            hi = bisect.bisect_left(starts, qe)
            length = "s" if qe - qs < 40 else ("m" if qe - qs < 200 else "l")
            for i in range(lo, hi):
                quote_of[i] = (kind[:4] + length, i == lo, i == hi - 1, closed)
    rule_of = [[] for _ in range(n)]
    if rule_marks:
        for rs, re_, name in rule_marks:
            if re_ <= ustart or rs >= uend:
                continue
            lo, hi = bisect.bisect_left(starts, rs), bisect.bisect_left(starts, re_)
            for i in range(lo, hi):
                rule_of[i].append(name + ("B" if i == lo else ""))
    reporting = [t[2] in REPORTING_VERBS or lem in _REPORTING_LEMMAS for t, lem in zip(tokens, lemmas)]
    konj = [t[2] in KONJUNKTIV_I for t in tokens]
    # sentence flags and each token's position relative to its sentence's reporting verb
    n_sent = len(unit["sentences"])
    flags = [set() for _ in range(n_sent)]
    first_rv = [None] * n_sent
    last_rv = [None] * n_sent
    for i in range(n):
        k = sent_of[i]
        if reporting[i]:
            flags[k].add("rv")
            first_rv[k] = i if first_rv[k] is None else first_rv[k]
            last_rv[k] = i
        if konj[i]:
            flags[k].add("k1")
        if lows[i] in ("laut", "zufolge"):
            flags[k].add(lows[i])
        if lows[i] == "nach" and i + 1 < n and lows[i + 1].endswith(SOURCE_NOUNS):
            flags[k].add("nachang")
        if tokens[i][2] in "„“\"»«":
            flags[k].add("q")
        if tokens[i][2] == ":":
            flags[k].add("colon")
    sent_first = [i == 0 or sent_of[i] != sent_of[i - 1] for i in range(n)]
    out = []
    for i in range(n):
        word, low = tokens[i][2], lows[i]
        k = sent_of[i]
        f = []
        if "word" in groups:
            f += ["w=" + low, "s=" + shapes[i], "suf=" + low[-3:], "pre=" + low[:3]]
            if lemmas[i] != low:
                f.append("l=" + lemmas[i])
        if "context" in groups:
            for d in (-2, -1, 1, 2):
                j = i + d
                f.append(f"w{d}=" + (lows[j] if 0 <= j < n else ("BOU" if j < 0 else "EOU")))
            f.append("w-1|w=" + (lows[i - 1] if i else "BOU") + "|" + low)
            f.append("s-1|s|s+1=" + (shapes[i - 1] if i else "B") + shapes[i] + (shapes[i + 1] if i + 1 < n else "E"))
        if "lexicon" in groups:
            if reporting[i]:
                f.append("rv")
            if konj[i]:
                f.append("k1")
            if low in _PRONOUNS:
                f.append("pron")
            if lemmas[i] in _REPORTING_NOUNS or low in _REPORTING_NOUNS:
                f.append("rn")
            if _ROLE.search(low) and word[:1].isupper():
                f.append("role")
            if low == "zu" and i + 1 < n and lows[i + 1].endswith("en"):
                f.append("zuinf")
            for d in (-3, -2, -1, 1, 2, 3):
                j = i + d
                if 0 <= j < n and sent_of[j] == k:
                    if reporting[j]:
                        f.append(f"rv@{d}")
                    if lows[j] in (":", ",", "so", "laut", "zufolge", "dass", "ob", "nach"):
                        f.append(f"{lows[j]}@{d}")
        if "sentence" in groups:
            f += ["S" + x for x in sorted(flags[k])]
            f += ["P" + x for x in sorted(flags[k - 1] if k else previous_flags)]
            if sent_first[i]:
                f.append("BOS")
            if i + 1 == n or sent_of[i + 1] != k:
                f.append("EOS")
            if first_rv[k] is not None:
                pos = "before" if i < first_rv[k] else "rv" if reporting[i] else \
                    "between" if i < last_rv[k] else "after"
                f += ["pos=" + pos, "pos|s=" + pos + "|" + shapes[i]]
                if abs(i - first_rv[k]) <= 4 or abs(i - last_rv[k]) <= 4:
                    f.append("nearrv|s=" + shapes[i])
            f.append("sent=" + ("first" if k == 0 else "later"))
        if "marks" in groups and quote_of[i] is not None:
            kind, begin, end, closed = quote_of[i]
            f.append("inq=" + kind)
            if begin:
                f.append("qopen")
            if end:
                f.append("qclose" if closed else "qopenend")
        if rule_marks is not None:
            f += rule_of[i]
        out.append(f)
    return out, (flags[-1] if flags else set())


# -- decoding ---------------------------------------------------------------------------------------
def _decode(tokens, tags):
    """(quotes [(code, start, end)], cues [(start, end)], speakers [(start, end)]) from BIO tags.

    An I- tag continues the span before it; quote tokens continue a quote whatever their type
    (the type of a quotation is the most frequent type of its tokens)."""
    quotes, cues, speakers = [], [], []
    current = None  # [kind, start, end, type counts]
    for (s, e, *_), tag in zip(tokens, tags):
        if tag == "O":
            current = None
            continue
        prefix, kind = tag.split("-", 1)
        group = kind if kind in ("CUE", "SPK") else "Q"
        if current is not None and prefix == "I" and current[0] == group:
            current[2] = e
            current[3][kind] = current[3].get(kind, 0) + 1
            continue
        current = [group, s, e, {kind: 1}]
        (cues if group == "CUE" else speakers if group == "SPK" else quotes).append(current)
    return ([(max(q[3], key=q[3].get), q[1], q[2]) for q in quotes], [(s, e) for _, s, e, _ in cues],
            [(s, e) for _, s, e, _ in speakers])


def _nearest(spans, qs, qe, sent_starts, sq, sq_end):
    """The span nearest the quotation ``[qs, qe)`` in its sentences ``sq``…``sq_end``, else in the
    sentence before or after them; outside the quotation; or None."""
    sent = lambda pos: bisect.bisect_right(sent_starts, pos) - 1  # noqa: E731
    outside = [sp for sp in spans if sp[1] <= qs or sp[0] >= qe]
    for frame in ((sq, sq_end), (sq - 1, sq_end + 1)):
        near = [sp for sp in outside if frame[0] <= sent(sp[0]) <= frame[1]]
        if near:
            return min(near, key=lambda sp: min(abs(sp[0] - qe), abs(qs - sp[1])))
    return None


def _name_words(words: str) -> set:
    """The capitalised words of a name, lower-cased ("Sir Richard Branson" → richard, branson)."""
    return {w.strip(".,;:()").lower() for w in words.replace("-", " ").split()
            if w[:1].isupper() and len(w.strip(".,;:()")) > 2}


def _verb_neighbours(tokens, lows, sent_of, reporting, frame):
    """(first, last token) of the words next to each reporting verb of ``frame`` (token indices), up
    to a punctuation mark and at most :data:`_NEIGHBOUR_TOKENS` long, that may be its subject: before
    it ("Die Betreiber sprechen …", "Branson sagte") and after it ("sagte Branson", "so die Sprecherin"),
    if they open with a capital, an article or a pronoun."""
    frame = set(frame)
    out = []
    for r in sorted(frame):
        if not reporting[r]:
            continue
        b = r
        while b - 1 in frame and sent_of[b - 1] == sent_of[r] and lows[b - 1] not in _BOUNDARIES and r - b < _NEIGHBOUR_TOKENS:
            b -= 1
        if b < r and (b == 0 or lows[b - 1] in _BOUNDARIES or sent_of[b - 1] != sent_of[r]) and _may_name(tokens[b][2], lows[b]):
            out.append((b, r - 1))
        e = r
        while e + 1 in frame and sent_of[e + 1] == sent_of[r] and lows[e + 1] not in _BOUNDARIES and e - r < _NEIGHBOUR_TOKENS:
            e += 1
        if e > r and _may_name(tokens[r + 1][2], lows[r + 1]):
            out.append((r + 1, e))
    return out


def _may_name(word: str, low: str) -> bool:
    return word[:1].isupper() or low in _ARTICLES or low in _PRONOUNS


def _is_pronoun(words: str) -> bool:
    return words.lower() in _PRONOUNS


def _normalise_name(words: str) -> str:
    """The speaker's words without a leading article or trailing punctuation."""
    words = re.sub(r"\s+", " ", words).strip(" ,.:;")
    return words

"""The learned measures: sentiment, frames, target mentions and stance from sentence vectors and rules.

Method
------
Each sentence is encoded by multilingual-e5-small (:mod:`analysis.encoder`); the rule measures'
own signals (:mod:`analysis.features`) are put beside the vector. Small logistic-regression heads
(:mod:`analysis.heads`), trained on the coded sample v2 (``data/annotations/v2``, ``CODING_v2.md``)
by ``make models``, turn them into codes:

- **sentiment**: one three-class head (-1/0/+1); ``score`` = P(+1) − P(−1), in [−1, 1]; the
  cross-validation chooses between a linear head and a kernel head (the same regression on a
  Nyström RBF kernel map, :class:`analysis.heads.KernelHead`), which lets dimensions of the
  sentence vector interact;
- **frames**: one binary head per codebook frame, with a threshold chosen on out-of-fold
  predictions of the training split (the F1-best one);
- **mentions**: for russia, eu and ukraine, one binary head per target over the sentences in which
  the registry or a broad word net finds a candidate (:func:`analysis.features.is_candidate`); the
  pair's features add the vector of the words around the candidate (so "Dynamo Kiew" and "Kiew
  liefert" differ) and the registry's kinds of mention (name, capital, person, proxy);
- **stance**: one three-class head over mentioned (sentence, target) pairs, target as a feature;
  the **holder** one multinomial head over the same pairs (journalist, russia, eu, ukraine, usa or
  other, never the target itself), whose signals include the rule stance's holder and the speaker of
  the quotations that cover the sentence, both read off the learned quotations
  (:class:`analysis.measures.QuotationsLearned`, :data:`FEATURE_METHODS`).

Hyperparameters were chosen by 5-fold cross-validation grouped by article on the training split
only; the frozen test split is scored only after the models are fixed (three times so far: the model
cards, ``data/validation/learned_test.csv``).

Evidence
--------
Every learned code keeps the model's probabilities, the rule signals that fed it with their
contributions (standardised value × weight; for a kernel head, the change of the score when
the signal is set to its training mean) and, per sentence, the three most similar coded
training sentences with their codes (``precedents``; their texts are not shipped, their ids
are: :func:`analysis.coded_sample.load_coded_sample` restores them from the corpora).
"""

from __future__ import annotations

import hashlib
import json
import weakref
from importlib import resources
from pathlib import Path

import numpy as np

from .encoder import SentenceEncoder
from .features import (FRAME_IDS, HOLDER_CLASSES, SENTENCE_SIGNALS, TARGET_SIGNALS, is_candidate,
                       sentence_signals, target_signals, target_window)
from .heads import LinearHead, head_from_json

__all__ = ["LEARNED_TARGETS", "DEFAULT_MODEL_DIR", "SentenceFeatures", "build_features", "feature_measures",
           "LearnedModels"]

LEARNED_TARGETS = ("russia", "eu", "ukraine")
#: The measures whose records feed the learned ones (their features), in the order they are scored.
RULE_MEASURES = ("sentiment", "mentions", "quotations", "stance", "frames")
#: Their methods: the rules', except the quotations, which are the learned CRF's
#: (:class:`analysis.measures.QuotationsLearned`, issue 16; its scare quotes are the rules'), so that
#: the holders of stance are the speakers it finds (the rule stance reads them from the quotations).
FEATURE_METHODS = {"quotations": "learned"}
SENTIMENT_LABELS = (-1, 0, 1)
DEFAULT_MODEL_DIR = Path(str(resources.files("analysis") / "models"))
N_PRECEDENTS = 3


class SentenceFeatures:
    """The feature matrices of a list of ``score`` records (see the module doc).

    Attributes: ``vectors`` (n × 384), ``signals`` (n × len(SENTENCE_SIGNALS)), ``pairs`` (list of
    (record index, target) candidates), ``pair_vectors`` and ``pair_signals`` (one row per pair).
    """

    def __init__(self, vectors, signals, pairs, pair_vectors, pair_signals):
        self.vectors, self.signals = vectors, signals
        self.pairs, self.pair_vectors, self.pair_signals = pairs, pair_vectors, pair_signals

    def subset(self, rows) -> "SentenceFeatures":
        """The features of some records (their pairs renumbered)."""
        rows = list(rows)
        new = {old: n for n, old in enumerate(rows)}
        keep = [k for k, (i, _) in enumerate(self.pairs) if i in new]
        part = SentenceFeatures(self.vectors[rows], self.signals[rows], [(new[self.pairs[k][0]], self.pairs[k][1]) for k in keep],
                                self.pair_vectors[keep], self.pair_signals[keep])
        part.registry = getattr(self, "registry", None)
        return part

    def sentence_matrix(self) -> np.ndarray:
        return np.hstack([self.vectors, self.signals])

    def pair_matrix(self, rows=None) -> np.ndarray:
        """Per pair: sentence vector, window vector, target signals, sentence signals, the target,
        which other targets are candidates, and the target crossed with every signal (so that a
        war word can weigh differently for Ukraine, the attacked, than for Russia)."""
        rows = list(range(len(self.pairs)) if rows is None else rows)
        index = [self.pairs[r][0] for r in rows]
        candidates: dict[int, set] = {}
        for i, t in self.pairs:
            candidates.setdefault(i, set()).add(t)
        onehot = np.array([[float(self.pairs[r][1] == t) for t in LEARNED_TARGETS] for r in rows]).reshape(len(rows), -1)
        other = np.array([[float(t in candidates[self.pairs[r][0]] and t != self.pairs[r][1]) for t in LEARNED_TARGETS]
                          for r in rows]).reshape(len(rows), -1)
        signals = np.hstack([other, self.signals[index], self.pair_signals[rows]])
        crossed = [onehot[:, [k]] * signals for k in range(len(LEARNED_TARGETS))]
        return np.hstack([self.vectors[index], self.pair_vectors[rows], self.pair_signals[rows],
                          self.signals[index], onehot, other, *crossed])


def feature_measures(*, quotations=None) -> list:
    """New measure objects whose records are the learned measures' features (:data:`RULE_MEASURES`
    by the methods of :data:`FEATURE_METHODS`); training and prediction both use these.
    ``quotations``: a learned quotations measure to use (and share its loaded model)."""
    from .measures.base import make_measure

    return [quotations if n == "quotations" and quotations is not None
            else make_measure(n, method=FEATURE_METHODS.get(n, "rules")) for n in RULE_MEASURES]


def sentence_feature_names() -> list[str]:
    return [f"e5:{i}" for i in range(384)] + list(SENTENCE_SIGNALS)


def pair_feature_names() -> list[str]:
    other = [f"also_candidate:{t}" for t in LEARNED_TARGETS]
    crossed = [f"{t}×{name}" for t in LEARNED_TARGETS for name in other + list(SENTENCE_SIGNALS) + list(TARGET_SIGNALS)]
    return ([f"e5:{i}" for i in range(384)] + [f"e5_window:{i}" for i in range(384)] + list(TARGET_SIGNALS)
            + list(SENTENCE_SIGNALS) + [f"target:{t}" for t in LEARNED_TARGETS] + other + crossed)


def build_features(records: list[dict], encoder: SentenceEncoder, registry, *, targets=LEARNED_TARGETS) -> SentenceFeatures:
    """Encode the sentences (and the candidates' windows) and collect the rule signals."""
    vectors = encoder.encode([r["text"] for r in records])
    signals = np.array([sentence_signals(r) for r in records], dtype=np.float64).reshape(len(records), -1)
    pairs = [(i, t) for i, r in enumerate(records) for t in targets if is_candidate(r, t)]
    pair_vectors = encoder.encode([target_window(records[i], t) for i, t in pairs])
    # the width is explicit: a document that mentions no target has no pairs, and (0, -1) is no shape
    pair_signals = np.array([target_signals(records[i], t, registry) for i, t in pairs],
                            dtype=np.float64).reshape(len(pairs), len(TARGET_SIGNALS))
    return SentenceFeatures(vectors, signals, pairs, pair_vectors, pair_signals)


def _label(proba: dict, cuts, classes, p) -> int:
    """The label of a three-class head: by the cut points on P(+1) − P(−1) where the model has
    them (:func:`analysis.training.ordinal_thresholds`), else the most probable class."""
    if cuts is None or not {-1, 1} <= set(proba):
        return int(classes[int(np.argmax(p))])
    score = proba[1] - proba[-1]
    return -1 if score < cuts[0] else (1 if score > cuts[1] else 0)


def _holder(head: LinearHead | None, x: np.ndarray, target: str, rule_holder: str) -> tuple[str, dict]:
    """The most probable holder other than the target itself (self-stance is not coded), and the
    probabilities; without a holder head, the rules' holder.

    ``other`` names an actor outside the head's classes; when the rules name a registry target
    there that the head cannot (kazakhstan, china, nato: too rare in the coded sample), it is
    named (grouped 5-fold CV on the training split: nominal α 0.440 without, 0.444 with this)."""
    if head is None:
        return rule_holder, {}
    p = head.predict_proba(x[None, :])[0]
    ranked = sorted(zip(head.classes_, p.tolist()), key=lambda cp: -cp[1])
    holder = next((c for c, _ in ranked if c != target), rule_holder)
    if holder == "other" and rule_holder not in (*HOLDER_CLASSES, target):
        holder = rule_holder
    return holder, {c: round(v, 4) for c, v in zip(head.classes_, p.tolist())}


def _signal_contributions(head, x: np.ndarray, class_index: int, names: list[str], top: int = 4) -> list:
    """The rule signals with the largest contributions (the vector dimensions are summed as one)."""
    parts = head.contributions(x, class_index, names)
    vector = sum(v for k, v in parts.items() if k.startswith("e5"))
    rules = sorted(((k, v) for k, v in parts.items() if not k.startswith(("e5", "target:", "also_")) and abs(v) > 1e-6),
                   key=lambda kv: -abs(kv[1]))[:top]
    return [{"feature": "sentence vector", "contribution": round(vector, 4)}] + \
        [{"feature": k, "contribution": round(v, 4)} for k, v in rules]


class LearnedModels:
    """The fitted heads of the learned measures, loaded from a model folder.

    Parameters
    ----------
    model_dir : path
        A folder written by ``scripts/train_measures.py`` (``make models``) or by
        ``python -m analysis train``: ``heads.json``, ``precedents.npz``.
    encoder : SentenceEncoder, optional
        Shares an encoder (and its cache) with other objects.
    """

    def __init__(self, model_dir: str | Path = DEFAULT_MODEL_DIR, *, encoder: SentenceEncoder | None = None):
        self.model_dir = Path(model_dir)
        self.encoder = encoder
        self._heads = None
        self._precedents = None
        self.quotations = None  # a learned quotations measure to share (see select_measures)
        self._rules = None  # the rule measures whose records are the features
        self._last = None  # (weak reference to the last prepared corpus, its result)

    def __repr__(self) -> str:
        path = self.model_dir / "heads.json"
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.is_file() else "missing"
        return f"LearnedModels({str(self.model_dir)!r}, heads sha256 {digest})"

    def __getstate__(self) -> dict:
        # what a worker process needs: the settings; it loads the heads and the engine itself
        return {"model_dir": self.model_dir, "encoder": self.encoder, "quotations": self.quotations, "_heads": None,
                "_precedents": None, "_rules": None, "_last": None}

    def predict_prepared(self, prepared) -> tuple[list[dict], list[dict]]:
        """``(rule records, predictions)`` for every sentence of a prepared corpus.

        The rule measures (the features) are this object's own; the result for the last prepared
        corpus is kept (by weak reference), so that the four learned measures asking for the same
        corpus cost one pass.
        """
        if self._last is not None and self._last[0]() is prepared:
            return self._last[1]
        from .score import score_records

        if self._rules is None:
            self._rules = feature_measures(quotations=self.quotations)
        records = score_records(prepared, measures=self._rules)
        result = (records, self.predict(records, self._rules[1].loaded_registry()))
        self._last = (weakref.ref(prepared), result)
        return result

    @classmethod
    def from_heads(cls, heads: dict, *, encoder: SentenceEncoder | None = None) -> "LearnedModels":
        """Models from a heads dict as :func:`analysis.training.fit_learned` returns it (no precedents)."""
        models = cls(Path("."), encoder=encoder)
        models._heads = models._parse(heads)
        return models

    def heads(self) -> dict:
        if self._heads is None:
            path = self.model_dir / "heads.json"
            if not path.is_file():
                raise FileNotFoundError(f"{path}: no learned models here (run `make models` or `python -m analysis train`)")
            self._heads = self._parse(json.loads(path.read_text(encoding="utf-8")))
        return self._heads

    @staticmethod
    def _parse(data: dict) -> dict:
        return {"meta": data["meta"],
                "sentiment": head_from_json(data["sentiment"]),
                "frames": {f: LinearHead.from_json(h) for f, h in data["frames"].items()},
                "frame_thresholds": data["frame_thresholds"],
                "mentions": {t: LinearHead.from_json(h) for t, h in data["mentions"].items()},
                "mention_thresholds": data["mention_thresholds"],
                "stance": LinearHead.from_json(data["stance"]) if data.get("stance") else None,
                "holder": LinearHead.from_json(data["holder"]) if data.get("holder") else None,
                "sentiment_cuts": data.get("sentiment_cuts"), "stance_cuts": data.get("stance_cuts")}

    def precedents(self):
        if self._precedents is None:
            path = self.model_dir / "precedents.npz"
            with np.load(path, allow_pickle=False) as data:
                vectors = data["vectors"].astype(np.float32) / 127.0
                self._precedents = (vectors, data["items"].tolist(), json.loads(str(data["codes"])))
        return self._precedents

    def _encoder(self) -> SentenceEncoder:
        if self.encoder is None:
            self.encoder = SentenceEncoder()
        return self.encoder

    def predict(self, records: list[dict], registry, *, precedents: bool = True) -> list[dict]:
        """One dict per record: ``sentiment``, ``frames``, ``mentions``, ``stance`` (learned) with evidence."""
        heads = self.heads()
        feats = build_features(records, self._encoder(), registry)
        X = feats.sentence_matrix()
        names = sentence_feature_names()
        out = [self._sentence_codes(heads, X[i], names) for i in range(len(records))]
        if feats.pairs:
            self._pair_codes(heads, feats, records, out)
        if precedents and len(records) and (self.model_dir / "precedents.npz").is_file():
            self._add_precedents(feats.vectors, out)
        return out

    def _sentence_codes(self, heads, x, names) -> dict:
        head = heads["sentiment"]
        p = head.predict_proba(x[None, :])[0]
        proba = {int(c): float(v) for c, v in zip(head.classes_, p)}
        label = _label(proba, heads["sentiment_cuts"], head.classes_, p)
        frames, frame_proba = [], {}
        for frame in FRAME_IDS:
            fh = heads["frames"].get(frame)
            if fh is None:
                continue
            q = float(fh.predict_proba(x[None, :])[0, 1])
            frame_proba[frame] = round(q, 4)
            if q >= heads["frame_thresholds"][frame]:
                frames.append(frame)
        return {"sentiment": {"score": round(proba.get(1, 0.0) - proba.get(-1, 0.0), 4), "label": label,
                              "proba": {str(k): round(v, 4) for k, v in proba.items()},
                              "signals": _signal_contributions(head, x, head.classes_.index(label), names)},
                "frames": frames, "frame_proba": frame_proba, "targets": [], "mentions": {}, "stance": {}}

    def _pair_codes(self, heads, feats, records, out) -> None:
        P = feats.pair_matrix()
        names = pair_feature_names()
        stance_head = heads["stance"]
        for row, (i, target) in enumerate(feats.pairs):
            mh = heads["mentions"].get(target)
            rule = (records[i].get("stance") or {}).get(target) or {}
            if mh is None:  # no head for this target (too few examples): the registry decides
                q = float(target in (records[i].get("targets") or []))
            else:
                q = float(mh.predict_proba(P[row][None, :])[0, 1])
            mentioned = q >= heads["mention_thresholds"].get(target, 0.5)
            out[i]["mentions"][target] = round(q, 4)
            if not mentioned:
                continue
            out[i]["targets"].append(target)
            if stance_head is None:
                out[i]["stance"][target] = {"score": rule.get("score", 0.0), "label": rule.get("label", 0),
                                            "holder": rule.get("holder", "journalist"), "proba": {}, "signals": []}
                continue
            p = stance_head.predict_proba(P[row][None, :])[0]
            proba = {int(c): float(v) for c, v in zip(stance_head.classes_, p)}
            label = _label(proba, heads["stance_cuts"], stance_head.classes_, p)
            holder, holder_proba = _holder(heads.get("holder"), P[row], target, rule.get("holder", "journalist"))
            out[i]["stance"][target] = {
                "score": round(proba.get(1, 0.0) - proba.get(-1, 0.0), 4), "label": label, "holder": holder,
                "proba": {str(k): round(v, 4) for k, v in proba.items()},
                "signals": _signal_contributions(stance_head, P[row], stance_head.classes_.index(label), names),
                "holder_proba": holder_proba, "rule_holder": rule.get("holder", "journalist")}

    def _add_precedents(self, vectors, out) -> None:
        train, items, codes = self.precedents()
        sims = vectors @ train.T
        for i, row in enumerate(sims):
            best = np.argsort(-row, kind="stable")[:N_PRECEDENTS]
            out[i]["precedents"] = [{"item": items[j], "similarity": round(float(row[j]), 3), **codes[items[j]]}
                                    for j in best]

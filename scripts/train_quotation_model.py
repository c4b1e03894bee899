"""Train the quotation model (:mod:`analysis.quotation_model`) on the Wikinews quotation corpus.

Usage::

    python scripts/train_quotation_model.py ../shared/corpora/quotes_wikinews -o analysis/models/quotations.crfsuite
    python scripts/train_quotation_model.py ../shared/corpora/quotes_wikinews --tune   # the hyperparameter search
    python scripts/train_quotation_model.py ../shared/corpora/quotes_wikinews --tune-speakers   # the speaker ranker

Only ``train.jsonl`` is read. ``--tune`` holds out a fifth of its articles (seeded, by article),
trains every setting of :data:`GRID` on the rest, prints the held-out scores and writes them to
``data/validation/quotes_tuning.csv`` (metrics only). ``--tune-speakers`` does the same for the
speaker ranker (:class:`analysis.quotation_model.SpeakerRanker`): the CRF of :data:`CHOSEN` and a
ranker fitted on the other four fifths, every ``C`` × ``threshold`` of :data:`RANKER_GRID` scored on
the held-out fifth (``data/validation/quotes_speakers_tuning.csv``).

Without either, the model is trained on the whole of ``train.jsonl`` with :data:`CHOSEN` (the best
held-out setting), its speaker ranker with :data:`RANKER` (:func:`fit_ranker`: cross-fitted, so
that it learns from the CRF's candidates in articles the CRF did not see), and both are saved
(``quotations.crfsuite`` and ``quotations.speakers.json``); training is deterministic (CRFsuite's
L-BFGS, documents in file order, scikit-learn's L-BFGS), so two runs give the same bytes.
``dev.jsonl`` is never read here: it is scored once, by ``benchmarks/eval_quotes.py``.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

from analysis.actors import load_registry
from analysis.corpus import read_quotation_annotations
from analysis.paths import VALIDATION
from analysis.quotation_model import (DEFAULT_MODEL, FEATURE_SETS, QuotationModel, QuotationSettings, SpeakerRanker,
                                      _document_units, _prepare, speakers_path)
from analysis.report import write_table
from analysis.validate import _PRONOUNS, _name_keys, _trimmed, quotation_scores

SEED = 20261206
HELD_OUT = 0.2
#: The settings tried on the held-out fifth of train: the CRF's L1 and L2 penalties, with all feature
#: groups or without the rule-based quotations as features.
GRID = [
    {"c1": c1, "c2": c2, "features": features}
    for features in (FEATURE_SETS, tuple(f for f in FEATURE_SETS if f != "rules"))
    for c1 in (0.05, 0.2, 0.5)
    for c2 in (0.01, 0.1)
]
#: The setting chosen on the held-out part (``--tune``: the best mean of the overlap F1 and the
#: speaker F1), used for the committed model.
CHOSEN = {"c1": 0.5, "c2": 0.1, "features": tuple(f for f in FEATURE_SETS if f != "rules")}
assert QuotationSettings(**CHOSEN) == QuotationSettings(), "the defaults of QuotationSettings are the chosen setting"
#: The speaker ranker: folds of the cross-fitting, passes (each collects the candidates with the
#: ranker of the pass before: the speakers chosen earlier in an article are the "previous speaker"
#: candidates of later quotations), and the settings tried and chosen on the held-out fifth.
RANKER_FOLDS = 5
RANKER_PASSES = 2
RANKER_GRID = [{"C": C, "threshold": t} for C in (0.3, 1.0, 3.0) for t in (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5)]
RANKER = {"C": 0.3, "threshold": 0.25}


def _first_ranker() -> SpeakerRanker:
    """The ranker of the first pass, set by hand to mirror the CRF's own decoding: its Viterbi speaker
    or the most probable candidate, else the rules' speaker, else the previous one."""
    ranker = SpeakerRanker(threshold=0.5)
    ranker.coef_ = {"viterbi": 4.0, "p_begin": 4.0, "top": 1.0, "kind=rules": 2.0, "kind=previous": 1.0}
    ranker.intercept_ = -3.0
    return ranker


def split(documents, *, seed: int = SEED, share: float = HELD_OUT):
    """(train, held out): a seeded shuffle of the article ids."""
    ids = sorted(d["id"] for d in documents)
    random.Random(seed).shuffle(ids)
    held = set(ids[:round(len(ids) * share)])
    return [d for d in documents if d["id"] not in held], [d for d in documents if d["id"] in held]


def predictions(model: QuotationModel, documents) -> dict:
    table = model.predict(_prepare({d["id"]: d["text"] for d in documents}))
    table = table[table["type"] != "distancing"]
    table = table.astype(object).where(table.notna(), None)
    return {doc_id: group.to_dict("records") for doc_id, group in table.groupby("doc_id")}


def _gold_quote(text, gold, qs, qe):
    """The gold quotation a predicted one ``[qs, qe)`` stands for: the one sharing most characters,
    covering at least half of it or half covered by it (the matching of ``quotation_scores``)."""
    predicted = set(range(*_trimmed(text, qs, qe))) or {qs}
    best, most = None, 0
    for q in gold:
        chars = set()
        for s, e in q["spans"]:
            chars.update(range(*_trimmed(text, s, e)))
        shared = len(predicted & chars)
        if shared > most and (shared * 2 >= len(predicted) or shared * 2 >= len(chars)):
            best, most = q, shared
    return best


def speaker_examples(model: QuotationModel, documents, ranker: SpeakerRanker) -> tuple[list, list]:
    """(features, labels) of the speaker candidates of every quotation ``model`` finds in
    ``documents`` (choosing with ``ranker`` as it goes). A candidate is right (1) when the gold
    quotation it stands for has a speaker and the candidate overlaps its span or shares a name with
    it (a gold pronoun: with the nearest named gold speaker before it), as ``quotation_scores`` counts."""
    model.ranker_ = ranker
    features, labels = [], []
    gold_of = {d["id"]: d["quotes"] for d in documents}
    for doc_id, text, units in _document_units(_prepare({d["id"]: d["text"] for d in documents})):
        trace: list = []
        model._predict_document(text, units, trace)
        gold = gold_of[doc_id]
        named = sorted((s, text[s:e]) for q in gold for s, e in q["speaker"] if text[s:e].lower() not in _PRONOUNS)
        for (qs, qe, _), options, previous in trace:
            q = _gold_quote(text, gold, qs, qe)
            words = None
            if q is not None and q["speaker"]:
                words = " ".join(text[s:e] for s, e in q["speaker"])
                if words.lower() in _PRONOUNS:
                    before = [w for s, w in named if s < q["speaker"][0][0]]
                    words = before[-1] if before else words
            for span, _, f in options:
                if words is None:
                    right = False
                elif span is None:  # the previous speaker
                    right = bool(_name_keys(words) & _name_keys(previous))
                else:
                    right = any(s < span[1] and span[0] < e for s, e in q["speaker"]) or \
                        bool(_name_keys(words) & _name_keys(text[span[0]:span[1]]))
                features.append(f)
                labels.append(int(right))
    return features, labels


def _fit_fold(args):
    documents, k = args
    rest = [d for i, d in enumerate(documents) if i % RANKER_FOLDS != k]
    return QuotationModel(QuotationSettings(**CHOSEN)).fit(rest).model_bytes_


def fit_ranker(documents, *, jobs: int = 2, fold_models=None) -> tuple[list, list, list]:
    """(features, labels, fold models) of the speaker ranker's training data, cross-fitted: the
    documents in :data:`RANKER_FOLDS` folds (document ``i`` in fold ``i % RANKER_FOLDS``), each
    fold's candidates found by a CRF trained on the others, in :data:`RANKER_PASSES` passes."""
    if fold_models is None:
        with ProcessPoolExecutor(jobs) as pool:
            fold_models = list(pool.map(_fit_fold, [(documents, k) for k in range(RANKER_FOLDS)]))
    registry = load_registry()
    ranker = _first_ranker()
    for _ in range(RANKER_PASSES):
        features, labels = [], []
        for k, data in enumerate(fold_models):
            model = QuotationModel(QuotationSettings(**CHOSEN), registry=registry)
            model._set_model(data)
            f, y = speaker_examples(model, [d for i, d in enumerate(documents) if i % RANKER_FOLDS == k], ranker)
            features += f
            labels += y
        ranker = SpeakerRanker(**RANKER).fit(features, labels)
    return features, labels, fold_models


def _try(args):
    setting, train, held = args
    start = time.perf_counter()
    model = QuotationModel(QuotationSettings(**setting), registry=load_registry()).fit(train)
    table, types = quotation_scores(held, predictions(model, held), registry=model.registry)
    row = {"c1": setting["c1"], "c2": setting["c2"], "rules_as_features": "rules" in setting["features"],
           "model_kb": round(len(model.model_bytes_) / 1024)}
    for r in table.itertuples():
        row[f"{r.task}_f1"] = r.f1
    for task in ("quote_span_overlap", "speaker"):
        row[f"{task}_precision"] = float(table.set_index("task").loc[task, "precision"])
        row[f"{task}_recall"] = float(table.set_index("task").loc[task, "recall"])
    for r in types.itertuples():
        row[f"recall_{r.type}"] = r.recall_overlap
    row["mean_f1"] = (row["quote_span_overlap_f1"] + row["speaker_f1"]) / 2
    row["seconds"] = round(time.perf_counter() - start)
    print(row, flush=True)
    return row


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus_dir", help="the folder holding train.jsonl")
    parser.add_argument("-o", "--output", default=str(DEFAULT_MODEL))
    parser.add_argument("--tune", action="store_true", help="score GRID on the held-out part of train")
    parser.add_argument("--tune-speakers", action="store_true", help="score RANKER_GRID on the held-out part")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    path = Path(args.corpus_dir) / "train.jsonl"
    documents = read_quotation_annotations(path)
    print(f"{path}: {len(documents)} articles, sha256 {hashlib.sha256(path.read_bytes()).hexdigest()}")
    if args.tune:
        train, held = split(documents)
        with ProcessPoolExecutor(args.jobs) as pool:
            rows = list(pool.map(_try, [(setting, train, held) for setting in GRID]))
        table = pd.DataFrame(rows).sort_values("mean_f1", ascending=False)
        print(table.round(3).to_string(index=False))
        VALIDATION.mkdir(parents=True, exist_ok=True)
        write_table(table, VALIDATION / "quotes_tuning.csv")
        return 0
    if args.tune_speakers:
        train, held = split(documents)
        features, labels, _ = fit_ranker(train, jobs=args.jobs)
        model = QuotationModel(QuotationSettings(**CHOSEN), registry=load_registry()).fit(train)
        rows = []
        for setting in [None] + RANKER_GRID:
            model.ranker_ = None if setting is None else SpeakerRanker(**setting).fit(features, labels)
            table = quotation_scores(held, predictions(model, held), registry=model.registry)[0].set_index("task")
            row = {"ranker": setting is not None, "C": setting and setting["C"],
                   "threshold": setting and setting["threshold"],
                   "quote_span_overlap_f1": table.loc["quote_span_overlap", "f1"],
                   "quote_span_exact_f1": table.loc["quote_span_exact", "f1"],
                   **{f"speaker_{m}": table.loc["speaker", m] for m in ("precision", "recall", "f1")}}
            print(row, flush=True)
            rows.append(row)
        table = pd.DataFrame(rows).sort_values("speaker_f1", ascending=False, kind="stable")
        print(table.round(3).to_string(index=False))
        VALIDATION.mkdir(parents=True, exist_ok=True)
        write_table(table, VALIDATION / "quotes_speakers_tuning.csv")
        return 0
    model = QuotationModel(QuotationSettings(**CHOSEN)).fit(documents)
    features, labels, _ = fit_ranker(documents, jobs=args.jobs)
    model.ranker_ = SpeakerRanker(**RANKER).fit(features, labels)
    out = model.save(args.output)
    for path in (out, speakers_path(out)):
        print(f"{path}: {path.stat().st_size / 1024:.0f} KB, sha256 {hashlib.sha256(path.read_bytes()).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

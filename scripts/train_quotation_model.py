"""Train the quotation model (:mod:`analysis.quotation_model`) on the Wikinews quotation corpus.

Usage::

    python scripts/train_quotation_model.py ../shared/corpora/quotes_wikinews -o analysis/models/quotations.crfsuite
    python scripts/train_quotation_model.py ../shared/corpora/quotes_wikinews --tune   # the hyperparameter search

Only ``train.jsonl`` is read. ``--tune`` holds out a fifth of its articles (seeded, by article),
trains every setting of :data:`GRID` on the rest, prints the held-out scores and writes them to
``data/validation/quotes_tuning.csv`` (metrics only). Without ``--tune`` the model is trained on the
whole of ``train.jsonl`` with :data:`CHOSEN` (the best held-out setting) and saved; training is
deterministic (CRFsuite's L-BFGS, documents in file order), so two runs give the same bytes.
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
from analysis.quotation_model import DEFAULT_MODEL, FEATURE_SETS, QuotationModel, QuotationSettings, _prepare
from analysis.report import write_table
from analysis.validate import quotation_scores

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
    model = QuotationModel(QuotationSettings(**CHOSEN)).fit(documents)
    out = model.save(args.output)
    print(f"{out}: {out.stat().st_size / 1024:.0f} KB, sha256 {hashlib.sha256(out.read_bytes()).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Quotation spans and speakers against the German Wikinews quotation corpus (Petersen-Frey & Biemann 2024):
the rules (:func:`analysis.quotes.attribute_quotes`) and the learned model (:mod:`analysis.quotation_model`).

Both tools read the same prepared articles (:func:`analysis.pipeline.prepare`, every unit kept);
distancing quotes are left out (they are not speech). Scores: :func:`analysis.validate.quotation_scores`
(a gold quotation is found when a tool quotation covers at least half of its characters, and a
tool quotation is right when a gold one covers at least half of its own; exact spans; speakers that
name the same person or organisation; recall per quotation type). Speed: sentences per second of
each tool on one core, after preparation (the sentence and token tables are shared by every measure).

Only metric tables are written (no text): ``data/validation/quotes_wikinews.csv`` and
``quotes_wikinews_types.csv`` (the rules), ``quotes_wikinews_learned.csv`` and
``quotes_wikinews_learned_types.csv`` (the model). The model is tuned on a held-out part of
``train.jsonl`` (``scripts/train_quotation_model.py --tune``); ``dev.jsonl`` is scored once it is fixed.

Usage::

    python benchmarks/eval_quotes.py ../shared/corpora/quotes_wikinews/dev.jsonl
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

from analysis.actors import document_sentences, load_registry
from analysis.corpus import Corpus, Document, read_quotation_annotations
from analysis.paths import VALIDATION
from analysis.pipeline import prepare
from analysis.quotation_model import DEFAULT_MODEL, QuotationModel
from analysis.quotes import attribute_quotes
from analysis.report import write_table
from analysis.validate import quotation_scores


def _rules(prepared, registry) -> dict:
    texts = {doc.id: doc.text for doc in prepared.corpus}
    return {doc_id: attribute_quotes(texts[doc_id], spans, registry=registry)
            for doc_id, spans in document_sentences(prepared.sentences, ["start", "end", "unit_id"]).items()}


def _learned(prepared, model) -> dict:
    table = model.predict(prepared)
    table = table.astype(object).where(table.notna(), None)
    return {doc_id: group.to_dict("records") for doc_id, group in table.groupby("doc_id")}


def evaluate(path: str | Path, registry, model_path: str | Path = DEFAULT_MODEL) -> dict:
    """tool → (scores, recall by type, sentences per second)."""
    documents = read_quotation_annotations(path)
    prepared = prepare(Corpus([Document(id=d["id"], text=d["text"]) for d in documents]), include_all=True,
                       check=False)
    n_sentences = len(prepared.sentences)
    model = QuotationModel.load(model_path, registry=registry)
    out = {}
    for tool, run in (("rules", lambda: _rules(prepared, registry)), ("learned", lambda: _learned(prepared, model))):
        run()  # warm: lemma and registry caches
        start = time.perf_counter()
        predicted = run()
        speed = n_sentences / (time.perf_counter() - start)
        predicted = {k: [q for q in v if q["type"] != "distancing"] for k, v in predicted.items()}
        table, types = quotation_scores(documents, predicted, registry=registry)
        out[tool] = (table, types, speed)
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="quotes_wikinews/dev.jsonl")
    parser.add_argument("--model", default=str(DEFAULT_MODEL))
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    results = evaluate(args.path, load_registry(), args.model)
    both = pd.concat([t.assign(tool=tool) for tool, (t, _, _) in results.items()])
    print(both.pivot(index="task", columns="tool", values=["precision", "recall", "f1"]).round(3).to_string())
    types = results["rules"][1].merge(results["learned"][1], on=["type", "n_gold"], suffixes=("_rules", "_learned"))
    print(types.round(3).to_string(index=False))
    for tool, (_, _, speed) in results.items():
        print(f"{tool}: {speed:,.0f} sentences/s (one core, after preparation)")
    if not args.no_write:
        VALIDATION.mkdir(parents=True, exist_ok=True)
        write_table(results["rules"][0], VALIDATION / "quotes_wikinews.csv")
        write_table(results["rules"][1], VALIDATION / "quotes_wikinews_types.csv")
        write_table(results["learned"][0], VALIDATION / "quotes_wikinews_learned.csv")
        write_table(results["learned"][1], VALIDATION / "quotes_wikinews_learned_types.csv")
    return 0


if __name__ == "__main__":
    sys.exit(main())

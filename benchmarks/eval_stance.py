"""Evaluate mentions and stance against the human codes: the seed article and the frozen 10kGNAD sample.

The rules (``analysis/actors.py``, ``analysis/stance.py``, ``analysis/resources/actors/registry.yaml``,
``analysis/resources/lexicons/stance_cues.tsv``) were developed on the seed article only and frozen before this
script was first run on the 10kGNAD sample; the sample was never used for tuning.

Each sampled sentence is scored inside its whole article (so that pronouns and quotations have
their context), then looked up by its character offsets. Only metric tables are written (no text):
``data/validation/stance_seed.csv`` and ``data/validation/stance_gnad.csv``.

Usage::

    python benchmarks/eval_stance.py ../shared/corpora/10kgnad/articles.csv
"""

from __future__ import annotations

import argparse
import csv
import sys

import pandas as pd

from analysis.actors import load_registry
from analysis.corpus import Corpus, Document, read_text
from analysis.paths import ANNOTATIONS, SEED_ARTICLE, VALIDATION
from analysis.pipeline import prepare
from analysis.report import write_table
from analysis.stance import record_fields
from analysis.validate import label_agreement, load_coding, multilabel_agreement, restore_sample, stance_pairs

TARGETS = ("russia", "eu", "ukraine", "kazakhstan", "china", "usa", "nato", "csto")


def metric_rows(dataset: str, gold: pd.DataFrame, predicted: dict, second: pd.DataFrame | None = None) -> list[dict]:
    """Mention P/R/F1 per target, stance accuracy / macro-F1 / α (and the inter-coder α)."""
    units = list(gold.index)
    rows = []
    present = [t for t in TARGETS if any(t in g for g in gold["targets"])]
    mentions = multilabel_agreement(gold["targets"], [predicted[u]["targets"] for u in units], present)
    for row in mentions.itertuples(index=False):
        for measure in ("precision", "recall", "f1", "alpha"):
            rows.append({"dataset": dataset, "task": "mentions", "target": row.label, "measure": measure,
                         "value": float(getattr(row, measure)), "n": int(row.support)})
    labels = {u: {t: s["label"] for t, s in predicted[u]["stance"].items()} for u in units}
    holders = {u: {t: s["holder"] for t, s in predicted[u]["stance"].items()} for u in units}
    pairs = stance_pairs(gold, labels)
    for target in ["all", *present]:
        sub = pairs if target == "all" else pairs[pairs["target"] == target]
        if sub.empty:
            continue
        for measure, value in label_agreement(sub["gold"], sub["predicted"]).items():
            if measure != "n":
                rows.append({"dataset": dataset, "task": "stance", "target": target, "measure": measure,
                             "value": value, "n": len(sub)})
    both = pairs[[t in predicted[u]["stance"] for u, t in zip(pairs["unit"], pairs["target"])]]
    hits = [holders[u].get(t) == h for u, t, h in zip(both["unit"], both["target"], both["gold_holder"])]
    rows.append({"dataset": dataset, "task": "holder", "target": "all", "measure": "accuracy",
                 "value": sum(hits) / len(hits) if hits else float("nan"), "n": len(hits)})
    if second is not None:
        common = [u for u in units if u in second.index]
        a, b = gold.loc[common], second.loc[common]
        inter = multilabel_agreement(a["targets"], b["targets"], present)
        for row in inter.itertuples(index=False):
            rows.append({"dataset": dataset, "task": "mentions_intercoder", "target": row.label, "measure": "f1",
                         "value": float(row.f1), "n": int(row.support)})
        second_labels = {u: {t: lab for t, (lab, _) in st.items()} for u, st in b["stance"].items()}
        ipairs = stance_pairs(a, second_labels)
        for measure, value in label_agreement(ipairs["gold"], ipairs["predicted"]).items():
            if measure != "n":
                rows.append({"dataset": dataset, "task": "stance_intercoder", "target": "all", "measure": measure,
                             "value": value, "n": len(ipairs)})
    return rows


def evaluate_seed(registry) -> pd.DataFrame:
    prepared = prepare(read_text(SEED_ARTICLE))
    fields = record_fields(prepared, registry=registry)
    doc = prepared.corpus[0].id
    gold = load_coding(ANNOTATIONS / "seed_coder1.tsv")
    second = load_coding(ANNOTATIONS / "seed_coder2.tsv")
    return pd.DataFrame(metric_rows("seed", gold, {u: fields[(doc, u)] for u in gold.index}, second))


def evaluate_gnad(articles: str, registry) -> pd.DataFrame:
    sample = restore_sample(ANNOTATIONS / "gnad_sample.tsv", articles)
    with open(articles, encoding="utf-8", newline="") as handle:
        records = list(csv.reader(handle, delimiter=";", quotechar="'"))
    wanted = sorted(set(sample["record"]))
    corpus = Corpus([Document(id=str(r), text=records[r - 1][1]) for r in wanted])
    prepared = prepare(corpus)
    fields = record_fields(prepared, registry=registry)
    by_offsets = {(doc, int(s)): fields[(doc, int(i))] for doc, i, s in
                  prepared.sentences[["doc_id", "sent_id", "start"]].itertuples(index=False)}
    empty = {"targets": [], "stance": {}}
    predicted = {item: by_offsets.get((str(row.record), int(row.start)), empty) for item, row in sample.iterrows()}
    missing = sum(1 for item, row in sample.iterrows() if (str(row.record), int(row.start)) not in by_offsets)
    gold = pd.concat([load_coding(ANNOTATIONS / "gnad_codes_part1.tsv"),
                      load_coding(ANNOTATIONS / "gnad_codes_part2.tsv")]).sort_index()
    reliability = ANNOTATIONS / "gnad_codes_reliability.tsv"
    second = load_coding(reliability) if reliability.exists() else None
    if missing:
        print(f"note: {missing} sampled sentences not found at their offsets (scored as no mention)", file=sys.stderr)
    return pd.DataFrame(metric_rows("gnad", gold, predicted, second))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", help="path to 10kgnad/articles.csv (not part of the repository)")
    args = parser.parse_args(argv)
    registry = load_registry()
    VALIDATION.mkdir(parents=True, exist_ok=True)
    for name, table in (("seed", evaluate_seed(registry)), ("gnad", evaluate_gnad(args.articles, registry))):
        write_table(table, VALIDATION / f"stance_{name}.csv")
        wide = table.pivot_table(index=["task", "target"], columns="measure", values="value", sort=False)
        print(f"\n== {name} ==\n{wide.round(3).to_string()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

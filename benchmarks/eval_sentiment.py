"""Validate the sentence tone measure on data that may not be committed; write metric tables only.

Usage (from the project root)::

    .venv/bin/python benchmarks/eval_sentiment.py \\
        --gnad ../shared/corpora/10kgnad/articles.csv \\
        --headlines ../shared/corpora/headlines_negativity/headlines.csv

1. **10kGNAD frozen sample** (``data/annotations/gnad_sample.tsv``, 280 sentences stored by
   reference, codes in ``gnad_codes_part1.tsv`` + ``gnad_codes_part2.tsv``): the texts are restored
   from the local corpus (checked by SHA-1), each coded item is scored as one unit (an item may
   hold more than one sentence by our splitter), and each lexicon's labels are compared with the
   human codes: accuracy, macro-F1, Krippendorff's α (ordinal), confusion matrices, on the
   International + Wirtschaft items and on all 280. Where a double-coded reliability file
   (``gnad_codes_reliability.tsv``) exists, the human inter-coder α is reported beside it.
2. **Coded headlines** (8,765 German headlines with a human negativity label): ROC AUC of the
   negated score for ``label_negative`` (1 = negative), on all headlines and on those no coder
   marked ``unclear``; ``coverage`` is the share of headlines with any matched term, and precision
   and recall of the label -1 for the negative class.

Every measure is computed with the project's corrections and, for comparison, with the lexicons
as published. Writes ``data/validation/sentiment_gnad.csv``, ``sentiment_gnad_confusion.csv``
and ``sentiment_headlines_auc.csv`` (numbers only, no text) and prints them.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

import pandas as pd
from sklearn.metrics import roc_auc_score

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.corpus import Corpus, CorpusWarning, Document  # noqa: E402
from analysis.paths import ANNOTATIONS, VALIDATION  # noqa: E402
from analysis.pipeline import prepare  # noqa: E402
from analysis.report import write_table  # noqa: E402
from analysis.sentiment import default_lexicons, match_terms, score_documents  # noqa: E402
from analysis.validate import confusion, krippendorff_alpha, label_agreement, load_coding, restore_sample  # noqa: E402

VARIANTS = ("sentiws", "gpl", "combined")
SUBSETS = {"international_wirtschaft": ("International", "Wirtschaft"), "all": None}


def _score(texts: pd.Series) -> dict[str, pd.DataFrame]:
    """Scores of each text as one unit, with and without the project's corrections."""
    corpus = Corpus(Document(str(key), text) for key, text in texts.items())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CorpusWarning)  # short items "look English" to the checker
        prepared = prepare(corpus, include_all=True)
    if caught:
        print(f"({len(caught)} of {len(corpus)} texts flagged by the language check; scored anyway)", file=sys.stderr)
    out = {}
    for corrected in (True, False):
        lexicons, corrections = default_lexicons(**({} if corrected else {"corrections": None}))
        evidence = match_terms(prepared.tokens, lexicons=lexicons, corrections=corrections)
        out["project" if corrected else "published"] = score_documents(prepared, evidence=evidence).set_index("doc_id")
    return out


def _column(variant: str, kind: str) -> str:
    return kind if variant == "combined" else f"{kind}_{variant}"


def evaluate_gnad(articles: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    sample = restore_sample(ANNOTATIONS / "gnad_sample.tsv", articles)
    codes = pd.concat([load_coding(ANNOTATIONS / name, key="item")
                       for name in ("gnad_codes_part1.tsv", "gnad_codes_part2.tsv")])
    if codes.index.duplicated().any() or len(codes) != len(sample):
        raise SystemExit(f"expected one code per sample item ({len(sample)}), got {len(codes)}")
    scored = _score(sample["text"])
    rows, matrices = [], []
    reliability = ANNOTATIONS / "gnad_codes_reliability.tsv"
    second = load_coding(reliability, key="item")["sentiment"] if reliability.exists() else None
    for subset, sections in SUBSETS.items():
        items = sample.index if sections is None else sample.index[sample["section"].isin(sections)]
        gold = codes.loc[items, "sentiment"]
        for lexicon_version, scores in scored.items():
            table = scores.loc[[str(i) for i in items]]
            for variant in VARIANTS:
                predicted = table[_column(variant, "label")].to_numpy()
                rows.append({"sample": subset, "lexicon": variant, "weights": lexicon_version,
                             **label_agreement(gold, predicted)})
                matrix = confusion(gold.to_numpy(), predicted).stack().rename("n").reset_index()
                matrices.append(matrix.assign(sample=subset, lexicon=variant, weights=lexicon_version))
        if second is not None:
            both = second.index.intersection(items)
            rows.append({"sample": subset, "lexicon": "second coder", "weights": "human", "n": len(both),
                         "alpha": krippendorff_alpha(codes.loc[both, "sentiment"], second.loc[both]),
                         **{k: v for k, v in label_agreement(codes.loc[both, "sentiment"], second.loc[both]).items()
                            if k in ("accuracy", "macro_f1")}})
    metrics = pd.DataFrame(rows)[["sample", "lexicon", "weights", "n", "accuracy", "macro_f1", "alpha"]]
    confusions = pd.concat(matrices, ignore_index=True)[["sample", "lexicon", "weights", "gold", "predicted", "n"]]
    return metrics, confusions


def evaluate_headlines(path: Path) -> pd.DataFrame:
    data = pd.read_csv(path, dtype={"id": str})
    data = data[data["title"].fillna("").str.strip() != ""].drop_duplicates("id").set_index("id")
    scored = _score(data["title"])
    rows = []
    clear = data["unclear"].fillna("").str.strip() == ""  # "x" where a coder found the headline unclear
    for subset, keep in {"all": slice(None), "clear": clear}.items():
        labels = data.loc[keep, "label_negative"].astype(int)
        for lexicon_version, scores in scored.items():
            table = scores.loc[labels.index]
            for variant in VARIANTS:
                score = table[_column(variant, "score")]
                rows.append({"subset": subset, "lexicon": variant, "weights": lexicon_version,
                             "n": len(labels), "n_negative": int(labels.sum()),
                             "auc_negative": float(roc_auc_score(labels, -score)),
                             "coverage": float((score != 0).mean()),
                             "recall_negative_label": float((table.loc[labels == 1, _column(variant, "label")] == -1).mean()),
                             "precision_negative_label": float(
                                 labels[table[_column(variant, "label")] == -1].mean())})
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gnad", type=Path, help="10kGNAD articles.csv (local copy)")
    parser.add_argument("--headlines", type=Path, help="headlines_negativity/headlines.csv (local copy)")
    parser.add_argument("--out", type=Path, default=VALIDATION, help="folder for the metric tables")
    args = parser.parse_args(argv)
    if not (args.gnad or args.headlines):
        parser.error("give --gnad and/or --headlines")
    with pd.option_context("display.width", 160, "display.max_rows", 200):
        if args.gnad:
            metrics, confusions = evaluate_gnad(args.gnad)
            write_table(metrics, args.out / "sentiment_gnad.csv")
            write_table(confusions, args.out / "sentiment_gnad_confusion.csv")
            print(metrics.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
        if args.headlines:
            auc = evaluate_headlines(args.headlines)
            write_table(auc, args.out / "sentiment_headlines_auc.csv")
            print(auc.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

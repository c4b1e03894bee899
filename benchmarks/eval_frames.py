"""Evaluate frame detection once against the frozen 10kGNAD sample (metrics only, no text).

The codebook (``analysis/resources/codebooks/frames_de.yaml``) was written from the coding instructions and
tuned on the seed article only, then frozen (its SHA-256 is written next to the metrics) before
this script was first run; the 10kGNAD sample and its codes were never looked at or used for
tuning.

Each sampled sentence is located inside its whole article (segmented by the project pipeline, as
when the sample was drawn) by its character offsets, and frames are detected on that sentence.
Writes ``data/validation/frames_gnad.csv``: per frame (and micro/macro) precision, recall, F1,
support, predicted count and Krippendorff's α (nominal, tool vs. gold) for the whole sample and
for its two strata, plus ``alpha_coders``: the α between the primary codes and the independent
reliability coding (``gnad_codes_reliability.tsv``, 90 items) where that file exists.

Usage::

    python benchmarks/eval_frames.py ../shared/corpora/10kgnad/articles.csv
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pandas as pd  # noqa: E402

from analysis.corpus import Corpus, Document  # noqa: E402
from analysis.framing import DEFAULT_CODEBOOK, detect_frames, frame_agreement, frame_units, load_codebook  # noqa: E402
from analysis.paths import ANNOTATIONS, VALIDATION  # noqa: E402
from analysis.pipeline import prepare  # noqa: E402
from analysis.report import write_table  # noqa: E402
from analysis.validate import load_coding, restore_sample  # noqa: E402


def predict(articles: str, sample: pd.DataFrame, codebook) -> tuple[dict, int]:
    """Item → frames found by the tool, and the number of items not found at their offsets."""
    with open(articles, encoding="utf-8", newline="") as handle:
        records = list(csv.reader(handle, delimiter=";", quotechar="'"))
    wanted = sorted(set(sample["record"]))
    prepared = prepare(Corpus([Document(id=str(r), text=records[r - 1][1]) for r in wanted]))
    units = frame_units(prepared, detect_frames(prepared, codebook), codebook)
    starts = prepared.sentences.set_index(["doc_id", "sent_id"])["start"]
    by_offset = {(d, int(starts[(d, s)])): f for d, s, f in units[["doc_id", "sent_id", "frames"]].itertuples(index=False)}
    predicted, missing = {}, 0
    for item, row in sample.iterrows():
        key = (str(row.record), int(row.start))
        missing += key not in by_offset
        predicted[item] = by_offset.get(key, [])
    return predicted, missing


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", help="path to 10kgnad/articles.csv (not part of the repository)")
    parser.add_argument("--codebook", default=str(DEFAULT_CODEBOOK))
    args = parser.parse_args(argv)
    codebook = load_codebook(args.codebook)
    digest = hashlib.sha256(Path(args.codebook).read_bytes()).hexdigest()
    sample = restore_sample(ANNOTATIONS / "gnad_sample.tsv", args.articles)
    predicted, missing = predict(args.articles, sample, codebook)
    if missing:
        print(f"note: {missing} sampled sentences not found at their offsets (scored as no frame)", file=sys.stderr)
    gold = pd.concat([load_coding(ANNOTATIONS / "gnad_codes_part1.tsv"),
                      load_coding(ANNOTATIONS / "gnad_codes_part2.tsv")]).sort_index()
    reliability = ANNOTATIONS / "gnad_codes_reliability.tsv"
    second = load_coding(reliability) if reliability.exists() else None
    tables = []
    for name, items in (("gnad", gold.index),
                        ("gnad_target", gold.index[sample.loc[gold.index, "stratum"] == "target"]),
                        ("gnad_other", gold.index[sample.loc[gold.index, "stratum"] == "other"])):
        table = frame_agreement(gold.loc[items], predicted, codebook)
        if name == "gnad" and second is not None:
            common = [i for i in gold.index if i in second.index]
            inter = frame_agreement(gold.loc[common], second.loc[common, "frames"].to_dict(), codebook)
            table["alpha_coders"] = inter["alpha"].to_numpy()
            table["n_coders"] = len(common)
        tables.append(table.assign(sample=name, n_units=len(items)))
    result = pd.concat(tables, ignore_index=True)
    result["codebook_sha256"] = digest[:16]
    columns = ["sample", "label", "precision", "recall", "f1", "support", "predicted", "alpha", "alpha_coders",
               "n_coders", "n_units", "codebook_sha256"]
    result = result.reindex(columns=columns)
    path = write_table(result, VALIDATION / "frames_gnad.csv")
    print(result.drop(columns="codebook_sha256").round(3).to_string(index=False))
    print(f"\n-> {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

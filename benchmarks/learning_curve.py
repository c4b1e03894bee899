"""Learning curve of the learned measures: grouped 5-fold CV on 25/50/75/100 % of the train split.

Is coding more sentences worth it? For each share of the training split's articles (drawn once,
seeded; the Leipzig sentences count as articles of one sentence), the heads are refitted at the
settings of the committed models (``analysis/models/heads.json``: C, class weight) in 5-fold
cross-validation grouped by article, and the agreement with the reference coding is printed:
sentiment ordinal α (with cut points), frames macro-F1 (F1-best thresholds), mentions F1 over
russia/eu/ukraine (gold mentions outside the candidate net count as misses), stance ordinal α and
stance-holder nominal α. Train split only: the frozen test split is never read. Figures only.

Usage::

    python benchmarks/learning_curve.py ../shared/corpora
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from analysis.actors import load_registry  # noqa: E402
from analysis.coded_sample import load_coded_sample  # noqa: E402
from analysis.encoder import SentenceEncoder  # noqa: E402
from analysis.features import FRAME_IDS, holder_class  # noqa: E402
from analysis.heads import SEED, out_of_fold  # noqa: E402
from analysis.learned import DEFAULT_MODEL_DIR, LEARNED_TARGETS, build_features  # noqa: E402
from analysis.training import best_threshold, ordinal_thresholds  # noqa: E402
from analysis.validate import krippendorff_alpha  # noqa: E402
from train_measures import groups_of, rule_records  # noqa: E402

FRACTIONS = (0.25, 0.5, 0.75, 1.0)


def curve_point(features, coded, groups, heads) -> dict:
    """Grouped 5-fold CV agreement of every measure at the committed heads' settings."""
    setting = lambda h: dict(C=h["C"], class_weight=h["class_weight"])  # noqa: E731
    X = features.sentence_matrix()
    y = coded["sentiment"].to_numpy()
    oof = out_of_fold(X, y, groups, **setting(heads["sentiment"]))
    out = {"sentences": len(coded), "articles": len(set(groups.tolist())),
           "sentiment α": ordinal_thresholds(y, oof, sorted(set(y.tolist())))[1]}
    f1s = []
    for frame, head in heads["frames"].items():
        yf = np.array([int(frame in f) for f in coded["frames"]])
        if yf.sum() >= 2:
            f1s.append(best_threshold(yf, out_of_fold(X, yf, groups, **setting(head))[:, 1])[1])
    out["frames macro-F1"] = float(np.mean(f1s))
    P = features.pair_matrix()
    pair_groups = groups[[i for i, _ in features.pairs]]
    tp = fp = fn = 0
    for target, head in heads["mentions"].items():
        rows = [r for r, (_, t) in enumerate(features.pairs) if t == target]
        yt = np.array([int(target in coded["targets"][features.pairs[r][0]]) for r in rows])
        p = out_of_fold(P[rows], yt, pair_groups[rows], **setting(head))[:, 1]
        found = p >= best_threshold(yt, p)[0]
        tp += int((found & (yt == 1)).sum())
        fp += int((found & (yt == 0)).sum())
        fn += int((~found & (yt == 1)).sum())
        candidates = {features.pairs[r][0] for r in rows}
        fn += sum(target in ts and i not in candidates for i, ts in enumerate(coded["targets"]))
    out["mentions F1"] = 2 * tp / (2 * tp + fp + fn)
    stance = coded["stance"].tolist()
    rows = [r for r, (i, t) in enumerate(features.pairs) if t in stance[i]]
    ys = np.array([stance[features.pairs[r][0]][features.pairs[r][1]][0] for r in rows])
    oof = out_of_fold(P[rows], ys, pair_groups[rows], **setting(heads["stance"]))
    out["stance α"] = ordinal_thresholds(ys, oof, sorted(set(ys.tolist())))[1]
    if heads.get("holder"):
        raw = [stance[features.pairs[r][0]][features.pairs[r][1]][1] for r in rows]
        yh = np.array([holder_class(h) for h in raw])
        classes = sorted(set(yh.tolist()))
        oof = out_of_fold(P[rows], yh, pair_groups[rows], **setting(heads["holder"]))
        predicted = [next(classes[k] for k in np.argsort(-p) if classes[k] != features.pairs[r][1])
                     for r, p in zip(rows, oof)]
        codes = {h: k for k, h in enumerate(dict.fromkeys(raw + predicted))}
        out["holder α"] = krippendorff_alpha([codes[h] for h in raw], [codes[h] for h in predicted], level="nominal")
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", type=Path, help="the folder ../shared/corpora")
    parser.add_argument("--models", type=Path, default=DEFAULT_MODEL_DIR, help="whose settings to use")
    args = parser.parse_args(argv)
    heads = json.loads((args.models / "heads.json").read_text(encoding="utf-8"))
    coded = load_coded_sample(args.corpora)
    train = (coded["split"] == "train").to_numpy()
    records = [r for r, keep in zip(rule_records(coded, args.corpora), train) if keep]
    coded = coded[train].reset_index(drop=True)
    features = build_features(records, SentenceEncoder(), load_registry())
    groups = np.asarray(groups_of(coded))
    articles = np.random.default_rng(SEED).permutation(sorted(set(groups.tolist())))
    for fraction in FRACTIONS:
        keep = set(articles[: int(round(fraction * len(articles)))].tolist())
        rows = [i for i, g in enumerate(groups) if g in keep]
        point = curve_point(features.subset(rows), coded.iloc[rows].reset_index(drop=True), groups[rows], heads)
        print(f"{fraction:4.0%} of train: " + ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}"
                                                      for k, v in point.items()), flush=True)


if __name__ == "__main__":
    main()

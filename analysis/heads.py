"""Small linear heads on sentence vectors and rule signals: fit, choose, save and load as JSON.

A head is a (multinomial or binary) logistic regression (scikit-learn) on standardised features.
Its hyperparameters are chosen by cross-validation grouped by article (:func:`choose_head`): a
sentence never sits in a validation fold while another sentence of its article is in training,
which would leak the article's topic and wording. Only the training split is ever passed here.

A fitted head is stored as plain JSON (:meth:`LinearHead.to_json`): the classes, the scaler's mean
and scale, the coefficients and intercepts, the chosen settings and the cross-validated scores.
Loading it (:meth:`LinearHead.from_json`) executes no code, unlike a pickle, and the file can be
read and diffed by a person.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

__all__ = ["LinearHead", "choose_head", "out_of_fold", "write_json_atomic"]

#: Inverse regularisation strengths tried by :func:`choose_head`.
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
SEED = 20261206


@dataclass
class LinearHead:
    """A logistic regression on standardised features, storable as JSON.

    Attributes end in ``_`` once fitted: ``classes_``, ``mean_``, ``scale_``, ``coef_`` (one row
    per class, or one row for a binary head), ``intercept_``.
    """

    C: float = 1.0
    class_weight: str | None = None
    feature_names: list[str] = field(default_factory=list)
    info: dict = field(default_factory=dict)

    def fit(self, X: np.ndarray, y) -> "LinearHead":
        from sklearn.linear_model import LogisticRegression  # on use: scoring needs only numpy

        X = np.asarray(X, dtype=np.float64)
        self.mean_ = X.mean(axis=0)
        scale = X.std(axis=0)
        self.scale_ = np.where(scale > 1e-12, scale, 1.0)
        model = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=3000, random_state=SEED)
        model.fit((X - self.mean_) / self.scale_, np.asarray(y))
        self.classes_ = model.classes_.tolist()
        self.coef_, self.intercept_ = model.coef_, model.intercept_
        return self

    def decision(self, X: np.ndarray) -> np.ndarray:
        Z = (np.asarray(X, dtype=np.float64) - self.mean_) / self.scale_
        return Z @ self.coef_.T + self.intercept_

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Probabilities, one column per class in :attr:`classes_` order."""
        scores = self.decision(X)
        if scores.shape[1] == 1:  # binary: sigmoid of the one score
            p = 1.0 / (1.0 + np.exp(-scores[:, 0]))
            return np.column_stack([1.0 - p, p])
        scores = scores - scores.max(axis=1, keepdims=True)
        e = np.exp(scores)
        return e / e.sum(axis=1, keepdims=True)

    def contributions(self, x: np.ndarray, class_index: int, names: list[str] | None = None) -> dict[str, float]:
        """Each feature's share of one class's score for one row (standardised value × weight)."""
        z = (np.asarray(x, dtype=np.float64) - self.mean_) / self.scale_
        row = self.coef_[0] if self.coef_.shape[0] == 1 else self.coef_[class_index]
        sign = (1 if class_index == 1 else -1) if self.coef_.shape[0] == 1 else 1
        names = names or self.feature_names
        return {n: float(sign * v) for n, v in zip(names, z * row)}

    def to_json(self) -> dict:
        return {"kind": "logistic_regression", "C": self.C, "class_weight": self.class_weight,
                "classes": self.classes_, "feature_names": self.feature_names,
                "mean": _round(self.mean_), "scale": _round(self.scale_),
                "coef": [_round(r) for r in self.coef_], "intercept": _round(self.intercept_), "info": self.info}

    @classmethod
    def from_json(cls, data: dict) -> "LinearHead":
        if data.get("kind") != "logistic_regression":
            raise ValueError(f"not a linear head: kind={data.get('kind')!r}")
        head = cls(C=data["C"], class_weight=data["class_weight"], feature_names=data["feature_names"],
                   info=data.get("info", {}))
        head.classes_ = data["classes"]
        head.mean_, head.scale_ = np.array(data["mean"]), np.array(data["scale"])
        head.coef_, head.intercept_ = np.array(data["coef"]), np.array(data["intercept"])
        return head


def _round(values) -> list[float]:
    # 7 significant digits: far below any difference the heads can resolve, and half the file size
    return [float(f"{v:.7g}") for v in np.asarray(values, dtype=np.float64).tolist()]


def out_of_fold(X, y, groups, *, C: float, class_weight=None, n_splits: int = 5) -> np.ndarray:
    """Out-of-fold probabilities of a head, folds grouped by ``groups`` (deterministic)."""
    from sklearn.model_selection import GroupKFold

    X, y, groups = np.asarray(X), np.asarray(y), np.asarray(groups)
    classes = sorted(set(y.tolist()))
    proba = np.zeros((len(y), len(classes)))
    n_splits = min(n_splits, len(set(groups.tolist())))
    for train, test in GroupKFold(n_splits=n_splits).split(X, y, groups):
        if len(set(y[train].tolist())) < 2:  # a fold with one class: predict its share
            for j, c in enumerate(classes):
                proba[test, j] = float(np.mean(y[train] == c))
            continue
        head = LinearHead(C=C, class_weight=class_weight).fit(X[train], y[train])
        p = head.predict_proba(X[test])
        for j, c in enumerate(head.classes_):
            proba[test, classes.index(c)] = p[:, j]
    return proba


def choose_head(X, y, groups, score, *, grid=C_GRID, class_weights=(None, "balanced"),
                feature_names=None, n_splits: int = 5):
    """Fit the head whose grouped cross-validated ``score(y, proba)`` is highest.

    Returns the head fitted on all of ``X`` and ``info`` with every setting's score and the
    chosen one's out-of-fold probabilities (``oof``) for thresholds and reporting.
    """
    results = []
    for class_weight in class_weights:
        for C in grid:
            oof = out_of_fold(X, y, groups, C=C, class_weight=class_weight, n_splits=n_splits)
            results.append((score(np.asarray(y), oof), C, class_weight, oof))
    best = max(results, key=lambda r: (r[0], -r[1]))  # ties: the stronger regularisation
    head = LinearHead(C=best[1], class_weight=best[2], feature_names=list(feature_names or []))
    head.fit(X, y)
    head.info = {"cv_folds": n_splits, "cv_grouped_by": "article",
                 "cv_scores": [{"C": C, "class_weight": w, "score": round(float(s), 4)} for s, C, w, _ in results],
                 "cv_best": round(float(best[0]), 4)}
    return head, best[3]


def write_json_atomic(data, path: str | Path) -> None:
    """Write JSON through a temporary file and a rename (never a half-written model file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    tmp.replace(path)

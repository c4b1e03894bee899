"""Small linear heads on sentence vectors and rule signals: fit, choose, save and load as JSON.

A head is a (multinomial or binary) logistic regression (scikit-learn) on standardised features.
Its hyperparameters are chosen by cross-validation grouped by article (:func:`choose_head`): a
sentence never sits in a validation fold while another sentence of its article is in training,
which would leak the article's topic and wording. Only the training split is ever passed here.

A fitted head is stored as plain JSON (:meth:`LinearHead.to_json`): the classes, the scaler's mean
and scale, the coefficients and intercepts, the chosen settings and the cross-validated scores.
Loading it (:meth:`LinearHead.from_json`) executes no code, unlike a pickle, and the file can be
read and diffed by a person.

:class:`KernelHead` is the same logistic regression on a Nyström approximation of an RBF kernel
(Williams & Seeger 2001; scikit-learn's ``Nystroem``): the features are the kernel values
``exp(-γ‖z − l‖²)`` between the standardised input ``z`` and ``m`` landmark rows ``l`` drawn from the
training data, mapped by the Nyström normalisation. That map and the regression's weights are
folded into one ``m × k`` matrix, so a prediction is one kernel row times that matrix. It lets the
sentiment head use interactions between dimensions of the sentence vector that a linear head
cannot (grouped 5-fold CV on the training split of the coded sample: argmax α 0.546 for the best
linear head, 0.581 for the kernel head, which ``make models`` therefore chose; on the frozen test
split the two are level, 0.585 and 0.586: ``analysis/models/measures.md``). Its arrays are stored
in the JSON as base64 of little-endian float32 (:func:`_pack`), loaded with numpy only.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

__all__ = ["KernelHead", "LinearHead", "choose_head", "head_from_json", "out_of_fold", "write_json_atomic"]

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


@dataclass
class KernelHead:
    """A logistic regression on a Nyström RBF kernel map of standardised features, storable as JSON.

    ``C``: inverse regularisation; ``landmarks``: the number of landmark rows (at most the number of
    training rows); ``gamma``: the kernel width times the number of features (``γ = gamma / d``, so
    that the default suits standardised inputs of any width). Fitted: ``classes_``, ``mean_``,
    ``scale_``, ``landmarks_`` (m × d, standardised), ``weights_`` (m × k: the Nyström map times the
    regression's coefficients), ``intercept_``.
    """

    C: float = 1.0
    class_weight: str | None = None
    feature_names: list[str] = field(default_factory=list)
    info: dict = field(default_factory=dict)
    landmarks: int = 1000
    gamma: float = 0.5

    def fit(self, X: np.ndarray, y) -> "KernelHead":
        from sklearn.kernel_approximation import Nystroem
        from sklearn.linear_model import LogisticRegression

        X = np.asarray(X, dtype=np.float64)
        self.mean_ = X.mean(axis=0)
        scale = X.std(axis=0)
        self.scale_ = np.where(scale > 1e-12, scale, 1.0)
        Z = (X - self.mean_) / self.scale_
        self.gamma_ = self.gamma / X.shape[1]
        nystroem = Nystroem(gamma=self.gamma_, n_components=min(self.landmarks, len(Z)), random_state=SEED).fit(Z)
        model = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=3000, random_state=SEED)
        model.fit(nystroem.transform(Z), np.asarray(y))
        self.classes_ = model.classes_.tolist()
        # stored as float32: fold the map and the weights first, then round once
        self.landmarks_ = nystroem.components_.astype(np.float32)
        self.weights_ = (nystroem.normalization_.T @ model.coef_.T).astype(np.float32)
        self.intercept_ = model.intercept_
        return self

    def decision(self, X: np.ndarray) -> np.ndarray:
        Z = (np.asarray(X, dtype=np.float64) - self.mean_) / self.scale_
        L = self.landmarks_.astype(np.float64)
        distances = (Z ** 2).sum(axis=1)[:, None] - 2.0 * Z @ L.T + (L ** 2).sum(axis=1)[None, :]
        return np.exp(-self.gamma_ * np.maximum(distances, 0.0)) @ self.weights_.astype(np.float64) + self.intercept_

    predict_proba = LinearHead.predict_proba

    def contributions(self, x: np.ndarray, class_index: int, names: list[str] | None = None) -> dict[str, float]:
        """Each feature's share of one class's score for one row, by occlusion: the score minus the
        score with that feature at its training mean. The sentence vector's dimensions (names
        starting ``e5``) are occluded together and reported as one entry, ``e5``."""
        names = names or self.feature_names
        x = np.asarray(x, dtype=np.float64)
        vector = [j for j, n in enumerate(names) if n.startswith("e5")]
        groups = ([("e5", vector)] if vector else []) + [(n, [j]) for j, n in enumerate(names) if not n.startswith("e5")]
        rows = np.repeat(x[None, :], len(groups) + 1, axis=0)
        for k, (_, columns) in enumerate(groups, start=1):
            rows[k, columns] = self.mean_[columns]
        scores = self.decision(rows)
        if scores.shape[1] == 1:
            scores = scores * (1 if class_index == 1 else -1)
            class_index = 0
        return {n: float(scores[0, class_index] - scores[k, class_index]) for k, (n, _) in enumerate(groups, start=1)}

    def to_json(self) -> dict:
        return {"kind": "kernel_logistic_regression", "C": self.C, "class_weight": self.class_weight,
                "landmarks": self.landmarks, "gamma": self.gamma, "classes": self.classes_,
                "feature_names": self.feature_names, "mean": _round(self.mean_), "scale": _round(self.scale_),
                "kernel_gamma": float(self.gamma_), "landmark_rows": _pack(self.landmarks_),
                "weights": _pack(self.weights_), "intercept": _round(self.intercept_), "info": self.info}

    @classmethod
    def from_json(cls, data: dict) -> "KernelHead":
        if data.get("kind") != "kernel_logistic_regression":
            raise ValueError(f"not a kernel head: kind={data.get('kind')!r}")
        head = cls(C=data["C"], class_weight=data["class_weight"], feature_names=data["feature_names"],
                   info=data.get("info", {}), landmarks=data["landmarks"], gamma=data["gamma"])
        head.classes_ = data["classes"]
        head.mean_, head.scale_ = np.array(data["mean"]), np.array(data["scale"])
        head.gamma_ = data["kernel_gamma"]
        head.landmarks_, head.weights_ = _unpack(data["landmark_rows"]), _unpack(data["weights"])
        head.intercept_ = np.array(data["intercept"])
        return head


def head_from_json(data: dict):
    """A :class:`LinearHead` or :class:`KernelHead`, by the stored ``kind``."""
    kinds = {"logistic_regression": LinearHead, "kernel_logistic_regression": KernelHead}
    if data.get("kind") not in kinds:
        raise ValueError(f"unknown head kind {data.get('kind')!r} (known: {', '.join(kinds)})")
    return kinds[data["kind"]].from_json(data)


def _pack(array: np.ndarray) -> dict:
    """A float32 array as JSON: shape and base64 of its little-endian bytes."""
    array = np.ascontiguousarray(array, dtype="<f4")
    return {"dtype": "float32", "shape": list(array.shape), "base64": base64.b64encode(array.tobytes()).decode("ascii")}


def _unpack(data: dict) -> np.ndarray:
    if data.get("dtype") != "float32":
        raise ValueError(f"unsupported array dtype {data.get('dtype')!r}")
    return np.frombuffer(base64.b64decode(data["base64"]), dtype="<f4").reshape(data["shape"]).copy()


def _round(values) -> list[float]:
    # 7 significant digits: far below any difference the heads can resolve, and half the file size
    return [float(f"{v:.7g}") for v in np.asarray(values, dtype=np.float64).tolist()]


def out_of_fold(X, y, groups, *, C: float, class_weight=None, n_splits: int = 5, kind=None) -> np.ndarray:
    """Out-of-fold probabilities of a head (``kind``: :class:`LinearHead` unless given), folds
    grouped by ``groups`` (deterministic)."""
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
        head = (kind or LinearHead)(C=C, class_weight=class_weight).fit(X[train], y[train])
        p = head.predict_proba(X[test])
        for j, c in enumerate(head.classes_):
            proba[test, classes.index(c)] = p[:, j]
    return proba


def choose_head(X, y, groups, score, *, grid=C_GRID, class_weights=(None, "balanced"),
                feature_names=None, n_splits: int = 5, kernel_grid=()):
    """Fit the head whose grouped cross-validated ``score(y, proba)`` is highest.

    ``grid`` holds the linear heads' C values, ``kernel_grid`` those of :class:`KernelHead` (none
    unless given): the kind of head is chosen by the same cross-validation.

    Returns the head fitted on all of ``X`` and ``info`` with every setting's score and the
    chosen one's out-of-fold probabilities (``oof``) for thresholds and reporting.
    """
    results = []
    settings = [(LinearHead, C) for C in grid] + [(KernelHead, C) for C in kernel_grid]
    for class_weight in class_weights:
        for kind, C in settings:
            oof = out_of_fold(X, y, groups, C=C, class_weight=class_weight, n_splits=n_splits, kind=kind)
            results.append((score(np.asarray(y), oof), C, class_weight, oof, kind))
    best = max(results, key=lambda r: (r[0], -r[1]))  # ties: the stronger regularisation
    head = best[4](C=best[1], class_weight=best[2], feature_names=list(feature_names or []))
    head.fit(X, y)
    head.info = {"cv_folds": n_splits, "cv_grouped_by": "article",
                 "cv_scores": [{"head": "kernel" if k is KernelHead else "linear", "C": C, "class_weight": w,
                                "score": round(float(s), 4)} for s, C, w, _, k in results],
                 "cv_best": round(float(best[0]), 4)}
    return head, best[3]


def write_json_atomic(data, path: str | Path) -> None:
    """Write JSON through a temporary file and a rename (never a half-written model file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    tmp.replace(path)

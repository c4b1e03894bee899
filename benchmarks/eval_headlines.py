"""Headline negativity, leave one topic out: sentence vectors + rule signals vs TF-IDF vs the lexicons.

The coded headlines (``headlines_negativity/headlines.csv``, 8,765 headlines, seven topics, a
majority label of seven lay coders) test whether the learned method's features carry over to
topics they were not fitted on: for each topic, a logistic regression is fitted on the six other
topics (its C chosen by an inner cross-validation grouped by topic, on those six only) and scored
by ROC AUC on the held-out topic. Compared on the same splits: the same head on TF-IDF word 1-2
grams, and the rule method's combined lexicon score (no fitting). Only numbers are written
(``data/validation/headlines_loto_auc.csv``), never the headlines.

Usage::

    python benchmarks/eval_headlines.py ../shared/corpora/headlines_negativity/headlines.csv
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.corpus import Corpus, Document  # noqa: E402
from analysis.encoder import SentenceEncoder  # noqa: E402
from analysis.features import sentence_signals  # noqa: E402
from analysis.paths import VALIDATION  # noqa: E402
from analysis.pipeline import prepare  # noqa: E402
from analysis.report import write_table  # noqa: E402
from analysis.score import score_records  # noqa: E402

C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)


def _fit(X, y, groups):
    """Logistic regression with C chosen by grouped inner CV (AUC)."""
    best = None
    for C in C_GRID:
        scores = []
        for tr, va in GroupKFold(n_splits=min(3, len(set(groups)))).split(X, y, groups):
            model = LogisticRegression(C=C, max_iter=3000).fit(X[tr], y[tr])
            scores.append(roc_auc_score(y[va], model.decision_function(X[va])))
        if best is None or np.mean(scores) > best[0]:
            best = (np.mean(scores), C)
    return LogisticRegression(C=best[1], max_iter=3000).fit(X, y), best[1]


def headline_features(titles: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(sentence vectors + standardised rule signals, the rule method's combined score)."""
    docs = [Document(id=str(i), text=t) for i, t in enumerate(titles)]
    records = score_records(prepare(Corpus(docs), check=False))
    by_doc: dict[str, list[dict]] = {}
    for r in records:
        by_doc.setdefault(r["doc_id"], []).append(r)
    signals, rule = [], []
    for i in range(len(titles)):
        rs = by_doc.get(str(i), [])
        rows = np.array([sentence_signals(r) for r in rs]) if rs else np.zeros((1, 24))
        signals.append(rows.sum(axis=0))  # a headline split in two sentences: signals summed
        rule.append(min(r["sentiment"]["score"] for r in rs) if rs else 0.0)
    S = np.array(signals)
    S = (S - S.mean(axis=0)) / np.where(S.std(axis=0) > 0, S.std(axis=0), 1.0)
    return np.hstack([SentenceEncoder().encode(titles), S]), np.array(rule)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("headlines", type=Path)
    parser.add_argument("-o", "--out", type=Path, default=VALIDATION / "headlines_loto_auc.csv")
    args = parser.parse_args(argv)
    data = pd.read_csv(args.headlines)
    titles = data["title"].fillna("").astype(str).tolist()
    y = data["label_negative"].to_numpy().astype(int)
    topics = data["category"].to_numpy()
    X, rule = headline_features(titles)
    rows = []
    for topic in sorted(set(topics)):
        test, train = topics == topic, topics != topic
        model, C = _fit(X[train], y[train], topics[train])
        tfidf = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
        T_train = tfidf.fit_transform(np.array(titles, dtype=object)[train])
        T_test = tfidf.transform(np.array(titles, dtype=object)[test])
        tmodel, tC = _fit(T_train, y[train], topics[train])
        rows += [
            {"topic": topic, "method": "model (e5 + rule signals)", "auc": roc_auc_score(y[test], model.decision_function(X[test])),
             "C": C, "n": int(test.sum())},
            {"topic": topic, "method": "tfidf + logistic regression", "auc": roc_auc_score(y[test], tmodel.decision_function(T_test)),
             "C": tC, "n": int(test.sum())},
            {"topic": topic, "method": "dictionary (combined score)", "auc": roc_auc_score(y[test], -rule[test]),
             "C": np.nan, "n": int(test.sum())},
        ]
    table = pd.DataFrame(rows)
    mean = table.groupby("method", sort=False)["auc"].agg(["mean", "std"]).reset_index()
    table = pd.concat([table, mean.rename(columns={"mean": "auc", "std": "sd"}).assign(topic="mean")], ignore_index=True)
    write_table(table, args.out)
    print(table.to_string(index=False))


if __name__ == "__main__":
    main()

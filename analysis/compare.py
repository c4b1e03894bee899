"""Comparing documents and groups of documents: by outlet, by period, by any metadata column.

Sentences of one article are not independent observations: an article that is negative throughout
would make a single outlet look certain. :func:`group_means` therefore resamples whole documents
(a cluster bootstrap; Field & Welsh 2007), keeping every sentence of a drawn document, and reports
the mean of the sentence values per group with a percentile interval. Periods come from the
documents' ``date`` (:func:`add_metadata` with ``period="week"`` or ``"month"``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .bootstrap import bootstrap_interval

__all__ = ["PERIODS", "add_metadata", "group_means"]

#: How dates are grouped: ISO week (Monday) or calendar month, labelled by their first day.
PERIODS = ("week", "month")


def add_metadata(table: pd.DataFrame, metadata: pd.DataFrame, *, columns=("outlet", "date"),
                 period: str | None = None) -> pd.DataFrame:
    """Join document metadata (from ``Corpus.metadata``) to a per-sentence table on ``doc_id``.

    With ``period``, adds a ``period`` column: the first day of the date's ISO week or month
    (``YYYY-MM-DD``), so that weeks of different years never merge. Documents without a date get
    no period (``NaN``) and are left out of period comparisons by :func:`group_means`.
    """
    if period is not None and period not in PERIODS:
        raise ValueError(f"period={period!r}; valid: {', '.join(PERIODS)}")
    meta = metadata.rename(columns={"id": "doc_id"})[["doc_id", *columns]].astype({"doc_id": str})
    out = table.astype({"doc_id": str}).merge(meta, on="doc_id", how="left")
    if period is not None:
        dates = pd.to_datetime(out["date"], errors="coerce")
        start = dates.dt.to_period("W-SUN" if period == "week" else "M").dt.start_time
        out["period"] = start.dt.strftime("%Y-%m-%d")
    return out


def group_means(table: pd.DataFrame, *, value: str, by, cluster: str = "doc_id", n_boot: int = 2000,
                seed: int = 0, level: float = 0.95) -> pd.DataFrame:
    """Mean of ``value`` per group with a cluster-bootstrap percentile interval.

    Parameters
    ----------
    table : DataFrame
        One row per observation (sentence, or sentence × target), with ``value``, the ``by``
        columns and the ``cluster`` column.
    by : str or list of str
        Grouping columns (e.g. ``"outlet"``, ``["target", "period"]``).
    cluster : str
        Resampling unit: documents by default.
    n_boot, seed, level
        Resamples, the seed of ``numpy.random.default_rng``, the confidence level.

    Returns
    -------
    DataFrame
        The ``by`` columns, ``n`` (observations), ``n_clusters``, ``mean``, ``ci_low``,
        ``ci_high`` (equal to the mean when a group has a single document: no interval can be
        estimated from one cluster, ``ci_width_defined`` says so).
    """
    by = [by] if isinstance(by, str) else list(by)
    rng = np.random.default_rng(seed)
    rows = []
    data = table.dropna(subset=[value, *by])
    for key, group in data.groupby(by, sort=True):
        sums = group.groupby(cluster)[value].agg(["sum", "count"])
        k = len(sums)
        low, high = bootstrap_interval(sums["sum"].to_numpy(), counts=sums["count"].to_numpy(), rng=rng,
                                       n_boot=n_boot, level=level)
        key = key if isinstance(key, tuple) else (key,)
        rows.append({**dict(zip(by, key)), "n": len(group), "n_clusters": k,
                     "mean": float(group[value].mean()), "ci_low": float(low), "ci_high": float(high),
                     "ci_width_defined": k > 1})
    return pd.DataFrame(rows, columns=[*by, "n", "n_clusters", "mean", "ci_low", "ci_high", "ci_width_defined"])

"""The percentile bootstrap interval of a mean: the one implementation every analysis uses.

Resample the units with replacement ``n_boot`` times (Efron & Tibshirani 1993, *An Introduction
to the Bootstrap*, ch. 13), take the mean of each resample, and report the ``(1 - level) / 2`` and
``(1 + level) / 2`` quantiles of those means. With ``counts`` the units are clusters (documents)
holding ``counts`` observations whose values sum to ``values``: each resample's mean is the sum
of its clusters' sums over the sum of their counts (a cluster bootstrap; Field & Welsh 2007,
*Bootstrapping clustered data*, JRSS B 69(3)).

Every table with an interval names its columns ``ci_low`` and ``ci_high``.
"""

from __future__ import annotations

import numpy as np

__all__ = ["CI_COLUMNS", "bootstrap_interval"]

#: The column names of an interval, everywhere.
CI_COLUMNS = ("ci_low", "ci_high")


def bootstrap_interval(values, *, rng: np.random.Generator, n_boot: int = 2000, level: float = 0.95,
                       counts=None) -> tuple[float, float]:
    """``(low, high)``: the percentile bootstrap interval of the mean of ``values``.

    Parameters
    ----------
    values : array-like of float
        One value per unit; with ``counts``, the sum of each cluster's values.
    rng : numpy.random.Generator
        The generator (``numpy.random.default_rng(seed)``); draws ``n_boot × len(values)`` unit
        indices from it, so that a sequence of calls with one generator is reproducible.
    n_boot : int
        Resamples.
    level : float
        Confidence level.
    counts : array-like of int, optional
        Observations per cluster.

    Examples
    --------
    >>> bootstrap_interval([1.0, 1.0, 1.0], rng=np.random.default_rng(0))
    (1.0, 1.0)
    >>> low, high = bootstrap_interval([-1.0, 0.0, 1.0, 1.0], rng=np.random.default_rng(0))
    >>> bool(-1.0 <= low < 0.25 < high <= 1.0)
    True
    """
    values = np.asarray(values, dtype=float)
    alpha = (1 - level) / 2
    draws = rng.integers(0, len(values), size=(n_boot, len(values)))
    if counts is None:
        means = values[draws].mean(axis=1)
    else:
        means = values[draws].sum(axis=1) / np.asarray(counts)[draws].sum(axis=1)
    low, high = np.quantile(means, [alpha, 1 - alpha])
    return float(low), float(high)

"""Comparing documents and groups of documents: by outlet, by period, by any metadata column.

Sentences of one article are not independent observations: an article that is negative throughout
would make a single outlet look certain. :func:`group_means` therefore resamples whole documents
(a cluster bootstrap; Field & Welsh 2007), keeping every sentence of a drawn document, and reports
the mean of the sentence values per group with a percentile interval. Periods come from the
documents' ``date`` (:func:`add_metadata` with ``period="week"``, ``"month"`` or ``"year"``).

Not every corpus can be compared: it may have no column to group by, a single group, or no dates.
:func:`plan_comparison` says which comparisons a corpus allows and, for each one it does not, why,
so that a lesson skips a figure with a note instead of failing.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .bootstrap import bootstrap_interval

__all__ = ["PERIODS", "ComparisonPlan", "plan_comparison", "add_metadata", "group_means"]

#: How dates are grouped: ISO week (Monday), calendar month or year, labelled by their first day.
PERIODS = ("week", "month", "year")
_PANDAS_PERIOD = {"week": "W-SUN", "month": "M", "year": "Y"}
#: Metadata columns that describe a document's source, not a group to compare.
_NOT_GROUPS = ("id", "doc_id", "text", "title", "date", "source", "n_chars")


@dataclass(frozen=True)
class ComparisonPlan:
    """What a corpus can be compared by (from :func:`plan_comparison`).

    ``group`` and ``period`` are the requested column and period; ``why_not`` maps ``"group"``
    and ``"time"`` to the reason that comparison cannot be drawn (absent when it can); ``notes``
    hold what a reader must know about the ones that can (documents left out for lack of a value).
    """

    group: str
    period: str
    why_not: dict = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    @property
    def by_group(self) -> bool:
        """Whether the documents fall into at least two groups of ``group``."""
        return "group" not in self.why_not

    @property
    def over_time(self) -> bool:
        """Whether the dated documents fall into at least two periods."""
        return "time" not in self.why_not

    @property
    def join(self) -> dict:
        """Options of :func:`add_metadata`: the metadata columns to join (the group column and
        ``date`` where the comparison is possible) and the period."""
        return {"columns": [self.group] * self.by_group + ["date"] * self.over_time,
                "period": self.period if self.over_time else None}

    def skip_reason(self, needs: str, data: pd.DataFrame | None = None, *,
                    empty: str = "no rows to plot") -> str | None:
        """Why a figure that ``needs`` ``"group"`` or ``"time"`` cannot be drawn, or ``None``.

        ``data`` is the figure's table before grouping (joined by :func:`add_metadata`): when no
        row of it has a group (or a period), ``empty`` is the reason.
        """
        if needs not in ("group", "time"):
            raise ValueError(f"needs={needs!r}; valid: group, time")
        if needs in self.why_not:
            return self.why_not[needs]
        if data is not None:
            key = self.group if needs == "group" else "period"
            if data.empty or (key in data and data[key].isna().all()):
                return empty
        return None

    def draws(self, figure_id: str, *, needs: str, data: pd.DataFrame | None = None,
              empty: str = "no rows to plot") -> bool:
        """Whether to draw ``figure_id``; when not, print a note (``Note: <id> is not drawn: <why>.``).

        For lessons: the note is the visible trace of a figure a corpus cannot have.
        """
        reason = self.skip_reason(needs, data, empty=empty)
        if reason:
            print(f"Note: {figure_id} is not drawn: {reason}.")
        return reason is None

    def __str__(self) -> str:
        lines = [f"by {self.group}: " + ("yes" if self.by_group else f"no, {self.why_not['group']}"),
                 "over time: " + (f"yes, per {self.period}" if self.over_time else f"no, {self.why_not['time']}"),
                 *self.notes]
        return "\n".join(lines)


def _dates(values: pd.Series) -> pd.Series:
    """Dates from ISO text; the readers check the first ten characters (``YYYY-MM-DD``), so only
    those count (a time of day must not turn a date into NaT)."""
    return pd.to_datetime(values.astype("string").str[:10], format="%Y-%m-%d", errors="coerce")


def plan_comparison(metadata: pd.DataFrame, *, group: str = "outlet", period: str = "month") -> ComparisonPlan:
    """Which comparisons the documents in ``metadata`` (``Corpus.metadata``) allow, and why not.

    A comparison by ``group`` needs the column, with at least two different values; one over time
    needs ISO dates falling in at least two different ``period`` s. Documents without a value
    are left out of that comparison: the plan's notes count them.

    Raises
    ------
    ValueError
        ``period`` is not one of :data:`PERIODS`.
    """
    if period not in PERIODS:
        raise ValueError(f"period={period!r}; valid: {', '.join(PERIODS)}")
    why_not, notes = {}, []
    n_docs = len(metadata)
    candidates = [c for c in metadata.columns if c not in _NOT_GROUPS and c != group
                  and 1 < metadata[c].nunique() < n_docs]
    hint = f"; columns that could group these documents: {', '.join(candidates)}" if candidates else ""
    if group not in metadata.columns:
        why_not["group"] = f"the corpus has no column {group!r}{hint}"
    else:
        values = metadata[group].dropna().astype(str)
        values = values[values.str.strip() != ""]
        if values.empty:
            why_not["group"] = f"no document has a value in column {group!r}{hint}"
        elif values.nunique() < 2:
            why_not["group"] = (f"all documents with a value have {group} = {values.iloc[0]!r}: "
                                "one group, nothing to compare")
        elif len(values) < n_docs:
            notes.append(f"{n_docs - len(values)} of {n_docs} documents have no {group} and are left out of "
                         f"the comparison by {group}")
    dates = _dates(metadata["date"]) if "date" in metadata.columns else pd.Series(pd.NaT, index=metadata.index)
    if dates.notna().sum() == 0:
        why_not["time"] = "no document has a date"
    else:
        periods = dates.dropna().dt.to_period(_PANDAS_PERIOD[period]).unique()
        if len(periods) < 2:
            why_not["time"] = (f"all dated documents fall in one {period} (from {periods[0].start_time:%Y-%m-%d}): "
                               "nothing to compare over time")
        elif dates.isna().any():
            notes.append(f"{int(dates.isna().sum())} of {n_docs} documents have no date and are left out of the "
                         f"comparison over time")
    return ComparisonPlan(group=group, period=period, why_not=why_not, notes=tuple(notes))


def add_metadata(table: pd.DataFrame, metadata: pd.DataFrame, *, columns=("outlet", "date"),
                 period: str | None = None) -> pd.DataFrame:
    """Join document metadata (from ``Corpus.metadata``) to a per-sentence table on ``doc_id``.

    With ``period``, adds a ``period`` column: the first day of the date's ISO week, month or year
    (``YYYY-MM-DD``), so that weeks of different years never merge. Documents without a date get
    no period (``NaN``) and are left out of period comparisons by :func:`group_means`.

    A metadata column named like a column of ``table`` (a corpus ``label`` or ``section``, next to
    the sentiment label or the structural section of each sentence) keeps its name, so that it can
    be grouped by; the table's own column is renamed ``<name>_result``, with a warning.

    Raises
    ------
    ValueError
        An unknown ``period``, or a column that ``metadata`` lacks (check with :func:`plan_comparison`).
    """
    if period is not None and period not in PERIODS:
        raise ValueError(f"period={period!r}; valid: {', '.join(PERIODS)}")
    columns = list(columns)
    if period is not None and "date" not in columns:
        columns.append("date")
    missing = [c for c in columns if c not in metadata.columns]
    if missing:
        raise ValueError(f"the corpus metadata has no column {', '.join(map(repr, missing))}; "
                         f"it has: {', '.join(map(str, metadata.columns))}")
    meta = metadata.rename(columns={"id": "doc_id"})[["doc_id", *columns]].astype({"doc_id": str})
    clashes = [c for c in columns if c in table.columns and c != "doc_id"]
    if clashes:
        warnings.warn(f"metadata column(s) {', '.join(clashes)} share a name with the result table's; the metadata "
                      f"keep the name, the table's column(s) become {', '.join(c + '_result' for c in clashes)}",
                      stacklevel=2)
    out = table.astype({"doc_id": str}).merge(meta, on="doc_id", how="left", suffixes=("_result", ""))
    if period is not None:
        dates = _dates(out["date"])
        start = dates.dt.to_period(_PANDAS_PERIOD[period]).dt.start_time
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

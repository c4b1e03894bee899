"""Plots: each takes a result table and returns a matplotlib Figure; none of them saves.

Save with :func:`analysis.figures.save_figure`, which also writes the table behind the figure.
"""

from __future__ import annotations

import textwrap

import pandas as pd

from .figures import PALETTE, figure_style, new_figure

__all__ = ["plot_top_terms", "plot_dispersion"]

#: Palette colours that stand out as thin marks on white (Okabe–Ito without black and yellow).
_LINE_COLOURS = tuple(PALETTE[i] for i in (5, 6, 3, 1, 7, 2))


def plot_top_terms(counts: pd.DataFrame, *, n: int = 20, value: str = "per_1000", title: str | None = None,
                   width: str = "single"):
    """Horizontal bar chart of the ``n`` most frequent terms of a :func:`~analysis.terms.count_terms` table.

    The table must hold one group (filter it first); bars are sorted, the most frequent on top.
    """
    if value not in ("count", "per_1000"):
        raise ValueError(f"value={value!r}; valid: count, per_1000")
    top = counts.sort_values(["count", "term"], ascending=[False, True]).head(n)
    with figure_style():
        fig, ax = new_figure(width=width, aspect=0.25 + 0.045 * len(top))
        ax.barh(range(len(top)), top[value], color=PALETTE[5])
        ax.set_yticks(range(len(top)), top["term"])
        ax.invert_yaxis()
        ax.set_xlabel("per 1,000 words" if value == "per_1000" else "count")
        if title:
            ax.set_title(title, loc="left")
    return fig


def plot_dispersion(hits: pd.DataFrame, *, boundaries: pd.DataFrame | None = None, n_tokens: int | None = None,
                    title: str | None = None, width: str = "double"):
    """Lexical dispersion ("x-ray") plot of one document: a row per pattern, a tick per occurrence.

    Parameters
    ----------
    hits : DataFrame
        From :func:`analysis.terms.dispersion`, one document.
    boundaries : DataFrame, optional
        From :func:`analysis.terms.part_starts`: dashed lines at the start of each part, labelled
        with the subheading.
    n_tokens : int, optional
        Length of the document in tokens (the x axis ends there).
    """
    if hits["doc_id"].nunique() > 1:
        raise ValueError("plot_dispersion draws one document; filter hits by doc_id first")
    patterns = list(hits["pattern"].cat.categories) if hasattr(hits["pattern"], "cat") \
        else list(dict.fromkeys(hits["pattern"]))
    with figure_style():
        fig, ax = new_figure(width=width, aspect=0.12 + 0.045 * len(patterns))
        if boundaries is not None:
            for row in boundaries.itertuples(index=False):
                if row.part == 0:
                    continue
                ax.axvline(row.token_id, color="0.6", linewidth=0.6, linestyle="--", zorder=0)
                # alternate two label rows so that neighbouring subheadings do not overlap
                ax.text(row.token_id + 4, -0.55 - 0.45 * (row.part % 2),
                        textwrap.shorten(row.label, 26, placeholder="…"),
                        fontsize=5.5, color="0.35", ha="left", va="bottom")
        for y, pattern in enumerate(patterns):
            xs = hits.loc[hits["pattern"] == pattern, "token_id"]
            ax.scatter(xs, [y] * len(xs), marker="|", s=140, linewidths=1.2,
                       color=_LINE_COLOURS[y % len(_LINE_COLOURS)])
        ax.set_yticks(range(len(patterns)), patterns)
        ax.set_ylim(len(patterns) - 0.5, -1.4 if boundaries is not None else -0.5)
        if n_tokens:
            ax.set_xlim(0, n_tokens)
        ax.set_xlabel("token position in the article")
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0)
        if title:
            ax.set_title(title, loc="left")
    return fig

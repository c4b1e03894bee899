"""Plots: each takes a result table and returns a matplotlib Figure; none of them saves.

Save with :func:`analysis.figures.save_figure`, which also writes the table behind the figure.
The comparisons across groups and over time (:func:`plot_group_estimates`, :func:`plot_over_time`)
are seaborn figure-level grids (``FacetGrid``, ``relplot``) on tidy tables: small multiples keep
many groups readable, and a shared axis keeps every panel's rows on the names at the left. All
plots are drawn in :func:`analysis.figures.figure_style`, with colours from
:func:`analysis.figures.palette`.
"""

from __future__ import annotations

import textwrap

import pandas as pd

from .figures import LINE_COLOURS, PALETTE, WIDTHS, figure_style, new_figure, palette

__all__ = [
    "plot_top_terms", "plot_dispersion", "plot_keyness", "plot_collocations", "plot_dispersion_by_date",
    "plot_sentiment_arc", "plot_lexicon_comparison", "plot_stance_heatmap", "plot_stance_arc",
    "plot_actor_network", "plot_frame_prevalence", "plot_frame_sequence", "plot_frame_cooccurrence",
    "plot_frame_validation", "plot_group_estimates", "plot_over_time",
]

def _finish_heatmap(fig, ax, image, *, label: str, shrink: float, title: str | None) -> None:
    """The common frame of a heatmap: no ticks or spines, a labelled colour bar, the title."""
    ax.tick_params(length=0)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    fig.colorbar(image, ax=ax, shrink=shrink, label=label)
    if title:
        ax.set_title(title, loc="left")


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
                       color=LINE_COLOURS[y % len(LINE_COLOURS)])
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


def plot_keyness(table: pd.DataFrame, *, n: int = 15, n_reference: int | None = None, value: str = "g2",
                 target_label: str = "target", reference_label: str = "reference",
                 title: str | None = None, width: str = "single"):
    """Keyness bar chart in both directions (quanteda's ``textplot_keyness``).

    Parameters
    ----------
    table : DataFrame
        From :func:`analysis.keyness.keyness` or :func:`~analysis.keyness.keyness_groups`, one
        target group (filter it first).
    n : int
        The ``n`` terms most over-represented in the target (bars to the right).
    n_reference : int, optional
        The terms most under-represented (bars to the left; only negative scores); default ``n``.
    value : {"g2", "log_ratio"}
        What the bar length shows.
    """
    from matplotlib.patches import Patch

    if value not in ("g2", "log_ratio"):
        raise ValueError(f"value={value!r}; valid: g2, log_ratio")
    n_reference = n if n_reference is None else n_reference
    ordered = table.sort_values(["g2", "term"], ascending=[False, True])
    top = ordered[ordered["g2"] > 0].head(n)
    bottom = ordered[ordered["g2"] < 0].tail(n_reference) if n_reference else ordered.iloc[:0]
    shown = pd.concat([top, bottom])
    colours = [PALETTE[5] if g > 0 else PALETTE[6] for g in shown["g2"]]
    with figure_style():
        fig, ax = new_figure(width=width, aspect=0.25 + 0.045 * len(shown))
        ax.barh(range(len(shown)), shown[value], color=colours)
        ax.set_yticks(range(len(shown)), shown["term"])
        ax.invert_yaxis()
        ax.axvline(0, color="0.3", linewidth=0.6)
        ax.set_xlabel("signed G² (log-likelihood)" if value == "g2" else "log ratio (log₂ of relative frequencies)")
        handles = [Patch(color=PALETTE[5], label=target_label)]
        if len(bottom):
            handles.append(Patch(color=PALETTE[6], label=reference_label))
        ax.legend(handles=handles, loc="lower right", frameon=False)
        if title:
            ax.set_title(title, loc="left")
    return fig


def plot_collocations(table: pd.DataFrame, *, n: int = 15, title: str | None = None, width: str = "single"):
    """The ``n`` strongest collocations of :func:`analysis.collocations.collocations` as bars of G²,
    each labelled with its count and PMI."""
    top = table.sort_values(["g2", "collocation"], ascending=[False, True]).head(n)
    with figure_style():
        fig, ax = new_figure(width=width, aspect=0.25 + 0.05 * len(top))
        ax.barh(range(len(top)), top["g2"], color=PALETTE[3])
        ax.set_yticks(range(len(top)), top["collocation"])
        ax.invert_yaxis()
        for y, row in enumerate(top.itertuples(index=False)):
            ax.text(row.g2, y, f"  n={row.count}, PMI={row.pmi:.1f}", va="center", fontsize=6, color="0.3")
        ax.set_xlim(0, top["g2"].max() * 1.45 if len(top) else 1)
        ax.set_xlabel("G² (log-likelihood)")
        if title:
            ax.set_title(title, loc="left")
    return fig


def plot_dispersion_by_date(table: pd.DataFrame, *, value: str = "per_1000", title: str | None = None,
                            width: str = "double"):
    """Dispersion across a corpus: a row per pattern, a column per document in date order, the
    colour showing how often the pattern occurs (:func:`analysis.terms.dispersion_by_date`)."""
    if value not in ("count", "per_1000"):
        raise ValueError(f"value={value!r}; valid: count, per_1000")
    grid = table.pivot_table(index="pattern", columns="order", values=value, observed=False, fill_value=0)
    with figure_style():
        fig, ax = new_figure(width=width, aspect=0.12 + 0.045 * len(grid))
        image = ax.imshow(grid.to_numpy(), aspect="auto", interpolation="nearest", cmap="cividis")
        ax.set_yticks(range(len(grid)), grid.index.astype(str))
        ax.set_xlabel("documents, ordered by date")
        fig.colorbar(image, ax=ax, label="per 1,000 words" if value == "per_1000" else "count", shrink=0.8)
        if title:
            ax.set_title(title, loc="left")
    return fig


#: Colours of the tone labels -1, 0, +1 (Okabe–Ito vermillion, grey, blue).
_TONE_COLOURS = {-1: PALETTE[6], 0: "0.6", 1: PALETTE[5]}


def plot_sentiment_arc(scores: pd.DataFrame, *, gold: pd.Series | None = None, title: str | None = None,
                       width: str = "double", label: str = "combined"):
    """The tone of each sentence through one document (a :func:`~analysis.sentiment.score_sentences` table).

    The ``score`` column is the black line (legend: ``label``, e.g. ``"learned"`` for the learned
    method's score), each lexicon alone a thin coloured line; ``gold`` (hand
    codes -1/0/+1 indexed by ``sent_id``) is drawn as grey bars behind; dashed lines mark the
    subheadings.
    """
    if scores["doc_id"].nunique() > 1:
        raise ValueError("plot_sentiment_arc draws one document; filter scores by doc_id first")
    x = scores["sent_id"].to_numpy()
    with figure_style():
        fig, ax = new_figure(width=width, aspect=0.36)
        if gold is not None:
            codes = scores["sent_id"].map(gold)
            ax.bar(x, codes.fillna(0), width=0.8, color="0.88", zorder=0, label="hand coding")
        subheadings = scores.loc[scores["section"] == "subheading", ["sent_id", "text"]]
        for i, (sent_id, text) in enumerate(subheadings.itertuples(index=False)):
            ax.axvline(sent_id, color="0.55", linewidth=0.6, linestyle="--", zorder=1)
            # alternate two label rows so that neighbouring subheadings do not overlap
            ax.text(sent_id + 0.3, 1.04 + 0.14 * (i % 2), textwrap.shorten(text, 26, placeholder="…"),
                    fontsize=5.5, color="0.35", ha="left", va="bottom")
        for column, colour, name in (("score_sentiws", PALETTE[1], "SentiWS"),
                                      ("score_gpl", PALETTE[2], "Polarity Lexicon")):
            ax.plot(x, scores[column], color=colour, linewidth=0.7, label=name, zorder=2)
        ax.plot(x, scores["score"], color=PALETTE[0], linewidth=1.1, marker="o", markersize=2,
                label=label, zorder=3)
        ax.axhline(0, color="0.3", linewidth=0.5)
        ax.set_ylim(-1.05, 1.3)
        ax.set_yticks([-1, -0.5, 0, 0.5, 1])
        ax.set_xlim(x.min() - 0.6, x.max() + 0.6)
        ax.set_xlabel("sentence")
        ax.set_ylabel("tone")
        ax.legend(loc="lower left", ncols=4, frameon=False, bbox_to_anchor=(0, -0.42))
        if title:
            ax.set_title(title, loc="left", pad=14)
    return fig


def plot_lexicon_comparison(scores: pd.DataFrame, *, gold: pd.Series | None = None, threshold: float = 0.1,
                            title: str | None = None, width: str = "single"):
    """Each sentence's SentiWS score against its German Polarity Lexicon score.

    Points are coloured by ``gold`` (hand codes indexed by ``sent_id``) when given; dotted lines
    mark the label thresholds, the diagonal equal scores.
    """
    with figure_style():
        fig, ax = new_figure(width=width, aspect=0.9)
        codes = scores["sent_id"].map(gold) if gold is not None else pd.Series(0, index=scores.index)
        for label in (-1, 0, 1):
            part = scores[codes == label]
            ax.scatter(part["score_sentiws"], part["score_gpl"], s=9, color=_TONE_COLOURS[label], alpha=0.85,
                       linewidths=0, label={-1: "coded −1", 0: "coded 0", 1: "coded +1"}[label])
        ax.plot([-1, 1], [-1, 1], color="0.7", linewidth=0.5, zorder=0)
        for t in (-threshold, threshold):
            ax.axhline(t, color="0.7", linewidth=0.5, linestyle=":")
            ax.axvline(t, color="0.7", linewidth=0.5, linestyle=":")
        ax.set_xlim(-1.05, 1.05)
        ax.set_ylim(-1.05, 1.05)
        ax.set_xlabel("SentiWS score")
        ax.set_ylabel("German Polarity Lexicon score")
        if gold is not None:
            ax.legend(loc="upper left", frameon=False, handletextpad=0.2)
        if title:
            ax.set_title(title, loc="left")
    return fig


def plot_stance_heatmap(matrix: pd.DataFrame, *, title: str | None = None, width: str = "single"):
    """Heatmap of mean stance, holders in rows and targets in columns (a :func:`~analysis.stance.holder_target_matrix`).

    Each cell shows the mean score (diverging colours, -1 orange … +1 blue) and, below it, the
    bootstrap interval and the number of sentence-target pairs.
    """
    import numpy as np
    from matplotlib.colors import LinearSegmentedColormap

    holders = list(dict.fromkeys(matrix["holder"]))
    targets = list(dict.fromkeys(matrix["target"]))
    grid = np.full((len(holders), len(targets)), np.nan)
    for row in matrix.itertuples(index=False):
        grid[holders.index(row.holder), targets.index(row.target)] = row.mean
    cmap = LinearSegmentedColormap.from_list("stance", [PALETTE[6], "#F7F7F7", PALETTE[5]])
    with figure_style():
        fig, ax = new_figure(width=width, aspect=0.2 + 0.11 * len(holders))
        image = ax.imshow(np.ma.masked_invalid(grid), cmap=cmap, vmin=-1, vmax=1, aspect="auto")
        for row in matrix.itertuples(index=False):
            y, x = holders.index(row.holder), targets.index(row.target)
            ax.text(x, y - 0.12, f"{row.mean:+.2f}", ha="center", va="center", fontsize=6.5)
            ax.text(x, y + 0.22, f"[{row.ci_low:+.1f}, {row.ci_high:+.1f}] n={row.n}", ha="center", va="center",
                    fontsize=4.5, color="0.3")
        ax.set_xticks(range(len(targets)), targets)
        ax.set_yticks(range(len(holders)), holders)
        ax.set_xlabel("target")
        ax.set_ylabel("holder")
        _finish_heatmap(fig, ax, image, label="mean stance", shrink=0.8, title=title)
    return fig


def plot_stance_arc(table: pd.DataFrame, *, targets=("russia", "eu", "ukraine"), window: int = 5,
                    title: str | None = None, width: str = "double"):
    """Stance toward each target through a document: sentences with a cue as points, a running mean as a line.

    ``table`` is a :func:`~analysis.stance.stance_table` of one document (``sent_id`` on the x axis).
    """
    with figure_style():
        fig, ax = new_figure(width=width, aspect=0.3)
        for k, target in enumerate(targets):
            rows = table[table["target"] == target].sort_values("sent_id")
            if rows.empty:
                continue
            colour = LINE_COLOURS[k % len(LINE_COLOURS)]
            cued = rows[rows["n_evidence"] > 0]
            ax.scatter(cued["sent_id"], cued["score"] + (k - 1) * 0.04, s=10, color=colour, zorder=3)
            running = rows["score"].rolling(window, min_periods=1).mean()
            ax.plot(rows["sent_id"], running, color=colour, linewidth=1.1, label=target)
        ax.axhline(0, color="0.6", linewidth=0.6, linestyle="--", zorder=0)
        ax.set_ylim(-1.15, 1.15)
        ax.set_xlabel("sentence")
        ax.set_ylabel("stance (-1 … +1)")
        ax.legend(frameon=False, ncols=len(targets), loc="upper right")
        if title:
            ax.set_title(title, loc="left")
    return fig


def plot_actor_network(edges: pd.DataFrame, *, title: str | None = None, width: str = "single"):
    """Signed actor network drawn with matplotlib alone: nodes on a circle, arrows holder → target.

    ``edges`` is a :func:`~analysis.stance.network_edges` table; favourable edges are blue,
    unfavourable orange, neutral grey; width grows with the evidence count.
    """
    import math

    nodes = sorted(set(edges["source"]) | set(edges["target"]))
    angle = {n: math.pi / 2 - 2 * math.pi * i / max(1, len(nodes)) for i, n in enumerate(nodes)}
    pos = {n: (math.cos(a), math.sin(a)) for n, a in angle.items()}
    colours = {1: PALETTE[5], -1: PALETTE[6], 0: "0.6"}
    with figure_style():
        fig, ax = new_figure(width=width, aspect=1.0)
        for row in edges.itertuples(index=False):
            if row.source == row.target:
                continue
            (x0, y0), (x1, y1) = pos[row.source], pos[row.target]
            ax.annotate("", xy=(x1, y1), xytext=(x0, y0),
                        arrowprops={"arrowstyle": "-|>", "color": colours[row.sign], "lw": 0.5 + 0.6 * row.weight,
                                    "shrinkA": 14, "shrinkB": 14, "connectionstyle": "arc3,rad=0.15",
                                    "alpha": 0.85})
        for node, (x, y) in pos.items():
            ax.scatter([x], [y], s=260, color="white", edgecolors="0.2", linewidths=0.8, zorder=3)
            ax.text(x, y, node, ha="center", va="center", fontsize=5.5, zorder=4)
        ax.set_xlim(-1.35, 1.35)
        ax.set_ylim(-1.35, 1.35)
        ax.set_axis_off()
        if title:
            ax.set_title(title, loc="left")
    return fig


# -- frames (issue 5) --------------------------------------------------------------------------------



def plot_frame_prevalence(prevalence: pd.DataFrame, *, by: str = "display", labels: dict | None = None,
                          title: str | None = None, width: str = "double"):
    """Dot plot of frame shares per group with their intervals (:func:`analysis.framing.frame_prevalence`).

    Frames on the y axis in table order, one colour and a small vertical offset per group.
    """
    frames = list(dict.fromkeys(prevalence["frame"]))
    groups = list(dict.fromkeys(prevalence[by]))
    labels = labels or {}
    with figure_style():
        fig, ax = new_figure(width=width, aspect=0.2 + 0.045 * len(frames))
        step = 0.7 / max(len(groups), 1)
        colours = palette(len(groups))
        for g, group in enumerate(groups):
            part = prevalence[prevalence[by] == group].set_index("frame").loc[frames]
            y = [i - 0.35 + step * (g + 0.5) for i in range(len(frames))]
            colour = colours[g]
            ax.hlines(y, part["ci_low"], part["ci_high"], color=colour, linewidth=0.8)
            n = int(part["n"].iloc[0])
            ax.plot(part["share"], y, "o", color=colour, markersize=3, label=f"{group} (n = {n})")
        ax.set_yticks(range(len(frames)), [labels.get(f, f) for f in frames])
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.set_xlabel("share of sentences with the frame (95% Wilson interval)")
        ax.legend(loc="lower right", frameon=False)
        if title:
            ax.set_title(title, loc="left")
    return fig


def plot_frame_sequence(sequence: pd.DataFrame, *, frames: list[str], n_sentences: int,
                        sections: pd.DataFrame | None = None, labels: dict | None = None,
                        title: str | None = None, width: str = "double"):
    """Frames sentence by sentence through one document (:func:`analysis.framing.frame_sequence`).

    ``sections`` (``order``, ``section`` per sentence) shades the headline and bullets.
    """
    labels = labels or {}
    row = {f: i for i, f in enumerate(frames)}
    with figure_style():
        fig, ax = new_figure(width=width, aspect=0.2 + 0.04 * len(frames))
        if sections is not None:
            lead = sections[sections["section"].isin(["headline", "bullet"])]["order"]
            for o in lead:
                ax.axvspan(o - 0.5, o + 0.5, color=PALETTE[4], alpha=0.35, linewidth=0)
            for o in sections[sections["section"] == "subheading"]["order"]:
                ax.axvline(o, color="0.6", linewidth=0.6, linestyle="--")
        for f in frames:
            part = sequence[sequence["frame"] == f]
            ax.plot(part["order"], [row[f]] * len(part), "s", markersize=3.2,
                    color=LINE_COLOURS[row[f] % len(LINE_COLOURS)])
        ax.set_yticks(range(len(frames)), [labels.get(f, f) for f in frames])
        ax.set_ylim(len(frames) - 0.5, -0.5)
        ax.set_xlim(-0.5, n_sentences - 0.5)
        ax.set_xlabel("sentence (in reading order; shaded: headline and bullets; dashed: subheadings)")
        if title:
            ax.set_title(title, loc="left")
    return fig


def plot_frame_cooccurrence(cooccurrence: pd.DataFrame, *, labels: dict | None = None, title: str | None = None,
                            width: str = "single"):
    """Heatmap of frame co-occurrence (:func:`analysis.framing.frame_cooccurrence`): counts, coloured by Jaccard."""
    labels = labels or {}
    frames = list(dict.fromkeys(cooccurrence["frame_a"]))
    jac = cooccurrence.pivot(index="frame_a", columns="frame_b", values="jaccard").loc[frames, frames]
    cnt = cooccurrence.pivot(index="frame_a", columns="frame_b", values="n_both").loc[frames, frames]
    with figure_style():
        fig, ax = new_figure(width=width, aspect=1.0)
        image = ax.imshow(jac.to_numpy(dtype=float), cmap="cividis", vmin=0, vmax=1)
        for i in range(len(frames)):
            for j in range(len(frames)):
                value = int(cnt.iat[i, j])
                if value:
                    ax.text(j, i, str(value), ha="center", va="center", fontsize=5,
                            color="black" if jac.iat[i, j] > 0.6 else "white")
        names = [labels.get(f, f) for f in frames]
        ax.set_xticks(range(len(frames)), names, rotation=90)
        ax.set_yticks(range(len(frames)), names)
        _finish_heatmap(fig, ax, image, label="Jaccard index", shrink=0.7, title=title)
    return fig


def plot_frame_validation(table: pd.DataFrame, *, labels: dict | None = None, title: str | None = None,
                          width: str = "double"):
    """F1 per frame and sample, with the inter-coder α as a reference mark.

    ``table`` is long: ``sample``, ``label`` (frame), ``f1`` and optionally ``alpha_coders``.
    """
    labels = labels or {}
    frames = list(dict.fromkeys(table["label"]))
    samples = list(dict.fromkeys(table["sample"]))
    with figure_style():
        fig, ax = new_figure(width=width, aspect=0.2 + 0.045 * len(frames))
        step = 0.7 / max(len(samples), 1)
        for s, sample in enumerate(samples):
            part = table[table["sample"] == sample].set_index("label").reindex(frames)
            y = [i - 0.35 + step * (s + 0.5) for i in range(len(frames))]
            ax.barh(y, part["f1"].fillna(0), height=step * 0.9, color=LINE_COLOURS[s], label=f"F1, {sample}")
            if "alpha_coders" in part and part["alpha_coders"].notna().any():
                ax.plot(part["alpha_coders"], y, "|x+"[s % 3], color="black", markersize=4,
                        label=f"inter-coder α, {sample}")
        ax.set_yticks(range(len(frames)), [labels.get(f, f) for f in frames])
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.set_xlabel("F1 of the tool against the reference codes; marks: inter-coder α")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, frameon=False, fontsize=6)
        if title:
            ax.set_title(title, loc="left")
    return fig


# -- comparisons across groups and over time (issue 17): seaborn figure-level grids ------------------
#
# Drawn on tidy tables that already hold each estimate and its interval (from
# :func:`analysis.compare.group_means` or :func:`analysis.framing.frame_prevalence`): the intervals
# come from the project's one bootstrap, so seaborn is told not to estimate anything itself
# (``errorbar=None``; its own bootstrap would also draw unseeded random numbers).


def _panel_size(width: str, ncols: int, panel_height: float) -> tuple[float, float]:
    """FacetGrid's ``height`` and ``aspect`` so that ``ncols`` panels fill a journal width."""
    panel_width = WIDTHS[width] / ncols
    return panel_height, panel_width / panel_height


def _interval_defined(table: pd.DataFrame) -> pd.Series:
    if "ci_width_defined" in table:
        return table["ci_width_defined"].astype(bool)
    if "n_clusters" in table:
        return table["n_clusters"] > 1
    return pd.Series(True, index=table.index)


def _estimates_panel(*, data: pd.DataFrame, group: str, value: str, order: list, color=None, **_):
    """One panel: a row per group at its position in ``order``, the estimate as a dot, the interval
    as a line; a hollow dot where one document gives no interval."""
    import matplotlib.pyplot as plt

    ax = plt.gca()
    position = {name: i for i, name in enumerate(order)}
    rows = data.dropna(subset=[value])
    y = rows[group].map(position).to_numpy(dtype=float)
    ax.hlines(y, rows["ci_low"], rows["ci_high"], color=color, linewidth=1)
    filled = _interval_defined(rows).to_numpy()
    ax.scatter(rows[value][filled], y[filled], s=14, color=color, zorder=3)
    ax.scatter(rows[value][~filled], y[~filled], s=14, facecolors="white", edgecolors=color, zorder=3)


def plot_group_estimates(table: pd.DataFrame, *, group: str, value: str = "mean", facet: str | None = None,
                         limits: tuple[float, float] = (-1.05, 1.05), value_label: str = "mean",
                         labels: dict | None = None, col_wrap: int = 4, title: str | None = None,
                         width: str = "double"):
    """Estimates with their intervals, a row per group and one panel per ``facet`` value.

    Parameters
    ----------
    table : DataFrame
        Tidy: the ``group`` column, ``value``, ``ci_low``, ``ci_high`` and optionally ``facet``
        (:func:`analysis.compare.group_means`; :func:`analysis.framing.frame_prevalence` with
        ``value="share"``). A group with a single document (``ci_width_defined`` false) is drawn
        hollow: no interval can be estimated from one cluster.
    group : str
        Rows: sorted by name and placed identically in every panel (a seaborn ``FacetGrid`` with a
        shared y axis), so that each panel's dots sit on the row of the names at the left.
    facet : str, optional
        One panel per value (targets, frames), in table order, ``col_wrap`` to a line.
    limits : (float, float)
        The value axis; a line at 0 when it lies inside.
    labels : dict, optional
        Panel titles for facet values (e.g. frame ids → labels).

    Returns
    -------
    matplotlib.figure.Figure
    """
    import seaborn as sns

    for column in (group, value, "ci_low", "ci_high", *([facet] if facet else [])):
        if column not in table:
            raise ValueError(f"plot_group_estimates needs a column {column!r}; "
                             f"the table has: {', '.join(table.columns)}")
    if table.empty:
        raise ValueError("plot_group_estimates got an empty table: nothing to plot")
    labels = labels or {}
    order = sorted(table[group].dropna().unique(), key=str)
    facets = list(dict.fromkeys(table[facet])) if facet else []
    ncols = max(1, min(len(facets), col_wrap))
    pitch = 0.2 if len(order) <= 6 else 0.13  # inches per row: many groups pack closer
    height, aspect = _panel_size(width, ncols, 0.7 + pitch * len(order))
    with figure_style():
        grid = sns.FacetGrid(table, col=facet, col_order=facets or None,
                             col_wrap=ncols if len(facets) > ncols else None,
                             sharex=True, sharey=True, height=height, aspect=aspect, despine=True)
        grid.map_dataframe(_estimates_panel, group=group, value=value, order=order, color=PALETTE[5])
        grid.set_titles("")
        for name, ax in (grid.axes_dict.items() if facet else [(None, grid.ax)]):
            if limits[0] < 0 < limits[1]:
                ax.axvline(0, color="0.7", linewidth=0.6, zorder=0)
            if facet:
                ax.set_title(str(labels.get(name, name)), loc="left", fontsize=8)
            ax.tick_params(axis="y", length=0, labelleft=ax.get_subplotspec().is_first_col())
        # the y axis is shared (one locator and formatter for all panels): set the rows once
        grid.axes.flat[0].set_yticks(range(len(order)), [str(g) for g in order])
        grid.set(ylim=(len(order) - 0.5, -0.5), xlim=limits)
        grid.set_axis_labels(value_label, "")
        if title:
            grid.figure.suptitle(title, x=0.02, ha="left", fontsize=9)
        grid.tight_layout()
    return grid.figure


def plot_over_time(table: pd.DataFrame, *, value: str = "mean", series: str | None = None, facet: str | None = None,
                   period: str = "period", limits: tuple[float, float] = (-1.05, 1.05), value_label: str = "mean",
                   labels: dict | None = None, col_wrap: int = 4, title: str | None = None, width: str = "double"):
    """Estimates per period as lines with interval bands: a colour per ``series``, a panel per ``facet``.

    Parameters
    ----------
    table : DataFrame
        Tidy: ``period`` (first day, ``YYYY-MM-DD``), ``value``, ``ci_low``, ``ci_high`` and the
        ``series`` / ``facet`` columns (:func:`analysis.compare.group_means` grouped by
        ``[series, "period"]``; :func:`analysis.framing.frame_prevalence` by ``"period"`` with
        ``value="share"``).
    series : str, optional
        One line per value, colours from :func:`analysis.figures.palette` (distinct for any
        number of series), named in a legend above the first panel.
    facet : str, optional
        One panel per value (groups, frames: small multiples instead of many colours).

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.dates as mdates
    import seaborn as sns
    from matplotlib.lines import Line2D

    needed = (period, value, "ci_low", "ci_high", *(c for c in (series, facet) if c))
    for column in needed:
        if column not in table:
            raise ValueError(f"plot_over_time needs a column {column!r}; the table has: {', '.join(table.columns)}")
    if table.empty:
        raise ValueError("plot_over_time got an empty table: nothing to plot")
    labels = labels or {}
    data = table.assign(**{period: pd.to_datetime(table[period])}).sort_values(period, kind="stable")
    names = list(dict.fromkeys(table[series])) if series else []
    colours = dict(zip(names, palette(len(names)))) if series else {}
    facets = list(dict.fromkeys(table[facet])) if facet else []
    ncols = max(1, min(len(facets), col_wrap))
    height, aspect = _panel_size(width, ncols, 1.25 if facet else WIDTHS[width] * 0.36)
    with figure_style():
        grid = sns.relplot(data, x=period, y=value, hue=series, hue_order=names or None, palette=colours or None,
                           col=facet, col_order=facets or None, col_wrap=ncols if len(facets) > ncols else None,
                           kind="line", estimator=None, errorbar=None, marker="o", markersize=3, linewidth=1,
                           markeredgewidth=0, legend=False, height=height, aspect=aspect,
                           **({} if series else {"color": PALETTE[5]}),
                           facet_kws={"sharex": True, "sharey": True, "despine": True})
        grid.set_titles("")
        for name, ax in (grid.axes_dict.items() if facet else [(None, grid.ax)]):
            part = data if name is None else data[data[facet] == name]
            for key, rows in (part.groupby(series, sort=False) if series else [(None, part)]):
                ax.fill_between(rows[period], rows["ci_low"], rows["ci_high"], linewidth=0, alpha=0.18,
                                color=colours.get(key, PALETTE[5]))
            if limits[0] < 0 < limits[1]:
                ax.axhline(0, color="0.7", linewidth=0.6, zorder=0)
            locator = mdates.AutoDateLocator(maxticks=6)
            ax.xaxis.set_major_locator(locator)
            ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
            ax.set_title(str(labels.get(name, name)) if facet else "", loc="left", fontsize=8)
        grid.set(ylim=limits)
        for ax in grid.axes.flat:  # new limits make new tick labels: hide them again inside the grid
            ax.tick_params(axis="y", labelleft=ax.get_subplotspec().is_first_col())
        grid.set_axis_labels("", value_label)
        if series:
            handles = [Line2D([], [], color=colours[n], marker="o", markersize=3, linewidth=1, label=str(n))
                       for n in names]
            grid.axes.flat[0].legend(handles=handles, frameon=False, ncols=min(len(names), 6), loc="lower left",
                                     bbox_to_anchor=(0, 1.0), borderaxespad=0.2)
        if title:
            grid.figure.suptitle(title, x=0.02, ha="left", fontsize=9)
        grid.tight_layout()
    return grid.figure

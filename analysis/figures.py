"""The one place that writes figures: PDF, SVG and PNG, plus the CSV of the data behind each.

Reruns give identical bytes: the style is fixed (:func:`figure_style`), every format's metadata
that would carry a date or a version is removed, SVG ids are salted with a constant, and files are
written atomically (a temporary file in the same folder, then a rename), so an interrupted run never
leaves a half-written figure. Sizes follow journal columns (:data:`WIDTHS`); colours come from the
Okabe–Ito palette (:data:`PALETTE`), which stays distinguishable for the common forms of colour
blindness (Okabe & Ito 2008).

:data:`FIGURES` is the registry: each figure id, the plot function that draws it and the notebook
that builds it. :func:`save_figure` refuses an id that is not registered, so every file in
``figures/`` can be traced to its code.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd

from .paths import EXAMPLE_CORPUS, FIGURES as FIGURES_DIR, is_seed
from .manifest import MANIFEST_NAME, inputs_digest, sha256_file, update_manifest
from .report import atomic_write, write_table

__all__ = [
    "PALETTE",
    "LINE_COLOURS",
    "palette",
    "WIDTHS",
    "FORMATS",
    "FigureSpec",
    "METHOD_CAPTIONS",
    "DEFAULT_METHOD",
    "FIGURES",
    "SEED_DESCRIPTION",
    "describe_corpus",
    "figure_style",
    "new_figure",
    "save_figure",
    "TABLES",
    "save_table",
    "gallery_markdown",
]

#: Okabe–Ito colour-blind-safe palette (black first for single-series plots).
PALETTE = ("#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
#: Okabe–Ito colours that stand out as thin lines and dots on white (without black and yellow),
#: in the order series take them.
LINE_COLOURS = tuple(PALETTE[i] for i in (5, 6, 3, 1, 7, 2))


def palette(n: int) -> list[str]:
    """``n`` distinct colours for ``n`` series or groups, as hex strings.

    Up to six: the Okabe–Ito line colours (:data:`LINE_COLOURS`), safe for colour-blind readers;
    more: ``n`` hues evenly spaced around the HUSL circle at equal lightness (seaborn's ``husl``
    palette), so that no two series share a colour. Beyond about eight series colours no longer
    tell groups apart well: draw small multiples (a panel per group) instead.
    """
    if n <= len(LINE_COLOURS):
        return list(LINE_COLOURS[:n])
    import seaborn as sns

    return list(sns.color_palette("husl", n).as_hex())


#: Figure widths in inches: one journal column (85 mm) and the full page width (178 mm).
WIDTHS = {"single": 85 / 25.4, "double": 178 / 25.4}
FORMATS = ("pdf", "svg", "png")
_DPI = 300
_METADATA = {
    "pdf": {"CreationDate": None, "Creator": None, "Producer": None, "ModDate": None},
    "svg": {"Date": None, "Creator": None},
    "png": {"Software": None},
}
_STYLE = {
    "font.family": "DejaVu Sans",  # shipped with matplotlib: the same glyphs (ä, ß, „ “) everywhere
    "font.size": 8,
    "axes.titlesize": 9,
    "axes.labelsize": 8,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "legend.fontsize": 7,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
    "figure.dpi": 100,
    "savefig.dpi": _DPI,
    "savefig.bbox": "standard",
    "svg.hashsalt": "analysis-figures",
    "svg.fonttype": "path",
    "pdf.fonttype": 42,
    "path.simplify": True,
    "image.cmap": "cividis",
}


#: How a caption names the corpus unless told otherwise (the committed figures are of the seed article).
SEED_DESCRIPTION = "the seed article"
#: How the captions of lesson 07 name its default corpus (:data:`analysis.paths.EXAMPLE_CORPUS`).
EXAMPLE_DESCRIPTION = "the example corpus of 12 fictional articles"


#: How a caption names the method that drew a figure of a measure (``{method}`` in the caption): the
#: learned method is each measure's default (:data:`analysis.measures.learned.DEFAULT_METHODS`).
METHOD_CAPTIONS = {
    "learned": "Learned method (sentence encoder + heads, the default; validated in lesson 08)",
    "dictionary": "Dictionary method (the rules; validated in lesson 08)",
}
#: The method a figure of a measure is drawn with unless told otherwise.
DEFAULT_METHOD = "learned"


@dataclass(frozen=True)
class FigureSpec:
    """Where a figure comes from: the plot function that draws it and the notebook that builds it.

    ``caption`` may hold a ``{corpus}`` placeholder, filled with the description of the corpus the
    figure was drawn from (:func:`describe_corpus`), or in the gallery with ``corpus``, the default
    corpus of the notebook that builds the figure; and a ``{method}`` placeholder, filled with the
    method that drew a figure of a measure (:data:`METHOD_CAPTIONS`).
    """

    plot: str
    notebook: str
    caption: str
    corpus: str = SEED_DESCRIPTION

    @property
    def uses_method(self) -> bool:
        """Whether the figure shows a measure (sentiment, frames, stance) whose method may be chosen."""
        return "{method}" in self.caption

    def method_for(self, method: str | None = None) -> str:
        """The method that draws the figure: ``method``, the default (``learned``) if ``None``, or
        ``""`` for a figure that does not depend on a measure's method (terms, validation)."""
        if not self.uses_method:
            return ""
        method = DEFAULT_METHOD if method is None else method
        if method not in METHOD_CAPTIONS:
            raise ValueError(f"method {method!r}; valid: {', '.join(METHOD_CAPTIONS)}")
        return method

    def caption_for(self, corpus: str | None = None, method: str | None = None) -> str:
        """The caption with ``{corpus}`` filled (with this figure's default corpus if ``None``) and
        ``{method}`` with the sentence naming the method (:data:`METHOD_CAPTIONS`; the default
        method if ``None``)."""
        caption = self.caption.replace("{corpus}", self.corpus if corpus is None else corpus)
        if self.uses_method:
            caption = caption.replace("{method}", METHOD_CAPTIONS[self.method_for(method)])
        return caption


#: Every figure the project writes. Add an entry when a notebook saves a new figure.
FIGURES: dict[str, FigureSpec] = {
    "top_lemmas": FigureSpec(
        "analysis.plots.plot_top_terms", "01-seed-article",
        "The most frequent lemmas of {corpus}, stopwords removed (per 1,000 words)."),
    "dispersion_terms": FigureSpec(
        "analysis.plots.plot_dispersion", "01-seed-article",
        "Where the followed terms occur in {corpus} (in the seed article „Entnazifizierung“, "
        "„Balanceakt“, Russland, EU and Ukraine, with its sections marked; otherwise the terms chosen "
        "or the five most key lemmas)."),
    "keyness_general": FigureSpec(
        "analysis.plots.plot_keyness", "02-terms",
        "Key lemmas of {corpus} against general German (wordfreq): signed G², "
        "over-represented terms to the right, under-represented to the left."),
    "dispersion_keywords": FigureSpec(
        "analysis.plots.plot_dispersion", "02-terms",
        "Where the key terms (in the seed article also the compounds around „Nazi“) occur in {corpus}."),
    "collocations": FigureSpec(
        "analysis.plots.plot_collocations", "02-terms",
        "The strongest collocations (adjacent lemmas, stopwords removed) of {corpus} by "
        "G², with their counts and PMI."),
    "sentiment_arc": FigureSpec(
        "analysis.plots.plot_sentiment_arc", "03-sentiment",
        "Sentence tone through {corpus} (black: the method's score; thin lines: each lexicon alone; grey "
        "bars, where there is one, the hand coding), subheadings marked. {method}."),
    "sentiment_lexicons": FigureSpec(
        "analysis.plots.plot_lexicon_comparison", "03-sentiment",
        "SentiWS against the German Polarity Lexicon: each sentence's score by both in {corpus}, "
        "coloured by its hand-coded tone where there is a hand coding."),
    "stance_heatmap": FigureSpec(
        "analysis.plots.plot_stance_heatmap", "05-actors-stance",
        "Mean stance (-1 unfavourable … +1 favourable) of each holder toward each target in {corpus}, with the "
        "number of sentence-target pairs behind each cell. {method}."),
    "stance_arc": FigureSpec(
        "analysis.plots.plot_stance_arc", "05-actors-stance",
        "Stance toward Russia, the EU and Ukraine sentence by sentence through {corpus} (points: "
        "sentences with a stance cue; lines: running mean). {method}."),
    "actor_network": FigureSpec(
        "analysis.plots.plot_actor_network", "05-actors-stance",
        "Signed network of actors in {corpus}: who is for (blue) or against (orange) whom; edge width = evidence count. {method}."),
    "frame_prevalence": FigureSpec(
        "analysis.plots.plot_frame_prevalence", "04-framing",
        "Share of the sentences of {corpus} carrying each frame in the headline and bullets, subheadings, captions "
        "and body, with 95% Wilson intervals. {method}."),
    "frame_sequence": FigureSpec(
        "analysis.plots.plot_frame_sequence", "04-framing",
        "Where each frame occurs through {corpus}, sentence by sentence, "
        "headline and bullets shaded. {method}."),
    "frame_cooccurrence": FigureSpec(
        "analysis.plots.plot_frame_cooccurrence", "04-framing",
        "How often two frames share a sentence of {corpus}: counts, coloured by the Jaccard index; the diagonal "
        "holds each frame's sentence count. {method}."),
    "frame_validation": FigureSpec(
        "analysis.plots.plot_frame_validation", "04-framing",
        "Frame detection against the reference coding: F1 per frame on the seed article (tuned) and on the "
        "frozen 10kGNAD sample, with the seed inter-coder α."),
    "sentiment_by_group": FigureSpec(
        "analysis.plots.plot_group_estimates", "07-comparing-coverage",
        "Mean sentence sentiment per group (outlet by default) with cluster-bootstrap 95 % intervals "
        "(whole articles resampled; hollow: a single article, no interval); data: {corpus}. "
        "{method}.",
        corpus=EXAMPLE_DESCRIPTION),
    "sentiment_over_time": FigureSpec(
        "analysis.plots.plot_over_time", "07-comparing-coverage",
        "Mean sentence sentiment per period (month by default), one panel per group, with "
        "cluster-bootstrap 95 % bands; data: {corpus}. {method}.",
        corpus=EXAMPLE_DESCRIPTION),
    "frames_by_group": FigureSpec(
        "analysis.plots.plot_group_estimates", "07-comparing-coverage",
        "Share of sentences with each frame per group (outlet by default), one panel per frame, with "
        "Wilson 95 % intervals; data: {corpus}. {method}.",
        corpus=EXAMPLE_DESCRIPTION),
    "frames_over_time": FigureSpec(
        "analysis.plots.plot_over_time", "07-comparing-coverage",
        "Share of sentences with each frame per period (month by default), one panel per frame, with "
        "Wilson 95 % bands; data: {corpus}. {method}.",
        corpus=EXAMPLE_DESCRIPTION),
    "stance_over_time": FigureSpec(
        "analysis.plots.plot_over_time", "07-comparing-coverage",
        "Mean stance toward each target (Russia, the EU and Ukraine by default) per period (month by "
        "default) with cluster-bootstrap 95 % bands; data: {corpus}. {method}.",
        corpus=EXAMPLE_DESCRIPTION),
    "stance_by_group": FigureSpec(
        "analysis.plots.plot_group_estimates", "07-comparing-coverage",
        "Mean stance toward each target per group (outlet by default), one panel per target, with "
        "cluster-bootstrap 95 % intervals (hollow: a single article); data: {corpus}. {method}.",
        corpus=EXAMPLE_DESCRIPTION),
    # (new entries above this line: one per figure id, in notebook order)
}

#: Tables for a paper that are not the data of a figure (validation metrics): id → where from.
TABLES: dict[str, FigureSpec] = {
    "validation_intercoder": FigureSpec(
        "analysis.validate.intercoder_agreement", "08-validation",
        "Agreement between two independent codings (AI coder sessions) of the seed article and of 90 "
        "sentences of the frozen 10kGNAD sample, per task: share of identical codes (micro-F1 for "
        "frames and targets) and Krippendorff's α."),
    "validation_summary": FigureSpec(
        "analysis.validate.label_agreement", "08-validation",
        "Agreement of each measure with the reference coding: on the seed article (rules tuned on it) "
        "and on the frozen 10kGNAD sample (never tuned on), with the inter-coder α for comparison."),
    "validation_learned": FigureSpec(
        "analysis.training.evaluate_codes", "08-validation",
        "The learned method (sentence encoder + heads) and the dictionary method against the reference "
        "coding of the frozen test split of the coded sample v2 (1,447 unseen news sentences, never tuned on), "
        "with the coders' agreement on the same split (language-model coders)."),
    # (new tables above this line)
}


@contextlib.contextmanager
def figure_style():
    """Context in which figures are drawn and saved with the project's fixed style."""
    with matplotlib.rc_context(_STYLE):
        yield


def new_figure(*, width: str = "single", aspect: float = 0.75, nrows: int = 1, ncols: int = 1):
    """A figure of a journal column's width (``single`` or ``double``) and its axes.

    Call inside :func:`figure_style` so that the fonts and colours apply.
    """
    if width not in WIDTHS:
        raise ValueError(f"width={width!r}; valid: {', '.join(WIDTHS)}")
    inches = WIDTHS[width]
    return plt.subplots(nrows, ncols, figsize=(inches, inches * aspect), layout="constrained")


def to_latex(data: pd.DataFrame, *, caption: str, label: str, precision: int = 3) -> str:
    """A booktabs LaTeX table of ``data`` (``\\toprule``, ``\\midrule``, ``\\bottomrule``).

    Text is escaped for LaTeX; UTF-8 characters (ä, ß, „ “) are kept, so compile with XeLaTeX or
    LuaLaTeX, or pdfLaTeX with ``\\usepackage[utf8]{inputenc}``; needs ``\\usepackage{booktabs}``.
    """
    table = data.copy()
    table.columns = [str(c) for c in table.columns]
    styler = table.style.hide(axis="index").format(precision=precision, escape="latex", na_rep="")
    styler = styler.format_index(escape="latex", axis="columns")
    align = "".join("r" if pd.api.types.is_numeric_dtype(table[c]) else "l" for c in table.columns)
    return styler.to_latex(caption=_latex_escape(caption), label=label, hrules=True,
                           position_float="centering", column_format=align)


def _latex_escape(text: str) -> str:
    for char, repl in (("\\", r"\textbackslash{}"), ("&", r"\&"), ("%", r"\%"), ("$", r"\$"), ("#", r"\#"),
                       ("_", r"\_"), ("{", r"\{"), ("}", r"\}"), ("~", r"\textasciitilde{}"),
                       ("^", r"\textasciicircum{}")):
        text = text.replace(char, repl)
    return text


def describe_corpus(corpus, path, *, first: bool = False) -> str:
    """How a caption names the corpus read from ``path``: ``"the seed article"``, or what and how many.

    The seed article (``path`` is :data:`analysis.paths.SEED_ARTICLE`) and the example corpus of
    lesson 07 keep their registry names; any other corpus is ``"300 documents of articles.jsonl"``
    (its file or folder name). ``first=True`` is for a figure that shows only the first document:
    ``"the first document (id 17) of 300 documents of articles.jsonl"``.
    """
    n = len(corpus)
    if is_seed(path):
        return SEED_DESCRIPTION
    if Path(path).resolve() == EXAMPLE_CORPUS.resolve():
        whole = f"the example corpus of {n:,} fictional articles"
    else:
        whole = f"one document of {Path(path).name}" if n == 1 else f"{n:,} documents of {Path(path).name}"
    if first and n > 1:
        return f"the first document (id {corpus[0].id}) of {whole}"
    return whole


def save_figure(
    fig,
    data: pd.DataFrame,
    figure_id: str,
    *,
    out_dir: str | Path = FIGURES_DIR,
    formats: tuple[str, ...] = FORMATS,
    inputs=(),
    corpus: str | None = None,
    method: str | None = None,
) -> dict[str, Path]:
    """Save ``fig`` as ``<figure_id>.pdf/.svg/.png``, ``data`` as ``.csv`` and as a LaTeX table.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    data : DataFrame
        The numbers the figure shows, so that a reader can check or redraw it; also written as a
        booktabs LaTeX table (``<figure_id>.tex``) for the paper.
    figure_id : str
        A key of :data:`FIGURES`.
    out_dir : path
        Folder for the files (the project's ``figures/`` by default).
    inputs : sequence of paths
        Input files the figure depends on (corpus, lexicons, codebooks); their checksums go into
        the manifest (``<out_dir>/MANIFEST.csv``, see :mod:`analysis.manifest`).
    corpus : str, optional
        What the figure was drawn from, as the LaTeX caption names it (``{corpus}`` in the
        registered caption), e.g. ``describe_corpus(corpus, corpus_path)``; by default the
        notebook's default corpus (``"the seed article"`` for most figures).
    method : str, optional
        ``"learned"`` or ``"dictionary"``: the method of the measure the figure shows, named in the
        caption (``{method}``) and in the manifest's ``method`` column; by default the learned one.
        Ignored (an empty ``method``) for a figure that does not show a measure (terms, validation).

    Returns
    -------
    dict
        Format (and ``csv``, ``tex``) → path written.
    """
    if figure_id not in FIGURES:
        raise ValueError(f"figure id {figure_id!r} is not registered in analysis.figures.FIGURES; "
                         f"registered: {', '.join(sorted(FIGURES))}")
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"formats {sorted(unknown)}; valid: {', '.join(FORMATS)}")
    out_dir = Path(out_dir)
    spec = FIGURES[figure_id]
    drawn_by = spec.method_for(method)
    with _staged(out_dir, figure_id) as stage:
        written = {}
        with figure_style():
            for fmt in formats:
                path = stage / f"{figure_id}.{fmt}"
                atomic_write(path, lambda tmp, fmt=fmt: fig.savefig(tmp, format=fmt, metadata=_METADATA[fmt]))
                written[fmt] = path
        written["csv"] = write_table(data, stage / f"{figure_id}.csv")
        latex = to_latex(data, caption=spec.caption_for(corpus, drawn_by or None), label=f"tab:{figure_id}")
        written["tex"] = atomic_write(stage / f"{figure_id}.tex", lambda tmp: tmp.write_text(latex, encoding="utf-8"))
        digest = inputs_digest(sha256_file(written["csv"]), inputs)
        update_manifest(out_dir, figure_id, [
            {"id": figure_id, "kind": "figure" if kind in FORMATS else "table", "file": path.name,
             "sha256": sha256_file(path), "builder": spec.plot, "notebook": spec.notebook, "inputs_sha256": digest,
             "method": drawn_by}
            for kind, path in written.items()
        ], into=stage)
    return {kind: out_dir / path.name for kind, path in written.items()}


@contextlib.contextmanager
def _staged(out_dir: Path, unit_id: str):
    """A staging folder inside ``out_dir`` for the files of one figure or table and the updated
    manifest: written there first, then renamed into ``out_dir`` together, the manifest last. A
    write that fails (a full disk) leaves ``out_dir`` and its manifest as they were, so the
    manifest never lists a file that differs from it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(dir=out_dir, prefix=f".stage-{unit_id}-"))
    try:
        yield stage
        staged = sorted(stage.iterdir(), key=lambda p: p.name == MANIFEST_NAME)  # the manifest last
        for path in staged:
            os.replace(path, out_dir / path.name)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def save_table(data: pd.DataFrame, table_id: str, *, out_dir: str | Path = FIGURES_DIR, inputs=()) -> dict[str, Path]:
    """Save a table for a paper as ``<table_id>.csv`` and a booktabs ``<table_id>.tex``.

    The id must be registered in :data:`TABLES`; both files enter the manifest like a figure's.
    """
    if table_id not in TABLES:
        raise ValueError(f"table id {table_id!r} is not registered in analysis.figures.TABLES; "
                         f"registered: {', '.join(sorted(TABLES))}")
    out_dir = Path(out_dir)
    spec = TABLES[table_id]
    with _staged(out_dir, table_id) as stage:
        written = {"csv": write_table(data, stage / f"{table_id}.csv")}
        latex = to_latex(data, caption=spec.caption_for(), label=f"tab:{table_id}")
        written["tex"] = atomic_write(stage / f"{table_id}.tex", lambda tmp: tmp.write_text(latex, encoding="utf-8"))
        digest = inputs_digest(sha256_file(written["csv"]), inputs)
        update_manifest(out_dir, table_id, [
            {"id": table_id, "kind": "table", "file": path.name, "sha256": sha256_file(path), "builder": spec.plot,
             "notebook": spec.notebook, "inputs_sha256": digest, "method": ""} for path in written.values()],
            into=stage)
    return {kind: out_dir / path.name for kind, path in written.items()}


def gallery_markdown(*, folder: str = "figures", width: int = 220) -> str:
    """The README gallery: every registered figure as a thumbnail with its caption and notebook.

    ``tests/test_environment.py`` checks that the README holds exactly this text between its
    ``<!-- gallery:start -->`` and ``<!-- gallery:end -->`` markers, so the gallery cannot fall
    behind the registry.
    """
    rows = ["| figure | what it shows | notebook |", "|---|---|---|"]
    for figure_id, spec in FIGURES.items():
        rows.append(f'| <img src="{folder}/{figure_id}.png" width="{width}" alt="{figure_id}"> '
                    f"| {spec.caption_for()} [PDF]({folder}/{figure_id}.pdf) · [SVG]({folder}/{figure_id}.svg) · "
                    f"[data]({folder}/{figure_id}.csv) · [LaTeX]({folder}/{figure_id}.tex) "
                    f"| `notebooks/{spec.notebook}` |")
    rows += ["", "Tables for a paper (CSV and booktabs LaTeX):", ""]
    for table_id, spec in TABLES.items():
        rows.append(f"- `{table_id}`: {spec.caption_for()} [CSV]({folder}/{table_id}.csv) · "
                    f"[LaTeX]({folder}/{table_id}.tex) · `notebooks/{spec.notebook}`")
    return "\n".join(rows)

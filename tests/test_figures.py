"""The figure writer: all formats, identical bytes on a rerun, registered ids only, atomic."""

from __future__ import annotations

import filecmp
import re

import pandas as pd
import pytest

from analysis.figures import FIGURES, FORMATS, TABLES, describe_corpus, gallery_markdown, new_figure, save_figure
from analysis.plots import plot_dispersion, plot_top_terms
from analysis.terms import count_terms, dispersion, part_starts


def _draw(seed):
    counts = count_terms(seed.tokens, by=()).head(10)
    return plot_top_terms(counts, n=10, title="Häufigste Lemmata: „Entnazifizierung“, Öl, Maß"), counts


def test_every_format_and_the_csv_are_written(seed, tmp_path):
    fig, data = _draw(seed)
    written = save_figure(fig, data, "top_lemmas", out_dir=tmp_path)
    assert sorted(written) == sorted([*FORMATS, "csv", "tex"])
    assert pd.read_csv(written["csv"])["term"].tolist() == data["term"].tolist()
    assert written["pdf"].read_bytes().startswith(b"%PDF")
    assert written["png"].read_bytes().startswith(b"\x89PNG")
    assert b"CreationDate" not in written["pdf"].read_bytes()
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary file left behind


def test_rerun_gives_identical_bytes(seed, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        fig, data = _draw(seed)
        save_figure(fig, data, "top_lemmas", out_dir=out)
    names = [p.name for p in sorted(first.iterdir())]
    match, mismatch, errors = filecmp.cmpfiles(first, second, names, shallow=False)
    assert mismatch == [] and errors == [] and len(match) == 6  # 3 formats, csv, tex, manifest


def test_german_text_is_drawn_with_its_glyphs(seed, tmp_path):
    import warnings

    from matplotlib import font_manager, ft2font

    from analysis.figures import figure_style

    with figure_style():
        path = font_manager.findfont(font_manager.FontProperties())
    font = ft2font.FT2Font(path)
    assert "DejaVuSans" in path
    assert all(font.get_char_index(ord(ch)) for ch in "äöüÄÖÜß„“”»«–…€")
    fig, data = _draw(seed)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)"
        save_figure(fig, data, "top_lemmas", out_dir=tmp_path, formats=("png",))


def test_unregistered_figure_id_is_refused(seed, tmp_path):
    fig, data = _draw(seed)
    with pytest.raises(ValueError, match="not registered"):
        save_figure(fig, data, "my_figure", out_dir=tmp_path)


def test_registry_names_existing_plot_functions():
    import importlib

    for figure_id, spec in FIGURES.items():
        module, name = spec.plot.rsplit(".", 1)
        assert callable(getattr(importlib.import_module(module), name)), figure_id


def test_dispersion_plot_refuses_several_documents(seed):
    hits = dispersion(seed.tokens, ["Russland"], sentences=seed.sentences)
    two = pd.concat([hits, hits.assign(doc_id="other")])
    with pytest.raises(ValueError, match="one document"):
        plot_dispersion(two, boundaries=part_starts(seed.tokens, seed.sentences))


def test_latex_table_is_booktabs_and_escaped(seed, tmp_path):
    fig, data = _draw(seed)
    tex = save_figure(fig, data.assign(note="50% & „mehr“"), "top_lemmas", out_dir=tmp_path)["tex"]
    text = tex.read_text(encoding="utf-8")
    assert text.index(r"\toprule") < text.index(r"\midrule") < text.index(r"\bottomrule")
    assert r"\begin{tabular}{lrrrrl}" in text  # text left, numbers right
    assert r"50\% \& „mehr“" in text
    body = text.split(r"\midrule")[1].split(r"\bottomrule")[0].strip().splitlines()
    assert len(body) == len(data) and all(len(re.findall(r"(?<!\\)&", line)) == 5 for line in body)
    assert body[0].startswith("Kasachstan & 31 & 1083 & 28.624 & 1 &")
    assert text.count("{") == text.count("}")


def test_figure_ids_name_what_they_show_not_the_seed():
    assert not [figure_id for figure_id in FIGURES if "seed" in figure_id]


def test_caption_names_the_corpus_it_was_drawn_from(seed, tmp_path):
    fig, data = _draw(seed)
    default = save_figure(fig, data, "top_lemmas", out_dir=tmp_path / "seed")["tex"].read_text(encoding="utf-8")
    assert r"\caption{The most frequent lemmas of the seed article, stopwords removed" in default
    fig, data = _draw(seed)
    own = save_figure(fig, data, "top_lemmas", out_dir=tmp_path / "own", corpus="300 documents of gnad_300.jsonl")
    text = own["tex"].read_text(encoding="utf-8")
    assert r"\caption{The most frequent lemmas of 300 documents of gnad\_300.jsonl, stopwords removed" in text
    assert "seed article" not in text and "{corpus}" not in text
    import matplotlib.pyplot as plt

    plt.close("all")


def test_placeholders_are_only_corpus_and_method_and_the_gallery_fills_them():
    for figure_id, spec in {**FIGURES, **TABLES}.items():
        assert set(re.findall(r"\{(\w*)\}", spec.caption)) <= {"corpus", "method"}, figure_id
    assert {f for f, spec in FIGURES.items() if spec.uses_method} == {
        "sentiment_arc", "stance_heatmap", "stance_arc", "actor_network", "frame_prevalence", "frame_sequence",
        "frame_cooccurrence", "sentiment_by_group", "sentiment_over_time", "frames_by_group", "frames_over_time",
        "stance_over_time", "stance_by_group"}
    gallery = gallery_markdown()
    assert "{corpus}" not in gallery and "{method}" not in gallery
    assert "The most frequent lemmas of the seed article" in gallery
    assert "data: the example corpus of 12 fictional articles." in gallery  # lesson 07's default corpus


def test_describe_corpus_says_what_and_how_many(seed_corpus, tmp_path):
    from analysis.corpus import read_corpus
    from analysis.paths import EXAMPLE_CORPUS, SEED_ARTICLE

    assert describe_corpus(seed_corpus, SEED_ARTICLE) == "the seed article"
    assert describe_corpus(seed_corpus, SEED_ARTICLE, first=True) == "the seed article"
    example = read_corpus(EXAMPLE_CORPUS)
    assert describe_corpus(example, EXAMPLE_CORPUS) == "the example corpus of 12 fictional articles"
    path = tmp_path / "meine_artikel.jsonl"
    path.write_text('{"id": "a1", "text": "Erster Satz."}\n{"id": "b2", "text": "Zweiter Satz."}\n', encoding="utf-8")
    two = read_corpus(path)
    assert describe_corpus(two, path) == "2 documents of meine_artikel.jsonl"
    assert describe_corpus(two, path, first=True) == "the first document (id a1) of 2 documents of meine_artikel.jsonl"
    one = tmp_path / "einer.txt"
    one.write_text("Ein Satz.\n", encoding="utf-8")
    assert describe_corpus(read_corpus(one), one, first=True) == "one document of einer.txt"


# -- comparisons across groups and over time: rows on their labels, colours that tell groups apart --------

def _point_positions(ax):
    """Every dot drawn in ``ax`` (scatter collections and line markers), in display coordinates."""
    import numpy as np
    from matplotlib.collections import PathCollection

    points = [c.get_offsets() for c in ax.collections if isinstance(c, PathCollection)]
    points += [line.get_xydata() for line in ax.lines if line.get_marker() not in (None, "", "None")]
    points = [np.asarray(p, dtype=float) for p in points if len(p)]
    return ax.transData.transform(np.vstack(points)) if points else np.empty((0, 2))


def rows_off_their_labels(fig, table, *, group, value, facet):
    """(panel, group) of every table row whose dot does not sit at its group's label, in pixels.

    The names are read from the panel that shows them (its y tick labels and their positions), the
    dots from the artists of each panel (found by the panel's title); comparing display coordinates
    catches panels that place their rows differently from the panel with the names.
    """
    import numpy as np

    fig.canvas.draw()
    panels = {ax.get_title(loc="left"): ax for ax in fig.axes}
    off = []
    for row in table.itertuples(index=False):
        ax = panels[str(getattr(row, facet))]
        # the panel that names the rows of this line of panels (wrapped grids have several lines)
        named = next(a for a in fig.axes if abs(a.get_position().y0 - ax.get_position().y0) < 1e-6
                     and any(t.get_text() and t.get_visible() for t in a.get_yticklabels()))
        label_y = {t.get_text(): named.transData.transform((0, t.get_position()[1]))[1]
                   for t in named.get_yticklabels() if t.get_text()}
        x = ax.transData.transform((getattr(row, value), 0))[0]
        dots = _point_positions(ax)
        at_x = dots[np.abs(dots[:, 0] - x) < 0.5]
        expected = label_y[str(getattr(row, group))]
        if not len(at_x) or np.min(np.abs(at_x[:, 1] - expected)) > 1.0:
            off.append((getattr(row, facet), getattr(row, group)))
    return off


def repeated_colours(fig):
    """Legend entries that share a colour, and groups that can be told apart neither by a row
    label nor by a legend colour of their own."""
    from matplotlib.colors import to_hex

    repeated = []
    for legend in [*fig.legends, *(ax.get_legend() for ax in fig.axes if ax.get_legend())]:
        seen = {}
        for handle, text in zip(legend.legend_handles, legend.get_texts()):
            colour = handle.get_color() if hasattr(handle, "get_color") and not hasattr(handle, "get_offsets") \
                else handle.get_facecolor()
            colour = colour if isinstance(colour, str) else colour[0] if len(colour) and not isinstance(
                colour[0], float) else colour
            seen.setdefault(to_hex(colour), []).append(text.get_text())
        repeated += [names for names in seen.values() if len(names) > 1]
    return repeated


def _stance_by_outlet():
    # three outlets; nobody writes about the EU in „Ostsee-Zeitung“, so the EU panel has one row less
    rows = [("russia", "Ostsee-Zeitung", -0.61), ("russia", "Tagesblick", -0.22), ("russia", "Wiener Abendpost", 0.05),
            ("eu", "Tagesblick", 0.33), ("eu", "Wiener Abendpost", -0.14),
            ("ukraine", "Ostsee-Zeitung", 0.47), ("ukraine", "Wiener Abendpost", 0.18)]
    table = pd.DataFrame(rows, columns=["target", "outlet", "mean"])
    return table.assign(ci_low=table["mean"] - 0.2, ci_high=table["mean"] + 0.2, n=10,
                        n_clusters=[3, 1, 4, 2, 4, 3, 1], ci_width_defined=lambda t: t["n_clusters"] > 1)


def test_group_estimates_sit_on_their_labels_in_every_panel():
    from analysis.plots import plot_group_estimates

    table = _stance_by_outlet()
    fig = plot_group_estimates(table, group="outlet", facet="target", value_label="mean stance")
    assert rows_off_their_labels(fig, table, group="outlet", value="mean", facet="target") == []
    # the names stand once, at the left: the other panels share the rows without repeating them
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["Ostsee-Zeitung", "Tagesblick",
                                                                    "Wiener Abendpost"]
    assert not any(t.get_visible() and t.get_text() for ax in fig.axes[1:] for t in ax.get_yticklabels())


def test_a_single_document_group_is_drawn_hollow():
    import numpy as np
    from matplotlib.colors import to_rgba

    from analysis.plots import plot_group_estimates

    table = _stance_by_outlet().query("target == 'russia'")
    fig = plot_group_estimates(table, group="outlet", width="single")
    ax = fig.axes[0]
    from matplotlib.collections import PathCollection

    dots = [c for c in ax.collections if isinstance(c, PathCollection) and len(c.get_offsets())]
    hollow = [c for c in dots if np.allclose(c.get_facecolor()[0], to_rgba("white"))]
    assert len(hollow) == 1 and hollow[0].get_offsets()[0][0] == pytest.approx(-0.22)  # Tagesblick: one document


def _frames_by_many_groups(n_groups=12):
    from analysis.framing import load_codebook

    frames = load_codebook().ids
    outlets = [f"Zeitung {chr(ord('A') + g)}" for g in range(n_groups)]
    rows = [(o, f, (g * len(frames) + i) / (n_groups * len(frames) + 1))
            for g, o in enumerate(outlets) for i, f in enumerate(frames)]
    table = pd.DataFrame(rows, columns=["outlet", "frame", "share"])
    return table.assign(n=50, k=1, ci_low=table["share"] * 0.8, ci_high=table["share"] * 1.1), outlets


def test_many_groups_get_no_repeated_colour_and_keep_their_names():
    from analysis.plots import plot_group_estimates

    table, outlets = _frames_by_many_groups(12)
    fig = plot_group_estimates(table, group="outlet", value="share", facet="frame", limits=(0, 1))
    assert repeated_colours(fig) == []
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == outlets  # every group named on its row
    assert rows_off_their_labels(fig, table, group="outlet", value="share", facet="frame") == []


@pytest.mark.parametrize("n", [1, 3, 6, 7, 9, 12, 20])
def test_palette_gives_distinct_colours(n):
    from analysis.figures import LINE_COLOURS, palette

    colours = palette(n)
    assert len(colours) == n and len(set(colours)) == n
    if n <= len(LINE_COLOURS):
        assert colours == list(LINE_COLOURS[:n])  # colour-blind-safe Okabe–Ito while it lasts


def test_series_over_time_have_distinct_colours_in_lines_and_legend():
    from matplotlib.colors import to_hex

    from analysis.plots import plot_over_time

    targets = ["russia", "eu", "ukraine", "usa", "nato", "china", "germany", "poland", "kazakhstan"]
    periods = ["2022-01-01", "2022-02-01", "2022-03-01"]
    table = pd.DataFrame([(t, p, (i - 4) / 10 + j / 50) for i, t in enumerate(targets) for j, p in enumerate(periods)],
                         columns=["target", "period", "mean"])
    table = table.assign(ci_low=table["mean"] - 0.1, ci_high=table["mean"] + 0.1)
    fig = plot_over_time(table, series="target")
    assert repeated_colours(fig) == []
    legend = fig.axes[0].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == targets
    lines = {to_hex(line.get_color()) for line in fig.axes[0].lines if len(line.get_xdata()) == len(periods)}
    assert len(lines) == len(targets)


def test_over_time_puts_each_period_at_its_date():
    import matplotlib.dates as mdates

    from analysis.plots import plot_over_time

    table = pd.DataFrame({"period": ["2022-03-01", "2022-01-01", "2022-02-01"], "mean": [0.3, -0.2, 0.1]})
    fig = plot_over_time(table.assign(ci_low=table["mean"] - 0.1, ci_high=table["mean"] + 0.1))
    (line,) = [line for line in fig.axes[0].lines if len(line.get_xdata()) == 3]
    dates = [mdates.num2date(x).strftime("%Y-%m-%d") if not hasattr(x, "strftime") else x.strftime("%Y-%m-%d")
             for x in line.get_xdata()]
    assert dates == ["2022-01-01", "2022-02-01", "2022-03-01"]  # in time order, not table order
    assert list(line.get_ydata()) == [-0.2, 0.1, 0.3]


def test_comparison_figures_are_byte_identical_on_rerun(tmp_path):
    from analysis.plots import plot_group_estimates, plot_over_time

    table, _ = _frames_by_many_groups(4)
    over_time = _stance_by_outlet().rename(columns={"outlet": "period"}).assign(
        period=lambda t: t["period"].map({"Ostsee-Zeitung": "2022-01-01", "Tagesblick": "2022-02-01",
                                          "Wiener Abendpost": "2022-03-01"}))
    for out in ("a", "b"):
        save_figure(plot_group_estimates(table, group="outlet", value="share", facet="frame", limits=(0, 1)), table,
                    "frames_by_group", out_dir=tmp_path / out)
        save_figure(plot_over_time(over_time, series="target"), over_time, "stance_over_time", out_dir=tmp_path / out)
    names = [p.name for p in sorted((tmp_path / "a").iterdir())]
    match, mismatch, errors = filecmp.cmpfiles(tmp_path / "a", tmp_path / "b", names, shallow=False)
    assert mismatch == [] and errors == [] and len(match) == 11


def test_caption_and_manifest_name_the_method_that_drew_a_figure(tmp_path):
    from analysis.manifest import read_manifest

    data = pd.DataFrame({"sent_id": [1, 2], "score": [0.5, -0.25]})
    for method, out in (("dictionary", "rules"), (None, "default")):
        fig, ax = new_figure()
        ax.plot(data["sent_id"], data["score"])
        save_figure(fig, data, "sentiment_arc", out_dir=tmp_path / out, method=method)
        fig, ax = new_figure()
        save_figure(fig, data, "top_lemmas", out_dir=tmp_path / out, method=method)
    rules, default = (read_manifest(tmp_path / out).set_index("file")["method"] for out in ("rules", "default"))
    assert rules["sentiment_arc.png"] == "dictionary" and default["sentiment_arc.csv"] == "learned"
    assert rules["top_lemmas.png"] == "" and default["top_lemmas.csv"] == ""  # terms have no method
    assert "Dictionary method (the rules" in (tmp_path / "rules" / "sentiment_arc.tex").read_text(encoding="utf-8")
    assert "Learned method (sentence encoder" in (tmp_path / "default" / "sentiment_arc.tex").read_text(encoding="utf-8")
    assert "{method}" not in gallery_markdown() and "Learned method" in FIGURES["stance_heatmap"].caption_for()
    with pytest.raises(ValueError, match="method 'model'"):
        save_figure(new_figure()[0], data, "sentiment_arc", out_dir=tmp_path / "x", method="model")


def test_manifest_without_a_method_column_is_read_with_it_empty(tmp_path):
    from analysis.manifest import MANIFEST_COLUMNS, read_manifest

    old = "id,kind,file,sha256,builder,notebook,inputs_sha256\na,figure,a.png,00,plot,01-x,11\n"
    (tmp_path / "MANIFEST.csv").write_text(old, encoding="utf-8")
    manifest = read_manifest(tmp_path)
    assert list(manifest.columns) == MANIFEST_COLUMNS and manifest.loc[0, "method"] == ""


def test_figure_method_follows_the_measures_defaults():
    from analysis.course.notebooks import figure_method

    assert figure_method("default", "sentiment") == "learned" and figure_method("default", "stance") == "learned"
    assert figure_method("dictionary", "frames") == "dictionary"
    with pytest.raises(ValueError, match="valid: default, dictionary"):
        figure_method("model", "frames")


def test_learned_tables_take_the_learned_values_and_keep_the_rest():
    from analysis.course.notebooks import learned_frames, learned_sentiment

    scores = pd.DataFrame({"doc_id": ["d", "d"], "sent_id": [1, 2], "score_sentiws": [0.3, 0.0],
                           "score": [0.3, 0.0], "label": [1, 0]})
    records = [{"doc_id": "d", "sent_id": 2, "sentiment": {"score": -0.8, "label": -1}, "frames": ["conflict"]},
               {"doc_id": "d", "sent_id": 1, "sentiment": {"score": 0.1, "label": 0}, "frames": []}]
    shown = learned_sentiment(scores, records)
    assert shown["score"].tolist() == [0.1, -0.8] and shown["label"].tolist() == [0, -1]
    assert shown["score_sentiws"].tolist() == [0.3, 0.0]  # the lexicons' own columns stay
    units = pd.DataFrame({"doc_id": ["d", "d"], "sent_id": [1, 2], "conflict": [True, False], "economic": [False, False],
                          "frames": [["conflict"], []]})
    frames = learned_frames(units, records, ["conflict", "economic"])
    assert frames["conflict"].tolist() == [False, True] and frames["frames"].tolist() == [[], ["conflict"]]


def test_sentiment_arc_legend_names_the_method_line_and_each_lexicon():
    from analysis.plots import plot_sentiment_arc

    scores = pd.DataFrame({"doc_id": ["d"] * 3, "sent_id": [0, 1, 2], "section": ["headline", "paragraph", "paragraph"],
                           "text": ["a", "b", "c"], "score_sentiws": [0.1, -0.2, 0.0], "score_gpl": [0.0, -0.5, 0.2],
                           "score": [0.3, -0.9, 0.1]})
    for label in ("combined", "learned"):
        fig = plot_sentiment_arc(scores, label=label)
        legend = [t.get_text() for ax in fig.axes for t in (ax.get_legend() or fig.legends[0]).get_texts()]
        assert legend[:3] == ["SentiWS", "Polarity Lexicon", label]

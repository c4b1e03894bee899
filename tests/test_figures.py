"""The figure writer: all formats, identical bytes on a rerun, registered ids only, atomic."""

from __future__ import annotations

import filecmp
import re

import pandas as pd
import pytest

from analysis.figures import FIGURES, FORMATS, save_figure
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

"""figures/MANIFEST.csv: every output file listed with its current checksum and its builder."""

from __future__ import annotations

import pandas as pd

from analysis.figures import FIGURES, TABLES, save_figure
from analysis.manifest import read_manifest, sha256_file
from analysis.paths import FIGURES as FIGURES_DIR
from analysis.plots import plot_top_terms
from analysis.terms import count_terms


def test_every_committed_file_is_in_the_manifest_with_its_checksum():
    manifest = read_manifest(FIGURES_DIR)
    files = sorted(p.name for p in FIGURES_DIR.iterdir() if p.is_file() and p.name != "MANIFEST.csv"
             and not p.name.startswith("."))  # hidden: git-ignored run files (the lock)
    assert sorted(manifest["file"]) == files
    for row in manifest.itertuples():
        assert sha256_file(FIGURES_DIR / row.file) == row.sha256, f"{row.file} changed without its manifest entry"
        spec = FIGURES.get(row.id) or TABLES[row.id]
        assert row.builder == spec.plot and row.notebook == spec.notebook


def test_a_changed_figure_changes_its_manifest_row(seed, tmp_path):
    counts = count_terms(seed.tokens, by=())
    save_figure(plot_top_terms(counts.head(5), n=5), counts.head(5), "top_lemmas", out_dir=tmp_path)
    before = read_manifest(tmp_path).set_index("file")
    save_figure(plot_top_terms(counts.head(6), n=6), counts.head(6), "top_lemmas", out_dir=tmp_path)
    after = read_manifest(tmp_path).set_index("file")
    assert len(after) == len(before) == 5  # pdf, svg, png, csv, tex
    assert (before["sha256"] != after["sha256"]).all()
    assert before.loc["top_lemmas.png", "inputs_sha256"] != after.loc["top_lemmas.png", "inputs_sha256"]


def test_declared_inputs_enter_the_checksum(seed, tmp_path):
    counts = count_terms(seed.tokens, by=()).head(5)
    extra = tmp_path / "lexicon.tsv"
    extra.write_text("a\t1\n", encoding="utf-8")
    save_figure(plot_top_terms(counts, n=5), counts, "top_lemmas", out_dir=tmp_path / "a")
    save_figure(plot_top_terms(counts, n=5), counts, "top_lemmas", out_dir=tmp_path / "b", inputs=[extra])
    a, b = read_manifest(tmp_path / "a"), read_manifest(tmp_path / "b")
    assert (a["sha256"] == b["sha256"]).all()
    assert (a["inputs_sha256"] != b["inputs_sha256"]).all()
    assert isinstance(a, pd.DataFrame) and set(a["kind"]) == {"figure", "table"}


def test_a_full_disk_leaves_a_figure_and_its_manifest_row_as_they_were(seed, tmp_path, monkeypatch):
    """A write that fails half-way (no space left for the LaTeX table) changes nothing: the older
    figure's files and its manifest row stay, and no staging folder is left behind."""
    import errno

    import pytest

    from analysis import figures

    counts = count_terms(seed.tokens, by=())
    save_figure(plot_top_terms(counts.head(5), n=5), counts.head(5), "top_lemmas", out_dir=tmp_path)
    before = {p.name: sha256_file(p) for p in tmp_path.iterdir()}
    real = figures.atomic_write

    def full_disk(path, write):
        if str(path).endswith(".tex"):
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(path, write)

    monkeypatch.setattr(figures, "atomic_write", full_disk)
    with pytest.raises(OSError, match="No space left"):
        save_figure(plot_top_terms(counts.head(6), n=6), counts.head(6), "top_lemmas", out_dir=tmp_path)
    assert {p.name: sha256_file(p) for p in tmp_path.iterdir()} == before
    rows = read_manifest(tmp_path).set_index("file")["sha256"].to_dict()
    assert rows == {name: digest for name, digest in before.items() if name != "MANIFEST.csv"}

"""Every notebook runs top to bottom in a fresh kernel and reproduces the committed figures."""

from __future__ import annotations

import filecmp

import jupytext
import nbformat
import pytest

from analysis.figures import FIGURES, TABLES
from analysis.course.notebooks import LOCK_FILE, list_notebooks
from analysis.paths import FIGURES as FIGURES_DIR

NOTEBOOKS = list_notebooks()


def test_there_are_notebooks():
    assert [p.name for p in NOTEBOOKS][:2] == ["00-index.ipynb", "01-seed-article.ipynb"]


def test_every_lesson_states_question_skills_and_time():
    from analysis.course.notebooks import course_outline

    outline = course_outline()
    assert outline["notebook"].tolist() == [p.name for p in NOTEBOOKS]
    for row in outline.itertuples():
        assert row.title.startswith(row.notebook[:2] + " · "), row.notebook
        assert "?" in row.question and row.skills and row.time.endswith("minutes."), row.notebook


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_committed_clean_and_paired(path):
    notebook = nbformat.read(path, as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code), "commit notebooks without outputs"
    tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and "corpus_path" in tagged[0].source and "out_dir" in tagged[0].source
    assert not any(line.lstrip().startswith(("def ", "class ")) for c in code for line in c.source.splitlines()), \
        "no functions or classes in a main notebook: move them to analysis/"
    twin = jupytext.read(path.with_suffix(".py"))
    assert [c.source for c in twin.cells] == [c.source for c in notebook.cells], \
        f"{path.name} and its .py twin differ: run `jupytext --sync {path.with_suffix('.py').name}`"


@pytest.mark.notebooks
def test_notebooks_execute_and_reproduce_committed_figures(executed):
    executed_dir, out = executed
    assert sorted(p.name for p in executed_dir.glob("*.ipynb")) == [p.name for p in NOTEBOOKS]
    # the run's lock stays (git ignores it); no staging folder or temporary file is left behind
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [LOCK_FILE]
    produced = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    expected = sorted([f"{fid}.{ext}" for fid, spec in FIGURES.items()
                       if any(spec.notebook == p.stem for p in NOTEBOOKS)
                       for ext in ("pdf", "svg", "png", "csv", "tex")]
                      + [f"{tid}.{ext}" for tid, spec in TABLES.items()
                         if any(spec.notebook == p.stem for p in NOTEBOOKS) for ext in ("csv", "tex")]
                      + ["MANIFEST.csv"])
    assert produced == expected
    match, mismatch, errors = filecmp.cmpfiles(out, FIGURES_DIR, produced, shallow=False)
    assert mismatch == [] and errors == [], f"figures differ from the committed ones: {mismatch or errors}"


from analysis.paths import EXAMPLE_CORPUS as MINI_CORPUS  # noqa: E402


def test_make_figures_passes_corpus_and_out():
    import subprocess

    dry = subprocess.run(["make", "-n", "figures", "CORPUS=my corpus.jsonl", "OUT=results"],
                         cwd=FIGURES_DIR.parent, capture_output=True, text=True, check=True).stdout
    assert "-m analysis notebooks --corpus \"my corpus.jsonl\" --out \"results\"" in dry


def test_cli_refuses_to_write_a_user_corpus_into_figures():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "analysis", "notebooks", "--corpus", str(MINI_CORPUS)],
                            capture_output=True, text=True)
    assert result.returncode == 2 and "give an output folder (--out FOLDER" in result.stderr


def test_kernels_run_quietly(tmp_path, capfd):
    """No kernel warns that it is "running over TCP without encryption" (the runner uses IPC sockets)."""
    import nbformat

    from analysis.course.notebooks import run_notebooks

    notebook = tmp_path / "01-tiny.ipynb"
    cell = nbformat.v4.new_code_cell("out_dir = 'x'", metadata={"tags": ["parameters"]})
    kernel = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    nbformat.write(nbformat.v4.new_notebook(cells=[cell, nbformat.v4.new_code_cell("print(40 + 2)")],
                                            metadata=kernel), notebook)
    (executed,) = run_notebooks(notebooks=[notebook], out_dir=tmp_path / "out", build_dir=tmp_path / "build")
    assert nbformat.read(executed, as_version=4).cells[-1].outputs[0]["text"] == "42\n"
    assert "without encryption" not in capfd.readouterr().err


@pytest.mark.notebooks
def test_method_dictionary_draws_the_figures_with_the_rules(tmp_path):
    """`notebooks --method dictionary`: the tone arc's data are the dictionary's scores, and the
    caption and manifest say so (the committed figures use the default, the learned method)."""
    import pandas as pd

    from analysis.corpus import read_corpus
    from analysis.course.notebooks import run_notebooks
    from analysis.manifest import read_manifest
    from analysis.paths import NOTEBOOKS as NOTEBOOK_DIR, SEED_ARTICLE
    from analysis.pipeline import prepare
    from analysis.sentiment import score_sentences

    out = tmp_path / "out"
    run_notebooks(notebooks=[NOTEBOOK_DIR / "03-sentiment.ipynb"], out_dir=out, build_dir=tmp_path / "build",
                  parameters={"method": "dictionary"})
    rules = score_sentences(prepare(read_corpus(SEED_ARTICLE)))
    arc = pd.read_csv(out / "sentiment_arc.csv")
    assert arc["score"].round(6).tolist() == rules["score"].round(6).tolist()
    committed = pd.read_csv(FIGURES_DIR / "sentiment_arc.csv")
    assert committed["score"].round(6).tolist() != arc["score"].round(6).tolist()  # the learned scores
    methods = read_manifest(out).set_index("file")["method"]
    assert methods["sentiment_arc.png"] == "dictionary" and methods["sentiment_lexicons.png"] == ""
    assert read_manifest(FIGURES_DIR).set_index("file")["method"]["sentiment_arc.png"] == "learned"
    assert "Dictionary method" in (out / "sentiment_arc.tex").read_text(encoding="utf-8")

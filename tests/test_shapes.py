"""Every lesson on every shape of corpus (issue 17's test matrix), on small generated corpora.

Each shape runs the whole lesson sequence once (a module-scoped run shared by the tests of that
shape); the tests then check that each lesson ran, that the figures in OUT are about the generated
corpus (its document ids in the CSVs), that notes say why something was not drawn, that the
seed-only tables stay out of OUT, and that nothing was written into the project's figures/.
"""

from __future__ import annotations

import hashlib
import json
import re

import nbformat
import pandas as pd
import pytest

from analysis.corpus import read_corpus
from analysis.figures import FIGURES
from analysis.course.notebooks import NOTE, SEED_ONLY, NotebookError, list_notebooks, resolve_paths, run_notebooks
from analysis.paths import FIGURES as FIGURES_DIR

from corpus_shapes import SHAPES, write_shape

pytestmark = pytest.mark.notebooks

#: Every lesson that reads the corpus (00, the course index, reads none: the seed run tests it).
NOTEBOOKS = [p for p in list_notebooks() if not p.name.startswith("00-")]
#: Shapes on which this matrix runs lesson 07 too; tests/test_lesson_07.py runs it on corpora like
#: the others (id+text, one sentence, label and two languages, outlet without dates, many outlets
#: with dates), with checks of its own.
LESSON_07_SHAPES = ("leipzig", "outlet_date_many")


def _checksums(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="session")
def committed_figures():
    return _checksums(FIGURES_DIR)


@pytest.fixture(scope="module", params=list(SHAPES))
def shape_run(request, tmp_path_factory, committed_figures):
    """One run of every lesson on one shape: (shape, corpus path, OUT, {notebook: error or None})."""
    shape = request.param
    root = tmp_path_factory.mktemp(shape)
    corpus, out = resolve_paths(write_shape(shape, root / "corpus"), root / "results")
    errors = {}
    for notebook in NOTEBOOKS:
        if notebook.name.startswith("07-") and shape not in LESSON_07_SHAPES:
            continue  # tests/test_lesson_07.py runs lesson 07 on this shape's kind of corpus
        try:
            run_notebooks(corpus_path=corpus, out_dir=out, notebooks=[notebook])
            errors[notebook.stem] = None
        except NotebookError as exc:
            errors[notebook.stem] = str(exc)
    return shape, corpus, out, errors


def _outputs(out, stem):
    notebook = nbformat.read(out / "notebooks" / f"{stem}.ipynb", as_version=4)
    return "\n".join(o.get("text", "") if o.get("output_type") == "stream" else json.dumps(o.get("data", {}))
                     for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", []))


@pytest.mark.parametrize("stem", [p.stem for p in NOTEBOOKS])
def test_every_lesson_runs(shape_run, stem):
    shape, _, _, errors = shape_run
    if stem not in errors:
        pytest.skip(f"lesson 07 on the {shape} shape is run by tests/test_lesson_07.py")
    assert errors[stem] is None, f"{shape}: {errors[stem]}"


def test_figures_are_about_the_corpus(shape_run):
    shape, corpus_path, out, errors = shape_run
    ids = {doc.id for doc in read_corpus(corpus_path)}
    # every document is scored in lesson 03, and only documents of this corpus
    scored = pd.read_csv(out / "sentiment_lexicons.csv", dtype={"doc_id": str})
    assert set(scored["doc_id"]) == ids
    # the key terms are followed across the whole corpus (a row per document and term), not the first document
    spread = pd.read_csv(out / "dispersion_terms.csv", dtype={"doc_id": str})
    assert set(spread["doc_id"]) == ids if len(ids) > 1 else set(spread["doc_id"]) <= ids
    assert "*nazi*" not in set(pd.read_csv(out / "dispersion_keywords.csv")["pattern"])
    # the LaTeX captions name this corpus, not the seed article
    caption = (out / "top_lemmas.tex").read_text(encoding="utf-8")
    assert "seed article" not in caption
    assert (f"{len(ids):,} documents of" if len(ids) > 1 else "one document of") in caption


def test_seed_only_tables_stay_out_and_say_so(shape_run):
    shape, _, out, errors = shape_run
    written = {p.stem for p in out.iterdir()}
    assert written.isdisjoint(SEED_ONLY), f"{shape}: seed-only material in OUT: {written & set(SEED_ONLY)}"
    if errors["04-framing"] is None:
        assert f"{NOTE} frame_validation is not written for your corpus" in _outputs(out, "04-framing")
    if errors["08-validation"] is None:
        assert "describe the seed article and the coded news samples" in _outputs(out, "08-validation")


def test_notes_say_why(shape_run):
    shape, corpus_path, out, errors = shape_run
    flat = shape in ("plain", "leipzig", "one_sentence")  # no headline found in any document
    for stem in ("01-seed-article", "04-framing"):
        warned = "no article structure" in _outputs(out, stem)
        assert warned == flat, f"{shape}, {stem}: the structure warning is {'missing' if flat else 'wrong'}"
    quotes = "no quotation was found" in _outputs(out, "05-actors-stance")
    assert quotes == (shape in ("plain", "leipzig", "one_sentence")), shape


def test_terms_in_context_are_the_corpus_own(shape_run):
    """Lesson 02's keyword-in-context shows the corpus's own most frequent lemmas, not the seed's
    founding terms (which a generated corpus never contains), and finds them."""
    _, _, out, errors = shape_run
    if errors.get("02-terms") is not None:
        pytest.fail(errors["02-terms"])
    shown = re.findall(r"(\S+): (\d+) occurrences \(the first 30 shown\)", _outputs(out, "02-terms"))
    assert shown and "Entnazifizier*" not in dict(shown)
    assert all(int(n) > 0 for _, n in shown)


def test_executed_notebooks_go_to_out(shape_run):
    _, _, out, errors = shape_run
    assert sorted(p.name for p in (out / "notebooks").glob("*.ipynb")) == [f"{stem}.ipynb" for stem in errors]


def test_nothing_is_written_into_figures(shape_run, committed_figures):
    assert _checksums(FIGURES_DIR) == committed_figures


@pytest.mark.parametrize("shape_run", ["outlet_date_many"], indirect=True)
def test_a_corpus_with_outlets_and_dates_gets_every_figure_of_the_lessons(shape_run):
    """What `make figures CORPUS=... OUT=...` gives a corpus with outlets and dates: every figure
    the lessons register except the seed-only ones, a manifest, and no seed-only material."""
    _, _, out, errors = shape_run
    assert all(error is None for error in errors.values()), errors
    produced = {p.name for p in out.iterdir()}
    lessons = {p.stem for p in NOTEBOOKS}
    for figure_id, spec in FIGURES.items():
        if spec.notebook in lessons and figure_id not in SEED_ONLY:
            assert {f"{figure_id}.png", f"{figure_id}.csv", f"{figure_id}.tex"} <= produced, figure_id
    assert not {p.stem for p in out.iterdir()} & set(SEED_ONLY), "seed-only material written for a user corpus"
    assert "MANIFEST.csv" in produced

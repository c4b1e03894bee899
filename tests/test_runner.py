"""The notebook runner: paths resolved against the caller's folder, the project's folders refused,
parameters passed through, a failing notebook reported in one line (issues 17 and 18)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from analysis.course.notebooks import NotebookError, resolve_paths, run_notebooks
from analysis.paths import DATA, EXAMPLE_CORPUS, FIGURES, NOTEBOOKS, ROOT


def _cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "analysis", "notebooks", *args], cwd=cwd,
                          capture_output=True, text=True)


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "mycorpus.jsonl"
    path.write_text('{"id": "a1", "text": "Die EU kritisiert Russland."}\n', encoding="utf-8")
    return path


@pytest.mark.parametrize("out, expected", [
    ("results", "work/results"),
    ("./results/../other", "work/other"),
    ("../up", "up"),
])
def test_relative_paths_are_taken_from_the_callers_folder(tmp_path, corpus, out, expected):
    work = tmp_path / "work"
    work.mkdir()
    (work / "mycorpus.jsonl").write_text(corpus.read_text(encoding="utf-8"), encoding="utf-8")
    found_corpus, found_out = resolve_paths("mycorpus.jsonl", out, cwd=work)
    assert found_corpus == (work / "mycorpus.jsonl").resolve()
    assert found_out == (tmp_path / expected).resolve()


@pytest.mark.parametrize("out", [
    "figures", "figures/mine", "data", "data/raw", "analysis", "notebooks", "notebooks/results", "tests", ".",
    "results/../figures", "notebooks/../data/raw",
])
def test_outputs_inside_the_project_are_refused(corpus, out):
    with pytest.raises(ValueError, match="project"):
        resolve_paths(corpus, out, cwd=ROOT)


def test_the_make_bug_of_issue_18_is_refused(corpus):
    """`OUT=../figures` resolved from notebooks/ (where the lessons run) is the project's figures/."""
    with pytest.raises(ValueError, match="figures/"):
        resolve_paths(corpus, "../figures", cwd=NOTEBOOKS)


def test_a_symlink_into_the_project_is_refused(tmp_path, corpus):
    link = tmp_path / "innocent"
    link.symlink_to(FIGURES)
    with pytest.raises(ValueError, match="figures/"):
        resolve_paths(corpus, link, cwd=tmp_path)
    deep = tmp_path / "to-data"
    deep.symlink_to(DATA)
    with pytest.raises(ValueError, match="data/"):
        resolve_paths(corpus, deep / "raw" / "new", cwd=tmp_path)


def test_a_symlink_elsewhere_is_followed(tmp_path, corpus):
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    assert resolve_paths(corpus, "link/out", cwd=tmp_path)[1] == real / "out"


def test_a_folder_beside_the_projects_own_folders_is_allowed(corpus):
    assert resolve_paths(corpus, "build/my-results", cwd=ROOT)[1] == ROOT.resolve() / "build" / "my-results"


def test_the_seed_run_may_write_figures_but_nothing_else_protected():
    assert resolve_paths(None, None) == (None, FIGURES.resolve())
    assert resolve_paths(None, "figures", cwd=ROOT)[1] == FIGURES.resolve()
    with pytest.raises(ValueError, match="data/"):
        resolve_paths(None, "data", cwd=ROOT)


def test_a_corpus_needs_an_out_folder_and_must_exist(tmp_path, corpus):
    with pytest.raises(ValueError, match="give an output folder"):
        resolve_paths(corpus, None, cwd=tmp_path)
    with pytest.raises(ValueError, match="nope.jsonl: no such corpus"):
        resolve_paths("nope.jsonl", "out", cwd=tmp_path)
    (tmp_path / "file").write_text("x")
    with pytest.raises(ValueError, match="not a folder"):
        resolve_paths(corpus, "file", cwd=tmp_path)


@pytest.mark.parametrize("cwd, out", [(NOTEBOOKS, "../figures"), (ROOT, "figures"), (ROOT, "data/raw"),
                                      (ROOT, "."), (NOTEBOOKS, "..")])
def test_cli_refuses_in_one_line_with_status_2(corpus, cwd, out):
    result = _cli("--corpus", str(corpus), "--out", out, cwd=cwd)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "project" in lines[0]


def test_cli_names_a_missing_corpus_relative_to_the_callers_folder(tmp_path):
    result = _cli("--corpus", "mycorpus.jsonl", "--out", "results", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (f"error: mycorpus.jsonl: no such corpus file or folder "
                                     f"(looked for {tmp_path.resolve() / 'mycorpus.jsonl'})")


def test_cli_refuses_an_unknown_target_and_period(corpus, tmp_path):
    result = _cli("--corpus", str(corpus), "--out", "r", "--targets", "russia,atlantis", cwd=tmp_path)
    assert result.returncode == 2 and "atlantis" in result.stderr and "valid:" in result.stderr
    assert not (tmp_path / "r").exists()
    result = _cli("--corpus", str(corpus), "--out", "r", "--period", "decade", cwd=tmp_path)
    assert result.returncode == 2 and "invalid choice: 'decade'" in result.stderr


def _write_notebook(path: Path, *cells: str, parameters: str) -> Path:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    tagged = nbformat.v4.new_code_cell(parameters)
    tagged.metadata["tags"] = ["parameters"]
    notebook.cells = [tagged, *(nbformat.v4.new_code_cell(c) for c in cells)]
    nbformat.write(notebook, path)
    return path


@pytest.mark.notebooks
def test_parameters_reach_the_notebooks_that_declare_them(tmp_path, corpus):
    notebook = _write_notebook(
        tmp_path / "01-probe.ipynb",
        "from pathlib import Path\n"
        "Path(out_dir, 'seen.txt').write_text(repr((corpus_path, group, period, targets, terms)))",
        parameters="corpus_path = None\nout_dir = None\ngroup = 'outlet'\nperiod = 'month'\ntargets = []\nterms = None")
    out = tmp_path / "out"
    out.mkdir()
    executed = run_notebooks(corpus_path=corpus, out_dir=out, notebooks=[notebook],
                             parameters={"group": "label", "period": "year", "targets": ["eu"], "terms": ["Gas*"]})
    assert executed == [out / "notebooks" / "01-probe.ipynb"]  # own corpus: executed copies in OUT
    assert (out / "seen.txt").read_text() == repr((str(corpus), "label", "year", ["eu"], ["Gas*"]))


@pytest.mark.notebooks
def test_a_failing_notebook_is_one_line_with_where_the_log_is(tmp_path, corpus):
    notebook = _write_notebook(tmp_path / "05-broken.ipynb", "x = 1", "{}['type']",
                               parameters="corpus_path = None\nout_dir = None")
    out = tmp_path / "out"
    with pytest.raises(NotebookError) as caught:
        run_notebooks(corpus_path=corpus, out_dir=out, notebooks=[notebook])
    error = caught.value
    assert str(error).startswith("05-broken.ipynb: KeyError: 'type' (full log: ")
    assert "\n" not in str(error)
    assert error.log == out / "notebooks" / "05-broken.log" and "KeyError" in error.log.read_text()
    assert error.executed.exists()


@pytest.mark.notebooks
def test_a_second_run_into_the_same_folder_is_refused_and_a_killed_runs_stages_are_removed(tmp_path, corpus):
    from filelock import FileLock

    from analysis.course.notebooks import LOCK_FILE, OutputLocked

    notebook = _write_notebook(tmp_path / "01-probe.ipynb", "x = 1", parameters="corpus_path = None\nout_dir = None")
    out = tmp_path / "out"
    stale = out / ".stage-top_lemmas-k1ll3d"  # what a run killed inside save_figure leaves
    stale.mkdir(parents=True)
    (stale / "top_lemmas.png").write_bytes(b"half a figure")
    with FileLock(out / LOCK_FILE, timeout=0):  # another run holds the folder
        with pytest.raises(OutputLocked, match="another run is writing figures into"):
            run_notebooks(corpus_path=corpus, out_dir=out, notebooks=[notebook])
        assert stale.is_dir()  # nothing touched while the other run works
    run_notebooks(corpus_path=corpus, out_dir=out, notebooks=[notebook])
    assert not stale.exists() and (out / "notebooks" / "01-probe.ipynb").is_file()


def test_make_figures_passes_every_parameter():
    dry = subprocess.run(["make", "-n", "figures", "CORPUS=my corpus.jsonl", "OUT=results", "GROUP=section",
                          "PERIOD=year", "TARGETS=russia,eu", "TERMS=Sanktion*,Gas"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    command = " ".join(dry.replace("\\\n", " ").split())
    assert ('-m analysis notebooks --corpus "my corpus.jsonl" --out "results" --group "section" '
            '--period "year" --targets "russia,eu" --terms "Sanktion*,Gas"') in command


def test_example_corpus_is_not_protected():
    """The example corpus lives in data/: reading it is fine, only writing there is refused."""
    corpus, out = resolve_paths(EXAMPLE_CORPUS, "/tmp/elsewhere")
    assert corpus == EXAMPLE_CORPUS.resolve() and out == Path("/tmp/elsewhere").resolve()


@pytest.mark.parametrize("sections, warned", [
    (["paragraph", "paragraph"], True),
    (["headline", "paragraph"], False),
    (["paragraph", "subheading"], False),
    ([], False),
])
def test_structure_note_only_when_every_sentence_is_a_paragraph(sections, warned):
    from analysis.course.notebooks import structure_note

    assert (structure_note(sections) is not None) == warned


def test_first_document_title_names_the_document_and_the_corpus_size():
    from analysis.corpus import Corpus, Document
    from analysis.course.notebooks import first_document_title

    one = Corpus([Document(id="a", text="Eins.")])
    many = Corpus([Document(id=f"d{i}", text="Eins.") for i in range(1200)])
    assert first_document_title("Stance", one) is None  # the seed run keeps its untitled figure
    assert first_document_title("Stance", many) == "Stance: first document only (d0; the corpus has 1,200)"


def test_integer_ticks_leave_whole_ticks_alone_and_drop_halves():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from analysis.course.notebooks import integer_ticks

    short, ax = plt.subplots()
    ax.plot([0, 1, 2], [0, 1, 0])
    integer_ticks(short)
    short.canvas.draw()
    assert all(float(t).is_integer() for t in ax.get_xticks())
    long, ax_long = plt.subplots()
    ax_long.plot(range(61), range(61))
    before = list(ax_long.get_xticks())
    integer_ticks(long)
    long.canvas.draw()
    assert list(ax_long.get_xticks()) == before
    plt.close("all")


def test_cli_refuses_a_group_the_corpus_does_not_have(corpus, tmp_path):
    result = _cli("--corpus", str(corpus), "--out", "r", "--group", "outlett", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().startswith(f"error: {corpus}: no column 'outlett' to group by; columns: id, ")
    assert not (tmp_path / "r").exists()

"""Execute the notebook sequence headless (papermill, a fresh kernel each), in order.

``make figures`` calls :func:`run_notebooks` through ``python -m analysis notebooks``. Each
``notebooks/NN-*.ipynb`` runs with its ``parameters`` cell overridden by ``corpus_path``,
``out_dir`` and whichever of :data:`PARAMETERS` (``group``, ``period``, ``targets``, ``terms``,
``method``) the caller sets and the notebook declares. The figures go to ``out_dir``; the executed copies of the
seed run to ``build/notebooks/`` (git-ignored: they carry timestamps), those of a run on another
corpus to ``<out_dir>/notebooks/``, so that they never replace the seed's.

Paths are resolved before they reach the notebooks (which run in ``notebooks/``):
:func:`resolve_paths` makes them absolute against the caller's working directory and refuses an
output folder inside the project's own files.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sys
import time
import traceback as _traceback
from pathlib import Path

import pandas as pd

from ..compare import PERIODS
from ..paths import BUILD, FIGURES, NOTEBOOKS, PROTECTED, ROOT
from ..report import folder_lock

__all__ = ["PARAMETERS", "PERIODS", "NOTE", "SEED_ONLY", "NotebookError", "list_notebooks", "resolve_paths", "run_notebooks",
           "course_outline", "note", "structure_note", "first_document_title", "integer_ticks",
           "FIGURE_METHODS", "figure_method", "learned_records", "learned_sentiment", "learned_frames",
           "learned_fields"]

_FIELDS = {"question": r"\*\*Question\.?\*\*", "skills": r"\*\*You will be able to\*\*",
           "time": r"\*\*Time\.?\*\*"}

#: Parameters a run may set besides ``corpus_path`` and ``out_dir``; a notebook receives those its
#: ``parameters`` cell declares. ``targets`` and ``terms`` are lists; ``method`` is one of
#: :data:`FIGURE_METHODS`.
PARAMETERS = ("group", "period", "targets", "terms", "method")

#: The methods the lessons' figures of sentiment, frames and stance may be drawn with (the
#: ``method`` parameter): ``default`` is each measure's default method
#: (:data:`analysis.measures.learned.DEFAULT_METHODS`, the learned one), ``dictionary`` the rules,
#: much faster on a large corpus.
FIGURE_METHODS = ("default", "dictionary")


#: Figures and tables about the seed article and the coded samples rather than the corpus a run
#: reads: written in the seed run only; a run on another corpus shows them with a note instead.
SEED_ONLY = ("frame_validation", "validation_intercoder", "validation_summary", "validation_learned")

#: How a lesson's note begins in its output (a figure not drawn and why, a warning about the corpus).
NOTE = "Note:"


def note(message: str) -> None:
    """Print a visible note in a lesson's output: a figure not drawn and why, or a corpus warning."""
    print(f"{NOTE} {message}")


def structure_note(sections) -> str | None:
    """A warning when a corpus has no article structure: every analysed sentence is a paragraph.

    ``sections`` is the ``section`` column of the sentences. One line per article (or a Leipzig
    file of sentences) gives no headline, bullets or subheadings, so comparisons by section show
    one bar ("body"); say so rather than let the figure look like a finding.
    """
    found = set(sections)
    if found and found <= {"paragraph"}:
        return ("the corpus has no article structure: no headline, bullets or subheadings were found, every "
                "sentence is a paragraph ('body'), so comparisons by section show one group. Separate headline "
                "and paragraphs by blank lines to have them found.")
    return None


def first_document_title(what: str, corpus) -> str | None:
    """A title saying that a figure shows only the first document, for a corpus of more than one.

    ``None`` for one document (the seed run keeps its untitled figures).
    """
    if len(corpus) <= 1:
        return None
    return f"{what}: first document only ({corpus[0].id}; the corpus has {len(corpus):,})"


def integer_ticks(figure) -> None:
    """Whole-number ticks on the x axes of ``figure`` (sentence numbers are never 2.5)."""
    from matplotlib.ticker import MaxNLocator

    for ax in figure.axes:
        # matplotlib's default locator (AutoLocator's bins and steps), restricted to whole numbers:
        # where the default ticks are whole already (a long article), nothing changes
        ax.xaxis.set_major_locator(MaxNLocator(nbins="auto", steps=[1, 2, 2.5, 5, 10], integer=True))


def figure_method(method: str, measure: str) -> str:
    """``"learned"`` or ``"dictionary"``: which method draws a lesson's figures of ``measure``.

    ``method`` is the lesson's parameter (:data:`FIGURE_METHODS`); ``default`` means the measure's
    default method (:data:`analysis.measures.learned.DEFAULT_METHODS`).
    """
    if method not in FIGURE_METHODS:
        raise ValueError(f"method {method!r}; valid: {', '.join(FIGURE_METHODS)}")
    from ..measures.learned import DEFAULT_METHODS

    return "learned" if method == "default" and DEFAULT_METHODS.get(measure) == "learned" else "dictionary"


def learned_records(prepared, measure: str) -> list[dict]:
    """Sentence records of the learned ``measure`` (``sentiment``, ``frames`` or ``stance``)."""
    from ..measures.learned import select_measures
    from ..score import score_records

    return score_records(prepared, measures=select_measures("model", only=[measure]))


def _by_sentence(records) -> dict:
    return {(str(r["doc_id"]), r["sent_id"]): r for r in records}


def learned_sentiment(scores: pd.DataFrame, records) -> pd.DataFrame:
    """``scores`` (:func:`analysis.sentiment.score_sentences`) with ``score`` and ``label`` of the
    learned method (:func:`learned_records`); the lexicons' own columns stay."""
    found = _by_sentence(records)
    keys = list(zip(scores["doc_id"].astype(str), scores["sent_id"]))
    return scores.assign(score=[found[k]["sentiment"]["score"] for k in keys],
                         label=[found[k]["sentiment"]["label"] for k in keys])


def learned_frames(units: pd.DataFrame, records, ids) -> pd.DataFrame:
    """A sentence table of frames (:func:`analysis.framing.frame_units`) with the learned method's
    frames (:func:`learned_records`): the column of each frame id in ``ids`` and ``frames``."""
    found = _by_sentence(records)
    frames = [[f for f in ids if f in found[k]["frames"]] for k in zip(units["doc_id"].astype(str), units["sent_id"])]
    table = units.assign(frames=frames)
    for frame in ids:
        table[frame] = [frame in f for f in frames]
    return table


def learned_fields(records) -> dict:
    """The learned records keyed by ``(doc_id, sent_id)``, as :func:`analysis.stance.stance_table` reads them."""
    return {(r["doc_id"], r["sent_id"]): r for r in records}


class NotebookError(RuntimeError):
    """A notebook failed: which one, the last line of its error, and where the full record is.

    ``str(error)`` is one line, ``<notebook>: <error line> (full log: <path>; executed notebook: <path>)``.
    """

    def __init__(self, notebook: str, problem: str, *, log: Path, executed: Path):
        self.notebook, self.problem, self.log, self.executed = notebook, problem, log, executed
        super().__init__(f"{notebook}: {problem} (full log: {log}; executed notebook: {executed})")


def list_notebooks(folder: str | Path = NOTEBOOKS) -> list[Path]:
    """The main notebooks in their order (``NN-title.ipynb``; solutions and scratch excluded)."""
    return sorted(p for p in Path(folder).glob("[0-9][0-9]-*.ipynb"))


def _absolute(path: str | Path, cwd: Path) -> Path:
    path = Path(os.path.expanduser(str(path)))
    # resolve() follows symlinks (also of a parent that exists when the leaf does not yet)
    return (path if path.is_absolute() else cwd / path).resolve()


def resolve_paths(
    corpus_path: str | Path | None, out_dir: str | Path | None, *, cwd: str | Path | None = None,
) -> tuple[Path | None, Path]:
    """``(corpus, out)`` made absolute against ``cwd`` (default: the current working directory).

    Without an ``out_dir`` the seed run writes to the project's ``figures/``. A run on another
    corpus must name its own folder, and no run may write into the project's ``figures/`` (except
    the seed run), ``data/``, ``analysis/``, ``notebooks/``, ``tests/`` or the project root itself:
    checked after following symlinks, so ``../figures``, ``./results/../data`` and a link to
    ``figures/`` are all refused.

    Raises
    ------
    ValueError
        A refused or missing path, in one line naming it.
    """
    cwd = Path(cwd) if cwd is not None else Path.cwd()
    corpus = None
    if corpus_path is not None:
        corpus = _absolute(corpus_path, cwd)
        if not corpus.exists():
            raise ValueError(f"{corpus_path}: no such corpus file or folder (looked for {corpus})")
        if out_dir is None:
            raise ValueError("with a corpus, give an output folder (--out FOLDER, make figures OUT=FOLDER): "
                             "figures/ is kept for the seed article")
    out = _absolute(out_dir, cwd) if out_dir is not None else FIGURES.resolve()
    if out.exists() and not out.is_dir():
        raise ValueError(f"{out_dir}: exists and is not a folder")
    seed_run = corpus is None and out == FIGURES.resolve()
    if not seed_run:
        root = ROOT.resolve()
        if out == root:
            raise ValueError(f"{out_dir}: is the project folder itself ({out}); choose a folder of your own")
        for protected in PROTECTED:
            protected = protected.resolve()
            if out == protected or protected in out.parents:
                raise ValueError(f"{out_dir}: resolves to {out}, inside the project's {protected.name}/, "
                                 "which a run on your corpus must not write into; choose another folder")
    return corpus, out


def _last_line(exc) -> str:
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    if ename:
        return f"{ename}: {evalue}".strip().splitlines()[0] if evalue else ename
    lines = [line for line in str(exc).splitlines() if line.strip()]
    return lines[-1].strip() if lines else type(exc).__name__


def run_notebooks(
    *,
    corpus_path: str | Path | None = None,
    out_dir: str | Path = FIGURES,
    build_dir: str | Path | None = None,
    notebooks: list[Path] | None = None,
    parameters: dict | None = None,
    log=sys.stderr,
) -> list[Path]:
    """Execute every notebook; return the paths of the executed copies.

    Without ``corpus_path`` each notebook reads its own default (the seed article; the example
    corpus of 12 documents for the lesson that compares documents); with it, every notebook reads it.
    Paths should be absolute (:func:`resolve_paths`): the notebooks run in ``notebooks/``.

    Parameters
    ----------
    build_dir : path, optional
        Where the executed copies go: by default ``build/notebooks/`` for the seed run, and
        ``<out_dir>/notebooks/`` with a ``corpus_path``.
    parameters : dict, optional
        Values for :data:`PARAMETERS` (``None`` values are left at the notebook's default); each
        notebook receives those its ``parameters`` cell declares.

    Raises
    ------
    NotebookError
        A cell failed: the notebook, the error's last line, the log with the full traceback and
        the executed notebook (written up to the failing cell).
    """
    unknown = set(parameters or {}) - set(PARAMETERS)
    if unknown:
        raise ValueError(f"unknown parameters {sorted(unknown)}; valid: {', '.join(PARAMETERS)}")
    chosen = {k: v for k, v in (parameters or {}).items() if v is not None}
    if build_dir is None:
        build_dir = Path(out_dir) / "notebooks" if corpus_path is not None else BUILD / "notebooks"
    build_dir = Path(build_dir)
    build_dir.mkdir(parents=True, exist_ok=True)
    with _output_lock(Path(out_dir)):
        return _execute(notebooks or list_notebooks(), build_dir, out_dir, corpus_path, chosen, log)


#: The lock file a run holds in its output folder (git ignores it in ``figures/``).
LOCK_FILE = ".figures.lock"


class OutputLocked(RuntimeError):
    """Another run is writing figures into the same folder."""


@contextlib.contextmanager
def _output_lock(out_dir: Path):
    """Hold the output folder's lock for a run, refusing at once if another run holds it (two runs
    would interleave their updates of ``MANIFEST.csv``). Under the lock, the staging folders of an
    interrupted run (``.stage-*``, see :func:`analysis.figures.save_figure`) are removed. The lock
    is the operating system's (``filelock``): it dies with its process, so a killed run leaves no
    stale lock."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with folder_lock(out_dir / LOCK_FILE, lambda: OutputLocked(
            f"{out_dir / LOCK_FILE}: another run is writing figures into {out_dir}; wait for it to finish or "
            "choose another OUT")):
        for stale in sorted(out_dir.glob(".stage-*")):
            if stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)
        yield


def _execute(todo, build_dir: Path, out_dir, corpus_path, chosen: dict, log) -> list[Path]:
    import papermill  # imported here: it is slow to import and only the runner needs it
    from traitlets.config import Config

    from tqdm.auto import tqdm

    done = []
    # a progress bar on a terminal; plain lines in CI and logs (tqdm disables itself on non-TTYs)
    for notebook in tqdm(todo, desc="notebooks", unit="nb", disable=None, file=log):
        started = time.perf_counter()
        target = build_dir / notebook.name
        declared = papermill.inspect_notebook(str(notebook))
        values = {"out_dir": str(out_dir), **({"corpus_path": str(corpus_path)} if corpus_path else {}),
                  **{k: v for k, v in chosen.items() if k in declared}}
        try:
            papermill.execute_notebook(
                str(notebook), str(target), parameters=values,
                kernel_name="python3", progress_bar=False, cwd=str(notebook.parent),
                # a hung kernel must fail the run, not stall it: no lesson needs more than a minute
                start_timeout=120, execution_timeout=600,
                # kernels talk over local IPC sockets, not TCP: no "running over TCP without encryption"
                # warning from every kernel (IPC sockets do not exist on Windows)
                **({} if sys.platform == "win32" else {"config": Config({"KernelManager": {"transport": "ipc"}})}),
            )
        except Exception as exc:  # papermill's execution error, a dead kernel, a timeout: one line
            record = target.with_suffix(".log")
            record.write_text("".join(_traceback.format_exception(exc)), encoding="utf-8")
            raise NotebookError(notebook.name, _last_line(exc), log=record, executed=target) from exc
        print(f"{notebook.name}: executed in {time.perf_counter() - started:.1f} s -> {target}", file=log)
        done.append(target)
    return done


def course_outline(folder: str | Path = NOTEBOOKS) -> pd.DataFrame:
    """The lesson path: one row per main notebook, read from its first markdown cell.

    A lesson's first cell holds its title (``# NN · Title``) and paragraphs starting with
    ``**Question.**``, ``**You will be able to**`` and ``**Time.**``.

    Returns
    -------
    DataFrame
        ``notebook``, ``title``, ``question``, ``skills``, ``time``.
    """
    import nbformat

    rows = []
    for path in list_notebooks(folder):
        notebook = nbformat.read(path, as_version=4)
        first = next((c.source for c in notebook.cells if c.cell_type == "markdown"), "")
        lines = first.splitlines()
        title = lines[0].lstrip("# ").strip() if lines else path.stem
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", "\n".join(lines[1:]))]
        row = {"notebook": path.name, "title": title}
        for field, marker in _FIELDS.items():
            found = next((p for p in paragraphs if re.match(marker, p)), "")
            row[field] = re.sub(marker, "", found).strip()
        rows.append(row)
    return pd.DataFrame(rows, columns=["notebook", "title", "question", "skills", "time"])

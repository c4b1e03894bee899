"""Execute the notebook sequence headless (papermill, a fresh kernel each), in order.

``make figures`` calls :func:`run_notebooks` through ``python -m analysis notebooks``. Each
``notebooks/NN-*.ipynb`` runs with its ``parameters`` cell overridden by ``corpus_path`` and
``out_dir``; the executed copies go to ``build/notebooks/`` (git-ignored: they carry timestamps),
the figures to ``out_dir``.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pandas as pd

from ..paths import BUILD, FIGURES, NOTEBOOKS

__all__ = ["list_notebooks", "run_notebooks", "course_outline"]

_FIELDS = {"question": r"\*\*Question\.?\*\*", "skills": r"\*\*You will be able to\*\*",
           "time": r"\*\*Time\.?\*\*"}


def list_notebooks(folder: str | Path = NOTEBOOKS) -> list[Path]:
    """The main notebooks in their order (``NN-title.ipynb``; solutions and scratch excluded)."""
    return sorted(p for p in Path(folder).glob("[0-9][0-9]-*.ipynb"))


def run_notebooks(
    *,
    corpus_path: str | Path | None = None,
    out_dir: str | Path = FIGURES,
    build_dir: str | Path = BUILD / "notebooks",
    notebooks: list[Path] | None = None,
    log=sys.stderr,
) -> list[Path]:
    """Execute every notebook; return the paths of the executed copies.

    Without ``corpus_path`` each notebook reads its own default (the seed article; the example
    corpus of 12 documents for the lesson that compares documents); with it, every notebook reads it.

    Raises
    ------
    papermill.PapermillExecutionError
        A cell failed; the message names the notebook and the cell.
    """
    import papermill  # imported here: it is slow to import and only this function needs it
    from traitlets.config import Config

    from tqdm.auto import tqdm

    build_dir = Path(build_dir)
    build_dir.mkdir(parents=True, exist_ok=True)
    done = []
    todo = notebooks or list_notebooks()
    # a progress bar on a terminal; plain lines in CI and logs (tqdm disables itself on non-TTYs)
    for notebook in tqdm(todo, desc="notebooks", unit="nb", disable=None, file=log):
        started = time.perf_counter()
        target = build_dir / notebook.name
        papermill.execute_notebook(
            str(notebook), str(target),
            parameters={"out_dir": str(out_dir), **({"corpus_path": str(corpus_path)} if corpus_path else {})},
            kernel_name="python3", progress_bar=False, cwd=str(notebook.parent),
            # a hung kernel must fail the run, not stall it: no lesson needs more than a minute
            start_timeout=120, execution_timeout=600,
            # kernels talk over local IPC sockets, not TCP: no "running over TCP without encryption"
            # warning from every kernel (IPC sockets do not exist on Windows)
            **({} if sys.platform == "win32" else {"config": Config({"KernelManager": {"transport": "ipc"}})}),
        )
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

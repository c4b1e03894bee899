"""Execute the notebook sequence headless (papermill, a fresh kernel each), in order.

``make figures`` calls :func:`run_notebooks` through ``python -m analysis notebooks``. Each
``notebooks/NN-*.ipynb`` runs with its ``parameters`` cell overridden by ``corpus_path`` and
``out_dir``; the executed copies go to ``build/notebooks/`` (git-ignored: they carry timestamps),
the figures to ``out_dir``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from .paths import BUILD, FIGURES, NOTEBOOKS, SEED_ARTICLE

__all__ = ["list_notebooks", "run_notebooks"]


def list_notebooks(folder: str | Path = NOTEBOOKS) -> list[Path]:
    """The main notebooks in their order (``NN-title.ipynb``; solutions and scratch excluded)."""
    return sorted(p for p in Path(folder).glob("[0-9][0-9]-*.ipynb"))


def run_notebooks(
    *,
    corpus_path: str | Path = SEED_ARTICLE,
    out_dir: str | Path = FIGURES,
    build_dir: str | Path = BUILD / "notebooks",
    notebooks: list[Path] | None = None,
    log=sys.stderr,
) -> list[Path]:
    """Execute every notebook; return the paths of the executed copies.

    Raises
    ------
    papermill.PapermillExecutionError
        A cell failed; the message names the notebook and the cell.
    """
    import papermill  # imported here: it is slow to import and only this function needs it

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
            parameters={"corpus_path": str(corpus_path), "out_dir": str(out_dir)},
            kernel_name="python3", progress_bar=False, cwd=str(notebook.parent),
        )
        print(f"{notebook.name}: executed in {time.perf_counter() - started:.1f} s -> {target}", file=log)
        done.append(target)
    return done

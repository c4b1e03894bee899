"""Every path the project uses, in one place.

Notebooks and scripts take their paths from here (or from their ``parameters`` cell, whose
defaults come from here), never from string literals, so that the layout can change in one spot.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

__all__ = [
    "ROOT",
    "DATA",
    "DATA_RAW",
    "RESOURCES",
    "LEXICONS",
    "CODEBOOKS",
    "ACTORS",
    "ANNOTATIONS",
    "VALIDATION",
    "FIGURES",
    "NOTEBOOKS",
    "BUILD",
    "SEED_ARTICLE",
    "EXAMPLE_CORPUS",
    "INSTRUMENTS",
    "SEED_MANIFEST",
    "PROTECTED",
    "is_seed",
]

#: The project root (the folder holding ``pyproject.toml``).
ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
#: Immutable inputs; checksummed in ``MANIFEST.json``; no code writes here.
DATA_RAW = DATA / "raw"
#: The project's instruments, reviewed text files shipped inside the package (package data, found
#: through the package with importlib.resources, so that an installed wheel has them without the
#: source tree): ``lexicons/`` (aliases, no-split list, sentiment corrections, stance cues),
#: ``codebooks/`` (the frame codebook), ``actors/`` (the actor registry).
RESOURCES = Path(str(files("analysis") / "resources"))
LEXICONS = RESOURCES / "lexicons"
CODEBOOKS = RESOURCES / "codebooks"
ACTORS = RESOURCES / "actors"
#: Coding instructions and hand codings used for validation.
ANNOTATIONS = DATA / "annotations"
#: Validation results on data that may not be committed (metrics only, no text), written by the
#: evaluation scripts under ``benchmarks/`` and committed with the command that regenerates them.
VALIDATION = DATA / "validation"
#: Written only by :func:`analysis.figures.save_figure`.
FIGURES = ROOT / "figures"
NOTEBOOKS = ROOT / "notebooks"
#: Git-ignored: executed notebooks and other derived files that may be deleted at any time.
BUILD = ROOT / "build"

SEED_ARTICLE = DATA_RAW / "article_de.txt"
#: The project's instruments and validation data: every figure depends on them, so their
#: checksums enter the figure manifest (``inputs=`` of :func:`analysis.figures.save_figure`).
INSTRUMENTS = (LEXICONS, CODEBOOKS, ACTORS, ANNOTATIONS, VALIDATION)
#: Twelve short fictional German news texts with outlets and dates, written for the tests and for
#: demonstrating comparisons between documents (``data/examples/README`` in ``data/README.md``).
EXAMPLE_CORPUS = DATA / "examples" / "mini_corpus.jsonl"
SEED_MANIFEST = DATA_RAW / "MANIFEST.json"
#: The project's own folders: a run on another corpus never writes into them (nor into the root).
PROTECTED = (FIGURES, DATA, ROOT / "analysis", NOTEBOOKS, ROOT / "tests", ROOT / ".git")


def is_seed(corpus_path) -> bool:
    """Whether ``corpus_path`` is the seed article (the run that writes the committed figures)."""
    return Path(corpus_path).resolve() == SEED_ARTICLE.resolve()

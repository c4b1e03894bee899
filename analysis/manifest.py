"""The manifest of figures and tables: what each file is, what built it, and checksums.

``<out_dir>/MANIFEST.csv`` has one row per output file: the figure or table id, its kind, the file,
its SHA-256, the plot function and notebook that build it (from the registry in
:mod:`analysis.figures`), and ``inputs_sha256``, one checksum over the data behind the figure and
the input files the notebook declared (the corpus, lexicons, codebooks), and ``method``, the method
of the measure a figure shows (``learned`` or ``dictionary``; empty for figures of terms and for
tables). A manifest written before the ``method`` column existed is read with it empty. A figure whose bytes change
without its manifest row changing fails ``tests/test_manifest.py``; a rerun on the same inputs
leaves the manifest byte-identical.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from .report import write_table

__all__ = ["MANIFEST_NAME", "MANIFEST_COLUMNS", "sha256_file", "inputs_digest", "update_manifest", "read_manifest"]

MANIFEST_NAME = "MANIFEST.csv"
MANIFEST_COLUMNS = ["id", "kind", "file", "sha256", "builder", "notebook", "inputs_sha256", "method"]


def sha256_file(path: str | Path) -> str:
    """SHA-256 of a file's bytes (of every file below it, in name order, for a folder)."""
    path = Path(path)
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        digest.update(file.read_bytes())
    return digest.hexdigest()


def inputs_digest(data_sha256: str, inputs=()) -> str:
    """One checksum over the figure's data and its input files (by content, not by path)."""
    digests = sorted([data_sha256, *(sha256_file(p) for p in inputs)])
    return hashlib.sha256("\n".join(digests).encode("ascii")).hexdigest()


def read_manifest(out_dir: str | Path) -> pd.DataFrame:
    """The manifest of a figures folder (an empty table if there is none yet)."""
    path = Path(out_dir) / MANIFEST_NAME
    if not path.exists():
        return pd.DataFrame(columns=MANIFEST_COLUMNS)
    manifest = pd.read_csv(path, dtype=str, keep_default_na=False)
    # older manifests have no method column: read it as empty
    return manifest.reindex(columns=[*manifest.columns, *(c for c in MANIFEST_COLUMNS if c not in manifest)],
                            fill_value="")


def update_manifest(out_dir: str | Path, figure_id: str, rows: list[dict], *, into: str | Path | None = None) -> Path:
    """Replace the rows of ``figure_id`` in ``<out_dir>/MANIFEST.csv`` (sorted, written atomically);
    with ``into``, the updated manifest is written into that folder instead (a staging folder)."""
    manifest = read_manifest(out_dir)
    manifest = manifest[manifest["id"] != figure_id]
    manifest = pd.concat([manifest, pd.DataFrame(rows, columns=MANIFEST_COLUMNS)], ignore_index=True)
    manifest = manifest.sort_values(["id", "file"]).reset_index(drop=True)
    return write_table(manifest, Path(into if into is not None else out_dir) / MANIFEST_NAME)

"""Shared fixtures: the seed article, read and prepared once per test session."""

from __future__ import annotations

import pytest

from analysis.corpus import read_text
from analysis.paths import SEED_ARTICLE
from analysis.pipeline import prepare


@pytest.fixture(scope="session")
def seed_corpus():
    return read_text(SEED_ARTICLE)


@pytest.fixture(scope="session")
def seed(seed_corpus):
    return prepare(seed_corpus)


@pytest.fixture(scope="session")
def seed_text(seed_corpus):
    return seed_corpus[0].text


@pytest.fixture(scope="session")
def executed(tmp_path_factory):
    """Every notebook executed once in a fresh kernel: (executed notebooks folder, figures folder)."""
    from analysis.course.notebooks import run_notebooks

    root = tmp_path_factory.mktemp("run")
    run_notebooks(out_dir=root / "figures", build_dir=root / "executed")
    return root / "executed", root / "figures"

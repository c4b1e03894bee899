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


# Hypothesis (tests/test_fuzz.py): "ci", the default, draws the same examples on every run; set
# HYPOTHESIS_PROFILE=explore to draw new ones (and many more) when hunting for bugs.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("ci", derandomize=True, database=None, deadline=None, max_examples=60, print_blob=True)
_hypothesis_settings.register_profile("explore", max_examples=2000, deadline=None)
_hypothesis_settings.load_profile(__import__("os").environ.get("HYPOTHESIS_PROFILE", "ci"))

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

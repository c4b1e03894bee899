"""Scoring corpora too large for memory: streamed in chunks, resumable, local or on Dask.

The input is read as a stream of chunks of documents (:func:`iter_chunks`: JSONL, CSV, Parquet or
a folder of ``.txt`` files), never whole. Each chunk goes through the same per-chunk function,
:func:`score_chunk` (structure → sentences → tokens → every registered measure, see
:mod:`analysis.measures` and :mod:`analysis.score`), and its sentence records are written as ``part-NNNNNN.parquet`` in the
output folder, atomically. A rerun skips the parts that exist, so an interrupted run resumes where
it stopped and never leaves a half-written part. The chunks run one after another, on a pool of
local processes (``workers``), or on a Dask cluster (``backend="dask"``: a ``LocalCluster`` by
default, or any running scheduler given by its address); all three give identical parts.

Each row is a record of ``python -m analysis score``: the sentence fields, the document's metadata
(:func:`analysis.score.document_fields`: ``title``, ``outlet``, ``date``, ``language``, ``source``
and every extra column of the corpus, with one type in every part), then the measures. Nested
fields of the record (``sentiment``, ``frames``, ``stance`` ...) are stored as JSON text columns
(listed in each part's schema metadata under :data:`JSON_COLUMNS_KEY`), so the Parquet files keep
the exact JSON of ``score``. Every part has the same schema, and the run file is ``_RUN.json``
(Arrow skips names starting with ``_``), so ``pd.read_parquet(out_dir)`` reads the whole folder;
flat columns per measure come from :mod:`analysis.export`.

One run at a time writes into a folder: ``score_corpus`` holds a lock on it (:data:`LOCK_FILE`, an
operating-system lock from ``filelock``, released when the process ends, even when it is killed)
and a second run is refused naming the lock. Under the lock, temporary files of an interrupted run
are removed and the run file is written before the first part.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Iterable, Iterator

import pandas as pd

from .corpus import Corpus, CorpusError, Document, iter_documents
from .report import folder_lock

__all__ = ["BACKENDS", "RECORD_COLUMNS", "METADATA_TYPES", "JSON_COLUMNS_KEY", "RUN_FILE", "LEGACY_RUN_FILE",
           "LOCK_FILE", "OutputLocked", "iter_chunks", "metadata_types", "column_types", "metadata_value",
           "arrow_type", "score_chunk", "score_corpus", "read_parts"]

BACKENDS = ("local", "dask")
#: The sentence columns of every part; the metadata columns follow, then the measures' JSON text columns.
RECORD_COLUMNS = ["doc_id", "sent_id", "start", "end", "section", "text"]
#: The column types a metadata field can get (:func:`metadata_types`).
METADATA_TYPES = ("string", "int", "float", "bool", "json")
#: Key of a part's schema metadata listing its JSON text columns (a JSON list).
JSON_COLUMNS_KEY = b"analysis.json_columns"
#: The run file (inputs and settings of the parts); its old name is still read.
RUN_FILE = "_RUN.json"
LEGACY_RUN_FILE = "RUN.json"
#: Version of the parts' layout: 2 added the metadata columns and the one schema for every part.
_LAYOUT = 2


def iter_chunks(path: str | Path, *, chunk_size: int = 500, text_field: str = "text", id_field: str = "id",
                encoding: str = "utf-8-sig", delimiter: str = ",", quotechar: str = '"',
                recursive: bool = False) -> Iterator[Corpus]:
    """Stream a corpus file as corpora of at most ``chunk_size`` documents, in file order.

    Duplicate ids across chunks are an error (only the ids are kept in memory, not the texts).
    For JSONL and CSV the ``line`` of a :class:`CorpusError` is the line in the file; for
    Parquet it is the row number. An input without documents is a :class:`CorpusError`.
    """
    if chunk_size < 1:
        raise ValueError(f"chunk_size={chunk_size}; must be at least 1")
    path = Path(path)
    if not path.exists():
        raise CorpusError(path, None, "file not found")
    seen: dict[str, str] = {}  # id -> where it was first seen (ids only: the texts are not kept)
    chunk: list[Document] = []
    for where, line, doc in iter_documents(path, text_field=text_field, id_field=id_field, encoding=encoding,
                                           delimiter=delimiter, quotechar=quotechar, recursive=recursive):
        if doc.id in seen:
            raise CorpusError(where, line, f"duplicate document id {doc.id!r} (first seen at {seen[doc.id]})")
        seen[doc.id] = f"{where.name}, line {line}"
        chunk.append(doc)
        if len(chunk) == chunk_size:
            yield Corpus(chunk)
            chunk = []
    if chunk:
        yield Corpus(chunk)


def metadata_types(documents: Iterable[Document]) -> dict[str, str]:
    """The metadata columns of the records of these documents (:func:`analysis.score.document_fields`)
    and each one's type (:func:`column_types`), in order of first appearance."""
    from .score import document_fields

    return column_types(document_fields(doc) for doc in documents)


def column_types(rows: Iterable[dict]) -> dict[str, str]:
    """Each key of these rows and its column type, one of :data:`METADATA_TYPES`: ``bool``,
    ``int`` or ``float`` when every given value is one, ``json`` (JSON text) when any is a list
    or dict, else ``string``. Missing values are null. Keys in order of first appearance.

    Examples
    --------
    >>> column_types([{"year": 2020, "tags": None}, {"year": 2021.5, "tags": ["a"], "x": "b"}])
    {'year': 'float', 'tags': 'json', 'x': 'string'}
    """
    seen: dict[str, set] = {}
    for row in rows:
        for name, value in row.items():
            kinds = seen.setdefault(name, set())
            if value is not None and not (isinstance(value, float) and value != value):
                kinds.add(type(value))
    return {name: _metadata_type(kinds) for name, kinds in seen.items()}


def _metadata_type(kinds: set) -> str:
    if kinds & {list, dict, tuple}:
        return "json"
    if kinds and kinds <= {bool}:
        return "bool"
    if kinds and kinds <= {int}:
        return "int"
    if kinds and kinds <= {int, float}:
        return "float"
    return "string"


def metadata_value(value, kind: str):
    """``value`` as a cell of a column of type ``kind`` (:func:`column_types`); ``None`` for a missing one."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if kind == "json":
        return _JSON.encode(value)
    return {"string": str, "int": int, "float": float, "bool": bool}[kind](value)


def score_chunk(corpus: Corpus, scorers: list[str] | None = None, *, measures=None,
                metadata: dict[str, str] | None = None) -> pd.DataFrame:
    """Sentence records of one chunk as a table (nested fields as JSON text). Pure: no I/O.

    ``measures``: names or :class:`~analysis.measures.Measure` objects (reuse the same objects
    for many chunks: they keep their loaded resources); ``scorers``: names (all by default).
    ``metadata``: the metadata columns and their types (:func:`metadata_types` of the whole
    input, so that every chunk has the same columns); by default those of this chunk.
    """
    return _chunk_table(corpus, measures if measures is not None else scorers, metadata).to_pandas()


def _chunk_table(corpus: Corpus, measures, metadata: dict[str, str] | None):
    """The Arrow table of one chunk: :data:`RECORD_COLUMNS`, the metadata columns with their
    types, the measures' fields as JSON text; the same schema for a chunk without sentences."""
    import pyarrow as pa

    from .measures import resolve_measures
    from .pipeline import prepare
    from .score import _collector_paused, score_records

    resolved = resolve_measures(measures)
    if metadata is None:
        metadata = metadata_types(corpus)
    json_columns = list(dict.fromkeys(f for measure in resolved.values() for f in measure.fields))
    with _collector_paused():  # many small acyclic objects: see analysis.score
        records = score_records(prepare(corpus, check=False), measures=list(resolved.values()), metadata=True)
        arrays, fields = [], []
        for key in RECORD_COLUMNS:
            type_ = pa.int64() if key in ("sent_id", "start", "end") else pa.string()
            arrays.append(pa.array([r[key] for r in records], type=type_))
            fields.append(pa.field(key, type_))
        for key, kind in metadata.items():
            type_ = arrow_type(kind)
            arrays.append(pa.array([metadata_value(r.get(key), kind) for r in records], type=type_))
            fields.append(pa.field(key, type_))
        for key in json_columns:
            arrays.append(pa.array(_encode_column([r[key] for r in records]), type=pa.string()))
            fields.append(pa.field(key, pa.string()))
    schema = pa.schema(fields, metadata={JSON_COLUMNS_KEY: json.dumps(json_columns).encode()})
    return pa.Table.from_arrays(arrays, schema=schema)


def arrow_type(kind: str):
    """The Arrow type of a column type of :func:`column_types` (JSON is text)."""
    import pyarrow as pa

    return {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
            "json": pa.string()}[kind]


def _encode_column(values: list) -> list[str]:
    """The JSON text of each value, with one encoder (json.dumps builds an encoder per call).
    Most sentences have no mention, quote or frame: an empty list or dict is written without the
    encoder, whose call costs more than a microsecond even then."""
    encode = _JSON.encode
    return ["[]" if value == [] else "{}" if value == {} else encode(value) for value in values]


#: The encoder of the JSON text columns (that of ``json.dumps(value, ensure_ascii=False, sort_keys=True)``).
_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def _write_part(table, path: Path) -> Path:
    """Write an Arrow table as one Parquet file, atomically."""
    import pyarrow.parquet as pq

    from .report import atomic_write

    def write(tmp: Path) -> None:
        buffer = io.BytesIO()
        pq.write_table(table, buffer)
        tmp.write_bytes(buffer.getvalue())

    return atomic_write(path, write)


def _score_and_write(corpus: Corpus, path: str, measures: list, metadata: dict[str, str]) -> str:
    _write_part(_chunk_table(corpus, _in_this_process(measures), metadata), Path(path))
    return path


#: The measure objects of this process, by their pickled settings: a worker process receives the
#: measures without their resources with every chunk and scores all chunks with one set of
#: objects, loading each resource once. A measure with other settings pickles differently and
#: gets its own object, so nothing stale is reused.
_PROCESS_MEASURES: dict[bytes, object] = {}


def _in_this_process(measures: list) -> list:
    import pickle

    out = []
    for measure in measures:
        key = pickle.dumps(measure)
        out.append(_PROCESS_MEASURES.setdefault(key, measure))
    return out


def _part(out_dir: Path, number: int) -> Path:
    return out_dir / f"part-{number:06d}.parquet"


#: The lock on an output folder, held by the run writing into it.
LOCK_FILE = ".batch.lock"


class OutputLocked(RuntimeError):
    """Another run holds the lock on the output folder."""


@contextlib.contextmanager
def _output_lock(out_dir: Path):
    """Hold the folder's lock for a run; refuse at once if another process holds it. An operating
    system lock (``flock``; on Windows ``msvcrt.locking``) dies with its process, so a killed run
    leaves no stale lock: the lock file may stay, but nobody holds it."""
    with folder_lock(out_dir / LOCK_FILE, lambda: OutputLocked(
            f"{out_dir / LOCK_FILE}: another batch run is writing into {out_dir}; wait for it to finish or use "
            "another output folder")):
        yield


def _remove_temporaries(out_dir: Path) -> list[Path]:
    """Delete the temporary files of an interrupted run (``.part-*.tmp``, ``._RUN.json.*.tmp``:
    see :func:`analysis.report.atomic_write`); only called under the folder's lock."""
    stale = sorted(out_dir.glob(".part-*.tmp")) + sorted(out_dir.glob(f".{RUN_FILE}.*.tmp"))
    for tmp in stale:
        tmp.unlink(missing_ok=True)
    return stale


def _run_fingerprint(path: Path, *, chunk_size: int, measures: list, reader: dict) -> dict:
    from . import __version__
    from .manifest import sha256_file

    return {"input_sha256": sha256_file(path), "chunk_size": chunk_size, "reader": reader,
            "measures": {m.name: repr(m) for m in measures}, "analysis_version": __version__,
            "layout": _LAYOUT}


def _check_run(out_dir: Path, path, *, chunk_size: int, measures: list, reader: dict) -> None:
    """Refuse to resume into a folder whose parts came from another input or other settings
    (a folder of the old layout, with ``RUN.json``, too: its parts have other columns)."""
    from .report import atomic_write

    fingerprint = _run_fingerprint(Path(path), chunk_size=chunk_size, measures=measures, reader=reader)
    run_file = next((out_dir / name for name in (RUN_FILE, LEGACY_RUN_FILE) if (out_dir / name).exists()), None)
    if run_file is not None:
        previous = json.loads(run_file.read_text(encoding="utf-8"))
        if previous != fingerprint:
            changed = sorted(k for k in fingerprint if previous.get(k) != fingerprint[k])
            raise ValueError(f"{out_dir} holds parts of another run ({', '.join(changed)} differ); "
                             "use a new output folder, or delete this one to start again")
    elif any(out_dir.glob("part-*.parquet")):
        raise ValueError(f"{out_dir} holds parts without {RUN_FILE}; use a new output folder")
    else:
        atomic_write(out_dir / RUN_FILE,
                     lambda tmp: tmp.write_text(json.dumps(fingerprint, indent=1), encoding="utf-8"))


def score_corpus(
    path: str | Path,
    out_dir: str | Path,
    *,
    chunk_size: int = 500,
    workers: int = 1,
    backend: str = "local",
    scheduler: str | None = None,
    scorers: list[str] | None = None,
    measures=None,
    progress: bool | None = None,
    max_chunks: int | None = None,
    text_field: str = "text",
    id_field: str = "id",
    encoding: str = "utf-8-sig",
    delimiter: str = ",",
    quotechar: str = '"',
    recursive: bool = False,
) -> list[Path]:
    """Score a corpus file chunk by chunk into ``out_dir/part-NNNNNN.parquet``; return the parts.

    Parameters
    ----------
    path : path
        JSONL, CSV, Parquet, or a folder of ``.txt`` files.
    out_dir : path
        Folder for the parts; parts already there are kept and not recomputed (resume). The
        folder's ``_RUN.json`` records the input's SHA-256, the chunk size, the reader options and
        the measures; a rerun with anything different raises ``ValueError`` instead of mixing old
        and new parts (so does a folder of the old layout, whose run file is ``RUN.json``).
    chunk_size : int
        Documents per chunk (and per part). Memory grows with the chunk, not with the corpus.
    workers : int
        Local processes (``backend="local"``); 1 runs in this process.
    backend : {"local", "dask"}
    scheduler : str, optional
        With ``backend="dask"``, the address of a running scheduler (``tcp://host:8786``);
        default a ``LocalCluster`` of ``workers`` single-threaded processes.
    scorers : list of str, optional
        Names of the measures to compute (all registered by default).
    measures : list of str or Measure, optional
        Names or :class:`~analysis.measures.Measure` objects (with their settings); instead of
        ``scorers``. Required measures are added.
    progress : bool, optional
        A progress bar; by default only on a terminal.
    max_chunks : int, optional
        Stop after this many chunks have been written in this call (for tests and trials).
    text_field, id_field, encoding, delimiter, quotechar : str
        How the input is read (:func:`analysis.corpus.iter_documents`; ``delimiter`` and
        ``quotechar`` for CSV only).
    recursive : bool
        A folder corpus: read its subfolders too.

    Raises
    ------
    CorpusError
        A problem with the input, or an input without documents; the input is read once before
        the output folder is made, so an unreadable or empty input leaves nothing behind.
    OutputLocked
        Another run is writing into ``out_dir``.
    ValueError
        ``out_dir`` holds parts of another run (another input, chunk size or measures).

    Notes
    -----
    The input is read twice: once for the metadata columns and their types
    (:func:`metadata_types`), so that every part has the same schema, then chunk by chunk.
    """
    if backend not in BACKENDS:
        raise ValueError(f"backend={backend!r}; valid: {', '.join(BACKENDS)}")

    from .measures import resolve_measures

    measures = list(resolve_measures(measures if measures is not None else scorers).values())
    reader = {"text_field": text_field, "id_field": id_field, "encoding": encoding, "delimiter": delimiter,
              "quotechar": quotechar}
    if recursive:  # only then, so that earlier run files still match
        reader["recursive"] = True
    # the first reading finds bad input or an empty one before the output folder is made
    metadata = metadata_types(doc for chunk in iter_chunks(path, chunk_size=chunk_size, **reader) for doc in chunk)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with _output_lock(out_dir):
        _remove_temporaries(out_dir)
        _check_run(out_dir, path, chunk_size=chunk_size, measures=measures, reader=reader)
        _run_chunks(enumerate(iter_chunks(path, chunk_size=chunk_size, **reader)), out_dir, workers=workers,
                    backend=backend, scheduler=scheduler, measures=measures, metadata=metadata,
                    progress=progress, max_chunks=max_chunks)
    return sorted(out_dir.glob("part-*.parquet"))


def _run_chunks(chunks, out_dir: Path, *, workers, backend, scheduler, measures, metadata, progress,
                max_chunks) -> None:
    from tqdm.auto import tqdm

    todo = ((n, c) for n, c in chunks if not _part(out_dir, n).exists())
    if max_chunks is not None:
        todo = (item for item, _ in zip(todo, range(max_chunks)))
    bar = tqdm(desc="chunks", unit="chunk", disable=None if progress is None else not progress)
    if backend == "dask":
        _run_dask(todo, out_dir, workers=workers, scheduler=scheduler, measures=measures, metadata=metadata, bar=bar)
    elif workers > 1:
        import multiprocessing

        with multiprocessing.get_context("spawn").Pool(workers) as pool:
            jobs = ((c, str(_part(out_dir, n)), measures, metadata) for n, c in todo)
            for _ in pool.starmap(_score_and_write, jobs, chunksize=1):
                bar.update()
    else:
        for n, corpus in todo:
            _score_and_write(corpus, str(_part(out_dir, n)), measures, metadata)
            bar.update()
    bar.close()


def _run_dask(todo, out_dir: Path, *, workers: int, scheduler: str | None, measures, metadata, bar) -> None:
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                               dashboard_address=None)
    client = Client(scheduler or cluster)
    try:
        window = max(2, 2 * max(1, workers))  # a bounded number of chunks in flight: memory stays flat
        futures = as_completed()
        for n, corpus in todo:
            futures.add(client.submit(_score_and_write, corpus, str(_part(out_dir, n)), measures, metadata,
                                      pure=False))
            while futures.count() >= window:
                next(futures).result()
                bar.update()
        for future in futures:
            future.result()
            bar.update()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def read_parts(out_dir: str | Path) -> pd.DataFrame:
    """All parts of a scored corpus, in order, as one table (also of a folder of the old layout,
    whose parts may differ in columns); the measures' fields stay JSON text."""
    parts = sorted(Path(out_dir).glob("part-*.parquet"))
    if not parts:
        return pd.DataFrame(columns=RECORD_COLUMNS)
    return pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)

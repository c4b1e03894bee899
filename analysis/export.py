"""Tidy export: the scored sentences and their documents as flat tables for pandas, R or a spreadsheet.

The records of ``python -m analysis score`` (JSONL) and ``batch`` (a folder of Parquet parts)
keep every measure with its evidence as nested JSON. :func:`tidy_sentences` turns them into one
row per sentence with one plain column per number; :func:`tidy_documents` into one row per
document with aggregates defined below; :func:`export_results` (``python -m analysis export``)
streams a results file or folder into both, as CSV files or as folders of Parquet parts::

    python -m analysis export results.jsonl -o export/ --format csv
    pd.read_csv("export/sentences.csv"); pd.read_csv("export/documents.csv")
    python -m analysis export results/ -o export/ --format parquet
    pd.read_parquet("export/sentences"); pd.read_parquet("export/documents")

Sentence table (one row per sentence)
-------------------------------------
``doc_id``, ``sent_id``, the document's metadata (``title``, ``outlet``, ``date``, ``language``,
``source``, then every extra column of the corpus; see :func:`analysis.score.document_fields`),
``section``, ``start``, ``end``, ``text``, then for each measure in the results:

- sentiment: ``sentiment_score`` (-1 … 1) and ``sentiment_label`` (-1, 0, 1);
- frames: ``frame_<id>`` (1 when the sentence carries the frame, else 0) for every frame of the
  codebook (:data:`analysis.framing.DEFAULT_CODEBOOK`) and any other frame in the results;
- mentions: ``mention_<target>`` (1 when the sentence mentions the target, else 0) for every
  target of the actor registry (:data:`analysis.actors.DEFAULT_REGISTRY`) and any other in the results;
- stance: ``stance_<target>_label`` (-1, 0, 1), ``stance_<target>_score`` (-1 … 1) and
  ``stance_<target>_holder`` (whose stance: ``journalist`` or a target id), empty
  when the sentence takes no stance towards the target;
- quotations: ``n_quotes`` (quotations overlapping the sentence) and ``n_quotes_<type>`` for each
  of :data:`analysis.quotes.QUOTE_TYPES`.

Document table (one row per document, in the order of the results)
-------------------------------------------------------------------
``doc_id``, the metadata, ``n_sentences`` (scored sentences), then:

- ``sentiment_mean``: the mean of ``sentiment_score`` over the document's sentences;
  ``sentiment_share_negative`` / ``sentiment_share_positive``: the share of its sentences
  labelled -1 / 1;
- ``frame_<id>_share``: the share of its sentences that carry the frame (the mean of ``frame_<id>``);
- ``mention_<target>_sentences``: the number of its sentences that mention the target;
- ``stance_<target>_mean``: the mean of ``stance_<target>_score`` over the sentences with a stance
  towards the target (empty when there is none); ``stance_<target>_n``: how many there are;
- ``n_quotes`` and ``n_quotes_<type>``: distinct quotations in the document (a quotation that runs
  over two sentences counts once here, once in each sentence's row).

A metadata column whose name a measure column uses gets the prefix ``meta_`` (as
:data:`analysis.score.METADATA_PREFIX`). A document without any scored sentence (only boilerplate)
has no row in the results and none here. Columns are documented in ``docs/export.md``.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterable, Iterator

import pandas as pd

from .corpus import CorpusError, iter_jsonl_records
from .pipeline import SENTENCE_RECORD_FIELDS
from .quotes import QUOTE_TYPES

__all__ = ["EXPORT_FORMATS", "EXPORT_LEVELS", "read_results", "tidy_sentences", "tidy_documents",
           "export_results"]

EXPORT_FORMATS = ("csv", "parquet")
#: The two tables of an export, by file (``sentences.csv``) or folder (``sentences/``) name.
EXPORT_LEVELS = ("sentences", "documents")
#: Records per group when a results file is streamed (a group always ends with a document).
_GROUP_RECORDS = 20_000


# --------------------------------------------------------------------------------------------
# Reading results


def read_results(path: str | Path) -> Iterator[list[dict]]:
    """The records of a results file of ``score`` (JSONL) or folder of ``batch`` (Parquet parts,
    old layout too), in groups of whole documents, nested fields decoded.

    Raises
    ------
    ValueError
        A path that is neither, a malformed line, a record without ``doc_id`` or ``sent_id``, or
        a document whose records are not together (naming file and line).
    """
    path = Path(path)
    if path.is_dir():
        yield from _read_parts(path)
    elif path.suffix.lower() in (".jsonl", ".ndjson"):
        yield from _read_jsonl(path)
    elif not path.exists():
        raise FileNotFoundError(2, "No such file or directory", str(path))
    else:
        raise ValueError(f"{path}: expected a .jsonl file of `score` or a folder of `batch` parts")


def _read_parts(folder: Path) -> Iterator[list[dict]]:
    import pyarrow.parquet as pq

    from .batch import JSON_COLUMNS_KEY, RECORD_COLUMNS

    parts = sorted(folder.glob("part-*.parquet"))
    if not parts:
        raise ValueError(f"{folder}: no part-*.parquet files (a folder written by `batch`)")
    for part in parts:
        table = pq.read_table(part)
        listed = (table.schema.metadata or {}).get(JSON_COLUMNS_KEY)
        # parts of the old layout have no metadata columns: every other column is JSON text
        json_columns = set(json.loads(listed)) if listed else set(table.column_names) - set(RECORD_COLUMNS)
        records = table.to_pylist()
        for record in records:
            for key in json_columns:
                record[key] = json.loads(record[key])
        yield records


def _read_jsonl(path: Path) -> Iterator[list[dict]]:
    group: list[dict] = []
    finished: set[str] = set()
    with path.open(encoding="utf-8-sig") as handle:
        for number, record in iter_jsonl_records(handle, path):
            if isinstance(record, CorpusError):
                raise record
            if "doc_id" not in record or "sent_id" not in record:
                raise ValueError(f"{path}, line {number}: not a sentence record of `score` (no doc_id or sent_id)")
            if group and record["doc_id"] != group[-1]["doc_id"]:
                finished.add(group[-1]["doc_id"])
                if len(group) >= _GROUP_RECORDS:
                    yield group
                    group = []
            if record["doc_id"] in finished:
                raise ValueError(f"{path}, line {number}: the records of document {record['doc_id']!r} are "
                                 "not together (it appeared earlier in the file)")
            group.append(record)
    if group:
        yield group


# --------------------------------------------------------------------------------------------
# Flat tables


def _vocabulary(groups: Iterable[list[dict]]) -> dict:
    """What the columns of an export depend on: the measure fields present, the frames and
    targets (the project's codebook and registry first, then any other found), and the
    metadata columns with their types."""
    from .actors import DEFAULT_REGISTRY
    from .batch import column_types
    from .framing import DEFAULT_CODEBOOK, load_codebook
    from .measures._tables import registry_of
    from .score import record_field_names

    known = set(record_field_names())
    frames = dict.fromkeys(load_codebook(DEFAULT_CODEBOOK).ids)
    targets = dict.fromkeys(registry_of(DEFAULT_REGISTRY).ids)
    fields: dict[str, None] = {}
    metadata_rows = []  # one per document: every record of a document carries the same metadata
    for records in groups:
        for i, record in enumerate(records):
            if i == 0 or record["doc_id"] != records[i - 1]["doc_id"]:
                fields.update(dict.fromkeys(k for k in record if k in known))
                metadata_rows.append({k: v for k, v in record.items() if k not in known})
            frames.update(dict.fromkeys(record.get("frames") or ()))
            targets.update(dict.fromkeys(record.get("targets") or ()))
            targets.update(dict.fromkeys(record.get("stance") or ()))
    return {"fields": fields, "frames": list(frames), "targets": list(targets),
            "metadata": column_types(metadata_rows)}


def _sentence_columns(vocab: dict) -> tuple[list[str], dict[str, str]]:
    """The measure columns of the sentence table, and the metadata columns renamed where they clash."""
    fields, columns = vocab["fields"], []
    if "sentiment" in fields:
        columns += ["sentiment_score", "sentiment_label"]
    if "frames" in fields:
        columns += [f"frame_{f}" for f in vocab["frames"]]
    if "targets" in fields:
        columns += [f"mention_{t}" for t in vocab["targets"]]
    if "stance" in fields:
        columns += [f"stance_{t}_{part}" for t in vocab["targets"] for part in ("label", "score", "holder")]
    if "quotes" in fields:
        columns += ["n_quotes", *(f"n_quotes_{t}" for t in QUOTE_TYPES)]
    return columns, _renamed(vocab["metadata"], {*columns, *_document_columns(vocab), *SENTENCE_RECORD_FIELDS})


def _document_columns(vocab: dict) -> list[str]:
    fields, columns = vocab["fields"], ["n_sentences"]
    if "sentiment" in fields:
        columns += ["sentiment_mean", "sentiment_share_negative", "sentiment_share_positive"]
    if "frames" in fields:
        columns += [f"frame_{f}_share" for f in vocab["frames"]]
    if "targets" in fields:
        columns += [f"mention_{t}_sentences" for t in vocab["targets"]]
    if "stance" in fields:
        columns += [f"stance_{t}_{part}" for t in vocab["targets"] for part in ("mean", "n")]
    if "quotes" in fields:
        columns += ["n_quotes", *(f"n_quotes_{t}" for t in QUOTE_TYPES)]
    return columns


def _renamed(metadata: dict[str, str], taken: set[str]) -> dict[str, str]:
    from .score import METADATA_PREFIX

    return {name: METADATA_PREFIX + name if name in taken else name for name in metadata}


def _sentence_rows(records: list[dict], vocab: dict, renamed: dict[str, str]) -> list[dict]:
    from .batch import metadata_value

    fields, rows = vocab["fields"], []
    for r in records:
        row = {"doc_id": r["doc_id"], "sent_id": r["sent_id"]}
        for name, kind in vocab["metadata"].items():
            row[renamed[name]] = metadata_value(r.get(name), kind)
        row.update({k: r[k] for k in ("section", "start", "end", "text")})
        if "sentiment" in fields:
            sentiment = r.get("sentiment") or {}
            row["sentiment_score"], row["sentiment_label"] = sentiment.get("score"), sentiment.get("label")
        if "frames" in fields:
            present = set(r.get("frames") or ())
            row.update({f"frame_{f}": int(f in present) for f in vocab["frames"]})
        if "targets" in fields:
            present = set(r.get("targets") or ())
            row.update({f"mention_{t}": int(t in present) for t in vocab["targets"]})
        if "stance" in fields:
            stance = r.get("stance") or {}
            for t in vocab["targets"]:
                s = stance.get(t) or {}
                row[f"stance_{t}_label"], row[f"stance_{t}_score"] = s.get("label"), s.get("score")
                row[f"stance_{t}_holder"] = s.get("holder")
        if "quotes" in fields:
            quotes = r.get("quotes") or []
            row["n_quotes"] = len(quotes)
            row.update({f"n_quotes_{t}": sum(q.get("type") == t for q in quotes) for t in QUOTE_TYPES})
        rows.append(row)
    return rows


def _sentence_frame(records: list[dict], vocab: dict) -> pd.DataFrame:
    columns, renamed = _sentence_columns(vocab)
    order = ["doc_id", "sent_id", *renamed.values(), "section", "start", "end", "text", *columns]
    table = pd.DataFrame(_sentence_rows(records, vocab, renamed), columns=order)
    for column in order:
        if column.endswith("_label"):
            table[column] = table[column].astype("Int64")  # -1/0/1, empty where there is no value
        elif column.endswith("_score"):
            table[column] = table[column].astype("float64")
    return table


def _document_frame(records: list[dict], sentences: pd.DataFrame, vocab: dict) -> pd.DataFrame:
    fields = vocab["fields"]
    _, renamed = _sentence_columns(vocab)
    groups = sentences.groupby("doc_id", sort=False)
    table = sentences.drop_duplicates("doc_id")[["doc_id", *renamed.values()]].set_index("doc_id")
    table["n_sentences"] = groups.size()
    if "sentiment" in fields:
        table["sentiment_mean"] = groups["sentiment_score"].mean()
        table["sentiment_share_negative"] = groups["sentiment_label"].agg(lambda v: float((v == -1).mean()))
        table["sentiment_share_positive"] = groups["sentiment_label"].agg(lambda v: float((v == 1).mean()))
    if "frames" in fields:
        for f in vocab["frames"]:
            table[f"frame_{f}_share"] = groups[f"frame_{f}"].mean()
    if "targets" in fields:
        for t in vocab["targets"]:
            table[f"mention_{t}_sentences"] = groups[f"mention_{t}"].sum()
    if "stance" in fields:
        for t in vocab["targets"]:
            table[f"stance_{t}_mean"] = groups[f"stance_{t}_score"].mean()
            table[f"stance_{t}_n"] = groups[f"stance_{t}_score"].count()
    if "quotes" in fields:
        distinct: dict[str, set] = {}
        for r in records:
            spans = distinct.setdefault(r["doc_id"], set())
            spans.update((q.get("type"), q.get("start"), q.get("end")) for q in r.get("quotes") or [])
        table["n_quotes"] = [len(distinct.get(d, ())) for d in table.index]
        for t in QUOTE_TYPES:
            table[f"n_quotes_{t}"] = [sum(q[0] == t for q in distinct.get(d, ())) for d in table.index]
    table = table.reset_index()
    return table[["doc_id", *renamed.values(), *_document_columns(vocab)]]


def tidy_sentences(records: list[dict]) -> pd.DataFrame:
    """One row per sentence with flat columns (see the module docstring) from sentence records of
    :func:`analysis.score.score_records` (best with ``metadata=True``) or :func:`read_results`.

    Examples
    --------
    >>> from analysis.corpus import Corpus, Document
    >>> from analysis.pipeline import prepare
    >>> from analysis.score import score_records
    >>> doc = Document(id="a", text="Russland droht der Ukraine.", outlet="taz")
    >>> row = tidy_sentences(score_records(prepare(Corpus([doc])), metadata=True)).iloc[0]
    >>> row["outlet"], int(row["mention_russia"]), int(row["mention_eu"])
    ('taz', 1, 0)
    """
    return _sentence_frame(records, _vocabulary([records]))


def tidy_documents(records: list[dict]) -> pd.DataFrame:
    """One row per document with the aggregates of the module docstring (``sentiment_mean`` is
    the mean of the sentences' ``sentiment_score``, ``frame_<id>_share`` the share of sentences
    with the frame, ...), from the same records as :func:`tidy_sentences`."""
    vocab = _vocabulary([records])
    return _document_frame(records, _sentence_frame(records, vocab), vocab)


# --------------------------------------------------------------------------------------------
# Writing


def _arrow_schema(table: pd.DataFrame, vocab: dict):
    """One Arrow schema for every part of a level (from the column names, never from the data)."""
    import pyarrow as pa

    from .batch import arrow_type

    _, renamed = _sentence_columns(vocab)
    metadata = {renamed[name]: arrow_type(kind) for name, kind in vocab["metadata"].items()}
    fields = []
    for column in table.columns:
        if column in metadata:
            type_ = metadata[column]
        elif column in ("doc_id", "section", "text") or column.endswith("_holder"):
            type_ = pa.string()
        elif column.endswith(("_score", "_mean")) or "_share" in column:
            type_ = pa.float64()
        else:  # ids, offsets, labels, flags and counts
            type_ = pa.int64()
        fields.append(pa.field(column, type_))
    return pa.schema(fields)


class _Writer:
    """Writes one level of an export into a temporary file or folder beside its final place,
    moved there by :meth:`commit` (nothing half-written is ever left under the final name)."""

    def __init__(self, out_dir: Path, level: str, fmt: str, vocab: dict):
        self.fmt, self.vocab, self.parts = fmt, vocab, 0
        suffix = ".csv" if fmt == "csv" else ""
        self.final = out_dir / f"{level}{suffix}"
        if fmt == "parquet" and self.final.exists() and (
                not self.final.is_dir() or any(not p.name.startswith("part-") for p in self.final.iterdir())):
            raise ValueError(f"{self.final} exists and is not an earlier export (it holds other files); "
                             "choose another output folder")
        self.tmp = Path(tempfile.mkdtemp(dir=out_dir, prefix=f".{level}.", suffix=".tmp"))

    def write(self, table: pd.DataFrame) -> None:
        if self.fmt == "csv":
            table.to_csv(self.tmp / "table.csv", mode="a", header=self.parts == 0, index=False,
                         float_format="%.6g", lineterminator="\n", encoding="utf-8")
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            arrow = pa.Table.from_pandas(table, schema=_arrow_schema(table, self.vocab), preserve_index=False)
            pq.write_table(arrow.replace_schema_metadata(None), self.tmp / f"part-{self.parts:06d}.parquet")
        self.parts += 1

    def commit(self) -> Path:
        if self.fmt == "csv":
            os.replace(self.tmp / "table.csv", self.final)
            self.tmp.rmdir()
            return self.final
        old = None
        if self.final.exists():
            old = self.final.with_name(f".{self.final.name}.{os.getpid()}.old")
            os.replace(self.final, old)
        os.replace(self.tmp, self.final)
        if old is not None:
            shutil.rmtree(old)
        return self.final

    def abandon(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def export_results(results: str | Path, out_dir: str | Path, *, format: str = "csv") -> dict[str, Path]:
    """Write the tidy sentence and document tables of a results file (``score``) or folder (``batch``).

    Parameters
    ----------
    results : path
        A ``.jsonl`` written by ``python -m analysis score`` or a folder of ``batch`` parts.
    out_dir : path
        Gets ``sentences.csv`` and ``documents.csv`` (``format="csv"``), or the folders
        ``sentences/`` and ``documents/`` of Parquet parts, one per group of documents, all with
        one schema (``format="parquet"``). An earlier export there is replaced.
    format : {"csv", "parquet"}

    Returns
    -------
    dict
        ``{"sentences": path, "documents": path}``.

    Notes
    -----
    The results are read twice: once for the columns (frames, targets and metadata present), then
    group by group, so that memory follows a group of documents, not the corpus. Each table is
    written beside its final name and moved there when complete. CSV: UTF-8, comma-separated,
    floats to 6 significant digits, empty cells for missing values.
    """
    if format not in EXPORT_FORMATS:
        raise ValueError(f"format={format!r}; valid: {', '.join(EXPORT_FORMATS)}")
    vocab = _vocabulary(read_results(results))
    if not vocab["fields"] and not vocab["metadata"]:
        raise ValueError(f"{results}: no sentence records")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    writers = {level: _Writer(out_dir, level, format, vocab) for level in EXPORT_LEVELS}
    try:
        for records in read_results(results):
            sentences = _sentence_frame(records, vocab)
            writers["sentences"].write(sentences)
            writers["documents"].write(_document_frame(records, sentences, vocab))
    except BaseException:
        for writer in writers.values():
            writer.abandon()
        raise
    return {level: writer.commit() for level, writer in writers.items()}

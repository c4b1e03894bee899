"""Corpus: documents with metadata, and the readers that make them from files.

Only this module reads corpus files. Every reader returns a :class:`Corpus`; every problem with
the input raises :class:`CorpusError` naming the file, the line (1-based) and the problem, or, with
``errors="warn"``, is reported as a warning and listed in :attr:`Corpus.problems`. A document is
never dropped without one or the other.

Supported inputs
----------------
- one ``.txt`` file (one document; its id is the file stem),
- a folder of ``.txt`` files (one document each, sorted by name),
- a ``.csv`` file with a ``text`` column and optional metadata columns,
- a ``.jsonl`` file with one JSON object per line, a ``text`` field and optional metadata,
- a ``.parquet`` file with a ``text`` column and optional metadata columns,
- a Leipzig sentence file (``*-sentences.txt``: one document per sentence).

:func:`input_format` decides which, for :func:`read_corpus` and for the streaming
:func:`iter_documents` of :mod:`analysis.batch` alike.

Metadata fields with a fixed meaning are :data:`METADATA_FIELDS`; any other column or field is kept
in :attr:`Document.meta`.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import pandas as pd

__all__ = [
    "METADATA_FIELDS",
    "ERROR_POLICIES",
    "CorpusError",
    "CorpusWarning",
    "Document",
    "Corpus",
    "read_text",
    "read_folder",
    "read_csv",
    "read_jsonl",
    "read_leipzig",
    "read_parquet",
    "iter_leipzig_records",
    "iter_parquet_records",
    "INPUT_FORMATS",
    "input_format",
    "iter_documents",
    "read_quotation_annotations",
    "read_corpus",
    "document_from_record",
    "iter_jsonl_records",
    "iter_csv_records",
]

#: Metadata with a fixed meaning. ``date`` is an ISO date (``YYYY-MM-DD``) when given.
METADATA_FIELDS = ("id", "title", "outlet", "date", "language", "source")
#: ``raise``: the first problem stops reading. ``warn``: every problem becomes a warning, the
#: document concerned is left out, and the problem is listed in ``Corpus.problems``.
ERROR_POLICIES = ("raise", "warn")


class CorpusError(ValueError):
    """A problem with an input file, located to its line.

    Attributes
    ----------
    path : str
        The file.
    line : int or None
        1-based line number (for CSV, the physical line where the record starts).
    problem : str
        What is wrong, in words.
    """

    def __init__(self, path: str | Path, line: int | None, problem: str):
        self.path = str(path)
        self.line = line
        self.problem = problem
        where = f"{self.path}, line {line}" if line is not None else self.path
        super().__init__(f"{where}: {problem}")


class CorpusWarning(UserWarning):
    """A problem with one document that was reported and the document left out."""


@dataclass(frozen=True)
class Document:
    """One text with its metadata. ``text`` is kept exactly as decoded: all offsets refer to it."""

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    language: str | None = "de"
    source: str | None = None
    meta: dict = field(default_factory=dict, compare=False)

    def metadata(self) -> dict:
        """Metadata as one flat record (fixed fields first, then :attr:`meta`)."""
        record = {name: getattr(self, name) for name in METADATA_FIELDS}
        record.update(self.meta)
        return record


class Corpus:
    """An ordered collection of :class:`Document` with unique ids.

    Parameters
    ----------
    documents : iterable of Document
    problems : iterable of CorpusError, optional
        Problems met while reading with ``errors="warn"`` (the documents concerned are not in the
        corpus); kept so that a report can list them.
    """

    def __init__(self, documents: Iterable[Document], *, problems: Iterable[CorpusError] = ()):
        self.documents = tuple(documents)
        seen: dict[str, int] = {}
        for i, doc in enumerate(self.documents):
            if doc.id in seen:
                raise ValueError(f"duplicate document id {doc.id!r} (documents {seen[doc.id]} and {i})")
            seen[doc.id] = i
        self._index = seen
        self.problems = tuple(problems)

    def __len__(self) -> int:
        return len(self.documents)

    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents)

    def __getitem__(self, key: int | str) -> Document:
        if isinstance(key, str):
            return self.documents[self._index[key]]
        return self.documents[key]

    def __repr__(self) -> str:
        return f"Corpus({len(self)} documents)"

    @property
    def metadata(self) -> pd.DataFrame:
        """One row per document: the metadata fields, any extra fields, and ``n_chars``."""
        rows = [dict(doc.metadata(), n_chars=len(doc.text)) for doc in self.documents]
        frame = pd.DataFrame(rows, columns=None if rows else [*METADATA_FIELDS, "n_chars"])
        return frame

    @property
    def problems_table(self) -> pd.DataFrame:
        """The problems met while reading, one row each: ``path``, ``line``, ``problem``."""
        return pd.DataFrame(
            [(p.path, p.line, p.problem) for p in self.problems], columns=["path", "line", "problem"]
        )


# --------------------------------------------------------------------------------------------
# Shared checks


class _Collector:
    """Applies the error policy: raise at once, or warn and remember."""

    def __init__(self, errors: str):
        if errors not in ERROR_POLICIES:
            raise ValueError(f"errors={errors!r}; valid: {', '.join(ERROR_POLICIES)}")
        self.errors = errors
        self.problems: list[CorpusError] = []

    def report(self, error: CorpusError) -> None:
        if self.errors == "raise":
            raise error
        warnings.warn(str(error), CorpusWarning, stacklevel=4)
        self.problems.append(error)


def _decode(data: bytes, path: Path, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CorpusError(
            path,
            line,
            f"cannot decode byte {data[exc.start:exc.start + 1]!r} at byte offset {exc.start} as "
            f"{encoding}; if the file is in another encoding, pass encoding= (e.g. 'cp1252')",
        ) from None


def _read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise CorpusError(path, None, "file not found")
    if path.is_dir():
        raise CorpusError(path, None, "is a folder, expected a file")
    return path.read_bytes()


def _check_date(value, path: Path, line: int | None) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return None
    text = str(value)
    try:
        _dt.date.fromisoformat(text[:10])
    except ValueError:
        raise CorpusError(path, line, f"date {text!r} is not an ISO date (YYYY-MM-DD)") from None
    return text


def _make_document(
    record: dict, *, path: Path, line: int | None, default_id: str, text_field: str, id_field: str
) -> Document:
    """Build a Document from a flat record, checking text, id and date."""
    if text_field not in record:
        raise CorpusError(path, line, f"no {text_field!r} field")
    text = record[text_field]
    if not isinstance(text, str):
        raise CorpusError(path, line, f"{text_field!r} is {type(text).__name__}, expected text")
    if not text.strip():
        raise CorpusError(path, line, "empty document (no text other than white space)")
    doc_id = record.get(id_field)
    doc_id = default_id if doc_id is None or str(doc_id) == "" else str(doc_id)
    fixed = {}
    for name in METADATA_FIELDS[1:]:
        value = record.get(name)
        fixed[name] = None if value is None or value == "" else str(value)
    fixed["date"] = _check_date(record.get("date"), path, line)
    if fixed["language"] is None:
        fixed["language"] = "de"
    if fixed["source"] is None:
        fixed["source"] = str(path)
    skip = {text_field, id_field, *METADATA_FIELDS}
    meta = {k: v for k, v in record.items() if k not in skip}
    return Document(id=doc_id, text=text, meta=meta, **fixed)


def document_from_record(record: dict, *, path, line: int | None, default_id: str,
                         text_field: str = "text", id_field: str = "id") -> Document:
    """A :class:`Document` from one record (a CSV row or JSON object), with the readers' checks.

    Raises
    ------
    CorpusError
        No text field, empty text, or a bad date, naming ``path`` and ``line``.
    """
    return _make_document(record, path=Path(path), line=line, default_id=default_id,
                          text_field=text_field, id_field=id_field)


def _add_unique(docs: dict[str, tuple[Document, int | None]], doc: Document, path, line, sink):
    if doc.id in docs:
        first = docs[doc.id][1]
        where = f"line {first}" if first is not None else "an earlier file"
        sink.report(CorpusError(path, line, f"duplicate document id {doc.id!r} (first seen at {where})"))
        return
    docs[doc.id] = (doc, line)


def iter_jsonl_records(lines: Iterable[str], path) -> Iterator[tuple[int, dict | CorpusError]]:
    """``(line number, JSON object)`` for each non-blank line, or a :class:`CorpusError` for a bad one."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, CorpusError(path, number, f"malformed JSON: {exc.msg} at column {exc.colno}")
            continue
        if not isinstance(record, dict):
            yield number, CorpusError(path, number, f"expected a JSON object, got {type(record).__name__}")
            continue
        yield number, record


def iter_csv_records(handle, path, *, text_column: str = "text", delimiter: str = ",",
                     quotechar: str = '"') -> Iterator[tuple[int, dict | CorpusError]]:
    """``(line number, row as dict)`` for each CSV record, or a :class:`CorpusError` for a bad one.

    A problem with the header (missing, unreadable, no ``text_column``) raises at once; after a
    broken quote the reader cannot resynchronise, so iteration stops after reporting it.
    """
    reader = csv.reader(handle, delimiter=delimiter, quotechar=quotechar, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise CorpusError(path, 1, "empty file (no header row)") from None
    except csv.Error as exc:
        raise CorpusError(path, reader.line_num, f"malformed CSV: {exc}") from None
    if text_column not in header:
        raise CorpusError(path, 1, f"no {text_column!r} column in the header (columns: {header})")
    while True:
        start_line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield start_line, CorpusError(path, start_line, f"malformed CSV: {exc}")
            return
        if not row:
            continue  # a blank line is not a record
        if len(row) != len(header):
            yield start_line, CorpusError(path, start_line,
                                          f"malformed CSV: {len(row)} fields, the header has {len(header)}")
            continue
        yield start_line, dict(zip(header, row))


# --------------------------------------------------------------------------------------------
# Readers


def read_text(
    path: str | Path, *, doc_id: str | None = None, encoding: str = "utf-8-sig", **metadata
) -> Corpus:
    """Read one plain-text file as a one-document corpus.

    Parameters
    ----------
    path : str or Path
    doc_id : str, optional
        Defaults to the file stem.
    encoding : str
        ``utf-8-sig`` reads UTF-8 with or without a byte-order mark.
    **metadata
        Values for :data:`METADATA_FIELDS` (``title``, ``outlet``, ``date`` ...) or extra fields.

    Raises
    ------
    CorpusError
        Missing file, undecodable bytes, empty document, or a bad date.
    """
    path = Path(path)
    text = _decode(_read_bytes(path), path, encoding)
    record = dict(metadata, text=text, id=doc_id)
    return Corpus([_make_document(record, path=path, line=1, default_id=path.stem,
                                  text_field="text", id_field="id")])


def read_folder(
    path: str | Path, *, pattern: str = "*.txt", encoding: str = "utf-8-sig", errors: str = "raise"
) -> Corpus:
    """Read every file matching ``pattern`` in a folder (sorted by name), one document each.

    Document ids are the file stems. See :func:`read_text` for the checks made on each file.
    """
    path = Path(path)
    if not path.is_dir():
        raise CorpusError(path, None, "folder not found" if not path.exists() else "not a folder")
    files = sorted(path.glob(pattern))
    if not files:
        raise CorpusError(path, None, f"no files matching {pattern!r}")
    sink = _Collector(errors)
    docs: dict[str, tuple[Document, int | None]] = {}
    for file in files:
        try:
            doc = read_text(file, encoding=encoding).documents[0]
        except CorpusError as exc:
            sink.report(exc)
            continue
        _add_unique(docs, doc, file, 1, sink)
    return Corpus([d for d, _ in docs.values()], problems=sink.problems)


def read_csv(
    path: str | Path,
    *,
    text_column: str = "text",
    id_column: str = "id",
    delimiter: str = ",",
    quotechar: str = '"',
    encoding: str = "utf-8-sig",
    errors: str = "raise",
) -> Corpus:
    """Read a CSV file with a header row: one document per record.

    A record with a different number of fields from the header, a missing text column, an empty
    text, a duplicate id or a bad date is a :class:`CorpusError` naming the line. Without an id
    column, ids are ``<file stem>-<record number>``.
    """
    path = Path(path)
    text = _decode(_read_bytes(path), path, encoding)
    sink = _Collector(errors)
    docs: dict[str, tuple[Document, int | None]] = {}
    records = iter_csv_records(io.StringIO(text, newline=""), path, text_column=text_column,
                               delimiter=delimiter, quotechar=quotechar)
    for number, (line, record) in enumerate(records, start=1):
        try:
            if isinstance(record, CorpusError):
                raise record
            doc = _make_document(record, path=path, line=line, default_id=f"{path.stem}-{number}",
                                 text_field=text_column, id_field=id_column)
        except CorpusError as exc:
            sink.report(exc)
            continue
        _add_unique(docs, doc, path, line, sink)
    if not docs and not sink.problems:
        raise CorpusError(path, 2, "no records after the header")
    return Corpus([d for d, _ in docs.values()], problems=sink.problems)


def read_jsonl(
    path: str | Path,
    *,
    text_field: str = "text",
    id_field: str = "id",
    encoding: str = "utf-8-sig",
    errors: str = "raise",
) -> Corpus:
    """Read a JSON Lines file: one JSON object per line, with a ``text`` field.

    Blank lines are allowed; anything else that is not a JSON object is a :class:`CorpusError`
    naming the line.
    """
    path = Path(path)
    records = iter_jsonl_records(_decode(_read_bytes(path), path, encoding).splitlines(), path)
    return _corpus_of_records(records, path, errors=errors, text_field=text_field, id_field=id_field)


def read_quotation_annotations(path: str | Path) -> list[dict]:
    """Read a quotation corpus in the format of the German Wikinews quotation data (Petersen-Frey &
    Biemann 2024): one JSON object per line with ``documentName``, ``originalText`` and
    ``annotations`` (``type``; ``quote``, ``cue``, ``speaker`` with character ``spans``).

    Returns
    -------
    list of dict
        ``{"id", "text", "quotes": [{"type", "spans", "cue", "speaker"}]}`` (spans as ``(start,
        end)`` offsets into ``text``), the input of :meth:`analysis.quotation_model.QuotationModel.fit`.
        Annotations without a quote span are left out.
    """
    path = Path(path)
    docs = []
    for line, record in iter_jsonl_records(_decode(_read_bytes(path), path, "utf-8").splitlines(), path):
        if isinstance(record, CorpusError):
            raise record

        def spans(part):
            return [(int(s["charBegin"]), int(s["charEnd"])) for s in (part or {}).get("spans", [])]

        quotes = [{"type": a["type"], "spans": spans(a.get("quote")), "cue": spans(a.get("cue")),
                   "speaker": spans(a.get("speaker"))} for a in record.get("annotations", [])]
        docs.append({"id": str(record["documentName"]), "text": record["originalText"],
                     "quotes": [q for q in quotes if q["spans"]]})
    return docs


def _corpus_of_records(records, path: Path, *, errors: str, text_field: str = "text", id_field: str = "id",
                       metadata: dict | None = None) -> Corpus:
    """A corpus from ``(line, record or CorpusError)`` pairs, each problem raised or collected."""
    sink = _Collector(errors)
    docs: dict[str, tuple[Document, int | None]] = {}
    for line_no, record in records:
        try:
            if isinstance(record, CorpusError):
                raise record
            doc = _make_document(dict(metadata or {}, **record), path=path, line=line_no,
                                 default_id=f"{path.stem}-{line_no}", text_field=text_field, id_field=id_field)
        except CorpusError as exc:
            sink.report(exc)
            continue
        _add_unique(docs, doc, path, line_no, sink)
    if not docs and not sink.problems:
        raise CorpusError(path, None, "no documents (the file holds only blank lines)")
    return Corpus([d for d, _ in docs.values()], problems=sink.problems)


def iter_leipzig_records(lines: Iterable[str], path) -> Iterator[tuple[int, dict | CorpusError]]:
    """``(line number, {"id", "text"})`` for each sentence line of a Leipzig sentence file, or a
    :class:`CorpusError` for a line that is not ``number<TAB>sentence``; blank lines are skipped."""
    stem = Path(path).name.removesuffix(".txt")
    for line_no, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        number, tab, sentence = line.rstrip("\r\n").partition("\t")
        if not tab or not number.strip().isdigit():
            yield line_no, CorpusError(path, line_no, "expected 'number<TAB>sentence' (a Leipzig sentence file)")
        else:
            yield line_no, {"id": f"{stem}-{number.strip()}", "text": sentence}


def read_leipzig(path: str | Path, *, encoding: str = "utf-8-sig", errors: str = "raise", **metadata) -> Corpus:
    """Read a sentence file of the Leipzig Corpora Collection (``deu_news_2022_30K-sentences.txt``):
    one sentence per line, ``number<TAB>sentence``. Each sentence is one document, with id
    ``{file stem}-{number}``; ``metadata`` (e.g. ``date="2022"``) applies to all.

    Leipzig's sentences are shuffled and cut from their articles, so a sentence is the only unit
    they offer: reading the file as one text (:func:`read_text`) would glue unrelated sentences
    into one "document" and one run of structure rules.

    Raises
    ------
    CorpusError
        A line without ``number<TAB>``, an empty sentence or a repeated number, naming the line
        (with ``errors="warn"`` the line is reported in ``Corpus.problems`` and left out).
    """
    path = Path(path)
    # lines end at "\n" only (a sentence may hold U+2028 or a form feed), as when the file is streamed
    records = iter_leipzig_records(_decode(_read_bytes(path), path, encoding).split("\n"), path)
    return _corpus_of_records(records, path, errors=errors, metadata=metadata)


#: The input formats, as :func:`input_format` names them.
INPUT_FORMATS = ("folder", "leipzig", "text", "csv", "jsonl", "parquet")
_SUFFIXES = {".txt": "text", ".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}


def input_format(path: str | Path) -> str:
    """The format of an input path, one of :data:`INPUT_FORMATS`: a folder (of ``.txt`` files), a
    Leipzig sentence file (a name ending in ``-sentences.txt``), or by the suffix. The one place
    that decides how an input is read (:func:`read_corpus`, :func:`iter_documents`).

    Raises
    ------
    CorpusError
        An unknown suffix (listing the valid ones) or a file that does not exist.
    """
    path = Path(path)
    if path.is_dir():
        return "folder"
    if path.name.endswith("-sentences.txt") and path.exists():
        return "leipzig"
    suffix = path.suffix.lower()
    if suffix not in _SUFFIXES:
        raise CorpusError(path, None, f"unknown input type {suffix!r}; valid: a folder, "
                                      + ", ".join(sorted(_SUFFIXES)) + ", a Leipzig *-sentences.txt")
    if not path.exists():
        raise CorpusError(path, None, "file not found")
    return _SUFFIXES[suffix]


def iter_parquet_records(path: str | Path) -> Iterator[tuple[int, dict]]:
    """``(row number, record)`` for each row of a Parquet file, read in batches of 1,000 rows."""
    import pyarrow.parquet as pq

    number = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=1000):
        for record in batch.to_pylist():
            number += 1
            yield number, record


def read_parquet(path: str | Path, *, text_field: str = "text", id_field: str = "id", errors: str = "raise") -> Corpus:
    """Read a Parquet file: one document per row, a ``text`` column and optional metadata columns.
    The ``line`` of a :class:`CorpusError` is the row number."""
    path = Path(path)
    return _corpus_of_records(iter_parquet_records(path), path, errors=errors, text_field=text_field,
                              id_field=id_field)


def iter_documents(path: str | Path, *, text_field: str = "text", id_field: str = "id",
                   encoding: str = "utf-8-sig", delimiter: str = ",",
                   quotechar: str = '"') -> Iterator[tuple[Path, int, Document]]:
    """Stream the documents of any input (:func:`input_format`) without reading it whole:
    ``(file, line, document)``; the first problem raises :class:`CorpusError`. Duplicate ids are
    not checked here (see :func:`analysis.batch.iter_chunks`). ``delimiter`` and ``quotechar``
    apply to CSV input (as in :func:`read_csv`)."""
    path = Path(path)
    kind = input_format(path)
    if kind == "folder":
        for file in sorted(path.glob("*.txt")):
            text = file.read_bytes().decode(encoding)
            yield file, 1, document_from_record({"text": text}, path=file, line=1, default_id=file.stem)
        return
    if kind == "text":
        yield path, 1, read_text(path, encoding=encoding).documents[0]
        return
    fields = ("text", "id") if kind == "leipzig" else (text_field, id_field)
    with path.open(encoding=encoding, newline="" if kind == "csv" else None) as handle:
        if kind == "csv":
            records = iter_csv_records(handle, path, text_column=text_field, delimiter=delimiter,
                                           quotechar=quotechar)
        elif kind == "parquet":
            records = iter_parquet_records(path)
        else:
            records = (iter_leipzig_records if kind == "leipzig" else iter_jsonl_records)(handle, path)
        for number, (line, record) in enumerate(records, start=1):
            if isinstance(record, CorpusError):
                raise record
            default = f"{path.stem}-{number if kind == 'csv' else line}"
            yield path, line, document_from_record(record, path=path, line=line, default_id=default,
                                                   text_field=fields[0], id_field=fields[1])


def read_corpus(path: str | Path, **options) -> Corpus:
    """Read a corpus from a ``.txt`` file, a folder of ``.txt`` files, a ``.csv``, a ``.jsonl``, a
    ``.parquet`` or a Leipzig sentence file (a name ending in ``-sentences.txt``).

    ``options`` go to the reader chosen by :func:`input_format` (see :func:`read_text`,
    :func:`read_folder`, :func:`read_csv`, :func:`read_jsonl`, :func:`read_parquet`,
    :func:`read_leipzig`).
    """
    readers = {"folder": read_folder, "leipzig": read_leipzig, "text": read_text, "csv": read_csv,
               "jsonl": read_jsonl, "parquet": read_parquet}
    return readers[input_format(path)](Path(path), **options)

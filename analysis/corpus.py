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

Dates are read in every ISO 8601 form of a day (:func:`parse_date`) and kept as ``YYYY-MM-DD``;
anything else is a :class:`CorpusError` naming the line. A document that is read but looks wrong
(mojibake, no letters at all) raises a :class:`CorpusWarning` naming its id and is kept unchanged:
its text is never repaired, so every offset still refers to the file's text. The language check
is :func:`analysis.pipeline.check_documents`.
"""

from __future__ import annotations

import codecs
import csv
import datetime as _dt
import functools
import io
import json
import os
import re
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
    "decode_file",
    "parse_date",
    "identify_language",
    "document_from_record",
    "iter_jsonl_records",
    "iter_csv_records",
]

#: Metadata with a fixed meaning. ``date`` is an ISO date (``YYYY-MM-DD``) when given (see :func:`parse_date`).
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
    """A problem with one document, reported: the document was left out (``errors="warn"``), or
    it was kept and looks wrong (mojibake, no letters, another language, subfolders not read)."""


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
    if path.is_symlink() and not path.exists():
        raise CorpusError(path, None, "a symbolic link to nothing (or a loop of links)")
    if not path.exists():
        raise CorpusError(path, None, "file not found")
    if path.is_dir():
        raise CorpusError(path, None, "is a folder, expected a file")
    try:
        return path.read_bytes()
    except OSError as exc:  # unreadable (permissions, a link loop, a device): name it, in one line
        raise CorpusError(path, None, f"cannot read: {(exc.strerror or str(exc)).lower()}") from None


def decode_file(path: str | Path, *, encoding: str = "utf-8") -> str:
    """The text of a small file (a coding sheet, a table), decoded.

    Raises
    ------
    CorpusError
        A byte cannot be decoded (naming the line and the encoding to try).
    OSError
        The file is missing or unreadable (``FileNotFoundError`` ...), as it is.
    """
    path = Path(path)
    return _decode(path.read_bytes(), path, encoding)


_DAY_FORMS = "YYYY-MM-DD, YYYYMMDD or YYYY-Www-D, with or without a time"


def parse_date(value) -> str | None:
    """The day of a date as ``YYYY-MM-DD``, or ``None`` for no date (``None``, ``""``, NaN).

    Accepted: every ISO 8601 form of a day that Python reads (``2022-02-24``, ``20220224``, the ISO
    week date ``2022-W08-4``), with a time and time zone (``2022-02-24T12:00:00+01:00``: the day
    as written, not converted to UTC), and date objects (Parquet).

    Raises
    ------
    ValueError
        Anything that does not name one day in ISO 8601 (``2022``, ``2022-02``, the week
        ``2022-W08``, the German ``24.02.2022``, whose order of day and month a reader must guess).

    Examples
    --------
    >>> [parse_date(v) for v in ("2022-02-25T12:00:00", "20220224", "2022-W08-4", "2022-02-24 23:30-05:00")]
    ['2022-02-25', '2022-02-24', '2022-02-24', '2022-02-24']
    """
    if value is None or value == "" or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, _dt.datetime):  # before date: a datetime is a date too
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    text = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}-?W\d{2}", text):  # a week, not a day (Python reads it as Monday)
            raise ValueError
        return _dt.datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        raise ValueError(f"date {text!r} is not an ISO date of one day ({_DAY_FORMS})") from None


@functools.cache
def _language_identifier():
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)


def identify_language(text: str) -> tuple[str, float]:
    """The language of a text (ISO 639-1 code) and its probability among 97 languages.

    Notes
    -----
    py3langid (Lui & Baldwin 2012, langid.py: a naive Bayes classifier over byte n-grams, here in
    its maintained fork by Barbaresi) ships its model inside its wheel (4.6 MB wheel; the model
    loads in ~0.9 s once per process, then ~5 ms per news article of 2.6 kB on this shared
    machine). It was chosen over lingua-language-detector 2.1 (more accurate on very short texts,
    but a 96 MB wheel) as documents, not single words, are checked. Measured: all 997 articles of
    10kGNAD are ``de`` at 0.9 or more; of 30,000 Leipzig news sentences of 2022, 29,065 are ``de``
    at 0.9 or more, and the 25 flagged as another language are Luxembourgish (10) and Dutch (15)
    sentences indeed. Probabilities are spread over all languages, so a short text (a headline)
    rarely reaches a high one: callers should trust only a confident answer
    (:func:`analysis.pipeline.check_documents` flags another language at 0.9 or more).

    Examples
    --------
    >>> identify_language("Kasachstan hat sich gegen den Krieg ausgesprochen.")[0]
    'de'
    """
    language, probability = _language_identifier().classify(text)
    return str(language), float(probability)


def _check_date(value, path: Path, line: int | None) -> str | None:
    try:
        return parse_date(value)
    except ValueError as exc:
        raise CorpusError(path, line, str(exc)) from None


_LETTER = re.compile(r"[^\W\d_]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _warn_if_suspicious(doc: "Document", path: Path, line: int | None) -> None:
    """A :class:`CorpusWarning` for a kept document that looks wrong: mojibake (detected by ftfy,
    Speer 2019, whose ``badness`` heuristic flags sequences such as ``Ã¼`` that UTF-8 decoded
    as Latin-1 or Windows-1252 produces), or no letter at all. The text is not repaired: a repair
    would move every offset. Measured: no document of 10kGNAD (997 articles) is flagged, 30 of
    30,000 Leipzig news sentences of 2022 are, each a true case (``â€žArmutszeugnis``); the check
    reads ~0.9 MB/s."""
    from ftfy.badness import BADNESS_RE

    where = f"{path}, line {line}" if line is not None else str(path)
    bad = BADNESS_RE.search(doc.text)
    if bad is not None:
        sample = doc.text[max(0, bad.start() - 10):bad.end() + 10].replace("\n", " ")
        warnings.warn(f"{where}: document {doc.id!r} looks like mojibake (UTF-8 decoded with the wrong "
                      f"encoding?): {sample!r}; fix the file or its encoding, the text is kept as it is",
                      CorpusWarning, stacklevel=4)
    if _LETTER.search(doc.text) is None:
        warnings.warn(f"{where}: document {doc.id!r} has no letters (only numbers, punctuation or symbols)",
                      CorpusWarning, stacklevel=4)


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
    for name, value in record.items():  # JSON's "\ud800" decodes to a lone surrogate: no output could hold it
        surrogate = _SURROGATE.search(value) if isinstance(value, str) else None
        if surrogate:
            raise CorpusError(path, line, f"{name!r} holds a lone surrogate (U+{ord(surrogate.group()):04X}), "
                                          "which is not a character")
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
    if fixed["date"] is not None and fixed["date"] != str(record["date"]).strip():
        meta["date_text"] = str(record["date"])  # the date as written (a time, a week date): kept
    document = Document(id=doc_id, text=text, meta=meta, **fixed)
    _warn_if_suspicious(document, path, line)
    return document


def document_from_record(record: dict, *, path, line: int | None, default_id: str,
                         text_field: str = "text", id_field: str = "id") -> Document:
    """A :class:`Document` from one record (a CSV row or JSON object), with the readers' checks.

    Raises
    ------
    CorpusError
        No text field, empty text, or a bad date, naming ``path`` and ``line``.

    Warns
    -----
    CorpusWarning
        Mojibake or no letters in the text (the document is kept unchanged).
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


def _walk(path: Path, pattern: str) -> list[Path]:
    """Files matching ``pattern`` in ``path`` and its subfolders, sorted by their relative path.
    Linked folders are not followed, so a loop of links cannot recurse (a linked file is read)."""
    import fnmatch

    files = []
    for root, folders, names in os.walk(path, followlinks=False):
        folders.sort()
        files += [Path(root, name) for name in names if fnmatch.fnmatchcase(name, pattern)]
    return sorted(files, key=lambda f: f.relative_to(path).parts)


def _folder_files(path: Path, pattern: str, recursive: bool) -> list[tuple[str, Path]]:
    """``(document id, file)`` of a folder corpus. Ids are the file stems; with ``recursive`` the
    path below ``path`` without the suffix (``2022/03/artikel``). Without ``recursive``, matching
    files in subfolders are not read, and a :class:`CorpusWarning` says how many and where."""
    if not path.is_dir():
        raise CorpusError(path, None, "folder not found" if not path.exists() else "not a folder")
    every = _walk(path, pattern)
    if recursive:
        return [(f.relative_to(path).with_suffix("").as_posix(), f) for f in every]
    nested = [f for f in every if f.parent != path]
    if nested:
        folders = sorted({f.relative_to(path).parts[0] for f in nested})
        warnings.warn(f"{path}: {len(nested)} files matching {pattern!r} in subfolders ({', '.join(folders[:5])}"
                      f"{', ...' if len(folders) > 5 else ''}) are not read; pass recursive=True "
                      "(on the command line: --recursive) to read them",
                      CorpusWarning, stacklevel=3)
    return [(f.stem, f) for f in sorted(path.glob(pattern))]


def read_folder(
    path: str | Path, *, pattern: str = "*.txt", encoding: str = "utf-8-sig", errors: str = "raise",
    recursive: bool = False,
) -> Corpus:
    """Read every file matching ``pattern`` in a folder (sorted by name), one document each.

    Document ids are the file stems; with ``recursive``, subfolders are read too and ids are the
    paths below the folder without the suffix (``2022/03/artikel``). Without it, files in
    subfolders are left out with a :class:`CorpusWarning` saying so. Linked folders are not
    followed. See :func:`read_text` for the checks made on each file.
    """
    path = Path(path)
    files = _folder_files(path, pattern, recursive)
    if not files:
        raise CorpusError(path, None, f"no files matching {pattern!r}")
    sink = _Collector(errors)
    docs: dict[str, tuple[Document, int | None]] = {}
    for doc_id, file in files:
        try:
            doc = read_text(file, doc_id=doc_id, encoding=encoding).documents[0]
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
    # lines end at "\n" only: a JSON string may hold U+2028 or U+0085, which str.splitlines splits at
    records = iter_jsonl_records(_decode(_read_bytes(path), path, encoding).split("\n"), path)
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
        raise CorpusError(path, None, "a symbolic link to nothing (or a loop of links)" if path.is_symlink()
                          else "file not found")
    return _SUFFIXES[suffix]


def iter_parquet_records(path: str | Path) -> Iterator[tuple[int, dict]]:
    """``(row number, record)`` for each row of a Parquet file, read in batches of 1,000 rows."""
    import pyarrow
    import pyarrow.parquet as pq

    number = 0
    try:
        batches = pq.ParquetFile(path).iter_batches(batch_size=1000)
        for batch in batches:
            for record in batch.to_pylist():
                number += 1
                yield number, record
    except (pyarrow.ArrowException, OSError) as exc:
        raise CorpusError(path, number + 1 if number else None, f"not a readable Parquet file: {exc}") from None


def read_parquet(path: str | Path, *, text_field: str = "text", id_field: str = "id", errors: str = "raise") -> Corpus:
    """Read a Parquet file: one document per row, a ``text`` column and optional metadata columns.
    The ``line`` of a :class:`CorpusError` is the row number."""
    path = Path(path)
    return _corpus_of_records(iter_parquet_records(path), path, errors=errors, text_field=text_field,
                              id_field=id_field)


_AFTER_LONE_CR = re.compile(r"(?<=\r)(?!\n)")


def _decoded_lines(handle, path: Path, encoding: str) -> Iterator[str]:
    """The lines of a binary file (ending at ``\n``, endings kept), decoded one by one, so that an
    undecodable byte is a :class:`CorpusError` naming its line."""
    decoder = codecs.getincrementaldecoder(encoding)()
    number = 0
    for number, raw in enumerate(handle, start=1):
        try:
            yield decoder.decode(raw)
        except UnicodeDecodeError as exc:
            raise CorpusError(path, number, f"cannot decode byte {raw[exc.start:exc.start + 1]!r} as {encoding}; "
                                            "if the file is in another encoding, pass encoding= (e.g. 'cp1252')") from None
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise CorpusError(path, number, f"the file ends inside a character ({encoding})") from None


def iter_documents(path: str | Path, *, text_field: str = "text", id_field: str = "id",
                   encoding: str = "utf-8-sig", delimiter: str = ",", quotechar: str = '"',
                   recursive: bool = False) -> Iterator[tuple[Path, int, Document]]:
    """Stream the documents of any input (:func:`input_format`) without reading it whole:
    ``(file, line, document)``; the first problem raises :class:`CorpusError`, and so does an
    input without documents (an empty file, a CSV with only its header). Duplicate ids are not
    checked here (see :func:`analysis.batch.iter_chunks`). ``delimiter`` and ``quotechar`` apply
    to CSV input (as in :func:`read_csv`)."""
    path = Path(path)
    kind = input_format(path)
    count = 0
    if kind == "folder":
        for doc_id, file in _folder_files(path, "*.txt", recursive):
            count += 1
            yield file, 1, read_text(file, doc_id=doc_id, encoding=encoding).documents[0]
        if not count:
            raise CorpusError(path, None, "no files matching '*.txt'")
        return
    if kind == "text":
        yield path, 1, read_text(path, encoding=encoding).documents[0]
        return
    fields = ("text", "id") if kind == "leipzig" else (text_field, id_field)
    with path.open("rb") as handle:
        lines = _decoded_lines(handle, path, encoding)
        if kind == "csv":  # a lone "\r" ends a CSV line too, as when the file is read whole
            lines = (part for piece in lines for part in _AFTER_LONE_CR.split(piece) if part)
            records = iter_csv_records(lines, path, text_column=text_field, delimiter=delimiter,
                                       quotechar=quotechar)
        elif kind == "parquet":
            records = iter_parquet_records(path)
        else:
            records = (iter_leipzig_records if kind == "leipzig" else iter_jsonl_records)(lines, path)
        for count, (line, record) in enumerate(records, start=1):
            if isinstance(record, CorpusError):
                raise record
            default = f"{path.stem}-{count if kind == 'csv' else line}"
            yield path, line, document_from_record(record, path=path, line=line, default_id=default,
                                                   text_field=fields[0], id_field=fields[1])
    if not count:
        problem = "no records after the header" if kind == "csv" else "no documents (the file holds no records)"
        raise CorpusError(path, 2 if kind == "csv" else None, problem)


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

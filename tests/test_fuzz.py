"""Fuzzing the readers and ``score``: any input is read with exact offsets or refused naming its file.

Hypothesis draws raw bytes, Unicode text, JSON and CSV structures and file names. For each, the
reader either returns documents whose sentences and tokens are exact slices of the document text,
or raises :class:`~analysis.corpus.CorpusError` naming the file and a line inside it; never another
exception. The streaming reader of ``batch`` agrees with the whole-file reader, and ``score`` ends
in 0 or 2. The ``ci`` profile (tests/conftest.py) is derandomized: every run draws the same examples.
"""

from __future__ import annotations

import csv
import io
import json
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.batch import iter_chunks
from analysis.corpus import CorpusError, CorpusWarning, read_corpus
from analysis.pipeline import prepare

#: Characters that break readers: line separators of every kind, BOM, quotes, NUL, controls, umlauts.
_HARD = "aäöüßAÖÜ „“‚‘»«\"'–—…\n\r\t\x00\x0b\x0c\x1c\x85\u2028\u2029\ufeff\u00a0.,;:!?0123456789{}[]#"
TEXT = st.one_of(st.text(max_size=120), st.text(alphabet=_HARD, max_size=120))
SUFFIXES = [".txt", ".csv", ".jsonl", "-sentences.txt"]
FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _n_lines(data: bytes) -> int:
    return data.count(b"\n") + 1


def _read_or_refuse(path, data: bytes):
    """The corpus, or None after checking the refusal names the file and a line in it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", CorpusWarning)
            corpus = read_corpus(path)
    except CorpusError as error:
        if path.is_dir():  # a folder corpus: the file inside it
            assert error.path == str(path) or error.path.startswith(f"{path}/") and error.line in (None, 1)
        else:
            assert error.path == str(path)
            assert error.line is None or 1 <= error.line <= _n_lines(data) + 1, (error, _n_lines(data))
        assert str(error).startswith(error.path)
        return None
    return corpus


def _streamed(path):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", CorpusWarning)
            return [doc for chunk in iter_chunks(path, chunk_size=2) for doc in chunk]
    except CorpusError as error:
        assert error.path == str(path) or error.path.startswith(f"{path}/")
        return None


def _assert_exact_offsets(corpus) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        prepared = prepare(corpus, check=False)
    for table in (prepared.sentences, prepared.tokens):
        for doc_id, start, end, text in zip(table["doc_id"], table["start"], table["end"], table["text"]):
            assert corpus[doc_id].text[start:end] == text


def _check(path, data: bytes) -> None:
    path.write_bytes(data)
    corpus = _read_or_refuse(path, data)
    streamed = _streamed(path) if path.suffix != ".txt" or path.name.endswith("-sentences.txt") else None
    if corpus is None:
        return
    assert all(isinstance(d.text, str) and d.text.strip() for d in corpus)
    if path.suffix != ".txt" or path.name.endswith("-sentences.txt"):
        assert streamed == list(corpus)  # batch reads what score reads
    _assert_exact_offsets(corpus)


@FUZZ
@given(data=st.binary(max_size=300), suffix=st.sampled_from(SUFFIXES))
def test_raw_bytes(tmp_path, data, suffix):
    _check(tmp_path / f"fuzz{suffix}", data)


@FUZZ
@given(text=TEXT, suffix=st.sampled_from(SUFFIXES), bom=st.booleans())
def test_unicode_text(tmp_path, text, suffix, bom):
    _check(tmp_path / f"fuzz{suffix}", ("\ufeff" if bom else "").encode() + text.encode("utf-8", "surrogatepass"))


_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), TEXT)
_DATE = st.one_of(st.sampled_from(["2022-02-24", "20220224", "2022-W08-4", "2022-02-24T12:00:00+01:00", "2022",
                                   "24.02.2022", ""]), TEXT)
_RECORD = st.fixed_dictionaries(
    {}, optional={"text": st.one_of(TEXT, _SCALAR, st.lists(TEXT, max_size=2)), "id": _SCALAR, "date": _DATE,
                  "title": _SCALAR, "outlet": TEXT, "language": st.sampled_from(["de", "en", ""])})


@FUZZ
@given(records=st.lists(st.one_of(_RECORD, _SCALAR, st.lists(_SCALAR, max_size=2)), max_size=5),
       ensure_ascii=st.booleans(), blank=st.booleans())
def test_json_structures(tmp_path, records, ensure_ascii, blank):
    lines = [json.dumps(r, ensure_ascii=ensure_ascii) for r in records]
    _check(tmp_path / "fuzz.jsonl", ("\n\n" if blank else "\n").join(lines).encode("utf-8", "surrogatepass"))


@FUZZ
@given(header=st.lists(st.sampled_from(["id", "text", "date", "outlet", "x", "", "text "]), max_size=4),
       rows=st.lists(st.lists(st.one_of(TEXT, _DATE), max_size=5), max_size=5))
def test_csv_structures(tmp_path, header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in [header, *rows]:
        writer.writerow(row)
    _check(tmp_path / "fuzz.csv", buffer.getvalue().encode("utf-8", "surrogatepass"))


_NAME = st.text(alphabet=st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)), min_size=1,
                max_size=30).filter(lambda n: n not in (".", "..") and len(n.encode()) < 200)


@FUZZ
@given(names=st.lists(_NAME, min_size=1, max_size=4, unique=True), text=TEXT)
def test_file_names_in_a_folder(tmp_path_factory, names, text):
    folder = tmp_path_factory.mktemp("names")
    for name in names:
        (folder / f"{name}.txt").write_text(text or "Ein Text.", encoding="utf-8", errors="surrogatepass")
    corpus = _read_or_refuse(folder, b"")
    streamed = _streamed(folder)
    if corpus is not None:
        assert sorted(d.id for d in corpus) == sorted(names)
        assert streamed == list(corpus)
        _assert_exact_offsets(corpus)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=st.lists(_RECORD, min_size=1, max_size=3))
def test_score_ends_in_0_or_2(tmp_path, records, capsys):
    from analysis.cli import main

    path, out = tmp_path / "fuzz.jsonl", tmp_path / "out.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    status = main(["score", str(path), "-o", str(out), "--method", "dictionary"])
    err = capsys.readouterr().err
    assert status in (0, 2) and "Traceback" not in err
    if status == 2:
        assert err.splitlines()[-1].startswith(f"error: {path}") and not out.exists()
    else:
        written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        corpus = read_corpus(path)
        assert all(corpus[r["doc_id"]].text[r["start"]:r["end"]] == r["text"] for r in written)
        out.unlink()


@pytest.mark.parametrize("name, data", [
    ("lone-cr.csv", b"id,text\r1,Eins.\r2,Zwei.\r"),
    ("nul.jsonl", b'{"text": "Ein\\u0000Text."}\n'),
    ("bom-mid.jsonl", '{"text": "Eins."}\n\ufeff{"text": "Zwei."}\n'.encode()),
    ("surrogate.jsonl", b'{"text": "\\ud800 Text"}\n'),
    ("crlf-sentences.txt", b"1\tEins.\r\n2\tZwei.\r\n"),
])
def test_known_hard_inputs(tmp_path, name, data):
    """Inputs the fuzzer found or that are known to break readers, kept as fixed examples."""
    _check(tmp_path / name, data)

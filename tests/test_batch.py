"""Chunked, resumable, local and Dask scoring give identical records."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.batch import iter_chunks, read_parts, score_corpus
from analysis.corpus import CorpusError
from analysis.paths import EXAMPLE_CORPUS
from analysis.pipeline import prepare
from analysis.score import score_records
from analysis.corpus import read_jsonl

MINI = EXAMPLE_CORPUS


@pytest.fixture(scope="module")
def whole(tmp_path_factory):
    out = tmp_path_factory.mktemp("whole")
    score_corpus(MINI, out, chunk_size=100, progress=False)
    return read_parts(out)


def test_chunks_stream_in_file_order():
    sizes = [len(c) for c in iter_chunks(MINI, chunk_size=5)]
    ids = [d.id for c in iter_chunks(MINI, chunk_size=5) for d in c]
    assert sizes == [5, 5, 2] and ids == [f"m{n:02d}" for n in range(1, 13)]


def test_parts_hold_the_score_records(whole):
    expected = score_records(prepare(read_jsonl(MINI), check=False))
    assert len(whole) == len(expected)
    first = whole.iloc[0]
    assert (first["doc_id"], int(first["sent_id"]), first["text"]) == \
        (expected[0]["doc_id"], expected[0]["sent_id"], expected[0]["text"])
    for key in set(expected[0]) - {"doc_id", "sent_id", "start", "end", "section", "text"}:
        assert json.loads(first[key]) == json.loads(json.dumps(expected[0][key], ensure_ascii=False))


def test_chunked_equals_unchunked(whole, tmp_path):
    score_corpus(MINI, tmp_path, chunk_size=3, progress=False)
    assert len(list(tmp_path.glob("part-*.parquet"))) == 4
    pd.testing.assert_frame_equal(read_parts(tmp_path), whole)


def test_resume_after_interruption_gives_the_same_output(whole, tmp_path):
    score_corpus(MINI, tmp_path, chunk_size=3, progress=False, max_chunks=2)  # "interrupted" after 2 parts
    assert len(list(tmp_path.glob("part-*.parquet"))) == 2
    first_part = (tmp_path / "part-000000.parquet").stat().st_mtime_ns
    score_corpus(MINI, tmp_path, chunk_size=3, progress=False)
    assert (tmp_path / "part-000000.parquet").stat().st_mtime_ns == first_part  # not redone
    assert not list(tmp_path.glob(".*.tmp"))
    pd.testing.assert_frame_equal(read_parts(tmp_path), whole)


def test_two_local_processes_equal_one(whole, tmp_path):
    score_corpus(MINI, tmp_path, chunk_size=4, workers=2, progress=False)
    pd.testing.assert_frame_equal(read_parts(tmp_path), whole)


def test_dask_local_cluster_equals_local(whole, tmp_path):
    score_corpus(MINI, tmp_path, chunk_size=4, workers=2, backend="dask", progress=False)
    pd.testing.assert_frame_equal(read_parts(tmp_path), whole)


def test_bad_line_in_a_stream_names_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "Eins."}\n{"text": "Zwei."\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"bad\.jsonl, line 2: malformed JSON"):
        list(iter_chunks(path, chunk_size=1))


def test_unknown_backend_lists_valid_ones(tmp_path):
    with pytest.raises(ValueError, match="valid: local, dask"):
        score_corpus(MINI, tmp_path, backend="spark")


def test_resume_refuses_parts_of_another_input(tmp_path):
    first = tmp_path / "a.jsonl"
    first.write_text('{"id": "a", "text": "Ein Satz."}\n', encoding="utf-8")
    out = tmp_path / "out"
    score_corpus(first, out, chunk_size=1, progress=False)
    first.write_text('{"id": "a", "text": "Russland greift an."}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="input_sha256 differ"):
        score_corpus(first, out, chunk_size=1, progress=False)
    with pytest.raises(ValueError, match="chunk_size"):
        score_corpus(first, out, chunk_size=2, progress=False)


def test_duplicate_id_in_a_stream_names_both_lines(tmp_path):
    path = tmp_path / "dup.jsonl"
    path.write_text('{"id": "a", "text": "Eins."}\n{"id": "b", "text": "Zwei."}\n{"id": "a", "text": "Drei."}\n',
                    encoding="utf-8")
    with pytest.raises(CorpusError, match=r"dup\.jsonl, line 3: duplicate document id 'a' \(first seen at dup\.jsonl, line 1\)"):
        list(iter_chunks(path, chunk_size=2))


def test_leipzig_sentence_file_streams_like_read_corpus(tmp_path):
    from analysis.corpus import read_corpus

    path = tmp_path / "deu_news_2022_3-sentences.txt"
    path.write_text("4\tKasachstan liefert Öl.\n9\tRussland droht.\n12\tDie EU lobt Astana.\n", encoding="utf-8")
    streamed = [(d.id, d.text) for chunk in iter_chunks(path, chunk_size=2) for d in chunk]
    assert streamed == [(d.id, d.text) for d in read_corpus(path)]
    assert streamed[2] == ("deu_news_2022_3-sentences-12", "Die EU lobt Astana.")
    # a byte-order mark, Windows line ends and a line separator inside a sentence: read alike
    path.write_bytes("\ufeff4\tKasachstan liefert\u2028Öl.\r\n9\tRussland droht.\r\n".encode("utf-8"))
    streamed = [(d.id, d.text) for chunk in iter_chunks(path) for d in chunk]
    assert streamed == [(d.id, d.text) for d in read_corpus(path)]
    assert streamed == [("deu_news_2022_3-sentences-4", "Kasachstan liefert\u2028Öl."),
                        ("deu_news_2022_3-sentences-9", "Russland droht.")]
    path.write_text("4\tKasachstan liefert Öl.\nohne Nummer\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"sentences\.txt, line 2: expected 'number<TAB>sentence'"):
        list(iter_chunks(path))


@pytest.fixture(scope="module")
def whole_learned(tmp_path_factory):
    from analysis.measures.learned import select_measures
    out = tmp_path_factory.mktemp("whole_learned")
    score_corpus(MINI, out, chunk_size=100, progress=False, measures=select_measures("model"))
    return read_parts(out)


def test_learned_method_in_two_processes_and_dask_equals_one_process(whole_learned, tmp_path):
    from analysis.measures.learned import select_measures
    first = json.loads(whole_learned.iloc[0]["sentiment"])
    assert first["method"] == "learned" and len(first["precedents"]) == 3
    score_corpus(MINI, tmp_path / "local", chunk_size=4, workers=2, progress=False, measures=select_measures("model"))
    pd.testing.assert_frame_equal(read_parts(tmp_path / "local"), whole_learned)
    score_corpus(MINI, tmp_path / "dask", chunk_size=4, workers=2, backend="dask", progress=False,
                 measures=select_measures("model"))
    pd.testing.assert_frame_equal(read_parts(tmp_path / "dask"), whole_learned)

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
    expected = score_records(prepare(read_jsonl(MINI), check=False), metadata=True)
    assert len(whole) == len(expected)
    assert list(whole.columns) == list(expected[0])
    first = whole.iloc[0]
    assert (first["doc_id"], int(first["sent_id"]), first["text"]) == \
        (expected[0]["doc_id"], expected[0]["sent_id"], expected[0]["text"])
    metadata = ["title", "outlet", "date", "language", "source", "meta_section"]
    assert [first[k] for k in metadata] == [expected[0][k] for k in metadata]
    for key in set(expected[0]) - {"doc_id", "sent_id", "start", "end", "section", "text", *metadata}:
        assert json.loads(first[key]) == json.loads(json.dumps(expected[0][key], ensure_ascii=False))


def test_metadata_columns_keep_their_values_and_read_parquet_reads_the_folder(whole, tmp_path):
    score_corpus(MINI, tmp_path, chunk_size=5, progress=False, scorers=["sentiment"])
    assert sorted(p.name for p in tmp_path.iterdir()) == [".batch.lock", "_RUN.json", "part-000000.parquet",
                                                          "part-000001.parquet", "part-000002.parquet"]
    table = pd.read_parquet(tmp_path)  # neither the run file nor the lock trips it
    assert len(table) == len(whole) and table["doc_id"].tolist() == whole["doc_id"].tolist()
    outlets = table.drop_duplicates("doc_id").set_index("doc_id")["outlet"]
    assert outlets[["m01", "m02", "m12"]].tolist() == ["Nordkurier Digital", "Tagesblick",
                                                       read_jsonl(MINI)["m12"].outlet]
    assert table.groupby("outlet")["doc_id"].nunique().sum() == 12


def test_every_part_has_one_schema_when_a_column_appears_late(tmp_path):
    import pyarrow.parquet as pq

    corpus = tmp_path / "mixed.jsonl"
    rows = [{"id": "a", "text": "Russland droht."}, {"id": "b", "text": "Die EU schweigt.", "jahr": 2022},
            {"id": "c", "text": "Kasachstan liefert Öl.", "ressort": "Wirtschaft", "jahr": 2023,
             "tags": ["öl", "energie"], "outlet": "Süddeutsche"}]
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out"
    score_corpus(corpus, out, chunk_size=1, progress=False, scorers=["sentiment"])
    schemas = {str(pq.read_schema(p).remove_metadata()) for p in out.glob("part-*.parquet")}
    assert len(schemas) == 1
    table = pd.read_parquet(out)
    assert table["doc_id"].tolist() == ["a", "b", "c"]
    assert table["ressort"].fillna("-").tolist() == ["-", "-", "Wirtschaft"]
    assert table["jahr"].tolist()[1:] == [2022, 2023] and pd.isna(table["jahr"].iloc[0])
    assert table["tags"].fillna("-").tolist() == ["-", "-", '["öl", "energie"]']
    assert table["outlet"].fillna("-").tolist() == ["-", "-", "Süddeutsche"]


def test_a_folder_of_the_old_layout_is_read_and_not_resumed_into(whole, tmp_path):
    score_corpus(MINI, tmp_path, chunk_size=100, progress=False)
    old = json.loads((tmp_path / "_RUN.json").read_text(encoding="utf-8"))
    del old["layout"], old["reader"]
    (tmp_path / "RUN.json").write_text(json.dumps(old), encoding="utf-8")  # as batch wrote it before
    (tmp_path / "_RUN.json").unlink()
    pd.testing.assert_frame_equal(read_parts(tmp_path), whole)
    with pytest.raises(ValueError, match=r"holds parts of another run \(layout, reader differ\)"):
        score_corpus(MINI, tmp_path, chunk_size=100, progress=False)


def test_a_semicolon_csv_streams_with_the_reader_options(tmp_path):
    path = tmp_path / "zeitungen.csv"
    path.write_text("nr;zeitung;inhalt\n7;Süddeutsche;Die Ukraine verhandelt über Öl.\n"
                    "9;Tagesblick;\"Kasachstan liefert Öl; die Straße ist frei.\"\n", encoding="utf-8")
    docs = [d for chunk in iter_chunks(path, delimiter=";", text_field="inhalt", id_field="nr") for d in chunk]
    assert [(d.id, d.text, d.meta) for d in docs] == [
        ("7", "Die Ukraine verhandelt über Öl.", {"zeitung": "Süddeutsche"}),
        ("9", "Kasachstan liefert Öl; die Straße ist frei.", {"zeitung": "Tagesblick"})]
    score_corpus(path, tmp_path / "out", progress=False, scorers=["sentiment"], delimiter=";", text_field="inhalt",
                 id_field="nr")
    table = pd.read_parquet(tmp_path / "out")
    assert table[["doc_id", "zeitung"]].values.tolist() == [["7", "Süddeutsche"], ["9", "Tagesblick"]]
    with pytest.raises(ValueError, match="reader differ"):  # read otherwise: not the same run
        score_corpus(path, tmp_path / "out", progress=False, scorers=["sentiment"], delimiter=";",
                     text_field="inhalt")


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

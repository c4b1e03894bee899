"""Readers: good input becomes documents with metadata; every bad input names file and line."""

from __future__ import annotations

import json

import pytest

from analysis.corpus import CorpusError, CorpusWarning, read_corpus, read_csv, read_folder, read_jsonl, read_text


def test_read_text_keeps_the_text_unchanged(seed_corpus):
    from analysis.paths import SEED_ARTICLE

    doc = seed_corpus[0]
    assert doc.id == "article_de"
    assert doc.text == SEED_ARTICLE.read_text(encoding="utf-8")
    assert doc.language == "de"
    assert seed_corpus.metadata.loc[0, "n_chars"] == len(doc.text) == 8266


def test_read_folder_sorted_with_ids_from_file_names(tmp_path):
    (tmp_path / "b.txt").write_text("Zweiter Text über die EU.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Erster Text über Kasachstan.", encoding="utf-8")
    corpus = read_folder(tmp_path)
    assert [d.id for d in corpus] == ["a", "b"]
    assert corpus["b"].text.startswith("Zweiter")


def test_read_csv_with_metadata(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text('id,title,outlet,date,text,section\n'
                    'x1,Titel,taz,2022-11-25,"Die EU, sagte sie, handelt.",Politik\n', encoding="utf-8")
    corpus = read_csv(path)
    doc = corpus["x1"]
    assert (doc.title, doc.outlet, doc.date, doc.meta) == ("Titel", "taz", "2022-11-25", {"section": "Politik"})
    assert doc.text == "Die EU, sagte sie, handelt."


def test_read_jsonl_generates_ids_from_line_numbers(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text(json.dumps({"text": "Erster Text."}) + "\n\n" + json.dumps({"text": "Zweiter."}) + "\n",
                    encoding="utf-8")
    assert [d.id for d in read_jsonl(path)] == ["news-1", "news-3"]


# One row per bad input: how to make it, the reader, the line the message must name, a phrase.
BAD_INPUTS = [
    ("missing file", None, read_text, None, "file not found"),
    ("empty document", ("doc.txt", b" \n\xc2\xa0\n"), read_text, 1, "empty document"),
    ("undecodable bytes", ("doc.txt", "Zeile eins\nK\xf6ln\n".encode("latin-1")), read_text, 2, "cannot decode"),
    ("csv missing text column", ("n.csv", b"id,body\n1,Hallo Welt\n"), read_csv, 1, "no 'text' column"),
    ("csv malformed line", ("n.csv", b"id,text\n1,Gut.\n2,Zu,viele,Felder\n"), read_csv, 3, "4 fields, the header has 2"),
    ("csv empty text", ("n.csv", b"id,text\n1,Gut.\n2,\n"), read_csv, 3, "empty document"),
    ("csv duplicate id", ("n.csv", b"id,text\n7,Eins.\n8,Zwei.\n7,Drei.\n"), read_csv, 4, "duplicate document id '7'"),
    ("csv bad date", ("n.csv", b"id,date,text\n1,25.11.2022,Eins.\n"), read_csv, 2, "not an ISO date"),
    ("jsonl malformed line", ("n.jsonl", b'{"text": "Eins."}\n{"text": "Zwei."\n'), read_jsonl, 2, "malformed JSON"),
    ("jsonl missing text", ("n.jsonl", b'{"text": "Eins."}\n{"body": "Zwei."}\n'), read_jsonl, 2, "no 'text' field"),
    ("jsonl not an object", ("n.jsonl", b'["Eins."]\n'), read_jsonl, 1, "expected a JSON object"),
    ("jsonl duplicate id", ("n.jsonl", b'{"id": "a", "text": "Eins."}\n{"id": "a", "text": "Zwei."}\n'),
     read_jsonl, 2, "duplicate document id 'a'"),
]


@pytest.mark.parametrize("name, content, reader, line, phrase", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_names_file_line_and_problem(tmp_path, name, content, reader, line, phrase):
    path = tmp_path / (content[0] if content else "missing.txt")
    if content:
        path.write_bytes(content[1])
    with pytest.raises(CorpusError) as info:
        reader(path)
    error = info.value
    assert error.path == str(path)
    assert error.line == line
    assert phrase in error.problem
    message = str(error)
    assert str(path) in message and phrase in message
    if line is not None:
        assert f"line {line}" in message


def test_folder_with_an_empty_file_names_that_file(tmp_path):
    (tmp_path / "a.txt").write_text("Ein Text.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("   ", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"b\.txt, line 1: empty document"):
        read_folder(tmp_path)


def test_warn_policy_reports_and_lists_every_problem(tmp_path):
    path = tmp_path / "n.jsonl"
    path.write_bytes(b'{"text": "Eins."}\n{"text": ""}\nkaputt\n{"text": "Vier."}\n')
    with pytest.warns(CorpusWarning) as caught:
        corpus = read_jsonl(path, errors="warn")
    assert [d.id for d in corpus] == ["n-1", "n-4"]
    assert corpus.problems_table["line"].tolist() == [2, 3]
    assert len(caught) == 2


def test_unknown_error_policy_lists_valid_ones(tmp_path):
    path = tmp_path / "n.jsonl"
    path.write_text('{"text": "Eins."}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="valid: raise, warn"):
        read_jsonl(path, errors="ignore")


def test_read_corpus_dispatches_and_rejects_unknown_types(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text("Ein Text.", encoding="utf-8")
    assert read_corpus(path)[0].id == "doc"
    assert len(read_corpus(tmp_path)) == 1
    odd = tmp_path / "doc.docx"
    odd.write_bytes(b"PK")
    with pytest.raises(CorpusError, match="unknown input type '.docx'"):
        read_corpus(odd)


def test_windows_1252_file_reads_with_its_encoding(tmp_path):
    path = tmp_path / "alt.txt"
    path.write_bytes("Die „Entnazifizierung“ in Köln.".encode("cp1252"))
    with pytest.raises(CorpusError, match="pass encoding="):
        read_text(path)
    assert read_text(path, encoding="cp1252")[0].text == "Die „Entnazifizierung“ in Köln."


def test_leipzig_sentence_file_gives_one_document_per_sentence(tmp_path):
    path = tmp_path / "deu_news_2022_30K-sentences.txt"
    path.write_text("1\t„Wir sind neutral“, sagte Iljassow.\n2\tKasachstan liefert Öl über Russland.\n\n"
                    "17\tDer Balanceakt geht weiter.\n", encoding="utf-8")
    corpus = read_corpus(path, date="2022-01-01")
    assert [d.id for d in corpus] == ["deu_news_2022_30K-sentences-1", "deu_news_2022_30K-sentences-2",
                                      "deu_news_2022_30K-sentences-17"]
    assert corpus["deu_news_2022_30K-sentences-2"].text == "Kasachstan liefert Öl über Russland."
    assert {d.date for d in corpus} == {"2022-01-01"}


@pytest.mark.parametrize("content, line, phrase", [
    ("1\tGut.\nkein Tabulator hier\n", 2, "number<TAB>sentence"),
    ("1\tGut.\n1\tNoch einmal.\n", 2, "duplicate document id"),
    ("1\tGut.\n2\t   \n", 2, "empty document"),
])
def test_leipzig_bad_lines_name_the_line(tmp_path, content, line, phrase):
    path = tmp_path / "x-sentences.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError, match=rf"x-sentences\.txt, line {line}: .*{phrase}"):
        read_corpus(path)
    with pytest.warns(CorpusWarning, match=phrase):
        corpus = read_corpus(path, errors="warn")
    assert len(corpus) == 1 and [p.line for p in corpus.problems] == [line]


@pytest.mark.parametrize("name, expected", [
    ("a.txt", "text"), ("a.csv", "csv"), ("a.jsonl", "jsonl"), ("a.ndjson", "jsonl"), ("a.parquet", "parquet"),
    ("deu_news_2022_10K-sentences.txt", "leipzig"),
])
def test_one_dispatch_names_every_input_format(tmp_path, name, expected):
    from analysis.corpus import input_format

    (tmp_path / name).write_text("1\tx\n", encoding="utf-8")
    assert input_format(tmp_path / name) == expected
    assert input_format(tmp_path) == "folder"


def test_parquet_is_read_whole_and_streamed_alike(tmp_path):
    import pandas as pd

    from analysis.batch import iter_chunks
    from analysis.corpus import read_corpus

    path = tmp_path / "c.parquet"
    pd.DataFrame({"id": ["a", "b"], "text": ["Der Krieg.", "Die EU."], "outlet": ["X", "Y"]}).to_parquet(path)
    corpus = read_corpus(path)
    assert [d.id for d in corpus] == ["a", "b"] and corpus["b"].outlet == "Y"
    streamed = [d for chunk in iter_chunks(path, chunk_size=1) for d in chunk]
    assert streamed == list(corpus)

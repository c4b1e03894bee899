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


# --- dates: every accepted form becomes one day, everything else names its line ------------------

@pytest.mark.parametrize("written, day", [
    ("2022-02-24", "2022-02-24"),
    ("2022-02-25T12:00:00", "2022-02-25"),
    ("2022-02-25 12:00", "2022-02-25"),
    ("2022-02-24T23:30:00-05:00", "2022-02-24"),  # the day as written, not moved to UTC
    ("2022-02-24T10:00:00Z", "2022-02-24"),
    ("20220224", "2022-02-24"),
    ("2022-W08-4", "2022-02-24"),
    ("2022W084", "2022-02-24"),
    ("", None),
])
def test_every_accepted_date_form_is_one_day(tmp_path, written, day):
    path = tmp_path / "n.jsonl"
    path.write_text(json.dumps({"text": "Ein Text.", "date": written}) + "\n", encoding="utf-8")
    doc = read_jsonl(path)[0]
    assert doc.date == day
    assert doc.meta.get("date_text") == (written if day not in (None, written) else None)


@pytest.mark.parametrize("written", ["2022", "2022-02", "2022-W08", "24.02.2022", "2022-02-30", "2022-02-24 abends",
                                     "gestern"])
def test_a_date_that_is_not_one_day_names_its_line(tmp_path, written):
    path = tmp_path / "n.jsonl"
    path.write_text(json.dumps({"text": "Eins."}) + "\n" + json.dumps({"text": "Zwei.", "date": written}) + "\n",
                    encoding="utf-8")
    with pytest.raises(CorpusError, match=rf"n\.jsonl, line 2: date '{written}' is not an ISO date of one day"):
        read_jsonl(path)


def test_a_mixed_date_file_gives_every_document_a_period(tmp_path):
    from analysis.compare import add_metadata

    forms = ["2022-02-{:02d}", "2022-02-{:02d}T12:00:00", "202202{:02d}", "2022-02-{:02d} 08:15+01:00"]
    path = tmp_path / "n.jsonl"
    path.write_text("".join(json.dumps({"id": f"d{i}", "text": "Ein Text.", "date": forms[i % 4].format(1 + i % 28)})
                            + "\n" for i in range(40)), encoding="utf-8")
    meta = read_jsonl(path).metadata.rename(columns={"id": "doc_id"})
    table = add_metadata(meta[["doc_id"]], meta, columns=["date"], period="week")
    assert table["period"].notna().all() and len(table) == 40
    assert table.loc[table["doc_id"] == "d3", "period"].item() == "2022-01-31"  # Friday 2022-02-04 08:15: the ISO week from Monday


def test_parse_date_takes_date_objects_from_parquet():
    import datetime as dt

    from analysis.corpus import parse_date

    assert parse_date(dt.date(2022, 2, 24)) == parse_date(dt.datetime(2022, 2, 24, 23, 59)) == "2022-02-24"
    assert parse_date(float("nan")) is None


# --- documents that are read but look wrong: warned with their id, kept unchanged ----------------

def test_mojibake_is_warned_per_document_and_the_text_kept(tmp_path):
    path = tmp_path / "n.jsonl"
    texts = ["Der AuÃŸenminister sagte in BrÃ¼ssel: â€žNein.â€œ", "Der Außenminister sagte „Nein“ – 5 €.",
             "Die TrÃ¤ume sind aus."]
    path.write_text("".join(json.dumps({"id": f"d{i}", "text": t}) + "\n" for i, t in enumerate(texts)),
                    encoding="utf-8")
    with pytest.warns(CorpusWarning) as caught:
        corpus = read_jsonl(path)
    messages = [str(w.message) for w in caught]
    assert [m.split("document ")[1].split(" ")[0] for m in messages] == ["'d0'", "'d2'"]
    assert all("mojibake" in m for m in messages) and f"{path}, line 3" in messages[1]
    assert corpus["d0"].text == texts[0]  # not repaired: every offset still refers to the file


@pytest.mark.parametrize("text, warned", [("12.345 – 67,8 % (2022)", True), ("!!! ??? …", True), ("2022: Kiew", False),
                                          ("١٢٣ ÷ ٤", True), ("Ωμέγα 3", False)])
def test_a_document_without_letters_is_warned(tmp_path, text, warned):
    import warnings

    path = tmp_path / "zahlen.txt"
    path.write_text(text, encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        doc = read_text(path)[0]
    assert doc.text == text
    assert [str(w.message) for w in caught] == (
        [f"{path}, line 1: document 'zahlen' has no letters (only numbers, punctuation or symbols)"] if warned else [])


# --- folders: subfolders read on request or said; links cannot loop ------------------------------

@pytest.fixture()
def nested_folder(tmp_path):
    (tmp_path / "b.txt").write_text("Oben.", encoding="utf-8")
    (tmp_path / "2022" / "03").mkdir(parents=True)
    (tmp_path / "2022" / "a.txt").write_text("Im Jahr.", encoding="utf-8")
    (tmp_path / "2022" / "03" / "b.txt").write_text("Im März.", encoding="utf-8")
    (tmp_path / "2022" / "03" / "notiz.md").write_text("keine Zeitung", encoding="utf-8")
    (tmp_path / "2022" / "zurück").symlink_to(tmp_path)  # a loop: never followed
    return tmp_path


def test_subfolders_are_not_read_without_a_warning(nested_folder):
    with pytest.warns(CorpusWarning, match=r"2 files matching '\*\.txt' in subfolders \(2022\) are not read; "
                                           r"pass recursive=True"):
        corpus = read_folder(nested_folder)
    assert [d.id for d in corpus] == ["b"]


def test_recursive_reads_subfolders_with_their_paths_as_ids(nested_folder):
    from analysis.batch import iter_chunks

    corpus = read_folder(nested_folder, recursive=True)
    assert [(d.id, d.text) for d in corpus] == [("2022/03/b", "Im März."), ("2022/a", "Im Jahr."), ("b", "Oben.")]
    assert [d for chunk in iter_chunks(nested_folder, recursive=True) for d in chunk] == list(corpus)


# --- lines: JSON strings may hold any line separator but "\n" ------------------------------------

@pytest.mark.filterwarnings("ignore:.*looks like mojibake:analysis.corpus.CorpusWarning")  # U+0085 is a C1 control
def test_jsonl_text_with_unicode_line_separators_is_one_record(tmp_path):
    from analysis.batch import iter_chunks

    text = "Erste Zeile\u2028zweite\x85dritte\u2029vierte\rfünfte."
    path = tmp_path / "n.jsonl"
    path.write_text(json.dumps({"id": "a", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert read_jsonl(path)["a"].text == text
    assert [d.text for chunk in iter_chunks(path) for d in chunk] == [text]

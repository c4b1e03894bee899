"""The command line: terms, sentences, kwic; input errors as one line, exit status 2."""

from __future__ import annotations

import json

import pytest

from analysis.cli import main
from analysis.paths import SEED_ARTICLE


def test_terms_prints_the_top_lemmas(capsys):
    assert main(["terms", str(SEED_ARTICLE), "--top", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["term", "count", "n_words", "per_1000", "rank"]
    assert [line.split()[0] for line in lines[1:]] == ["Kasachstan", "Russland", "russisch"]


def test_terms_by_section(capsys):
    assert main(["terms", str(SEED_ARTICLE), "--top", "1", "--by", "section", "--on", "form"]) == 0
    out = capsys.readouterr().out
    assert "headline" in out and "subheading" in out


def test_sentences_writes_one_record_per_sentence(tmp_path):
    out = tmp_path / "sentences.jsonl"
    assert main(["sentences", str(SEED_ARTICLE), "-o", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 55
    assert list(records[0]) == ["doc_id", "sent_id", "start", "end", "section", "text"]
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    assert all(text[r["start"]:r["end"]] == r["text"] for r in records)
    assert records[3]["section"] == "bullet" and "„Entnazifizierung“" in records[3]["text"]


def test_kwic_prints_the_occurrences(capsys):
    assert main(["kwic", str(SEED_ARTICLE), "Balanceakt"]) == 0
    assert capsys.readouterr().out.count("Balanceakt") == 2


def test_bad_input_is_one_line_and_exit_status_2(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "Gut."}\n{kaputt\n', encoding="utf-8")
    assert main(["terms", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and f"{bad}, line 2: malformed JSON" in err
    assert "Traceback" not in err


def test_kwic_with_lemmas_and_a_character_window(capsys):
    assert main(["kwic", str(SEED_ARTICLE), "Russland", "--on", "lemma", "--window", "5",
                 "--window-unit", "chars"]) == 0
    out = capsys.readouterr().out
    assert out.count("Russland") >= 15 and "Russlands" in out  # the genitive found through its lemma


def test_kwic_within_the_sentence(capsys):
    assert main(["kwic", str(SEED_ARTICLE), "Balanceakt", "--window", "8", "--within", "sentence"]) == 0
    within = capsys.readouterr().out
    assert main(["kwic", str(SEED_ARTICLE), "Balanceakt", "--window", "8"]) == 0
    across = capsys.readouterr().out
    # the subheading „Ein heikler Balanceakt“ stands alone: no context from the sentences around it
    assert "Ein heikler Balanceakt" in within and "Kasachstan hat die Grenze" not in within
    assert "gegen die Nation ergreife. Ein heikler Balanceakt Kasachstan hat die Grenze" in across


def test_kwic_without_hits_says_so(capsys):
    assert main(["kwic", str(SEED_ARTICLE), "Frieden"]) == 0
    assert capsys.readouterr().out.strip() == "no occurrences of 'Frieden'"


def test_bad_values_are_one_line_not_a_traceback(capsys):
    import pytest

    assert main(["kwic", str(SEED_ARTICLE), ""]) == 2
    assert capsys.readouterr().err.strip() == "error: empty pattern"
    with pytest.raises(SystemExit) as info:
        main(["terms", str(SEED_ARTICLE), "--top", "-2"])
    assert info.value.code == 2 and "not a positive whole number" in capsys.readouterr().err


def test_terms_top_n_per_section_is_at_most_n_rows(capsys):
    assert main(["terms", str(SEED_ARTICLE), "--by", "section", "--top", "2"]) == 0
    rows = capsys.readouterr().out.splitlines()[1:]
    sections = [row.split()[0] for row in rows]
    assert all(sections.count(s) <= 2 for s in set(sections)) and len(set(sections)) == 5


def test_score_in_chunks_equals_one_whole_corpus_run(tmp_path, capsys):
    from analysis.corpus import read_jsonl
    from analysis.paths import EXAMPLE_CORPUS
    from analysis.pipeline import prepare
    from analysis.score import score_records

    out = tmp_path / "scores.jsonl"
    assert main(["score", str(EXAMPLE_CORPUS), "-o", str(out), "--chunk-size", "5", "--method", "dictionary"]) == 0
    whole = score_records(prepare(read_jsonl(EXAMPLE_CORPUS)), metadata=True)  # the rules: every measure's first method
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(written) == len(whole) > 80
    assert written == json.loads(json.dumps(whole, ensure_ascii=False))
    assert f"{len(whole)} sentences from 12 documents" in capsys.readouterr().err


def test_default_method_is_learned_where_it_beat_the_rules_and_chunks_change_nothing(tmp_path):
    from analysis.corpus import read_jsonl
    from analysis.measures.learned import DEFAULT_METHODS, select_measures
    from analysis.paths import EXAMPLE_CORPUS
    from analysis.pipeline import prepare
    from analysis.score import score_records

    out = tmp_path / "scores.jsonl"
    assert main(["score", str(EXAMPLE_CORPUS), "-o", str(out), "--chunk-size", "5"]) == 0
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    whole = score_records(prepare(read_jsonl(EXAMPLE_CORPUS)), measures=select_measures("default"), metadata=True)
    assert written == json.loads(json.dumps(whole, ensure_ascii=False))
    methods = {m: written[0][f].get("method", "rules") if isinstance(written[0][f], dict) else None
               for m, f in (("sentiment", "sentiment"),)}
    assert methods["sentiment"] == DEFAULT_METHODS["sentiment"] == "learned"
    assert all("frame_proba" in r and "target_proba" in r for r in written)


@pytest.mark.parametrize("command", [
    ["agreement", "{corpus}", "{missing}"],
    ["train", "{corpus}", "{missing}", "-o", "{out}"],
    ["batch", "{missing}", "{out}"],
])
def test_a_missing_file_is_one_line_naming_it_and_nothing_is_created(tmp_path, capsys, command):
    from analysis.paths import EXAMPLE_CORPUS

    missing, out = tmp_path / "missing.tsv", tmp_path / "out"
    argv = [a.format(corpus=EXAMPLE_CORPUS, missing=missing, out=out) for a in command]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"error: {missing}: no such file or directory"
    assert not out.exists()


def test_score_keeps_each_documents_metadata_on_every_record(tmp_path):
    from analysis.paths import EXAMPLE_CORPUS

    out = tmp_path / "scores.jsonl"
    assert main(["score", str(EXAMPLE_CORPUS), "-o", str(out), "--method", "dictionary", "--only", "sentiment"]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert list(records[0])[:13] == ["doc_id", "sent_id", "start", "end", "section", "text", "title", "outlet",
                                     "date", "language", "source", "meta_section", "sentiment"]
    first = {r["doc_id"]: r for r in reversed(records)}
    # the corpus's own "section" column is kept as meta_section beside the sentence's section
    assert [(first[d]["outlet"], first[d]["date"], first[d]["meta_section"]) for d in ("m01", "m02")] == [
        ("Nordkurier Digital", "2022-02-24", "Politik"), ("Tagesblick", "2022-03-15", "Wirtschaft")]
    assert first["m01"]["title"] == "Russland überfällt die Ukraine" and first["m01"]["section"] == "headline"
    assert all(r["outlet"] == first[r["doc_id"]]["outlet"] for r in records)


@pytest.fixture
def semicolon_csv(tmp_path):
    """A semicolon-separated CSV in cp1252 with umlauts, ß and „…“ quotes, other column names."""
    path = tmp_path / "zeitungen.csv"
    path.write_bytes(("nr;zeitung;inhalt\n"
                      "7;Süddeutsche;\"Die Ukraine verhandelt über Öl; Russland droht.\"\n"
                      "9;Tagesblick;\"Kasachstan liefert Öl. Die Straße nach Astana ist „gesperrt“.\"\n").encode("cp1252"))
    return path


def test_a_semicolon_csv_is_read_with_the_reader_options(semicolon_csv, tmp_path):
    out = tmp_path / "sentences.jsonl"
    options = ["--delimiter", ";", "--text-column", "inhalt", "--id-column", "nr", "--encoding", "cp1252"]
    assert main(["sentences", str(semicolon_csv), "-o", str(out), *options]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["doc_id"], r["text"]) for r in records] == [
        ("7", "Die Ukraine verhandelt über Öl; Russland droht."), ("9", "Kasachstan liefert Öl."),
        ("9", "Die Straße nach Astana ist „gesperrt“.")]


def test_reader_options_that_do_not_fit_the_input_are_one_line(semicolon_csv, capsys):
    assert main(["terms", str(SEED_ARTICLE), "--delimiter", ";"]) == 2
    assert capsys.readouterr().err.strip() == f"error: {SEED_ARTICLE}: --delimiter applies to csv input, not to text input"
    assert main(["terms", str(semicolon_csv), "--delimiter", ";", "--text-column", "inhalt", "--encoding", "cp1252",
                 "--by", "ressort"]) == 2
    assert "--by 'ressort': not a metadata column" in capsys.readouterr().err
    assert main(["terms", str(semicolon_csv), "--encoding", "cp1252"]) == 2  # without --delimiter: one column
    assert "no 'text' column in the header" in capsys.readouterr().err


def test_terms_by_a_metadata_column_into_a_csv_file(semicolon_csv, tmp_path):
    import pandas as pd

    out = tmp_path / "terms.csv"
    assert main(["terms", str(semicolon_csv), "--delimiter", ";", "--text-column", "inhalt", "--id-column", "nr",
                 "--encoding", "cp1252", "--by", "zeitung", "--on", "form", "--top", "2", "-o", str(out)]) == 0
    table = pd.read_csv(out)
    assert list(table.columns) == ["zeitung", "term", "count", "n_words", "per_1000", "rank"]
    assert table.groupby("zeitung")["term"].apply(list).to_dict() == {
        "Süddeutsche": ["Russland", "Ukraine"], "Tagesblick": ["Astana", "Kasachstan"]}
    assert table.loc[table["zeitung"] == "Tagesblick", "n_words"].tolist() == [9, 9]


def test_kwic_into_csv_with_metadata_and_into_html(tmp_path):
    import pandas as pd

    from analysis.paths import EXAMPLE_CORPUS

    assert main(["kwic", str(EXAMPLE_CORPUS), "Kasachstan*", "-o", str(tmp_path / "kwic.csv")]) == 0
    table = pd.read_csv(tmp_path / "kwic.csv")
    assert list(table.columns[:8]) == ["doc_id", "title", "outlet", "date", "language", "source", "meta_section",
                                       "sent_id"]
    assert table["keyword"].str.startswith("Kasachstan").all() and len(table) > 5
    assert table.loc[table["doc_id"] == "m02", "outlet"].unique().tolist() == ["Tagesblick"]
    assert main(["kwic", str(EXAMPLE_CORPUS), "Kasachstan*", "-o", str(tmp_path / "kwic.html")]) == 0
    page = (tmp_path / "kwic.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.count("<mark>") == len(table)


def test_an_unknown_output_type_is_refused_before_reading(tmp_path, capsys):
    assert main(["kwic", str(SEED_ARTICLE), "Öl", "-o", str(tmp_path / "kwic.xlsx")]) == 2
    assert "unknown output type '.xlsx'; valid: .csv, .html, .htm" in capsys.readouterr().err
    assert not (tmp_path / "kwic.xlsx").exists()


def test_metadata_of_a_parquet_corpus_is_json_ready_in_score_and_batch(tmp_path):
    import datetime as dt

    import pandas as pd

    corpus = tmp_path / "korpus.parquet"
    pd.DataFrame({"id": ["a", "b"], "text": ["Russland droht.", "Die EU schweigt."],
                  "erschienen": [dt.datetime(2022, 2, 24, 6, 30), dt.datetime(2022, 3, 1)],
                  "seite": [3, 7], "zeitung": ["Süddeutsche", None]}).to_parquet(corpus)
    out = tmp_path / "scores.jsonl"
    assert main(["score", str(corpus), "-o", str(out), "--method", "dictionary", "--only", "sentiment"]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["erschienen"], r["seite"], r["zeitung"]) for r in records] == [
        ("2022-02-24T06:30:00", 3, "Süddeutsche"), ("2022-03-01T00:00:00", 7, None)]
    assert main(["batch", str(corpus), str(tmp_path / "batch"), "--method", "dictionary", "--only", "sentiment"]) == 0
    table = pd.read_parquet(tmp_path / "batch")
    assert table["erschienen"].tolist() == ["2022-02-24T06:30:00", "2022-03-01T00:00:00"]
    assert table["seite"].tolist() == [3, 7]


def test_terms_by_a_column_with_a_missing_value_names_its_group(tmp_path, capsys):
    corpus = tmp_path / "korpus.jsonl"
    corpus.write_text('{"id": "a", "text": "Russland droht.", "jahr": 2022}\n'
                      '{"id": "b", "text": "Die EU schweigt."}\n', encoding="utf-8")
    assert main(["terms", str(corpus), "--by", "jahr", "--on", "form"]) == 0
    rows = [line.split() for line in capsys.readouterr().out.splitlines()[1:]]
    assert [(r[0], r[1]) for r in rows] == [("(none)", "EU"), ("(none)", "schweigt"), ("2022", "Russland"),
                                            ("2022", "droht")]


def test_recursive_reads_a_folder_corpus_with_subfolders_from_the_command_line(tmp_path, capsys):
    import pandas as pd

    corpus = tmp_path / "corpus"
    (corpus / "2022").mkdir(parents=True)
    (corpus / "oben.txt").write_text("Die Zeitung berichtet.", encoding="utf-8")
    (corpus / "2022" / "unten.txt").write_text("Die Regierung schweigt.", encoding="utf-8")
    assert main(["sentences", str(corpus), "-o", str(tmp_path / "flat.jsonl")]) == 0
    assert "not read; pass recursive=True (on the command line: --recursive)" in capsys.readouterr().err
    flat = [json.loads(line)["doc_id"] for line in (tmp_path / "flat.jsonl").read_text(encoding="utf-8").splitlines()]
    assert flat == ["oben"]
    assert main(["sentences", str(corpus), "--recursive", "-o", str(tmp_path / "all.jsonl")]) == 0
    records = [json.loads(line) for line in (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["doc_id"], r["text"]) for r in records] == [("2022/unten", "Die Regierung schweigt."),
                                                          ("oben", "Die Zeitung berichtet.")]
    assert main(["batch", str(corpus), str(tmp_path / "parts"), "--recursive", "--only", "sentiment",
                 "--method", "dictionary"]) == 0
    assert sorted(pd.read_parquet(tmp_path / "parts")["doc_id"]) == ["2022/unten", "oben"]
    assert main(["terms", str(tmp_path / "flat.jsonl"), "--recursive"]) == 2
    assert "--recursive applies to folder input, not to jsonl input" in capsys.readouterr().err

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
    whole = score_records(prepare(read_jsonl(EXAMPLE_CORPUS)))  # the rules: every measure's first method
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
    whole = score_records(prepare(read_jsonl(EXAMPLE_CORPUS)), measures=select_measures("default"))
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

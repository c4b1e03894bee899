"""A corpus with problems: every document either runs with a clear warning or stops with a clear error."""

from __future__ import annotations

import json

import pytest

from analysis.corpus import CorpusError, CorpusWarning, read_folder, read_jsonl
from analysis.pipeline import check_documents, prepare

ENGLISH = ("Kazakhstan has taken subtle but decisive steps to show that it does not support the war. "
           "The ambassador said that it was not in the interest of either country to escalate. "
           "There are many people who are worried about what has happened in the region.")
GERMAN = "Kasachstan hat sich gegen den Krieg ausgesprochen. Der Botschafter sagte, es sei nicht sinnvoll."


@pytest.fixture()
def problem_folder(tmp_path):
    (tmp_path / "a_ok.txt").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "b_empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "c_cp1252.txt").write_bytes("Die „Entnazifizierung“ in Köln.".encode("cp1252"))
    (tmp_path / "d_english.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "e_nopunct.txt").write_text(" ".join(["Kasachstan und Russland und die EU"] * 12), encoding="utf-8")
    (tmp_path / "f_large.txt").write_text((GERMAN + "\n\n") * 11_000, encoding="utf-8")
    return tmp_path


def test_default_policy_stops_at_the_first_unreadable_document(problem_folder):
    with pytest.raises(CorpusError, match=r"b_empty\.txt, line 1: empty document"):
        read_folder(problem_folder)


def test_warn_policy_names_each_left_out_document(problem_folder):
    with pytest.warns(CorpusWarning) as caught:
        corpus = read_folder(problem_folder, errors="warn")
    assert [d.id for d in corpus] == ["a_ok", "d_english", "e_nopunct", "f_large"]
    messages = [str(w.message) for w in caught]
    assert any("b_empty.txt" in m and "empty document" in m for m in messages)
    assert any("c_cp1252.txt" in m and "cannot decode" in m and "encoding=" in m for m in messages)
    assert corpus.problems_table["path"].str.endswith(("b_empty.txt", "c_cp1252.txt")).all()


def test_suspicious_documents_are_analysed_with_a_warning_each(problem_folder):
    with pytest.warns(CorpusWarning):
        corpus = read_folder(problem_folder, errors="warn")
    with pytest.warns(CorpusWarning) as caught:
        prepared = prepare(corpus)
    checks = check_documents(prepared).set_index("doc_id")
    assert checks.loc["a_ok", "problems"] == ""
    assert checks.loc["d_english", "language"] == "en" and "looks like 'en'" in checks.loc["d_english", "problems"]
    assert "no sentence-final punctuation" in checks.loc["e_nopunct", "problems"]
    assert checks.loc["e_nopunct", "n_sentences"] == 1
    assert "very large document" in checks.loc["f_large", "problems"]
    assert checks.loc["f_large", "n_sentences"] == 22_000
    flagged = sorted(str(w.message).split("'")[1] for w in caught)
    assert flagged == ["d_english", "e_nopunct", "f_large"]
    assert set(prepared.sentences["doc_id"]) == {"a_ok", "d_english", "e_nopunct", "f_large"}


def test_duplicate_ids_stop_or_warn(tmp_path):
    path = tmp_path / "dup.jsonl"
    path.write_text("\n".join(json.dumps({"id": "x", "text": t}) for t in (GERMAN, ENGLISH)) + "\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"dup\.jsonl, line 2: duplicate document id 'x'"):
        read_jsonl(path)
    with pytest.warns(CorpusWarning, match="duplicate document id"):
        corpus = read_jsonl(path, errors="warn")
    assert len(corpus) == 1 and corpus["x"].text == GERMAN


FRENCH = ("Le Kazakhstan a pris des mesures subtiles mais décisives pour montrer qu'il ne soutient pas la guerre. "
          "L'ambassadeur a déclaré qu'il n'était dans l'intérêt d'aucun des deux pays d'envenimer la situation.")


@pytest.mark.parametrize("text, language, flagged", [
    (GERMAN, "de", False), (ENGLISH, "en", True), (FRENCH, "fr", True),  # French is no longer called English
    ("Ja.", "unknown", False),  # too short to be sure: not flagged
])
def test_the_language_identifier_names_the_language(tmp_path, text, language, flagged):
    import warnings

    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        checks = check_documents(prepare(read_folder(tmp_path), check=False)).set_index("doc_id")
        prepare(read_folder(tmp_path))
    assert checks.loc["doc", "language"] == language
    assert (f"looks like '{language}'" in checks.loc["doc", "problems"]) is flagged
    assert [str(w.message).startswith(f"document 'doc': looks like '{language}'") for w in caught] == \
        ([True] if flagged else [])


def test_a_declared_regional_language_is_its_language(tmp_path):
    path = tmp_path / "n.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": GERMAN, "language": lang}) + "\n"
                            for i, lang in (("at", "de-AT"), ("ch", "de_CH"), ("en", "en"))), encoding="utf-8")
    with pytest.warns(CorpusWarning) as caught:
        checks = check_documents(prepare(read_jsonl(path))).set_index("doc_id")
    assert checks["problems"].tolist() == ["", "", "looks like 'de' (p = 1.00), not 'en'; German lexicons will not apply"]
    assert len(caught) == 1

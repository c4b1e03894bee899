"""The tidy export: flat sentence and document tables, CSV and Parquet, from score and batch results."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.batch import score_corpus
from analysis.cli import main
from analysis.export import export_results, read_results, tidy_documents, tidy_sentences
from analysis.measures.learned import select_measures
from analysis.paths import EXAMPLE_CORPUS


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    """The example corpus scored by the rules, as JSONL; and its records."""
    out = tmp_path_factory.mktemp("scored") / "scores.jsonl"
    assert main(["score", str(EXAMPLE_CORPUS), "-o", str(out), "--method", "dictionary"]) == 0
    return out, [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def exported(scored, tmp_path_factory):
    """The CSV and the Parquet export of the same results, read back with plain pandas."""
    root = tmp_path_factory.mktemp("export")
    assert main(["export", str(scored[0]), "-o", str(root / "csv")]) == 0
    assert main(["export", str(scored[0]), "-o", str(root / "parquet"), "--format", "parquet"]) == 0
    return {"csv": {level: pd.read_csv(root / "csv" / f"{level}.csv") for level in ("sentences", "documents")},
            "parquet": {level: pd.read_parquet(root / "parquet" / level) for level in ("sentences", "documents")},
            "root": root}


def test_every_sentence_is_a_row_with_its_documents_metadata(scored, exported):
    records = scored[1]
    sentences = exported["csv"]["sentences"]
    assert len(sentences) == len(records) > 80
    assert list(sentences.columns[:12]) == ["doc_id", "sent_id", "title", "outlet", "date", "language", "source",
                                            "meta_section", "section", "start", "end", "text"]
    by_doc = sentences.drop_duplicates("doc_id").set_index("doc_id")
    assert by_doc.loc["m01", ["outlet", "date", "meta_section"]].tolist() == ["Nordkurier Digital", "2022-02-24", "Politik"]
    assert by_doc.loc["m02", ["outlet", "meta_section"]].tolist() == ["Tagesblick", "Wirtschaft"]
    assert sentences["text"].tolist() == [r["text"] for r in records]  # umlauts, „…“ and line breaks intact


def test_measure_columns_hold_the_records_values(scored, exported):
    records, sentences = scored[1], exported["csv"]["sentences"]
    assert sentences["sentiment_score"].tolist() == pytest.approx([r["sentiment"]["score"] for r in records])
    assert sentences["sentiment_label"].tolist() == [r["sentiment"]["label"] for r in records]
    assert sentences["frame_conflict"].tolist() == [int("conflict" in r["frames"]) for r in records]
    assert sentences["mention_kazakhstan"].tolist() == [int("kazakhstan" in r["targets"]) for r in records]
    assert sentences["n_quotes"].tolist() == [len(r["quotes"]) for r in records]
    i, record = next((i, r) for i, r in enumerate(records) if "russia" in r["stance"])
    row = sentences.iloc[i]
    assert (row["stance_russia_label"], row["stance_russia_score"], row["stance_russia_holder"]) == (
        record["stance"]["russia"]["label"], pytest.approx(record["stance"]["russia"]["score"]),
        record["stance"]["russia"]["holder"])
    without = [i for i, r in enumerate(records) if "eu" not in r["stance"]]
    assert sentences.loc[without, ["stance_eu_label", "stance_eu_score", "stance_eu_holder"]].isna().all().all()


def test_document_aggregates_are_the_means_of_the_sentence_values(exported):
    sentences = exported["csv"]["sentences"]
    documents = exported["csv"]["documents"].set_index("doc_id")
    groups = sentences.groupby("doc_id")
    assert len(documents) == 12 and documents["outlet"]["m01"] == "Nordkurier Digital"
    pd.testing.assert_series_equal(documents["n_sentences"], groups.size(), check_names=False)
    pd.testing.assert_series_equal(documents["sentiment_mean"], groups["sentiment_score"].mean(),
                                   check_names=False, rtol=1e-5)
    pd.testing.assert_series_equal(documents["sentiment_share_negative"],
                                   groups["sentiment_label"].agg(lambda v: (v == -1).mean()), check_names=False,
                                   rtol=1e-5)
    pd.testing.assert_series_equal(documents["frame_economic_share"], groups["frame_economic"].mean(),
                                   check_names=False, rtol=1e-5)
    pd.testing.assert_series_equal(documents["mention_russia_sentences"], groups["mention_russia"].sum(),
                                   check_names=False)
    pd.testing.assert_series_equal(documents["stance_russia_mean"], groups["stance_russia_score"].mean(),
                                   check_names=False, rtol=1e-5)
    pd.testing.assert_series_equal(documents["stance_russia_n"], groups["stance_russia_score"].count(),
                                   check_names=False)
    assert documents["frame_economic_share"]["m02"] > 0  # the oil-export article


@pytest.mark.parametrize("level", ["sentences", "documents"])
def test_csv_and_parquet_hold_the_same_table(exported, level):
    csv, parquet = exported["csv"][level], exported["parquet"][level]
    assert list(csv.columns) == list(parquet.columns) and len(csv) == len(parquet)
    for column in csv.columns:
        if pd.api.types.is_numeric_dtype(csv[column]):
            assert csv[column].astype(float).tolist() == pytest.approx(parquet[column].astype(float).tolist(),
                                                                       rel=1e-5, nan_ok=True), column
        else:
            assert csv[column].fillna("").tolist() == parquet[column].fillna("").tolist(), column


def test_a_batch_folder_exports_like_the_score_file(exported, tmp_path):
    import pyarrow.parquet as pq

    score_corpus(EXAMPLE_CORPUS, tmp_path / "batch", chunk_size=5, progress=False,
                 measures=select_measures("dictionary"))
    written = export_results(tmp_path / "batch", tmp_path / "out", format="parquet")
    parts = sorted(written["sentences"].glob("part-*.parquet"))
    assert len(parts) == 3 and len({str(pq.read_schema(p)) for p in parts}) == 1
    pd.testing.assert_frame_equal(pd.read_parquet(written["sentences"]), exported["parquet"]["sentences"])
    pd.testing.assert_frame_equal(pd.read_parquet(written["documents"]), exported["parquet"]["documents"])
    # an export is replaced by the next one, never mixed with it
    export_results(tmp_path / "batch", tmp_path / "out", format="parquet")
    assert len(list(written["sentences"].glob("part-*.parquet"))) == 3
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]


def _record(doc_id, sent_id, **fields):
    return {"doc_id": doc_id, "sent_id": sent_id, "start": 10 * sent_id, "end": 10 * sent_id + 9, "section": "paragraph",
            "text": f"Satz {sent_id}.", **fields}


def test_quotations_count_per_sentence_and_once_per_document():
    direct = {"type": "direct", "start": 5, "end": 15, "speaker": "russia"}  # runs over sentences 0 and 1
    indirect = {"type": "indirect", "start": 21, "end": 28, "speaker": None}
    records = [_record("a", 0, quotes=[direct]), _record("a", 1, quotes=[direct]),
               _record("a", 2, quotes=[indirect]), _record("b", 0, quotes=[])]
    sentences = tidy_sentences(records)
    assert sentences[["n_quotes", "n_quotes_direct", "n_quotes_indirect"]].values.tolist() == [
        [1, 1, 0], [1, 1, 0], [1, 0, 1], [0, 0, 0]]
    documents = tidy_documents(records).set_index("doc_id")
    assert documents.loc["a", ["n_quotes", "n_quotes_direct", "n_quotes_indirect", "n_quotes_distancing"]].tolist() \
        == [2, 1, 1, 0]
    assert documents.loc["b", "n_quotes"] == 0


def test_other_targets_get_columns_and_a_clashing_metadata_column_is_renamed():
    records = [_record("a", 0, zeitung="Die Zeit", n_quotes="viele", targets=["belarus"],
                       stance={"belarus": {"label": -1, "score": -0.5, "holder": "journalist"}}, quotes=[])]
    row = tidy_sentences(records).iloc[0]
    assert (row["mention_belarus"], row["stance_belarus_label"], row["stance_belarus_holder"]) == (1, -1, "journalist")
    assert row["mention_russia"] == 0 and pd.isna(row["stance_russia_label"])  # the registry's targets stay
    assert (row["zeitung"], row["meta_n_quotes"], row["n_quotes"]) == ("Die Zeit", "viele", 0)


def test_a_document_split_in_the_results_is_named_with_its_line(tmp_path):
    path = tmp_path / "scores.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in [_record("a", 0), _record("b", 0), _record("a", 1)]),
                    encoding="utf-8")
    with pytest.raises(ValueError, match=r"scores\.jsonl, line 3: the records of document 'a' are not together"):
        list(read_results(path))


def test_export_errors_are_one_line(tmp_path, capsys):
    assert main(["export", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err.strip() == f"error: {tmp_path / 'missing.jsonl'}: no such file or directory"
    (tmp_path / "bad.jsonl").write_text('{"doc_id": "a", "sent_id": 0}\n{kaputt\n', encoding="utf-8")
    assert main(["export", str(tmp_path / "bad.jsonl"), "-o", str(tmp_path / "out")]) == 2
    assert f"{tmp_path / 'bad.jsonl'}, line 2: malformed JSON" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_batch_folder_of_the_old_layout_is_exported(exported, tmp_path):
    import pyarrow.parquet as pq

    from analysis.batch import RECORD_COLUMNS

    folder = tmp_path / "old"
    score_corpus(EXAMPLE_CORPUS, folder, chunk_size=100, progress=False, measures=select_measures("dictionary"))
    part = folder / "part-000000.parquet"
    table = pq.read_table(part)
    json_columns = [c for c in table.column_names if c not in RECORD_COLUMNS and c not in
                    ("title", "outlet", "date", "language", "source", "meta_section")]
    pq.write_table(table.select(RECORD_COLUMNS + json_columns).replace_schema_metadata(None), part)  # no metadata
    (folder / "_RUN.json").rename(folder / "RUN.json")
    sentences = pd.read_csv(export_results(folder, tmp_path / "out")["sentences"])
    expected = exported["csv"]["sentences"]
    assert "outlet" not in sentences and len(sentences) == len(expected)
    assert sentences["sentiment_score"].tolist() == expected["sentiment_score"].tolist()
    assert sentences["stance_russia_holder"].fillna("").tolist() == expected["stance_russia_holder"].fillna("").tolist()

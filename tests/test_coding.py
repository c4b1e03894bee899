"""Validation on a researcher's own corpus: sample, coding sheet, agreement."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from analysis.cli import main
from analysis.coding import coding_agreement, draw_sample, sheet_columns, write_coding_sheet
from analysis.corpus import read_jsonl, read_text
from analysis.paths import EXAMPLE_CORPUS, SEED_ARTICLE
from analysis.pipeline import prepare
from analysis.score import score_records


@pytest.fixture(scope="module")
def example():
    return prepare(read_jsonl(EXAMPLE_CORPUS))


def test_sample_is_reproducible_and_proportional_to_strata(example):
    sample = draw_sample(example, 10, seed=3, by="outlet")
    assert sample.equals(draw_sample(example, 10, seed=3, by="outlet"))
    assert not sample.equals(draw_sample(example, 10, seed=4, by="outlet"))
    # 28, 28 and 29 sentences: 10 × share = 3.29, 3.29, 3.41 -> 3, 3, and the largest remainder 4
    assert sample.groupby("stratum").size().to_dict() == {"Nordkurier Digital": 3, "Tagesblick": 3,
                                                          "Wiener Abendpost": 4}
    assert sample["item"].tolist() == list(range(1, 11))
    assert not sample.duplicated(["doc_id", "sent_id"]).any()
    texts = example.sentences.set_index(["doc_id", "sent_id"])["text"]
    assert [texts[(d, s)] for d, s in zip(sample["doc_id"], sample["sent_id"])] == sample["text"].tolist()


def test_every_stratum_gets_a_sentence_when_n_allows(seed):
    sample = draw_sample(seed, 6, by="section")
    counts = sample.groupby("stratum").size()
    assert set(counts.index) == set(seed.sentences["section"]) and counts.sum() == 6
    assert counts["paragraph"] == counts.max()


@pytest.mark.parametrize("n, by, message", [
    (0, None, "between 1 and"),
    (10_000, None, "between 1 and"),
    (5, "colour", "neither a sentence column nor a metadata field; valid: .*outlet"),
])
def test_bad_sample_requests_say_what_is_valid(example, n, by, message):
    with pytest.raises(ValueError, match=message):
        draw_sample(example, n, by=by)


def _fill(sheet, records, out, *, flip_items=()):
    """A sheet coded with the tool's own labels (one sentiment label changed in ``flip_items``)."""
    by_sentence = {(r["doc_id"], r["sent_id"]): r for r in records}
    with open(sheet, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    header = rows[0]
    for row in rows[1:]:
        record = by_sentence[(row[1], int(row[2]))]
        stance = record["stance"]
        label = record["sentiment"]["label"]
        codes = {"sentiment": str(-1 if label >= 0 else 1) if int(row[0]) in flip_items else str(label),
                 "frames": ";".join(record["frames"]), "targets": ";".join(sorted(stance)),
                 "stance": ";".join(f"{t}={s['label']}@{s['holder']}" for t, s in sorted(stance.items())), "note": ""}
        row[5:] = [codes[c] for c in header[5:]]
    with open(out, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter="\t", quoting=csv.QUOTE_NONE, lineterminator="\n").writerows(rows)
    return out


def test_agreement_of_the_tool_with_its_own_codes_and_with_one_change(seed, tmp_path):
    sample = draw_sample(seed, 20, seed=1)
    sheet = write_coding_sheet(sample, tmp_path / "sheet.tsv")
    with open(sheet, encoding="utf-8") as handle:
        assert handle.readline().rstrip("\n").split("\t") == list(sheet_columns())
    records = score_records(seed)
    same = _fill(sheet, records, tmp_path / "same.tsv")
    flipped = _fill(sheet, records, tmp_path / "flipped.tsv", flip_items={1, 2})
    table = coding_agreement(seed, same, second=flipped, records=records).set_index(
        ["comparison", "task", "label", "measure"])["value"]
    assert table[("tool", "sentiment", "all", "accuracy")] == 1.0
    assert table[("tool", "stance", "all", "accuracy")] == 1.0
    assert table[("tool", "frames", "micro", "f1")] == 1.0
    assert table[("tool", "holder", "all", "accuracy")] == 1.0
    assert table[("coders", "sentiment", "all", "accuracy")] == pytest.approx(18 / 20)
    assert table[("coders", "frames", "micro", "f1")] == 1.0
    # the tool against a coder who changed two labels: the same 18 of 20
    other = coding_agreement(seed, flipped, records=records).set_index(["task", "label", "measure"])["value"]
    assert other[("sentiment", "all", "accuracy")] == pytest.approx(18 / 20)


def test_sheet_from_another_corpus_is_refused(seed, example, tmp_path):
    sheet = write_coding_sheet(draw_sample(example, 3), tmp_path / "sheet.tsv")
    filled = _fill(sheet, score_records(example), tmp_path / "filled.tsv")
    with pytest.raises(ValueError, match="not in this corpus"):
        coding_agreement(seed, filled)


def test_an_uncoded_row_names_its_line(seed, tmp_path):
    sheet = write_coding_sheet(draw_sample(seed, 3), tmp_path / "sheet.tsv")
    with pytest.raises(ValueError, match=r"sheet\.tsv, line 2: sentiment '' is not -1, 0 or 1"):
        coding_agreement(seed, sheet)


def test_cli_writes_a_sheet_and_reports_agreement(tmp_path, capsys):
    sheet = tmp_path / "sheet.tsv"
    assert main(["coding-sheet", str(SEED_ARTICLE), "-n", "8", "-o", str(sheet), "--by", "section"]) == 0
    assert "8 sentences (" in capsys.readouterr().err
    assert len(pd.read_csv(sheet, sep="\t", quoting=csv.QUOTE_NONE)) == 8
    filled = _fill(sheet, score_records(prepare(read_text(SEED_ARTICLE))), tmp_path / "filled.tsv")
    out = tmp_path / "agreement.csv"
    assert main(["agreement", str(SEED_ARTICLE), str(filled), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "sentiment" in printed and "accuracy" in printed
    table = pd.read_csv(out)
    assert table.query("task == 'sentiment' and measure == 'accuracy'")["value"].item() == 1.0


def test_sheet_keeps_quotation_marks_and_flattens_white_space(tmp_path):
    sample = pd.DataFrame({"item": [1, 2], "doc_id": ["a", "b"], "sent_id": [0, 3], "stratum": ["x", "y z"],
                           "text": ['Er sagte "nein" dazu.', "Ein\tTab,\nein Umbruch und „Zitat“"]})
    sheet = write_coding_sheet(sample, tmp_path / "sheet.tsv")
    rows = list(csv.reader(sheet.open(encoding="utf-8"), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert [r[4] for r in rows[1:]] == ['Er sagte "nein" dazu.', "Ein Tab, ein Umbruch und „Zitat“"]
    assert all(len(r) == len(sheet_columns()) for r in rows)
    with pytest.raises(ValueError, match="holds a tab"):
        write_coding_sheet(sample.assign(doc_id=["a\tb", "c"]), tmp_path / "bad.tsv")

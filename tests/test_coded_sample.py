"""The coded sample v2: restoring texts by hash, reading codes, the reference code, agreement.

Every test builds a small made-up corpus folder in the layout of ``../shared/corpora`` (the real
corpora may not be used by tests)."""

from __future__ import annotations

import csv
import hashlib
import json

import pytest

from analysis.coded_sample import (
    SAMPLE_COLUMNS,
    load_coded_sample,
    read_codes,
    read_sample,
    reliability,
    target_pairs,
)
from analysis.corpus import CorpusError

LEIPZIG = {"7": "Der Kreml droht der EU mit einem Gasstopp.",
           "9": "Dynamo Kiew gewinnt in Moskau mit 2:1."}
GNAD = ["Brüssel – Die EU-Kommission lobt die Ukraine. Kiew habe große Fortschritte gemacht.",
        "Wien – Das Wetter bleibt trüb."]
WIKI = {"123 - Ein Test (2005-01-01)": "Putin sagte, Russland werde nicht nachgeben."}
HEADER = "item\tsentiment\tframes\ttargets\tstance\tnote\n"


def _sha1(text):
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


@pytest.fixture
def corpora(tmp_path):
    root = tmp_path / "corpora"
    (root / "leipzig_news").mkdir(parents=True)
    for year in (2020, 2021, 2022):
        lines = "".join(f"{k}\t{v}\n" for k, v in LEIPZIG.items()) if year == 2022 else "1\tLeer.\n"
        (root / "leipzig_news" / f"deu_news_{year}_30K-sentences.txt").write_text(lines, encoding="utf-8")
    (root / "10kgnad").mkdir()
    with (root / "10kgnad" / "articles.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=";", quotechar="'")
        for text in GNAD:
            writer.writerow(["International", text])
    (root / "quotes_wikinews").mkdir()
    (root / "quotes_wikinews" / "train.jsonl").write_text(
        "".join(json.dumps({"documentName": k, "originalText": v}) + "\n" for k, v in WIKI.items()), encoding="utf-8")
    return root


def _sample_rows():
    second = GNAD[0].index("Kiew")
    return [
        ("L22-7", "leipzig2022", "7", 0, len(LEIPZIG["7"]), _sha1(LEIPZIG["7"]), "test", "net", "b1", "d1"),
        ("L22-9", "leipzig2022", "9", 0, len(LEIPZIG["9"]), _sha1(LEIPZIG["9"]), "train", "net", "b1", "d1"),
        ("G-1-0", "gnad", "1", 0, second - 1, _sha1(GNAD[0][:second - 1]), "train", "net", "b1", ""),
        ("G-1-%d" % second, "gnad", "1", second, len(GNAD[0]), _sha1(GNAD[0][second:]), "train", "net", "b1", ""),
        ("W-123-0", "wikinews", "123", 0, len(WIKI["123 - Ein Test (2005-01-01)"]),
         _sha1(WIKI["123 - Ein Test (2005-01-01)"]), "test", "random", "b1", ""),
    ]


@pytest.fixture
def sample_path(tmp_path):
    path = tmp_path / "sample.tsv"
    lines = ["\t".join(SAMPLE_COLUMNS)] + ["\t".join(map(str, r)) for r in _sample_rows()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _write(path, rows):
    path.write_text(HEADER + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")


@pytest.fixture
def codes_dir(tmp_path, sample_path):
    folder = tmp_path / "codes"
    folder.mkdir()
    second = "G-1-%d" % GNAD[0].index("Kiew")
    _write(folder / "b1__c01.tsv", [
        ("L22-7", "-1", "conflict;economic", "russia;eu", "russia=-1@journalist;eu=-1@russia", "threat"),
        ("L22-9", "1", "", "", "", "club and venue"),
        ("G-1-0", "1", "diplomacy", "eu;ukraine", "eu=0@journalist;ukraine=1@eu", ""),
        (second, "1", "", "ukraine", "ukraine=0@eu", "Konjunktiv: the Commission speaks"),
        ("W-123-0", "0", "conflict", "russia", "russia=0@russia", ""),
    ])
    _write(folder / "d1__c02.tsv", [
        ("L22-7", "0", "conflict;economic", "russia;eu", "russia=0@journalist;eu=-1@russia", ""),
        ("L22-9", "0", "", "", "", ""),
    ])
    _write(folder / "adj__c03.tsv", [
        ("L22-7", "0", "economic", "russia;eu", "russia=1@other;eu=-1@russia", ""),
    ])
    (folder / "coders.tsv").write_text(
        "batch\tcoder\trole\nb1\tc01\tfirst\nd1\tc02\tsecond\nadj\tc03\tthird\n", encoding="utf-8")
    return folder


def test_texts_restored_and_codes_joined(corpora, sample_path, codes_dir):
    coded = load_coded_sample(corpora, sample_path=sample_path, codes_dir=codes_dir).set_index("item")
    assert coded.loc["L22-9", "text"] == "Dynamo Kiew gewinnt in Moskau mit 2:1."
    assert coded.loc["G-1-0", "text"] == "Brüssel – Die EU-Kommission lobt die Ukraine."
    assert coded.loc["W-123-0", "targets"] == ["russia"]
    assert coded.loc["G-1-0", "stance"] == {"eu": (0, "journalist"), "ukraine": (1, "eu")}


def test_test_split_disagreement_is_resolved_by_majority_of_three(corpora, sample_path, codes_dir):
    coded = load_coded_sample(corpora, sample_path=sample_path, codes_dir=codes_dir).set_index("item")
    row = coded.loc["L22-7"]
    assert row["n_codes"] == 3
    assert row["sentiment"] == 0  # -1, 0, 0
    assert row["frames"] == ["conflict", "economic"]  # conflict 2 of 3, economic 3 of 3
    # russia: labels -1, 0, 1 tie -> the third coder's; holders journalist, journalist, other -> journalist
    assert row["stance"]["russia"] == (1, "journalist")
    # a train sentence keeps its first code although the second coder disagreed
    assert coded.loc["L22-9", "sentiment"] == 1 and coded.loc["L22-9", "n_codes"] == 1


def test_hash_mismatch_names_the_sample_line(corpora, sample_path, codes_dir):
    articles = corpora / "10kgnad" / "articles.csv"
    articles.write_text(articles.read_text(encoding="utf-8").replace("lobt", "tadelt"), encoding="utf-8")
    with pytest.raises(CorpusError, match=r"sample\.tsv, line 4: item G-1-0: .*does not match its SHA-1"):
        load_coded_sample(corpora, sample_path=sample_path, codes_dir=codes_dir)


def test_missing_corpus_file_is_named(corpora, sample_path, codes_dir):
    (corpora / "quotes_wikinews" / "train.jsonl").unlink()
    with pytest.raises(CorpusError, match=r"train\.jsonl: corpus file for wikinews not found"):
        load_coded_sample(corpora, sample_path=sample_path, codes_dir=codes_dir)


@pytest.mark.parametrize("row, problem", [
    (("X", "2", "", "", "", ""), "sentiment '2' is not -1, 0 or 1"),
    (("X", "0", "framing", "", "", ""), "frame 'framing' is not one of"),
    (("X", "0", "", "europe", "", ""), "target 'europe' is not one of"),
    (("X", "0", "", "eu", "", ""), "targets eu need exactly one stance entry each"),
    (("X", "0", "", "eu", "eu=2@journalist", ""), "is not target=-1|0|1@holder"),
    (("X", "0", "", "eu", "eu=1@merkel", ""), "is not target=-1|0|1@holder"),
    (("X", "0", "", "", ""), "5 fields, expected 6"),
])
def test_bad_code_rows_name_file_and_line(tmp_path, row, problem):
    path = tmp_path / "b__c.tsv"
    _write(path, [("Y", "0", "", "", "", ""), row])
    with pytest.raises(CorpusError) as error:
        read_codes(path)
    assert str(error.value).startswith(f"{path}, line 3: ")
    assert problem in str(error.value)


def test_uncoded_items_are_refused_or_counted(corpora, sample_path, codes_dir):
    rows = (codes_dir / "b1__c01.tsv").read_text(encoding="utf-8").splitlines()
    (codes_dir / "b1__c01.tsv").write_text("\n".join(rows[:-1]) + "\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="1 items of batch b1 not coded"):
        load_coded_sample(corpora, sample_path=sample_path, codes_dir=codes_dir)


def test_sample_with_a_repeated_item_is_refused(tmp_path, sample_path):
    lines = sample_path.read_text(encoding="utf-8").splitlines()
    sample_path.write_text("\n".join(lines + [lines[1]]) + "\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"line 7: item L22-7 appears twice"):
        read_sample(sample_path)


def test_reliability_and_pairs(corpora, sample_path, codes_dir):
    sample = read_sample(sample_path)
    table = reliability(sample, codes_dir).set_index("variable")
    # sentiment: (-1, 0) and (1, 0): no agreement
    assert table.loc["sentiment", "n"] == 2 and table.loc["sentiment", "agreement"] == 0.0
    # frames identical on both items
    assert table.loc["frame:economic", "agreement"] == 1.0
    assert table.loc["stance", "n"] == 2  # russia and eu on L22-7
    coded = load_coded_sample(corpora, sample_path=sample_path, codes_dir=codes_dir)
    pairs = target_pairs(coded)
    assert len(pairs) == 3 * len(coded)
    row = pairs[(pairs["item"] == "G-1-0") & (pairs["target"] == "ukraine")].iloc[0]
    assert (row["mentioned"], row["stance"], row["holder"]) == (1, 1, "eu")


# ---- the committed sample v2 (no corpus needed: codes and references only) --------------------

@pytest.fixture(scope="module")
def committed():
    from analysis.coded_sample import reference_codes
    sample = read_sample()
    return sample, reference_codes(sample)


def test_committed_sample_meets_its_design(committed):
    sample, codes = committed
    assert len(sample) == 6477 and set(codes.index) == set(sample["item"])  # every sentence coded
    splits = sample["split"].value_counts()
    assert splits["train"] >= 4000 and splits["test"] >= 800
    assert ((sample["split"] == "test") & (sample["corpus"] == "leipzig2022")).sum() >= 400
    pairs = sum(t in ("russia", "eu", "ukraine") for ts in codes["targets"] for t in ts)
    assert pairs >= 2500
    doubled = sample["batch2"].fillna("") != ""
    for split, share in (("test", 0.20), ("train", 0.10)):
        assert doubled[sample["split"] == split].mean() >= share


def test_committed_splits_never_share_an_article_and_keep_the_frozen_sample_out_of_train(committed):
    import csv as _csv
    from analysis.paths import ANNOTATIONS
    sample, _ = committed
    article = [i if c.startswith("leipzig") else f"{c}:{r}" for i, c, r in zip(sample["item"], sample["corpus"], sample["record"])]
    per_article = sample.assign(article=article).groupby("article")["split"].nunique()
    assert per_article.max() == 1
    with (ANNOTATIONS / "gnad_sample.tsv").open(encoding="utf-8") as handle:
        frozen = list(_csv.DictReader(handle, delimiter="\t"))
    gnad = sample[sample["corpus"] == "gnad"]
    frozen_records = {r["record"] for r in frozen}
    assert set(gnad.loc[gnad["record"].isin(frozen_records), "split"]) == {"test"}
    spans = {(r["record"], int(r["start"]), int(r["end"])) for r in frozen}
    assert not {(r, s, e) for r, s, e in zip(gnad["record"], gnad["start"], gnad["end"])} & spans


def test_committed_agreement_is_what_data_readme_reports(committed):
    sample, _ = committed
    table = reliability(sample).set_index("variable")
    assert table.loc["sentiment", "n"] == 833
    assert round(table.loc["sentiment", "alpha"], 2) == 0.94
    assert round(table.loc["stance", "alpha"], 2) == 0.92

"""Agreement measures on tiny hand-made codings whose values were computed by hand."""

from __future__ import annotations

import pytest

from analysis.paths import ANNOTATIONS
from analysis.validate import (confusion, krippendorff_alpha, label_agreement, load_coding,
                               multilabel_agreement, stance_pairs)


def test_label_agreement_by_hand():
    gold = [-1, -1, 0, 0, 1, 1]
    pred = [-1, 0, 0, 0, 1, -1]
    result = label_agreement(gold, pred)
    assert result["n"] == 6
    assert result["accuracy"] == pytest.approx(4 / 6)
    # F1 per label: -1: P=1/2 R=1/2 → .5; 0: P=2/3 R=1 → .8; 1: P=1 R=1/2 → 2/3
    assert result["macro_f1"] == pytest.approx((0.5 + 0.8 + 2 / 3) / 3)


def test_alpha_perfect_and_nominal_by_hand():
    assert krippendorff_alpha([1, 0, -1, 1], [1, 0, -1, 1]) == pytest.approx(1.0)
    # nominal α, 2 coders, units (a,a),(a,b),(b,b),(b,b): D_o = 2/8 = .25;
    # pairable values a=3, b=5, n=8: D_e = 2*3*5/(8*7) = 30/56; α = 1 - .25/(30/56) = 1 - 14/30
    assert krippendorff_alpha([0, 0, 1, 1], [0, 1, 1, 1], level="nominal") == pytest.approx(1 - 14 / 30)


def test_alpha_undefined_for_one_value():
    import math

    assert math.isnan(krippendorff_alpha([0, 0, 0], [0, 0, 0]))


def test_confusion_rows_are_gold():
    table = confusion([-1, 0, 1, 1], [0, 0, 1, -1])
    assert table.loc[1, -1] == 1 and table.loc[-1, 0] == 1 and table.loc[0, 0] == 1 and table.loc[1, 1] == 1
    assert int(table.values.sum()) == 4


def test_multilabel_per_label():
    gold = [{"conflict"}, {"conflict", "economic"}, set(), {"economic"}]
    pred = [{"conflict"}, {"economic"}, {"conflict"}, {"economic"}]
    table = multilabel_agreement(gold, pred, ["conflict", "economic"]).set_index("label")
    assert table.loc["conflict", "precision"] == pytest.approx(0.5)
    assert table.loc["conflict", "recall"] == pytest.approx(0.5)
    assert table.loc["economic", "f1"] == pytest.approx(1.0)
    assert table.loc["micro", "recall"] == pytest.approx(3 / 4)


def test_load_coding_and_stance_pairs(tmp_path):
    path = tmp_path / "c.tsv"
    path.write_text("sent_id\tsentiment\tframes\ttargets\tstance\tnote\n"
                    "0\t-1\tconflict;security\trussia;ukraine\trussia=-1@journalist;ukraine=0@journalist\t\n"
                    "1\t1\t\t\t\tnothing\n", encoding="utf-8")
    coding = load_coding(path)
    assert coding.loc[0, "frames"] == ["conflict", "security"]
    assert coding.loc[0, "stance"]["russia"] == (-1, "journalist")
    pairs = stance_pairs(coding, {0: {"russia": -1}})
    assert pairs[["target", "gold", "predicted"]].values.tolist() == [["russia", -1, -1], ["ukraine", 0, 0]]


def test_malformed_coding_names_the_line(tmp_path):
    path = tmp_path / "c.tsv"
    path.write_text("sent_id\tsentiment\tframes\ttargets\tstance\tnote\n0\t2\t\t\t\t\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"c\.tsv, line 2: sentiment 2"):
        load_coding(path)


def test_seed_coding_covers_every_sentence(seed):
    coding = load_coding(ANNOTATIONS / "seed_coder1.tsv")
    assert coding.index.tolist() == seed.sentences["sent_id"].tolist()


def test_intercoder_agreement_per_task(tmp_path):
    header = "item\tsentiment\tframes\ttargets\tstance\tnote\n"
    a = tmp_path / "a.tsv"
    b = tmp_path / "b.tsv"
    a.write_text(header + "1\t-1\tconflict\trussia\trussia=-1@journalist\t\n2\t0\t\t\t\t\n3\t1\teconomic\teu\teu=1@eu\t\n",
                 encoding="utf-8")
    b.write_text(header + "1\t-1\tconflict\trussia\trussia=-1@other\t\n2\t1\t\t\t\t\n3\t1\t\teu\teu=1@eu\t\n",
                 encoding="utf-8")
    from analysis.validate import intercoder_agreement

    table = intercoder_agreement(load_coding(a), load_coding(b), frames=["conflict", "economic"],
                                 targets=["russia", "eu"]).set_index("task")
    assert table.loc["sentiment", "agreement"] == pytest.approx(2 / 3)
    assert table.loc["targets", "agreement"] == pytest.approx(1.0)
    assert table.loc["frames", "agreement"] == pytest.approx(2 / 3)  # micro-F1: 1 shared of 2 vs 1 codes
    assert table.loc["stance", "n"] == 2 and table.loc["stance", "agreement"] == pytest.approx(1.0)
    assert table.loc["holder", "agreement"] == pytest.approx(0.5)

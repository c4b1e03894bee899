"""The README's validation tables say what the metric files say (they are typed by hand: a rerun of
an evaluation that changes a metric must change the README too)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.paths import FIGURES, ROOT, VALIDATION

README = (ROOT / "README.md").read_text(encoding="utf-8")
METHODS = (ROOT / "METHODS.md").read_text(encoding="utf-8")


def _row(first_cell: str, document: str = README) -> list[str]:
    """The cells of the table row that starts with ``first_cell`` (in the README by default)."""
    lines = [line for line in document.splitlines() if line.startswith(f"| {first_cell} |")]
    assert len(lines) == 1, f"expected one row starting with {first_cell!r}, found {len(lines)}"
    return [c.strip() for c in lines[0].strip().strip("|").split("|")][1:]


def _numbers(cell: str) -> list[float]:
    return [float(x) for x in re.findall(r"-?\d+\.\d+|-?\d+", cell.replace("−", "-"))]


def test_readme_quotation_table_matches_the_wikinews_metrics():
    metrics = pd.read_csv(VALIDATION / "quotes_wikinews.csv").set_index("task")
    for label, task in (("quote spans, exact", "quote_span_exact"), ("quote spans, overlap", "quote_span_overlap"),
                        ("speakers", "speaker")):
        expected = metrics.loc[task, ["precision", "recall", "f1"]].astype(float).round(2).tolist()
        assert [_numbers(c)[0] for c in _row(label)] == expected, label
    n_gold = int(metrics.loc["quote_span_exact", "n_gold"])
    assert f"| Wikinews dev ({n_gold} quotations) |" in README
    # METHODS.md repeats the table with the counts
    for label, task in (("quote spans, exact", "quote_span_exact"), ("quote spans, overlap", "quote_span_overlap"),
                        ("speakers", "speaker")):
        expected = [*metrics.loc[task, ["n_gold", "n_predicted"]].astype(float),
                    *metrics.loc[task, ["precision", "recall", "f1"]].astype(float).round(2)]
        assert [_numbers(c)[0] for c in _row(label, METHODS)] == expected, label


def test_readme_learned_quotation_rows_match_the_metrics():
    metrics = pd.read_csv(VALIDATION / "quotes_wikinews_learned.csv").set_index("task")
    for label, task in (("quote spans, exact", "quote_span_exact"), ("quote spans, overlap", "quote_span_overlap"),
                        ("speakers", "speaker")):
        expected = metrics.loc[task, ["precision", "recall", "f1"]].astype(float).round(2).tolist()
        assert [_numbers(c)[0] for c in _row(f"{label} (learned)")] == expected, label
        counts = [*metrics.loc[task, ["n_gold", "n_predicted"]].astype(float), *expected]
        assert [_numbers(c)[0] for c in _row(f"{label} (learned)", METHODS)] == counts, label
    types = pd.read_csv(VALIDATION / "quotes_wikinews_learned_types.csv").set_index("type")["recall_overlap"]
    line = README.split("Learned model, recall by type:")[1].split("(`data/validation")[0]
    assert {k: float(v) for k, v in re.findall(r"(\w+)\s+(\d\.\d\d)", line)} == types.round(2).to_dict()


def test_readme_quotation_recall_by_type_matches_the_metrics():
    types = pd.read_csv(VALIDATION / "quotes_wikinews_types.csv").set_index("type")["recall_overlap"]
    line = README.split("Recall by type (overlap):")[1].split("(`data/validation")[0]
    stated = dict(re.findall(r"(\w+)\s+(\d\.\d\d)", line))
    assert set(stated) == set(types.index)
    assert {k: float(v) for k, v in stated.items()} == types.round(2).to_dict()
    in_methods = METHODS.split("Recall (overlap) by type:")[1].split("\n\n")[0]
    assert {k: float(v) for k, v in re.findall(r"(\w+)\s+(\d\.\d\d)", in_methods)} == types.round(2).to_dict()


@pytest.mark.parametrize("label, task, measure", [
    ("stance accuracy", "stance", "accuracy"),
    ("stance macro-F1", "stance", "macro_f1"),
    ("stance Krippendorff's α (ordinal)", "stance", "alpha"),
    ("holder accuracy (pairs with the target found)", "holder", "accuracy"),
])
def test_readme_stance_table_matches_the_metrics(label, task, measure):
    cells = _row(label)
    inter = []
    for cell, dataset in zip(cells[:2], ("seed", "gnad")):
        metrics = pd.read_csv(VALIDATION / f"stance_{dataset}.csv")
        row = metrics.query("task == @task and target == 'all' and measure == @measure")
        assert _numbers(cell)[0] == round(row["value"].item(), 2), (label, dataset)
        if "(" in cell:  # "0.93 (106 pairs)"
            assert _numbers(cell)[1] == row["n"].item(), (label, dataset)
        coders = metrics.query("task == 'stance_intercoder' and target == 'all' and measure == @measure")
        inter += [round(coders["value"].item(), 2)] if task == "stance" else []
        inter += [coders["n"].item()] if task == "stance" and dataset == "gnad" and measure == "accuracy" else []
    if task == "stance":  # "seed 1.00, 10kGNAD 0.97 (63 pairs)": the coders' agreement
        assert _numbers(cells[2].replace("10kGNAD", "")) == inter, label


def test_readme_frame_table_matches_the_validation_figure_data():
    table = pd.read_csv(FIGURES / "frame_validation.csv")
    gnad = pd.read_csv(VALIDATION / "frames_gnad.csv").query("sample == 'gnad'").set_index("label")
    seed = table[table["sample"].str.startswith("seed")].set_index("label")
    for label in seed.index:
        cells = _row(label)
        stated = [_numbers(c)[0] for c in cells]
        expected = [*seed.loc[label, ["precision", "recall", "f1", "alpha", "alpha_coders"]].round(2),
                    gnad.loc[label, "support"],
                    *gnad.loc[label, ["precision", "recall", "f1", "alpha", "alpha_coders"]].round(2)]
        # "-0.00" in the README is -0.0018 rounded; compare as numbers
        assert stated == pytest.approx([float(x) for x in expected], abs=1e-9), label
    for label in ("micro", "macro"):
        stated = _numbers(" ".join(_row(label)))
        assert stated[3] == gnad.loc[label, "support"]
        assert stated[4:7] == gnad.loc[label, ["precision", "recall", "f1"]].round(2).tolist(), label


def test_readme_validity_table_matches_the_frozen_test_split():
    test = pd.read_csv(VALIDATION / "learned_test.csv").set_index(["measure", "metric", "method"])["value"]
    coders = pd.read_csv(VALIDATION / "coders_test.csv").set_index("variable")["alpha"]
    rows = {"sentiment (ordinal α)": ("sentiment", "alpha_ordinal", 2),
            "frames (macro-F1, 11 frames)": ("frames", "macro_f1", 2),
            "mentions of russia, eu, ukraine (F1)": ("mentions", "f1", 3),
            "stance toward russia, eu, ukraine (ordinal α)": ("stance", "alpha_ordinal", 2)}
    for label, (measure, metric, digits) in rows.items():
        cells = _row(label)
        assert cells[0] == "learned"
        assert _numbers(cells[1])[0] == round(test[(measure, metric, "model")], digits), label
        assert _numbers(cells[2])[0] == round(test[(measure, metric, "dictionary")], digits), label
    assert _numbers(_row("sentiment (ordinal α)")[3])[0] == round(coders["sentiment"], 2)
    assert _numbers(_row("stance toward russia, eu, ukraine (ordinal α)")[3])[0] == round(coders["stance"], 2)


def test_default_methods_follow_the_frozen_test_split():
    from analysis.measures.learned import DEFAULT_METHODS
    test = pd.read_csv(VALIDATION / "learned_test.csv").set_index(["measure", "metric", "method"])["value"]
    for measure, metric in (("sentiment", "alpha_ordinal"), ("frames", "macro_f1"), ("mentions", "f1"),
                            ("stance", "alpha_ordinal")):
        better = test[(measure, metric, "model")] > test[(measure, metric, "dictionary")]
        assert (DEFAULT_METHODS[measure] == "learned") == better, measure


def test_readme_headline_auc_matches_the_benchmark():
    table = pd.read_csv(VALIDATION / "headlines_loto_auc.csv").query("topic == 'mean'").set_index("method")["auc"]
    cells = _row("headline negativity (ROC AUC, leave one of 7 topics out)")
    assert _numbers(cells[1])[0] == round(table["model (e5 + rule signals)"], 2)
    assert _numbers(cells[2])[0] == round(table["dictionary (combined score)"], 2)
    assert "0.72" in cells[4] and round(table["tfidf + logistic regression"], 2) == 0.72

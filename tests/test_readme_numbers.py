"""The validity table of the README and the tables of docs/validation.md say what the metric files
say (they are typed by hand: a rerun of an evaluation that changes a metric must change them too)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.paths import FIGURES, ROOT, VALIDATION

README = (ROOT / "README.md").read_text(encoding="utf-8")
VALIDATION_PAGE = (ROOT / "docs" / "validation.md").read_text(encoding="utf-8")


def _row(first_cell: str, document: str = VALIDATION_PAGE) -> list[str]:
    """The cells of the table row that starts with ``first_cell`` (in docs/validation.md by default)."""
    lines = [line for line in document.splitlines() if line.startswith(f"| {first_cell} |")]
    assert len(lines) == 1, f"expected one row starting with {first_cell!r}, found {len(lines)}"
    return [c.strip() for c in lines[0].strip().strip("|").split("|")][1:]


def _numbers(cell: str) -> list[float]:
    """The numbers of a cell: "−0.01" is negative, "0.70-0.86" a range of two, "F1" holds none."""
    return [float(x) for x in re.findall(r"(?:(?<![\w.])-)?(?<![\w.])\d+(?:\.\d+)?", cell.replace("−", "-"))]


def test_quotation_table_matches_the_wikinews_metrics():
    for suffix, name in (("", "quotes_wikinews.csv"), (" (learned)", "quotes_wikinews_learned.csv")):
        metrics = pd.read_csv(VALIDATION / name).set_index("task")
        for label, task in (("quote spans, exact", "quote_span_exact"), ("quote spans, overlap", "quote_span_overlap"),
                            ("speakers", "speaker")):
            expected = [*metrics.loc[task, ["n_gold", "n_predicted"]].astype(float),
                        *metrics.loc[task, ["precision", "recall", "f1"]].astype(float).round(2)]
            assert [_numbers(c)[0] for c in _row(label + suffix)] == expected, label + suffix


def test_quotation_recall_by_type_matches_the_metrics():
    types = pd.read_csv(VALIDATION / "quotes_wikinews_types.csv").set_index("type")
    line = VALIDATION_PAGE.split("Recall (overlap) by type:")[1].split("\n\n")[0]
    stated = re.findall(r"(\w+)\s+(\d\.\d\d)", line)
    assert {k: float(v) for k, v in stated} == types["recall_overlap"].round(2).to_dict()
    learned = pd.read_csv(VALIDATION / "quotes_wikinews_learned_types.csv").set_index("type")["recall_overlap"]
    line = VALIDATION_PAGE.split("Learned model (rows")[1].split("Model, features")[0]
    assert {k: float(v) for k, v in re.findall(r"(\w+)\s+(\d\.\d\d)", line)} == learned.round(2).to_dict()


@pytest.mark.parametrize("label, task, measure", [
    ("stance accuracy (pairs)", "stance", "accuracy"),
    ("stance macro-F1", "stance", "macro_f1"),
    ("stance α (ordinal)", "stance", "alpha"),
    ("holder accuracy (pairs with the target found)", "holder", "accuracy"),
])
def test_stance_table_matches_the_metrics(label, task, measure):
    cells = _row(label)
    inter = []
    for cell, dataset in zip(cells[:2], ("seed", "gnad")):
        metrics = pd.read_csv(VALIDATION / f"stance_{dataset}.csv")
        row = metrics.query("task == @task and target == 'all' and measure == @measure")
        assert _numbers(cell)[0] == round(row["value"].item(), 2), (label, dataset)
        if "(" in cell:  # "0.93 (106)": the value and its number of pairs
            assert _numbers(cell)[1] == row["n"].item(), (label, dataset)
        coders = metrics.query("task == 'stance_intercoder' and target == 'all' and measure == @measure")
        inter += [round(coders["value"].item(), 2)] if task == "stance" else []
        inter += [coders["n"].item()] if task == "stance" and measure == "accuracy" else []
    if task == "stance":  # "1.00 (106) / 0.97 (63)": the coders' agreement on the seed and on 10kGNAD
        assert _numbers(cells[2]) == inter, label


def test_frame_table_matches_the_validation_figure_data():
    table = pd.read_csv(FIGURES / "frame_validation.csv")
    gnad = pd.read_csv(VALIDATION / "frames_gnad.csv").query("sample == 'gnad'").set_index("label")
    seed = table[table["sample"].str.startswith("seed")].set_index("label")
    for label in seed.index:
        stated = _numbers(" ".join(_row(label)))  # "1.00 / 0.82 / 0.90 | 0.82 / 0.96 | 44 | ..."
        expected = [*seed.loc[label, ["precision", "recall", "f1", "alpha", "alpha_coders"]].round(2),
                    gnad.loc[label, "support"],
                    *gnad.loc[label, ["precision", "recall", "f1", "alpha", "alpha_coders"]].round(2)]
        # "-0.00" on the page is -0.0018 rounded; compare as numbers
        assert stated == pytest.approx([float(x) for x in expected], abs=1e-9), label
    for label in ("micro", "macro"):
        stated = _numbers(" ".join(_row(label)))
        assert stated[3] == gnad.loc[label, "support"]
        assert stated[4:7] == gnad.loc[label, ["precision", "recall", "f1"]].round(2).tolist(), label


# the validity table stands in the README and, the same, at the top of docs/validation.md
_VALIDITY_DOCUMENTS = pytest.mark.parametrize("document", [README, VALIDATION_PAGE], ids=["README", "validation"])
_COLUMNS = ["validated on", "default", "learned", "dictionary", "coders", "fit for"]


def _validity_row(label: str, document: str) -> dict[str, str]:
    return dict(zip(_COLUMNS, _row(label, document), strict=True))


@_VALIDITY_DOCUMENTS
def test_validity_table_matches_the_frozen_test_split(document):
    test = pd.read_csv(VALIDATION / "learned_test.csv").set_index(["measure", "metric", "method"])
    coders = pd.read_csv(VALIDATION / "coders_test.csv").set_index("variable")["alpha"]
    rows = {"sentiment (ordinal α)": ("sentiment", "alpha_ordinal", 2),
            "frames (macro-F1, 11 frames)": ("frames", "macro_f1", 2),
            "mentions of russia, eu, ukraine (F1)": ("mentions", "f1", 3),
            "stance toward russia, eu, ukraine (ordinal α)": ("stance", "alpha_ordinal", 2)}
    for label, (measure, metric, digits) in rows.items():
        row = _validity_row(label, document)
        assert row["default"] == "learned"
        assert _numbers(row["learned"])[0] == round(test.loc[(measure, metric, "model"), "value"], digits), label
        assert _numbers(row["dictionary"])[0] == round(test.loc[(measure, metric, "dictionary"), "value"], digits)
        n = int(test.loc[(measure, metric, "model"), "n"])
        assert f"{n:,}" in row["validated on"], label
    assert _numbers(_validity_row("sentiment (ordinal α)", document)["coders"])[0] == round(coders["sentiment"], 2)
    stance = _validity_row("stance toward russia, eu, ukraine (ordinal α)", document)
    assert _numbers(stance["coders"])[0] == round(coders["stance"], 2)
    frames = coders[coders.index.str.startswith("frame:")]
    assert _numbers(_validity_row("frames (macro-F1, 11 frames)", document)["coders"]) == [
        round(frames.min(), 2), round(frames.max(), 2)]
    targets = coders[coders.index.isin(["target:russia", "target:eu", "target:ukraine"])]
    assert _numbers(_validity_row("mentions of russia, eu, ukraine (F1)", document)["coders"]) == [
        round(targets.min(), 2), round(targets.max(), 2)]


@_VALIDITY_DOCUMENTS
def test_validity_table_frame_ranges_match_the_per_frame_f1(document):
    f1 = pd.read_csv(VALIDATION / "learned_test.csv").query("method == 'model' and metric == 'f1'")
    f1 = f1.set_index(f1["measure"].str.removeprefix("frame:"))["value"].round(2)
    fit = _validity_row("frames (macro-F1, 11 frames)", document)["fit for"]
    common, rare = fit.split(";")
    assert _numbers(common) == [f1[["conflict", "economic", "security", "migration"]].min(),
                                f1[["conflict", "economic", "security", "migration"]].max()]
    assert _numbers(rare) == [f1[["morality", "sovereignty", "propaganda"]].min(),
                              f1[["morality", "sovereignty", "propaganda"]].max()]


@_VALIDITY_DOCUMENTS
def test_validity_table_quotation_row_matches_wikinews(document):
    rules = pd.read_csv(VALIDATION / "quotes_wikinews.csv").set_index("task")
    learned = pd.read_csv(VALIDATION / "quotes_wikinews_learned.csv").set_index("task")
    from analysis.measures.learned import DEFAULT_METHODS

    row = _validity_row("quotations (overlap F1)", document)
    assert row["default"] == DEFAULT_METHODS["quotations"] == "learned"
    assert _numbers(row["learned"])[0] == round(learned.loc["quote_span_overlap", "f1"], 2)
    assert _numbers(row["dictionary"])[0] == round(rules.loc["quote_span_overlap", "f1"], 2)
    assert f"{int(rules.loc['quote_span_overlap', 'n_gold'])} quotations" in row["validated on"]
    assert _numbers(row["fit for"]) == [round(learned.loc["speaker", "f1"], 2), round(rules.loc["speaker", "f1"], 2)]


def test_default_methods_follow_the_frozen_test_split():
    from analysis.measures.learned import DEFAULT_METHODS
    test = pd.read_csv(VALIDATION / "learned_test.csv").set_index(["measure", "metric", "method"])["value"]
    for measure, metric in (("sentiment", "alpha_ordinal"), ("frames", "macro_f1"), ("mentions", "f1"),
                            ("stance", "alpha_ordinal")):
        better = test[(measure, metric, "model")] > test[(measure, metric, "dictionary")]
        assert (DEFAULT_METHODS[measure] == "learned") == better, measure


@_VALIDITY_DOCUMENTS
def test_validity_table_headline_auc_matches_the_benchmark(document):
    table = pd.read_csv(VALIDATION / "headlines_loto_auc.csv").query("topic == 'mean'").set_index("method")["auc"]
    row = _validity_row("headline negativity (ROC AUC, leave one of 7 topics out)", document)
    assert _numbers(row["learned"])[0] == round(table["model (e5 + rule signals)"], 2)
    assert _numbers(row["dictionary"])[0] == round(table["dictionary (combined score)"], 2)
    assert _numbers(row["fit for"])[0] == round(table["tfidf + logistic regression"], 2)

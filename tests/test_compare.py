"""Group comparisons: metadata joins, periods, and the cluster bootstrap."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.compare import add_metadata, group_means


def _table():
    # two outlets; outlet A: doc a1 (3 sentences, all -1), doc a2 (1 sentence, +1); outlet B: b1 (2 x 0.5)
    return pd.DataFrame({"doc_id": ["a1", "a1", "a1", "a2", "b1", "b1"],
                         "score": [-1.0, -1.0, -1.0, 1.0, 0.5, 0.5]})


def _meta():
    return pd.DataFrame({"id": ["a1", "a2", "b1"], "outlet": ["A", "A", "B"],
                         "date": ["2022-02-24", "2022-03-01", "2023-02-27"]})


def test_periods_start_on_monday_and_first_of_month():
    table = add_metadata(_table(), _meta(), period="week")
    assert table.drop_duplicates("doc_id")["period"].tolist() == ["2022-02-21", "2022-02-28", "2023-02-27"]
    monthly = add_metadata(_table(), _meta(), period="month")
    assert monthly.drop_duplicates("doc_id")["period"].tolist() == ["2022-02-01", "2022-03-01", "2023-02-01"]


def test_unknown_period_lists_valid_ones():
    with pytest.raises(ValueError, match="valid: week, month"):
        add_metadata(_table(), _meta(), period="year")


def test_cluster_bootstrap_resamples_documents():
    result = group_means(add_metadata(_table(), _meta()), value="score", by="outlet", n_boot=4000, seed=1)
    a = result.set_index("outlet").loc["A"]
    assert a["n"] == 4 and a["n_clusters"] == 2
    assert a["mean"] == pytest.approx(-0.5)
    # resampling documents: draws are {a1,a1} -> -1, {a2,a2} -> +1, {a1,a2} -> -0.5; the 95 % interval spans them
    assert a["ci_low"] == pytest.approx(-1.0) and a["ci_high"] == pytest.approx(1.0)
    b = result.set_index("outlet").loc["B"]
    assert b["ci_low"] == b["ci_high"] == pytest.approx(0.5) and not b["ci_width_defined"]


def test_same_seed_same_interval():
    table = add_metadata(_table(), _meta())
    first = group_means(table, value="score", by="outlet", seed=7)
    assert first.equals(group_means(table, value="score", by="outlet", seed=7))

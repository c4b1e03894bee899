"""Group comparisons: metadata joins, periods, and the cluster bootstrap."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.compare import add_metadata, group_means, plan_comparison


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


def test_years_start_on_first_of_january_and_a_time_of_day_keeps_the_date():
    meta = _meta().assign(date=["2022-02-24T06:30:00", "2022-03-01", "2023-02-27"])
    table = add_metadata(_table(), meta, period="year")
    assert table.drop_duplicates("doc_id")["period"].tolist() == ["2022-01-01", "2022-01-01", "2023-01-01"]


def test_unknown_period_lists_valid_ones():
    with pytest.raises(ValueError, match="valid: week, month, year"):
        add_metadata(_table(), _meta(), period="quarter")


def test_a_metadata_column_named_like_a_result_column_keeps_its_name():
    table = _table().assign(label=["neg", "neg", "neg", "pos", "pos", "pos"])
    with pytest.warns(UserWarning, match="the table's column\\(s\\) become label_result"):
        joined = add_metadata(table, _meta().assign(label=["x", "x", "y"]), columns=["label"])
    assert joined["label"].tolist() == ["x", "x", "x", "x", "y", "y"]
    assert joined["label_result"].tolist() == table["label"].tolist()


def test_a_column_the_corpus_lacks_is_named():
    with pytest.raises(ValueError, match="no column 'label'; it has: id, outlet, date"):
        add_metadata(_table(), _meta(), columns=["label"])


@pytest.mark.parametrize("meta, group, by_group, why", [
    (_meta(), "outlet", True, None),
    (_meta().drop(columns="outlet"), "outlet", False, "the corpus has no column 'outlet'"),
    (_meta().drop(columns="outlet").assign(label=["x", "y", "y"]), "outlet", False,
     "the corpus has no column 'outlet'; columns that could group these documents: label"),
    (_meta().assign(outlet=None), "outlet", False, "no document has a value in column 'outlet'"),
    (_meta().assign(outlet="A"), "outlet", False, "all documents with a value have outlet = 'A': one group"),
    (_meta().rename(columns={"outlet": "label"}), "label", True, None),
])
def test_plan_says_whether_and_why_not_by_group(meta, group, by_group, why):
    plan = plan_comparison(meta, group=group)
    assert plan.by_group is by_group
    assert (plan.why_not.get("group") or None) == why or plan.why_not["group"].startswith(why)
    assert plan.join["columns"][:1] == ([group] if by_group else ["date"])


@pytest.mark.parametrize("dates, period, over_time, why", [
    (["2022-02-24", "2022-03-01", "2023-02-27"], "month", True, None),
    ([None, None, None], "month", False, "no document has a date"),
    (["2022-02-24", "2022-03-01", "2022-12-27"], "year", False,
     "all dated documents fall in one year (from 2022-01-01): nothing to compare over time"),
    (["2022-02-28", "2022-03-01", None], "week", False, "all dated documents fall in one week (from 2022-02-28)"),
    (["2022-02-28", "2022-03-07", None], "week", True, None),
])
def test_plan_says_whether_and_why_not_over_time(dates, period, over_time, why):
    plan = plan_comparison(_meta().assign(date=dates), period=period)
    assert plan.over_time is over_time
    assert plan.join["period"] == (period if over_time else None)
    if why:
        assert plan.why_not["time"].startswith(why)
    if over_time and None in dates:
        assert "1 of 3 documents have no date and are left out of the comparison over time" in plan.notes


def test_a_skipped_figure_is_announced_with_its_reason(capsys):
    plan = plan_comparison(_meta().assign(date=None))
    assert plan.draws("sentiment_by_group", needs="group")
    assert not plan.draws("stance_over_time", needs="time")
    no_rows = _table().iloc[:0]
    assert not plan.draws("stance_by_group", needs="group", data=no_rows, empty="no sentence mentions the targets")
    # the rows that mention a target all come from documents without an outlet
    orphans = add_metadata(_table(), _meta().assign(outlet=[None, None, None]), columns=["outlet"])
    assert not plan.draws("stance_by_group", needs="group", data=orphans, empty="no sentence mentions the targets")
    assert capsys.readouterr().out.splitlines() == [
        "Note: stance_over_time is not drawn: no document has a date.",
        "Note: stance_by_group is not drawn: no sentence mentions the targets.",
        "Note: stance_by_group is not drawn: no sentence mentions the targets."]


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

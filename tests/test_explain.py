"""Explain this score: the token table, the summary and the escaped HTML of a sentence record."""

from __future__ import annotations

import pytest

from analysis.explain import explain_html, explain_summary, explain_tokens
from analysis.score import score_records


@pytest.fixture(scope="module")
def records(seed):
    return {r["sent_id"]: r for r in score_records(seed)}


def test_negated_word_shows_its_flipped_weight(records):
    # sentence 7: "... dass es Russlands Invasion in der Ukraine nicht unterstützt."
    table = explain_tokens(records[7]).set_index("token")
    row = table.loc["unterstützt"]
    assert row["prior"] > 0 and row["weight"] < 0
    assert "negation" in row["rules"]


def test_tokens_carry_offsets_mentions_and_quotes(records, seed_text):
    table = explain_tokens(records[28])  # „Die Leute verstehen nicht ...“, sagte Iljassow.
    assert all(seed_text[r.start:r.end] == r.token for r in table.itertuples())
    by_token = table.set_index("token")
    assert by_token.loc["Leute", "quote"] == "direct (kazakhstan)"  # inside the quote, speaker resolved
    assert by_token.loc["sagte", "quote"] == ""  # the cue is outside the quote
    assert by_token.loc["Iljassow", "target"] == "kazakhstan"  # an office-holder stands for his country
    assert by_token.loc["russischen", "target"] == "russia"


def test_summary_lists_each_measure(records):
    summary = explain_summary(records[7])
    assert summary.loc[0, "measure"] == "sentiment" and summary.loc[0, "label"] == records[7]["sentiment"]["label"]
    assert any(m.startswith("stance → ") for m in summary["measure"])


def test_html_escapes_the_text():
    record = {"doc_id": "x", "sent_id": 0, "section": "paragraph", "start": 0,
              "text": "Er schrieb <script>alert('EU')</script> & ging.",
              "sentiment": {"score": 0.0, "label": 0, "evidence": []}}
    page = explain_html(record)
    assert "<script>" not in page and "&lt;script&gt;" in page and "&amp; ging" in page

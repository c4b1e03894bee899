"""Quotation spans and speakers against the German Wikinews quotation corpus (Petersen-Frey & Biemann 2024).

For each article, :func:`analysis.quotes.attribute_quotes` runs on the article text split by the
project's own sentence splitter; distancing quotes are left out (they are not speech). A predicted
quote matches a gold quotation

- *exactly* when its span equals the gold quote span (quotation marks and a final period ignored),
- by *overlap* when the two spans share at least one character (each gold quote matched once).

Speakers are scored on the overlap-matched pairs whose gold quote has a speaker: correct when the
predicted speaker span overlaps a gold speaker span. Speaker precision counts every predicted quote
with a speaker; recall every gold quote with a speaker. Only metric tables are written (no text):
``data/validation/quotes_wikinews.csv``. Develop on ``train.jsonl``, report on ``dev.jsonl``.

Usage::

    python benchmarks/eval_quotes.py ../shared/corpora/quotes_wikinews/dev.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from analysis.actors import load_registry
from analysis.paths import VALIDATION
from analysis.quotes import attribute_quotes
from analysis.report import write_table
from analysis.segment import split_sentences

_TRIM = "„“”\"»«‚‘’ .,"


def _units(text: str) -> list[tuple[int, int, int]]:
    """Sentence spans with their paragraph (blank-line separated blocks) as the unit."""
    out, unit, pos = [], 0, 0
    for block in text.split("\n"):
        if block.strip():
            out += [(s, e, unit) for s, e in split_sentences(text, pos, pos + len(block))]
        unit += 1
        pos += len(block) + 1
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _spans(part: dict) -> list[tuple[int, int]]:
    return [(s["charBegin"], s["charEnd"]) for s in part.get("spans", [])]


def evaluate(path: str | Path, registry) -> tuple[pd.DataFrame, pd.DataFrame]:
    counts = {"gold": 0, "pred": 0, "exact": 0, "overlap_gold": 0, "overlap_pred": 0,
              "spk_gold": 0, "spk_pred": 0, "spk_correct": 0}
    by_type: dict[str, list[int]] = {}
    for line in Path(path).open(encoding="utf-8"):
        doc = json.loads(line)
        text = doc["originalText"]
        predicted = [q for q in attribute_quotes(text, _units(text), registry=registry) if q["type"] != "distancing"]
        gold = [a for a in doc["annotations"] if _spans(a["quote"])]
        counts["gold"] += len(gold)
        counts["pred"] += len(predicted)
        counts["spk_pred"] += sum(1 for q in predicted if q["speaker_start"] is not None)
        gold_spans = [(min(s for s, _ in _spans(a["quote"])), max(e for _, e in _spans(a["quote"]))) for a in gold]
        used = set()
        for q in predicted:
            ps, pe = _trim(text, q["start"], q["end"])
            exact = [i for i, (gs, ge) in enumerate(gold_spans) if _trim(text, gs, ge) == (ps, pe)]
            counts["exact"] += bool(exact)
            overlapping = [i for i, (gs, ge) in enumerate(gold_spans) if gs < pe and ps < ge and i not in used]
            if not overlapping:
                continue
            counts["overlap_pred"] += 1
            i = overlapping[0]
            used.add(i)
            speakers = _spans(gold[i]["speaker"])
            if speakers and q["speaker_start"] is not None:
                counts["spk_correct"] += any(s < q["speaker_end"] and q["speaker_start"] < e for s, e in speakers)
        for i, a in enumerate(gold):
            counts["spk_gold"] += bool(_spans(a["speaker"]))
            by_type.setdefault(a["type"], [0, 0])
            by_type[a["type"]][0] += 1
            by_type[a["type"]][1] += i in used
    counts["overlap_gold"] = sum(v[1] for v in by_type.values())

    def prf(tp_p, n_p, tp_r, n_r):
        p = tp_p / n_p if n_p else float("nan")
        r = tp_r / n_r if n_r else float("nan")
        return p, r, 2 * p * r / (p + r) if p + r else 0.0

    rows = []
    for name, (p, r, f) in {
        "quote_span_exact": prf(counts["exact"], counts["pred"], counts["exact"], counts["gold"]),
        "quote_span_overlap": prf(counts["overlap_pred"], counts["pred"], counts["overlap_gold"], counts["gold"]),
        "speaker": prf(counts["spk_correct"], counts["spk_pred"], counts["spk_correct"], counts["spk_gold"]),
    }.items():
        rows.append({"task": name, "precision": p, "recall": r, "f1": f,
                     "n_gold": counts["spk_gold"] if name == "speaker" else counts["gold"],
                     "n_predicted": counts["spk_pred"] if name == "speaker" else counts["pred"]})
    types = pd.DataFrame([{"type": t, "n_gold": n, "recall_overlap": hit / n} for t, (n, hit) in sorted(by_type.items())])
    return pd.DataFrame(rows), types


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="quotes_wikinews/dev.jsonl (or train.jsonl while developing)")
    parser.add_argument("--no-write", action="store_true", help="print only (for development on train)")
    args = parser.parse_args(argv)
    table, types = evaluate(args.path, load_registry())
    print(table.round(3).to_string(index=False))
    print(types.round(3).to_string(index=False))
    if not args.no_write:
        VALIDATION.mkdir(parents=True, exist_ok=True)
        write_table(table, VALIDATION / "quotes_wikinews.csv")
        write_table(types, VALIDATION / "quotes_wikinews_types.csv")
    return 0


if __name__ == "__main__":
    sys.exit(main())

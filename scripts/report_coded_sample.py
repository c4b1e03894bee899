"""Tables of the coded sample v2 for ``data/README.md``: counts per split, labels, pairs, α.

Reads only the committed files (``data/annotations/v2``): no corpus is needed. Writes the
agreement table to ``data/validation/coders_v2.csv`` and prints the markdown tables.

Usage::

    python scripts/report_coded_sample.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.coded_sample import FRAME_IDS, TARGET_IDS, read_coders, read_sample, reference_codes, reliability  # noqa: E402
from analysis.paths import VALIDATION  # noqa: E402
from analysis.report import write_table  # noqa: E402


def markdown(table: pd.DataFrame) -> str:
    cells = [[f"{v:.2f}" if isinstance(v, float) else str(v) for v in row] for row in table.itertuples(index=False)]
    lines = ["| " + " | ".join(map(str, table.columns)) + " |", "|" + "---|" * len(table.columns)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in cells])


def counts(column: pd.Series, split: pd.Series, name: str) -> pd.DataFrame:
    table = pd.crosstab(column, split)
    table["all"] = table.sum(axis=1)
    return table.reset_index().rename(columns={column.name: name})


def main() -> None:
    sample = read_sample()
    codes = reference_codes(sample)
    data = sample.set_index("item").join(codes)
    print("## Sentences per corpus and split\n")
    print(markdown(counts(data["corpus"], data["split"], "corpus")))
    print("\n## Strata\n")
    print(markdown(counts(data["stratum"], data["split"], "stratum")))
    print("\n## Sentiment\n")
    print(markdown(counts(data["sentiment"], data["split"], "sentiment")))
    frames = pd.DataFrame({f: [int(f in x) for x in data["frames"]] for f in FRAME_IDS}, index=data.index)
    table = frames.groupby(data["split"]).sum().T
    table["all"] = table.sum(axis=1)
    print("\n## Frames (sentences)\n")
    print(markdown(table.reset_index().rename(columns={"index": "frame"})))
    targets = pd.DataFrame({t: [int(t in x) for x in data["targets"]] for t in TARGET_IDS}, index=data.index)
    table = targets.groupby(data["split"]).sum().T
    table["all"] = table.sum(axis=1)
    print("\n## Targets (sentences)\n")
    print(markdown(table.reset_index().rename(columns={"index": "target"})))
    pairs = pd.DataFrame([(sp, t, s[t][0], s[t][1]) for sp, s in zip(data["split"], data["stance"]) for t in s
                          if t in ("russia", "eu", "ukraine")], columns=["split", "target", "stance", "holder"])
    print(f"\n## Stance of the {len(pairs)} sentence-target pairs for russia, eu and ukraine\n")
    table = pd.crosstab([pairs["target"], pairs["stance"]], pairs["split"])
    table["all"] = table.sum(axis=1)
    print(markdown(table.reset_index()))
    print("\n## Coders\n")
    coders = read_coders()
    print(markdown(coders.groupby("role").agg(files=("coder", "size"), items=("items", lambda s: s.astype(int).sum()))
                   .reset_index()))
    rows = []
    for split in ("test", "train", None):
        table = reliability(sample, split=split)
        rows.append(table.assign(split=split or "all"))
    agreement = pd.concat(rows, ignore_index=True)
    write_table(agreement, VALIDATION / "coders_v2.csv")
    wide = agreement.pivot(index="variable", columns="split", values="alpha")
    wide = wide.loc[agreement["variable"].drop_duplicates(), ["test", "train", "all"]]
    n = agreement[agreement["split"] == "all"].set_index("variable")["n"]
    print("\n## Krippendorff's α, first vs second coder\n")
    print(markdown(wide.assign(n_all=n.loc[wide.index].astype(int)).reset_index()))


if __name__ == "__main__":
    main()

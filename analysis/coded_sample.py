"""The coded sample v2: 5,400 German news sentences coded for training and testing the measures.

The corpora's licences forbid committing their text, so the sample is kept by reference
(``data/annotations/v2/sample.tsv``: corpus, record, character offsets, SHA-1 of the sentence,
split, stratum, coding batch) and the codes apart from it (``data/annotations/v2/codes/``, one
TSV per batch and coder, written by the coders from ``CODING_v2.md``). :func:`load_coded_sample`
puts the texts back from the corpora given by path, checks every hash, and returns one reference
code per sentence.

The reference code
------------------
- A sentence coded once: that code.
- A sentence coded twice (21 % of test, 10.5 % of train, drawn before coding): in train, the first
  coder's code; in test, the first code where the two coders agree on a variable, and where they
  disagree the majority of three codes, the third being an independent coding of every test
  sentence with any disagreement (the adjudication batch). A tie of three (sentiment -1/0/1, or a
  stance holder) goes to the third coder.

Agreement (:func:`reliability`) is Krippendorff's α between the first and the second coder on the
doubly coded sentences: ordinal for sentiment and stance (over the targets both coded), nominal for
each frame and each target (present or absent).
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from .corpus import CorpusError
from .paths import ANNOTATIONS
from .validate import krippendorff_alpha

__all__ = [
    "SAMPLE_V2",
    "CODES_V2",
    "FRAME_IDS",
    "TARGET_IDS",
    "HOLDER_IDS",
    "read_sample",
    "restore_texts",
    "read_codes",
    "read_coders",
    "reference_codes",
    "load_coded_sample",
    "reliability",
    "target_pairs",
]

SAMPLE_V2 = ANNOTATIONS / "v2" / "sample.tsv"
CODES_V2 = ANNOTATIONS / "v2" / "codes"
SAMPLE_COLUMNS = ("item", "corpus", "record", "start", "end", "sha1", "split", "stratum", "batch", "batch2")
CODE_COLUMNS = ("item", "sentiment", "frames", "targets", "stance", "note")
FRAME_IDS = ("conflict", "human_interest", "economic", "morality", "responsibility", "security",
             "sovereignty", "diplomacy", "humanitarian", "propaganda", "migration")
TARGET_IDS = ("russia", "eu", "ukraine", "kazakhstan", "china", "usa", "nato", "csto")
HOLDER_IDS = ("journalist",) + TARGET_IDS + ("other",)
CORPUS_FILES = {
    "leipzig2020": "leipzig_news/deu_news_2020_30K-sentences.txt",
    "leipzig2021": "leipzig_news/deu_news_2021_30K-sentences.txt",
    "leipzig2022": "leipzig_news/deu_news_2022_30K-sentences.txt",
    "gnad": "10kgnad/articles.csv",
    "wikinews": "quotes_wikinews/train.jsonl",
}


def read_sample(path: str | Path = SAMPLE_V2) -> pd.DataFrame:
    """The by-reference sample table, checked column by column (no text)."""
    path = Path(path)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or tuple(rows[0]) != SAMPLE_COLUMNS:
        raise CorpusError(path, 1, f"expected the header {' '.join(SAMPLE_COLUMNS)}")
    records, seen = [], set()
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(SAMPLE_COLUMNS):
            raise CorpusError(path, line, f"{len(row)} fields, expected {len(SAMPLE_COLUMNS)}")
        record = dict(zip(SAMPLE_COLUMNS, row))
        if record["corpus"] not in CORPUS_FILES:
            raise CorpusError(path, line, f"unknown corpus {record['corpus']!r}; valid: {', '.join(CORPUS_FILES)}")
        if record["split"] not in ("train", "test"):
            raise CorpusError(path, line, f"split {record['split']!r} is not train or test")
        if record["item"] in seen:
            raise CorpusError(path, line, f"item {record['item']} appears twice")
        seen.add(record["item"])
        try:
            record["start"], record["end"] = int(record["start"]), int(record["end"])
        except ValueError:
            raise CorpusError(path, line, "start and end must be whole numbers") from None
        record["line"] = line
        records.append(record)
    return pd.DataFrame(records)


def _corpus_texts(corpus: str, path: Path) -> dict[str, str]:
    """Record id → text for one corpus file (ids as the sampling script gave them)."""
    if not path.is_file():
        raise CorpusError(path, None, f"corpus file for {corpus} not found")
    texts = {}
    with path.open(encoding="utf-8-sig" if corpus.startswith("leipzig") else "utf-8", newline="") as handle:
        if corpus.startswith("leipzig"):
            for line in handle:
                number, _, text = line.rstrip("\n").partition("\t")
                texts[number] = text
        elif corpus == "gnad":
            for n, row in enumerate(csv.reader(handle, delimiter=";", quotechar="'"), start=1):
                texts[str(n)] = row[1] if len(row) > 1 else ""
        else:
            for line_no, line in enumerate(handle, start=1):
                try:
                    record = json.loads(line)
                    texts[record["documentName"].split(" ", 1)[0]] = record["originalText"]
                except (ValueError, KeyError):
                    raise CorpusError(path, line_no, "not a Wikinews record with documentName and originalText") from None
    return texts


def restore_texts(sample: pd.DataFrame, corpora: str | Path, *, sample_path: str | Path = SAMPLE_V2) -> pd.DataFrame:
    """Put each sentence's text back from the corpora folder and check its SHA-1.

    Raises
    ------
    CorpusError
        A missing corpus file or record, or a text that does not match its checksum, naming the
        line of the sample file and the corpus file.
    """
    corpora = Path(corpora)
    texts_of = {c: _corpus_texts(c, corpora / CORPUS_FILES[c]) for c in sorted(set(sample["corpus"]))}
    texts = []
    for row in sample.itertuples(index=False):
        source = corpora / CORPUS_FILES[row.corpus]
        document = texts_of[row.corpus].get(str(row.record))
        if document is None:
            raise CorpusError(sample_path, row.line, f"item {row.item}: record {row.record} not in {source}")
        text = document[row.start:row.end]
        if hashlib.sha1(text.encode("utf-8")).hexdigest() != row.sha1:
            raise CorpusError(sample_path, row.line,
                              f"item {row.item}: the text of record {row.record} [{row.start}:{row.end}] in "
                              f"{source} does not match its SHA-1 (another version of the corpus?)")
        texts.append(text)
    return sample.assign(text=texts)


def _ids(value: str, valid: tuple, what: str, path: Path, line: int) -> list[str]:
    ids = [v.strip() for v in value.split(";") if v.strip()] if value else []
    for v in ids:
        if v not in valid:
            raise CorpusError(path, line, f"{what} {v!r} is not one of {', '.join(valid)}")
    if len(set(ids)) != len(ids):
        raise CorpusError(path, line, f"a {what} appears twice")
    return ids


def _stance(value: str, targets: list[str], path: Path, line: int) -> dict[str, tuple[int, str]]:
    stance = {}
    for entry in [v.strip() for v in value.split(";") if v.strip()] if value else []:
        target, _, rest = entry.partition("=")
        label, _, holder = rest.partition("@")
        if target not in targets:
            raise CorpusError(path, line, f"stance entry {entry!r} for a target not in targets")
        if label not in ("-1", "0", "1") or holder not in HOLDER_IDS:
            raise CorpusError(path, line, f"stance entry {entry!r} is not target=-1|0|1@holder "
                                          f"(holders: {', '.join(HOLDER_IDS)})")
        stance[target] = (int(label), holder)
    if set(stance) != set(targets):
        raise CorpusError(path, line, f"targets {';'.join(targets)} need exactly one stance entry each")
    return stance


def read_codes(path: str | Path) -> pd.DataFrame:
    """One coder's file, every value checked; the error names the file and the line."""
    path = Path(path)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or tuple(rows[0]) != CODE_COLUMNS:
        raise CorpusError(path, 1, f"expected the header {' '.join(CODE_COLUMNS)}")
    records = []
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(CODE_COLUMNS):
            raise CorpusError(path, line, f"{len(row)} fields, expected {len(CODE_COLUMNS)}")
        record = dict(zip(CODE_COLUMNS, row))
        if record["sentiment"] not in ("-1", "0", "1"):
            raise CorpusError(path, line, f"sentiment {record['sentiment']!r} is not -1, 0 or 1")
        targets = _ids(record["targets"], TARGET_IDS, "target", path, line)
        records.append({"item": record["item"], "sentiment": int(record["sentiment"]),
                        "frames": _ids(record["frames"], FRAME_IDS, "frame", path, line),
                        "targets": targets, "stance": _stance(record["stance"], targets, path, line),
                        "note": record["note"]})
    table = pd.DataFrame(records, columns=["item", "sentiment", "frames", "targets", "stance", "note"])
    if table["item"].duplicated().any():
        raise CorpusError(path, None, f"item {table.loc[table['item'].duplicated(), 'item'].iloc[0]} coded twice")
    return table.set_index("item")


def read_coders(codes_dir: str | Path = CODES_V2) -> pd.DataFrame:
    """``coders.tsv``: one row per coding file (batch, coder, role first/second/third, dates)."""
    path = Path(codes_dir) / "coders.tsv"
    table = pd.read_csv(path, sep="\t", dtype=str)
    missing = {"batch", "coder", "role"} - set(table.columns)
    if missing:
        raise CorpusError(path, 1, f"missing columns {', '.join(sorted(missing))}")
    return table


def _majority(values: list, tie_break):
    counts = Counter(values).most_common()
    if len(counts) > 1 and counts[0][1] == counts[1][1]:
        return tie_break
    return counts[0][0]


def _combine(codes: list[dict]) -> dict:
    """The reference code of a sentence from two agreeing or three codes (see the module doc)."""
    first = codes[0]
    if len(codes) < 3:
        return first
    third = codes[2]
    sentiment = _majority([c["sentiment"] for c in codes], third["sentiment"])
    frames = [f for f in FRAME_IDS if sum(f in c["frames"] for c in codes) >= 2]
    targets = [t for t in TARGET_IDS if sum(t in c["targets"] for c in codes) >= 2]
    stance = {}
    for t in targets:
        entries = [c["stance"][t] for c in codes if t in c["stance"]]
        fallback = third["stance"].get(t, entries[0])
        stance[t] = (_majority([e[0] for e in entries], fallback[0]), _majority([e[1] for e in entries], fallback[1]))
    return {"sentiment": sentiment, "frames": frames, "targets": targets, "stance": stance, "note": ""}


def _disagree(a: dict, b: dict) -> bool:
    return any(a[k] != b[k] for k in ("sentiment", "frames", "targets", "stance"))


def reference_codes(sample: pd.DataFrame, codes_dir: str | Path = CODES_V2, *, complete: bool = True) -> pd.DataFrame:
    """One code per sentence of the sample: the first coding, second and third as documented.

    Raises
    ------
    CorpusError
        A coding file that names an item not in its batch, or a batch left incompletely coded.
    """
    codes_dir = Path(codes_dir)
    coders = read_coders(codes_dir)
    by_role: dict[str, dict[str, dict]] = {"first": {}, "second": {}, "third": {}}
    coder_of: dict[tuple[str, str], str] = {}
    for row in coders.itertuples(index=False):
        path = codes_dir / f"{row.batch}__{row.coder}.tsv"
        table = read_codes(path)
        expected = sample.loc[(sample["batch"] == row.batch) | (sample["batch2"] == row.batch), "item"]
        if row.role == "third":
            expected = table.index
        unknown = set(table.index) - set(sample["item"])
        if unknown:
            raise CorpusError(path, None, f"item {sorted(unknown)[0]} is not in the sample")
        if complete and set(expected) - set(table.index):
            raise CorpusError(path, None, f"{len(set(expected) - set(table.index))} items of batch {row.batch} not coded")
        for item, code in table.to_dict("index").items():
            by_role[row.role][item] = code
            coder_of[(row.role, item)] = row.coder
    rows = []
    for unit in sample.itertuples(index=False):
        if unit.item not in by_role["first"]:
            continue  # not coded: load_coded_sample refuses or counts it
        codes = [by_role["first"][unit.item]]
        if unit.item in by_role["second"]:
            second = by_role["second"][unit.item]
            if unit.split == "test" and _disagree(codes[0], second) and unit.item in by_role["third"]:
                codes = [codes[0], second, by_role["third"][unit.item]]
        code = _combine(codes)
        rows.append({"item": unit.item, "sentiment": code["sentiment"], "frames": code["frames"],
                     "targets": code["targets"], "stance": code["stance"], "n_codes": len(codes),
                     "coder": coder_of[("first", unit.item)]})
    return pd.DataFrame(rows).set_index("item")


def load_coded_sample(corpora: str | Path, *, sample_path: str | Path = SAMPLE_V2,
                      codes_dir: str | Path = CODES_V2, complete: bool = True) -> pd.DataFrame:
    """The coded sample with its texts: one row per coded sentence.

    With ``complete=True`` (the default) every sentence of the sample must be coded; with
    ``complete=False`` uncoded sentences are left out (``attrs["uncoded"]`` counts them).

    Columns: ``item``, ``corpus``, ``record``, ``start``, ``end``, ``split``, ``stratum``,
    ``text``, ``sentiment`` (-1/0/1), ``frames`` and ``targets`` (lists of ids), ``stance``
    (dict target → (label, holder)), ``n_codes`` (codes behind the reference), ``coder``.
    """
    sample = read_sample(sample_path)
    codes = reference_codes(sample, codes_dir, complete=complete)
    uncoded = sample.loc[~sample["item"].isin(codes.index)]
    if complete and len(uncoded):
        raise CorpusError(sample_path, int(uncoded["line"].iloc[0]),
                          f"item {uncoded['item'].iloc[0]} has no code ({len(uncoded)} items uncoded)")
    sample = sample[sample["item"].isin(codes.index)]
    sample = restore_texts(sample, corpora, sample_path=sample_path)
    columns = ["item", "corpus", "record", "start", "end", "split", "stratum", "text"]
    coded = sample[columns].join(codes, on="item").reset_index(drop=True)
    coded.attrs["uncoded"] = len(uncoded)
    return coded


def target_pairs(coded: pd.DataFrame, targets=("russia", "eu", "ukraine")) -> pd.DataFrame:
    """One row per (sentence, target): ``mentioned`` 0/1, and ``stance``/``holder`` where mentioned."""
    rows = []
    for row in coded.itertuples(index=False):
        for target in targets:
            label, holder = row.stance.get(target, (np.nan, ""))
            rows.append({"item": row.item, "split": row.split, "target": target,
                         "mentioned": int(target in row.targets), "stance": label, "holder": holder})
    return pd.DataFrame(rows)


def reliability(sample: pd.DataFrame, codes_dir: str | Path = CODES_V2, *, split: str | None = None) -> pd.DataFrame:
    """Krippendorff's α between the first and the second coding, per variable.

    Returns a table with ``variable`` (sentiment, stance, holder, ``frame:ID``, ``target:ID``),
    ``level``, ``n`` (units or target pairs), ``agreement`` (share identical) and ``alpha``.
    """
    codes_dir = Path(codes_dir)
    coders = read_coders(codes_dir)
    codings = {"first": {}, "second": {}}
    for row in coders.itertuples(index=False):
        if row.role in codings:
            codings[row.role].update(read_codes(codes_dir / f"{row.batch}__{row.coder}.tsv").to_dict("index"))
    items = [i for i in sample["item"] if i in codings["first"] and i in codings["second"]]
    if split is not None:
        items = [i for i in items if i in set(sample.loc[sample["split"] == split, "item"])]
    a = [codings["first"][i] for i in items]
    b = [codings["second"][i] for i in items]
    rows = []

    def add(variable, level, x, y):
        n, alpha = len(x), krippendorff_alpha(x, y, level=level)
        agreement = float(np.mean([p == q for p, q in zip(x, y)])) if n else float("nan")
        rows.append({"variable": variable, "level": level, "n": n, "agreement": agreement, "alpha": alpha})

    add("sentiment", "ordinal", [c["sentiment"] for c in a], [c["sentiment"] for c in b])
    pairs = [(p["stance"][t], q["stance"][t]) for p, q in zip(a, b) for t in p["stance"] if t in q["stance"]]
    add("stance", "ordinal", [p[0][0] for p in pairs], [p[1][0] for p in pairs])
    holders = sorted({h for p in pairs for h in (p[0][1], p[1][1])})
    add("holder", "nominal", [holders.index(p[0][1]) for p in pairs], [holders.index(p[1][1]) for p in pairs])
    for frame in FRAME_IDS:
        add(f"frame:{frame}", "nominal", [int(frame in c["frames"]) for c in a], [int(frame in c["frames"]) for c in b])
    for target in TARGET_IDS:
        add(f"target:{target}", "nominal", [int(target in c["targets"]) for c in a],
            [int(target in c["targets"]) for c in b])
    return pd.DataFrame(rows, columns=["variable", "level", "n", "agreement", "alpha"])


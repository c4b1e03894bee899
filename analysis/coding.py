"""Validation on your own corpus: draw a sample, code it by hand, measure the tool against it.

The project's own validation (``data/validation/``) describes the seed article and a sample of
Austrian news from 2015-16. A researcher's corpus (other outlets, years, topics) needs its own
check before its figures go into a paper. This module is the workflow:

1. :func:`draw_sample`: a reproducible random sample of sentences, optionally stratified (by
   section, outlet, month ...), proportional to the strata's sizes;
2. :func:`write_coding_sheet`: a TSV sheet with the sentences and empty code columns, in the
   format of ``data/annotations/CODING_v2.md`` (``sentiment`` −1/0/1, ``frames`` and ``targets``
   ``;``-separated ids, ``stance`` ``target=label@holder``): the ``coding_columns`` of every
   registered measure (:mod:`analysis.measures`), in registry order, then ``note``; a second
   coder fills a copy;
3. :func:`coding_agreement`: the tool's labels (each measure's ``coded(record)``, compared by
   its ``coding_scale``) for the sampled sentences against the coded sheet
   (accuracy, macro-F1 and Krippendorff's α for sentiment and stance; precision, recall, F1 and α
   per frame and per target; holder accuracy), and, given a second sheet, the coders' agreement
   with each other on the same units, the ceiling the tool is measured against.

Code the sheet before looking at the tool's output for those sentences (``CODING_v2.md`` §0), and
keep a part of it frozen if you change any instrument after seeing results.

Command line: ``python -m analysis coding-sheet INPUT -n 200 -o sheet.tsv [--by section]`` and
``python -m analysis agreement INPUT sheet.tsv [--second sheet2.tsv]``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from .validate import (POLARITY_LABELS, label_agreement, load_coding, multilabel_agreement,
                       stance_pairs)

__all__ = ["UNIT_COLUMNS", "AGREEMENT_COLUMNS", "code_columns", "sheet_columns", "draw_sample",
           "write_coding_sheet", "read_sheet_units", "coding_agreement"]

#: The columns of a coding sheet before the codes.
UNIT_COLUMNS = ("item", "doc_id", "sent_id", "stratum", "text")
#: Columns of :func:`coding_agreement`.
AGREEMENT_COLUMNS = ("comparison", "task", "label", "measure", "value", "n")


def code_columns() -> tuple[str, ...]:
    """The columns a coder fills: the ``coding_columns`` of every registered measure
    (:mod:`analysis.measures`, in registry order), then ``note``."""
    from .measures import measure_class, measure_names

    return (*(c for name in measure_names() for c in measure_class(name).coding_columns), "note")


def sheet_columns() -> tuple[str, ...]:
    """Every column of a coding sheet: :data:`UNIT_COLUMNS`, then :func:`code_columns`."""
    return (*UNIT_COLUMNS, *code_columns())


def draw_sample(prepared, n: int, *, seed: int = 0, by: str | None = None) -> pd.DataFrame:
    """A random sample of ``n`` sentences to code by hand.

    Parameters
    ----------
    prepared : Prepared
        From :func:`analysis.pipeline.prepare` (boilerplate and duplicates are already left out).
    n : int
        Sentences to draw (without replacement).
    seed : int
        Seed of ``numpy.random.default_rng``: the same corpus, ``n``, ``seed`` and ``by`` give the
        same sample.
    by : str, optional
        Stratify by a sentence column (``section``) or a document metadata field (``outlet``,
        ``date`` ...; missing values form their own stratum ``"(none)"``). Each stratum gets a
        share of ``n`` proportional to its number of sentences (largest remainders), and at least
        one sentence when ``n`` allows it.

    Returns
    -------
    DataFrame
        ``item`` (1 … n, in random order: code in this order), ``doc_id``, ``sent_id``,
        ``stratum``, ``text``.

    Raises
    ------
    ValueError
        ``n`` below 1 or above the number of sentences, or an unknown ``by`` field.
    """
    sentences = prepared.sentences[["doc_id", "sent_id", "text"]].copy()
    if not 1 <= n <= len(sentences):
        raise ValueError(f"n={n}; must be between 1 and the corpus's {len(sentences)} sentences")
    if by is None:
        sentences["stratum"] = "all"
    elif by in prepared.sentences.columns:
        sentences["stratum"] = prepared.sentences[by].astype(str).to_numpy()
    else:
        meta = prepared.corpus.metadata.set_index("id")
        if by not in meta.columns:
            valid = sorted(set(prepared.sentences.columns) | set(meta.columns))
            raise ValueError(f"by={by!r} is neither a sentence column nor a metadata field; valid: {', '.join(valid)}")
        values = meta[by].map(lambda v: "(none)" if v is None or v != v else str(v))
        sentences["stratum"] = sentences["doc_id"].map(values).to_numpy()
    rng = np.random.default_rng(seed)
    sizes = sentences.groupby("stratum", sort=True).size()
    quota = _allocate(sizes, n)
    picked = []
    for stratum, k in quota.items():
        rows = np.flatnonzero((sentences["stratum"] == stratum).to_numpy())
        picked.extend(rng.choice(rows, size=k, replace=False).tolist())
    sample = sentences.iloc[rng.permutation(np.array(picked, dtype=int))].reset_index(drop=True)
    sample.insert(0, "item", np.arange(1, n + 1))
    return sample[["item", "doc_id", "sent_id", "stratum", "text"]]


def _allocate(sizes: pd.Series, n: int) -> dict:
    """Proportional allocation of ``n`` over strata of ``sizes`` by largest remainders, at least one
    per stratum when there are no more strata than ``n``."""
    exact = sizes / sizes.sum() * n
    quota = np.floor(exact).astype(int)
    if len(sizes) <= n:
        quota = quota.clip(lower=1)
    while quota.sum() > n:  # the minimum of one overshot: take back from the largest quotas
        quota[quota.idxmax()] -= 1
    remainders = (exact - np.floor(exact)).sort_values(ascending=False, kind="stable")
    for stratum in remainders.index:
        if quota.sum() >= n:
            break
        if quota[stratum] < sizes[stratum]:
            quota[stratum] += 1
    return {s: int(min(q, sizes[s])) for s, q in quota.items() if q > 0}


def write_coding_sheet(sample: pd.DataFrame, path: str | Path) -> Path:
    """Write ``sample`` (from :func:`draw_sample`) as a coding sheet: TSV with :func:`sheet_columns`,
    the code columns empty. Runs of white space in the text and stratum (tabs, line breaks) become
    one space: the sheet is read without quoting, as the project's own coding files, so quotation
    marks stay as they are. Written atomically.

    Raises
    ------
    ValueError
        A document id with a tab or line break (it could not be read back).
    """
    from .report import atomic_write

    codes = code_columns()
    lines = ["\t".join((*UNIT_COLUMNS, *codes))]
    for row in sample.itertuples(index=False):
        if any(c in str(row.doc_id) for c in "\t\r\n"):
            raise ValueError(f"document id {row.doc_id!r} holds a tab or line break; a sheet cannot hold it")
        cells = [row.item, row.doc_id, row.sent_id, " ".join(str(row.stratum).split()), " ".join(str(row.text).split())]
        lines.append("\t".join([*map(str, cells), *([""] * len(codes))]))
    return atomic_write(path, lambda tmp: tmp.write_text("\n".join(lines) + "\n", encoding="utf-8"))


def read_sheet_units(path: str | Path) -> dict[int, tuple[str, int]]:
    """``item`` → ``(doc_id, sent_id)`` of a coding sheet.

    Raises
    ------
    ValueError
        A missing column or a malformed row, naming the file and the line.
    """
    path = Path(path)
    units = {}
    from .corpus import decode_file

    with io.StringIO(decode_file(path, encoding="utf-8"), newline="") as handle:  # names an undecodable line
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, [])
        missing = [c for c in ("item", "doc_id", "sent_id") if c not in header]
        if missing:
            raise ValueError(f"{path}, line 1: columns {missing} are missing; a sheet has {', '.join(sheet_columns())}")
        at = {c: header.index(c) for c in ("item", "doc_id", "sent_id")}
        for line, row in enumerate(reader, start=2):
            if not row:
                continue
            try:
                units[int(row[at["item"]])] = (row[at["doc_id"]], int(row[at["sent_id"]]))
            except (ValueError, IndexError):
                raise ValueError(f"{path}, line {line}: item and sent_id must be numbers") from None
    return units


def coding_agreement(prepared, sheet: str | Path, *, second: str | Path | None = None,
                     records: list[dict] | None = None) -> pd.DataFrame:
    """The tool against a coded sheet, and the two coders against each other.

    Parameters
    ----------
    prepared : Prepared
        The corpus the sample was drawn from, prepared as then.
    sheet : path
        A coding sheet of :func:`write_coding_sheet`, filled in (every row needs a sentiment code;
        :func:`analysis.validate.load_coding` names the line of any malformed code).
    second : path, optional
        The same sheet coded by a second coder: adds the ``coders`` comparison.
    records : list of dict, optional
        The sentence records of :func:`analysis.score.score_records` for ``prepared`` (computed
        when not given).

    Returns
    -------
    DataFrame
        Tidy, :data:`AGREEMENT_COLUMNS`: ``comparison`` (``tool`` = the tool against the first
        coder, ``coders`` = the second coder against the first), ``task`` (``sentiment``,
        ``frames``, ``targets``, ``stance``, ``holder``), ``label`` (``all``, a frame or target id,
        ``micro``, ``macro``), ``measure`` (``accuracy``, ``macro_f1``, ``alpha``, ``precision``,
        ``recall``, ``f1``), ``value``, ``n`` (units, or unit-target pairs for stance).

    Raises
    ------
    ValueError
        A sheet item whose sentence is not in ``prepared`` (the sample came from another corpus or
        another preparation).
    """
    from .measures import resolve_measures
    from .score import score_records

    measures = [m for m in resolve_measures().values() if m.coding_columns]
    scales = {c: m.coding_scale for m in measures for c in m.coding_columns}
    units = read_sheet_units(sheet)
    gold = load_coding(sheet, key="item", scales=scales)
    if records is None:
        records = score_records(prepared)
    by_sentence = {(r["doc_id"], r["sent_id"]): r for r in records}
    unknown = [item for item, key in units.items() if key not in by_sentence]
    if unknown:
        raise ValueError(f"{sheet}: items {unknown[:5]} name sentences that are not in this corpus "
                         "(draw the sample from the same corpus, prepared the same way)")
    coded = {item: {k: v for m in measures for k, v in m.coded(by_sentence[units[item]]).items()}
             for item in gold.index}
    predicted = pd.DataFrame({c: [coded[i][c] for i in gold.index] for c in scales}, index=gold.index)
    labels = {c: m.coding_labels() for m in measures for c in m.coding_columns}
    rows = _agreement_rows("tool", gold, predicted, scales, labels)
    if second is not None:
        other = load_coding(second, key="item", scales=scales)
        common = [i for i in gold.index if i in other.index]
        rows += _agreement_rows("coders", gold.loc[common], other.loc[common], scales, labels)
    return pd.DataFrame(rows, columns=list(AGREEMENT_COLUMNS))


def _agreement_rows(comparison: str, gold: pd.DataFrame, other: pd.DataFrame, scales: dict,
                    labels: dict) -> list[dict]:
    """Rows of :data:`AGREEMENT_COLUMNS` for every coding column, by its scale."""
    rows = []

    def add(task, label, measure, value, n):
        rows.append({"comparison": comparison, "task": task, "label": label, "measure": measure,
                     "value": float(value), "n": int(n)})

    for task, scale in scales.items():
        if scale == "polarity":
            for measure, value in label_agreement(gold[task], other.loc[gold.index, task],
                                                  labels=POLARITY_LABELS).items():
                if measure != "n":
                    add(task, "all", measure, value, len(gold))
        elif scale == "multilabel":
            ids = labels.get(task) or sorted({t for ts in gold[task] for t in ts} | {t for ts in other[task] for t in ts})
            if ids:
                _multilabel_rows(add, task, gold[task], other.loc[gold.index, task], ids)
        else:
            _stance_rows(add, task, gold, other[task])
    return rows


def _multilabel_rows(add, task, gold, other, ids) -> None:
    table = multilabel_agreement(gold, other, ids)
    for row in table.itertuples(index=False):
        for measure in ("precision", "recall", "f1", "alpha"):
            if not (measure == "alpha" and row.label in ("micro", "macro")):
                add(task, row.label, measure, getattr(row, measure), row.support)


def _stance_rows(add, task, gold, other) -> None:
    """Stance accuracy over the (unit, target) pairs coded in ``gold``, and holder accuracy over
    those the other side found."""
    labels = {u: {t: lab for t, (lab, _) in st.items()} for u, st in other.items()}
    pairs = stance_pairs(gold.rename(columns={task: "stance"}) if task != "stance" else gold, labels)
    if not len(pairs):
        return
    for measure, value in label_agreement(pairs["gold"], pairs["predicted"]).items():
        if measure != "n":
            add(task, "all", measure, value, len(pairs))
    holders = {u: {t: h for t, (_, h) in st.items()} for u, st in other.items()}
    found = [(u, t, h) for u, t, h in zip(pairs["unit"], pairs["target"], pairs["gold_holder"])
             if t in holders.get(u, {})]
    if found:
        add("holder", "all", "accuracy", sum(holders[u][t] == h for u, t, h in found) / len(found), len(found))

"""Validation against a reference coding: loading the codings and computing agreement.

Codings live in ``data/annotations/`` (see ``CODING.md`` there): one row per sentence with
``sentiment`` (-1/0/1), ``frames`` (``;``-separated ids), ``targets`` (``;``-separated ids) and
``stance`` (``target=label@holder`` entries). The frozen 10kGNAD sample is stored by reference
(:func:`restore_sample`) because its texts may not be committed.

Measures
--------
- accuracy and macro-averaged F1 over the labels (scikit-learn);
- Krippendorff's α (Krippendorff 2011, *Computing Krippendorff's Alpha-Reliability*), ordinal for
  the -1/0/+1 scales, nominal for presence/absence of a frame or target, via the ``krippendorff``
  package (Castro 2017);
- per label precision, recall and F1 for multi-label codes (frames, targets);
- the confusion matrix, gold labels in rows, predicted labels in columns;
- quotation spans and speakers (:func:`quotation_scores`): overlap and exact-span precision, recall
  and F1, speaker F1, recall per quotation type.
"""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = [
    "POLARITY_LABELS",
    "load_coding",
    "restore_sample",
    "krippendorff_alpha",
    "label_agreement",
    "confusion",
    "multilabel_agreement",
    "stance_pairs",
    "intercoder_agreement",
    "quotation_scores",
]

POLARITY_LABELS = (-1, 0, 1)
_LEVELS = ("nominal", "ordinal", "interval")


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()] if value else []


def load_coding(path: str | Path, *, key: str | None = None, scales: dict[str, str] | None = None) -> pd.DataFrame:
    """Read a coding file (TSV with header) into a tidy table.

    Parameters
    ----------
    path : path
        A ``seed_coder*.tsv`` or ``gnad_codes_*.tsv`` file.
    key : str, optional
        The id column (``sent_id`` or ``item``); by default the first column.
    scales : dict, optional
        Further code columns and their scale (:data:`analysis.measures.CODING_SCALES`; the
        ``coding_columns`` of registered measures): ``polarity`` read as an int, ``multilabel``
        as a sorted list, ``stance`` as a dict. The four columns above are always read.

    Returns
    -------
    DataFrame
        Indexed by the key; ``sentiment`` (int), ``frames`` and ``targets`` (sorted lists),
        ``stance`` (dict target → (label, holder)), ``note``.

    Raises
    ------
    ValueError
        A malformed row, naming the file and the line.
    """
    path = Path(path)
    rows = []
    from .corpus import decode_file

    with io.StringIO(decode_file(path, encoding="utf-8"), newline="") as handle:  # names an undecodable line
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, [])
        key = key or (header[0] if header else "item")
        missing = [c for c in (key, "sentiment") if c not in header]
        if missing:
            raise ValueError(f"{path}, line 1: no column {', '.join(map(repr, missing))} in the header")
        for line, row in enumerate(reader, start=2):
            if not row:
                continue
            if len(row) != len(header):
                raise ValueError(f"{path}, line {line}: {len(row)} fields, the header has {len(header)}")
            record = dict(zip(header, row))
            try:
                sentiment = int(record["sentiment"])
            except ValueError:
                raise ValueError(f"{path}, line {line}: sentiment {record['sentiment']!r} is not -1, 0 or 1") from None
            if sentiment not in POLARITY_LABELS:
                raise ValueError(f"{path}, line {line}: sentiment {sentiment} is not -1, 0 or 1")
            stance = {}
            for entry in _split(record.get("stance", "")):
                try:
                    target, rest = entry.split("=", 1)
                    label, holder = rest.split("@", 1)
                    stance[target.strip()] = (int(label), holder.strip())
                except ValueError:
                    raise ValueError(f"{path}, line {line}: stance entry {entry!r} is not target=label@holder") from None
            targets = sorted(_split(record.get("targets", "")))
            if sorted(stance) != targets:
                raise ValueError(f"{path}, line {line}: stance targets {sorted(stance)} differ from targets {targets}")
            if not record[key].strip().lstrip("-").isdigit():
                raise ValueError(f"{path}, line {line}: {key} {record[key]!r} is not a whole number")
            row = {key: int(record[key]), "sentiment": sentiment,
                   "frames": sorted(_split(record.get("frames", ""))), "targets": targets,
                   "stance": stance, "note": record.get("note", "")}
            for column, scale in (scales or {}).items():
                if column not in row and column in record:
                    row[column] = _parse_code(record[column], scale, f"{path}, line {line}: {column}")
            rows.append(row)
    if not rows:
        raise ValueError(f"{path}: no coded rows after the header")
    return pd.DataFrame(rows).set_index(key)


def _parse_code(value: str, scale: str, where: str):
    """One code of a further column (see :func:`load_coding`)."""
    try:
        if scale == "polarity":
            return int(value)
        if scale == "multilabel":
            return sorted(_split(value))
        return {t.strip(): (int(rest.split("@", 1)[0]), rest.split("@", 1)[1].strip())
                for t, rest in (entry.split("=", 1) for entry in _split(value))}
    except (ValueError, IndexError):
        raise ValueError(f"{where}: {value!r} is not a {scale} code") from None


def restore_sample(sample_path: str | Path, articles_path: str | Path) -> pd.DataFrame:
    """Put the text back into the by-reference 10kGNAD sample, checking each sentence's SHA-1.

    Parameters
    ----------
    sample_path : path
        ``data/annotations/gnad_sample.tsv``.
    articles_path : path
        A local copy of ``10kgnad/articles.csv`` (not part of the repository).

    Raises
    ------
    ValueError
        A sentence whose text does not match its recorded checksum (a different corpus version).
    """
    with Path(articles_path).open(encoding="utf-8", newline="") as handle:
        records = list(csv.reader(handle, delimiter=";", quotechar="'"))
    sample = pd.read_csv(sample_path, sep="\t")
    texts = []
    for row in sample.itertuples(index=False):
        text = records[row.record - 1][1][row.start:row.end]
        if hashlib.sha1(text.encode("utf-8")).hexdigest() != row.sha1:
            raise ValueError(f"{sample_path}: item {row.item}: text at record {row.record} "
                             f"[{row.start}:{row.end}] does not match its SHA-1; is {articles_path} the same corpus?")
        texts.append(text)
    return sample.assign(text=texts).set_index("item")


def krippendorff_alpha(*codings, level: str = "ordinal") -> float:
    """Krippendorff's α for two or more codings of the same units (NaN = not coded)."""
    if level not in _LEVELS:
        raise ValueError(f"level={level!r}; valid: {', '.join(_LEVELS)}")
    data = np.array([np.asarray(c, dtype=float) for c in codings])
    if np.unique(data[~np.isnan(data)]).size < 2:
        return float("nan")  # α is undefined when only one value occurs
    import krippendorff  # on use: the command line starts faster without it

    return float(krippendorff.alpha(reliability_data=data, level_of_measurement=level))


def label_agreement(gold, predicted, *, labels=POLARITY_LABELS, level: str = "ordinal") -> dict:
    """Accuracy, macro-F1 and Krippendorff's α between gold and predicted labels.

    Returns
    -------
    dict
        ``n``, ``accuracy``, ``macro_f1`` (over ``labels``), ``alpha``.
    """
    from sklearn.metrics import accuracy_score, f1_score  # on use: scikit-learn is slow to import

    gold, predicted = list(gold), list(predicted)
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predicted")
    return {
        "n": len(gold),
        "accuracy": float(accuracy_score(gold, predicted)),
        "macro_f1": float(f1_score(gold, predicted, labels=list(labels), average="macro", zero_division=0)),
        "alpha": krippendorff_alpha(gold, predicted, level=level),
    }


def confusion(gold, predicted, *, labels=POLARITY_LABELS) -> pd.DataFrame:
    """Confusion matrix: gold labels in rows, predicted in columns."""
    table = pd.crosstab(pd.Series(list(gold), name="gold"), pd.Series(list(predicted), name="predicted"))
    return table.reindex(index=list(labels), columns=list(labels), fill_value=0)


def multilabel_agreement(gold_sets, predicted_sets, labels) -> pd.DataFrame:
    """Per-label precision, recall, F1, support and nominal α for multi-label codes.

    ``gold_sets`` and ``predicted_sets`` are sequences of collections of label ids, one per unit.

    Returns
    -------
    DataFrame
        One row per label plus a ``micro`` and a ``macro`` row: ``precision``, ``recall``, ``f1``,
        ``support`` (gold units with the label), ``predicted`` (units predicted with it), ``alpha``.
    """
    from sklearn.metrics import precision_recall_fscore_support  # on use: slow to import

    gold_sets, predicted_sets = list(gold_sets), list(predicted_sets)
    labels = list(labels)
    gold = np.array([[lab in g for lab in labels] for g in gold_sets], dtype=int).reshape(-1, len(labels))
    pred = np.array([[lab in p for lab in labels] for p in predicted_sets], dtype=int).reshape(-1, len(labels))
    p, r, f, support = precision_recall_fscore_support(gold, pred, average=None, zero_division=0)
    rows = []
    for i, lab in enumerate(labels):
        rows.append({"label": lab, "precision": p[i], "recall": r[i], "f1": f[i], "support": int(support[i]),
                     "predicted": int(pred[:, i].sum()),
                     "alpha": krippendorff_alpha(gold[:, i], pred[:, i], level="nominal")})
    for average in ("micro", "macro"):
        p, r, f, _ = precision_recall_fscore_support(gold, pred, average=average, zero_division=0)
        rows.append({"label": average, "precision": p, "recall": r, "f1": f, "support": int(gold.sum()),
                     "predicted": int(pred.sum()), "alpha": np.nan})
    return pd.DataFrame(rows)


def stance_pairs(gold: pd.DataFrame, predicted: dict, *, targets=None) -> pd.DataFrame:
    """Align gold and predicted stance per (unit, target) where the gold coding names the target.

    Parameters
    ----------
    gold : DataFrame
        From :func:`load_coding`.
    predicted : dict
        unit id → {target: label} (a target the tool did not find is counted as 0, neutral).
    targets : collection, optional
        Restrict to these targets.

    Returns
    -------
    DataFrame
        ``unit``, ``target``, ``gold``, ``predicted``, ``gold_holder``.
    """
    rows = []
    for unit, stance in gold["stance"].items():
        for target, (label, holder) in stance.items():
            if targets is not None and target not in targets:
                continue
            rows.append({"unit": unit, "target": target, "gold": label,
                         "predicted": int(predicted.get(unit, {}).get(target, 0)), "gold_holder": holder})
    return pd.DataFrame(rows, columns=["unit", "target", "gold", "predicted", "gold_holder"])


def intercoder_agreement(first: pd.DataFrame, second: pd.DataFrame, *, frames, targets) -> pd.DataFrame:
    """Agreement between two codings of the same units, per task.

    Parameters
    ----------
    first, second : DataFrame
        From :func:`load_coding`; only the units both coded are compared.
    frames, targets : sequences of ids

    Returns
    -------
    DataFrame
        One row per task: ``task`` (sentiment, frames, targets, stance, holder), ``n`` (units or
        unit × target pairs), ``agreement`` (share of identical codes; for frames and targets the
        micro-F1 of one coder against the other), ``alpha`` (ordinal for sentiment and stance,
        nominal for holders, the mean of the per-id nominal α for frames and targets).
    """
    units = first.index.intersection(second.index)
    a, b = first.loc[units], second.loc[units]
    rows = []
    sentiment = label_agreement(a["sentiment"], b["sentiment"])
    rows.append({"task": "sentiment", "n": sentiment["n"], "agreement": sentiment["accuracy"],
                 "alpha": sentiment["alpha"]})
    for task, ids in (("frames", frames), ("targets", targets)):
        table = multilabel_agreement(a[task], b[task], ids).set_index("label")
        per_id = table.loc[list(ids), "alpha"].dropna()
        rows.append({"task": task, "n": len(units), "agreement": float(table.loc["micro", "f1"]),
                     "alpha": float(per_id.mean()) if len(per_id) else float("nan")})
    pairs = [(a.loc[u, "stance"][t], b.loc[u, "stance"][t]) for u in units
             for t in a.loc[u, "stance"] if t in b.loc[u, "stance"]]
    stance = label_agreement([p[0][0] for p in pairs], [p[1][0] for p in pairs])
    rows.append({"task": "stance", "n": stance["n"], "agreement": stance["accuracy"], "alpha": stance["alpha"]})
    holders = [p[0][1] for p in pairs], [p[1][1] for p in pairs]
    codes = {h: i for i, h in enumerate(sorted(set(holders[0]) | set(holders[1])))}
    rows.append({"task": "holder", "n": len(pairs),
                 "agreement": float(np.mean([x == y for x, y in zip(*holders)])) if pairs else float("nan"),
                 "alpha": krippendorff_alpha([codes[h] for h in holders[0]], [codes[h] for h in holders[1]],
                                             level="nominal")})
    return pd.DataFrame(rows, columns=["task", "n", "agreement", "alpha"])


_QUOTE_TRIM = "„“”\"»«‚‘’ .,\n\t"
_SPEAKER_STOP = frozenset("der die das des dem den ein eine einer eines einem einen sprecher sprecherin "
                          "präsident präsidentin minister ministerin chef chefin".split())
_PRONOUNS = frozenset("er sie es ihr ihm ihn man wir ich".split())


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _QUOTE_TRIM:
        start += 1
    while end > start and text[end - 1] in _QUOTE_TRIM:
        end -= 1
    return start, end


def _name_keys(words: str | None) -> set:
    """Lower-cased capitalised words of a name, without a genitive -s ("Armstrongs" → "armstrong")."""
    keys = set()
    for w in (words or "").replace("-", " ").split():
        w = w.strip(".,;:()„“\"")
        if len(w) > 2 and w[:1].isupper() and w.lower() not in _SPEAKER_STOP:
            keys.add(w.lower()[:-1] if w.endswith("s") and len(w) > 4 else w.lower())
    return keys


def quotation_scores(documents, predictions, *, registry=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Quotation spans and speakers of a tool against annotated documents.

    Parameters
    ----------
    documents : list of dict
        :func:`analysis.corpus.read_quotation_annotations`.
    predictions : dict
        doc id → the tool's quotations (dicts with ``start``, ``end``, ``speaker``,
        ``speaker_start``, ``speaker_end``, ``speaker_target``); distancing quotes left out.
    registry : Registry, optional
        For naming a gold speaker's target (:func:`analysis.actors.find_mentions`).

    Returns
    -------
    (DataFrame, DataFrame)
        ``task`` (``quote_span_overlap``, ``quote_span_exact``, ``speaker``), ``precision``,
        ``recall``, ``f1``, ``n_gold``, ``n_predicted``; and ``type``, ``n_gold``, ``recall_overlap``.

    Notes
    -----
    Spans are compared without quotation marks, white space and a final period. A gold quotation
    is *found* when one predicted quotation covers at least half of its characters, a predicted
    one is *right* when one gold quotation covers at least half of its characters (GermEval 2023
    SpkAtt scored tokens; this is the span-level reading of the same idea). *Exact*: the same
    trimmed span. A speaker is right, for a found gold quotation with a speaker, when the
    quotation found it has a speaker that names the same person or organisation: its span overlaps
    the gold speaker span, or its name shares a capitalised word with the gold speaker's (a gold
    pronoun stands for the nearest earlier gold speaker that is not a pronoun), or both resolve to
    the same registry target. Speaker precision divides by the predicted quotations with a
    speaker, recall by the gold quotations with one.
    """
    from .actors import find_mentions

    c = dict.fromkeys(["gold", "pred", "found", "right", "exact_gold", "exact_pred", "spk_gold", "spk_pred",
                       "spk_right"], 0)
    by_type: dict = {}
    for doc in documents:
        text = doc["text"]
        gold = doc["quotes"]
        pred = predictions.get(doc["id"], [])
        g_chars = []
        for q in gold:
            chars = set()
            for s, e in q["spans"]:
                chars.update(range(*_trimmed(text, s, e)))
            g_chars.append(chars or {q["spans"][0][0]})
        p_chars = [set(range(*_trimmed(text, q["start"], q["end"]))) or {q["start"]} for q in pred]
        g_exact = [_trimmed(text, min(s for s, _ in q["spans"]), max(e for _, e in q["spans"])) for q in gold]
        p_exact = [_trimmed(text, q["start"], q["end"]) for q in pred]
        c["gold"] += len(gold)
        c["pred"] += len(pred)
        c["exact_gold"] += sum(g in p_exact for g in g_exact)
        c["exact_pred"] += sum(p in g_exact for p in p_exact)
        c["right"] += sum(any(len(pc & gc) * 2 >= len(pc) for gc in g_chars) for pc in p_chars)
        c["spk_pred"] += sum(q.get("speaker_start") is not None or bool(q.get("speaker")) for q in pred)
        named = []  # (start, words) of gold speakers that are not pronouns
        for q in gold:
            for s, e in q["speaker"]:
                if text[s:e].lower() not in _PRONOUNS:
                    named.append((s, text[s:e]))
        named.sort()
        for q, gc in zip(gold, g_chars):
            cover = [(len(pc & gc), i) for i, pc in enumerate(p_chars)]
            best = max(cover, default=(0, -1))
            found = best[0] * 2 >= len(gc) and best[1] >= 0
            by_type.setdefault(q["type"], [0, 0])
            by_type[q["type"]][0] += 1
            by_type[q["type"]][1] += found
            c["found"] += found
            if not q["speaker"]:
                continue
            c["spk_gold"] += 1
            if not found:
                continue
            p = pred[best[1]]
            if p.get("speaker_start") is None and not p.get("speaker"):
                continue
            overlap = p.get("speaker_start") is not None and any(
                s < p["speaker_end"] and p["speaker_start"] < e for s, e in q["speaker"])
            words = " ".join(text[s:e] for s, e in q["speaker"])
            if words.lower() in _PRONOUNS:
                before = [w for s, w in named if s < q["speaker"][0][0]]
                words = before[-1] if before else words
            same_name = bool(_name_keys(words) & _name_keys(p.get("speaker")))
            targets = {m["target"] for s, e in q["speaker"] for m in find_mentions(text, s, e, registry=registry)
                       if m["kind"] != "proxy"} if p.get("speaker_target") else set()
            c["spk_right"] += overlap or same_name or p.get("speaker_target") in targets

    def prf(tp_p, n_p, tp_r, n_r):
        p = tp_p / n_p if n_p else float("nan")
        r = tp_r / n_r if n_r else float("nan")
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    rows = [("quote_span_overlap", *prf(c["right"], c["pred"], c["found"], c["gold"]), c["gold"], c["pred"]),
            ("quote_span_exact", *prf(c["exact_pred"], c["pred"], c["exact_gold"], c["gold"]), c["gold"], c["pred"]),
            ("speaker", *prf(c["spk_right"], c["spk_pred"], c["spk_right"], c["spk_gold"]), c["spk_gold"],
             c["spk_pred"])]
    table = pd.DataFrame(rows, columns=["task", "precision", "recall", "f1", "n_gold", "n_predicted"])
    types = pd.DataFrame([{"type": t, "n_gold": n, "recall_overlap": hit / n} for t, (n, hit) in sorted(by_type.items())],
                         columns=["type", "n_gold", "recall_overlap"])
    return table, types

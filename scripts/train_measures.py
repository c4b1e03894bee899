"""Train the learned measures on the coded sample v2 (``make models``), and score the frozen test once.

Steps: restore the coded sample's texts from the corpora (every hash checked); score each
sentence with the rule method inside its article (Leipzig sentences alone, as they come); encode;
choose and fit every head by cross-validation grouped by article on the **train split only**;
write ``analysis/models/heads.json``, ``precedents.npz``, ``measures.md`` (the model card) and the
cross-validation table ``data/validation/learned_cv.csv``.

``--evaluate-test`` then scores the frozen test split with the fixed models and with the rules,
and writes ``data/validation/learned_test.csv`` beside the coders' agreement on the same split.
Run it once, after the models are fixed; nothing is chosen on its result.

Usage::

    python scripts/train_measures.py ../shared/corpora -o analysis/models [--evaluate-test]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.actors import load_registry  # noqa: E402
from analysis.coded_sample import CODES_V2, SAMPLE_V2, load_coded_sample, read_sample, reliability  # noqa: E402
from analysis.coded_sample import _corpus_texts, CORPUS_FILES  # noqa: E402
from analysis.corpus import Corpus, Document  # noqa: E402
from analysis.encoder import SentenceEncoder  # noqa: E402
from analysis.heads import write_json_atomic  # noqa: E402
from analysis.learned import LearnedModels, build_features, feature_measures  # noqa: E402
from analysis.paths import VALIDATION  # noqa: E402
from analysis.pipeline import prepare  # noqa: E402
from analysis.report import write_table  # noqa: E402
from analysis.score import score_records  # noqa: E402
from analysis.training import _predicted_codes, _rule_codes, _write_precedents, evaluate_codes, fit_learned  # noqa: E402


def rule_records(coded: pd.DataFrame, corpora: Path) -> list[dict]:
    """The rule method's ``score`` record of every coded sentence, scored inside its article."""
    found: dict[tuple, dict] = {}
    measures = feature_measures()
    for corpus in sorted(set(coded["corpus"])):
        rows = coded[coded["corpus"] == corpus]
        if corpus.startswith("leipzig"):
            docs = [Document(id=f"{corpus}:{r.record}", text=r.text) for r in rows.itertuples()]
        else:
            texts = _corpus_texts(corpus, corpora / CORPUS_FILES[corpus])
            docs = [Document(id=f"{corpus}:{record}", text=texts[record]) for record in sorted(set(rows["record"]))]
        for record in score_records(prepare(Corpus(docs), check=False), measures=measures):
            found[(record["doc_id"], record["start"], record["end"])] = record
    out, missing = [], 0
    for r in coded.itertuples():
        key = (f"{r.corpus}:{r.record}", 0 if r.corpus.startswith("leipzig") else r.start,
               len(r.text) if r.corpus.startswith("leipzig") else r.end)
        record = found.get(key)
        if record is None:  # the rule pipeline split differently: score the sentence alone
            missing += 1
            record = score_records(prepare(Corpus([Document(id=r.item, text=r.text)]), check=False),
                                   measures=measures)[0]
        out.append(record)
    print(f"rule records: {len(out)} ({missing} scored alone)")
    return out


def groups_of(coded: pd.DataFrame) -> list[str]:
    return [r.item if r.corpus.startswith("leipzig") else f"{r.corpus}:{r.record}" for r in coded.itertuples()]


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def markdown_table(table: pd.DataFrame) -> str:
    """A pipe table; numbers to three decimals."""
    cells = [[f"{v:.3f}" if isinstance(v, float) else str(v) for v in row] for row in table.itertuples(index=False)]
    head = "| " + " | ".join(map(str, table.columns)) + " |\n|" + "---|" * len(table.columns)
    return head + "".join("\n| " + " | ".join(row) + " |" for row in cells)


def write_model_card(heads: dict, cv: pd.DataFrame, path: Path, test: pd.DataFrame | None = None) -> None:
    """The model card: data, features, settings, cross-validated and frozen-test agreement."""
    meta = heads["meta"]
    lines = [
        "# Model card: the learned measures (sentiment, frames, mentions, stance)", "",
        f"Trained {meta['trained']} by `make models` (`scripts/train_measures.py`, seeded, deterministic).", "",
        "## Training data",
        f"- {meta['source']['name']}: {meta['source']['sentences']} sentences coded by language-model coders "
        "from `data/annotations/CODING_v2.md` (see `data/README.md`).",
        f"- `data/annotations/v2/sample.tsv` SHA-256 `{meta['source']['sample_sha256']}`; codes "
        f"(`data/annotations/v2/codes/*.tsv`, hash of the file hashes) `{meta['source']['codes_sha256']}`.",
        "- Texts: Leipzig news sentences 2020-2022 (CC BY-NC), 10kGNAD (CC BY-NC-SA 4.0), Wikinews train "
        "(CC BY-NC-SA 4.0). No text is stored here: `heads.json` holds coefficients; `precedents.npz` the "
        "int8 sentence vectors, ids and codes of the training sentences.", "",
        "## Features",
        f"- Sentence vector: {meta['encoder']} (384 dimensions, `analysis/encoder.py`).",
        "- Heads: logistic regressions on the standardised features; for sentiment the cross-validation also "
        "tries a kernel head (`analysis.heads.KernelHead`: the regression on a Nyström map of an RBF kernel, "
        "1,000 landmark rows of the training data, γ = 0.5 / number of features), and the table below says "
        "which kind won. Its landmark rows (standardised features of training sentences, float32) are stored "
        "in `heads.json` as base64, no text.",
        "- Rule signals (`analysis/features.py`): lexicon scores and weight sums, frame-dictionary hits per frame, "
        "quotations by type; per target the registry's mentions by kind, the candidate net's hits, the rule "
        "stance's score, label, holder and cues, the speaker of the quotations covering the sentence; for pairs "
        "also the vector of the words around the candidate.",
        "- The quotations behind these signals (and so the rule stance's holders) are the learned CRF's "
        "(`analysis/models/quotations.crfsuite`, `QuotationsLearned`) with the rules' scare quotes; the holder "
        "head chooses among journalist, russia, eu, ukraine, usa and other (never the target itself); where it "
        "says other and the rules name a registry target it cannot (kazakhstan, china, nato), that target is the "
        "holder (CV on train: holder α 0.440 without, 0.444 with this; added after the frozen test was scored, "
        "so the test's holder figure below is without it).",
        "", "## Heads and settings (chosen by 5-fold CV grouped by article, train split only)", "",
        "| head | C | class weight | CV score |", "|---|---|---|---|",
    ]
    named = [("sentiment", heads["sentiment"]), ("stance", heads["stance"])]
    named += [("stance holder", heads["holder"])] if heads.get("holder") else []
    named += [(f"frame {f}", h) for f, h in heads["frames"].items()]
    named += [(f"mentions {t}", h) for t, h in heads["mentions"].items()]
    for name, head in named:
        kind = "kernel, " if head["kind"] == "kernel_logistic_regression" else ""
        lines.append(f"| {name} | {kind}{head['C']} | {head['class_weight'] or 'none'} | {head['info']['cv_best']} |")
    lines += ["", "Thresholds (F1-best on out-of-fold predictions): frames "
              + ", ".join(f"{k} {v}" for k, v in heads["frame_thresholds"].items()) + "; mentions "
              + ", ".join(f"{k} {v}" for k, v in heads["mention_thresholds"].items()) + ".", "",
              "## Cross-validated agreement (train split)", "", markdown_table(cv), ""]
    if test is not None:
        lines += ["## Frozen test split (scored after the models were fixed; nothing was chosen on it)", "",
                  "The split has been scored three times, each time after the models were fixed: first for the "
                  "models of 2026-12-06 whose stance holders were the rules' (sentiment α 0.587, frames macro-F1 "
                  "0.574, mentions F1 0.949, stance α 0.420); second after the holders moved to the learned "
                  "quotations and a holder head (issue 16: sentiment α 0.586, frames 0.572, mentions 0.950, "
                  "stance 0.430, holder 0.395); third for these models, whose sentiment head is a kernel head "
                  "(chosen by the grouped CV on train, argmax α 0.581 against 0.546 for the best linear head) "
                  "and whose quotation speakers come from the speaker ranker. On the test split the kernel head "
                  "does not repeat its CV gain (α 0.585 against the linear head's 0.586 of the second scoring); "
                  "it is kept because the choice was the CV's, not the test's. Nothing was chosen on the test "
                  "split, but it is a split that had been seen twice.", "",
                  markdown_table(test), ""]
    lines += ["## Intended use and limits",
              "German news sentences, 2015-2022 (training data); targets russia, eu, ukraine for mentions and "
              "stance. Coders are language models, not humans (agreement in `data/README.md`). Check the agreement "
              "on your own corpus with a coded sheet (`python -m analysis train`).", ""]
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text("\n".join(lines), encoding="utf-8")
    os.replace(tmp, path)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", type=Path, help="the folder ../shared/corpora")
    parser.add_argument("-o", "--output", type=Path, default=Path("analysis/models"))
    parser.add_argument("--evaluate-test", action="store_true", help="score the frozen test split (once)")
    parser.add_argument("--partial", action="store_true", help="allow uncoded sentences (development)")
    parser.add_argument("--codes", type=Path, default=CODES_V2, help="the folder of coding files")
    parser.add_argument("--limit", type=int, default=None, help="development: only the first N sentences")
    parser.add_argument("--validation-dir", type=Path, default=VALIDATION, help="where the metric tables go")
    parser.add_argument("--smoke", action="store_true",
                        help="development: run the evaluation code on the training split, never the test split")
    args = parser.parse_args(argv)
    coded = load_coded_sample(args.corpora, complete=not args.partial, codes_dir=args.codes)
    if args.limit:
        coded = coded.head(args.limit)
    print(f"coded sentences: {len(coded)} (uncoded {coded.attrs['uncoded']})")
    records = rule_records(coded, args.corpora)
    registry = load_registry()
    encoder = SentenceEncoder()
    train = (coded["split"] == "train").to_numpy()
    coded_train = coded[train].reset_index(drop=True)
    records_train = [r for r, keep in zip(records, train) if keep]
    features = build_features(records_train, encoder, registry)
    source = {"name": "coded sample v2, train split", "sentences": int(train.sum()),
              "sample_sha256": sha256_file(SAMPLE_V2),
              "codes_sha256": hashlib.sha256(b"".join(sha256_file(p).encode() for p in sorted(args.codes.glob("*.tsv")))).hexdigest()}
    heads, cv = fit_learned(features, coded_train, groups=groups_of(coded_train), source=source)
    args.output.mkdir(parents=True, exist_ok=True)
    write_json_atomic(heads, args.output / "heads.json")
    _write_precedents(features, coded_train, coded_train["item"].tolist(), args.output / "precedents.npz")
    write_table(cv, args.validation_dir / "learned_cv.csv")
    print(cv.to_string(index=False))
    test_table = None
    if args.evaluate_test or args.smoke:
        test = train if args.smoke else ~train
        coded_test = coded[test].reset_index(drop=True)
        records_test = [r for r, keep in zip(records, test) if keep]
        predictions = LearnedModels(args.output, encoder=encoder).predict(records_test, registry, precedents=False)
        table = pd.concat([evaluate_codes(coded_test, _predicted_codes(predictions)).assign(method="model"),
                           evaluate_codes(coded_test, _rule_codes(records_test)).assign(method="dictionary")])
        coders = reliability(read_sample(), args.codes, split="test")
        write_table(table, args.validation_dir / "learned_test.csv")
        write_table(coders, args.validation_dir / "coders_test.csv")
        print(table.to_string(index=False))
        print(coders.to_string(index=False))
        test_table = table
    write_model_card(heads, cv, args.output / "measures.md", test_table)


if __name__ == "__main__":
    main()

"""Throughput of the full ``score`` pipeline against scikit-learn's CountVectorizer.

Builds a corpus of about ``--size-mb`` MB by resampling the 10kGNAD articles (the data may not be
committed: pass its path), then prints, side by side, tokens per second of

- ``CountVectorizer().fit_transform`` on the same texts (one core; the baseline),
- spaCy's blank German tokenizer, if spaCy is installed,
- the full pipeline (structure, sentences, tokens, lemmas, every registered scorer) through
  :func:`analysis.batch.score_corpus` on 1 and on 2 local processes and on a 2-worker Dask
  ``LocalCluster`` (its overhead over the local 2-process run, start-up excluded),
- one article of median length through the whole pipeline: the first call after import and the
  median of nine more,

and the peak resident memory of each run. Tokens are counted with the project's tokenizer.

Usage::

    python benchmarks/bench_pipeline.py ../shared/corpora/10kgnad/articles.csv --size-mb 100
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build_corpus(articles: Path, size_mb: float, out: Path, seed: int = 1) -> tuple[int, int]:
    with articles.open(encoding="utf-8", newline="") as handle:
        texts = [text for _, text in csv.reader(handle, delimiter=";", quotechar="'")]
    rng = random.Random(seed)
    written, n = 0, 0
    with out.open("w", encoding="utf-8") as handle:
        while written < size_mb * 1e6:
            text = rng.choice(texts)
            handle.write(json.dumps({"id": f"d{n}", "text": text}, ensure_ascii=False) + "\n")
            written += len(text.encode("utf-8"))
            n += 1
    return n, written


def run_child(code: str) -> dict:
    """Run a measurement in a fresh process; it prints one JSON line with its figures."""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
{body}
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps(dict(seconds=seconds, peak_mb=peak / 1024, **extra)))
"""

COUNT = """
import json
from analysis.segment import split_tokens
n = 0
for line in open({path!r}, encoding="utf-8"):
    n += sum(1 for _, _, kind in split_tokens(json.loads(line)["text"]) if kind != "punct")
seconds, extra = 0.0, dict(tokens=n)
"""

VECTORIZER = """
import json
from sklearn.feature_extraction.text import CountVectorizer
texts = [json.loads(line)["text"] for line in open({path!r}, encoding="utf-8")]
t = time.perf_counter(); X = CountVectorizer().fit_transform(texts); seconds = time.perf_counter() - t
extra = dict(tokens=int(X.sum()))
"""

SPACY = """
import json, spacy
nlp = spacy.blank("de")
texts = [json.loads(line)["text"] for line in open({path!r}, encoding="utf-8")]
t = time.perf_counter(); n = sum(len(d) for d in nlp.tokenizer.pipe(texts)); seconds = time.perf_counter() - t
extra = dict(tokens=n)
"""

PIPELINE = """
from analysis.batch import score_corpus
t = time.perf_counter()
score_corpus({path!r}, {out!r}, chunk_size={chunk}, workers={workers}, backend={backend!r}, progress=False)
seconds = time.perf_counter() - t
extra = dict()
"""

SINGLE = """
import csv, statistics
from analysis.corpus import Corpus, Document
from analysis.pipeline import prepare
from analysis.measures import resolve_measures
from analysis.score import score_records
# "after import": every measure's object made, nothing loaded yet (each loads its resources on
# first use and keeps them, as in one run of the score command)
measures = list(resolve_measures().values())
with open({articles!r}, encoding="utf-8", newline="") as handle:
    texts = sorted((text for _, text in csv.reader(handle, delimiter=";", quotechar="'")), key=len)
article = Corpus([Document(id="median", text=texts[len(texts) // 2])])
def run():
    t = time.perf_counter(); score_records(prepare(article), measures=measures); return time.perf_counter() - t
first = run()
seconds, extra = first, dict(warm=statistics.median(run() for _ in range(9)), words=len(texts[len(texts) // 2].split()))
"""

DASK_STARTUP = """
from distributed import Client, LocalCluster
t = time.perf_counter()
cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
client = Client(cluster); client.close(); cluster.close()
seconds = time.perf_counter() - t
extra = dict()
"""


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=Path, help="path to 10kgnad/articles.csv")
    parser.add_argument("--size-mb", type=float, default=100.0, help="corpus size to build (default 100)")
    parser.add_argument("--chunk-size", type=int, default=500, help="documents per chunk")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        n_docs, n_bytes = build_corpus(args.articles, args.size_mb, corpus)
        tokens = run_child(CHILD.format(root=str(ROOT), body=COUNT.format(path=str(corpus))))["tokens"]
        print(f"corpus: {n_docs:,} documents, {n_bytes / 1e6:.1f} MB, {tokens:,} word and number tokens")
        rows = []
        base = run_child(CHILD.format(root=str(ROOT), body=VECTORIZER.format(path=str(corpus))))
        rows.append(("CountVectorizer().fit_transform, 1 core", base["tokens"] / base["seconds"], base))
        try:
            sp = run_child(CHILD.format(root=str(ROOT), body=SPACY.format(path=str(corpus))))
            rows.append(("spaCy blank('de') tokenizer, 1 core", sp["tokens"] / sp["seconds"], sp))
        except subprocess.CalledProcessError:
            print("spaCy not installed: skipped")
        for label, workers, backend in (("full score pipeline, 1 process", 1, "local"),
                                        ("full score pipeline, 2 processes", 2, "local"),
                                        ("full score pipeline, Dask LocalCluster 2 workers", 2, "dask")):
            out = Path(tmp) / f"out-{backend}-{workers}"
            res = run_child(CHILD.format(root=str(ROOT), body=PIPELINE.format(
                path=str(corpus), out=str(out), chunk=args.chunk_size, workers=workers, backend=backend)))
            rows.append((label, tokens / res["seconds"], res))
        startup = run_child(CHILD.format(root=str(ROOT), body=DASK_STARTUP))["seconds"]
        single = run_child(CHILD.format(root=str(ROOT), body=SINGLE.format(articles=str(args.articles))))
        cv = rows[0][1]
        print(f"\n{'run':52} {'tokens/s':>12} {'x CountVectorizer':>18} {'seconds':>9} {'peak MB':>9}")
        for label, rate, res in rows:
            print(f"{label:52} {rate:12,.0f} {rate / cv:18.2f} {res['seconds']:9.1f} {res['peak_mb']:9.0f}")
        local2 = next(r for r in rows if r[0].endswith("2 processes"))[2]["seconds"]
        dask2 = rows[-1][2]["seconds"]
        print(f"\nDask start-up (LocalCluster, 2 workers): {startup:.1f} s; overhead over 2 local processes "
              f"beyond start-up: {(dask2 - startup - local2) / local2:+.1%}")
        print(f"One article of median length ({single['words']} words), full score pipeline: "
              f"{single['seconds'] * 1000:.0f} ms as the first call after import (lexicons, codebook and "
              f"registry load then), {single['warm'] * 1000:.0f} ms afterwards (median of 9)")


if __name__ == "__main__":
    main()

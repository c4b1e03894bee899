"""Speed of the learned method: the encoder alone, the learned and the dictionary ``score``, a warm rerun.

Prints, on the same sentences in one run: sentences per second of the sentence encoder alone
(cache off), of the full learned ``score`` with an empty cache, of the dictionary ``score``, and
of the learned ``score`` again with the cache now warm; then the wall time of one article from
the command line, cold (a fresh process, an empty cache). Figures only, no timed assertions.

Usage::

    python benchmarks/bench_learned.py ../shared/corpora/10kgnad/articles.csv --articles 50
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.corpus import Corpus, Document  # noqa: E402
from analysis.encoder import SentenceEncoder  # noqa: E402
from analysis.learned import LearnedModels  # noqa: E402
from analysis.measures.learned import select_measures  # noqa: E402
from analysis.paths import ROOT, SEED_ARTICLE  # noqa: E402
from analysis.pipeline import prepare  # noqa: E402
from analysis.score import score_records  # noqa: E402


def _timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=Path, help="10kgnad/articles.csv")
    parser.add_argument("--articles", type=int, default=50, dest="n")
    args = parser.parse_args(argv)
    with args.articles.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";", quotechar="'"))[: args.n]
    corpus = Corpus([Document(id=str(i), text=text) for i, (_, text) in enumerate(rows)])
    prepared = prepare(corpus, check=False)
    texts = prepared.sentences["text"].tolist()
    n = len(texts)
    print(f"{n} sentences from {len(rows)} articles")
    _, t_encoder = _timed(lambda: SentenceEncoder(cache=False).encode(texts))
    print(f"encoder alone (cache off):        {n / t_encoder:8.1f} sentences/s  ({t_encoder:.1f} s)")
    with tempfile.TemporaryDirectory() as cache:
        os.environ["ANALYSIS_CACHE"] = cache
        encoder = SentenceEncoder()
        models = LearnedModels(encoder=encoder)
        measures = select_measures("model")
        for m in measures:
            if getattr(m, "method", "") == "learned":
                m.models = models
        _, t_cold = _timed(lambda: score_records(prepared, measures=measures))
        encoded = encoder.encoded_
        print(f"learned score, empty cache:       {n / t_cold:8.1f} sentences/s  ({t_cold:.1f} s; "
              f"{encoded} texts encoded: sentences and target windows; "
              f"{t_cold / t_encoder * n / encoded - 1:+.0%} over the encoder's time for the same texts)")
        rules = select_measures("dictionary")
        _, t_rules = _timed(lambda: score_records(prepared, measures=rules))
        print(f"dictionary score:                 {n / t_rules:8.1f} sentences/s  ({t_rules:.1f} s)")
        warm_measures = select_measures("model")
        _, t_warm = _timed(lambda: score_records(prepare(corpus, check=False), measures=warm_measures))
        print(f"learned score, warm cache (rerun): {n / t_warm:8.1f} sentences/s  ({t_warm:.1f} s)")
    with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as out:
        env = dict(os.environ, ANALYSIS_CACHE=cache)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "analysis", "score", str(SEED_ARTICLE), "-o", f"{out}/seed.jsonl",
                        "--method", "model"], check=True, env=env, cwd=ROOT, capture_output=True)
        print(f"one article (seed, 55 sentences) from the command line, cold: {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()

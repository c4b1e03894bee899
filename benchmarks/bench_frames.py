"""Speed of frame detection: sentences per second, the full codebook against a 2,000-pattern dictionary.

Reads the 997 articles of 10kGNAD (``label;'text'`` rows), prepares them once (sentences, tokens,
lemmas: timed separately, it is shared by every analysis), then times dictionary look-up and frame
tables with (a) the frame codebook and (b) a 2,000-pattern dictionary built from the corpus
vocabulary (seed 0; half exact words, a quarter prefix wildcards ``abc*``, a tenth suffix
wildcards ``*abc``, some compound-head patterns and two-word phrases, each with a fresh compile,
so vocabulary matching is included). Prints the figures; nothing is written.

Usage::

    python benchmarks/bench_frames.py ../shared/corpora/10kgnad/articles.csv [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.corpus import Corpus, Document  # noqa: E402
from analysis.dictionary import Dictionary, Entry  # noqa: E402
from analysis.framing import detect_frames, frame_units, load_codebook  # noqa: E402
from analysis.pipeline import prepare  # noqa: E402


def synthetic_entries(tokens, n: int = 2000, seed: int = 0) -> list[Entry]:
    """``n`` patterns of mixed kinds drawn from the corpus vocabulary, in 20 categories."""
    rng = random.Random(seed)
    words = sorted(set(tokens.loc[tokens["kind"] == "word", "text"]))
    words = [w for w in words if len(w) >= 5]
    bigrams = list(zip(tokens["text"].iloc[:-1], tokens["text"].iloc[1:]))
    entries = []
    for i in range(n):
        word = rng.choice(words)
        kind = rng.random()
        cat = f"c{i % 20}"
        if kind < 0.5:
            entries.append(Entry(word, cat, lemma=rng.random() < 0.3))
        elif kind < 0.75:
            entries.append(Entry(word[: rng.randint(4, len(word))] + "*", cat))
        elif kind < 0.85:
            entries.append(Entry("*" + word[-rng.randint(4, len(word)):], cat))
        elif kind < 0.92:
            entries.append(Entry(word, cat, compound="head", exclude=(rng.choice(words) + "*",)))
        else:
            a, b = rng.choice(bigrams)
            entries.append(Entry(f"{a} {b}", cat))
    return entries


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", help="path to 10kgnad/articles.csv")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with open(args.articles, encoding="utf-8", newline="") as handle:
        records = list(csv.reader(handle, delimiter=";", quotechar="'"))
    corpus = Corpus([Document(id=str(i), text=text) for i, (_, text) in enumerate(records, start=1)])
    t0 = time.perf_counter()
    prepared = prepare(corpus)
    t_prepare = time.perf_counter() - t0
    n_sent, n_tok = len(prepared.sentences), len(prepared.tokens)
    print(f"{len(corpus)} articles, {n_sent:,} sentences, {n_tok:,} tokens, "
          f"{prepared.tokens['text'].nunique():,} word types; preparation {t_prepare:.1f} s "
          f"({n_sent / t_prepare:,.0f} sentences/s)")
    codebook = load_codebook()
    texts = {d.id: d.text for d in corpus}
    cases = {f"frame codebook ({codebook.dictionary.n_patterns_} patterns)": list(codebook.dictionary.entries_),
             "2,000-pattern dictionary": synthetic_entries(prepared.tokens)}
    for name, entries in cases.items():
        best = float("inf")
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            hits = Dictionary(entries).lookup(prepared.tokens, texts=texts)  # fresh compile: empty cache
            best = min(best, time.perf_counter() - t0)
        print(f"{name}: compile + look-up {best:.2f} s = {n_sent / best:,.0f} sentences/s, "
              f"{len(hits):,} hits (best of {args.repeat})")
    t0 = time.perf_counter()
    units = frame_units(prepared, detect_frames(prepared, codebook), codebook)
    t_frames = time.perf_counter() - t0
    print(f"frame detection end to end (hits + sentence table, codebook compiled): {t_frames:.2f} s = "
          f"{n_sent / t_frames:,.0f} sentences/s; {int(units[codebook.ids].any(axis=1).sum()):,} sentences "
          f"with a frame")
    return 0


if __name__ == "__main__":
    sys.exit(main())

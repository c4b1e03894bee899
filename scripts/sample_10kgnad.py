"""Draw the frozen validation sample of sentences from the 10kGNAD articles.

The 10kGNAD data may not be committed (CC BY-NC-SA 4.0, see ``../shared/corpora/10kgnad``), so
the sample is stored by reference: the article's record number in ``articles.csv`` (1-based, in
file order), the sentence's character offsets in the article text, and the SHA-1 of the sentence
text, which :func:`analysis.validate.restore_sample` checks when it puts the text back.

Sample design (fixed before any rule was written; seed 20221124):
- sentences as split by :func:`analysis.segment.sentences` with 5 to 60 tokens;
- stratum ``target``: 210 sentences from any section that match the selection pattern
  :data:`SELECT` (a plain keyword pattern for Russia, Ukraine and the EU, independent of the
  project's actor registry);
- stratum ``other``: 70 further sentences from the sections International and Wirtschaft that do
  not match it;
- in random order; at most 5 sentences per article, so that no article dominates.

Usage::

    python scripts/sample_10kgnad.py ../shared/corpora/10kgnad/articles.csv \
        -o data/annotations/gnad_sample.tsv
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.corpus import Corpus, Document  # noqa: E402
from analysis.segment import sentences, split_tokens  # noqa: E402

SEED = 20221124
SECTIONS = ("International", "Wirtschaft")
SELECT = re.compile(r"russ|ukrain|\bEU\b|EU-|europäische union|\bkreml|moskau|kiew|putin|brüssel",
                    re.IGNORECASE)
N_TARGET, N_OTHER, PER_ARTICLE = 210, 70, 5


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=Path, help="path to 10kgnad/articles.csv")
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    with args.articles.open(encoding="utf-8", newline="") as handle:
        records = list(csv.reader(handle, delimiter=";", quotechar="'"))
    docs = [Document(id=str(n), text=text, meta={"label": label})
            for n, (label, text) in enumerate(records, start=1)]
    sents = sentences(Corpus(docs))
    sents["n_tokens"] = [len(split_tokens(t)) for t in sents["text"]]
    sents = sents[sents["n_tokens"].between(5, 60)]
    label = {d.id: d.meta["label"] for d in docs}
    rng = random.Random(SEED)
    pool = list(sents.itertuples(index=False))
    rng.shuffle(pool)
    per_article: dict[str, int] = {}
    chosen = {"target": [], "other": []}
    quota = {"target": N_TARGET, "other": N_OTHER}
    for row in pool:
        stratum = "target" if SELECT.search(row.text) else "other"
        if stratum == "other" and label[row.doc_id] not in SECTIONS:
            continue
        if len(chosen[stratum]) >= quota[stratum] or per_article.get(row.doc_id, 0) >= PER_ARTICLE:
            continue
        chosen[stratum].append(row)
        per_article[row.doc_id] = per_article.get(row.doc_id, 0) + 1
    sample = [(s, r) for s in chosen for r in chosen[s]]
    rng.shuffle(sample)
    with args.output.open("w", encoding="utf-8", newline="") as out:
        out.write("item\trecord\tsection\tstart\tend\tsha1\tstratum\n")
        for item, (stratum, r) in enumerate(sample, start=1):
            digest = hashlib.sha1(r.text.encode("utf-8")).hexdigest()
            out.write(f"{item}\t{r.doc_id}\t{label[r.doc_id]}\t{r.start}\t{r.end}\t{digest}\t{stratum}\n")
    print(f"{len(sample)} sentences ({len(chosen['target'])} target, {len(chosen['other'])} other) "
          f"from {len(per_article)} articles -> {args.output}")


if __name__ == "__main__":
    main()

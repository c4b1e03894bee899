"""Record the ``score`` records of some inputs, and compare two such dumps cell by cell.

A refactoring of the measures must not change a single output. Record the records before the
change, again after it, and compare:

    python scripts/compare_records.py dump /tmp/before data/raw/article_de.txt \
        data/examples/mini_corpus.jsonl --gnad ../shared/corpora/10kgnad/articles.csv --gnad-n 1000
    ... change the code ...
    python scripts/compare_records.py dump /tmp/after  (the same inputs)
    python scripts/compare_records.py compare /tmp/before /tmp/after

``dump`` runs ``python -m analysis score`` (the command line, as a user would) on each input and
writes ``<folder>/<input stem>.jsonl``. ``--gnad`` takes the 10kGNAD ``articles.csv`` (``label;'text'``
without a header), converts its first ``--gnad-n`` articles to JSONL (ids ``gnad-0001`` …, the
section label as metadata) next to the dumps and scores that. The 10kGNAD data may not be
committed: keep the dump folder outside the repository (under ``/tmp``).

``compare`` pairs the files of the two folders by name, the records by position, and within a
record every field (``doc_id``, ``sent_id``, ``sentiment``, ``stance`` ...) by JSON equality; it
prints each difference (at most ``--show`` per file) and exits 1 if there is any, 0 otherwise.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def gnad_jsonl(articles: Path, n: int, out: Path) -> Path:
    """The first ``n`` 10kGNAD articles as a JSONL corpus (``id``, ``text``, ``section_label``)."""
    with articles.open(encoding="utf-8", newline="") as handle:
        rows = [row for row, _ in zip(csv.reader(handle, delimiter=";", quotechar="'"), range(n))]
    with out.open("w", encoding="utf-8") as handle:
        for i, (label, text) in enumerate(rows, start=1):
            handle.write(json.dumps({"id": f"gnad-{i:04d}", "text": text, "section_label": label},
                                    ensure_ascii=False) + "\n")
    return out


def dump(folder: Path, inputs: list[Path], *, gnad: Path | None, gnad_n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if gnad is not None:
        inputs = [*inputs, gnad_jsonl(gnad, gnad_n, folder / f"gnad{gnad_n}.input.jsonl")]
    for path in inputs:
        name = path.name.removesuffix(".input.jsonl").rsplit(".", 1)[0]
        out = folder / f"{name}.jsonl"
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "analysis", "score", str(path.resolve()), "-o", str(out)],
                       check=True, cwd=ROOT)
        print(f"{path} -> {out} ({time.perf_counter() - started:.1f} s)", file=sys.stderr)


def _records(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def compare_files(before: Path, after: Path, *, show: int) -> int:
    """The number of differing cells (a missing record or field counts as one)."""
    old, new = _records(before), _records(after)
    differences = []
    if len(old) != len(new):
        differences.append(f"{len(old)} records before, {len(new)} after")
    for number, (a, b) in enumerate(zip(old, new), start=1):
        where = f"record {number} ({a.get('doc_id')}, {a.get('sent_id')})"
        if list(a) != list(b):
            differences.append(f"{where}: fields {list(a)} before, {list(b)} after")
        for field in dict.fromkeys([*a, *b]):
            if a.get(field, KeyError) != b.get(field, KeyError):
                differences.append(f"{where}, {field}: {json.dumps(a.get(field), ensure_ascii=False)[:300]} "
                                   f"!= {json.dumps(b.get(field), ensure_ascii=False)[:300]}")
    for line in differences[:show]:
        print(f"{after.name}: {line}")
    if len(differences) > show:
        print(f"{after.name}: ... and {len(differences) - show} more differences")
    cells = sum(len(r) for r in old)
    print(f"{after.name}: {len(old)} records, {cells} cells, {len(differences)} differences",
          file=sys.stderr)
    return len(differences)


def compare(before: Path, after: Path, *, show: int) -> int:
    names = sorted(p.name for p in before.glob("*.jsonl") if not p.name.endswith(".input.jsonl"))
    if not names:
        print(f"no dumps in {before}", file=sys.stderr)
        return 1
    total = 0
    for name in names:
        if not (after / name).exists():
            print(f"{name}: missing in {after}")
            total += 1
            continue
        total += compare_files(before / name, after / name, show=show)
    print("identical" if total == 0 else f"{total} differences", file=sys.stderr)
    return 1 if total else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    d = commands.add_parser("dump", help="write the score records of each input into FOLDER")
    d.add_argument("folder", type=Path)
    d.add_argument("inputs", type=Path, nargs="*", help="inputs of `python -m analysis score`")
    d.add_argument("--gnad", type=Path, default=None, help="the 10kGNAD articles.csv")
    d.add_argument("--gnad-n", type=int, default=1000, help="its first N articles (default 1000)")
    c = commands.add_parser("compare", help="compare the dumps of two folders cell by cell")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    c.add_argument("--show", type=int, default=20, help="differences printed per file (default 20)")
    args = parser.parse_args(argv)
    if args.command == "dump":
        dump(args.folder, args.inputs, gnad=args.gnad, gnad_n=args.gnad_n)
        return 0
    return compare(args.before, args.after, show=args.show)


if __name__ == "__main__":
    sys.exit(main())

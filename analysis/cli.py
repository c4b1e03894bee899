"""Command line: ``python -m analysis COMMAND ...`` (``--help`` on every command).

Commands
--------
terms INPUT [--top N] [--on lemma|form] [--by section|COLUMN] [-o FILE.csv]
                                                         the most frequent terms (per section or metadata column)
sentences INPUT -o OUT.jsonl                             one JSON record per sentence
score INPUT -o OUT.jsonl [--only NAME ...] [--chunk-size N] [--method default|dictionary|model] [--models DIR]
                                                         sentence records with the document's metadata and every measure
batch INPUT OUTDIR [--chunk-size N --workers N --backend local|dask --scheduler ADDR --method M]
                                                         the same, streamed in chunks to Parquet, resumable
export RESULTS -o OUTDIR [--format csv|parquet]          flat tables per sentence and per document (docs/export.md)
kwic INPUT PATTERN [--window N] [--within sentence] [-o FILE.csv|FILE.html]
                                                         keyword in context as a table
coding-sheet INPUT -n N -o SHEET.tsv [--by FIELD]        a random sample of sentences to code by hand
agreement INPUT SHEET.tsv [--second SHEET2.tsv]          the tool against the coded sheet (and the coders)
train INPUT SHEET.tsv -o MODELS [--folds K]              fit the learned measures on your coded sheet
notebooks [--corpus INPUT --out FOLDER --group COLUMN --period week|month|year --targets A,B --terms X,Y --method default|dictionary]
                                                         execute every notebook, write figures
site                                                     static HTML of the executed notebooks

INPUT is a ``.txt`` file, a folder of ``.txt`` files, a ``.csv``, a ``.jsonl``, a ``.parquet`` or a Leipzig
``*-sentences.txt`` file (see :func:`analysis.corpus.input_format`); every command that reads one takes
``--text-column``, ``--id-column``, ``--encoding``, and for CSV ``--delimiter`` and ``--quotechar`` (a
semicolon-separated file: ``--delimiter ';'``; a tab: ``--delimiter '\\t'``). The measures of ``score``
and ``batch`` are those registered in :mod:`analysis.measures`. Problems with the input are reported as
``error: FILE[, line N]: problem`` with exit status 2, never as a traceback (the table of bad inputs and
what each command does with them: ``docs/input-policy.md``); so is a ``batch`` refused because another
run holds its output folder. A failure to write (a full disk) is one line with exit status 1, and
leaves no half-written file. Warnings about documents that are read (mojibake, no letters, another
language) are one line each, ``warning: FILE, line N: ...``, on standard error.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

import pandas as pd

from .corpus import CorpusError, input_format, read_corpus
from .pipeline import prepare, sentence_records
from .report import write_jsonl
from .terms import TERM_UNITS, WINDOW_LIMITS, WINDOW_UNITS, count_terms, kwic

__all__ = ["main"]


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive whole number")
    return number


def _non_negative(value: str) -> int:
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative")
    return number


def _encoding(value: str) -> str:
    import codecs

    try:
        codecs.lookup(value)
    except LookupError:
        raise argparse.ArgumentTypeError(f"unknown encoding {value!r} (e.g. utf-8, cp1252, latin-1)") from None
    return value


def _input(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", type=Path,
                        help="a .txt file, a folder of .txt files, a .csv, .jsonl or .parquet file")
    _reader_options(parser)


def _one_character(value: str) -> str:
    value = {"\\t": "\t", "tab": "\t"}.get(value, value)
    if len(value) != 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not one character (a tab: '\\t')")
    return value


def _reader_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("reading the corpus")
    group.add_argument("--text-column", "--text-field", dest="text_column", default=None,
                       help="CSV/Parquet column or JSON field holding the text (default: text)")
    group.add_argument("--id-column", "--id-field", dest="id_column", default=None,
                       help="column or field holding the document id (default: id; without one, ids are numbered)")
    group.add_argument("--encoding", type=_encoding, default=None, help="encoding of text input (default: UTF-8, with or without BOM)")
    group.add_argument("--delimiter", type=_one_character, default=None,
                       help="CSV field separator (default ','; e.g. ';' or '\\t')")
    group.add_argument("--quotechar", type=_one_character, default=None, help="CSV quote character (default '\"')")
    group.add_argument("--recursive", action="store_true", default=None,
                       help="a folder corpus: read the .txt files of its subfolders too (ids: their paths)")


#: Which reader options each input format takes (see analysis.corpus.input_format).
_READER_OPTIONS = {
    "csv": ("text_column", "id_column", "encoding", "delimiter", "quotechar"),
    "jsonl": ("text_column", "id_column", "encoding"),
    "parquet": ("text_column", "id_column"),
    "text": ("encoding",), "folder": ("encoding", "recursive"), "leipzig": ("encoding",),
}


def _reader_arguments(args) -> dict:
    """The reader options given on the command line, checked against the input's format, under
    the names of :func:`analysis.batch.score_corpus` (``text_field``, ``id_field`` ...)."""
    kind = input_format(args.input)
    given = {k: getattr(args, k) for k in ("text_column", "id_column", "encoding", "delimiter", "quotechar",
                                           "recursive")
             if getattr(args, k) is not None}
    for option in given:
        if option not in _READER_OPTIONS[kind]:
            formats = ", ".join(f for f, options in _READER_OPTIONS.items() if option in options)
            raise ValueError(f"{args.input}: --{option.replace('_', '-')} applies to {formats} input, "
                             f"not to {kind} input")
    names = {"text_column": "text_field", "id_column": "id_field"}
    return {names.get(k, k): v for k, v in given.items()}


def _read(args):
    options = _reader_arguments(args)
    if input_format(args.input) == "csv":  # read_csv names them as columns
        options = {{"text_field": "text_column", "id_field": "id_column"}.get(k, k): v for k, v in options.items()}
    return read_corpus(args.input, **options)


def _document_table(corpus) -> pd.DataFrame:
    """One row per document: ``doc_id`` and its metadata as in the score records
    (:func:`analysis.score.document_fields`)."""
    from .score import document_fields

    return pd.DataFrame([{"doc_id": doc.id, **document_fields(doc)} for doc in corpus])


def _check_suffix(path: Path, valid: tuple[str, ...]) -> str:
    suffix = path.suffix.lower()
    if suffix not in valid:
        raise ValueError(f"{path}: unknown output type {suffix!r}; valid: {', '.join(valid)}")
    return suffix


def _cmd_terms(args) -> int:
    from .report import write_table

    if args.output is not None:
        _check_suffix(args.output, (".csv",))
    prepared = prepare(_read(args))
    tokens = prepared.tokens_with_sections()
    by = [] if args.by == "corpus" else [args.by]
    if args.by not in ("corpus", "section"):
        from .score import document_fields

        fields = {doc.id: document_fields(doc) for doc in prepared.corpus}
        columns = list(dict.fromkeys(name for values in fields.values() for name in values))
        if args.by not in columns or args.by in tokens:
            raise ValueError(f"--by {args.by!r}: not a metadata column of {args.input}; valid: "
                             + ", ".join(["corpus", "section", *(c for c in columns if c not in tokens)]))
        # a missing value is a group of its own, named so (groupby would drop it)
        groups = {doc_id: "(none)" if values.get(args.by) is None else str(values[args.by])
                  for doc_id, values in fields.items()}
        tokens = tokens.assign(**{args.by: tokens["doc_id"].map(groups)})
    counts = count_terms(tokens, on=args.on, by=by)
    # at most N rows per group; ties at the cut are broken alphabetically (the table's order)
    top = counts.groupby(by, sort=False).head(args.top) if by else counts.head(args.top)
    if args.output is not None:
        write_table(top, args.output)
        print(f"{len(top)} rows -> {args.output}", file=sys.stderr)
        return 0
    with pd.option_context("display.max_rows", None, "display.width", 120):
        print(top.to_string(index=False, float_format=lambda v: f"{v:.2f}"))
    return 0


def _cmd_sentences(args) -> int:
    prepared = prepare(_read(args))
    records = sentence_records(prepared)
    write_jsonl(records, args.output)
    print(f"{len(records)} sentences from {len(prepared.corpus)} documents -> {args.output}",
          file=sys.stderr)
    return 0


def _method(parser) -> None:
    parser.add_argument("--method", choices=("default", "dictionary", "model"), default="default",
                        help="dictionary: the rules; model: the learned measures (sentence encoder + heads); "
                             "default: per measure the one that agrees better with the coders on unseen news")
    parser.add_argument("--models", type=Path, default=None,
                        help="a folder of learned heads (from `train`); default: the shipped ones")


def _cmd_score(args) -> int:
    from tqdm.auto import tqdm

    from .corpus import Corpus
    from .measures.learned import select_measures
    from .score import score_records

    corpus = _read(args)
    documents = list(corpus)
    # one set of objects: resources (lexicons, models) load once for every chunk
    measures = select_measures(args.method, only=args.only, model_dir=args.models)
    n_sentences = 0

    def records():
        nonlocal n_sentences
        # documents are scored independently: in chunks, so that memory follows the chunk and a
        # progress bar (on a terminal only) can count them; the output equals one whole-corpus run
        with tqdm(total=len(documents), desc="documents", unit="doc", disable=None, file=sys.stderr) as bar:
            for i in range(0, len(documents), args.chunk_size):
                chunk = documents[i:i + args.chunk_size]
                for record in score_records(prepare(Corpus(chunk)), measures=measures, metadata=True):
                    n_sentences += 1
                    yield record
                bar.update(len(chunk))

    write_jsonl(records(), args.output)
    print(f"{n_sentences} sentences from {len(documents)} documents -> {args.output}", file=sys.stderr)
    return 0


def _cmd_train(args) -> int:
    from .training import train_on_sheet

    table = train_on_sheet(prepare(_read(args)), args.sheet, out_dir=args.output, folds=args.folds)
    shown = table[table["metric"].isin(["alpha_ordinal", "macro_f1", "f1"]) & ~table["measure"].str.startswith("frame:")]
    print(shown.pivot_table(index=["measure", "metric"], columns="fold", values="value", sort=False).round(3).to_string())
    print(f"heads fitted on all {args.sheet} -> {args.output}/ (score with --method model --models {args.output})",
          file=sys.stderr)
    return 0


def _cmd_batch(args) -> int:
    from .batch import score_corpus

    if not Path(args.input).exists():  # before the output folder is made: nothing is left behind
        raise FileNotFoundError(2, "No such file or directory", str(args.input))
    from .measures.learned import select_measures

    reader = _reader_arguments(args)
    measures = select_measures(args.method, only=args.only, model_dir=args.models)
    parts = score_corpus(args.input, args.outdir, chunk_size=args.chunk_size, workers=args.workers,
                         backend=args.backend, scheduler=args.scheduler, measures=measures, **reader)
    print(f"{len(parts)} parts in {args.outdir} (pd.read_parquet reads the folder; flat columns: "
          f"python -m analysis export {args.outdir} -o FOLDER)", file=sys.stderr)
    return 0


def _cmd_export(args) -> int:
    from .export import export_results

    written = export_results(args.results, args.output, format=args.format)
    for level, path in written.items():
        table = pd.read_csv(path) if args.format == "csv" else pd.read_parquet(path)
        print(f"{level}: {table.shape[0]} rows × {table.shape[1]} columns -> {path}", file=sys.stderr)
    return 0


def _cmd_kwic(args) -> int:
    suffix = None if args.output is None else _check_suffix(args.output, (".csv", ".html", ".htm"))
    prepared = prepare(_read(args))
    table = kwic(prepared.tokens, args.pattern, corpus=prepared.corpus, sentences=prepared.sentences,
                 window=args.window, window_unit=args.window_unit, within=args.within, on=args.on)
    if suffix is not None:
        _write_kwic(table, prepared.corpus, args.output, suffix, caption=f"{args.pattern} in {args.input.name}")
        print(f"{len(table)} occurrences of {args.pattern!r} -> {args.output}", file=sys.stderr)
        return 0
    if table.empty:
        print(f"no occurrences of {args.pattern!r}")
        return 0
    with pd.option_context("display.max_rows", None, "display.width", 160, "display.max_colwidth", 60):
        print(table[["doc_id", "sent_id", "section", "left", "keyword", "right", "quote_use"]]
              .to_string(index=False))
    return 0


def _write_kwic(table: pd.DataFrame, corpus, path: Path, suffix: str, *, caption: str) -> None:
    """A KWIC table as CSV (with the documents' metadata after ``doc_id``) or as an HTML page."""
    from .report import atomic_write, write_table
    from .terms import kwic_html

    if suffix == ".csv":
        documents = _document_table(corpus)
        documents = documents.rename(columns={c: f"meta_{c}" for c in documents.columns[1:] if c in table})
        merged = table.merge(documents, on="doc_id", how="left")
        order = ["doc_id", *documents.columns[1:], *table.columns[1:]]
        write_table(merged[order], path)
        return
    import html

    page = (f'<!DOCTYPE html>\n<html lang="de">\n<head><meta charset="utf-8"><title>{html.escape(caption)}</title>'
            "<style>mark{background:#ffe08a} td,th{padding:2px 6px;border-bottom:1px solid #ddd}</style></head>\n"
            f"<body>\n{kwic_html(table, caption=caption)}\n</body>\n</html>\n")
    atomic_write(path, lambda tmp: tmp.write_text(page, encoding="utf-8"))


def _cmd_coding_sheet(args) -> int:
    from .coding import draw_sample, write_coding_sheet

    sample = draw_sample(prepare(_read(args)), args.n, seed=args.seed, by=args.by)
    write_coding_sheet(sample, args.output)
    strata = sample.groupby("stratum").size()
    print(f"{len(sample)} sentences ({', '.join(f'{k}: {v}' for k, v in strata.items())}) -> {args.output}; "
          "code them by data/annotations/CODING_v2.md before looking at the tool's output", file=sys.stderr)
    return 0


def _cmd_agreement(args) -> int:
    from .coding import coding_agreement
    from .report import write_table

    table = coding_agreement(prepare(_read(args)), args.sheet, second=args.second)
    if args.output:
        write_table(table, args.output)
    summary = table[(table["label"].isin(["all", "micro"]))].pivot_table(
        index=["task", "label", "measure"], columns="comparison", values="value", sort=False)
    with pd.option_context("display.max_rows", None, "display.width", 160):
        print(summary.round(3).to_string())
    return 0


def _comma_list(value: str) -> list[str]:
    items = [item.strip() for item in value.split(",") if item.strip()]
    if not items:
        raise argparse.ArgumentTypeError(f"{value!r} holds no item (give a comma-separated list)")
    return items


def _cmd_notebooks(args) -> int:
    from .course.notebooks import NotebookError, OutputLocked, resolve_paths, run_notebooks

    # absolute against the caller's working directory: the notebooks themselves run in notebooks/
    corpus, out = resolve_paths(args.corpus, args.out)
    if corpus is not None:
        # a bad corpus or grouping column is one line, before any notebook runs
        columns = read_corpus(corpus).metadata.columns
        if args.group and args.group not in columns:
            raise ValueError(f"{args.corpus}: no column {args.group!r} to group by; columns: {', '.join(columns)}")
    if args.targets:
        from .actors import load_registry

        known = set(load_registry().targets)
        unknown = [t for t in args.targets if t not in known]
        if unknown:
            raise ValueError(f"targets {', '.join(unknown)} are not in the actor registry; valid: {', '.join(sorted(known))}")
    parameters = {"group": args.group, "period": args.period, "targets": args.targets, "terms": args.terms,
                  "method": args.method}
    try:
        executed = run_notebooks(corpus_path=corpus, out_dir=out, parameters=parameters)
    except (NotebookError, OutputLocked) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"figures and tables: {out}\nmanifest: {out / 'MANIFEST.csv'}\n"
          f"executed notebooks: {executed[0].parent if executed else '-'}", file=sys.stderr)
    return 0


def _cmd_site(args) -> int:
    from .course.site import build_site

    index = build_site(out_dir=args.out) if args.out else build_site()
    print(f"site written: {index}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis",
                                     description="Analyse German news text: terms, sentences, KWIC.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    terms = commands.add_parser("terms", help="print the most frequent terms",
                                description="Print the most frequent terms (stopwords removed).")
    _input(terms)
    terms.add_argument("--top", type=_positive, default=30, help="how many terms (per section with --by)")
    terms.add_argument("--on", choices=TERM_UNITS, default="lemma", help="count lemmas or word forms")
    terms.add_argument("--by", default="corpus", metavar="corpus|section|COLUMN",
                       help="one table for the corpus, one per section type, or one per value of a "
                            "metadata column (outlet, date, or any column of the corpus)")
    terms.add_argument("-o", "--output", type=Path, default=None, help="write the table to a .csv file")
    terms.set_defaults(run=_cmd_terms)

    sents = commands.add_parser("sentences", help="write one JSON record per sentence",
                                description="Write one JSON record per sentence: doc_id, sent_id, "
                                            "start, end, section, text.")
    _input(sents)
    sents.add_argument("-o", "--output", type=Path, required=True, help="output .jsonl file")
    sents.set_defaults(run=_cmd_sentences)

    from .measures import measure_names

    names = list(measure_names())
    sc = commands.add_parser("score", help="sentence records with every measure and its evidence",
                             description="Write one JSON record per sentence: the fields of "
                                         "'sentences' plus those of each measure "
                                         f"({', '.join(names) or 'none registered yet'}).")
    _input(sc)
    sc.add_argument("-o", "--output", type=Path, required=True, help="output .jsonl file")
    sc.add_argument("--only", nargs="+", choices=names or None, default=None,
                    help="compute only these measures")
    sc.add_argument("--chunk-size", type=_positive, default=200,
                    help="documents scored together (memory grows with it; results do not change)")
    _method(sc)
    sc.set_defaults(run=_cmd_score)

    from .batch import BACKENDS

    bt = commands.add_parser("batch", help="score a large corpus in chunks into Parquet parts (resumable)",
                             description="Stream INPUT (.jsonl, .csv, .parquet or a folder of .txt) in "
                                         "chunks; write OUTDIR/part-NNNNNN.parquet per chunk. A rerun "
                                         "skips finished parts.")
    bt.add_argument("input", type=Path, help="a .jsonl, .csv or .parquet file, or a folder of .txt files")
    bt.add_argument("outdir", type=Path, help="folder for the Parquet parts")
    _reader_options(bt)
    bt.add_argument("--chunk-size", type=_positive, default=500, help="documents per chunk (default 500)")
    bt.add_argument("--workers", type=_positive, default=1, help="processes (default 1)")
    bt.add_argument("--backend", choices=BACKENDS, default="local", help="local processes or Dask")
    bt.add_argument("--scheduler", default=None, help="Dask scheduler address, e.g. tcp://host:8786")
    bt.add_argument("--only", nargs="+", choices=names or None, default=None,
                    help="compute only these measures")
    _method(bt)
    bt.set_defaults(run=_cmd_batch)

    from .export import EXPORT_FORMATS

    ex = commands.add_parser("export", help="flat tables per sentence and per document (CSV or Parquet)",
                             description="Turn the records of `score` (.jsonl) or `batch` (a folder) into "
                                         "OUTDIR/sentences and OUTDIR/documents: the documents' metadata and "
                                         "one column per number (sentiment, frames, mentions, stance per "
                                         "target, quotations). Columns: docs/export.md.")
    ex.add_argument("results", type=Path, help="a .jsonl written by score, or a folder written by batch")
    ex.add_argument("-o", "--output", type=Path, required=True, help="output folder")
    ex.add_argument("--format", choices=EXPORT_FORMATS, default="csv",
                    help="csv: sentences.csv and documents.csv; parquet: folders sentences/ and documents/")
    ex.set_defaults(run=_cmd_export)

    kw = commands.add_parser("kwic", help="keyword in context",
                             description="Every occurrence of a term pattern with its context.")
    _input(kw)
    kw.add_argument("pattern", help="a word, a wildcard pattern (Entnazifizier*) or words in quotes")
    kw.add_argument("--window", type=_non_negative, default=6, help="context on each side (default 6)")
    kw.add_argument("--window-unit", choices=WINDOW_UNITS, default="tokens", help="count the window in tokens or characters")
    kw.add_argument("--within", choices=WINDOW_LIMITS, default="document",
                    help="stop the window at the document's edges (default) or at the keyword's sentence")
    kw.add_argument("--on", choices=TERM_UNITS, default="form", help="match word forms or lemmas")
    kw.add_argument("-o", "--output", type=Path, default=None,
                    help="write the table to a .csv (with the documents' metadata) or an .html page")
    kw.set_defaults(run=_cmd_kwic)

    cs = commands.add_parser("coding-sheet", help="draw a sample of sentences to code by hand",
                             description="Write a TSV coding sheet of N randomly drawn sentences "
                                         "(analysis.coding; code it by data/annotations/CODING_v2.md).")
    _input(cs)
    cs.add_argument("-n", type=_positive, required=True, help="number of sentences")
    cs.add_argument("-o", "--output", type=Path, required=True, help="the sheet (.tsv)")
    cs.add_argument("--by", default=None, help="stratify by a sentence column or metadata field (section, outlet, ...)")
    cs.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    cs.set_defaults(run=_cmd_coding_sheet)

    ag = commands.add_parser("agreement", help="the tool's agreement with a coded sheet",
                             description="Compare the tool with a coding sheet filled in by hand "
                                         "(and the two coders, with --second).")
    _input(ag)
    ag.add_argument("sheet", type=Path, help="the coded sheet from coding-sheet")
    ag.add_argument("--second", type=Path, default=None, help="the same sheet coded by a second coder")
    ag.add_argument("-o", "--output", type=Path, default=None, help="write the full table (.csv)")
    ag.set_defaults(run=_cmd_agreement)

    tr = commands.add_parser("train", help="fit the learned measures on your own coded sheet",
                             description="Fit the learned heads on a coding sheet of INPUT (from coding-sheet, "
                                         "coded by CODING_v2.md); print grouped k-fold agreement per measure beside "
                                         "the shipped models' and the dictionary method's on the same sheet.")
    _input(tr)
    tr.add_argument("sheet", type=Path, help="the coded sheet")
    tr.add_argument("-o", "--output", type=Path, required=True, help="folder for the fitted heads")
    tr.add_argument("--folds", type=_positive, default=5, help="cross-validation folds, grouped by document")
    tr.set_defaults(run=_cmd_train)

    from .course.notebooks import FIGURE_METHODS, PERIODS

    nb = commands.add_parser("notebooks", help="execute every notebook and regenerate the figures",
                             description="Execute notebooks/NN-*.ipynb in order (papermill, fresh kernel "
                                         "each). Without --corpus: the seed run into figures/, executed "
                                         "copies in build/notebooks/. With --corpus: figures, tables and "
                                         "MANIFEST.csv in --out, executed copies in OUT/notebooks/. Paths are "
                                         "taken relative to the current folder.")
    nb.add_argument("--corpus", type=Path, default=None, help="run on this corpus instead of the seed")
    nb.add_argument("--out", type=Path, default=None,
                    help="folder for figures and tables (required with --corpus; not inside the project's "
                         "figures/, data/, analysis/, notebooks/, tests/)")
    nb.add_argument("--group", default=None, help="metadata column to compare documents by (default: outlet)")
    nb.add_argument("--period", choices=PERIODS, default=None, help="period of the comparisons over time")
    nb.add_argument("--targets", type=_comma_list, default=None,
                    help="comma-separated actor registry ids for stance (default: russia,eu,ukraine)")
    nb.add_argument("--terms", type=_comma_list, default=None,
                    help="comma-separated key terms (words or wildcard patterns such as Sanktion*) to follow "
                         "through the corpus (default: the seed's terms, or the corpus's top key lemmas)")
    nb.add_argument("--method", choices=FIGURE_METHODS, default=None,
                    help="method of the figures of sentiment, frames and stance: default (each measure's "
                         "default, the learned one) or dictionary (the rules, much faster on a large corpus)")
    nb.set_defaults(run=_cmd_notebooks)

    site = commands.add_parser("site", help="build a static HTML site of the executed notebooks",
                               description="Build build/site/ (index + one page per executed "
                                           "notebook), readable offline. Run `notebooks` first.")
    site.add_argument("--out", type=Path, default=None, help="output folder (default build/site)")
    site.set_defaults(run=_cmd_site)
    return parser


def _one_line_warning(message, category, filename, lineno, file=None, line=None):
    print(f"warning: {message}", file=sys.stderr if file is None else file)


def _refuse_writing_over_the_input(args) -> None:
    """An output that is the input (``-o corpus.txt``, ``batch corpus/ corpus/``) would destroy raw data."""
    source = getattr(args, "input", None)
    for target in (getattr(args, "output", None), getattr(args, "outdir", None)):
        if source is not None and target is not None and target.exists() and source.exists() \
                and target.resolve() == source.resolve():
            raise ValueError(f"{target}: is the input; choose another output (the input is never overwritten)")


def main(argv: list[str] | None = None) -> int:
    from .batch import OutputLocked

    args = build_parser().parse_args(argv)
    with warnings.catch_warnings():
        warnings.showwarning = _one_line_warning  # restored when the command ends
        try:
            _refuse_writing_over_the_input(args)
            return args.run(args)
        except (CorpusError, ValueError, OutputLocked) as exc:  # bad input, a bad value, a locked folder
            print(f"error: {exc}", file=sys.stderr)
            return 2
        except (FileNotFoundError, FileExistsError, IsADirectoryError, NotADirectoryError, PermissionError) as exc:
            # a path that cannot be read or written: name it, in one line
            if exc.filename is None:  # raised with its own message (no learned models here ...)
                print(f"error: {exc}", file=sys.stderr)
                return 2
            problem = "exists and is not a folder" if isinstance(exc, FileExistsError) else \
                exc.strerror.lower() if exc.strerror else exc
            print(f"error: {exc.filename}: {problem}", file=sys.stderr)
            return 2
        except OSError as exc:  # the machine, not the input (a full disk): one line, no partial output
            where = f"{exc.filename}: " if exc.filename else ""
            print(f"error: {where}{(exc.strerror or str(exc)).lower()}", file=sys.stderr)
            return 1

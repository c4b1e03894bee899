"""Term frequencies, term patterns and keyword in context (KWIC).

All functions take the tidy tables of :mod:`analysis.segment` (and :func:`analysis.lemmas.lemmatize`)
and return tidy tables: one row per term and group (:func:`count_terms`) or per occurrence
(:func:`kwic`), with an HTML rendering of a KWIC table (:func:`kwic_html`), counts of how a term
is used with respect to quotation marks (:func:`count_quote_uses`), and lexical dispersion within
a document (:func:`dispersion`) and across a corpus ordered by date (:func:`dispersion_by_date`).
Keyness and TF-IDF are in :mod:`analysis.keyness`, n-grams and collocations in
:mod:`analysis.collocations`, compound parts in :mod:`analysis.compounds`.

Patterns
--------
Wherever a term is accepted, it may be a word (``Balanceakt``), a wildcard pattern (``*`` any
characters, ``?`` one character: ``Entnazifizier*``, ``EU-*``) or several words separated by
spaces, matched as consecutive tokens (``Europäische Union``). Matching ignores case unless
``case=True``. Single words are matched once against the vocabulary, then looked up per token.
"""

from __future__ import annotations

import fnmatch
import html
import re
from functools import lru_cache

import numpy as np
import pandas as pd

from .function_words import KEEP_WORDS as _KEEP_WORDS
from .function_words import STOPWORDS_DE
from .quotes import QUOTE_USES, classify_quote, find_quote_spans

__all__ = [
    "KEEP_WORDS",
    "STOPWORDS",
    "TERM_UNITS",
    "WINDOW_UNITS",
    "WINDOW_LIMITS",
    "count_terms",
    "match_pattern",
    "kwic",
    "kwic_html",
    "count_quote_uses",
    "dispersion",
    "dispersion_by_date",
    "part_starts",
]

#: Negators and stance words that general stopword lists remove but that carry meaning here.
KEEP_WORDS = _KEEP_WORDS
#: German stopwords: the 263 words of the ``stop-words`` package (BSD licence) minus
#: :data:`KEEP_WORDS`, lower-case.
STOPWORDS = STOPWORDS_DE - KEEP_WORDS
#: What a term is: the word form as written, or its lemma.
TERM_UNITS = ("form", "lemma")
#: How a KWIC window is measured.
WINDOW_UNITS = ("tokens", "chars")
#: Where a KWIC window stops: the document's edges (as quanteda) or the keyword's sentence.
WINDOW_LIMITS = ("document", "sentence")


def _check(name: str, value, valid) -> None:
    if value not in valid:
        raise ValueError(f"{name}={value!r}; valid: {', '.join(map(str, valid))}")


def count_terms(
    tokens: pd.DataFrame,
    *,
    on: str = "lemma",
    by: tuple[str, ...] | list[str] = ("doc_id",),
    stopwords: frozenset[str] | None = STOPWORDS,
    lowercase: bool = False,
) -> pd.DataFrame:
    """Count terms per group.

    Parameters
    ----------
    tokens : DataFrame
        Token table; with ``on="lemma"`` it needs a ``lemma`` column
        (:func:`analysis.lemmas.lemmatize`); ``by`` columns not in it (e.g. ``section``) must have
        been merged in from the sentence table.
    on : {"form", "lemma"}
    by : sequence of str
        Grouping columns; ``()`` counts over the whole table.
    stopwords : frozenset of str or None
        Lower-case words left out (compared with both the form and the lemma); None keeps all.
    lowercase : bool
        Fold terms to lower case before counting (German nouns are capitalised, so the default
        keeps case).

    Returns
    -------
    DataFrame
        Columns: the ``by`` columns, ``term``, ``count``, ``n_words`` (all word tokens of the
        group, stopwords included), ``per_1000`` (``count / n_words * 1000``), ``rank`` (1 = most
        frequent in its group; ties share a rank). Sorted by group, descending count, then term.
    """
    _check("on", on, TERM_UNITS)
    by = list(by)
    words = tokens[tokens["kind"] == "word"]
    column = "text" if on == "form" else "lemma"
    terms = words[column].str.lower() if lowercase else words[column]
    keep = pd.Series(True, index=words.index)
    if stopwords:
        keep = ~(words["text"].str.lower().isin(stopwords) | words[column].str.lower().isin(stopwords))
    frame = words.assign(term=terms)
    if by:
        n_words = frame.groupby(by, sort=False).size().rename("n_words").reset_index()
        counts = frame[keep].groupby([*by, "term"], sort=False).size().rename("count").reset_index()
        counts = counts.merge(n_words, on=by, how="left")
    else:
        counts = frame[keep].groupby("term", sort=False).size().rename("count").reset_index()
        counts["n_words"] = len(frame)
    counts["per_1000"] = counts["count"] / counts["n_words"] * 1000
    counts = counts.sort_values([*by, "count", "term"], ascending=[True] * len(by) + [False, True])
    group = counts.groupby(by, sort=False)["count"] if by else counts["count"]
    counts["rank"] = group.rank(method="min", ascending=False).astype(int)
    return counts.reset_index(drop=True)[[*by, "term", "count", "n_words", "per_1000", "rank"]]


@lru_cache(maxsize=4096)
def _compile_word(pattern: str, case: bool) -> re.Pattern:
    return re.compile(fnmatch.translate(pattern), 0 if case else re.IGNORECASE)


def match_pattern(
    tokens: pd.DataFrame, pattern: str, *, on: str = "form", case: bool = False
) -> list[tuple[int, int]]:
    """Positions ``(first, last)`` (row positions in ``tokens``, inclusive) where a pattern matches.

    A multi-word pattern matches consecutive tokens of one document. Wildcards match words and
    numbers only, never punctuation.
    """
    _check("on", on, TERM_UNITS)
    words = pattern.split()
    if not words:
        raise ValueError("empty pattern")
    column = tokens["text" if on == "form" else "lemma"].to_numpy(dtype=object)
    # a wildcard matches words and numbers, not punctuation; a pattern word that is itself
    # punctuation ("St . Petersburg") matches punctuation
    is_punct = (tokens["kind"] == "punct").to_numpy() if "kind" in tokens else np.zeros(len(column), bool)
    vocabulary = pd.unique(column)
    hits = []
    for word in words:
        regex = _compile_word(word, case)
        matched = [v for v in vocabulary if regex.match(v)]
        hit = pd.Series(column).isin(matched).to_numpy().copy()  # the vocabulary once, then a hash lookup
        if any(ch.isalnum() for ch in word) or "*" in word or "?" in word:
            hit &= ~is_punct
        hits.append(hit)
    n = len(words)
    doc = tokens["doc_id"].to_numpy(dtype=object)
    first = np.flatnonzero(hits[0])
    out = []
    for i in first:
        last = i + n - 1
        if last >= len(column) or doc[last] != doc[i]:
            continue
        if all(hits[k][i + k] for k in range(1, n)):
            out.append((int(i), int(last)))
    return out


def kwic(
    tokens: pd.DataFrame,
    pattern: str,
    *,
    corpus,
    sentences: pd.DataFrame,
    window: int = 5,
    window_unit: str = "tokens",
    within: str = "document",
    on: str = "form",
    case: bool = False,
) -> pd.DataFrame:
    """Keyword in context: every occurrence of ``pattern`` with the text around it.

    Parameters
    ----------
    tokens : DataFrame
        Token table of :func:`analysis.segment.tokenize`.
    pattern : str
        A term pattern (see the module docstring).
    corpus : Corpus
        The documents the offsets refer to.
    sentences : DataFrame
        Sentence table of :func:`analysis.segment.sentences` (for section and quote context).
    window : int
        Context size on each side, in tokens or characters.
    window_unit : {"tokens", "chars"}
    within : {"document", "sentence"}
        Where the window stops: at the document's edges (the default, as quanteda's ``kwic``), or
        at the edges of the keyword's sentence (no context from a neighbouring sentence, headline
        or caption).
    on : {"form", "lemma"}

    Returns
    -------
    DataFrame
        One row per occurrence: ``doc_id``, ``sent_id``, ``section``, ``start``, ``end`` (offsets
        of the keyword), ``left``, ``keyword``, ``right`` (text as written, line breaks as spaces),
        ``sentence``, ``in_quotes`` (the keyword stands inside quotation marks) and ``quote_use``
        (``plain``, ``distancing`` or ``quotation``; see :mod:`analysis.quotes`).
    """
    _check("window_unit", window_unit, WINDOW_UNITS)
    _check("within", within, WINDOW_LIMITS)
    if window < 0:
        raise ValueError(f"window={window}; must be 0 or more")
    texts = {doc.id: doc.text for doc in corpus}
    sent_index = sentences.set_index(["doc_id", "sent_id"])
    # quotes may run over several sentences of a paragraph: look for them per unit
    unit_spans = sentences.groupby(["doc_id", "unit_id"]).agg(start=("start", "min"), end=("end", "max"))
    starts = tokens["start"].to_numpy()
    ends = tokens["end"].to_numpy()
    doc_ids = tokens["doc_id"].to_numpy(dtype=object)
    sent_ids = tokens["sent_id"].to_numpy()
    rows = []
    quote_cache: dict[tuple[str, int], list] = {}  # (doc_id, unit_id) -> quoted spans
    for first, last in match_pattern(tokens, pattern, on=on, case=case):
        doc_id = doc_ids[first]
        text = texts[doc_id]
        s, e = int(starts[first]), int(ends[last])
        sentence = sent_index.loc[(doc_id, int(sent_ids[first]))]

        def inside(j: int, sent: int) -> bool:
            return doc_ids[j] == doc_id and (within == "document" or sent_ids[j] == sent)

        if window_unit == "tokens":
            lo = first
            while lo > 0 and first - lo < window and inside(lo - 1, sent_ids[first]):
                lo -= 1
            hi = last
            while hi + 1 < len(starts) and hi - last < window and inside(hi + 1, sent_ids[last]):
                hi += 1
            left_start, right_end = int(starts[lo]), int(ends[hi])
        else:
            lo_limit, hi_limit = (0, len(text)) if within == "document" else \
                (int(sentence["start"]), int(sent_index.loc[(doc_id, int(sent_ids[last])), "end"]))
            left_start, right_end = max(lo_limit, s - window), min(hi_limit, e + window)
        key = (doc_id, int(sentence["unit_id"]))
        if key not in quote_cache:
            unit_start, unit_end = unit_spans.loc[key]
            quote_cache[key] = [
                (qs, qe, classify_quote(text, qs, qe, bounds=(int(unit_start), int(unit_end))))
                for qs, qe, _ in find_quote_spans(text, int(unit_start), int(unit_end))
            ]
        use = next((u for qs, qe, u in quote_cache[key] if qs < s and e <= qe), "plain")
        rows.append({
            "doc_id": doc_id,
            "sent_id": int(sent_ids[first]),
            "section": sentence["section"],
            "start": s,
            "end": e,
            "left": " ".join(text[left_start:s].split()),
            "keyword": text[s:e],
            "right": " ".join(text[e:right_end].split()),
            "sentence": sentence["text"],
            "in_quotes": use != "plain",
            "quote_use": use,
        })
    columns = ["doc_id", "sent_id", "section", "start", "end", "left", "keyword", "right",
               "sentence", "in_quotes", "quote_use"]
    return pd.DataFrame(rows, columns=columns)


def dispersion(
    tokens: pd.DataFrame,
    patterns: list[str] | tuple[str, ...] | dict[str, list[str]],
    *,
    sentences: pd.DataFrame,
    on: str = "lemma",
    case: bool = False,
) -> pd.DataFrame:
    """Where each pattern occurs in its document: the data of a lexical dispersion ("x-ray") plot.

    ``patterns`` is a list of term patterns, or a mapping from a label to the patterns counted
    under it (``{"EU": ["EU", "EU-*", "Europäische Union"]}``).

    Returns
    -------
    DataFrame
        One row per occurrence: ``pattern``, ``doc_id``, ``token_id`` (position in the document's
        tokens), ``relative`` (``token_id / n_tokens``, 0 to 1), ``sent_id``, ``section``, ``part``,
        ``text`` (as written). Patterns keep the given order (a categorical column).
    """
    sections = sentences.set_index(["doc_id", "sent_id"])[["section", "part"]]
    n_tokens = tokens.groupby("doc_id")["token_id"].max() + 1
    groups = patterns if isinstance(patterns, dict) else {p: [p] for p in patterns}
    rows = []
    for label, members in groups.items():
        for first, last in sorted({m for p in members for m in match_pattern(tokens, p, on=on, case=case)}):
            token = tokens.iloc[first]
            where = sections.loc[(token["doc_id"], token["sent_id"])]
            rows.append({
                "pattern": label, "doc_id": token["doc_id"], "token_id": int(token["token_id"]),
                "relative": token["token_id"] / n_tokens[token["doc_id"]],
                "sent_id": int(token["sent_id"]), "section": where["section"], "part": int(where["part"]),
                "text": " ".join(tokens["text"].iloc[first:last + 1]),
            })
    frame = pd.DataFrame(rows, columns=["pattern", "doc_id", "token_id", "relative", "sent_id",
                                        "section", "part", "text"])
    frame["pattern"] = pd.Categorical(frame["pattern"], categories=list(groups))
    return frame


def kwic_html(table: pd.DataFrame, *, caption: str | None = None, max_rows: int | None = None) -> str:
    """An HTML table of a :func:`kwic` result: left context, highlighted keyword, right context.

    Every text is escaped (``<script>`` in a document is shown, never run): the corpus is data,
    never markup. The keyword is wrapped in ``<mark>``; a ``quote_use`` column, when present, is
    shown as a last column and as a CSS class of the row (``kwic-distancing``, ...).

    Examples
    --------
    >>> import pandas as pd
    >>> row = pd.DataFrame({"doc_id": ["a"], "left": ["x <b>"], "keyword": ["<script>"], "right": ["&"]})
    >>> "<mark>&lt;script&gt;</mark>" in kwic_html(row)
    True
    """
    esc = lambda value: html.escape(str(value), quote=True)  # noqa: E731
    rows = table if max_rows is None else table.head(max_rows)
    has_use = "quote_use" in rows
    lines = ['<table class="kwic" style="border-collapse:collapse">']
    if caption:
        lines.append(f"<caption>{esc(caption)}</caption>")
    header = ["document", "left", "keyword", "right"] + (["use"] if has_use else [])
    lines.append("<thead><tr>" + "".join(f"<th>{esc(h)}</th>" for h in header) + "</tr></thead><tbody>")
    for row in rows.itertuples(index=False):
        use = getattr(row, "quote_use", None) if has_use else None
        css = f' class="kwic-{esc(use)}"' if use else ""
        cells = [
            f"<td>{esc(row.doc_id)}</td>",
            f'<td style="text-align:right">{esc(row.left)}</td>',
            f'<td style="text-align:center"><mark>{esc(row.keyword)}</mark></td>',
            f'<td style="text-align:left">{esc(row.right)}</td>',
        ] + ([f"<td>{esc(use)}</td>"] if has_use else [])
        lines.append(f"<tr{css}>" + "".join(cells) + "</tr>")
    lines.append("</tbody></table>")
    return "\n".join(lines)


def count_quote_uses(table: pd.DataFrame, *, by: tuple[str, ...] | list[str] = ()) -> pd.DataFrame:
    """How often a term is used plainly, in distancing quotes, or inside an attributed quotation.

    Parameters
    ----------
    table : DataFrame
        A :func:`kwic` result (its ``quote_use`` column).
    by : sequence of str
        Count per group (e.g. ``["doc_id"]`` or ``["section"]``).

    Returns
    -------
    DataFrame
        ``by`` columns, ``quote_use`` (every label of :data:`analysis.quotes.QUOTE_USES`, in that
        order, zeros included), ``count``, ``share`` (of the group's occurrences; 0 when none).
    """
    by = list(by)
    uses = pd.Categorical(table["quote_use"], categories=QUOTE_USES)
    frame = table[by].assign(quote_use=uses)
    counts = frame.groupby([*by, "quote_use"], observed=False).size().rename("count").reset_index()
    totals = counts.groupby(by)["count"].transform("sum") if by else counts["count"].sum()
    counts["share"] = (counts["count"] / totals).fillna(0.0) if len(table) else 0.0
    return counts


def dispersion_by_date(
    tokens: pd.DataFrame,
    patterns: list[str] | tuple[str, ...] | dict[str, list[str]],
    *,
    corpus,
    on: str = "lemma",
    case: bool = False,
) -> pd.DataFrame:
    """How often each pattern occurs in each document, documents ordered by date.

    The corpus-level counterpart of :func:`dispersion` (quanteda's ``textplot_xray`` over many
    documents, Voyant's "Trends"): one row per document and pattern, zeros included.

    Parameters
    ----------
    patterns : list of str or dict
        As in :func:`dispersion`.
    corpus : Corpus
        For the documents' ``date`` (ISO) and their order.

    Returns
    -------
    DataFrame
        ``order`` (0, 1, ... by date; undated documents last, in corpus order), ``doc_id``,
        ``date``, ``pattern`` (categorical, in the given order), ``count``, ``n_words`` (word
        tokens of the document), ``per_1000``.
    """
    groups = patterns if isinstance(patterns, dict) else {p: [p] for p in patterns}
    meta = pd.DataFrame([(doc.id, doc.date) for doc in corpus], columns=["doc_id", "date"])
    meta["_position"] = range(len(meta))
    meta["_undated"] = meta["date"].isna()
    meta = meta.sort_values(["_undated", "date", "_position"]).reset_index(drop=True)
    meta["order"] = range(len(meta))
    n_words = tokens[tokens["kind"] == "word"].groupby("doc_id").size()
    doc_ids = tokens["doc_id"].to_numpy(dtype=object)
    rows = []
    for label, members in groups.items():
        firsts = sorted({first for p in members for first, _ in match_pattern(tokens, p, on=on, case=case)})
        counts = pd.Series(doc_ids[firsts]).value_counts() if firsts else pd.Series(dtype=int)
        rows.append(meta.assign(pattern=label, count=meta["doc_id"].map(counts).fillna(0).astype(int)))
    frame = pd.concat(rows, ignore_index=True) if rows else meta.assign(pattern=None, count=0)
    frame["n_words"] = frame["doc_id"].map(n_words).fillna(0).astype(int)
    with np.errstate(divide="ignore", invalid="ignore"):
        frame["per_1000"] = np.where(frame["n_words"] > 0, frame["count"] / frame["n_words"] * 1000, 0.0)
    frame["pattern"] = pd.Categorical(frame["pattern"], categories=list(groups))
    frame = frame.sort_values(["order", "pattern"]).reset_index(drop=True)
    return frame[["order", "doc_id", "date", "pattern", "count", "n_words", "per_1000"]]


def part_starts(tokens: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The first token of each part of each document (parts begin at subheadings).

    Returns
    -------
    DataFrame
        ``doc_id``, ``part``, ``token_id``, ``label`` (the subheading's text; "" for part 0).
    """
    first_sent = sentences.groupby(["doc_id", "part"], sort=False)["sent_id"].min().reset_index()
    first_token = tokens.groupby(["doc_id", "sent_id"])["token_id"].min()
    heads = sentences[sentences["section"] == "subheading"].set_index(["doc_id", "part"])["text"]
    rows = []
    for doc_id, part, sent_id in first_sent.itertuples(index=False):
        label = heads.get((doc_id, part), "") if part else ""
        rows.append((doc_id, int(part), int(first_token[(doc_id, sent_id)]), label))
    return pd.DataFrame(rows, columns=["doc_id", "part", "token_id", "label"])
